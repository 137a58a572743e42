"""Phone numbers written nationally in another country (detect/phone_regions.py), and look-alikes."""

from __future__ import annotations

import random

import pandas as pd

import jupyter_privguard as pg
from jupyter_privguard.detect.phone_regions import best_region_share

NO_NER = pg.Policy(ner="off")


def _polish_mobiles(n: int = 120) -> list[str]:
    # Polish mobiles: nine digits, first 5, 6, 7 or 8 (+ the usual 3-3-3 grouping)
    rng = random.Random(13)
    return [
        f"{rng.choice('5678')}{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}" for _ in range(n)
    ]


def test_polish_numbers_written_nationally_are_phone_numbers() -> None:
    values = _polish_mobiles()
    region, share = best_region_share(values)
    assert share >= 0.9 and region in ("PL",), (region, share)
    assert pg.scan(pd.DataFrame({"col_3": values}), policy=NO_NER).columns["col_3"].entity == "PHONE_NUMBER"


def test_dashed_order_numbers_are_not_phone_numbers() -> None:
    rng = random.Random(5)
    values = [
        f"{rng.randint(0, 9)}{rng.randint(0, 9)}-{rng.randint(0, 99999):05d}-{rng.randint(0, 9)}" for _ in range(120)
    ]
    assert pg.scan(pd.DataFrame({"col_3": values}), policy=NO_NER).columns["col_3"].entity != "PHONE_NUMBER"


def test_bare_digit_ids_are_not_read_in_another_region() -> None:
    rng = random.Random(9)
    ids = [str(rng.randint(500_000_000, 899_999_999)) for _ in range(120)]
    assert best_region_share(ids) == ("", 0.0)
    assert pg.scan(pd.DataFrame({"id": ids}), policy=NO_NER).columns["id"].entity != "PHONE_NUMBER"


def test_dates_are_not_read_as_numbers_of_another_region() -> None:
    rng = random.Random(3)
    dates = [f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(1940, 2005)}" for _ in range(120)]
    assert best_region_share(dates) == ("", 0.0)
    assert pg.scan(pd.DataFrame({"col_3": dates}), policy=NO_NER).columns["col_3"].entity == "DATE_OF_BIRTH"


def test_no_values_no_region() -> None:
    assert best_region_share([]) == ("", 0.0)
    assert best_region_share(["+48 601 234 567"]) == ("", 0.0)  # international numbers need no region
