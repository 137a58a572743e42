"""The column engine: which recognisers fully match the sampled cells of a column, and how many validate.

:func:`match_values` answers, per recogniser, how many sampled cells *fully* match and how many of
those pass its validator, as :class:`~.recognizer.ValueHit` records (counts and scores, never
values). On pyarrow-backed strings each pattern runs as one compiled RE2 pass over the distinct
cells; validators run only on matched cells, once per distinct value.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .pattern_registry import PatternRegistry, default_registry
from .recognizer import PatternRecognizer, ValueHit

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["match_values", "normalize_numeric_strings"]

# ---------------------------------------------------------------------------------------------
# columns


def _arrow_available() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _distinct(values: pd.Series) -> tuple[list[str], Any]:
    """The distinct cells and how often each occurs (columns repeat values: match each once)."""
    import numpy as np

    counts = values.value_counts(dropna=True, sort=False)
    return [str(x) for x in counts.index], counts.to_numpy(dtype=np.int64)


# A pyarrow regex call costs about 0.25 ms whatever its input (the pattern is compiled each
# time); Python's compiled pattern about 0.5 µs a value: below a few hundred values it is faster.
_SMALL_COLUMN = 256
_PROBE = 64

# Which recognisers fully match a cell value, per set of recognisers: the same values come back
# (a frame shown again, the same customers in many notebooks) and a lookup costs less than the
# forty-odd patterns. The key holds the recognisers themselves (immutable), so a changed registry
# gets its own memo; each memo is cleared when it grows past _CELL_MEMO_SIZE values.
_CELL_MEMOS: dict[tuple[PatternRecognizer, ...], dict[str, tuple[int, ...]]] = {}
_CELL_MEMO_SIZE = 1 << 16


def _cell_memo(recognizers: Sequence[PatternRecognizer]) -> dict[str, tuple[int, ...]]:
    key = tuple(recognizers)
    try:
        memo = _CELL_MEMOS.get(key)
    except TypeError:  # a third-party recogniser with an unhashable validator: no memo
        return {}
    if memo is None:
        if len(_CELL_MEMOS) >= 8:  # registries come and go (tests): keep the latest few
            _CELL_MEMOS.clear()
        memo = _CELL_MEMOS[key] = {}
    elif len(memo) > _CELL_MEMO_SIZE:
        memo.clear()
    return memo


_ASCII_LETTER = re.compile("[A-Za-z]")
_GROUP_REFERENCE = re.compile(r"\\[1-9]|\\g<|\(\?P=|\(\?\(")
_CELL_UNIONS: dict[tuple[PatternRecognizer, ...], dict[bool, re.Pattern[str] | None]] = {}


def _cell_unions(recognizers: Sequence[PatternRecognizer]) -> dict[bool, re.Pattern[str] | None]:
    """Per kind of value (with a letter or without), one pattern that fully matches a value when one
    of the recognisers for that kind does: most values match none, and one call then says so."""
    key = tuple(recognizers)
    try:
        unions = _CELL_UNIONS.get(key)
    except TypeError:  # unhashable third-party recogniser
        unions = None
    if unions is not None:
        return unions
    unions = {}
    for has_letter in (True, False):
        members = [r.cell_regex for r in recognizers if r.letters == "maybe" or (r.letters == "always") == has_letter]
        union = None
        # group references would point elsewhere inside a union: then no shortcut
        if members and not any(_GROUP_REFERENCE.search(m) for m in members):
            try:
                union = re.compile("|".join(f"(?:{m})" for m in members))
            except re.error:  # a member that only compiles alone (its own global flags)
                union = None
        unions[has_letter] = union
    try:
        if len(_CELL_UNIONS) >= 8:
            _CELL_UNIONS.clear()
        _CELL_UNIONS[key] = unions
    except TypeError:
        pass
    return unions


def _union_candidates(strings: list[str], unions: dict[bool, re.Pattern[str] | None]) -> list[int]:
    """Positions of the values that some recogniser may fully match (the others match none)."""
    out: list[int] = []
    for i, value in enumerate(strings):
        has_letter = _ASCII_LETTER.search(value) is not None if value.isascii() else any(c.isalpha() for c in value)
        union = unions.get(has_letter)
        if union is None or union.fullmatch(value) is not None:
            out.append(i)
    return out


class _Matcher:
    """Full-cell matching over one list of distinct strings.

    With pyarrow, each pattern runs as one RE2 pass (``pyarrow.compute.match_substring_regex``,
    the engine pandas uses for ``Series.str.fullmatch`` on pyarrow strings, without pandas'
    per-call pattern inspection and newline scan); a pattern RE2 rejects, every pattern
    when pyarrow is missing, and a few values (at most ``_SMALL_COLUMN``: the call would cost
    more than the matching) go to Python's :mod:`re`. The cells are split once into
    those with and without a letter, and each recogniser runs on the part it can match (its
    ``letters`` declaration).
    """

    def __init__(self, strings: list[str], recognizers: Sequence[PatternRecognizer] = ()) -> None:
        import numpy as np

        self.strings = strings
        self.arrays: dict[str, Any] = {}
        self.known: dict[int, Any] = {}  # id(recognizer) -> its rows, for a few values
        if recognizers and len(strings) <= _SMALL_COLUMN:
            self._match_few(recognizers)
            return
        if recognizers:
            # most columns match no recogniser (amounts, SKUs, codes): one pass of the union says so
            # per value, and a column with few candidates is matched in Python on those alone, where
            # a pass per recogniser would cost what its compile costs whatever it finds
            # (a probe of the first values first: a column most of whose values match goes to the passes)
            unions = _cell_unions(recognizers)
            if len(_union_candidates(strings[:_PROBE], unions)) <= _PROBE // 4:
                candidates = _union_candidates(strings, unions)
                if len(candidates) <= _SMALL_COLUMN:
                    self._match_few(recognizers, candidates)
                    return
        if _arrow_available() and len(strings) > _SMALL_COLUMN:
            import pyarrow as pa
            import pyarrow.compute as pc

            array = pa.array(strings, type=pa.large_string())
            has_letter = pc.match_substring_regex(array, r"\pL").to_numpy(zero_copy_only=False)
        else:
            array = None
            has_letter = np.fromiter((any(c.isalpha() for c in x) for x in strings), bool, len(strings))
        self.rows = {
            "always": has_letter.nonzero()[0],
            "never": (~has_letter).nonzero()[0],
            "maybe": np.arange(len(strings)),
        }
        if array is not None:
            for kind, rows in self.rows.items():
                self.arrays[kind] = array if kind == "maybe" else array.take(rows)

    def _match_few(self, recognizers: Sequence[PatternRecognizer], positions: Sequence[int] | None = None) -> None:
        """Every recogniser on a few values (``positions`` of them; all by default), through the
        per-process memo of each value's matches."""
        import numpy as np

        memo = _cell_memo(recognizers)
        unions = _cell_unions(recognizers)
        found: list[list[int]] = [[] for _ in recognizers]
        strings = self.strings
        for i in range(len(strings)) if positions is None else positions:
            value = strings[i]
            matching = memo.get(value)
            if matching is None:
                if value.isascii():
                    has_letter = _ASCII_LETTER.search(value) is not None
                else:
                    has_letter = any(c.isalpha() for c in value)
                union = unions.get(has_letter)
                if union is not None and union.fullmatch(value) is None:
                    matching = ()  # no member can match the whole value: the union of them cannot
                else:
                    matching = tuple(
                        k
                        for k, r in enumerate(recognizers)
                        if (r.letters == "maybe" or (r.letters == "always") == has_letter)
                        and r.compiled_cell.fullmatch(value) is not None
                    )
                memo[value] = matching
            for k in matching:
                found[k].append(i)
        self.known = {id(r): np.array(rows, dtype=np.intp) for r, rows in zip(recognizers, found)}

    def fullmatch_rows(self, recognizer: PatternRecognizer) -> Any:
        """Positions (into ``strings``) of the values that fully match ``recognizer``."""
        import numpy as np

        if id(recognizer) in self.known:
            return self.known[id(recognizer)]
        rows = self.rows[recognizer.letters]
        if not len(rows):
            return rows
        array = self.arrays.get(recognizer.letters)
        if array is not None and len(rows) > _SMALL_COLUMN:
            import pyarrow as pa
            import pyarrow.compute as pc

            try:
                result = pc.match_substring_regex(array, f"^(?:{recognizer.cell_regex})$")
                return rows[result.to_numpy(zero_copy_only=False)]
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                pass
        match = recognizer.compiled_cell.fullmatch
        strings = self.strings
        mask = np.fromiter((match(strings[i]) is not None for i in rows.tolist()), bool, len(rows))
        return rows[mask]


def _count_validated(
    recognizer: PatternRecognizer, strings: list[str], counts: Any, rows: Any, max_validate: int | None
) -> int:
    """How many matched cells pass the validator; above ``max_validate`` distinct values an
    evenly spread subset is validated and the count scaled to all matched cells."""
    matched = int(counts[rows].sum())
    if max_validate is not None and len(rows) > max_validate:
        rows_checked = rows[:: -(-len(rows) // max_validate)]
    else:
        rows_checked = rows
    checked = int(counts[rows_checked].sum())
    passed = sum(int(counts[i]) for i in rows_checked.tolist() if recognizer.validate(strings[i]))
    if checked == matched:
        return passed
    return round(passed * matched / checked)


def match_values(
    values: pd.Series, registry: PatternRegistry | None = None, *, max_validate: int | None = 2000
) -> list[ValueHit]:
    """Count, per recogniser, the cells that fully match and the matches that validate.

    Parameters
    ----------
    values
        The non-missing sampled cells of one column, already converted to ``str`` and stripped
        (see :func:`normalize_numeric_strings` for numbers stored as floats).
    registry
        The recognisers to run (default: :meth:`PatternRegistry.default`).
    max_validate
        At most this many distinct matched values are validated per recogniser; beyond that an
        evenly spread subset is, and ``validated`` is scaled from it (phone parsing costs about
        50 microseconds a value). ``None`` validates every one.

    Returns
    -------
    list of ValueHit
        One per recogniser with at least one matching cell, best score first. Hits never hold a
        value: only counts and a score.
    """
    registry = registry if registry is not None else default_registry()
    total = len(values)
    if total == 0:
        return []
    strings, counts = _distinct(values)
    recognizers = list(registry)
    matcher = _Matcher(strings, recognizers)
    hits: list[ValueHit] = []
    unvalidated: dict[str, list[tuple[PatternRecognizer, Any, int]]] = {}
    for recognizer in recognizers:
        rows = matcher.fullmatch_rows(recognizer)
        if not len(rows):
            continue
        matched = int(counts[rows].sum())
        if recognizer.validator is None:
            validated = matched
            unvalidated.setdefault(recognizer.entity, []).append((recognizer, rows, matched))
        else:
            validated = _count_validated(recognizer, strings, counts, rows, max_validate)
        score = (validated * recognizer.full_score + (matched - validated) * recognizer.failed_score) / total
        hits.append(ValueHit(recognizer.entity, recognizer.name, matched, validated, total, round(score, 6)))
    hits.extend(_joint_hits(unvalidated, counts, total))
    hits.sort(key=lambda h: (-h.score, -h.validated, h.recognizer))
    return hits


def _joint_hits(
    members: dict[str, list[tuple[PatternRecognizer, Any, int]]], counts: Any, total: int
) -> list[ValueHit]:
    """One hit per entity whose validator-free recognisers together match more cells than any one:
    a column of addresses in several languages (or forms) is one column of addresses. Each cell
    counts the best score of the recognisers that match it; the hit is named after all of them."""
    import numpy as np

    joint: list[ValueHit] = []
    for entity, found in members.items():
        if len(found) < 2:
            continue
        best = np.zeros(len(counts))
        for recognizer, rows, _ in found:
            best[rows] = np.maximum(best[rows], recognizer.full_score)
        covered = best > 0
        matched = int(counts[covered].sum())
        if matched <= max(n for _, _, n in found):
            continue
        score = float((best * counts).sum()) / total
        name = "+".join(sorted(r.name for r, _, _ in found))
        joint.append(ValueHit(entity, name, matched, matched, total, round(score, 6)))
    return joint


_FLOAT_INTEGRAL = re.compile(r"[+-]?[0-9]+[.]0*")
_SCIENTIFIC = re.compile(r"[+-]?[0-9](?:[.][0-9]+)?[eE][+]?[0-9]{1,3}")


def normalize_numeric_strings(series: pd.Series) -> pd.Series:
    """Turn float-formatted integers back into digit strings.

    Card numbers, phone numbers and ids read by a CSV parser as floats come out as
    ``"5545634085461876.0"`` or ``"5.545634e+15"``; the patterns need ``"5545634085461876"``.
    Integral values are rewritten (exactly, via :class:`decimal.Decimal`; digits a float had
    already lost cannot come back), everything else is left alone. Float and integer Series
    are formatted the same way. A new Series is returned; the input is not changed.

    Parameters
    ----------
    series
        Strings (or numbers) of one column.

    Returns
    -------
    pandas.Series
        Same index; ``str`` values where a number was converted, other values unchanged.
    """
    from decimal import Decimal, InvalidOperation

    import pandas as pd

    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):

        def fmt_number(x: Any) -> Any:
            if pd.isna(x):
                return x
            d = Decimal(repr(x)) if isinstance(x, float) else Decimal(int(x))
            return format(d.quantize(Decimal(1)), "f") if d == d.to_integral_value() else str(x)

        return series.map(fmt_number).astype(object)

    strings = series.astype(object)

    def fmt_string(x: Any) -> Any:
        if not isinstance(x, str):
            return x
        text = x.strip()
        if _FLOAT_INTEGRAL.fullmatch(text):
            return text.split(".")[0]
        if _SCIENTIFIC.fullmatch(text):
            try:
                d = Decimal(text)
            except InvalidOperation:
                return x
            if d == d.to_integral_value():
                return format(d.quantize(Decimal(1)), "f")
        return x

    # only cells that look like numbers pay for the Python call
    mask = strings.map(lambda x: isinstance(x, str) and ("." in x or "e" in x or "E" in x))
    out = strings.copy()
    out[mask] = strings[mask].map(fmt_string)
    return out
