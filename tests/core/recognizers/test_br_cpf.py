"""BR_CPF (country_specific/brazil/cpf.py): Brazilian CPF numbers, by value alone and in text."""

from __future__ import annotations

import random

import pandas as pd
import pytest

import jupyter_privguard as pg
from jupyter_privguard.detect.patterns import PatternRegistry, find_spans, match_values
from jupyter_privguard.detect.recognizers.country_specific.brazil.cpf import br_cpf


def _cpf_digit(digits: str) -> str:
    # the rule as the Receita Federal states it: 10..2 (then 11..2) weights, 11 - remainder, 10 and 11 -> 0
    total = 0
    weight = len(digits) + 1
    for ch in digits:
        total += int(ch) * weight
        weight -= 1
    digit = 11 - total % 11
    return "0" if digit >= 10 else str(digit)


def _valid_cpfs(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < n:
        base = "".join(rng.choice("0123456789") for _ in range(9))
        if len(set(base)) == 1:
            continue
        first = _cpf_digit(base)
        out.append(base + first + _cpf_digit(base + first))
    return out


def _printed(cpf: str) -> str:
    return f"{cpf[:3]}.{cpf[3:6]}.{cpf[6:9]}-{cpf[9:]}"


def _wrong(cpf: str) -> str:
    # the second check digit off by one: the shape stays, the check fails
    return cpf[:10] + str((int(cpf[10]) + 1) % 10)


VALID = _valid_cpfs(300)

VALIDATOR_ROWS = [
    ("529.982.247-25", True),
    ("52998224725", True),
    ("111.444.777-35", True),
    (" 111.444.777-35 ", True),
    ("529.982.247-26", False),  # second check digit wrong
    ("529.982.247-15", False),  # first check digit wrong
    ("111.111.111-11", False),  # passes the check, never issued
    ("000.000.000-00", False),
    ("5299822472", False),  # ten digits
    ("529982247250", False),  # twelve digits
    ("529.982.24725", False),  # half printed
    ("529 982 247 25", False),
    ("５２９９８２２４７２５", False),  # full-width digits
    ("", False),
]


@pytest.mark.parametrize(("value", "expected"), VALIDATOR_ROWS)
def test_validator_table(value: str, expected: bool) -> None:
    assert br_cpf(value) is expected


def test_generated_numbers_pass_and_their_wrong_twins_fail() -> None:
    assert all(br_cpf(c) and br_cpf(_printed(c)) for c in VALID)
    assert not any(br_cpf(_wrong(c)) or br_cpf(_printed(_wrong(c))) for c in VALID)


COLUMN_ROWS = [
    # (values, entity the column must get, or None: must not be BR_CPF)
    ([_printed(c) for c in VALID], "BR_CPF"),
    (VALID, "BR_CPF"),
    ([_printed(_wrong(c)) for c in VALID], None),
    ([_wrong(c) for c in VALID], None),
]


@pytest.mark.parametrize(("values", "entity"), COLUMN_ROWS, ids=["printed", "bare", "printed_wrong", "bare_wrong"])
def test_a_column_under_an_unhelpful_header(values: list[str], entity: str | None) -> None:
    found = pg.scan(pd.DataFrame({"f3": values})).entities().get("f3")
    if entity is None:
        assert found != "BR_CPF"
    else:
        assert found == entity


def _phone_digits(n: int) -> list[str]:
    # eleven-digit phone numbers: North American with the country code, Brazilian mobiles (DDD + 9 ...)
    rng = random.Random(3)
    nanp = [f"1{rng.randint(201, 989)}{rng.randint(200, 999)}{rng.randint(0, 9999):04d}" for _ in range(n)]
    mobile = [f"{rng.choice([11, 21, 31, 41, 51, 61, 71, 81])}9{rng.randint(0, 99_999_999):08d}" for _ in range(n)]
    return nanp + mobile


@pytest.mark.parametrize("header", ["f3", "phone"])
def test_eleven_digit_phone_numbers_are_no_cpf(header: str) -> None:
    found = pg.scan(pd.DataFrame({header: _phone_digits(150)})).entities().get(header)
    assert found != "BR_CPF"


def test_random_eleven_digit_ids_are_no_cpf() -> None:
    rng = random.Random(11)
    ids = [str(rng.randint(10**10, 10**11 - 1)) for _ in range(300)]
    assert pg.scan(pd.DataFrame({"f3": ids})).entities().get("f3") != "BR_CPF"
    hits = {h.entity: h for h in match_values(pd.Series(ids), PatternRegistry.default())}
    assert hits["BR_CPF"].coverage < 0.05


TEXT_ROWS = [
    # (text, the value expected as a BR_CPF span, or None)
    (f"Cliente {_printed(VALID[0])} pagou.", _printed(VALID[0])),
    (f"CPF: {VALID[1]}", VALID[1]),
    (f"meu cpf é {VALID[2]}, obrigado", VALID[2]),
    (f"order {VALID[3]} shipped", None),  # bare digits without a context word
    (f"Cliente {_printed(_wrong(VALID[4]))} pagou.", None),
    (f"CPF: {_wrong(VALID[5])}", None),
    ("CPF: 111.111.111-11", None),
    (f"v{_printed(VALID[6])}", None),  # glued to a word
]


@pytest.mark.parametrize(("text", "value"), TEXT_ROWS)
def test_spans_in_text(text: str, value: str | None) -> None:
    spans = [s for s in find_spans([text], PatternRegistry.default())[0] if s.entity == "BR_CPF"]
    if value is None:
        assert spans == []
    else:
        assert [text[s.start : s.end] for s in spans] == [value]


def test_many_printed_numbers_are_found_in_text() -> None:
    texts = [f"CPF do titular {_printed(c)}." for c in VALID[:100]]
    found = find_spans(texts, PatternRegistry.default())
    assert all([s.entity for s in spans] == ["BR_CPF"] for spans in found)
