"""Charts of the risk reports: inline SVG bars for the HTML views.

Both reports draw their HTML with :func:`_svg_bars`, and so does the panel's widget; the SVG needs
nothing installed. The matplotlib pictures (``plot()``, the PNG in the HTML) are in
:mod:`~jupyter_privguard.risk.figures`.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence


def _svg_bars(bars: Sequence[tuple[str, float, bool]], *, title: str, width: int = 420) -> str:
    """A horizontal bar chart as inline SVG: (label, value in [0, 1], highlighted)."""
    esc = html.escape
    row_h, label_w, pad = 18, 160, 4
    bar_w = width - label_w - 60
    height = row_h * len(bars) + 22
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' role='img' "
        f"aria-label='{esc(title)}' style='font:11px sans-serif'>",
        f"<text x='0' y='12' font-weight='bold'>{esc(title)}</text>",
    ]
    for i, (label, value, hot) in enumerate(bars):
        y = 20 + i * row_h
        v = min(max(float(value), 0.0), 1.0) if math.isfinite(value) else 0.0
        color = "#c0392b" if hot else "#7f8c8d"
        short = label if len(label) <= 26 else label[:25] + "…"
        parts.append(f"<text x='0' y='{y + 12}'>{esc(short)}</text>")
        parts.append(
            f"<rect x='{label_w}' y='{y + pad // 2}' width='{max(v * bar_w, 1):.1f}' "
            f"height='{row_h - pad}' fill='{color}'/>"
        )
        parts.append(f"<text x='{label_w + v * bar_w + 4:.1f}' y='{y + 12}'>{v:.1%}</text>")
    parts.append("</svg>")
    return "".join(parts)
