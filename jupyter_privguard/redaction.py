"""redact(): a new object with every finding handled per policy.

The stage after the decisions. A :class:`~jupyter_privguard.report.ScanReport` says which column
holds what; the :class:`~jupyter_privguard.policy.Policy` says what to do with each entity;
:func:`~jupyter_privguard.decision.plan` joins them into one decision per column to change; the
operators of an :class:`~jupyter_privguard.operators.OperatorRegistry` carry them out, vectorised
over a pandas Series. Whether a decision removes its column is the operator's to say
(``Operator.drops_column``), not its name's.

Design choices that matter for privacy and speed:

* The input is never mutated; the result is a new object of the same type.
* Columns are found by position (``ColumnFinding.position``), never by name: names may repeat,
  may be non-strings or MultiIndex tuples.
* The built-in operators run over the whole column in one pass (:mod:`jupyter_privguard.vectorised`:
  Arrow kernels, hashes once per distinct value); other operators, and the reference path
  (``vectorised.per_value()``), run once per distinct value (``pandas.factorize``), not once per
  cell. The placeholder actions (``redact``, ``drop``) need no text at all: a column of them is
  its placeholder's bytes repeated.
* Missing values stay missing (they leak nothing). Everything else in a redacted column becomes
  text, in pandas' default string dtype (``str`` on pandas 3).
* The display path (``rows=``) slices first and redacts only the rows that will be shown.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from .adapters import ColumnEdit, require_adapter
from .cells import assemble, factorize, unique_texts
from .decision import SPANS, Decision, plan
from .operators import Operator, OperatorFunc, OperatorRegistry, placeholder, resolve_operators
from .policy import Policy
from .summary_rows import restore_counts
from .vectorised import checked_replacements, constant_column, redact_column

if TYPE_CHECKING:
    import pandas as pd

    from .report import ScanReport, Span

__all__ = [
    "Operator",
    "OperatorFunc",
    "OperatorRegistry",
    "placeholder",
    "redact",
    "redact_series",
    "redact_text_series",
]

# The replacement for a free-text cell that cannot be scanned span-wise (nested values, or no
# span detector available): the whole cell goes.
TEXT_PLACEHOLDER = "<REDACTED>"


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
    operators = resolve_operators(operators)
    operator = operators.get(action)
    if action == "keep":
        return values.copy()
    allowed = policy.value_allowed_regex()
    if operator.constant and allowed is None:
        # fast path: nothing about the value matters, only whether it is there; the operator
        # runs once, on an empty text, for the one replacement every present cell gets
        import pandas as pd

        constant = checked_replacements(operator, pd.Series([""], dtype=object), entity, policy)[0]
        filled = constant_column(values, constant)
        if filled is not None:
            return filled
        missing = values.isna().to_numpy()
        return assemble(np.where(missing, -1, 0), np.array([constant], dtype=object), values)
    fast = redact_column(values, entity, operator, policy)
    if fast is not None:
        return fast

    # the per-value path: the reference, and the way for operators without an Arrow kernel
    codes, uniques = factorize(values)
    texts, nested = unique_texts(uniques, values.dtype)
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
        results[np.asarray(todo, dtype=np.intp)] = checked_replacements(
            operator, pd.Series(subset, dtype=object), entity, policy
        )
    return assemble(codes, results, values)


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
    operators = resolve_operators(operators)
    allowed = policy.value_allowed_regex()
    codes, uniques = factorize(values)
    texts, nested = unique_texts(uniques, values.dtype)
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
    return assemble(codes, results, values)


# at most this many rows (a display's) go through the free-text tier in one batch for all their columns
_AT_ONCE_ROWS = 2_000


def _free_text_at_once(data: Any, rows: Any, positions: list[int], policy: Policy) -> None:
    """The shown rows of several free-text columns through the free-text tier in one batch (one pattern
    pass, one NER batch), so that each column's redaction finds its texts' spans in the cache. A pandas
    frame only; anything that goes wrong leaves each column to its own batch, as before."""
    if len(positions) < 2 or getattr(data, "ndim", 0) != 2 or not hasattr(data, "iloc"):
        return
    try:
        from .adapters.base import row_positions

        at = row_positions(slice(None) if rows is None else rows, len(data))
        if len(at) > _AT_ONCE_ROWS:
            return  # a whole table: its columns' texts would not all stay in the cache
        pending: dict[str, None] = {}
        for position in positions:
            pending.update(dict.fromkeys(_pending_texts(data.iloc[at, position], policy)))
        if len(pending) > 1:
            _find_spans(list(pending), policy, None)
    except Exception:
        return


def _pending_texts(values: pd.Series, policy: Policy) -> list[str]:
    """The distinct texts of ``values`` that :func:`redact_text_series` sends to the free-text tier."""
    allowed = policy.value_allowed_regex()
    _, uniques = factorize(values)
    texts, nested = unique_texts(uniques, values.dtype)
    return [t for t, n in zip(texts, nested) if not n and not (allowed is not None and allowed.fullmatch(t.strip()))]


def _find_spans(texts: list[str], policy: Policy, engine: Any) -> list[list[Span]] | None:
    try:
        from .detect.text import find_text_spans
    except ImportError:
        return None
    if engine is None and policy.ner != "off":
        from .detect.ner import NerEngine

        engine = NerEngine.get(policy.ner_model, mode=policy.ner)
    from .spancache import FREE_TEXT_SPANS

    # the model runs only where it could change what this policy redacts: the cache keeps the two apart
    acted = frozenset(e for e in _NER_DECIDED if policy.action_for(e) != "keep")
    tier = functools.partial(_free_text_tier, acted=acted)
    spans = FREE_TEXT_SPANS.find(texts, engine, tier, find_text_spans, variant=acted)
    if len(spans) != len(texts):
        raise ValueError(f"find_text_spans returned {len(spans)} results for {len(texts)} texts")
    return spans


#: the entities whose spans the NER pass adds (the model's, and Presidio's recognisers that run with it)
_NER_DECIDED = ("PERSON", "LOCATION", "NRP", "DATE_TIME", "PHONE_NUMBER", "US_DRIVER_LICENSE")


def _free_text_tier(texts: list[str], engine: Any, acted: frozenset[str] | None = None) -> list[list[Span]]:
    from .detect import text

    return text.find_text_spans(texts, engine=engine, acted=acted)


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
        # checked like a column's: a short result must not leave spans unreplaced
        replaced = checked_replacements(operator, pieces, entity, policy)
        for (t, s, e), new in zip(places, replaced):
            edits[t].append((s, e, new))
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
def _drops(decision: Decision, operators: OperatorRegistry) -> bool:
    """Whether ``decision`` removes its column: the operator says so (``drop``), not its name."""
    return decision.scope == "column" and operators.get(decision.action).drops_column


def _apply(column: pd.Series, decision: Decision, policy: Policy, operators: OperatorRegistry) -> pd.Series:
    if decision.action == SPANS:
        return redact_text_series(column, policy, operators=operators)
    assert decision.entity is not None  # a column decision always names its entity
    return redact_series(column, decision.entity, decision.action, policy, operators=operators)


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
        A pandas DataFrame or Series, a polars DataFrame or Series, a ``pyarrow.Table``, a Spark
        DataFrame (the result is a lazy Spark DataFrame, redacted on the workers), or an object of
        another registered adapter (:mod:`jupyter_privguard.adapters`). It is never modified.
    policy
        What to do with each entity; ``Policy.load()`` when omitted.
    report
        The scan of ``data``; ``scan(data, policy=policy)`` when omitted. Columns are found by
        ``ColumnFinding.position``. Allowed columns (``finding.allowed`` or
        ``policy.column_allowed``) and ``keep`` actions are left alone.
    rows
        Optional row positions (a slice, integer positions, a boolean mask): redact and return only
        these rows. This is the display path: only the rows that will be rendered are touched.
        A Spark DataFrame takes the first rows only (``range(n)``), as Spark rows have no positions.
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
    operators = resolve_operators(operators)
    if report is None:
        from .scanner import scan

        report = scan(data, policy=policy)
    decisions = plan(report, policy, operators=operators, n_columns=adapter.shape(data)[1])
    _free_text_at_once(data, rows, [d.position for d in decisions if d.action == SPANS], policy)
    edits = [_edit(decision, policy, operators) for decision in decisions]
    # columns a budgeted scan has not classified yet are withheld, never passed through raw
    edits += [ColumnEdit(position, False, _withhold) for position in report.pending.values()]
    return adapter.rebuild(data, edits, rows)


#: What a column not classified yet shows (see ``ScanReport.pending``).
PENDING = "<not classified yet>"


def _withhold(column: pd.Series) -> pd.Series:
    import pandas as pd

    return pd.Series([PENDING] * len(column), index=column.index, dtype=object)


def _edit(decision: Decision, policy: Policy, operators: OperatorRegistry) -> ColumnEdit:
    """The adapter's instruction for one planned column (a Series applies even a ``drop``: it has one column)."""

    def apply(column: pd.Series) -> pd.Series:
        # a describe() table's counts of a personal column are numbers, not its values: they stay
        return restore_counts(column, _apply(column, decision, policy, operators))

    return ColumnEdit(decision.position, _drops(decision, operators), apply)
