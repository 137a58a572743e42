"""Phone numbers (generic/phones.py): cells taken and refused, spans in text."""

from __future__ import annotations

import pytest
from recognizer_checks import spans_of, takes

from jupyter_privguard.detect.recognizers.generic import phones


def test_the_module_offers_its_recognisers_in_order() -> None:
    assert [r.name for r in phones.recognizers()] == ["phone", "phone_digits"]


# (cell, recogniser, whether that recogniser takes it as a whole column cell)
CELLS = [
    ("+44 20 7946 0958", "phone", True),
    ("(408) 496-7223", "phone", True),
    ("415.555.0132", "phone", True),
    ("+1-415-555-0132", "phone", True),
    ("001-408-496-7223x123", "phone", True),
    ("+49 30 1234567", "phone", True),
    ("4155550132", "phone", False),
    ("2020-12-10", "phone", False),
    ("212.45.102.133", "phone", False),
    ("123-456-7890", "phone", False),
    ("84 23 30", "phone", False),
    ("4084967223", "phone_digits", True),
    ("14084967223", "phone_digits", True),
    ("1234567890", "phone_digits", False),
    ("(408) 496-7223", "phone_digits", False),
]


@pytest.mark.parametrize(("value", "name", "expected"), CELLS)
def test_cells(value: str, name: str, expected: bool) -> None:
    assert takes(name, value) is expected


# (text, the (entity, covered text) of every span the built-in recognisers find in it)
TEXTS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Mail ann.lee@example.com or call (408) 496-7223.",
        [("EMAIL_ADDRESS", "ann.lee@example.com"), ("PHONE_NUMBER", "(408) 496-7223")],
    ),
    (
        "UK office: +44 20 7946 0958, US: +1 415 555 0132",
        [("PHONE_NUMBER", "+44 20 7946 0958"), ("PHONE_NUMBER", "+1 415 555 0132")],
    ),
    ("call 202-403-2312 now", [("PHONE_NUMBER", "202-403-2312")]),
    ("2024-03-23 12:52:50 epoch 1 loss 0.25", [("DATE_TIME", "2024-03-23 12:52:50")]),  # a time stamp, no phone
    ("ratio 1.2345 and 250 items", []),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans_of(text) == expected
