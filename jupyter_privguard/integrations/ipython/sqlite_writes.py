"""Writes into a file database through ``sqlite3``: the rows an ``INSERT`` / ``REPLACE`` / ``UPDATE`` is given.

The ingress connection (:func:`.ingress._connection_class`) hands every ``execute`` and
``executemany`` of the user's code here first. A statement that writes, on a connection whose main
database is a file (not ``:memory:``), is checked as the export guard checks any writer
(:func:`~jupyter_privguard.integrations.writeguard.guard`): the statement's text and its parameters.
Personal data warns; in strict mode :class:`~jupyter_privguard.errors.PrivacyError` is raised before
sqlite sees the rows, so the file holds none of them. Reads, schema statements and in-memory
databases pass unchecked.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from ..writeguard import Target, guard

__all__ = ["checked_write"]

T = TypeVar("T")
_WRITES = re.compile(r"\s*(?:--[^\n]*\n\s*)*(?:insert|replace|update|upsert)\b", re.I)
_OURS = ("jupyter_privguard.integrations.ipython.ingress", __name__)


def _from_user(handle: Any) -> bool:
    frame = sys._getframe(2)
    while frame is not None and frame.f_globals.get("__name__") in _OURS:
        frame = frame.f_back  # type: ignore[assignment]
    if frame is None:
        return False
    user = getattr(handle.shell, "user_global_ns", None)
    return frame.f_globals is user or frame.f_globals.get("__name__") == "__main__"


def _database_file(connection: Any, sqlite3: Any) -> str:
    try:
        rows = sqlite3.Connection.execute(connection, "PRAGMA database_list").fetchall()
    except Exception:
        return ""
    return next((str(r[2]) for r in rows if r[1] == "main" and r[2]), "")


def checked_write(
    handle: Any, sqlite3: Any, cursor: Any, sql: Any, params: Any, many: bool, run: Callable[[Any], T]
) -> T:
    """Run ``run(params)`` (the real ``execute``/``executemany``), after the check when it writes to a file."""
    if handle is None or not isinstance(sql, str) or not _WRITES.match(sql) or not _from_user(handle):
        return run(params)
    path = _database_file(cursor.connection, sqlite3)
    if not path:
        return run(params)
    if many and params is not None and not isinstance(params, (list, tuple)):
        params = list(params)  # a generator is read once: checked and then written from the same list
    data = {"statement": sql, "rows": params if many else [params]}
    label = "sqlite3 executemany" if many else "sqlite3 execute"
    return guard(handle.session, label, "sqlite", data, Target("file", path), lambda: run(params))
