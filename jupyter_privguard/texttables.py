"""A text that holds a table: JSON, JSON lines, or delimited rows under a header line.

:func:`table_of` is what the guard reads a file's text with when it must know what the file holds:
the ingress readers (``open``, ``Path.read_text``, ``linecache``) learn the table, and the file
writers (``shutil.copy``, ``zipfile``, ``tarfile``) check it before they copy it. Standard library only.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

__all__ = ["table_of"]

_SNIFF = 16 * 1024  # the head whose lines decide whether the text is a table
_DELIMITERS = ",;\t|"
_LABEL_CHARS = 64
_LABEL_WORDS = 4


def _json_table(text: str) -> Any:
    head = text.lstrip()[:1]
    if head in "[{" and head:
        try:
            return json.loads(text)
        except ValueError:
            pass
        lines = [line for line in text.splitlines() if line.strip()]
        if lines and all(line.lstrip().startswith("{") for line in lines[:20]):
            rows = []
            for line in lines:
                try:
                    rows.append(json.loads(line))
                except ValueError:
                    break  # a cut last line (a file read from its head)
            return rows or None
    return None


def _delimiter(lines: list[str]) -> str | None:
    """The delimiter every one of the first lines holds equally often (at least once), if any."""
    try:
        sniffed: str | None = csv.Sniffer().sniff("\n".join(lines), delimiters=_DELIMITERS).delimiter
    except csv.Error:
        sniffed = None
    reader_counts = []
    for delim in ([sniffed] if sniffed else []) + [d for d in _DELIMITERS if d != sniffed]:
        try:
            reader_counts = [len(row) for row in csv.reader(lines, delimiter=delim)]
        except csv.Error:
            continue
        if reader_counts and min(reader_counts) >= 2 and len(set(reader_counts)) == 1:
            return delim
    return None


def _header_like(cells: list[str]) -> bool:
    """Column labels: distinct, non-empty, a few words each (a note's clauses around a ``;`` are sentences)."""
    labels = [c.strip() for c in cells]
    return (
        all(labels)
        and len(set(labels)) == len(labels)
        and all(len(c) <= _LABEL_CHARS and len(c.split()) <= _LABEL_WORDS for c in labels)
    )


def table_of(text: str) -> Any:
    """``text`` parsed as a table (JSON, JSON lines, or delimited rows as a list of dicts), or ``None``.

    Parameters
    ----------
    text
        The whole text of a file, or its head (a cut last line is dropped).

    Returns
    -------
    object or None
        What :meth:`.ingress.IngressHandle.learn` learns; ``None`` when the text is no table.
    """
    found = _json_table(text)
    if found is not None:
        return found
    lines = text[:_SNIFF].splitlines()
    if len(lines) > 2:
        lines = lines[:-1]  # the head may cut its last line
    lines = [line for line in lines if line.strip()][:20]
    if len(lines) < 2:
        return None
    delim = _delimiter(lines)
    if delim is None or not _header_like(next(csv.reader(lines[:1], delimiter=delim))):
        return None
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delim))
    return rows or None
