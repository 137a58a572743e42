"""Street addresses (generic/street_addresses.py): cells taken and refused, spans in text."""

from __future__ import annotations

import pytest
from recognizer_checks import spans_of, takes

from jupyter_privguard.detect.recognizers.generic import street_addresses


def test_the_module_offers_its_recognisers_in_order() -> None:
    assert [r.name for r in street_addresses.recognizers()] == [
        "street_address",
        "street_address_intl",
        "street_name_number",
        "po_box",
    ]


# (cell, recogniser, whether that recogniser takes it as a whole column cell)
CELLS = [
    ("10932 Bigge Rd", "street_address", True),
    ("10932 Bigge Rd, Menlo Park, CA 94025", "street_address", True),
    ("221B Baker Street", "street_address", True),
    ("1600 Pennsylvania Avenue NW", "street_address", True),
    ("3 big dogs run", "street_address", False),
    ("Bigge Rd", "street_address", False),
    ("Avenida Noruega 42", "street_address_intl", True),
    ("Rua Augusta, 1500", "street_address_intl", True),
    ("12 rue de la Paix", "street_address_intl", True),
    ("Hauptstraße 5", "street_address_intl", True),
    ("Berliner Str. 12a", "street_address_intl", True),
    ("Keizersgracht 123", "street_address_intl", True),
    ("Hauptstraße", "street_address_intl", False),
    ("Kolodvorska 97", "street_name_number", True),
    ("kolodvorska 97", "street_name_number", False),
    ("WEST 72 STREET", "street_name_number", False),  # a number before a street type names the street
    ("P.O. Box 255", "po_box", True),
    ("Postfach 1234", "po_box", True),
    ("P.O. Box", "po_box", False),
]


@pytest.mark.parametrize(("value", "name", "expected"), CELLS)
def test_cells(value: str, name: str, expected: bool) -> None:
    assert takes(name, value) is expected


# (text, the (entity, covered text) of every span the built-in recognisers find in it)
TEXTS: list[tuple[str, list[tuple[str, str]]]] = [
    ("She lives at 10932 Bigge Rd, Menlo Park.", [("STREET_ADDRESS", "10932 Bigge Rd")]),
    ("Mi dirección es Avenida Noruega 42, Madrid", [("STREET_ADDRESS", "Avenida Noruega 42")]),
    ("Send it to P.O. Box 255 please", [("STREET_ADDRESS", "P.O. Box 255")]),
    ("We shipped Windows 10 today", []),
    ("Cross street: WEST 171 STREET, then East 28 St", []),
    ("The street is Kolodvorska 97 in Zagreb", [("STREET_ADDRESS", "Kolodvorska 97")]),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans_of(text) == expected
