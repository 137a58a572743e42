"""Benchmark: scanning notebooks at rest (``privguard scan``) against Presidio on the same outputs.

Generates N notebooks of about 1 MB each (the recipe is below and in docs/notebooks-at-rest.md),
scans them all with the code behind ``privguard scan`` (a process pool, ``--jobs``), then runs
Presidio's ``AnalyzerEngine`` over the same output texts of a subset, in the same run, and prints a
table (``--write-doc`` also puts it into docs/notebooks-at-rest.md).

    .venv/bin/python benchmarks/bench_notebooks.py                      # 1,000 notebooks, 2 jobs
    .venv/bin/python benchmarks/bench_notebooks.py -n 200 --presidio 2  # quicker
    .venv/bin/python benchmarks/bench_notebooks.py --write-doc

Two sets are scanned by default (``--pool 0,2000``): one where every row shows a new person, so
no memo of the scan ever sees a value twice, and one where all notebooks draw from the same
2,000 people, as a repository of notebooks on one data set does.

Recipe of one generated notebook (seeded by its number; invented people: names from Faker's
en_US lists, e-mail handles and cities made from them, phone numbers "(AAA) 555-NNNN"):

* 32 code cells and 4 markdown cells;
* 4 matplotlib-like figures: ``image/png`` of about 160 kB each (random bytes, base64) with a
  ``text/plain`` twin (``<Figure size 640x480 with 1 Axes>``);
* 8 DataFrame displays of 30 rows (name, email, phone, city, signup date, amount, score) as pandas
  writes them: ``text/html`` (``df.to_html()``) and ``text/plain``;
* 12 stream outputs of a training log, 200 lines each (epoch, step, loss, accuracy, learning rate,
  timestamps), one of them with a ``print`` of a customer record (email and phone);
* 2 ``application/json`` outputs (records with emails) and 1 error with an ANSI-coloured traceback
  that names an email address;
* pretty-printed as Jupyter does (indent 1, sorted keys). About 1.0 MB: 0.64 MB of images (base64) and 0.38 MB of text and markup.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import (
    REPO_ROOT,
    format_info,
    format_table,
    machine_info,
    presidio_analyzer,
    replace_doc_section,
    timed,
)

DOC = REPO_ROOT / "docs" / "notebooks-at-rest.md"


# ---------------------------------------------------------------------------------------------
# the generated notebooks
# ---------------------------------------------------------------------------------------------
def _person_maker(seed: int) -> Callable[[], dict[str, str]]:
    """Invented people, quickly: names from Faker's en_US lists (690 first x 1,000 last names)."""
    from faker.providers.address.en_US import Provider as Address
    from faker.providers.person.en_US import Provider as Person

    rnd = random.Random(seed)
    firsts, lasts = sorted(Person.first_names), sorted(Person.last_names)
    prefixes, suffixes = list(Address.city_prefixes), list(Address.city_suffixes)
    domains = ("example.com", "example.org", "example.net")

    def person() -> dict[str, str]:
        first, last = rnd.choice(firsts), rnd.choice(lasts)
        city = rnd.choice(
            (
                f"{rnd.choice(prefixes)} {rnd.choice(firsts)}",
                f"{rnd.choice(lasts)}{rnd.choice(suffixes)}",
                f"{rnd.choice(prefixes)} {rnd.choice(lasts)}{rnd.choice(suffixes)}",
            )
        )
        handle = rnd.choice((f"{first}.{last}", f"{first[0]}{last}", f"{last}{first[:2]}")).lower()
        return {
            "name": f"{first} {last}",
            "email": f"{handle}{rnd.randint(1, 9999)}@{rnd.choice(domains)}",
            "phone": f"({rnd.randint(201, 989)}) 555-{rnd.randint(1000, 9999)}",
            "city": city,
            "signup": f"20{rnd.randint(22, 26)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
            "amount": f"{rnd.uniform(5, 900):.2f}",
            "score": f"{rnd.random():.4f}",
        }

    return person


def _people(n: int, seed: int = 5) -> list[dict[str, str]]:
    make = _person_maker(seed)
    return [make() for _ in range(n)]


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _frame_outputs(rows: list[dict[str, str]], start: int) -> dict[str, list[str]]:
    cols = list(rows[0])
    html = (
        [
            "<div>\n",
            '<table border="1" class="dataframe">\n',
            "  <thead>\n",
            '    <tr style="text-align: right;">\n',
            "      <th></th>\n",
        ]
        + [f"      <th>{c}</th>\n" for c in cols]
        + ["    </tr>\n", "  </thead>\n", "  <tbody>\n"]
    )
    text = ["    " + "  ".join(c.rjust(12) for c in cols) + "\n"]
    for k, row in enumerate(rows):
        html += (
            ["    <tr>\n", f"      <th>{start + k}</th>\n"]
            + [f"      <td>{row[c]}</td>\n" for c in cols]
            + ["    </tr>\n"]
        )
        text.append(f"{start + k:<6}" + "  ".join(row[c].rjust(12) for c in cols) + "\n")
    html += ["  </tbody>\n", "</table>\n", f"<p>{len(rows)} rows × {len(cols)} columns</p>\n", "</div>"]
    return {"text/html": html, "text/plain": text}


def make_notebook(seed: int, pool: list[dict[str, str]] | None) -> str:
    """One generated notebook (JSON text, about 1 MB); ``pool=None``: a new person for every row."""
    rnd = random.Random(seed)
    fresh = _person_maker(10_000 + seed) if pool is None else None

    def someone() -> dict[str, str]:
        return fresh() if fresh is not None else pool[rnd.randrange(len(pool))]  # type: ignore[index]

    cells: list[dict] = []
    n = 0

    def code(source: str, outputs: list[dict]) -> None:
        nonlocal n
        n += 1
        for out in outputs:
            if out["output_type"] == "execute_result":
                out["execution_count"] = n
        cells.append(
            {
                "cell_type": "code",
                "execution_count": n,
                "id": f"c{n:03d}",
                "metadata": {},
                "outputs": outputs,
                "source": _lines(source),
            }
        )

    for block in range(4):
        cells.append(
            {
                "cell_type": "markdown",
                "id": f"m{block}",
                "metadata": {},
                "source": [f"## Part {block + 1}\n", "Customer analysis, cohort metrics and model training.\n"],
            }
        )
        for _ in range(2):
            start = rnd.randrange(10_000)
            rows = [someone() for _ in range(30)]
            code(
                "customers.sample(30)",
                [{"output_type": "execute_result", "metadata": {}, "data": _frame_outputs(rows, start)}],
            )
        for k in range(3):
            lines = []
            t = rnd.random()
            for step in range(200):
                t += rnd.random()
                lines.append(
                    f"2024-03-{rnd.randint(1, 28):02d} 12:{rnd.randint(0, 59):02d}:{rnd.randint(0, 59):02d} "
                    f"epoch {block + 1} step {step * 50:>5} loss {rnd.uniform(0.1, 2.5):.4f} "
                    f"acc {rnd.uniform(0.5, 0.99):.4f} lr {rnd.uniform(1e-5, 1e-3):.2e} "
                    f"elapsed {t:8.2f}s\n"
                )
            if k == 1:
                who = someone()
                lines.insert(60, f"retrying record for {who['email']} (tel {who['phone']})\n")
            code("trainer.fit()", [{"output_type": "stream", "name": "stdout", "text": lines}])
        png = base64.b64encode(rnd.randbytes(120_000)).decode()
        code(
            "plt.plot(history)",
            [
                {
                    "output_type": "display_data",
                    "metadata": {},
                    "data": {"image/png": png, "text/plain": ["<Figure size 640x480 with 1 Axes>"]},
                }
            ],
        )
    for _ in range(2):
        records = [
            {"id": rnd.randrange(10**6), "email": p["email"], "value": float(p["amount"])}
            for p in (someone() for _ in range(30))
        ]
        code(
            "show_json(records)",
            [
                {
                    "output_type": "display_data",
                    "metadata": {},
                    "data": {"application/json": {"records": records}, "text/plain": ["<records>"]},
                }
            ],
        )
    who = someone()
    code(
        "send(row)",
        [
            {
                "output_type": "error",
                "ename": "SMTPRecipientsRefused",
                "evalue": f"{{'{who['email']}': (550, b'unknown user')}}",
                "traceback": [
                    "\x1b[0;31m---------------------------------------------------------------\x1b[0m",
                    f"\x1b[0;31mSMTPRecipientsRefused\x1b[0m: {{'{who['email']}': (550, b'unknown')}}",
                ],
            }
        ],
    )
    nb = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def generate(folder: Path, count: int, pool_size: int = 0) -> tuple[list[str], int, int]:
    """Write ``count`` notebooks; returns the paths, total bytes and image bytes.

    ``pool_size`` people shared by all notebooks (as a repository of notebooks on one data set
    shows the same rows again and again), or 0: a new person for every row, nothing repeats.
    """
    pool = _people(pool_size) if pool_size else None
    paths, total, images = [], 0, 0
    for k in range(count):
        text = make_notebook(k, pool)
        path = folder / f"nb{k:04d}.ipynb"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
        total += len(text.encode())
        images += (
            sum(
                len(o["data"]["image/png"])
                for c in json.loads(text)["cells"]
                for o in c.get("outputs", [])
                if "image/png" in o.get("data", {})
            )
            if k == 0
            else 0
        )
    return paths, total, images * count


# ---------------------------------------------------------------------------------------------
# the two systems
# ---------------------------------------------------------------------------------------------
def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_privguard(paths: list[str], jobs: int, tables: bool) -> tuple[float, float, int, dict[str, int]]:
    from jupyter_privguard.integrations.cli.scan import _Task, check_files
    from jupyter_privguard.notebooks import NotebookOptions
    from jupyter_privguard.policy import Policy

    options = NotebookOptions(policy=Policy.load(ner="off"), tables=tables)
    tasks = [_Task(p, "scan", options) for p in paths]
    # CPU seconds of the worker processes (counted once the pool has joined them): on a shared
    # machine the wall time says how busy the neighbours were, the CPU time what the scan cost
    cpu0 = _children_cpu()
    with timed() as t:
        results = check_files(tasks, jobs=jobs)
    cpu = _children_cpu() - cpu0
    errors = [r for r in results if r.error]
    if errors:
        raise SystemExit(f"{len(errors)} notebooks failed: {errors[0].error}")
    hits: dict[str, int] = {}
    for r in results:
        for f in r.findings:
            hits[f.entity] = hits.get(f.entity, 0) + f.count
    return t.seconds, cpu, sum(len(r.findings) for r in results), hits


def run_presidio(paths: list[str]) -> tuple[float, float, int, dict[str, int]]:
    """Presidio's AnalyzerEngine over every text leaf of the outputs (one call per leaf, as a scan would)."""
    from jupyter_privguard.notebooks import NotebookOptions, _plan
    from jupyter_privguard.policy import Policy

    with timed() as start:
        engine = presidio_analyzer(score_threshold=0.5)
        engine.analyze("warm up with jane@example.com", language="en")
    options = NotebookOptions(policy=Policy(ner="off"), tables=False)
    hits: dict[str, int] = {}
    n_calls = 0
    with timed() as t:
        for path in paths:
            plan = _plan(json.loads(Path(path).read_text(encoding="utf-8")), options)
            for unit in plan.units:
                n_calls += 1
                for r in engine.analyze(unit.text, language="en"):
                    hits[r.entity_type] = hits.get(r.entity_type, 0) + 1
    return t.seconds, start.seconds, n_calls, hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--notebooks", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--presidio", type=int, default=3, help="notebooks in Presidio's subset (0: skip)")
    parser.add_argument("--patterns-only", action="store_true", help="also time the run without the table tier")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the default scan per set (the median is shown)")
    parser.add_argument(
        "--pool",
        default="0,2000",
        help="people per run, comma-separated: 0 = a new person on every row, N = N people shared "
        "by all notebooks (default: both)",
    )
    parser.add_argument("--keep", default=None, help="generate into this folder and keep it")
    parser.add_argument("--write-doc", action="store_true")
    args = parser.parse_args()

    load_before = " ".join(f"{x:.1f}" for x in os.getloadavg())
    pools = [int(x) for x in args.pool.split(",")]
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="privguard-bench-"))
    rows: list[list[object]] = []
    presidio_note = ""
    hits: dict[str, int] = {}
    spread: list[str] = []
    try:
        for pool in pools:
            folder = base / f"pool{pool}"
            folder.mkdir(parents=True, exist_ok=True)
            with timed() as gen:
                paths, total, images = generate(folder, args.notebooks, pool)
            mb = total / 1e6
            people = f"a pool of {pool:,} people" if pool else "a new person on every row"
            print(
                f"generated {len(paths)} notebooks, {mb:.0f} MB ({images / total:.0%} images), {people}, "
                f"in {gen.seconds:.1f} s",
                file=sys.stderr,
            )
            runs = [run_privguard(paths, args.jobs, tables=True) for _ in range(args.repeat)]
            seconds, cpu, n_findings, found = sorted(runs, key=lambda r: r[0])[len(runs) // 2]  # the median run
            hits = hits or found
            rows.append(
                [
                    f"privguard scan, {people} ({args.jobs} jobs)",
                    len(paths),
                    round(mb),
                    seconds,
                    cpu,
                    cpu * 1000 / len(paths),
                    cpu / len(paths) * 1000 / args.jobs,
                    n_findings,
                ]
            )
            if len(runs) > 1:
                spread.append(
                    f"{people}: wall {', '.join(f'{r[0]:.1f}' for r in runs)} s; CPU "
                    f"{', '.join(f'{r[1]:.1f}' for r in runs)} s"
                )
            if args.patterns_only:
                s2, c2, f2, _ = run_privguard(paths, args.jobs, tables=False)
                rows.append(
                    [
                        f"privguard scan --no-tables, {people} ({args.jobs} jobs)",
                        len(paths),
                        round(mb),
                        s2,
                        c2,
                        c2 * 1000 / len(paths),
                        c2 / len(paths) * 1000 / args.jobs,
                        f2,
                    ]
                )
            if args.presidio and pool == pools[0]:
                subset = paths[: args.presidio]
                sub_mb = sum(Path(p).stat().st_size for p in subset) / 1e6
                p_cpu0 = time.process_time()
                p_seconds, p_start, calls, p_hits = run_presidio(subset)
                projected = p_seconds / len(subset) * len(paths)
                p_cpu = time.process_time() - p_cpu0
                rows.append(
                    [
                        "Presidio AnalyzerEngine (1 process), subset",
                        len(subset),
                        round(sub_mb, 1),
                        p_seconds,
                        p_cpu,
                        p_cpu * 1000 / len(subset),
                        p_cpu / len(subset) * 1000 / args.jobs,
                        sum(p_hits.values()),
                    ]
                )
                presidio_note = (
                    f"Presidio: {calls} analyze() calls on the subset's text leaves, engine start "
                    f"{p_start:.1f} s (not counted); projected for {len(paths)} notebooks on one core: "
                    f"{projected / 60:.0f} min ({projected / args.jobs / 60:.0f} min if split over "
                    f"{args.jobs} cores). Entities it returned at score >= 0.5: "
                    + ", ".join(f"{k} {v}" for k, v in sorted(p_hits.items(), key=lambda kv: -kv[1])[:8])
                )
            if not args.keep:
                shutil.rmtree(folder, ignore_errors=True)
        table = format_table(
            [
                "system",
                "notebooks",
                "MB",
                "wall s",
                "CPU s",
                "CPU ms/notebook",
                f"1,000 notebooks on {args.jobs} idle cores (s)",
                "findings",
            ],
            rows,
        )
        found_text = ", ".join(f"{k} {v}" for k, v in sorted(hits.items(), key=lambda kv: -kv[1]))
        text = (
            f"{table}\n\nprivguard hits in the first run (spans redacted by `clean`): {found_text}\n\n"
            + (
                f"The table tier's rows are the median of {args.repeat} runs; all runs: " + "; ".join(spread) + "\n\n"
                if spread
                else ""
            )
            + (presidio_note + "\n\n" if presidio_note else "")
            + f"Load average (1, 5, 15 min) before the run: {load_before}; at its end: "
            + " ".join(f"{x:.1f}" for x in os.getloadavg())
            + " (2 cores, shared with other jobs)\n\n"
            + f"Run on {time.strftime('%Y-%m-%d')}:\n\n"
            + format_info(machine_info(["pandas", "pyarrow", "presidio-analyzer", "spacy"]))
            + "\n"
        )
        print(text)
        if args.write_doc:
            replace_doc_section(DOC, "bench-notebooks", text)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
