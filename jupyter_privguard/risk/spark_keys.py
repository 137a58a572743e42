"""Spark column expressions shared by the Spark risk modules: a column by its literal name, a grouping key.

pyspark is imported inside the functions; these modules are only imported when a Spark frame is passed.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame

__all__: list[str] = []

SIZE = "_pg_size"  # the class-size column of :func:`class_sizes`


def _col(name: Hashable) -> Column:
    """The column ``name`` taken literally (a dot or a space in a header is not a path)."""
    from pyspark.sql import functions as F

    return F.col("`" + str(name).replace("`", "``") + "`")


def _key(sdf: DataFrame, name: Hashable) -> Column:
    """The column as a grouping key: NaN becomes null, since ``toPandas()`` (the pandas path) makes both NaN."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import DoubleType, FloatType

    column = _col(name)
    if isinstance(sdf.schema[str(name)].dataType, (DoubleType, FloatType)):
        return F.when(F.isnan(column), F.lit(None)).otherwise(column)
    return column


def _distinct_with_null(column: Column) -> Column:
    """Distinct values of ``column`` with a missing value counted as one (``countDistinct`` skips nulls)."""
    from pyspark.sql import functions as F

    return F.countDistinct(column) + F.max(F.when(column.isNull(), 1).otherwise(0))


def _any_null(columns: Sequence[Column]) -> Column:
    from pyspark.sql import functions as F

    out = F.lit(False)
    for column in columns:
        out = out | column.isNull()
    return out
