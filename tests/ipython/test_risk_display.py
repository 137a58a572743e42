"""The display guard's re-identification line, through a real IPython shell.

"N rows (x%) are unique on QI1, QI2 — %privguard risk VAR" goes under the banner of a displayed
DataFrame (or Styler) with at least two quasi-identifiers and 20 rows, when some rows are unique.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import numpy as np
import pandas as pd
import pytest
from seeded import leaked, run

import jupyter_privguard.risk.reidentification  # noqa: F401 - loaded for sys.modules

REPORT_MIME = "application/vnd.jupyter-privguard.report+json"
LINE = "unique on"  # "1 row (2.5%) is unique on", "3 rows (7.5%) are unique on"


def people(n: int = 40, seed: int = 1, zips: int = 8) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "zip": [f"{z:05d}" for z in rng.integers(10000, 10000 + zips, n)],
            "gender": rng.choice(["female", "male"], n),
            "price": np.round(rng.uniform(1, 100, n), 2),
        }
    )


def _bundle(ip: Any, code: str) -> dict[str, Any]:
    result = run(ip, code)
    assert result["success"], result["stderr"]
    (output,) = result["outputs"]
    return dict(output["data"])


def _ext(ip: Any) -> Any:
    from jupyter_privguard.integrations.ipython import get_extension

    return get_extension(ip)


def _expected_unique(df: pd.DataFrame, columns: list[str]) -> int:
    return int((df.groupby(columns, dropna=False)[columns[0]].transform("size") == 1).sum())


def test_the_line_counts_unique_rows_and_names_the_magic(ip: Any) -> None:
    df = people()
    ip.user_ns["pp"] = df
    data = _bundle(ip, "pp")
    n = _expected_unique(df, ["zip", "gender"])
    assert 0 < n < len(df)
    line = f"privguard: {n} rows ({n / len(df):.1%}) are unique on zip, gender — %privguard risk pp"
    plain = data["text/plain"].splitlines()
    # under the redaction banner (the zip codes are generalised; the banner may wrap onto
    # indented lines), above the table
    under = next(i for i, text in enumerate(plain) if i and not text.startswith("  "))
    assert plain[0].startswith("privguard: redacted zip") and plain[under] == line
    html = data["text/html"]
    assert html.index("jp-privguard-banner") < html.index("jp-privguard-risk-line") < html.index("<table")
    assert "<b>zip, gender</b>" in html and '<code style="white-space:nowrap">%privguard risk pp</code>' in html
    assert data[REPORT_MIME]["risk"] == {
        "quasi_identifiers": ["zip", "gender"],
        "unique_rows": n,
        "unique_share": n / len(df),
    }


def test_the_numbers_match_the_risk_magic(ip: Any) -> None:
    ip.user_ns["pp"] = people(200, seed=5, zips=150)
    shown = _bundle(ip, "pp")[REPORT_MIME]["risk"]
    report = _bundle(ip, "%privguard risk pp")["application/vnd.jupyter-privguard.risk+json"]
    assert report["quasi_identifiers"] == shown["quasi_identifiers"]
    assert report["unique_share"] == pytest.approx(shown["unique_share"])


def test_a_frame_without_a_redaction_banner_gets_the_line_on_top(ip: Any) -> None:
    df = people().rename(columns={"zip": "city"})
    df["city"] = [f"Town{i % 9}" for i in range(len(df))]  # LOCATION: kept, so no redaction banner
    ip.user_ns["pp"] = df
    data = _bundle(ip, "pp")
    first = data["text/plain"].splitlines()[0]
    assert first.startswith("privguard: ") and LINE in first and "redacted" not in first
    assert data["text/html"].startswith('<div class="jp-privguard-banner jp-privguard-risk-line"')


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("pp.head(19)", "fewer than 20 rows"),
        ("pp[['zip', 'price']]", "one quasi-identifier"),
        ("pp[['price']]", "no quasi-identifier"),
        ("pd.concat([pp, pp])", "no unique row: every row appears twice"),
        ("pp['zip']", "a Series"),
    ],
)
def test_no_line(ip: Any, code: str, why: str) -> None:
    ip.user_ns["pp"] = people()
    assert LINE not in json.dumps(run(ip, code)["outputs"]), why


def test_a_styler_gets_the_line(ip: Any) -> None:
    ip.user_ns["pp"] = people()
    data = _bundle(ip, "pp.style")
    assert LINE in data["text/html"] and "%privguard risk pp" in data["text/html"]


def test_an_allowed_column_is_not_a_quasi_identifier(ip: Any) -> None:
    ip.user_ns["pp"] = people()
    run(ip, "%privguard allow column zip")
    assert LINE not in json.dumps(run(ip, "pp")["outputs"])


def test_the_line_can_be_switched_off(ip: Any) -> None:
    ip.user_ns["pp"] = people()
    _ext(ip).display.risk_warning = False
    assert LINE not in json.dumps(run(ip, "pp")["outputs"])


def test_a_failure_leaves_the_table_and_drops_the_line(ip: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    reid = sys.modules["jupyter_privguard.risk.reidentification"]  # the package binds the name to the function

    def broken(frame: Any) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(reid, "unique_rows", broken)
    ip.user_ns["pp"] = people()
    data = _bundle(ip, "pp")
    assert LINE not in data["text/plain"] and "was not displayed" not in data["text/plain"]
    assert "<table" in data["text/html"] and "risk" not in data[REPORT_MIME]


def test_repeat_displays_use_the_cache(ip: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    reid = sys.modules["jupyter_privguard.risk.reidentification"]  # the package binds the name to the function

    calls: list[int] = []
    real = reid.unique_rows

    def counting(frame: Any) -> int:
        calls.append(len(frame))
        return real(frame)

    monkeypatch.setattr(reid, "unique_rows", counting)
    df = people(300)
    ip.user_ns["pp"] = df
    first = _bundle(ip, "pp")
    for _ in range(3):
        assert _bundle(ip, "pp")["text/plain"] == first["text/plain"]
    _bundle(ip, "pp.copy()")  # the same data in a new object: same fingerprint
    assert calls == [300]
    _bundle(ip, "pp.iloc[::-1]")  # other rows at the sampled positions: computed again
    _bundle(ip, "pp.head(250)")
    assert calls == [300, 300, 250]


def test_the_line_holds_names_and_numbers_only(ip: Any) -> None:
    df = people()
    df["email"] = [f"person{i}.secret@example.org" for i in range(len(df))]
    ip.user_ns["pp"] = df
    data = _bundle(ip, "pp")
    line = next(x for x in data["text/plain"].splitlines() if LINE in x)
    assert leaked(line, list(df["zip"]) + list(df["email"]) + ["female"]) == []
    assert leaked(json.dumps(data), list(df["email"])) == []
