"""Frames the guard already classified, and what a frame derived from one may reuse of it.

Every slice, filter, ``head``, ``sample``, column subset, ``query``, ``sort_values``, ``assign`` or
``rename`` of a frame is a new object, so the scanner's fingerprint cache (keyed on a column's name,
length and sampled values) misses on each of them and classifies every column again. Yet most of
their columns *are* the parent's: the same cells under the same labels. :class:`Lineage` keeps the
findings of the frames it was told about (weak references, a few of them, memory only) and answers,
for a new frame and the rows a display will render, which columns take their parent's finding and
which must be classified.

The soundness rule (a column reuses a finding only on proof, never on a name alone):

1. **Same settings**: the parent was classified under the same policy and recognisers (``key``).
2. **The parent is as it was classified**: the cells it showed when it was registered are still its
   cells at those rows; a parent overwritten there (``df["status"] = ...``) is dropped.
3. **A column is the parent's** when it has the same name and dtype and, at every row the display
   renders, the cell equals the parent's cell under the same row label (the parent's labels are
   unique and each rendered label is one of them). A column under another name (``rename``,
   ``assign(who=df.email)``) takes the finding of a parent column the parent found *personal*
   whose rendered cells it equals in the same way, with the same dtype (the same values: at least
   as strict as classifying them); under another name, a column the parent found harmless is
   classified (the new name may be what makes it personal). So a column added by ``assign`` with
   new values, a column overwritten with other values, a frame built from ``.values`` (new labels,
   new names, object dtype) or from another frame's rows are classified, never trusted.
4. **What the parent found not personal is looked at again**: a filter can gather the few rows of a
   mostly harmless column that do hold personal data. The rendered cells of such columns go through
   the pattern tier (``suspect``); a column with a span in them is classified anew.
5. **Shown again**: the very object shown again reuses its findings when its rendered cells equal
   the ones it rendered last time (a column whose cells changed is classified again).

Only the rendered rows are compared (at most a few dozen cells per column), so reuse costs what
rendering costs. What this does not see: a parent changed in place *outside* the rows it showed
before a frame was derived from it, in a column it found not personal, with values the pattern tier
does not know by shape (person names). The display's exact pass and the tripwire still run.

The core works on pandas objects (:meth:`Lineage.reuse` is handed a frame the pandas adapter shows)
and never imports an integration.
"""

from __future__ import annotations

import math
import threading
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .adapters.columns import display_names

if TYPE_CHECKING:
    from .report import ColumnFinding, ScanReport

__all__ = ["LINEAGE", "Lineage", "Reuse"]

#: frames remembered at once (the most recent; older ones are forgotten first)
MAX_FRAMES = 16


@dataclass
class _Known:
    """One classified frame: its findings and the cells it rendered (memory only, never written)."""

    ref: weakref.ref[Any]
    key: Any
    report: ScanReport
    names: list[str]
    dtypes: list[str]
    rows: list[int]
    labels: list[Any]
    cells: list[list[Any]]
    index_report: ScanReport | None
    index_dtype: str
    index_names: list[Any]
    range_index: bool
    # the names of the column levels (``df.columns.name``): rendered too, so "shown again" compares them
    column_names: list[Any] = field(default_factory=list)


@dataclass
class Reuse:
    """What a frame may take from a frame the guard classified.

    Attributes
    ----------
    findings
        ``{name: finding}`` for the columns that are the parent's (positions are this frame's).
    todo
        Positions of the columns to classify.
    same
        The frame is the very object classified before, its rendered cells unchanged.
    index
        Whether the row labels are the parent's (then ``index_report`` is the parent's finding on
        them, ``None`` for a parent with a plain range of labels).
    index_report
        The parent's report on its row labels.
    """

    findings: dict[str, ColumnFinding]
    todo: list[int]
    same: bool = False
    index: bool = False
    index_report: ScanReport | None = None
    parent_rows: int = 0
    suspect_columns: list[int] = field(default_factory=list)


class Lineage:
    """The frames the display guard classified, weakly held, and the reuse rule above.

    Parameters
    ----------
    max_frames
        How many frames are remembered (the most recently registered).
    """

    def __init__(self, max_frames: int = MAX_FRAMES) -> None:
        self.max_frames = max_frames
        self._known: list[_Known] = []
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return sum(1 for k in self._known if k.ref() is not None)

    def clear(self) -> None:
        with self._lock:
            self._known.clear()

    # -- remembering ----------------------------------------------------------------------------
    def remember(
        self, frame: Any, report: ScanReport, key: Any, rows: Sequence[int], index_report: ScanReport | None = None
    ) -> None:
        """Register ``frame`` (a pandas DataFrame), classified as ``report``, rendered at positions ``rows``."""
        import pandas as pd

        if not isinstance(frame, pd.DataFrame):
            return
        names = display_names(list(frame.columns))
        if list(report.columns) != names:
            return  # a report of another shape: nothing here could be matched to it
        rows = [r for r in rows if 0 <= r < len(frame)]
        try:
            ref = weakref.ref(frame)
        except TypeError:
            return
        shown = frame.iloc[rows]
        known = _Known(
            ref=ref,
            key=key,
            report=report,
            names=names,
            dtypes=[str(d) for d in frame.dtypes],
            rows=list(rows),
            labels=shown.index.tolist(),
            cells=[shown.iloc[:, j].tolist() for j in range(shown.shape[1])],
            index_report=index_report,
            index_dtype=str(frame.index.dtype),
            index_names=list(frame.index.names),
            column_names=list(frame.columns.names),
            range_index=isinstance(frame.index, pd.RangeIndex),
        )
        with self._lock:
            self._known = [k for k in self._known if k.ref() is not None and k.ref() is not frame]
            self._known.append(known)
            del self._known[: max(0, len(self._known) - self.max_frames)]

    # -- reusing --------------------------------------------------------------------------------
    def reuse(
        self,
        frame: Any,
        rows: Sequence[int],
        key: Any,
        suspect: Callable[[list[list[Any]]], list[bool]] | None = None,
    ) -> Reuse | None:
        """Which columns of ``frame`` take a known frame's finding, for a display rendering ``rows``.

        Parameters
        ----------
        frame
            A pandas DataFrame.
        rows
            The positions the display renders (head, filler and tail; all for a short frame).
        key
            The settings the findings must have been made under (policy, recognisers).
        suspect
            ``suspect(columns_of_cells) -> [bool]``: for the reused columns the parent found not
            personal, whether their rendered cells hold something the pattern tier finds (those
            columns are then classified anew).

        Returns
        -------
        Reuse or None
            ``None`` when no known frame has any column this frame may reuse.
        """
        import pandas as pd

        if not isinstance(frame, pd.DataFrame) or frame.shape[1] == 0:
            return None
        rows = [r for r in rows if 0 <= r < len(frame)]
        names = display_names(list(frame.columns))
        dtypes = [str(d) for d in frame.dtypes]
        with self._lock:
            known = [k for k in reversed(self._known) if k.ref() is not None and k.key == key]
        same = next((k for k in known if k.ref() is frame), None)
        if same is not None:
            return self._shown_again(frame, same, names, dtypes, rows)
        for parent_known in known:
            parent = parent_known.ref()
            if parent is None:
                continue
            matching = [j for j, (n, d) in enumerate(zip(names, dtypes)) if _column_of(parent_known, n, d) is not None]
            if not matching:
                continue
            if not _unchanged(parent, parent_known):
                self._forget(parent_known)
                continue
            found = self._derived(frame, parent, parent_known, names, dtypes, rows, matching, suspect)
            if found is not None:
                return found
        return None

    def parent_under_other_settings(self, frame: Any, key: Any, max_columns: int) -> tuple[Any, list[int]] | None:
        """``(parent, its rendered rows)``: a known frame classified under settings other than ``key`` (the
        policy changed since) that ``frame`` may derive from (a column of the same name and dtype), with
        a plain range of row labels and at most ``max_columns`` columns; ``None`` when there is none."""
        import pandas as pd

        if not isinstance(frame, pd.DataFrame):
            return None
        columns = list(zip(display_names(list(frame.columns)), (str(d) for d in frame.dtypes)))
        with self._lock:
            current = {id(k.ref()) for k in self._known if k.key == key and k.ref() is not None}
            known = [k for k in reversed(self._known) if k.key != key and k.ref() is not None]
        for k in known:
            parent = k.ref()
            if parent is None or parent is frame or id(parent) in current:
                continue  # gone, the frame itself, or known under these settings (the reuse rule decided)
            if not isinstance(parent.index, pd.RangeIndex):
                continue
            if parent.shape[1] <= max_columns and any(_column_of(k, n, d) is not None for n, d in columns):
                return parent, list(k.rows)
        return None

    def _forget(self, known: _Known) -> None:
        with self._lock:
            self._known = [k for k in self._known if k is not known]

    def _shown_again(self, frame: Any, known: _Known, names: list[str], dtypes: list[str], rows: list[int]) -> Reuse:
        renamed = list(frame.index.names) != known.index_names or list(frame.columns.names) != known.column_names
        if rows != known.rows or names != known.names or renamed:
            return Reuse({}, list(range(len(names))))
        shown = frame.iloc[rows]
        if shown.index.tolist() != known.labels:
            return Reuse({}, list(range(len(names))))
        findings: dict[str, ColumnFinding] = {}
        todo: list[int] = []
        for j, name in enumerate(names):
            if dtypes[j] == known.dtypes[j] and _same_cells(shown.iloc[:, j].tolist(), known.cells[j]):
                findings[name] = known.report.columns[name]
            else:
                todo.append(j)
        return Reuse(findings, todo, same=not todo, index=True, index_report=known.index_report)

    def _derived(
        self,
        frame: Any,
        parent: Any,
        known: _Known,
        names: list[str],
        dtypes: list[str],
        rows: list[int],
        matching: list[int],
        suspect: Callable[[list[list[Any]]], list[bool]] | None,
    ) -> Reuse | None:
        if not parent.index.is_unique:
            return None  # a label would not name one parent row
        labels = frame.index[rows]
        at = parent.index.get_indexer(labels)
        if len(at) and int(at.min()) < 0:
            return None  # a rendered row is not one of the parent's
        shown = frame.iloc[rows]
        theirs = parent.iloc[at]
        findings: dict[str, ColumnFinding] = {}
        harmless: list[tuple[int, list[Any]]] = []
        for j in matching:
            i = _column_of(known, names[j], dtypes[j])
            assert i is not None
            cells = shown.iloc[:, j].tolist()
            if not _same_cells(cells, theirs.iloc[:, i].tolist()):
                continue
            finding = known.report.columns[known.names[i]]
            # a span's row is a position in the parent: in this frame it would name another row
            findings[names[j]] = replace(finding, position=j, spans=())
            if finding.entity is None and not finding.span_entities and finding.kind != "free_text":
                harmless.append((j, cells))
        # a column under another name (``rename``, ``assign(who=df.email)``) whose rendered cells are
        # those of a parent column the parent found personal takes that finding: the same values, so
        # at least as strict; one the parent found harmless is classified (its new name may count)
        theirs_cells: dict[int, list[Any]] = {}
        for j in range(len(names)):
            if names[j] in findings:
                continue
            cells = shown.iloc[:, j].tolist()
            for i, finding in enumerate(known.report.columns.values()):
                if known.dtypes[i] != dtypes[j] or not (finding.entity is not None or finding.span_entities):
                    continue
                if i not in theirs_cells:
                    theirs_cells[i] = theirs.iloc[:, i].tolist()
                if _same_cells(cells, theirs_cells[i]):
                    findings[names[j]] = replace(finding, column=names[j], position=j, spans=())
                    break
        if not findings:
            return None
        suspects: list[int] = []
        if suspect is not None and harmless:
            flags = suspect([cells for _, cells in harmless])
            suspects = [j for (j, _), flag in zip(harmless, flags) if flag]
            for j in suspects:
                del findings[names[j]]
        todo = [j for j in range(len(names)) if names[j] not in findings]
        # the rendered labels are the parent's (found above); its report on them holds for the same
        # kind of labels under the same names (a plain range of positions holds nothing personal)
        index_ok = list(frame.index.names) == known.index_names and (
            str(frame.index.dtype) == known.index_dtype or (known.range_index and frame.index.dtype.kind == "i")
        )
        return Reuse(
            findings,
            todo,
            index=index_ok,
            index_report=known.index_report if index_ok else None,
            parent_rows=len(parent),
            suspect_columns=suspects,
        )


def _column_of(known: _Known, name: str, dtype: str) -> int | None:
    """The parent's position of the column named ``name`` with ``dtype``, when there is exactly one."""
    try:
        i = known.names.index(name)
    except ValueError:
        return None
    return i if known.dtypes[i] == dtype else None


def _unchanged(parent: Any, known: _Known) -> bool:
    """Whether ``parent`` still holds, at the rows it rendered, the cells it was classified with."""
    if len(parent) <= max(known.rows, default=-1):
        return False
    if display_names(list(parent.columns)) != known.names or [str(d) for d in parent.dtypes] != known.dtypes:
        return False
    shown = parent.iloc[known.rows]
    if shown.index.tolist() != known.labels:
        return False
    return all(_same_cells(shown.iloc[:, j].tolist(), known.cells[j]) for j in range(shown.shape[1]))


def _same_cells(a: list[Any], b: list[Any]) -> bool:
    """Cell by cell equality, missing values equal to themselves (NaN, None, NA, NaT)."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if x is y:
            continue
        if type(x) is not type(y):
            return False
        try:
            if x == y:
                continue
        except Exception:
            return False
        if isinstance(x, float) and math.isnan(x) and math.isnan(y):
            continue
        if _missing(x) and _missing(y):
            continue
        return False
    return True


def _missing(value: Any) -> bool:
    try:
        import pandas as pd

        return bool(pd.isna(value)) if not isinstance(value, (list, tuple, dict, set)) else False
    except (TypeError, ValueError):
        return False


def frame_key(policy: Any, recognizers: Any) -> tuple[Any, ...]:
    """The settings findings are made under: the policy (by identity) and the recognisers (and version)."""
    return (id(policy), policy, id(recognizers), getattr(recognizers, "version", None), len(recognizers))


#: the process-wide lineage of the display guard
LINEAGE = Lineage()
