"""Learning at ingress: the readers of pandas, polars, pyarrow, json, csv and sqlite3 learn what they return.

:func:`install` wraps each reader when (and if) its library is imported
(:func:`~jupyter_privguard.integrations.exports.when_imported`), so that what it returns is classified and its
personal values are in the session's index (:func:`.learning.learn_result`) before the user's code sees it:
``print(pd.read_csv(p).iloc[3])`` is covered without any variable. The user's read always completes and
returns the reader's own result; a failure to learn makes the guard stricter (see :mod:`.learning`).

* pandas: every ``pandas.read_*`` function, and the chunked readers (``chunksize=`` / ``iterator=True``).
* polars: every ``polars.read_*`` function, and ``LazyFrame.collect`` (so ``scan_*`` is learnt when collected)
  and ``polars.collect_all``.
* pyarrow: ``csv.read_csv``, ``json.read_json``, ``parquet.read_table``, ``ParquetFile.read``,
  ``ParquetDataset.read``, ``orc.read_table``, ``feather.read_table`` / ``read_feather``, and ``dataset.dataset`` (read whole and learnt when it has at
  most :data:`DATASET_ROWS` rows: ``Dataset`` is a C type whose ``to_table`` cannot be wrapped).
* json: ``json.load`` and ``json.loads``.
* csv: ``csv.reader`` (a C reader, returned inside a thin iterator) and ``csv.DictReader``: rows stream, so
  they are classified from the first rows (again at row 2, 5, 10, 20, 50 and 200) and every row's values are
  learnt before it is handed out.
* sqlite3: ``sqlite3.connect`` passes a connection factory (a subclass of the user's own ``factory`` when one
  is given) whose cursors learn what ``fetchone``, ``fetchmany``, ``fetchall`` and iteration return.
* numpy ``loadtxt`` / ``genfromtxt``, sqlite3 ``Connection.iterdump`` and pyarrow ``csv.open_csv``'s batches
  (:mod:`.ingress_streams`).
* text files: ``Path.read_text`` / ``read_bytes`` and the notebook's ``open`` learn a text that is a table
  (:mod:`.textfiles`); ``linecache``, ``Path.open``, ``io.open`` and the files a shell or subprocess command
  names are learnt before the line or the command's output is shown (:mod:`.ingress_lines`).
* the display hook: a cell's last expression is learnt before it is shown (a function's returned records).

The stdlib readers, ``LazyFrame.collect`` and the sqlite3 cursors learn only when called from the user's code
(the notebook's ``__main__``): libraries call them all the time for their own data (the kernel parses every
message with ``json.loads``). Only the outermost reader of a nested call learns (``pd.read_parquet`` calls
pyarrow). Everything is restored by :meth:`IngressHandle.uninstall`.
"""

from __future__ import annotations

import functools
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..hooks import put_back
from .ingress_lines import install_line_readers
from .ingress_streams import joined_columns, learning_iterdump, patch_numpy, patch_open_csv, remember_joined
from .learning import learn_result, learner_for, mark_broken
from .sqlite_writes import checked_write
from .textfiles import install_text_files

if TYPE_CHECKING:
    from ...session import GuardSession

__all__ = ["DATASET_ROWS", "IngressHandle", "install"]

#: A ``pyarrow.dataset`` with at most this many rows is read whole and learnt when it is opened.
DATASET_ROWS = 2_000_000
#: After how many rows a row stream (csv, sqlite3) is classified again, on all the rows seen so far.
CHECKPOINTS = (1, 2, 5, 10, 20, 50, 200)
_PYARROW = (
    ("pyarrow.csv", None, "read_csv"),
    ("pyarrow.json", None, "read_json"),
    ("pyarrow.parquet", None, "read_table"),
    ("pyarrow.parquet", "ParquetFile", "read"),
    ("pyarrow.parquet", "ParquetDataset", "read"),
    ("pyarrow.orc", None, "read_table"),
    ("pyarrow.feather", None, "read_table"),
    ("pyarrow.feather", None, "read_feather"),
)

_local = threading.local()
_ACTIVE: list[IngressHandle] = []


@dataclass
class _Patch:
    owner: Any
    name: str
    had_own: bool
    own: Any


@dataclass
class IngressHandle:
    """What :func:`install` changed; :meth:`uninstall` restores it exactly."""

    shell: Any
    session: GuardSession
    patches: list[_Patch] = field(default_factory=list)
    cancels: list[Callable[[], None]] = field(default_factory=list)
    events: list[tuple[str, Callable[..., Any]]] = field(default_factory=list)
    display_hook: Any = None
    installed: bool = True

    @property
    def patched(self) -> list[str]:
        """``"pandas.read_csv"``, ``"LazyFrame.collect"`` ... for every wrapped reader."""
        return [f"{getattr(p.owner, '__name__', p.owner)}.{p.name}" for p in self.patches]

    def learn(self, obj: Any, what: str) -> None:
        """Learn ``obj`` (a reader's result); never raises."""
        if not self.installed:
            return
        try:
            learn_result(self.session, obj, what)
        except BaseException:  # the user's read must complete; nothing of it may show unlearned
            mark_broken(what)

    def from_user(self, depth: int) -> bool:
        """Whether the frame ``depth`` levels up runs the user's code (the notebook, not a library)."""
        try:
            frame = sys._getframe(depth + 1)
        except ValueError:
            return False
        user = getattr(self.shell, "user_global_ns", None)
        return frame.f_globals is user or frame.f_globals.get("__name__") == "__main__"

    def uninstall(self) -> None:
        """Restore every reader, the display hook and the shell's events."""
        self.installed = False
        for cancel in self.cancels:
            cancel()
        self.cancels.clear()
        for patch in reversed(self.patches):
            put_back(patch.owner, patch.name, patch.had_own, patch.own)
        self.patches.clear()
        trap = getattr(self.shell, "display_trap", None)
        if self.display_hook is not None and trap is not None and getattr(trap, "hook", None) is self.display_hook[1]:
            trap.hook = self.display_hook[0]
        self.display_hook = None
        events: Any = getattr(self.shell, "events", None)
        for name, callback in self.events:
            try:
                events.unregister(name, callback)
            except (ValueError, AttributeError):
                pass
        self.events.clear()
        if self in _ACTIVE:
            _ACTIVE.remove(self)


def _active() -> IngressHandle | None:
    handle = _ACTIVE[-1] if _ACTIVE else None
    return handle if handle is not None and handle.installed and handle.session.enabled else None


# ---------------------------------------------------------------------------------------------------
# wrapping
# ---------------------------------------------------------------------------------------------------
def _wrap(handle: IngressHandle, owner: Any, name: str, what: str, *, user_only: bool = False) -> None:
    """Replace ``owner.name`` by a function that returns the original's result after learning it."""
    original = getattr(owner, name, None)
    if original is None or not callable(original) or getattr(original, "__privguard_ingress__", None) is not None:
        return

    @functools.wraps(original)
    def reader(*args: Any, **kwargs: Any) -> Any:
        if getattr(_local, "depth", 0) or not handle.installed or (user_only and not handle.from_user(1)):
            return original(*args, **kwargs)
        _local.depth = 1
        try:
            result = original(*args, **kwargs)
        finally:
            _local.depth = 0
        handle.learn(result, what)
        return result

    _set(handle, owner, name, reader, original)


def _set(handle: IngressHandle, owner: Any, name: str, new: Any, original: Any) -> None:
    had_own = name in vars(owner)
    own = vars(owner).get(name) if had_own else original
    new.__privguard_ingress__ = original
    setattr(owner, name, new)
    handle.patches.append(_Patch(owner, name, had_own, own))


def _patch_pandas(handle: IngressHandle, pd: Any) -> None:
    for name in sorted(n for n in dir(pd) if n.startswith("read_")):
        _wrap(handle, pd, name, f"pandas.{name}")

    # the chunked readers (chunksize= / iterator=True / lines=True): each chunk is learnt as it is read
    def text_reader() -> Any:
        return pd.io.parsers.readers.TextFileReader

    def json_reader() -> Any:
        return pd.io.json._json.JsonReader

    for get in (text_reader, json_reader):
        try:
            cls = get()
        except AttributeError:  # pragma: no cover - another pandas layout
            continue
        _wrap(handle, cls, "read", f"pandas.{cls.__name__}.read")


def _patch_polars(handle: IngressHandle, pl: Any) -> None:
    for name in sorted(n for n in dir(pl) if n.startswith("read_")):
        _wrap(handle, pl, name, f"polars.{name}")
    _wrap(handle, pl, "collect_all", "polars.collect_all", user_only=True)
    lazy = getattr(pl, "LazyFrame", None)
    if lazy is not None:
        _wrap(handle, lazy, "collect", "polars.LazyFrame.collect", user_only=True)


def _patch_pyarrow(handle: IngressHandle, module_name: str) -> Callable[[Any], None]:
    def patch(module: Any) -> None:
        for wanted, owner, name in _PYARROW:
            if wanted != module_name:
                continue
            target = getattr(module, owner, None) if owner is not None else module
            if target is not None:
                _wrap(handle, target, name, f"{module_name}.{owner + '.' if owner else ''}{name}")

    return patch


def _patch_dataset(handle: IngressHandle, ds: Any) -> None:
    original = getattr(ds, "dataset", None)
    if original is None or getattr(original, "__privguard_ingress__", None) is not None:
        return

    @functools.wraps(original)
    def dataset(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        if handle.installed and not getattr(_local, "depth", 0):
            try:
                small = result.count_rows() <= DATASET_ROWS
            except Exception:
                small = False
            if small:
                # Dataset is a C type: its to_table() cannot learn, so the data is learnt now, while it is small
                _local.depth = 1
                try:
                    table = result.to_table()
                except Exception:
                    table = None
                finally:
                    _local.depth = 0
                if table is not None:
                    handle.learn(table, "pyarrow.dataset")
        return result

    _set(handle, ds, "dataset", dataset, original)


def _patch_json(handle: IngressHandle, json: Any) -> None:
    _wrap(handle, json, "load", "json.load", user_only=True)
    _wrap(handle, json, "loads", "json.loads", user_only=True)


# ---------------------------------------------------------------------------------------------------
# row streams: csv and sqlite3
# ---------------------------------------------------------------------------------------------------
class _RowStream:
    """Rows handed out one by one: classified from the first rows, each row learnt before it is handed out."""

    def __init__(self, handle: IngressHandle, what: str, columns: list[str] | None) -> None:
        self.handle = handle
        self.what = what
        self.columns = columns
        self.sample: list[Any] = []
        self.report: Any = None
        self.classified_at = 0
        self.joined: dict[str, tuple[str, Any]] = {}

    def feed(self, rows: list[Any]) -> None:
        """Learn ``rows`` (never raises; a failure makes the guard stricter, see :mod:`.learning`)."""
        if not rows or not self.handle.installed or not self.handle.session.enabled:
            return
        try:
            self._feed(rows)
        except Exception as exc:
            try:
                held: Any = self._frame(rows)  # with its column names, so that the retry has the headers
            except Exception:
                held = rows
            try:
                learner = learner_for(self.handle.session)
                with learner._lock:
                    learner._fail(f"{self.what}#{id(rows)}", self.what, held, exc, hold=True)
            except BaseException:
                mark_broken(self.what)

    def _feed(self, rows: list[Any]) -> None:
        from ...adapters.pandas import PandasAdapter
        from .learning import _classify, remember_columns

        session = self.handle.session
        before = len(self.sample)
        self.sample.extend(rows[: max(0, CHECKPOINTS[-1] - before)])
        if self.report is None or any(before < c <= len(self.sample) for c in CHECKPOINTS):
            sample = self._frame(self.sample)
            self.report = _classify(sample, session)
            self.classified_at = len(self.sample)
            remember_columns(session, PandasAdapter(), sample, self.report)
            # a column of several values joined (group_concat) classifies as nothing: its parts may
            self.joined = joined_columns(sample, self.report, lambda f: _classify(f, session))
        frame = self._frame(rows)
        remember_columns(session, PandasAdapter(), frame, self.report)
        remember_joined(frame, self.joined, lambda f, r: remember_columns(session, PandasAdapter(), f, r))

    def _frame(self, rows: list[Any]) -> Any:
        import pandas as pd

        records = [_as_record(r) for r in rows]
        if records and all(isinstance(r, dict) for r in records):
            frame = pd.DataFrame.from_records(records)
            frame.columns = [str(c) for c in frame.columns]
            return frame
        width = max((len(r) for r in records if isinstance(r, list)), default=0)
        cells = [
            (r if isinstance(r, list) else [r]) + [None] * (width - (len(r) if isinstance(r, list) else 1))
            for r in records
        ]
        frame = pd.DataFrame(cells)
        names = self.columns if self.columns is not None and len(self.columns) == frame.shape[1] else None
        frame.columns = names if names is not None else [f"column_{i}" for i in range(frame.shape[1])]
        return frame


def _as_record(row: Any) -> Any:
    if isinstance(row, dict):
        return row
    if isinstance(row, (list, tuple)):
        return list(row)
    keys = getattr(row, "keys", None)
    if callable(keys):  # sqlite3.Row
        try:
            return list(row)
        except TypeError:
            pass
    return [row]


class _LearningReader:
    """What ``csv.reader`` returns while the guard is loaded: the C reader, learning each row first."""

    def __init__(self, reader: Any, handle: IngressHandle) -> None:
        self._reader = reader
        self._handle = handle
        self._header: list[str] | None = None
        self._stream: _RowStream | None = None

    def __iter__(self) -> Iterator[list[str]]:
        return self

    def __next__(self) -> list[str]:
        row: list[str] = next(self._reader)
        if self._header is None:
            self._header = [str(c) for c in row]  # the first row names the columns
            return row
        if self._stream is None:
            self._stream = _RowStream(self._handle, "csv.reader", self._header)
        self._stream.feed([row])
        return row

    def __getattr__(self, name: str) -> Any:  # line_num, dialect
        return getattr(self._reader, name)


def _patch_csv(handle: IngressHandle, csv: Any) -> None:
    original_reader = csv.reader
    if getattr(original_reader, "__privguard_ingress__", None) is None:

        @functools.wraps(original_reader)
        def reader(*args: Any, **kwargs: Any) -> Any:
            made = original_reader(*args, **kwargs)
            return _LearningReader(made, handle) if handle.installed and handle.from_user(1) else made

        _set(handle, csv, "reader", reader, original_reader)
    dict_reader = getattr(csv, "DictReader", None)
    original_next = getattr(dict_reader, "__next__", None)
    if original_next is None or getattr(original_next, "__privguard_ingress__", None) is not None:
        return

    @functools.wraps(original_next)
    def __next__(self: Any) -> Any:
        row = original_next(self)
        if handle.installed and handle.from_user(1):
            stream = self.__dict__.get("_privguard_stream")
            if stream is None:
                stream = self.__dict__["_privguard_stream"] = _RowStream(handle, "csv.DictReader", None)
            stream.feed([row])
        return row

    _set(handle, dict_reader, "__next__", __next__, original_next)


_CURSORS: dict[type, type] = {}
_CONNECTIONS: dict[type, type] = {}


def _cursor_class(sqlite3: Any, base: type) -> type:
    """``base`` (a ``sqlite3.Cursor`` class) with fetches that learn their rows."""
    made = _CURSORS.get(base)
    if made is not None:
        return made

    def stream(cursor: Any) -> _RowStream | None:
        handle = _active()
        if handle is None:
            return None
        columns = [str(d[0]) for d in (cursor.description or ())]
        current: _RowStream | None = cursor.__dict__.get("_privguard_stream")
        if current is None or current.columns != columns or current.handle is not handle:
            current = cursor.__dict__["_privguard_stream"] = _RowStream(handle, "sqlite3", columns)
        return current

    def learn(cursor: Any, rows: list[Any]) -> None:
        handle = _active()
        if rows and handle is not None and handle.from_user(2):
            found = stream(cursor)
            if found is not None:
                found.feed(rows)

    plain: Any = base

    def super_execute(cursor: Any, sql: Any, parameters: Any) -> Any:
        return plain.execute(cursor, sql, parameters)

    def super_many(cursor: Any, sql: Any, parameters: Any) -> Any:
        return plain.executemany(cursor, sql, parameters)

    class LearningCursor(base):  # type: ignore[misc]
        # a write into a file database is an export: checked first (:mod:`.sqlite_writes`)
        def execute(self, sql: Any, parameters: Any = (), /) -> Any:
            return checked_write(
                _active(), sqlite3, self, sql, parameters, False, lambda p: super_execute(self, sql, p)
            )

        def executemany(self, sql: Any, parameters: Any, /) -> Any:
            return checked_write(_active(), sqlite3, self, sql, parameters, True, lambda p: super_many(self, sql, p))

        def fetchone(self) -> Any:
            row = super().fetchone()
            if row is not None:
                learn(self, [row])
            return row

        def fetchmany(self, *args: Any, **kwargs: Any) -> Any:
            rows = super().fetchmany(*args, **kwargs)
            learn(self, list(rows))
            return rows

        def fetchall(self) -> Any:
            rows = super().fetchall()
            learn(self, list(rows))
            return rows

        def __next__(self) -> Any:
            row = super().__next__()
            learn(self, [row])
            return row

    LearningCursor.__name__ = LearningCursor.__qualname__ = base.__name__
    _CURSORS[base] = LearningCursor
    return LearningCursor


def _connection_class(sqlite3: Any, base: type) -> type:
    """``base`` (a ``sqlite3.Connection`` class) whose cursors learn; ``Connection.execute`` uses them too."""
    made = _CONNECTIONS.get(base)
    if made is not None:
        return made

    class LearningConnection(base):  # type: ignore[misc]
        def cursor(self, factory: Any = None) -> Any:
            if factory is None:
                factory = sqlite3.Cursor
            if isinstance(factory, type) and issubclass(factory, sqlite3.Cursor) and factory not in _CURSORS.values():
                factory = _cursor_class(sqlite3, factory)
            return super().cursor(factory)

        # the C execute shortcuts make a plain Cursor: these make ours, as the docs say they do
        def execute(self, *args: Any, **kwargs: Any) -> Any:
            return self.cursor().execute(*args, **kwargs)

        def executemany(self, *args: Any, **kwargs: Any) -> Any:
            return self.cursor().executemany(*args, **kwargs)

        def executescript(self, *args: Any, **kwargs: Any) -> Any:
            return self.cursor().executescript(*args, **kwargs)

        def iterdump(self, *args: Any, **kwargs: Any) -> Any:
            lines = super().iterdump(*args, **kwargs)
            handle = _active()
            if handle is None or not handle.from_user(1):
                return lines

            def stream(what: str, columns: list[str] | None) -> _RowStream:
                return _RowStream(handle, what, columns)

            return learning_iterdump(self, lines, handle, stream)

    LearningConnection.__name__ = LearningConnection.__qualname__ = base.__name__
    _CONNECTIONS[base] = LearningConnection
    return LearningConnection


def _patch_sqlite3(handle: IngressHandle, sqlite3: Any) -> None:
    original = sqlite3.connect
    if getattr(original, "__privguard_ingress__", None) is not None:
        return

    @functools.wraps(original)
    def connect(*args: Any, **kwargs: Any) -> Any:
        if handle.installed:
            if len(args) > 5:
                factory = args[5]
                if isinstance(factory, type) and issubclass(factory, sqlite3.Connection):
                    args = args[:5] + (_connection_class(sqlite3, factory),) + args[6:]
            else:
                factory = kwargs.get("factory", sqlite3.Connection)
                if isinstance(factory, type) and issubclass(factory, sqlite3.Connection):
                    kwargs["factory"] = _connection_class(sqlite3, factory)
        return original(*args, **kwargs)

    _set(handle, sqlite3, "connect", connect, original)


# ---------------------------------------------------------------------------------------------------
# the display hook and the walk's phases
# ---------------------------------------------------------------------------------------------------
def _hook_display(handle: IngressHandle) -> None:
    trap = getattr(handle.shell, "display_trap", None)
    original = getattr(trap, "hook", None)
    if original is None:
        return

    adapters = handle.session.registries.get("adapters")

    def hook(result: Any = None) -> Any:
        # frames are the display guard's (it remembers what it shows); containers are learnt here
        if result is not None and adapters.adapter_for(result) is None:
            handle.learn(result, "the cell's result")
        return original(result)

    trap.hook = hook  # type: ignore[union-attr]
    handle.display_hook = (original, hook)


def _hook_phases(handle: IngressHandle) -> None:
    events = getattr(handle.shell, "events", None)
    if events is None:
        return
    learner = learner_for(handle.session)

    def started(*_: Any) -> None:
        learner.in_cell = True

    def ended(*_: Any) -> None:
        learner.in_cell = False

    for name, callback in (("pre_execute", started), ("post_execute", ended)):
        events.register(name, callback)
        handle.events.append((name, callback))


def _quiet(patch: Callable[[Any], None]) -> Callable[[Any], None]:
    """``patch``, never raising: it runs inside the user's ``import``, which must not fail because of the guard."""

    def run(module: Any) -> None:
        try:
            patch(module)
        except Exception:  # the reader stays unwrapped; the namespace walk still learns what it returns
            pass

    return run


def install(shell: Any, session: GuardSession | None = None) -> IngressHandle:
    """Make every reader learn what it returns, in ``shell`` (see the module's description).

    Parameters
    ----------
    shell
        The IPython shell; its display hook and events are used, its namespace tells the user's code.
    session
        The guard session; the process-wide one when omitted.

    Returns
    -------
    IngressHandle
        ``handle.uninstall()`` restores every reader.
    """
    if session is None:
        from ...session import current_session

        session = current_session()
    from ..exports import when_imported

    handle = IngressHandle(shell, session)
    _ACTIVE.append(handle)
    watched: list[tuple[str, Callable[[Any], None]]] = [
        ("pandas", lambda m: _patch_pandas(handle, m)),
        ("polars", lambda m: _patch_polars(handle, m)),
        ("pyarrow.dataset", lambda m: _patch_dataset(handle, m)),
        ("json", lambda m: _patch_json(handle, m)),
        ("csv", lambda m: _patch_csv(handle, m)),
        ("sqlite3", lambda m: _patch_sqlite3(handle, m)),
        ("numpy", lambda m: patch_numpy(handle, m, _set, _local)),
        ("pyarrow.csv", lambda m: patch_open_csv(handle, m, _set)),
    ]
    watched += [(name, _patch_pyarrow(handle, name)) for name in dict.fromkeys(m for m, _, _ in _PYARROW)]
    for module_name, callback in watched:
        handle.cancels.append(when_imported(module_name, _quiet(callback)))
    install_text_files(handle, _set)
    install_line_readers(handle, _set)
    _hook_display(handle)
    _hook_phases(handle)
    return handle
