"""describe() of a frame with personal columns: the counts stay numbers, ``top`` stays redacted.

People from faker (three locales); the summary is pandas' own ``describe(include="all")`` and
``Series.describe()``, redacted by the public ``redact``. A row called ``count`` that holds a
phone number is no summary: nothing of it is put back.
"""

from __future__ import annotations

import pandas as pd
import pytest
from faker import Faker

from jupyter_privguard import redact, scan
from jupyter_privguard.policy import Policy
from jupyter_privguard.summary_rows import count_cells


def _people(n: int = 40) -> pd.DataFrame:
    rows = []
    for k, locale in enumerate(("en_US", "de_DE", "fr_FR")):
        fake = Faker(locale)
        fake.seed_instance(300 + k)
        for _ in range(n // 3):
            rows.append(
                {
                    "name": fake.name(),
                    "email": fake.email(),
                    "phone": fake.phone_number(),
                    "iban": fake.iban(),
                    "plan": fake.random_element(["basic", "team", "trial"]),
                    "amount": round(fake.pyfloat(min_value=10, max_value=900), 2),
                }
            )
    return pd.DataFrame(rows)


POLICY = Policy(ner="off")


@pytest.mark.parametrize("include", ["all", None])
def test_describe_keeps_its_counts_and_hides_top(include: str | None) -> None:
    people = _people()
    summary = people.describe(include=include) if include else people[["email", "phone"]].describe()
    shown = redact(summary, policy=POLICY, report=scan(summary, policy=POLICY))
    for column in ("email", "phone"):
        original = summary[column]
        # every count, unique and freq is the number pandas computed
        for row in ("count", "unique", "freq"):
            assert shown.loc[row, column] == original[row], (column, row)
        # the most frequent value is no longer there, in any cell
        assert original["top"] not in shown[column].astype(str).tolist()
        assert str(shown.loc["top", column]).startswith("<")


def test_series_describe_of_a_personal_column() -> None:
    emails = _people()["email"]
    summary = emails.describe()
    shown = redact(summary, policy=POLICY, report=scan(summary.to_frame("email"), policy=POLICY))
    assert shown["count"] == summary["count"] and shown["unique"] == summary["unique"]
    assert summary["top"] not in shown.astype(str).tolist()


@pytest.mark.parametrize(
    "labels, values",
    [
        (["count", "unique", "top", "freq"], [5551234567, 3, "x", 1]),  # a phone where a count would be
        (["count", "unique", "top", "freq"], [3, 7, "x", 1]),  # more unique values than values
        (["count", "top"], [2.5, "x"]),  # no count is a fraction
        (["count", "name"], [3, "x"]),  # a label describe() does not write
        (["count", "unique", "top", "freq"], ["3", "2", "x", "1"]),  # texts are no counts
    ],
)
def test_only_a_consistent_summary_has_count_cells(labels: list[str], values: list[object]) -> None:
    assert count_cells(pd.Series(values, index=labels, dtype=object)) == []


def test_count_cells_of_a_summary_column() -> None:
    column = pd.Series([40, 38, "someone", 2], index=["count", "unique", "top", "freq"], dtype=object)
    assert count_cells(column) == [0, 1, 3]
