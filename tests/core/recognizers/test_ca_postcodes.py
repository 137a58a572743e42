"""Canadian postal codes (country_specific/canada/postcodes.py): cells taken and refused, spans in text."""

from __future__ import annotations

import pytest
from recognizer_checks import spans_of, takes

from jupyter_privguard.detect.recognizers.country_specific.canada import postcodes


def test_the_module_offers_its_recognisers_in_order() -> None:
    assert [r.name for r in postcodes.recognizers()] == ["ca_postcode"]


# (cell, recogniser, whether that recogniser takes it as a whole column cell)
CELLS = [
    ("K1A 0B1", "ca_postcode", True),
    ("M5V3L9", "ca_postcode", True),
    ("D1A 0B1", "ca_postcode", False),
    ("K1A 0B", "ca_postcode", False),
]


@pytest.mark.parametrize(("value", "name", "expected"), CELLS)
def test_cells(value: str, name: str, expected: bool) -> None:
    assert takes(name, value) is expected


# (text, the (entity, covered text) of every span the built-in recognisers find in it)
TEXTS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Ottawa ON K1A 0B1", [("POSTAL_CODE", "K1A 0B1")]),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans_of(text) == expected
