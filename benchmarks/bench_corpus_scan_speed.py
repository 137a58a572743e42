"""Benchmark: ``privguard scan`` of the whole real-notebook corpus, the code of today against a baseline.

Issue 16's target "the corpus scan no slower than today" names the code of the day the issue was
filed. This script runs the CLI itself (``python -m jupyter_privguard scan --no-progress --jobs 1
--format json FILE...``, a new process per run, every ``.ipynb`` of the corpus as the benchmark
``bench_notebooks_real.py`` lists them) with the baseline's sources and with this checkout's, in the
same venv, **interleaved**: baseline, current, baseline, current, ... (one unmeasured warm-up run of
each first, so both read the corpus from the page cache). Each run's CPU time is the child's
(``resource.getrusage(RUSAGE_CHILDREN)``: user + system), beside its wall time; the table gives
every pair, the per-pair ratio current / baseline and the medians. On a shared machine the CPU time
and the per-pair ratio are the figures to read: the two runs of a pair see about the same load.

The two do not do the same work. The baseline reports every MIME copy of a table apart and reads
code, payloads and ``describe()`` numbers as text (many false alarms); the current code parses
code, skips payloads, runs the table tier's column evidence and looks for names in prose. So the
script also prints what each found (rows of the report, files flagged, findings by entity and by
detector, distinct places), from the JSON reports, and checks that every run of one side found the
same.

    .venv/bin/python benchmarks/bench_corpus_scan_speed.py                      # baseline 001f60c, 5 pairs
    .venv/bin/python benchmarks/bench_corpus_scan_speed.py --pairs 7 --write-doc
    .venv/bin/python benchmarks/bench_corpus_scan_speed.py --baseline-dir /tmp/old --repo some/sub/folder

The baseline is a ``git worktree`` of ``--baseline`` made in a temporary folder (and removed at the
end) unless ``--baseline-dir`` names a checkout. Nothing is fetched: the corpus is read from
``--corpus``, ``$PRIVGUARD_NOTEBOOK_CORPUS`` or ``/work/corpus16`` (see
``scripts/fetch_notebook_corpus.sh``); without it the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO_ROOT, format_info, format_table, machine_info, replace_doc_section
from _real_corpus import corpus_dir, iter_notebooks

DOC = REPO_ROOT / "docs" / "notebooks-at-rest.md"
SECTION = "bench-corpus-scan-speed"
#: main when issue 16 was filed (the last commit before the session that took up issues 10 to 16)
DEFAULT_BASELINE = "001f60c"


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def scan_once(root: Path, files: list[str], workdir: str) -> tuple[float, float, dict[str, Any], int]:
    """One CLI scan of ``files`` with the sources under ``root``: (wall s, child CPU s, report, exit code).

    The process runs in ``workdir`` (not a checkout: ``python -m`` puts the working directory first on
    ``sys.path``) with ``PYTHONPATH=root``, so it imports the package of ``root`` whatever the venv's
    editable install points at.
    """
    env = dict(os.environ, PYTHONPATH=str(root))
    env.pop("PRIVGUARD_NER", None)
    cmd = [sys.executable, "-m", "jupyter_privguard", "scan", "--no-progress", "--jobs", "1", "--format", "json"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd + files, capture_output=True, cwd=workdir, env=env, timeout=1800, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        raise SystemExit(f"{root}: the scan printed no JSON report (exit {proc.returncode}): {proc.stderr[-400:]!r}")
    return wall, cpu, report, proc.returncode


def package_of(root: Path, workdir: str) -> str:
    """Where ``import jupyter_privguard`` resolves with ``PYTHONPATH=root`` (checked before measuring)."""
    env = dict(os.environ, PYTHONPATH=str(root))
    out = subprocess.run(
        [sys.executable, "-c", "import jupyter_privguard; print(jupyter_privguard.__file__)"],
        capture_output=True,
        text=True,
        cwd=workdir,
        env=env,
        check=True,
    )
    return out.stdout.strip()


def summary(report: dict[str, Any]) -> dict[str, Any]:
    """What a report found, as counts (no value: a report holds none)."""
    findings = report.get("findings", [])
    places = {(f["path"], f.get("cell"), f.get("output"), f["entity"], f.get("column")) for f in findings}
    return {
        "files": report.get("files"),
        "flagged": report.get("files_with_findings"),
        "rows": len(findings),
        "places": len(places),
        "hits": sum(int(f.get("count") or 1) for f in findings),
        "errors": len(report.get("errors", [])),
        "entities": Counter(f["entity"] for f in findings),
        "detectors": Counter(str(f.get("detector")).split(":", 1)[-1] for f in findings),
        "contexts": Counter(str(f.get("context", "-")) for f in findings),
    }


def fingerprint(report: dict[str, Any]) -> list[tuple[Any, ...]]:
    """A run's findings in a comparable form (places, entities and counts)."""
    return sorted(
        (f["path"], f.get("cell") or -1, f.get("output") or -1, f["entity"], f.get("count") or 0, str(f.get("mime")))
        for f in report.get("findings", [])
    )


def baseline_checkout(rev: str, given: str | None, keep: list[Path]) -> Path:
    if given:
        return Path(given).resolve()
    target = Path(tempfile.mkdtemp(prefix="privguard-baseline-")) / "src"
    subprocess.run(["git", "-C", str(REPO_ROOT), "worktree", "add", "--detach", str(target), rev], check=True)
    keep.append(target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=None)
    parser.add_argument("--baseline", default=DEFAULT_BASELINE, help="the revision to compare with")
    parser.add_argument("--baseline-dir", default=None, help="an existing checkout of the baseline (no worktree)")
    parser.add_argument("--pairs", type=int, default=5, help="measured (baseline, current) pairs")
    parser.add_argument("--repo", default=None, help="only the corpus folders whose name contains this (quick runs)")
    parser.add_argument("--write-doc", action="store_true")
    args = parser.parse_args()
    corpus = corpus_dir(args.corpus)
    if corpus is None:
        print("benchmark skipped: notebook corpus not found (see scripts/fetch_notebook_corpus.sh)", file=sys.stderr)
        raise SystemExit(0)
    files = [str(full) for repo, _, full in iter_notebooks(corpus) if not args.repo or args.repo in repo]
    made: list[Path] = []
    try:
        text = run(args, corpus, files, made)
    finally:
        for path in made:
            subprocess.run(["git", "-C", str(REPO_ROOT), "worktree", "remove", "--force", str(path)], check=False)
    print(text)
    if args.write_doc:
        replace_doc_section(DOC, SECTION, f"Run on {time.strftime('%Y-%m-%d')}:\n\n{text}")


def run(args: argparse.Namespace, corpus: Path, files: list[str], made: list[Path]) -> str:
    old_root = baseline_checkout(args.baseline, args.baseline_dir, made)
    old_rev = subprocess.run(
        ["git", "-C", str(old_root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    sides = {"baseline": old_root, "current": REPO_ROOT}
    workdir = tempfile.mkdtemp(prefix="privguard-scan-cwd-")
    for name, root in sides.items():
        where = package_of(root, workdir)
        if not where.startswith(str(root)):
            raise SystemExit(f"{name}: jupyter_privguard imports from {where}, not from {root}")
    load_before = _load()
    for root in sides.values():  # warm-up: the corpus into the page cache, not measured
        scan_once(root, files, workdir)
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in sides}
    reports: dict[str, list[dict[str, Any]]] = {name: [] for name in sides}
    codes: dict[str, set[int]] = {name: set() for name in sides}
    loads = []
    for _ in range(args.pairs):
        loads.append(os.getloadavg()[0])
        for name, root in sides.items():
            wall, cpu, report, code = scan_once(root, files, workdir)
            runs[name].append((wall, cpu))
            reports[name].append(report)
            codes[name].add(code)
    load_after = _load()

    rows: list[list[Any]] = []
    for i in range(args.pairs):
        (ow, oc), (nw, nc) = runs["baseline"][i], runs["current"][i]
        rows.append([i + 1, ow, nw, nw / ow, oc, nc, nc / oc, loads[i]])
    med = {name: (statistics.median(w for w, _ in r), statistics.median(c for _, c in r)) for name, r in runs.items()}
    cpu_ratios = [r[6] for r in rows]
    wall_ratios = [r[3] for r in rows]
    rows.append(
        [
            "**median**",
            med["baseline"][0],
            med["current"][0],
            statistics.median(wall_ratios),
            med["baseline"][1],
            med["current"][1],
            statistics.median(cpu_ratios),
            statistics.median(loads),
        ]
    )
    table = format_table(
        [
            "pair",
            "baseline wall s",
            "current wall s",
            "wall ratio",
            "baseline CPU s",
            "current CPU s",
            "CPU ratio",
            "load (1 min)",
        ],
        rows,
    )
    n = len(files)
    lines = [
        f"`privguard scan --no-progress --jobs 1 --format json` of {n} notebooks ({corpus}), a new process per "
        f"run, baseline `{old_rev}` (main when issue 16 was filed) against this checkout, in pairs (baseline "
        f"first), after one unmeasured warm-up run of each. CPU = the child's user + system time "
        f"(`RUSAGE_CHILDREN`); ratio = current / baseline within the pair.",
        "",
        table,
        "",
        f"Median CPU per notebook: baseline {med['baseline'][1] * 1000 / n:.1f} ms, current "
        f"{med['current'][1] * 1000 / n:.1f} ms. CPU ratio over the pairs: min {min(cpu_ratios):.3f}, "
        f"max {max(cpu_ratios):.3f}; the current code used less CPU in {sum(r < 1 for r in cpu_ratios)} of "
        f"{len(cpu_ratios)} pairs. Load average (1, 5, 15 min) before: {load_before}; after: {load_after} "
        "(2 cores shared with other jobs).",
        "",
    ]
    found_rows = []
    for name in sides:
        s = summary(reports[name][0])
        same = all(fingerprint(r) == fingerprint(reports[name][0]) for r in reports[name][1:])
        found_rows.append(
            [
                name,
                s["files"],
                s["flagged"],
                s["rows"],
                s["places"],
                s["hits"],
                s["errors"],
                "yes" if same else "NO",
                "/".join(str(c) for c in sorted(codes[name])),
            ]
        )
    lines.append(
        format_table(
            [
                "code",
                "files",
                "flagged",
                "report rows",
                "places",
                "values (counts)",
                "unreadable",
                "every run the same",
                "exit",
            ],
            found_rows,
        )
    )
    lines.append("")
    for name in sides:
        s = summary(reports[name][0])
        lines.append(
            f"- {name}: by entity "
            + ", ".join(f"{k} {v}" for k, v in s["entities"].most_common())
            + "; by detector "
            + ", ".join(f"{k} {v}" for k, v in s["detectors"].most_common())
            + (
                "; by context " + ", ".join(f"{k} {v}" for k, v in s["contexts"].most_common())
                if "-" not in s["contexts"]
                else ""
            )
        )
    lines.append("")
    lines.append(
        "`places` = distinct (notebook, cell, output, entity, column); `values (counts)` = the sum of the rows' "
        "counts. The baseline reports a table's HTML and text/plain copies as two rows; the current code one."
    )
    lines.append("")
    lines.append(format_info(machine_info(["pandas", "pyarrow", "nbformat"])))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
