"""Spark pieces shared by the Spark risk modules: a column by its literal name, a grouping key, and
the rows in small classes for several sets of columns in one job.

pyspark is imported inside the functions; these modules are only imported when a Spark frame is passed.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame

__all__ = ["rows_in_small_classes"]

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


def rows_in_small_classes(frame: DataFrame, sets: Sequence[Sequence[str]], k: int) -> list[int]:
    """For each set of columns of ``frame``, the rows in classes smaller than ``k``: one Spark job for all.

    The sets are grouping sets of one aggregation (Spark expands each row once per set and tells the
    sets apart by ``grouping_id``), so a search step or the leave-one-out shares scan the data once.
    What comes back is one number per set. ``k = 2`` counts the unique rows.
    """
    from pyspark.sql import functions as F

    if not sets:
        return []
    columns = sorted({c for s in sets for c in s})
    if any(not s for s in sets) or len(sets) == 1:
        # a global class (the empty set) or a single set: a plain groupBy, one per set
        return [_small_rows(frame.groupBy(*s).agg(F.count(F.lit(1)).alias(SIZE)), k) for s in sets]
    size = F.col(SIZE)
    grouped = frame.groupingSets([list(s) for s in sets], *columns).agg(
        F.count(F.lit(1)).alias(SIZE), F.grouping_id().alias("_pg_set")
    )
    totals = grouped.groupBy("_pg_set").agg(F.sum(F.when(size < k, size).otherwise(0)).alias("_pg_small"))
    by_set = {int(row["_pg_set"]): int(row["_pg_small"] or 0) for row in totals.collect()}
    out = []
    for s in sets:
        # grouping_id has one bit per column, the first column the highest, set when it is not grouped
        gid = sum(1 << (len(columns) - 1 - j) for j, c in enumerate(columns) if c not in s)
        out.append(by_set.get(gid, 0))
    return out


def _small_rows(classes: DataFrame, k: int) -> int:
    from pyspark.sql import functions as F

    size = F.col(SIZE)
    row = classes.agg(F.sum(F.when(size < k, size).otherwise(0))).first()
    return int(row[0] or 0) if row is not None else 0
