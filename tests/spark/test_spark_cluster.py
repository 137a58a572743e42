"""scan, redact and reidentification on a cluster-shaped master: two executor JVMs, equal to the pandas path.

``cluster_job.py`` runs in its own process (one SparkContext per process: the local[2] session of the other
tests lives in this one) on ``local-cluster[2,1,1024]``: a standalone master and two workers, each worker starting
its executor as a separate JVM with its own Python workers. The test compares what the executors computed with the
pandas path on the same rows, and reads every file the workers left (the executors' stdout and stderr under
``work/``, their scratch space) for the raw values of the frame's direct identifiers.

The cluster needs three JVMs on the machine: where it does not start within ``START_TIMEOUT`` seconds the test
skips and says why (even under ``PRIVGUARD_REQUIRE_SPARK=1``: the local tests are what CI requires); once it has
started, anything else that goes wrong fails.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from cluster_job import CANARY, cluster_frame, policy  # tests/spark is on the path, as for conftest

import jupyter_privguard as pg

HERE = Path(__file__).resolve().parent
START_TIMEOUT = float(os.environ.get("PRIVGUARD_CLUSTER_START_TIMEOUT", "90"))
JOB_TIMEOUT = 120.0
DIRECT = ("email", "phone", "card", "full_name", "note")


def _run_job(out: Path) -> tuple[str, str]:
    """Run ``cluster_job.py``; skip when the cluster does not start in time, fail when the job fails after."""
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java runtime for the cluster's JVMs (apt-get install openjdk-17-jre-headless)")
    log = out / "job.log"
    lines: list[str] = []
    ready = threading.Event()
    with open(log, "w") as err:
        child = subprocess.Popen(
            [sys.executable, str(HERE / "cluster_job.py"), str(out)],
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            start_new_session=True,  # its JVMs (the driver and the executors) are killed with it
        )

        def read() -> None:
            assert child.stdout is not None
            for line in child.stdout:
                lines.append(line)
                if line.strip() == "READY":
                    ready.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            started = time.monotonic()
            while not ready.wait(0.2) and child.poll() is None and time.monotonic() - started < START_TIMEOUT:
                pass
            if not ready.is_set():
                reader.join(1)
            if not ready.is_set():
                tail = " | ".join(log.read_text(errors="replace").strip().splitlines()[-3:])
                state = "did not start" if child.poll() is None else f"exited with {child.returncode}"
                pytest.skip(
                    f"a local-cluster[2,1,1024] master {state} within {START_TIMEOUT:.0f} s "
                    f"(it needs three JVMs on 127.0.0.1): {tail[-300:]}"
                )
            try:
                child.wait(timeout=JOB_TIMEOUT)
            except subprocess.TimeoutExpired:
                pytest.fail(f"the cluster job did not finish within {JOB_TIMEOUT:.0f} s after the cluster started")
            reader.join(5)
        finally:
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()
    text = log.read_text(errors="replace")
    assert child.returncode == 0, text[-2000:]
    return "".join(lines), text


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("cluster")
    stdout, driver_log = _run_job(out)
    result: dict[str, Any] = json.loads((out / "result.json").read_text())
    result["out"] = out
    result["stdout"] = stdout
    result["driver_log"] = driver_log
    return result


def test_the_job_ran_on_two_executor_jvms_with_this_package(cluster: dict[str, Any]) -> None:
    assert cluster["master"] == "local-cluster[2,1,1024]"
    assert len(cluster["executors"]) == 2 and "driver" not in cluster["executors"]
    logs = {
        p.parent.name: p.read_text(errors="replace") for p in (cluster["out"] / "spark-home" / "work").rglob("stderr")
    }
    assert sorted(logs) == sorted(cluster["executors"])  # one log folder per executor, named by its id
    for executor, text in logs.items():
        assert "CoarseGrainedExecutorBackend" in text and "Finished task" in text, executor  # tasks ran in each
    assert len(cluster["worker_pids"]) >= 2 and cluster["driver_pid"] not in cluster["worker_pids"]
    root = HERE.parent.parent.resolve()
    assert cluster["packages"] == [str(root / "jupyter_privguard" / "__init__.py")]  # this checkout, not another


def test_scan_gives_the_pandas_report(cluster: dict[str, Any]) -> None:
    frame = cluster_frame()
    report = pg.scan(frame, policy=policy())
    expected = {
        name: [f.entity, f.category, sorted(f.span_entities) if f.entity is None else []]
        for name, f in report.columns.items()
    }
    assert cluster["scan"] == expected
    assert cluster["n_rows"] == len(frame)
    assert {v[0] for v in expected.values()} >= {"EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "PERSON"}


def test_redact_on_the_executors_gives_the_pandas_values(cluster: dict[str, Any]) -> None:
    import pyarrow.parquet as pq

    frame = cluster_frame()
    on_pandas = pg.redact(frame, policy=policy())
    on_cluster = pq.read_table(cluster["out"] / "redacted").to_pandas().sort_values("row").reset_index(drop=True)
    assert list(on_cluster.columns) == list(on_pandas.columns)
    assert len(on_cluster) == len(frame)
    for column in on_pandas.columns:
        assert on_cluster[column].astype(object).tolist() == on_pandas[column].astype(object).tolist(), column
    assert not set(on_cluster["email"]) & set(frame["email"])  # hashed, with the key that travelled in the closure


def test_reidentification_gives_the_pandas_numbers(cluster: dict[str, Any]) -> None:
    frame = cluster_frame()
    expected = pg.reidentification(frame, quasi_identifiers=["birth_date", "postal_code"]).to_dict()
    expected.pop("elapsed_s", None)
    got = dict(cluster["risk"])
    assert got.pop("average_risk") == pytest.approx(expected.pop("average_risk"), rel=1e-12)
    assert got == json.loads(json.dumps(expected, default=str))


def test_no_raw_value_in_the_executors_logs_or_work_dirs(cluster: dict[str, Any]) -> None:
    frame = cluster_frame()
    files = [p for p in (cluster["out"] / "spark-home" / "work").rglob("*") if p.is_file()]
    files += [p for p in (cluster["out"] / "local").rglob("*") if p.is_file()]
    text = "\n".join(p.read_bytes().decode("latin-1") for p in files)
    # the search reads what the executors' Python workers print: the probe's canary is there
    assert CANARY in text
    for column in DIRECT:
        found = [v for v in frame[column] if str(v) in text]
        assert not found, f"{len(found)} raw {column} values in the executors' files"
    driver = cluster["driver_log"] + cluster["stdout"]
    assert not [v for v in frame["email"] if v in driver]
