"""redact(): a new object with every finding handled per policy.

The stage after detection. A :class:`~jupyter_privguard.report.ScanReport` says which column holds
what; the :class:`~jupyter_privguard.policy.Policy` says what to do with each entity; the
operators in an :class:`OperatorRegistry` do it, vectorised over a pandas Series.

Design choices that matter for privacy and speed:

* The input is never mutated; the result is a new object of the same type.
* Columns are found by position (``ColumnFinding.position``), never by name: names may repeat,
  may be non-strings or MultiIndex tuples.
* Operators run once per distinct value (``pandas.factorize``), not once per cell, and the
  placeholder actions (``redact``, ``drop``) need no text at all: a million cells cost one
  ``numpy`` fill.
* Missing values stay missing (they leak nothing). Everything else in a redacted column becomes
  text, in pandas' default string dtype (``str`` on pandas 3).
* The display path (``rows=``) slices first and redacts only the rows that will be shown.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import hmac
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from .adapters import ColumnEdit, require_adapter
from .errors import PolicyError
from .policy import Policy

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from .report import ColumnFinding, ScanReport, Span

__all__ = [
    "Operator",
    "OperatorFunc",
    "OperatorRegistry",
    "placeholder",
    "redact",
    "redact_series",
    "redact_text_series",
]

#: ``func(texts, entity, policy) -> replacements``: ``texts`` holds distinct, non-missing cell
#: values as ``str``; the result has the same length and order.
OperatorFunc = Callable[["pd.Series", str, Policy], "pd.Series"]

# Hex characters kept from digests. A hash token (16 hex = 64 bits) and a pseudonym (12 hex =
# 48 bits: about a 0.2% chance of any collision among a million distinct values, so joins stay
# exact in practice while the token stays short).
HASH_HEX = 16
PSEUDONYM_HEX = 12
# ``mask`` on entities without a kept part shows at most this many stars, so a long value does not
# reveal its exact length.
MASK_CAP = 12
# The replacement for a free-text cell that cannot be scanned span-wise (nested values, or no
# span detector available): the whole cell goes.
TEXT_PLACEHOLDER = "<REDACTED>"

# Entities whose ``mask`` keeps the trailing characters of their alphanumerics (a card's last four).
_TAIL_MASKED = frozenset(
    {
        "CREDIT_CARD",
        "PHONE_NUMBER",
        "US_SSN",
        "IBAN_CODE",
        "US_BANK_NUMBER",
        "US_ITIN",
        "UK_NHS",
        "US_DRIVER_LICENSE",
        "US_PASSPORT",
        "NATIONAL_ID",
        "MEDICAL_LICENSE",
        "DEVICE_ID",
    }
)
# Entities whose pseudonym ignores separators, so "4111 1111 ..." and "4111-1111-..." join.
_COMPACT_NORMALISED = _TAIL_MASKED | {"MAC_ADDRESS"}
_CASE_INSENSITIVE = frozenset({"EMAIL_ADDRESS", "URL", "IBAN_CODE", "MAC_ADDRESS"})
_DATE_ENTITIES = frozenset({"DATE_OF_BIRTH", "DATE_TIME"})

_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]+")
_YEAR4 = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_COMPACT_YMD = re.compile(r"(1[89]\d\d|20\d\d)(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
_COMPACT_DMY = re.compile(r"(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(1[89]\d\d|20\d\d)")
_SHORT_DATE = re.compile(r"\d{1,2}[/.\-]\d{1,2}[/.\-](\d\d)")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_MAX_AGE = 130


def _session_operators() -> OperatorRegistry:
    """The running session's operators (built-ins plus plugins)."""
    from .session import current_session

    registry: OperatorRegistry = current_session().registries.operators
    return registry


def placeholder(entity: str) -> str:
    """The typed placeholder for ``entity``: ``<EMAIL_ADDRESS>``."""
    return f"<{entity}>"


# ---------------------------------------------------------------------------------------------
# operators
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Operator:
    """One redaction action.

    Parameters
    ----------
    name
        The action name the policy uses (``"mask"``).
    func
        ``func(texts, entity, policy) -> pandas.Series``: one replacement per distinct value.
    constant
        The output depends on the entity only (``redact``, ``drop``): no text conversion is needed,
        which makes these the fastest actions.
    nested
        What a nested cell (list, dict, array) becomes: ``"placeholder"``, or ``"text"`` to pass
        its ``repr`` to ``func`` (the hashes: the whole value becomes one token).
    description
        One line for people.
    """

    name: str
    func: OperatorFunc
    constant: bool = False
    nested: Literal["placeholder", "text"] = "placeholder"
    description: str = ""


class OperatorRegistry:
    """Redaction operators looked up by action name.

    A registry is an object owned by whoever runs redaction (the display guard, the CLI, a test);
    nothing registers itself at import time. :meth:`default` gives a new registry with the
    built-in actions ``keep``, ``mask``, ``redact``, ``hash``, ``pseudonymize``, ``generalize`` and
    ``drop``.

    Examples
    --------
    >>> registry = OperatorRegistry.default()
    >>> registry.register(Operator("shout", lambda s, e, p: s.str.upper()), replace=False)
    >>> registry.get("shout").name
    'shout'
    """

    def __init__(self, operators: Iterable[Operator] = ()) -> None:
        self._operators: dict[str, Operator] = {}
        for operator in operators:
            self.register(operator)

    @classmethod
    def default(cls) -> OperatorRegistry:
        """A new registry holding the built-in operators."""
        return cls(_builtin_operators())

    def register(self, operator: Operator, *, replace: bool = False) -> None:
        """Add ``operator``; an existing name is an error unless ``replace`` is true."""
        if not isinstance(operator, Operator):
            raise TypeError(
                f"register() expects an Operator, got {type(operator).__name__}; "
                "wrap the function: Operator(name, func)"
            )
        if operator.name in self._operators and not replace:
            raise PolicyError(
                f"an operator named {operator.name!r} is already registered; pass replace=True to override it"
            )
        self._operators[operator.name] = operator

    def get(self, action: str) -> Operator:
        """The operator for ``action``; :class:`PolicyError` naming the known actions otherwise."""
        try:
            return self._operators[action]
        except (KeyError, TypeError):
            allowed = ", ".join(self._operators) or "(none registered)"
            raise PolicyError(f"unknown redaction action {action!r}; allowed actions: {allowed}") from None

    def names(self) -> tuple[str, ...]:
        return tuple(self._operators)

    def __contains__(self, action: object) -> bool:
        return action in self._operators

    def __iter__(self) -> Iterator[Operator]:
        return iter(self._operators.values())

    def __len__(self) -> int:
        return len(self._operators)

    def __repr__(self) -> str:
        return f"OperatorRegistry({', '.join(self._operators)})"


def _series(values: list[Any], like: pd.Series) -> pd.Series:
    import pandas as pd

    return pd.Series(values, index=like.index, dtype=object)


def _op_keep(texts: pd.Series, entity: str, policy: Policy) -> pd.Series:
    return texts.copy()


def _op_placeholder(texts: pd.Series, entity: str, policy: Policy) -> pd.Series:
    return _series([placeholder(entity)] * len(texts), texts)


def _op_mask(texts: pd.Series, entity: str, policy: Policy) -> pd.Series:
    return _series([_mask_one(t, entity, policy.mask_keep) for t in texts.tolist()], texts)


def _mask_one(text: str, entity: str, keep: int) -> str:
    text = text.strip()
    if entity == "EMAIL_ADDRESS":
        local, at, domain = text.rpartition("@")
        if at and local and domain:
            # the local part names the person; a fixed-width mask hides even its length
            return "****@" + domain
        return "*" * min(len(text), MASK_CAP)
    if entity in _TAIL_MASKED:
        # Separators are dropped, so the mask shows how many characters there are and the last
        # few, nothing about the formatting. At most half of a short value is shown.
        chars = _NOT_ALNUM.sub("", text)
        shown = min(keep, len(chars) // 2)
        hidden = min(len(chars) - shown, 2 * MASK_CAP)
        return "*" * hidden + (chars[len(chars) - shown :] if shown else "")
    return "*" * min(len(text), MASK_CAP)


def _op_hash(texts: pd.Series, entity: str, policy: Policy) -> pd.Series:
    salted = hashlib.sha256(policy.key.encode("utf-8") + b"\x00")
    out = []
    for text in texts.tolist():
        digest = salted.copy()
        digest.update(text.strip().encode("utf-8", errors="surrogatepass"))
        out.append(f"{entity}:{digest.hexdigest()[:HASH_HEX]}")
    return _series(out, texts)


def _normalise(text: str, entity: str) -> str:
    """The form a pseudonym is computed from, so trivially different spellings still join."""
    text = " ".join(text.split())  # trims and collapses every run of whitespace
    if entity in _COMPACT_NORMALISED:
        text = _NOT_ALNUM.sub("", text)
    if entity in _CASE_INSENSITIVE or entity in _COMPACT_NORMALISED:
        text = text.casefold()
    return text


def _op_pseudonymize(texts: pd.Series, entity: str, policy: Policy) -> pd.Series:
    # The entity is not part of the message: the same value gets the same digest wherever it was
    # found, so joins across frames work even if two columns were classified differently.
    keyed = hmac.new(policy.key.encode("utf-8"), digestmod=hashlib.sha256)
    out = []
    for text in texts.tolist():
        mac = keyed.copy()
        mac.update(_normalise(text, entity).encode("utf-8", errors="surrogatepass"))
        out.append(f"{entity}_{mac.hexdigest()[:PSEUDONYM_HEX]}")
    return _series(out, texts)


def _op_generalize(texts: pd.Series, entity: str, policy: Policy) -> pd.Series:
    values = texts.tolist()
    if entity in _DATE_ENTITIES:
        this_year = _dt.date.today().year % 100
        out = [_year_of(t, this_year) or placeholder(entity) for t in values]
    elif entity == "POSTAL_CODE":
        out = [_zip_prefix(t, policy.zip_digits) or placeholder(entity) for t in values]
    elif entity == "AGE":
        out = [_age_band(t, policy.age_band) or placeholder(entity) for t in values]
    else:
        out = [placeholder(entity)] * len(values)
    return _series(out, texts)


def _year_of(text: str, this_year: int) -> str | None:
    """The year of a date written in any common form, or ``None``."""
    text = text.strip()
    match = _COMPACT_YMD.fullmatch(text) or _COMPACT_DMY.fullmatch(text)
    if match:
        return match.group(1)
    match = _YEAR4.search(text)
    if match:
        return match.group(1)
    match = _SHORT_DATE.fullmatch(text)
    if match:
        # two-digit years: no date in the future, which is right for birth dates
        yy = int(match.group(1))
        return str(2000 + yy if yy <= this_year else 1900 + yy)
    return None


def _zip_prefix(text: str, digits: int) -> str | None:
    compact = _NOT_ALNUM.sub("", text)
    if len(compact) <= digits:
        return None  # the prefix would be the whole code
    return compact[:digits] + "**"


def _age_band(text: str, width: int) -> str | None:
    match = _NUMBER.search(text)
    if not match:
        return None
    age = float(match.group(0).replace(",", "."))
    if not 0 <= age <= _MAX_AGE:
        return None
    low = int(age) // width * width
    return str(low) if width == 1 else f"{low}-{low + width - 1}"


def _builtin_operators() -> list[Operator]:
    return [
        Operator("keep", _op_keep, description="leave the value as it is"),
        Operator(
            "mask",
            _op_mask,
            description="stars, keeping the last mask_keep characters of numbers and the domain of emails",
        ),
        Operator("redact", _op_placeholder, constant=True, description="a typed placeholder such as <EMAIL_ADDRESS>"),
        Operator("hash", _op_hash, nested="text", description="salted SHA-256, truncated, prefixed by the entity"),
        Operator(
            "pseudonymize",
            _op_pseudonymize,
            nested="text",
            description="keyed HMAC token, the same for the same value and key in every frame",
        ),
        Operator(
            "generalize",
            _op_generalize,
            description="dates to years, postal codes to a prefix, ages to bands, others to a placeholder",
        ),
        Operator(
            "drop", _op_placeholder, constant=True, description="remove the column (a Series becomes all placeholder)"
        ),
    ]


# ---------------------------------------------------------------------------------------------
# cells to text
# ---------------------------------------------------------------------------------------------
class _Nested:
    """Stands in for an unhashable cell so ``factorize`` can run; equal when the reprs are."""

    __slots__ = ("text",)

    def __init__(self, value: Any) -> None:
        self.text = _safe_repr(value)

    def __hash__(self) -> int:
        return hash(self.text)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Nested) and other.text == self.text


_NESTED_TYPES: tuple[type, ...] = (list, tuple, set, frozenset, dict)


def _safe_repr(value: Any) -> str:
    try:
        return repr(value)
    except Exception:
        return f"<{type(value).__name__}>"


def _factorize(values: pd.Series) -> tuple[np.ndarray, Any]:
    """Codes (``-1`` for missing) and the distinct values (an array-like), whatever the dtype."""
    import numpy as np
    import pandas as pd

    try:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        return np.asarray(codes), uniques
    except TypeError:
        pass  # unhashable cells (lists, dicts, arrays) in an object column
    missing = values.isna().to_numpy()
    keys = [None if gone else (v if _hashable(v) else _Nested(v)) for v, gone in zip(values.tolist(), missing.tolist())]
    codes, uniques = pd.factorize(pd.Series(keys, dtype=object), use_na_sentinel=True)
    return np.asarray(codes), uniques


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _text_of(value: Any) -> tuple[str, bool]:
    """A distinct cell value as text, and whether it is nested (replaced whole)."""
    import numpy as np
    import pandas as pd

    if isinstance(value, str):
        return value, False
    if isinstance(value, _Nested):
        return value.text, True
    if isinstance(value, _NESTED_TYPES) or isinstance(value, np.ndarray):
        return _safe_repr(value), True
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
        return _safe_repr(value), True


def _unique_texts(uniques: Any, dtype: Any) -> tuple[list[str], list[bool]]:
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
        text, is_nested = _text_of(value)
        texts.append(text)
        nested.append(is_nested)
    return texts, nested


def _string_dtype() -> Any:
    """pandas' default string dtype: ``str`` on pandas 3, ``object`` before."""
    return "str" if _pandas_major() >= 3 else object


def _pandas_major() -> int:
    import pandas as pd

    return int(pd.__version__.split(".")[0])


def _assemble(codes: np.ndarray, results: np.ndarray, like: pd.Series) -> pd.Series:
    """The output column: ``results[code]`` per cell, missing where ``code`` is -1.

    On pandas 3 with pyarrow the cells are never materialised as Python objects: a dictionary
    array (codes into the distinct results) is cast to a string array, which is several times
    faster than taking from an object array for a million rows.
    """
    import numpy as np
    import pandas as pd

    if _pandas_major() >= 3:
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
    out: pd.Series[Any] = pd.Series(taken, index=like.index, name=like.name, dtype=_string_dtype())
    return out


# ---------------------------------------------------------------------------------------------
# one column
# ---------------------------------------------------------------------------------------------
def redact_series(
    values: pd.Series,
    entity: str,
    action: str,
    policy: Policy | None = None,
    *,
    operators: OperatorRegistry | None = None,
) -> pd.Series:
    """Apply ``action`` to every cell of ``values``, which hold ``entity``.

    Parameters
    ----------
    values
        One column; any dtype (strings, numbers, categoricals, bytes, datetimes, nested objects).
    entity
        The entity the values hold (``"EMAIL_ADDRESS"``); it types placeholders and tokens.
    action
        An action name in ``operators``: ``keep``, ``mask``, ``redact``, ``hash``,
        ``pseudonymize``, ``generalize`` or ``drop`` for the defaults.
    policy
        Supplies ``mask_keep``, ``key``, ``zip_digits``, ``age_band`` and the allowed values;
        ``Policy()`` when omitted.
    operators
        The registry to look ``action`` up in; the running session's when omitted.

    Returns
    -------
    pandas.Series
        A new Series with the same index and name. ``keep`` returns a copy of ``values``; every
        other action returns text (pandas' default string dtype) where missing cells stay missing,
        allowed values keep their text, nested cells are replaced whole.

    Raises
    ------
    PolicyError
        ``action`` is not in the registry (the message lists the allowed actions).
    """
    import numpy as np

    policy = policy if policy is not None else Policy()
    operators = operators if operators is not None else _session_operators()
    operator = operators.get(action)
    if action == "keep":
        return values.copy()
    allowed = policy.value_allowed_regex()
    if operator.constant and allowed is None:
        # fast path: nothing about the value matters, only whether it is there
        missing = values.isna().to_numpy()
        return _assemble(np.where(missing, -1, 0), np.array([placeholder(entity)], dtype=object), values)

    codes, uniques = _factorize(values)
    texts, nested = _unique_texts(uniques, values.dtype)
    results = np.empty(len(texts), dtype=object)
    todo: list[int] = []
    for i, text in enumerate(texts):
        if nested[i] and operator.nested == "placeholder":
            results[i] = placeholder(entity)
        elif not nested[i] and allowed is not None and allowed.fullmatch(text.strip()):
            results[i] = text
        else:
            todo.append(i)
    if todo:
        import pandas as pd

        subset = texts if len(todo) == len(texts) else [texts[i] for i in todo]
        replaced = operator.func(pd.Series(subset, dtype=object), entity, policy)
        if len(replaced) != len(subset):
            raise ValueError(
                f"operator {action!r} returned {len(replaced)} values for {len(subset)}; "
                "an operator must return one replacement per input value"
            )
        results[np.asarray(todo, dtype=np.intp)] = [str(r) for r in replaced.tolist()]
    return _assemble(codes, results, values)


def redact_text_series(
    values: pd.Series, policy: Policy | None = None, *, operators: OperatorRegistry | None = None, engine: Any = None
) -> pd.Series:
    """Redact the personal data found inside free-text cells, span by span.

    Each span found by :func:`jupyter_privguard.detect.text.find_text_spans` is replaced per
    ``policy.action_for(span.entity)`` (``drop`` replaces the span by its placeholder). Spans
    whose text is an allowed value stay. Nested cells, and every cell when no span detector can be
    imported, are replaced whole by ``"<REDACTED>"`` (fail closed).

    Parameters
    ----------
    values
        The free-text column.
    policy
        ``Policy()`` when omitted.
    operators
        the running session's when omitted.
    engine
        The NER engine passed to ``find_text_spans``; by default the one the policy selects.

    Returns
    -------
    pandas.Series
        Text, with missing cells still missing.
    """
    import numpy as np

    policy = policy if policy is not None else Policy()
    operators = operators if operators is not None else _session_operators()
    allowed = policy.value_allowed_regex()
    codes, uniques = _factorize(values)
    texts, nested = _unique_texts(uniques, values.dtype)
    results = np.empty(len(texts), dtype=object)
    todo: list[int] = []
    for i, text in enumerate(texts):
        if nested[i]:
            results[i] = TEXT_PLACEHOLDER
        elif allowed is not None and allowed.fullmatch(text.strip()):
            results[i] = text
        else:
            todo.append(i)
    if todo:
        pending = [texts[i] for i in todo]
        spans = _find_spans(pending, policy, engine)
        if spans is None:
            results[np.asarray(todo, dtype=np.intp)] = TEXT_PLACEHOLDER
        else:
            results[np.asarray(todo, dtype=np.intp)] = _rewrite_spans(pending, spans, policy, operators, allowed)
    return _assemble(codes, results, values)


def _find_spans(texts: list[str], policy: Policy, engine: Any) -> list[list[Span]] | None:
    try:
        from .detect.text import find_text_spans
    except ImportError:
        return None
    if engine is None and policy.ner != "off":
        from .detect.ner import NerEngine

        engine = NerEngine.get(policy.ner_model, mode=policy.ner)
    spans = find_text_spans(texts, engine=engine)
    if len(spans) != len(texts):
        raise ValueError(f"find_text_spans returned {len(spans)} results for {len(texts)} texts")
    return spans


def _rewrite_spans(
    texts: list[str],
    spans: list[list[Span]],
    policy: Policy,
    operators: OperatorRegistry,
    allowed: re.Pattern[str] | None,
) -> list[str]:
    import pandas as pd

    # (text index, start, end) of every span to replace, grouped by (entity, action) so each
    # operator runs once over all its pieces
    groups: dict[tuple[str, str], list[tuple[int, int, int]]] = {}
    for t, (text, found) in enumerate(zip(texts, spans)):
        last_end = 0
        for span in sorted(found, key=lambda s: (s.start, -s.end)):
            start, end = max(span.start, last_end, 0), min(span.end, len(text))
            if end <= start:
                continue  # inside an earlier span, or empty
            action = policy.action_for(span.entity)
            if action == "keep":
                continue
            if allowed is not None and allowed.fullmatch(text[start:end].strip()):
                continue
            groups.setdefault((span.entity, action), []).append((t, start, end))
            last_end = end
    edits: list[list[tuple[int, int, str]]] = [[] for _ in texts]
    for (entity, action), places in groups.items():
        operator = operators.get(action)
        pieces = pd.Series([texts[t][s:e] for t, s, e in places], dtype=object)
        replaced = list(operator.func(pieces, entity, policy))
        for (t, s, e), new in zip(places, replaced):
            edits[t].append((s, e, str(new)))
    out = []
    for text, cuts in zip(texts, edits):
        if not cuts:
            out.append(text)
            continue
        parts, pos = [], 0
        for s, e, new in sorted(cuts):
            parts.append(text[pos:s])
            parts.append(new)
            pos = e
        parts.append(text[pos:])
        out.append("".join(parts))
    return out


# ---------------------------------------------------------------------------------------------
# whole objects
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Plan:
    position: int
    how: Literal["value", "text"]
    entity: str
    action: str


def _plans(report: ScanReport, policy: Policy, n_columns: int) -> list[_Plan]:
    plans = []
    for name, finding in report.columns.items():
        if finding.allowed or policy.column_allowed(finding.column) or policy.column_allowed(name):
            continue
        if not 0 <= finding.position < n_columns:
            raise ValueError(
                f"the report's column {name!r} is at position {finding.position}, but the data has "
                f"{n_columns} column(s); scan this object again (scan(data)) and pass that report"
            )
        plan = _plan(finding, policy)
        if plan is not None:
            plans.append(plan)
    return plans


def _plan(finding: ColumnFinding, policy: Policy) -> _Plan | None:
    if finding.entity is not None:
        action = policy.action_for(finding.entity)
        return None if action == "keep" else _Plan(finding.position, "value", finding.entity, action)
    if finding.kind == "free_text":
        # even when the sample showed no spans: rows outside the sample may hold some (fail closed)
        return _Plan(finding.position, "text", "", "")
    return None


def _apply(column: pd.Series, plan: _Plan, policy: Policy, operators: OperatorRegistry) -> pd.Series:
    if plan.how == "text":
        return redact_text_series(column, policy, operators=operators)
    return redact_series(column, plan.entity, plan.action, policy, operators=operators)


def redact(
    data: Any,
    *,
    policy: Policy | None = None,
    report: ScanReport | None = None,
    rows: Any = None,
    operators: OperatorRegistry | None = None,
) -> Any:
    """A redacted copy of ``data``: every finding handled per ``policy``.

    Parameters
    ----------
    data
        A pandas DataFrame or Series, a polars DataFrame or Series, a ``pyarrow.Table``, or an
        object of another registered adapter (:mod:`jupyter_privguard.adapters`). It is never modified.
    policy
        What to do with each entity; ``Policy.load()`` when omitted.
    report
        The scan of ``data``; ``scan(data, policy=policy)`` when omitted. Columns are found by
        ``ColumnFinding.position``. Allowed columns (``finding.allowed`` or
        ``policy.column_allowed``) and ``keep`` actions are left alone.
    rows
        Optional row positions (a slice, integer positions, a boolean mask): redact and return only
        these rows. This is the display path: only the rows that will be rendered are touched.
    operators
        The operator registry; the running session's when omitted.

    Returns
    -------
    Same type as ``data``
        A new object. ``drop`` removes a DataFrame's column; other actions turn the column into
        text (missing values stay missing). Free-text columns are redacted span by span.

    Raises
    ------
    UnsupportedDataError
        ``data`` is not a supported type.
    PolicyError
        An action is not known to ``operators``.

    Notes
    -----
    ``mask`` keeps the last ``policy.mask_keep`` letters and digits of card, phone, SSN, IBAN and
    similar numbers, but never more than half of them, and drops separators
    (``4111-1111-1111-1234`` becomes ``************1234``): the mask then reveals neither the
    formatting nor more than ``mask_keep`` characters. Emails keep their domain
    (``****@example.com``); other entities become stars, as many as the value has characters
    up to 12.
    """
    adapter = require_adapter(data)
    policy = policy if policy is not None else Policy.load()
    operators = operators if operators is not None else _session_operators()
    if report is None:
        from .scanner import scan

        report = scan(data, policy=policy)
    edits = [_edit(plan, policy, operators) for plan in _plans(report, policy, adapter.shape(data)[1])]
    return adapter.rebuild(data, edits, rows)


def _edit(plan: _Plan, policy: Policy, operators: OperatorRegistry) -> ColumnEdit:
    """The adapter's instruction for one planned column (a Series applies even a ``drop``: it has one column)."""

    def apply(column: pd.Series) -> pd.Series:
        return _apply(column, plan, policy, operators)

    return ColumnEdit(plan.position, plan.action == "drop", apply)
