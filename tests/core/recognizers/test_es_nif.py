"""ES_NIF (country_specific/spain/nif.py): Spanish DNI and NIE numbers, by value alone and in text."""

from __future__ import annotations

import random

import pandas as pd
import pytest

import jupyter_privguard as pg
from jupyter_privguard.detect.patterns import PatternRegistry, find_spans
from jupyter_privguard.detect.recognizers.country_specific.spain.nif import es_nif

# the Ministry of the Interior's table: the remainder of the number divided by 23 picks the letter
_LETTER_OF_REMAINDER = dict(enumerate("TRWAGMYFPDXBNJZSQVHLCKE"))


def _dni(number: int) -> str:
    return f"{number:08d}{_LETTER_OF_REMAINDER[number % 23]}"


def _nie(prefix: str, number: int) -> str:
    value = int("XYZ".index(prefix) * 10**7 + number)
    return f"{prefix}{number:07d}{_LETTER_OF_REMAINDER[value % 23]}"


def _valid_numbers(n: int, seed: int = 9) -> list[str]:
    rng = random.Random(seed)
    dnis = [_dni(rng.randint(1, 99_999_999)) for _ in range(n // 2)]
    nies = [_nie(rng.choice("XYZ"), rng.randint(0, 9_999_999)) for _ in range(n - n // 2)]
    return dnis + nies


def _wrong(value: str) -> str:
    letters = "TRWAGMYFPDXBNJZSQVHLCKE"
    return value[:-1] + letters[(letters.index(value[-1]) + 1) % 23]


VALID = _valid_numbers(300)

VALIDATOR_ROWS = [
    ("12345678Z", True),
    ("12345678-Z", True),
    ("12345678z", True),
    ("X1234567L", True),
    ("X-1234567-L", True),
    ("Y1234567X", True),
    ("Z1234567R", True),
    ("12345678A", False),  # wrong letter
    ("X1234567A", False),
    ("00000000T", False),  # zero is no number
    ("1234567Z", False),  # seven digits
    ("123456789Z", False),
    ("A1234567L", False),  # only X, Y, Z start an NIE
    ("12345678Ñ", False),
    ("", False),
]


@pytest.mark.parametrize(("value", "expected"), VALIDATOR_ROWS)
def test_validator_table(value: str, expected: bool) -> None:
    assert es_nif(value) is expected


def test_generated_numbers_pass_and_their_wrong_twins_fail() -> None:
    assert all(es_nif(x) for x in VALID)
    assert not any(es_nif(_wrong(x)) for x in VALID)


COLUMN_ROWS = [
    (VALID, "ES_NIF"),
    ([x for x in VALID if x[0] in "XYZ"], "ES_NIF"),
    ([_wrong(x) for x in VALID], None),
]


@pytest.mark.parametrize(("values", "entity"), COLUMN_ROWS, ids=["dni_and_nie", "nie", "wrong_letters"])
def test_a_column_under_an_unhelpful_header(values: list[str], entity: str | None) -> None:
    found = pg.scan(pd.DataFrame({"f3": values})).entities().get("f3")
    if entity is None:
        assert found != "ES_NIF"
    else:
        assert found == entity


def test_product_codes_of_the_same_shape_are_no_nif() -> None:
    rng = random.Random(17)
    codes = [f"{rng.randint(10**7, 10**8 - 1)}{rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}" for _ in range(300)]
    assert pg.scan(pd.DataFrame({"sku": codes})).entities().get("sku") != "ES_NIF"


TEXT_ROWS = [
    (f"Titular con DNI {VALID[0]}.", VALID[0]),
    (f"ref {VALID[1]} ok", VALID[1]),
    (f"NIE: {VALID[-1]}", VALID[-1]),
    (f"DNI {_wrong(VALID[2])}", None),
    (f"code A{VALID[3]}", None),  # glued to a word
]


@pytest.mark.parametrize(("text", "value"), TEXT_ROWS)
def test_spans_in_text(text: str, value: str | None) -> None:
    spans = [s for s in find_spans([text], PatternRegistry.default())[0] if s.entity == "ES_NIF"]
    if value is None:
        assert spans == []
    else:
        assert [text[s.start : s.end] for s in spans] == [value]


def test_many_numbers_are_found_in_text() -> None:
    texts = [f"Documento {x} presentado" for x in VALID[:100]]
    found = find_spans(texts, PatternRegistry.default())
    assert all([s.entity for s in spans] == ["ES_NIF"] for spans in found)
