"""UK postcodes (country_specific/uk/postcodes.py): cells taken and refused, spans in text."""

from __future__ import annotations

import pandas as pd
import pytest

from jupyter_privguard.detect.patterns import PatternRegistry, find_spans, match_values
from jupyter_privguard.detect.recognizers.country_specific.uk import postcodes

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
    assert [r.name for r in postcodes.recognizers()] == ["uk_postcode"]


# (cell, recogniser, whether that recogniser takes it as a whole column cell)
CELLS = [
    ("SW1A 1AA", "uk_postcode", True),
    ("EC1A1BB", "uk_postcode", True),
    ("GIR 0AA", "uk_postcode", True),
    ("M1 1AE", "uk_postcode", True),
    ("SW1A 1A", "uk_postcode", False),
    ("QQ1 1AA", "uk_postcode", False),
]


@pytest.mark.parametrize(("value", "name", "expected"), CELLS)
def test_cells(value: str, name: str, expected: bool) -> None:
    assert takes(name, value) is expected


# (text, the (entity, covered text) of every span the built-in recognisers find in it)
TEXTS: list[tuple[str, list[tuple[str, str]]]] = [
    ("London SW1A 1AA", [("POSTAL_CODE", "SW1A 1AA")]),
    ("a plain sentence", []),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans_of(text) == expected
