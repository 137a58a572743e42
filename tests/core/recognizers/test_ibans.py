"""IBANs (generic/ibans.py): cells taken and refused, spans in text."""

from __future__ import annotations

import pytest
from recognizer_checks import spans_of, takes

from jupyter_privguard.detect.recognizers.generic import ibans


def test_the_module_offers_its_recognisers_in_order() -> None:
    assert [r.name for r in ibans.recognizers()] == ["iban"]


# (cell, recogniser, whether that recogniser takes it as a whole column cell)
CELLS = [
    ("DE89 3704 0044 0532 0130 00", "iban", True),
    ("GB82WEST12345698765432", "iban", True),
    ("de89370400440532013000", "iban", True),
    ("DE89 3704 0044 0532 0130 01", "iban", False),
    ("GB82WEST1234569876543", "iban", False),
    ("XX89370400440532013000", "iban", False),
]


@pytest.mark.parametrize(("value", "name", "expected"), CELLS)
def test_cells(value: str, name: str, expected: bool) -> None:
    assert takes(name, value) is expected


# (text, the (entity, covered text) of every span the built-in recognisers find in it)
TEXTS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Wire to DE89 3704 0044 0532 0130 00 today", [("IBAN_CODE", "DE89 3704 0044 0532 0130 00")]),
    ("account GB82WEST12345698765432.", [("IBAN_CODE", "GB82WEST12345698765432")]),
    ("code DE12ABCDEFGHIJKLM here", []),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans_of(text) == expected
