"""scan() and redact() of a Spark DataFrame: the pandas path's findings and values, computed on Spark."""

from __future__ import annotations

import pickle
import warnings
from typing import Any

import pandas as pd
import pytest

import jupyter_privguard as pg
from jupyter_privguard.policy import Policy

ENTITIES = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "PERSON", "DATE_OF_BIRTH", "POSTAL_CODE")


def _local(sdf: Any) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pyspark's own about pandas 3, at its conversion
        return sdf.toPandas()


def _entities(report: Any) -> dict[str, tuple[Any, ...]]:
    return {
        name: (f.entity, f.category, tuple(sorted(f.span_entities)) if f.entity is None else ())
        for name, f in report.columns.items()
    }


def test_scan_gives_the_pandas_report(people: tuple[pd.DataFrame, Any]) -> None:
    frame, sdf = people
    policy = Policy(ner="off")
    spark_report = pg.scan(sdf, policy=policy)
    pandas_report = pg.scan(_local(sdf), policy=policy)
    assert spark_report.kind == "pyspark.DataFrame"
    assert spark_report.n_rows == len(frame) == pandas_report.n_rows
    assert list(spark_report.columns) == list(frame.columns)
    assert _entities(spark_report) == _entities(pandas_report)
    found = {name: f.entity for name, f in spark_report.columns.items() if f.entity is not None}
    assert sorted(found.values()) == sorted(ENTITIES)  # every seeded entity, each in its column
    assert spark_report.columns["note"].span_entities  # free text, found span-wise
    assert not [v for v in frame["email"].head(50) if v in repr(spark_report)]  # a report holds no values


def test_redact_is_lazy_and_keeps_the_schema_order(people: tuple[pd.DataFrame, Any]) -> None:
    frame, sdf = people
    policy = Policy(ner="off", actions={"CREDIT_CARD": "drop"})
    out = pg.redact(sdf, policy=policy)
    assert type(out).__name__ == "DataFrame" and out is not sdf
    assert out.columns == [c for c in frame.columns if c != "card"]
    types = dict(out.dtypes)
    assert types["email"] == "string" and types["birth_date"] == "string" and types["amount"] == "double"
    assert out.schema["amount"] == sdf.schema["amount"]  # untouched columns keep their type


OPERATORS = ("redact", "mask", "hash", "pseudonymize", "generalize")


@pytest.mark.parametrize("action", OPERATORS)
def test_each_deterministic_operator_gives_the_pandas_values(people: tuple[pd.DataFrame, Any], action: str) -> None:
    _, sdf = people
    policy = Policy(ner="off", actions=dict.fromkeys(ENTITIES, action), key="k" * 32)
    assert pickle.loads(pickle.dumps(policy)) == policy  # it travels to the workers in the closure
    report = pg.scan(sdf, policy=policy)
    on_spark = _local(pg.redact(sdf, policy=policy, report=report))
    on_pandas = pg.redact(_local(sdf), policy=policy, report=report)
    assert list(on_spark.columns) == list(on_pandas.columns)
    for column in on_pandas.columns:
        assert on_spark[column].astype(object).tolist() == on_pandas[column].astype(object).tolist(), column
    assert not set(on_spark["email"]) & set(_local(sdf)["email"])


def test_drop_and_the_own_scan_give_the_pandas_frame(people: tuple[pd.DataFrame, Any]) -> None:
    _, sdf = people
    policy = Policy(ner="off", actions={"EMAIL_ADDRESS": "drop", "PERSON": "drop"})
    on_spark = _local(pg.redact(sdf, policy=policy))  # each path scans for itself
    on_pandas = pg.redact(_local(sdf), policy=policy)
    assert list(on_spark.columns) == list(on_pandas.columns) and "email" not in on_spark.columns
    for column in on_pandas.columns:
        assert on_spark[column].astype(object).tolist() == on_pandas[column].astype(object).tolist(), column


def test_rows_takes_the_first_rows_only(people: tuple[pd.DataFrame, Any]) -> None:
    _, sdf = people
    policy = Policy(ner="off")
    head = _local(pg.redact(sdf, policy=policy, rows=range(5)))
    assert len(head) == 5 and set(head["email"]) == {"<EMAIL_ADDRESS>"}
    with pytest.raises(ValueError, match="first rows only"):
        pg.redact(sdf, policy=policy, rows=[3, 1])


def test_repeated_column_names_are_redacted_by_position(spark: Any) -> None:
    left = spark.createDataFrame([("ann.lee@example.org", 1), ("bo.kim@example.org", 2)], ["contact", "n"])
    right = spark.createDataFrame([("+1 415 555 0137", 1), ("+1 212 555 0199", 2)], ["contact", "n"])
    joined = left.join(right, "n")
    out = pg.redact(joined, policy=Policy(ner="off"))
    assert out.columns == ["n", "contact", "contact"]
    rows = _local(out).astype(object).values.tolist()
    assert {r[1] for r in rows} == {"<EMAIL_ADDRESS>"} and {r[2] for r in rows} == {"<PHONE_NUMBER>"}


def test_the_scan_sample_is_the_first_rows_of_every_partition(spark: Any) -> None:
    from jupyter_privguard.adapters.spark import _spread_sample

    frame = spark.range(0, 200_000, numPartitions=20)  # each partition holds 10,000 consecutive ids
    ids = _spread_sample(frame, 400).column("id").to_pylist()
    assert len(ids) == 400 == len(set(ids))
    assert {i // 10_000 for i in ids} == set(range(20))  # every partition, the last included
    assert all(i % 10_000 < 20 for i in ids)  # its first 20 rows: no task read further than its share
    # partitions shorter than their share (a tiny one among large ones): the share grows until the sample is full
    uneven = spark.range(0, 3, numPartitions=1).union(spark.range(100, 2_100, numPartitions=3))
    got = _spread_sample(uneven, 600).column("id").to_pylist()
    assert len(got) == 600 == len(set(got)) and {0, 1} <= set(got)  # the tiny partition is in


def test_small_arrow_batches_are_redacted_in_blocks_with_the_pandas_values(people: tuple[pd.DataFrame, Any]) -> None:
    # Spark sends 7-row batches here: the worker joins them into blocks (and the last, short block) before redacting
    _, sdf = people
    spark = sdf.sparkSession
    key = "spark.sql.execution.arrow.maxRecordsPerBatch"
    before = spark.conf.get(key)
    spark.conf.set(key, "7")
    try:
        for action in ("hash", "mask", "generalize"):
            policy = Policy(ner="off", actions={**dict.fromkeys(ENTITIES, action), "PERSON": "drop"}, key="k" * 32)
            report = pg.scan(sdf, policy=policy)
            on_spark = _local(pg.redact(sdf, policy=policy, report=report))
            on_pandas = pg.redact(_local(sdf), policy=policy, report=report)
            assert list(on_spark.columns) == list(on_pandas.columns) and "full_name" not in on_spark.columns
            for column in on_pandas.columns:
                assert on_spark[column].astype(object).tolist() == on_pandas[column].astype(object).tolist(), column
    finally:
        spark.conf.set(key, before)


def test_the_worker_gives_the_same_batches_whatever_the_block_size() -> None:
    # no Spark needed: the mapInArrow function itself, fed batches of 9 rows, with a block boundary inside the stream
    import pyarrow as pa

    from jupyter_privguard.adapters.spark_worker import BatchRedactor
    from jupyter_privguard.decision import plan
    from jupyter_privguard.operators import resolve_operators
    from jupyter_privguard.redaction import _edit

    frame = pd.DataFrame(
        {
            "email": [None if i % 5 == 0 else f"u{i}@example.org" for i in range(100)],
            "phone": [f"+1 415 555 {i:04d}" for i in range(100)],
            "n": list(range(100)),
        }
    )
    policy = Policy(ner="off", actions={"EMAIL_ADDRESS": "hash", "PHONE_NUMBER": "drop"}, key="k" * 32)
    report = pg.scan(frame, policy=policy)
    operators = resolve_operators(None)
    edits = [_edit(d, policy, operators) for d in plan(report, policy, operators=operators, n_columns=3)]
    assert {e.position for e in edits} == {0, 1}
    calls: list[int] = []  # the rows of every column redaction the worker runs

    def counted(edit: Any) -> Any:
        def apply(column: pd.Series) -> pd.Series:
            calls.append(len(column))
            return edit.apply(column)

        return type(edit)(edit.position, edit.drop, apply)

    edits = [counted(e) for e in edits]
    table = pa.Table.from_pandas(frame, preserve_index=False).rename_columns(["_0", "_1", "_2"])
    batches = table.to_batches(max_chunksize=9)
    one_by_one = BatchRedactor(edits, ["_0", "_2"], "UTC", False)
    blocks = BatchRedactor(edits, ["_0", "_2"], "UTC", False)
    blocks.block_rows = 40  # blocks of 45 rows and a last one of 10
    expected = pa.Table.from_batches([one_by_one.redact_batch(b) for b in batches])
    assert calls == [9] * 11 + [1]
    calls.clear()
    got = pa.Table.from_batches(list(blocks(iter(batches))))
    assert calls == [45, 45, 10]
    assert got.num_rows == 100 and got.column_names == ["_0", "_2"]
    assert got.equals(expected)
    hashed = got.column("_0").to_pylist()
    assert hashed[0] is None and hashed[1] and not {v for v in frame["email"] if v} & set(hashed)
    assert (
        hashed
        == pg.redact(frame, policy=policy, report=report)["email"]
        .astype(object)
        .where(lambda s: s.notna(), None)
        .tolist()
    )
    assert list(blocks(iter([]))) == []
    by_bytes = BatchRedactor(edits, ["_0", "_2"], "UTC", False)
    by_bytes.block_bytes = batches[0].nbytes * 3  # a wide frame's limit: blocks of 27 rows, whatever block_rows says
    calls.clear()
    assert pa.Table.from_batches(list(by_bytes(iter(batches)))).equals(expected)
    assert calls == [27, 27, 27, 19]
