"""Birth dates written the way other locales write them, as columns: under a birth header, an
unhelpful header and the headers of event dates (issue 13).

A column of dates is a birth-date column when its header says birth (in any language the header
tier knows); without one it is treated as the English ISO column is today (a ``DATE_OF_BIRTH``
candidate below the threshold, nothing assigned); created, updated and order dates never become
birth dates. Eight bare digits count as dates only with a birth header, or when they read as the
birth dates of many people.
"""

from __future__ import annotations

import datetime as dt
import random

import pandas as pd
import pytest

import jupyter_privguard as pg
from jupyter_privguard.detect.birth_columns import births_plausible, compact_births_plausible
from jupyter_privguard.detect.headers import match_headers
from jupyter_privguard.scanner import Scanner

NO_NER = pg.Policy(ner="off")

_RU = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
_CS = "ledna února března dubna května června července srpna září října listopadu prosince".split()
_PL = "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia".split()
_TR = "Ocak Şubat Mart Nisan Mayıs Haziran Temmuz Ağustos Eylül Ekim Kasım Aralık".split()

_WIDE = str.maketrans("0123456789", "０１２３４５６７８９")

# (label, how one date is written)
FORMS = {
    "ko": lambda d: f"{d.year}년 {d.month:02d}월 {d.day:02d}일",
    "ja": lambda d: f"{d.year}年{d.month}月{d.day}日",
    "ja_fullwidth": lambda d: f"{d.year}年{d.month}月{d.day}日".translate(_WIDE),
    "iso": lambda d: d.isoformat(),
    "de": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    "cs_numeric": lambda d: f"{d.day}. {d.month}. {d.year}",
    "uk_slash": lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    "us_slash": lambda d: f"{d.month}/{d.day}/{d.year}",
    "hu": lambda d: f"{d.year}. {d.month:02d}. {d.day:02d}.",
    "ru_month": lambda d: f"{d.day} {_RU[d.month - 1]} {d.year}",
    "ru_month_year_mark": lambda d: f"{d.day} {_RU[d.month - 1]} {d.year} г.",
    "cs_month": lambda d: f"{d.day}. {_CS[d.month - 1]} {d.year}",
    "pl_month": lambda d: f"{d.day} {_PL[d.month - 1]} {d.year}",
    "tr_month": lambda d: f"{d.day} {_TR[d.month - 1]} {d.year}",
    "compact": lambda d: f"{d.year}{d.month:02d}{d.day:02d}",
}


def _births(n: int = 150, seed: int = 13) -> list[dt.date]:
    """Birth dates of people aged about 5 to 95, spread over the decades."""
    rng = random.Random(seed)
    today = dt.date.today()
    return [today - dt.timedelta(days=rng.randint(5 * 365, 95 * 365)) for _ in range(n)]


def _recent(n: int = 150, seed: int = 7) -> list[dt.date]:
    """Dates of the last two years: orders, updates."""
    rng = random.Random(seed)
    today = dt.date.today()
    return [today - dt.timedelta(days=rng.randint(1, 700)) for _ in range(n)]


def _finding(values: list[object], header: str) -> pg.ColumnFinding:
    return Scanner().scan(pd.DataFrame({header: values}), policy=NO_NER).columns[header]


def _header_says_birth(header: str) -> None:
    hits = match_headers([header]).get(header, [])
    if not any(h.entity == "DATE_OF_BIRTH" for h in hits):
        # the header words of this language come from another branch (the header tier's data files)
        pytest.skip(f"the header tier does not read {header!r} as a birth date here")


def _candidate(finding: pg.ColumnFinding, entity: str) -> float:
    return dict(finding.candidates).get(entity, 0.0)


BIRTH_HEADERS = ["date_of_birth", "DOB", "geburtsdatum", "fecha_nacimiento", "data_di_nascita", "geboortedatum"]
LOCAL_BIRTH_HEADERS = ["生年月日", "생년월일", "дата_рождения", "data_urodzenia", "dogum_tarihi"]


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("header", BIRTH_HEADERS + LOCAL_BIRTH_HEADERS)
def test_a_birth_header_over_dates_of_any_form_is_date_of_birth(form: str, header: str) -> None:
    if header in LOCAL_BIRTH_HEADERS:
        _header_says_birth(header)
    finding = _finding([FORMS[form](d) for d in _births()], header)
    assert finding.entity == "DATE_OF_BIRTH", (form, header, finding.candidates)
    assert finding.coverage >= 0.9


@pytest.mark.parametrize("form", sorted(set(FORMS) - {"compact"}))
def test_unlabelled_birth_dates_are_birth_dates_in_every_written_form(form: str) -> None:
    # dates without a time of people aged 5-95 over nine decades read as birth dates under any header,
    # in the local forms as in ISO (eight bare digits stay a candidate: see the compact tests below)
    english = _finding([FORMS["iso"](d) for d in _births()], "col_3")
    finding = _finding([FORMS[form](d) for d in _births()], "col_3")
    assert english.entity == "DATE_OF_BIRTH" and english.score >= NO_NER.min_score, english.candidates
    assert finding.entity == "DATE_OF_BIRTH", (form, finding.candidates)
    assert finding.score == pytest.approx(english.score, abs=0.05)


@pytest.mark.parametrize("form", ["iso", "de", "ja", "ru_month"])
def test_few_or_repeated_dates_are_not_birth_dates_by_their_values(form: str) -> None:
    births = _births()
    few = _finding([FORMS[form](d) for d in births[:12]], "col_3")
    repeated = _finding([FORMS[form](births[i % 5]) for i in range(150)], "col_3")
    assert few.entity != "DATE_OF_BIRTH", few.candidates
    assert repeated.entity != "DATE_OF_BIRTH", repeated.candidates


EVENT_HEADERS = ["created_at", "updated_at", "order_date", "last_login", "col_3"]


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("header", EVENT_HEADERS)
def test_event_dates_never_become_birth_dates(form: str, header: str) -> None:
    finding = _finding([FORMS[form](d) for d in _recent()], header)
    assert finding.entity != "DATE_OF_BIRTH", (form, header, finding.candidates)


@pytest.mark.parametrize("header", ["created_at", "updated_at", "col_3"])
def test_timestamps_are_not_birth_dates(header: str) -> None:
    rng = random.Random(3)
    stamps = [
        f"{d.isoformat()}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z"
        for d in _births()
    ]
    assert _finding(stamps, header).entity != "DATE_OF_BIRTH"


# eight digits: ids and order numbers must not become dates
def _ids(seed: int, low: int = 10_000_000, high: int = 99_999_999) -> list[str]:
    rng = random.Random(seed)
    return [str(rng.randint(low, high)) for _ in range(200)]


EIGHT_DIGITS = {
    "random ids": _ids(1),
    "ids that begin like years": _ids(2, 19_000_000, 20_999_999),
    "a run of ids": [str(20_240_000 + i) for i in range(200)],
    "order dates of two years": [FORMS["compact"](d) for d in _recent()],
}


@pytest.mark.parametrize("label", sorted(EIGHT_DIGITS))
@pytest.mark.parametrize("header", ["id", "customer_no", "col_3", "order_date"])
def test_eight_digit_ids_are_not_dates(label: str, header: str) -> None:
    finding = _finding(EIGHT_DIGITS[label], header)
    assert finding.entity is None, (label, header, finding.candidates)
    assert _candidate(finding, "DATE_OF_BIRTH") == 0.0, (label, header, finding.candidates)


def test_eight_digit_birth_dates_without_a_header_are_a_candidate_only() -> None:
    values = [FORMS["compact"](d) for d in _births()]
    finding = _finding(values, "col_3")
    assert finding.entity is None and _candidate(finding, "DATE_OF_BIRTH") > 0.0
    as_numbers = _finding([int(v) for v in values], "birth_date")
    assert as_numbers.entity == "DATE_OF_BIRTH"


def test_random_ids_under_a_birth_header_are_not_confirmed() -> None:
    finding = _finding(EIGHT_DIGITS["random ids"], "date_of_birth")
    assert finding.entity is None or finding.score < 0.5


TODAY = dt.date(2026, 1, 1)

PLAUSIBLE = [
    ("spread over decades", ["19400101", "19550612", "19631230", "19720229", "19881111", "19990505", "20100708"], True),
    ("one decade", ["19800101", "19810612", "19831230", "19850228", "19871111", "19890505"], False),
    ("a date of 1890", ["18900101", "19550612", "19631230", "19720228", "19881111", "19990505"], False),
    ("a future date", ["20300101", "19550612", "19631230", "19720228", "19881111", "19990505"], False),
    ("not a date", ["19401301", "19550612", "19631230", "19720228", "19881111", "19990505"], False),
    ("empty", [], False),
]


@pytest.mark.parametrize(("label", "values", "expected"), PLAUSIBLE)
def test_compact_births_plausible(label: str, values: list[str], expected: bool) -> None:
    assert compact_births_plausible(values, today=TODAY) is expected, label


def _days(years: list[int], n: int = 40) -> list[dt.date]:
    """``n`` distinct dates cycling through ``years``."""
    return [dt.date(years[i % len(years)], 1 + i % 12, 1 + i % 28) for i in range(n)]


_SPREAD = [1940, 1955, 1963, 1972, 1988, 1999, 2010]
WRITTEN = [
    (
        "spread over decades, mixed forms",
        [FORMS[f](d) for f, d in zip(["iso", "de", "ja", "hu"] * 10, _days(_SPREAD))],
        True,
    ),
    ("one decade", [FORMS["de"](d) for d in _days([1980, 1983, 1985, 1989])], False),
    ("with a time of day", [f"{d.isoformat()} 10:{i % 60:02d}" for i, d in enumerate(_days(_SPREAD))], False),
    ("a future date", [FORMS["iso"](d) for d in _days([2030, *_SPREAD])], False),
    ("repeated", [FORMS["iso"](d) for d in _days(_SPREAD, 5)] * 8, False),
    ("too few", [FORMS["iso"](d) for d in _days(_SPREAD, 12)], False),
    ("not dates", [f"SKU-{y}" for y in range(1940, 1980)], False),
]


@pytest.mark.parametrize(("label", "values", "expected"), WRITTEN)
def test_births_plausible(label: str, values: list[str], expected: bool) -> None:
    assert births_plausible(values, today=TODAY) is expected, label


@pytest.mark.parametrize(
    "header",
    ["hire_date", "order_date", "founded", "created", "Eintrittsdatum", "date_embauche", "fecha_pedido", "startDate"],
)
@pytest.mark.parametrize("form", ["iso", "de", "compact"])
def test_dates_of_many_decades_under_another_event_are_no_birth_dates(header: str, form: str) -> None:
    # hires of 1975-2021 or orders of 1965-2022 spread over the decades as births do: the header names the event
    dates = [FORMS[form](d) for d in _births(seed=5)]
    finding = _finding(list(dates), header)
    assert finding.entity != "DATE_OF_BIRTH", (header, form, finding.candidates)
    if form != "compact":  # the control: the same values under a header that says nothing are birth dates
        assert _finding(list(dates), "col_3").entity == "DATE_OF_BIRTH"
