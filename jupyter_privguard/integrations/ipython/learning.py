"""Learning personal values: what the output tripwire's exact-value index knows, and how it comes to know it.

The tripwire can only redact a value it recognises, so the guard learns every personal value that reaches
the kernel, three ways:

* **at ingress** (:mod:`.ingress`): the readers of pandas, polars, pyarrow, json, csv and sqlite3 hand
  what they return to :meth:`Learner.learn_result` before the user's code sees it, so
  ``print(pd.read_csv(p).iloc[3])`` is covered without any variable;
* **the shown result** of a cell's last expression, before it is formatted (:meth:`Learner.learn_result`
  from the display hook that :mod:`.ingress` wraps);
* **the namespace walk** (:meth:`Learner.refresh`), after each cell and before each output: every name
  in the user namespace whose object changed is classified, frames (every non-lazy adapter's) and
  containers alike: dicts, lists, tuples, sets, records (a list of dicts, a dict of lists), namedtuple
  and dataclass rows, nested frames, arrow tables and record batches, numpy object arrays, and the
  results IPython keeps in ``Out``.

Every distinct value of a classified column is remembered (no cap): distinct values come from the adapter
(``drop_duplicates`` / ``unique``, vectorised), and the session's index takes them all.

Budget. The walk after a cell stops starting new objects once :data:`WALK_BUDGET_MS` have passed; what it
did not reach stays unlearned (never marked learned) and is learned by the next walk: before the next output
leaves the kernel (that walk has no budget, since an output is about to show whatever is unlearned), or after
the next cell. One object, once started, is learned whole: a half-learned frame would show its other half.

Fail closed. When classifying an object raises, it is not marked learned: its text values and the digit
strings of its numbers are remembered as :data:`UNCLASSIFIED` (they print as ``<UNCLASSIFIED_PII>``), and
classification is retried at every walk until it succeeds. When remembering raises too, nothing of the
object is known, so :func:`withhold_reason` tells the tripwire to withhold **every** output with a fixed text
until a retry succeeds: without the values no check can tell which output holds them (a derived form,
``df.iloc[3]``, carries nothing that points back to the object), so withholding less would be guessing.
"""

from __future__ import annotations

import dataclasses
import sys
import threading
import time
import types
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ...adapters import row_labels
from ...adapters.base import loaded_module

if TYPE_CHECKING:
    from ...adapters import AdapterRegistry, FrameAdapter
    from ...report import ScanReport
    from ...session import GuardSession

__all__ = [
    "ONE_VALUE_CHARS",
    "UNCLASSIFIED",
    "WALK_BUDGET_MS",
    "Learner",
    "forget",
    "learn_result",
    "learner_for",
    "mark_broken",
    "remember_columns",
    "remember_unknown",
    "withhold_reason",
]

#: The entity under which the values of an object that could not be classified are remembered.
UNCLASSIFIED = "UNCLASSIFIED_PII"
#: How long the walk after a cell may keep starting new objects, in milliseconds.
WALK_BUDGET_MS = 200.0
#: How deep the walk goes into nested containers, and how many items of one container it visits one by one.
MAX_DEPTH = 4
#: A text longer than this, or with a line break, is no single value (see :func:`_text_table`).
ONE_VALUE_CHARS = 200
MAX_ITEMS = 10_000
_NUMBER_MIN_DIGITS = 5
_RECORD_KEYS = 50  # a dict with more scalar keys than this, or keys that are no field names, is a mapping
_SCALARS = (str, int, float, bool, type(None))
_HIDDEN = frozenset({"In", "Out", "exit", "quit", "get_ipython"})
_WITHHELD = (
    "[privguard: output withheld: the guard could not learn the personal data of {what} ({error}), so it "
    "cannot tell which outputs hold it; it retries before each output. Delete or rebuild the object, or "
    "%unload_ext jupyter_privguard.]"
)


class _OutOfTime(Exception):
    """The walk's budget ran out inside a container: the object stays unlearned."""


class _Partial(Exception):
    """A wide frame classified within its budget (:func:`.wide.learning_scan`): columns are pending.

    Its classified columns are learned; the pending ones' values are held as :data:`UNCLASSIFIED`
    stand-ins (:func:`.wide.hold_pending`) until a later walk completes it.
    """

    def __init__(self, frames: list[tuple[Any, ScanReport]]) -> None:
        super().__init__("columns not classified yet")
        self.frames = frames


@dataclass
class _Failure:
    what: str  # a variable name or a reader's name: never a value
    error: str
    contained: bool  # its values were remembered as UNCLASSIFIED
    obj: Any = None  # a reader's result, held for the retry (a variable is found again by name)


@dataclass
class _Entry:
    key: Any
    ref: Any  # a weak reference, or the object itself where it takes none


def _ref(obj: Any) -> Any:
    try:
        return weakref.ref(obj)
    except TypeError:
        return obj


def _alive(entry: _Entry) -> Any:
    return entry.ref() if isinstance(entry.ref, weakref.ref) else entry.ref


@dataclass
class Learner:
    """What one guard session has learned, and the walk that learns the rest.

    Use :func:`learner_for` to get the session's learner.
    """

    session: GuardSession
    #: ``False`` between a cell's end and the next cell's start: the walk then keeps to its budget
    in_cell: bool = True
    budget_ms: float = WALK_BUDGET_MS
    #: timings of the last walk: ``(seconds, objects learned, objects left for later)``
    last_walk: tuple[float, int, int] = (0.0, 0, 0)
    _seen: dict[str, _Entry] = field(default_factory=dict, repr=False)
    _done: dict[int, _Entry] = field(default_factory=dict, repr=False)
    _failed: dict[str, _Failure] = field(default_factory=dict, repr=False)
    _contained: dict[str, Any] = field(default_factory=dict, repr=False)
    # wide frames whose pending columns are held by stand-ins (id -> key and reference)
    _holding: dict[int, _Entry] = field(default_factory=dict, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _walking: bool = field(default=False, repr=False)

    # -- the namespace walk -------------------------------------------------------------------------
    def refresh(self, shell: Any, *, budget_ms: float | None = None) -> int:
        """Learn the objects in ``shell.user_ns`` that changed since they were learned; returns how many.

        ``budget_ms`` bounds the time spent starting new objects; by default :attr:`budget_ms` between
        cells and no bound while a cell runs (an output is about to leave).
        """
        ns = getattr(shell, "user_ns", None)
        if not isinstance(ns, dict) or not self.session.enabled:
            return 0
        if budget_ms is None and not self.in_cell:
            budget_ms = self.budget_ms
        deadline = None if budget_ms is None else time.perf_counter() + budget_ms / 1000.0
        start = time.perf_counter()
        with self._lock:
            if self._walking:  # an output made while learning (a warning): the walk under way goes on
                return 0
            self._walking = True
            try:
                from ...progress import quiet

                with quiet():  # the walk runs as an output leaves: no bar may be displayed from inside it
                    return self._walk(shell, ns, deadline, start)
            finally:
                self._walking = False

    def _walk(self, shell: Any, ns: dict[str, Any], deadline: float | None, start: float) -> int:
        learned = left = 0
        self._retry_results()
        names: set[str] = set()
        for name, obj in _named(ns, shell):
            names.add(name)
            try:
                key = _key(self.session, obj)
            except Exception:  # cannot tell whether it changed: learn it (again)
                key = ("unkeyed", id(obj), time.perf_counter())
            if key is None:
                self._seen.pop(name, None)
                continue
            entry = self._seen.get(name)
            if entry is not None and entry.key == key and _alive(entry) is obj:
                continue
            if deadline is not None and time.perf_counter() > deadline:
                left += 1  # not reached: stays unlearned, the next walk takes it
                continue
            if self._learn_named(name, obj, key, deadline):
                learned += 1
            else:
                left += 1
        for name in [n for n in self._seen if n not in names]:
            del self._seen[name]
        for name in [n for n, f in self._failed.items() if f.obj is None and n not in names]:
            self._resolved(name, learned=False)  # a failed variable that is gone needs no withholding
        self.last_walk = (time.perf_counter() - start, learned, left)
        return learned

    def _learn_named(self, name: str, obj: Any, key: Any, deadline: float | None) -> bool:
        try:
            self._learn(obj, name, deadline, report_as=name)
        except _OutOfTime:
            return False
        except _Partial as part:
            self._hold(name, name, obj, part, hold=False)
            return False
        except Exception as exc:
            self._fail(name, name, obj, exc, hold=False)
            return False
        self._seen[name] = _Entry(key, _ref(obj))
        if name in self._failed:
            self._resolved(name)
        return True

    # -- one object ---------------------------------------------------------------------------------
    def learn_result(self, obj: Any, what: str) -> None:
        """Learn what a reader returned (or a cell's shown result) before anyone sees it. Never raises.

        ``what`` names where it came from (``"pandas.read_csv"``), for the withheld text: never a value.
        """
        if not self.session.enabled:
            return
        with self._lock:
            try:
                self._learn(obj, what, None)
            except _Partial as part:
                self._hold(f"{what}#{id(obj)}", what, obj, part, hold=True)
            except Exception as exc:
                self._fail(f"{what}#{id(obj)}", what, obj, exc, hold=True)

    def _learn(self, obj: Any, label: str, deadline: float | None, report_as: str | None = None) -> None:
        adapters = _adapters(self.session)
        partial: list[tuple[Any, ScanReport]] = []
        for column_label, frame, top in _tables(obj, label, adapters, deadline):
            known = self._done.get(id(frame))
            frame_key = _key(self.session, frame) if top is not None else None
            if known is not None and frame_key is not None and known.key == frame_key and _alive(known) is frame:
                continue  # a frame a reader (or another name) already taught us
            report = _classify(frame, self.session)
            if report_as is not None and top is obj:
                self.session.reports[report_as] = report
            _remember_report(self.session, frame, report, column_label)
            if report.pending:
                partial.append((frame, report))  # not done: the next walk takes it up again
            elif frame_key is not None:
                self._done[id(frame)] = _Entry(frame_key, _ref(frame))
        self._prune()
        if partial:
            raise _Partial(partial)

    def _hold(self, name: str, what: str, obj: Any, part: _Partial, *, hold: bool) -> None:
        """Columns of ``obj`` are pending: hold their values as stand-ins (once per object), retry later."""
        from .wide import hold_pending

        if self._contained.get(name) is not obj:
            for frame, report in part.frames:
                # one frame reached by two ways (a reader's result, then its variable) is held once
                try:
                    key = _key(self.session, frame)
                except Exception:
                    key = None
                held = self._holding.get(id(frame))
                if key is not None and held is not None and held.key == key and _alive(held) is frame:
                    continue
                hold_pending(self.session, frame, report, f"privguard-unclassified:{name}", UNCLASSIFIED, as_texts)
                if key is not None:
                    self._holding[id(frame)] = _Entry(key, _ref(frame))
            self._contained[name] = obj
        self._failed[name] = _Failure(what, "pending", True, obj if hold else None)

    def _prune(self) -> None:
        if len(self._holding) > 256:
            self._holding = {k: e for k, e in self._holding.items() if _alive(e) is not None}
        if len(self._done) > 4096:
            for key in [k for k, e in self._done.items() if _alive(e) is None][:2048]:
                del self._done[key]

    def _fail(self, name: str, what: str, obj: Any, exc: BaseException, *, hold: bool) -> None:
        """Classifying failed: remember the object's text as unknown personal data, or withhold everything."""
        error = type(exc).__name__
        contained = self._contained.get(name) is obj
        if not contained:
            try:
                remember_unknown(self.session, obj, name)
                contained = True
                self._contained[name] = obj
            except Exception as inner:
                error = f"{error}, then {type(inner).__name__}"
        self._failed[name] = _Failure(what, error, contained, obj if hold else None)

    def _resolved(self, name: str, *, learned: bool = True) -> None:
        """``name`` is learned (or gone): stop withholding for it; once learned, drop its stand-in values if possible."""
        self._failed.pop(name, None)
        if self._contained.pop(name, None) is not None and learned:
            forget_column = getattr(self.session, "forget_column", None)
            if callable(forget_column):
                try:
                    forget_column(f"privguard-unclassified:{name}")
                except Exception:
                    pass  # the stand-ins stay: stricter, never more lenient

    def _retry_results(self) -> None:
        for name, failure in list(self._failed.items()):
            if failure.obj is None:
                continue
            try:
                self._learn(failure.obj, failure.what, None)
            except _Partial:
                continue  # held by its stand-ins; the next walk classifies more of it
            except Exception as exc:
                if not failure.contained:
                    self._fail(name, failure.what, failure.obj, exc, hold=True)
                continue
            self._resolved(name)

    # -- fail closed ----------------------------------------------------------------------------------
    def withhold_reason(self) -> str | None:
        """The fixed text every output is replaced by while an object's values are unknown, else ``None``."""
        for failure in list(self._failed.values()):
            if not failure.contained:
                return _WITHHELD.format(what=_what(failure.what), error=failure.error)
        return None

    def failures(self) -> list[tuple[str, str, bool]]:
        """``(what, error type, contained)`` of every object not learned yet (names only, no values)."""
        return [(f.what, f.error, f.contained) for f in self._failed.values()]


def _what(what: str) -> str:
    return f"a {what} result" if "." in what else f"{what!r}"


# ---------------------------------------------------------------------------------------------------
# one learner per session
# ---------------------------------------------------------------------------------------------------
_LEARNERS: dict[int, Learner] = {}
_LEARNERS_LOCK = threading.Lock()
_BROKEN: list[str] = []  # a reader patch that could not even record its failure


def learner_for(session: GuardSession) -> Learner:
    """The learner of ``session`` (made on first use)."""
    with _LEARNERS_LOCK:
        learner = _LEARNERS.get(id(session))
        if learner is None or learner.session is not session:
            learner = _LEARNERS[id(session)] = Learner(session)
        return learner


def forget(session: GuardSession) -> None:
    """Drop what the learner of ``session`` holds (the guard is unloaded)."""
    with _LEARNERS_LOCK:
        _LEARNERS.pop(id(session), None)
        _BROKEN.clear()


def learn_result(session: GuardSession, obj: Any, what: str) -> None:
    """Learn ``obj`` (a reader's result) in ``session``; never raises, withholds outputs when it cannot learn."""
    try:
        learner_for(session).learn_result(obj, what)
    except BaseException:  # even recording the failure failed: the last resort withholds everything
        mark_broken(what)


def mark_broken(what: str) -> None:
    """A reader hook failed so badly that nothing is known of its result: withhold every output until unload."""
    _BROKEN.append(what)


def withhold_reason(session: GuardSession) -> str | None:
    """Why the tripwire must withhold every output now (a fixed text to send instead), or ``None``.

    Non-``None`` while an object's values could be neither classified nor remembered as unknown
    personal data; the tripwire's walk retries them before each output.
    """
    if _BROKEN:
        return _WITHHELD.format(what=f"a {_BROKEN[-1]} result", error="the guard's reader hook failed")
    learner = _LEARNERS.get(id(session))
    if learner is None or learner.session is not session:
        return None
    return learner.withhold_reason()


# ---------------------------------------------------------------------------------------------------
# what changed: keys
# ---------------------------------------------------------------------------------------------------
def _adapters(session: GuardSession) -> AdapterRegistry:
    registry: AdapterRegistry = session.registries.get("adapters")
    return registry


_CODE = (types.ModuleType, type, types.FunctionType, types.BuiltinFunctionType, types.MethodType)


def _named(ns: dict[str, Any], shell: Any) -> Iterator[tuple[str, Any]]:
    """The user's names, and each result IPython keeps in ``Out`` as ``Out[n]``."""
    hidden = getattr(shell, "user_ns_hidden", None) or {}
    for name, obj in list(ns.items()):
        if name.startswith("_") or name in _HIDDEN or (name in hidden and hidden[name] is obj):
            continue
        if isinstance(obj, _CODE):  # modules, classes and functions hold no rows of data
            continue
        yield name, obj
    out = ns.get("Out")
    if isinstance(out, dict):
        for number, obj in list(out.items()):
            yield f"Out[{number}]", obj


def _key(session: GuardSession, obj: Any) -> Any:
    """What says an object changed (identity, shape, labels or length); ``None`` for what holds no data."""
    adapter = _adapters(session).adapter_for(obj)
    if adapter is not None:
        if adapter.lazy:
            return None  # a query plan (Spark) is learnt from what is displayed: no job after every cell
        labels = tuple(str(c) for c in adapter.column_labels(obj)[:500])
        return (id(obj), adapter.shape(obj), labels)
    if isinstance(obj, str):
        return (id(obj), len(obj)) if len(obj) >= 5 else None
    if isinstance(obj, (list, tuple, dict, set, frozenset)) or _is_deque(obj):
        if not obj:
            return None
        # the first and last items (constant time): an append or a replaced end is a change
        ends: tuple[int, ...] = ()
        if isinstance(obj, dict):
            ends = (id(next(iter(obj.values()))), id(next(reversed(obj.values()))))
        elif isinstance(obj, (list, tuple)):
            ends = (id(obj[0]), id(obj[-1]))
        return (id(obj), type(obj).__name__, len(obj), ends)
    if _is_row(obj) or _arrow_kind(obj) is not None or _numpy_array(obj) is not None:
        return (id(obj), type(obj).__name__, getattr(obj, "shape", None), _length(obj))
    return None


def _length(obj: Any) -> int | None:
    try:
        return len(obj)
    except TypeError:
        return None


def _is_deque(obj: Any) -> bool:
    from collections import deque

    return isinstance(obj, deque)


def _is_row(obj: Any) -> bool:
    """A namedtuple or dataclass instance: one record."""
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return True
    return dataclasses.is_dataclass(obj) and not isinstance(obj, type)


def _arrow_kind(obj: Any) -> str | None:
    pa = loaded_module("pyarrow")
    if pa is None:
        return None
    if isinstance(obj, pa.RecordBatch):
        return "batch"
    if isinstance(obj, (pa.Array, pa.ChunkedArray)):
        return "array"
    return None


def _numpy_array(obj: Any) -> Any:
    np = loaded_module("numpy")
    if np is None or not isinstance(obj, np.ndarray) or obj.dtype.kind not in "OUS" or obj.ndim not in (1, 2):
        return None
    return obj


# ---------------------------------------------------------------------------------------------------
# containers as tables
# ---------------------------------------------------------------------------------------------------
def _tables(obj: Any, label: str, adapters: AdapterRegistry, deadline: float | None) -> Iterator[tuple[str, Any, Any]]:
    """``(column label, frame, original)`` for every table ``obj`` holds; ``original`` is the user's own frame."""
    stack: list[tuple[Any, str, int]] = [(obj, label, 0)]
    visited = 0
    while stack:
        item, name, depth = stack.pop()
        visited += 1
        if deadline is not None and visited % 64 == 0 and time.perf_counter() > deadline:
            raise _OutOfTime
        adapter = adapters.adapter_for(item)
        if adapter is not None:
            if not adapter.lazy:
                yield name, item, item
            continue
        if isinstance(item, dict):
            table, children = _dict_table(item, name)
        else:
            table, children = _as_table(item, name), []
            if table is None and (isinstance(item, (list, tuple, set, frozenset)) or _is_deque(item)):
                children = [(v, name) for v in list(item)[:MAX_ITEMS] if not _scalar(v)]
        if table is not None:
            yield name, table, None
        if depth < MAX_DEPTH:
            stack.extend((child, child_name, depth + 1) for child, child_name in children)


def _scalar(value: Any) -> bool:
    return isinstance(value, _SCALARS) or hasattr(value, "isoformat")


def _as_table(obj: Any, name: str) -> Any:
    """A pandas frame of ``obj`` when it is table-shaped (records, columns, rows, a list of values), else ``None``.

    Raises when ``obj`` looks like a table but cannot be read as one (the caller fails closed).
    """
    import pandas as pd

    if isinstance(obj, str):
        if len(obj) < 5:
            return None
        if "\n" not in obj and len(obj) <= ONE_VALUE_CHARS:
            return pd.DataFrame({name: [obj]})
        return _text_table(obj)
    if _is_row(obj):
        return pd.DataFrame([_row_dict(obj)])
    kind = _arrow_kind(obj)
    if kind is not None:
        pa = sys.modules["pyarrow"]
        return pa.Table.from_batches([obj]) if kind == "batch" else pa.table({name: obj})
    array = _numpy_array(obj)
    if array is not None:
        return pd.DataFrame({name: array}) if array.ndim == 1 else pd.DataFrame(array)
    if isinstance(obj, (list, tuple, set, frozenset)) or _is_deque(obj):
        return _sequence_table(list(obj), name)
    return None


def _text_table(text: str) -> Any:
    """A long or multi-line text: the table it holds (a CSV or JSON text read whole), else ``None``.

    Such a text is no single value: learnt whole it would be one "personal value" whose first words
    (a CSV header's ``order_id``) the value index then redacts everywhere. The free-text tier judges it
    when it is shown.
    """
    import pandas as pd

    from .textfiles import table_of

    table = table_of(text)
    if isinstance(table, list) and table and all(isinstance(r, dict) for r in table):
        frame = pd.DataFrame.from_records(table)
        frame.columns = [str(c) for c in frame.columns]
        return frame
    return None


def _row_dict(obj: Any) -> dict[str, Any]:
    if isinstance(obj, tuple):
        return dict(zip(obj._fields, obj))  # type: ignore[attr-defined]
    return {f.name: getattr(obj, f.name, None) for f in dataclasses.fields(obj)}


def _dict_table(obj: dict[Any, Any], name: str) -> tuple[Any, list[tuple[Any, str]]]:
    """The table a dict's scalar items make (one record, or a key and a value column), and its other items."""
    import pandas as pd

    if not obj:
        return None, []
    values = list(obj.values())
    if all(isinstance(v, (list, tuple)) for v in values):
        lengths = {len(v) for v in values}
        if len(lengths) == 1 and lengths != {0} and all(_scalar(x) for v in values for x in v[:20]):
            return pd.DataFrame({str(k): list(v) for k, v in obj.items()}), []  # columns: a dict of lists
    scalars = {k: v for k, v in obj.items() if _scalar(v)}
    children = [
        (v, k if isinstance(k, str) and k.isidentifier() else name)
        for k, v in list(obj.items())[:MAX_ITEMS]
        if not _scalar(v)
    ]
    if not scalars:
        return None, children
    if len(scalars) <= _RECORD_KEYS and all(isinstance(k, str) and k.isidentifier() for k in scalars):
        return pd.DataFrame([scalars]), children  # one record: its keys (field names) are the columns
    # a mapping (an email to a name ...): its keys and its values, each a column
    keys = [str(k) for k in scalars]
    return pd.DataFrame({f"{name}_key": keys, name: list(scalars.values())}), children


def _sequence_table(items: list[Any], name: str) -> Any:
    import pandas as pd

    if not items:
        return None
    head = items[:20]
    if all(isinstance(x, dict) for x in head):
        return pd.DataFrame.from_records([x if isinstance(x, dict) else {} for x in items])
    if all(_is_row(x) for x in head):
        return pd.DataFrame([_row_dict(x) for x in items])
    if all(isinstance(x, (list, tuple)) for x in head) and all(_scalar(v) for x in head for v in x):
        width = max(len(x) for x in items) if items else 0
        return pd.DataFrame([list(x) + [None] * (width - len(x)) for x in items])
    if all(_scalar(x) for x in head):
        return pd.DataFrame({name: [x if _scalar(x) else str(x) for x in items]})
    return None


# ---------------------------------------------------------------------------------------------------
# classifying and remembering
# ---------------------------------------------------------------------------------------------------
def _classify(frame: Any, session: GuardSession) -> ScanReport:
    """The scanner's report on ``frame`` (a seam: the fault-injection tests make it raise).

    A frame wider than pandas shows is classified within a budget (:func:`.wide.learning_scan`).
    """
    from .wide import learning_scan

    return learning_scan(frame, session.policy)


def _remember_report(session: GuardSession, obj: Any, report: ScanReport, label: str) -> None:
    adapter = _adapters(session).adapter_for(obj)
    if adapter is None:
        return
    remember_columns(session, adapter, obj, report)
    index = row_labels(obj, _adapters(session))
    if index is not None:
        index_adapter = _adapters(session).adapter_for(index)
        if index_adapter is not None:
            remember_columns(session, index_adapter, index, _classify(index, session))


def remember_columns(session: GuardSession, adapter: FrameAdapter, obj: Any, report: ScanReport) -> None:
    """Remember every distinct value of each personal-data column of ``obj`` that ``report`` classified (no cap)."""
    policy = session.policy
    n_rows = max(1, int(adapter.shape(obj)[0]))
    for column_name, finding in report.columns.items():
        if finding.allowed or policy.column_allowed(column_name):
            continue
        if finding.entity is not None and policy.action_for(finding.entity) != "keep":
            values = adapter.present(obj, finding.position, n_rows, distinct=True)
            session.remember_values(as_texts(values), finding.entity, column_name)
        elif finding.spans:
            by_entity: dict[str, list[str]] = {}
            for span in finding.spans:
                if policy.action_for(span.entity) == "keep":
                    continue
                try:
                    cell = adapter.values(obj, finding.position, [span.row])[0]
                except Exception:
                    continue
                if isinstance(cell, str):
                    by_entity.setdefault(span.entity, []).append(cell[span.start : span.end])
            for entity, texts in by_entity.items():
                session.remember_values(texts, entity, column_name)


def as_texts(values: list[Any]) -> list[str]:
    """How each value prints: text as it is, whole numbers as digits, dates in their ISO forms."""
    if all(type(value) is str for value in values):  # a text column: the common case, one cheap pass
        return values
    out: list[str] = []
    for value in values:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int):
            out.append(str(value))
        elif isinstance(value, float):
            if value.is_integer():
                out.append(str(int(value)))
        elif hasattr(value, "isoformat"):  # dates and timestamps print as their ISO form
            text = value.isoformat()
            out.append(text)
            if "T00:00:00" in text:
                out.append(text.split("T")[0])
        else:
            out.append(str(value))
    return out


def remember_unknown(session: GuardSession, obj: Any, what: str) -> int:
    """Remember every text value of ``obj`` and the digits of its long numbers as :data:`UNCLASSIFIED`.

    The fail-closed fallback when ``obj`` could not be classified: stricter (non-personal text of it
    prints as a placeholder too) but never more lenient. Returns how many values were new.
    """
    texts: list[str] = []
    for value in _leaves(obj, _adapters(session)):
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, (int, float)):
            digits = str(int(value)) if value == value and abs(value) != float("inf") else ""
            if len(digits.lstrip("-")) >= _NUMBER_MIN_DIGITS:
                texts.append(digits.lstrip("-"))
        elif hasattr(value, "isoformat"):
            texts.extend(as_texts([value]))
    return session.remember_values(texts, UNCLASSIFIED, f"privguard-unclassified:{what}")


def _leaves(obj: Any, adapters: AdapterRegistry) -> Iterator[Any]:
    """Every scalar ``obj`` holds: the cells of its frames (distinct per column), its items, keys and fields."""
    stack: list[tuple[Any, int]] = [(obj, 0)]
    while stack:
        item, depth = stack.pop()
        if _scalar(item):
            yield item
            continue
        adapter = adapters.adapter_for(item)
        if adapter is not None:
            if adapter.lazy:
                continue
            n_rows, n_columns = adapter.shape(item)
            for position in range(n_columns):
                yield from adapter.present(item, position, max(1, n_rows), distinct=True)
            yield from (label for label in adapter.column_labels(item) if isinstance(label, str))
            continue
        if depth > 2 * MAX_DEPTH:
            yield str(item)
            continue
        if isinstance(item, dict):
            stack.extend((k, depth + 1) for k in item)
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, (list, tuple, set, frozenset)) or _is_deque(item):
            stack.extend((v, depth + 1) for v in item)
        elif _is_row(item):
            stack.extend((v, depth + 1) for v in _row_dict(item).values())
        elif _arrow_kind(item) is not None:
            stack.extend((v, depth + 1) for v in item.to_pylist())
        elif _numpy_array(item) is not None:
            stack.extend((v, depth + 1) for v in item.ravel().tolist())
        else:
            yield str(item)
