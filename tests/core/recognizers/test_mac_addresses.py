"""MAC addresses (generic/mac_addresses.py): cells taken and refused, spans in text."""

from __future__ import annotations

import pytest
from recognizer_checks import spans_of, takes

from jupyter_privguard.detect.recognizers.generic import mac_addresses


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
