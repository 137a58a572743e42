"""Synthetic, near-unique people records for the Spark benchmark, built with vectorised numpy and Arrow code.

Row ``i`` depends only on the seed and ``i`` (rows are drawn in fixed chunks of :data:`CHUNK`, each from its own
random generator), so a 200,000-row folder is the first rows of the 10,000,000-row one and a seeded row can be
found again without a second copy of the data. Every value has a valid format: US phone numbers that
``phonenumbers`` accepts, 16-digit card numbers with a Luhn check digit, ISO birth dates, 5-digit postal codes;
``note`` is free text holding another name and an e-mail address.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

CHUNK = 250_000
VERSION = 1  # bump when a column changes, so a stale folder is rebuilt

# common US given names and surnames (census frequency lists), written out here so the benchmark does not take
# its names from the package's own gazetteer
FIRST = (
    "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph "
    "Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Betty Mark Margaret Steven Sandra Paul "
    "Ashley Andrew Kimberly Joshua Emily Kenneth Donna Kevin Michelle"
).split()
LAST = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson "
    "Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis "
    "Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores"
).split()
AREA_CODES = [201, 202, 206, 212, 213, 303, 305, 312, 404, 415, 503, 512, 602, 612, 617, 702, 713, 808, 917, 919]
DOMAINS = ["example.com", "mail.test", "corp.example.org", "inbox.test"]
SEEDED_POSITIONS = (0, 1, 4_242, CHUNK - 1)  # positions inside a chunk whose raw values the checks look for
CHECKED = ("name", "email", "phone", "card", "birth_date", "zip")


def luhn_check_digits(payload: np.ndarray) -> np.ndarray:
    """The Luhn check digit of each row of ``payload`` (an ``n x width`` array of digits 0-9)."""
    doubled = payload[:, ::-1].astype(np.int16)
    doubled[:, 0::2] *= 2  # the digit next to the check digit is doubled, then every second one
    doubled[doubled > 9] -= 9
    return ((10 - doubled.sum(axis=1) % 10) % 10).astype(np.int8)


def luhn_valid(number: str) -> bool:
    """Whether a string of digits passes the Luhn check (used by the generator's test)."""
    digits = [int(c) for c in reversed(number)]
    total = sum(d if i % 2 == 0 else (2 * d - 9 if d > 4 else 2 * d) for i, d in enumerate(digits))
    return total % 10 == 0


def _digit_strings(digits: np.ndarray) -> pa.Array:
    width = digits.shape[1]
    ascii_bytes = np.ascontiguousarray((digits + ord("0")).astype(np.uint8))
    return pa.array(ascii_bytes.view(f"S{width}").ravel()).cast(pa.string())


def _pick(rng: np.random.Generator, values: Sequence[str], n: int) -> pa.Array:
    return pa.array(values).take(pa.array(rng.integers(0, len(values), n)))


def _text(values: Any) -> pa.Array:
    return pc.cast(pa.array(values), pa.string())


@functools.lru_cache(maxsize=2)  # Arrow tables are immutable; the last two chunks are reused by the seeded checks
def chunk(index: int, seed: int = 7) -> pa.Table:
    """Rows ``index * CHUNK`` to ``(index + 1) * CHUNK - 1``."""
    n = CHUNK
    rng = np.random.default_rng([seed, index])
    ids = np.arange(index * CHUNK, (index + 1) * CHUNK, dtype=np.int64)
    first, last = _pick(rng, FIRST, n), _pick(rng, LAST, n)
    domain = _pick(rng, DOMAINS, n)
    # the row number makes every e-mail address unique
    email = pc.binary_join_element_wise(pc.utf8_lower(first), ".", pc.utf8_lower(last), _text(ids), "@", domain, "")
    area = _text(np.asarray(AREA_CODES)[rng.integers(0, len(AREA_CODES), n)])
    exchange = _text(rng.integers(200, 1000, n))  # NXX: a US exchange never starts with 0 or 1
    line = pc.utf8_lpad(_text(rng.integers(0, 10_000, n)), 4, "0")
    phone = pc.binary_join_element_wise("(", area, ") ", exchange, "-", line, "")
    payload = rng.integers(0, 10, size=(n, 15), dtype=np.int8)
    payload[:, 0] = 4  # a Visa prefix
    card = _digit_strings(np.concatenate([payload, luhn_check_digits(payload)[:, None]], axis=1))
    lo, hi = np.datetime64("1940-01-01").astype(np.int64), np.datetime64("2005-12-31").astype(np.int64)
    birth = pa.array(rng.integers(lo, hi, n).astype("datetime64[D]")).cast(pa.string())
    postal = pc.utf8_lpad(_text(rng.integers(1_001, 99_951, n)), 5, "0")
    gender = pa.array(np.asarray(["F", "M"])[rng.integers(0, 2, n)])
    other_first, other_last = _pick(rng, FIRST, n), _pick(rng, LAST, n)
    other_email = pc.binary_join_element_wise(
        pc.utf8_lower(other_first), "_", pc.utf8_lower(other_last), _text(ids), "@example.net", ""
    )
    note = pc.binary_join_element_wise(
        "Spoke with ", other_first, " ", other_last, " about the order; follow up at ", other_email, ".", ""
    )
    amount = pa.array(np.round(rng.uniform(1, 500, n), 2))
    return pa.table(
        {
            "person_id": ids,
            "name": pc.binary_join_element_wise(first, last, " "),
            "email": email,
            "phone": phone,
            "card": card,
            "birth_date": birth,
            "zip": postal,
            "gender": gender,
            "note": note,
            "amount": amount,
        }
    )


def people(rows: int, seed: int = 7) -> pa.Table:
    """The first ``rows`` rows, in memory (for tests and small runs)."""
    parts = [chunk(i, seed) for i in range(-(-rows // CHUNK))]
    return pa.concat_tables(parts).slice(0, rows) if parts else chunk(0, seed).slice(0, 0)


def write_folder(root: Path, rows: int, seed: int = 7) -> tuple[Path, bool]:
    """Write ``rows`` rows as Parquet part files (one per chunk) under ``root``, or reuse them.

    Returns the folder and whether it was written now. A folder is reused when its ``_privguard.json`` names the
    same rows, seed, chunk size and generator version.
    """
    folder = root / f"people-{rows}-seed{seed}"
    meta = {"rows": rows, "seed": seed, "chunk": CHUNK, "version": VERSION}
    stamp = folder / "_privguard.json"
    if stamp.exists() and json.loads(stamp.read_text()) == meta:
        return folder, False
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("part-*.parquet"):
        old.unlink()
    for i in range(-(-rows // CHUNK)):
        table = chunk(i, seed).slice(0, rows - i * CHUNK)
        pq.write_table(table, folder / f"part-{i:05d}.parquet")
    stamp.write_text(json.dumps(meta))
    return folder, True


def part_files(folder: Path, rows: int) -> list[str]:
    """The part files that hold the first ``rows`` rows (whole chunks; ``rows`` is rounded up to one)."""
    files = sorted(folder.glob("part-*.parquet"))
    return [str(f) for f in files[: max(1, -(-rows // CHUNK))]]


def seeded_values(rows: int, seed: int = 7) -> list[str]:
    """Raw values of a few rows of the first and last chunk, which no protected output may contain."""
    values: list[str] = []
    for index in sorted({0, (rows - 1) // CHUNK}):
        table = chunk(index, seed)
        for pos in SEEDED_POSITIONS:
            if index * CHUNK + pos >= rows:
                continue
            row = table.slice(pos, 1).to_pylist()[0]
            values.extend(str(row[c]) for c in CHECKED)
            # the note's name and address
            note = str(row["note"])
            values.append(note.split("Spoke with ", 1)[1].split(" about", 1)[0])
            values.append(note.rsplit(" ", 1)[1].rstrip("."))
    return sorted(set(values))
