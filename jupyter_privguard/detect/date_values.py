"""Dates as people write them: parsing, and the date and birth-date validators built on it.

:func:`parse_date` reads the numeric forms (ISO, day-first and month-first, dotted with spaces),
the Chinese, Japanese and Korean forms and dates with month names in the languages of
``data/month_names.json``; :func:`calendar_date`, :func:`birth_date` and
:func:`birth_date_compact` are the validators the date recognisers use. Split from
:mod:`.validators`, which re-exports every name.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from functools import lru_cache

from .digits import is_ascii_digits as _is_ascii_digits

__all__ = [
    "MONTH_NAMES",
    "birth_date",
    "birth_date_compact",
    "calendar_date",
    "month_day",
    "month_number",
    "parse_date",
]

# Month names by language, from a data file (its source is named there and in data/PROVENANCE.md).
_MONTH_FILE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "month_names.json")


def _fold(word: str) -> str:
    """Lower case, with the dotted and dotless i of Turkish read as i (``KASIM`` is ``kasım``)."""
    return word.lower().replace("\u0131", "i").replace("i\u0307", "i")


def _load_months() -> dict[str, int]:
    with open(_MONTH_FILE, encoding="utf-8") as fh:
        languages: dict[str, list[str]] = json.load(fh)["languages"]
    months: dict[str, int] = {}
    for code, names in languages.items():
        if len(names) != 12:
            raise ValueError(f"month_names.json: {code!r} must list 12 months, got {len(names)}")
        for month, forms in enumerate(names, start=1):
            for form in forms.split():
                if months.setdefault(_fold(form), month) != month:
                    raise ValueError(f"month_names.json: {form!r} ({code}) names two different months")
                months.setdefault(form, month)
    return months


_MONTHS: dict[str, int] = _load_months()

#: alternation of month names, longest first, for use inside other patterns (case-insensitive)
MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))

_TIME = (
    r"(?:[T ]\s*[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]{1,9})?)?"
    r"(?:\s?[AaPp]\.?[Mm]\.?)?(?:Z|\s?[+-][0-9]{2}:?[0-9]{2}|\s?UTC|\s?GMT)?)?"
)
# A year may be followed by the word for year (Russian "г.", Ukrainian "р.", Polish "r.", "roku").
_YEAR_MARK = r"(?: ?(?:г|р|r)\.| (?:года|року|roku))?"
# between day, month and year: one separator, or a dot and a space (Czech, Slovak, Korean "21. 9. 1949")
_SEP = r"(?:[-/.]|\. )"
_DATE_FORMS: tuple[tuple[str, str], ...] = tuple(
    (p + _TIME, order)
    for p, order in (
        (rf"([0-9]{{4}}){_SEP}([0-9]{{1,2}}){_SEP}([0-9]{{1,2}})\.?", "ymd"),
        (rf"([0-9]{{1,2}}){_SEP}([0-9]{{1,2}}){_SEP}([0-9]{{4}}|[0-9]{{2}}){_YEAR_MARK}", "?d?"),
        # Chinese and Japanese 1971年2月8日, Korean 1971년 02월 08일
        (r"([0-9０-９]{4}) ?[年년] ?([0-9０-９]{1,2}) ?[月월] ?([0-9０-９]{1,2}) ?[日일]", "ymd"),
        (
            rf"([0-9]{{1,2}})(?:st|nd|rd|th)?\.?[ -]?(?:de |of )?({MONTH_NAMES})\.?,?[ -](?:de )?([0-9]{{4}}|[0-9]{{2}})"
            + _YEAR_MARK,
            "dMy",
        ),
        (rf"({MONTH_NAMES})\.?[ -]([0-9]{{1,2}})(?:st|nd|rd|th)?,?[ -]([0-9]{{4}})", "Mdy"),
        # 1971-Feb-08, and Hungarian 1971. február 8.
        (rf"([0-9]{{4}})\.?[ -]({MONTH_NAMES})\.?[ -]([0-9]{{1,2}})\.?", "yMd"),
        (r"([0-9]{1,2})[-/.]([0-9]{4})", "my"),
        (rf"({MONTH_NAMES})\.?[ -]([0-9]{{4}})", "My"),
        (r"([0-9]{4})([0-9]{2})([0-9]{2})", "ymd8"),
    )
)


@lru_cache(maxsize=1)
def _date_forms() -> tuple[tuple[re.Pattern[str], str], ...]:
    # compiled on the first date read, not at import (a notebook without dates never needs them)
    return tuple((re.compile(p, re.IGNORECASE), order) for p, order in _DATE_FORMS)


def month_number(name: str) -> int:
    """The month a month name stands for (0, which no date has, for a form the table lacks)."""
    return _MONTHS.get(name.lower()) or _MONTHS.get(_fold(name), 0)


def _year(text: str, today: _dt.date) -> int:
    year = int(text)
    if len(text) == 2:
        # a two-digit year is read as the most recent past one (71 -> 1971, 05 -> 2005)
        year += 2000 if year <= today.year % 100 else 1900
    return year


def _mk(y: int, m: int, d: int) -> _dt.date | None:
    try:
        return _dt.date(y, m, d)
    except ValueError:
        return None


def parse_date(value: str, *, today: _dt.date | None = None, compact: bool = False) -> list[_dt.date]:
    """The calendar dates ``value`` can stand for (none when it is not a date).

    ``3/8/1971`` gives both readings (8 March and 3 August); ISO forms, ``1958/04/21``, dotted
    forms with spaces (``21. 9. 1949``, ``1971. 02. 08.``), the Chinese, Japanese and Korean forms
    (``1971年2月8日``, ``1971년 02월 08일``), month names in the languages of
    ``data/month_names.json`` (``8 февраля 1971 г.``, ``8. února 1971``, ``8 Şubat 1971``),
    month-year forms (as the first of the month) and a trailing time are understood.

    Parameters
    ----------
    value
        The candidate string.
    today
        Reference date for two-digit years (default: today).
    compact
        Also read eight bare digits as ``YYYYMMDD`` (off by default: most eight-digit numbers
        are not dates).
    """
    text = value.strip()
    if not text or len(text) > 64:
        return []
    for pattern, order in _date_forms():
        if order == "ymd8" and not compact:
            continue
        m = pattern.fullmatch(text)
        if not m:
            continue
        g = m.groups()
        found: list[_dt.date | None]
        if order in ("ymd", "ymd8"):
            found = [_mk(int(g[0]), int(g[1]), int(g[2]))]
        elif order == "?d?":
            y = _year(g[2], today or _dt.date.today())
            a, b = int(g[0]), int(g[1])
            found = [_mk(y, a, b), _mk(y, b, a)]  # month-first (US) and day-first readings
        elif order == "dMy":
            found = [_mk(_year(g[2], today or _dt.date.today()), month_number(g[1]), int(g[0]))]
        elif order == "Mdy":
            found = [_mk(int(g[2]), month_number(g[0]), int(g[1]))]
        elif order == "yMd":
            found = [_mk(int(g[0]), month_number(g[1]), int(g[2]))]
        elif order == "my":
            found = [_mk(int(g[1]), int(g[0]), 1)]
        else:  # "My"
            found = [_mk(int(g[1]), month_number(g[0]), 1)]
        dates = [d for d in found if d is not None]
        if len(dates) > 1:
            dates = sorted(set(dates))
        if dates:
            return dates
    return []


def calendar_date(value: str) -> bool:
    """True when ``value`` is a real calendar date (with an optional time) between years 1000 and 2999."""
    for d in parse_date(value):
        if 1000 <= d.year <= 2999:
            return True
    return False


def birth_date(value: str, today: _dt.date | None = None) -> bool:
    """A date that could be someone's birth date: parses, year 1900 or later, not in the future.

    Parameters
    ----------
    value
        The candidate string (see :func:`parse_date` for the forms understood).
    today
        Reference date (default: today); tests pass a fixed one.
    """
    today = today or _dt.date.today()
    return any(1900 <= d.year and d <= today for d in parse_date(value, today=today))


def birth_date_compact(value: str, today: _dt.date | None = None) -> bool:
    """Eight bare digits that read as a birth date ``YYYYMMDD`` (1900 or later, not in the future).

    Most eight-digit numbers are ids, so a column of them counts as birth dates only with a birth
    header or when its values together look like birth dates (see
    :func:`jupyter_privguard.detect.birth_columns.compact_births_plausible`).
    """
    if len(value) != 8 or not _is_ascii_digits(value):
        return False
    today = today or _dt.date.today()
    return any(1900 <= d.year and d <= today for d in parse_date(value, today=today, compact=True))


_MONTH_DAY = re.compile(r"(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12][0-9]|3[01])|(\w+)-[0-9]{1,2}|[0-9]{1,2}-(\w+)")


def month_day(value: str) -> bool:
    """A day and month without a year: ``5/21``, or a month name and a day (``May-21``, ``21-Mai``)."""
    m = _MONTH_DAY.fullmatch(value.strip())
    if m is None:
        return False
    word = m.group(1) or m.group(2)
    return word is None or month_number(word) > 0
