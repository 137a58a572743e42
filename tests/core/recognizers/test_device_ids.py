"""Device identifiers (IMEI) (generic/device_ids.py): cells taken and refused, spans in text."""

from __future__ import annotations

import pytest
from recognizer_checks import spans_of, takes

from jupyter_privguard.detect.recognizers.generic import device_ids


def test_the_module_offers_its_recognisers_in_order() -> None:
    assert [r.name for r in device_ids.recognizers()] == ["imei", "imei_digits"]


# (cell, recogniser, whether that recogniser takes it as a whole column cell)
CELLS = [
    ("49-015420-323751-8", "imei", True),
    ("35 209900 176148 1", "imei", True),
    ("49-015420-323751-9", "imei", False),
    ("490154203237518", "imei_digits", True),
    ("490154203237519", "imei_digits", False),
    ("49015420323751", "imei_digits", False),
]


@pytest.mark.parametrize(("value", "name", "expected"), CELLS)
def test_cells(value: str, name: str, expected: bool) -> None:
    assert takes(name, value) is expected


# (text, the (entity, covered text) of every span the built-in recognisers find in it)
TEXTS: list[tuple[str, list[tuple[str, str]]]] = [
    ("IMEI 49-015420-323751-8 blocked", [("DEVICE_ID", "49-015420-323751-8")]),
    ("imei: 490154203237518", [("DEVICE_ID", "490154203237518")]),
    ("order 490154203237518 shipped", []),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans_of(text) == expected
