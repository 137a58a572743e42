"""Values that their own key names in outgoing text: a CSV block under its header line, JSON or dict pairs.

Text that reaches an output past every learning reader (``os.read``, ``mmap``, ``io.open``, a
subprocess, ``!head people.csv``, a zip member, a JSON line) was never classified, and its values
often have no shape a pattern knows (a bare name, a street without its town). But such text usually
carries its own labels: the header line of a CSV file, the keys of a JSON object or a dict's repr.
This tier reads them as a table's headers (:func:`.headers.match_headers`, the same tier 1 the column
scan uses) and reports the values under a personal header as that entity:

* **keyed pairs**: ``"full_name": "Ann Lee"``, ``'email': 'a@b.c'``, ``\\"street\\": \\"...\\"``
  (a JSON line inside a repr) and ``full_name=Ann Lee`` are one key and one value;
* **delimited blocks**: a line of two or more identifier-like fields split by ``,``, ``;``, tab or
  ``|`` where at least one header names a direct identifier, and the lines after it split into the
  same number of fields (quotes as the csv module reads them): each field under such a header.

Only the structure and the header words are read; a span carries offsets, entity, score and detector,
never the text.
"""

from __future__ import annotations

import csv
import re
import time
from collections import deque
from functools import lru_cache

from ..report import Span

__all__ = ["forget_headers", "keyed_spans", "sibling_name_spans"]

#: Entities this tier reports: identifiers a header names with confidence (no quasi-identifiers:
#: ``locale``, ``city`` or ``age`` columns stay as printed).
ENTITIES = frozenset(
    {
        "PERSON",
        "EMAIL_ADDRESS",
        "PHONE_NUMBER",
        "US_SSN",
        "CREDIT_CARD",
        "IBAN_CODE",
        "IP_ADDRESS",
        "NATIONAL_ID",
        "STREET_ADDRESS",
        "DATE_OF_BIRTH",
        "US_BANK_NUMBER",
        "US_PASSPORT",
        "US_DRIVER_LICENSE",
    }
)
_MIN_HEADER_SCORE = 0.6
_MAX_TEXT = 1_000_000  # characters read per text (a larger output is read in its first megabyte)

# a key in quotes (escaped or not), a colon, a value in the same quotes; or key=value
_QUOTED_PAIR = re.compile(
    r"""(?P<q>\\?["'])(?P<key>[A-Za-z_][\w .-]{0,40})(?P=q)\s*:\s*"""
    r"""(?:(?P<vq>\\?["'])(?P<value>(?:(?!(?P=vq)).){1,200}?)(?P=vq)|(?P<number>[-+]?[0-9][0-9.eE+-]{5,30})(?![\w.]))"""
)
_EQUALS_PAIR = re.compile(
    r"(?<![\w.])(?P<key>[A-Za-z_][\w]{1,40})=(?P<value>[^\s,;&|)\]}'\"]{1,120}(?: (?![\w]+=)[^\s,;&|=)\]}'\"]+){0,4})"
)
# a line break, or one written as an escape inside a repr (``b'full_name,email\nAnn Lee,...'``)
_LINE_BREAK = re.compile(r"\r?\n|\\r\\n|\\n")
_CALL = re.compile(r"\s*[A-Za-z_][\w .\"]*\(")
_KEY_COLON = re.compile(r"[\w'\"]:\s")
_FIELD = re.compile(r"^[A-Za-z_][\w .-]{0,40}$")
_DELIMITERS = (",", "\t", ";", "|")


@lru_cache(maxsize=4096)
def _header_entity(key: str) -> tuple[str, float] | None:
    from .headers import match_header

    hits = [h for h in match_header(key.strip()) if h.entity in ENTITIES and h.score >= _MIN_HEADER_SCORE]
    if not hits:
        return None
    best = max(hits, key=lambda h: h.score)
    return best.entity, best.score


def _pair_spans(text: str) -> list[Span]:
    out: list[Span] = []
    if ":" in text:
        for m in _QUOTED_PAIR.finditer(text):
            found = _header_entity(m.group("key"))
            group = "value" if m.group("value") is not None else "number"
            if found and m.group(group).strip():
                out.append(Span(m.start(group), m.end(group), found[0], found[1], "keyed:pair"))
    if "=" in text:
        for m in _EQUALS_PAIR.finditer(text):
            found = _header_entity(m.group("key"))
            # a value holds a letter or a digit: ``names=['full_name', 'plan']`` (a MultiIndex's repr) is a list
            if found and any(c.isalnum() for c in m.group("value")):
                out.append(Span(m.start("value"), m.end("value"), found[0], found[1], "keyed:pair"))
    return out


def _fields(line: str, delimiter: str) -> list[tuple[int, int]]:
    """Offsets of each field of a delimited line (inside its quotes when quoted)."""
    parsed = next(csv.reader([line], delimiter=delimiter), [])
    out: list[tuple[int, int]] = []
    pos = 0
    for value in parsed:
        at = line.find(value, pos) if value else pos
        if at < 0:
            return []
        out.append((at, at + len(value)))
        pos = at + len(value)
        nxt = line.find(delimiter, pos)
        pos = nxt + 1 if nxt >= 0 else len(line)
    return out


# The header lines with personal columns seen lately (labels, never values): a stream's held-back
# tail arrives without its header line, in the next text checked. A header
# is remembered for the next two texts within five seconds only, so unrelated outputs later (another
# table, an SQL dump) are never read against it.
_Plan = tuple[str, int, tuple[tuple[int, str, float], ...]]
_RECENT: deque[tuple[_Plan, float]] = deque(maxlen=8)
_RECENT_SECONDS = 5.0
_RECENT_USES = 2
_uses = [0]


def _header_names(line: str) -> list[tuple[str, list[str]]]:
    """``(delimiter, labels)`` for each delimiter that splits ``line`` into two or more labels, every one a label
    (a list's repr, one item a line, is no header)."""
    header = re.sub(r"^\W*b?['\"]", "", line.strip()).strip("'\"[]")
    out = []
    for delimiter in _DELIMITERS:
        if header.count(delimiter) < 1:
            continue
        names = [n.strip().strip("\"'") for n in header.split(delimiter)]
        if sum(1 for n in names if n) < 2 or not all(_FIELD.match(n) for n in names if n):
            continue
        out.append((delimiter, names))
    return out


def _plan_of(line: str) -> tuple[str, int, dict[int, tuple[str, float]]] | None:
    for delimiter, names in _header_names(line):
        personal = {k: v for k, n in enumerate(names) if n and (v := _header_entity(n)) is not None}
        if personal:
            return delimiter, len(names), personal
    return None


def _recent_plan(line: str, last: bool) -> tuple[str, int, dict[int, tuple[str, float]]] | None:
    """A remembered header whose width this header-less line has: exactly, or, for the last line of a
    text (a held-back tail, a cut read), at least half of it."""
    if "{" in line or _KEY_COLON.search(line) or _CALL.match(line):
        return None  # a dict, a JSON object or a call (an SQL VALUES(...)): not a bare row
    now = time.monotonic()
    for (delimiter, width, personal), seen in reversed(_RECENT):
        if now - seen > _RECENT_SECONDS:
            continue
        if line.count(delimiter) < max(3, width // 2) - 1:
            continue
        n = len(_fields(line, delimiter))
        if n == width or (last and max(4, width // 2) <= n <= width):
            return delimiter, width, {k: (e, sc) for k, e, sc in personal}
    return None


#: a delimited field that holds no value: a Markdown rule (``:---``), a placeholder (``<PERSON>``), nothing
_NO_VALUE = re.compile(r":?-{3,}:?|<[A-Z][A-Z0-9_]*>|")


def _block_spans(text: str) -> list[Span]:
    out: list[Span] = []
    _uses[0] -= 1
    lines: list[str] = []
    starts: list[int] = []
    offset = 0
    for m in _LINE_BREAK.finditer(text):
        starts.append(offset)
        lines.append(text[offset : m.start()])
        offset = m.end()
    starts.append(offset)
    lines.append(text[offset:])
    last = max((k for k, line in enumerate(lines) if line.strip(" '\"")), default=0)  # the last line with text
    i = 0
    while i < len(lines):
        plan = _plan_of(lines[i])
        first = i + 1
        if plan is not None:
            key = (plan[0], plan[1], tuple((k, e, sc) for k, (e, sc) in sorted(plan[2].items())))
            _RECENT.append((key, time.monotonic()))
            _uses[0] = _RECENT_USES
        elif _RECENT and _uses[0] > 0:
            if i < last and _header_names(lines[i]) and not any(c.isdigit() or c == "@" for c in lines[i]):
                # another table's own header, with no personal column: the remembered one labels nothing after it
                _uses[0] = 0
                i += 1
                continue
            plan = _recent_plan(lines[i], i >= last)
            first = i
        if plan is None:
            i += 1
            continue
        delimiter, width, personal = plan
        j = first
        while j < len(lines):
            line = lines[j].rstrip("\r\n")
            if not line.strip():
                break
            fields = _fields(line, delimiter)
            # the last line may be cut short (``read()[:500]``): its first fields still count
            cut = j >= last and len(fields) <= width
            if len(fields) < 2 or (abs(len(fields) - width) > 1 and not cut):
                break
            for k, (entity, score) in personal.items():
                if k < len(fields) and fields[k][1] > fields[k][0]:
                    s, e = fields[k]
                    if _NO_VALUE.fullmatch(line[s:e].strip()):
                        continue  # a Markdown table's rule, a value redacted already: nothing to learn
                    out.append(Span(starts[j] + s, starts[j] + e, entity, score, "keyed:block"))
            j += 1
        i = j if j > i else i + 1
    return out


def keyed_spans(text: str) -> list[Span]:
    """Values labelled by a personal key or header in ``text`` (see the module doc), sorted by start."""
    if not isinstance(text, str) or not text:
        return []
    text = text[:_MAX_TEXT]
    spans = _pair_spans(text)
    if any(d in text for d in _DELIMITERS) and (_uses[0] > 0 or "\n" in text or "\\n" in text):
        spans.extend(_block_spans(text))
    spans.sort(key=lambda s: (s.start, s.end))
    return spans


# -- items of a list share their kind ---------------------------------------------------------------
_ITEM_SPLIT = re.compile(r"\s*(?:;|,|\||\n|\\n)\s*")
_NAME_ITEM = re.compile(r"[^\W\d_]+(?:[ '’.-][^\W\d_]+){0,3}")
_ITEM_TRIM = " \t'\"[](){}"


def sibling_name_spans(text: str, found: list[tuple[int, int, str]]) -> list[Span]:
    """Name-shaped items of a list (``"; ".join(names)``, a list's repr, one name a line) whose
    siblings are names by the other tiers: when at least half the name-shaped items (and two or
    more) are already PERSON spans, the rest are names too (``"Ann Lee; Софья Гагарин; ななこ 福永"``:
    the tiers know the first, the list says what the others are)."""
    persons = [(s, e) for s, e, entity in found if entity == "PERSON"]
    if len(persons) < 2:
        return []
    items: list[tuple[int, int]] = []
    pos = 0
    for m in _ITEM_SPLIT.finditer(text + "\n"):
        raw = text[pos : m.start()]
        lead = len(raw) - len(raw.lstrip(_ITEM_TRIM))
        item = raw.strip(_ITEM_TRIM)
        if item and _NAME_ITEM.fullmatch(item) and not (item.isascii() and not item[:1].isupper()):
            items.append((pos + lead, pos + lead + len(item)))
        pos = m.end()
    if len(items) < 3:
        return []
    covered = [any(s <= a and b <= e for s, e in persons) for a, b in items]
    # commas also separate places and "Last, First": a comma list needs two thirds of its items known
    commas = text.count(",") > max(text.count(";"), text.count("|"), text.count("\n"))
    need = (3, 2 / 3) if commas else (2, 1 / 2)
    if sum(covered) < need[0] or sum(covered) < need[1] * len(items):
        return []
    return [Span(a, b, "PERSON", 0.7, "keyed:siblings") for (a, b), hit in zip(items, covered) if not hit]


def forget_headers() -> None:
    """Forget the remembered header lines (the tripwire calls it as each cell starts: a header printed
    by one cell never labels the rows another cell prints)."""
    _RECENT.clear()
    _uses[0] = 0
