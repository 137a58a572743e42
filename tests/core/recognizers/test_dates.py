"""Dates and birth dates (generic/dates.py, generic/local_dates.py): cells taken and refused, spans in text."""

from __future__ import annotations

import pytest
from recognizer_checks import spans_of, takes

from jupyter_privguard.detect.recognizers.generic import dates, local_dates


def test_the_module_offers_its_recognisers_in_order() -> None:
    assert [r.name for r in dates.recognizers()] == [
        "date_iso",
        "date_ymd",
        "date_numeric",
        "date_text",
        "date_month_year",
        "date_short",
        "birth_date",
    ]
    assert [r.name for r in local_dates.recognizers()] == ["date_cjk", "birth_date_compact"]


# (cell, recogniser, whether that recogniser takes it as a whole column cell)
CELLS = [
    ("2021-05-21", "date_iso", True),
    ("2024-03-15T14:30:00Z", "date_iso", True),
    ("2021-13-01", "date_iso", False),
    ("2021-02-30", "date_iso", False),
    ("1958/04/21", "date_ymd", True),
    ("1958/14/21", "date_ymd", False),
    ("3/8/1971", "date_numeric", True),
    ("12-10-2020 14:43", "date_numeric", True),
    ("21.05.1980", "date_numeric", True),
    ("32.05.1980", "date_numeric", False),
    ("March 3, 1990", "date_text", True),
    ("3 de mayo de 1980", "date_text", True),
    ("5 May 2021", "date_text", True),
    ("31 February 2021", "date_text", False),
    ("05/2021", "date_month_year", True),
    ("May 2021", "date_month_year", True),
    ("2021", "date_month_year", False),
    ("5/21", "date_short", True),
    ("May-21", "date_short", True),
    ("13/45", "date_short", False),
    ("1980-05-21", "birth_date", True),
    ("3/8/1971", "birth_date", True),
    ("1850-01-01", "birth_date", False),
    # the forms of other locales (tests/core/test_birth_dates_locales.py has them in columns)
    ("1971年2月8日", "date_cjk", True),
    ("1971년 02월 08일", "date_cjk", True),
    ("1971年2月30日", "date_cjk", False),
    ("１９７１年２月８日", "date_cjk", True),
    ("1971年2月8日 10:30", "date_cjk", True),
    ("21. 9. 1949", "date_numeric", True),
    ("1971. 02. 08.", "date_ymd", True),
    ("8 февраля 1971", "date_text", True),
    ("8 февраля 1971 г.", "date_text", True),
    ("8. února 1971", "date_text", True),
    ("8 lutego 1971 r.", "date_text", True),
    ("8 Şubat 1971", "date_text", True),
    ("1971. február 8.", "date_text", True),
    ("31 февраля 1971", "date_text", False),
    ("1971年2月8日", "birth_date", True),
    ("19940124", "birth_date_compact", True),
    ("19941324", "birth_date_compact", False),
    ("18940124", "birth_date_compact", False),
    ("29990124", "birth_date_compact", False),
    ("2999-01-01", "birth_date", False),
]


@pytest.mark.parametrize(("value", "name", "expected"), CELLS)
def test_cells(value: str, name: str, expected: bool) -> None:
    assert takes(name, value) is expected


# (text, the (entity, covered text) of every span the built-in recognisers find in it)
TEXTS: list[tuple[str, list[tuple[str, str]]]] = [
    ("He was born on 3/8/1971 in Ohio", [("DATE_OF_BIRTH", "3/8/1971")]),
    ("The meeting is on 2024-03-15T14:30Z", [("DATE_TIME", "2024-03-15T14:30Z")]),
    ("Signed 5 May 2021 in Paris", [("DATE_TIME", "5 May 2021")]),
    ("ratio 1.2.3 and 12:34:56", []),
    ("生年月日1971年2月8日生まれ", [("DATE_OF_BIRTH", "1971年2月8日")]),
    ("会議は2024年3月15日です", [("DATE_TIME", "2024年3月15日")]),
    ("дата рождения: 8 февраля 1971 г.", [("DATE_OF_BIRTH", "8 февраля 1971 г.")]),
    ("born 19940124 in Oslo", [("DATE_OF_BIRTH", "19940124")]),
    ("order 19940124 shipped", []),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans_of(text) == expected
