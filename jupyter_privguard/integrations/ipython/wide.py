"""Wide pandas frames on the display path: classify what pandas shows, render only that.

pandas renders at most ``display.max_columns`` columns (half from each end, ``...`` between). For a
frame wider than that the display guard classifies those columns first and the others within
:data:`BUDGET_S` (:func:`jupyter_privguard.scanner.scan` with ``columns=`` and ``budget_s=``; later
displays of the same frame take up where this one stopped, every export completes the report
first). The view it redacts and renders is made of the shown columns only, with one placeholder
column between the halves, so pandas truncates it exactly as it would the whole frame, the
``[R rows x C columns]`` line is the whole frame's (:func:`jupyter_privguard.render.render_pandas_frame`
reads ``DisplayInfo.n_columns``), and a column not classified yet is never in what is rendered.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from ...policy import Policy
    from ...render import Bundle
    from ...report import ScanReport

__all__ = [
    "BUDGET_S",
    "GAP_LABEL",
    "hold_pending",
    "is_wide",
    "learning_scan",
    "max_columns",
    "scan_shown",
    "wide_bundle",
]

#: Seconds a display of a wide frame spends classifying columns it does not show.
BUDGET_S = 0.4
#: The label and the values of the column between the two halves of a wide frame's view.
GAP_LABEL = "..."


def scan_shown(df: pd.DataFrame, policy: Policy) -> tuple[ScanReport, pd.DataFrame, ScanReport]:
    """The whole frame's report, and the frame and report the display renders from.

    Returns
    -------
    tuple
        ``(report, view_frame, view_report)``: for a frame pandas shows whole, the complete report
        and ``df`` itself (twice the same report); for a wider one, a report whose ``pending`` may
        name columns not classified yet, the shown columns with a placeholder column between the
        halves, and that view's report (every column of it classified, positions its own).
    """
    import pandas as pd

    from ...redaction import PENDING
    from ...report import ScanReport
    from ...scan_budget import shown_positions
    from ...scanner import scan

    shown = shown_positions(df.shape[1], max_columns())
    if shown is None:
        report = scan(df, policy=policy)
        return report, df, report
    report = scan(df, policy=policy, columns=shown, budget_s=BUDGET_S)
    _SPENT.spent(df)
    side = len(shown) // 2
    # the gap's label may repeat a column's: allowed on the view whatever the frame's flags say
    view = df.iloc[:, shown].set_flags(allows_duplicate_labels=True)
    gap: Any = GAP_LABEL
    if isinstance(df.columns, pd.MultiIndex):
        gap = tuple(GAP_LABEL for _ in range(df.columns.nlevels))
    view.insert(side, gap, pd.Series([PENDING] * len(df), index=df.index, dtype=object), allow_duplicates=True)
    moved = {position: i + (i >= side) for i, position in enumerate(shown)}
    columns = {
        name: replace(finding, position=moved[finding.position])
        for name, finding in report.columns.items()
        if finding.position in moved
    }
    view_report = ScanReport(
        columns=columns,
        n_rows=report.n_rows,
        kind=report.kind,
        ner_model=report.ner_model,
        elapsed_s=report.elapsed_s,
        cached=report.cached,
        notes=list(report.notes),
    )
    return report, view, view_report


def learning_scan(frame: Any, policy: Policy) -> ScanReport:
    """The report the tripwire's learning walk makes of ``frame``: within :data:`BUDGET_S` when it is wide.

    A pandas frame wider than pandas shows is classified as a display classifies it (its shown
    columns, then others within the budget, taken up again by the next call on the same object);
    its ``pending`` columns are held by :func:`hold_pending` until a later walk completes it. Any
    other object is classified whole.
    """
    import pandas as pd

    from ...scan_budget import shown_positions
    from ...scanner import scan

    if isinstance(frame, pd.DataFrame):
        shown = shown_positions(frame.shape[1], max_columns())
        if shown is not None:
            return scan(frame, policy=policy, columns=shown, budget_s=_SPENT.budget(frame))
    return scan(frame, policy=policy)


class _Spent:
    """When a display last spent its budget on a frame: the walk before that display's output shares it.

    The display classifies a wide frame's shown columns and others for :data:`BUDGET_S`; the
    tripwire's walk, run as that very output leaves, would spend as much again on the same frame.
    Within :data:`SHARED_S` of a display's scan of the same object it spends nothing more (its
    shown columns are classified already, the pending ones held by stand-ins); later walks take
    their own budget.
    """

    def __init__(self) -> None:
        self._last: dict[int, tuple[Any, float]] = {}

    def spent(self, frame: Any) -> None:
        import time
        import weakref

        try:
            ref = weakref.ref(frame)
        except TypeError:
            return
        self._last = {k: v for k, v in self._last.items() if v[0]() is not None}
        self._last[id(frame)] = (ref, time.perf_counter())

    def budget(self, frame: Any) -> float:
        import time

        last = self._last.get(id(frame))
        if last is not None and last[0]() is frame and time.perf_counter() - last[1] < SHARED_S:
            return 0.0
        return BUDGET_S


_SPENT = _Spent()
#: Seconds after a display's budgeted scan during which the walk on the same frame spends no budget of its own.
SHARED_S = 1.0


def hold_pending(session: Any, frame: Any, report: ScanReport, column: str, stand_in: str, as_texts: Any) -> int:
    """Remember the values of ``frame``'s pending columns as unclassified personal data (fail closed).

    Until the learning walk has classified them, their text values and the digits of their long
    numbers print as ``<UNCLASSIFIED_PII>`` wherever the tripwire or a display's exact pass meets
    them; the walk forgets ``column``'s stand-ins once the frame is complete. Returns how many
    values were new. ``stand_in`` is the learning walk's entity for such values and ``as_texts`` its
    reading of values as printed texts (passed in: the walk imports this module).
    """
    from ...adapters import require_adapter

    if not report.pending:
        return 0
    import pandas as pd

    positions = sorted(report.pending.values())
    values: list[Any] = []
    if isinstance(frame, pd.DataFrame):
        # every cell of the pending columns at once, distinct (one pass, not one per column)
        cells = frame.iloc[:, positions].to_numpy(dtype=object).ravel()
        values = [v for v in pd.unique(cells) if v is not None and not (isinstance(v, float) and v != v)]
    else:
        adapter = require_adapter(frame)
        n_rows = max(1, int(adapter.shape(frame)[0]))
        for position in positions:
            values.extend(adapter.present(frame, position, n_rows, distinct=True))
    texts = [v for v in values if isinstance(v, str)]
    others = [v for v in values if not isinstance(v, (str, bool))]
    texts.extend(t for t in as_texts(others) if _held(t))
    return int(session.remember_values(texts, stand_in, column))


def _held(text: str) -> bool:
    """Whether a pending non-text cell is held, as :func:`.learning.remember_unknown` holds one: five digits or more."""
    return sum(c.isdigit() for c in text) >= 5


def max_columns() -> int | None:
    """``display.max_columns``; in a terminal, where 0 fits the columns to its width, that width
    (a column takes at least two characters, so no more columns than that are ever shown)."""
    import shutil

    import pandas as pd

    value = pd.get_option("display.max_columns")
    if value == 0:
        width = shutil.get_terminal_size(fallback=(0, 0)).columns
        return width if width > 0 else None
    return int(value) if value is not None else None


def is_wide(df: pd.DataFrame) -> bool:
    """Whether pandas would leave columns of ``df`` out of its display."""
    from ...scan_budget import shown_positions

    return shown_positions(df.shape[1], max_columns()) is not None


def wide_bundle(
    guard: Any, df: pd.DataFrame, kind: str, policy: Policy, label: str | None, notes: list[str], labels: Any
) -> Bundle:
    """The display bundle of a wide frame: its shown columns classified, redacted and rendered, a gap between.

    ``guard`` is the :class:`~jupyter_privguard.integrations.ipython.display.DisplayGuard` showing it,
    ``labels`` its sentinel for "scan the row labels" (passed in: the display imports this module).
    """
    from ... import render
    from ...render import DisplayInfo
    from .display_parts import table_schema_rows

    report, shown, shown_report = scan_shown(df, policy)
    plan = render.pandas_row_plan(len(df))
    view = guard._frame_view(shown, policy, shown_report, plan.positions)
    head = table_schema_rows(len(df))
    schema_view = guard._frame_view(shown, policy, shown_report, head).data if head is not None else None
    # the exact pass over the shown cells before rendering (the post-render pass skips what it vouches for)
    checked = (
        head is None
        and policy is guard.session.policy
        and guard._check_cells(df, view, label, notes, labels, plan.limit)
    )
    info = DisplayInfo(kind, label, len(df), df.shape[1], view.redactions, notes + view.notes)
    guard._account(label, kind, report, view, plan.view_rows)
    bundle = render.render_pandas_frame(view.data, plan, info, report, schema_view=schema_view, n_columns=df.shape[1])
    out: Bundle = guard._with_risk_line(df, report, label, info, bundle)
    if checked:
        guard._cells_checked = out[0]
    return out
