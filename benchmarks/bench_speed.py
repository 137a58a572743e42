"""Speed and memory of the core, with presidio-structured measured in the same run.

Prints one table:

1. classify every column of a 1,000,000 x 20 frame (NER model loaded beforehand, cache empty);
2. the display path: redact what pandas renders of that frame (head + tail), median of 50;
3. a full ``redact()`` of 1,000,000 rows x 8 PII columns, against presidio-structured's
   ``StructuredEngine.anonymize`` on a 20,000-row slice of the same columns, scaled linearly
   (it loops over cells in Python, so its time grows with the row count);
4. ``import jupyter_privguard`` in a fresh interpreter, median of 7;
5. peak memory (tracemalloc) of steps 1 and 3, and the process's maximum RSS.

The frame is built from 5,000 distinct synthetic rows (Faker, fixed seed) repeated to a million,
so it needs no outside data. Run: ``.venv/bin/python benchmarks/bench_speed.py [--write-docs]``.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO_ROOT, format_info, format_table, keep_tldextract_offline, machine_info

N_ROWS = 1_000_000
PII = ["name", "email", "phone", "ssn", "card", "ip", "street", "iban"]


def build_frame(n_rows: int = N_ROWS, distinct: int = 5_000, seed: int = 11) -> pd.DataFrame:
    from faker import Faker

    fake = Faker("en_US")
    Faker.seed(seed)
    rnd = random.Random(seed)
    base = pd.DataFrame(
        {
            "name": [fake.name() for _ in range(distinct)],
            "email": [fake.email() for _ in range(distinct)],
            "phone": [fake.numerify("(###) ###-####").replace("(0", "(4").replace("(1", "(5") for _ in range(distinct)],
            "ssn": [fake.ssn() for _ in range(distinct)],
            "card": [fake.credit_card_number(card_type="visa16") for _ in range(distinct)],
            "ip": [fake.ipv4_public() for _ in range(distinct)],
            "street": [fake.street_address() for _ in range(distinct)],
            "iban": [fake.iban() for _ in range(distinct)],
            "city": [fake.city() for _ in range(distinct)],
            "zip": [fake.zipcode() for _ in range(distinct)],
            "dob": [fake.date_of_birth().isoformat() for _ in range(distinct)],
            "gender": [rnd.choice(["Male", "Female"]) for _ in range(distinct)],
            "order_id": [f"ORD-{rnd.randrange(10**7, 10**8)}" for _ in range(distinct)],
            "created_at": [fake.date_time_between("-2y").isoformat(timespec="seconds") for _ in range(distinct)],
            "status": [rnd.choice(["open", "paid", "shipped", "returned"]) for _ in range(distinct)],
            "sku": [f"SKU-{rnd.randrange(10000, 99999)}" for _ in range(distinct)],
            "uuid": [fake.uuid4() for _ in range(distinct)],
            "comment": [
                rnd.choice(["fast delivery", "item damaged", "great value", "would buy again", ""])
                for _ in range(distinct)
            ],
        }
    )
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, distinct, n_rows)
    frame = base.iloc[idx].reset_index(drop=True)
    frame["price"] = rng.uniform(1, 500, n_rows).round(2)
    frame["quantity"] = rng.integers(1, 20, n_rows)
    for col in frame.columns:
        if frame[col].dtype == object:
            frame[col] = frame[col].astype("str")
    return frame


def rendered_rows(n_rows: int) -> list[int]:
    """The rows pandas shows for a long frame: min_rows split between head and tail."""
    max_rows = pd.get_option("display.max_rows")
    if n_rows <= max_rows:
        return list(range(n_rows))
    half = (pd.get_option("display.min_rows") or max_rows) // 2
    return list(range(half)) + list(range(n_rows - half, n_rows))


def import_time(repeats: int = 7) -> float:
    times = []
    for _ in range(repeats):
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                "import time; t=time.perf_counter(); import jupyter_privguard; print(time.perf_counter()-t)",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(float(out.stdout))
    return statistics.median(times)


def presidio_structured_anonymize(frame: pd.DataFrame, mapping: dict[str, str]) -> float:
    keep_tldextract_offline()
    from presidio_anonymizer.entities import OperatorConfig
    from presidio_structured import StructuredEngine
    from presidio_structured.config import StructuredAnalysis

    engine = StructuredEngine()
    analysis = StructuredAnalysis(entity_mapping=mapping)
    operators = {"DEFAULT": OperatorConfig("replace", {})}
    data = frame.astype(object).copy()
    started = time.perf_counter()
    engine.anonymize(data, analysis, operators=operators)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=N_ROWS)
    parser.add_argument("--presidio-rows", type=int, default=20_000)
    parser.add_argument("--write-docs", action="store_true", help="write the table into docs/benchmarks.md")
    args = parser.parse_args()

    import jupyter_privguard as pg
    from jupyter_privguard.detect.ner import NerEngine
    from jupyter_privguard.redaction import redact
    from jupyter_privguard.scanner import Scanner

    t_import = import_time()
    print(f"building a {args.rows:,} x 20 frame ...", file=sys.stderr)
    frame = build_frame(args.rows)
    policy = pg.Policy.load()
    engine = NerEngine.get(policy.ner_model, mode=policy.ner)  # load the model outside the timings
    if engine is not None:
        engine.analyze(["warm up with Jane Doe in Paris"])

    rows = []
    gc.collect()
    tracemalloc.start()
    scanner = Scanner()
    scanner.scan(frame.head(50), policy=policy)  # build the pattern registry and compile regexes
    scanner.clear_cache()
    started = time.perf_counter()
    report = scanner.scan(frame, policy=policy)
    t_classify = time.perf_counter() - started
    _, peak_classify = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    t_cached = min(timeit(lambda: scanner.scan(frame, policy=policy), 3))
    rows.append(
        [
            "classify 1M x 20 (model loaded, cold cache)",
            t_classify * 1000,
            "<= 1000",
            None,
            f"{len(report.pii_columns)} PII columns; peak {peak_classify / 2**20:.0f} MiB",
        ]
    )
    rows.append(["classify again (fingerprint cache)", t_cached * 1000, None, None, ""])

    shown = rendered_rows(len(frame))
    times = timeit(lambda: redact(frame, report=report, policy=policy, rows=shown), 50)
    rows.append(
        [
            f"display path: redact the {len(shown)} rendered rows (median of 50)",
            statistics.median(times) * 1000,
            "<= 50",
            None,
            f"p95 {np.percentile(times, 95) * 1000:.1f} ms",
        ]
    )

    pii_frame = frame[PII]
    pii_report = scanner.scan(pii_frame, policy=policy)
    gc.collect()
    tracemalloc.start()
    started = time.perf_counter()
    redact(pii_frame, report=pii_report, policy=policy)
    t_full = time.perf_counter() - started
    _, peak_full = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    mapping = {c: pii_report.columns[c].entity or "PERSON" for c in PII}
    t_slice = presidio_structured_anonymize(pii_frame.head(args.presidio_rows), mapping)
    t_presidio = t_slice * len(pii_frame) / args.presidio_rows
    rows.append(
        [
            f"full redact {len(pii_frame):,} x 8 PII columns",
            t_full * 1000,
            None,
            t_presidio * 1000,
            f"{t_presidio / t_full:.0f}x faster (target >= 50x); peak {peak_full / 2**20:.0f} MiB",
        ]
    )
    rows.append(["import jupyter_privguard (median of 7)", t_import * 1000, "<= 150", None, ""])
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(["process max RSS", None, None, None, f"{max_rss:.0f} MiB"])

    table = format_table(
        ["step", "jupyter-privguard ms", "target ms", "presidio-structured ms", "notes"], rows, align="lrrrl"
    )
    info = machine_info(["pandas", "pyarrow", "presidio-analyzer", "presidio-structured", "spacy"])
    info["NER model"] = report.ner_model or "none"
    info["presidio-structured"] += (
        f" (anonymize timed on {args.presidio_rows:,} rows, scaled x{len(pii_frame) / args.presidio_rows:.0f})"
    )
    print(table)
    print()
    print(format_info(info))
    if args.write_docs:
        from _common import replace_doc_section

        replace_doc_section(REPO_ROOT / "docs" / "benchmarks.md", "speed", table + "\n\n" + format_info(info))
    return 0


def timeit(fn, repeats: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


if __name__ == "__main__":
    sys.exit(main())
