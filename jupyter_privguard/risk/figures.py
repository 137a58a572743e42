"""Pictures of the risk reports, drawn with matplotlib from numbers only.

:func:`leakage_figure` draws, per sensitive attribute, a bar plot of the mean |SHAP| per feature and a
beeswarm of the per-row SHAP values; :func:`classes_figure` draws the histogram of equivalence-class
sizes with the k line. :func:`png_base64` and :func:`svg_text` turn a figure into what a report embeds.

Why drawn here rather than with ``shap.plots``: those colour the dots by the feature *values* they are
given and print them in tick labels and colour bars, restyle the global pyplot state and need pyplot's
current figure. These figures are :class:`matplotlib.figure.Figure` objects with the Agg canvas (no GUI,
no pyplot, so an inline backend does not show them twice), and what they show is built from numbers:

- feature names are the column names (the display guard's plot hook redacts a name that is a known
  value, as for any text matplotlib draws);
- a beeswarm dot's colour is the *rank* of the row's feature value within the explained rows
  (0 lowest, 1 highest; categories are coded by frequency, so their rank is the frequency order);
  the colour bar reads "low" and "high", never a value;
- the class-size axis counts rows: its ticks are class sizes and counts, never a value.

matplotlib is imported at the first call; a missing one raises
:class:`~jupyter_privguard.errors.MissingDependencyError` with the install hint.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = [
    "DEFAULT_K",
    "class_size_bins",
    "classes_figure",
    "feature_order",
    "figure_html",
    "leakage_figure",
    "png_base64",
    "svg_text",
    "value_ranks",
]

#: The k line drawn when no target is given (the default of ``RiskReport.generalize``).
DEFAULT_K = 5
_HOT, _COLD = "#c0392b", "#7f8c8d"


def _figure(width: float, height: float) -> Any:
    try:
        import matplotlib  # noqa: F401  (first: its submodules may be cached while it is not usable)
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        from ..errors import MissingDependencyError

        raise MissingDependencyError(
            "the risk pictures need matplotlib, which is not installed; pip install matplotlib "
            "(or pip install 'jupyter-privguard[risk]'); the HTML report's bars need nothing"
        ) from None
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    return fig


def png_base64(fig: Any, *, dpi: int = 80) -> str:
    """The figure as a base64 PNG (for ``image/png`` and ``data:image/png;base64,...``)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def figure_html(fig: Any, caption: str, *, dpi: int = 80) -> str:
    """``<figure>`` with the figure as an embedded PNG and ``caption`` (escaped)."""
    import html

    esc = html.escape(caption)
    return (
        f'<figure class="jp-privguard-figure"><img alt="{esc}" src="data:image/png;base64,{png_base64(fig, dpi=dpi)}"/>'
        f"<figcaption>{esc}</figcaption></figure>"
    )


def svg_text(fig: Any) -> str:
    """The figure as SVG text, its strings kept as text (``svg.fonttype = "none"``) so they can be read."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "privguard"}):
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------------
# leakage: the bar plot and the beeswarm
# ---------------------------------------------------------------------------------------------------
def value_ranks(X: np.ndarray) -> np.ndarray:
    """Per column, each value's dense rank among the column's finite values, scaled to [0, 1]; NaN stays NaN."""
    out = np.full(X.shape, np.nan)
    for j in range(X.shape[1]):
        col = X[:, j]
        finite = np.isfinite(col)
        if finite.any():
            uniq, inverse = np.unique(col[finite], return_inverse=True)
            out[finite, j] = inverse / max(len(uniq) - 1, 1)
    return out


def feature_order(values: np.ndarray, max_features: int) -> list[int]:
    """Feature indices by mean |SHAP|, largest first (ties in column order), at most ``max_features``."""
    mean_abs = np.abs(values).mean(axis=0)
    return [int(i) for i in np.argsort(-mean_abs, kind="stable")[:max_features]]


def _swarm(x: np.ndarray, n_bins: int = 60, half: float = 0.4) -> np.ndarray:
    """Vertical offsets that pile dots of close x side by side (a beeswarm), within ``±half``."""
    offsets = np.zeros(len(x))
    if len(x) == 0:
        return offsets
    span = float(np.ptp(x)) or 1.0
    bins = np.round((x - x.min()) / span * n_bins).astype(np.int64)
    order = np.argsort(bins, kind="stable")  # rows in their own order within a bin: no chevrons
    counts = np.bincount(bins, minlength=n_bins + 1)
    start = np.concatenate(([0], np.cumsum(counts)[:-1]))
    position = np.arange(len(x)) - start[bins[order]]  # place within its bin
    layer = (position + 1) // 2 * np.where(position % 2 == 0, 1, -1)
    deepest = max(int(counts.max()) // 2, 1)
    offsets[order] = layer * min(half / deepest, 0.08)
    return offsets


def _leak_rows(report: Any, attribute: str | None) -> list[Any]:
    attrs = [a for a in report.attributes if attribute is None or a.sensitive == attribute]
    if attribute is not None and not attrs:
        raise ValueError(
            f"no analysed attribute called {attribute!r}; analysed: {[a.sensitive for a in report.attributes]}"
        )
    return attrs


def leakage_figure(report: Any, attribute: str | None = None, *, max_features: int = 10) -> Any:
    """Per analysed attribute: mean |SHAP| per feature (bars) and the SHAP value of each row (beeswarm).

    Parameters
    ----------
    report
        A :class:`~jupyter_privguard.risk.LeakageReport`.
    attribute
        One sensitive attribute; all analysed ones by default.
    max_features
        The features shown, by mean |SHAP|.

    Returns
    -------
    matplotlib.figure.Figure
        Features ordered by mean |SHAP| (largest at the top), proxies in red; the beeswarm's colour
        is the rank of each row's feature value in its column, never the value.
    """
    attrs = _leak_rows(report, attribute)
    shap_names = report.settings.get("shap_features", {})
    rows = []
    for a in attrs:
        values = getattr(a, "_shap", None)
        names = list(shap_names.get(a.sensitive, []))
        if values is None or values.ndim != 2 or len(values) == 0 or len(names) != values.shape[1]:
            continue
        rows.append((a, values, names, getattr(a, "_ranks", None)))
    n_feat = max([min(max_features, r[1].shape[1]) for r in rows] or [1])
    fig = _figure(10.0, 0.9 + (0.32 * n_feat + 0.9) * max(len(rows), 1))
    if not rows:
        fig.text(0.5, 0.5, "no attribute analysed: nothing to draw", ha="center", va="center")
        return fig
    from matplotlib import colormaps

    cmap = colormaps["coolwarm"]
    grid = fig.add_gridspec(len(rows), 3, width_ratios=(1.0, 1.35, 0.05), wspace=0.08)
    for r, (a, values, names, ranks) in enumerate(rows):
        order = feature_order(values, max_features)
        mean_abs = np.abs(values).mean(axis=0)
        proxies = set(a.proxies)
        y = np.arange(len(order))[::-1]  # the largest at the top
        labels = [_short(names[i]) for i in order]
        bar_ax = fig.add_subplot(grid[r, 0])
        bar_ax.barh(y, [mean_abs[i] for i in order], color=[_HOT if names[i] in proxies else _COLD for i in order])
        bar_ax.set_yticks(y, labels)
        bar_ax.set_xlabel("mean |SHAP| (red: proxy)")
        bar_ax.set_title(f"{_short(a.sensitive)}: AUC {a.auc:.2f}", loc="left", fontsize=10)
        swarm_ax = fig.add_subplot(grid[r, 1], sharey=bar_ax)
        for pos, i in zip(y, order):
            x = values[:, i]
            c = ranks[:, i] if ranks is not None and ranks.shape == values.shape else np.full(len(x), np.nan)
            colours = np.where(np.isfinite(c)[:, None], cmap(np.nan_to_num(c)), (0.6, 0.6, 0.6, 1.0))
            swarm_ax.scatter(x, pos + _swarm(x), s=7, c=colours, linewidths=0, rasterized=False)
        swarm_ax.axvline(0.0, color="#999999", linewidth=0.8)
        swarm_ax.tick_params(axis="y", labelleft=False)
        multi = a.target_kind == "multiclass"
        swarm_ax.set_xlabel("|SHAP| summed over groups, per row" if multi else "SHAP value per row (log-odds)")
        bar = fig.colorbar(_mappable(cmap), cax=fig.add_subplot(grid[r, 2]), ticks=[0, 1])
        bar.ax.set_yticklabels(["low", "high"])
        bar.set_label("feature value rank")
    return fig


def _mappable(cmap: Any) -> Any:
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize

    return ScalarMappable(norm=Normalize(0, 1), cmap=cmap)


def _short(name: str, width: int = 28) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


# ---------------------------------------------------------------------------------------------------
# re-identification: the class sizes and the k line
# ---------------------------------------------------------------------------------------------------
def class_size_bins(sizes: Sequence[int] | np.ndarray) -> list[tuple[int, int, int, int]]:
    """``(smallest, largest, classes, rows)`` per bin of class size: one bin per size from 1 to 10, then
    bins doubling in width (11-20, 21-40 ...) up to the largest class; empty bins in between are kept."""
    s = np.asarray(sizes, dtype=np.int64)
    s = s[s > 0]
    if not len(s):
        return []
    top = int(s.max())
    bounds = [(size, size) for size in range(1, min(top, 10) + 1)]
    hi = 10
    while hi < top:
        bounds.append((hi + 1, hi * 2))
        hi *= 2
    out = []
    for lo, up in bounds:
        inside = (s >= lo) & (s <= up)
        out.append((lo, up, int(inside.sum()), int(s[inside].sum())))
    return out


def classes_figure(report: Any, k: int = DEFAULT_K) -> Any:
    """The histogram of equivalence-class sizes of a :class:`~jupyter_privguard.risk.RiskReport`, with the k line.

    Bars count the classes of each size (one bar per size up to 10, then widening bins); classes smaller
    than ``k`` are red, and the share of rows in them is written beside the dashed line at ``k``. A
    report without its class sizes (a Spark one) draws rows per size band instead.
    """
    if not isinstance(k, (int, np.integer)) or isinstance(k, bool) or k < 1:
        raise ValueError(f"k must be an integer >= 1, got {k!r}")
    fig = _figure(7.0, 3.4)
    ax = fig.add_subplot()
    sizes = getattr(report, "_class_sizes", None)
    n_rows = max(int(report.n_rows), 0)
    if sizes is not None:
        bins = class_size_bins(sizes)
        labels = [str(lo) if lo == hi else f"{lo}-{hi}" for lo, hi, _, _ in bins]
        heights = [n for _, _, n, _ in bins]
        below_rows = sum(rows for lo, hi, _, rows in bins if hi < k)
        small = [hi < k for _, hi, _, _ in bins]
        # the line sits between the last bin below k and the first at or above it
        line = next((i - 0.5 for i, (lo, hi, _, _) in enumerate(bins) if hi >= k), len(bins) - 0.5)
        ax.set_ylabel("equivalence classes")
    else:
        bands = list(report.class_size_histogram.items())
        labels = [label.split(" ")[0] for label, _ in bands]
        heights = [int(v) for _, v in bands]
        lows = [int(label.split("-")[0].rstrip("+").split(" ")[0]) for label in labels]
        small = [lo < k for lo in lows]
        below_rows = sum(h for h, s_ in zip(heights, small) if s_)
        line = next((i - 0.5 for i, lo in enumerate(lows) if lo >= k), len(lows) - 0.5)
        ax.set_ylabel("rows")
    x = np.arange(len(labels))
    ax.bar(x, heights, color=[_HOT if s_ else _COLD for s_ in small])
    ax.set_xticks(x, labels, rotation=45 if len(labels) > 12 else 0)
    ax.set_xlabel("class size (rows sharing the same quasi-identifiers)")
    ax.axvline(line, color="#222222", linestyle="--", linewidth=1.2)
    share = below_rows / n_rows if n_rows else 0.0
    ax.annotate(
        f"k = {k}",
        xy=(line, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(4, -12),
        textcoords="offset points",
        fontsize=9,
    )
    ax.set_title(
        f"{share:.1%} of rows ({below_rows:,} of {n_rows:,}) are in classes smaller than k = {k}\n"
        f"smallest class {report.k}; {report.n_classes:,} classes",
        loc="left",
        fontsize=10,
    )
    return fig
