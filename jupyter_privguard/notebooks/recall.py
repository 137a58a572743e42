"""Recall at rest: the personal data the pattern tier and the table tier leave in a saved notebook.

Four kinds of value that a notebook shows and the other tiers miss, each found as a *value* and then
matched (on word boundaries, case-insensitive, in every escaped form) everywhere in the notebook by
the same exact-value index the table tier feeds, so that every copy of it goes:

* **phone columns**: a table column most of whose cells are phone numbers in any separator style
  (``504/509/5489``, ``430|517|5927``, ``415.555.0134``, a bare ten-digit run), checked with
  ``phonenumbers``; bare digit runs alone count only under a header that names a phone or a call;
* **names in prose**: a name beside an e-mail address in a mail header (``From: a@b.org (Ann Lee)``,
  ``From: Ann Lee <a@b.org>``), the first line of a signature (after ``-- ``), the leading lines of a
  contact block (a business card: name lines, a job line, then an e-mail or a phone), and what the
  text tier (:func:`jupyter_privguard.detect.outgoing.find_outgoing_spans`: gazetteer and context,
  ``Called Ann Lee about ...``) finds in printed text and notes;
* **phones of a contact block**: its phone lines, bare digit runs included;
* **cut copies**: a value of a personal column (or one found above) that a ``text/plain`` copy shows
  cut short by pandas (``Frédériq...``, ``504/509/...``) is redacted with its ellipsis
  (:func:`_cut_hits`).

A repr prints line breaks as ``\\n``: the rules read that escape as a line break, so a phone glued
to it (``...\\n9362130003``) is a line of its own. Uses :mod:`.plan` (units) and
:mod:`.tables` (tables); nothing here keeps a value beyond the call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from ..detect.digits import has_digit
from .plan import _Unit
from .results import SOURCE_MIME
from .tables import _Table

if TYPE_CHECKING:
    from ..policy import Policy

Hit = tuple[int, int, str, float, str]  # as spans.Hit

# printed escapes of a line break or a tab: read as a line break (two characters for two, so
# offsets stay where they are)
_ESCAPED_BREAK = re.compile(r"\\[nrt]")
# where prose is read: printed text, plain copies, notes, error messages
_PROSE_MIME = frozenset({"stream", "text/plain", "text/markdown", "error", SOURCE_MIME})
_PROSE_SOURCES = frozenset({"markdown", "raw"})

# -- phones -------------------------------------------------------------------------------------------
_PHONE_SHAPE = re.compile(r"\+?\(?[0-9][0-9 ()./|-]{6,20}[0-9]")
_PHONE_HEADER = re.compile(r"(?i)phone|tel(?:e|$|_|\b)|mobile|cell|call|fax|contact|whatsapp|sms|dial")
_PHONE_SHARE = 0.6  # of a column's cells that must be valid phones


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _valid_phone(text: str) -> bool:
    """A phone number by ``phonenumbers``: international with ``+``/``00``, else North American, UK,
    German, French ... (the regions whose numbers a bare run most often is)."""
    import phonenumbers

    digits = _digits(text)
    if not 7 <= len(digits) <= 15:
        return False
    candidates = [text.replace("|", " ").replace("/", " ")]
    try:
        if text.lstrip().startswith(("+", "00")):
            return bool(phonenumbers.is_valid_number(phonenumbers.parse(candidates[0].replace("00", "+", 1), None)))
        for region in ("US", "GB", "DE", "FR", "IT", "ES", "NL", "PL"):
            if phonenumbers.is_valid_number(phonenumbers.parse(candidates[0], region)):
                return True
    except phonenumbers.NumberParseException:
        return False
    return False


_SEPARATOR_RUN = re.compile(r"[ ()./|-]+")
_DATE_SHAPE = re.compile(r"[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}|[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{2,4}")


def _phone_cell(text: str) -> bool:
    """Phone-shaped: 9 to 15 digits, bare or in groups (two separators at least, or a ``+`` or
    parentheses): a decimal (``140.562500``) or a date is not."""
    if not _PHONE_SHAPE.fullmatch(text) or _DATE_SHAPE.fullmatch(text):
        return False
    if not 9 <= len(_digits(text)) <= 15:
        return False
    groups = len(_SEPARATOR_RUN.findall(text.strip("+() ")))
    return groups == 0 or groups >= 2 or text.startswith(("+", "("))


def _phone_column_values(tables: Sequence[_Table]) -> dict[str, str]:
    """The cells of the columns that hold phone numbers, whatever their separators."""
    out: dict[str, str] = {}
    for table in tables:
        for k, header in enumerate(table.columns):
            cells = [c.strip() for c in (r[k] for r in table.rows if k < len(r)) if c and c.strip()]
            shaped = [c for c in cells if _phone_cell(c)]
            if not cells or len(shaped) < _PHONE_SHARE * len(cells):
                continue
            # bare runs of digits are ids and amounts unless the header says phone or call
            bare = all(c.isdigit() for c in shaped)
            if bare and not _PHONE_HEADER.search(header):
                continue
            valid = sum(1 for c in shaped if _valid_phone(c))
            if valid >= _PHONE_SHARE * len(cells):  # a phone column: every phone-like cell of it
                for c in cells:
                    if not (_PHONE_SHAPE.fullmatch(c) and 7 <= len(_digits(c)) <= 15):
                        continue
                    out.setdefault(c, "PHONE_NUMBER")
    return out


# -- names in prose -------------------------------------------------------------------------------------
_PARTICLES = frozenset(
    "de da di du del della der den des dos das do van von ten ter la le bin ibn al el y e st".split()
)
_NAME_WORD = r"(?:[A-ZÀ-ÖØ-ÞĀ-Ž][A-Za-zÀ-ÖØ-öø-ÿĀ-ž'’-]*\.?)"
_NAME_RUN = re.compile(
    rf"{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|(?:{'|'.join(sorted(_PARTICLES))})(?=[ \t]+[A-ZÀ-Þ]))){{1,4}}"
)
_EMAIL = r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
_MAIL_HEADER = re.compile(
    rf"(?im)^[ \t>]*(?:From|To|Cc|Reply-To|Sender|Author|Contact)[ \t]*:[ \t]*"
    rf"(?:{_EMAIL}[ \t]*\((?P<a>[^()\n]{{3,80}})\)|\"?(?P<b>[^\"<>\n@]{{3,80}}?)\"?[ \t]*<{_EMAIL}>)"
)
_SIGNATURE = re.compile(r"(?m)^-- ?\n[ \t]*(?P<name>[^\n]{3,60})$")
_CONTACT_LINE = re.compile(
    rf"(?i)^[ \t'\"]*(?:(?:e-?mail|tel|phone|mobile|fax)[ \t]*[:.]?[ \t]*)?(?P<c>{_EMAIL}|\+?[0-9(][0-9 ()./|-]{{6,20}}[0-9])[ \t'\",]*$"
)


def _contact(line: str) -> bool:
    m = _CONTACT_LINE.match(line)
    return m is not None and ("@" in m.group("c") or (_phone_cell(m.group("c")) and _valid_phone(m.group("c"))))


_LABEL_LINE = re.compile(r"(?i)^[ \t'\"]*(?:e-?mail|tel|phone|mobile|fax|cell)[ \t]*:?[ \t'\"]*$")
_WORDS_LINE = re.compile(
    r"^[ \t'\"(\[]*(?P<w>[^\W\d_][^\W\d_'’. -]*(?:[ .'’-]+[^\W\d_][^\W\d_'’-]*){0,3})[ \t'\",)\]]*$"
)


def _name_like(text: str) -> bool:
    """Two to five words, capitalised (or all capitals), particles allowed; no digits."""
    words = text.split()
    if not 1 <= len(words) <= 5 or any(c.isdigit() for c in text):
        return False
    capital = [w for w in words if w[:1].isupper()]
    return len(capital) >= 1 and all(w[:1].isupper() or w.lower() in _PARTICLES for w in words)


def _lines_with_offsets(text: str) -> list[tuple[int, str]]:
    out = []
    at = 0
    for line in text.split("\n"):
        out.append((at, line))
        at += len(line) + 1
    return out


def _contact_block_values(text: str, out: dict[str, str]) -> None:
    """A block of lines (between blank lines) with an e-mail or phone line: its leading word lines
    are a name (all but the last when there are several: that one is a job title), its phones are
    phones."""
    lines = _lines_with_offsets(text)
    block: list[str] = []
    for _, line in [*lines, (0, "")]:
        if line.strip() in ("", "'", '"'):
            _one_block(block, out)
            block = []
        else:
            block.append(line)


def _one_block(block: list[str], out: dict[str, str]) -> None:
    if not 2 <= len(block) <= 10:
        return
    contact = [k for k, line in enumerate(block) if _contact(line)]
    if not contact:
        return
    before = block[: contact[0]]
    if not 1 <= len(before) <= 4 or any(len(line) > 60 for line in before):
        return  # a card: a name, a job title or a company, then the contact lines
    lead = []
    for line in before[:2]:
        m = _WORDS_LINE.match(line)
        if not m or _LABEL_LINE.match(line) or not _name_like(m.group("w")):
            break
        lead.append(m.group("w").strip())
    if not lead:
        return
    if len(lead) == 2 and len(before) >= 3 and len(lead[0].split()) == 1 and len(lead[1].split()) <= 2:
        names = lead[:2]  # first name and last name on lines of their own, then a title
    elif len(lead[0].split()) >= 2:
        names = lead[:1]  # the name, then a job title or a company
    else:
        return
    for name in names:
        out.setdefault(name, "PERSON")
    for k in contact:
        line = block[k]
        phone = _PHONE_SHAPE.search(line)
        if phone and "@" not in line and _valid_phone(phone.group(0)):
            out.setdefault(phone.group(0), "PHONE_NUMBER")


def _prose_values(text: str, out: dict[str, tuple[str, str]]) -> None:
    for m in _MAIL_HEADER.finditer(text):
        name = (m.group("a") or m.group("b") or "").strip()
        if _name_like(name) and len(name.split()) >= 2:
            out.setdefault(name, ("PERSON", "prose:mail-header"))
    for m in _SIGNATURE.finditer(text):
        name = m.group("name").strip()
        if _name_like(name) and len(name.split()) >= 2:
            out.setdefault(name, ("PERSON", "prose:signature"))
    if "@" in text or has_digit(text):
        card: dict[str, str] = {}
        _contact_block_values(text, card)
        for value, entity in card.items():
            out.setdefault(value, (entity, "prose:contact-block"))


def _table_twins(units: Sequence[_Unit]) -> set[tuple[int | None, int | None]]:
    """Outputs with an HTML copy: their ``text/plain`` is a table's or an object's repr, not prose."""
    return {(u.cell, u.output) for u in units if u.mime == "text/html"}


def _leaf_texts(units: Sequence[_Unit]) -> list[tuple[str, list[int], bool]]:
    """The units of one multi-line leaf (nbformat stores a text as a list of lines) joined back,
    and whether the text tier reads it (printed text, notes; not a table's plain twin)."""
    twins = _table_twins(units)
    groups: dict[tuple[object, ...], list[int]] = {}
    for n, unit in enumerate(units):
        if unit.mime not in _PROSE_MIME or unit.as_number or "\x1b" in unit.text:
            continue
        if unit.mime == SOURCE_MIME and unit.where not in _PROSE_SOURCES:
            continue  # code is the precision side's: names in code are left to its literals
        key = unit.path[:-1] if unit.path and isinstance(unit.path[-1], int) else unit.path
        groups.setdefault(key, []).append(n)
    out = []
    for members in groups.values():
        first = units[members[0]]
        prose = not (first.mime == "text/plain" and (first.cell, first.output) in twins)
        out.append(("".join(units[n].text for n in members), members, prose))
    return out


def recall_values(units: Sequence[_Unit], tables: Sequence[_Table], policy: Policy) -> dict[str, tuple[str, str]]:
    """``{value: (entity, detector)}`` of the values this module finds (see the module's docstring)."""
    from ..detect.outgoing import find_outgoing_spans

    found: dict[str, tuple[str, str]] = {}
    names_wanted = policy.action_for("PERSON") != "keep"
    for text, _, prose in _leaf_texts(units):
        if not prose:
            continue
        readable = _ESCAPED_BREAK.sub(" \n", text)
        _prose_values(readable, found)
        if names_wanted:
            for span in find_outgoing_spans(readable, entities=("PERSON",)):
                value = readable[span.start : span.end].strip()
                if span.entity == "PERSON" and "\n" not in value:
                    found.setdefault(value, ("PERSON", "prose:" + span.detector.rpartition(":")[2]))
    # a name found in prose is looked for in the whole notebook: only a run of two words or more
    # none of which the notebook also writes in lower case ("Adam" next to optimizer="adam",
    # "Monte Carlo Chain" next to "a chain"): those are ordinary words, not a person's name
    lower = _lower_words(units) if found else frozenset()
    out = {v: (e, "phone-column") for v, e in _phone_column_values(tables).items()}
    for value, (entity, detector) in found.items():
        strong = detector in ("prose:mail-header", "prose:signature", "prose:contact-block")
        if entity == "PERSON" and not _kept_name(value, lower, 1 if strong else 2):
            continue
        out.setdefault(value, (entity, detector))
    return {v: f for v, f in out.items() if policy.action_for(f[0]) != "keep"}


_LOWER_WORD = re.compile(r"(?<![\w-])[a-zà-öø-ÿ][a-zà-öø-ÿ'-]+")
_NAME_TOKEN = re.compile(r"[^\W\d_][^\W\d_'’-]*")


# an address is a token (no spaces, brackets, quotes) holding "@" or "://": found from its marker
# outwards, so a long run without spaces (base64) costs one pass, not one per position
_ADDRESS = re.compile(r"(?:@|://)")
_TOKEN_EDGE = re.compile(r"[\s<>()\[\]\"']")


def _without_addresses(text: str) -> str:
    if "@" not in text and "://" not in text:
        return text
    pieces = []
    last = 0
    for m in _ADDRESS.finditer(text):
        if m.start() < last:
            continue
        start = m.start()
        while start > last and not _TOKEN_EDGE.match(text, start - 1):
            start -= 1
        end = _TOKEN_EDGE.search(text, m.end())
        stop = end.start() if end else len(text)
        pieces.append(text[last:start])
        pieces.append(" ")
        last = stop
    pieces.append(text[last:])
    return "".join(pieces)


def _lower_words(units: Sequence[_Unit]) -> frozenset[str]:
    words: set[str] = set()
    for unit in units:
        if unit.mime in _PROSE_MIME or unit.mime == "text/html":
            # an e-mail address or a link writes a name in lower case: not an ordinary word
            words.update(_LOWER_WORD.findall(_without_addresses(unit.text)))
    return frozenset(words)


def _kept_name(value: str, lower: frozenset[str], least: int) -> bool:
    tokens = [t for t in _NAME_TOKEN.findall(value) if t.lower() not in _PARTICLES and len(t) > 1]
    return len(tokens) >= least and not any(t.lower() in lower for t in tokens)


def unglued(text: str) -> str:
    """``text`` with printed line-break escapes (``\\n``) read as spaces, offsets kept: a value
    glued to one is a word of its own for the pattern tier and the exact index."""
    return _ESCAPED_BREAK.sub("  ", text) if "\\" in text else text


def recall_hits(
    units: Sequence[_Unit], found: Mapping[str, tuple[str, str]], exact: Mapping[str, str]
) -> dict[int, list[Hit]]:
    """Where the values of :func:`recall_values` are (every copy), and the cut copies of those and
    of the table tier's values."""
    from ..textguard import ExactIndex

    out: dict[int, list[Hit]] = {}
    texts = ["" if "\x1b" in u.text else u.text if u.where == "code" else unglued(u.text) for u in units]
    if found:
        index = ExactIndex({v: f"{e}\t{d}" for v, (e, d) in found.items()})
        for n, spans in enumerate(index.find_all(texts)):
            for start, end, tagged in spans:
                entity, _, detector = tagged.partition("\t")
                out.setdefault(n, []).append((start, end, entity, 0.85, detector))
    entities = dict(exact)
    entities.update((v, e) for v, (e, _) in found.items())
    for n, cut in _cut_hits(units, entities, entities).items():
        if units[n].mime != SOURCE_MIME:
            out.setdefault(n, []).extend(cut)
    return out


# -- cut copies -----------------------------------------------------------------------------------------
_ELLIPSIS = re.compile(r"\.\.\.|…")
_MIN_CUT = 4  # characters of a value before the ellipsis
_MAX_CUT = 80  # pandas cuts a cell at max_colwidth (50 by default): longer prefixes are not looked for


def _cut_hits(units: Sequence[_Unit], values: Iterable[str], entities: Mapping[str, str]) -> dict[int, list[Hit]]:
    """Prefixes of known values cut short by an ellipsis (``Frédériq...``), with the ellipsis."""
    prefixes: dict[str, str] = {}
    longest = 0
    for value in values:
        low = value.lower()
        if not (low[:1].isalnum() or low[:1] in "(+"):
            continue
        for k in range(_MIN_CUT, min(len(low), _MAX_CUT + 1)):
            if sum(c.isalnum() for c in low[:k]) >= _MIN_CUT:
                prefixes.setdefault(low[:k], entities[value])
        longest = max(longest, min(len(low), _MAX_CUT))
    out: dict[int, list[Hit]] = {}
    if not prefixes:
        return out
    for n, unit in enumerate(units):
        text = unit.text
        if "..." not in text and "…" not in text:
            continue
        low = text.lower()
        for m in _ELLIPSIS.finditer(low):
            end = m.start()
            for k in range(min(longest, end), _MIN_CUT - 1, -1):
                start = end - k
                if start > 0 and (low[start - 1].isalnum() or low[start - 1] == "_"):
                    continue
                entity = prefixes.get(low[start:end])
                if entity is not None:
                    out.setdefault(n, []).append((start, m.end(), entity, 0.9, "table:cut"))
                    break
    return out
