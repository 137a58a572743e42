"""MAC addresses (generic/mac_addresses.py): cells taken and refused, spans in text."""

from __future__ import annotations

import pandas as pd
import pytest

from jupyter_privguard.detect.patterns import PatternRegistry, find_spans, match_values
from jupyter_privguard.detect.recognizers.generic import mac_addresses

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
    assert [r.name for r in mac_addresses.recognizers()] == ["mac_address"]


# (cell, recogniser, whether that recogniser takes it as a whole column cell)
CELLS = [
    ("00:1A:2B:3C:4D:5E", "mac_address", True),
    ("00-1a-2b-3c-4d-5e", "mac_address", True),
    ("001A.2B3C.4D5E", "mac_address", True),
    ("00:00:00:00:00:00", "mac_address", False),
    ("ff:ff:ff:ff:ff:ff", "mac_address", False),
    ("00:1A:2B:3C:4D", "mac_address", False),
    ("00:1A-2B:3C:4D:5E", "mac_address", False),
]


@pytest.mark.parametrize(("value", "name", "expected"), CELLS)
def test_cells(value: str, name: str, expected: bool) -> None:
    assert takes(name, value) is expected


# (text, the (entity, covered text) of every span the built-in recognisers find in it)
TEXTS: list[tuple[str, list[tuple[str, str]]]] = [
    ("device 00:1A:2B:3C:4D:5E joined", [("MAC_ADDRESS", "00:1A:2B:3C:4D:5E")]),
    ("at 12:34:56 the job ended", []),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans_of(text) == expected
