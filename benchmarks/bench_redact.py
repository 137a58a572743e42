"""Full ``redact()`` on near-unique personal data, against presidio-structured, in one run.

Builds an ``N x 8`` frame whose personal values are almost all distinct (names from Faker's name lists of
several locales combined with a middle initial, e-mails carrying the row number, US phones, SSNs, Luhn-valid
cards, public IPv4 addresses, street addresses, German IBANs with valid check digits) with vectorised numpy and
Arrow code, classifies it once (not timed), then times, per action in ``--actions``:

* the vectorised path (``redact()`` as shipped); then, in a second run, its peak memory: tracemalloc's peak (Python
  objects and numpy) plus the peak of Arrow's allocations (a proxy memory pool), as a ratio to the frame's own deep
  size (``memory_usage(deep=True).sum()``);
* the per-value reference path (``jupyter_privguard.vectorised.per_value()``), on ``--reference-rows`` rows, scaled;
* presidio-structured's ``StructuredEngine.anonymize`` on ``--presidio-rows`` rows, scaled linearly to ``N`` (it
  loops over cells in Python): with ``replace`` (the issue's baseline), and with its nearest operator to the action
  (``mask``, salted ``hash``).

Every run checks the output for the raw values of a few seeded rows (no loss of protection), and a control run
shows those values are in the input at all. Run: ``python benchmarks/bench_redact.py --rows 200000``.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import format_info, format_table, keep_tldextract_offline, machine_info

PII = ["name", "email", "phone", "ssn", "card", "ip", "street", "iban"]
LOCALES = ["en_US", "de_DE", "fr_FR", "es_ES", "it_IT", "pt_BR", "nl_NL", "pl_PL"]


def _pool(attr: str, size: int, seed: int) -> list[str]:
    from faker import Faker

    values: set[str] = set()
    for locale in LOCALES:
        fake = Faker(locale)
        fake.seed_instance(seed)
        for _ in range(size // len(LOCALES)):
            values.add(str(getattr(fake, attr)()))
    return sorted(values)


def _text(values: Any) -> pa.Array:
    return pc.cast(pa.array(values), pa.string())


def _digits(rng: np.random.Generator, n: int, width: int) -> np.ndarray:
    return rng.integers(0, 10, size=(n, width), dtype=np.int8)


def _digit_text(digits: np.ndarray) -> pa.Array:
    width = digits.shape[1]
    raw = np.ascontiguousarray((digits + ord("0")).astype(np.uint8))
    return pa.array(raw.view(f"S{width}").ravel()).cast(pa.string())


def _luhn(payload: np.ndarray) -> np.ndarray:
    doubled = payload[:, ::-1].astype(np.int16)
    doubled[:, 0::2] *= 2
    doubled[doubled > 9] -= 9
    return ((10 - doubled.sum(axis=1) % 10) % 10).astype(np.int8)


def _iban_de(rng: np.random.Generator, n: int) -> pa.Array:
    bban = _digits(rng, n, 18)
    # ISO 7064 mod 97-10 over the BBAN followed by "DE00" as digits (D=13, E=14)
    tail = np.tile(np.array([1, 3, 1, 4, 0, 0], dtype=np.int8), (n, 1))
    remainder = np.zeros(n, dtype=np.int64)
    for column in np.concatenate([bban, tail], axis=1).T:
        remainder = (remainder * 10 + column) % 97
    check = 98 - remainder
    check_digits = np.stack([check // 10, check % 10], axis=1).astype(np.int8)
    return pc.binary_join_element_wise("DE", _digit_text(check_digits), _digit_text(bban), "")


def build_frame(n: int, seed: int = 5) -> pd.DataFrame:
    """``n`` rows x 8 personal columns, almost every value distinct; ``str`` dtype (pandas 3's default)."""
    rng = np.random.default_rng(seed)
    first, last = pa.array(_pool("first_name", 4000, seed)), pa.array(_pool("last_name", 4000, seed))
    streets = pa.array(_pool("street_name", 4000, seed))
    domains = pa.array(["example.com", "mail.test", "corp.example.org", "inbox.test"])
    ids = np.arange(n)
    f = first.take(pa.array(rng.integers(0, len(first), n)))
    la = last.take(pa.array(rng.integers(0, len(last), n)))
    initial = pa.array(np.asarray(list("ABCDEFGHJKLMNPRSTVW"))[rng.integers(0, 19, n)])
    name = pc.binary_join_element_wise(f, pc.binary_join_element_wise(initial, ".", ""), la, " ")
    email = pc.binary_join_element_wise(
        pc.utf8_lower(f), ".", pc.utf8_lower(la), _text(ids), "@", domains.take(pa.array(rng.integers(0, 4, n))), ""
    )
    phone = pc.binary_join_element_wise(
        "(",
        _text(rng.integers(201, 990, n)),
        ") ",
        _text(rng.integers(200, 1000, n)),
        "-",
        pc.utf8_lpad(_text(rng.integers(0, 10_000, n)), 4, "0"),
        "",
    )
    ssn = pc.binary_join_element_wise(
        pc.utf8_lpad(_text(rng.integers(1, 666, n)), 3, "0"),
        pc.utf8_lpad(_text(rng.integers(1, 100, n)), 2, "0"),
        pc.utf8_lpad(_text(rng.integers(1, 10_000, n)), 4, "0"),
        "-",
    )
    payload = _digits(rng, n, 15)
    payload[:, 0] = 4
    card = _digit_text(np.concatenate([payload, _luhn(payload)[:, None]], axis=1))
    ip = pc.binary_join_element_wise(
        _text(rng.integers(11, 224, n)),
        _text(rng.integers(0, 256, n)),
        _text(rng.integers(0, 256, n)),
        _text(rng.integers(1, 255, n)),
        ".",
    )
    street = pc.binary_join_element_wise(
        _text(rng.integers(1, 9999, n)), streets.take(pa.array(rng.integers(0, len(streets), n))), " "
    )
    columns = {"name": name, "email": email, "phone": phone, "ssn": ssn, "card": card, "ip": ip, "street": street}
    columns["iban"] = _iban_de(rng, n)
    return pd.DataFrame({k: pd.Series(v, dtype="str") for k, v in columns.items()})


# presidio-anonymizer's nearest operator to each action (it has no pseudonym or date operator)
PRESIDIO_OPERATOR = {
    "redact": ("replace", {}),
    "drop": ("replace", {}),
    "generalize": ("replace", {}),
    "mask": ("mask", {"masking_char": "*", "chars_to_mask": 12, "from_end": False}),
    "hash": ("hash", {"hash_type": "sha256", "salt": "benchmark-salt-0123456789"}),
    "pseudonymize": ("hash", {"hash_type": "sha256", "salt": "benchmark-salt-0123456789"}),
}


def presidio_seconds(frame: pd.DataFrame, mapping: dict[str, str], operator: str = "replace", **params: Any) -> float:
    keep_tldextract_offline()
    from presidio_anonymizer.entities import OperatorConfig
    from presidio_structured import StructuredEngine
    from presidio_structured.config import StructuredAnalysis

    engine = StructuredEngine()
    analysis = StructuredAnalysis(entity_mapping=mapping)
    config = {"DEFAULT": OperatorConfig(operator, params)}
    engine.anonymize(frame.head(200).astype(object).copy(), analysis, operators=config)  # warm up, not timed
    data = frame.astype(object).copy()
    started = time.perf_counter()
    engine.anonymize(data, analysis, operators=config)
    return time.perf_counter() - started


def _timed(call: Any) -> tuple[float, Any]:
    gc.collect()
    started = time.perf_counter()
    out = call()
    return time.perf_counter() - started, out


def _peak(call: Any) -> tuple[int, int]:
    """Peak memory of a second run: tracemalloc (Python and numpy) and Arrow's allocations (its own pool)."""
    pool = pa.proxy_memory_pool(pa.default_memory_pool())
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pool)
    gc.collect()
    tracemalloc.start()
    try:
        out = call()
        _, traced = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        pa.set_memory_pool(previous)
    del out
    return traced, pool.max_memory()


def _leaks(out: pd.DataFrame, seeded: list[str]) -> int:
    cells = set()
    for position in range(out.shape[1]):
        cells.update(str(v) for v in out.iloc[[0, 1, len(out) // 2, len(out) - 1], position].tolist())
    return sum(1 for value in seeded if value in cells)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--presidio-rows", type=int, default=20_000)
    parser.add_argument("--reference-rows", type=int, default=50_000)
    parser.add_argument("--actions", default="redact,mask,hash,pseudonymize,drop")
    args = parser.parse_args()

    import jupyter_privguard as pg
    from jupyter_privguard.scanner import scan
    from jupyter_privguard.vectorised import per_value

    print(f"building a {args.rows:,} x 8 near-unique frame ...", file=sys.stderr)
    frame = build_frame(args.rows)
    deep = int(frame.memory_usage(deep=True).sum())
    distinct = min(frame[c].nunique() for c in PII) / len(frame)
    base = pg.Policy(ner="off", key="benchmark-key")
    report = scan(frame, policy=base)
    entities = {c: report.columns[c].entity for c in PII}
    seed_rows = [0, 1, len(frame) // 2, len(frame) - 1]
    seeded = sorted({str(v) for c in PII for v in frame[c].iloc[seed_rows].tolist()})
    control = _leaks(frame, seeded)

    mapping = {c: entities[c] or "PERSON" for c in PII}
    head = frame.head(args.presidio_rows)
    scale = len(frame) / args.presidio_rows
    presidio: dict[str, float] = {}  # by presidio operator, scaled to the frame
    rows = []
    for action in args.actions.split(","):
        policy = pg.Policy(ner="off", key="benchmark-key", actions={e: action for e in set(entities.values()) if e})
        t_fast, out = _timed(lambda policy=policy: pg.redact(frame, report=report, policy=policy))
        leaks = _leaks(out, seeded)
        del out
        traced, arrow = _peak(lambda policy=policy: pg.redact(frame, report=report, policy=policy))
        small = frame.head(args.reference_rows)
        started = time.perf_counter()
        with per_value():
            pg.redact(small, report=report, policy=policy)
        t_ref = (time.perf_counter() - started) * len(frame) / len(small)
        name, params = PRESIDIO_OPERATOR[action]
        if name not in presidio:
            presidio[name] = presidio_seconds(head, mapping, name, **params) * scale
        if "replace" not in presidio:
            presidio["replace"] = presidio_seconds(head, mapping, "replace") * scale
        rows.append(
            [
                action,
                t_fast * 1000,
                t_ref * 1000,
                f"{t_ref / t_fast:.1f}x",
                f"{presidio['replace'] / t_fast:.0f}x",
                f"{presidio[name] / t_fast:.0f}x ({name})",
                f"{traced / 2**20:.0f} + {arrow / 2**20:.0f} MiB = {(traced + arrow) / deep:.2f}x",
                f"{leaks} of {len(seeded)}",
            ]
        )
    table = format_table(
        [
            "action",
            "redact() ms",
            "per-value ms (scaled)",
            "vs per-value",
            "vs presidio replace",
            "vs presidio, same kind",
            "peak (traced + Arrow) / frame",
            "seeded values in output",
        ],
        rows,
        align="lrrrrrll",
    )
    info = machine_info(["pandas", "pyarrow", "presidio-structured"])
    info["frame"] = (
        f"{len(frame):,} x 8, deep size {deep / 2**20:.0f} MiB, least-distinct column {distinct:.1%} distinct; "
        f"seeded raw values in the input (control): {control} of {len(seeded)}"
    )
    info["entities"] = ", ".join(f"{c}={e}" for c, e in entities.items())
    info["presidio-structured"] += (
        " "
        + ", ".join(f"{name} {seconds * 1000:,.0f} ms" for name, seconds in presidio.items())
        + f" (StructuredEngine.anonymize timed on {args.presidio_rows:,} rows, scaled x{scale:.0f})"
    )
    info["per-value"] = f"the reference path (vectorised.per_value()), timed on {args.reference_rows:,} rows, scaled"
    print(table)
    print()
    print(format_info(info))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
