"""A Spark session's first large job against its later ones, both against the pandas path, in fresh processes.

Each measurement is a fresh Python process (``--repeats`` of them per variant, 3 by default; the table gives the
median): it starts a ``local[2]`` session (the benchmark's, ``bench_spark.local_session``; not timed), then times

1. **cold**: ``redact(sdf)`` of ``--rows`` rows read from Parquet and written to Parquet, the session's first job;
2. the pandas path on the same rows (read, ``redact(pdf)``, write), as in ``bench_spark.py``;
3. **warm**: the same Spark job again;
4. the pandas path again;

and the ratios cold / pandas (1 / 2) and warm / pandas (3 / 4). The variants, each in its own processes:

- ``off``: the guard's worker start-up off (``PRIVGUARD_SPARK_WARMUP=off``): how the first job ran before it;
- ``on``: the default: the first time the guard sees the session (here: inside the timed cold job, the least
  favourable moment) it starts the Python workers in the background (``adapters.spark.start_workers``);
- with ``--notebook``, ``notebook-off`` and ``notebook-on``: as in a notebook, the guard has seen the session
  before the cold job (an untimed ``scan`` of a 100-row in-memory frame, no Parquet), then a 5-second pause (the
  user between two cells); the guard's worker start-up off, then on;
- with ``--diagnose``, two more that say where the first job's extra time goes (not things the guard does):
  ``workers-first``, the Python workers started by an untimed tiny ``mapInArrow`` job before the cold job; and
  ``parquet-first``, an untimed read + identity ``mapInArrow`` + write of one 250,000-row file before it (the JVM's
  first Parquet and Arrow work; ``bench_spark.py``'s warm-up).

Every Spark output is checked for the raw values of the seeded rows (``seeded values in output``: must be 0).

Run: ``.venv/bin/python benchmarks/bench_spark_cold.py [--rows 1000000] [--repeats 3] [--diagnose]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO_ROOT, format_info, format_table, machine_info

RESULTS = REPO_ROOT / "benchmarks" / "results"
VARIANTS = ("off", "on")
DIAGNOSTIC = ("workers-first", "parquet-first")
NOTEBOOK = ("notebook-off", "notebook-on")
PAUSE_S = 5.0


def child(variant: str, rows: int, seed: int) -> dict[str, Any]:
    """One fresh process's measurements (the parent runs this through ``--child``)."""
    import bench_spark as bench
    from _people import part_files, seeded_values, write_folder

    warnings.filterwarnings("ignore", message="PySpark does not yet fully support", category=FutureWarning)
    bench.DROPPED.append("note")  # the structured columns, as bench_spark.py's figures (--without-note)
    os.environ["PRIVGUARD_SPARK_WARMUP"] = "on" if variant in ("on", "notebook-on") else "off"
    folder, _ = write_folder(RESULTS, rows, seed)
    files = part_files(folder, rows)
    values = seeded_values(rows, seed)
    out = RESULTS / "spark-out" / "cold"
    out.mkdir(parents=True, exist_ok=True)

    import jupyter_privguard as pg

    policy = pg.Policy(ner="off")
    start = time.perf_counter()
    spark = bench.local_session()
    result: dict[str, Any] = {"session_s": time.perf_counter() - start}
    if variant == "workers-first":
        spark.range(0, 1_000, numPartitions=bench.CORES).mapInArrow(bench._echo, "id long").count()
    elif variant == "parquet-first":
        bench.warm_up(spark, part_files(folder, 1))
    elif variant in NOTEBOOK:  # an earlier cell: a small frame scanned (no Parquet), then the user's pause
        import pandas as pd

        pg.scan(spark.createDataFrame(pd.DataFrame({"n": range(100)})), policy=policy)
        time.sleep(PAUSE_S)

    def spark_job() -> float:
        shutil.rmtree(out / "spark", ignore_errors=True)
        bench.forget_scans()
        began = time.perf_counter()
        pg.redact(bench.read_spark(spark, files), policy=policy).write.mode("overwrite").parquet(str(out / "spark"))
        return time.perf_counter() - began

    def pandas_job() -> float:
        bench.forget_scans()
        began = time.perf_counter()
        pg.redact(bench.read_pandas(files), policy=policy).to_parquet(out / "pandas.parquet", index=False)
        return time.perf_counter() - began

    try:
        result["cold_s"] = spark_job()
        result["pandas_1_s"] = pandas_job()
        result["warm_s"] = spark_job()
        result["pandas_2_s"] = pandas_job()
        result["leaks"] = bench.leaks_in_spark(spark.read.parquet(str(out / "spark")), values)
    finally:
        spark.stop()
    return result


def run_child(variant: str, rows: int, seed: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", variant, "--rows", str(rows), "--seed", str(seed)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the {variant} process failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def table(results: dict[str, list[dict[str, Any]]]) -> str:
    headers = [
        "variant",
        "processes",
        "cold s",
        "pandas s",
        "cold / pandas",
        "warm s",
        "pandas s",
        "warm / pandas",
        "cold / warm",
        "seeded values in output",
    ]
    lines = []
    for variant, runs in results.items():

        def median(key: str, runs: list[dict[str, Any]] = runs) -> float:
            return statistics.median(r[key] for r in runs)

        lines.append(
            [
                variant,
                len(runs),
                round(median("cold_s"), 2),
                round(median("pandas_1_s"), 2),
                f"{statistics.median(r['cold_s'] / r['pandas_1_s'] for r in runs):.2f}x",
                round(median("warm_s"), 2),
                round(median("pandas_2_s"), 2),
                f"{statistics.median(r['warm_s'] / r['pandas_2_s'] for r in runs):.2f}x",
                f"{statistics.median(r['cold_s'] / r['warm_s'] for r in runs):.2f}x",
                sum(r["leaks"] for r in runs),
            ]
        )
    return format_table(headers, lines, align="lrrrrrrrrr")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of every job (default 1,000,000)")
    parser.add_argument("--repeats", type=int, default=3, help="fresh processes per variant (default 3)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the generated data")
    parser.add_argument("--diagnose", action="store_true", help="add the workers-first and parquet-first variants")
    parser.add_argument(
        "--notebook", action="store_true", help="add notebook-off and notebook-on (the guard saw the session before)"
    )
    parser.add_argument("--only-extra", action="store_true", help="leave the off and on variants out")
    parser.add_argument("--child", choices=VARIANTS + DIAGNOSTIC + NOTEBOOK, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rows < 1 or args.repeats < 1:
        parser.error(f"--rows and --repeats must be positive, got {args.rows} and {args.repeats}")
    if args.child:
        print(json.dumps(child(args.child, args.rows, args.seed)))
        return 0
    from _people import write_folder

    RESULTS.mkdir(parents=True, exist_ok=True)
    write_folder(RESULTS, args.rows, args.seed)  # once, before any process is timed
    variants = (() if args.only_extra else VARIANTS) + (DIAGNOSTIC if args.diagnose else ())
    variants += NOTEBOOK if args.notebook else ()
    results: dict[str, list[dict[str, Any]]] = {v: [] for v in variants}
    loads = [os.getloadavg()[0]]
    for repeat in range(args.repeats):  # the variants interleaved, so a change of load hits them alike
        for variant in variants:
            results[variant].append(run_child(variant, args.rows, args.seed))
            print(f"{variant} #{repeat + 1}: {json.dumps(results[variant][-1])}", file=sys.stderr)
            loads.append(os.getloadavg()[0])
    info = machine_info(["pyspark", "pandas", "pyarrow"])
    info["rows"] = f"{args.rows:,} (all columns but the free-text note), Parquet in, Parquet out"
    info["load average"] = f"{min(loads):.1f} to {max(loads):.1f} (1-minute, sampled between processes)"
    info["session start"] = (
        f"median {statistics.median(r['session_s'] for rs in results.values() for r in rs):.1f} s, not timed"
    )
    print(f"{format_info(info)}\n\n{table(results)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
