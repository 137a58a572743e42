"""The table pass for places: a column shaped like postal codes or like "name + house number" beside the
table's city or street column is that part of an address.

A column of five-digit numbers alone is not personal data (order numbers, amounts, codes); nor is a column of
"Name 12" values (products, models). In a table that also has a street address or a city column, they are
the address's postal code and street. The per-column tier (:mod:`.place_columns`) records the shape as
evidence in the column's finding; this pass reads only findings (no values), so it runs at every scan over
cached findings too, and costs a loop over the columns.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..report import Evidence
from .place_columns import CITY_SHAPE, POSTAL_NUMBER_SHAPE, POSTAL_SHAPE, STREET_SHAPE

if TYPE_CHECKING:
    from ..policy import Policy
    from ..report import ColumnFinding

#: the score a shape gets beside an address column of the same table
NEIGHBOUR_SCORE = 0.6
#: which shape needs which neighbours
_NEEDS = {
    POSTAL_SHAPE: ("POSTAL_CODE", frozenset({"STREET_ADDRESS", "LOCATION"})),
    POSTAL_NUMBER_SHAPE: ("POSTAL_CODE", frozenset({"STREET_ADDRESS"})),
    STREET_SHAPE: ("STREET_ADDRESS", frozenset({"POSTAL_CODE", "LOCATION"})),
    CITY_SHAPE: ("LOCATION", frozenset({"POSTAL_CODE", "STREET_ADDRESS"})),
}
#: a column the names tier scored this high for PERSON is not flipped to a place (surnames that are towns)
_PERSON_SCORE = 0.3


def _shape(finding: ColumnFinding) -> str | None:
    if finding.entity is not None or finding.kind != "value" or finding.allowed:
        return None
    shape = next((ev.detector for ev in finding.evidence if ev.detector in _NEEDS), None)
    if shape is not None and any(e == "PERSON" and s >= _PERSON_SCORE for e, s in finding.candidates):
        return None
    return shape


def settle_places(findings: dict[str, ColumnFinding], policy: Policy) -> dict[str, ColumnFinding]:
    """``findings`` (one table's, by column) with the address shapes that stand beside an address column
    decided; the same dict when nothing changes."""
    shaped = {name: shape for name, f in findings.items() if (shape := _shape(f)) is not None}
    if not shaped:
        return findings
    out = dict(findings)
    # Two address shapes in one table stand for each other (a postal-code column and a "name + number"
    # column; not numbers, which counts are too); then twice: a street decided by a city makes the postal code beside it an address part
    entities = {_NEEDS[shape][0] for shape in shaped.values() if shape != POSTAL_NUMBER_SHAPE}
    decided = {f.entity for f in findings.values() if f.entity is not None}
    for _ in range(2):
        present = {f.entity for f in out.values() if f.entity is not None}
        if len(entities) >= 2:
            present |= entities
        for name, shape in list(shaped.items()):
            entity, neighbours = _NEEDS[shape]
            found = sorted(present & neighbours)
            if entity == "POSTAL_CODE" and "POSTAL_CODE" in decided:
                continue  # the table's postal code is known: other numbers beside it are something else
            if not found or NEIGHBOUR_SCORE < policy.threshold_for(entity):
                continue
            f = out[name]
            why = Evidence(
                "table:address_columns",
                entity,
                NEIGHBOUR_SCORE,
                f"written like a {entity.lower().replace('_', ' ')}, in a table with a {found[0]} column",
            )
            kept = tuple(ev for ev in f.evidence if ev.entity == entity)
            out[name] = replace(
                f,
                entity=entity,
                score=NEIGHBOUR_SCORE,
                coverage=1.0,
                evidence=(*kept, why),
                candidates=((entity, NEIGHBOUR_SCORE), *(c for c in f.candidates if c[0] != entity))[:5],
            )
            del shaped[name]
    return out
