"""Dutch postcodes (country_specific/netherlands/postcodes.py): cells taken and refused, spans in text."""

from __future__ import annotations

import pytest
from recognizer_checks import spans_of, takes

from jupyter_privguard.detect.recognizers.country_specific.netherlands import postcodes


def test_the_module_offers_its_recognisers_in_order() -> None:
    assert [r.name for r in postcodes.recognizers()] == ["nl_postcode"]


# (cell, recogniser, whether that recogniser takes it as a whole column cell)
CELLS = [
    ("1012 AB", "nl_postcode", True),
    ("1012AB", "nl_postcode", True),
    ("0123 AB", "nl_postcode", False),
    ("1012 ab", "nl_postcode", False),
]


@pytest.mark.parametrize(("value", "name", "expected"), CELLS)
def test_cells(value: str, name: str, expected: bool) -> None:
    assert takes(name, value) is expected


# (text, the (entity, covered text) of every span the built-in recognisers find in it)
TEXTS: list[tuple[str, list[tuple[str, str]]]] = [
    ("postcode 1012 AB Amsterdam", [("POSTAL_CODE", "1012 AB")]),
    ("we had 1012 AB tests", []),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans_of(text) == expected
