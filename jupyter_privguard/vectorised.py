"""The vectorised redaction path: a column in one pass over Arrow strings, the same cells as the per-value path.

:func:`~jupyter_privguard.redaction.redact_series` asks :func:`redact_column` first. It answers for the built-in
operators (placeholder, ``drop``, ``mask``, ``hash``, ``pseudonymize``, ``generalize``: their kernels are in
:mod:`jupyter_privguard.kernels`) on any column it can read as text without a Python loop over the rows:

* pandas' string dtypes (``str``, ``string[python]``, ``string[pyarrow]``) and object columns that hold only
  strings and missing values: the column itself, as one Arrow array;
* categoricals: their categories, read the same way, mapped back by the codes;
* everything else (numbers, bytes, dates, mixed or nested objects): the distinct values, each as the text the
  per-value path gives it (:mod:`jupyter_privguard.cells`), then the kernel over those texts.

It returns ``None`` (the per-value path runs) for an operator without a kernel (a plugin's, or a user's operator
registered under a built-in's name), when pyarrow is not installed, for a column shorter than :data:`SMALL_COLUMN`
(the display path's few rows, where calling Arrow costs more than the loop), and for text Arrow cannot hold (lone
surrogates). Inside a column, the texts a kernel leaves undecided (null) go to the per-value operator, never raw.

:func:`per_value` turns this path off for a block, which keeps the per-value path available as the reference the
equivalence tests and the benchmark compare against.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .cells import factorize, pandas_major, text_of, unique_texts
from .operators import Operator, placeholder

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from .policy import Policy

__all__ = [
    "SMALL_COLUMN",
    "checked_replacements",
    "constant_column",
    "per_value",
    "redact_column",
    "vectorised_enabled",
]

#: Columns shorter than this take the per-value path: below it, calling Arrow costs about what the loop does.
SMALL_COLUMN = 32

_PER_VALUE: contextvars.ContextVar[bool] = contextvars.ContextVar("privguard_per_value", default=False)


@contextmanager
def per_value() -> Iterator[None]:
    """Within this block, redaction takes the per-value path only (the reference the vectorised path matches).

    Examples
    --------
    >>> from jupyter_privguard.vectorised import per_value, vectorised_enabled
    >>> with per_value():
    ...     vectorised_enabled()
    False
    """
    token = _PER_VALUE.set(True)
    try:
        yield
    finally:
        _PER_VALUE.reset(token)


def vectorised_enabled() -> bool:
    """Whether :func:`redact_column` may answer here (not inside :func:`per_value`)."""
    return not _PER_VALUE.get()


def checked_replacements(operator: Operator, texts: pd.Series, entity: str, policy: Policy) -> list[str]:
    """``operator.func`` over ``texts``, checked: one replacement per text, as text."""
    replaced = operator.func(texts, entity, policy)
    if len(replaced) != len(texts):
        raise ValueError(
            f"operator {operator.name!r} returned {len(replaced)} values for {len(texts)}; "
            "an operator must return one replacement per input value"
        )
    items = replaced.tolist() if hasattr(replaced, "tolist") else list(replaced)
    return [str(r) for r in items]


# ---------------------------------------------------------------------------------------------
# a column as Arrow text
# ---------------------------------------------------------------------------------------------
@dataclass
class _Items:
    """What the kernel runs over: one text per item (null: missing), and how the rows map onto the items.

    ``codes`` is ``None`` when there is one item per row; otherwise the row's item (``-1``: missing).
    ``nested`` marks the items that stand for a nested cell (their text is its ``repr``).
    """

    texts: Any
    codes: np.ndarray | None = None
    nested: np.ndarray | None = None


def _arrow_text(values: Any) -> Any:
    """An Arrow ``large_string`` array of ``values`` (strings and missing only), or ``None`` when Arrow refuses."""
    import pyarrow as pa

    try:
        array = pa.array(values, from_pandas=True)
        if isinstance(array, pa.ChunkedArray):
            array = array.combine_chunks()
        if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
            return None
        return array.cast(pa.large_string())
    except (pa.ArrowException, UnicodeError, TypeError, ValueError):
        return None  # lone surrogates (not UTF-8), or a cell that is not text after all


def _items(values: pd.Series) -> _Items | None:
    import numpy as np
    import pandas as pd
    from pandas.api import types as ptypes

    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        categories = _items(pd.Series(dtype.categories))
        if categories is None:
            return None
        codes = values.cat.codes.to_numpy().astype(np.intp)
        if categories.codes is not None:
            codes = np.where(codes >= 0, categories.codes[np.maximum(codes, 0)], -1)
        return _Items(categories.texts, codes, categories.nested)
    if isinstance(dtype, pd.StringDtype):
        texts = _arrow_text(values.array)
        return None if texts is None else _Items(texts)
    if ptypes.is_object_dtype(dtype) and ptypes.infer_dtype(values, skipna=True) in ("string", "empty"):
        texts = _arrow_text(values.to_numpy())
        if texts is not None:
            return _Items(texts)
    return _distinct_items(values)


def _distinct_items(values: pd.Series) -> _Items | None:
    """The distinct values as the per-value path reads them (:func:`cells.unique_texts`), numbers and dates in bulk."""
    import numpy as np
    import pyarrow as pa

    codes, uniques = factorize(values)
    texts = _numeric_texts(np.asarray(uniques), values.dtype) if isinstance(values.dtype, np.dtype) else None
    nested = None
    if texts is None:
        listed, flags = unique_texts(uniques, values.dtype)
        try:
            texts = pa.array(listed, type=pa.large_string())
        except (pa.ArrowException, UnicodeError):
            return None
        nested = np.asarray(flags, dtype=bool) if any(flags) else None
    return _Items(texts, np.asarray(codes, dtype=np.intp), nested)


def _numeric_texts(uniques: np.ndarray, dtype: np.dtype[Any]) -> Any:
    """``text_of`` of distinct numpy integers, floats or naive datetimes, without a loop; ``None`` for other kinds."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if dtype.kind in "iu":
        return pc.cast(pa.array(uniques), pa.large_string())  # str(int), as pandas' astype(str)
    if dtype.kind == "f":
        return _float_texts(uniques)
    if dtype.kind == "M":
        return _datetime_texts(uniques)
    return None


def _datetime_texts(uniques: np.ndarray) -> Any:
    """Distinct naive datetimes as ``text_of`` writes a Timestamp: a date at midnight, else ISO with a space."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    days = uniques.astype("datetime64[D]")
    years = days.astype("datetime64[Y]").astype(np.int64) + 1970
    if len(uniques) == 0 or years.min() < 1000 or years.max() > 9999:
        return None  # strftime's and numpy's year widths part outside four digits
    seconds = uniques.astype("datetime64[s]")
    midnight = days.astype(uniques.dtype) == uniques
    whole = seconds.astype(uniques.dtype) == uniques
    stamps = pc.replace_substring(pa.array(np.datetime_as_string(seconds)), "T", " ", max_replacements=1)
    texts = pc.if_else(pa.array(midnight), pa.array(np.datetime_as_string(days)), stamps).cast(pa.large_string())
    if whole.all():
        return texts
    # fractions of a second: Timestamp.isoformat's own digits
    others = [text_of(v)[0] for v in _timestamps(uniques[~whole])]
    return pc.replace_with_mask(texts, pa.array(~whole), pa.array(others, pa.large_string()))


def _timestamps(values: np.ndarray) -> list[Any]:
    import pandas as pd

    return list(pd.DatetimeIndex(values))


def _float_texts(uniques: np.ndarray) -> Any:
    """``text_of`` of distinct floats: whole numbers as integers (``4155550123``), the rest as ``repr``."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    number = uniques.astype(np.float64)
    with np.errstate(invalid="ignore"):
        # int64 holds every whole float below 2**63 exactly; larger ones (rare) are written by Python
        whole = np.isfinite(number) & (number == np.floor(number)) & (np.abs(number) < 2.0**63)
    texts = pc.cast(pa.array(np.where(whole, number, 0).astype(np.int64)), pa.large_string())
    if whole.all():
        return texts
    others = [text_of(v)[0] for v in uniques[~whole].tolist()]
    return pc.replace_with_mask(texts, pa.array(~whole), pa.array(others, pa.large_string()))


# ---------------------------------------------------------------------------------------------
# the column
# ---------------------------------------------------------------------------------------------
def redact_column(values: pd.Series, entity: str, operator: Operator, policy: Policy) -> pd.Series | None:
    """``operator`` over every cell of ``values`` in one pass, or ``None`` when the per-value path must run.

    Parameters
    ----------
    values
        One column, any dtype.
    entity
        The entity the values hold.
    operator
        The operator to apply (its kernel is looked up by its function).
    policy
        Supplies the key, ``mask_keep``, ``zip_digits``, ``age_band`` and the allowed values.

    Returns
    -------
    pandas.Series or None
        Exactly what :func:`~jupyter_privguard.redaction.redact_series` returns for these arguments on the
        per-value path; ``None`` when this path does not apply.
    """
    if not vectorised_enabled() or len(values) < SMALL_COLUMN:
        return None
    try:
        import pyarrow  # noqa: F401
    except ImportError:  # pyarrow is optional (the "fast" extra)
        return None
    from .kernels import KERNELS

    kernel = KERNELS.get(operator.func)
    if kernel is None:
        return None
    items = _items(values)
    if items is None:
        return None
    replaced = _replace(items, kernel, entity, operator, policy)
    return _series(replaced, items.codes, values)


def constant_column(values: pd.Series, text: str) -> pd.Series | None:
    """``text`` in every present cell of ``values``, missing where it is missing; ``None`` for the per-value path.

    The placeholder actions' column: built from bytes (the text repeated, offsets by a cumulative sum), where the
    per-value path takes a dictionary of one entry by the codes.
    """
    if not vectorised_enabled() or len(values) < SMALL_COLUMN or pandas_major() < 3:
        return None
    try:
        import pyarrow as pa
    except ImportError:
        return None
    import numpy as np
    import pandas as pd

    present = ~values.isna().to_numpy()
    encoded = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    width, count = len(encoded), int(present.sum())
    if count == len(values):
        offsets, validity = np.arange(0, (count + 1) * width, width, dtype=np.int64), None
    else:
        offsets = np.zeros(len(values) + 1, dtype=np.int64)
        np.cumsum(present, out=offsets[1:])
        offsets *= width
        validity = pa.py_buffer(np.packbits(present, bitorder="little"))
    data = np.tile(encoded, count)
    cells = pa.LargeStringArray.from_buffers(len(values), pa.py_buffer(offsets), pa.py_buffer(data), validity)
    return pd.Series(cells, index=values.index, name=values.name, dtype="str")


def _replace(items: _Items, kernel: Any, entity: str, operator: Operator, policy: Policy) -> Any:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    texts = items.texts
    if len(texts) == 0:
        return texts
    result = kernel(texts, entity, policy)
    present = pc.is_valid(texts)
    keep_text = _allowed(texts, items.nested, policy)
    if keep_text is not None:
        result = pc.if_else(keep_text, texts, result)
    if items.nested is not None and operator.nested == "placeholder":
        result = pc.if_else(pa.array(items.nested), pa.scalar(placeholder(entity), pa.large_string()), result)
    undecided = pc.and_(present, pc.is_null(result))
    if pc.any(undecided).as_py():
        # the texts a kernel leaves to Python (non-ASCII dates and ages): the operator itself, on those only
        pending = pc.filter(texts, undecided).to_pylist()
        filled = checked_replacements(operator, pd.Series(pending, dtype=object), entity, policy)
        result = pc.replace_with_mask(result, undecided, pa.array(filled, pa.large_string()))
    return result.cast(pa.large_string())


def _allowed(texts: Any, nested: np.ndarray | None, policy: Policy) -> Any:
    """Where a text is an allowed value (``fullmatch`` of the stripped text), or ``None`` when nothing is allowed."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from .kernels import strip

    if not policy.allow_values and not policy.allow_patterns:
        return None
    stripped = strip(texts)
    if policy.allow_patterns:
        # Python's regular expressions, not RE2's: once per distinct text
        regex = policy.value_allowed_regex()
        assert regex is not None
        encoded = pc.dictionary_encode(stripped)
        flags = [t is not None and regex.fullmatch(t) is not None for t in encoded.dictionary.to_pylist()]
        hit = pa.array(flags, pa.bool_()).take(encoded.indices)
    else:
        # a full match of escaped literals is equality with one of them
        hit = pc.is_in(stripped, value_set=pa.array(policy.allow_values, pa.large_string()))
    hit = pc.fill_null(hit, False)
    if nested is not None:
        hit = pc.and_(hit, pa.array(~np.asarray(nested)))
    return hit


def _series(replaced: Any, codes: np.ndarray | None, like: pd.Series) -> pd.Series:
    """The output column: text in pandas' default string dtype, missing where the cell was missing."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    if codes is not None:
        indices = pa.array(codes.astype(np.int64, copy=False), mask=codes < 0)
        replaced = pa.DictionaryArray.from_arrays(indices, replaced).cast(pa.large_string())
    if pandas_major() >= 3:
        return pd.Series(replaced, index=like.index, name=like.name, dtype="str")
    cells = np.asarray(replaced.to_numpy(zero_copy_only=False), dtype=object)
    cells[np.asarray(replaced.is_null())] = np.nan
    out: pd.Series[Any] = pd.Series(cells, index=like.index, name=like.name, dtype=object)
    return out
