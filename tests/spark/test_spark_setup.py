"""The Spark benchmark's data generator and table, without Spark and without timing anything."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

people_module: Any = pytest.importorskip("_people")
bench: Any = pytest.importorskip("bench_spark")


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    table = people_module.people(3_000)
    assert table.num_rows == 3_000
    return table.to_pylist()  # type: ignore[no-any-return]


def test_the_values_have_valid_formats(rows: list[dict[str, Any]]) -> None:
    phonenumbers = pytest.importorskip("phonenumbers")
    for row in rows[:500]:
        assert re.fullmatch(r"[a-z]+\.[a-z]+\d+@[a-z.]+", row["email"]), row["person_id"]
        assert re.fullmatch(r"4\d{15}", row["card"]) and people_module.luhn_valid(row["card"]), row["person_id"]
        assert phonenumbers.is_valid_number(phonenumbers.parse(row["phone"], "US")), row["person_id"]
        assert re.fullmatch(r"(19[4-9]\d|200[0-5])-\d\d-\d\d", row["birth_date"]), row["person_id"]
        assert re.fullmatch(r"\d{5}", row["zip"]) and row["gender"] in ("F", "M")
        assert "@example.net" in row["note"] and row["note"].startswith("Spoke with ")


def test_the_records_are_near_unique_and_depend_only_on_the_seed_and_the_row(rows: list[dict[str, Any]]) -> None:
    assert len({r["email"] for r in rows}) == len(rows)
    assert len({r["card"] for r in rows}) == len(rows)
    assert len({(r["zip"], r["birth_date"], r["gender"]) for r in rows}) > 0.99 * len(rows)
    again = people_module.people(10).to_pylist()
    assert again == rows[:10]  # a small folder is the first rows of a large one
    assert people_module.people(10, seed=8).to_pylist() != again


def test_the_seeded_values_are_raw_values_of_the_data(rows: list[dict[str, Any]]) -> None:
    values = people_module.seeded_values(3_000)
    first = rows[0]
    assert {first["email"], first["card"], first["phone"]} <= set(values)
    assert all(v in values for v in (rows[1]["name"], rows[1]["zip"]))
    assert bench.leaks_in_text(f"no leak {first['card'][:-1]}", values) == 0
    assert bench.leaks_in_text(f"a leak {first['email']}", values) == 1
    table = people_module.people(3).drop_columns(["person_id"])
    assert bench.leaks_in_arrow(table, values) == len(values)  # 3,000 rows: only rows 0 and 1 are seeded
    assert (
        bench.leaks_in_arrow(table.set_column(0, "name", table.column("amount").cast("string")), [first["name"]]) == 0
    )


def test_the_table_prints_unavailable_calls_and_rates() -> None:
    done = bench.Row("`redact(pdf)`", 1_000_000, seconds=2.0, cores=1, rss_mib=512.4, compared="baseline", leaks=0)
    missing = bench.Row("`redact(sdf)`", 1_000_000)
    bench.measure(missing, lambda: (_ for _ in ()).throw(TypeError("expected a pandas or polars DataFrame")))
    text = bench.render([done, missing])
    lines = text.splitlines()
    assert lines[0].startswith("| what") and len(lines) == 4
    assert "500000" in lines[2] and "512" in lines[2] and "| 0" in lines[2]
    assert "not available (TypeError: expected a pandas or polars DataFrame)" in lines[3]
