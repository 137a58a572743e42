"""Credentials (generic/credentials.py): cells taken and refused, spans in text."""

from __future__ import annotations

import pytest
from recognizer_checks import spans_of, takes

from jupyter_privguard.detect.recognizers.generic import credentials


def test_the_module_offers_its_recognisers_in_order() -> None:
    assert [r.name for r in credentials.recognizers()] == ["password_hash", "jwt", "api_key", "hex_digest"]


# (cell, recogniser, whether that recogniser takes it as a whole column cell)
CELLS = [
    ("$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", "password_hash", True),
    (
        "$shiro1$SHA-256$500000$eWpVX2tGX7WCP2J+jMCNqw==$it/NRclMOHrfOvhAEFZ0mxIZRdbcfqIBdwdwdDXW2dM=",
        "password_hash",
        True,
    ),
    ("$2a$10$short", "password_hash", False),
    (
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "jwt",
        True,
    ),
    ("eyJhbGciOi.eyJzdWIiOi.x", "jwt", False),
    ("AKIAIOSFODNN7EXAMPLE", "api_key", True),
    ("ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "api_key", True),
    ("AKIA123", "api_key", False),
    ("5f4dcc3b5aa765d61d8327deb882cf99", "hex_digest", True),
    ("12345678901234567890123456789012", "hex_digest", False),
    ("abcdefabcdefabcdefabcdefabcdefab", "hex_digest", False),
]


@pytest.mark.parametrize(("value", "name", "expected"), CELLS)
def test_cells(value: str, name: str, expected: bool) -> None:
    assert takes(name, value) is expected


# (text, the (entity, covered text) of every span the built-in recognisers find in it)
TEXTS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "token eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        [
            (
                "CREDENTIAL",
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            )
        ],
    ),
    ("key AKIAIOSFODNN7EXAMPLE leaked", [("CREDENTIAL", "AKIAIOSFODNN7EXAMPLE")]),
    ("password hash 5f4dcc3b5aa765d61d8327deb882cf99", [("CREDENTIAL", "5f4dcc3b5aa765d61d8327deb882cf99")]),
    ("sha 8f953371d3e85eddb89b05ed6b9e680791055315c73e1025ab5dba7bb2aee189", []),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans_of(text) == expected
