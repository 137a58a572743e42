"""UUIDs (identifiers, not personal data) (generic/uuids.py): cells taken and refused, spans in text."""

from __future__ import annotations

import pandas as pd
import pytest

from jupyter_privguard.detect.patterns import PatternRegistry, find_spans, match_values
from jupyter_privguard.detect.recognizers.generic import uuids

BUILTIN = PatternRegistry.default()


def takes(name: str, value: str) -> bool:
    """Whether recogniser ``name`` alone, run as on a column, fully matches the cell and validates it."""
    hits = match_values(pd.Series([value]), PatternRegistry([BUILTIN.get(name)]))
    return bool(hits) and hits[0].validated == 1 and hits[0].score > 0


def spans_of(text: str) -> list[tuple[str, str]]:
    """The (entity, covered text) of the spans all built-in recognisers find in ``text``."""
    (spans,) = find_spans([text], BUILTIN)
    return [(s.entity, text[s.start : s.end]) for s in spans]


def test_the_module_offers_its_recognisers_in_order() -> None:
    assert [r.name for r in uuids.recognizers()] == ["uuid"]


# (cell, recogniser, whether that recogniser takes it as a whole column cell)
CELLS = [
    ("550e8400-e29b-41d4-a716-446655440000", "uuid", True),
    ("550E8400-E29B-41D4-A716-446655440000", "uuid", True),
    ("550e8400-e29b-41d4-a716-44665544000", "uuid", False),
    ("550e8400e29b41d4a716446655440000", "uuid", False),
]


@pytest.mark.parametrize(("value", "name", "expected"), CELLS)
def test_cells(value: str, name: str, expected: bool) -> None:
    assert takes(name, value) is expected


# (text, the (entity, covered text) of every span the built-in recognisers find in it)
TEXTS: list[tuple[str, list[tuple[str, str]]]] = [
    ("request 550e8400-e29b-41d4-a716-446655440000 took 1234 ms", []),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans_of(text) == expected
