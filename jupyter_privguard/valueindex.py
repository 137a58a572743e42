"""The session's index of learned values: every form of every value, in compact hashed tables, no cap.

A value is learned as its normalised token sequence (:mod:`jupyter_privguard.textforms`) and found
again in outgoing text, read the same way, as a window of whole tokens. What is stored is not the
value but 64-bit hashes in sorted numpy arrays (one segment per batch of learned values, merged as
they grow), so an index of a million values takes tens of megabytes, not a Python object per form.

Forms of a value
----------------
- **tokens**: the value's normalised tokens in order, as a window of whole tokens of the text
  (case, accents, escapes, separators, slugs do not matter: ``first_last.csv``, ``FIRST-LAST``);
- **names** (``PERSON``) also in any order of up to three tokens (``Last, First``), and for longer
  names in every rotation (``de la Cruz, Juan``) and the reverse order;
- **emails** also as ``x at y com`` and ``x [at] y [dot] com``;
- **number-like values** (at least five digits, letters only in groups of up to four: phones,
  SSNs, cards, IBANs, national ids) as their letters and digits run together, with and without a
  country prefix (``+1``, ``0044``, and a trunk ``0`` for the national form), matched only against
  whole digit runs of the text glued across light separators (space, ``-``, ``.``, ``/``,
  parentheses), so ``(202) 555-0143``, ``2025550143`` and ``+12025550143`` read the same and
  ``52025550143`` does not; also as printed from floats (``5551234567.0``, ``5.551234567e+09``);
- **ISO dates** (``1994-01-24``, also with a midnight time) also day first, month first and year
  first, with any separator or none, padded or not (``24/01/1994``, ``1/24/1994``, ``19940124``),
  and with English month names (``24 Jan 1994``, ``January 24, 1994``);
- **cut by an ellipsis** (``…`` or ``...``, as pandas, polars and rich truncate a cell): the first
  :data:`MIN_PREFIX` normalised characters of the value (tokens joined by one space), followed by
  the ellipsis. Ten characters: polars cuts a cell to 30 characters and pandas to 47 by default,
  so a truncated value shows far more than ten; fewer would make every learned value's opening
  syllables a word to hunt for (``the old…``);
- **wrapped in a text table**: the column readings of :func:`textforms.readings` are matched like
  any text, and also glued (tokens run together), since a table wraps inside a word as well.

Short and common values
-----------------------
A one-token value that is a common word (the stop list of ``data/stopwords.txt``, from spaCy's
English list, not from any test data) is never matched alone: only right next to a token of a
learned person's name (``Will Ng``). A one-token value shorter than five characters (only
``PERSON`` values that short are learned: ``Bob``, ``Sue``, ``Li``) is matched as a whole token
only in its learned letter case or in title case (``Li`` and ``LI`` learned as ``Li`` match ``Li``
only, so ``<li>`` stays), or in any case next to a learned name token. Longer values match in any case.

Collisions: a hit is confirmed by a second, independent 32-bit checksum of the window stored with
its hash, so a false hit needs a 96-bit coincidence; a collision can only over-redact, never let a
value through.
"""

from __future__ import annotations

import itertools
import re
import threading
import zlib
from array import array
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from .textforms import Reading, Token, readings, tokens, value_tokens

__all__ = ["MIN_PREFIX", "NAME_ENTITIES", "ValueIndex", "stop_words"]

#: Normalised characters of a value that must show before an ellipsis for the cut value to be caught.
MIN_PREFIX = 10
#: Entities whose one-token values are learned even when shorter than five characters.
NAME_ENTITIES = frozenset({"PERSON"})

_MAX_WINDOW = 12  # tokens in the longest form matched (longer values match by their first 12)
_MAX_COMPACT_TOKENS = 12
_SHORT = 5

# payload bits: entity (8), flags (8), checksum (32)
_ALONE_NEVER = 1  # a common word: only next to a learned name token
_CASED = 2  # a short name: learned case or title case, or next to a learned name token
_SHAPE_SHIFT = 2  # two bits: the learned letter case of a short name
_LOWER, _TITLE, _UPPER, _MIXED = 0, 1, 2, 3

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?")
_MONTHS = "january february march april may june july august september october november december".split()
_COMPACT_GAP = re.compile(r"[ \t\-./()+]{0,3}")
_FLOAT_E = re.compile(r"(?<![\w.])\d(?:\.\d+)?[eE][+-]?\d{1,3}(?![\w.])")
# a cut may leave a separator before the ellipsis ("Allee 6095,…", "Wilhelmina …")
_ELLIPSIS = re.compile(r"[ \t,;:\-]{0,2}(?:…|\.\.\.)")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """The common words a one-token value is not matched alone as (normalised, from ``data/stopwords.txt``)."""
    text = resources.files("jupyter_privguard").joinpath("data", "stopwords.txt").read_text("utf-8")
    return frozenset(w for w in text.split("\n") if w and not w.startswith("#"))


def _check(parts: Iterable[str]) -> int:
    return zlib.crc32("\x1f".join(parts).encode("utf-8", "surrogatepass"))


def _shape(token: str) -> int:
    if token.islower():
        return _LOWER
    if token.isupper() and len(token) > 1:
        return _UPPER
    if token.istitle():
        return _TITLE
    return _MIXED


class _Table:
    """Hash keys to int64 payloads: sorted segments, searched all at once with numpy."""

    def __init__(self, payloads: bool = True) -> None:
        self._payloads = payloads
        self._pending_keys = array("q")
        self._pending_values = array("q")
        self._segments: list[tuple[Any, Any]] = []
        self._lock = threading.Lock()

    def add(self, key: int, value: int = 0) -> None:
        self._pending_keys.append(key)
        if self._payloads:
            self._pending_values.append(value)

    def seal(self) -> None:
        """Sort what was added into a segment; merge segments so that there are few (log of the size)."""
        with self._lock:
            if not self._pending_keys:
                return
            keys = np.frombuffer(self._pending_keys, dtype=np.int64).copy()
            values = np.frombuffer(self._pending_values, dtype=np.int64).copy() if self._payloads else None
            self._pending_keys = array("q")
            self._pending_values = array("q")
            segments = [*self._segments, self._sorted(keys, values)]
            while len(segments) > 1 and len(segments[-1][0]) * 2 >= len(segments[-2][0]):
                (k1, v1), (k2, v2) = segments[-2], segments[-1]
                merged_values = np.concatenate([v1, v2]) if self._payloads else None
                segments[-2:] = [self._sorted(np.concatenate([k1, k2]), merged_values)]
            self._segments = segments

    def _sorted(self, keys: Any, values: Any) -> tuple[Any, Any]:
        if values is None:
            return np.unique(keys), None
        order = np.argsort(keys, kind="stable")
        return keys[order], values[order]

    def lookup(self, keys: Any) -> Any:
        """The payload of each key (``-1`` where absent; ``0`` for a present key of a key-only table)."""
        # pending keys are not searched: only add() seals, so a lookup made while another thread
        # learns sees whole batches (never a table whose keys and payloads are out of step)
        out = np.full(len(keys), -1, dtype=np.int64)
        for seg_keys, seg_values in self._segments:
            pos = np.searchsorted(seg_keys, keys)
            pos[pos >= len(seg_keys)] = 0
            hit = (seg_keys[pos] == keys) & (out < 0)
            out[hit] = 0 if seg_values is None else seg_values[pos[hit]]
        return out

    def __bool__(self) -> bool:
        return bool(self._segments)

    @property
    def nbytes(self) -> int:
        total = self._pending_keys.itemsize * (len(self._pending_keys) + len(self._pending_values))
        for k, v in self._segments:
            total += k.nbytes + (0 if v is None else v.nbytes)
        return total


def _keys(hashes: list[int]) -> Any:
    return np.array(hashes, dtype=np.int64)


class ValueIndex:
    """Every learned value of a session, in every form listed in the module docstring.

    Values are added in batches (:meth:`add`) and found in any text (:meth:`find`). Thread-safe:
    the tripwire reads it while the kernel learns.
    """

    def __init__(self) -> None:
        self._entities: list[str] = []
        self._entity_codes: dict[str, int] = {}
        self._windows = _Table()  # hash(tuple of tokens) -> payload
        self._heads = _Table(payloads=False)  # hash(first token of a window)
        self._compact = _Table()  # hash(letters and digits run together) -> payload
        self._glued = _Table()  # hash(tokens run together) -> payload (table columns)
        self._prefixes = _Table()  # hash(first MIN_PREFIX characters of the tokens joined by spaces)
        self._names = _Table(payloads=False)  # hash(token of a learned person's name)
        self._compact_lengths: set[int] = set()
        self._glued_lengths: set[int] = set()
        self._max_window = 0
        self._count = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """How many values were added."""
        return self._count

    @property
    def nbytes(self) -> int:
        """Bytes held by the hash tables (the index's memory, the module's small tables aside)."""
        tables = (self._windows, self._heads, self._compact, self._glued, self._prefixes, self._names)
        return sum(t.nbytes for t in tables)

    # -- learning ---------------------------------------------------------------------------------
    def add(self, values: Iterable[str], entity: str) -> int:
        """Add ``values`` (texts) classified as ``entity``; returns how many had a form to find."""
        added = 0
        stops = stop_words()
        with self._lock:
            code = self._entity_codes.get(entity)
            if code is None:
                if len(self._entities) >= 255:  # pragma: no cover - more entity types than any catalogue
                    code = len(self._entities) - 1
                else:
                    code = self._entity_codes[entity] = len(self._entities)
                    self._entities.append(entity)
            for value in values:
                if self._add_one(value, code, entity, stops):
                    added += 1
            self._count += added
        for table in (self._windows, self._heads, self._compact, self._glued, self._prefixes, self._names):
            table.seal()
        return added

    def _add_one(self, value: str, code: int, entity: str, stops: frozenset[str]) -> bool:
        toks = value_tokens(value)
        if not toks:
            return False
        date = _ISO_DATE.fullmatch(value.strip())
        if date is not None:
            self._add_date(date, code)
            return True
        if _number_like(toks):
            self._add_number(value, toks, code)
            return True
        flags = 0
        if len(toks) == 1:
            if toks[0] in stops:
                flags = _ALONE_NEVER
            elif len(value.strip()) < _SHORT:
                flags = _CASED | (_shape(value.strip()) << _SHAPE_SHIFT)
        for window in _orders(toks, entity):
            self._add_window(tuple(window), code, flags)
        if "@" in value and len(toks) >= 2:
            self._add_email_forms(value, code)
        if entity in NAME_ENTITIES:
            for tok in toks:
                if tok not in stops and not tok.isdigit():
                    self._names.add(hash(tok))
        glued = "".join(toks)
        if len(toks) > 1 or len(glued) >= _SHORT:
            self._glued.add(hash(glued), code | (_check((glued,)) << 16))
            self._glued_lengths.add(len(glued))
        joined = " ".join(toks)
        if len(joined) > MIN_PREFIX:
            self._prefixes.add(hash(joined[:MIN_PREFIX]), code | (_check((joined[:MIN_PREFIX],)) << 16))
        return True

    def _add_window(self, window: tuple[str, ...], code: int, flags: int = 0) -> None:
        window = window[:_MAX_WINDOW]
        self._windows.add(hash(window), code | (flags << 8) | (_check(window) << 16))
        self._heads.add(hash(window[0]))
        self._max_window = max(self._max_window, len(window))

    def _add_compact(self, text: str, code: int) -> None:
        self._compact.add(hash(text), code | (_check((text,)) << 16))
        self._compact_lengths.add(len(text))

    def _add_email_forms(self, value: str, code: int) -> None:
        local, _, domain = value.strip().rpartition("@")
        local_toks, domain_toks = value_tokens(local), value_tokens(domain)
        if not local_toks or not domain_toks:
            return
        self._add_window((*local_toks, "at", *domain_toks), code)
        dotted = list(itertools.chain.from_iterable((t, "dot") for t in domain_toks))[:-1]
        self._add_window((*local_toks, "at", *dotted), code)

    def _add_number(self, value: str, toks: list[str], code: int) -> None:
        compact = "".join(toks)
        self._add_compact(compact, code)
        if not compact.isdigit():
            return
        stripped = value.strip()
        if stripped.startswith(("+", "00")):
            digits = compact[2:] if stripped.startswith("00") else compact
            prefix_digits = len(toks[0]) if len(toks) > 1 and len(toks[0]) <= 3 else None
            cuts = [prefix_digits] if prefix_digits is not None else [1, 2, 3]
            for cut in cuts:
                national = digits[cut:]
                if len(national) >= _SHORT:
                    self._add_compact(national, code)
                    if not national.startswith("0") and digits[:cut] != "1":
                        self._add_compact("0" + national, code)
            if stripped.startswith("00"):
                self._add_compact(digits, code)

    def _add_date(self, date: re.Match[str], code: int) -> None:
        y, m, d = date.group(1), date.group(2), date.group(3)
        mu, du = str(int(m)), str(int(d))
        for a, b, c in {(y, m, d), (d, m, y), (m, d, y), (du, mu, y), (mu, du, y), (y, mu, du)}:
            self._add_compact(a + b + c, code)
        month = int(m) - 1
        if not 0 <= month < 12:
            return
        for name in {_MONTHS[month], _MONTHS[month][:3], _MONTHS[month][:4]}:
            for day in {d, du}:
                self._add_window((day, name, y), code)
                self._add_window((name, day, y), code)

    # -- finding ----------------------------------------------------------------------------------
    def find(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, entity)`` of each learned value in ``text``, sorted, not overlapping.

        A value wrapped across the lines of a text table gives one span per fragment.
        """
        if not self._count or not text:
            return []
        spans: list[tuple[int, int, int]] = []
        for reading in readings(text):
            toks = tokens(reading.text)
            if not toks:
                continue
            for start, end, code in self._hits(reading, toks):
                for s, e in reading.spans(start, end):
                    spans.append((s, e, code))
        return _merge(spans, self._entities)

    def _hits(self, reading: Reading, toks: list[Token]) -> list[tuple[int, int, int]]:
        """``(start, end, entity code)`` in the reading's text."""
        norms = [t.norm for t in toks]
        out: list[tuple[int, int, int]] = []
        if self._windows:
            out += self._window_hits(reading, toks, norms)
        if self._compact:
            out += self._compact_hits(reading, toks)
        if self._prefixes and ("…" in reading.text or "..." in reading.text):
            out += self._prefix_hits(reading, toks, norms)
        if reading.table and self._glued:
            out += self._glued_hits(toks, norms)
        return out

    def _window_hits(self, reading: Reading, toks: list[Token], norms: list[str]) -> list[tuple[int, int, int]]:
        heads = self._heads.lookup(_keys([hash(n) for n in norms]))
        starts = np.flatnonzero(heads >= 0).tolist()
        if not starts:
            return []
        windows: list[tuple[str, ...]] = []
        where: list[int] = []
        for i in starts:
            for length in range(1, min(self._max_window, len(norms) - i) + 1):
                windows.append(tuple(norms[i : i + length]))
                where.append(i)
        found = self._windows.lookup(_keys([hash(w) for w in windows]))
        out = []
        names: Any = None
        for n in np.flatnonzero(found >= 0).tolist():
            payload, window, i = int(found[n]), windows[n], where[n]
            if payload >> 16 != _check(window):
                continue
            flags = (payload >> 8) & 0xFF
            if flags:
                if names is None:
                    names = self._names.lookup(_keys([hash(x) for x in norms])) >= 0 if self._names else None
                near_name = names is not None and (
                    (i > 0 and bool(names[i - 1])) or (i + 1 < len(norms) and bool(names[i + 1]))
                )
                if not near_name:
                    if flags & _ALONE_NEVER:
                        continue
                    written = reading.text[toks[i].start : toks[i].end]
                    shape = _shape(written)
                    if shape != _TITLE and shape != (flags >> _SHAPE_SHIFT):
                        continue
            j = i + len(window) - 1
            out.append((toks[i].start, toks[j].end, payload & 0xFF))
        return out

    def _compact_hits(self, reading: Reading, toks: list[Token]) -> list[tuple[int, int, int]]:
        text = reading.text
        lengths = self._compact_lengths
        longest = max(lengths)
        gaps = [bool(_COMPACT_GAP.fullmatch(text, toks[k - 1].end, toks[k].start)) for k in range(1, len(toks))]
        candidates: list[str] = []
        where: list[tuple[int, int]] = []
        for i, tok in enumerate(toks):
            if not tok.norm[0].isdigit() and len(tok.norm) > 4:
                continue
            joined = ""
            for j in range(i, min(len(toks), i + _MAX_COMPACT_TOKENS)):
                if j > i and not gaps[j - 1]:
                    break
                norm = toks[j].norm
                if not norm[0].isdigit() and len(norm) > 4:
                    break
                joined += norm
                if len(joined) > longest:
                    break
                if len(joined) in lengths and any(c.isdigit() for c in joined):
                    candidates.append(joined)
                    where.append((tok.start, toks[j].end))
        for m in _FLOAT_E.finditer(text):  # 5.551234567e+09: a phone number held by a float
            try:
                number = Decimal(m.group())
            except InvalidOperation:  # pragma: no cover - the pattern only admits numbers
                continue
            if number == number.to_integral_value() and number < 10**20:
                candidates.append(str(int(number)))
                where.append((m.start(), m.end()))
        if not candidates:
            return []
        found = self._compact.lookup(_keys([hash(c) for c in candidates]))
        out = []
        for n in np.flatnonzero(found >= 0).tolist():
            payload = int(found[n])
            if payload >> 16 == _check((candidates[n],)):
                out.append((*where[n], payload & 0xFF))
        return out

    def _prefix_hits(self, reading: Reading, toks: list[Token], norms: list[str]) -> list[tuple[int, int, int]]:
        ends = {t.end: k for k, t in enumerate(toks)}
        candidates: list[str] = []
        where: list[tuple[int, int]] = []
        for m in _ELLIPSIS.finditer(reading.text):
            last = ends.get(m.start())
            if last is None:
                continue
            for i in range(last, max(-1, last - _MAX_WINDOW), -1):
                joined = " ".join(norms[i : last + 1])
                if len(joined) >= MIN_PREFIX:
                    candidates.append(joined[:MIN_PREFIX])
                    where.append((toks[i].start, m.end()))
        if not candidates:
            return []
        found = self._prefixes.lookup(_keys([hash(c) for c in candidates]))
        out = []
        for n in np.flatnonzero(found >= 0).tolist():
            payload = int(found[n])
            if payload >> 16 == _check((candidates[n],)):
                out.append((*where[n], payload & 0xFF))
        return out

    def _glued_hits(self, toks: list[Token], norms: list[str]) -> list[tuple[int, int, int]]:
        lengths = self._glued_lengths
        longest = max(lengths)
        candidates: list[str] = []
        where: list[tuple[int, int]] = []
        for i in range(len(norms)):
            joined = ""
            for j in range(i, min(len(norms), i + _MAX_WINDOW)):
                joined += norms[j]
                if len(joined) > longest:
                    break
                if j > i and len(joined) in lengths:
                    candidates.append(joined)
                    where.append((toks[i].start, toks[j].end))
        if not candidates:
            return []
        found = self._glued.lookup(_keys([hash(c) for c in candidates]))
        out = []
        for n in np.flatnonzero(found >= 0).tolist():
            payload = int(found[n])
            if payload >> 16 == _check((candidates[n],)):
                out.append((*where[n], payload & 0xFF))
        return out


def _number_like(toks: list[str]) -> bool:
    """At least five digits, and letters only in short groups (country codes, check letters)."""
    digits = sum(len(t) for t in toks if t.isdigit())
    return digits >= _SHORT and all(t.isdigit() or len(t) <= 4 for t in toks)


def _orders(toks: list[str], entity: str) -> list[list[str]]:
    """The token orders a value is matched in: as learned, and for names also reordered."""
    if entity not in NAME_ENTITIES or len(toks) < 2:
        return [toks]
    if len(toks) <= 3:
        return [list(p) for p in dict.fromkeys(itertools.permutations(toks))]
    # "Last, First" splits a long name anywhere ("de la Cruz, Juan"): every rotation, and the reverse
    rotations = [toks[k:] + toks[:k] for k in range(len(toks))]
    return [list(w) for w in dict.fromkeys(tuple(w) for w in [*rotations, toks[::-1]])]


def _merge(spans: list[tuple[int, int, int]], entities: list[str]) -> list[tuple[int, int, str]]:
    """Overlapping spans become one, with the entity of the longest."""
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    merged: list[tuple[int, int, int]] = []
    for start, end, code in spans:
        if merged and start < merged[-1][1]:
            s0, e0, c0 = merged[-1]
            merged[-1] = (s0, max(e0, end), c0 if (e0 - s0) >= (end - start) else code)
        else:
            merged.append((start, end, code))
    return [(s, e, entities[c]) for s, e, c in merged]
