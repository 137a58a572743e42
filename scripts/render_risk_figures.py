"""Render the risk pictures shown in docs/risk.md into docs/images/ (leakage bars + beeswarm, class sizes).

The leakage figure uses the staff table of ``examples/risk.ipynb`` (generated here with the same seed);
the class-size histogram uses the bundled ``examples/data/customers.csv`` with coarse quasi-identifiers
(country, decade of birth, gender). Both figures are drawn from numbers only.

Usage: python scripts/render_risk_figures.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from jupyter_privguard.risk import leakage, reidentification

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images"


def staff(n: int = 3000) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    sex = rng.choice(["F", "M"], n)
    part_time = (rng.random(n) < np.where(sex == "F", 0.45, 0.08)).astype(int)
    frame = pd.DataFrame(
        {
            "sex": sex,
            "part_time": part_time,
            "hours_per_week": np.round(np.where(part_time == 1, 22, 39) + rng.normal(0, 3, n), 1),
            "tenure_years": rng.integers(0, 25, n),
            "rating": rng.integers(1, 6, n),
            "department": rng.choice(["sales", "support", "engineering", "finance"], n),
        }
    )
    frame["promoted"] = (
        0.15 * frame.rating + 0.03 * frame.tenure_years + 0.02 * frame.hours_per_week + rng.normal(0, 0.4, n) > 1.6
    ).astype(int)
    return frame


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    report = leakage(staff(), "sex", target="promoted")
    report.plot().savefig(OUT / "leakage-shap.png", dpi=90, bbox_inches="tight")
    customers = pd.read_csv(ROOT / "examples" / "data" / "customers.csv")
    qi = pd.DataFrame(
        {
            "country": customers["country"],
            "birth_decade": customers["date_of_birth"].astype(str).str[:3] + "0s",
            "gender": customers["gender"],
        }
    )
    risk = reidentification(qi, ["country", "birth_decade", "gender"])
    risk.plot(k=5).savefig(OUT / "reidentification-classes.png", dpi=90, bbox_inches="tight")
    print(f"wrote {OUT / 'leakage-shap.png'} and {OUT / 'reidentification-classes.png'}")


if __name__ == "__main__":
    main()
