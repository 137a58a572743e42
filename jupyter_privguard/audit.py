"""The audit log: an append-only, hash-chained JSON-lines record of what the guard did.

Each line is one event (``scan``, ``reveal``, ``allow``, ``export``, ``policy`` ...) with the time,
the user, the kernel, and *names and numbers only*: columns, entities, counts, a decision. Values
never go in: :meth:`AuditLog.record` accepts a fixed set of payload keys, each with a checked
shape (a list of names, a mapping of names to numbers, a short token), and refuses anything else.

Every line carries ``prev`` (the hash of the line before; 64 zeros for the first) and ``hash``
(SHA-256 of the line's canonical JSON without ``hash``), so an edited, deleted or moved line
breaks the chain and :meth:`AuditLog.verify` names where. What a plain hash chain cannot show is
a log cut short at its end, or rewritten in full with fresh hashes: keep the head hash that
``verify()`` reports somewhere else if that matters.

The file is created with mode ``0600``. Appends take an exclusive ``fcntl`` lock on the file, so
two processes (two kernels) appending at once still build one chain; where ``fcntl`` is missing
(Windows) only threads of one process are serialised.
"""

from __future__ import annotations

import datetime as _dt
import getpass
import hashlib
import json
import math
import os
import re
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .errors import PrivGuardError

try:  # POSIX only
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["AuditError", "AuditLog", "EVENTS", "GENESIS", "default_log", "default_path"]

#: ``prev`` of the first line.
GENESIS = "0" * 64
#: Events the integrations record. Other lower-case identifiers are accepted too (for plugins).
EVENTS = (
    "scan",
    "reveal",
    "allow",
    "deny",
    "export",
    "policy",
    "config",
    "on",
    "off",
    "load",
    "unload",
    "audit",
    "plot",
)
ENV_VAR = "PRIVGUARD_AUDIT_LOG"

_EVENT = re.compile(r"^[a-z][a-z0-9_.:-]{0,39}$")
# A token: a decision, a format, an action, a setting key, an exception type.
_TOKEN = re.compile(r"^[A-Za-z0-9_.:+/<>\-]{1,80}$")
_MAX_NAME = 200
_MAX_ITEMS = 1000
_threads_lock = threading.Lock()


class AuditError(PrivGuardError, ValueError):
    """An audit record was refused (a payload key or shape that could carry a value)."""


# -- payload validation: names and numbers only ------------------------------------------------
def _name(key: str, value: Any) -> str:
    if not isinstance(value, str) or not value or len(value) > _MAX_NAME or "\n" in value or "\r" in value:
        raise AuditError(
            f"audit field {key!r} must hold names (one-line strings of 1-{_MAX_NAME} characters), "
            f"got a {type(value).__name__} of length {len(value) if isinstance(value, str) else '-'}"
        )
    return value


def _names(key: str, value: Any) -> list[str]:
    if isinstance(value, str) or not isinstance(value, (list, tuple, set, frozenset)):
        raise AuditError(f"audit field {key!r} must be a list of names, got {type(value).__name__}")
    if len(value) > _MAX_ITEMS:
        raise AuditError(f"audit field {key!r} holds {len(value)} names; at most {_MAX_ITEMS} are recorded")
    items = [_name(key, v) for v in value]
    return sorted(items) if isinstance(value, (set, frozenset)) else items


def _number(key: str, value: Any) -> int | float | bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    raise AuditError(f"audit field {key!r} must be a number, got {type(value).__name__}")


def _counts(key: str, value: Any) -> dict[str, int | float | bool]:
    if not isinstance(value, Mapping):
        raise AuditError(f"audit field {key!r} must be a mapping of names to numbers, got {type(value).__name__}")
    if len(value) > _MAX_ITEMS:
        raise AuditError(f"audit field {key!r} holds {len(value)} items; at most {_MAX_ITEMS} are recorded")
    return {_name(key, k): _number(f"{key}.{k}", v) for k, v in value.items()}


def _token(key: str, value: Any) -> str:
    if not isinstance(value, str) or not _TOKEN.match(value):
        raise AuditError(
            f"audit field {key!r} must be a short token (letters, digits, _ . : + / < > -; "
            f"at most 80), got {type(value).__name__}"
        )
    return value


def _file(key: str, value: Any) -> str:
    """A file's base name: a path would log the folder (often a user's or a customer's name)."""
    name = _name(key, value)
    if "/" in name or "\\" in name:
        raise AuditError(f"audit field {key!r} must be a file's base name, got a path; pass os.path.basename(path)")
    return name


def _entities(key: str, value: Any) -> list[str] | dict[str, int | float | bool]:
    """Entities as a list of names, or a mapping entity -> count."""
    return _counts(key, value) if isinstance(value, Mapping) else _names(key, value)


def _bool(key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise AuditError(f"audit field {key!r} must be true or false, got {type(value).__name__}")
    return value


#: The payload keys record() accepts, and the check each value must pass.
FIELDS: dict[str, Callable[[str, Any], Any]] = {
    "columns": _names,  # column names
    "entities": _entities,  # entity names, or entity -> count
    "counts": _counts,  # name -> number
    "detectors": _names,
    "decision": _token,  # clean | warned | blocked | redacted | failed | allowed ...
    "action": _token,  # a policy action, or a magic's verb
    "format": _token,  # csv, parquet ...
    "method": _token,  # to_csv, write_parquet ...
    "kind": _token,  # DataFrame, Series, column, value, pattern ...
    "setting": _token,  # a policy key
    "scope": _token,  # cell, session, user ...
    "error": _token,  # an exception type name
    "source": _token,
    "model": _name,
    "file": _file,  # a file's base name (never its directory), its values redacted by the caller
    "variable": _name,  # a variable name
    "target": _name,  # what an allow/deny applies to: a column name, or "<value>" / "<pattern>"
    "n_rows": _number,
    "n_columns": _number,
    "n_values": _number,
    "score": _number,
    "elapsed_s": _number,
    "strict": _bool,
    "enabled": _bool,
}
_RESERVED = ("seq", "time", "user", "kernel", "pid", "event", "prev", "hash")


def _canonical(record: Mapping[str, Any]) -> bytes:
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def _digest(record: Mapping[str, Any]) -> str:
    body = {k: v for k, v in record.items() if k != "hash"}
    return hashlib.sha256(_canonical(body)).hexdigest()


def _kernel_id() -> str | None:
    """The kernel's id when running inside ipykernel (read, never imported: the core stays pure)."""
    connect = sys.modules.get("ipykernel.connect")
    if connect is None:
        return None
    try:
        name = Path(connect.get_connection_file()).name
    except Exception:
        return None
    match = re.match(r"^kernel-(.+)\.json$", name)
    return match.group(1) if match else None


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return str(os.getuid()) if hasattr(os, "getuid") else "unknown"


class AuditLog:
    """An append-only, hash-chained JSON-lines file.

    Parameters
    ----------
    path
        Where the log lives; folders are created on the first record.
    kernel
        The kernel id written in every line; by default found from ipykernel's connection file
        when running in a kernel, else ``None``.

    Examples
    --------
    >>> log = AuditLog(tmp / "audit.jsonl")                                    # doctest: +SKIP
    >>> log.record("export", format="csv", columns=["email"], decision="warned")  # doctest: +SKIP
    >>> log.verify()                                                            # doctest: +SKIP
    (True, '1 event, chain intact (head 3f2a9c0d1e4b)')
    """

    def __init__(self, path: str | os.PathLike[str], *, kernel: str | None = None) -> None:
        self.path = Path(path).expanduser()
        self.kernel = kernel if kernel is not None else _kernel_id()

    def __repr__(self) -> str:
        return f"AuditLog({str(self.path)!r})"

    # -- writing ------------------------------------------------------------------------------
    def record(self, event: str, **fields: Any) -> dict[str, Any]:
        """Append one event; returns the line written (as a dictionary).

        Parameters
        ----------
        event
            A lower-case identifier: ``scan``, ``reveal``, ``allow``, ``deny``, ``export``,
            ``policy``, ``config`` ...
        **fields
            Payload, from a fixed set of keys (:data:`FIELDS`), each of a checked shape: lists of
            names, mappings of names to numbers, short tokens, numbers. ``None`` values are left out.

        Raises
        ------
        AuditError
            An unknown key, or a value of the wrong shape (which could be a raw data value).
        """
        if not isinstance(event, str) or not _EVENT.match(event):
            raise AuditError(f"event must be a lower-case identifier such as {', '.join(EVENTS[:5])}, got {event!r}")
        payload: dict[str, Any] = {}
        for key, value in fields.items():
            if value is None:
                continue
            check = FIELDS.get(key)
            if check is None:
                raise AuditError(
                    f"{key!r} is not an audit field; allowed: {', '.join(sorted(FIELDS))}. "
                    "The log holds names and numbers only, never values or free text."
                )
            payload[key] = check(key, value)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _threads_lock:
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                if fcntl is not None:
                    fcntl.flock(fd, fcntl.LOCK_EX)
                try:
                    if os.fstat(fd).st_mode & 0o077:
                        os.fchmod(fd, 0o600)  # a log made by an older version or another tool
                    last = _last_record(fd)
                    entry: dict[str, Any] = {
                        "seq": (last.get("seq", -1) + 1) if last else 0,
                        "time": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="milliseconds"),
                        "user": _user(),
                        "kernel": self.kernel,
                        "pid": os.getpid(),
                        "event": event,
                        **payload,
                        "prev": last.get("hash", GENESIS) if last else GENESIS,
                    }
                    entry["hash"] = _digest(entry)
                    os.write(fd, _canonical(entry) + b"\n")
                finally:
                    if fcntl is not None:
                        fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)
        return entry

    # -- reading ------------------------------------------------------------------------------
    def read(self) -> list[dict[str, Any]]:
        """Every readable line, oldest first (lines that are not JSON objects are skipped; see :meth:`verify`)."""
        out: list[dict[str, Any]] = []
        for _, record in self._lines():
            if isinstance(record, dict):
                out.append(record)
        return out

    def verify(self) -> tuple[bool, str]:
        """Check the hash chain.

        Returns
        -------
        (ok, message)
            ``ok`` is ``False`` when a line was edited (its hash does not match its content), deleted or
            moved (its ``prev`` is not the hash of the line before), or is not a JSON object. The message
            names the first broken line (1-based); when intact it gives the number of events and the head
            hash.
        """
        if not self.path.exists():
            return True, f"no audit log yet at {self.path}"
        prev = GENESIS
        n = 0
        for number, record in self._lines():
            if not isinstance(record, dict):
                return False, f"line {number}: not a JSON object (the file was edited)"
            if record.get("hash") != _digest(record):
                return False, f"line {number}: its content does not match its hash (the line was edited)"
            if record.get("prev") != prev:
                return False, (
                    f"line {number}: does not follow line {number - 1} "
                    "(a line before it was deleted, inserted or moved)"
                )
            if record.get("seq") != n:
                return False, f"line {number}: sequence number {record.get('seq')!r}, expected {n} (lines are missing)"
            prev = record["hash"]
            n += 1
        noun = "event" if n == 1 else "events"
        return True, f"{n} {noun}, chain intact (head {prev[:12]})"

    def _lines(self) -> list[tuple[int, Any]]:
        if not self.path.exists():
            return []
        out: list[tuple[int, Any]] = []
        with self.path.open("r", encoding="utf-8", errors="replace") as fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    out.append((number, json.loads(line)))
                except ValueError:
                    out.append((number, None))
        return out


def _last_record(fd: int) -> dict[str, Any] | None:
    """The last line of the open log (read backwards in blocks; the file may be large)."""
    size = os.fstat(fd).st_size
    if size == 0:
        return None
    block = 4096
    data = b""
    pos = size
    while pos > 0:
        step = min(block, pos)
        pos -= step
        data = os.pread(fd, step, pos) + data
        stripped = data.rstrip(b"\n")
        if b"\n" in stripped or pos == 0:
            line = stripped.rsplit(b"\n", 1)[-1]
            try:
                record = json.loads(line)
            except ValueError:
                # a damaged tail: chain on from its bytes, so verify() still points at the damage
                return {"seq": -2, "hash": hashlib.sha256(line).hexdigest()}
            return record if isinstance(record, dict) else None
    return None


def default_path(policy: Any = None) -> Path:
    """Where the audit log lives.

    ``policy.audit_log`` when the policy has one, else ``$PRIVGUARD_AUDIT_LOG``, else
    ``<jupyter data dir>/privguard/audit.jsonl`` (``jupyter_core.paths.jupyter_data_dir()`` when
    jupyter_core is installed, else ``~/.local/share/jupyter``).
    """
    configured = getattr(policy, "audit_log", None)
    if configured:
        return Path(configured).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    try:
        from jupyter_core.paths import jupyter_data_dir

        base = Path(jupyter_data_dir())
    except ImportError:
        base = Path("~/.local/share/jupyter").expanduser()
    return base / "privguard" / "audit.jsonl"


_LOGS: dict[Path, AuditLog] = {}


def default_log(policy: Any = None) -> AuditLog:
    """The audit log at :func:`default_path` (one instance per path)."""
    path = default_path(policy)
    log = _LOGS.get(path)
    if log is None:
        log = _LOGS[path] = AuditLog(path)
    return log
