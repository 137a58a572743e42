"""What detectors read of a text leaf: the text a person reads, with code and payloads blanked.

:func:`mask_leaf` sets :attr:`_Unit.scan_text` of the units of one leaf (a string, or the lines
nbformat stores as a list) from the leaf as a whole, since a string literal or an SVG attribute
can span lines: a code cell's source is read as code (:mod:`.code_text`), a markdown cell's code
blocks and code spans likewise, and every other text has its payloads blanked
(:mod:`.payloads`). Blanked characters are never part of a hit (:mod:`.spans`), so ``clean``
cannot rewrite them. Uses :mod:`.code_text`, :mod:`.payloads` and :mod:`.results` (MIME names).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol, TypeVar

from .code_text import SHAPE_CHAR, mask_code, quick_or_tokenized, quick_ranges, text_ranges
from .payloads import blank, payload_ranges, shape_ranges
from .results import SOURCE_MIME


class _Leaf(Protocol):
    """What this module needs of :class:`.plan._Unit` (not imported: plan imports this module)."""

    text: str
    scan_text: str | None
    mime: str
    where: str | None


_U = TypeVar("_U", bound=_Leaf)

# a fenced code block (``` or ~~~, with its info string) and an inline code span
_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})[ \t]*([\w+-]*)[^\n]*\n(.*?)^[ \t]*\2[ \t]*$", re.S | re.M)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
# every built-in pattern needs a digit or an "@" (as in .spans)
_MAY_HOLD_PATTERN = re.compile(r"[0-9@]")
_PYTHON_INFO = frozenset({"", "python", "py", "python3", "ipython", "ipython3", "pycon"})


def _markdown_code(text: str) -> list[tuple[int, int]]:
    """The ranges of a markdown text that are not text: the code of its Python code blocks and
    code spans (their string literals and comments stay text)."""
    out: list[tuple[int, int]] = []

    def code_part(start: int, body: str, quick: bool = False) -> None:
        # a code span is a few characters: the lexical reading (quotes and comments) is enough
        keep = quick_ranges(body) if quick else text_ranges(body)
        at = 0
        for lo, hi in keep + [(len(body), len(body))]:
            if lo > at:
                out.append((start + at, start + lo))
            at = max(at, hi)

    fenced: list[tuple[int, int]] = []
    for m in _FENCE.finditer(text) if ("```" in text or "~~~" in text) else ():
        fenced.append(m.span())
        if m.group(3).lower() in _PYTHON_INFO:
            code_part(m.start(4), m.group(4))
    for m in _CODE_SPAN.finditer(text):
        if any(lo <= m.start() < hi for lo, hi in fenced):
            continue
        code_part(m.start(2), m.group(2), quick=True)
    return out


def scan_text(text: str, mime: str, where: str | None) -> str:
    """``text`` as detectors read it (same length; see the module)."""
    patterned = _MAY_HOLD_PATTERN.search(text) is not None
    if mime == SOURCE_MIME and where == "code":  # the literals' own payloads (a colour) too
        if not patterned:  # only names can be found here: the quick lexical reading is enough
            return mask_code(text, quick_ranges(text))
        code = mask_code(text, quick_or_tokenized(text))
        return blank(blank(code, payload_ranges(text, mime)), shape_ranges(text), SHAPE_CHAR)
    if not patterned and "#" not in text:
        return text  # every payload rule is about digits (or a colour); names are read anyway
    ranges = payload_ranges(text, mime)
    if mime == SOURCE_MIME and where == "markdown" and "`" in text:
        ranges.extend(_markdown_code(text))
    return blank(blank(text, ranges), shape_ranges(text), SHAPE_CHAR)


def mask_leaf(units: Sequence[_Leaf], mime: str, where: str | None) -> None:
    """Set the scan text of the units of one leaf (in order) where it differs from their text."""
    if not units:
        return
    whole = "".join(u.text for u in units)
    masked = scan_text(whole, mime, where)
    if masked == whole:
        return
    at = 0
    for unit in units:
        piece = masked[at : at + len(unit.text)]
        if piece != unit.text:
            unit.scan_text = piece
        at += len(unit.text)


def mask_json_leaf(unit: _U) -> _U:
    """A JSON string leaf with its payloads blanked (a colour, an encoded image ...)."""
    mask_leaf([unit], unit.mime, unit.where)
    return unit
