"""Email addresses (generic/emails.py): cells taken and refused, spans in text."""

from __future__ import annotations

import pytest
from recognizer_checks import spans_of, takes

from jupyter_privguard.detect.recognizers.generic import emails


def test_the_module_offers_its_recognisers_in_order() -> None:
    assert [r.name for r in emails.recognizers()] == ["email"]


# (cell, recogniser, whether that recogniser takes it as a whole column cell)
CELLS = [
    ("john.doe@example.com", "email", True),
    ("Maria.Garcia+news@correo.example.es", "email", True),
    ("o'brien@example.ie", "email", True),
    ("user@xn--bcher-kva.example", "email", True),
    ("john.doe@example", "email", False),
    ("@example.com", "email", False),
    ("john..doe@example.com", "email", False),
    ("john doe@example.com", "email", False),
    ("john@-example.com", "email", False),
]


@pytest.mark.parametrize(("value", "name", "expected"), CELLS)
def test_cells(value: str, name: str, expected: bool) -> None:
    assert takes(name, value) is expected


# (text, the (entity, covered text) of every span the built-in recognisers find in it)
TEXTS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Mail ann.lee@example.com today.", [("EMAIL_ADDRESS", "ann.lee@example.com")]),
    ("write to a.b@mail.example.org, thanks", [("EMAIL_ADDRESS", "a.b@mail.example.org")]),
    ("version v1.2@example not an address", []),
    ("foo@bar", []),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans_of(text) == expected
