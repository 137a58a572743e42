"""Phone numbers written nationally in another country (detect/phone_regions.py), and look-alikes
under an unhelpful header that must stay what they are."""

from __future__ import annotations

import random

import pandas as pd
import pytest

import jupyter_privguard as pg
from jupyter_privguard.detect.phone_regions import national_phone_region

NO_NER = pg.Policy(ner="off")
N = 120


def _entity(values: list[str], header: str = "col_3") -> str | None:
    return pg.scan(pd.DataFrame({header: values}), policy=NO_NER).columns[header].entity


def _polish_mobiles(rng: random.Random) -> list[str]:
    # Polish mobiles (no trunk prefix): nine digits in allocated mobile blocks, written 3-3-3
    blocks = ("501", "512", "535", "601", "660", "691", "721", "793", "881")
    return [f"{rng.choice(blocks)} {rng.randint(100, 999)} {rng.randint(100, 999)}" for _ in range(N)]


def _french_mobiles(rng: random.Random) -> list[str]:
    # trunk prefix 0, then 6 (or 73-79) and eight digits, written in pairs
    def one() -> str:
        first = f"06 {rng.randint(0, 99):02d}" if rng.random() < 0.7 else f"07 {rng.randint(30, 99)}"
        return first + "".join(f" {rng.randint(0, 99):02d}" for _ in range(3))

    return [one() for _ in range(N)]


def _japanese_landlines(rng: random.Random) -> list[str]:
    # Tokyo (03) and Osaka (06): trunk prefix 0, area code, 4 + 4 digits
    return [f"0{rng.choice('36')}-{rng.randint(2000, 9999)}-{rng.randint(0, 9999):04d}" for _ in range(N)]


@pytest.mark.parametrize(
    ("make", "regions"),
    [(_polish_mobiles, {"PL"}), (_french_mobiles, {"FR"}), (_japanese_landlines, {"JP"})],
)
def test_national_numbers_under_an_unhelpful_header_are_phone_numbers(make, regions) -> None:  # type: ignore[no-untyped-def]
    values = make(random.Random(13))
    found = national_phone_region(values)
    assert found is not None and found[0] in regions and found[1] >= 0.8, found
    assert _entity(values) == "PHONE_NUMBER"
    assert _entity(values, "field") == "PHONE_NUMBER"


def test_a_few_blanks_and_odd_values_do_not_hide_the_numbers() -> None:
    rng = random.Random(4)
    values = _french_mobiles(rng)
    for i in range(0, N, 10):
        values[i] = "n/a"  # 10% unusable
    assert _entity(values) == "PHONE_NUMBER"


def _decoys() -> dict[str, list[str]]:
    rng = random.Random(7)
    return {
        "salaries": [f"{rng.randint(1, 999)} {rng.randint(0, 999):03d}" for _ in range(N)],
        "salaries_millions": [
            f"{rng.randint(1, 99)} {rng.randint(0, 999):03d} {rng.randint(0, 999):03d}"
            if rng.random() < 0.5
            else f"{rng.randint(100, 999)} {rng.randint(0, 999):03d}"
            for _ in range(N)
        ],
        "dotted_amounts": [
            f"{rng.randint(1, 9)}.{rng.randint(0, 999):03d}.{rng.randint(0, 999):03d}"
            if rng.random() < 0.5
            else f"{rng.randint(10, 999)}.{rng.randint(0, 999):03d}"
            for _ in range(N)
        ],
        "ssns": [f"{rng.randint(100, 665)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}" for _ in range(N)],
        "iso_dates": [f"{rng.randint(1950, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" for _ in range(N)],
        "local_dates": [
            f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(1940, 2024)}" for _ in range(N)
        ],
        "slashed_dates": [
            f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1940, 2024)}" for _ in range(N)
        ],
        "timestamps": [
            f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
            for _ in range(N)
        ],
        "order_numbers": [f"{rng.randint(10, 99)}-{rng.randint(10000, 99999)}-{rng.randint(0, 9)}" for _ in range(N)],
        "iban_fragments": [" ".join(f"{rng.randint(0, 9999):04d}" for _ in range(4)) for _ in range(N)],
        "isbns": [
            f"978-{rng.randint(0, 9)}-{rng.randint(100, 999)}-{rng.randint(10000, 99999)}-{rng.randint(0, 9)}"
            for _ in range(N)
        ],
        "bare_digits_with_zero": [f"0{rng.randint(600000000, 799999999)}" for _ in range(N)],
        "decimals": [f"{rng.randint(1000000, 9999999)}.{rng.randint(0, 99):02d}" for _ in range(N)],
        "zip_plus_four": [f"{rng.randint(10000, 99999)}-{rng.randint(0, 9999):04d}" for _ in range(N)],
        "brazilian_postcodes": [f"{rng.randint(1000, 99999):05d}-{rng.randint(0, 999):03d}" for _ in range(N)],
        "ipv4": [".".join(str(rng.randint(1, 254)) for _ in range(4)) for _ in range(N)],
        "versions": [
            f"{rng.randint(1, 20)}.{rng.randint(0, 30)}.{rng.randint(0, 500)}.{rng.randint(1000, 9999)}"
            for _ in range(N)
        ],
        "bank_accounts": [
            f"{rng.randint(0, 99):02d}-{rng.randint(0, 9999):04d}-{rng.randint(0, 9999999):07d}" for _ in range(N)
        ],
        "invoice_numbers": [f"0{rng.randint(1, 9)}-{rng.randint(100000, 999999)}" for _ in range(N)],
        "clock_times": [
            f"{rng.randint(0, 23):02d}.{rng.randint(0, 59):02d}.{rng.randint(0, 59):02d}.{rng.randint(0, 999):03d}"
            for _ in range(N)
        ],
    }


@pytest.mark.parametrize("name", sorted(_decoys()))
def test_look_alikes_under_an_unhelpful_header_are_no_phone_numbers(name: str) -> None:
    values = _decoys()[name]
    assert national_phone_region(values) is None
    assert _entity(values) != "PHONE_NUMBER"


def test_repeated_values_are_no_phone_column() -> None:
    values = _french_mobiles(random.Random(2))[:10] * 12  # ten numbers over 120 rows: a code list
    assert national_phone_region(values) is None


def test_a_header_naming_another_entity_keeps_its_say() -> None:
    values = _polish_mobiles(random.Random(3))
    assert _entity(values, "postal_code") != "PHONE_NUMBER"


def test_no_values_no_region() -> None:
    assert national_phone_region([]) is None
    assert national_phone_region(["06 12 34 56 78"]) is None  # too few to judge a column


def test_international_numbers_of_unallocated_ranges_are_phone_numbers() -> None:
    # +81 (Japan) with ten national digits: a length Japan's plan allows, whatever the range
    rng = random.Random(8)
    values = [f"+81 {rng.randint(10, 99)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}" for _ in range(N)]
    assert national_phone_region(values) == ("", 1.0)
    assert _entity(values) == "PHONE_NUMBER"


def test_a_mix_of_national_and_international_numbers_is_read_in_one_region() -> None:
    rng = random.Random(6)
    french = _french_mobiles(rng)
    values = [("+33 " + v[1:]) if i % 3 == 0 else v for i, v in enumerate(french)]
    found = national_phone_region(values)
    assert found is not None and found[0] == "FR", found


def test_signed_amounts_and_unassigned_country_codes_are_no_phone_numbers() -> None:
    rng = random.Random(10)
    signed = [f"+{rng.randint(1000000, 99999999)}" for _ in range(N)]  # a signed change of a count
    assert national_phone_region(signed) is None
    assert _entity(signed) != "PHONE_NUMBER"
    unassigned = [f"+999 {rng.randint(100, 999)} {rng.randint(1000, 9999)}" for _ in range(N)]  # +999 is spare
    assert national_phone_region(unassigned) is None


def test_bare_digit_runs_alone_are_never_read_in_a_region() -> None:
    rng = random.Random(12)
    values = [f"06{rng.randint(10000000, 99999999)}" for _ in range(N)]  # valid French mobiles, unwritten
    assert national_phone_region(values) is None
    assert _entity(values) != "PHONE_NUMBER"


def test_national_numbers_are_absent_from_the_redacted_frame_in_every_form() -> None:
    import polars as pl

    values = _polish_mobiles(random.Random(21))
    frame = pl.DataFrame({"col_3": values, "qty": list(range(N))})
    out = pg.redact(frame, policy=NO_NER)
    text = out.write_csv() + repr(out) + out.to_pandas().to_string()
    for value in values:
        assert value not in text
        assert value.replace(" ", "") not in text  # nor its digits without the spaces
    assert out["qty"].to_list() == list(range(N))  # the other column stays as it was
