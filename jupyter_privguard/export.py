"""safe_export(): write a de-identified copy of a frame to a file, and the check the export guard shares.

The core of exporting: redaction per policy, then the writer the file's suffix names, through a
temporary file renamed into place, audited. :func:`exposure` says which columns of a frame hold
personal data a policy would not keep; the export guard
(:mod:`jupyter_privguard.integrations.exports`, which patches the libraries' writers) asks it
before every write. Both find a frame's library through the session's adapters
(:mod:`jupyter_privguard.adapters`). This module imports no integration.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .adapters import adapter_for, require_adapter, row_labels
from .errors import PrivacyWarning

if TYPE_CHECKING:
    from .audit import AuditLog
    from .policy import Policy
    from .report import ScanReport
    from .session import GuardSession

__all__ = ["exposure", "guard_bypassed", "redact_name", "safe_export"]

_local = threading.local()


def guard_bypassed() -> bool:
    """Whether this thread is writing :func:`safe_export`'s copy (the export guard lets it through)."""
    return bool(getattr(_local, "bypass", False))


# -- the check -----------------------------------------------------------------------------------
@dataclass
class _Exposure:
    columns: list[str]
    entities: dict[str, int]  # entity -> number of columns
    report: ScanReport | None
    error: str | None = None


def exposure(data: Any, policy: Policy) -> _Exposure:
    """Which columns (and index levels) of ``data`` hold personal data the policy would not keep."""
    from .scanner import scan

    columns: list[str] = []
    entities: dict[str, int] = {}
    adapter = adapter_for(data)
    if adapter is not None and adapter.redacted(data):
        return _Exposure(columns, entities, None)  # redact()'s own lazy output: nothing to scan

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
    if report.pending:
        # never judge a write by part of a frame (a display's budgeted scan leaves columns pending)
        from .scanner import complete

        report = complete(report, data, policy=policy)
        if report.pending:
            raise RuntimeError("the scan left columns unclassified; the export is refused")
    collect(report, data)
    index = row_labels(data)
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
        adapter = adapter_for(data)
        values = adapter.present(data, position, _REDACTED_SAMPLE) if adapter is not None else []
    except Exception:
        return False
    return bool(values) and all(isinstance(v, str) and _REDACTED_VALUE.fullmatch(v) for v in values)


def _file_label(kind: str, target: Any, session: GuardSession) -> str:
    """The audit record's and the warning's name for a destination: a base name, its values redacted."""
    if kind == "file":
        base = os.path.basename(os.fspath(target)) or "<file>"
    elif kind == "table":
        base = str(target) if isinstance(target, str) else "<table>"
    else:
        return f"<{kind}>"
    try:
        # the suffix stays readable (it says the format); the stem may be made of personal data
        stem, suffix = os.path.splitext(base) if kind == "file" else (base, "")
        if not _PLAIN_SUFFIX.fullmatch(suffix):
            stem, suffix = base, ""
        base = redact_name(stem, session) + suffix
    except Exception:
        base = "<file>"
    return base[:200].replace("\n", " ").replace("\r", " ") or "<file>"


_PLAIN_SUFFIX = re.compile(r"(?:\.[A-Za-z0-9]{1,8})?")
# a name's tokens: runs of letters or digits; "AnnLee" is two
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NAME_SEPARATORS = str.maketrans(dict.fromkeys("_-.+~,", " "))
_WINDOW = 4
_NAME_INDEXES: dict[int, tuple[Any, Any, dict[str, str], dict[tuple[str, ...], str]]] = {}


def _tokens(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, normalised token)`` for each token of ``text`` (case and accents folded)."""
    import unicodedata

    out = []
    for match in _TOKEN.finditer(text):
        start = match.start()
        for piece in _CAMEL.split(match.group()):
            folded = unicodedata.normalize("NFKD", piece)
            folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
            out.append((start, start + len(piece), folded))
            start += len(piece)
    return out


def _name_index(session: GuardSession) -> tuple[dict[str, str], dict[tuple[str, ...], str]]:
    """The known values as token sets and as compact runs (``annlee``), memoised per version."""
    import weakref

    version = session._version
    cached = _NAME_INDEXES.get(id(session))
    if cached is not None and cached[0]() is session and cached[1] == version:
        return cached[2], cached[3]
    compact: dict[str, str] = {}
    tokens: dict[tuple[str, ...], str] = {}
    for value, entity in session.known_values()[1].items():
        found = [t for _, _, t in _tokens(value)]
        if not found or len(found) > _WINDOW:
            continue
        tokens.setdefault(tuple(sorted(found)), entity)
        joined = "".join(found)
        if len(joined) >= 5:
            compact.setdefault(joined, entity)
    for key in [k for k, c in _NAME_INDEXES.items() if c[0]() is None]:
        del _NAME_INDEXES[key]
    _NAME_INDEXES[id(session)] = (weakref.ref(session), version, compact, tokens)
    return compact, tokens


def redact_name(name: str, session: GuardSession) -> str:
    """``name`` (a file's stem, a table's name) with every personal value in it replaced by its placeholder.

    A file name holds values in a slugged form: ``ann_lee``, ``Ann-Lee-2024``, ``lee.ann``,
    ``AnnLee``, ``zoe_muller`` for Zoë Müller. The text guard runs on the name as written (an email, a
    phone number) and with its separators read as spaces; then the name's tokens are compared,
    a window of up to four at a time and in any order, with the tokens of the session's known values,
    case and accents folded.
    """
    from .textguard import apply_spans, redaction_spans

    spans = list(redaction_spans(name, session))
    spans += redaction_spans(name.translate(_NAME_SEPARATORS), session)
    compact, by_tokens = _name_index(session)
    if compact or by_tokens:
        found = _tokens(name)
        for i in range(len(found)):
            for width in range(1, _WINDOW + 1):
                window = found[i : i + width]
                if len(window) < width:
                    break
                words = [t for _, _, t in window]
                entity = by_tokens.get(tuple(sorted(words))) if width > 1 else None
                entity = entity or compact.get("".join(words))
                if entity is not None and session.policy.action_for(entity) != "keep":
                    spans.append((window[0][0], window[-1][1], entity))
    if not spans:
        return name
    spans.sort(key=lambda s: (s[0], -s[1]))
    merged: list[tuple[int, int, str]] = []
    for start, end, entity in spans:
        if merged and start < merged[-1][1]:
            s0, e0, ent0 = merged[-1]
            merged[-1] = (s0, max(end, e0), ent0 if e0 - s0 >= end - start else entity)
        else:
            merged.append((start, end, entity))
    return apply_spans(name, merged)[0]


def _audit(session: GuardSession, **fields: Any) -> None:
    try:
        log = getattr(session, "audit", None) or _default_log(session.policy)
        log.record("export", **fields)
    except Exception as exc:  # an export must not fail because its log entry could not be written
        _warn(f"privguard: could not write the audit log ({type(exc).__name__}); the export was not recorded")


def _default_log(policy: Policy) -> AuditLog:
    from .audit import default_log

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


def _shape(data: Any) -> tuple[int, int]:
    shape = getattr(data, "shape", None)
    if isinstance(shape, tuple) and shape:
        return int(shape[0]), int(shape[1]) if len(shape) > 1 else 1
    try:  # a frame without .shape (Spark): its adapter's, which remembers the count of the scan
        adapter = adapter_for(data)
        return adapter.shape(data) if adapter is not None else (0, 0)
    except Exception:
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


def safe_export(df: Any, path: str | os.PathLike[str], policy: Policy | None = None, **kwargs: Any) -> Path:
    """Write a de-identified copy of ``df`` to ``path``.

    The frame is redacted per ``policy`` (every finding handled: placeholders, masks, pseudonyms,
    generalised values; a labelled index too), then written with the writer that the file's suffix
    names, through a temporary file in the same folder that is renamed into place, so a failed
    write leaves no partial file. ``df`` is not modified. The export is audited.

    Parameters
    ----------
    df
        A pandas DataFrame or Series, a polars DataFrame, a ``pyarrow.Table`` (parquet, csv and
        feather written by pyarrow itself), a Spark DataFrame (``.parquet``, ``.csv`` or ``.jsonl``,
        written by Spark's writer as a directory; an existing one is replaced only with
        ``mode="overwrite"``), or an object of another registered adapter.
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
    from .redaction import redact
    from .session import current_session

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
    adapter = require_adapter(df)
    if adapter.writes_directory and path.exists() and kwargs.get("mode") != "overwrite":
        raise FileExistsError(f"{path.name!r} exists; pass mode='overwrite' to replace it")
    safe = adapter.export_copy(df, policy, redact)
    method, writer = adapter.writer(safe, method, kwargs)
    exp_cols: list[str] = []
    try:
        exp = exposure(df, policy)
        exp_cols, entities = exp.columns, exp.entities
    except Exception:
        entities = {}
    folder = path.parent if str(path.parent) else Path(".")
    tmp = _temporary(path, folder, adapter.writes_directory, kwargs)
    _local.bypass = True
    try:
        writer(tmp)
        _move(tmp, path, adapter.writes_directory)
    except BaseException as exc:
        _remove(tmp)
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


def _temporary(path: Path, folder: Path, directory: bool, kwargs: dict[str, Any]) -> str:
    """A free name next to ``path`` for the writer (a file, or for a dataset a folder it creates)."""
    if directory:
        tmp = tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        os.rmdir(tmp)  # the library creates its dataset folder itself
        return tmp
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    return tmp


def _move(tmp: str, path: Path, directory: bool) -> None:
    if directory and path.is_dir():
        import shutil

        shutil.rmtree(path)  # mode="overwrite" was asked for (checked before writing)
    os.replace(tmp, path)


def _remove(tmp: str) -> None:
    if os.path.isdir(tmp):
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    elif os.path.exists(tmp):
        os.unlink(tmp)
