"""Is this a Spark DataFrame? The one test of that type, shared by the Spark adapter and the risk code.

pyspark is imported only when it is already loaded: an object can only be a Spark DataFrame if
pyspark is in ``sys.modules``, and asking must not start the import (pyspark pulls in py4j and,
for Spark Connect, grpc). ``pyspark.sql.DataFrame`` is the parent of both the classic and the
Spark Connect DataFrame in pyspark 4, so one ``isinstance`` covers both.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["is_spark_frame"]


def is_spark_frame(obj: Any) -> bool:
    """True when ``obj`` is a PySpark DataFrame (classic or Spark Connect); never imports pyspark."""
    if "pyspark" not in sys.modules:
        return False
    try:
        from pyspark.sql import DataFrame
    except ImportError:  # a broken or partial pyspark install: nothing can be one of its frames
        return False
    return isinstance(obj, DataFrame)
