"""The generalisation search on a PySpark DataFrame: the pandas ladders as Spark expressions.

:mod:`~jupyter_privguard.risk.generalization` builds each quasi-identifier's ladder on the driver
from the column's distinct values. Here each level is a Spark column expression over the rows, and
the few numbers that decide which levels a ladder has (a postal code's width, how many distinct
values, how many categories fall under each threshold, the quantile edges of a numeric column, the
share of parseable dates) are aggregates computed by Spark. The greedy walk and its tie-breaking
are the pandas path's, step for step, so the same data reach the same levels and the same ``k``.

The levels (the pandas ladder's, in its order):

- postal code: the first ``keep`` characters, the rest ``*`` (``substring``);
- date: year and month, the year, 5- and 10-year bands (``date_format``, ``year``, floor division);
  a string column counts as dates when at least 90% of its distinct values parse as ISO dates or
  timestamps (the pandas path also reads other formats);
- age: 5-, 10-, 20- and 40-year bands (floor division); other numbers with more than 10 values:
  10, 5, 3 and 2 bands at the exact row quantiles (``percentile``);
- category: values with fewer rows than a threshold merged into ``"Other"`` (a row count per value,
  as a window over the column);
- the top: ``"*"``.

Each step counts the rows left in classes smaller than ``k`` for every candidate move in one job
(grouping sets, :func:`~jupyter_privguard.risk.spark_keys.rows_in_small_classes`) on a frame that
holds every level of every ladder, persisted for the search and released after it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .columns import _fallback_entity
from .generalization import Generalization, level_change, search_levels
from .spark_keys import SIZE, _distinct_with_null, _key, rows_in_small_classes

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame

    from .spark_classes import SparkRiskReport

__all__ = ["spark_generalize"]

_DATE_ENTITIES = ("DATE_OF_BIRTH", "DATE_TIME")


@dataclass
class _SparkLadder:
    """One quasi-identifier's levels as Spark expressions (level 0 = the values, NaN as null)."""

    column: Hashable
    kind: str  # "prefix" | "date" | "band" | "category"
    levels: list[Column]
    descriptions: list[str]
    helper: tuple[str, Column] | None = None  # a per-row column the levels read (the value's row count)

    @property
    def top(self) -> int:
        return len(self.levels) - 1


def _first(sdf: DataFrame, *aggs: Column) -> dict[str, Any]:
    """One aggregate row as a dict: the only thing that comes back to the driver."""
    row = sdf.agg(*aggs).first()
    return row.asDict() if row is not None else {}


def _ladder(sdf: DataFrame, index: int, column: Hashable, entity: str | None, k: int, n: int) -> _SparkLadder:
    """The Spark version of :func:`~jupyter_privguard.risk.generalization._ladder`, level for level."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    key = _key(sdf, column)
    dtype = sdf.schema[str(column)].dataType
    name = str(column).lower()
    missing = key.isNull()
    stats = _first(sdf, _distinct_with_null(key).alias("distinct"))
    n_distinct = int(stats.get("distinct") or 0)
    levels: list[Column] = []
    descriptions: list[str] = []
    helper: tuple[str, Column] | None = None
    kind = "category"
    # toPandas() makes a timestamp a datetime64 column (the pandas path's is_dt); a date stays objects
    is_dt = isinstance(dtype, (T.TimestampType, T.TimestampNTZType))
    if entity == "POSTAL_CODE":
        kind = "prefix"
        text = F.trim(key.cast("string"))
        width = int(_first(sdf, F.max(F.length(text)).alias("w")).get("w") or 0)
        for keep in range(width - 1, 0, -1):
            levels.append(F.concat(F.substring(text, 1, keep), F.lit("*" * (width - keep))))
            descriptions.append(f"kept the first {keep} of {width} characters")
    elif is_dt or entity in _DATE_ENTITIES:
        if isinstance(dtype, (T.TimestampType, T.TimestampNTZType, T.DateType)):
            parsed = key.cast("timestamp")
        else:
            parsed = F.try_to_timestamp(key.cast("string"))
        ok_share = _first(sdf, F.countDistinct(F.when(parsed.isNotNull(), key)).alias("ok")).get("ok") or 0
        if n_distinct and int(ok_share) / n_distinct >= 0.9:
            kind = "date"
            year = F.year(parsed)
            levels.append(F.date_format(parsed, "yyyy-MM"))
            descriptions.append("dates reduced to year and month")
            levels.append(year.cast("string"))
            descriptions.append(
                "dates reduced to the year (birth year)" if entity == "DATE_OF_BIRTH" else "dates reduced to the year"
            )
            for w in (5, 10):
                lo = F.floor(year / w) * w
                levels.append(F.concat(lo.cast("string"), F.lit("-"), (lo + (w - 1)).cast("string")))
                descriptions.append(f"dates reduced to {w}-year bands")
    is_age = entity == "AGE" or re.search(r"(^|[^a-z])age($|[^a-z])", name) is not None
    # toPandas() turns a decimal column into objects, which the pandas path treats as categories
    numeric = isinstance(dtype, T.NumericType) and not isinstance(dtype, T.DecimalType)
    if kind == "category" and numeric and (n_distinct > 10 or is_age):
        kind = "band"
        num = key.cast("double")
        if is_age:
            for w in (5, 10, 20, 40):
                low = F.floor(num / w) * w
                label = F.concat(
                    low.cast("bigint").cast("string"), F.lit("-"), (low + (w - 1)).cast("bigint").cast("string")
                )
                levels.append(F.when(missing, F.lit(None)).otherwise(label))
                descriptions.append(f"ages in {w}-year bands")
        else:
            qs = (10, 5, 3, 2)
            probs = sorted({float(p) for q in qs for p in np.linspace(0, 1, q + 1)})
            at = _first(sdf, F.percentile(num, probs).alias("p")).get("p") or []
            quantile = dict(zip(probs, at))
            for q in qs:
                edges = np.unique([quantile[float(p)] for p in np.linspace(0, 1, q + 1)]) if at else np.zeros(0)
                if len(edges) < 2:
                    continue
                # the band is the number of inner edges at or below the value (numpy's searchsorted, clipped)
                band = F.lit(1)
                for edge in edges[1:-1]:
                    band = band + F.when(num >= F.lit(float(edge)), 1).otherwise(0)
                label = F.concat(F.lit("band "), band.cast("string"), F.lit(f" of {len(edges) - 1}"))
                levels.append(F.when(missing, F.lit(None)).otherwise(label))
                descriptions.append(f"values in {len(edges) - 1} quantile bands")
    if kind == "category":
        thresholds = (k, max(k, int(0.01 * n)), max(k, int(0.05 * n)), max(k, int(0.2 * n)))
        count = F.col("_pg_count")
        per_value = sdf.groupBy(key.alias("_pg_v")).agg(F.count(F.lit(1)).alias("_pg_count"))
        rare_counts = _first(
            per_value,
            *[
                F.sum(F.when((count < t) & F.col("_pg_v").isNotNull(), 1).otherwise(0)).alias(f"t{j}")
                for j, t in enumerate(thresholds)
            ],
        )
        helper_name = f"_pg_c{index}"
        seen: set[int] = set()
        for j, threshold in enumerate(thresholds):
            n_rare = int(rare_counts.get(f"t{j}") or 0)
            if n_rare < 2 or n_rare in seen or n_rare == n_distinct:
                continue
            seen.add(n_rare)
            helper = (helper_name, F.count(F.lit(1)).over(Window.partitionBy(key)))
            rare = (F.col(helper_name) < threshold) & ~missing
            levels.append(F.when(rare, F.lit("Other")).otherwise(key.cast("string")))
            descriptions.append(f"merged {n_rare} categories with fewer than {threshold} rows into 'Other'")
    levels.append(F.lit("*"))
    descriptions.append("replaced by '*' (fully generalised)")
    return _SparkLadder(column, kind, [key] + levels, ["original"] + descriptions, helper)


def _with_helpers(sdf: DataFrame, ladders: Sequence[_SparkLadder]) -> DataFrame:
    helpers = dict(lad.helper for lad in ladders if lad.helper is not None)
    return sdf.withColumns(helpers) if helpers else sdf


def _level_name(i: int, level: int) -> str:
    return f"_pg_{i}_{level}"


def spark_generalize(report: SparkRiskReport, k: int, max_suppression: float) -> Generalization:
    """The greedy search of :func:`~jupyter_privguard.risk.generalization._generalize` on Spark."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    sdf = report._sdf
    n = report.n_rows
    qi = report._labels
    entity_of = {c: report.entities.get(str(c)) for c in qi}
    ladders = [_ladder(sdf, i, c, entity_of[c] or _fallback_entity(str(c)), k, n) for i, c in enumerate(qi)]
    allowed = int(math.floor(max_suppression * n))

    # every level of every ladder as a column of one frame, kept for the search (each step reads it)
    proj = _with_helpers(sdf, ladders).select(
        *[expr.alias(_level_name(i, j)) for i, lad in enumerate(ladders) for j, expr in enumerate(lad.levels)]
    )
    size = F.col(SIZE)
    memo: dict[tuple[int, ...], int] = {}

    def classes(lv: Sequence[int]) -> DataFrame:
        return proj.groupBy(*names(lv)).agg(F.count(F.lit(1)).alias(SIZE))

    def names(lv: Sequence[int]) -> list[str]:
        return [_level_name(i, level) for i, level in enumerate(lv)]

    def short_rows(*trials: Sequence[int]) -> list[int]:
        # the trials not counted yet are counted together: one Spark job per search step
        todo = [tuple(t) for t in trials if tuple(t) not in memo]
        for trial, small in zip(todo, rows_in_small_classes(proj, [names(t) for t in todo], k)):
            memo[trial] = small
        return [memo[tuple(t)] for t in trials]

    proj = proj.persist()
    try:
        levels, bad = search_levels(
            [lad.top for lad in ladders], allowed, lambda trials: short_rows(*trials) if n else [0] * len(trials)
        )
        final_classes = classes(levels).where(size >= k) if bad else classes(levels)
        final = _first(
            final_classes,
            F.min(size).alias("k"),
            F.sum(F.when(size == 1, 1).otherwise(0)).alias("unique"),
            F.sum(size).alias("kept"),
        )
    finally:
        proj.unpersist()

    out = _with_helpers(sdf, ladders)
    changes: list[dict[str, Any]] = []
    replaced: dict[str, Column] = {}
    for lad, level in zip(ladders, levels):
        if level == 0:
            continue
        replaced[str(lad.column)] = lad.levels[level].cast("string")
        changes.append(level_change(lad, level))
    suppressed = 0
    if bad:
        # a row's class size over the chosen levels; rows in classes smaller than k are removed
        keys = [lad.levels[level] for lad, level in zip(ladders, levels)]
        out = out.withColumn("_pg_class", F.count(F.lit(1)).over(Window.partitionBy(*keys)))
        out = out.where(F.col("_pg_class") >= k).drop("_pg_class")
        suppressed = bad
        changes.append(
            {
                "column": None,
                "action": "suppress",
                "rows": suppressed,
                "detail": f"removed {suppressed} rows still in classes smaller than {k}",
            }
        )
    if replaced:
        out = out.withColumns(replaced)
    helpers = [lad.helper[0] for lad in ladders if lad.helper is not None]
    if helpers:
        out = out.drop(*helpers)
    kept = int(final.get("kept") or 0)
    k_reached = int(final.get("k") or 0) if kept else 0
    uniq_share = int(final.get("unique") or 0) / kept if kept else 0.0
    spark_frame: Any = out  # Generalization.frame is typed for pandas; here it is the lazy Spark frame
    return Generalization(
        frame=spark_frame,
        changes=changes,
        k_target=k,
        k=k_reached,
        suppressed=suppressed,
        levels={str(lad.column): lv for lad, lv in zip(ladders, levels)},
        unique_share=uniq_share,
    )
