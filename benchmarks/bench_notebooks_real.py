"""Benchmark: ``privguard scan`` and ``clean`` on real public notebooks nobody here wrote.

Reads a corpus folder (``--corpus``, else ``$PRIVGUARD_NOTEBOOK_CORPUS``, else ``/work/corpus16``:
one folder per repository, ``owner+repo/...``, with a ``COMMITS`` file; see
``scripts/fetch_notebook_corpus.sh`` for how it was assembled). When it is absent the benchmark
says so and exits 0. It never fetches anything.

What it measures, with the code behind ``privguard scan`` / ``clean`` (NER off, the default):

* **precision**: every value a scan reports at one place (repository, notebook, cell, output, MIME
  type, entity, salted hash of the text) is a *unit*; ``benchmarks/labels/notebooks_real_corpus16.csv``
  says whether it is personal data. Precision is projected by stratum (repository x entity x
  detector) from the units that were read one by one (``method=read``);
* **false-alarm-only notebooks**: flagged notebooks all of whose units are labelled false (all
  labels, ``read`` and ``rule``), as a share of the notebooks scanned;
* **clean at rest**: a clean of every notebook (in memory) must leave a valid notebook (nbformat),
  every picture (PNG/JPEG/GIF base64, SVG, ``data:image`` URIs, SVG drawing data in HTML) byte for
  byte, and the non-text fields of JSON bundles unchanged;
* **recall**: copies of real notebooks with generated people inserted (``_seeded_notebooks.py``):
  a value counts when the scan reports it *and* it is gone, in every form, after ``clean``;
* **speed**: the whole corpus through the CLI's own runner (``check_files``), each notebook in
  process, and one notebook as a hook (``python -m jupyter_privguard scan FILE`` and the
  pre-commit entry ``privguard scan --no-progress FILE``, new processes);
* **baseline**: Presidio's ``AnalyzerEngine`` on the same texts of a sample of notebooks
  (precision where its spans meet labelled units, recall on seeded notebooks, speed).

    .venv/bin/python benchmarks/bench_notebooks_real.py --jobs 1
    .venv/bin/python benchmarks/bench_notebooks_real.py --presidio 0 --seeded 8     # quicker
    .venv/bin/python benchmarks/bench_notebooks_real.py --write-doc
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import REPO_ROOT, format_info, format_table, machine_info, replace_doc_section, timed
from _real_corpus import (
    Span,
    check_against_findings,
    corpus_dir,
    is_executed,
    iter_notebooks,
    json_bundle_changes,
    json_bundles,
    picture_changes,
    pictures,
    spans_of,
    value_key,
)
from _real_report import corpus_table, ms, pct, recall_table

DOC = REPO_ROOT / "docs" / "notebooks-at-rest.md"
LABELS = REPO_ROOT / "benchmarks" / "labels" / "notebooks_real_corpus16.csv"
SECTION = "bench-notebooks-real"

Key = tuple[str, str, Any, Any, str, str, str]  # repo, notebook, cell, output, mime, entity, value key


# ---------------------------------------------------------------------------------------------
# labels
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Label:
    true: bool
    reason: str
    method: str  # "read" (read one by one) | "rule" (same strata, labelled by the reading's rules)


def load_labels(path: Path) -> dict[Key, Label]:
    out: dict[Key, Label] = {}
    if not path.exists():
        return out
    with path.open(newline="") as fh:
        for row in csv.DictReader(fh):
            key: Key = (
                row["repo"],
                row["notebook"],
                int(row["cell"]) if row["cell"] != "" else None,
                int(row["output"]) if row["output"] != "" else None,
                row["mime"],
                row["entity"],
                row["value_key"],
            )
            out[key] = Label(row["label"] == "true", row["reason"], row["method"])
    return out


def unit_key(repo: str, notebook: str, s: Span) -> Key:
    return (repo, notebook, s.cell, s.output, s.mime, s.entity, value_key(s.text))


def stratum(repo: str, s: Span) -> tuple[str, str]:
    kind = "table" if s.detector == "table" else s.detector.split(":", 1)[-1]
    return repo, f"{s.entity}/{kind}"


# ---------------------------------------------------------------------------------------------
# the corpus pass: scan, spans, clean, per notebook
# ---------------------------------------------------------------------------------------------
@dataclass
class NotebookResult:
    repo: str
    notebook: str
    path: str
    size: int
    status: str  # "ok" | "empty" | "invalid-json" | "error"
    executed: bool = False
    error: str = ""
    findings: int = 0
    units: dict[Key, tuple[str, str]] = field(default_factory=dict)  # key -> (stratum, reason)
    scan_seconds: float = 0.0
    clean_seconds: float = 0.0
    changed: bool = False
    valid_before: bool = True
    valid_after: bool = True
    pictures: int = 0
    pictures_changed: int = 0
    json_changed: int = 0
    json_bundles: int = 0
    disagree: int = 0


def _valid(text: str) -> bool:
    import warnings

    import nbformat

    warnings.filterwarnings("ignore", module="nbformat")  # missing cell ids: valid today, said for the future
    try:
        nb = nbformat.reads(text, as_version=nbformat.NO_CONVERT)
        nbformat.validate(nb)
    except Exception:  # any failure to read or validate is "not valid"
        return False
    return True


def run_corpus(corpus: Path, options: Any) -> list[NotebookResult]:
    from jupyter_privguard.notebooks import clean_text, scan_notebook

    results = []
    for repo, rel, full in iter_notebooks(corpus):
        raw = full.read_bytes()
        r = NotebookResult(repo, rel, str(full), len(raw), "ok")
        results.append(r)
        if not raw.strip():
            r.status = "empty"  # a blob the snapshot did not hold
            continue
        try:
            text = raw.decode("utf-8")
            nb = json.loads(text)
        except (UnicodeDecodeError, json.JSONDecodeError):
            r.status = "invalid-json"
            continue
        r.executed = is_executed(nb)
        try:
            with timed() as t:
                found = scan_notebook(nb, options, path=str(full))
            r.scan_seconds = t.seconds
            spans = spans_of(nb, options)
        except Exception as exc:  # the CLI reports such a file and goes on: so does the benchmark
            r.status, r.error = "error", type(exc).__name__ + ": " + str(exc).split(";")[0][:80]
            continue
        r.findings = len(found)
        r.disagree = check_against_findings(spans, found)
        for s in spans:
            r.units[unit_key(repo, rel, s)] = ("|".join(stratum(repo, s)), s.detector)
        with timed() as t:
            new, outcome = clean_text(text, options, path=str(full))
        r.clean_seconds = t.seconds
        r.changed = outcome.changed
        r.valid_before = _valid(text)
        r.pictures = len(pictures(nb))
        r.json_bundles = json_bundles(nb)
        if outcome.changed:
            after = json.loads(new)
            r.valid_after = _valid(new)
            r.pictures_changed = len(picture_changes(nb, after))
            r.json_changed = len(json_bundle_changes(nb, after))
        else:
            r.valid_after = r.valid_before
    return results


def cli_timing(paths: list[str], options: Any, jobs: int) -> tuple[float, float]:
    """Wall and CPU seconds of the whole corpus through the CLI's runner (``check_files``)."""
    import resource

    from jupyter_privguard.integrations.cli.scan import _Task, check_files

    tasks = [_Task(p, "scan", options) for p in paths]
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu0 = time.process_time() + usage.ru_utime + usage.ru_stime
    with timed() as t:
        check_files(tasks, jobs=jobs)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return t.seconds, time.process_time() + usage.ru_utime + usage.ru_stime - cpu0


def hook_timing(path: str, repeat: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU seconds of one notebook checked by a new process, as a hook runs it
    (on a shared machine the CPU time is the steadier of the two)."""
    import resource

    bin_dir = Path(sys.executable).parent
    entry = bin_dir / "privguard"
    commands = {
        "python -m jupyter_privguard scan": [sys.executable, "-m", "jupyter_privguard", "scan", "--no-progress"]
    }
    if entry.exists():
        commands["pre-commit entry (privguard scan --no-progress)"] = [str(entry), "scan", "--no-progress"]
    out = {}
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    for name, cmd in commands.items():
        walls, cpus = [], []
        for _ in range(repeat):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            with timed() as t:
                subprocess.run(cmd + [path], capture_output=True, env=env, timeout=120, check=False)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            walls.append(t.seconds)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        out[name] = (statistics.median(walls), statistics.median(cpus))
    return out


# ---------------------------------------------------------------------------------------------
# scores
# ---------------------------------------------------------------------------------------------
#: reasons counted true by default but false in the strict reading (see docs/notebooks-at-rest.md)
STRICT_FALSE = frozenset({"author", "role-address", "toy-email", "public-figure"})


def precision(
    units: dict[Key, str], labels: dict[Key, Label], *, strict: bool = False
) -> tuple[float | None, int, int]:
    """Precision projected by stratum from the read labels; (precision, labelled units, unlabelled).

    ``strict``: authors' own contacts, role addresses, toy e-mails and public figures count as false.
    """
    by: dict[str, list[Key]] = defaultdict(list)
    for key, st in units.items():
        by[st].append(key)
    num = den = 0.0
    labelled = unlabelled = 0
    for keys in by.values():
        read = [labels[k] for k in keys if k in labels and labels[k].method == "read"]
        known = read or [labels[k] for k in keys if k in labels]  # a stratum no one read: its rule labels
        labelled += len(read)
        unlabelled += sum(1 for k in keys if k not in labels)
        if known:
            num += (
                len(keys) * sum(lab.true and not (strict and lab.reason in STRICT_FALSE) for lab in known) / len(known)
            )
            den += len(keys)
    return (num / den if den else None), labelled, unlabelled


def false_alarm_only(r: NotebookResult, labels: dict[Key, Label]) -> bool | None:
    """Whether a flagged notebook holds only false alarms (``None``: not flagged, or unlabelled units)."""
    if not r.units:
        return None
    got = [labels.get(k) for k in r.units]
    if any(g is None for g in got):
        return None
    return not any(g.true for g in got if g is not None)


def seeded_recall(corpus: Path, results: list[NotebookResult], options: Any, count: int) -> dict[str, Any]:
    """Recall on copies of real notebooks with generated people inserted (see ``_seeded_notebooks``)."""
    import html as html_mod

    from _seeded_notebooks import People, control, iter_hosts, present, seed_notebook

    from jupyter_privguard.notebooks import clean_text

    candidates = []
    for r in results:
        if r.status == "ok" and r.executed and r.size < 1_500_000:
            candidates.append((r.repo, r.notebook, r.path))
    hosts = list(iter_hosts([(a, b, {"path": c}) for a, b, c in candidates], count, seed=16))
    people = People(seed=16)
    rows: list[dict[str, Any]] = []
    seeded_docs: list[tuple[str, dict[str, Any], list[Any]]] = []
    for repo, _, meta in hosts:
        host = json.loads(Path(meta["path"]).read_text(encoding="utf-8"))
        nb, seeds = seed_notebook(host, people)
        control(seeds, nb)  # every value is there before the scan, or the run stops
        spans = spans_of(nb, options)
        new, _ = clean_text(json.dumps(nb, indent=1, ensure_ascii=False), options)
        gone = [not p for p in present(seeds, json.loads(new))]
        by_leaf: dict[tuple[Any, ...], list[Span]] = defaultdict(list)
        for s in spans:
            by_leaf[s.path].append(s)
        for seed, absent in zip(seeds, gone):
            found = _reported(nb, seed, by_leaf, html_mod.escape)
            rows.append({"repo": repo, "shape": seed.shape, "field": seed.field, "found": found, "absent": absent})
        seeded_docs.append((repo, nb, seeds))
    return {"rows": rows, "docs": seeded_docs, "hosts": len(hosts)}


def _leaves(value: Any, path: tuple[Any, ...]) -> list[tuple[tuple[Any, ...], str]]:
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, list):
        return [(path + (k,), v) for k, v in enumerate(value) if isinstance(v, str)]
    return []


def seeded_leaves(nb: dict[str, Any], cell: int) -> list[tuple[tuple[Any, ...], str]]:
    """The text leaves of a seeded cell's outputs, with their JSON paths (as the plan names them)."""
    out = []
    for j, o in enumerate(nb["cells"][cell].get("outputs", [])):
        base: tuple[Any, ...] = ("cells", cell, "outputs", j)
        if o.get("output_type") == "stream":
            out += _leaves(o.get("text"), base + ("text",))
        for mime, v in (o.get("data") or {}).items():
            out += _leaves(v, base + ("data", mime))
    return out


def _reported(nb: dict[str, Any], seed: Any, by_leaf: dict[tuple[Any, ...], list[Span]], escape: Any) -> bool:
    """Whether a span of the scan covers an occurrence of the seeded value in its cell."""
    forms = {seed.value, escape(seed.value), json.dumps(seed.value)[1:-1]}
    for path, text in seeded_leaves(nb, seed.cell):
        for form in forms:
            at = text.find(form)
            while at >= 0:
                if any(s.start < at + len(form) and at < s.end for s in by_leaf.get(path, ())):
                    return True
                at = text.find(form, at + 1)
    return False


# ---------------------------------------------------------------------------------------------
# the baseline
# ---------------------------------------------------------------------------------------------
PRESIDIO_SKIP = {"DATE_TIME", "URL", "LOCATION", "NRP"}  # what the policy keeps or the scan does not report


def run_presidio(
    results: list[NotebookResult], count: int, labels: dict[Key, Label], seeded: list[Any], seeded_count: int
) -> dict[str, Any]:
    from _common import presidio_analyzer

    from jupyter_privguard.notebooks import NotebookOptions, _plan
    from jupyter_privguard.notebooks.legacy import upgraded
    from jupyter_privguard.policy import Policy

    engine = presidio_analyzer(score_threshold=0.5)
    engine.analyze("warm up jane@example.com", language="en")
    options = NotebookOptions(policy=Policy(ner="off"), tables=False)
    by_repo: dict[str, list[NotebookResult]] = defaultdict(list)
    for r in results:
        if r.status == "ok" and r.executed and r.size < 400_000:
            by_repo[r.repo].append(r)
    sample: list[NotebookResult] = []
    while len(sample) < count and any(by_repo.values()):
        for repo in sorted(by_repo):
            if by_repo[repo] and len(sample) < count:
                sample.append(by_repo[repo].pop(0 if len(sample) % 2 else -1))
    hits: Counter[str] = Counter()
    units: dict[Key, str] = {}
    contexts: dict[Key, str] = {}  # in memory only: for --export-unlabelled
    flagged = 0
    with timed() as t:
        for r in sample:
            nb = upgraded(json.loads(Path(r.path).read_text(encoding="utf-8")))  # nbformat 3 as 4
            any_hit = False
            for unit in _plan(nb, options).units:
                for res in engine.analyze(unit.text, language="en"):
                    if res.entity_type in PRESIDIO_SKIP:
                        continue
                    any_hit = True
                    hits[res.entity_type] += 1
                    value = unit.text[res.start : res.end]
                    key: Key = (
                        r.repo,
                        r.notebook,
                        unit.cell,
                        unit.output,
                        unit.mime,
                        res.entity_type,
                        value_key(value),
                    )
                    units[key] = f"{r.repo}|{res.entity_type}/presidio"
                    ctx = (
                        unit.text[max(0, res.start - 50) : res.start]
                        + "[["
                        + value
                        + "]]"
                        + unit.text[res.end : res.end + 40]
                    )
                    contexts[key] = ctx.replace("\n", "\\n")
            flagged += any_hit
    seconds = t.seconds
    found = total = 0
    for _, nb, seeds in seeded[:seeded_count]:
        leaves = {}
        for seed in seeds:
            if seed.cell not in leaves:
                leaves[seed.cell] = [
                    (text, [x for x in engine.analyze(text, language="en") if x.entity_type not in PRESIDIO_SKIP])
                    for _, text in seeded_leaves(nb, seed.cell)
                ]
            total += 1
            found += any(
                any(x.start < at + len(seed.value) and at < x.end for x in res)
                for text, res in leaves[seed.cell]
                for at in _occurrences(text, seed.value)
            )
    return {
        "notebooks": len(sample),
        "mb": sum(r.size for r in sample) / 1e6,
        "seconds": seconds,
        "hits": hits,
        "units": units,
        "contexts": contexts,
        "flagged": flagged,
        "recall": (found / total) if total else None,
        "seeded_values": total,
        "sample": sample,
    }


def _occurrences(text: str, value: str) -> list[int]:
    out, at = [], text.find(value)
    while at >= 0:
        out.append(at)
        at = text.find(value, at + 1)
    return out


# ---------------------------------------------------------------------------------------------
# the report
# ---------------------------------------------------------------------------------------------
def report(args: argparse.Namespace, corpus: Path) -> str:
    from jupyter_privguard.notebooks import NotebookOptions
    from jupyter_privguard.policy import Policy

    options = NotebookOptions(policy=Policy.load(ner="off"))
    labels = load_labels(Path(args.labels))
    load_before = " ".join(f"{x:.1f}" for x in os.getloadavg())
    with timed() as whole:
        results = run_corpus(corpus, options)
    paths = [r.path for r in results if r.status == "ok"]
    cli_wall, cli_cpu = cli_timing(paths, options, args.jobs)
    sizes = sorted((r.size, r.path) for r in results if r.status == "ok" and r.executed)
    hook_file = sizes[len(sizes) // 2][1] if sizes else None
    hook = hook_timing(hook_file, args.hook_repeat) if hook_file and args.hook_repeat else {}
    seeded = (
        seeded_recall(corpus, results, options, args.seeded) if args.seeded else {"rows": [], "docs": [], "hosts": 0}
    )
    presidio = (
        run_presidio(results, args.presidio, labels, seeded["docs"], args.presidio_seeded) if args.presidio else None
    )

    # -- per repository ------------------------------------------------------------------------
    recall_by: dict[str, list[bool]] = defaultdict(list)
    for row in seeded["rows"]:
        recall_by[row["repo"]].append(row["found"] and row["absent"])
    rows: list[list[Any]] = []
    total_units: dict[Key, str] = {}
    causes: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    only_causes: Counter[str] = Counter()
    fa_only_total = 0
    for repo in sorted({r.repo for r in results}):
        mine = [r for r in results if r.repo == repo]
        ok = [r for r in mine if r.status == "ok"]
        units = {k: st for r in ok for k, (st, _) in r.units.items()}
        total_units.update(units)
        p, _, _ = precision(units, labels)
        flagged = [r for r in ok if r.findings]
        fa_only = [r for r in flagged if false_alarm_only(r, labels)]
        fa_only_total += len(fa_only)
        for r in fa_only:
            only_causes.update({labels[k].reason for k in r.units})
        for k in units:
            if k in labels:
                (kinds if labels[k].true else causes)[labels[k].reason] += 1
        rec = recall_by.get(repo, [])
        rows.append(
            [
                repo,
                len(ok),
                sum(r.executed for r in ok),
                sum(r.findings for r in ok),
                len(units),
                len(flagged),
                len(fa_only),
                len(fa_only) / len(ok) if ok else None,
                p,
                (sum(rec) / len(rec)) if rec else None,
                sum(r.scan_seconds for r in ok),
            ]
        )
    ok_all = [r for r in results if r.status == "ok"]
    p_all, n_read, n_unlabelled = precision(total_units, labels)
    p_strict, _, _ = precision(total_units, labels, strict=True)
    rec_all = [row["found"] and row["absent"] for row in seeded["rows"]]
    rows.append(
        [
            "**total**",
            len(ok_all),
            sum(r.executed for r in ok_all),
            sum(r.findings for r in ok_all),
            len(total_units),
            sum(1 for r in ok_all if r.findings),
            fa_only_total,
            fa_only_total / len(ok_all) if ok_all else None,
            p_all,
            (sum(rec_all) / len(rec_all)) if rec_all else None,
            sum(r.scan_seconds for r in ok_all),
        ]
    )
    table = format_table(
        [
            "repository",
            "notebooks",
            "executed",
            "findings",
            "values",
            "flagged",
            "false-alarm only",
            "share",
            "precision",
            "recall (seeded)",
            "scan s",
        ],
        rows,
    )
    all_known = [labels[k] for k in total_units if k in labels]
    direct = sum(x.true for x in all_known) / len(all_known) if all_known else None
    per_nb = sorted(r.scan_seconds for r in ok_all)
    status = Counter(r.status for r in results)
    errors = Counter(r.error.split(":")[0] + ": " + r.error.split(":", 1)[-1][:60] for r in results if r.error)
    invalid_after = [r for r in ok_all if r.valid_before and not r.valid_after]
    pics = sum(r.pictures for r in ok_all)
    pics_changed = sum(r.pictures_changed for r in ok_all)
    json_changed = sum(r.json_changed for r in ok_all)
    lines = [table, ""]
    lines.append(
        f"Files: {len(results)} `.ipynb` files seen by the CLI's walk (hidden folders skipped); "
        f"{status['ok']} scanned, {status['error']} reported as unreadable by the scan "
        f"({'; '.join(f'{v} x {k}' for k, v in errors.most_common())}), {status['empty']} empty (blobs the "
        f"snapshot did not hold), {status['invalid-json']} not JSON. `notebooks` = scanned, `executed` = "
        "with at least one output, `findings` = rows of `privguard scan`, `values` = distinct (place, "
        "entity, value) units, `share` = false-alarm-only notebooks / notebooks scanned."
    )
    lines.append("")
    lines.append(
        f"Precision {pct(p_all)}, strict reading {pct(p_strict)} (projected by stratum from {n_read} units read one by one; over all "
        f"{len(all_known)} labelled units, read and rule: {pct(direct)}; {n_unlabelled} units have no label"
        + (" yet: label them, see the page" if n_unlabelled else "")
        + f"). False-alarm-only notebooks: {fa_only_total} of {len(ok_all)} scanned "
        f"({pct(fa_only_total / len(ok_all) if ok_all else None)}), of {sum(1 for r in ok_all if r.findings)} flagged."
    )
    lines.append("")
    lines.append(
        "False alarms by cause (labelled units): "
        + ", ".join(f"{k} {v}" for k, v in causes.most_common())
        + ". Causes in false-alarm-only notebooks (notebooks per cause): "
        + ", ".join(f"{k} {v}" for k, v in only_causes.most_common())
        + ". Personal data by kind (labelled units): "
        + ", ".join(f"{k} {v}" for k, v in kinds.most_common())
        + "."
    )
    lines.append("")
    lines.append(
        f"Clean: {sum(r.changed for r in ok_all)} notebooks rewritten; {len(invalid_after)} valid notebooks left "
        f"invalid (nbformat); {pics_changed} of {pics} pictures changed (in "
        f"{sum(1 for r in ok_all if r.pictures_changed)} notebooks); {json_changed} of {sum(r.json_bundles for r in ok_all)} JSON bundles "
        f"(outputs and widget state) with a changed non-text field (in {sum(1 for r in ok_all if r.json_changed)} notebooks); "
        f"{sum(r.disagree for r in ok_all)} findings the span walk did not reproduce."
    )
    lines.append("")
    lines.append(recall_table(seeded))
    lines.append("")
    lines.append(
        f"Speed: the corpus through the CLI's runner (`check_files`, {args.jobs} job(s)): {cli_wall:.1f} s wall, "
        f"{cli_cpu:.1f} s CPU, {cli_cpu * 1000 / max(1, len(paths)):.0f} ms CPU per notebook; in process, "
        f"scan per notebook median {ms(per_nb, 0.5)}, p95 {ms(per_nb, 0.95)}, max {ms(per_nb, 1.0)}; "
        f"clean of all {sum(r.clean_seconds for r in ok_all):.1f} s; the whole benchmark pass {whole.seconds:.0f} s."
        + (
            " One notebook as a hook (new process, median of "
            f"{args.hook_repeat}, a median-size executed notebook of "
            f"{Path(hook_file).stat().st_size / 1e3:.0f} kB): "
            + "; ".join(f"{k} {w:.2f} s wall, {c:.2f} s CPU" for k, (w, c) in hook.items())
            + "."
            if hook and hook_file
            else ""
        )
    )
    lines.append("")
    if presidio:
        pp, p_read, p_unlabelled = precision(presidio["units"], labels)
        total_hits = sum(presidio["hits"].values())
        per = presidio["seconds"] / max(1, presidio["notebooks"])
        lines.append(
            f"Presidio `AnalyzerEngine` (en_core_web_sm, score >= 0.5, one `analyze()` per text leaf, "
            f"{', '.join(sorted(PRESIDIO_SKIP))} left out as the scan does): {presidio['notebooks']} notebooks "
            f"({presidio['mb']:.1f} MB, round-robin over the repositories, under 400 kB each) in "
            f"{presidio['seconds']:.0f} s ({per:.1f} s a notebook; about "
            f"{per * len(ok_all) / 60:.0f} min for the corpus on one core); it flagged {presidio['flagged']} of "
            f"them with {total_hits} results ("
            + ", ".join(f"{k} {v}" for k, v in presidio["hits"].most_common(8))
            + f"); {len(presidio['units'])} distinct (place, entity, value) units, precision {pct(pp)} (projected by "
            f"stratum from {p_read} units read one by one; {p_unlabelled} without a label); recall on "
            f"{presidio['seeded_values']} seeded values of "
            f"{min(args.presidio_seeded, len(seeded['docs']))} seeded notebooks (reported, no clean): "
            f"{pct(presidio['recall'])}."
        )
        lines.append("")
    lines.append(
        f"Load average (1, 5, 15 min) before: {load_before}; after: "
        + " ".join(f"{x:.1f}" for x in os.getloadavg())
        + ". Corpus: "
        + str(corpus)
        + "\n"
    )
    lines.append(corpus_table(corpus, results))
    lines.append("")
    lines.append(format_info(machine_info(["pandas", "nbformat", "presidio-analyzer", "spacy", "faker", "mimesis"])))
    if args.export_unlabelled:
        _export_unlabelled(Path(args.export_unlabelled), corpus, results, labels, options, presidio)
    return "\n".join(lines)


def _export_unlabelled(
    target: Path,
    corpus: Path,
    results: list[NotebookResult],
    labels: dict[Key, Label],
    options: Any,
    presidio: dict[str, Any] | None,
) -> None:
    """Write the units that have no label, with their context, to a file outside the repository
    (it holds values: it is for the person labelling them, never for a commit)."""
    if REPO_ROOT in target.resolve().parents:
        raise SystemExit("refusing to write values inside the repository: give a path outside it")
    with target.open("w", newline="") as fh:
        w = csv.writer(fh, delimiter="\t")
        w.writerow(["repo", "notebook", "cell", "output", "mime", "entity", "value_key", "detector", "context"])
        for r in results:
            if not any(k not in labels for k in r.units):
                continue
            nb = json.loads(Path(r.path).read_text(encoding="utf-8"))
            for s in spans_of(nb, options):
                key = unit_key(r.repo, r.notebook, s)
                if key not in labels:
                    ctx = (s.before[-50:] + "[[" + s.text + "]]" + s.after[:40]).replace("\n", "\\n")
                    w.writerow([*key, s.detector, ctx])
        for key, ctx in (presidio or {}).get("contexts", {}).items():
            if key not in labels:
                w.writerow([*key, "presidio", ctx])
    print(f"unlabelled units written to {target}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--corpus", default=None, help="the corpus folder (default: $PRIVGUARD_NOTEBOOK_CORPUS or /work/corpus16)"
    )
    parser.add_argument("--jobs", type=int, default=1, help="processes for the CLI-runner timing")
    parser.add_argument("--labels", default=str(LABELS))
    parser.add_argument("--seeded", type=int, default=36, help="seeded copies of corpus notebooks (0: no recall)")
    parser.add_argument("--presidio", type=int, default=24, help="notebooks in Presidio's sample (0: skip)")
    parser.add_argument("--presidio-seeded", type=int, default=12, help="seeded notebooks Presidio reads for recall")
    parser.add_argument("--hook-repeat", type=int, default=5)
    parser.add_argument(
        "--export-unlabelled", default=None, help="write unlabelled units with context here (outside the repo)"
    )
    parser.add_argument("--write-doc", action="store_true")
    args = parser.parse_args()
    corpus = corpus_dir(args.corpus)
    if corpus is None:
        where = args.corpus or os.environ.get("PRIVGUARD_NOTEBOOK_CORPUS") or "/work/corpus16"
        print(
            f"benchmark skipped: notebook corpus not found at {where}. Build it with "
            "scripts/fetch_notebook_corpus.sh (needs network) or set PRIVGUARD_NOTEBOOK_CORPUS.",
            file=sys.stderr,
        )
        raise SystemExit(0)
    text = report(args, corpus)
    print(text)
    if args.write_doc:
        replace_doc_section(DOC, SECTION, f"Run on {time.strftime('%Y-%m-%d')}:\n\n{text}")


if __name__ == "__main__":
    main()
