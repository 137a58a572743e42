"""The demo: scan the bundled example data and show what jupyter-privguard finds and redacts.

Run with ``bash scripts/demo.sh`` (sets up .venv first) or ``python examples/demo.py [CSV]``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd

import jupyter_privguard as pg

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else HERE / "data" / "customers.csv"
    df = pd.read_csv(path)
    print(f"jupyter-privguard {pg.__version__}: scanning {path.name} ({len(df)} rows x {df.shape[1]} columns)\n")

    started = time.perf_counter()
    report = pg.scan(df)
    first = time.perf_counter() - started
    started = time.perf_counter()
    pg.scan(df)
    again = time.perf_counter() - started

    print(report.summary())
    print()
    for note in report.notes:
        print(f"note: {note}")
    print(f"{len(report.pii_columns)} of {df.shape[1]} columns hold personal data; "
          f"NER model: {report.ner_model or 'none'}; scan {first * 1000:.0f} ms, again (cached) {again * 1000:.1f} ms\n")

    print("Redacted view (default policy) of the first 5 rows:")
    with pd.option_context("display.width", 200, "display.max_columns", 30, "display.max_colwidth", 40):
        print(pg.redact(df.head(5), report=pg.scan(df.head(5))))
    print()
    policy = pg.Policy(actions={"EMAIL_ADDRESS": "mask", "PERSON": "pseudonymize", "CREDIT_CARD": "mask"})
    print("The same rows with emails and cards masked and names pseudonymised:")
    with pd.option_context("display.width", 200, "display.max_columns", 30, "display.max_colwidth", 40):
        print(pg.redact(df.head(5), policy=policy)[["full_name", "email", "card_number", "postcode", "date_of_birth"]])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
