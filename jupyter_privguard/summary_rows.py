"""The count rows of a ``describe()`` table: numbers about a personal column, not values of it.

``df.describe(include="all")`` (and ``Series.describe()`` of a text column) gives each column the
rows ``count``, ``unique``, ``top``, ``freq`` (and ``mean``, ``std``, percentiles for numbers). A
column classified as personal data (``email``, by its header) is redacted whole, so its counts
showed as ``<EMAIL_ADDRESS>``: a loss of utility with no gain, since a count names nobody. Only
``top`` (the most frequent value) and the order statistics (``min``, ``max``, percentiles, ``first``,
``last``) can hold a value: they stay redacted.

:func:`count_cells` says which cells of a column are such counts, and only when the column is
shaped like a summary: every label one of ``describe()``'s, ``count`` among them, and the counts
consistent with each other (whole numbers, ``unique`` and ``freq`` at most ``count``, ``count`` below
a billion, so a phone number stored in a row called ``count`` is no count).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COUNT_ROWS", "count_cells", "restore_counts"]

#: The rows of a summary that hold counts.
COUNT_ROWS = ("count", "unique", "freq")
_SUMMARY_ROWS = frozenset({*COUNT_ROWS, "top", "mean", "std", "min", "max", "first", "last"})
_PERCENTILE = re.compile(r"[0-9]{1,2}(?:\.[0-9]+)?%|100%")
_MAX_COUNT = 10**9
_MAX_ROWS = 40


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) and type(value).__module__ != "numpy":
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if number != number or not 0 <= number < _MAX_COUNT or number != int(number):
        return None
    return number


def count_cells(column: pd.Series) -> list[int]:
    """Positions of the ``count``/``unique``/``freq`` cells of ``column`` when it is a summary's column."""
    labels = list(column.index)
    if not 2 <= len(labels) <= _MAX_ROWS or "count" not in labels or len(set(labels)) != len(labels):
        return []
    if not all(isinstance(label, str) and (label in _SUMMARY_ROWS or _PERCENTILE.fullmatch(label)) for label in labels):
        return []
    values = dict(zip(labels, column.tolist()))
    count = _number(values["count"])
    if count is None:
        return []
    for label in ("unique", "freq"):
        if label in values and values[label] == values[label]:  # NaN: a numeric column's missing row
            other = _number(values[label])
            if other is None or other > count:
                return []
    return [i for i, label in enumerate(labels) if label in COUNT_ROWS and _number(values[label]) is not None]


def restore_counts(original: pd.Series, redacted: pd.Series) -> pd.Series:
    """``redacted`` with the count cells of ``original`` put back (a new Series; ``redacted`` itself if none)."""
    cells = count_cells(original)
    if not cells or len(redacted) != len(original):
        return redacted
    out = redacted.astype(object).copy()
    for i in cells:
        out.iloc[i] = original.iloc[i]
    return out
