"""The writers that take any object: numpy, pickle, joblib, shelve, json, csv, logging, %store, savefig, pyarrow's writer objects.

Each wrapper finds what it is given and where it goes, and hands both to
:func:`~jupyter_privguard.integrations.writeguard.guard`, which checks the object
(:func:`~jupyter_privguard.integrations.exposure.exposed`), warns or, in strict mode, raises
before the real writer runs: a file the writer would open is never created, and an open file or
an append target stays as it was.

========================================  ==================================================
writer                                    what is checked
========================================  ==================================================
``numpy.save/savez/savez_compressed``     every array (object, string and integer cells)
``numpy.savetxt``                         the array, its header and footer
``ndarray.dump``                          through ``pickle.dump`` (the array)
``pickle.dump``, ``joblib.dump``          the object, walked
``shelve.Shelf.__setitem__``              the key and the value
``json.dump``                             the object, walked (record keys name the fields)
``csv.writer(...).writerow/writerows``    each row (``csv.writer`` returns a checked proxy)
``csv.DictWriter.writerow/writerows``     each record (its keys name the fields)
``logging.FileHandler.emit``              the record's message, before it reaches the file
``%store`` (``PickleShareDB``, ``>file``) the stored variables
``Figure.savefig`` (and ``pyplot``'s)     the figure's texts: titles, labels, tick labels, legend
``pyarrow`` ``ParquetWriter``, ``ipc``    each table or batch written through a writer object
``pyarrow.csv.CSVWriter``                 each table or batch (a checked subclass)
``pyarrow.orc.ORCWriter.write``           each table
========================================  ==================================================

A raw ``open(...).write(text)`` is not guarded: the text guard cannot tell a file write of a
computed string from any other; see the README's "what stays outside the guard".
"""

from __future__ import annotations

import functools
import sys
import sysconfig
import types
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from .hooks import caller
from .writeguard import Target, guard, skipped, target_of

if TYPE_CHECKING:
    from ..session import GuardSession
    from .hooks import Patches

__all__ = ["argument", "figure_texts", "install", "wrap_writer"]

# Generic writers (json.dump, pickle.dump, np.save, csv ...) are called by libraries for their own
# files too (matplotlib's font cache, a package's settings): a call from an installed library or
# the standard library is not the user's export. These library functions do write for the user
# (ndarray.dump is numpy's _dump, which calls pickle.dump).
_LIBRARY_PATHS = tuple(
    sorted({p for k in ("stdlib", "platstdlib", "purelib", "platlib") if (p := sysconfig.get_paths().get(k))})
)
_FOR_THE_USER = frozenset({"numpy._core._methods", "numpy.core._methods"})


def from_a_library(depth: int = 2) -> bool:
    """Whether the code that called the wrapper ``depth`` frames up is a library's, not the user's."""
    frame = caller(depth)
    if frame is None:  # pragma: no cover - called from the top of the stack
        return False
    module = frame.f_globals.get("__name__", "")
    if module in _FOR_THE_USER:
        return False
    if module.startswith("jupyter_privguard."):
        return True  # the guard's own files (a saved policy) are not the user's exports
    return bool(frame.f_code.co_filename.startswith(_LIBRARY_PATHS))


def install(session: GuardSession, patches: Patches) -> None:
    """Wrap every writer of this module's table, each once its library is imported."""
    patches.on_import("numpy", lambda m: _numpy(session, patches, m))
    patches.on_import("pickle", lambda m: _pickle(session, patches, m))
    patches.on_import("joblib", lambda m: _joblib(session, patches, m))
    patches.on_import("shelve", lambda m: _shelve(session, patches, m))
    patches.on_import("json", lambda m: _json(session, patches, m))
    patches.on_import("csv", lambda m: _csv(session, patches, m))
    patches.on_import("logging", lambda m: _logging(session, patches, m))
    patches.on_import("IPython.external.pickleshare", lambda m: _pickleshare(session, patches, m))
    patches.on_import("pickleshare", lambda m: _pickleshare(session, patches, m))
    patches.on_import("IPython.extensions.storemagic", lambda m: _storemagic(session, patches, m))
    patches.on_import("matplotlib.figure", lambda m: _matplotlib(session, patches, m))
    patches.on_import("pyarrow.parquet", lambda m: _arrow_writer(session, patches, m, "ParquetWriter", "parquet"))
    patches.on_import("pyarrow.ipc", lambda m: _arrow_ipc(session, patches, m))
    patches.on_import("pyarrow.orc", lambda m: _arrow_writer(session, patches, m, "ORCWriter", "orc"))
    patches.on_import("pyarrow.csv", lambda m: _arrow_csv(session, patches, m))


def argument(args: tuple[Any, ...], kwargs: dict[str, Any], position: int, name: str) -> Any:
    if len(args) > position:
        return args[position]
    return kwargs.get(name)


def wrap_writer(
    session: GuardSession,
    patches: Patches,
    module: Any,
    name: str,
    label: str,
    fmt: str,
    find: Callable[[tuple[Any, ...], dict[str, Any]], tuple[Any, Any]],
    *,
    checked: bool = False,
) -> None:
    """Wrap ``module.name``; ``find(args, kwargs)`` gives ``(data, destination)``, or with ``checked``
    ``(check, destination)``: a callable that reads what would be written (a file to copy) and a
    destination that may already be a :class:`~.writeguard.Target`."""

    def make(original: Any) -> Any:
        @functools.wraps(original)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if skipped(session) or from_a_library():
                return original(*args, **kwargs)
            try:
                data, destination = find(args, kwargs)
            except Exception:  # a call the wrapper does not understand: the writer says what is wrong
                return original(*args, **kwargs)
            target = destination if isinstance(destination, Target) else target_of(destination)
            call = lambda: original(*args, **kwargs)  # noqa: E731
            if checked:
                return guard(session, label, fmt, None, target, call, check=data, kind=fmt)
            return guard(session, label, fmt, data, target, call)

        return guarded

    patches.replace(module, name, make)


# -- numpy ----------------------------------------------------------------------------------------
def _numpy(session: GuardSession, patches: Patches, np: Any) -> None:
    def save(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, Any]:
        return argument(args, kwargs, 1, "arr"), argument(args, kwargs, 0, "file")

    def savez(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, Any]:
        arrays = {k: v for k, v in kwargs.items() if k not in ("file", "allow_pickle")}
        return [*args[1:], arrays], argument(args, kwargs, 0, "file")

    def savetxt(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, Any]:
        texts = [kwargs.get("header", ""), kwargs.get("footer", "")]
        return [argument(args, kwargs, 1, "X"), texts], argument(args, kwargs, 0, "fname")

    wrap_writer(session, patches, np, "save", "numpy.save", "npy", save)
    wrap_writer(session, patches, np, "savez", "numpy.savez", "npz", savez)
    wrap_writer(session, patches, np, "savez_compressed", "numpy.savez_compressed", "npz", savez)
    wrap_writer(session, patches, np, "savetxt", "numpy.savetxt", "txt", savetxt)
    methods = sys.modules.get("numpy._core._methods")
    if methods is not None and hasattr(methods, "_dump"):
        # ndarray.dump opens its file before it calls pickle.dump: checked where it starts
        wrap_writer(session, patches, methods, "_dump", "ndarray.dump", "pickle", _first_and(1, "self", "file"))


# -- pickle, joblib, shelve, json -----------------------------------------------------------------
def _first_and(position: int, data: str, destination: str) -> Callable[..., tuple[Any, Any]]:
    def find(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, Any]:
        return argument(args, kwargs, 0, data), argument(args, kwargs, position, destination)

    return find


def _pickle(session: GuardSession, patches: Patches, pickle: Any) -> None:
    # pickle.dump is a C function bound in the module: the module attribute is what callers look up
    # (numpy's ndarray.dump and pandas' to_pickle too)
    wrap_writer(session, patches, pickle, "dump", "pickle.dump", "pickle", _first_and(1, "obj", "file"))


def _joblib(session: GuardSession, patches: Patches, joblib: Any) -> None:
    find = _first_and(1, "value", "filename")
    wrap_writer(session, patches, joblib, "dump", "joblib.dump", "joblib", find)
    inner = sys.modules.get("joblib.numpy_pickle")
    if inner is not None:
        wrap_writer(session, patches, inner, "dump", "joblib.dump", "joblib", find)


def _shelve(session: GuardSession, patches: Patches, shelve: Any) -> None:
    def make(original: Any) -> Any:
        @functools.wraps(original)
        def __setitem__(self: Any, key: Any, value: Any) -> Any:
            if from_a_library():
                return original(self, key, value)
            return guard(
                session,
                "shelve.Shelf[...]",
                "shelve",
                {key: value},
                Target("shelf"),
                lambda: original(self, key, value),
            )

        return __setitem__

    patches.replace(shelve.Shelf, "__setitem__", make)


def _json(session: GuardSession, patches: Patches, json: Any) -> None:
    wrap_writer(session, patches, json, "dump", "json.dump", "json", _first_and(1, "obj", "fp"))


# -- csv ----------------------------------------------------------------------------------------
class _CheckedCsvWriter:
    """What ``csv.writer(f)`` returns while guarded: each row is checked before the C writer sees it."""

    def __init__(self, inner: Any, session: GuardSession, destination: Any) -> None:
        self._inner = inner
        self._session = session
        self._target = target_of(destination)

    def writerow(self, row: Iterable[Any]) -> Any:
        row = list(row) if not isinstance(row, (list, tuple)) else row
        return guard(self._session, "csv.writer.writerow", "csv", row, self._target, lambda: self._inner.writerow(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> Any:
        rows = [list(r) if not isinstance(r, (list, tuple)) else r for r in rows]
        return guard(
            self._session, "csv.writer.writerows", "csv", rows, self._target, lambda: self._inner.writerows(rows)
        )

    def __getattr__(self, name: str) -> Any:  # dialect, and whatever a later Python adds
        return getattr(self._inner, name)


def _csv(session: GuardSession, patches: Patches, csv: Any) -> None:
    def make_factory(original: Any) -> Any:
        @functools.wraps(original)
        def writer(csvfile: Any, *args: Any, **kwargs: Any) -> Any:
            inner = original(csvfile, *args, **kwargs)
            if from_a_library():  # DictWriter's own (its methods are checked), or a library's
                return inner
            return _CheckedCsvWriter(inner, session, csvfile)

        return writer

    patches.replace(csv, "writer", make_factory)

    def make_method(original: Any, many: bool) -> Any:
        @functools.wraps(original)
        def write(self: Any, data: Any) -> Any:
            if from_a_library():
                return original(self, data)
            data = list(data) if many else data
            target = getattr(self.writer, "_target", Target("buffer"))
            label = f"csv.DictWriter.{original.__name__}"
            return guard(session, label, "csv", data, target, lambda: original(self, data))

        return write

    patches.replace(csv.DictWriter, "writerow", lambda o: make_method(o, False))
    patches.replace(csv.DictWriter, "writerows", lambda o: make_method(o, True))


# -- logging ----------------------------------------------------------------------------------------
def _logging(session: GuardSession, patches: Patches, logging: Any) -> None:
    def make(original: Any) -> Any:
        @functools.wraps(original)
        def emit(self: Any, record: Any) -> Any:
            if skipped(session):
                return original(self, record)
            try:
                texts = [record.getMessage()]
            except Exception:
                texts = [str(getattr(record, "msg", ""))]
            exc = getattr(record, "exc_info", None)
            if exc and exc[1] is not None:
                texts.append(str(exc[1]))
            target = Target("file", getattr(self, "baseFilename", None) or "<log>")
            return guard(session, "logging.FileHandler", "log", texts, target, lambda: original(self, record))

        return emit

    patches.replace(logging.FileHandler, "emit", make)


# -- IPython's %store -----------------------------------------------------------------------------
def _pickleshare(session: GuardSession, patches: Patches, module: Any) -> None:
    def make(original: Any) -> Any:
        @functools.wraps(original)
        def __setitem__(self: Any, key: Any, value: Any) -> Any:
            return guard(session, "%store", "pickle", value, Target("store"), lambda: original(self, key, value))

        return __setitem__

    patches.replace(module.PickleShareDB, "__setitem__", make)


def _storemagic(session: GuardSession, patches: Patches, module: Any) -> None:
    """``%store x >file`` opens the file before it looks at ``x``: the magic itself is checked first."""

    def make(original: Any) -> Any:
        @functools.wraps(original)
        def store(self: Any, parameter_s: str = "") -> Any:
            words = parameter_s.split()
            if skipped(session) or not words or words[0].startswith("-"):
                return original(self, parameter_s)
            try:
                if len(words) > 1 and words[1].startswith(">"):
                    data, target = self.shell.ev(words[0]), target_of(words[1].lstrip(">").strip())
                else:
                    data, target = {w: self.shell.user_ns[w] for w in words if w in self.shell.user_ns}, Target("store")
            except Exception:
                return original(self, parameter_s)
            return guard(session, "%store", "pickle", data, target, lambda: original(self, parameter_s))

        return store

    if not patches.replace(module.StoreMagics, "store", make):
        return
    # an instance registered before the guard holds the original bound method: re-bind it
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    table = getattr(getattr(shell, "magics_manager", None), "magics", {}).get("line", {})
    bound = table.get("store")
    if bound is not None and getattr(bound, "__func__", None) is patches.items[-1].original:
        table["store"] = types.MethodType(module.StoreMagics.store, bound.__self__)
        patches.cancels.append(lambda: table.__setitem__("store", bound))


# -- matplotlib -------------------------------------------------------------------------------------
def figure_texts(figure: Any) -> dict[str, list[str]]:
    """The texts a saved figure shows: titles, axis labels, annotations, legends; and tick labels."""
    texts: list[str] = []
    ticks: list[str] = []
    for artist in figure.findobj(lambda a: callable(getattr(a, "get_text", None))):
        try:
            texts.append(str(artist.get_text()))
        except Exception:
            continue
    for axes in getattr(figure, "axes", []):
        for axis in (getattr(axes, "xaxis", None), getattr(axes, "yaxis", None)):
            if axis is None:
                continue
            ticks.extend(str(t.get_text()) for t in axis.get_ticklabels())
            units = getattr(axis, "units", None)  # a categorical axis: its categories
            ticks.extend(str(k) for k in getattr(units, "_mapping", {}) or {})
    return {"texts": texts, "tick labels": ticks}


def _matplotlib(session: GuardSession, patches: Patches, module: Any) -> None:
    def make(original: Any) -> Any:
        @functools.wraps(original)
        def savefig(self: Any, *args: Any, **kwargs: Any) -> Any:
            if skipped(session):
                return original(self, *args, **kwargs)
            destination = argument(args, kwargs, 0, "fname")
            return guard(
                session,
                "savefig",
                "figure",
                None,
                target_of(destination),
                lambda: original(self, *args, **kwargs),
                check=lambda: _exposed(figure_texts(self), session),
                kind="Figure",
            )

        return savefig

    patches.replace(module.Figure, "savefig", make)


def _exposed(data: Any, session: GuardSession) -> Any:
    from .exposure import exposed

    return exposed(data, session)


# -- pyarrow's writer objects ---------------------------------------------------------------------
def _as_table(data: Any) -> Any:
    """A RecordBatch as a Table (the pyarrow adapter reads tables); anything else as it is."""
    pa = sys.modules.get("pyarrow")
    if pa is not None and isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    return data


def _writer_methods(session: GuardSession, patches: Any, cls: Any, fmt: str, names: Iterable[str]) -> None:
    for name in names:

        def make(original: Any, name: str = name) -> Any:
            @functools.wraps(original)
            def write(self: Any, data: Any, *args: Any, **kwargs: Any) -> Any:
                where = getattr(self, "where", None)
                target = target_of(where) if isinstance(where, str) else Target("buffer")
                label = f"{cls.__name__}.{name}"
                return guard(
                    session, label, fmt, _as_table(data), target, lambda: original(self, data, *args, **kwargs)
                )

            return write

        if name in getattr(cls, "__dict__", {}) or hasattr(cls, name):
            patches.replace(cls, name, make)


def _arrow_writer(session: GuardSession, patches: Patches, module: Any, name: str, fmt: str) -> None:
    cls = getattr(module, name, None)
    if cls is not None:
        _writer_methods(session, patches, cls, fmt, ("write_table", "write_batch", "write"))


def _arrow_ipc(session: GuardSession, patches: Patches, module: Any) -> None:
    for name in ("RecordBatchFileWriter", "RecordBatchStreamWriter"):
        _arrow_writer(session, patches, module, name, "arrow")


def _arrow_csv(session: GuardSession, patches: Patches, module: Any) -> None:
    """``CSVWriter`` is a compiled class: the module's name is given a checked subclass instead."""

    def make(original: Any) -> Any:
        checked = type(original.__name__, (original,), {"__module__": original.__module__, "__doc__": original.__doc__})
        _writer_methods(session, _Discard(), checked, "csv", ("write_table", "write_batch", "write"))
        return checked

    patches.replace(module, "CSVWriter", make)


class _Discard:
    """A :class:`Patches` stand-in for a class made here: nothing to restore, the class goes with its module name."""

    active = True

    def replace(self, owner: Any, name: str, make: Callable[[Any], Any]) -> bool:
        setattr(owner, name, make(getattr(owner, name)))
        return True
