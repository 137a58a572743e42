"""Re-identification risk: k-anonymity, uniqueness, l-diversity and a greedy generalisation to a target k.

An *equivalence class* is the set of rows that share the same values on every quasi-identifier. A row
in a class of size ``c`` can be singled out with probability ``1 / c`` by someone who knows those
values about a person in the table (the "prosecutor" model of El Emam & Dankar 2008). ``k`` is the
smallest class size (Sweeney 2002); ``l`` is the smallest number of distinct sensitive values inside
a class (Machanavajjhala et al. 2007).

Everything runs on integer codes from :func:`pandas.factorize`: each quasi-identifier is factorised
once, the codes are combined into one int64 key per row (mixed radix, re-factorised whenever the
radix would overflow) and the class sizes come from :func:`numpy.bincount`. That is what keeps a
million rows under a second or two. Nothing in a report holds a raw value: column names, counts,
shares and risks only.

This module holds :func:`reidentification`; its parts sit next to it, one concern each:
:mod:`~jupyter_privguard.risk.columns` (which column is what),
:mod:`~jupyter_privguard.risk.equivalence_classes` (the counting, and :func:`unique_rows`),
:mod:`~jupyter_privguard.risk.risk_report` (the report), :mod:`~jupyter_privguard.risk.generalization`
(the search behind ``generalize``) and :mod:`~jupyter_privguard.risk.charts` (the bars). The names
callers import from here (``unique_rows``, ``_svg_bars`` ...) are re-exported; the display guard
imports ``unique_rows`` from this module when it runs, so patching it here still takes effect.
"""

from __future__ import annotations

import time
from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..adapters.spark_types import is_spark_frame
from .charts import _svg_bars as _svg_bars
from .columns import _as_pandas, _resolve_columns, _risk_roles, column_entities
from .equivalence_classes import _SIZE_BINS, _Classes, _classes, _codes, _group_ids, _l_diversity, unique_rows
from .generalization import DEFAULT_MAX_SUPPRESSION as DEFAULT_MAX_SUPPRESSION
from .generalization import Generalization
from .risk_report import RiskReport

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Generalization", "RiskReport", "column_entities", "reidentification", "unique_rows"]

# ---------------------------------------------------------------------------------------------------
# The public function
# ---------------------------------------------------------------------------------------------------


def reidentification(
    df: pd.DataFrame,
    quasi_identifiers: str | Sequence[Hashable] | None = None,
    *,
    sensitive: str | Sequence[Hashable] | None = None,
    policy: Any = None,
) -> RiskReport:
    """Measure how easily a row of ``df`` can be singled out from its quasi-identifiers.

    Parameters
    ----------
    df
        A pandas DataFrame (polars frames are converted) or a PySpark DataFrame (counted with Spark
        aggregations, see :mod:`~jupyter_privguard.risk.spark_classes`). It is not modified.
    quasi_identifiers
        Columns an attacker could know about a person (postal code, birth date, age, sex ...).
        When omitted, the columns the scanner classifies as quasi-identifiers.
    sensitive
        Columns whose l-diversity is reported. When omitted, the columns classified as sensitive
        attributes (health, ethnicity, religion ...).
    policy
        The :class:`~jupyter_privguard.policy.Policy` used to classify the columns when either list is
        omitted (thresholds, allowed columns, forced entities); by default the defaults with NER off.

    Returns
    -------
    RiskReport
        ``k``, the unique share, per-row risk (``report.row_risk``), l-diversity, which column
        drives the risk; ``report.generalize(k=5)`` returns a generalised copy.
    """
    start = time.perf_counter()
    if is_spark_frame(df):
        # the Spark path counts the classes with Spark aggregations; no row reaches the driver
        from .spark_classes import spark_reidentification

        return spark_reidentification(df, quasi_identifiers, sensitive=sensitive, policy=policy, start=start)
    frame = _as_pandas(df, "reidentification()")
    notes: list[str] = []
    qi = _resolve_columns(frame, quasi_identifiers, "quasi_identifiers")
    sens = _resolve_columns(frame, sensitive, "sensitive")
    entities: dict[Hashable, str] = {}
    source = "given"
    if quasi_identifiers is None or sensitive is None:
        entities, source = column_entities(frame, policy)
        if source != "scanner":
            notes.append(f"Columns were classified by the {source}.")
    qi, sens, direct = _risk_roles(frame.columns, entities, qi, sens, quasi_identifiers, sensitive, notes)

    n = len(frame)
    code_list = [_codes(frame[c]) for c in qi]
    gid, n_groups = _group_ids(code_list, n)
    classes = _Classes(gid, np.bincount(gid, minlength=n_groups))
    row_sizes = classes.row_sizes
    k = int(classes.sizes.min()) if n and len(classes.sizes) else 0
    unique_share = float((row_sizes == 1).mean()) if n else 0.0
    row_risk = 1.0 / row_sizes if n else np.zeros(0)
    hist = {label: int(((row_sizes >= lo) & (row_sizes <= hi)).sum()) for lo, hi, label in _SIZE_BINS}
    without: dict[str, float] = {}
    if len(qi) > 1 and n:
        for i, col in enumerate(qi):
            rest = code_list[:i] + code_list[i + 1 :]
            without[str(col)] = float((_classes(rest, n).row_sizes == 1).mean())
    l_div = {str(c): _l_diversity(classes.gid, len(classes.sizes), frame[c]) for c in sens} if n else {}
    if any(v == 1 for v in l_div.values()):
        notes.append("Some classes hold a single sensitive value (l = 1): knowing the quasi-identifiers reveals it.")
    if frame[qi].isna().any().any() if qi else False:
        notes.append("Missing values in the quasi-identifiers count as a value of their own.")
    return RiskReport(
        quasi_identifiers=[str(c) for c in qi],
        k=k,
        unique_share=unique_share,
        n_classes=int(len(classes.sizes)) if n else 0,
        n_rows=n,
        average_risk=float(row_risk.mean()) if n else 0.0,
        max_risk=float(row_risk.max()) if n else 0.0,
        l_diversity=l_div,
        class_size_histogram=hist,
        unique_share_without=without,
        entities={str(c): entities.get(c) for c in qi},
        direct_identifiers=[str(c) for c in direct],
        sensitive=[str(c) for c in sens],
        source=source,
        notes=notes,
        elapsed_s=time.perf_counter() - start,
        _frame=frame,
        _labels=list(qi),
        _row_risk=row_risk,
        _class_sizes=np.asarray(classes.sizes) if n else None,
    )
