"""The lineage's reuse rule: a derived frame's column takes its parent's finding only on proof.

Frames of near-unique invented people (faker, several locales); each case names the derived frame a
user would type next and what the rule must make of it.
"""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pandas as pd
import pytest

from jupyter_privguard.lineage import Lineage
from jupyter_privguard.policy import Policy
from jupyter_privguard.scanner import Scanner

KEY = ("policy", 1)


def people(n: int = 400, seed: int = 5) -> pd.DataFrame:
    from faker import Faker

    fake = Faker(["en_US", "de_DE", "fr_FR", "pt_BR"])
    fake.seed_instance(seed)
    rnd = random.Random(seed)
    return pd.DataFrame(
        {
            "name": [fake.name() for _ in range(n)],
            "email": [fake.unique.email() for _ in range(n)],
            "ref": [f"ORD-{rnd.randrange(10**7, 10**8)}" for _ in range(n)],
            "status": [rnd.choice(["open", "paid", "shipped"]) for _ in range(n)],
            "amount": [round(rnd.uniform(1, 999), 2) for _ in range(n)],
        }
    )


def shown(n: int) -> list[int]:
    return list(range(5)) + [5] + list(range(n - 5, n)) if n > 60 else list(range(n))


@pytest.fixture(scope="module")
def parent() -> tuple[pd.DataFrame, Any]:
    df = people()
    report = Scanner().scan(df, policy=Policy(ner="off"))
    assert report.columns["email"].entity == "EMAIL_ADDRESS"  # control: the data holds personal values
    assert report.columns["ref"].entity is None
    return df, report


@pytest.fixture()
def lineage(parent: tuple[pd.DataFrame, Any]) -> Lineage:
    df, report = parent
    out = Lineage()
    out.remember(df, report, KEY, shown(len(df)))
    return out


def test_row_selections_reuse_every_column(parent: Any, lineage: Lineage) -> None:
    df, report = parent
    for derived in (
        df.iloc[100:160],
        df.head(100),
        df.tail(70),
        df.sample(60, random_state=1),
        df[df.amount > 500],
        df.query("amount < 300"),
        df.sort_values("amount"),
        df[["email", "amount"]],
    ):
        reuse = lineage.reuse(derived, shown(len(derived)), KEY)
        assert reuse is not None and not reuse.todo, derived.shape
        for name, finding in reuse.findings.items():
            assert finding.entity == report.columns[name].entity
            assert finding.span_entities == report.columns[name].span_entities and not finding.spans
            assert finding.position == list(derived.columns).index(name)


def test_other_settings_reuse_nothing(parent: Any, lineage: Lineage) -> None:
    df, _ = parent
    assert lineage.reuse(df.head(80), shown(80), ("another policy", 1)) is None


@pytest.mark.parametrize(
    "make, classified",
    [
        (lambda df: df.assign(total=df.amount * 2), ["total"]),
        (lambda df: df.assign(amount=df.amount.astype(str)), ["amount"]),
        (lambda df: df.rename(columns={"ref": "ssn", "status": "email_address"}), ["ssn", "email_address"]),
        (lambda df: df.assign(ref=df["status"]), ["ref"]),
    ],
    ids=["new column", "new dtype", "harmless columns renamed", "overwritten by a harmless column"],
)
def test_columns_that_are_not_the_parents_are_classified(
    parent: Any, lineage: Lineage, make: Any, classified: list[str]
) -> None:
    df, _ = parent
    derived = make(df)
    reuse = lineage.reuse(derived, shown(len(derived)), KEY)
    assert reuse is not None
    assert [list(derived.columns)[j] for j in reuse.todo] == classified
    assert not set(classified) & set(reuse.findings)


@pytest.mark.parametrize(
    "make, name",
    [
        (lambda df: df.rename(columns={"email": "contact"}), "contact"),
        (lambda df: df.assign(who=df["email"]), "who"),
        (lambda df: df.assign(status=df["email"]), "status"),
        (lambda df: df[df.amount > 300].rename(columns={"email": "notes"}), "notes"),
    ],
    ids=["renamed", "personal column under a harmless name", "overwritten by name", "filtered, renamed"],
)
def test_personal_columns_under_other_names_take_the_parents_finding(
    parent: Any, lineage: Lineage, make: Any, name: str
) -> None:
    df, report = parent
    derived = make(df)
    reuse = lineage.reuse(derived, shown(len(derived)), KEY)
    assert reuse is not None and name in reuse.findings
    finding = reuse.findings[name]
    assert finding.entity == report.columns["email"].entity == "EMAIL_ADDRESS"
    assert finding.column == name and finding.position == list(derived.columns).index(name) and not finding.spans


def test_filter_then_overwrite_with_other_peoples_values(parent: Any, lineage: Lineage) -> None:
    df, _ = parent
    part = df[df.amount > 400].copy()
    others = people(len(part), seed=99)["email"].to_numpy()
    part["status"] = others  # the same name and dtype, other values
    reuse = lineage.reuse(part, shown(len(part)), KEY)
    assert reuse is not None and list(part.columns)[reuse.todo[0]] == "status" and len(reuse.todo) == 1


def test_frame_built_from_values_or_other_rows_reuses_nothing(parent: Any, lineage: Lineage) -> None:
    df, _ = parent
    assert lineage.reuse(pd.DataFrame(df.head(80).values), shown(80), KEY) is None
    # the parent's names, but object dtype everywhere and the cells of other rows under the labels
    shuffled = pd.DataFrame(df.sample(frac=1.0, random_state=3).to_numpy(), columns=df.columns)
    reuse = lineage.reuse(shuffled, shown(len(shuffled)), KEY)
    assert reuse is None or {"name", "email"} <= {list(shuffled.columns)[j] for j in reuse.todo}
    relabelled = df.sample(frac=1.0, random_state=4).reset_index(drop=True)  # rows under new labels
    reuse = lineage.reuse(relabelled, shown(len(relabelled)), KEY)
    assert reuse is None


def test_harmless_columns_gathering_personal_rows_are_classified(parent: Any) -> None:
    df, report = parent
    df = df.copy()
    rows = df.index[100:112]
    df.loc[rows, "ref"] = df.loc[rows, "email"]  # a mostly harmless column with a few emails in it
    lineage = Lineage()
    lineage.remember(df, report, KEY, shown(len(df)))
    gathered = df[df.ref.str.contains("@")]

    def suspect(columns: list[list[Any]]) -> list[bool]:
        return [any("@" in str(c) for c in cells) for cells in columns]

    reuse = lineage.reuse(gathered, shown(len(gathered)), KEY, suspect)
    assert reuse is not None and "ref" in [list(gathered.columns)[j] for j in reuse.todo]


def test_a_parent_overwritten_where_it_was_shown_is_dropped(parent: Any) -> None:
    df, report = parent
    df = df.copy()
    lineage = Lineage()
    lineage.remember(df, report, KEY, shown(len(df)))
    df["status"] = df["email"]  # in place: every row, the shown ones too
    assert lineage.reuse(df.head(80), shown(80), KEY) is None or "status" not in (
        lineage.reuse(df.head(80), shown(80), KEY).findings  # type: ignore[union-attr]
    )


def test_shown_again_reuses_only_unchanged_cells(parent: Any) -> None:
    df, report = parent
    df = df.copy()
    lineage = Lineage()
    rows = shown(len(df))
    lineage.remember(df, report, KEY, rows)
    again = lineage.reuse(df, rows, KEY)
    assert again is not None and again.same and not again.todo
    df.loc[df.index[-1], "status"] = df.loc[df.index[0], "email"]
    again = lineage.reuse(df, rows, KEY)
    assert again is not None and not again.same and [list(df.columns)[j] for j in again.todo] == ["status"]


def test_missing_values_and_duplicate_labels(parent: Any) -> None:
    df, report = parent
    df = df.copy()
    df.loc[df.index[:3], "amount"] = np.nan
    lineage = Lineage()
    lineage.remember(df, report, KEY, shown(len(df)))
    reuse = lineage.reuse(df.head(70), shown(70), KEY)
    assert reuse is not None and not reuse.todo  # NaN equals NaN here
    doubled = pd.concat([df, df])  # labels no longer name one row: the parent's are still unique
    lineage.remember(doubled, report, KEY, shown(len(doubled)))
    assert lineage.reuse(doubled.head(70), shown(70), ("other",)) is None


def test_frames_are_held_weakly_and_bounded(parent: Any) -> None:
    _, report = parent
    lineage = Lineage(max_frames=3)
    frames = [people(70, seed=s) for s in range(5)]
    for f in frames:
        lineage.remember(f, report, KEY, shown(len(f)))
    assert len(lineage) == 3
    del frames, f
    import gc

    gc.collect()
    assert len(lineage) == 0
