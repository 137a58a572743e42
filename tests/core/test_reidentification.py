"""Re-identification risk: k-anonymity, uniqueness, l-diversity and generalisation (synthetic data)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from jupyter_privguard.errors import UnsupportedDataError
from jupyter_privguard.risk.reidentification import Generalization, RiskReport, reidentification

SECRET = "Qx9SECRETcity"


def small() -> pd.DataFrame:
    # classes on (zip, sex): (A, f) x3, (A, m) x2, (B, f) x1
    return pd.DataFrame(
        {
            "zip": ["A", "A", "A", "A", "A", "B"],
            "sex": ["f", "f", "f", "m", "m", "f"],
            "diag": ["flu", "flu", "cold", "flu", "flu", "cold"],
        },
        index=[10, 11, 12, 13, 14, 15],
    )


@pytest.mark.parametrize(
    "qis, k, unique_share, n_classes",
    [
        (["zip", "sex"], 1, 1 / 6, 3),
        (["zip"], 1, 1 / 6, 2),
        (["sex"], 2, 0.0, 2),
        ([], 6, 0.0, 1),
    ],
)
def test_k_and_unique_share(qis: list[str], k: int, unique_share: float, n_classes: int) -> None:
    r = reidentification(small(), qis, sensitive=[])
    assert (r.k, r.n_classes) == (k, n_classes)
    assert r.unique_share == pytest.approx(unique_share)


def test_row_risk_is_aligned_and_l_diversity_is_counted() -> None:
    r = reidentification(small(), ["zip", "sex"], sensitive="diag")
    assert list(r.row_risk.index) == [10, 11, 12, 13, 14, 15]
    assert r.row_risk.tolist() == pytest.approx([1 / 3] * 3 + [1 / 2] * 2 + [1.0])
    assert r.l_diversity == {"diag": 1}  # (A, m) holds only one diagnosis
    assert r.max_risk == 1.0 and r.average_risk == pytest.approx(3 / 6)
    assert any("l = 1" in n for n in r.notes)


def test_missing_values_are_a_value_of_their_own() -> None:
    df = pd.DataFrame({"zip": ["A", None, None, "A"], "sex": ["f", "m", "m", "f"]})
    r = reidentification(df, ["zip", "sex"], sensitive=[])
    assert r.k == 2 and r.n_classes == 2
    assert any("Missing values" in n for n in r.notes)


def test_to_dict_has_required_keys_and_no_values() -> None:
    df = small()
    df["city"] = [f"{SECRET}{i}" for i in range(len(df))]
    r = reidentification(df, ["zip", "city"], sensitive=["diag"])
    d = r.to_dict()
    assert set(d) >= {"quasi_identifiers", "k", "unique_share"}
    assert d["quasi_identifiers"] == ["zip", "city"]
    text = json.dumps(d) + r._repr_html_() + r.summary() + repr(r)
    assert SECRET not in text and "flu" not in text
    assert "<svg" in r._repr_html_()


def people(n: int = 4000, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "zip": [f"{z:05d}" for z in rng.integers(10000, 10400, n)],
            "date_of_birth": pd.Timestamp("1950-01-01") + pd.to_timedelta(rng.integers(0, 365 * 50, n), unit="D"),
            "age": rng.integers(18, 90, n),
            "gender": rng.choice(["female", "male"], n),
            "job": rng.choice(
                [f"job {i}" for i in range(12)] + [f"rare job {i}" for i in range(30)],
                n,
                p=[0.08] * 12 + [0.04 / 30] * 30,
            ),
            "diagnosis": rng.choice(["a", "b", "c"], n),
        }
    )


def test_generalize_reaches_k_and_returns_a_new_frame() -> None:
    df = people()
    before = df.copy()
    r = reidentification(df, ["zip", "date_of_birth", "age", "gender", "job"], sensitive="diagnosis")
    assert r.k == 1
    result = r.generalize(k=5)
    assert isinstance(result, Generalization)
    frame, changes = result
    pd.testing.assert_frame_equal(df, before)  # the user's frame is untouched
    assert frame is not df
    assert result.k >= 5
    again = reidentification(frame, ["zip", "date_of_birth", "age", "gender", "job"], sensitive=[])
    assert again.k >= 5
    assert result.suppressed <= 0.05 * len(df) and len(frame) == len(df) - result.suppressed
    kinds = {c["column"]: c["action"] for c in changes}
    assert kinds.get("zip") in (None, "prefix") and kinds.get("date_of_birth") in (None, "date")
    assert kinds.get("age") in (None, "band")
    assert all("detail" in c for c in changes)
    if result.suppressed:
        assert changes[-1]["action"] == "suppress"  # suppression comes last


@pytest.mark.parametrize(
    "column, values, entity_hint, expect",
    [
        ("zip", ["12345", "12399", "12388", "12377"], "POSTAL_CODE", "123**"),
        ("age", [31, 34, 36, 38, 33, 35, 30, 32, 37, 39, 31], None, "30-"),
    ],
)
def test_ladders_generalise_as_described(column: str, values: list, entity_hint: str | None, expect: str) -> None:
    df = pd.DataFrame({column: values})
    r = reidentification(df, [column], sensitive=[])
    if entity_hint:
        r.entities[column] = entity_hint
    frame, changes = r.generalize(k=len(values), max_suppression=0.0)
    assert frame[column].astype(str).str.startswith(expect).all()
    assert changes and changes[0]["column"] == column


def test_dates_generalise_to_the_year_first_then_bands() -> None:
    dates = pd.to_datetime(["1980-01-05", "1980-03-09", "1980-07-01", "1980-12-31", "1980-02-02"])
    r = reidentification(pd.DataFrame({"dob": dates}), ["dob"], sensitive=[])
    frame, changes = r.generalize(k=5, max_suppression=0.0)
    assert set(frame["dob"]) == {"1980"}
    assert changes[0]["detail"] == "dates reduced to the year (birth year)"


def test_rare_categories_merge_before_full_suppression() -> None:
    df = pd.DataFrame({"job": ["a"] * 10 + ["b"] * 10 + ["c", "d"]})
    r = reidentification(df, ["job"], sensitive=[])
    frame, changes = r.generalize(k=2, max_suppression=0.0)
    assert sorted(set(frame["job"])) == ["Other", "a", "b"]
    assert "merged 2 categories" in changes[0]["detail"]


def test_suppression_is_the_last_resort() -> None:
    df = pd.DataFrame({"job": ["a"] * 50 + ["b"] * 50 + ["x"]})
    r = reidentification(df, ["job"], sensitive=[])
    result = r.generalize(k=5, max_suppression=0.05)
    assert result.suppressed == 1 and len(result.frame) == 100
    assert [c["action"] for c in result.changes] == ["suppress"]


def test_quasi_identifiers_are_suggested_and_direct_identifiers_noted() -> None:
    df = people(500)
    df["email"] = [f"person{i}@example.org" for i in range(len(df))]
    r = reidentification(df)
    assert {"zip", "date_of_birth", "gender"} <= set(r.quasi_identifiers)
    assert "email" not in r.quasi_identifiers
    assert "email" in r.direct_identifiers
    assert any("direct identifiers" in n for n in r.notes)


def test_unique_share_without_names_the_driver() -> None:
    rng = np.random.default_rng(1)
    n = 3000
    df = pd.DataFrame(
        {"exact_id_like": np.arange(n) % 1500, "sex": rng.choice(["f", "m"], n), "region": rng.choice(list("NESW"), n)}
    )
    r = reidentification(df, ["exact_id_like", "sex", "region"], sensitive=[])
    drivers = r.unique_share_without
    assert min(drivers, key=drivers.get) == "exact_id_like"
    assert drivers["exact_id_like"] == 0.0


@pytest.mark.parametrize("bad", [0, -1, 2.5, True])
def test_generalize_rejects_bad_k(bad: object) -> None:
    r = reidentification(small(), ["zip"], sensitive=[])
    with pytest.raises(ValueError, match="k must be an integer"):
        r.generalize(k=bad)  # type: ignore[arg-type]


def test_bad_inputs() -> None:
    with pytest.raises(KeyError, match="not in the frame"):
        reidentification(small(), ["nope"])
    dup = pd.DataFrame([[1, 2]], columns=["a", "a"])
    with pytest.raises(UnsupportedDataError, match="unique column names"):
        reidentification(dup, ["a"])
    with pytest.raises(UnsupportedDataError):
        reidentification({"a": [1]}, ["a"])  # type: ignore[arg-type]


def test_empty_frame() -> None:
    r = reidentification(small().iloc[:0], ["zip"], sensitive=[])
    assert isinstance(r, RiskReport) and r.k == 0 and r.unique_share == 0.0
