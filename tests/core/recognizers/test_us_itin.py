"""US ITINs (country_specific/us/itin.py): cells taken and refused, spans in text."""

from __future__ import annotations

import pytest
from recognizer_checks import spans_of, takes

from jupyter_privguard.detect.recognizers.country_specific.us import itin


def test_the_module_offers_its_recognisers_in_order() -> None:
    assert [r.name for r in itin.recognizers()] == ["us_itin", "us_itin_digits"]


# (cell, recogniser, whether that recogniser takes it as a whole column cell)
CELLS = [
    ("911-70-1234", "us_itin", True),
    ("900 50 1234", "us_itin", True),
    ("911-69-1234", "us_itin", False),
    ("811-70-1234", "us_itin", False),
    ("911701234", "us_itin_digits", True),
    ("911691234", "us_itin_digits", False),
]


@pytest.mark.parametrize(("value", "name", "expected"), CELLS)
def test_cells(value: str, name: str, expected: bool) -> None:
    assert takes(name, value) is expected


# (text, the (entity, covered text) of every span the built-in recognisers find in it)
TEXTS: list[tuple[str, list[tuple[str, str]]]] = [
    ("ITIN 911-70-1234 on file", [("US_ITIN", "911-70-1234")]),
    ("taxpayer id 911701234", [("US_ITIN", "911701234")]),
    ("ref 911701234 ok", []),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans_of(text) == expected
