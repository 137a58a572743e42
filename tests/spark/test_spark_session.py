"""The test session itself: local, on loopback, the workers run this interpreter."""

from __future__ import annotations

import sys
from typing import Any


def test_the_session_is_local_and_runs_this_interpreter(spark: Any) -> None:
    conf = spark.sparkContext.getConf()
    assert spark.sparkContext.master == "local[2]"
    assert conf.get("spark.driver.host") == "127.0.0.1"
    assert not conf.contains("spark.jars.packages")  # nothing is fetched from a repository

    def where(_: Any) -> Any:
        import sys as worker_sys

        yield worker_sys.executable

    assert set(spark.sparkContext.parallelize([1, 2], 2).mapPartitions(where).collect()) == {sys.executable}
