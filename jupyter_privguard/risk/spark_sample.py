"""The driver-side sample behind :func:`~jupyter_privguard.risk.leakage` of a PySpark DataFrame.

The leakage analysis fits a model on the driver, and the pandas path already subsamples to
``max_rows`` (stratified). For a Spark frame the sample is drawn by Spark, stratified by the
sensitive attribute, and only the sample comes to the driver (``toPandas()``); the pandas analysis
then runs on it unchanged.

Why not ``DataFrame.sampleBy``: its fractions are keyed by the attribute's values, which would bring
every sensitive value to the Python driver and write them into the query plan. Here the strata are
counted by a ``groupBy``, each stratum's fraction is computed in Spark next to its count, and the
fractions are joined back to the rows (a broadcast join: the strata are few), so no value is handled
in Python. The allocation is proportional (one fraction for all), except that a small stratum keeps
at least ``2 * MIN_GROUP`` expected rows where there are at most ``MAX_CATEGORIES`` strata, so that
a rare group is not lost to the pooling of groups under ``MIN_GROUP`` rows. Sampling is Bernoulli,
aimed at 95% of ``max_rows`` minus what the small strata add, and capped with ``limit(max_rows)``.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .limits import MAX_CATEGORIES, MIN_GROUP
from .spark_keys import _key

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame

__all__: list[str] = []

_TARGET = 0.95  # aim below max_rows so that the Bernoulli sample rarely needs the cap


@dataclass
class _Sample:
    frame: pd.DataFrame
    n_total: int
    stratified_by: str | None

    @property
    def note(self) -> str:
        m, n = len(self.frame), self.n_total
        if m == n:
            return f"Spark DataFrame: all {n:,} rows were brought to the driver (at most max_rows) and analysed."
        by = f" by {self.stratified_by}" if self.stratified_by is not None else ""
        return (
            f"Spark DataFrame: a stratified sample{by} of {m:,} of {n:,} rows was drawn by Spark and brought "
            "to the driver; the analysis ran on the sample."
        )

    def settings(self) -> dict[str, Any]:
        return {"rows": len(self.frame), "of": self.n_total, "stratified_by": self.stratified_by}


def _to_pandas(sdf: DataFrame) -> pd.DataFrame:
    with warnings.catch_warnings():
        # pyspark 4 warns at every conversion that it does not fully support pandas >= 3, and its
        # converter still passes pandas 3's deprecated copy= keyword; neither is the user's to act on
        warnings.filterwarnings("ignore", message=".*PySpark does not yet fully support pandas.*")
        warnings.filterwarnings("ignore", message=".*The copy keyword is deprecated.*", module=r"pyspark\.")
        return sdf.toPandas()


def stratified_sample(sdf: DataFrame, stratum: Hashable | None, max_rows: int, seed: int) -> _Sample:
    """At most ``max_rows`` rows of ``sdf`` as pandas, stratified by the column ``stratum`` (or uniform)."""
    from pyspark.sql import functions as F

    n = sdf.count()
    if n <= max_rows:
        return _Sample(_to_pandas(sdf), n, None)
    budget = _TARGET * max_rows
    if stratum is None:
        sample = sdf.sample(fraction=min(1.0, budget / n), seed=seed)
        return _Sample(_to_pandas(sample.limit(max_rows)), n, None)
    size = F.col("_pg_stratum_rows")
    strata = sdf.groupBy(_key(sdf, stratum).alias("_pg_stratum")).agg(F.count(F.lit(1)).alias("_pg_stratum_rows"))
    n_strata = strata.count()
    floor = 2 * MIN_GROUP if n_strata <= MAX_CATEGORIES else 0
    fraction = max(budget - floor * n_strata, budget / 2) / n
    strata = strata.withColumn("_pg_fraction", F.least(F.lit(1.0), F.greatest(F.lit(fraction), floor / size)))
    joined = sdf.join(F.broadcast(strata), _key(sdf, stratum).eqNullSafe(F.col("_pg_stratum")))
    sample = joined.where(F.rand(seed) < F.col("_pg_fraction")).drop("_pg_stratum", "_pg_stratum_rows", "_pg_fraction")
    return _Sample(_to_pandas(sample.limit(max_rows)), n, str(stratum))
