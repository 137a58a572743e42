"""IMEIs and fifteen-digit card numbers (issue 13): both are fifteen Luhn digits; the issuer
prefixes of fifteen-digit cards (Amex 34/37, UATP 1, enRoute 2014/2149, Maestro 50/56-69) and the
reporting-body prefixes of IMEIs (35, 86, 01, 99 ...) tell them apart, and the header decides where
both fit (50..., 10...)."""

from __future__ import annotations

import random

import pandas as pd
import pytest

import jupyter_privguard as pg
from jupyter_privguard.detect import validators
from jupyter_privguard.detect.headers import match_headers
from jupyter_privguard.detect.patterns import find_spans
from jupyter_privguard.scanner import Scanner

NO_NER = pg.Policy(ner="off")


def _luhn_complete(prefix: str) -> str:
    """``prefix`` with the check digit that makes it pass the Luhn check."""
    for check in "0123456789":
        digits = prefix + check
        total = sum(
            (2 * int(d) - 9 if 2 * int(d) > 9 else 2 * int(d)) if i % 2 else int(d)
            for i, d in enumerate(reversed(digits))
        )
        if total % 10 == 0:
            return digits
    raise AssertionError("unreachable")


def _numbers(prefixes: list[str], length: int = 15, n: int = 120, seed: int = 13) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        prefix = prefixes[i % len(prefixes)]
        body = prefix + "".join(rng.choice("0123456789") for _ in range(length - 1 - len(prefix)))
        out.append(_luhn_complete(body))
    return out


# (label, values, the entity under an unhelpful header)
COLUMNS = {
    "IMEIs of BABT (35)": (_numbers(["35"]), "DEVICE_ID"),
    "IMEIs of TAF China (86)": (_numbers(["86"]), "DEVICE_ID"),
    "IMEIs of PTCRB, GHA, BZT (01, 99, 49)": (_numbers(["01", "99", "49"]), "DEVICE_ID"),
    "IMEIs printed in groups": (
        [f"{v[:2]}-{v[2:8]}-{v[8:14]}-{v[14]}" for v in _numbers(["35", "86"])],
        "DEVICE_ID",
    ),
    "Amex cards (34, 37)": (_numbers(["34", "37"]), "CREDIT_CARD"),
    "UATP and enRoute cards (1, 2014, 2149)": (_numbers(["1", "2014", "2149"]), "CREDIT_CARD"),
    "Maestro cards of 15 digits (56-69)": (_numbers(["56", "63", "67"]), "CREDIT_CARD"),
    "Visa cards of 16 digits": (_numbers(["4"], length=16), "CREDIT_CARD"),
}


def _finding(values: list[str], header: str) -> pg.ColumnFinding:
    return Scanner().scan(pd.DataFrame({header: values}), policy=NO_NER).columns[header]


@pytest.mark.parametrize("label", sorted(COLUMNS))
@pytest.mark.parametrize("header", ["col_3", "f7", "identifier"])
def test_values_alone_tell_imeis_from_cards(label: str, header: str) -> None:
    values, entity = COLUMNS[label]
    finding = _finding(values, header)
    assert finding.entity == entity, (label, header, finding.candidates)


@pytest.mark.parametrize("label", [k for k, (_, e) in COLUMNS.items() if e == "DEVICE_ID"])
@pytest.mark.parametrize("header", ["imei", "IMEI_number", "device_imei", "card_number", "cc"])
def test_imeis_stay_imeis_under_any_header(label: str, header: str) -> None:
    # a card header over IMEIs: the values are clearly no cards
    assert _finding(COLUMNS[label][0], header).entity == "DEVICE_ID"


@pytest.mark.parametrize("label", [k for k, (_, e) in COLUMNS.items() if e == "CREDIT_CARD"])
@pytest.mark.parametrize("header", ["card_number", "cc", "col_3"])
def test_cards_stay_cards(label: str, header: str) -> None:
    assert _finding(COLUMNS[label][0], header).entity == "CREDIT_CARD"


@pytest.mark.parametrize("header", ["imei", "IMEI_number"])
def test_the_header_decides_where_both_fit(header: str) -> None:
    # 50... is a Maestro range and a (retired) German reporting body: the header says which
    values = _numbers(["50"])
    assert all(validators.credit_card(v) and validators.imei(v) for v in values)
    assert _finding(values, header).entity == "DEVICE_ID"
    assert _finding(values, "card_number").entity == "CREDIT_CARD"


@pytest.mark.parametrize("header", ["端末識別番号", "IMEI番号", "номер_imei"])
def test_local_imei_headers(header: str) -> None:
    if not any(h.entity == "DEVICE_ID" for h in match_headers([header]).get(header, [])):
        pytest.skip(f"the header tier does not read {header!r} as a device id here")
    assert _finding(_numbers(["50", "35"]), header).entity == "DEVICE_ID"


def test_random_fifteen_digit_ids_are_neither() -> None:
    rng = random.Random(4)
    ids = [str(rng.randint(10**14, 10**15 - 1)) for _ in range(300)]
    for header in ("col_3", "order_id", "ref"):
        finding = _finding(ids, header)
        assert finding.entity is None, (header, finding.candidates)


VALIDATOR_ROWS = [
    # (value, is a card, is an IMEI)
    ("356938035643809", False, True),  # a published example IMEI (BABT)
    ("490154203237518", False, True),  # 49: BZT/BAPT
    ("86" + "1234567890123", False, False),  # right prefix, wrong check digit
    ("378282246310005", True, False),  # Amex test number
    ("371449635398431", True, False),
    ("000000000000000", False, False),
    ("001234567890128", False, False),  # 00: a test IMEI range, and no card
]


@pytest.mark.parametrize(("value", "card", "imei"), VALIDATOR_ROWS)
def test_validator_rows(value: str, card: bool, imei: bool) -> None:
    assert validators.credit_card(value) is card
    assert validators.imei(value) is imei


def test_in_text_an_imei_with_its_word_is_a_device_id_not_a_card() -> None:
    (spans,) = find_spans(["handset imei 356938035643809 reported stolen"])
    assert [s.entity for s in spans] == ["DEVICE_ID"]
    (spans,) = find_spans(["paid with 378282246310005 yesterday"])
    assert [s.entity for s in spans] == ["CREDIT_CARD"]
