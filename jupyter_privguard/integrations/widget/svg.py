"""The panel's bar charts: the re-identification report's SVG bars, or text bars when they cannot be drawn."""

from __future__ import annotations

from html import escape


def _svg(bars: list[tuple[str, float, bool]], title: str) -> str:
    try:
        from ...risk.reidentification import _svg_bars

        return str(_svg_bars(bars, title=title))
    except Exception:  # the chart is a nicety: fall back to text bars
        lines = "".join(
            f"<div>{escape(str(label), quote=True)}: {value:.1%}{' ⚠' if hot else ''}</div>"
            for label, value, hot in bars
        )
        return f"<div><b>{escape(str(title), quote=True)}</b>{lines}</div>"
