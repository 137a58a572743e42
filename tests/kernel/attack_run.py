"""Run ``attack_paths`` (control, then guarded) and print a verdict per path: counts, never values.

Usage: ``PYTHONPATH=$PWD:tests:tests/kernel python tests/kernel/attack_run.py OUTDIR [group]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import attack_paths
import catalogue_data
import catalogue_run


def main() -> None:
    out = Path(sys.argv[1])
    paths = attack_paths.PATHS
    if len(sys.argv) > 2:
        paths = [p for p in paths if p.group in sys.argv[2].split(",")]
    slices = [p.id for p in paths if p.group.startswith("atk_raw")]
    data = catalogue_data.build(out / "data", slices, big_rows=50)
    run = catalogue_run.run_catalogue(paths, data, out / "runs", workers=1)
    print("setup errors:", run.setup_errors(), "seconds:", run.seconds)
    verdicts = catalogue_run.judge(paths, run, data)
    for v in verdicts.values():
        ctl = sum(v.control_hits.values())
        flag = "LEAK" if v.leaks else ("NOCTL" if not ctl else "ok")
        util = f"{v.markers_kept}/{v.markers_control}"
        print(
            f"{flag:5} {v.path.id:40} ctl={ctl:3} leaks={v.guarded_hits} as={v.leaked_as} util={util}"
            f" cerr={v.control_errors} gerr={v.guarded_errors} ran={v.guarded_ran}"
        )
    print(catalogue_run.table(verdicts.values()))


if __name__ == "__main__":
    main()
