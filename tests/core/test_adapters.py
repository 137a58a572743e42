"""Adapters turn every kind of column into strings for the detectors, or fail clearly."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from jupyter_privguard.adapters import display_names, frame_kind, iter_columns, sample_positions, to_strings
from jupyter_privguard.errors import UnsupportedDataError


def _one(series: pd.Series) -> tuple[list[str], str, int]:
    values, kind, missing = to_strings(series)
    return values.tolist(), kind, missing


@pytest.mark.parametrize(
    ("series", "expected", "kind", "missing"),
    [
        (pd.Series(["  a@b.co ", None, "x"]), ["a@b.co", "x"], "string", 1),
        (pd.Series([1.0, np.nan, 5545634085461876.0]), ["1", "5545634085461876"], "numeric", 1),
        (pd.Series([12, 34], dtype="Int64"), ["12", "34"], "numeric", 0),
        (pd.Series([1.5, np.inf]), ["1.5"], "numeric", 1),
        (pd.Series([True, False]), ["True", "False"], "bool", 0),
        (pd.Series(pd.Categorical(["m", "f", None])), ["m", "f"], "string", 1),
        (pd.Series([b"caf\xc3\xa9", b"\xff"]), ["café", "\ufffd"], "bytes", 0),
        (pd.Series([["a@b.co", "c@d.co"], {"k": {"n": "x@y.z"}}]), ["a@b.co c@d.co", "x@y.z"], "nested", 0),
        (pd.Series(["a", 1, 2.5, None, pd.NA]), ["a", "1", "2.5"], "mixed", 2),
        (pd.Series([pd.Timestamp("2020-01-02"), pd.NaT]), ["2020-01-02"], "datetime", 1),
        (pd.Series([dt.date(1980, 5, 17)]), ["1980-05-17"], "object", 0),
        (pd.Series([None, None]), [], "empty", 2),
        (pd.Series([], dtype=object), [], "empty", 0),
    ],
)
def test_to_strings_handles_every_dtype(series: pd.Series, expected: list[str], kind: str, missing: int) -> None:
    assert _one(series) == (expected, kind, missing)


def test_huge_strings_are_cut_for_classification() -> None:
    values, _, _ = to_strings(pd.Series(["x" * 1_000_000]))
    assert len(values.iloc[0]) == 2000


def test_display_names_are_unique_and_readable() -> None:
    assert display_names(["a", "a", 3, ("x", "y"), "a"]) == ["a", "a#2", "3", "x / y", "a#3"]


def test_sample_keeps_edges_and_is_deterministic() -> None:
    rows = sample_positions(1_000_000, 1000)
    assert rows == sample_positions(1_000_000, 1000)
    assert len(rows) == 1000 and rows[:10] == list(range(10)) and rows[-1] == 999_999
    assert sample_positions(5, 1000) == [0, 1, 2, 3, 4]


def test_iter_columns_keeps_row_positions_and_positions_of_duplicates() -> None:
    df = pd.DataFrame([[1, "a", None], [2, None, "z"]], columns=["k", "k", 7])
    cols = list(iter_columns(df))
    assert [c.name for c in cols] == ["k", "k#2", "7"]
    assert [c.position for c in cols] == [0, 1, 2]
    assert cols[1].sample.index.tolist() == [0] and cols[2].sample.index.tolist() == [1]


def test_multiindex_columns_and_series() -> None:
    df = pd.DataFrame({("contact", "email"): ["a@b.co"], ("contact", "phone"): ["555"]})
    assert [c.name for c in iter_columns(df)] == ["contact / email", "contact / phone"]
    assert [c.name for c in iter_columns(pd.Series(["x"]))] == ["value"]
    assert [c.name for c in iter_columns(pd.Series(["x"], name="email"))] == ["email"]


def test_mostly_missing_column_is_sampled_where_it_has_values() -> None:
    values = [None] * 100_000
    for i in range(0, 100_000, 997):
        values[i] = f"user{i}@example.com"
    col = next(iter_columns(pd.DataFrame({"email": values}), sample_size=100))
    assert len(col.sample) >= 90 and all(v.endswith("@example.com") for v in col.sample)


def test_fingerprint_changes_with_the_data() -> None:
    a = next(iter_columns(pd.DataFrame({"c": ["a", "b"]}))).fingerprint
    b = next(iter_columns(pd.DataFrame({"c": ["a", "c"]}))).fingerprint
    assert a != b and a == next(iter_columns(pd.DataFrame({"c": ["a", "b"]}))).fingerprint


def test_polars_frames_are_read_through_their_sample() -> None:
    pl = pytest.importorskip("polars")
    cols = list(iter_columns(pl.DataFrame({"email": ["a@b.co", None], "n": [1, 2]})))
    assert [c.name for c in cols] == ["email", "n"] and cols[0].sample.tolist() == ["a@b.co"]
    assert frame_kind(pl.Series("x", [1])) == "polars.Series"


@pytest.mark.parametrize("obj", [[1, 2], {"a": [1]}, "text", np.array([1, 2]), None])
def test_unsupported_objects_get_a_clear_error(obj: object) -> None:
    with pytest.raises(UnsupportedDataError, match="expected a pandas or polars DataFrame or Series, got"):
        frame_kind(obj)
