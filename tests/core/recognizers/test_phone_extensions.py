"""Phone numbers with an extension (generic/phone_extensions.py): cells taken and refused, spans in text."""

from __future__ import annotations

import pytest
from recognizer_checks import spans_of, takes

from jupyter_privguard.detect.recognizers.generic import phone_extensions


def test_the_module_offers_its_recogniser() -> None:
    assert [r.name for r in phone_extensions.recognizers()] == ["phone_extension"]


# (cell, whether the recogniser takes it as a whole column cell)
CELLS = [
    # an extension makes a phone of a number its numbering plan does not know (Faker's en_US numbers)
    ("001-868-581-9736x9935", True),
    ("(555)123-4567 ext. 89", True),
    ("555.123.4567 x 89", True),
    ("8685819736x9935", True),
    ("+44 20 7946 0958 ext 12", True),
    ("555-0199 #3", True),
    ("(555)123-4567", False),  # no extension: the plan decides (phone)
    ("1920x1080", False),  # a screen size
    ("1234567x2", False),  # one group of seven digits
    ("2024-03-23 x 2", False),
    ("12.5 x 3", False),
    ("192.168.10.1 #4", False),
]


@pytest.mark.parametrize(("value", "expected"), CELLS)
def test_cells(value: str, expected: bool) -> None:
    assert takes("phone_extension", value) is expected


TEXTS: list[tuple[str, list[tuple[str, str]]]] = [
    ("call (555)123-4567 ext. 89 today", [("PHONE_NUMBER", "(555)123-4567 ext. 89")]),
    ("Faker says 001-868-581-9736x9935.", [("PHONE_NUMBER", "001-868-581-9736x9935")]),
    ("figure 640x480, 1920x1080 px", []),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans_of(text) == expected
