"""Value evidence for the place columns of a table: cities, street addresses and postal codes.

Called by the scanner for one column after the pattern tiers (:func:`place_evidence`):

- **cities**: most distinct values name a city of the GeoNames gazetteer (:mod:`.city_names`), in any script,
  so the column is ``LOCATION`` under an unhelpful header too. A header that says ``name`` is evidence, not a
  verdict: it gives way when nearly every value is a city and the names tier is not sure of people. A column
  of people whose names are also towns (Florence, Victoria, Toledo) keeps PERSON: the share must be high and
  a clear name verdict wins.
- **streets**: most values carry a house number and a street-type word of some language
  (``data/address_words.json``, ``column_street_words``), as a whole word or the end of one ("Amirstraat 93",
  "서림길 1378", "пер. Петровский, д. 35").
- **shapes for the table pass**: values written like postal codes of some country ("02-739", "285 30",
  "DK-6005", "ΤΚ 090 69") or like a street name and a house number ("Kolodvorska 97") are not enough alone
  (order numbers and product names have those shapes); they are recorded as evidence, and
  :mod:`.place_neighbours` decides them with the rest of the table.

Evidence carries shares and counts, never a value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..report import Evidence

if TYPE_CHECKING:
    from ..adapters import ColumnData

#: the share of distinct values that must name a city
CITY_SHARE = 0.5
#: a names-tier score from which a column of names that are also towns stays PERSON
PERSON_WINS = 0.6
#: the share of distinct values written only with known given names and surnames that keeps a column from
#: being cities (most Spanish surnames are also the name of a town somewhere)
NAMES_WIN = 0.7
#: above this share a ``name`` header gives way to the values
CITY_OVER_HEADER = 0.8
#: the detectors of the shape evidence the table pass reads
POSTAL_SHAPE = "shape:postal_code"
#: postal codes stored as numbers: counts and amounts beside a city look alike, so these need a street
POSTAL_NUMBER_SHAPE = "shape:postal_code_number"
STREET_SHAPE = "shape:street_name_number"
CITY_SHAPE = "shape:city_names"
#: the share of distinct values naming a gazetteer city that is a shape for the table pass (small towns
#: are missing from a gazetteer of towns of 5,000 and more)
CITY_SHAPE_SHARE = 0.25
#: the score of shape evidence: below every threshold, so it never assigns an entity alone
SHAPE_SCORE = 0.4

_MAX_VALUES = 300

# postal codes as countries write them, country letters in front or not
_POSTAL = re.compile(
    r"(?:[A-ZΑ-Ω]{1,2}[- ]|Τ\.Κ\. ?)?[0-9]{4,7}"  # 4-7 digits: most of the world (DK-6005, H-1780, ΤΚ 10431)
    r"|[0-9]{3}[- ][0-9]{4}|〒 ?[0-9]{3}-?[0-9]{4}"  # Japan
    r"|[0-9]{5}-[0-9]{3}"  # Brazil
    r"|[0-9]{5}-[0-9]{4}"  # US ZIP+4
    r"|[0-9]{4}-[0-9]{3}"  # Portugal
    r"|(?:[A-Z]{2}-)?[0-9]{2}-[0-9]{3}"  # Poland
    r"|(?:[A-ZΑ-Ω]{1,2}[- ]|Τ\.Κ\. ?)?[0-9]{3} [0-9]{2}"  # Czechia, Slovakia, Sweden, Greece
    r"|[0-9]{4} ?[A-Z]{2}"  # the Netherlands
    r"|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}"  # the United Kingdom
    r"|[A-Z][0-9][A-Z] ?[0-9][A-Z][0-9]"  # Canada
)
# a house number: 1-5 digits, a letter, a range or a flat ("12a", "8/6", "725-009", "121.")
_HOUSE = r"[0-9]{1,5}(?:[A-Za-z]|[/-][0-9]{1,4}[A-Za-z]?)?\.?"
# the words of a value: split at spaces and punctuation; a token with a digit in it is no word ("a2f9")
_SPLIT = re.compile(r"[\s,;:.()/\\\"«»]+")
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")
_LETTERS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_NAME_NUMBER = re.compile(
    rf"(?:{_HOUSE},? )?[^\W\d_][^\d,]{{1,60}}?,? {_HOUSE}|{_HOUSE},? [^\W\d_][^\d]{{1,60}}", re.UNICODE
)


@lru_cache(maxsize=1)
def street_words() -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
    """The street-type words (whole words, lower case), the word endings of the languages that join the
    type to the name, and the CJK and Hangul markers found inside a word."""
    raw = resources.files("jupyter_privguard.data").joinpath("address_words.json").read_text("utf-8")
    table: dict[str, Any] = json.loads(raw)["column_street_words"]
    whole = frozenset(w.casefold() for k, v in table.items() if isinstance(v, list) for w in v)
    suffix: dict[str, list[str]] = table["suffix"]
    inside = tuple(w for k in ("ko", "zh", "ja") for w in suffix[k])
    endings = tuple(sorted({w for k, v in suffix.items() if k not in ("ko", "zh", "ja") for w in v}, key=len))
    return whole, endings, inside


def _has_street_word(value: str) -> bool:
    whole, endings, inside = street_words()
    for word in _SPLIT.split(value.casefold()):
        if any(_after_a_name(word, marker) for marker in inside):
            return True  # 中山路12号, 서림길: the marker follows the name, digits may follow it
        if len(word) < 2 or not _LETTERS.fullmatch(word):
            continue
        if word in whole or (len(word) > 4 and word.endswith(endings)):
            return True
    return False


def _after_a_name(word: str, marker: str) -> bool:
    at = word.find(marker)
    return at > 0 and word[at - 1].isalpha()


def street_share(values: Sequence[Any]) -> tuple[float, float]:
    """Of the distinct values: the share with a house number and a street word, and the share written as a
    name and a house number (with or without a street word; 0 unless most values differ, as a table of
    people's streets does and a column of product names, "Pixel 8", "Model 3", does not)."""
    texts = [v.strip() for v in values if isinstance(v, str) and v.strip()]
    distinct = list(dict.fromkeys(texts))[:_MAX_VALUES]
    if not distinct:
        return 0.0, 0.0
    # an address has a house number and a space (CJK writes none); hashes and ids have neither space nor words
    numbered = [v for v in distinct if any(c.isdigit() for c in v) and (" " in v or _CJK.search(v))]
    worded = sum(_has_street_word(v) for v in numbered)
    shaped = [v for v in numbered if _NAME_NUMBER.fullmatch(v)]
    varied = len(distinct) >= 10 and len(distinct) >= 0.5 * min(len(texts), _MAX_VALUES)
    return worded / len(distinct), (len(shaped) / len(distinct) if varied and _house_numbers(shaped) else 0.0)


def _house_numbers(values: list[str]) -> bool:
    """Whether "name + number" values read as streets: numbers that vary and are not years ("Eunice 2022")."""
    numbers = [int(m.group()) for m in (re.search(r"[0-9]+", v) for v in values) if m]
    if len(numbers) < 5:
        return False
    years = sum(1900 <= n <= 2035 for n in numbers)
    return years < 0.5 * len(numbers) and len(set(numbers)) >= 0.3 * len(values)


def _sequential(values: Sequence[str]) -> bool:
    """Numbers that mostly rise from row to row are ids (order numbers, invoice numbers), not postal codes."""
    numbers = [int(d) for d in (re.sub(r"\D", "", v) for v in values) if d]
    if len(numbers) < 10:
        return False
    rising = sum(b > a for a, b in zip(numbers, numbers[1:]))
    return rising >= 0.9 * (len(numbers) - 1)


def postal_share(values: Sequence[Any], *, one_length: float = 0.8) -> float:
    """The share of values written like a postal code, when their digit counts agree (one country's codes
    have one length: ``one_length`` of them) and they are neither years nor rising ids; else 0."""
    texts = [v.strip() for v in values if isinstance(v, str) and v.strip()][:_MAX_VALUES]
    if len(texts) < 5:
        return 0.0
    shaped = [v for v in texts if _POSTAL.fullmatch(v)]
    if len(shaped) < 0.9 * len(texts):
        return 0.0
    lengths: dict[int, int] = {}
    for v in shaped:
        n = sum(c.isdigit() for c in v)
        lengths[n] = lengths.get(n, 0) + 1
    length, count = max(lengths.items(), key=lambda kv: kv[1])
    if count < one_length * len(shaped) or len(set(shaped)) < 0.2 * len(shaped):
        return 0.0  # mixed lengths, or a handful of repeated codes (a category)
    prefixes = {m.group() for m in (re.match(r"[^\W\d_]+", v) for v in shaped) if m}
    if len(prefixes) > 3:
        return 0.0  # a country's letters are one for the column (DK-, H-); "NH-6852", "VS-8516" are codes
    if length == 4 and sum(v.isdigit() and 1900 <= int(v) <= 2035 for v in shaped) >= 0.8 * len(shaped):
        return 0.0  # years
    if _sequential(texts):
        return 0.0
    return len(shaped) / len(texts)


def place_evidence(
    col: ColumnData, header: dict[str, Evidence], values: dict[str, Evidence]
) -> dict[str, tuple[Evidence, float]]:
    """Place evidence for one column, and the header evidence it overrules.

    Returns the evidence to add or replace and the share of values it covers, by entity (``LOCATION``,
    ``STREET_ADDRESS``, ``POSTAL_CODE``, or ``header:PERSON`` for a weakened ``name`` header). Columns that another value tier already decided
    (a score of 0.5 or more for an entity other than PERSON) are left alone.
    """
    if col.value_kind not in ("string", "mixed", "object", "numeric"):
        return {}
    if any(ev.score >= 0.5 for e, ev in values.items() if e != "PERSON"):
        return {}
    sample = col.sample.iloc[:_MAX_VALUES].tolist()
    out: dict[str, tuple[Evidence, float]] = {}
    # numbers read from a file lose nothing but leading zeros: one length for nearly all, or a count of something
    share = postal_share(sample, one_length=0.95 if col.value_kind == "numeric" else 0.8)
    if share:
        out["POSTAL_CODE"] = _postal(share, col.value_kind == "numeric"), share
        return out
    if col.value_kind == "numeric":
        return out
    worded, shaped = street_share(sample)
    if worded >= 0.6:
        out["STREET_ADDRESS"] = (
            Evidence(
                "values:street_words",
                "STREET_ADDRESS",
                round(0.55 + 0.35 * worded, 4),
                f"{worded:.0%} of distinct sampled values have a house number and a street word",
            ),
            worded,
        )
        return out
    if shaped >= 0.8:
        out["STREET_ADDRESS"] = (
            Evidence(
                STREET_SHAPE,
                "STREET_ADDRESS",
                SHAPE_SCORE,
                f"{shaped:.0%} of distinct sampled values are written as a name and a house number",
            ),
            shaped,
        )
        return out
    if not _place_names(sample):
        return out  # town names have no digits and few words: the gazetteer is not even read
    from .city_names import city_share

    cities, n = city_share(sample)
    # a handful of names is a category (car models called Ibiza, León, Toledo; a few offices), not where people live
    if n < 8 or cities < CITY_SHAPE_SHARE:
        return out
    if cities < CITY_SHARE:
        if name_share(sample) < NAMES_WIN:
            out["LOCATION"] = (
                Evidence(
                    CITY_SHAPE, "LOCATION", SHAPE_SCORE, f"{cities:.0%} of {n} distinct sampled values name a city"
                ),
                cities,
            )
        return out
    person = values.get("PERSON")
    if (person is not None and person.score >= PERSON_WINS) or name_share(sample) >= NAMES_WIN:
        return out  # names that are also towns somewhere (García, Martínez, Toledo, Florence): people
    out["LOCATION"] = (
        Evidence(
            "gazetteer:geonames",
            "LOCATION",
            round(0.55 + 0.35 * cities, 4),
            f"{cities:.0%} of {n} distinct sampled values name a city (GeoNames)",
        ),
        cities,
    )
    if cities >= CITY_OVER_HEADER and "PERSON" in header:
        h = header["PERSON"]
        detail = f"{h.detail}; the values name cities, not people"
        out["header:PERSON"] = replace(h, score=round(h.score * 0.5, 4), detail=detail), 0.0
    if person is not None and "PERSON" in values and cities >= CITY_OVER_HEADER:
        out["PERSON"] = replace(person, score=round(person.score * 0.5, 4)), 0.0
    return out


def name_share(values: Sequence[Any]) -> float:
    """The share of distinct text values whose every word is a given name or a surname of the names gazetteer."""
    from .names import gazetteer as names_gazetteer

    distinct = {v.strip() for v in values if isinstance(v, str) and v.strip()}
    if not distinct:
        return 0.0
    gaz = names_gazetteer()
    known = 0
    for value in distinct:
        words = [w.casefold() for w in _LETTERS.findall(value)]
        known += bool(words) and all(w in gaz.given or w in gaz.surname for w in words)
    return known / len(distinct)


def _place_names(values: Sequence[Any]) -> bool:
    """Short names without digits, of one to four words: how a column of towns is written."""
    texts = [v for v in values if isinstance(v, str)]
    if not texts:
        return False
    plain = sum(len(v) <= 40 and len(v.split()) <= 4 and not any(c.isdigit() for c in v) for v in texts)
    return plain >= 0.9 * len(texts)


def add_place_evidence(col: ColumnData, signals: Any) -> None:
    """Add :func:`place_evidence` to the scanner's signals (``header``, ``values`` and ``coverage``)."""
    for key, (ev, share) in place_evidence(col, signals.header, signals.values).items():
        if key.startswith("header:"):
            signals.header[ev.entity] = ev
        elif key == "PERSON":
            signals.values[key] = ev  # weakened, not replaced: its coverage stays
            signals.coverage[key] = ev.score
        elif key not in signals.values or signals.values[key].score <= ev.score:
            signals.values[key] = ev
            signals.coverage[key] = max(signals.coverage.get(key, 0.0), share)


def _postal(share: float, numeric: bool) -> Evidence:
    detail = f"{share:.0%} of sampled values are written like postal codes"
    return Evidence(POSTAL_NUMBER_SHAPE if numeric else POSTAL_SHAPE, "POSTAL_CODE", SHAPE_SCORE, detail)
