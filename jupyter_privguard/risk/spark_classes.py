"""Re-identification on a PySpark DataFrame: the equivalence classes counted by Spark, aggregates only.

The pandas path (:mod:`~jupyter_privguard.risk.reidentification`) factorises every row on the
driver; here the rows stay on the executors. The classes are one ``groupBy(quasi-identifiers)`` with
a row count (and, per sensitive column, a distinct count), and every number of the report is an
aggregate over those counts: one row comes back to the driver per question, never a row of the
frame. The report is the same :class:`~jupyter_privguard.risk.RiskReport` (a subclass that holds the
Spark frame instead of a pandas one) with the same numbers and fields as the pandas path on
``sdf.toPandas()``:

- missing values form a class of their own, as :func:`pandas.factorize` with
  ``use_na_sentinel=False`` makes them; Spark's ``groupBy`` already groups nulls together, and a
  floating-point NaN is turned into null first because ``toPandas()`` makes both NaN;
- l-diversity counts a missing sensitive value as a value (``countDistinct`` ignores nulls, so one
  is added for a class that holds a null).

``report.generalize(k=...)`` runs the greedy search of :mod:`~jupyter_privguard.risk.generalization`
with every level a Spark expression (:mod:`~jupyter_privguard.risk.spark_generalization`).

pyspark is imported inside the functions: this module is only imported when a Spark frame is passed.
"""

from __future__ import annotations

import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import UnsupportedDataError
from .columns import _resolve_columns, _risk_roles, column_entities
from .equivalence_classes import _SIZE_BINS
from .generalization import DEFAULT_MAX_SUPPRESSION, Generalization
from .risk_report import RiskReport
from .spark_keys import SIZE, _any_null, _distinct_with_null, _key, rows_in_small_classes

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["SparkRiskReport", "class_sizes", "spark_reidentification"]


def class_sizes(
    sdf: DataFrame, quasi_identifiers: Sequence[Hashable], *, sensitive: Sequence[Hashable] = ()
) -> DataFrame:
    """The equivalence classes of ``sdf`` as a (lazy) Spark DataFrame: one row per class.

    Parameters
    ----------
    sdf
        A PySpark DataFrame.
    quasi_identifiers
        The columns that define a class. Their values become the columns ``_pg_q0``, ``_pg_q1`` ...
        (NaN as null).
    sensitive
        Columns whose number of distinct values per class is added as ``_pg_l0``, ``_pg_l1`` ...
        (a missing value counts as a value).

    Returns
    -------
    pyspark.sql.DataFrame
        The keys, the class size ``_pg_size`` and the distinct counts. Nothing is computed until an
        action runs; its row count is the number of classes.
    """
    from pyspark.sql import functions as F

    keys = [_key(sdf, c).alias(f"_pg_q{i}") for i, c in enumerate(quasi_identifiers)]
    aggs = [F.count(F.lit(1)).alias(SIZE)]
    aggs += [_distinct_with_null(_key(sdf, c)).alias(f"_pg_l{i}") for i, c in enumerate(sensitive)]
    return sdf.groupBy(*keys).agg(*aggs)


@dataclass(repr=False)
class SparkRiskReport(RiskReport):
    """A :class:`RiskReport` of a PySpark DataFrame: the same numbers, the rows left in Spark.

    ``row_risk`` is a lazy Spark DataFrame (the frame with a ``reidentification_risk`` column) and
    ``generalize`` returns a :class:`Generalization` whose ``frame`` is a lazy Spark DataFrame.
    """

    _sdf: Any = field(default=None, repr=False)

    @property
    def row_risk(self) -> Any:
        """The frame with a ``reidentification_risk`` column (``1 / class size``), lazily; row order is Spark's."""
        from pyspark.sql import Window
        from pyspark.sql import functions as F

        sdf = self._sdf
        keys = [_key(sdf, c) for c in self._labels]
        return sdf.withColumn("reidentification_risk", 1.0 / F.count(F.lit(1)).over(Window.partitionBy(*keys)))

    def generalize(self, k: int = 5, *, max_suppression: float = DEFAULT_MAX_SUPPRESSION) -> Generalization:
        """Generalise the Spark frame until every class has at least ``k`` rows (see :meth:`RiskReport.generalize`).

        The same ladders and the same greedy search as the pandas path; every level is a Spark
        expression and every step's class sizes are a Spark aggregation. ``.frame`` of the result is a
        lazy Spark DataFrame with the generalised columns as strings and the suppressed rows removed.
        """
        import numpy as np

        if not isinstance(k, (int, np.integer)) or isinstance(k, bool) or k < 1:
            raise ValueError(f"k must be an integer >= 1, got {k!r}")
        if not 0 <= max_suppression < 1:
            raise ValueError(f"max_suppression must be in [0, 1), got {max_suppression!r}; e.g. 0.05 for 5%")
        if self._sdf is None:
            raise ValueError("this report holds no frame to generalise; build it with reidentification(sdf)")
        from .spark_generalization import spark_generalize

        return spark_generalize(self, int(k), float(max_suppression))


def spark_reidentification(
    sdf: Any,
    quasi_identifiers: str | Sequence[Hashable] | None = None,
    *,
    sensitive: str | Sequence[Hashable] | None = None,
    policy: Any = None,
    start: float | None = None,
) -> SparkRiskReport:
    """:func:`~jupyter_privguard.risk.reidentification` of a PySpark DataFrame (it dispatches here).

    Without ``quasi_identifiers`` the columns are classified by :func:`jupyter_privguard.scan` on the
    Spark frame; where the scanner cannot read Spark frames the argument is required.
    """
    from pyspark.sql import functions as F

    start = time.perf_counter() if start is None else start
    if len(set(sdf.columns)) != len(sdf.columns):
        dup = sorted({c for c in sdf.columns if sdf.columns.count(c) > 1})
        raise UnsupportedDataError(
            f"reidentification() needs unique column names, got duplicates {dup}; rename them "
            "(sdf.withColumnsRenamed or sdf.toDF(...)) first"
        )
    notes: list[str] = []
    columns: list[Hashable] = list(sdf.columns)
    # the column helpers read only .columns (a list here) and the scanner takes any frame it has an adapter for
    as_frame: Any = sdf
    qi = _resolve_columns(as_frame, quasi_identifiers, "quasi_identifiers")
    sens = _resolve_columns(as_frame, sensitive, "sensitive")
    entities: dict[Hashable, str] = {}
    source = "given"
    if quasi_identifiers is None or sensitive is None:
        entities, source = column_entities(as_frame, policy)
        if quasi_identifiers is None and source != "scanner":
            raise UnsupportedDataError(
                "reidentification() of a Spark DataFrame needs quasi_identifiers=[...] here: the scanner did "
                f"not classify its columns (the {source} answered), and the headers alone are not enough to "
                "pick them; name the columns an attacker could know, e.g. quasi_identifiers=['zip', 'dob']"
            )
        if source != "scanner":
            notes.append(f"Columns were classified by the {source}.")
    qi, sens, direct = _risk_roles(columns, entities, qi, sens, quasi_identifiers, sensitive, notes)

    size = F.col(SIZE)
    l_cols = [f"_pg_l{i}" for i in range(len(sens))]
    aggs = [
        F.count(F.lit(1)).alias("n_classes"),
        F.sum(size).alias("n_rows"),
        F.min(size).alias("k"),
        F.sum(F.when(size == 1, 1).otherwise(0)).alias("unique_rows"),
        F.max(F.when(_any_null([F.col(f"_pg_q{i}") for i in range(len(qi))]), 1).otherwise(0)).alias("missing"),
    ]
    aggs += [
        F.sum(F.when(size.between(lo, hi), size).otherwise(0)).alias(f"h{j}")
        for j, (lo, hi, _) in enumerate(_SIZE_BINS)
    ]
    aggs += [F.min(F.col(c)).alias(c) for c in l_cols]
    row = class_sizes(sdf, qi, sensitive=sens).agg(*aggs).first()
    stats = row.asDict() if row is not None else {}
    n = int(stats.get("n_rows") or 0)
    n_classes = int(stats.get("n_classes") or 0) if n else 0
    k = int(stats.get("k") or 0) if n else 0
    unique_share = int(stats.get("unique_rows") or 0) / n if n else 0.0
    hist = {label: int(stats.get(f"h{j}") or 0) for j, (_, _, label) in enumerate(_SIZE_BINS)}
    without: dict[str, float] = {}
    if len(qi) > 1 and n:
        keys = sdf.select(*[_key(sdf, c).alias(f"_pg_q{i}") for i, c in enumerate(qi)])
        names = [f"_pg_q{i}" for i in range(len(qi))]
        # rows in classes smaller than 2 are the unique rows; every leave-one-out set in one job
        unique = rows_in_small_classes(keys, [names[:i] + names[i + 1 :] for i in range(len(qi))], 2)
        without = {str(col): unique[i] / n for i, col in enumerate(qi)}
    l_div = {str(c): int(stats.get(lc) or 0) for c, lc in zip(sens, l_cols)} if n else {}
    if any(v == 1 for v in l_div.values()):
        notes.append("Some classes hold a single sensitive value (l = 1): knowing the quasi-identifiers reveals it.")
    if n and stats.get("missing"):
        notes.append("Missing values in the quasi-identifiers count as a value of their own.")
    return SparkRiskReport(
        quasi_identifiers=[str(c) for c in qi],
        k=k,
        unique_share=unique_share,
        n_classes=n_classes,
        n_rows=n,
        # the mean over rows of 1 / class size is the number of classes over the number of rows
        average_risk=n_classes / n if n else 0.0,
        max_risk=1.0 / k if n else 0.0,
        l_diversity=l_div,
        class_size_histogram=hist,
        unique_share_without=without,
        entities={str(c): entities.get(c) for c in qi},
        direct_identifiers=[str(c) for c in direct],
        sensitive=[str(c) for c in sens],
        source=source,
        notes=notes,
        elapsed_s=time.perf_counter() - start,
        _frame=None,
        _labels=list(qi),
        _row_risk=None,
        _sdf=sdf,
    )
