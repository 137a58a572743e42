"""Japanese and Polish postcodes (country_specific/japan/postcodes.py, country_specific/poland/postcodes.py)."""

from __future__ import annotations

import pytest
from recognizer_checks import spans_of, takes

from jupyter_privguard.detect.recognizers.country_specific.japan import postcodes as jp
from jupyter_privguard.detect.recognizers.country_specific.poland import postcodes as pl


def test_the_modules_offer_their_recognisers_in_order() -> None:
    assert [r.name for r in jp.recognizers()] == ["jp_postcode", "jp_postcode_digits"]
    assert [r.name for r in pl.recognizers()] == ["pl_postcode"]


CELLS = [
    ("〒150-0002", "jp_postcode", True),
    ("〒 1500002", "jp_postcode", True),
    ("〒150-002", "jp_postcode", False),
    ("150-0002", "jp_postcode_digits", True),
    ("150-00021", "jp_postcode_digits", False),
    ("00-950", "pl_postcode", True),
    ("00-9500", "pl_postcode", False),
]


@pytest.mark.parametrize(("value", "name", "expected"), CELLS)
def test_cells(value: str, name: str, expected: bool) -> None:
    assert takes(name, value) is expected


TEXTS: list[tuple[str, list[tuple[str, str]]]] = [
    ("送付先 〒150-0002 まで", [("POSTAL_CODE", "〒150-0002")]),
    ("郵便番号 150-0002", [("POSTAL_CODE", "150-0002")]),
    ("kod pocztowy 00-950 Warszawa", [("POSTAL_CODE", "00-950")]),
    ("score 12-345 in the match", []),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans_of(text) == expected
