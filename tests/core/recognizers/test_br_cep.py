"""Brazilian postal codes (CEP) (country_specific/brazil/cep.py): cells taken and refused, spans in text."""

from __future__ import annotations

import pytest
from recognizer_checks import spans_of, takes

from jupyter_privguard.detect.recognizers.country_specific.brazil import cep


def test_the_module_offers_its_recognisers_in_order() -> None:
    assert [r.name for r in cep.recognizers()] == ["br_cep"]


# (cell, recogniser, whether that recogniser takes it as a whole column cell)
CELLS = [
    ("01310-100", "br_cep", True),
    ("01310100", "br_cep", False),
    ("0131-0100", "br_cep", False),
]


@pytest.mark.parametrize(("value", "name", "expected"), CELLS)
def test_cells(value: str, name: str, expected: bool) -> None:
    assert takes(name, value) is expected


# (text, the (entity, covered text) of every span the built-in recognisers find in it)
TEXTS: list[tuple[str, list[tuple[str, str]]]] = [
    ("CEP 01310-100 São Paulo", [("POSTAL_CODE", "01310-100")]),
    ("ref 01310-100 ok", []),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans_of(text) == expected
