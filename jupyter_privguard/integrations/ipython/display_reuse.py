"""The display guard's use of :mod:`jupyter_privguard.lineage`: a frame's report from what is already known.

A pandas DataFrame to be shown is first offered to the lineage: the very frame shown again, or a
frame derived from one the guard classified (a slice, a filter, ``head``, ``sample``, a column
subset, ``query``, ``sort_values``, ``assign``, ``rename``). The columns proven to be the parent's
take its findings; only the others are classified, by the scanner, on this frame's own columns.
Then the frame is registered in turn (a frame derived from it reuses its findings next).
"""

from __future__ import annotations

import re
import weakref
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ...lineage import LINEAGE, Reuse, frame_key

if TYPE_CHECKING:
    import pandas as pd

    from ...policy import Policy
    from ...render import Bundle, DisplayInfo, Redaction
    from ...report import ScanReport
    from ...session import GuardSession

__all__ = ["ShownBundles", "frame_report", "remember_frame", "suspect_cells"]

# Every built-in pattern entity needs a digit or an "@" (textguard's rule): other cells hold no span.
_MAY_HOLD_PATTERN = re.compile(r"[0-9@]")
_MAX_SUSPECT_CHARS = 2_000
# a parent classified again after a policy change: only one as narrow as this (a wide one has its budget)
_MAX_PARENT_COLUMNS = 64


def suspect_cells(policy: Policy) -> Any:
    """``suspect(columns) -> [bool]``: whether the pattern tier finds a span in a column's rendered cells.

    One batch over the distinct cells of every column asked about (the lineage asks about the
    columns a parent found not personal, whose rows a filter may have gathered from the few that are).
    """

    def suspect(columns: list[list[Any]]) -> list[bool]:
        from ...textguard import pattern_spans_of_lines

        texts: dict[str, None] = {}
        per_column: list[list[str]] = []
        for cells in columns:
            mine = [c[:_MAX_SUSPECT_CHARS] for c in cells if isinstance(c, str) and c and _MAY_HOLD_PATTERN.search(c)]
            per_column.append(mine)
            texts.update(dict.fromkeys(mine))
        if not texts:
            return [False] * len(columns)
        batch = list(texts)
        found = pattern_spans_of_lines(batch, policy)  # read once per display (the shown-cell pass reads them too)
        hit = {
            text for text, spans in zip(batch, found) if any(s.score >= policy.threshold_for(s.entity) for s in spans)
        }
        return [any(c in hit for c in mine) for mine in per_column]

    return suspect


def _key(session: GuardSession, policy: Policy) -> tuple[Any, ...]:
    return frame_key(policy, session.registries.recognizers)


def frame_report(
    session: GuardSession,
    df: pd.DataFrame,
    policy: Policy,
    rows: list[int],
    scan: Any,
) -> tuple[ScanReport, Reuse | None]:
    """The report for showing ``df`` (rendered rows ``rows``): reused where proven, scanned elsewhere.

    ``scan(frame, policy)`` is the display guard's scan. Returns the report and the lineage's answer
    (``None`` when nothing was reused: the whole frame was scanned).
    """
    from ...report import ScanReport

    key = _key(session, policy)
    reuse = LINEAGE.reuse(df, rows, key, suspect_cells(policy))
    if reuse is None and policy is session.policy:
        reuse = _after_a_policy_change(df, rows, key, policy, scan)
    if reuse is None or not reuse.findings:
        report: ScanReport = scan(df, policy)
        return report, None
    findings = dict(reuse.findings)
    names = list(_names(df))
    extra_notes: list[str] = []
    ner_model = None
    if reuse.todo:
        part = df.iloc[:, reuse.todo]
        fresh: ScanReport = scan(part, policy)
        ner_model = fresh.ner_model
        extra_notes = list(fresh.notes)
        for j, finding in zip(reuse.todo, fresh.columns.values()):
            findings[names[j]] = replace(finding, column=names[j], position=j)
    report = ScanReport(
        columns={name: findings[name] for name in names},
        n_rows=len(df),
        kind=_kind(df),
        ner_model=ner_model,
        cached=len(reuse.findings),
        notes=extra_notes,
    )
    return report, reuse


def _after_a_policy_change(df: pd.DataFrame, rows: list[int], key: Any, policy: Policy, scan: Any) -> Reuse | None:
    """The policy changed since the frame ``df`` derives from was classified: that parent is classified
    again under the new one (once, as its first display was) and registered, so that this slice and
    the next reuse it instead of each being classified on its own."""
    found = LINEAGE.parent_under_other_settings(df, key, _MAX_PARENT_COLUMNS)
    if found is None:
        return None
    parent, parent_rows = found
    LINEAGE.remember(parent, scan(parent, policy), key, parent_rows, index_report=None)  # a plain range
    return LINEAGE.reuse(df, rows, key, suspect_cells(policy))


def remember_frame(
    session: GuardSession,
    df: pd.DataFrame,
    policy: Policy,
    report: ScanReport,
    rows: list[int],
    index_report: ScanReport | None,
) -> None:
    """Register ``df`` as shown (its findings, its rendered cells, its row labels' report) for what derives from it."""
    LINEAGE.remember(df, report, _key(session, policy), rows, index_report=index_report)


def _names(df: pd.DataFrame) -> list[str]:
    from ...adapters.columns import display_names

    return display_names(list(df.columns))


def _kind(df: Any) -> str:
    from ...adapters import frame_kind

    return frame_kind(df)


class ShownBundles:
    """The last bundle of each frame shown (before the exact pass and the risk line), memory only.

    A frame shown again whose rendered cells the lineage found unchanged (``Reuse.same``) gets this
    bundle back when nothing else it depends on changed either: pandas' display options, the
    policy, the session's learned values and allow lists, the label and the notes (:meth:`key`).
    The exact pass and the risk line still run on it.
    """

    def __init__(self, max_frames: int = 16) -> None:
        self.max_frames = max_frames
        self._entries: dict[int, tuple[weakref.ref[Any], Any, Any]] = {}

    @staticmethod
    def key(session: GuardSession, policy: Policy, label: str | None, notes: list[str]) -> Any:
        """What a frame's bundle depends on besides its rendered cells; ``None``: never reuse."""
        try:
            import pandas as pd
            from pandas._config import config

            names = [k for k in getattr(config, "_registered_options", {}) if k.startswith("display.")]
            options = tuple((k, repr(pd.get_option(k))) for k in names)
        except Exception:  # pandas' option table moved: never reuse a bundle
            return None
        if not options:
            return None
        return (options, id(policy), policy, getattr(session, "_version", None), label, tuple(notes))

    def get(self, df: Any, key: Any) -> tuple[DisplayInfo, tuple[Redaction, ...], Bundle] | None:
        """``(info, redactions, bundle)`` shown last for ``df`` under ``key`` (a copy), or ``None``."""
        if key is None:
            return None
        hit = self._entries.get(id(df))
        if hit is None or hit[0]() is not df or hit[1] != key:
            return None
        info, redactions, bundle = hit[2]
        return info, redactions, _copy_bundle(bundle)

    def put(self, df: Any, key: Any, info: DisplayInfo, redactions: list[Redaction], bundle: Bundle) -> None:
        if key is None:
            return
        try:
            ref = weakref.ref(df)
        except TypeError:
            return
        self._entries.pop(id(df), None)
        self._entries[id(df)] = (ref, key, (info, tuple(redactions), _copy_bundle(bundle)))
        for stale in [k for k, (r, _, _) in self._entries.items() if r() is None]:
            del self._entries[stale]
        while len(self._entries) > self.max_frames:
            del self._entries[next(iter(self._entries))]


def _copy_bundle(bundle: Bundle) -> Bundle:
    """A copy the risk line and the caller may change in place (the report payload's top level too)."""
    from ...render import REPORT_MIME

    data, metadata = bundle
    out = dict(data)
    if isinstance(out.get(REPORT_MIME), dict):
        out[REPORT_MIME] = dict(out[REPORT_MIME])
    return out, {k: dict(v) if isinstance(v, dict) else v for k, v in metadata.items()}
