"""Re-identification, generalisation and leakage of PySpark DataFrames: equal to the pandas path on the same rows.

The people table has near-unique rows and repeats in the quasi-identifiers (a small pool of postal
codes, birth dates over 60 years), missing values of every kind (null, and NaN next to null in a
double column, which ``toPandas()`` turns into the same NaN), and a direct identifier whose values
must never appear in a report.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pytest

from jupyter_privguard.adapters.spark_types import is_spark_frame
from jupyter_privguard.errors import UnsupportedDataError
from jupyter_privguard.risk import leakage, reidentification
from jupyter_privguard.risk.spark_classes import SparkRiskReport, class_sizes

N = 3000
SECRET = "Qx9SECRETperson"
SCHEMA = "name string, zip string, dob date, age int, sex string, income double, diagnosis string, birthdate string"


def _people(n: int = N, seed: int = 7) -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(seed)
    zips = [f"9{z:04d}" for z in rng.choice(10_000, 40, replace=False)]
    rows = []
    for i in range(n):
        day = datetime.date(1945, 1, 1) + datetime.timedelta(days=int(rng.integers(0, 60 * 365)))
        income: float | None = float(rng.integers(10, 200) * 500)
        if i % 97 == 0:
            income = float("nan")
        elif i % 89 == 0:
            income = None
        rows.append(
            (
                f"{SECRET}{i}",
                None if i % 151 == 0 else zips[int(rng.integers(0, len(zips)))],
                day,
                None if i % 131 == 0 else int(rng.integers(18, 90)),
                None if i % 113 == 0 else str(rng.choice(["F", "M", "X"], p=[0.48, 0.48, 0.04])),
                income,
                None if i % 71 == 0 else str(rng.choice(["flu", "asthma", "diabetes", "migraine", "gout", "healthy"])),
                None if i % 167 == 0 else day.isoformat(),  # the same dates as ISO text
            )
        )
    return rows


@pytest.fixture(scope="module")
def frames(spark: Any) -> tuple[Any, Any]:
    sdf = spark.createDataFrame(_people(), SCHEMA).cache()
    with _quiet():
        pdf = sdf.toPandas()
    return sdf, pdf


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence pyspark's pandas-3 warning where the test itself converts."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _numbers(report: Any) -> dict[str, Any]:
    out = report.to_dict()
    out.pop("elapsed_s")
    return out


def _no_value(blob: dict[str, Any], pdf: Any) -> None:
    text = json.dumps(blob, default=str)
    assert SECRET not in text
    for column in ("zip", "diagnosis"):
        for value in pdf[column].dropna().unique():
            assert f'"{value}"' not in text, column


QI_SETS = [["zip", "dob", "sex"], ["zip", "age"], ["income", "sex"], ["sex"], []]


@pytest.mark.parametrize("qis", QI_SETS, ids=["zip-dob-sex", "zip-age", "income-sex", "sex", "none"])
def test_k_unique_share_and_class_sizes_equal_the_pandas_path(frames: tuple[Any, Any], qis: list[str]) -> None:
    sdf, pdf = frames
    spark_report = reidentification(sdf, qis, sensitive=["diagnosis"])
    pandas_report = reidentification(pdf, qis, sensitive=["diagnosis"])
    assert isinstance(spark_report, SparkRiskReport)
    expected = _numbers(pandas_report)
    got = _numbers(spark_report)
    # the mean of 1 / size over rows is n_classes / n_rows: equal up to the rounding of the sum
    assert got.pop("average_risk") == pytest.approx(expected.pop("average_risk"), rel=1e-12)
    assert got == expected
    assert class_sizes(sdf, qis).count() == spark_report.n_classes
    _no_value(spark_report.to_dict(), pdf)


def test_k_varies_the_row_risk_stays_in_spark_and_an_empty_frame_has_no_class(frames: tuple[Any, Any]) -> None:
    from pyspark.sql import functions as F

    sdf, pdf = frames
    ks = {reidentification(sdf, q, sensitive=[]).k for q in (["zip", "dob", "sex"], ["zip"], ["sex"])}
    assert len(ks) == 3 and min(ks) == 1
    report = reidentification(sdf, ["zip", "sex"], sensitive=[])
    risk = report.row_risk
    assert is_spark_frame(risk) and "reidentification_risk" in risk.columns
    total = risk.agg(F.sum("reidentification_risk")).first()[0]
    assert total == pytest.approx(reidentification(pdf, ["zip", "sex"], sensitive=[]).row_risk.sum())
    assert report.summary().startswith(report.verdict)
    for qis in (["zip"], []):  # an empty frame: no class, k = 0, as on pandas
        empty = reidentification(sdf.limit(0), qis, sensitive=["diagnosis"])
        assert _numbers(empty) == _numbers(reidentification(pdf.iloc[:0], qis, sensitive=["diagnosis"]))


@pytest.mark.parametrize(
    "qis, k, kinds",
    [
        (["zip", "dob", "sex"], 5, {"prefix", "date"}),
        (["age", "income", "sex"], 3, {"band"}),
        (["birthdate", "age", "diagnosis"], 10, {"date", "band", "category"}),
    ],
    ids=["prefix-date", "age-and-quantile-bands", "text-date-and-category"],
)
def test_generalize_reaches_the_same_k_with_the_same_levels(
    frames: tuple[Any, Any], qis: list[str], k: int, kinds: set[str]
) -> None:
    sdf, pdf = frames
    got = reidentification(sdf, qis, sensitive=[]).generalize(k=k)
    expected = reidentification(pdf, qis, sensitive=[]).generalize(k=k)
    assert got.to_dict() == expected.to_dict()
    assert got.k >= k
    assert {c["action"] for c in got.changes if c["column"]} == kinds  # each ladder kind is exercised
    assert is_spark_frame(got.frame)
    with _quiet():
        spark_rows = got.frame.toPandas()
    assert len(spark_rows) == len(expected.frame) == N - got.suppressed
    # the generalised values themselves: the same labels, row for row once both are sorted
    for column in qis:
        left = sorted(spark_rows[column].astype(object).where(spark_rows[column].notna(), None), key=repr)
        right = sorted(expected.frame[column].astype(object).where(expected.frame[column].notna(), None), key=repr)
        assert left == right, column
    _no_value(got.to_dict(), pdf)


def test_no_job_brings_the_rows_to_the_driver(frames: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from pyspark.sql.classic.dataframe import DataFrame

    sdf, _ = frames
    seen: list[tuple[str, int]] = []
    collect, to_pandas = DataFrame.collect, DataFrame.toPandas

    def recording_collect(self: Any) -> Any:
        rows = collect(self)
        seen.append(("collect", len(rows)))
        return rows

    def recording_to_pandas(self: Any) -> Any:
        seen.append(("toPandas", -1))
        return to_pandas(self)

    monkeypatch.setattr(DataFrame, "collect", recording_collect)
    monkeypatch.setattr(DataFrame, "toPandas", recording_to_pandas)
    qis = ["zip", "dob", "sex"]
    report = reidentification(sdf, qis, sensitive=["diagnosis"])
    generalised = report.generalize(k=5)
    # aggregates only: one row per answer, or one per grouping set (a search step, the leave-one-out shares)
    assert seen and all(kind == "collect" and size <= len(qis) for kind, size in seen), seen
    assert generalised.k >= 5


def test_leakage_runs_on_a_stratified_sample_and_says_so(
    frames: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("sklearn")
    pytest.importorskip("shap")
    from pyspark.sql.classic.dataframe import DataFrame

    sdf, pdf = frames
    sizes: list[int] = []
    to_pandas = DataFrame.toPandas

    def recording_to_pandas(self: Any) -> Any:
        out = to_pandas(self)
        sizes.append(len(out))
        return out

    monkeypatch.setattr(DataFrame, "toPandas", recording_to_pandas)
    report = leakage(sdf.drop("name"), sensitive="sex", max_rows=1000)
    sample = report.settings["spark_sample"]
    assert sample["of"] == N and sample["stratified_by"] == "sex"
    assert 0 < sample["rows"] <= 1000 and sizes == [sample["rows"]]
    assert report.n_rows == N and report.n_used <= sample["rows"]
    assert any(f"stratified sample by sex of {sample['rows']:,} of {N:,} rows" in note for note in report.notes)
    assert [a.sensitive for a in report.attributes] == ["sex"]
    _no_value(report.to_dict(), pdf)
    small = leakage(sdf.drop("name").limit(400), sensitive="sex")  # under max_rows: every row, and it says so
    assert small.settings["spark_sample"] == {"rows": 400, "of": 400, "stratified_by": None}
    assert any("all 400 rows were brought to the driver" in note for note in small.notes)


def test_without_quasi_identifiers_the_scanner_must_read_spark(frames: tuple[Any, Any]) -> None:
    sdf, _ = frames
    try:
        report = reidentification(sdf)
    except UnsupportedDataError as exc:  # until the Spark frame adapter lets the scanner read Spark frames
        assert "quasi_identifiers=[" in str(exc)
    else:
        assert report.source == "scanner" and report.quasi_identifiers


def test_is_spark_frame_never_imports_pyspark(frames: tuple[Any, Any]) -> None:
    sdf, pdf = frames
    assert is_spark_frame(sdf) and not is_spark_frame(pdf) and not is_spark_frame(None)
    code = (
        "import sys; from jupyter_privguard.adapters.spark_types import is_spark_frame; "
        "assert not is_spark_frame(object()); assert 'pyspark' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
