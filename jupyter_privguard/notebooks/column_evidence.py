"""A column's header is evidence, not a verdict: second thoughts on a table column at rest.

The column scanner (:func:`jupyter_privguard.scanner.scan`) calls a column ``name`` PERSON, and a
column of capitalised words with a few given names among them PERSON too. In a saved notebook that
verdict decides what the exact-value index hunts for in every other text, so a wrong one floods
the report (every city, team or Pokémon of the notebook, wherever it is written). Before a
column's values go into the index, :func:`overruled` weighs what the table says against it:

* the header's head noun names another kind of thing (``home_team``, ``dest_city_name``,
  ``county``): the names are that thing's names;
* the table is about places (a sibling column holds a population, an elevation, a geometry): its
  ``name`` column names places;
* the header was the only evidence and the values do not look like names (few of them have a
  given name or a surname of the gazetteer, case aside): ``name`` of a Pokémon, a beer;
* a column found by its values alone with fewer than three distinct values: two labels;
* the values are single given names counted in a sibling column (``Name`` beside ``Count``):
  statistics of names, not people;
* a STREET_ADDRESS column whose values are street names, not addresses (no house number with a
  street name after it, nor a street name followed by a number).

A column whose header names a person (``first_name``, ``customer``, ``author``) is never
overruled by the last three rules. Uses :mod:`jupyter_privguard.detect.names` (gazetteer).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..detect.recognizers.generic.street_addresses import _STREET_SUFFIXES_EN

# head nouns of headers that name things which are not people (a data-science table's usual
# subjects); words for people (artist, author, player ...) are deliberately absent
_NON_PERSON_HEADS = frozenset(
    """team club league sport city town village county state country nation region province district
    borough neighbourhood neighborhood suburb place location site station stop airport port harbour
    harbor street road avenue venue stadium arena park river lake mountain island continent zone
    area sector company firm business organisation organization org agency department institution
    school university college hospital brand product item dish food recipe beer wine drink species
    breed animal pokemon movie film show series book song album track game app package library
    module model category genre kind class feature column variable field dataset table file
    language colour color disease drug element planet ship car vehicle make airline carrier
    building hotel restaurant shop store market industry event""".split()
)
# headers that name a person: the value rules do not overrule them
_PERSON_HEADS = frozenset(
    """first given last surname family fname lname firstname lastname givenname familyname
    fullname person people customer client patient employee staff user author owner contact
    member student teacher driver passenger applicant player manager worker""".split()
)
_TRAILING = frozenset({"name", "names", "nm", "id", "label", "title", "x", "y", "1", "2"})
# sibling headers that say the rows are places (not the parts of an address a person has)
_PLACE_ATTRIBUTES = frozenset({"population", "pop", "elevation", "altitude", "geometry", "coordinates", "density"})
# sibling headers of a count: the rows are aggregates
_COUNT_HEADS = frozenset({"count", "counts", "frequency", "freq", "n", "births", "occurrences", "total", "number"})
_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
# an address: a house number with a street's name after it, or a street's name then a number; a
# number followed by a street type alone ("58 AVENUE", "169 STREET") is the street's own name
_ADDRESS_SHAPE = re.compile(r"\s*\d[\w/-]*\s+(\S.*?)\s*|\s*\S+.*\s\d+[A-Za-z]?\s*", re.S)
_STREET_TYPE_ONLY = re.compile(
    r"(?:(?:N|S|E|W|North|South|East|West)\.?\s+)?(?:" + "|".join(_STREET_SUFFIXES_EN.split()) + r")\.?",
    re.I,
)


# the names the table tier gives a column without a header: no evidence either way
_NO_HEADER = re.compile(r"\((?:index|column \d+)\)")


def _tokens(header: str) -> list[str]:
    if _NO_HEADER.fullmatch(header):
        return []
    return [t for t in _SPLIT.split(_CAMEL.sub(" ", header).lower()) if t]


def _head(header: str) -> str | None:
    tokens = _tokens(header)
    while tokens and tokens[-1] in _TRAILING:
        tokens.pop()
    return tokens[-1] if tokens else None


def _names_person(header: str) -> bool:
    return any(t in _PERSON_HEADS for t in _tokens(header))


def _detectors(finding: Any) -> set[str]:
    return {str(e.detector) for e in (getattr(finding, "evidence", None) or ())}


def _name_share(values: Sequence[str]) -> float:
    from ..detect.names import gazetteer, value_name_score

    gaz = gazetteer()
    distinct = list(dict.fromkeys(values))[:200]
    if not distinct:
        return 0.0
    hits = sum(1 for v in distinct if value_name_score(v if not v.islower() else v.title(), gaz) > 0)
    return hits / len(distinct)


def overruled(header: str, entity: str, finding: Any, values: Sequence[str], siblings: Sequence[str]) -> str | None:
    """Why the column's verdict does not stand at rest (a reason for the evidence), or ``None``.

    Parameters
    ----------
    header
        The column's header as the table shows it.
    entity, finding
        The scanner's verdict and its column finding (``evidence`` with detector names).
    values
        The column's non-empty cells.
    siblings
        The headers of the table's other columns (numeric ones included).
    """
    detectors = _detectors(finding)
    person_header = _names_person(header)
    if entity == "STREET_ADDRESS":
        cells = [v for v in values if v.strip()][:200]
        if cells and sum(1 for v in cells if _is_address(v)) < 0.3 * len(cells):
            return "street names without a house number"
        return None
    if entity != "PERSON":
        return None
    head = _head(header)
    if head in _NON_PERSON_HEADS and not person_header:
        return f"the header names a {head}"
    if person_header:
        return None
    sibling_tokens = {t for s in siblings if s != header for t in _tokens(s)}
    if sibling_tokens & _PLACE_ATTRIBUTES:
        return "a table of places"
    by_header = any(d == "header" for d in detectors)
    by_values = any(d.startswith("names") for d in detectors)
    if by_header and not by_values and _name_share(values) < 0.3:
        return "the header alone, and the values are not names"
    if not by_header and len(set(values)) < 3:
        return "fewer than three distinct values"
    if sibling_tokens & _COUNT_HEADS and all(len(v.split()) == 1 for v in values[:500]):
        return "single given names beside a count: statistics of names"
    return None


def value_stands(entity: str, value: str) -> bool:
    """Whether one value of a column classified as ``entity`` is that entity on its own: a street
    name without a house number in an address column ("58 AVENUE") names no one's home."""
    return entity != "STREET_ADDRESS" or _is_address(value)


def _is_address(value: str) -> bool:
    m = _ADDRESS_SHAPE.fullmatch(value)
    return m is not None and not (m.group(1) is not None and _STREET_TYPE_ONLY.fullmatch(m.group(1)))


# the entity the exact index gives a value whose shape is a coincidence (see :func:`coincidences`):
# its hits are never reported, and a pattern hit on the same text is dropped (.spans)
COINCIDENCE = "<coincidence>"
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{2,11}")
_MIN_CODES = 5
_MISSING = frozenset({"NaN", "nan", "None", "NaT", "<NA>", "null", "...", "…", ""})


def coincidences(values: Sequence[str]) -> set[str]:
    """The values of a column of codes that a pattern reads as personal data although the column
    scanner, weighing the whole column (header, shapes, validators), found no entity in it: an
    aircraft's tail number ``N412WN`` that has the shape of a UK postcode. Call it only for a
    column the scanner left without an entity.

    Only a column whose values are all single short codes with a letter and a digit is weighed:
    free text is not (one phone in a column of notes is no coincidence), nor digits alone (a
    phone, card or SSN column the scanner missed stays the pattern tier's).
    """
    distinct = [v for v in dict.fromkeys(values) if v not in _MISSING][:500]
    if len(distinct) < _MIN_CODES or not all(
        _CODE.fullmatch(v) and any(c.isdigit() for c in v) and any(c.isalpha() for c in v) for v in distinct
    ):
        return set()
    from ..detect.patterns import PatternRegistry, find_spans
    from ..session import current_session

    registry = PatternRegistry(list(current_session().registries.recognizers))
    out: set[str] = set()
    for value, spans in zip(distinct, find_spans(distinct, registry)):
        if any(span.start == 0 and span.end == len(value) for span in spans):
            out.add(value)
    return out
