"""UUIDs (identifiers, not personal data) (generic/uuids.py): cells taken and refused, spans in text."""

from __future__ import annotations

import pytest
from recognizer_checks import spans_of, takes

from jupyter_privguard.detect.recognizers.generic import uuids


def test_the_module_offers_its_recognisers_in_order() -> None:
    assert [r.name for r in uuids.recognizers()] == ["uuid"]


# (cell, recogniser, whether that recogniser takes it as a whole column cell)
CELLS = [
    ("550e8400-e29b-41d4-a716-446655440000", "uuid", True),
    ("550E8400-E29B-41D4-A716-446655440000", "uuid", True),
    ("550e8400-e29b-41d4-a716-44665544000", "uuid", False),
    ("550e8400e29b41d4a716446655440000", "uuid", False),
]


@pytest.mark.parametrize(("value", "name", "expected"), CELLS)
def test_cells(value: str, name: str, expected: bool) -> None:
    assert takes(name, value) is expected


# (text, the (entity, covered text) of every span the built-in recognisers find in it)
TEXTS: list[tuple[str, list[tuple[str, str]]]] = [
    ("request 550e8400-e29b-41d4-a716-446655440000 took 1234 ms", []),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans_of(text) == expected
