"""What a hit is rewritten to, and where in a code cell a rewrite cannot break the code.

:func:`_replace` puts typed placeholders (escaped in markup) in place of hits;
:func:`_code_literals`, :func:`_source_offsets` and :func:`_safe_in_code` let a code cell's source
be redacted only inside string literals and ``#`` comments. Uses :mod:`.jsontext` (paths),
:mod:`.plan` (markup) and :mod:`.spans` (hits).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from .jsontext import Path_
from .plan import Markup
from .spans import Hit


def _placeholder(entity: str, markup: Markup) -> str:
    text = f"<{entity}>"
    return html.escape(text) if markup == "html" else text


def _replace(text: str, hits: Sequence[Hit], markup: Markup) -> str:
    pieces: list[str] = []
    last = 0
    for start, end, entity, _, _ in hits:
        pieces.append(text[last:start])
        pieces.append(_placeholder(entity, markup))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


# code: a string literal's body (Python's quotes, which R, Julia and shell share) or a # comment
_CODE_LITERAL_RE = re.compile(
    r'''
    \#(?P<comment>[^\n]*)
  | """(?P<d3>(?:[^"\\]|\\.|"(?!""))*)"""
  | \'\'\'(?P<s3>(?:[^'\\]|\\.|'(?!''))*)\'\'\'
  | "(?P<d1>(?:[^"\\\n]|\\.)*)"
  | '(?P<s1>(?:[^'\\\n]|\\.)*)'
''',
    re.S | re.X,
)


def _code_literals(source: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the string literal bodies and the comments of a code cell, in order.

    A lexical scan, not a parser: a quote left open on its line (a shell ``don't``) opens nothing,
    and an IPython magic or a ``%%bash`` cell is read the same way. :func:`_safe_in_code` only lets
    a span go that holds no quote or backslash, so a misread cannot change where a literal ends.
    """
    out = []
    for m in _CODE_LITERAL_RE.finditer(source):
        group = m.lastgroup
        assert group is not None  # every alternative has a named group
        out.append((m.start(group), m.end(group)))
    return out


def _safe_in_code(text: str, start: int, end: int, offset: int, literals: Sequence[tuple[int, int]]) -> bool:
    """Whether replacing ``text[start:end]`` (a line of a code cell that starts at ``offset`` in the
    cell's source) with a placeholder keeps the code as it was: inside one literal or comment,
    holding no quote or backslash and not right after a backslash (an escape sequence)."""
    a, b = offset + start, offset + end
    for lo, hi in literals:
        if lo <= a and b <= hi:
            return not any(c in text[start:end] for c in "'\"\\") and not (start and text[start - 1] == "\\")
        if lo > a:
            break
    return False


def _source_offsets(nb: dict[str, Any], cell: int) -> tuple[str, dict[Path_, int]]:
    """A code cell's source as one text, and where each stored line of it starts."""
    source = nb["cells"][cell].get("source")
    base: Path_ = ("cells", cell, "source")
    if isinstance(source, str):
        return source, {base: 0}
    offsets: dict[Path_, int] = {}
    pieces: list[str] = []
    at = 0
    for k, line in enumerate(source if isinstance(source, list) else []):
        if isinstance(line, str):
            offsets[base + (k,)] = at
            pieces.append(line)
            at += len(line)
    return "".join(pieces), offsets
