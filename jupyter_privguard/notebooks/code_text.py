"""Which parts of a code cell are text a person wrote: string literals and comments.

A code cell is read as code with Python's own tokenizer (:mod:`tokenize`): only the bodies of
string literals and ``#`` comments are text, so a slice (``x[::-1]``, ``X[1::2]``), a number, an
identifier or an operator is never taken for a value (an IPv6 address, a ZIP code, a phone).
IPython's syntax is not Python: a line magic or a shell escape (``%timeit``, ``!pip install``,
``ls?``) is text (a shell line may hold an address or a password), and a cell magic that changes
the language (``%%bash``, ``%%html``, ``%%sql``) makes its whole cell text. Anything the tokenizer
cannot read (an unfinished bracket, an open quote, another kernel's language) is text as a whole:
not knowing is no reason to look away.

:func:`text_ranges` gives the ranges; :func:`mask_code` blanks everything else so that detectors
run over the text parts only, with the offsets of the original. Uses no other module of the package.
"""

from __future__ import annotations

import functools
import io
import re
import tokenize

# cell magics whose body is Python (their first line is IPython syntax, the rest is code)
_PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "px", "autopx", "memit", "cython"})
# a line that IPython reads itself: a magic, a shell escape, help (``obj?``, ``?obj``)
_IPYTHON_LINE = re.compile(r"[ \t]*(?:[%!?]|[A-Za-z_][\w.]*[ \t]*=[ \t]*[%!]|[A-Za-z_][\w.]*\?\??[ \t]*$)")
_CELL_MAGIC = re.compile(r"[ \t]*%%(\w+)")
_LINE_MAGIC = re.compile(r"[ \t]*%(\w+)")
# what an unmasked character becomes: not a word character, not a space, no detector's separator
MASK_CHAR = "\x00"
# what a coincidental shape (a measurement, a timestamp) becomes: blank for patterns, text for the
# values the table tier learned (see .payloads and .spans)
SHAPE_CHAR = "\x01"

Range = tuple[int, int]
_NOT_LINE_END = re.compile(r"[^\r\n]")


def _string_body(token: str) -> tuple[int, int]:
    """Offsets of a string token's body inside the token (prefix and quotes left out)."""
    k = 0
    while k < len(token) and token[k] not in "'\"":
        k += 1
    quote = token[k : k + 3] if token[k : k + 3] in ('"""', "'''") else token[k : k + 1]
    end = len(token) - len(quote) if token.endswith(quote) and len(token) >= k + 2 * len(quote) else len(token)
    return k + len(quote), max(k + len(quote), end)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


@functools.lru_cache(maxsize=4096)  # cells repeat across a repository's notebooks (copies, versions)
def _cached_ranges(source: str) -> tuple[Range, ...]:
    return tuple(_text_ranges(source))


def text_ranges(source: str) -> list[Range]:
    """``(start, end)`` of the text parts of a code cell's source, in order and not overlapping.

    The whole source is one range when it is not Python the tokenizer can read (see the module).
    """
    return list(_cached_ranges(source))


def _text_ranges(source: str) -> list[Range]:
    """``(start, end)`` of the text parts of a code cell's source, in order and not overlapping.

    The whole source is one range when it is not Python the tokenizer can read (see the module).
    """
    if not source.strip():
        return []
    whole = [(0, len(source))]
    first = _CELL_MAGIC.match(source)
    if first and first.group(1) not in _PYTHON_CELL_MAGICS:
        return whole
    lines = source.splitlines(keepends=True)
    kept: list[Range] = []  # IPython lines: text as they are
    blanked: list[str] = []
    at = 0
    for n, line in enumerate(lines):
        magic = _LINE_MAGIC.match(line)
        if magic and magic.group(1) in _PYTHON_CELL_MAGICS:  # ``%timeit f(x[::2])``: the rest is Python
            blanked.append(" " * magic.end() + line[magic.end() :])
        elif (n == 0 and first) or _IPYTHON_LINE.match(line):
            body = line.rstrip("\r\n")
            kept.append((at, at + len(body)))
            blanked.append(" " * len(body) + line[len(body) :])
        else:
            blanked.append(line)
        at += len(line)
    python = "".join(blanked)
    starts = _line_starts(python)
    ranges: list[Range] = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(python).readline):
            kind = tok.type
            if kind == tokenize.ERRORTOKEN and tok.string.strip():
                return whole  # a character Python has no token for: not Python
            if kind not in (tokenize.STRING, tokenize.COMMENT) and tok.type != getattr(tokenize, "FSTRING_MIDDLE", -1):
                continue
            (row, col), (end_row, end_col) = tok.start, tok.end
            start, end = starts[row - 1] + col, starts[end_row - 1] + end_col
            if kind == tokenize.STRING:
                lo, hi = _string_body(tok.string)
                start, end = start + lo, start + hi
            elif kind == tokenize.COMMENT:
                start += 1
            if end > start:
                ranges.append((start, end))
    except (tokenize.TokenError, SyntaxError, IndentationError, ValueError):
        return whole
    return sorted(ranges + kept)


# the quick reading: a "#" comment, or a string in one of Python's quotes (which R, Julia and the
# shell share), left to right; a quote left open on its line opens nothing
_QUICK = re.compile(
    r"""#([^\n]*)|"{3}((?:[^\\]|\\.)*?)"{3}|'{3}((?:[^\\]|\\.)*?)'{3}|"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'""",
    re.S,
)


def quick_or_tokenized(source: str) -> list[Range]:
    """The quick reading when it is unambiguous (every quote of the source opens or closes one of
    its strings, no IPython line or cell magic), else the tokenizer's (:func:`text_ranges`)."""
    if "%" in source or "!" in source or "?" in source:
        return text_ranges(source)
    out: list[Range] = []
    outside: list[str] = []
    at = 0
    for m in _QUICK.finditer(source):
        outside.append(source[at : m.start()])
        at = m.end()
        group = m.lastindex
        if group is not None and m.end(group) > m.start(group):
            out.append(m.span(group))
    outside.append(source[at:])
    rest = "".join(outside)
    if "'" in rest or '"' in rest or "\\" in rest:  # a quote no string accounts for: ask the tokenizer
        return text_ranges(source)
    return out


def quick_ranges(source: str) -> list[Range]:
    """The text parts of a source by a lexical reading of quotes and comments, without the
    tokenizer: for a cell where only names can be found, and for a markdown code span."""
    out: list[Range] = []
    for m in _QUICK.finditer(source):
        group = m.lastindex
        if group is not None and m.end(group) > m.start(group):
            out.append(m.span(group))
    return out


def mask_code(source: str, ranges: list[Range] | None = None) -> str:
    """The source with every character outside its text ranges replaced by :data:`MASK_CHAR`
    (line ends kept, so lines and offsets stay where they were)."""
    if ranges is None:
        ranges = text_ranges(source)
    if ranges == [(0, len(source))]:
        return source
    pieces: list[str] = []
    at = 0
    for start, end in ranges + [(len(source), len(source))]:
        if start > at:
            pieces.append(_NOT_LINE_END.sub(MASK_CHAR, source[at:start]))
        pieces.append(source[max(start, at) : end])
        at = max(at, end)
    return "".join(pieces)
