"""The job of ``test_spark_cluster.py``, run in its own process: the guard's calls on a ``local-cluster`` master.

``local-cluster[2,1,1024]`` runs a standalone master and two workers inside this driver's JVM, and each worker starts
its executor as a separate JVM process (``CoarseGrainedExecutorBackend``), with its own Python workers, exactly as a
standalone cluster does: the redaction function is pickled on the driver and unpickled by other JVMs' Python workers,
the policy travels in the task closure, and the executors write the Parquet output themselves. Everything binds to
127.0.0.1; nothing is downloaded (no ``spark.jars.packages``).

Usage: ``python cluster_job.py OUT_DIR``. ``OUT_DIR`` receives ``spark-home/`` (a Spark home of links to the
package's ``bin`` and ``jars``, so the workers' ``work/`` folder, where the executors' logs go, lands here and not
in site-packages), ``local/`` (the executors' scratch space), ``redacted/`` (the Parquet the executors wrote) and
``result.json``. The job prints ``READY`` on stdout once both executors have registered, so the caller can tell a
cluster that did not start (skip) from a job that failed (fail).
"""

from __future__ import annotations

import json
import os
import sys
import time
import warnings
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
EXECUTORS = 2
#: printed to stderr by one Python worker on an executor: the caller finds it in the executors' logs, which shows
#: that the log search reads what the Python workers print (so an absent value is absent, not unread)
CANARY = "privguard-cluster-canary-7f3a"
POLICY_KEY = "cluster-key-" + "k" * 20


def spark_home(out: Path) -> Path:
    """A Spark home under ``out``: links to pip pyspark's ``bin`` and ``jars``."""
    import pyspark

    package = Path(pyspark.__file__).resolve().parent
    home = out / "spark-home"
    home.mkdir(parents=True, exist_ok=True)
    for name in ("bin", "jars"):
        link = home / name
        if not link.exists():
            link.symlink_to(package / name, target_is_directory=True)
    return home


def start(out: Path) -> Any:
    os.environ["SPARK_HOME"] = str(spark_home(out))
    os.environ["SPARK_SCALA_VERSION"] = "2.13"  # the launcher asks when it cannot tell from a build folder
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    os.environ["SPARK_LOCAL_DIRS"] = str(out / "local")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    # the executors' Python workers import the package from this checkout, and the shared people table
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), str(HERE), os.environ.get("PYTHONPATH")) if p)
    from pyspark.sql import SparkSession

    quick = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1"  # a faster start; not for real work
    session = (
        SparkSession.builder.master(f"local-cluster[{EXECUTORS},1,1024]")
        .appName("privguard-cluster-test")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.executor.memory", "512m")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.extraJavaOptions", quick)
        .config("spark.executor.extraJavaOptions", quick)
        .config("spark.scheduler.maxRegisteredResourcesWaitingTime", "1s")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("WARN")  # the driver's; the executors log at INFO (Spark's default)
    deadline = time.monotonic() + 120
    while len(executor_ids(session)) < EXECUTORS:
        if time.monotonic() > deadline:
            raise SystemExit(f"only {len(executor_ids(session))} of {EXECUTORS} executors registered")
        time.sleep(0.2)
    return session


def executor_ids(session: Any) -> list[str]:
    ids = session.sparkContext._jsc.sc().getExecutorIds()
    return [str(ids.apply(i)) for i in range(ids.size())]


def where(batches: Any) -> Any:
    """``mapInArrow``: which process ran the batch, its parent, and which package it imported."""
    import pyarrow as pa

    import jupyter_privguard

    for batch in batches:
        if batch.num_rows and batch.column(0)[0].as_py() == 0:
            print(CANARY, file=sys.stderr, flush=True)
        yield pa.record_batch(
            [
                pa.array([os.getpid()] * batch.num_rows, pa.int64()),
                pa.array([str(Path(jupyter_privguard.__file__).resolve())] * batch.num_rows),
            ],
            names=["pid", "package"],
        )


def cluster_frame() -> Any:
    """The people table of the local tests with a row number (the order after a shuffle)."""
    from conftest import people_frame

    frame = people_frame(2000)
    frame.insert(0, "row", range(len(frame)))
    return frame


def policy() -> Any:
    """Deterministic operators, one of them keyed: the key travels to the executors in the closure."""
    import jupyter_privguard as pg

    return pg.Policy(
        ner="off",
        actions={"EMAIL_ADDRESS": "hash", "PHONE_NUMBER": "mask", "CREDIT_CARD": "pseudonymize"},
        key=POLICY_KEY,
    )


def run(out: Path) -> dict[str, Any]:
    import jupyter_privguard as pg

    t0 = time.perf_counter()
    spark = start(out)
    result: dict[str, Any] = {"start_s": round(time.perf_counter() - t0, 1), "master": spark.sparkContext.master}
    result["executors"] = executor_ids(spark)
    print("READY", flush=True)
    try:
        frame = cluster_frame()
        people = spark.createDataFrame(frame).repartition(4)  # shuffled over both executors; "row" keeps the order
        report = pg.scan(people, policy=policy())
        result["scan"] = {
            name: [f.entity, f.category, sorted(f.span_entities) if f.entity is None else []]
            for name, f in report.columns.items()
        }
        result["n_rows"] = report.n_rows
        t = time.perf_counter()
        pg.redact(people, policy=policy()).write.mode("overwrite").parquet(str(out / "redacted"))
        result["redact_s"] = round(time.perf_counter() - t, 1)
        risk = pg.reidentification(people, quasi_identifiers=["birth_date", "postal_code"])
        numbers = risk.to_dict()
        numbers.pop("elapsed_s", None)
        result["risk"] = numbers
        probe = spark.range(0, 8, numPartitions=8).mapInArrow(where, "pid long, package string").toPandas()
        result["worker_pids"] = sorted(set(probe["pid"].tolist()))
        result["packages"] = sorted(set(probe["package"]))
        result["driver_pid"] = os.getpid()
    finally:
        spark.stop()
    return result


def main() -> int:
    out = Path(sys.argv[1])
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support", category=FutureWarning)
    result = run(out)
    (out / "result.json").write_text(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
