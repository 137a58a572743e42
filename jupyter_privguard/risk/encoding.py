"""Encoding for the leakage model: the features as a numeric matrix, the sensitive attribute as group codes.

Constant, identifier-like, direct-identifier and free-text columns are left out with a reason;
categories become codes by descending frequency, so no value leaves the frame. Groups of the
sensitive attribute are numbered by size, the small ones pooled or dropped.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .limits import MAX_CATEGORIES, MAX_GROUPS, MIN_GROUP

if TYPE_CHECKING:
    import pandas as pd


def _free_text(text: pd.Series) -> bool:
    from ..detect.text import is_free_text

    sample = text.dropna()
    sample = sample.iloc[:: max(1, len(sample) // 200)].head(200)
    return is_free_text([str(v) for v in sample.tolist()])


def _encode(
    frame: pd.DataFrame, columns: Sequence[Hashable], direct: set[Hashable]
) -> tuple[np.ndarray, list[str], dict[str, str], list[str]]:
    """Numeric matrix for the tree model; returns (X, names, excluded {name: reason}, notes)."""
    import pandas as pd

    out: list[np.ndarray] = []
    names: list[str] = []
    excluded: dict[str, str] = {}
    notes: list[str] = []
    pooled: list[str] = []
    with_missing = 0
    for col in columns:
        s = frame[col]
        name = str(col)
        non_null = int(s.notna().sum())
        if non_null == 0:
            excluded[name] = "all values missing"
            continue
        n_unique = int(s.nunique(dropna=True))
        if n_unique <= 1:
            excluded[name] = "constant"
            continue
        if col in direct:
            excluded[name] = "direct identifier"
            continue
        if non_null < len(s):
            with_missing += 1
        if pd.api.types.is_bool_dtype(s):
            values = s.astype("float64").to_numpy()
        elif pd.api.types.is_datetime64_any_dtype(s):
            days = (s - pd.Timestamp("1970-01-01", tz=getattr(s.dt, "tz", None))).dt.total_seconds() / 86400.0
            values = days.to_numpy(dtype="float64", na_value=np.nan)
        elif pd.api.types.is_timedelta64_dtype(s):
            values = s.dt.total_seconds().to_numpy(dtype="float64", na_value=np.nan)
        elif pd.api.types.is_numeric_dtype(s):
            values = s.to_numpy(dtype="float64", na_value=np.nan)
            finite = values[np.isfinite(values)]
            if n_unique > 50 and n_unique >= 0.95 * non_null and np.all(finite == np.floor(finite)):
                excluded[name] = "identifier-like (integers, nearly every value unique)"
                continue
        else:
            text = s.astype("str") if not isinstance(s.dtype, pd.CategoricalDtype) else s
            if n_unique > MAX_CATEGORIES and n_unique > 0.5 * non_null:
                excluded[name] = "high-cardinality identifier or free text (most values unique)"
                continue
            if _free_text(text):
                excluded[name] = "free text (sentences are not modelled; their content could be personal data)"
                continue
            counts = text.value_counts(dropna=True)
            # Codes by descending frequency: a stable order that needs no labels, so no value leaves.
            rank = {v: i for i, v in enumerate(counts.index)}
            if len(counts) > MAX_CATEGORIES:
                pooled.append(name)
                rank = {v: min(i, MAX_CATEGORIES - 1) for v, i in rank.items()}
            values = text.map(rank).to_numpy(dtype="float64", na_value=np.nan)
        out.append(values.astype("float64"))
        names.append(name)
    if pooled:
        notes.append(
            f"{len(pooled)} categorical column(s) had more than {MAX_CATEGORIES} levels; the rarest were "
            f"pooled into one: {', '.join(pooled)}."
        )
    if with_missing:
        notes.append(f"{with_missing} feature(s) have missing values; the model treats missing as informative.")
    X = np.column_stack(out) if out else np.zeros((len(frame), 0))
    return X, names, excluded, notes


def _prepare_target(s: pd.Series) -> tuple[np.ndarray, np.ndarray, str, list[str]]:
    """Integer group codes (groups numbered by size, largest first), a keep-mask, the kind and notes."""
    import pandas as pd

    notes: list[str] = []
    keep = s.notna().to_numpy()
    if not keep.all():
        notes.append(f"{int((~keep).sum())} rows with the attribute missing were left out.")
    kind = "binary"
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s) and s.nunique() > MAX_GROUPS:
        values = s.to_numpy(dtype="float64", na_value=np.nan)
        med = np.nanmedian(values)
        above = values > med
        if above[keep].all() or not above[keep].any():
            above = values >= med
        labels: pd.Series[Any] = pd.Series(np.where(above, 1, 0), index=s.index).where(s.notna())
        kind = "median split"
        notes.append("A numeric attribute with many values: split at its median into two groups.")
    else:
        labels = s.astype("str").where(s.notna())
    counts = labels.value_counts(dropna=True)
    small = counts[counts < MIN_GROUP]
    big = counts[counts >= MIN_GROUP]
    if len(big) > MAX_GROUPS - 1 and len(counts) > MAX_GROUPS:
        small = counts.iloc[MAX_GROUPS - 1 :]
        big = counts.iloc[: MAX_GROUPS - 1]
    rank = {v: i for i, v in enumerate(big.index)}
    if len(small):
        pooled_n = int(small.sum())
        if pooled_n >= MIN_GROUP:
            rank.update({v: len(big) for v in small.index})
            notes.append(f"{len(small)} small group(s) were pooled into one ({pooled_n} rows).")
        else:
            notes.append(f"{len(small)} group(s) with fewer than {MIN_GROUP} rows ({pooled_n} rows) were left out.")
    codes = labels.map(rank)
    keep = keep & codes.notna().to_numpy()
    y = codes.to_numpy(dtype="float64", na_value=-1).astype(np.int64)
    n_groups = len(set(rank.values()))
    if kind != "median split":
        kind = "binary" if n_groups == 2 else "multiclass"
    return y, keep, kind, notes
