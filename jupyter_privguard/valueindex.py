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
  ``52025550143`` does not; with thousands separators (``5,551,234,567``, ``5'551'234'567``, thin
  spaces) between groups of exactly three digits from a number's first group on; also as printed from floats (``5551234567.0``, ``5.551234567e+09``);
- **ISO dates** (``1994-01-24``, also with a midnight time) also day first, month first and year
  first, with any separator or none when padded (``24/01/1994``, ``24.01.1994``, ``19940124``), with
  a separator when not (``1/24/1994``), and with English month names (``24 Jan 1994``,
  ``January 24, 1994``);
- **cut by an ellipsis** (``…`` or ``...``, as pandas, polars and rich truncate a cell): the first
  :data:`MIN_PREFIX` normalised characters of the value (tokens joined by one space), followed by
  the ellipsis. Ten characters: polars cuts a cell to 30 characters and pandas to 47 by default,
  so a truncated value shows far more than ten; fewer would make every learned value's opening
  syllables a word to hunt for (``the old…``);
- **run together**: a token of at least eight letters that is a learned value without its
  separators (``annlee.csv``, ``AnnLee``);
- **glued to a neighbour** (names and emails, :mod:`jupyter_privguard.gluedvalues`): ``AnnLee``,
  ``Ann LeeBo Kim``, ``LeeAnn``, ``健太佐藤``, wherever the text shows an edge for each of the value's
  tokens (a token edge, a lower-to-upper case change, a script without case);
- **phones with an extension** (``001-868-581-9736x9935``, ``(555)123-4567 ext. 89``): the number
  without its extension in all its forms, and digits only with the extension's digits after them;
  a North American number learned without ``+1`` is also found with it (``+15551234567``);
- **wrapped in a text table**: the column readings of :func:`textforms.readings` are matched like
  any text, and also glued (tokens run together), since a table wraps inside a word as well;
- **spelt out** (``A n n   L e e``, ``print(*name)``): the spaced reading of :func:`textforms.readings`
  glues each run of single letters back into a token, matched as tokens and run together at any
  value length (a spelt-out run is no word of its own);
- **number-like values with letters** (``福岡市 20-46-20``, an IBAN) also as their tokens and prefix.

Short and common values
-----------------------
A one-token value that is a common word (the stop list of ``data/stopwords.txt``, from spaCy's
English list, not from any test data) is never matched alone: only right next to a token of a
learned person's name (``Will Ng``). A one-token value shorter than five characters (only
``PERSON`` values that short are learned: ``Bob``, ``Sue``, ``Li``) is matched as a whole token
only in its learned letter case or in title case (``Li`` learned matches ``Li``, not ``li`` or
``LI``, so ``<li>`` stays), or in any case next to a learned name token. Longer values, and values
of several tokens, match in any case.

Collisions: a hit is confirmed by 32 bits of a second hash (of a different string: the window's
tokens joined) stored with the key, so a false hit needs a 96-bit coincidence; a collision can only
over-redact, never let a value through. Hashes are Python's ``hash`` of ``str`` and ``tuple``: the
index lives in one process and is never saved, so the per-process seed is no concern.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from typing import Any

from .gluedvalues import ENTITIES as GLUED_ENTITIES
from .gluedvalues import GluedValues
from .hashtables import HashTable as _Table
from .textforms import Reading, Tokens, readings, tokenise, value_tokens

__all__ = ["MIN_PREFIX", "NAME_ENTITIES", "ValueIndex", "stop_words"]

#: Normalised characters of a value that must show before an ellipsis for the cut value to be caught.
MIN_PREFIX = 10
#: Entities whose one-token values are learned even when shorter than five characters.
NAME_ENTITIES = frozenset({"PERSON"})

_MAX_WINDOW = 12  # tokens in the longest form matched (longer values match by their first 12)
_MAX_COMPACT_TOKENS = 12
# a single token of the text is read as a value run together only from this length: shorter runs
# of a learned name ("boli" for Bo Li) are too often a word of their own
_MIN_GLUED_TOKEN = 8
_MAX_CUT = 80  # characters before an ellipsis searched for the start of a cut value (pandas shows 47)
_SHORT = 5

# payload bits: entity (8), flags (8), checksum (32)
_ALONE_NEVER = 1  # a common word: only next to a learned name token
_CASED = 2  # a short name: learned case or title case, or next to a learned name token
_SHAPE_SHIFT = 2  # two bits: the learned letter case of a short name
_LOWER, _TITLE, _UPPER, _MIXED = 0, 1, 2, 3

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?")
# a phone number's extension after it: "x9935", " ext. 89", " extension 12", "#4"
_EXTENSION = re.compile(r"(?i)\s*(?:x|ext\.?|extension|#)\s*([0-9]{1,6})$")
_NANP = re.compile(r"1?[2-9][0-9]{9}")
_MONTHS = "january february march april may june july august september october november december".split()
_DIGIT = re.compile(r"\d")
_FLOAT_E = re.compile(r"(?<![\w.])\d(?:\.\d+)?[eE][+-]?\d{1,3}(?![\w.])")
# a cut may leave a separator before the ellipsis ("Allee 6095,…", "Wilhelmina …")
# or any other sign ("yfarias@example.…", "elizabeth57@..."): rich and pandas cut a cell at the
# column width, wherever that falls
_ELLIPSIS = re.compile(r"(?:[^\w\r\n…]|_){0,2}(?:…|\.\.\.)")
# what no cut value holds: a table's cell border, or the two spaces pandas puts between columns
_CELL_GAP = re.compile(r"[|│┃┆┇╎╏║\t]| {2}")
# what locales print between groups of three digits besides "." and " " (light separators already,
# which join any digit runs): ",", "'", thin and no-break spaces, the Arabic thousands separator
_THOUSANDS = frozenset({",", "'", "\u2019", "\u00a0", "\u2009", "\u202f", "\u066c"})


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """The common words a one-token value is not matched alone as (normalised, from ``data/stopwords.txt``)."""
    text = resources.files("jupyter_privguard").joinpath("data", "stopwords.txt").read_text("utf-8")
    return frozenset(w for w in text.split("\n") if w and not w.startswith("#"))


def _check(key: tuple[str, ...] | str) -> int:
    """A second, independent hash of a key (of a different string, so a collision of the first is no help)."""
    text = "\x1f".join(key) if isinstance(key, tuple) else key
    return hash("\x1e" + text) & 0xFFFFFFFF


def _shape(token: str) -> int:
    if token.islower():
        return _LOWER
    if token.isupper() and len(token) > 1:
        return _UPPER
    if token.istitle():
        return _TITLE
    return _MIXED


class ValueIndex:
    """Every learned value of a session, in every form listed in the module docstring.

    Values are added in batches (:meth:`add`) and found in any text (:meth:`find`). Thread-safe:
    the tripwire reads it while the kernel learns.
    """

    def __init__(self) -> None:
        self._entities: list[str] = []
        self._entity_codes: dict[str, int] = {}
        self._windows = _Table()  # hash(tuple of tokens) -> entity | flags << 8 | check << 16
        self._heads = _Table("or")  # hash(first token of a window) -> bit n set: a window of n tokens
        self._compact = _Table()  # hash(letters and digits run together) -> entity | check << 16
        self._glued = _Table()  # hash(tokens run together) -> entity | check << 16 (table columns)
        self._prefixes = _Table()  # hash(first MIN_PREFIX characters, tokens joined by spaces)
        self._names = _Table("set")  # hash(token of a learned person's name)
        self._glue = GluedValues()  # names and emails glued to their neighbours (AnnLee, LeeBo Kim)
        # lengths of the keys run together: read by find() while add() runs, so replaced whole
        # (frozen) when a batch is sealed, never changed in place
        self._compact_lengths: frozenset[int] = frozenset()
        self._glued_lengths: frozenset[int] = frozenset()
        self._new_lengths: set[int] = set()
        self._count = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """How many values were added."""
        return self._count

    @property
    def nbytes(self) -> int:
        """Bytes held by the hash tables (the index's memory, the module's small tables aside)."""
        return sum(t.nbytes for t in self._tables())

    def _tables(self) -> tuple[_Table, ...]:
        return (
            self._windows,
            self._heads,
            self._compact,
            self._glued,
            self._prefixes,
            self._names,
            *self._glue.tables(),
        )

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
            person = entity in NAME_ENTITIES
            glue = entity in GLUED_ENTITIES
            # the loop below runs once per value (a million times): locals, no calls it can avoid
            w_keys, w_values = self._windows.keys.append, self._windows.values.append
            h_keys, h_values = self._heads.keys.append, self._heads.values.append
            g_keys, g_values = self._glued.keys.append, self._glued.values.append
            p_keys, p_values = self._prefixes.keys.append, self._prefixes.values.append
            n_keys = self._names.keys.append
            glued_lengths: set[int] = set()
            for value in values:
                toks = value_tokens(value)
                if not toks:
                    continue
                added += 1
                if _DIGIT.search(value):
                    date = _ISO_DATE.fullmatch(value.strip())
                    if date is not None:
                        self._add_date(date, code)
                        continue
                    if _number_like(toks):
                        self._add_number(value, toks, code)
                        if all(t.isdigit() for t in toks):
                            continue
                        # letters among the digits ("福岡市 20-46-20", "DE89 3704 ..."): also matched
                        # as its tokens, since the run-together form needs the letters glued to the
                        # digits, and by its prefix when cut
                    elif glue:
                        self._glue.add(toks, code, person, stops)
                elif glue:
                    self._glue.add(toks, code, person, stops)
                flags = 0
                if len(toks) == 1:
                    if toks[0] in stops:
                        flags = _ALONE_NEVER
                    elif len(value.strip()) < _SHORT:
                        flags = _CASED | (_shape(value.strip()) << _SHAPE_SHIFT)
                payload = code | (flags << 8)
                for window in _orders(toks, person):
                    w_keys(hash(window))
                    w_values(payload | ((hash("\x1e" + "\x1f".join(window)) & 0xFFFFFFFF) << 16))
                    h_keys(hash(window[0]))
                    h_values(1 << len(window))
                if "@" in value and len(toks) >= 2:
                    self._add_email_forms(value, code)
                if person:
                    for tok in toks:
                        if tok not in stops and not tok.isdigit():
                            n_keys(hash(tok))
                glued = "".join(toks)
                if len(toks) > 1 or len(glued) >= _SHORT:
                    g_keys(hash(glued))
                    g_values(code | (_check(glued) << 16))
                    glued_lengths.add(len(glued))
                joined = " ".join(toks)
                if len(joined) > MIN_PREFIX:
                    head = joined[:MIN_PREFIX]
                    p_keys(hash(head))
                    p_values(code | (_check(head) << 16))
            self._count += added
            # lengths before tables: a reader may look for a length with no key yet, never miss one
            self._compact_lengths = self._compact_lengths | self._new_lengths
            self._glued_lengths = self._glued_lengths | glued_lengths
            self._new_lengths = set()
            for table in self._tables():
                table.seal()
        return added

    def _add_window(self, window: tuple[str, ...], code: int) -> None:
        window = window[:_MAX_WINDOW]
        self._windows.keys.append(hash(window))
        self._windows.values.append(code | (_check(window) << 16))
        self._heads.keys.append(hash(window[0]))
        self._heads.values.append(1 << len(window))

    def _add_compact(self, text: str, code: int) -> None:
        self._compact.keys.append(hash(text))
        self._compact.values.append(code | (_check(text) << 16))
        self._new_lengths.add(len(text))

    def _add_email_forms(self, value: str, code: int) -> None:
        local, _, domain = value.strip().rpartition("@")
        local_toks, domain_toks = value_tokens(local), value_tokens(domain)
        if not local_toks or not domain_toks:
            return
        self._add_window((*local_toks, "at", *domain_toks), code)
        dotted = list(itertools.chain.from_iterable((t, "dot") for t in domain_toks))[:-1]
        self._add_window((*local_toks, "at", *dotted), code)

    def _add_number(self, value: str, toks: list[str], code: int) -> None:
        stripped = value.strip()
        ext = _EXTENSION.search(stripped)
        if ext is not None and ext.start() > 0:
            # a phone with its extension ("001-868-581-9736x9935", "(555)123-4567 ext. 89"): the number
            # alone in all its forms, and each digits-only form with the extension's digits after it
            main = stripped[: ext.start()]
            main_toks = value_tokens(main)
            if _number_like(main_toks):
                for form in self._add_number_forms(main, main_toks, code):
                    self._add_compact(form + ext.group(1), code)
                self._add_compact("".join(toks), code)
                return
        self._add_number_forms(stripped, toks, code)

    def _add_number_forms(self, stripped: str, toks: list[str], code: int) -> list[str]:
        """Add a number's run-together forms; returns those that are digits only."""
        compact = "".join(toks)
        self._add_compact(compact, code)
        if not compact.isdigit():
            return []
        forms = [compact]
        if stripped.startswith(("+", "00")):
            digits = compact[2:] if stripped.startswith("00") else compact
            first = toks[0][2:] if stripped.startswith("00") else toks[0]  # "001-868-..." has country code 1
            if not first and len(toks) > 2:  # "00 49 30 ...": the country code is the next group
                first = toks[1]
            prefix_digits = len(first) if len(toks) > 1 and 0 < len(first) <= 3 else None
            cuts = [prefix_digits] if prefix_digits is not None else [1, 2, 3]
            for cut in cuts:
                national = digits[cut:]
                if len(national) >= _SHORT:
                    forms.append(national)
                    if not national.startswith("0") and digits[:cut] != "1":
                        forms.append("0" + national)
            if stripped.startswith("00"):
                forms.append(digits)
        elif _NANP.fullmatch(compact):
            # a North American number learned without its country code is printed with it as often
            national = compact[-10:]
            forms += [national, "1" + national, "001" + national]
        forms = list(dict.fromkeys(forms))
        for form in forms[1:]:
            self._add_compact(form, code)
        return forms

    def _add_date(self, date: re.Match[str], code: int) -> None:
        y, m, d = date.group(1), date.group(2), date.group(3)
        mu, du = str(int(m)), str(int(d))
        # run together only when padded: a million birth dates cover most days of a century, and
        # unpadded runs of six or seven digits would then be one number in a hundred
        for a, b, c in {(y, m, d), (d, m, y), (m, d, y)}:
            self._add_compact(a + b + c, code)
        for window in {(du, mu, y), (mu, du, y), (y, mu, du)}:
            self._add_window(window, code)
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
            toks = tokenise(reading.text)
            if not toks.norms:
                continue
            for start, end, code in self._hits(reading, toks):
                for s, e in reading.spans(start, end):
                    spans.append((s, e, code))
        return _merge(spans, self._entities)

    def _hits(self, reading: Reading, toks: Tokens) -> list[tuple[int, int, int]]:
        """``(start, end, entity code)`` in the reading's text."""
        out: list[tuple[int, int, int]] = []
        if self._windows:
            out += self._window_hits(reading, toks)
        if self._compact:
            out += self._compact_hits(reading, toks)
        if self._prefixes and ("…" in reading.text or "..." in reading.text):
            out += self._prefix_hits(reading, toks)
        if (reading.table or reading.spaced) and self._glued:
            out += self._glued_hits(toks)
        if not reading.table and not reading.spaced and self._glue.anchors:
            out += self._glue.find(reading.text, toks)
        if reading.spaced and self._glued:
            # letters spelt out one by one are no word of their own: any length a value has
            out += self._glued_token_hits(toks, _SHORT)
        elif not reading.table and self._glued:
            out += self._glued_token_hits(toks)
        return out

    def _glued_token_hits(self, toks: Tokens, shortest: int = _MIN_GLUED_TOKEN) -> list[tuple[int, int, int]]:
        """One token that is a learned value run together (``annlee.csv``, ``AnnLee``), if long enough."""
        norms, starts, ends = toks
        lengths = self._glued_lengths
        candidates: list[str] = []
        where: list[tuple[int, int]] = []
        for k, norm in enumerate(norms):
            if len(norm) >= shortest and len(norm) in lengths and norm[0] > "9":
                candidates.append(norm)
                where.append((starts[k], ends[k]))
        return self._confirmed(self._glued, candidates, where)

    def _window_hits(self, reading: Reading, toks: Tokens) -> list[tuple[int, int, int]]:
        norms, starts, ends = toks
        n_toks = len(norms)
        masks = self._heads.lookup([hash(n) for n in norms])
        heads = [k for k, mask in enumerate(masks) if mask > 0]
        if not heads:
            return []
        windows: list[tuple[str, ...]] = []
        where: list[int] = []
        for i in heads:
            for length in _lengths(int(masks[i])):
                if i + length > n_toks:
                    break
                windows.append(tuple(norms[i : i + length]))
                where.append(i)
        found = self._windows.lookup([hash(w) for w in windows])
        out = []
        names: Any = None
        for n in [k for k, p in enumerate(found) if p >= 0]:
            payload, window, i = found[n], windows[n], where[n]
            if payload >> 16 != _check(window):
                continue
            flags = (payload >> 8) & 0xFF
            if flags:
                if names is None:
                    names = [p >= 0 for p in self._names.lookup([hash(x) for x in norms])]
                near_name = any(
                    0 <= k < n_toks
                    and names[k]
                    # a short neighbour counts when written like a name ("Will Li", not "<li>Will")
                    and (len(norms[k]) >= _SHORT or _shape(reading.text[starts[k] : ends[k]]) != _LOWER)
                    for k in (i - 1, i + 1)
                )
                if not near_name:
                    if flags & _ALONE_NEVER:
                        continue
                    shape = _shape(reading.text[starts[i] : ends[i]])
                    if shape != _TITLE and shape != (flags >> _SHAPE_SHIFT):
                        continue
            out.append((starts[i], ends[i + len(window) - 1], payload & 0xFF))
        return out

    def _compact_hits(self, reading: Reading, toks: Tokens) -> list[tuple[int, int, int]]:
        text = reading.text
        norms, starts, ends = toks
        lengths = self._compact_lengths
        longest = max(lengths)
        n_toks = len(norms)
        candidates: list[str] = []
        where: list[tuple[int, int]] = []
        digits = [k for k, t in enumerate(norms) if t[0] <= "9"]  # digits sort before letters
        for i in sorted(set(digits) | {k - 1 for k in digits if k and ends[k - 1] == starts[k]}):
            first = norms[i]
            digit = first[0] <= "9"
            # a run starts at digits, or at a few letters glued to digits (an IBAN's country code)
            if not digit and len(first) > 4:
                continue
            joined = first
            if digit and len(joined) in lengths:
                candidates.append(joined)
                where.append((starts[i], ends[i]))
            # thousands groups (5,551,234,567): only from the first group of a number on, and then
            # only groups of three digits after that same separator, so "2,037.59" and "1, 2, 3"
            # run together into nothing a learned number is
            grouped = ""
            may_group = digit and len(first) <= 3 and not (i and _grouped_before(text, norms, starts, ends, i))
            for j in range(i + 1, min(n_toks, i + _MAX_COMPACT_TOKENS)):
                gap = text[ends[j - 1] : starts[j]]
                norm = norms[j]
                if grouped or (may_group and j == i + 1 and gap in _THOUSANDS):
                    if gap != (grouped or gap) or len(norm) != 3 or not norm.isdigit():
                        break
                    grouped = gap
                elif len(gap) > 3 or gap.strip(" \t-./()+"):
                    break
                if norm[0] > "9" and len(norm) > 4:
                    break
                joined += norm
                if len(joined) > longest:
                    break
                if len(joined) in lengths:
                    candidates.append(joined)
                    where.append((starts[i], ends[j]))
        if "e" in text or "E" in text:
            for m in _FLOAT_E.finditer(text):  # 5.551234567e+09: a phone number held by a float
                try:
                    number = Decimal(m.group())
                except InvalidOperation:  # pragma: no cover - the pattern only admits numbers
                    continue
                if number == number.to_integral_value() and number < 10**20:
                    candidates.append(str(int(number)))
                    where.append((m.start(), m.end()))
        return self._confirmed(self._compact, candidates, where)

    def _confirmed(
        self, table: _Table, candidates: list[str], where: list[tuple[int, int]]
    ) -> list[tuple[int, int, int]]:
        if not candidates:
            return []
        found = table.lookup([hash(c) for c in candidates])
        out = []
        for n in [k for k, p in enumerate(found) if p >= 0]:
            payload = found[n]
            if payload >> 16 == _check(candidates[n]):
                out.append((*where[n], payload & 0xFF))
        return out

    def _prefix_hits(self, reading: Reading, toks: Tokens) -> list[tuple[int, int, int]]:
        norms, starts, ends = toks
        last_of = {e: k for k, e in enumerate(ends)}
        candidates: list[str] = []
        where: list[tuple[int, int]] = []
        for m in _ELLIPSIS.finditer(reading.text):
            last = last_of.get(m.start())
            if last is None:
                continue
            line_start = reading.text.rfind("\n", 0, m.start()) + 1  # a cut value is on one line
            joined = ""
            for i in range(last, max(-1, last - _MAX_WINDOW), -1):
                if starts[i] < line_start:
                    break
                # a cut value lies inside one cell: the name in the cell before is no part of it
                if i < last and _CELL_GAP.search(reading.text, ends[i], starts[i + 1]):
                    break
                joined = norms[i] + " " + joined if joined else norms[i]
                if len(joined) > _MAX_CUT:
                    break
                if len(joined) >= MIN_PREFIX:
                    candidates.append(joined[:MIN_PREFIX])
                    where.append((starts[i], m.end()))
        return self._confirmed(self._prefixes, candidates, where)

    def _glued_hits(self, toks: Tokens) -> list[tuple[int, int, int]]:
        norms, starts, ends = toks
        lengths = self._glued_lengths
        longest = max(lengths)
        candidates: list[str] = []
        where: list[tuple[int, int]] = []
        for i in range(len(norms)):
            joined = norms[i]
            for j in range(i + 1, min(len(norms), i + _MAX_WINDOW)):
                joined += norms[j]
                if len(joined) > longest:
                    break
                if len(joined) in lengths:
                    candidates.append(joined)
                    where.append((starts[i], ends[j]))
        return self._confirmed(self._glued, candidates, where)


def _grouped_before(text: str, norms: list[str], starts: list[int], ends: list[int], i: int) -> bool:
    """Token ``i`` is a group of three digits after a thousands separator (no number starts there)."""
    gap = text[ends[i - 1] : starts[i]]
    return gap in _THOUSANDS and norms[i - 1].isdigit() and len(norms[i]) == 3


@lru_cache(maxsize=1 << 12)
def _lengths(mask: int) -> tuple[int, ...]:
    """The window lengths a head's bit mask holds, shortest first."""
    return tuple(n for n in range(1, _MAX_WINDOW + 1) if mask >> n & 1)


def _number_like(toks: list[str]) -> bool:
    """At least five digits, and letters only in short groups (country codes, check letters)."""
    digits = sum(len(t) for t in toks if t.isdigit())
    return digits >= _SHORT and all(t.isdigit() or len(t) <= 4 for t in toks)


def _orders(toks: list[str], person: bool) -> list[tuple[str, ...]]:
    """The token orders a value is matched in: as learned, and for names also reordered."""
    toks = toks[:_MAX_WINDOW]
    if not person or len(toks) < 2:
        return [tuple(toks)]
    if len(toks) == 2:
        return [(toks[0], toks[1]), (toks[1], toks[0])]
    if len(toks) == 3:
        return list(dict.fromkeys(itertools.permutations(toks)))
    # "Last, First" splits a long name anywhere ("de la Cruz, Juan"): every rotation, and the reverse
    rotations = [tuple(toks[k:] + toks[:k]) for k in range(len(toks))]
    return list(dict.fromkeys([*rotations, tuple(toks[::-1])]))


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
