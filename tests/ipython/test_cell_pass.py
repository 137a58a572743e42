"""The exact-value pass before rendering (cell_pass) and the budgeted learning walk of wide frames.

Seeded values the session learned elsewhere are written into cells, labels and the label names of
frames whose columns classification finds harmless; each is searched for in every MIME type of
what the display published (as written and unescaped). A spy proves the finished bundle's pass did
not run over text/plain and text/html, so the pass before rendering is what kept them out. For a
wide frame, the learning walk classifies within a budget and holds the columns it did not reach:
their values are never printed raw, before and after the walk completes.
"""

from __future__ import annotations

import html
import json
from typing import Any

import pandas as pd
import pytest
from seeded import found, run

from jupyter_privguard.integrations.ipython import display as display_module
from jupyter_privguard.integrations.ipython import learning, wide
from jupyter_privguard.session import current_session
from jupyter_privguard.textguard import redact_text

SEEDED = ["Zebulon Quastworth", "Ottoline Brackenridge", "Wilhelmina Fairweather-Odunsi"]


def _frame(n: int = 200) -> pd.DataFrame:
    products = ["desk lamp", "steel kettle", "oak shelf", "wool rug", "glass vase", "paper tray"]
    return pd.DataFrame(
        {
            "order": [f"ORD-{10_000 + i}" for i in range(n)],
            "product": [products[i % len(products)] for i in range(n)],
            "amount": [350 + i * 125 for i in range(n)],  # cents: a frame with no float (see below)
        }
    )


def _all_text(result: dict[str, Any]) -> str:
    parts = []
    for output in result["outputs"]:
        for value in output["data"].values():
            text = value if isinstance(value, str) else json.dumps(value)
            parts += [text, html.unescape(text)]
        parts.append(json.dumps(output["metadata"], default=str))
    return "\n".join(parts) + result["stdout"] + result["stderr"]


@pytest.fixture
def learned(ip: Any) -> Any:
    current_session().remember_values(list(SEEDED), "PERSON", "elsewhere")
    yield ip
    for name in ("df", "part"):
        ip.user_ns.pop(name, None)


@pytest.fixture
def post_pass(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """The MIME types each pass over a finished bundle was given."""
    calls: list[set[str]] = []
    real = display_module.exact_pass

    def spy(data: dict[str, Any], guard: Any) -> dict[str, Any]:
        calls.append(set(data))
        return real(data, guard)

    monkeypatch.setattr(display_module, "exact_pass", spy)
    return calls


def test_control_the_seeded_values_are_shown_without_the_guard(shell: Any) -> None:
    df = _frame()
    df.loc[130, "product"] = SEEDED[0]
    shell.user_ns["df"] = df
    assert found([SEEDED[0]], _all_text(run(shell, "display(df.iloc[120:180])")))


def test_learned_values_in_harmless_cells_of_an_unseen_window(learned: Any, post_pass: list[set[str]]) -> None:
    df = _frame()
    df.loc[130, "product"] = SEEDED[0]
    df.loc[150, "order"] = f"for {SEEDED[1]}, ORD-7"
    learned.user_ns["df"] = df
    assert run(learned, "df")["success"]  # the parent, classified
    post_pass.clear()
    result = run(learned, "df.iloc[120:180]")
    assert result["success"], result["error"]
    text = _all_text(result)
    assert not found(SEEDED, text)
    assert "<PERSON>" in result["outputs"][0]["data"]["text/plain"]
    assert "ORD-10121" in text and "steel kettle" in text  # the rest of the cells stay
    assert post_pass and all("text/plain" not in mimes and "text/html" not in mimes for mimes in post_pass)


@pytest.mark.parametrize(
    "code",
    [
        "part = df.iloc[120:180].rename(columns={'product': SEEDED[2]})\npart",
        "part = df.iloc[120:180].set_index('order')\npart.index = [SEEDED[2]] + list(part.index[1:])\npart",
        "part = df.iloc[120:180].copy()\npart.index.name = SEEDED[2]\npart",
        "part = df[df.amount > 100]\npart",
    ],
    ids=["column label", "row label", "label name", "filter, a learned value in a cell"],
)
def test_labels_and_derived_frames(learned: Any, code: str) -> None:
    df = _frame()
    df.loc[198, "product"] = SEEDED[2]
    learned.user_ns["df"] = df
    learned.user_ns["SEEDED"] = SEEDED
    assert run(learned, "df")["success"]
    result = run(learned, code)
    assert result["success"], result["error"]
    assert not found(SEEDED, _all_text(result))


@pytest.mark.parametrize(
    "code",
    [
        "df.iloc[120:180]",  # an unseen window: the cells pandas renders, in the column's float format
        "df",  # truncated: the learned number in the tail pandas shows
        "df[['amount']].describe()",  # a quantile beside the learned number (max is the number itself)
        "df.astype({'amount': object}).describe(include='all')",  # an object column holding floats
    ],
    ids=["window", "truncated", "describe", "describe all"],
)
def test_a_float_holding_a_learned_number(learned: Any, post_pass: list[set[str]], code: str) -> None:
    current_session().remember_values(["5551234567"], "PHONE_NUMBER", "elsewhere")
    df = _frame()
    df["amount"] = df["amount"].astype(float) + 0.25
    df.loc[140, "amount"] = 5551234567.0
    df.loc[199, "amount"] = 5551234567.0
    learned.user_ns["df"] = df
    post_pass.clear()
    result = run(learned, code)
    assert result["success"], result["error"]
    text = _all_text(result)
    assert not any(form in text for form in ("5551234567", "5.551235e+09", "5.551234567e+09", "555123456"))
    assert "<PHONE_NUMBER>" in result["outputs"][0]["data"]["text/plain"]
    # the pass before rendering did it: the finished bundle's pass skipped text/plain and text/html
    assert post_pass and all("text/plain" not in mimes and "text/html" not in mimes for mimes in post_pass)


def test_a_float_format_of_the_users_is_what_is_checked(learned: Any, post_pass: list[set[str]]) -> None:
    """``display.float_format`` prints a float as nobody's ``str``: "555,123,4567" is not 5551234567.0."""
    current_session().remember_values(["3,141,592"], "PHONE_NUMBER", "elsewhere")
    df = _frame()
    df["amount"] = df["amount"].astype(float)
    df.loc[150, "amount"] = 3141592.0
    learned.user_ns["df"] = df
    with pd.option_context("display.float_format", "{:,.0f}".format):
        result = run(learned, "df.iloc[120:180]")
    assert result["success"], result["error"]
    text = _all_text(result)
    assert "3,141,592" not in text and "3141592" not in text
    assert "15,475" in text  # the other amounts stay, in the user's format


def test_a_row_count_equal_to_a_learned_number_keeps_the_pass_before_rendering(
    learned: Any, post_pass: list[set[str]]
) -> None:
    """A count is the frame's shape, no one's value: a filter whose length equals a learned postal code
    still gets the pass before rendering (not the finished bundle's, which would cut "[12345 rows")."""
    current_session().remember_values(["12345"], "POSTAL_CODE", "elsewhere")
    df = _frame(12_400)
    learned.user_ns["df"] = df
    assert run(learned, "df")["success"]
    post_pass.clear()
    result = run(learned, "df[df.amount < 350 + 12345 * 125]")
    assert result["success"], result["error"]
    assert "[12345 rows x 3 columns]" in result["outputs"][0]["data"]["text/plain"]
    assert post_pass and all("text/plain" not in mimes and "text/html" not in mimes for mimes in post_pass)


# -- wide frames: the learning walk within a budget ---------------------------------------------------
def _wide(n_columns: int = 120, rows: int = 6) -> pd.DataFrame:
    data = {f"c{j}": [f"item {j}-{i}" for i in range(rows)] for j in range(n_columns)}
    data["c60"] = [SEEDED[i % len(SEEDED)] + f" {i}" if i < 3 else "n/a" for i in range(rows)]
    data["c61"] = [f"{SEEDED[i % len(SEEDED)]}" for i in range(rows)]
    return pd.DataFrame(data)


def test_wide_frame_learned_within_a_budget_holds_what_it_did_not_reach(
    ip: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(wide, "BUDGET_S", 0.0)  # only the shown columns: the others stay pending
    with pd.option_context("display.max_columns", 20):
        _wide_walks(ip, monkeypatch)


def _wide_walks(ip: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    frame = _wide()
    ip.user_ns["wide"] = frame
    learner = learning.learner_for(current_session())
    learner.refresh(ip, budget_ms=float("inf"))
    assert [f[1] for f in learner.failures()] == ["pending"]
    assert learner.withhold_reason() is None  # held by stand-ins, not by withholding every output
    # the learned-value index alone (no pattern tier): the stand-ins hold the columns not reached
    for raw in frame["c61"].tolist() + frame["c60"].tolist()[:3]:
        out, _ = redact_text(f"value: {raw}.", current_session(), patterns=False)
        assert raw not in out
    result = run(ip, "wide")  # the display: only classified columns are rendered
    assert not found(SEEDED, _all_text(result))
    monkeypatch.setattr(wide, "BUDGET_S", 60.0)
    monkeypatch.setattr(wide, "SHARED_S", 0.0)  # the walks take their own budget at once
    for _ in range(5):
        learner.refresh(ip, budget_ms=float("inf"))
        if not learner.failures():
            break
    assert learner.failures() == []
    for raw in frame["c61"].tolist():  # learned now as what they are
        out, _ = redact_text(f"value: {raw}.", current_session(), patterns=False)
        assert raw not in out
    ip.user_ns.pop("wide", None)
