"""Web addresses (generic/urls.py): cells taken and refused, spans in text."""

from __future__ import annotations

import pytest
from recognizer_checks import spans_of, takes

from jupyter_privguard.detect.recognizers.generic import urls


def test_the_module_offers_its_recognisers_in_order() -> None:
    assert [r.name for r in urls.recognizers()] == ["url", "url_domain"]


# (cell, recogniser, whether that recogniser takes it as a whole column cell)
CELLS = [
    ("https://www.example.com/path?q=1", "url", True),
    ("ftp://files.example.org/a.txt", "url", True),
    ("wss://chat.example.io", "url", True),
    ("https://", "url", False),
    ("mailto:ann@example.com", "url", False),
    ("www.example.co.uk", "url_domain", True),
    ("example.com", "url_domain", True),
    ("shop.example.de/cart", "url_domain", True),
    ("www.microsoft", "url_domain", False),
    ("notes.md", "url_domain", False),
    ("config.py", "url_domain", False),
]


@pytest.mark.parametrize(("value", "name", "expected"), CELLS)
def test_cells(value: str, name: str, expected: bool) -> None:
    assert takes(name, value) is expected


# (text, the (entity, covered text) of every span the built-in recognisers find in it)
TEXTS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "See https://example.com/u/550e8400-e29b-41d4-a716-446655440000?x=1 for details",
        [("URL", "https://example.com/u/550e8400-e29b-41d4-a716-446655440000?x=1")],
    ),
    ("visit www.example.com.", [("URL", "www.example.com")]),
    ("see notes.md and config.py", []),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans_of(text) == expected
