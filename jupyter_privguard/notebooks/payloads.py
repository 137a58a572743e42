"""Data inside a text that no person reads: colours, encoded bytes, drawing data, measurements.

An output's HTML or SVG carries, beside its text, things that only a renderer reads: hex colours
(``#E6E6E6``), base64 data (an inline PNG in ``data:image/png;base64,...``, plotly's ``bdata``),
the drawing data of an SVG (``d``, ``points``, ``transform`` and every other attribute of its
elements) and measurements printed with a fraction (``16512.000000`` in a ``describe()`` table).
Their digits and letters make shapes that detectors read as postcodes, phones or card numbers,
and rewriting them breaks the picture. :func:`payload_ranges` finds them; :func:`mask_payloads`
blanks them (same length, so offsets stay) for the detectors, and what is blanked is never a hit,
so ``clean`` leaves it byte for byte.

What stays text: an SVG's ``<text>`` and comments (matplotlib writes each label as a comment),
the attributes that label a drawing for a reader (``aria-label``, ``alt``, ``title``), and numbers
that may be identifiers (integers, and a float ending in ``.0``, which is how pandas prints an
integer column with a gap: a phone column read as floats). Uses :mod:`.code_text` (the mask
character).
"""

from __future__ import annotations

import re
from typing import Any

from .code_text import MASK_CHAR, SHAPE_CHAR

Range = tuple[int, int]

# Patterns that would start with a look-behind are written with their first character first and the
# look-behind after it (``#(?<![\w&#]#)`` for ``(?<![\w&#])#``): the same matches, but ``re`` then
# skips to the next position holding that character instead of trying every position of the text
# (2-10x faster on a notebook's texts; tests/at_rest/test_payload_patterns.py compares both forms).

# a hex colour: 3, 4, 6 or 8 hex digits after "#" (not an HTML entity "&#123;", not a longer word)
_HEX_COLOUR = re.compile(r"#(?<![\w&#]#)(?:[0-9A-Fa-f]{8}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3,4})(?![\w-])")
# a data: URI's payload (base64 or percent-encoded), up to the quote, bracket or space that ends it;
# base64 may be wrapped over lines (with a backslash continuation inside a JavaScript string)
_DATA_URI = re.compile(
    r"\bdata:[\w/+.-]*(?:;[\w=.+-]+)*;base64,((?:[A-Za-z0-9+/=]|\\?\r?\n|\\n)*)"
    r"|\bdata:[\w/+.-]*(?:;[\w=.+-]+)*,([^\"'()\s<>]*)",
    re.I,
)
# the gaps inside a run of six or more integers in brackets, or of twelve or more (a printed array,
# a pixel row): a value spread over several of them is the array's, not a phone; each integer alone
# is still read
_NUMBER_RUN = re.compile(r"[-0-9](?<![\w.][-0-9])(?:(?<=-)[0-9]+|(?<=[0-9])[0-9]*)(?:[ \t]+-?[0-9]+){5,}(?![\w.])")
_GAP = re.compile(r"[ \t]+")
_LONG_RUN = 11  # gaps: twelve numbers or more
# a timestamp with a time of day: when something happened, not a number or a date of birth
_TIMESTAMP = re.compile(
    r"[0-9](?<!\w[0-9])[0-9]{3}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?\b"
)
# versions in tool output: a product token (``Boto/2.5.1``, RFC 9110) and pip's ``(from x) (1.2.3)``
_VERSION = re.compile(
    r"[0-9](?:(?<=[A-Za-z]/[0-9])[0-9]*(?:\.[0-9]+)+\b|(?<=\) \([0-9])[0-9]*(?:\.[0-9]+)+(?=\)$))", re.M
)
# a download log names the server it reached (wget, curl): a host's address, nobody's
_SERVER_LOG = re.compile(r"^(?:Resolving \S+ \([^)]*\)\.\.\. |Connecting to \S+ \([^)]*\)\|)([0-9a-fA-F.:, ]+)", re.M)
# a long run of the base64 alphabet (not part of a dotted token such as a JWT, not a path)
_BASE64_RUN = re.compile(r"(?<![\w+/.=-])[A-Za-z0-9+/]{100,}={0,2}(?![\w+/.=-])")
# a number with a fraction or an exponent (a measurement); not inside a dotted run (an IP, a
# version, a phone written with dots); ".0" alone is how pandas prints integers with a gap
_MEASUREMENT = re.compile(
    r"[-+0-9](?<![\w.][-+0-9])"
    r"(?:(?<=[-+])(?:[0-9]+\.[0-9]+(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)"
    r"|(?<=[0-9])(?:[0-9]*\.[0-9]+(?:[eE][-+]?[0-9]+)?|[0-9]*[eE][-+]?[0-9]+))"
    r"(?![\w]|\.[0-9])"
)
# a subscript with a slice (``x[::-1]``, ``frames[1::]``): code wherever it is written (a comment,
# prose, a printed line); an IPv6 address in a URL follows "//", not a name
_SUBSCRIPT = re.compile(r"\[(?<=[\w)\]#]\[)[^\[\]\n]*:[^\[\]\n]*\]")
_SVG_BLOCK = re.compile(r"<svg\b.*?(?:</svg\s*>|\Z)", re.S | re.I)
_TAG = re.compile(r"<(?![!?/])[^<>]*>", re.S)
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+)""", re.S)
# attributes of an SVG element that are words for a reader, not drawing data
_SVG_TEXT_ATTRIBUTES = frozenset({"aria-label", "aria-description", "alt", "title", "label"})
# MIME types of chart specs: their arrays of numbers are data points, their "bdata" encoded arrays
CHART_MIME_PREFIXES = ("application/vnd.plotly", "application/vnd.vega", "application/vnd.bokehjs")
_ENCODED_KEYS = frozenset({"bdata"})
_NOT_LINE_END = re.compile(r"[^\r\n]")
_NOT_BLANKED = re.compile(r"[^\r\n\x00]")


def _svg_ranges(text: str, base: int) -> list[Range]:
    ranges = []
    for tag in _TAG.finditer(text):
        for attribute in _ATTRIBUTE.finditer(tag.group(0)):
            if attribute.group(1).lower() in _SVG_TEXT_ATTRIBUTES:
                continue
            start = base + tag.start() + attribute.start(2)
            ranges.append((start, start + len(attribute.group(2))))
    return ranges


def payload_ranges(text: str, mime: str) -> list[Range]:
    """``(start, end)`` of the non-text payloads in ``text`` (a text leaf of MIME type ``mime``),
    possibly overlapping: what a renderer reads (drawing data, encoded bytes, colours)."""
    ranges: list[Range] = []
    if mime == "image/svg+xml":
        ranges.extend(_svg_ranges(text, 0))
    elif "<svg" in text or "<SVG" in text:
        for block in _SVG_BLOCK.finditer(text):
            ranges.extend(_svg_ranges(block.group(0), block.start()))
    if "data:" in text or "DATA:" in text:
        ranges.extend(m.span(1) if m.group(1) is not None else m.span(2) for m in _DATA_URI.finditer(text))
    if "#" in text:
        ranges.extend(m.span() for m in _HEX_COLOUR.finditer(text))
    if len(text) >= 100:
        ranges.extend(m.span() for m in _BASE64_RUN.finditer(text))
    return ranges


def shape_ranges(text: str) -> list[Range]:
    """``(start, end)`` of what only has a pattern's shape by coincidence: measurements, the gaps of
    number runs, timestamps, subscripts, versions, a download log's server. Unlike payloads, these
    are still text for the values the table tier learned (a birth date printed with its time)."""
    ranges: list[Range] = []
    for run in _NUMBER_RUN.finditer(text):
        gaps = list(_GAP.finditer(run.group(0)))
        # an array as numpy prints it (in brackets), or a long row of numbers; not a phone written
        # in groups ("+33 1 64 92 66 85", "04 20 00 57 56" after a row's index)
        if len(gaps) >= _LONG_RUN or text[max(0, run.start() - 16) : run.start()].rstrip(" \t").endswith("["):
            ranges.extend((run.start() + g.start(), run.start() + g.end()) for g in gaps)
    if ":" in text:
        ranges.extend(m.span() for m in _TIMESTAMP.finditer(text))
    if "Resolving " in text or "Connecting to " in text:
        ranges.extend(m.span(1) for m in _SERVER_LOG.finditer(text))
    if "." in text:
        ranges.extend(m.span() for m in _VERSION.finditer(text))
    if "[" in text:
        ranges.extend(m.span() for m in _SUBSCRIPT.finditer(text))
    for m in _MEASUREMENT.finditer(text):
        number = m.group(0)
        if not number.endswith(".0") or "e" in number.lower():
            ranges.append(m.span())
    return ranges


def blank(text: str, ranges: list[Range], char: str = MASK_CHAR) -> str:
    """``text`` with every range replaced by ``char`` (line ends kept); a character already blanked
    with :data:`MASK_CHAR` stays so."""
    if not ranges:
        return text
    pieces: list[str] = []
    at = 0
    for start, end in sorted(ranges):
        if end <= at:
            continue
        start = max(start, at)
        pieces.append(text[at:start])
        pieces.append((_NOT_LINE_END if char == MASK_CHAR else _NOT_BLANKED).sub(char, text[start:end]))
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


def mask_payloads(text: str, mime: str) -> str:
    """The text the pattern tier reads: ``text`` with its payloads blanked (:data:`MASK_CHAR`) and
    its coincidental shapes too (:data:`SHAPE_CHAR`); the same length."""
    return blank(blank(text, payload_ranges(text, mime)), shape_ranges(text), SHAPE_CHAR)


def is_chart_mime(mime: str) -> bool:
    return mime.startswith(CHART_MIME_PREFIXES)


def is_chart_data(key: Any, value: Any, mime: str) -> bool:
    """Whether a JSON member of a chart spec is data to leave unread: an encoded array
    (``"bdata"``) or a list of numbers (data points, not identifiers)."""
    if not is_chart_mime(mime):
        return False
    if key in _ENCODED_KEYS and isinstance(value, str):
        return True
    return isinstance(value, list) and len(value) > 1 and _numbers_only(value, 0)


def _numbers_only(value: list[Any], depth: int) -> bool:
    """A list of numbers, or of such lists (a heatmap's rows), ``None`` for gaps."""
    for v in value:
        if isinstance(v, list):
            if depth > 8 or not _numbers_only(v, depth + 1):
                return False
        elif isinstance(v, bool) or not (v is None or isinstance(v, (int, float))):
            return False
    return True
