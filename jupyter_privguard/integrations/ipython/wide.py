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

__all__ = ["BUDGET_S", "GAP_LABEL", "is_wide", "max_columns", "scan_shown", "wide_bundle"]

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


def wide_bundle(guard: Any, df: pd.DataFrame, kind: str, policy: Policy, label: str | None, notes: list[str]) -> Bundle:
    """The display bundle of a wide frame: its shown columns classified, redacted and rendered, a gap between.

    ``guard`` is the :class:`~jupyter_privguard.integrations.ipython.display.DisplayGuard` showing it.
    """
    from ... import render
    from ...render import DisplayInfo
    from .display_parts import table_schema_rows

    report, shown, shown_report = scan_shown(df, policy)
    plan = render.pandas_row_plan(len(df))
    view = guard._frame_view(shown, policy, shown_report, plan.positions)
    head = table_schema_rows(len(df))
    schema_view = guard._frame_view(shown, policy, shown_report, head).data if head is not None else None
    info = DisplayInfo(kind, label, len(df), df.shape[1], view.redactions, notes + view.notes)
    guard._account(label, kind, report, view, plan.view_rows)
    bundle = render.render_pandas_frame(view.data, plan, info, report, schema_view=schema_view, n_columns=df.shape[1])
    out: Bundle = guard._with_risk_line(df, report, label, info, bundle)
    return out
