"""The export guard: writing data that holds unredacted personal data warns, or in strict mode fails.

:func:`install` wraps the writers every frame adapter names (:attr:`FrameAdapter.writers
<jupyter_privguard.adapters.FrameAdapter.writers>`): pandas' ``DataFrame`` / ``Series`` ``to_*``
writers and the ``Styler``'s, polars' ``DataFrame.write_*`` and ``LazyFrame.sink_*``, pyarrow's
``parquet.write_table``, ``csv.write_csv``, ``feather.write_feather``, ``orc.write_table`` and
``dataset.write_dataset``; and, through :mod:`jupyter_privguard.integrations.writers`, the writers
that take any object (numpy, pickle, joblib, shelve, json, csv, logging files, IPython's
``%store``, matplotlib's ``savefig``, pyarrow's writer objects). A writer that another guarded
writer calls (pandas' ``to_parquet`` calls pyarrow's ``write_table``) is one export: only the
outer call is checked.

Each call checks what is written (:func:`~jupyter_privguard.integrations.exposure.exposed`: a
frame's classified columns, then a sample of its cells and labels against the session's known
values and the patterns, so ``df.T``, ``df.melt()``, a pivot or a Styler are caught too) and, when
it holds personal data whose policy action is not ``keep`` and that is not allowed:

* it emits a :class:`~jupyter_privguard.errors.PrivacyWarning` naming the writer, the destination,
  the columns, the entities and the ways out (:func:`safe_export`, ``%privguard allow column NAME``),
  then writes;
* with ``policy.strict`` it raises :class:`~jupyter_privguard.errors.PrivacyError` *before* the
  writer runs, so nothing is written: no file, not even an empty or a partial one.

Every export is recorded in the audit log: method, format, the file's *base name* (run through the
text guard token by token, so ``ann_lee.csv`` is not logged as one; the folder is never logged),
columns, entities, counts and the decision (:mod:`jupyter_privguard.integrations.writeguard`).

It imports neither IPython nor Jupyter. A library is patched when it is imported, so installing the
guard does not import it. The frame check (:func:`~jupyter_privguard.export.exposure`) and
:func:`~jupyter_privguard.export.safe_export` live in the core module :mod:`jupyter_privguard.export`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..adapters import shown_adapter
from ..adapters.base import Writer
from ..adapters.pandas import PANDAS_WRITERS
from ..adapters.polars import POLARS_WRITERS
from ..export import _shape, exposure, safe_export
from . import filewriters as _filewriters
from . import writers as _writers
from .exposure import Exposed, exposed
from .hooks import Patch, Patches, caller, when_imported
from .writeguard import Target, guard, skipped, target_of

if TYPE_CHECKING:
    from ..session import GuardSession

__all__ = [
    "PANDAS_WRITERS",
    "POLARS_WRITERS",
    "ExportGuardHandle",
    "exposure",
    "install",
    "safe_export",
    "when_imported",
]

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
    "base_dir",
    "sink",
)
# pandas calls some writers for its own rendering (the table-schema repr uses to_json, a Styler's
# HTML repr its to_html, repr() to_string): not exports.
_INTERNAL_CALLERS = frozenset(
    {"_repr_data_resource_", "_repr_html_", "_repr_latex_", "__repr__", "__str__", "_repr_markdown_"}
)
# writers that return their text when given no destination: without one they are not an export
_ONLY_TO_A_DESTINATION = frozenset({"to_string"})
# A lazy frame is checked by the head of its result (as many rows as the scan reads anyway).
_LAZY_SAMPLE = 1000


@dataclass
class ExportGuardHandle:
    """What :func:`install` changed; :meth:`uninstall` puts it back exactly."""

    session: GuardSession
    changes: Patches = field(default_factory=Patches)
    installed: bool = True

    @property
    def patches(self) -> list[Patch]:
        return self.changes.items

    @property
    def methods(self) -> list[str]:
        """``"DataFrame.to_csv"``, ``"pyarrow.parquet.write_table"`` ... for every wrapped writer."""
        return [p.label for p in self.changes.items]

    def uninstall(self) -> None:
        """Restore every wrapped writer (the original objects, or no own attribute where there was none)."""
        self.changes.restore()
        self.installed = False


def install(session: GuardSession | None = None) -> ExportGuardHandle:
    """Guard the writers of every adapter of the session (pandas, polars, pyarrow ...) and the others.

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
            for writer in writers:
                owner = getattr(module, writer.owner, None) if writer.owner is not None else module
                if owner is not None:
                    _patch(handle, owner, writer)

        return patch_module

    for module_name, writers in by_module.items():
        handle.changes.on_import(module_name, patcher(writers))
    _writers.install(session, handle.changes)
    _filewriters.install(session, handle.changes)
    return handle


def _patch(handle: ExportGuardHandle, owner: Any, writer: Writer) -> None:
    name, fmt = writer.name, writer.fmt
    session = handle.session
    attribute = writer.data_attribute
    lazy = writer.owner == "LazyFrame"

    def make(original: Any) -> Any:
        if writer.owner is not None:

            @functools.wraps(original)
            def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
                if _internal(name, caller(1)) or _redacted_text(session, original, args, kwargs):
                    return original(self, *args, **kwargs)
                frame = getattr(self, attribute) if attribute is not None else self
                if attribute is not None and shown_adapter(self) is not None:
                    frame = self  # a Styler: its frame and its caption
                elif lazy and not skipped(session):
                    frame = self.head(_LAZY_SAMPLE).collect()
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

        return guarded

    handle.changes.replace(owner, name, make)


def _redacted_text(session: GuardSession, original: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    """``df.to_markdown()`` with no destination while the display guard is on: the text it returns is made
    from the redacted frame (:mod:`.ipython.printers`), so it is no export of personal data."""
    if getattr(original, "__privguard_rendering__", None) is None or not session.enabled:
        return False
    return args[:1] in ((), (None,)) and all(kwargs.get(k) is None for k in _DEST_KEYWORDS)


def _internal(name: str, caller: Any) -> bool:
    """A writer called to render, not to export: by pandas' own reprs, or by the guard's display."""
    if caller is None:
        return False
    if caller.f_code.co_name in _INTERNAL_CALLERS:
        return True
    module = caller.f_globals.get("__name__", "")
    return module.startswith("jupyter_privguard.") and not module.startswith("jupyter_privguard.integrations.exports")


def _destination(name: str, args: tuple[Any, ...], kwargs: dict[str, Any], fmt: str = "") -> Target:
    if name.endswith("clipboard"):
        return Target("clipboard")
    target = args[0] if args else next((kwargs[k] for k in _DEST_KEYWORDS if kwargs.get(k) is not None), None)
    if name in ("to_sql", "write_database") or fmt == "table":
        return Target("table", target)
    return target_of(target)


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
    target = _destination(name, args, kwargs, fmt)
    if name in _ONLY_TO_A_DESTINATION and target.kind == "string":
        return original(data, *args, **kwargs)

    def check() -> Exposed:
        # the module's exposure (a test may replace it): a frame's columns, then its cells and labels
        return exposed(frame, session, frame_check=exposure)

    return guard(
        session,
        name,
        fmt,
        frame,
        target,
        lambda: original(data, *args, **kwargs),
        check=check,
        method=name,
        kind=type(frame).__name__,
        frame=True,
        shape=_shape(frame) if not skipped(session) else None,
    )
