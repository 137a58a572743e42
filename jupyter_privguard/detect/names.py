"""Person-name evidence for a column of short strings.

A column of ``"Amanda"``, ``"Helen Therres"``, ``"Mrs. Marie Hamanová"`` holds names; a column of
``"Simple Solutions"``, ``"Internal Auditor"``, ``"Green"`` or ``"Wasco1982"`` does not. Three
signals are combined, per value and then per column:

shape
    one to four capitalised alphabetic tokens (honorifics, initials and suffixes such as
    ``Jr.`` allowed); digits, ``@``, slashes and long strings rule a value out.
gazetteer
    given names and surnames from many languages (``data/names.json.gz``, built from Faker's
    person providers by ``scripts/build_names_gazetteer.py``) against a list of words that are not
    names (common words, colours, job-title and company words, places). A name that is also such a
    word ("Rose", "Gray", "Jordan") counts only half.
NER
    the spaCy pipeline of the NER tier over every value placed in one neutral carrier sentence, so
    that a bare token gets context; one batched ``pipe`` call for the whole column.

The result is an :class:`~jupyter_privguard.report.Evidence` whose detail holds counts only.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from ..report import Evidence
from ..wording import names_detector

if TYPE_CHECKING:  # pragma: no cover
    from .ner import NerEngine

__all__ = ["Gazetteer", "gazetteer", "person_evidence", "value_name_score"]

DETECTOR = names_detector(ner=True)

# Below this combined score the column is not called a name column (``person_evidence`` -> None).
MIN_SCORE = 0.5
# At most this many distinct values are looked at (the caller samples; this bounds NER cost).
MAX_VALUES = 400
# Values longer than this are not names (user agents, sentences, addresses).
MAX_CHARS = 60

_HONORIFICS = frozenset(
    """mr mrs ms miss mx dr prof sir dame lady lord rev fr herr frau mme mlle mm sr sra srta
    sig sigra dott pan pani ing mgr bc judr mudr phdr dipl doc hr""".split()
)
_SUFFIXES = frozenset("jr sr ii iii iv phd md esq dds mba".split())
# Words that turn up in short categorical columns and are not names, beyond the gazetteer's list.
_NOT_NAMES = frozenset(
    """active inactive pending approved rejected declined completed complete cancelled canceled
    open closed new old done failed success successful error unknown none null nan yes no true
    false male female other default test sample demo admin user guest customer client vendor
    inc llc ltd gmbh corp co plc ag sa srl bv group holdings partners solutions systems services
    technologies labs studio studios company enterprises international global industries
    department team office center centre university college school hospital bank street road
    avenue lane drive""".split()
)
# Function words that some locales also use as given names ("My", "An", "Do"): in a table or a
# sentence they are almost always the word.
_FUNCTION_WORDS = frozenset(
    """my an the and or but is it he she we they you me us our his her its at by to of for with as
    be so no if up all any this that there here what when who how in on do did was are am not""".split()
)
# Lower-case particles inside names ("Ludwig van Beethoven", "Maria da Silva").
_PARTICLES = frozenset("van von de der den del della di da du dos das le la bin ibn al ter ten zu y e".split())
# The carrier sentence: chosen because it gives bare tokens a person-like slot without forcing
# the label (on synthetic columns it separated names from places and products best of the few tried).
_NER_VALUES = 64
# a gazetteer score (times 0.9) this high makes a names column whatever the model says
_GAZETTEER_DECIDES = 0.85
_DECIDED_NER_VALUES = 16
_CARRIER_PREFIX = "I met "
_CARRIER_SUFFIX = " yesterday."
_OTHER_LABELS = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "DATE"})

# A name token: letters of any script with inner apostrophes, hyphens or dots ("O'Neil", "Anne-Marie").
_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_INITIAL = re.compile(r"[^\W\d_]\.?")
_BAD_CHARS = re.compile(r"[\d@/\\:;#$%&*+=<>()\[\]{}|_~^\"!?]")


@dataclass(frozen=True)
class Gazetteer:
    """Lower-cased word sets: given names, surnames, words that are not names, and places
    (country names and US states, as whole phrases)."""

    given: frozenset[str]
    surname: frozenset[str]
    other: frozenset[str]
    places: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Load the packaged gazetteer once (about 0.1 s)."""
    raw = resources.files("jupyter_privguard").joinpath("data").joinpath("names.json.gz").read_bytes()
    data = json.loads(gzip.decompress(raw).decode("utf-8"))
    return Gazetteer(
        given=frozenset(data["given"]),
        surname=frozenset(data["surname"]),
        other=frozenset(data["other"]) | _NOT_NAMES | _FUNCTION_WORDS,
        places=frozenset(data.get("places", ())),
    )


def _capitalised_after(parts: list[str]) -> bool:
    """Particles, then a capitalised word: how a surname alone opens (``van der Heijden``)."""
    rest = [p for p in parts[1:] if p not in _PARTICLES]
    return bool(rest) and rest[0][:1].isupper()


def _tokens(value: str) -> tuple[list[str], bool] | None:
    """Name tokens of ``value`` (honorifics, initials and suffixes removed) and whether an
    honorific was seen; ``None`` when the value does not have the shape of a name."""
    text = value.strip()
    if not text or len(text) > MAX_CHARS or _BAD_CHARS.search(text):
        return None
    # "Smith, John" -> "John Smith": a comma is allowed once, between surname and given names.
    if text.count(",") == 1:
        last, first = (p.strip() for p in text.split(","))
        text = f"{first} {last}"
    elif "," in text:
        return None
    parts = text.split()
    if not 1 <= len(parts) <= 6:
        return None
    honorific = False
    tokens: list[str] = []
    for position, part in enumerate(parts):
        bare = part.rstrip(".").lower()
        if position == 0 and bare in _HONORIFICS:
            honorific = True
            continue
        if position > 0 and bare in _SUFFIXES:
            continue
        if _INITIAL.fullmatch(part):
            continue
        if position < len(parts) - 1 and part in _PARTICLES and (position > 0 or _capitalised_after(parts)):
            continue  # inside a name, or opening a surname alone ("van der Heijden", "de Souza")
        if not _TOKEN.fullmatch(part):
            return None
        # Capitalised ("Helen"), all capitals ("MPHILLION") or a script without case.
        if part[0].islower():
            return None
        tokens.append(part)
    if not 1 <= len(tokens) <= 4:
        return None
    return tokens, honorific


def value_name_score(value: str, gaz: Gazetteer | None = None) -> float:
    """How much one short value looks like a person's name, from shape and gazetteer, in [0, 1].

    Parameters
    ----------
    value
        One cell.
    gaz
        The gazetteer (the packaged one by default).

    Returns
    -------
    float
        0 for values that cannot be names (digits, punctuation, a word that is not a name), up to
        1 for a given name followed by more name tokens.
    """
    gaz = gaz or gazetteer()
    parsed = _tokens(value)
    if parsed is None:
        return 0.0
    tokens, honorific = parsed
    lowered = [t.lower() for t in tokens]
    kinds = []
    for word in lowered:
        is_name = word in gaz.given or word in gaz.surname
        is_other = word in gaz.other
        if is_other and not is_name:
            return 0.0  # "Solutions", "Auditor", "Germany": one such word and it is not a name
        kinds.append(("given" if word in gaz.given else "surname" if is_name else "unknown", is_other))
    if honorific:
        return 0.9
    if len(tokens) == 1:
        kind, ambiguous = kinds[0]
        base = {"given": 1.0, "surname": 0.7, "unknown": 0.0}[kind]
        return base * (0.5 if ambiguous else 1.0)
    # Several tokens: a clear given name first (or last, for "SMITH John") is the strongest sign.
    first_kind, first_ambiguous = kinds[0]
    last_kind, last_ambiguous = kinds[-1]
    if first_kind == "given" and not first_ambiguous:
        return 1.0
    if last_kind == "given" and not last_ambiguous and first_kind == "surname":
        return 0.9
    clear = sum(1 for kind, ambiguous in kinds if kind != "unknown" and not ambiguous)
    known = sum(1 for kind, _ in kinds if kind != "unknown")
    if clear >= 1:
        return 0.8 if known == len(kinds) else 0.6
    if known == len(kinds):
        return 0.5  # every token a name, all of them also ordinary words ("Rose Gray")
    return 0.25 if known else 0.0


def _all_unknown(value: str, gaz: Gazetteer) -> bool:
    """True when no token of a name-shaped value is in any gazetteer list."""
    parsed = _tokens(value)
    if parsed is None or parsed[1]:
        return False
    return not any(w in gaz.given or w in gaz.surname or w in gaz.other for w in (t.lower() for t in parsed[0]))


def _ner_shares(values: Sequence[str], engine: NerEngine) -> tuple[float, float]:
    """Share of values that the NER model calls a person, and share it calls something else."""
    nlp = engine.nlp
    texts = [f"{_CARRIER_PREFIX}{v}{_CARRIER_SUFFIX}" for v in values]
    start = len(_CARRIER_PREFIX)
    person = other = 0
    for value, doc in zip(values, nlp.pipe(texts, batch_size=engine.batch_size)):
        end = start + len(value)
        best: str | None = None
        for ent in doc.ents:
            overlap = min(end, ent.end_char) - max(start, ent.start_char)
            if overlap >= 0.5 * len(value):
                best = ent.label_
                break
        if best == "PERSON":
            person += 1
        elif best in _OTHER_LABELS:
            other += 1
    n = max(len(values), 1)
    return person / n, other / n


def person_evidence(values: Sequence[str], engine: NerEngine | None) -> Evidence | None:
    """Decide whether a column of short strings holds people's names.

    Parameters
    ----------
    values
        Sampled non-missing cells of one column, as strings.
    engine
        The NER engine (:meth:`NerEngine.get`), or ``None`` to use shape and gazetteer only.

    Returns
    -------
    Evidence or None
        ``Evidence(detector="names:gazetteer+ner", entity="PERSON", score, detail)`` when the
        column looks like names (``"names:gazetteer"`` without an engine), else ``None``. The
        detail holds counts only.
    """
    cleaned = [str(v).strip() for v in values if v is not None and str(v).strip()]
    if not cleaned:
        return None
    distinct = list(dict.fromkeys(cleaned))[:MAX_VALUES]
    gaz = gazetteer()
    n = len(distinct)
    shaped_values = [v for v in distinct if _tokens(v) is not None]
    shaped = len(shaped_values)
    if shaped < 0.5 * n:
        return None
    scores = [value_name_score(v, gaz) for v in shaped_values]
    unknown = [_all_unknown(v, gaz) for v in shaped_values]
    hits = sum(1 for s in scores if s >= 0.6)
    known = [s for s, u in zip(scores, unknown) if not u]
    # Values made only of words the gazetteer has never seen (names from languages it lacks)
    # borrow the column's hit rate among the values it could judge, when there are enough of
    # those: in a column that is clearly names they are probably names too; in a column of
    # products or places the judged values are vetoes and the borrowed score stays low.
    if len(known) >= max(5, 0.2 * shaped):
        prior = 0.6 * sum(1 for s in known if s >= 0.6) / len(known)
    else:
        prior = 0.0
    gaz_score = (sum(s for s, u in zip(scores, unknown) if not u) + prior * sum(unknown)) / n
    if engine is not None:
        # 64 values tell the model's view of a column as well as 200 do, at a third of the cost; when
        # the gazetteer alone decides (the model can only raise the score, below) 16 confirm it
        decided = gaz_score * 0.9 >= _GAZETTEER_DECIDES
        person_share, other_share = _ner_shares(
            shaped_values[: _DECIDED_NER_VALUES if decided else _NER_VALUES], engine
        )
        person_share *= shaped / n
        other_share *= shaped / n
        ner_score = max(0.0, person_share - 0.5 * other_share)
        score = 0.65 * gaz_score + 0.35 * ner_score
        # Many clear gazetteer hits are enough on their own: the small model misses bare given names.
        score = max(score, gaz_score * 0.9)
        ner_detail = (
            f", the NER model tags {round(person_share * n)} as a person and {round(other_share * n)} as something else"
        )
    else:
        score = gaz_score * 0.9
        ner_detail = ", no NER model"
    # lone surnames score 0.7 a value even when the gazetteer knows them all: in a column of them the
    # share the gazetteer backs is the evidence (0.5 from five in eight)
    score = round(min(1.0, max(score, 0.8 * hits / n)), 4)
    if score < MIN_SCORE:
        return None
    detail = (
        f"{n} distinct values: {shaped} have the shape of a name, {hits} match the names gazetteer,"
        f" {sum(unknown)} are unknown to it"
        f"{ner_detail}"
    )
    # the detector names the tiers that ran: "names:gazetteer" when no NER model took part
    detector = DETECTOR if engine is not None else names_detector(ner=False)
    return Evidence(detector=detector, entity="PERSON", score=score, detail=detail)


_PLACE_CARRIER_PREFIX = "She moved to "
_PLACE_CARRIER_SUFFIX = " last year."


def place_evidence(values: Sequence[str], engine: NerEngine | None) -> Evidence | None:
    """Decide whether a column of short strings holds places (cities, regions, countries).

    Each distinct value is put in a sentence that asks for a place, and the NER model's labels
    are counted: most values tagged GPE/LOC/FAC make it a LOCATION column. Without a model there
    is no evidence (the vocabularies cover countries and US states on their own).
    """
    if engine is None:
        return None
    distinct = list(dict.fromkeys(str(v).strip() for v in values if v is not None and str(v).strip()))[:64]
    # a place column has many distinct names; three labels ("Private", "Public") are a category
    if len(distinct) < 8:
        return None
    labels = _place_labels(distinct, engine)
    places = sum(label in ("GPE", "LOC", "FAC") for label in labels)
    people = sum(label == "PERSON" for label in labels)
    share = places / len(distinct)
    if share < 0.6 or people > places:
        return None
    return Evidence(
        "names:ner-place",
        "LOCATION",
        round(0.4 + 0.4 * share, 4),
        f"the NER model tags {places} of {len(distinct)} distinct values as a place",
    )


# the model's label for each value in the place sentence, per model (memory only): a table's column
# labels and categories come back at every display of a frame derived from it (``rename``, ``assign``)
_PLACE_LABELS: dict[tuple[int, str], str] = {}
_PLACE_LABELS_MAX = 8_192


def _place_labels(values: list[str], engine: NerEngine) -> list[str]:
    """The NER label of the entity over at least half of each value in its place sentence ("" for none)."""
    model = id(engine.nlp)
    found = {v: _PLACE_LABELS[(model, v)] for v in values if (model, v) in _PLACE_LABELS}
    todo = [v for v in values if v not in found]
    if todo:
        texts = [f"{_PLACE_CARRIER_PREFIX}{v}{_PLACE_CARRIER_SUFFIX}" for v in todo]
        start = len(_PLACE_CARRIER_PREFIX)
        for value, doc in zip(todo, engine.nlp.pipe(texts, batch_size=engine.batch_size)):
            end = start + len(value)
            found[value] = next(
                (e.label_ for e in doc.ents if min(end, e.end_char) - max(start, e.start_char) >= 0.5 * len(value)),
                "",
            )
        if len(_PLACE_LABELS) + len(todo) > _PLACE_LABELS_MAX:
            _PLACE_LABELS.clear()
        _PLACE_LABELS.update(((model, v), found[v]) for v in todo)
    return [found[v] for v in values]
