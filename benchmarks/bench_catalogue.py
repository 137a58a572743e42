"""Run the generative leak catalogue and print, per cause: paths, control-positive, leaking, utility.

Usage::

    PYTHONPATH=$PWD python benchmarks/bench_catalogue.py            # the whole catalogue
    PYTHONPATH=$PWD python benchmarks/bench_catalogue.py -k forms    # paths whose id contains "forms"
    PYTHONPATH=$PWD python benchmarks/bench_catalogue.py --details   # one line per path (ids, counts)

Each group notebook runs twice with a real kernel (control without the extension, guarded with
``%load_ext jupyter_privguard``); see ``tests/kernel/catalogue_run.py``. The output holds path ids,
artefact names and counts, never a value.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(HERE / "tests"), str(HERE / "tests" / "kernel")]

import catalogue_data
import catalogue_paths
import catalogue_run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", dest="select", default="", help="run only the paths whose id contains this text")
    parser.add_argument("--details", action="store_true", help="one line per path")
    parser.add_argument("--forms", action="store_true", help="with --details: the column and form of each leak")
    parser.add_argument("--workers", type=int, default=2, help="kernels at a time")
    parser.add_argument("--big-rows", type=int, default=catalogue_data.BIG_ROWS, help="rows of the big frame")
    parser.add_argument("--keep", default="", help="run folder to keep (default: a temporary one)")
    args = parser.parse_args(argv)

    paths = [p for p in catalogue_paths.PATHS if args.select in p.id]
    if not paths:
        print("no path matches", file=sys.stderr)
        return 2
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="catalogue-"))
    start = time.perf_counter()
    data = catalogue_data.build(
        folder / "data",
        [p.id for p in catalogue_paths.PATHS if p.group in catalogue_paths.SLICED_GROUPS],
        big_rows=args.big_rows,
    )
    built = time.perf_counter() - start
    run = catalogue_run.run_catalogue(paths, data, folder / "runs", workers=args.workers)
    ran = time.perf_counter() - start - built
    verdicts = catalogue_run.judge(paths, run, data)
    judged = time.perf_counter() - start - built - ran
    if args.details:
        for v in verdicts.values():
            state = (
                "BROKEN (control shows no personal data)" if not v.control_positive else ("LEAK" if v.leaks else "ok")
            )
            hits = ", ".join(f"{a}: {n}" for a, n in sorted(v.guarded_hits.items()))
            errs = (
                f" errors control={v.control_errors} guarded={v.guarded_errors}"
                if v.control_errors or v.guarded_errors
                else ""
            )
            print(f"{v.path.id:<55} {state:<6} markers {v.markers_kept}/{v.markers_control} {hits}{errs}")
            if args.forms and v.leaked_as:
                print(
                    "    leaked as (column/form: count):",
                    ", ".join(f"{k}: {n}" for k, n in sorted(v.leaked_as.items())),
                )
    print(catalogue_run.table(verdicts.values()))
    if run.setup_errors():
        print(f"SETUP FAILED (the verdicts mean nothing): {run.setup_errors()}")
    not_ran = [v.path.id for v in verdicts.values() if not v.guarded_ran]
    if not_ran:
        print(f"{len(not_ran)} path(s) did not run to the end with the guard on: {', '.join(not_ran[:10])}")
    kernels = ", ".join(f"{k} {s:.0f}s" for k, s in sorted(run.seconds.items()))
    print(f"data {built:.1f}s, kernels {ran:.1f}s ({kernels}), search {judged:.1f}s; folder {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
