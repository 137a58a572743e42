"""US ZIP codes (country_specific/us/zip_codes.py): cells taken and refused, spans in text."""

from __future__ import annotations

import pytest
from recognizer_checks import spans_of, takes

from jupyter_privguard.detect.recognizers.country_specific.us import zip_codes


def test_the_module_offers_its_recognisers_in_order() -> None:
    assert [r.name for r in zip_codes.recognizers()] == ["us_zip4", "us_zip"]


# (cell, recogniser, whether that recogniser takes it as a whole column cell)
CELLS = [
    ("94025-1234", "us_zip4", True),
    ("94025-123", "us_zip4", False),
    ("94025", "us_zip", True),
    ("00501", "us_zip", True),
    ("00012", "us_zip", False),
    ("940251", "us_zip", False),
]


@pytest.mark.parametrize(("value", "name", "expected"), CELLS)
def test_cells(value: str, name: str, expected: bool) -> None:
    assert takes(name, value) is expected


# (text, the (entity, covered text) of every span the built-in recognisers find in it)
TEXTS: list[tuple[str, list[tuple[str, str]]]] = [
    ("My zip is 94025", [("POSTAL_CODE", "94025")]),
    ("Menlo Park, CA 94025-1234", [("POSTAL_CODE", "94025-1234")]),
    ("The answer is 94025 apples", []),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans_of(text) == expected
