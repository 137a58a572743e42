"""Dates in the forms of other locales that the older date recognisers lack: Chinese, Japanese and
Korean dates, and birth dates written as eight bare digits (``YYYYMMDD``)."""

from __future__ import annotations

from ... import validators as v
from ...recognizer import PatternRecognizer
from ..common import NUM_GUARD_LEFT, NUM_GUARD_RIGHT
from .dates import _CTX_DATE, _CTX_DOB, _DATE_CJK


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "date_cjk",
            "DATE_TIME",
            _DATE_CJK,
            0.3,
            v.calendar_date,
            0.75,
            context=_CTX_DATE,
            # no word boundary: Chinese and Japanese write no space between words ("生年月日1971年2月8日生")
            left="(?<![0-9０-９])",
            right="(?![0-9０-９])",
            prefilter="[0-9０-９] ?[年년] ?[0-9０-９]",
            search_group="dates",
            description="a Chinese, Japanese or Korean date: 1971年2月8日, 1971년 02월 08일",
            letters="always",
        ),
        R(
            "birth_date_compact",
            "DATE_OF_BIRTH",
            "(?:19|20)[0-9]{6}",
            0.05,
            v.birth_date_compact,
            0.4,
            context=_CTX_DOB,
            needs_context=True,
            left=NUM_GUARD_LEFT,
            right=NUM_GUARD_RIGHT,
            search_group="numbers",
            description="eight digits that read as a birth date YYYYMMDD: with a birth header or birth context only",
            letters="never",
        ),
    ]
