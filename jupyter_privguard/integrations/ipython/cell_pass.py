"""The exact-value pass over a pandas frame's rendered cells, before they are rendered.

The display guard looks for the session's learned values in what it is about to publish, so that a
value classification missed (a name in a column found harmless, a value learned from another frame)
stays out. Done on the finished bundle, that pass reads the rendered text twice (text/plain and
text/html, markup and padding included) and, for an unseen window of a frame, costs several times
pandas' own rendering. Done here it reads each *distinct* cell text once, in one batch, and
remembers per distinct text what it found (memory only), so the cells a table repeats (statuses,
cities, placeholders) and the labels and banner texts of every display cost a dictionary look-up.

What is checked, for the rows pandas renders: every cell's text (a string as it is, any other value
as ``str`` and, for objects that are not plain scalars, ``repr``; a float holding a whole number also
in the forms it prints in; a cell of a column holding floats also as pandas' table formatter writes it, in
the column's format, for ``repr`` and ``_repr_html_`` alike), the row labels (not a plain range of positions: those are no one's
data), the column labels, the names of the label levels, and the banner's texts (the variable's
name, the reported columns, the notes). A cell found to hold a learned value is replaced by the
redacted text (a non-string value by its redacted ``str``) before pandas renders it; a label or a
banner text that holds one sends the display back to the pass over the finished bundle (rare; the
pass then redacts it where it is rendered).

The display may then publish text/plain and text/html without the pass over the finished bundle:
every text pandas writes into them is one of the texts checked here, or its own markup, padding
and ``...`` cuts. What this does not look for: a learned value that only exists across two cells
rendered side by side (a first and a last name in adjacent columns both found harmless, matched as
one value); the finished bundle's pass read a text table's line that way, and also matched digits
inside other cells' text there (an SKU's digits taken for a postal code), which this does not.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from ...policy import Policy
    from ...session import GuardSession

__all__ = ["CHECKED_MIMES", "check_frame_cells"]

#: the MIME types of a frame's bundle whose every text the cell pass checked
CHECKED_MIMES = frozenset({"text/plain", "text/html"})
#: distinct texts remembered per session
MAX_TEXTS = 65_536
#: a text longer than this is checked alone (and not remembered)
_MAX_BATCHED = 4_000
# characters a text's lines may break on: such a text is checked alone, never inside the batch
_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\x1b")


class _Texts:
    """Per session: distinct text -> the spans of learned values found in it (memory only)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._states: dict[int, tuple[weakref.ref[Any], tuple[Any, ...], Any, OrderedDict[str, tuple[Any, ...]]]] = {}

    def table(self, session: Any, policy: Any) -> OrderedDict[str, tuple[Any, ...]] | None:
        version = getattr(session, "_version", None)
        if version is None:
            return None
        generation = (version, id(policy))
        with self._lock:
            state = self._states.get(id(session))
            if state is None or state[0]() is not session or state[1] != generation or state[2] is not policy:
                for key in [k for k, s in self._states.items() if s[0]() is None]:
                    del self._states[key]
                try:
                    ref = weakref.ref(session)
                except TypeError:
                    return None
                state = (ref, generation, policy, OrderedDict())
                self._states[id(session)] = state
            return state[3]

    def clear(self) -> None:
        with self._lock:
            self._states.clear()


_TEXTS = _Texts()


def clear() -> None:
    """Forget every remembered text (tests)."""
    _TEXTS.clear()


def _cell_texts(value: Any) -> list[str]:
    """The texts a rendered cell shows of ``value`` (none for a missing value)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, float):
        if value != value:
            return []
        from .display_parts import printed_forms

        return [str(v) for v in printed_forms([value])] + [repr(value)]
    if isinstance(value, (bool, int)):
        return [str(value)]
    try:
        import pandas as pd

        if value is pd.NaT or value is pd.NA:
            return []
    except Exception:
        pass
    text, shown = str(value), repr(value)
    return [text] if text == shown else [text, shown]


def _find(texts: Sequence[str], session: GuardSession, policy: Policy) -> dict[str, tuple[Any, ...]]:
    """The spans of each text, from the remembered ones and one batch for the others."""
    from ...textguard import lines_with_known_values, redaction_spans

    table = _TEXTS.table(session, policy)
    found: dict[str, tuple[Any, ...]] = {}
    batch: list[str] = []
    alone: list[str] = []
    for text in texts:
        known = table.get(text) if table is not None else None
        if known is not None:
            found[text] = known
        elif len(text) > _MAX_BATCHED or not _BREAKS.isdisjoint(text):
            alone.append(text)
        else:
            batch.append(text)
    if batch:
        # one line per text: a text the joined pass finds anything in (or next to: a hit across two
        # lines) is checked alone, by the very function the finished bundle's pass uses
        flagged = lines_with_known_values(batch, session)
        for k, text in enumerate(batch):
            if k in flagged:
                alone.append(text)
            else:
                found[text] = ()
    for text in alone:
        found[text] = tuple(redaction_spans(text, session, policy=policy, patterns=False))
    if table is not None:
        with _TEXTS._lock:
            for text, spans in found.items():
                if len(text) <= _MAX_BATCHED:
                    table[text] = spans
                    table.move_to_end(text)
            while len(table) > MAX_TEXTS:
                table.popitem(last=False)
    return found


def _label_texts(labels: Any) -> Iterable[str]:
    import pandas as pd

    if isinstance(labels, pd.MultiIndex):
        for level in range(labels.nlevels):
            for value in labels.get_level_values(level).tolist():
                yield from _cell_texts(value)
    else:
        for value in labels.tolist():
            yield from _cell_texts(value)
    for name in labels.names:
        yield from _cell_texts(name)


def check_frame_cells(
    data: pd.DataFrame,
    session: GuardSession,
    policy: Policy,
    banner: Iterable[str],
    *,
    row_labels: bool = True,
    max_rows: int | None = None,
) -> pd.DataFrame | None:
    """``data`` (the redacted rows a display renders) with every learned value in its cells redacted.

    Parameters
    ----------
    data
        The view pandas renders: its cells, row and column labels, label names.
    banner
        The other texts the bundle shows (the variable's name, reported columns, notes).
    row_labels
        ``False`` when the row labels are a plain range of positions (not checked).
    max_rows
        The ``display.max_rows`` the view is rendered with when it is truncated (the filler row
        dropped, as :func:`jupyter_privguard.render.render_pandas_frame` does); ``None``: every row.

    Returns
    -------
    DataFrame or None
        The frame to render (``data`` itself when nothing was found, a copy otherwise), or ``None``
        when a label or a banner text holds a learned value: the caller then runs the pass over
        the finished bundle instead.
    """
    from ...textguard import apply_spans

    columns = [data.iloc[:, j].tolist() for j in range(data.shape[1])]
    # pandas prints a float by its column's format (precision, a shared number of decimals, scientific
    # notation), not as ``str``: a cell of such a column is also checked in the very text pandas renders
    floats = [j for j, values in enumerate(columns) if _holds_floats(data.dtypes.iloc[j], values)]
    if any(data.dtypes.iloc[j].kind not in "fc" for j in floats):
        # floats mixed into an object column (a describe(include="all") table, a mixed column) are printed
        # by no column format this pass can ask for: the pass over the finished bundle reads them as shown
        return None
    cell_texts = [[_cell_texts(v) for v in values] for values in columns]
    if floats and not _add_rendered(data, floats, max_rows, cell_texts):
        return None  # pandas' formatter could not be asked: the pass over the finished bundle
    others: dict[str, None] = dict.fromkeys(_label_texts(data.columns))
    if row_labels:
        others.update(dict.fromkeys(_label_texts(data.index)))
    else:
        others.update(dict.fromkeys(t for name in data.index.names for t in _cell_texts(name)))
    others.update(dict.fromkeys(t for t in banner if isinstance(t, str) and t))
    texts: dict[str, None] = dict(others)
    for per_column in cell_texts:
        for forms in per_column:
            texts.update(dict.fromkeys(forms))
    found = _find(list(texts), session, policy)
    if any(found.get(t) for t in others):
        return None
    out = data
    refloat: list[int] = []
    for j, per_column in enumerate(cell_texts):
        hits = [i for i, forms in enumerate(per_column) if any(found.get(t) for t in forms)]
        if not hits:
            continue
        if out is data:
            out = data.copy()
        values = list(columns[j])
        for i in hits:
            value = values[i]
            text = value if isinstance(value, str) else str(value)
            spans = found.get(text) or ()
            redacted = apply_spans(text, list(spans))[0] if spans else None
            if redacted is None or any(found.get(t) for t in _cell_texts(redacted)):
                # the hit was in another printed form (a float's digits): the whole cell goes
                entity = next(s[2] for t in per_column[i] for s in (found.get(t) or ()))
                from ...textguard import text_placeholder

                redacted = text_placeholder(entity, "text")
            values[i] = redacted
        import numpy as np

        column = np.empty(len(values), dtype=object)
        column[:] = values
        out.isetitem(j, column)
        if j in floats:
            refloat.append(j)
    if refloat:
        # a float column with a cell made text is formatted anew (an object column's format): its
        # cells are checked again in that format, and any hit sends the display to the bundle's pass
        again: list[list[list[str]]] = [[[] for _ in range(len(out))] for _ in range(out.shape[1])]
        if not _add_rendered(out, refloat, max_rows, again):
            return None
        forms = list(dict.fromkeys(t for j in refloat for cell in again[j] for t in cell))
        if any(_find(forms, session, policy).values()):
            return None
    return out


def _holds_floats(dtype: Any, values: list[Any]) -> bool:
    return dtype.kind in "fc" or any(isinstance(v, float) for v in values)


def _add_rendered(data: pd.DataFrame, positions: list[int], max_rows: int | None, cells: list[list[list[str]]]) -> bool:
    """Add to ``cells[j][i]`` the text pandas' table formatter writes for cell ``i`` of each column ``j``
    in ``positions`` (padding stripped), as ``repr`` and ``_repr_html_`` truncate ``data`` to
    ``max_rows`` rows (``None``: all; the middle row is then dropped, as the renderer drops it).
    ``False`` when pandas' formatter cannot be asked or does not answer as expected (its internals moved).
    """
    try:
        import pandas as pd
        from pandas.io.formats import format as fmt  # pandas-stubs do not list its formatter

        n = len(data)
        if max_rows is not None and n > max_rows:
            half = max_rows // 2
            rows = list(range(half)) + list(range(n - half, n)) if half >= 1 else list(range(max_rows))
        else:
            rows = list(range(n))
        # ``repr`` formats with no float format of its own, ``_repr_html_`` with the option's: both
        for float_format in dict.fromkeys([None, pd.get_option("display.float_format")]):
            formatter = fmt.DataFrameFormatter(  # type: ignore[attr-defined]
                data, na_rep="NaN", float_format=float_format, max_rows=max_rows, min_rows=max_rows, max_cols=None
            )
            if formatter.tr_frame.shape != (len(rows), data.shape[1]):
                return False
            for j in positions:
                shown = formatter.format_col(j)
                if len(shown) != len(rows):
                    return False
                for i, text in zip(rows, shown):
                    text = text.strip()
                    if text and text not in cells[j][i]:
                        cells[j][i].append(text)
        return True
    except Exception:  # fail closed: the pass over the finished bundle
        return False
