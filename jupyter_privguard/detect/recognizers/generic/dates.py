"""Dates and timestamps in numeric, CJK and month-name forms, and birth dates (a date with birth context)."""

from __future__ import annotations

from ... import validators as v
from ...recognizer import PatternRecognizer

_MONTHS = f"(?i:{v.MONTH_NAMES})"
# Where a month name goes in the column and span patterns: any word of Latin, Greek or Cyrillic
# letters, which the validator then reads against the month names. The alternation of every month
# name in twenty languages costs RE2 milliseconds to compile, on every column pass.
_MONTH_WORD = "[A-Za-zÀ-ÖØ-öø-ɏͰ-ϿЀ-ӿ]{3,13}"

_TIME = (
    "(?:[T ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]{1,9})?)?"
    "(?: ?[AaPp][.]?[Mm][.]?)?(?:Z| ?[+-][0-9]{2}:?[0-9]{2}| ?UTC| ?GMT)?)?"
)

_DATE_ISO = f"[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}{_TIME}"

# the word for "year" some languages write after it: Russian "г.", Ukrainian "р.", Polish "r." or "roku"
_YEAR_MARK = "(?: ?(?:г|р|r)[.]| (?:года|року|roku))?"

# 1958/04/21, and the dotted form with spaces of Korean and Hungarian dates: 1971. 02. 08.
_DATE_YMD = f"[0-9]{{4}}(?:[/.][0-9]{{1,2}}[/.][0-9]{{1,2}}|[.] [0-9]{{1,2}}[.] [0-9]{{1,2}}[.]?){_TIME}"

# 3/8/1971, 12-10-2020, 21.5.21, and the Czech and Slovak form with spaces: 21. 9. 1949
_DATE_NUMERIC = (
    f"[0-9]{{1,2}}(?:/[0-9]{{1,2}}/|-[0-9]{{1,2}}-|[.][0-9]{{1,2}}[.]|[.] [0-9]{{1,2}}[.] ?)(?:[0-9]{{4}}|[0-9]{{2}})"
    f"{_YEAR_MARK}{_TIME}"
)

# Chinese and Japanese 1971年2月8日, Korean 1971년 02월 08일
# (ASCII or full-width digits)
_DATE_CJK = f"[0-9０-９]{{4}} ?[年년] ?[0-9０-９]{{1,2}} ?[月월] ?[0-9０-９]{{1,2}} ?[日일]{_TIME}"

_DATE_TEXT = (
    f"(?:[0-9]{{1,2}}(?:st|nd|rd|th)?[.]?[ -]?(?:de |of )?{_MONTH_WORD}[.]?,?[ -](?:de )?(?:[0-9]{{4}}|[0-9]{{2}})"
    f"{_YEAR_MARK}|{_MONTH_WORD}[.]?[ -][0-9]{{1,2}}(?:st|nd|rd|th)?,?[ -][0-9]{{4}}"
    f"|[0-9]{{4}}[.]?[ -]{_MONTH_WORD}[.]?[ -][0-9]{{1,2}}[.]?){_TIME}"
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
    # other languages: the word of "date of birth" a form writes before the date
    "生年月日",
    "誕生日",
    "出生日期",
    "생년월일",
    "рождения",
    "народження",
    "urodzenia",
    "narození",
    "doğum",
    "født",
    "född",
    "syntymäaika",
    "γέννησης",
    "születési",
    "nașterii",
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
            prefilter="[0-9]{4}[/.] ?[0-9]{1,2}[/.] ?[0-9]",
            search_group="dates",
            description="a year-first date: 1958/04/21, 1971. 02. 08.",
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
            description="a day-month or month-day date: 3/8/1971, 12-10-2020 14:43, 21.5.21, 21. 9. 1949",
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
            description="a date with a month name (several languages): 5 May 2021, March 3, 1990, 8 февраля 1971",
            letters="always",
        ),
        R(
            "date_month_year",
            "DATE_TIME",
            f"[0-9]{{1,2}}/[0-9]{{4}}|{_MONTH_WORD}[.]?[ -][0-9]{{4}}",
            0.35,
            v.calendar_date,
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
            f"(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12][0-9]|3[01])|{_MONTH_WORD}-[0-9]{{1,2}}|[0-9]{{1,2}}-{_MONTH_WORD}",
            0.15,
            v.month_day,
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
            f"{_DATE_ISO}|{_DATE_YMD}|{_DATE_NUMERIC}|{_DATE_TEXT}|{_DATE_CJK}",
            0.05,
            v.birth_date,
            0.4,
            context=_CTX_DOB,
            needs_context=True,
            # ASCII word characters only: Chinese and Japanese write the date against the words around it
            left=r"(?<![0-9A-Za-z_.:/-])",
            right=r"(?![0-9A-Za-z_]|[.:/-][0-9])",
            description="a date plausible as a birth date (1900 to today): a DOB with header or context evidence",
        ),
    ]
