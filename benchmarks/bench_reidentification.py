"""Benchmark: re-identification risk on 1,000,000 rows x 6 quasi-identifiers (target <= 3 s).

Run: ``.venv/bin/python benchmarks/bench_reidentification.py`` (about a minute on 2 shared cores).
Synthetic data only; the baseline (pandas groupby on the raw columns) is measured in the same run.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jupyter_privguard.risk.reidentification import reidentification

QIS = ["zip", "date_of_birth", "age", "gender", "job", "city"]


def people(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "zip": pd.Series(rng.integers(10000, 12000, n)).astype(str),
            "date_of_birth": pd.Timestamp("1940-01-01") + pd.to_timedelta(rng.integers(0, 365 * 60, n), unit="D"),
            "age": rng.integers(18, 90, n),
            "gender": rng.choice(["female", "male", "diverse"], n, p=[0.49, 0.49, 0.02]),
            "job": rng.choice([f"job {i}" for i in range(200)], n),
            "city": rng.choice([f"city {i}" for i in range(50)], n),
            "diagnosis": rng.choice([f"d{i}" for i in range(20)], n),
        }
    )


def best(fn, repeat: int = 3) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def main() -> int:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"pandas {pd.__version__}, load average {load:.1f} at start\n"
    )
    print("| rows | what | seconds | result |")
    print("|---|---|---|---|")
    for n in (100_000, 1_000_000):
        df = people(n)
        t_base, sizes = best(lambda df=df: df.groupby(QIS, dropna=False, observed=True)["zip"].transform("size"))
        base_unique = float((np.asarray(sizes) == 1).mean())
        print(
            f"| {n:,} | baseline: pandas groupby(6 raw columns).transform('size') | {t_base:.2f} | "
            f"unique {base_unique:.3f} |"
        )
        t_ours, r = best(lambda df=df: reidentification(df, QIS, sensitive=["diagnosis"]))
        print(
            f"| {n:,} | reidentification(): k, uniques, risk, l-diversity, 6 leave-one-out | {t_ours:.2f} | "
            f"k={r.k}, unique {r.unique_share:.3f} |"
        )
        assert abs(r.unique_share - base_unique) < 1e-12
        t_auto, r_auto = best(lambda df=df: reidentification(df), repeat=1)
        print(
            f"| {n:,} | reidentification() with quasi-identifiers suggested (scanner included) | {t_auto:.2f} | "
            f"{len(r_auto.quasi_identifiers)} suggested |"
        )
        t_gen, g = best(lambda r=r: r.generalize(k=5), repeat=1)
        levels = ", ".join(f"{c['column']}:{c['action']}" for c in g.changes if c["column"])
        print(f"| {n:,} | generalize(k=5), greedy | {t_gen:.2f} | k={g.k}, suppressed {g.suppressed:,}; {levels} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
