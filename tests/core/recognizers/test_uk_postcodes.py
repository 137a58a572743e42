"""UK postcodes (country_specific/uk/postcodes.py): cells taken and refused, spans in text."""

from __future__ import annotations

import pytest
from recognizer_checks import spans_of, takes

from jupyter_privguard.detect.recognizers.country_specific.uk import postcodes


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
