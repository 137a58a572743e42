"""Shown cells that the column scan called harmless, checked once more by the pattern tier.

A column is classified from a sample; a cell written into it later (``df.loc[i, "plan"] = an_email``)
or a view whose columns mix summaries and values (``describe(include="all")``: counts beside the most
frequent card number) can hold an identifier its column's finding does not cover, and the display's
exact pass knows only learned values. So every shown text cell that could hold a pattern-shaped
identifier (an ``@``, or a run of eight or more digits with light separators) goes through the text
guard with the pattern tier (:meth:`.display_parts.TextGuard.text`), which redacts it and learns what it
found. Placeholders, amounts, short codes (``SKU-12345``) and order numbers with fewer digits are not
looked at, so the cost stays with the few cells that need it.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .display_parts import TextGuard

__all__ = ["check_shown_cells"]

# an e-mail's "@", or 8+ digits with spaces, dots, dashes or slashes between (cards, phones, SSNs, IBANs)
_MAY_HOLD_ID = re.compile(r"@|[0-9](?:[ ./-]?[0-9]){7,}")
_MAX_CELLS = 20_000


def check_shown_cells(data: Any, guard: TextGuard, done: Collection[str] = ()) -> Any:
    """``data`` (a pandas frame or Series as it will be shown) with its suspicious text cells checked;
    the same object when nothing changed. Columns named in ``done`` were redacted by the policy's own
    action (a hash, a mask, a plugin's operator): their cells are the guard's output and stay as they are."""
    import pandas as pd

    if isinstance(data, pd.Series) and (done or guard.policy.column_allowed(str(data.name))):
        return data

    frame = data.to_frame() if isinstance(data, pd.Series) else data
    if not isinstance(frame, pd.DataFrame) or frame.size > _MAX_CELLS:
        return data
    suspects: dict[int, tuple[list[Any], list[int]]] = {}
    for position in range(frame.shape[1]):
        column = frame.iloc[:, position]
        label = str(frame.columns[position])
        if label in done or f"(nested) {label}" in done or guard.policy.column_allowed(label):
            continue  # the policy's own output, a nested column already walked, or allowed (a reveal too)
        if column.dtype.kind in "iufcbmM":
            continue  # numbers keep their column's format (a cell made text would print in full)
        values = column.tolist()
        rows = [i for i, value in enumerate(values) if isinstance(value, str) and _MAY_HOLD_ID.search(value)]
        if rows:
            suspects[position] = (values, rows)
    changed: dict[int, list[Any]] = {}
    # the pattern tier over every suspicious cell at once (its vectorised pass has a fixed cost per call)
    with guard.prefetched([values[i] for values, rows in suspects.values() for i in rows]):
        for position, (values, rows) in suspects.items():
            redone = list(values)
            hit = False
            for i in rows:
                new = guard.text(values[i], patterns=True)
                if new != values[i]:
                    redone[i], hit = new, True
            if hit:
                changed[position] = redone
    if not changed:
        return data
    out = frame.copy()
    for position, redone in changed.items():
        out.isetitem(position, redone)
    if isinstance(data, pd.Series):
        series = out.iloc[:, 0]
        series.name = data.name
        return series
    return out
