"""UK NHS numbers (country_specific/uk/nhs.py): cells taken and refused, spans in text."""

from __future__ import annotations

import pytest
from recognizer_checks import spans_of, takes

from jupyter_privguard.detect.recognizers.country_specific.uk import nhs


def test_the_module_offers_its_recognisers_in_order() -> None:
    assert [r.name for r in nhs.recognizers()] == ["uk_nhs", "uk_nhs_other"]


# (cell, recogniser, whether that recogniser takes it as a whole column cell)
CELLS = [
    ("401 023 2137", "uk_nhs", True),
    ("943 476 5919", "uk_nhs", True),
    ("401 023 2138", "uk_nhs", False),
    ("111 111 1111", "uk_nhs", False),
    ("4010232137", "uk_nhs_other", True),
    ("401-023-2137", "uk_nhs_other", True),
    ("4010232138", "uk_nhs_other", False),
]


@pytest.mark.parametrize(("value", "name", "expected"), CELLS)
def test_cells(value: str, name: str, expected: bool) -> None:
    assert takes(name, value) is expected


# (text, the (entity, covered text) of every span the built-in recognisers find in it)
TEXTS: list[tuple[str, list[tuple[str, str]]]] = [
    ("NHS number 401 023 2137", [("UK_NHS", "401 023 2137")]),
    ("patient 4010232137 seen", [("UK_NHS", "4010232137")]),
    ("order 4010232137 sent", []),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans_of(text) == expected
