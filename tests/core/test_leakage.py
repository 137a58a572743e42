"""Proxy leakage on synthetic data with planted proxies (no files needed)."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("sklearn")
pytest.importorskip("shap")

from jupyter_privguard.errors import MissingDependencyError, UnsupportedDataError
from jupyter_privguard.risk.leakage import LeakageReport, _macro_auc, _weighted_auc, leakage

SECRET = "Zq7SECRETvalue"  # seeded into category labels: must never appear in a report


def planted(n: int = 3000, seed: int = 0) -> pd.DataFrame:
    """race in three groups; zip encodes it with 90% accuracy; the rest is independent of it."""
    rng = np.random.default_rng(seed)
    race = rng.choice(["a", "b", "c"], n, p=[0.6, 0.3, 0.1])
    zips = np.array([f"{20000 + 7 * i:05d}" for i in range(30)])
    home = {"a": zips[:10], "b": zips[10:20], "c": zips[20:]}
    z = np.array([rng.choice(home[r]) if rng.random() < 0.9 else rng.choice(zips) for r in race])
    return pd.DataFrame(
        {
            "race": race,
            "zip": z,
            "independent": rng.normal(size=n),
            "income": rng.lognormal(10, 0.5, n),
            "colour": rng.choice([f"{SECRET}{i}" for i in range(4)], n),
        }
    )


@pytest.fixture(scope="module")
def planted_report() -> LeakageReport:
    return leakage(planted(), "race")


def test_planted_proxy_is_ranked_first_and_flagged(planted_report: LeakageReport) -> None:
    attr = planted_report.to_dict()["attributes"][0]
    assert attr["sensitive"] == "race"
    assert attr["features"][0]["name"] == "zip"
    assert attr["features"][0]["proxy"] is True
    assert attr["auc"] > 0.85
    lo, hi = attr["auc_interval"]
    assert lo <= attr["auc"] <= hi and lo > 0.5


@pytest.mark.parametrize("name", ["independent", "income", "colour"])
def test_independent_features_are_not_flagged(planted_report: LeakageReport, name: str) -> None:
    feats = {f["name"]: f for f in planted_report.to_dict()["attributes"][0]["features"]}
    assert feats[name]["proxy"] is False
    assert feats[name]["auc_alone"] < 0.56


def test_shares_sum_to_one_and_are_sorted(planted_report: LeakageReport) -> None:
    feats = planted_report.to_dict()["attributes"][0]["features"]
    shares = [f["share"] for f in feats]
    assert sum(shares) == pytest.approx(1.0)
    assert shares == sorted(shares, reverse=True)
    assert feats[0]["drop_auc"] is not None and feats[0]["drop_auc"] > 0.1  # confirmed by leaving it out


def test_report_holds_no_raw_value(planted_report: LeakageReport) -> None:
    text = planted_report.to_json() + planted_report._repr_html_() + planted_report.summary() + repr(planted_report)
    assert SECRET not in text
    assert "20000" not in text  # a planted zip code


def test_html_has_verdict_and_inline_svg(planted_report: LeakageReport) -> None:
    out = planted_report._repr_html_()
    assert "<svg" in out and "Proxies found" in out and "zip" in out


def test_no_leak_flags_nothing() -> None:
    rng = np.random.default_rng(3)
    n = 2000
    df = pd.DataFrame(
        {
            "sex": rng.choice(["f", "m"], n),
            "x1": rng.normal(size=n),
            "x2": rng.normal(size=n),
            "c": rng.choice(list("pqrs"), n),
        }
    )
    attr = leakage(df, "sex").attributes[0]
    assert attr.proxies == []
    assert attr.strength in ("none", "weak")
    assert attr.auc_interval[0] < 0.56


def test_excluded_columns_are_listed_with_reasons() -> None:
    df = planted(1500)
    df["constant"] = 7
    df["row_id"] = np.arange(len(df))
    df["note"] = [f"free text number {i} about nothing" for i in range(len(df))]
    df["empty"] = np.nan
    report = leakage(df, "race")
    assert report.excluded["constant"] == "constant"
    assert "identifier" in report.excluded["row_id"]
    assert "high-cardinality" in report.excluded["note"]
    assert report.excluded["empty"] == "all values missing"
    assert "row_id" not in report.features
    assert any("not modelled" in n for n in report.notes)


def test_missing_values_small_groups_and_imbalance_are_handled() -> None:
    rng = np.random.default_rng(5)
    n = 2000
    grp = rng.choice(["big", "mid", "rare1", "rare2"], n, p=[0.9, 0.09, 0.005, 0.005]).astype(object)
    grp[rng.random(n) < 0.05] = None
    proxy = np.where(grp == "mid", 1.0, 0.0) + rng.normal(0, 0.3, n)
    proxy[rng.random(n) < 0.1] = np.nan
    df = pd.DataFrame({"group": grp, "proxy": proxy, "noise": rng.normal(size=n)})
    attr = leakage(df, "group").attributes[0]
    joined = " ".join(attr.notes)
    assert "missing were left out" in joined
    assert "fewer than 20 rows" in joined or "pooled" in joined
    assert "Imbalanced" in joined
    assert attr.features[0].name == "proxy"


def test_numeric_attribute_is_split_at_median() -> None:
    rng = np.random.default_rng(6)
    n = 2000
    age = rng.integers(18, 90, n)
    df = pd.DataFrame(
        {"age": age, "years_employed": np.clip(age - 20 + rng.normal(0, 3, n), 0, None), "noise": rng.normal(size=n)}
    )
    attr = leakage(df, "age").attributes[0]
    assert attr.target_kind == "median split"
    assert attr.proxies == ["years_employed"]


def test_sensitive_found_by_classification_and_said_when_absent() -> None:
    rng = np.random.default_rng(7)
    n = 1500
    g = rng.choice(["female", "male"], n)
    df = pd.DataFrame(
        {
            "gender": g,
            "shoe_size": np.where(g == "male", 43.0, 38.0) + rng.normal(0, 1.5, n),
            "score": rng.normal(size=n),
        }
    )
    report = leakage(df)
    assert [a.sensitive for a in report.attributes] == ["gender"]
    assert report.attributes[0].features[0].name == "shoe_size"

    plain = pd.DataFrame({"score": rng.normal(size=50), "count": rng.integers(0, 5, 50)})
    empty = leakage(plain)
    assert empty.attributes == [] and empty.to_dict()["attributes"] == []
    assert "no column was recognised as a sensitive attribute" in empty.verdict


def test_model_gap_is_additive() -> None:
    from sklearn.ensemble import GradientBoostingClassifier

    rng = np.random.default_rng(8)
    n = 1200
    sex = rng.integers(0, 2, n)
    df = pd.DataFrame(
        {
            "sex": np.where(sex == 1, "f", "m"),
            "height": 170 + 8 * (1 - sex) + rng.normal(0, 6, n),
            "skill": rng.normal(size=n),
        }
    )
    df["hired"] = ((df.height - 170) / 8 + df.skill + rng.normal(size=n) > 0.5).astype(int)
    feats = ["height", "skill"]
    model = GradientBoostingClassifier(n_estimators=50, random_state=0).fit(df[feats], df["hired"])
    report = leakage(df, "sex", features=feats, target="hired", model=model)
    gap = report.model_gaps[0]
    # groups are numbered by size, largest first; the SHAP parts add up to the real output gap
    first = df["sex"].value_counts().index[0]
    margin = model.decision_function(df[feats])
    real = margin[df["sex"] == first].mean() - margin[df["sex"] != first].mean()
    assert gap.gap == pytest.approx(real, abs=1e-6)
    assert sum(v for _, v in gap.contributions) == pytest.approx(gap.gap)
    assert gap.contributions[0][0] == "height"
    assert "hired" not in report.features


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"sensitive": "nope"}, KeyError),
        ({"sensitive": "race", "proxy_share": 1.5}, ValueError),
        ({"sensitive": "race", "min_auc": 0.3}, ValueError),
        ({"sensitive": "race", "n_threads": 0}, ValueError),
    ],
)
def test_bad_arguments_say_what_was_expected(kwargs: dict, error: type) -> None:
    with pytest.raises(error):
        leakage(planted(200), **kwargs)


def test_not_a_frame_is_rejected() -> None:
    with pytest.raises(UnsupportedDataError, match="pandas DataFrame"):
        leakage([1, 2, 3], "x")  # type: ignore[arg-type]


def test_missing_shap_says_how_to_reinstall_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "shap", None)
    with pytest.raises(MissingDependencyError, match=r"shap is not installed.*pip install 'shap>=0.45'"):
        leakage(planted(200), "race")


def test_importing_the_package_does_not_import_shap_or_sklearn() -> None:
    code = (
        "import sys, jupyter_privguard, jupyter_privguard.risk; "
        "print(any(m.split('.')[0] in ('shap', 'sklearn') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    "score, positive",
    [
        ([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]),
        ([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]),
        ([1, 2, 2, 3, 3, 3, 4], [0, 0, 1, 0, 1, 1, 1]),
        ([3, 2, 1], [0, 1, 1]),
    ],
)
def test_weighted_auc_matches_sklearn(score: list[float], positive: list[int]) -> None:
    from sklearn.metrics import roc_auc_score

    s, p = np.asarray(score, dtype=float), np.asarray(positive, dtype=bool)
    got = _weighted_auc(s, p, np.ones((1, len(s))))[0]
    assert got == pytest.approx(roc_auc_score(p, s))


def test_macro_auc_matches_sklearn_ovr() -> None:
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(9)
    y = rng.integers(0, 3, 300)
    proba = rng.dirichlet([1, 1, 1], 300) + np.eye(3)[y] * 0.3
    proba /= proba.sum(axis=1, keepdims=True)
    assert _macro_auc(proba, y)[0] == pytest.approx(roc_auc_score(y, proba, multi_class="ovr", average="macro"))


def test_to_dict_is_json_ready(planted_report: LeakageReport) -> None:
    data = json.loads(planted_report.to_json())
    assert set(data["attributes"][0]) >= {"sensitive", "auc", "features"}
    assert set(data["attributes"][0]["features"][0]) >= {"name", "share", "proxy"}


def test_plot_without_matplotlib_names_what_to_install(
    planted_report: LeakageReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(MissingDependencyError, match="matplotlib"):
        planted_report.plot()


def test_public_names_resolve_to_functions() -> None:
    import jupyter_privguard.risk as risk

    assert callable(risk.leakage) and callable(risk.reidentification)
    assert risk.LeakageReport is LeakageReport


def test_free_text_columns_are_excluded_and_said() -> None:
    rng = np.random.default_rng(3)
    n = 600
    sex = rng.choice(["f", "m"], n)
    notes = rng.choice(
        [
            "Called about a late delivery, wants a refund soon.",
            "Upgraded to the annual plan after the trial ended.",
            "Asked to update the billing address on the account.",
        ],
        n,
    )
    frame = pd.DataFrame({"sex": sex, "notes": notes, "x": rng.normal(size=n)})
    report = leakage(frame, sensitive="sex")
    assert report.to_dict()["excluded"]["notes"].startswith("free text")
