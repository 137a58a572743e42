"""More readers that learn what they return: numpy's text readers, sqlite3's ``iterdump`` and pyarrow's ``open_csv``.

Split from :mod:`.ingress` (which installs them) to keep each module short; nothing here imports it: the
handle and the attribute setter are passed in.

* numpy: ``loadtxt`` and ``genfromtxt`` called from the user's code; a structured result (``names=True``) is
  learnt as a table with a column per field, a 2-d string array with and without its first row as header.
* a row stream's column of several values joined (``group_concat(name, '; ')``), classified as nothing,
  is split on ``; `` / `` | `` / ``, `` and its parts learnt when they classify.
* sqlite3: ``Connection.iterdump`` yields SQL text; each ``INSERT INTO "t" VALUES(...)`` line is parsed and its
  values are learnt under the table's column names before the line is handed out.
* pyarrow: ``pyarrow.csv.open_csv`` returns a C reader whose methods cannot be wrapped, so it is returned inside
  a proxy that learns every batch ``read_next_batch``, iteration and ``read_all`` hand out.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .ingress import IngressHandle

__all__ = ["dump_rows", "learning_iterdump", "patch_numpy", "patch_open_csv"]

Setter = Callable[[Any, Any, str, Any, Any], None]

_INSERT = re.compile(r'^INSERT INTO\s+("(?:[^"]|"")+"|\S+)\s+VALUES\s*\((.*)\);\s*$', re.DOTALL | re.IGNORECASE)
_TOKEN = re.compile(r"\s*('(?:[^']|'')*'|[xX]'[0-9a-fA-F]*'|[^,']+?)\s*(?:,|$)")


def _numpy_table(result: Any) -> Any:
    """What a numpy text reader returned, as tables: a column per field, or the array with and without a header.

    A plain 2-d string array read with ``dtype=str`` / ``None`` keeps the file's header as its first row: it is
    learnt both ways (first row as column names, and all rows under ``column_i``) as nothing tells whether that
    row names the columns; learning a table twice costs time, never a value.
    """
    import pandas as pd

    names = getattr(getattr(result, "dtype", None), "names", None)
    if names:
        flat = result.reshape(-1)
        return pd.DataFrame({str(name): flat[name].tolist() for name in names})
    if getattr(result, "ndim", 0) != 2 or result.dtype.kind not in "OUS" or result.shape[0] < 2:
        return result
    cells = [[None if c is None else str(c) for c in row] for row in result.tolist()]
    plain = pd.DataFrame(cells, columns=[f"column_{i}" for i in range(result.shape[1])])
    header = [str(c) for c in cells[0]]
    if len(set(header)) != len(header):
        return plain
    return [pd.DataFrame(cells[1:], columns=header), plain]


def patch_numpy(handle: IngressHandle, np: Any, setter: Setter, depth: Any) -> None:
    """Wrap ``np.loadtxt`` and ``np.genfromtxt``: what the user's code reads with them is learnt."""
    for name in ("loadtxt", "genfromtxt"):
        original = getattr(np, name, None)
        if original is None or getattr(original, "__privguard_ingress__", None) is not None:
            continue

        def make(original: Any, name: str) -> Any:
            @functools.wraps(original)
            def reader(*args: Any, **kwargs: Any) -> Any:
                if getattr(depth, "depth", 0) or not handle.installed or not handle.from_user(1):
                    return original(*args, **kwargs)
                depth.depth = 1
                try:
                    result = original(*args, **kwargs)
                finally:
                    depth.depth = 0
                try:
                    table = _numpy_table(result)
                except Exception:  # learnt as it is: the learner fails closed on what it cannot read
                    table = result
                handle.learn(table, f"numpy.{name}")
                return result

            return reader

        setter(handle, np, name, make(original, name), original)


def _value(token: str) -> Any:
    if token.startswith("'"):
        return token[1:-1].replace("''", "'")
    if token.upper() == "NULL" or token[:2] in ("x'", "X'"):
        return None
    try:
        return float(token) if any(c in token for c in ".eE") else int(token)
    except ValueError:
        return token


def dump_rows(line: str) -> tuple[str, list[Any]] | None:
    """``(table, values)`` of one ``INSERT INTO "t" VALUES(...);`` line of an ``iterdump``, else ``None``."""
    match = _INSERT.match(line)
    if match is None:
        return None
    table = match.group(1)
    if table.startswith('"'):
        table = table[1:-1].replace('""', '"')
    body, values, at = match.group(2), [], 0
    while at < len(body):
        token = _TOKEN.match(body, at)
        if token is None or token.end() == at:
            return None  # not a plain row: the caller learns the line's text instead
        values.append(_value(token.group(1)))
        at = token.end()
    return table, values


def _columns(connection: Any, table: str) -> list[str] | None:
    try:
        quoted = table.replace('"', '""')
        return [str(r[1]) for r in connection.execute(f'PRAGMA table_info("{quoted}")').fetchall()]
    except Exception:
        return None


def learning_iterdump(
    connection: Any, lines: Iterator[str], handle: IngressHandle, stream: Callable[[str, list[str] | None], Any]
) -> Iterator[str]:
    """``lines`` (an ``iterdump``), each INSERT's values fed to the table's row stream before the line is yielded."""
    streams: dict[str, Any] = {}
    for line in lines:
        parsed = dump_rows(line) if handle.installed else None
        if parsed is not None:
            table, values = parsed
            found = streams.get(table)
            if found is None:
                columns = _columns(connection, table)
                found = streams[table] = stream("sqlite3.iterdump", columns)
            found.feed([values])
        elif handle.installed and line.upper().startswith("INSERT"):
            handle.learn(line, "sqlite3.iterdump")  # a row the parser does not read: learnt as text
        yield line


class _LearningCsvStream:
    """What ``pyarrow.csv.open_csv`` returns while the guard is loaded: the C reader, learning each batch first."""

    def __init__(self, reader: Any, handle: IngressHandle, what: str) -> None:
        self._reader = reader
        self._handle = handle
        self._what = what

    def _learnt(self, batch: Any) -> Any:
        self._handle.learn(batch, self._what)
        return batch

    def read_next_batch(self) -> Any:
        return self._learnt(self._reader.read_next_batch())

    def read_all(self) -> Any:
        return self._learnt(self._reader.read_all())

    def read_pandas(self, *args: Any, **kwargs: Any) -> Any:
        return self._learnt(self._reader.read_pandas(*args, **kwargs))

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        return self._learnt(next(self._reader))

    def __enter__(self) -> _LearningCsvStream:
        self._reader.__enter__()
        return self

    def __exit__(self, *exc: Any) -> Any:
        return self._reader.__exit__(*exc)

    def __getattr__(self, name: str) -> Any:  # schema, num_rows, close
        return getattr(self._reader, name)


def patch_open_csv(handle: IngressHandle, module: Any, setter: Setter) -> None:
    """Wrap ``pyarrow.csv.open_csv`` to return a proxy whose batches are learnt."""
    original = getattr(module, "open_csv", None)
    if original is None or getattr(original, "__privguard_ingress__", None) is not None:
        return

    what = f"{getattr(module, '__name__', 'csv')}.open_csv"

    @functools.wraps(original)
    def open_csv(*args: Any, **kwargs: Any) -> Any:
        made = original(*args, **kwargs)
        return _LearningCsvStream(made, handle, what) if handle.installed else made

    setter(handle, module, "open_csv", open_csv, original)


# ---------------------------------------------------------------------------------------------------
# a text column holding several values joined (``group_concat(full_name, '; ')``)
# ---------------------------------------------------------------------------------------------------
#: The separators a joined column is split on, the likeliest first.
SEPARATORS = ("; ", " | ", ", ")
#: A cell split into more parts than this is not a simple join: it is left to the pattern tier.
MAX_PARTS = 64


def _parts(cells: list[Any], separator: str) -> list[str] | None:
    parts: list[str] = []
    for cell in cells:
        if cell is None:
            continue
        if not isinstance(cell, str):
            return None
        split = [p.strip() for p in cell.split(separator)]
        if len(split) > MAX_PARTS:
            return None
        parts.extend(p for p in split if p)
    return parts


def joined_columns(frame: Any, report: Any, classify: Callable[[Any], Any]) -> dict[str, tuple[str, Any]]:
    """``{column: (separator, report on its parts)}`` for each column classified as nothing whose parts classify.

    Only a column whose every non-empty cell is a text, most of them holding the separator, is tried.
    """
    import pandas as pd

    found: dict[str, tuple[str, Any]] = {}
    for name, finding in report.columns.items():
        if finding.allowed or finding.entity is not None or finding.spans or name not in frame.columns:
            continue
        cells = [c for c in frame[name].tolist() if isinstance(c, str) and c]
        if not cells:
            continue
        for separator in SEPARATORS:
            if sum(separator in c for c in cells) * 2 < len(cells):
                continue
            parts = _parts(cells, separator)
            if not parts:
                continue
            parts_report = classify(pd.DataFrame({name: parts}))
            part_finding = parts_report.columns.get(name)
            if part_finding is not None and part_finding.entity is not None:
                found[name] = (separator, parts_report)
                break
    return found


def remember_joined(frame: Any, joined: dict[str, tuple[str, Any]], remember: Callable[[Any, Any], None]) -> None:
    """Remember the parts of each joined column of ``frame`` under its parts' report."""
    import pandas as pd

    for name, (separator, parts_report) in joined.items():
        if name not in frame.columns:
            continue
        parts = _parts(frame[name].tolist(), separator)
        if parts:
            remember(pd.DataFrame({name: parts}), parts_report)
