"""US social security numbers (country_specific/us/ssn.py): cells taken and refused, spans in text."""

from __future__ import annotations

import pytest
from recognizer_checks import spans_of, takes

from jupyter_privguard.detect.recognizers.country_specific.us import ssn


def test_the_module_offers_its_recognisers_in_order() -> None:
    assert [r.name for r in ssn.recognizers()] == ["us_ssn", "us_ssn_spaced", "us_ssn_digits"]


# (cell, recogniser, whether that recogniser takes it as a whole column cell)
CELLS = [
    ("078-05-1123", "us_ssn", True),
    ("536-90-4399", "us_ssn", True),
    ("000-12-3456", "us_ssn", False),
    ("666-12-3456", "us_ssn", False),
    ("912-70-1234", "us_ssn", False),
    ("078-05-1120", "us_ssn", False),
    ("123-45-6789", "us_ssn", False),
    ("111-11-1111", "us_ssn", False),
    ("078 05 1123", "us_ssn_spaced", True),
    ("078.05.1123", "us_ssn_spaced", True),
    ("693-09.4444", "us_ssn_spaced", False),
    ("078051123", "us_ssn_digits", True),
    ("123456789", "us_ssn_digits", False),
    ("0780511201", "us_ssn_digits", False),
]


@pytest.mark.parametrize(("value", "name", "expected"), CELLS)
def test_cells(value: str, name: str, expected: bool) -> None:
    assert takes(name, value) is expected


# (text, the (entity, covered text) of every span the built-in recognisers find in it)
TEXTS: list[tuple[str, list[tuple[str, str]]]] = [
    ("SSN: 078-05-1123.", [("US_SSN", "078-05-1123")]),
    ("ssn 078051123", [("US_SSN", "078051123")]),
    ("id 078051121 in table", []),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans_of(text) == expected
