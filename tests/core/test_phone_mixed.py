"""Issue 13: address books that mix the international and the national way of one country, and the
ways numbers are written around the digits ("(+30)", "+46 (0)8", "(06)1/234-5678", "x123").

The numbers are built here from each country's numbering plan as its regulator publishes it (trunk
prefix, lengths), with seeded random subscriber digits: many are unallocated ranges, as in test data
and in old address books, and they are still telephone numbers by the way they are written. Look-alikes
(order numbers, amounts, ids with one "+" row) must stay what they are.
"""

from __future__ import annotations

import random

import pandas as pd
import pytest

import jupyter_privguard as pg
from jupyter_privguard.detect.phone_regions import _written_like_phone, national_phone_region

NO_NER = pg.Policy(ner="off")
N = 120


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def _russian_book(rng: random.Random) -> list[str]:
    # +7 or trunk 8, a three-digit code (any: many unallocated), seven digits
    def one() -> str:
        code, a, b, c = _digits(rng, 3), _digits(rng, 3), _digits(rng, 2), _digits(rng, 2)
        if rng.random() < 0.4:
            return f"+7 ({code}) {a}-{b}-{c}"
        return f"8 ({code}) {a}-{b}-{c}" if rng.random() < 0.5 else f"8{code}{a}{b}{c}"

    return [one() for _ in range(N)]


def _swedish_book(rng: random.Random) -> list[str]:
    # "+46 (0)..." keeps the trunk 0 in parentheses; national numbers start with it
    def one() -> str:
        area = rng.choice(["8", "31", "40", "18", "13", "90"])
        rest = _digits(rng, 9 - len(area))
        if rng.random() < 0.35:
            return f"+46 (0){area} {rest[:3]} {rest[3:]}"
        return f"0{area}-{rest[:3]} {rest[3:]}"

    return [one() for _ in range(N)]


def _greek_book(rng: random.Random) -> list[str]:
    # Greece has no trunk prefix: ten digits, 2x landlines and 69x mobiles; "(+30)" in front or not, grouped or not
    def one() -> str:
        number = rng.choice(["69", "21", "23", "26"]) + _digits(rng, 8)
        if rng.random() < 0.4:
            return f"(+30) {number[:4]} {number[4:]}"
        return f"{number[:3]} {number[3:6]} {number[6:]}" if rng.random() < 0.6 else number

    return [one() for _ in range(N)]


@pytest.mark.parametrize(("make", "region"), [(_russian_book, "RU"), (_swedish_book, "SE"), (_greek_book, "GR")])
def test_one_country_written_both_ways_is_a_phone_column(make, region) -> None:  # type: ignore[no-untyped-def]
    values = make(random.Random(2026))
    found = national_phone_region(values)
    assert found is not None and found[0] == region and found[1] >= 0.8, found
    df = pd.DataFrame({"x7": values})
    assert pg.scan(df, policy=NO_NER).columns["x7"].entity == "PHONE_NUMBER"
    text = pg.redact(df, policy=NO_NER).to_csv()
    assert not any(v in text for v in values)


@pytest.mark.parametrize(
    "text",
    ["(+30) 6944 123456", "+46 (0)8 123 456 78", "(06)1/234-5678", "+1 (212) 555-0142 x123", "030 1234567 ext. 12"],
)
def test_written_like_a_phone_number(text) -> None:  # type: ignore[no-untyped-def]
    assert _written_like_phone(text)


@pytest.mark.parametrize("text", ["v1.2.3", "ORD-123456", "(12)", "x123"])
def test_not_written_like_a_phone_number(text) -> None:  # type: ignore[no-untyped-def]
    assert not _written_like_phone(text)


def _decoys(rng: random.Random) -> dict[str, list[str]]:
    return {
        # order numbers in groups, one in ten carrying a "+" country-like prefix
        "orders": [
            (f"+{rng.randint(1, 99)} " if i % 10 == 0 else "") + f"{_digits(rng, 4)}-{_digits(rng, 4)}"
            for i in range(N)
        ],
        # signed amounts with a thousands separator
        "amounts": [f"+{rng.randint(1, 999)} {_digits(rng, 3)},{_digits(rng, 2)}" for _ in range(N)],
        # two-group ids of mixed country codes: no one country
        "mixed_codes": [f"+{rng.choice(['1', '33', '49', '81', '86', '90'])} {_digits(rng, 9)}" for _ in range(N // 4)]
        + [f"{_digits(rng, 3)}-{_digits(rng, 5)}" for _ in range(N - N // 4)],
    }


@pytest.mark.parametrize("name", ["orders", "amounts", "mixed_codes"])
def test_look_alikes_do_not_become_phone_numbers(name) -> None:  # type: ignore[no-untyped-def]
    values = _decoys(random.Random(7))[name]
    df = pd.DataFrame({"c12": values})
    assert pg.scan(df, policy=NO_NER).columns["c12"].entity != "PHONE_NUMBER", name
