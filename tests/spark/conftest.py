"""One local Spark session for the whole run (local[2], loopback only, no jars fetched, this interpreter on the
workers). Skipped when pyspark or Java is missing, unless PRIVGUARD_REQUIRE_SPARK=1 (CI) makes that a failure."""

from __future__ import annotations

import os
import shutil
import sys
import warnings
from collections.abc import Iterator
from typing import Any

import pytest


def _unavailable(reason: str) -> None:
    if os.environ.get("PRIVGUARD_REQUIRE_SPARK") == "1":
        pytest.fail(f"Spark tests are required here but cannot run: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A classic SparkSession on loopback; stopped at the end of the run."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        _unavailable("pyspark is not installed (pip install 'jupyter-privguard[spark]')")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        _unavailable("no Java runtime (apt-get install openjdk-17-jre-headless)")
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    # workers import the package from this checkout even where it is not installed
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("privguard-tests")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", "2g")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.extraJavaOptions", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield session
    session.stop()


# -- the IPython fixtures of tests/ipython/conftest.py, for the notebook-guard tests here ----------
# (fixtures are per folder: these are the same two, built the same way on the shared seeded helpers)
@pytest.fixture
def shell(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A real IPython shell without the guard (NER off, a private audit log and IPython folder)."""
    from IPython.testing.globalipapp import get_ipython
    from seeded import EXT

    from jupyter_privguard.session import reset_session

    monkeypatch.setenv("PRIVGUARD_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    monkeypatch.setenv("PRIVGUARD_NER", "off")
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    reset_session()
    ip = get_ipython()
    yield ip
    if EXT in ip.extension_manager.loaded:
        ip.extension_manager.unload_extension(EXT)
    for name in ("sdf", "pdf", "spark"):
        ip.user_ns.pop(name, None)
    reset_session()


@pytest.fixture
def ip(shell: Any) -> Any:
    """The shell with the guard loaded."""
    from seeded import EXT

    assert shell.extension_manager.load_extension(EXT) is None
    return shell


@pytest.fixture
def audit_log(tmp_path: Any) -> Any:
    """This test's audit log (used by :func:`export_session`)."""
    return tmp_path / "audit" / "audit.jsonl"


@pytest.fixture
def export_session(audit_log: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A fresh session (NER off, its own audit log) with the export guard installed."""
    from jupyter_privguard.integrations.exports import install
    from jupyter_privguard.policy import Policy
    from jupyter_privguard.session import GuardSession, reset_session

    monkeypatch.setenv("PRIVGUARD_AUDIT_LOG", str(audit_log))
    session = reset_session(GuardSession(policy=Policy(ner="off")))
    handle = install(session)
    try:
        yield session
    finally:
        handle.uninstall()
        reset_session()


# -- near-unique people, as pandas and as Spark -----------------------------------------------------
_FIRST = ["Alice", "Bruno", "Carla", "Derek", "Erin", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Keiko", "Liam"]
_LAST = ["Smith", "Okafor", "Gomez", "Olsen", "Walsh", "Haddad", "Berg", "Tanaka", "Silva", "Novak", "Ito", "Byrne"]


def _luhn(prefix: str) -> str:
    digits = [int(c) for c in prefix]
    total = 0
    for i, d in enumerate(reversed(digits)):
        d = d * 2 if i % 2 == 0 else d
        total += d - 9 if d > 9 else d
    return prefix + str((10 - total % 10) % 10)


def people_frame(n: int = 3000) -> Any:
    """``n`` rows of near-unique emails, phones, cards, names, birth dates, postal codes and notes."""
    import datetime

    import pandas as pd

    rows = range(n)
    return pd.DataFrame(
        {
            "email": [f"{_FIRST[i % 12].lower()}.{_LAST[i // 12 % 12].lower()}{i}@example.org" for i in rows],
            "phone": [f"+1 415 555 {i % 10000:04d}" for i in rows],
            "card": [_luhn(f"411111{i:09d}") for i in rows],
            "full_name": [f"{_FIRST[i % 12]} {_LAST[(i // 12) % 12]}" for i in rows],
            "birth_date": [datetime.date(1950 + i % 50, 1 + i % 12, 1 + i % 28) for i in rows],
            "postal_code": [f"{10000 + (i * 37) % 89999:05d}" for i in rows],
            "note": [
                f"Call {_FIRST[i % 12]} at +1 415 555 {i % 10000:04d} or write to u{i}@mail.example.com" for i in rows
            ],
            "amount": [float(i % 97) + 0.5 for i in rows],
        }
    )


@pytest.fixture(scope="session")
def people(spark: Any) -> tuple[Any, Any]:
    """``(pandas frame, the same rows as a Spark DataFrame)`` (several partitions, row order kept)."""
    frame = people_frame()
    return frame, spark.createDataFrame(frame)
