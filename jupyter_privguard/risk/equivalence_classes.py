"""Equivalence classes on integer codes: the counting behind k-anonymity, uniqueness and l-diversity.

Each quasi-identifier is factorised once, the codes are combined into one int64 key per row (mixed
radix, re-factorised before the radix would overflow) and the class sizes come from
:func:`numpy.bincount`. :func:`unique_rows` is the fast path of the display guard's one-line warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["unique_rows"]

# class-size bands of the report: (smallest size, largest size, label)
_SIZE_BINS = ((1, 1, "1 (unique)"), (2, 2, "2"), (3, 4, "3-4"), (5, 9, "5-9"), (10, 10**18, "10+"))


def _codes(values: pd.Series) -> tuple[np.ndarray, int]:
    """Integer codes with missing values as a value of their own (a blank is as telling as any value)."""
    import pandas as pd

    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return codes.astype(np.int64, copy=False), max(len(uniques), 1)


def _combined_key(code_list: Sequence[tuple[np.ndarray, int]], n: int) -> tuple[np.ndarray, int]:
    """One int64 key per row: codes combined by mixed radix, re-factorised before an overflow."""
    import pandas as pd

    if not code_list:
        return np.zeros(n, dtype=np.int64), 1
    key, size = code_list[0]
    for codes, card in code_list[1:]:
        if size * card >= 2**62:
            key, uniq = pd.factorize(key)
            size = len(uniq)
        key = key * card + codes
        size *= card
    return key, size


def _group_ids(code_list: Sequence[tuple[np.ndarray, int]], n: int) -> tuple[np.ndarray, int]:
    """Dense class ids (0 .. n_classes - 1) and the number of classes."""
    import pandas as pd

    key, _ = _combined_key(code_list, n)
    gid, uniq = pd.factorize(key)
    return gid.astype(np.int64, copy=False), len(uniq)


@dataclass(frozen=True)
class _Classes:
    gid: np.ndarray  # class id per row
    sizes: np.ndarray  # size per class (may hold zeros for unused ids; see present_sizes)

    @property
    def row_sizes(self) -> np.ndarray:
        return np.asarray(self.sizes[self.gid])

    @property
    def present_sizes(self) -> np.ndarray:
        return np.asarray(self.sizes[self.sizes > 0])


def _classes(code_list: Sequence[tuple[np.ndarray, int]], n: int) -> _Classes:
    key, size = _combined_key(code_list, n)
    if size <= max(4 * n, 1 << 20):
        # a small key space: count directly, no hashing (the generalisation search lives here)
        return _Classes(key, np.bincount(key, minlength=size))
    gid, n_groups = _group_ids(code_list, n)
    return _Classes(gid, np.bincount(gid, minlength=n_groups))


def _l_diversity(gid: np.ndarray, n_groups: int, sensitive: pd.Series) -> int:
    """Distinct l-diversity: the smallest number of distinct sensitive values in a class."""
    import pandas as pd

    s_codes, s_uniq = pd.factorize(sensitive, use_na_sentinel=False)
    pair = gid * max(len(s_uniq), 1) + s_codes
    distinct_pairs = pd.unique(pair)
    per_class = np.bincount(distinct_pairs // max(len(s_uniq), 1), minlength=n_groups)
    return int(per_class.min()) if n_groups else 0


def unique_rows(frame: pd.DataFrame) -> int:
    """How many rows of ``frame`` are alone in their class on *all* of its columns (the fast path).

    The same counting as :func:`~jupyter_privguard.risk.reidentification` (missing values are a
    value of their own) without the rest of the report (per-row risk, leave-one-out shares,
    l-diversity): what the display guard needs for its one-line warning. Select the
    quasi-identifiers first (``df[[...]]`` or ``df.iloc[:, positions]``).
    """
    n = len(frame)
    if frame.shape[1] == 0:
        return int(n == 1)  # no column: every row is in one class
    code_list = [_codes(frame.iloc[:, i]) for i in range(frame.shape[1])]
    classes = _classes(code_list, n)
    return int((classes.sizes == 1).sum())
