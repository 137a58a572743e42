"""The speed benchmark's protection check: which raw values a shown frame holds, and whether an output has them.

Every guarded output the benchmark times is checked for the personal values of the rows it shows, in the forms
a display writes them (as stored, HTML-escaped, cut at ``display.max_colwidth``), and for the non-personal values
that must stay visible. A value counts as found only where it stands on its own (no letter or digit right before
or after it), so a 5-digit postal code inside an order number is not a false alarm.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from _people import COMMENTS_WITH_NAME, SPEED_PERSONAL, SPEED_UTILITY

#: the entity each personal column of the speed frame holds (what a correct classifier says)
SPEED_ENTITIES = {
    "name": "PERSON",
    "email": "EMAIL_ADDRESS",
    "phone": "PHONE_NUMBER",
    "ssn": "US_SSN",
    "card": "CREDIT_CARD",
    "iban": "IBAN_CODE",
    "ip": "IP_ADDRESS",
    "street": "STREET_ADDRESS",
    "birth_date": "DATE_OF_BIRTH",
    "zip": "POSTAL_CODE",
    "city": "LOCATION",
}


def checked_columns(policy: Any) -> list[str]:
    """The personal columns whose raw values must not be shown: those the policy does not ``keep``.

    The default policy keeps a city (a quasi-identifier, shown like an age band); every other personal
    column of the frame is changed by its action, so its raw value in an output is a leak.
    """
    return [c for c in SPEED_PERSONAL if policy.action_for(SPEED_ENTITIES[c]) != "keep"]


def comment_name(comment: str) -> str | None:
    """The person's name written into a generated comment, or ``None`` when the comment names nobody."""
    for before, after in COMMENTS_WITH_NAME:
        if comment.startswith(before) and comment.endswith(after) and len(comment) > len(before) + len(after):
            return comment[len(before) : len(comment) - len(after)]
    return None


def written_forms(value: str, colwidth: int | None = 50) -> set[str]:
    """``value`` as an output may write it: as stored, HTML-escaped, and cut where pandas cuts a long cell."""
    forms = {value, html.escape(value), html.escape(value, quote=False)}
    if colwidth is not None and len(value) > colwidth - 3:
        forms.add(value[: colwidth - 4])  # pandas writes the first max_colwidth - 3 characters, then "..."
    return {f for f in forms if f}


def stands_alone(text: str, needle: str) -> bool:
    """Whether ``needle`` occurs in ``text`` with no letter or digit right before or after it."""
    start = text.find(needle)
    while start >= 0:
        end = start + len(needle)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not before.isalnum() and not after.isalnum():
            return True
        start = text.find(needle, start + 1)
    return False


def message_text(content: Any) -> str:
    """Every string in a message's content (keys too), one per line: what a frontend could show."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                out.append(str(key))
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)
        elif node is not None:
            out.append(json.dumps(node, default=str))

    walk(content)
    return "\n".join(out)


def shown_positions(n_rows: int, max_rows: int | None, min_rows: int | None) -> list[int]:
    """The row positions pandas renders for a frame of ``n_rows`` rows (head and tail when it is long)."""
    if max_rows is None or max_rows == 0 or n_rows <= max_rows:
        return list(range(n_rows))
    half = max(1, (min(min_rows, max_rows) if min_rows else max_rows) // 2)
    return list(range(min(half, n_rows))) + list(range(max(half, n_rows - half), n_rows))


@dataclass
class Truth:
    """The raw personal values of some shown rows (each with the column it came from), and the non-personal
    values that must stay visible."""

    personal: dict[str, str] = field(default_factory=dict)
    utility: dict[str, str] = field(default_factory=dict)

    def add(self, values: Iterable[Any], column: str, *, utility: bool = False) -> None:
        into = self.utility if utility else self.personal
        for value in values:
            if value is not None and str(value):
                into.setdefault(str(value), column)


def row_truth(
    frame: Any, labels: Sequence[Any], columns: Iterable[str], utility: Iterable[str] = SPEED_UTILITY
) -> Truth:
    """The values of rows ``labels`` of ``frame`` (the generated frame, indexed as it was built).

    ``columns`` are the personal columns to check; a name written into a ``comment`` counts as personal too.
    """
    rows = frame.loc[list(labels)]
    truth = Truth()
    for column in columns:
        truth.add(rows[column].tolist(), column)
    if "comment" in rows.columns:
        truth.add((comment_name(str(c)) for c in rows["comment"].tolist()), "comment")
    for column in utility:
        if column in rows.columns:
            truth.add(rows[column].tolist(), column, utility=True)
    return truth


@dataclass
class Verdict:
    """What one output showed: raw personal values found (counted, never printed) and utility kept."""

    leaked: int = 0
    utility_shown: int = 0
    utility_expected: int = 0
    by_column: Counter[str] = field(default_factory=Counter)
    lost_by_column: Counter[str] = field(default_factory=Counter)

    def add(self, other: Verdict) -> None:
        self.leaked += other.leaked
        self.utility_shown += other.utility_shown
        self.utility_expected += other.utility_expected
        self.by_column.update(other.by_column)
        self.lost_by_column.update(other.lost_by_column)

    def where(self) -> str:
        """Which columns the found values came from, with counts (no value)."""
        return ", ".join(f"{column} {count}" for column, count in self.by_column.most_common())

    def lost(self) -> str:
        """Which non-personal columns lost values, with counts."""
        return ", ".join(f"{column} {count}" for column, count in self.lost_by_column.most_common())

    @property
    def kept(self) -> float | None:
        return self.utility_shown / self.utility_expected if self.utility_expected else None


def check_output(guarded: str, truth: Truth, *, plain: str | None = None, colwidth: int | None = 50) -> Verdict:
    """Count ``truth``'s personal values in ``guarded``; share of its utility values kept.

    Parameters
    ----------
    guarded
        The text of the guarded output (:func:`message_text` of what left the kernel).
    truth
        The values of the rows the output shows.
    plain
        The same frame shown without the guard: only utility values pandas itself shows are expected in
        ``guarded`` (a column pandas hides is not lost utility).
    colwidth
        ``display.max_colwidth``, for the cut form of a long value.
    """
    verdict = Verdict()
    for value, column in truth.personal.items():
        if any(stands_alone(guarded, form) for form in written_forms(value, colwidth)):
            verdict.leaked += 1
            verdict.by_column[column] += 1
    for value, column in truth.utility.items():
        forms = written_forms(value, colwidth)
        if plain is not None and not any(stands_alone(plain, f) for f in forms):
            continue
        verdict.utility_expected += 1
        if any(stands_alone(guarded, f) for f in forms):
            verdict.utility_shown += 1
        else:
            verdict.lost_by_column[column] += 1
    return verdict
