"""Safe hints for a report: a masked shape of a hit, the kind of its context, its table column.

A user triaging a finding needs to tell ``x[::2]`` read as an IPv6 address from a real one, a
``describe()`` decimal from a phone number, without the report carrying the value.
:func:`masked_shape` keeps only the classes of the characters (letters ``x``/``X``, digits ``d``)
and ASCII punctuation, and cuts long runs and long texts; :func:`html_layout` finds which table
cell of an HTML text an offset is in, so a hit can name its column; :func:`header_hint` decides
whether a column's header may be shown (a header is not a value, unless the columns are people).
Uses :mod:`.results` (the context names); the gazetteer of :mod:`jupyter_privguard.detect.names`
is loaded only when a header is judged.
"""

from __future__ import annotations

import bisect
import html
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field

from .results import (
    CONTEXT_CODE,
    CONTEXT_CODE_TEXT,
    CONTEXT_ERROR,
    CONTEXT_JSON,
    CONTEXT_MARKDOWN,
    CONTEXT_MARKUP,
    CONTEXT_PROSE,
    CONTEXT_RAW,
    CONTEXT_STREAM,
    CONTEXT_WIDGET,
    SOURCE_MIME,
    WIDGET_STATE_MIME,
)

__all__ = ["HtmlLayout", "context_of", "header_hint", "html_layout", "masked_shape"]

#: Runs of one character class longer than this are cut (``dddddd…``).
MAX_RUN = 6
#: A shape longer than this is cut (``…`` at the end).
MAX_SHAPE = 24
# punctuation is kept as it is: it is the shape (``[::2]``, ``(555) 123-4567``, ``a@b.c``); any
# other character that is neither a letter, a digit nor a space becomes "*"
_KEPT = frozenset(string.punctuation)
_ELLIPSIS = "…"


def _char_class(ch: str) -> str:
    if ch.isdigit():
        return "d"
    if ch.isalpha():
        return "X" if ch.isupper() else "x"
    if ch.isspace():
        return " "
    return ch if ch in _KEPT else "*"


def masked_shape(text: str, *, max_run: int = MAX_RUN, max_length: int = MAX_SHAPE) -> str:
    """The shape of a matched text, never its characters (ASCII punctuation aside).

    Letters become ``X`` (upper case) or ``x`` (lower case and scripts without case), digits ``d``,
    whitespace one space, ASCII punctuation stays, anything else ``*``. A run of the same class
    longer than ``max_run`` keeps ``max_run`` and ends in ``…``; a shape longer than
    ``max_length`` is cut to that length, ending in ``…``.

    Examples
    --------
    >>> masked_shape("x[::2]")
    'x[::d]'
    >>> masked_shape("16512.000000")
    'ddddd.dddddd'
    >>> masked_shape("(415) 5550137")
    '(ddd) dddddd…'
    """
    pieces: list[str] = []
    prev = ""
    run = 0
    for ch in text.strip():
        c = _char_class(ch)
        if c == prev:
            run += 1
        else:
            prev, run = c, 1
        if c == " " and run > 1:
            continue
        if run <= max_run:
            pieces.append(c)
        elif run == max_run + 1:
            pieces.append(_ELLIPSIS)
    shape = "".join(pieces)
    if len(shape) > max_length:
        shape = shape[: max_length - 1].rstrip(_ELLIPSIS) + _ELLIPSIS
    return shape


def context_of(mime: str, where: str | None, *, in_literal: bool | None = None) -> str:
    """The kind of context of a text leaf outside a table, from its MIME type and ``where``.

    ``in_literal`` says, for a code cell's source, whether the hit is inside a string literal or a
    comment (``None``: not known, ``code``).
    """
    if mime == SOURCE_MIME:
        if where == "markdown":
            return CONTEXT_MARKDOWN
        if where == "raw":
            return CONTEXT_RAW
        return CONTEXT_CODE_TEXT if in_literal else CONTEXT_CODE
    if mime == WIDGET_STATE_MIME:
        return CONTEXT_WIDGET
    if mime == "stream":
        return CONTEXT_STREAM
    if mime == "error":
        return CONTEXT_ERROR
    if mime.endswith("json"):
        return CONTEXT_JSON
    if mime in ("image/svg+xml", "application/javascript", "text/javascript"):
        return CONTEXT_MARKUP
    return CONTEXT_PROSE


# ---------------------------------------------------------------------------------------------
# where in an HTML table an offset is
# ---------------------------------------------------------------------------------------------
_TABLE_RE = re.compile(r"<table\b[^>]*>(.*?)</table\s*>", re.S | re.I)
_THEAD_RE = re.compile(r"<thead\b[^>]*>(.*?)</thead\s*>", re.S | re.I)
_ROW_RE = re.compile(r"<tr\b[^>]*>(.*?)</tr\s*>", re.S | re.I)
_CELL_RE = re.compile(r"<t([hd])\b([^>]*)>(.*?)</t[hd]\s*>", re.S | re.I)
_COLSPAN_RE = re.compile(r"""colspan\s*=\s*["']?(\d{1,3})""", re.I)
_TAG_RE = re.compile(r"<[^>]*>")


def _cell_text(markup: str) -> str:
    return html.unescape(_TAG_RE.sub("", markup)).strip()


@dataclass
class HtmlLayout:
    """The table cells of an HTML text: ``spans[k] = (start, end, table, column, is_header)`` in
    order of ``starts``; ``headers[table][column]`` the header text (``""`` when blank)."""

    starts: list[int] = field(default_factory=list)
    spans: list[tuple[int, int, int, int, bool]] = field(default_factory=list)
    headers: list[list[str]] = field(default_factory=list)

    def cell_at(self, offset: int) -> tuple[int, int, bool] | None:
        """``(table, column, is_header)`` of the cell whose content holds ``offset``, or ``None``."""
        k = bisect.bisect_right(self.starts, offset) - 1
        if k < 0:
            return None
        start, end, table, column, is_header = self.spans[k]
        return (table, column, is_header) if start <= offset < end else None


def html_layout(text: str) -> HtmlLayout:
    """Where the cells of the HTML tables of ``text`` are, and their columns (pandas' layout:
    index cells first, as ``th``; rows shorter than the widest lack leading index cells)."""
    layout = HtmlLayout()
    if "<table" not in text.lower():
        return layout
    for table_no, table in enumerate(_TABLE_RE.finditer(text)):
        body_start = table.start(1)
        body = table.group(1)
        head = _THEAD_RE.search(body)
        # in head, cells (start, end, kind, markup, columns spanned)
        rows: list[tuple[bool, list[tuple[int, int, str, str, int]]]] = []
        for row in _ROW_RE.finditer(body):
            in_head = head is not None and head.start(1) <= row.start() < head.end(1)
            at = body_start + row.start(1)
            cells = []
            for c in _CELL_RE.finditer(row.group(1)):
                span = _COLSPAN_RE.search(c.group(2))
                cells.append(
                    (at + c.start(3), at + c.end(3), c.group(1), c.group(3), int(span.group(1)) if span else 1)
                )
            if cells:
                rows.append((in_head, cells))
        if head is None and rows and all(kind.lower() == "th" for _, _, kind, _, _ in rows[0][1]):
            rows[0] = (True, rows[0][1])
        body_rows = [cells for in_head, cells in rows if not in_head]
        width = max((sum(max(1, n) for *_, n in cells) for cells in body_rows), default=0) or max(
            (sum(max(1, n) for *_, n in c) for _, c in rows), default=0
        )
        head_rows = [cells for in_head, cells in rows if in_head]
        levels: list[list[str]] = [[] for _ in range(width)]
        for cells in head_rows:
            # rows of the header aligned right (pandas: the index names sit on a second row, under
            # blank cells; a MultiIndex of columns has a row per level, a colspan per group)
            names = [_cell_text(m) for _, _, _, m, n in cells for _ in range(max(1, n))]
            names = ([""] * (width - len(names)) + names)[-width:] if width else []
            for k, name in enumerate(names):
                if name and (not levels[k] or levels[k][-1] != name):
                    levels[k].append(name)
        header = ["/".join(names) for names in levels]
        layout.headers.append(header)
        for in_head, cells in rows:
            pad = width - sum(max(1, n) for *_, n in cells)
            column = pad
            for start, end, _, _, n in cells:
                if 0 <= column < width:
                    layout.starts.append(start)
                    layout.spans.append((start, end, table_no, column, in_head))
                column += max(1, n)
    return layout


# ---------------------------------------------------------------------------------------------
# may a header be shown?
# ---------------------------------------------------------------------------------------------
_MAX_HEADER = 40
_HEADER_DIGITS = re.compile(r"\d{4}")
_MAX_HEADER_DIGITS = 6
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def header_hint(header: str, *, flagged: bool, values: Mapping[str, str]) -> str | None:
    """The header to show for a column, or ``None`` when it may itself be personal data.

    Parameters
    ----------
    header
        The column's header text.
    flagged
        A hit lies in this header cell (the header is a value some tier found).
    values
        The values of the columns the table tier found to be personal data: a header equal to one
        of them is a person, not a field name (a pivot with people as columns).

    Returns
    -------
    str or None
        The header, or ``None`` when it is flagged, is one of ``values``, looks like a person's
        name (the names gazetteer), holds an ``@``, four digits in a row or six in all, or is long.
    """
    text = header.strip()
    if not text:
        return None
    if flagged or text in values or len(text) > _MAX_HEADER or "@" in text or _HEADER_DIGITS.search(text):
        return None
    if sum(c.isdigit() for c in text) >= _MAX_HEADER_DIGITS:  # a phone written in short groups
        return None
    if _CONTROL.search(text):
        return None
    from ..detect.names import value_name_score

    if value_name_score(text) >= 0.5:
        return None
    return text
