"""Issue 13: year-first dates that end with a dot, as Korean and Hungarian write them (``1987.03.14.``,
``1987. 03. 14.``), are dates; a column of them spread over people's ages is a column of birth dates.

The dates are drawn here (seeded) from a uniform span of birth years, not from any benchmark generator.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pandas as pd
import pytest

import jupyter_privguard as pg

NO_NER = pg.Policy(ner="off")


def _births(rng: random.Random, n: int = 150) -> list[date]:
    start = date(1935, 1, 1)
    return [start + timedelta(days=rng.randrange(365 * 70)) for _ in range(n)]


@pytest.mark.parametrize("form", ["{:%Y.%m.%d.}", "{:%Y. %m. %d.}", "{:%Y.%m.%d}"])
def test_dotted_year_first_birth_dates(form) -> None:  # type: ignore[no-untyped-def]
    values = [form.format(d) for d in _births(random.Random(82))]
    df = pd.DataFrame({"c07": values})
    finding = pg.scan(df, policy=NO_NER).columns["c07"]
    assert finding.entity == "DATE_OF_BIRTH", (finding.entity, finding.score)
    text = pg.redact(df, policy=NO_NER).to_csv()
    assert not any(v in text for v in values)


def test_recent_dotted_dates_are_no_birth_dates() -> None:
    rng = random.Random(5)
    values = [f"{date(2024, 1, 1) + timedelta(days=rng.randrange(600)):%Y.%m.%d.}" for _ in range(150)]
    finding = pg.scan(pd.DataFrame({"c07": values}), policy=NO_NER).columns["c07"]
    assert finding.entity != "DATE_OF_BIRTH"


@pytest.mark.parametrize(
    "values",
    [
        [f"{a}.{b}.{c}." for a, b, c in zip(range(1990, 2040), range(1, 51), range(3, 53))],  # section numbers
        [f"2024.{m:02d}/{d:02d}" for m in range(1, 13) for d in range(1, 13)],  # mixed separators
    ],
)
def test_dotted_look_alikes_are_no_birth_dates(values) -> None:  # type: ignore[no-untyped-def]
    finding = pg.scan(pd.DataFrame({"c07": values}), policy=NO_NER).columns["c07"]
    assert finding.entity != "DATE_OF_BIRTH"
