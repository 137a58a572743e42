"""Classification cost of ``scanner.scan`` on near-unique frames, and of wide frames.

Prints, measured in one run:

1. first scan of an ``N x 20`` frame of near-unique personal values (NER model loaded beforehand, cache empty),
   and the same at 10,000 rows (the ratio says whether the cost is flat in rows);
2. the scan again (cached);
3. a ``2,000 x 50`` frame: the shown columns only (``display.max_columns``), the whole frame, and again.

Run: ``.venv/bin/python benchmarks/bench_scan_cost.py --rows 200000 [--wide-columns 2000] [--profile]``.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _people import people


def _text(values: np.ndarray) -> pa.Array:
    return pc.cast(pa.array(values), pa.string())


def frame_20(rows: int, seed: int = 7) -> pd.DataFrame:
    """Ten people columns from ``_people`` plus ten more (near-unique ids, addresses, and plain values)."""
    table = people(rows, seed)
    rng = np.random.default_rng(seed + 1)
    ids = np.arange(rows)
    extra = {
        "ip": pc.binary_join_element_wise(*[_text(rng.integers(1, 255, rows)) for _ in range(4)], "."),
        "street": pc.binary_join_element_wise(
            _text(rng.integers(1, 9999, rows)),
            pa.array(np.asarray(["Oak", "Maple", "Cedar", "Pine", "Elm", "Birch"])[rng.integers(0, 6, rows)]),
            pa.array(np.asarray(["Street", "Avenue", "Road", "Lane"])[rng.integers(0, 4, rows)]),
            " ",
        ),
        "city": pa.array(
            np.asarray(["Springfield", "Riverside", "Fairview", "Madison", "Georgetown"])[rng.integers(0, 5, rows)]
        ),
        "order_id": pc.binary_join_element_wise("ORD", _text(10_000_000 + ids), "-"),
        "sku": pc.binary_join_element_wise("SKU", _text(rng.integers(10_000, 99_999, rows)), "-"),
        "status": pa.array(np.asarray(["open", "paid", "shipped", "returned"])[rng.integers(0, 4, rows)]),
        "created_at": pa.array(
            np.datetime64("2024-01-01T00:00:00") + rng.integers(0, 3 * 10**7, rows).astype("timedelta64[s]")
        ).cast(pa.string()),
        "quantity": pa.array(rng.integers(1, 20, rows)),
        "price": pa.array(np.round(rng.uniform(1, 500, rows), 2)),
        "uuid": pc.binary_join_element_wise(
            *[pc.utf8_lpad(_text(rng.integers(0, 16**4, rows)), 4, "0") for _ in range(4)], "-"
        ),
    }
    for name, column in extra.items():
        table = table.append_column(name, column)
    frame = table.to_pandas()
    for col in frame.columns:
        if frame[col].dtype == object:
            frame[col] = frame[col].astype("str")
    return frame


def wide(columns: int, rows: int = 50, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    data = {}
    for i in range(columns):
        kind = i % 4
        if kind == 0:
            data[f"m{i}"] = rng.normal(size=rows).round(4)
        elif kind == 1:
            data[f"c{i}"] = rng.integers(0, 1000, rows)
        elif kind == 2:
            data[f"t{i}"] = pd.array([f"label {j % 7}" for j in range(rows)], dtype="str")
        else:
            data[f"x{i}"] = rng.uniform(0, 1, rows)
    return pd.DataFrame(data)


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--wide-columns", type=int, default=2_000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--skip-tall", action="store_true")
    parser.add_argument("--skip-wide", action="store_true")
    args = parser.parse_args()

    from jupyter_privguard.detect.ner import NerEngine
    from jupyter_privguard.policy import Policy
    from jupyter_privguard.scanner import Scanner

    policy = Policy.load()
    engine = NerEngine.get(policy.ner_model, mode=policy.ner)
    print("NER:", engine.model if engine is not None else None)
    if not args.skip_tall:
        t_build, frame = timed(lambda: frame_20(args.rows))
        small = frame.head(10_000).copy()
        print(f"built {frame.shape} in {t_build:.1f}s")
        scanner = Scanner()
        scanner.scan(frame.head(50), policy=policy)  # compile the patterns
        scanner.clear_cache()
        t_small, _ = timed(lambda: scanner.scan(small, policy=policy))
        scanner.clear_cache()
        if args.profile:
            prof = cProfile.Profile()
            prof.enable()
        t_first, report = timed(lambda: scanner.scan(frame, policy=policy))
        if args.profile:
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(45)
        t_again, _ = timed(lambda: scanner.scan(frame, policy=policy))
        print(
            f"scan {args.rows:,} x 20 first: {t_first:.3f}s   10k rows: {t_small:.3f}s   ratio {t_first / t_small:.2f}x"
        )
        print(f"scan again: {t_again * 1000:.1f} ms")
        for name, f in report.columns.items():
            print(f"  {name:12} {f.kind:9} {f.entity or ','.join(f.span_entities) or '-'}")
    if not args.skip_wide:
        df = wide(args.wide_columns)
        scanner = Scanner()
        shown = [*df.columns[:10], *df.columns[-10:]]
        t_shown, _ = timed(lambda: scanner.scan(df[shown], policy=policy))
        scanner.clear_cache()
        t_all, rep = timed(lambda: scanner.scan(df, policy=policy))
        t_again, _ = timed(lambda: scanner.scan(df, policy=policy))
        print(f"wide {df.shape}: shown 20 cols {t_shown:.3f}s  all {t_all:.3f}s  again {t_again:.3f}s")


if __name__ == "__main__":
    main()
