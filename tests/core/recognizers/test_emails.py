"""Email addresses (generic/emails.py): cells taken and refused, spans in text."""

from __future__ import annotations

import pandas as pd
import pytest

from jupyter_privguard.detect.patterns import PatternRegistry, find_spans, match_values
from jupyter_privguard.detect.recognizers.generic import emails

BUILTIN = PatternRegistry.default()


def takes(name: str, value: str) -> bool:
    """Whether recogniser ``name`` alone, run as on a column, fully matches the cell and validates it."""
    hits = match_values(pd.Series([value]), PatternRegistry([BUILTIN.get(name)]))
    return bool(hits) and hits[0].validated == 1 and hits[0].score > 0


def spans_of(text: str) -> list[tuple[str, str]]:
    """The (entity, covered text) of the spans all built-in recognisers find in ``text``."""
    (spans,) = find_spans([text], BUILTIN)
    return [(s.entity, text[s.start : s.end]) for s in spans]


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
