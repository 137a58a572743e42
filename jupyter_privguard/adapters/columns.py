"""Column data for the detectors: what every frame adapter turns its columns into.

A column becomes a :class:`ColumnData`: its display name, position, dtype, a sample of its
non-missing values as stripped strings, and a fingerprint for the cache. Only the sample is
converted, so a million-row frame costs what its sample costs.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

# Values longer than this are cut for classification only (redaction always sees the whole cell).
MAX_CHARS = 2_000
# Rows always included in the sample: what a notebook renders first and last.
EDGE_ROWS = 10

ValueKind = str  # "string" | "numeric" | "bool" | "datetime" | "nested" | "bytes" | "mixed" | "empty"


@dataclass(frozen=True)
class ColumnData:
    """One column, ready for detection (the sample holds values: it never leaves the process)."""

    name: str
    label: Any
    position: int
    dtype: str
    value_kind: ValueKind
    n_rows: int
    n_missing_sampled: int
    sample: pd.Series  # str values, non-missing, stripped, cut at MAX_CHARS; index = row positions
    fingerprint: str


def display_names(labels: list[Any]) -> list[str]:
    """Unique display names for column labels: tuples joined by ' / ', repeats numbered '#2', '#3'."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for label in labels:
        if isinstance(label, tuple):
            base = " / ".join(str(part) for part in label)
        else:
            base = str(label)
        count = seen.get(base, 0) + 1
        seen[base] = count
        names.append(base if count == 1 else f"{base}#{count}")
    return names


def sample_positions(n_rows: int, size: int) -> list[int]:
    """Deterministic sample of row positions: the edges plus an even spread with jitter."""
    if n_rows <= size:
        return list(range(n_rows))
    import numpy as np

    edge = min(EDGE_ROWS, size // 4)
    edges = list(range(edge)) + list(range(n_rows - edge, n_rows))
    rng = np.random.default_rng(n_rows)
    # the rest spread over the middle, so no position is drawn twice
    spread = rng.choice(n_rows - 2 * edge, size=size - 2 * edge, replace=False) + edge
    return sorted(edges + [int(i) for i in spread])


def sample_columns(
    frame: pd.DataFrame,
    labels: list[Any],
    n_rows: int,
    rows: list[int],
    *,
    dtypes: list[str] | None = None,
    denser: Callable[[int, pd.Series], pd.Series] | None = None,
    only: Sequence[int] | None = None,
) -> Iterator[ColumnData]:
    """:class:`ColumnData` for the columns of a sampled frame (the part every adapter shares).

    Parameters
    ----------
    frame
        The sampled rows as a pandas DataFrame, one column per column of the object, in order.
    labels
        The object's column labels (any hashable; names are made with :func:`display_names`).
    n_rows
        The length of the whole object.
    rows
        The row position in the whole object of each sampled row.
    dtypes
        The library's own dtype names; the sample's pandas dtypes when omitted.
    denser
        ``denser(position, sample)`` returns a better sample for a column that is more than 90%
        missing in ``sample`` (sampled among its present rows); the sample is kept when omitted.
    only
        The positions of the columns wanted, in the order wanted; ``frame`` then holds those
        columns only, in that order (names are still made from every label, so ``#2`` stays put).
    """
    names = display_names(labels)
    wanted = range(len(labels)) if only is None else only
    for index, position in enumerate(wanted):
        name, label = names[position], labels[position]
        column = frame.iloc[:, position if only is None else index]
        dtype = dtypes[position] if dtypes is not None else str(column.dtype)
        column = column.set_axis(rows)
        if denser is not None and n_rows > len(column) and len(column) and column.isna().mean() > 0.9:
            column = denser(position, column)
        values, value_kind, n_missing = to_strings(column)
        yield ColumnData(
            name=name,
            label=label,
            position=position,
            dtype=dtype,
            value_kind=value_kind,
            n_rows=n_rows,
            n_missing_sampled=n_missing,
            sample=values,
            fingerprint=_fingerprint(name, dtype, n_rows, values),
        )


def to_strings(column: pd.Series) -> tuple[pd.Series, ValueKind, int]:
    """Non-missing values as stripped strings, the kind of values, and how many were missing."""
    import numpy as np
    import pandas as pd
    from pandas.api import types as ptypes

    dtype = column.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        column = column.astype(object)
        dtype = column.dtype
    if ptypes.is_bool_dtype(dtype):
        present = column.dropna()
        return present.astype(str).astype(object), "bool", len(column) - len(present)
    if ptypes.is_numeric_dtype(dtype) and not ptypes.is_complex_dtype(dtype):
        present = column.dropna()
        if ptypes.is_float_dtype(dtype):
            present = present[np.isfinite(present.to_numpy(dtype=float, na_value=np.nan))]
        strings = pd.Series([_number_text(v) for v in present.tolist()], index=present.index, dtype=object)
        return strings, "numeric", len(column) - len(present)
    if ptypes.is_datetime64_any_dtype(dtype):
        present = column.dropna()
        return present.astype(str).astype(object), "datetime", len(column) - len(present)

    kinds: set[str] = set()
    out: list[str] = []
    rows: list[Any] = []
    missing = 0
    for row, value in zip(column.index.tolist(), column.tolist()):
        text = _cell_text(value, kinds)
        if text is None:
            missing += 1
        elif text:
            out.append(text)
            rows.append(row)
    if not out:
        kind = "empty"
    elif len(kinds) == 1:
        kind = kinds.pop()
    else:
        kind = "mixed"
    return pd.Series(out, index=pd.Index(rows, dtype="int64"), dtype=object), kind, missing


def _number_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e19:
        return str(int(value))
    return str(value)


def _cell_text(value: Any, kinds: set[str]) -> str | None:
    """A cell as text for detection; ``None`` when missing."""
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        kinds.add("numeric")
        return _number_text(value)
    if isinstance(value, str):
        kinds.add("string")
        return value.strip()[:MAX_CHARS]
    if isinstance(value, (bytes, bytearray, memoryview)):
        kinds.add("bytes")
        return bytes(value).decode("utf-8", errors="replace").strip()[:MAX_CHARS]
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        kinds.add("nested")
        return " ".join(_leaves(value))[:MAX_CHARS]
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return None
    except ImportError:  # pragma: no cover
        pass
    if isinstance(value, (int,)) and not isinstance(value, bool):
        kinds.add("numeric")
        return str(value)
    kinds.add("object")
    try:
        return str(value).strip()[:MAX_CHARS]
    except Exception:
        return None


def _leaves(value: Any, depth: int = 0) -> Iterator[str]:
    if depth > 20:
        return
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item, depth + 1)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _leaves(item, depth + 1)
    elif value is not None:
        yield str(value)


def nested_leaves(value: Any) -> list[str]:
    """The leaf values of a nested cell, as strings."""
    return list(_leaves(value))


def _fingerprint(name: str, dtype: str, n_rows: int, values: pd.Series) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(json.dumps([name, dtype, n_rows, len(values)]).encode())
    for value in values.tolist():
        digest.update(value.encode("utf-8", errors="replace"))
        digest.update(b"\x1f")
    return digest.hexdigest()
