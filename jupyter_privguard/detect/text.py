"""Span detection in free text: validated patterns, text rules, NER and gazetteers, merged.

The sources, from most to least trusted:

patterns
    :func:`jupyter_privguard.detect.patterns.find_spans`: regular expressions confirmed by
    validators (Luhn, mod-97, SSN rules, phone parsing ...). High precision.
rules
    shapes that need a few words of context and that the NER model handles badly: street
    addresses (a house number, capitalised words, a street type; the lines that continue a
    multi-line address), ages ("turned 35", "a 42-year-old"), postal codes after a ZIP label or a
    US state, phone numbers after a phone label, names after a title ("Mrs. ...").
Presidio
    its phone recogniser (several countries' formats) and, with context words only, its
    driver's-licence recogniser.
NER
    the spaCy model through Presidio (:class:`~jupyter_privguard.detect.ner.NerEngine`):
    ``PERSON``, ``LOCATION``, ``NRP``, ``DATE_TIME``, batched over all texts in one ``pipe``.
gazetteers
    capitalised country and US state names; capitalised word runs that start with an
    unambiguous given name, outside the organisations the model found.

Where spans overlap, the more trusted source wins; the NER output is cleaned of Presidio's known
cross-type false positives first (a card number or ZIP code read as a date, a "person" made only of
ordinary words, low-confidence licence and bank numbers without context).

:func:`is_free_text` decides whether a column is free text at all (sentences rather than values),
so that the scanner sends it here instead of classifying the whole column.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from ..report import Span
from . import ner_need
from .text_rules import rule_spans

if TYPE_CHECKING:  # pragma: no cover
    from .ner import NerEngine

__all__ = ["find_text_spans", "given_name_spans", "is_free_text", "place_spans", "rule_spans"]

# The entities asked of the NER model (Presidio also runs its date patterns for DATE_TIME).
_NER_ENTITIES = ("PERSON", "LOCATION", "NRP", "DATE_TIME")
# Presidio recognisers kept beside our pattern tier: its phone recogniser tries the number
# formats of several countries, and its driver's-licence recogniser is used only when context
# words lift its score (see _MIN_PRESIDIO_PATTERN_SCORE).
_PRESIDIO_EXTRA = ("PHONE_NUMBER", "US_DRIVER_LICENSE")
# Presidio pattern results below this score are dropped: its bank-account and driver's-licence
# patterns score 0.05-0.3 without context words and fire on any run of digits.
_MIN_PRESIDIO_PATTERN_SCORE = 0.5
# NER spans below this score are dropped (Presidio scores spaCy entities 0.85).
_MIN_NER_SCORE = 0.4

# Source priority for overlap resolution: higher wins.
_PRIORITY = {"pattern": 5, "rule": 4, "presidio": 3, "ner": 2, "place": 1, "gazetteer": 0}
# an outgoing-tier name at least this sure (a context or title before it, a gazetteer pair) ranks as a rule
_SCORE_RULE_NAME = 0.6

# Runs of one to three title-case words on one line: candidates for the given-name check.
_TITLE_WORD = r"[A-Z][a-zà-öø-ÿā-ž]+(?:['’-][A-Z]?[a-zà-öø-ÿā-ž]+)*"
_CAPITALISED_RUN = re.compile(rf"\b{_TITLE_WORD}(?:[ \t]+(?:{_TITLE_WORD}|[A-Z]\.?))*\b")
# Runs of capitalised or upper-case words (and "and", "of") for the place check.
_PLACE_RUN = re.compile(r"\b[A-Z][A-Za-z'’.-]*(?: (?:[A-Z][A-Za-z'’.-]*|and|of|the))*")
_NOT_GIVEN = frozenset(
    """january february march april may june july august september october november december monday
    tuesday wednesday thursday friday saturday sunday god lord christian christ jesus""".split()
)


def place_spans(text: str) -> list[Span]:
    """Country names and US states written capitalised ("Iceland", "New Mexico", "ICELAND"),
    except those that are also given names ("Jordan", "Georgia"): the NER model decides those."""
    from .names import gazetteer

    gaz = gazetteer()
    spans = []
    for m in _PLACE_RUN.finditer(text):
        words = [
            (w.start() + m.start(), w.end() + m.start(), w.group())
            for w in re.finditer(r"[^\s.,;:!?]+(?:\.[^\s.,;:!?]+)*", m.group())
        ]
        i = 0
        while i < len(words):
            # The longest run of words from here that is a place name (it must start capitalised).
            for n in range(min(len(words) - i, 4), 0, -1):
                low = " ".join(w[2] for w in words[i : i + n]).lower()
                if words[i][2][:1].isupper() and low in gaz.places and not (n == 1 and low in gaz.given):
                    spans.append(Span(words[i][0], words[i + n - 1][1], "LOCATION", 0.6, "gazetteer:place"))
                    i += n
                    break
            else:
                i += 1
    return spans


def given_name_spans(text: str) -> list[Span]:
    """Capitalised word runs that start with a given name the gazetteer knows and that is not
    also an ordinary word ("Amanda Jones", but not "Rose", "Will" or "April").

    These are the weakest person evidence: they lose against every other source, and the caller
    drops them inside organisation names.
    """
    from .names import gazetteer

    gaz = gazetteer()
    spans = []
    for m in _CAPITALISED_RUN.finditer(text):
        words = [(w.start() + m.start(), w.end() + m.start(), w.group()) for w in re.finditer(r"\S+", m.group())]
        i = 0
        while i < len(words):
            first = words[i][2].lower()
            if first in _NOT_GIVEN or first not in gaz.given or first in gaz.other:
                i += 1
                continue
            # Extend over the following name-like words; stop at an ordinary word ("Amanda Street").
            j = i + 1
            while j < min(len(words), i + 4):
                low = words[j][2].rstrip(".").lower()
                if low in gaz.other and low not in gaz.given and low not in gaz.surname:
                    break
                j += 1
            spans.append(Span(words[i][0], words[j - 1][1], "PERSON", 0.5, "gazetteer:given_name"))
            i = j
    return spans


# ------------------------------------------------------------------------------------------------
# pattern tier


def _pattern_spans(texts: Sequence[str], registry: Any) -> list[list[Span]] | None:
    """Spans from the pattern tier, or ``None`` when that module is not available."""
    try:
        from .patterns import find_spans
    except ImportError:
        return None
    return find_spans(texts, registry=registry)


# ------------------------------------------------------------------------------------------------
# NER clean-up

_DIGITS_ONLY = re.compile(r"^[0-9\s./:-]+$")
_SSN_SHAPE = re.compile(r"^[0-9]{3}[- ][0-9]{2}[- ][0-9]{4}$")
_CALENDAR_WORD = re.compile(
    r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|"
    r"july|august|september|october|november|december|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
)
# "3 weeks", "8+ years", "a few months", "10 days ago": durations and relative times.
_DURATION = re.compile(
    r"(?i)^(?:about |around |over |almost |nearly |the |a |an |last |next |past |few |couple |of |\d+\+? |"
    r"one |two |three |four |five |six |seven |eight |nine |ten |several |many )*"
    r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|century)(?: ago| old| later)?$"
)
_DATE_SHAPE = re.compile(
    r"^(?:[0-9]{4}|[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{1,4}|[0-9]{1,2}[./-][0-9]{4}|"
    r"[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{1,4}\s*[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?|[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?|"
    r"[0-9]{4}s|'[0-9]{2}s?)$"
)


def _keep_date(fragment: str) -> bool:
    """Keep DATE_TIME spans that can point at a day or a year: a calendar word or a date shape.

    Relative times and durations ("last week", "3 months", "this morning") identify no one,
    and bare numbers that are not shaped like a date or a year are house numbers, ZIP codes
    or parts of phone numbers that the model read as dates.
    """
    stripped = fragment.strip()
    if _DURATION.match(stripped):
        return False
    if _CALENDAR_WORD.search(stripped):
        return True
    if _DIGITS_ONLY.match(stripped):
        compact = re.sub(r"\s+", " ", stripped)
        return bool(_DATE_SHAPE.match(compact))
    # Mixed text ("the 1990s", "spring of 2019", "3rd of May"): keep it when it holds a year or a date.
    return bool(re.search(r"\b(?:1[0-9]|20)[0-9]{2}s?\b|\b[0-9]{1,2}(?:st|nd|rd|th)\b|[0-9]+[./-][0-9]+", stripped))


def _keep_person(fragment: str, english: bool = True) -> bool:
    """Drop PERSON spans made only of ordinary words ("Wisdom", "Discipline"), digits or symbols.

    The model is English: in text that does not read as English (``english`` false, see
    :func:`reads_as_english`) a span of words no list knows is a foreign word the model took for a
    name ("Ersatzartikel", "Odotetaan"), so only a word the gazetteer knows as a name keeps it. A span
    in another script (Cyrillic, Arabic, Han ...) is kept only when that script's name rules say so.
    """
    from .names import gazetteer

    words = re.findall(r"[^\W\d_]+", fragment)
    if not words or any(c.isdigit() for c in fragment):
        return False
    from .scripts import script_of

    script = script_of(fragment)
    if script not in ("latin", None):
        from .scripts import _judge

        return _judge(fragment, script).score >= 0.5
    gaz = gazetteer()
    for word in words:
        low = word.lower()
        if english and (low in gaz.given or low in gaz.surname or low not in gaz.other):
            return True  # a name, or a word the gazetteer does not know (most foreign names)
        if not english and word[0].isupper() and len(word) >= 3 and (low in gaz.given or low in gaz.surname):
            return True  # outside English only a capitalised name the lists know ("de", "al" are particles)
    return False


def _keep_place(fragment: str) -> bool:
    """Outside English text a LOCATION from the English model stands only when a place list knows a word of it."""
    from .names import gazetteer

    places = gazetteer().places
    return any(w.lower() in places for w in re.findall(r"[^\W\d_]{3,}", fragment))


_WORD3 = re.compile(r"[^\W\d_]{3,}")
#: Below this share of English function words (of three letters or more) a batch of texts is not
#: English: English running text has 20-45% ("the", "and", "with", "for"), other languages ~0.
_ENGLISH_SHARE = 0.05
#: Fewer words than this say too little about the language: the text is taken as English.
_ENGLISH_MIN_WORDS = 20


def reads_as_english(texts: Sequence[str]) -> bool:
    """Whether a batch of texts (a column's sample, the rows shown) reads as English, by the share of
    English stop words among its words of three letters or more; short batches count as English."""
    from ..valueindex import stop_words

    stops = stop_words()
    total = hits = 0
    for text in texts:
        for word in _WORD3.findall(text):
            total += 1
            hits += word.lower() in stops
    return total < _ENGLISH_MIN_WORDS or hits / total >= _ENGLISH_SHARE


def _clean_ner(text: str, spans: Sequence[Span], english: bool = True) -> list[Span]:
    out = []
    for span in spans:
        fragment = text[span.start : span.end]
        if span.detector.startswith("ner:") or span.entity in _NER_ENTITIES:
            if span.score < _MIN_NER_SCORE:
                continue
            if span.entity == "DATE_TIME" and not _keep_date(fragment):
                continue
            if span.entity == "PERSON" and not _keep_person(fragment, english):
                continue
            if span.entity == "LOCATION" and not english and not _keep_place(fragment):
                continue
            # Names, places and groups have no runs of digits (the model sometimes tags numbers).
            if span.entity in ("PERSON", "LOCATION", "NRP") and sum(c.isdigit() for c in fragment) >= 3:
                continue
        elif span.score < _MIN_PRESIDIO_PATTERN_SCORE and span.entity != "PHONE_NUMBER":
            # (Presidio scores phone numbers 0.4, but they were parsed by phonenumbers.)
            continue
        elif span.entity == "PHONE_NUMBER" and _SSN_SHAPE.match(fragment):
            # Presidio's phone recogniser also accepts 3-2-4 digit groups: the shape of an SSN that
            # the pattern tier's SSN rules rejected (area 000, 666, 9xx or a published sample).
            continue
        out.append(span)
    return out


# ------------------------------------------------------------------------------------------------
# merge


def _source(span: Span) -> str:
    prefix = span.detector.split(":", 1)[0]
    if prefix in ("rule", "ner", "presidio"):
        return prefix
    if prefix == "outgoing":  # the outgoing tier's context and gazetteer rules
        return "rule" if span.score >= _SCORE_RULE_NAME else "gazetteer"
    if prefix == "gazetteer":
        return "place" if span.entity == "LOCATION" else "gazetteer"
    # A pattern span that a validator or context confirmed outranks everything; a weak one
    # (a bare shape, scored low by the pattern tier) only outranks the NER model.
    return "pattern" if span.score >= 0.5 else "presidio"


_NAME_ENTITIES = frozenset({"PERSON"})


def _resolve(spans: Sequence[Span]) -> list[Span]:
    """Drop every span that overlaps a more trusted one; among equals keep the longer, surer one."""
    ranked = sorted(
        spans,
        key=lambda s: (-_PRIORITY[_source(s)], -(s.end - s.start), -s.score, s.start),
    )
    kept: list[Span] = []
    for span in ranked:
        if span.end <= span.start:
            continue
        overlap = [i for i, k in enumerate(kept) if span.start < k.end and k.start < span.end]
        if overlap:
            # a name seen by two sources ("Dakota Stark" by the gazetteer, "Stark" by the model) is
            # redacted whole: the kept span grows to cover both when it is the only one overlapped
            if len(overlap) == 1 and span.entity in _NAME_ENTITIES and kept[overlap[0]].entity == span.entity:
                k = kept[overlap[0]]
                kept[overlap[0]] = Span(min(k.start, span.start), max(k.end, span.end), k.entity, k.score, k.detector)
            continue
        kept.append(span)
    return sorted(kept, key=lambda s: (s.start, s.end))


def find_text_spans(
    texts: Sequence[str],
    *,
    engine: NerEngine | None = None,
    registry: Any = None,
    acted: Collection[str] | None = None,
) -> list[list[Span]]:
    """Personal data inside free text: one list of spans per text.

    Parameters
    ----------
    texts
        The cells (strings) of a free-text column, or any strings.
    engine
        The NER engine (:meth:`NerEngine.get`); ``None`` runs patterns and rules only.
    registry
        The pattern registry passed on to :func:`~jupyter_privguard.detect.patterns.find_spans`
        (``None`` for the default one).
    acted
        The entities the caller redacts (a policy's, any action but ``keep``): the model then runs only
        on the texts where it could change one of those (:func:`.ner_need.needs_ner`); ``None``: on all.

    Returns
    -------
    list of list of Span
        Non-overlapping spans sorted by start offset. ``detector`` names the source:
        a pattern recogniser, ``"rule:<name>"``, ``"ner:<model>"``, ``"presidio:<recogniser>"``
        or ``"gazetteer:<list>"``.
    """
    from .outgoing import cell_person_spans

    texts = ["" if t is None else str(t) for t in texts]
    patterns = _pattern_spans(texts, registry)
    ner: list[list[Span]] = [[] for _ in texts]
    if engine is not None:
        # Without the pattern tier, Presidio's own pattern recognisers stand in for it.
        entities = list(_NER_ENTITIES + _PRESIDIO_EXTRA) if patterns is not None else None
        ner = _analyze(texts, engine, entities, acted)
    english = engine is None or reads_as_english(texts)
    out: list[list[Span]] = []
    for index, text in enumerate(texts):
        candidates: list[Span] = []
        if patterns is not None:
            candidates.extend(patterns[index])
        candidates.extend(rule_spans(text))
        if not text.lstrip().startswith(("{", "[")):  # a container's repr is read by its keys (nested cells)
            candidates.extend(cell_person_spans(text, settle=engine is None))
        organisations = [s for s in ner[index] if s.entity == "ORGANIZATION"]
        candidates.extend(_clean_ner(text, [s for s in ner[index] if s.entity != "ORGANIZATION"], english))
        candidates.extend(place_spans(text))
        candidates.extend(_given_names_among_organisations(text, given_name_spans(text), organisations))
        out.append(_resolve([c for c in candidates if not (c.entity == "PERSON" and _names_a_product(text, c))]))
    return out


def _analyze(
    texts: list[str], engine: NerEngine, entities: list[str] | None, acted: Collection[str] | None
) -> list[list[Span]]:
    """The model's spans of each text, in one batch of the texts it could change (all when ``acted`` is None)."""
    if acted is None:
        return engine.analyze(texts, entities=entities, include_organizations=True)
    need = ner_need.needs_ner(texts, acted, engine, given_names=given_name_spans, calendar_word=_CALENDAR_WORD)
    chosen = [i for i, n in enumerate(need) if n]
    out: list[list[Span]] = [[] for _ in texts]
    if chosen:
        found = engine.analyze([texts[i] for i in chosen], entities=entities, include_organizations=True)
        for i, spans in zip(chosen, found):
            out[i] = spans
    return out


#: A model or product code (shared with the outgoing-text tier, defined beside its vocabulary).
MODEL_CODE = ner_need.MODEL_CODE
_names_a_product = ner_need.names_a_product


# Words that make a run of capitalised words an organisation, whatever names are in it.
_ORG_WORDS = frozenset(
    """
    inc inc. ltd ltd. llc llp plc corp corp. co co. company corporation group holdings bank gmbh ag sa s.a.
    sarl bv nv spa oy ab as kg ug university universität college school institute hospital clinic foundation
    fund trust partners associates brothers bros & and of
""".split()
)


def _given_names_among_organisations(text: str, names: list[Span], organisations: list[Span]) -> list[Span]:
    """Given-name runs, where the model saw organisations.

    The small English models read many European names as organisations ("customer Detlef
    Schuchhardt", "Étienne-Denis Morin", "Imre Mies B.A."). A run that starts with a known given
    name and overlaps an organisation of two to five words with no organisation word in it
    ("Bank", "Ltd", "University" ...) is a person, over both spans; otherwise the organisation wins.
    """
    out = []
    for name in names:
        overlapping = [o for o in organisations if name.start < o.end and o.start < name.end]
        if not overlapping:
            out.append(name)
            continue
        if len(overlapping) == 1:
            org = overlapping[0]
            words = text[org.start : org.end].split()
            if 2 <= len(words) <= 5 and not any(w.lower().strip(",.") in _ORG_WORDS for w in words):
                out.append(
                    Span(min(name.start, org.start), max(name.end, org.end), "PERSON", name.score, name.detector)
                )
    return out


# ------------------------------------------------------------------------------------------------
# routing

_WORD = re.compile(r"[^\W\d_]+")


def is_free_text(values: Sequence[str]) -> bool:
    """Whether a column holds free text (sentences, notes) rather than one value per cell.

    Parameters
    ----------
    values
        Sampled non-missing cells of the column, as strings.

    Returns
    -------
    bool
        True when the typical cell is several words long, mostly letters, and has the lower-case
        words of running text: addresses, names, user agents and codes are values, not text.
    """
    cells = [str(v).strip() for v in values if v is not None and str(v).strip()]
    if len(cells) == 0:
        return False
    tokens = [c.split() for c in cells]
    if statistics.median(len(t) for t in tokens) < 5 or statistics.median(len(c) for c in cells) < 25:
        return False
    letters = sum(sum(ch.isalpha() for ch in c) for c in cells)
    chars = sum(len(c) for c in cells)
    if letters / chars < 0.6:
        return False
    # Running text has lower-case words between the capitalised ones; "/", ";" and "=" heavy
    # strings are user agents, paths or query strings.
    words = [w for t in tokens for w in t]
    lower = sum(1 for w in words if _WORD.fullmatch(w.strip(".,;:!?\"'()")) and w[0].islower())
    symbols = sum(c.count("/") + c.count(";") + c.count("=") + c.count("\\") for c in cells)
    return lower / max(len(words), 1) >= 0.35 and symbols / max(len(words), 1) < 0.3
