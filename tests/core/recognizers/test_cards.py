"""Payment card numbers (generic/cards.py): cells taken and refused, spans in text."""

from __future__ import annotations

import pytest
from recognizer_checks import spans_of, takes

from jupyter_privguard.detect.recognizers.generic import cards


def test_the_module_offers_its_recognisers_in_order() -> None:
    assert [r.name for r in cards.recognizers()] == ["credit_card"]


# (cell, recogniser, whether that recogniser takes it as a whole column cell)
CELLS = [
    ("4012 8888 8888 1881", "credit_card", True),
    ("4012-8888-8888-1881", "credit_card", True),
    ("378282246310005", "credit_card", True),
    ("3782 822463 10005", "credit_card", True),
    ("4012888888881881", "credit_card", True),
    ("4012888888881882", "credit_card", False),
    ("5545634085461870", "credit_card", False),
    ("4012 8888 8888", "credit_card", False),
    ("0000000000000000", "credit_card", False),
]


@pytest.mark.parametrize(("value", "name", "expected"), CELLS)
def test_cells(value: str, name: str, expected: bool) -> None:
    assert takes(name, value) is expected


# (text, the (entity, covered text) of every span the built-in recognisers find in it)
TEXTS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Card 4012 8888 8888 1881 expires 05/27", [("CREDIT_CARD", "4012 8888 8888 1881")]),
    ("order 1234567890123456 shipped, 5 items", []),
    ("pay with 4012888888881881.", [("CREDIT_CARD", "4012888888881881")]),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans_of(text) == expected
