"""Benchmark: recall of ``privguard clean`` on real notebooks with generated people inserted, by kind.

Seeds copies of corpus notebooks (every ``--step``-th, ``--hosts`` of them) with the cells of
``_seeded_notebooks.seed_notebook`` (tables with short names and phones in any separator style, a
``text/plain`` copy cut short, prose, a repr with phones after a printed ``\\n``, a profiling page),
cleans each with the hook's options and counts a value as recalled when ``tests/seeded.ValueSearch``
finds no form of it in its cell afterwards. ``--baseline PATH`` runs the same seeding against another
checkout of the package (its root folder) in a subprocess and prints both columns in one table.

    PRIVGUARD_NOTEBOOK_CORPUS=/work/corpus16 .venv/bin/python benchmarks/bench_recall_at_rest.py --baseline /tmp/old
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def measure(corpus: Path, hosts: int, step: int) -> dict[str, list[int]]:
    sys.path.insert(0, str(HERE))
    from _seeded_notebooks import People, control, present, seed_notebook

    from jupyter_privguard.notebooks import NotebookOptions, clean_text
    from jupyter_privguard.policy import Policy

    options = NotebookOptions(policy=Policy(ner="off"))
    people = People(seed=16)
    out: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for path in sorted(corpus.rglob("*.ipynb"))[::step][:hosts]:
        try:
            host = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        if not isinstance(host, dict) or "cells" not in host:
            continue
        nb, seeds = seed_notebook(host, people)
        control(seeds, nb)
        new, _ = clean_text(json.dumps(nb, indent=1, ensure_ascii=False), options)
        for seed, left in zip(seeds, present(seeds, json.loads(new))):
            row = out[f"{seed.shape}/{seed.field}"]
            row[0] += 1
            row[1] += not left
    return dict(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=os.environ.get("PRIVGUARD_NOTEBOOK_CORPUS", "/work/corpus16"))
    parser.add_argument("--hosts", type=int, default=12)
    parser.add_argument("--step", type=int, default=97)
    parser.add_argument("--baseline", help="root folder of another checkout to measure in the same run")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"no corpus at {corpus}: nothing to measure")
        return
    if args.json:
        print(json.dumps(measure(corpus, args.hosts, args.step)))
        return
    sys.path.insert(0, str(HERE.parent))
    now = measure(corpus, args.hosts, args.step)
    base: dict[str, list[int]] = {}
    if args.baseline:
        env = dict(os.environ, PYTHONPATH=str(Path(args.baseline).resolve()))
        cmd = [sys.executable, "-c", _CHILD, str(HERE), args.corpus, str(args.hosts), str(args.step)]
        # in the other checkout (the current folder comes first on the import path)
        done = subprocess.run(cmd, env=env, cwd=args.baseline, capture_output=True, text=True, check=True)
        base = json.loads(done.stdout)
    print("| kind | values | baseline gone | gone | recall (baseline) | recall |\n|---|---:|---:|---:|---:|---:|")
    tot = [0, 0, 0]
    for kind in sorted(now):
        n, gone = now[kind]
        b = base.get(kind, [n, 0])[1] if base else 0
        tot[0] += n
        tot[1] += b
        tot[2] += gone
        print(f"| {kind} | {n} | {b if base else '-'} | {gone} | {b / n:.3f} | {gone / n:.3f} |")
    print(
        f"| **all** | {tot[0]} | {tot[1] if base else '-'} | {tot[2]} | {tot[1] / tot[0]:.3f} | {tot[2] / tot[0]:.3f} |"
    )


# the baseline runs in a child process whose import path starts with the other checkout
_CHILD = """
import sys, json
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import bench_recall_at_rest as b
print(json.dumps(b.measure(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))))
"""

if __name__ == "__main__":
    main()
