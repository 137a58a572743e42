"""Four- and six-digit postal codes (generic/postal_codes.py): cells taken and refused, spans in text."""

from __future__ import annotations

import pytest
from recognizer_checks import spans_of, takes

from jupyter_privguard.detect.recognizers.generic import postal_codes


def test_the_module_offers_its_recognisers_in_order() -> None:
    assert [r.name for r in postal_codes.recognizers()] == ["postal_digits"]


# (cell, recogniser, whether that recogniser takes it as a whole column cell)
CELLS = [
    ("1010", "postal_digits", True),
    ("110001", "postal_digits", True),
    ("12345", "postal_digits", False),
    ("10101010", "postal_digits", False),
]


@pytest.mark.parametrize(("value", "name", "expected"), CELLS)
def test_cells(value: str, name: str, expected: bool) -> None:
    assert takes(name, value) is expected


# (text, the (entity, covered text) of every span the built-in recognisers find in it)
TEXTS: list[tuple[str, list[tuple[str, str]]]] = [
    ("postcode 1010 Wien", [("POSTAL_CODE", "1010")]),
    ("PLZ 110001", [("POSTAL_CODE", "110001")]),
    ("it took 1010 ms", []),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans_of(text) == expected
