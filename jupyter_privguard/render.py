"""render: a redacted object plus what was done to it -> a MIME bundle for a notebook.

The last stage of the pipeline (adapters -> detect -> policy -> redact -> render). It imports no
IPython: the display guard in :mod:`jupyter_privguard.integrations.ipython.display` publishes what these
functions return, and a batch job or another front end can use them too.

The display path never redacts a whole frame. It asks :func:`pandas_row_plan` which rows pandas
would render (head and tail per ``display.max_rows`` / ``display.min_rows``), redacts only those,
plus one hidden filler row in the middle, and renders that small view with pandas' own
formatter told to truncate it at the same place. The output therefore looks like pandas' own,
"..." row included, and the footer (``100 rows × 5 columns``, ``Length: 100``,
``length=300``, polars' ``shape: (100, 5)``) is rewritten to the real size.

Every bundle carries, beside the usual MIME types, ``application/vnd.jupyter-privguard.report+json``
with the findings (names, entities, scores, counts; never a value), and a one-line banner saying
what was redacted and how to reveal or allow it.
"""

from __future__ import annotations

import html
import os
import re
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from .bannerwrap import BANNER_STYLE as _BANNER_STYLE
from .bannerwrap import banner_html, banner_text, command_html, wrap_plain
from .wording import class_label, coverage_text, entity_label, plural

if TYPE_CHECKING:
    from .report import ScanReport

__all__ = [
    "LEAKAGE_MIME",
    "REPORT_MIME",
    "RISK_MIME",
    "DisplayInfo",
    "Redaction",
    "RowPlan",
    "add_banner_line",
    "arrow_row_plan",
    "banner_html",
    "banner_text",
    "index_row_plan",
    "json_safe",
    "leakage_bundle",
    "pandas_row_plan",
    "placeholder_bundle",
    "policy_table",
    "plan_rows",
    "polars_row_plan",
    "render_arrow",
    "render_pandas_frame",
    "render_pandas_index",
    "render_pandas_series",
    "render_polars",
    "render_styler",
    "report_payload",
    "report_table_html",
    "risk_bundle",
    "risk_images",
    "shap_images",
    "unique_rows_line",
]

REPORT_MIME = "application/vnd.jupyter-privguard.report+json"
LEAKAGE_MIME = "application/vnd.jupyter-privguard.leakage+json"
RISK_MIME = "application/vnd.jupyter-privguard.risk+json"
TABLE_SCHEMA_MIME = "application/vnd.dataresource+json"
METADATA_KEY = "jupyter_privguard"
BUNDLE_VERSION = 1

Bundle = tuple[dict[str, Any], dict[str, Any]]


# ---------------------------------------------------------------------------------------------
# what was done (names and counts only)
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Redaction:
    """One redacted column (or the index / the column labels) of a displayed object.

    ``count`` is the number of non-missing cells of the whole column, not only of the shown rows.
    """

    column: str
    entity: str
    action: str
    count: int


@dataclass
class DisplayInfo:
    """What the banner and the report MIME type say about one display (never a value).

    Parameters
    ----------
    kind
        ``"pandas.DataFrame"``, ``"pandas.Series"``, ``"pandas.Index"``, ``"pandas.Styler"``,
        ``"polars.DataFrame"``, ``"polars.Series"``, ``"pyarrow.Table"``: the adapter's label.
    label
        The variable name the object is bound to, when the guard found one.
    n_rows, n_columns
        The size of the whole object.
    redactions
        What was redacted.
    notes
        Short remarks (``"styling of redacted cells reset"``).
    """

    kind: str
    label: str | None
    n_rows: int
    n_columns: int
    redactions: list[Redaction] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def redacted(self) -> bool:
        return bool(self.redactions)


@dataclass(frozen=True)
class RowPlan:
    """Which rows of an object a renderer shows.

    ``positions`` is ``None`` when every row is shown. Otherwise it holds the ``head`` first
    rows, one filler row (never shown: the renderer truncates it away), and the ``head`` last
    rows; ``limit`` is the option value (``max_rows`` / ``max_seq_items``) that makes the
    renderer truncate the small view exactly where it would truncate the whole object.
    """

    n_rows: int
    positions: list[int] | None
    head: int
    limit: int | None

    @property
    def truncated(self) -> bool:
        return self.positions is not None

    @property
    def view_rows(self) -> int:
        return self.n_rows if self.positions is None else len(self.positions)


def plan_rows(n_rows: int, *, max_rows: int | None, min_rows: int | None = None) -> RowPlan:
    """The rows pandas' table formatter renders for a frame of ``n_rows`` rows.

    Mirrors pandas: with ``n_rows > max_rows`` it shows ``min(min_rows, max_rows)`` rows (or
    ``max_rows`` when ``min_rows`` is unset), half from the top and half from the bottom.
    ``max_rows`` of ``None`` or ``0`` shows everything.
    """
    if not max_rows or n_rows <= max_rows:
        return RowPlan(n_rows, None, n_rows, None)
    fitted = min(min_rows, max_rows) if min_rows else max_rows
    half = fitted // 2
    if half < 1:
        # pandas shows the first ``max_rows`` rows only; a filler row makes the view truncate too
        shown = max(1, fitted)
        return RowPlan(n_rows, list(range(min(n_rows, shown + 1))), shown, shown)
    head = list(range(half))
    tail = list(range(n_rows - half, n_rows))
    return RowPlan(n_rows, head + [half] + tail, half, 2 * half)


def pandas_row_plan(n_rows: int) -> RowPlan:
    """:func:`plan_rows` with pandas' current ``display.max_rows`` and ``display.min_rows``."""
    import pandas as pd

    return plan_rows(n_rows, max_rows=pd.get_option("display.max_rows"), min_rows=pd.get_option("display.min_rows"))


def index_row_plan(n_items: int) -> RowPlan:
    """The items an Index repr shows: all up to ``display.max_seq_items``, else up to 10 each end."""
    import pandas as pd

    limit = pd.get_option("display.max_seq_items")
    if not limit or n_items <= limit:
        return RowPlan(n_items, None, n_items, None)
    half = max(1, min(limit // 2, 10))
    return RowPlan(n_items, list(range(half)) + [half] + list(range(n_items - half, n_items)), half, 2 * half)


def polars_row_plan(n_rows: int) -> RowPlan:
    """The rows polars renders (``POLARS_FMT_MAX_ROWS``, 10 by default, both text and HTML)."""
    try:
        limit = int(os.environ.get("POLARS_FMT_MAX_ROWS", "10"))
    except ValueError:
        limit = 10
    if limit < 0 or n_rows <= limit:
        return RowPlan(n_rows, None, n_rows, None)
    # polars shows at most ceil(limit / 2) rows at each end: keep that many, plus a filler row
    half = max(1, (limit + 1) // 2)
    if 2 * half + 1 >= n_rows:
        return RowPlan(n_rows, None, n_rows, None)
    return RowPlan(n_rows, list(range(half)) + [half] + list(range(n_rows - half, n_rows)), half, limit)


# pyarrow's repr shows a column whole up to this many values, else this many at each end and "..."
_ARROW_FULL = 11
_ARROW_WINDOW = 5


def arrow_row_plan(n_rows: int) -> RowPlan:
    """The rows pyarrow's ``Table`` repr shows: all up to 11 (12 with the fillers), else 5 at each end.

    The view keeps two filler rows in the middle (never shown) so that pyarrow itself puts its
    "..." where it would for the whole table.
    """
    head = _ARROW_WINDOW
    if n_rows <= _ARROW_FULL + 1:
        return RowPlan(n_rows, None, n_rows, None)
    return RowPlan(n_rows, list(range(head + 2)) + list(range(n_rows - head, n_rows)), head, None)


# ---------------------------------------------------------------------------------------------
# banner and report
# ---------------------------------------------------------------------------------------------
def report_payload(info: DisplayInfo, report: ScanReport | None) -> dict[str, Any]:
    """The ``application/vnd.jupyter-privguard.report+json`` payload (findings, no values)."""
    return {
        "version": BUNDLE_VERSION,
        "kind": info.kind,
        "label": info.label,
        "n_rows": info.n_rows,
        "n_columns": info.n_columns,
        "redacted": [asdict(r) for r in info.redactions],
        "notes": list(info.notes),
        "report": report.to_dict() if report is not None else None,
    }


def _metadata(info: DisplayInfo) -> dict[str, Any]:
    return {
        METADATA_KEY: {
            "version": BUNDLE_VERSION,
            "redacted": info.redacted,
            "columns": [r.column for r in info.redactions],
        }
    }


def _finish(data: dict[str, Any], info: DisplayInfo, report: ScanReport | None) -> Bundle:
    text = banner_text(info)
    if text and "text/plain" in data:
        data["text/plain"] = f"{text}\n{data['text/plain']}"
    banner = banner_html(info)
    if banner and "text/html" in data:
        data["text/html"] = banner + data["text/html"]
    data[REPORT_MIME] = report_payload(info, report)
    return data, _metadata(info)


def _replace_last(text: str, old: str, new: str) -> str:
    at = text.rfind(old)
    return text if at < 0 else text[:at] + new + text[at + len(old) :]


# ---------------------------------------------------------------------------------------------
# pandas
# ---------------------------------------------------------------------------------------------
def render_pandas_frame(
    view: Any,
    plan: RowPlan,
    info: DisplayInfo,
    report: ScanReport | None = None,
    *,
    schema_view: Any = None,
    n_columns: int | None = None,
) -> Bundle:
    """A bundle for a redacted pandas DataFrame view that looks like pandas' own output.

    Parameters
    ----------
    view
        The redacted rows of ``plan`` (``redact(df, rows=plan.positions)``), original index kept.
    plan
        From :func:`pandas_row_plan` on the whole frame.
    info
        What was redacted; ``info.n_rows`` is the whole frame's length.
    report
        The scan report, for the report MIME type.
    schema_view
        The redacted first ``display.max_rows`` rows, when pandas' ``display.html.table_schema``
        is on (that output shows the head, not head and tail).
    n_columns
        The whole frame's width when ``view`` holds only the columns pandas shows of a wide
        frame (:func:`jupyter_privguard.integrations.ipython.wide.scan_shown`): the dimensions
        line says it.
    """
    import pandas as pd

    options: list[Any] = []
    if plan.truncated:
        options = ["display.max_rows", plan.limit, "display.min_rows", plan.limit]
    data: dict[str, Any] = {}
    with pd.option_context(*options) if options else nullcontext():
        text = repr(view)
        markup = view._repr_html_()
        latex = view._repr_latex_() if not plan.truncated else None
    n_cols = view.shape[1]
    if plan.truncated:
        v = plan.view_rows
        text = _replace_last(text, f"[{v} rows x {n_cols} columns]", f"[{info.n_rows} rows x {n_cols} columns]")
        if markup is not None:
            markup = _replace_last(
                markup, f"{v} rows × {n_cols} columns</p>", f"{info.n_rows} rows × {n_cols} columns</p>"
            )
        if pd.get_option("styler.render.repr") == "latex":
            # pandas' LaTeX output has no truncation: the shown rows only, said in a comment
            shown = view.iloc[[i for i in range(v) if i != plan.head]]
            latex = f"% privguard: {len(shown)} of {info.n_rows} rows shown\n" + shown.to_latex()
    if n_columns is not None and n_columns != n_cols:
        text = _replace_last(
            text, f"[{info.n_rows} rows x {n_cols} columns]", f"[{info.n_rows} rows x {n_columns} columns]"
        )
        if markup is not None:
            markup = _replace_last(
                markup, f"{info.n_rows} rows × {n_cols} columns</p>", f"{info.n_rows} rows × {n_columns} columns</p>"
            )
    data["text/plain"] = text
    if markup is not None:
        data["text/html"] = markup
    if latex is not None:
        data["text/latex"] = latex
    _add_table_schema(data, schema_view)
    return _finish(data, info, report)


def _add_table_schema(data: dict[str, Any], schema_view: Any) -> None:
    """pandas' table-schema JSON of the redacted rows, when that option is on."""
    import pandas as pd

    if schema_view is not None and pd.get_option("display.html.table_schema"):
        schema = schema_view._repr_data_resource_()
        if schema is not None:
            data[TABLE_SCHEMA_MIME] = schema


def render_pandas_series(
    view: Any, plan: RowPlan, info: DisplayInfo, report: ScanReport | None = None, *, schema_view: Any = None
) -> Bundle:
    """A bundle for a redacted pandas Series view (see :func:`render_pandas_frame`).

    pandas gives a Series no HTML; the bundle adds one (the banner over the text in a ``pre``)
    so the banner shows in the notebook.
    """
    import pandas as pd

    options: list[Any] = []
    if plan.truncated:
        options = ["display.max_rows", plan.limit, "display.min_rows", plan.limit]
    with pd.option_context(*options) if options else nullcontext():
        text = repr(view)
        latex = view._repr_latex_() if not plan.truncated else None
    if plan.truncated:
        text = _replace_last(text, f"Length: {plan.view_rows}", f"Length: {info.n_rows}")
    data: dict[str, Any] = {"text/plain": text}
    if info.redacted:
        data["text/html"] = f"<pre>{html.escape(text)}</pre>"
    if latex is not None:
        data["text/latex"] = latex
    _add_table_schema(data, schema_view)
    return _finish(data, info, report)


def render_pandas_index(view: Any, plan: RowPlan, info: DisplayInfo, report: ScanReport | None = None) -> Bundle:
    """A bundle for a redacted pandas Index or MultiIndex view (``plan`` from :func:`index_row_plan`)."""
    import pandas as pd

    options: list[Any] = []
    if plan.truncated:
        options = ["display.max_seq_items", plan.limit]
    with pd.option_context(*options) if options else nullcontext():
        text = repr(view)
    if plan.truncated:
        text = _replace_last(text, f"length={plan.view_rows})", f"length={info.n_rows})")
    data: dict[str, Any] = {"text/plain": text}
    if info.redacted:
        data["text/html"] = f"<pre>{html.escape(text)}</pre>"
    return _finish(data, info, report)


def render_styler(styler: Any, info: DisplayInfo, report: ScanReport | None = None) -> Bundle:
    """A bundle for a Styler built over redacted data (see the display guard for how styles are kept).

    The output follows ``styler.render.repr`` (HTML or LaTeX); ``text/plain`` shows the redacted
    frame, since a Styler's own plain repr says nothing useful.
    """
    import pandas as pd

    data: dict[str, Any] = {}
    if pd.get_option("styler.render.repr") == "latex":
        data["text/latex"] = styler.to_latex()
    else:
        data["text/html"] = styler.to_html()
    data["text/plain"] = repr(styler.data)
    return _finish(data, info, report)


# ---------------------------------------------------------------------------------------------
# polars
# ---------------------------------------------------------------------------------------------
def render_polars(view: Any, plan: RowPlan, info: DisplayInfo, report: ScanReport | None = None) -> Bundle:
    """A bundle for a redacted polars DataFrame or Series view (``plan`` from :func:`polars_row_plan`)."""
    text = repr(view)
    markup = view._repr_html_()
    if plan.truncated:
        v = plan.view_rows
        width = getattr(view, "width", None)
        old, new = (
            (f"shape: ({v}, {width})", f"shape: ({info.n_rows}, {width})")
            if width is not None
            else (f"shape: ({v},)", f"shape: ({info.n_rows},)")
        )
        text = _replace_last(text, old, new)
        markup = _replace_last(markup, old, new)
    return _finish({"text/plain": text, "text/html": markup}, info, report)


def render_arrow(view: Any, plan: RowPlan, info: DisplayInfo, report: ScanReport | None = None) -> Bundle:
    """A bundle for a redacted ``pyarrow.Table`` view (``plan`` from :func:`arrow_row_plan`).

    pyarrow gives a table no HTML and no row count: the text is its own repr of the view (its
    "..." hides the filler rows), and the HTML that text in a ``pre`` under the banner, with the
    real size in a footer.
    """
    text = repr(view)
    footer = f"{info.n_rows} rows × {info.n_columns} columns"
    if plan.truncated:
        text = f"{text}\n[{footer}]"
    markup = f"<pre>{html.escape(text)}</pre>"
    return _finish({"text/plain": text, "text/html": markup}, info, report)


def render_head(view: Any, info: DisplayInfo, report: ScanReport | None = None) -> Bundle:
    """A bundle for the redacted first rows of a frame too large to bring whole (a Spark DataFrame).

    ``view`` is those rows as a pandas DataFrame; the text and HTML are pandas' own for it, with
    a footer saying how many of ``info.n_rows`` rows are shown (as Spark's ``show()`` does).
    """
    import pandas as pd

    shown = len(view)
    with pd.option_context("display.max_rows", max(shown, 1), "display.min_rows", max(shown, 1)):
        text = repr(view)
        markup = view._repr_html_()
    if shown < info.n_rows:
        footer = f"only showing top {shown} of {info.n_rows} rows"
        text = f"{text}\n[{footer}]"
        markup = f"{markup or ''}<p>{html.escape(footer)}</p>"
    data: dict[str, Any] = {"text/plain": text}
    if markup is not None:
        data["text/html"] = markup
    return _finish(data, info, report)


# ---------------------------------------------------------------------------------------------
# tables for the magics (names, scores and counts only)
# ---------------------------------------------------------------------------------------------
def _html_table(header: list[str], rows: list[list[str]]) -> str:
    esc = html.escape
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="jp-privguard-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def report_table_html(report: ScanReport) -> str:
    """A scan report as an HTML table: column, entity, class, score, coverage, evidence."""
    rows = []
    for name, f in report.columns.items():
        entity = entity_label(f.entity, f.span_entities if f.kind == "free_text" else ())
        if f.allowed:
            entity += " (allowed)"
        evidence = "; ".join(f"{e.detector}: {e.detail}" if e.detail else e.detector for e in f.evidence) or "-"
        klass = class_label(f.category, f.span_entities)
        rows.append([name, entity, klass, f"{f.score:.2f}", coverage_text(f.coverage), evidence])
    return _html_table(["column", "entity", "class", "score", "coverage", "evidence"], rows)


def policy_table(policy: Any) -> tuple[str, str]:
    """The action and threshold per entity, as ``(text, html)``; changed entries are starred."""
    from .entities import ENTITIES

    rows = []
    for name, entity in ENTITIES.items():
        action = policy.action_for(name)
        changed = "*" if name in policy.actions or name in policy.thresholds else ""
        rows.append([f"{name}{changed}", entity.category, action, f"{policy.threshold_for(name):.2f}"])
    header = ["entity", "class", "action", "threshold"]
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(4)]
    lines = [
        f"privguard policy (source: {policy.source}; * = changed from the default)",
        "  ".join(h.ljust(w) for h, w in zip(header, widths)),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    allow = (
        f"allowed: {plural(len(policy.allow_columns), 'column pattern')} {list(policy.allow_columns)}, "
        f"{plural(len(policy.allow_values), 'value')}, {plural(len(policy.allow_patterns), 'pattern')}"
    )
    lines.append(allow)
    markup = (
        f"<p>privguard policy (source: {html.escape(str(policy.source))}; * = changed)</p>"
        + _html_table(header, rows)
        + f"<p>{html.escape(allow)}</p>"
    )
    return "\n".join(lines), markup


# ---------------------------------------------------------------------------------------------
# risk analysis: the re-identification line of the banner, and the reports of the risk magics
# ---------------------------------------------------------------------------------------------
def unique_rows_line(n_unique: int, n_rows: int, quasi_identifiers: list[str], label: str | None) -> tuple[str, str]:
    """The banner line for rows unique on their quasi-identifiers, as ``(text, html)`` (names and counts only)."""
    share = n_unique / n_rows if n_rows else 0.0
    what = (
        f"{n_unique:,} {'row' if n_unique == 1 else 'rows'} ({share:.1%}) {'is' if n_unique == 1 else 'are'} unique on "
    )
    qis = ", ".join(quasi_identifiers)
    command = f"%privguard risk {label or '<variable>'}"
    words = [("", f"privguard: {what.rstrip()}")]
    words += [(" " if i == 0 else ", ", q) for i, q in enumerate(quasi_identifiers)]
    text = wrap_plain([*words, (" — ", command)])
    esc = html.escape
    markup = (
        f'<div class="jp-privguard-banner jp-privguard-risk-line" style="{_BANNER_STYLE}" '
        f'title="jupyter-privguard: re-identification risk">privguard: {esc(what)}<b>{esc(qis)}</b> — '
        f"{command_html('', command)}</div>"
    )
    return text, markup


def add_banner_line(
    bundle: Bundle, info: DisplayInfo, text: str, markup: str, *, payload: dict[str, Any] | None = None
) -> Bundle:
    """Add one line under the banner of a display bundle (or on top when there is no banner).

    ``payload`` goes into the report MIME type under ``"risk"``; the bundle is changed in place and
    returned.
    """
    data, metadata = bundle
    if "text/plain" in data:
        plain = str(data["text/plain"])
        head = banner_text(info)
        if head and plain.startswith(head + "\n"):
            data["text/plain"] = f"{head}\n{text}\n{plain[len(head) + 1 :]}"
        else:
            data["text/plain"] = f"{text}\n{plain}"
    if "text/html" in data:
        page = str(data["text/html"])
        head = banner_html(info)
        if head and page.startswith(head):
            data["text/html"] = head + markup + page[len(head) :]
        else:
            data["text/html"] = markup + page
    if payload is not None and isinstance(data.get(REPORT_MIME), dict):
        data[REPORT_MIME]["risk"] = payload
    return data, metadata


def json_safe(value: Any) -> Any:
    """``value`` with NaN and infinities as ``None`` and tuples as lists: strict JSON for a MIME bundle."""
    import math

    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        try:
            return json_safe(value.item())
        except (TypeError, ValueError):
            return str(value)
    return value


def shap_images(report: Any, *, max_features: int = 10, dpi: int = 80) -> list[tuple[str, str]]:
    """The picture of a :class:`~jupyter_privguard.risk.LeakageReport`, as ``[(caption, base64 PNG)]``.

    Per analysed attribute, mean |SHAP| per feature (bars) and each row's SHAP value (a beeswarm whose
    colour is the rank of the feature value, never the value), drawn by
    :func:`jupyter_privguard.risk.figures.leakage_figure` from numbers only. ``[]`` without
    matplotlib or when no attribute was analysed.
    """
    try:
        from .risk.figures import leakage_figure, png_base64

        fig = leakage_figure(report, max_features=max_features)
    except ImportError:
        return []
    if not getattr(report, "attributes", None):
        return []
    return [(report._picture_caption(), png_base64(fig, dpi=dpi))]


def risk_images(report: Any, *, k: int = 5, dpi: int = 80) -> list[tuple[str, str]]:
    """The histogram of equivalence-class sizes of a :class:`~jupyter_privguard.risk.RiskReport` with the
    line at ``k``, as ``[(caption, base64 PNG)]``; ``[]`` without matplotlib or quasi-identifiers."""
    if not report.quasi_identifiers or not report.n_rows:
        return []
    try:
        from .risk.figures import classes_figure, png_base64

        fig = classes_figure(report, k)
    except ImportError:
        return []
    caption = f"equivalence classes by size; the dashed line is k = {k}"
    return [(caption, png_base64(fig, dpi=dpi))]


def _figures_html(images: list[tuple[str, str]]) -> str:
    esc = html.escape
    return "".join(
        f'<figure class="jp-privguard-figure"><img alt="{esc(caption)}" src="data:image/png;base64,{png}"/>'
        f"<figcaption>{esc(caption)}</figcaption></figure>"
        for caption, png in images
    )


def _table_text(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in [header] + rows]


def leakage_bundle(report: Any, *, label: str | None = None, images: list[tuple[str, str]] | None = None) -> Bundle:
    """A MIME bundle for a :class:`~jupyter_privguard.risk.LeakageReport` (names, scores and shares only).

    ``text/html`` is the report's own HTML (verdict, bar charts of the SHAP shares) followed by the
    ``images`` from :func:`shap_images` (embedded PNGs; the first is also the bundle's ``image/png``);
    ``text/plain`` its summary; :data:`LEAKAGE_MIME` its ``to_dict()`` with ``version`` and ``label``.
    """
    esc = html.escape
    title = f"privguard leakage of {label}" if label else "privguard leakage"
    markup = f"<p>{esc(title)} ({report.n_used:,} of {report.n_rows:,} rows used, {report.elapsed_s:.1f} s)</p>"
    markup += report._html(picture=False) + _figures_html(images or [])
    payload = json_safe(report.to_dict())
    payload.update({"version": BUNDLE_VERSION, "label": label})
    data = {"text/plain": f"{title}\n{report.summary()}", "text/html": markup, LEAKAGE_MIME: payload}
    if images:  # for the front ends and exports that show no HTML (nbconvert's PDF and LaTeX)
        data["image/png"] = images[0][1]
    return data, {METADATA_KEY: {"version": BUNDLE_VERSION, "kind": "leakage"}}


def risk_bundle(
    report: Any,
    *,
    label: str | None = None,
    generalization: Any = None,
    hint: str | None = None,
    images: list[tuple[str, str]] | None = None,
) -> Bundle:
    """A MIME bundle for a :class:`~jupyter_privguard.risk.RiskReport` and, optionally, a generalisation.

    The generalisation is described by what changed per column (never by its new values); ``hint``
    is a line of code that builds the generalised frame; ``images`` from :func:`risk_images`
    (embedded PNGs; the first is also the bundle's ``image/png``).
    """
    esc = html.escape
    title = f"privguard re-identification risk of {label}" if label else "privguard re-identification risk"
    text = [title, report.summary()]
    markup = f"<p>{esc(title)}</p>" + report._html(picture=False) + _figures_html(images or [])
    payload = json_safe(report.to_dict())
    payload.update({"version": BUNDLE_VERSION, "label": label})
    if generalization is not None:
        g = generalization
        head = (
            f"generalised to k = {g.k} (target {g.k_target}): "
            f"{plural(len([c for c in g.changes if c.get('column')]), 'column')} changed, "
            f"{plural(g.suppressed, 'row')} suppressed, unique share now {g.unique_share:.1%}"
        )
        rows = [
            [
                str(c.get("column") or "(rows)"),
                str(c.get("action", "")),
                f"{c['level']}/{c['levels']}" if "level" in c else "-",
                str(c.get("detail", "")),
            ]
            for c in g.changes
        ]
        header = ["column", "action", "level", "what changed"]
        text += ["", head] + ["  " + line for line in _table_text(header, rows)]
        markup += f"<p><b>{esc(head)}</b></p>" + _html_table(header, rows)
        if hint:
            text.append(f"  the generalised frame: {hint}")
            markup += f"<p>The generalised frame: <code>{esc(hint)}</code></p>"
        payload["generalization"] = json_safe(g.to_dict())
    data = {"text/plain": "\n".join(text), "text/html": markup, RISK_MIME: payload}
    if images:
        data["image/png"] = images[0][1]
    return data, {METADATA_KEY: {"version": BUNDLE_VERSION, "kind": "risk"}}


# ---------------------------------------------------------------------------------------------
# failure
# ---------------------------------------------------------------------------------------------
def placeholder_bundle(kind: str, error_type: str) -> Bundle:
    """What is shown when the guard could not render an object: the error type, never a value."""
    kind = re.sub(r"[^\w.]", "", kind)[:80] or "object"
    error_type = re.sub(r"[^\w.]", "", error_type)[:80] or "Exception"
    text = wrap_plain(
        [
            ("", f"privguard: this {kind} was not displayed because the privacy guard failed ({error_type})."),
            (" ", "Nothing of its data was shown."),
            (" ", "Run %privguard status,"),
            (" ", "or %privguard off to display it unguarded."),
        ]
    )
    markup = (
        f'<div class="jp-privguard-banner jp-privguard-error" style="{_BANNER_STYLE}">'
        f"privguard: this {html.escape(kind)} was not displayed because the privacy guard failed "
        f"({html.escape(error_type)}). Nothing of its data was shown. Run {command_html('', '%privguard status')}, "
        f"or {command_html('', '%privguard off')} to display it unguarded.</div>"
    )
    payload = {"version": BUNDLE_VERSION, "kind": kind, "error": error_type, "redacted": [], "report": None}
    return (
        {"text/plain": text, "text/html": markup, REPORT_MIME: payload},
        {METADATA_KEY: {"version": BUNDLE_VERSION, "redacted": True, "error": error_type}},
    )
