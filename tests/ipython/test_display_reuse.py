"""Frames derived from a classified frame, shown through a real IPython shell: reuse, and no loss of protection.

The parent holds invented people from faker in four locales (every name, email and phone distinct)
beside non-personal columns (plans, order references, amounts). After it is shown once, each kind
of derived frame a user types next is shown, and every raw personal value is searched for in the
bundle's text/plain and text/html (as written and unescaped). A control shows the same data carries
personal values at all (with the guard off they are there).
"""

from __future__ import annotations

import html
import random
from typing import Any

import pandas as pd
import pytest
from seeded import everything, found, run

from jupyter_privguard.integrations.ipython import display as display_module

N = 300


def people(n: int = N, seed: int = 21) -> pd.DataFrame:
    from faker import Faker

    fake = Faker(["en_US", "de_DE", "fr_FR", "es_ES"])
    fake.seed_instance(seed)
    rnd = random.Random(seed)
    return pd.DataFrame(
        {
            "name": [fake.unique.name() for _ in range(n)],
            "email": [fake.unique.email() for _ in range(n)],
            "phone": [fake.unique.phone_number() for _ in range(n)],
            "plan": [rnd.choice(["premium", "basic", "trial"]) for _ in range(n)],
            "ref": [f"ORD-{rnd.randrange(10**7, 10**8)}" for _ in range(n)],
            "amount": [round(rnd.uniform(1, 999), 2) for _ in range(n)],
        }
    )


OTHERS = people(N, seed=77)  # other people's values, written over a harmless column

DERIVED = {
    "window": "df.iloc[120:180]",
    "head": "df.head(100)",
    "tail": "df.tail(70)",
    "sample": "df.sample(60, random_state=2)",
    "filter": "df[df.amount > 500]",
    "subset": "df[['name', 'email', 'amount']]",
    "query": "df.query('amount < 400')",
    "sort": "df.sort_values('amount')",
    "assign": "df.assign(total=df.amount * 2)",
    "rename": "df.rename(columns={'email': 'contact', 'name': 'who'})",
    "assign personal under a harmless name": "df.assign(notes=df.email)",
    "filter then overwrite": "part = df[df.amount > 300].copy()\npart['plan'] = others_email[: len(part)]\npart",
    "from values": "pd.DataFrame(df.values, columns=[f'c{i}' for i in range(df.shape[1])])",
    "from values, same names": "pd.DataFrame(df.head(50).values, columns=df.columns)",
    "shown again": "df",
    "series of a column": "df['email'].iloc[40:100]",
}


def _texts(result: dict[str, Any]) -> str:
    out = []
    for output in result["outputs"]:
        for mime in ("text/plain", "text/html"):
            value = output["data"].get(mime)
            if isinstance(value, str):
                out += [value, html.unescape(value)]
    return "\n".join(out)


def _personal(*frames: pd.DataFrame) -> list[str]:
    return sorted({str(v) for f in frames for c in ("name", "email", "phone") for v in f[c]})


@pytest.fixture
def shown(ip: Any) -> Any:
    ip.user_ns["df"] = people()
    ip.user_ns["others_email"] = OTHERS["email"].to_numpy()
    first = run(ip, "df")
    assert first["success"] and not found(_personal(people()), _texts(first))
    yield ip
    for name in ("df", "others_email", "part"):
        ip.user_ns.pop(name, None)


def test_control_the_data_carries_personal_values(shell: Any) -> None:
    shell.user_ns["df"] = people()
    result = run(shell, "display(df.iloc[120:180])")
    assert len(found(_personal(people()), _texts(result))) > 50


@pytest.mark.parametrize("code", list(DERIVED.values()), ids=list(DERIVED))
def test_no_raw_value_of_the_shown_rows_reaches_the_bundle(shown: Any, code: str) -> None:
    result = run(shown, code)
    assert result["success"], result["error"]
    text = _texts(result)
    assert "privguard: redacted" in text
    assert not found(_personal(people(), OTHERS), text)
    assert not found(_personal(people(), OTHERS), everything(result))


def test_non_personal_values_stay_visible(shown: Any) -> None:
    df = shown.user_ns["df"]
    result = run(shown, "df.iloc[120:180]")
    text = _texts(result)
    refs = df["ref"].iloc[120:180].tolist()
    assert sum(r in text for r in refs) == len(refs)
    assert "premium" in text or "basic" in text or "trial" in text


@pytest.fixture
def scanned(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The column names of every frame the display guard scans."""
    calls: list[list[str]] = []
    real = display_module._scan

    def spy(data: Any, policy: Any) -> Any:
        calls.append([str(c) for c in getattr(data, "columns", [getattr(data, "name", "")])])
        return real(data, policy)

    monkeypatch.setattr(display_module, "_scan", spy)
    return calls


def _scanned_columns(calls: list[list[str]]) -> set[str]:
    return {c for names in calls for c in names if c not in ("index", "(column labels)", "0")}


@pytest.mark.parametrize(
    "code, classified",
    [
        ("df.iloc[120:180]", set()),
        ("df[df.amount > 500]", set()),
        ("df.sort_values('amount')", set()),
        ("df", set()),
        ("df.assign(total=df.amount * 2)", {"total"}),
        # a personal column under another name takes its parent column's finding (same cells, same dtype)
        ("df.rename(columns={'email': 'contact'})", set()),
        ("df.assign(plan=df.email)", set()),
        ("df.rename(columns={'plan': 'ssn'})", {"ssn"}),  # a harmless one under a new name: classified
    ],
)
def test_derived_frames_classify_only_what_is_not_the_parents(
    shown: Any, scanned: list[list[str]], code: str, classified: set[str]
) -> None:
    result = run(shown, code)
    assert result["success"], result["error"]
    columns = _scanned_columns(scanned)
    assert columns - {"0"} <= classified | {c for c in columns if c.startswith("(")}
    assert classified <= columns


def test_a_harmless_column_overwritten_in_place_is_classified_again(shown: Any) -> None:
    df = shown.user_ns["df"]
    shown.user_ns["df"]["plan"] = OTHERS["email"].to_numpy()  # the parent itself, every row
    for code in ("df", "df.head(80)", "df.iloc[10:70]", "df[df.amount > 100]"):
        result = run(shown, code)
        assert not found(_personal(df, OTHERS), _texts(result)), code


def test_one_shown_cell_changed_in_place(shown: Any) -> None:
    df = shown.user_ns["df"]
    run(shown, "df.loc[df.index[-1], 'plan'] = others_email[5]")
    result = run(shown, "df")
    assert not found(_personal(df), _texts(result))  # the frame's own people stay redacted
    assert OTHERS["email"].iloc[5] not in _texts(result)
    assert not found(_personal(df, OTHERS), _texts(result))


def test_gathering_the_personal_rows_of_a_harmless_column(shown: Any) -> None:
    df = people()
    df.loc[df.index[200:230], "ref"] = OTHERS["email"].iloc[:30].to_numpy()  # 10% of a reference column
    shown.user_ns["df"] = df
    run(shown, "df")
    result = run(shown, "df[df.ref.str.contains('@')]")
    assert result["success"], result["error"]
    assert not found(OTHERS["email"].iloc[:30].tolist(), _texts(result))


def test_shown_again_after_naming_the_index_shows_the_new_name_guarded(shown: Any) -> None:
    df = shown.user_ns["df"]
    run(shown, "df")
    run(shown, "df.index.name = 'row'")
    assert ">row<" in _texts(run(shown, "df"))  # not the last bundle again
    run(shown, "df.columns.name = others_email[7]")
    text = _texts(run(shown, "df"))
    assert OTHERS["email"].iloc[7] not in text and not found(_personal(df), text)


def test_after_a_policy_change_a_slice_classifies_its_parent_again_once(shown: Any, scanned: list[list[str]]) -> None:
    """The parent's findings were made under the old policy: the first slice after the change classifies
    the parent again (under the new one) and the next slices reuse that, each under the new policy."""
    from jupyter_privguard.session import current_session

    session = current_session()
    before = session.policy
    session.policy = before.replace(actions={"EMAIL_ADDRESS": "mask"})
    try:
        first = run(shown, "df.iloc[120:180]")
        after_first = _scanned_columns(scanned)
        scanned.clear()
        second = run(shown, "df.iloc[200:260]")
        third = run(shown, "df[df.amount > 500]")
    finally:
        session.policy = before
    columns = set(people().columns)
    assert columns <= after_first  # the parent, classified again under the new policy
    assert not _scanned_columns(scanned) & columns  # the slices after it reuse that
    df = people()
    for result, part in ((first, df.iloc[120:180]), (second, df.iloc[200:260]), (third, df[df.amount > 500])):
        assert result["success"], result["error"]
        text = _texts(result)
        assert not found(_personal(people()), text)
        domains = {e.split("@", 1)[1] for e in part["email"]}
        assert any("@" + d in text for d in domains)  # masked as the new policy says, the domain kept
