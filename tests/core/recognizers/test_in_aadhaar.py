"""IN_AADHAAR (country_specific/india/aadhaar.py): Indian Aadhaar numbers, by value alone and in text."""

from __future__ import annotations

import random

import pandas as pd
import pytest

import jupyter_privguard as pg
from jupyter_privguard.detect.patterns import PatternRegistry, find_spans, match_values
from jupyter_privguard.detect.recognizers.country_specific.india.aadhaar import in_aadhaar

# Verhoeff's check from its definition: the dihedral group D5 (five rotations, five reflections)
# and the powers of one permutation of the digits, written independently of the module's tables.


def _d5(j: int, k: int) -> int:
    if j < 5:
        return (j + k) % 5 if k < 5 else 5 + (j + k) % 5
    return 5 + (j - k) % 5 if k < 5 else (j - k) % 5


_BASE = (1, 5, 7, 6, 2, 8, 3, 0, 9, 4)


def _permute(times: int, digit: int) -> int:
    for _ in range(times % 8):
        digit = _BASE[digit]
    return digit


def _verhoeff_digit(payload: str) -> str:
    check = 0
    for position, ch in enumerate(reversed(payload)):
        check = _d5(check, _permute(position + 1, int(ch)))
    inverse = next(x for x in range(10) if _d5(check, x) == 0)
    return str(inverse)


def _valid_numbers(n: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        payload = rng.choice("23456789") + "".join(rng.choice("0123456789") for _ in range(10))
        out.append(payload + _verhoeff_digit(payload))
    return out


def _grouped(number: str, sep: str = " ") -> str:
    return sep.join((number[:4], number[4:8], number[8:]))


def _wrong(number: str) -> str:
    # Verhoeff catches every single-digit error: change the last digit
    return number[:11] + str((int(number[11]) + 3) % 10)


VALID = _valid_numbers(300)

VALIDATOR_ROWS = [
    ("2345 6789 0124", True),
    ("234567890124", True),
    ("2345-6789-0124", True),
    ("2345 6789 0123", False),  # check digit wrong
    ("2345 6789-0124", False),  # mixed separators
    ("1345 6789 0129", False),  # right check digit, but first digit 1: never issued
    ("0345 6789 0128", False),
    ("23456789012", False),  # eleven digits
    ("2345678901240", False),  # thirteen digits
    ("2345 67890124", False),
    ("abcd efgh ijkl", False),
    ("", False),
]


@pytest.mark.parametrize(("value", "expected"), VALIDATOR_ROWS)
def test_validator_table(value: str, expected: bool) -> None:
    assert in_aadhaar(value) is expected


def test_generated_numbers_pass_and_their_wrong_twins_fail() -> None:
    assert all(in_aadhaar(x) and in_aadhaar(_grouped(x)) and in_aadhaar(_grouped(x, "-")) for x in VALID)
    assert not any(in_aadhaar(_wrong(x)) or in_aadhaar(_grouped(_wrong(x))) for x in VALID)


COLUMN_ROWS = [
    ([_grouped(x) for x in VALID], "IN_AADHAAR"),
    (VALID, "IN_AADHAAR"),
    ([_grouped(_wrong(x)) for x in VALID], None),
    ([_wrong(x) for x in VALID], None),
]


@pytest.mark.parametrize(("values", "entity"), COLUMN_ROWS, ids=["grouped", "bare", "grouped_wrong", "bare_wrong"])
def test_a_column_under_an_unhelpful_header(values: list[str], entity: str | None) -> None:
    found = pg.scan(pd.DataFrame({"f3": values})).entities().get("f3")
    if entity is None:
        assert found != "IN_AADHAAR"
    else:
        assert found == entity


def _order_ids(n: int) -> list[str]:
    rng = random.Random(13)
    return [str(rng.randint(2 * 10**11, 10**12 - 1)) for _ in range(n)]


@pytest.mark.parametrize("header", ["f3", "order_id"])
def test_twelve_digit_order_ids_are_no_aadhaar(header: str) -> None:
    ids = _order_ids(300)
    assert pg.scan(pd.DataFrame({header: ids})).entities().get(header) != "IN_AADHAAR"
    hits = {h.entity: h for h in match_values(pd.Series(ids), PatternRegistry.default())}
    assert hits["IN_AADHAAR"].coverage < 0.2  # one in ten passes Verhoeff by chance


TEXT_ROWS = [
    (f"Aadhaar {_grouped(VALID[0])} verified", _grouped(VALID[0])),
    (f"holder {_grouped(VALID[1])} on file", _grouped(VALID[1])),
    (f"UID: {VALID[2]}", VALID[2]),
    (f"your aadhaar number is {VALID[3]}.", VALID[3]),
    (f"order {VALID[4]} shipped", None),  # bare digits without a context word
    (f"Aadhaar {_grouped(_wrong(VALID[5]))} verified", None),
    (f"UID: {_wrong(VALID[6])}", None),
    (f"Aadhaar 1{_grouped(VALID[7])[1:]}", None),
]


@pytest.mark.parametrize(("text", "value"), TEXT_ROWS)
def test_spans_in_text(text: str, value: str | None) -> None:
    spans = [s for s in find_spans([text], PatternRegistry.default())[0] if s.entity == "IN_AADHAAR"]
    if value is None:
        assert spans == []
    else:
        assert [text[s.start : s.end] for s in spans] == [value]


def test_many_grouped_numbers_are_found_in_text() -> None:
    texts = [f"e-KYC done for {_grouped(x)} today" for x in VALID[:100]]
    found = find_spans(texts, PatternRegistry.default())
    assert all([s.entity for s in spans] == ["IN_AADHAAR"] for spans in found)
