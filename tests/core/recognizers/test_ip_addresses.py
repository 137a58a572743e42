"""IP addresses (generic/ip_addresses.py): cells taken and refused, spans in text."""

from __future__ import annotations

import pytest
from recognizer_checks import spans_of, takes

from jupyter_privguard.detect.recognizers.generic import ip_addresses


def test_the_module_offers_its_recognisers_in_order() -> None:
    assert [r.name for r in ip_addresses.recognizers()] == ["ipv4", "ipv6"]


# (cell, recogniser, whether that recogniser takes it as a whole column cell)
CELLS = [
    ("192.168.0.1", "ipv4", True),
    ("10.0.0.0/8", "ipv4", True),
    ("8.8.8.8", "ipv4", True),
    ("256.1.1.1", "ipv4", False),
    ("1.2.3", "ipv4", False),
    ("192.168.0.1/33", "ipv4", False),
    ("2001:db8::8a2e:370:7334", "ipv6", True),
    ("::1", "ipv6", True),
    ("fe80::1%eth0", "ipv6", True),
    ("12:34:56", "ipv6", False),
    ("2001:db8:::1", "ipv6", False),
]


@pytest.mark.parametrize(("value", "name", "expected"), CELLS)
def test_cells(value: str, name: str, expected: bool) -> None:
    assert takes(name, value) is expected


# (text, the (entity, covered text) of every span the built-in recognisers find in it)
TEXTS: list[tuple[str, list[tuple[str, str]]]] = [
    ("src=10.0.0.1 dst=2001:db8::1", [("IP_ADDRESS", "10.0.0.1"), ("IP_ADDRESS", "2001:db8::1")]),
    ('app.run(host="0.0.0.0") on 127.0.0.1', []),
    ("std::cout << MyClass::toString(); ratio 1:2:3:4 at 12:34:56", []),
    ("Version 1.2.3 costs $12.99", []),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans_of(text) == expected
