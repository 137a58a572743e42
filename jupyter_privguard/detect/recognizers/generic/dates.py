"""Dates and timestamps in numeric and month-name forms, and birth dates (a date with birth context)."""

from __future__ import annotations

from ... import validators as v
from ...recognizer import PatternRecognizer

_MONTHS = f"(?i:{v.MONTH_NAMES})"

_TIME = (
    "(?:[T ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]{1,9})?)?"
    "(?: ?[AaPp][.]?[Mm][.]?)?(?:Z| ?[+-][0-9]{2}:?[0-9]{2}| ?UTC| ?GMT)?)?"
)

_DATE_ISO = f"[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}{_TIME}"

_DATE_YMD = f"[0-9]{{4}}[/.][0-9]{{1,2}}[/.][0-9]{{1,2}}{_TIME}"

_DATE_NUMERIC = f"[0-9]{{1,2}}(?:/[0-9]{{1,2}}/|-[0-9]{{1,2}}-|[.][0-9]{{1,2}}[.])(?:[0-9]{{4}}|[0-9]{{2}}){_TIME}"

_DATE_TEXT = (
    f"(?:[0-9]{{1,2}}(?:st|nd|rd|th)?[.]?[ -]?(?:de |of )?{_MONTHS}[.]?,?[ -](?:de )?(?:[0-9]{{4}}|[0-9]{{2}})"
    f"|{_MONTHS}[.]?[ -][0-9]{{1,2}}(?:st|nd|rd|th)?,?[ -][0-9]{{4}}"
    f"|[0-9]{{4}}[ -]{_MONTHS}[.]?[ -][0-9]{{1,2}}){_TIME}"
)

# What every month-and-year or day-and-month match contains, as a cheap RE2 pattern that selects
# the texts worth searching (see ``PatternRecognizer.prefilter``): a slash between digits or a month name.
_SLASH_OR_MONTH = f"[0-9]/[0-9]|{_MONTHS}"

_CTX_DATE = ("date", "dated", "day", "today", "yesterday", "tomorrow")

_CTX_DOB = (
    "born",
    "birth",
    "birthday",
    "birthdate",
    "dob",
    "geboren",
    "né",
    "née",
    "nacimiento",
    "nascimento",
    "naissance",
    "geburtsdatum",
    "age",
)


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "date_iso",
            "DATE_TIME",
            _DATE_ISO,
            0.3,
            v.calendar_date,
            0.7,
            context=_CTX_DATE,
            left=r"(?<![\w.:/-])",
            right=r"(?![\w]|[.:/-][0-9])",
            description="an ISO 8601 date or timestamp",
        ),
        R(
            "date_ymd",
            "DATE_TIME",
            _DATE_YMD,
            0.3,
            v.calendar_date,
            0.65,
            context=_CTX_DATE,
            left=r"(?<![\w.:/-])",
            right=r"(?![\w]|[.:/-][0-9])",
            prefilter="[0-9]{4}[/.][0-9]{1,2}[/.][0-9]",
            search_group="dates",
            description="a year-first date: 1958/04/21",
        ),
        R(
            "date_numeric",
            "DATE_TIME",
            _DATE_NUMERIC,
            0.2,
            v.calendar_date,
            0.6,
            context=_CTX_DATE,
            left=r"(?<![\w.:/-])",
            right=r"(?![\w]|[.:/-][0-9])",
            prefilter=f"(?:^|[^0-9A-Za-z_.:/-])(?:{_DATE_NUMERIC})",
            description="a day-month or month-day date: 3/8/1971, 12-10-2020 14:43, 21.5.21",
        ),
        R(
            "date_text",
            "DATE_TIME",
            _DATE_TEXT,
            0.3,
            v.calendar_date,
            0.75,
            context=_CTX_DATE,
            prefilter=_MONTHS,
            search_group="dates",
            description="a date with a month name (several languages): 5 May 2021, March 3, 1990",
            letters="always",
        ),
        R(
            "date_month_year",
            "DATE_TIME",
            f"[0-9]{{1,2}}/[0-9]{{4}}|{_MONTHS}[.]?[ -][0-9]{{4}}",
            0.35,
            context=_CTX_DATE,
            left=r"(?<![\w./-])",
            right=r"(?![\w]|[./-][0-9])",
            prefilter=_SLASH_OR_MONTH,
            search_group="dates",
            description="a month and year: 05/2021, May 2021",
        ),
        R(
            "date_short",
            "DATE_TIME",
            f"(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12][0-9]|3[01])|{_MONTHS}-[0-9]{{1,2}}|[0-9]{{1,2}}-{_MONTHS}",
            0.15,
            context=_CTX_DATE,
            needs_context=True,
            left=r"(?<![\w./-])",
            right=r"(?![\w]|[./-][0-9])",
            prefilter=_SLASH_OR_MONTH,
            search_group="dates",
            description="a day and month without a year: 5/21, May-21",
        ),
        R(
            "birth_date",
            "DATE_OF_BIRTH",
            f"{_DATE_ISO}|{_DATE_YMD}|{_DATE_NUMERIC}|{_DATE_TEXT}",
            0.05,
            v.birth_date,
            0.4,
            context=_CTX_DOB,
            needs_context=True,
            left=r"(?<![\w.:/-])",
            right=r"(?![\w]|[.:/-][0-9])",
            description="a date plausible as a birth date (1900 to today): a DOB with header or context evidence",
        ),
    ]
