"""The export guard: writing a frame that holds unredacted personal data warns, or in strict mode fails.

:func:`install` wraps pandas' ``DataFrame`` / ``Series`` ``to_csv``, ``to_parquet``, ``to_excel``,
``to_json``, ``to_sql``, ``to_pickle``, ``to_feather``, ``to_clipboard``, ``to_html``,
``to_markdown`` (and a few more writers), and polars' ``DataFrame.write_*`` when polars is installed.
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

This module is part of the core: it imports neither IPython nor Jupyter. pandas and polars are
patched when they are imported, so installing the guard does not import them.
"""

from __future__ import annotations

import functools
import importlib.abc
import importlib.machinery
import importlib.util
import os
import re
import sys
import tempfile
import threading
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import PrivacyError, PrivacyWarning

if TYPE_CHECKING:
    from ..audit import AuditLog
    from ..policy import Policy
    from ..report import ScanReport
    from ..session import GuardSession

__all__ = ["ExportGuardHandle", "PANDAS_WRITERS", "POLARS_WRITERS", "install", "safe_export"]

#: pandas writers that are guarded (on DataFrame and Series where the class has them).
PANDAS_WRITERS: tuple[str, ...] = (
    "to_csv",
    "to_parquet",
    "to_excel",
    "to_json",
    "to_sql",
    "to_pickle",
    "to_feather",
    "to_clipboard",
    "to_html",
    "to_markdown",
    "to_latex",
    "to_xml",
    "to_stata",
    "to_hdf",
    "to_orc",
)
#: polars writers that are guarded (those the installed version has).
POLARS_WRITERS: tuple[str, ...] = (
    "write_csv",
    "write_parquet",
    "write_excel",
    "write_json",
    "write_ndjson",
    "write_ipc",
    "write_ipc_stream",
    "write_avro",
    "write_database",
    "write_delta",
    "write_clipboard",
    "write_iceberg",
)
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
    cls: type
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
        """``"DataFrame.to_csv"`` ... for every wrapped method."""
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
    """Guard the pandas (and polars) writers.

    Parameters
    ----------
    session
        The guard session (policy, on/off switch, counts); the process-wide one when omitted.

    Returns
    -------
    ExportGuardHandle
        Call ``handle.uninstall()`` to restore the original methods.
    """
    if session is None:
        from ..session import current_session

        session = current_session()
    handle = ExportGuardHandle(session)

    def patch_pandas(pd: Any) -> None:
        if not handle.installed:
            return
        for cls in (pd.DataFrame, pd.Series):
            for name in PANDAS_WRITERS:
                _patch(handle, cls, name, fmt=name[3:])

    def patch_polars(pl: Any) -> None:
        if not handle.installed:
            return
        for name in POLARS_WRITERS:
            _patch(handle, pl.DataFrame, name, fmt=name[6:])

    handle.cancels.append(when_imported("pandas", patch_pandas))
    handle.cancels.append(when_imported("polars", patch_polars))
    return handle


def _patch(handle: ExportGuardHandle, cls: type, name: str, *, fmt: str) -> None:
    original = getattr(cls, name, None)
    if original is None or getattr(original, "__privguard_original__", None) is not None:
        return  # not in this version, or already guarded by another handle
    had_own = name in cls.__dict__
    own = cls.__dict__.get(name) if had_own else original
    session = handle.session

    @functools.wraps(original)
    def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
        return _guarded_call(session, original, name, fmt, self, args, kwargs)

    guarded.__privguard_original__ = original  # type: ignore[attr-defined]
    setattr(cls, name, guarded)
    handle.patches.append(_Patch(cls, name, had_own, own))


# -- the check -----------------------------------------------------------------------------------
@dataclass
class _Exposure:
    columns: list[str]
    entities: dict[str, int]  # entity -> number of columns
    report: ScanReport | None
    error: str | None = None


def exposure(data: Any, policy: Policy) -> _Exposure:
    """Which columns (and index levels) of ``data`` hold personal data the policy would not keep."""
    from ..scanner import scan

    columns: list[str] = []
    entities: dict[str, int] = {}

    def collect(report: ScanReport, frame: Any, prefix: str = "") -> None:
        for name, finding in report.columns.items():
            if finding.allowed or policy.column_allowed(name):
                continue
            if finding.is_pii and _looks_redacted(frame, finding.position):
                continue
            found = [finding.entity] if finding.entity is not None else list(finding.span_entities)
            found = [e for e in found if policy.action_for(e) != "keep"]
            if found:
                columns.append(prefix + name)
                for entity in found:
                    entities[entity] = entities.get(entity, 0) + 1

    report = scan(data, policy=policy)
    collect(report, data)
    index = _labelled_index(data)
    if index is not None:
        collect(scan(index, policy=policy), index, prefix="index:")
    return _Exposure(columns, entities, report)


# What redact() writes: placeholders, masks, hash and pseudonym tokens, generalised years and codes.
_REDACTED_VALUE = re.compile(
    r"<[A-Z][A-Z_]*>|\*+[0-9A-Za-z]{0,8}|\*+@[^@\s]+|[A-Z][A-Z_]*[:_][0-9a-f]{12,16}|[0-9A-Za-z]{1,6}\*\*"
)
_REDACTED_SAMPLE = 200


def _looks_redacted(data: Any, position: int) -> bool:
    """Every sampled value of the column is redact()'s output (the header still says PERSON, but the
    values are ``<PERSON>``): exporting it exposes nothing."""
    try:
        if hasattr(data, "iloc"):
            column = data.iloc[:, position] if getattr(data, "ndim", 1) == 2 else data
            values = column.dropna().head(_REDACTED_SAMPLE).tolist()
        elif hasattr(data, "to_series"):
            values = data.to_series(position).drop_nulls().head(_REDACTED_SAMPLE).to_list()
        else:
            values = data.drop_nulls().head(_REDACTED_SAMPLE).to_list()
    except Exception:
        return False
    return bool(values) and all(isinstance(v, str) and _REDACTED_VALUE.fullmatch(v) for v in values)


def _labelled_index(data: Any) -> Any:
    """A pandas frame's index as a frame when it holds labels (not a plain range), else ``None``."""
    index = getattr(data, "index", None)
    if index is None or type(data).__module__.split(".")[0] != "pandas":
        return None
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

    if isinstance(index, pd.RangeIndex) or index.dtype.kind in "iufb":
        return None
    frame = index.to_frame(index=False)
    frame.columns = [str(n) if n is not None else "index" for n in frame.columns]
    return frame


def _destination(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[str, Any]:
    """``(kind, target)``: kind is ``file``, ``buffer``, ``string``, ``clipboard`` or ``table``."""
    if name.endswith("clipboard"):
        return "clipboard", None
    target = args[0] if args else next((kwargs[k] for k in _DEST_KEYWORDS if kwargs.get(k) is not None), None)
    if name in ("to_sql", "write_database"):
        return "table", target
    if target is None:
        return "string", None
    if isinstance(target, (str, os.PathLike)):
        return "file", target
    return "buffer", target


def _file_label(kind: str, target: Any, session: GuardSession) -> str:
    if kind == "file":
        base = os.path.basename(os.fspath(target)) or "<file>"
    elif kind == "table":
        base = str(target) if isinstance(target, str) else "<table>"
    else:
        return f"<{kind}>"
    try:
        from ..textguard import redact_text

        # the suffix stays readable (it says the format); the stem may be made of personal data
        stem, suffix = os.path.splitext(base) if kind == "file" else (base, "")
        base = redact_text(stem, session)[0] + suffix
    except Exception:
        base = "<file>"
    return base[:200].replace("\n", " ") or "<file>"


def _audit(session: GuardSession, **fields: Any) -> None:
    try:
        log = getattr(session, "audit", None) or _default_log(session.policy)
        log.record("export", **fields)
    except Exception as exc:  # an export must not fail because its log entry could not be written
        _warn(f"privguard: could not write the audit log ({type(exc).__name__}); the export was not recorded")


def _default_log(policy: Policy) -> AuditLog:
    from ..audit import default_log

    return default_log(policy)


def _stacklevel() -> int:
    """The warning's stack level: the first frame outside this package (the user's call)."""
    level = 1
    frame = sys._getframe(1)
    package = __name__.split(".")[0]
    while frame is not None and frame.f_globals.get("__name__", "").split(".")[0] == package:
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    return level


def _warn(message: str) -> None:
    warnings.warn(PrivacyWarning(message), stacklevel=_stacklevel())


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
    session: GuardSession, original: Any, name: str, fmt: str, data: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> Any:
    if getattr(_local, "bypass", False) or not session.enabled:
        return original(data, *args, **kwargs)
    caller = sys._getframe(2).f_code.co_name if name in ("to_json", "to_html", "to_latex") else ""
    if caller in _INTERNAL_CALLERS:
        return original(data, *args, **kwargs)
    policy = session.policy
    kind, target = _destination(name, args, kwargs)
    record: dict[str, Any] = {
        "method": name,
        "format": fmt,
        "file": _file_label(kind, target, session),
        "kind": type(data).__name__,
    }
    try:
        exp = exposure(data, policy)
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
        result = original(data, *args, **kwargs)
        _audit(session, **record)
        return result
    n_rows, n_columns = _shape(data)
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
        result = original(data, *args, **kwargs)
    except Exception as exc:
        _audit(session, decision="failed", error=type(exc).__name__, **record)
        raise
    _audit(session, decision="warned" if exp.columns else "clean", **record)
    return result


def _shape(data: Any) -> tuple[int, int]:
    shape = getattr(data, "shape", None)
    if isinstance(shape, tuple) and shape:
        return int(shape[0]), int(shape[1]) if len(shape) > 1 else 1
    return 0, 0


# -- safe_export -----------------------------------------------------------------------------------
_SUFFIX_FORMATS: dict[str, tuple[str, dict[str, Any]]] = {
    ".csv": ("to_csv", {}),
    ".tsv": ("to_csv", {"sep": "\t"}),
    ".txt": ("to_csv", {}),
    ".parquet": ("to_parquet", {}),
    ".pq": ("to_parquet", {}),
    ".xlsx": ("to_excel", {}),
    ".xls": ("to_excel", {}),
    ".json": ("to_json", {}),
    ".jsonl": ("to_json", {"orient": "records", "lines": True}),
    ".ndjson": ("to_json", {"orient": "records", "lines": True}),
    ".pkl": ("to_pickle", {}),
    ".pickle": ("to_pickle", {}),
    ".feather": ("to_feather", {}),
    ".arrow": ("to_feather", {}),
    ".html": ("to_html", {}),
    ".htm": ("to_html", {}),
    ".md": ("to_markdown", {}),
    ".tex": ("to_latex", {}),
    ".xml": ("to_xml", {}),
}
_POLARS_METHODS = {
    "to_csv": "write_csv",
    "to_parquet": "write_parquet",
    "to_excel": "write_excel",
    "to_json": "write_json",
    "to_feather": "write_ipc",
}


def safe_export(df: Any, path: str | os.PathLike[str], policy: Policy | None = None, **kwargs: Any) -> Path:
    """Write a de-identified copy of ``df`` to ``path``.

    The frame is redacted per ``policy`` (every finding handled: placeholders, masks, pseudonyms,
    generalised values; a labelled index too), then written with the writer that the file's suffix
    names, through a temporary file in the same folder that is renamed into place, so a failed
    write leaves no partial file. ``df`` is not modified. The export is audited.

    Parameters
    ----------
    df
        A pandas DataFrame or Series, or a polars DataFrame.
    path
        The file to write; its suffix picks the format (``.csv``, ``.tsv``, ``.parquet``, ``.xlsx``,
        ``.json``, ``.jsonl``, ``.pkl``, ``.feather``, ``.html``, ``.md`` ...), or pass
        ``format="csv"``.
    policy
        The policy to apply; the session's when omitted.
    **kwargs
        Passed to the writer (``index=False`` ...).

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    ValueError
        The format cannot be told from the suffix.
    """
    from ..redaction import redact
    from ..session import current_session

    session = current_session()
    policy = policy if policy is not None else session.policy
    path = Path(path)
    fmt = kwargs.pop("format", None)
    key = f".{fmt.lstrip('.')}" if isinstance(fmt, str) else path.suffix.lower()
    if key not in _SUFFIX_FORMATS:
        known = ", ".join(sorted(_SUFFIX_FORMATS))
        raise ValueError(
            f"safe_export needs a file suffix or format= it knows ({known}); got {path.name!r}. "
            "Pass format='csv' (or another) to choose one."
        )
    method, defaults = _SUFFIX_FORMATS[key]
    kwargs = {**defaults, **kwargs}
    safe = _redact_with_index(df, policy, redact)
    if type(safe).__module__.split(".")[0] == "polars":
        method = _POLARS_METHODS.get(method, method)
        kwargs = {k: v for k, v in kwargs.items() if k not in ("sep", "orient", "lines")}
    writer = getattr(safe, method)
    exp_cols: list[str] = []
    try:
        exp = exposure(df, policy)
        exp_cols, entities = exp.columns, exp.entities
    except Exception:
        entities = {}
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    _local.bypass = True
    try:
        writer(tmp, **kwargs)
        os.replace(tmp, path)
    except BaseException as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        _audit(
            session,
            decision="failed",
            error=type(exc).__name__,
            method=method,
            format=key[1:],
            file=_file_label("file", path, session),
        )
        raise
    finally:
        _local.bypass = False
    n_rows, n_columns = _shape(df)
    _audit(
        session,
        decision="redacted",
        method=method,
        format=key[1:],
        file=_file_label("file", path, session),
        columns=exp_cols,
        entities=entities,
        n_rows=n_rows,
        n_columns=n_columns,
        counts={"pii_columns": len(exp_cols)},
        kind=type(df).__name__,
    )
    return path


def _redact_with_index(df: Any, policy: Policy, redact: Callable[..., Any]) -> Any:
    """``redact(df)``, and for a pandas frame with a labelled index, that index redacted too."""
    if _labelled_index(df) is None:
        return redact(df, policy=policy)
    names = [n if n is not None else f"level_{i}" for i, n in enumerate(df.index.names)]
    if len(names) == 1 and df.index.names[0] is None:
        names = ["index"]
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

    frame = df.to_frame() if isinstance(df, pd.Series) else df
    flat = frame.reset_index(names=names)
    out = redact(flat, policy=policy).set_index([n for n in names if n in flat.columns])
    out.index.names = list(df.index.names) if len(out.index.names) == len(df.index.names) else out.index.names
    if isinstance(df, pd.Series) and out.shape[1] == 1:
        out = out.iloc[:, 0]
    return out
