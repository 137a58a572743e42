"""Scanning part of a frame first: the columns a display shows, then the rest within a time budget.

A frame of thousands of columns costs seconds to classify whole, yet pandas renders at most
``display.max_columns`` of them (the first and last halves). :meth:`Scanner.scan
<jupyter_privguard.scanner.Scanner.scan>` with ``columns=`` classifies those first, then as many
others as ``budget_s`` allows; the report lists the rest in :attr:`~jupyter_privguard.report.ScanReport.pending`.
This module holds the parts of that which are not classification:

- :func:`shown_positions`: which columns pandas renders of a frame this wide;
- :func:`read_columns`: the :class:`~jupyter_privguard.adapters.ColumnData` of some columns only,
  through the adapter (reading no other column when the adapter can);
- :class:`FrameMemo`: the findings a budgeted scan made for one object, by position, so that the
  next display of the same object continues where the last one stopped instead of reading every
  column again. It is keyed by the object's identity (weakly: it never keeps a frame alive) and
  checked against the column names and the row count; values edited in place in a column that is
  not shown are seen by the next full scan (every export scans in full and checks each column's
  fingerprint), never rendered in between, as the display only renders the columns it classifies.
"""

from __future__ import annotations

import inspect
import threading
import weakref
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .adapters import ColumnData, FrameAdapter
    from .report import ColumnFinding

__all__ = ["FrameMemo", "read_columns", "resolve_positions", "shown_positions"]

#: Columns classified between two looks at the clock in a budgeted scan.
CHUNK = 8


def shown_positions(n_columns: int, max_columns: int | None) -> list[int] | None:
    """The positions of the columns pandas renders of a frame ``n_columns`` wide, or ``None`` for all.

    Parameters
    ----------
    n_columns
        The frame's width.
    max_columns
        ``pandas.get_option("display.max_columns")``; ``None`` or ``0`` shows every column.

    Returns
    -------
    list of int or None
        The first and the last ``ceil(max_columns / 2)`` positions, or ``None`` when the frame
        is hardly wider than that (it is then classified whole). pandas' truncated repr and HTML
        show ``max_columns // 2`` columns from each end (the first column alone for 1), so these
        hold every column pandas renders, of this frame or of a view made of them with one more
        column between the halves.
    """
    if not max_columns or max_columns <= 0:
        return None
    side = (max_columns + 1) // 2
    if n_columns <= 2 * side + 1:
        return None
    return list(range(side)) + list(range(n_columns - side, n_columns))


def resolve_positions(columns: Iterable[Any], names: Sequence[str], labels: Sequence[Any]) -> list[int]:
    """Positions for ``columns`` given as positions, display names or labels (unknown ones are skipped)."""
    by_name = {name: i for i, name in enumerate(names)}
    by_label: dict[Any, int] = {}
    for i, label in enumerate(labels):
        try:
            by_label.setdefault(label, i)
        except TypeError:  # an unhashable label is found by its name
            continue
    out: list[int] = []
    for item in columns:
        if isinstance(item, int) and not isinstance(item, bool):
            position = item if item >= 0 else len(names) + item
            found = position if 0 <= position < len(names) else None
        elif isinstance(item, str) and item in by_name:
            found = by_name[item]
        else:
            try:
                found = by_label.get(item)
            except TypeError:
                found = None
        if found is not None and found not in out:
            out.append(found)
    return out


_TAKES_COLUMNS: dict[type, bool] = {}


def _takes_columns(adapter: FrameAdapter) -> bool:
    cls = type(adapter)
    known = _TAKES_COLUMNS.get(cls)
    if known is None:
        try:
            known = "columns" in inspect.signature(adapter.iter_columns).parameters
        except (TypeError, ValueError):
            known = False
        _TAKES_COLUMNS[cls] = known
    return known


def read_columns(
    adapter: FrameAdapter, data: Any, sample_size: int, positions: Sequence[int], whole: list[ColumnData] | None = None
) -> tuple[list[ColumnData], list[ColumnData] | None]:
    """The :class:`ColumnData` of the columns at ``positions``, in that order.

    An adapter whose ``iter_columns`` takes ``columns`` reads those only. Another is read whole
    once: the list is returned as the second item, to pass back as ``whole`` for the next call.
    """
    if not positions:
        return [], whole
    if _takes_columns(adapter):
        return list(adapter.iter_columns(data, sample_size=sample_size, columns=list(positions))), whole  # type: ignore[call-arg]
    if whole is None:
        whole = list(adapter.iter_columns(data, sample_size=sample_size))
    return [whole[p] for p in positions], whole


class FrameMemo:
    """Findings of budgeted scans, per object (weakly keyed by identity), per position.

    An entry holds while the object lives and shows the same column names and row count under
    the same settings (``key``); anything else starts it afresh.
    """

    def __init__(self, size: int = 64) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._entries: dict[int, tuple[Any, tuple[Any, ...], dict[int, ColumnFinding]]] = {}

    def findings(self, obj: Any, key: tuple[Any, ...]) -> dict[int, ColumnFinding]:
        """The (mutable) findings remembered for ``obj`` under ``key``; an empty dict to fill otherwise."""
        with self._lock:
            entry = self._entries.get(id(obj))
            if entry is not None and entry[0]() is obj and entry[1] == key:
                return entry[2]
            try:
                ref = weakref.ref(obj, self._forget(id(obj)))
            except TypeError:  # an object that takes no weak reference is not remembered
                return {}
            found: dict[int, ColumnFinding] = {}
            self._entries[id(obj)] = (ref, key, found)
            while len(self._entries) > self._size:
                self._entries.pop(next(iter(self._entries)))
            return found

    def _forget(self, ident: int) -> Any:
        def forget(ref: Any) -> None:
            with self._lock:
                entry = self._entries.get(ident)
                if entry is not None and entry[0] is ref:
                    del self._entries[ident]

        return forget

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
