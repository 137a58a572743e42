"""One decision for every guarded writer: check what it is given, then warn, or in strict mode refuse.

Every wrapper the export guard installs (a frame's ``to_csv``, ``np.save``, ``pickle.dump``,
``json.dump``, a csv row, a log record, ``savefig`` ...) calls :func:`guard` with the object it was
given, where it would go, and a ``write`` callable that runs the real writer. :func:`guard` asks
:func:`~jupyter_privguard.integrations.exposure.exposed` what the object exposes, then:

* nothing personal: writes, and records ``clean`` in the audit log;
* personal data, warn mode: a :class:`~jupyter_privguard.errors.PrivacyWarning` names the writer,
  the destination (its base name, through the text guard) and the fields and entities, never a
  value; then it writes;
* personal data, strict mode (``policy.strict``): raises
  :class:`~jupyter_privguard.errors.PrivacyError` **before** ``write`` runs, so the writer never
  opens its file (a buffer the user opened stays as it was);
* the check itself fails: strict mode raises (fail closed); warn mode says the write was unchecked.

A sampled check (:attr:`Exposed.truncated <jupyter_privguard.integrations.exposure.Exposed.truncated>`:
a container larger than the walk's bounds) is decided by what was seen, in strict mode too: the
sample is spread over the whole object, as the scan of a large frame is. The audit record says
so (``counts.sampled``).

A writer that another guarded writer calls (``to_pickle`` calls ``pickle.dump``) is part of the
outer export: only the outer call is checked.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import PrivacyError
from ..export import _audit, _file_label, _warn, guard_bypassed
from .exposure import Exposed, exposed

if TYPE_CHECKING:
    from ..session import GuardSession

__all__ = ["Target", "guard", "message", "target_of", "writing"]

T = TypeVar("T")
_local = threading.local()


@dataclass(frozen=True)
class Target:
    """Where a writer writes: ``kind`` is ``file``, ``buffer``, ``string``, ``clipboard``, ``table``,
    ``store`` (IPython's database) or ``shelf``; ``target`` the path, buffer or table name."""

    kind: str
    target: Any = None


def target_of(value: Any) -> Target:
    """The :class:`Target` of a writer's destination argument (a path, an open file, ``None``)."""
    if value is None:
        return Target("string")
    if isinstance(value, (str, bytes, os.PathLike)):
        return Target("file", os.fsdecode(value) if isinstance(value, bytes) else value)
    name = getattr(value, "name", None)  # an open file: its name says what it is
    if isinstance(name, str) and name and not name.startswith("<"):
        return Target("buffer", name)
    return Target("buffer")


def writing() -> bool:
    """Whether this thread is inside a checked writer (the writers it calls are part of it)."""
    return bool(getattr(_local, "writing", False))


def skipped(session: GuardSession) -> bool:
    """Whether a write goes through unchecked: safe_export's copy, a nested writer, a paused guard."""
    return guard_bypassed() or writing() or not session.enabled


def _label(target: Target, session: GuardSession) -> str:
    if target.kind == "buffer" and target.target is not None:
        return _file_label("file", target.target, session)
    if target.kind in ("file", "table"):
        return _file_label(target.kind, target.target, session)
    return f"<{target.kind}>"


def message(writer: str, where: str, exp: Exposed, *, strict: bool, frame: bool = False) -> str:
    """The warning or error text: the writer, the destination label, fields and entities (no values)."""
    fields = ", ".join(repr(f) for f in exp.fields[:8]) + (" ..." if len(exp.fields) > 8 else "")
    entities = ", ".join(sorted(exp.entities))
    names = [f.split(".")[-1].split(":")[-1].replace("[]", "") for f in exp.fields if not f.startswith("index:")]
    first = next((n for n in names if n and not n.startswith("<")), None)
    dest = f" to {where}" if where else ""
    head = (
        f"{writer}{dest} blocked (strict mode): nothing was written"
        if strict
        else f"{writer}{dest} writes unredacted personal data"
    )
    what = "column(s)" if frame else "field(s)"
    way_out = (
        "Write a de-identified copy with jupyter_privguard.safe_export(df, path), redact first with "
        "jupyter_privguard.redact(df)"
        if frame
        else "Redact first (jupyter_privguard.redact(df) for a frame; for a frame file, "
        "jupyter_privguard.safe_export(df, path))"
    )
    allow = f", or allow a column with %privguard allow column {first}" if first else ""
    return f"{head}: {what} {fields} hold {entities}. {way_out}{allow}."


def guard(
    session: GuardSession,
    writer: str,
    fmt: str,
    data: Any,
    target: Target,
    write: Callable[[], T],
    *,
    check: Callable[[], Exposed] | None = None,
    method: str | None = None,
    kind: str | None = None,
    frame: bool = False,
    shape: tuple[int, int] | None = None,
) -> T:
    """Check ``data``; warn or (strict) raise; then run ``write()``. See the module's docstring.

    Parameters
    ----------
    session
        The guard session (policy, switch, counts, audit log).
    writer
        The writer's name for messages (``"numpy.save"``, ``"to_csv"``).
    fmt
        The format, for the audit log (``"npy"``, ``"csv"``).
    data
        What is written.
    target
        Where it goes.
    write
        Runs the real writer (only after the check passed).
    check
        How ``data`` is checked (``exposed(data, session)`` by default).
    method, kind
        The audit record's ``method`` (``writer`` by default) and ``kind`` (the data's type name).
    frame
        The data is a frame: the message speaks of columns.
    shape
        ``(rows, columns)`` for the audit record.
    """
    if skipped(session):
        return write()
    policy = session.policy
    record: dict[str, Any] = {
        "method": _token(method or writer),
        "format": _token(fmt),
        "file": _label(target, session),
        "kind": _token(kind or type(data).__name__),
    }
    where = record["file"] if target.kind in ("file", "buffer", "table") else f"<{target.kind}>"
    try:
        exp = check() if check is not None else exposed(data, session)
    except Exception as exc:
        # fail closed in strict mode; otherwise say that the check could not run
        record.update(decision="blocked" if policy.strict else "unchecked", error=_token(type(exc).__name__))
        if policy.strict:
            session.counts.exports_blocked += 1
            _audit(session, **record)
            raise PrivacyError(
                f"{writer} blocked (strict mode): the privacy check failed with "
                f"{type(exc).__name__}, so nothing was written"
            ) from None
        _warn(f"privguard could not check this {writer} ({type(exc).__name__}); it was written unchecked")
        result = _run(write)
        _audit(session, **record)
        return result
    if shape is not None:
        record.update(n_rows=shape[0], n_columns=shape[1])
    record.update(
        columns=exp.fields,
        entities=exp.entities,
        counts={"pii_columns": len(exp.fields), **({"sampled": 1} if exp.truncated else {})},
        strict=policy.strict,
    )
    if exp.found and policy.strict:
        session.counts.exports_blocked += 1
        _audit(session, decision="blocked", **record)
        raise PrivacyError(message(writer, where, exp, strict=True, frame=frame))
    if exp.found:
        session.counts.exports_warned += 1
        _warn(message(writer, where, exp, strict=False, frame=frame))
    try:
        result = _run(write)
    except Exception as exc:
        _audit(session, decision="failed", error=_token(type(exc).__name__), **record)
        raise
    _audit(session, decision="warned" if exp.found else "clean", **record)
    return result


def _run(write: Callable[[], T]) -> T:
    """Run a checked writer; the guarded writers it calls itself are part of this export, not new ones."""
    outer = writing()
    _local.writing = True
    try:
        return write()
    finally:
        _local.writing = outer


def _token(text: str) -> str:
    """An audit token: letters, digits and ``_ . : + / < > -`` only, at most 80 characters."""
    cleaned = "".join(c if c.isascii() and (c.isalnum() or c in "_.:+/<>-") else "_" for c in str(text))
    return cleaned[:80] or "_"
