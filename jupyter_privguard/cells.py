"""Cells to text: the distinct values of a column, each as the text an operator sees.

Redaction runs an operator on text. A column may hold anything (strings, numbers, bytes, dates, nested lists or
dicts, mixed types in one object column); this module says, once, what text each cell stands for and assembles the
replacements back into a column. The per-value reference path (:mod:`jupyter_privguard.redaction`) and the
vectorised path (:mod:`jupyter_privguard.vectorised`) both read cells through it, so the two agree on every cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = [
    "NESTED_TYPES",
    "Nested",
    "assemble",
    "factorize",
    "pandas_major",
    "safe_repr",
    "string_dtype",
    "text_of",
    "unique_texts",
]


class Nested:
    """Stands in for an unhashable cell so ``factorize`` can run; equal when the reprs are."""

    __slots__ = ("text",)

    def __init__(self, value: Any) -> None:
        self.text = safe_repr(value)

    def __hash__(self) -> int:
        return hash(self.text)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Nested) and other.text == self.text


NESTED_TYPES: tuple[type, ...] = (list, tuple, set, frozenset, dict)


def safe_repr(value: Any) -> str:
    try:
        return repr(value)
    except Exception:
        return f"<{type(value).__name__}>"


def factorize(values: pd.Series) -> tuple[np.ndarray, Any]:
    """Codes (``-1`` for missing) and the distinct values (an array-like), whatever the dtype."""
    import numpy as np
    import pandas as pd

    try:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        return np.asarray(codes), uniques
    except TypeError:
        pass  # unhashable cells (lists, dicts, arrays) in an object column
    missing = values.isna().to_numpy()
    keys = [None if gone else (v if _hashable(v) else Nested(v)) for v, gone in zip(values.tolist(), missing.tolist())]
    codes, uniques = pd.factorize(pd.Series(keys, dtype=object), use_na_sentinel=True)
    return np.asarray(codes), uniques


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def text_of(value: Any) -> tuple[str, bool]:
    """A distinct cell value as text, and whether it is nested (replaced whole)."""
    import numpy as np
    import pandas as pd

    if isinstance(value, str):
        return value, False
    if isinstance(value, Nested):
        return value.text, True
    if isinstance(value, NESTED_TYPES) or isinstance(value, np.ndarray):
        return safe_repr(value), True
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value)), False
    if isinstance(value, (float, np.floating)):
        # a phone or card number stored as a float must read like the number, not "4.1e+09"
        number = float(value)
        if number.is_integer() and abs(number) < 1e19:
            return str(int(number)), False
        return repr(number), False
    if isinstance(value, (int, np.integer)):
        return str(int(value)), False
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8", errors="replace"), False
    if isinstance(value, pd.Timestamp):
        if value.tz is None and value == value.normalize():
            return value.strftime("%Y-%m-%d"), False
        return value.isoformat(sep=" "), False
    try:
        return str(value), False
    except Exception:
        return safe_repr(value), True


def unique_texts(uniques: Any, dtype: Any) -> tuple[list[str], list[bool]]:
    """Texts of the distinct values and which are nested; vectorised for plain dtypes."""
    from pandas.api import types as ptypes

    n = len(uniques)
    if ptypes.is_string_dtype(dtype) and not ptypes.is_object_dtype(dtype):
        return list(uniques.to_numpy(dtype=object)), [False] * n
    if ptypes.is_integer_dtype(dtype) or ptypes.is_bool_dtype(dtype):
        import pandas as pd

        return list(pd.Series(uniques).astype(str).to_numpy(dtype=object)), [False] * n
    texts, nested = [], []
    for value in uniques:
        text, is_nested = text_of(value)
        texts.append(text)
        nested.append(is_nested)
    return texts, nested


def string_dtype() -> Any:
    """pandas' default string dtype: ``str`` on pandas 3, ``object`` before."""
    return "str" if pandas_major() >= 3 else object


def pandas_major() -> int:
    import pandas as pd

    return int(pd.__version__.split(".")[0])


def assemble(codes: np.ndarray, results: np.ndarray, like: pd.Series) -> pd.Series:
    """The output column: ``results[code]`` per cell, missing where ``code`` is -1.

    On pandas 3 with pyarrow the cells are never materialised as Python objects: a dictionary
    array (codes into the distinct results) is cast to a string array, which is several times
    faster than taking from an object array for a million rows.
    """
    import numpy as np
    import pandas as pd

    if pandas_major() >= 3:
        try:
            import pyarrow as pa
        except ImportError:  # pragma: no cover - pyarrow is in the "fast" extra
            pa = None
        if pa is not None:
            dictionary = pa.array(results, type=pa.large_string())
            indices = pa.array(codes.astype(np.int64, copy=False), mask=codes < 0)
            cells = pa.DictionaryArray.from_arrays(indices, dictionary).cast(pa.large_string())
            return pd.Series(cells, index=like.index, name=like.name, dtype="str")
    taken = np.append(results, np.array([np.nan], dtype=object))[codes]  # code -1 -> the NaN slot
    out: pd.Series[Any] = pd.Series(taken, index=like.index, name=like.name, dtype=string_dtype())
    return out
