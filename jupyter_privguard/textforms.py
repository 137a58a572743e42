"""Readings of outgoing text in which a learned value is found whatever form it was printed in.

A value printed by a notebook rarely looks the way it was learned: it comes case-changed, accents
stripped, JSON- or repr-escaped (``Zo\\u00eb``, ``'Ann Lee\\nBo Kim'``), HTML- or URL-encoded, slugged
(``first_last.csv``), with a zero-width space inside, or wrapped across the lines of a text table.
This module turns both sides, the learned value and the outgoing text, into the same thing: a
sequence of **normalised tokens**, and it keeps for every token where it came from in the text.

- :func:`normalise_token` is the one normal form of a token: NFKC, casefold, accents stripped (NFKD
  minus combining marks, plus the letters NFKD does not decompose: ``ø ß ł đ æ œ þ ...``), other
  scripts' digits as ASCII digits.
- :func:`tokens` cuts a text into runs of letters and runs of digits; everything else (spaces,
  punctuation, underscores, hyphens, dots, slashes, box-drawing characters) separates tokens.
- :func:`readings` gives the texts to tokenise for one outgoing text: the text itself; its decoded
  form (zero-width characters and soft hyphens removed, escape sequences, HTML entities and
  URL encoding decoded; a run of ``\\xNN`` read as UTF-8 bytes when it is valid UTF-8, escapes
  escaped twice decoded twice), only when decoding changes it; and one text per column of each text table
  (cells separated by ``|``, ``│``, ``┃``, ``┆``) whose cells wrap across lines. Each reading knows, for
  each of its characters, the range of the original text it came from, so a hit maps back, possibly
  to several spans (the fragments of a wrapped cell); and one text of the runs of letters printed
  spaced out (``A n n   L e e``, ``print(*name)``), each run glued back into one token.

The raw text is always a reading of its own, so that decoding never hides a value that was printed
as written (``C:\\new`` decodes to a newline: the raw reading still holds ``new``).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import unquote

__all__ = ["Reading", "Token", "Tokens", "normalise_token", "readings", "tokenise", "tokens", "value_tokens"]

# letters NFKD leaves whole (no combining mark to strip), written as the ASCII people type for them
_LETTERS = str.maketrans(
    {
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
        "ı": "i",
        "ħ": "h",
        "ŧ": "t",
        "ŋ": "n",
        "ĸ": "k",
        "ſ": "s",
    }
)

# combining marks of the scripts people's names are most often written in, so that a decomposed
# "Mu\u0308ller" stays one token (Python's \w does not count marks as word characters)
_MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0900-\u0903\u093a-\u094f\u0e31-\u0e3a\u0e47-\u0e4e"
_TOKEN = re.compile(rf"[^\W\d_](?:[^\W\d_]|[{_MARKS}])*|\d+")
_PLAIN_TOKEN = re.compile(r"[^\W\d_]+|\d+")  # the same where no combining mark occurs (most text)
_HAS_MARK = re.compile(f"[{_MARKS}]")


@lru_cache(maxsize=1 << 17)
def normalise_token(token: str) -> str:
    """The normal form of one token (letters or digits): NFKC, casefold, accents and marks stripped.

    ASCII tokens (most of them) only lower-case; the rest go through the whole chain, memoised.
    """
    if token.isascii():
        return token.lower()
    if token[0].isdigit():  # Arabic-Indic, Devanagari ... digits read as the digits they are
        return "".join(str(unicodedata.digit(c, 0)) for c in token)
    text = unicodedata.normalize("NFKC", token).casefold()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return "".join(c for c in text.translate(_LETTERS) if c.isalnum())


@dataclass(frozen=True)
class Token:
    """One token of a reading: its normal form and its span in the reading's text."""

    norm: str
    start: int
    end: int


class Tokens(NamedTuple):
    """The tokens of a text as three parallel lists (cheaper than an object per token)."""

    norms: list[str]
    starts: list[int]
    ends: list[int]


def tokenise(text: str) -> Tokens:
    """The tokens of ``text``: runs of letters (with their marks) and runs of digits, normalised."""
    pattern = _TOKEN if _HAS_MARK.search(text) else _PLAIN_TOKEN
    # lower-case the whole text once (offsets hold unless a character grows when lowered: then the
    # tokens are lower-cased one by one by normalise_token), and let the regex engine do the loop
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = text
    norms = pattern.findall(lowered)
    if not norms:
        return Tokens([], [], [])
    spans = [m.span() for m in pattern.finditer(lowered)]
    if not lowered.isascii():
        norms = [t if t.isascii() else normalise_token(t) for t in norms]
        if "" in norms:  # a token of marks or signs only: no letter to match on
            kept = [k for k, t in enumerate(norms) if t]
            norms, spans = [norms[k] for k in kept], [spans[k] for k in kept]
    return Tokens(norms, [s for s, _ in spans], [e for _, e in spans])


def tokens(text: str) -> list[Token]:
    """:func:`tokenise` as one :class:`Token` per token."""
    found = tokenise(text)
    return [Token(n, s, e) for n, s, e in zip(*found)]


def value_tokens(value: str) -> list[str]:
    """The normalised tokens of a learned value (after decoding, as outgoing text is decoded)."""
    if "\\" not in value and "&" not in value and "%" not in value:
        if value.isascii():
            return _PLAIN_TOKEN.findall(value.lower())
        if not _INVISIBLE.search(value):
            return tokenise(value).norms
    decoded = _decode(value)
    return tokenise(decoded[0] if decoded is not None else value).norms


@dataclass
class Reading:
    """A text to tokenise, and where each of its characters came from in the original text.

    ``starts``/``ends`` are ``None`` for the original text itself; else ``starts[i]:ends[i]`` is the
    range of the original text that character ``i`` of ``text`` stands for. ``table`` marks the
    reading of a table column, where a cell broken inside a word must be read glued back; ``spaced``
    the reading of letters printed spaced out, read glued back as well.
    """

    text: str
    starts: list[int] | None = None
    ends: list[int] | None = None
    table: bool = False
    spaced: bool = False

    def spans(self, start: int, end: int) -> list[tuple[int, int]]:
        """The original ranges behind ``text[start:end]``: one, or one per fragment of a wrapped cell.

        Ranges are joined when only non-word characters on the same line lie between them (a
        zero-width space removed, an escape sequence), so one value gives one span where it can.
        """
        if self.starts is None or self.ends is None:
            return [(start, end)]
        out: list[tuple[int, int]] = []
        for i in range(start, end):
            s, e = self.starts[i], self.ends[i]
            if out and s <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], e))
            else:
                out.append((s, e))
        return out


# -- decoding ----------------------------------------------------------------------------------
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)
# a run of \xNN escapes is one match: a bytes repr shows each UTF-8 byte of a letter as one escape
_ESCAPE = re.compile(r"(?:\\x[0-9a-fA-F]{2})+|\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[A-Z0-9 \-]+\}|[ntrfvb/\\'\"0])")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": " ", "v": " ", "b": " ", "0": " "}


def _unescape(m: re.Match[str]) -> str:
    body = m.group()[1:]
    kind = body[0]
    if kind == "x":
        # ``b'\xd0\x98'`` is one Cyrillic letter; a run that is no valid UTF-8 (``'\xe9'`` from
        # ascii(), Latin-1 bytes) reads one character per byte
        raw = bytes.fromhex(m.group().replace("\\x", ""))
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("latin-1")
    if kind in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[kind]
    if kind in "uU":
        code = int(body[1:], 16)
        if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:  # a lone surrogate half: no letter to read
            return " "
        return chr(code)
    if kind == "N":
        try:
            return unicodedata.lookup(body[2:-1])
        except KeyError:
            return " "
    return kind  # \/ \\ \' \"


def _unpercent(m: re.Match[str]) -> str:
    return unquote(m.group(), errors="replace")


_STAGES: tuple[tuple[str, re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    ("\\", _ESCAPE, _unescape),
    # escaped twice (the repr of json.dumps, of an ``unicode_escape`` bytes): ``\\u0418`` decodes
    # to ``\u0418`` first; a second pass reads the letter, never a third
    ("\\", _ESCAPE, _unescape),
    ("&", _ENTITY, lambda m: html.unescape(m.group())),
    ("%", _PERCENT, _unpercent),
    ("", _INVISIBLE, lambda m: ""),
)


def _rewrite(
    text: str, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str]
) -> tuple[str, list[int], list[int]] | None:
    """``text`` with each match replaced, and for each new character its source range; ``None`` if unchanged."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last = 0
    changed = False
    for m in pattern.finditer(text):
        new = replace(m)
        if new == m.group():
            continue
        changed = True
        pieces.append(text[last : m.start()])
        starts.extend(range(last, m.start()))
        ends.extend(range(last + 1, m.start() + 1))
        pieces.append(new)
        starts.extend([m.start()] * len(new))
        ends.extend([m.end()] * len(new))
        last = m.end()
    if not changed:
        return None
    pieces.append(text[last:])
    starts.extend(range(last, len(text)))
    ends.extend(range(last + 1, len(text) + 1))
    return "".join(pieces), starts, ends


def _decode(text: str) -> tuple[str, list[int], list[int]] | None:
    """``text`` decoded (escapes, entities, URL encoding, invisible characters), with its offset map."""
    current = text
    starts: list[int] | None = None
    ends: list[int] | None = None
    for trigger, pattern, replace in _STAGES:
        if trigger and trigger not in current:
            continue
        step = _rewrite(current, pattern, replace)
        if step is None:
            continue
        current, s, e = step
        if starts is None or ends is None:
            starts, ends = s, e
        else:
            # a character of this stage stands for a range of the previous stage's text
            starts, ends = [starts[i] for i in s], [ends[j - 1] if j > 0 else 0 for j in e]
    if starts is None or ends is None:
        return None
    return current, starts, ends


# -- text tables whose cells wrap ------------------------------------------------------------------
_CELL_BORDERS = frozenset("|│┃┆┇╎╏║")
_MIN_TABLE_LINES = 2


def _borders(line: str) -> tuple[int, ...]:
    return tuple(i for i, c in enumerate(line) if c in _CELL_BORDERS)


def _table_readings(text: str) -> list[Reading]:
    """One reading per column of each run of table lines whose cell borders line up.

    A run is broken by any line whose borders differ (rule lines such as ``+----+`` or ``├──┼──┤``
    between the rows of a grid table): the lines of one run are the lines of one wrapped row, or
    of a table that draws no rules between rows. Fragments are joined by a space.
    """
    if not any(c in text for c in _CELL_BORDERS):
        return []
    out: list[Reading] = []
    run: list[tuple[int, str]] = []
    key: tuple[int, ...] = ()

    def flush() -> None:
        if len(run) >= _MIN_TABLE_LINES and len(key) >= 2:
            out.extend(_columns(run, key))

    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        borders = _borders(body)
        if len(borders) >= 2 and borders == key:
            run.append((offset, body))
        else:
            flush()
            run, key = ([(offset, body)], borders) if len(borders) >= 2 else ([], ())
        offset += len(line)
    flush()
    return out


def _columns(run: list[tuple[int, str]], borders: tuple[int, ...]) -> list[Reading]:
    lefts = [-1, *borders]
    rights: list[int | None] = [*borders, None]
    out = []
    for left, right in zip(lefts, rights):
        pieces: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        filled = 0
        for offset, body in run:
            stop = len(body) if right is None else right
            cell = body[left + 1 : stop]
            stripped = cell.strip()
            if not stripped or not any(c.isalnum() for c in stripped):
                continue
            filled += 1
            first = left + 1 + (len(cell) - len(cell.lstrip()))
            if pieces:  # the space that joins two fragments stands for the end of the last one
                pieces.append(" ")
                starts.append(ends[-1] - 1)
                ends.append(ends[-1])
            pieces.append(stripped)
            starts.extend(range(offset + first, offset + first + len(stripped)))
            ends.extend(range(offset + first + 1, offset + first + len(stripped) + 1))
        if filled >= 2:
            out.append(Reading("".join(pieces), starts, ends, table=True))
    return out


# -- letters printed spaced out ---------------------------------------------------------------------
# single letters (or digits) with one light separator between them, at least three: "A n n", "A.N.N",
# "e-l-i-z-a". Whole tokens only: the run neither starts nor ends inside a longer token.
_SPACED_RUN = re.compile(r"(?<![^\W_])[^\W_](?:[ \u00a0._\-][^\W_]){2,}(?![^\W_])")
_SPACED_HINT = re.compile(r"(?<![^\W_])[^\W_][ \u00a0._\-][^\W_][ \u00a0._\-][^\W_](?![^\W_])")
_MAX_SPACED_GAP = 3  # characters between two runs that are words of one spaced text ("A n n   L e e")


def _spaced_reading(text: str) -> Reading | None:
    """The runs of spaced-out letters of ``text``, each glued into one token; ``None`` if there are none.

    Runs a short gap apart keep the gap (so ``A n n   L e e`` reads ``Ann   Lee``, two tokens); runs
    further apart are joined by a newline. Each glued letter stands for itself and the separator
    before it, so a hit maps back to the whole run as one span.
    """
    if not _SPACED_HINT.search(text):
        return None
    runs = [m for m in _SPACED_RUN.finditer(text) if any(c.isalpha() for c in m.group())]
    if not runs:
        return None
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last_end: int | None = None
    for m in runs:
        if last_end is not None:
            gap = text[last_end : m.start()]
            if len(gap) <= _MAX_SPACED_GAP and not any(c.isalnum() or c in "\r\n" for c in gap):
                pieces.append(gap)
                starts.extend(range(last_end, m.start()))
                ends.extend(range(last_end + 1, m.start() + 1))
            else:
                pieces.append("\n")
                starts.append(last_end - 1)
                ends.append(last_end)
        for k in range(m.start(), m.end(), 2):
            pieces.append(text[k])
            starts.append(k - 1 if k > m.start() else k)
            ends.append(k + 1)
        last_end = m.end()
    return Reading("".join(pieces), starts, ends, spaced=True)


def readings(text: str) -> list[Reading]:
    """The readings of ``text`` to match on: itself, decoded, its wrapped table columns, its spaced letters."""
    out = [Reading(text)]
    decoded = _decode(text)
    if decoded is not None:
        out.append(Reading(*decoded))
    out.extend(_table_readings(text))
    spaced = _spaced_reading(text)
    if spaced is not None:
        out.append(spaced)
    return out
