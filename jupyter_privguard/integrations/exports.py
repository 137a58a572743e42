"""The export guard: writing a frame that holds unredacted personal data warns, or in strict mode fails.

:func:`install` wraps the writers every frame adapter names (:attr:`FrameAdapter.writers
<jupyter_privguard.adapters.FrameAdapter.writers>`): pandas' ``DataFrame`` / ``Series`` ``to_csv``,
``to_parquet``, ``to_excel``, ``to_json``, ``to_sql``, ``to_pickle``, ``to_feather``, ``to_clipboard``,
``to_html``, ``to_markdown`` (and a few more), polars' ``DataFrame.write_*``, and pyarrow's
``parquet.write_table``, ``csv.write_csv`` and ``feather.write_feather``. A writer that another
guarded writer calls (pandas' ``to_parquet`` calls pyarrow's ``write_table``) is one export: only the
outer call is checked.
Each call scans the frame (cached by column fingerprint, so a second export of the same data is
almost free) and, when a column holds personal data whose policy action is not ``keep`` and that
is not allowed:

* it emits a :class:`~jupyter_privguard.errors.PrivacyWarning` naming the columns, the entities and
  the ways out (:func:`safe_export`, ``%privguard allow column NAME``), then writes;
* with ``policy.strict`` it raises :class:`~jupyter_privguard.errors.PrivacyError` *before* the
  writer runs, so nothing is written: no file, not even an empty or a partial one.

Every export is recorded in the audit log: method, format, the file's *base name* (run through the
text guard, so a name made of an email address is not logged as one; the folder is never logged),
columns, entities, counts and the decision.

It imports neither IPython nor Jupyter. A library is patched when it is imported, so installing the
guard does not import it. The check itself (:func:`~jupyter_privguard.export.exposure`) and
:func:`~jupyter_privguard.export.safe_export` live in the core module :mod:`jupyter_privguard.export`.
"""

from __future__ import annotations

import functools
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..adapters.base import Writer
from ..adapters.pandas import PANDAS_WRITERS
from ..adapters.polars import POLARS_WRITERS
from ..errors import PrivacyError
from ..export import _audit, _Exposure, _file_label, _shape, _warn, exposure, guard_bypassed, safe_export

if TYPE_CHECKING:
    from ..session import GuardSession

__all__ = ["PANDAS_WRITERS", "POLARS_WRITERS", "ExportGuardHandle", "exposure", "install", "safe_export"]

# Where each writer finds its destination: keyword names, and whether the first positional is it.
_DEST_KEYWORDS = (
    "path_or_buf",
    "path",
    "buf",
    "excel_writer",
    "name",
    "file",
    "fname",
    "table_name",
    "target",
    "path_or_buffer",
    "where",
    "output_file",
    "dest",
    "tableName",
)
# pandas calls some writers for its own rendering (the table-schema repr uses to_json): not exports.
_INTERNAL_CALLERS = frozenset({"_repr_data_resource_", "_repr_html_", "_repr_latex_", "__repr__"})

_local = threading.local()


# -- a post-import hook: patch pandas/polars when (and if) they are imported ----------------------
class _PostImportFinder(importlib.abc.MetaPathFinder):
    """Runs callbacks right after a watched module has been executed."""

    def __init__(self) -> None:
        self.callbacks: dict[str, list[Callable[[Any], None]]] = {}
        self._busy: set[str] = set()

    def find_spec(self, fullname: str, path: Sequence[str] | None = None, target: Any = None) -> Any:
        if fullname not in self.callbacks or fullname in self._busy:
            return None
        self._busy.add(fullname)
        try:
            spec = importlib.util.find_spec(fullname)  # the real finders
        finally:
            self._busy.discard(fullname)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return None
        loader = spec.loader
        finder = self

        class _Loader(importlib.abc.Loader):
            def create_module(self, spec: Any) -> Any:
                return loader.create_module(spec)

            def exec_module(self, module: Any) -> None:
                loader.exec_module(module)
                for callback in finder.callbacks.pop(fullname, []):
                    callback(module)

        spec.loader = _Loader()
        return spec


_FINDER = _PostImportFinder()
_FINDER_LOCK = threading.Lock()


def when_imported(module_name: str, callback: Callable[[Any], None]) -> Callable[[], None]:
    """Call ``callback(module)`` now if ``module_name`` is imported, else right after its import.

    Returns a function that cancels a pending callback.
    """
    module = sys.modules.get(module_name)
    if module is not None:
        callback(module)
        return lambda: None
    with _FINDER_LOCK:
        _FINDER.callbacks.setdefault(module_name, []).append(callback)
        if _FINDER not in sys.meta_path:
            sys.meta_path.insert(0, _FINDER)

    def cancel() -> None:
        with _FINDER_LOCK:
            pending = _FINDER.callbacks.get(module_name, [])
            if callback in pending:
                pending.remove(callback)
            if not pending:
                _FINDER.callbacks.pop(module_name, None)
            if not _FINDER.callbacks and _FINDER in sys.meta_path:
                sys.meta_path.remove(_FINDER)

    return cancel


# -- patching ------------------------------------------------------------------------------------
@dataclass
class _Patch:
    cls: Any  # the class of a method, or the module of a function
    name: str
    had_own: bool
    original: Any


@dataclass
class ExportGuardHandle:
    """What :func:`install` changed; :meth:`uninstall` puts it back exactly."""

    session: GuardSession
    patches: list[_Patch] = field(default_factory=list)
    cancels: list[Callable[[], None]] = field(default_factory=list)
    installed: bool = True

    @property
    def methods(self) -> list[str]:
        """``"DataFrame.to_csv"``, ``"pyarrow.parquet.write_table"`` ... for every wrapped writer."""
        return [f"{p.cls.__name__}.{p.name}" for p in self.patches]

    def uninstall(self) -> None:
        """Restore every wrapped method (the original objects, or no own attribute where there was none)."""
        for cancel in self.cancels:
            cancel()
        self.cancels.clear()
        for patch in reversed(self.patches):
            if patch.had_own:
                setattr(patch.cls, patch.name, patch.original)
            else:
                try:
                    delattr(patch.cls, patch.name)
                except AttributeError:  # pragma: no cover - removed by someone else
                    pass
        self.patches.clear()
        self.installed = False


def install(session: GuardSession | None = None) -> ExportGuardHandle:
    """Guard the writers of every adapter of the session (pandas, polars, pyarrow ...).

    Parameters
    ----------
    session
        The guard session (policy, on/off switch, counts, adapters); the process-wide one when omitted.

    Returns
    -------
    ExportGuardHandle
        Call ``handle.uninstall()`` to restore the original methods.
    """
    if session is None:
        from ..session import current_session

        session = current_session()
    handle = ExportGuardHandle(session)
    by_module: dict[str, list[Writer]] = {}
    for adapter in session.registries.get("adapters"):
        for writer in adapter.writers:
            by_module.setdefault(writer.module, []).append(writer)

    def patcher(writers: list[Writer]) -> Callable[[Any], None]:
        def patch_module(module: Any) -> None:
            if not handle.installed:
                return
            for writer in writers:
                owner = getattr(module, writer.owner, None) if writer.owner is not None else module
                if owner is not None:
                    _patch(handle, owner, writer)

        return patch_module

    for module_name, writers in by_module.items():
        handle.cancels.append(when_imported(module_name, patcher(writers)))
    return handle


def _patch(handle: ExportGuardHandle, owner: Any, writer: Writer) -> None:
    name, fmt = writer.name, writer.fmt
    original = getattr(owner, name, None)
    if original is None or getattr(original, "__privguard_original__", None) is not None:
        return  # not in this version, or already guarded by another handle
    had_own = name in owner.__dict__
    own = owner.__dict__.get(name) if had_own else original
    session = handle.session

    attribute = writer.data_attribute
    if writer.owner is not None:

        @functools.wraps(original)
        def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
            frame = getattr(self, attribute) if attribute is not None else self
            return _guarded_call(session, original, name, fmt, self, args, kwargs, frame=frame)

    else:
        keyword = writer.data_keyword

        @functools.wraps(original)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if args:
                data, rest = args[0], args[1:]
            elif keyword is not None and keyword in kwargs:
                data, rest = kwargs.pop(keyword), ()
            else:
                return original(*args, **kwargs)  # let the writer say what is missing
            return _guarded_call(session, original, name, fmt, data, rest, kwargs)

    guarded.__privguard_original__ = original  # type: ignore[attr-defined]
    setattr(owner, name, guarded)
    handle.patches.append(_Patch(owner, name, had_own, own))


def _destination(name: str, args: tuple[Any, ...], kwargs: dict[str, Any], fmt: str = "") -> tuple[str, Any]:
    """``(kind, target)``: kind is ``file``, ``buffer``, ``string``, ``clipboard`` or ``table``."""
    if name.endswith("clipboard"):
        return "clipboard", None
    target = args[0] if args else next((kwargs[k] for k in _DEST_KEYWORDS if kwargs.get(k) is not None), None)
    if name in ("to_sql", "write_database") or fmt == "table":
        return "table", target
    if target is None:
        return "string", None
    if isinstance(target, (str, os.PathLike)):
        return "file", target
    return "buffer", target


def _message(method: str, exp: _Exposure, *, strict: bool) -> str:
    cols = ", ".join(repr(c) for c in exp.columns[:8]) + (" ..." if len(exp.columns) > 8 else "")
    ents = ", ".join(sorted(exp.entities))
    first = next((c for c in exp.columns if not c.startswith("index:")), exp.columns[0])
    head = (
        f"{method} blocked (strict mode): nothing was written"
        if strict
        else f"{method} writes unredacted personal data"
    )
    return (
        f"{head}: column(s) {cols} hold {ents}. Write a de-identified copy with "
        f"jupyter_privguard.safe_export(df, path), redact first with jupyter_privguard.redact(df), "
        f"or allow a column with %privguard allow column {first}."
    )


def _guarded_call(
    session: GuardSession,
    original: Any,
    name: str,
    fmt: str,
    data: Any,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    *,
    frame: Any = None,
) -> Any:
    """Check ``frame`` (``data`` itself unless the writer is an object holding it), then run the writer on ``data``."""
    frame = data if frame is None else frame
    if guard_bypassed() or getattr(_local, "writing", False) or not session.enabled:
        return original(data, *args, **kwargs)
    caller = sys._getframe(2).f_code.co_name if name in ("to_json", "to_html", "to_latex") else ""
    if caller in _INTERNAL_CALLERS:
        return original(data, *args, **kwargs)
    policy = session.policy
    kind, target = _destination(name, args, kwargs, fmt)
    record: dict[str, Any] = {
        "method": name,
        "format": fmt,
        "file": _file_label(kind, target, session),
        "kind": type(frame).__name__,
    }
    try:
        exp = exposure(frame, policy)
    except Exception as exc:
        # Fail closed in strict mode; otherwise say that the check could not run.
        record.update(decision="blocked" if policy.strict else "unchecked", error=type(exc).__name__)
        if policy.strict:
            session.counts.exports_blocked += 1
            _audit(session, **record)
            raise PrivacyError(
                f"{name} blocked (strict mode): the privacy check failed with "
                f"{type(exc).__name__}, so nothing was written"
            ) from None
        _warn(f"privguard could not check this {name} ({type(exc).__name__}); it was written unchecked")
        result = _write(original, data, args, kwargs)
        _audit(session, **record)
        return result
    n_rows, n_columns = _shape(frame)
    record.update(
        columns=exp.columns,
        entities=exp.entities,
        n_rows=n_rows,
        n_columns=n_columns,
        counts={"pii_columns": len(exp.columns)},
        strict=policy.strict,
    )
    if exp.columns and policy.strict:
        session.counts.exports_blocked += 1
        _audit(session, decision="blocked", **record)
        raise PrivacyError(_message(name, exp, strict=True))
    if exp.columns:
        session.counts.exports_warned += 1
        _warn(_message(name, exp, strict=False))
    try:
        result = _write(original, data, args, kwargs)
    except Exception as exc:
        _audit(session, decision="failed", error=type(exc).__name__, **record)
        raise
    _audit(session, decision="warned" if exp.columns else "clean", **record)
    return result


def _write(original: Any, data: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """Run a checked writer; the guarded writers it calls itself are part of this export, not new ones."""
    _local.writing = True
    try:
        return original(data, *args, **kwargs)
    finally:
        _local.writing = False
