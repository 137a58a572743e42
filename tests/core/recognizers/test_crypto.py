"""Cryptocurrency wallet addresses (generic/crypto.py): cells taken and refused, spans in text."""

from __future__ import annotations

import pytest
from recognizer_checks import spans_of, takes

from jupyter_privguard.detect.recognizers.generic import crypto


def test_the_module_offers_its_recognisers_in_order() -> None:
    assert [r.name for r in crypto.recognizers()] == ["crypto_btc", "crypto_eth"]


# (cell, recogniser, whether that recogniser takes it as a whole column cell)
CELLS = [
    ("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "crypto_btc", True),
    ("16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ", "crypto_btc", True),
    ("16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyY", "crypto_btc", False),
    ("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdx", "crypto_btc", False),
    ("0x52908400098527886E0F7030069857D2E4169EE7", "crypto_eth", True),
    ("0x52908400098527886E0F7030069857D2E4169EE", "crypto_eth", False),
]


@pytest.mark.parametrize(("value", "name", "expected"), CELLS)
def test_cells(value: str, name: str, expected: bool) -> None:
    assert takes(name, value) is expected


# (text, the (entity, covered text) of every span the built-in recognisers find in it)
TEXTS: list[tuple[str, list[tuple[str, str]]]] = [
    ("send BTC to 16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ", [("CRYPTO", "16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ")]),
    ("send BTC to 16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyY", []),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans_of(text) == expected
