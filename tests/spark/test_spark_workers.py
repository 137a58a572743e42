"""The guard's start of a session's Python workers: once per session, in the background, no data, never raises."""

from __future__ import annotations

import weakref
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest

from jupyter_privguard.adapters import spark as adapter
from jupyter_privguard.adapters.spark_worker import WorkerStart


def test_the_worker_function_reads_nothing_and_answers_one_row_per_row() -> None:
    batches = [pa.record_batch([pa.array([1, 2, 3])], names=["id"]), pa.record_batch([pa.array([4])], names=["id"])]
    out = list(WorkerStart()(iter(batches)))
    assert [b.num_rows for b in out] == [3, 1]
    assert all(b.schema.names == ["ready"] and b.column(0).to_pylist() == [1] * b.num_rows for b in out)


def test_the_first_sight_of_a_session_starts_its_workers_once(
    people: tuple[pd.DataFrame, Any], spark: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, sdf = people
    monkeypatch.setattr(adapter, "_STARTED", weakref.WeakSet())  # as in a session the guard has not seen
    monkeypatch.delenv("PRIVGUARD_SPARK_WARMUP", raising=False)
    tracker = spark.sparkContext.statusTracker()
    before = set(tracker.getJobIdsForGroup(adapter.WORKERS_JOB_GROUP))
    thread = adapter.start_workers(sdf)
    assert thread is not None and thread.daemon
    thread.join(120)
    assert not thread.is_alive()
    jobs = set(tracker.getJobIdsForGroup(adapter.WORKERS_JOB_GROUP)) - before
    # count() is one job, or two under adaptive execution (the shuffle stage and the final one)
    assert 1 <= len(jobs) <= 2 and {tracker.getJobInfo(j).status for j in jobs} == {"SUCCEEDED"}
    assert adapter.start_workers(sdf) is None  # once per SparkContext
    assert adapter.start_workers(sdf.select("email")) is None


@pytest.mark.parametrize("value", ["off", "0", "False", " no "])
def test_it_can_be_turned_off(people: tuple[pd.DataFrame, Any], monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    _, sdf = people
    monkeypatch.setattr(adapter, "_STARTED", weakref.WeakSet())
    monkeypatch.setenv("PRIVGUARD_SPARK_WARMUP", value)
    assert adapter.start_workers(sdf) is None
    assert len(adapter._STARTED) == 0  # nothing remembered: turned back on, the next call starts them


class _ConnectSession:
    """A session without a SparkContext, as on Spark Connect."""

    @property
    def sparkContext(self) -> Any:
        raise RuntimeError("no SparkContext on Spark Connect")


class _NoContext:
    sparkSession = _ConnectSession()


def test_a_session_without_a_context_starts_nothing_and_raises_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRIVGUARD_SPARK_WARMUP", raising=False)
    assert adapter.start_workers(_NoContext()) is None
    assert adapter.start_workers(object()) is None
