"""What ``print(df)`` costs with the guard loaded: the frame's text made from its redacted rows (issue 15).

For each frame, the baseline is pandas' own ``repr`` (the guard not loaded), measured in the same run;
then, with ``%load_ext jupyter_privguard`` in an IPython shell, the first ``repr`` (the scan is cold) and
the median of the next ones (the scan's cache warm). Frames: the people records of
:func:`_people.people` (names, e-mail addresses, phone numbers ... from the benchmark's own lists, not the
package's), and a frame of the same size with no personal column (ids, amounts, product codes).

    python benchmarks/bench_print_path.py [--rows 1000000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import format_info, format_table, machine_info
from _people import people


def _frames(rows: int) -> dict[str, pd.DataFrame]:
    table = people(rows)
    personal = table.select(["person_id", "name", "phone", "email", "amount"]).to_pandas()
    personal = personal.astype(dict.fromkeys(("name", "phone", "email"), "str"))
    rng = np.random.default_rng(3)
    plain = pd.DataFrame(
        {
            "order_id": np.arange(rows, dtype=np.int64),
            "amount": np.round(rng.uniform(1, 500, rows), 2),
            "quantity": rng.integers(1, 20, rows),
            "sku": pd.array([f"SKU-{n:05d}" for n in rng.integers(0, 99_999, rows)], dtype="str"),
        }
    )
    return {"people (name, phone, email)": personal, "no personal column": plain}


def _time(call: object, repeat: int) -> tuple[float, float]:
    """(first call, median of the next ``repeat``) in milliseconds."""
    assert callable(call)
    start = time.perf_counter()
    call()
    first = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return first, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("PRIVGUARD_NER", "off")
    os.environ.setdefault("PRIVGUARD_AUDIT_LOG", os.devnull)
    from IPython.core.interactiveshell import InteractiveShell

    frames = _frames(args.rows)
    baseline = {name: _time(lambda df=df: repr(df), args.repeat)[1] for name, df in frames.items()}
    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "jupyter_privguard")
    rows = []
    for name, df in frames.items():
        first, warm = _time(lambda df=df: repr(df), args.repeat)
        text = repr(df)
        personal = [c for c in ("name", "phone", "email") if c in df.columns]
        shown = [str(v) for c in personal for v in (*df[c].head(5), *df[c].tail(5))]
        leaked = "-" if not personal else ("YES" if any(v in text for v in shown) else "no")
        rows.append([name, f"{args.rows:,}", baseline[name], first, warm, warm / baseline[name], leaked])
    print(f"# print path: repr(df) of {args.rows:,}-row frames, in milliseconds\n")
    print(
        format_table(
            [
                "frame",
                "rows",
                "pandas repr",
                "guarded, first",
                "guarded, again",
                "again / pandas",
                "a shown value in it",
            ],
            rows,
        )
    )
    print()
    print(format_info(machine_info(["pandas", "numpy"])))


if __name__ == "__main__":
    main()
