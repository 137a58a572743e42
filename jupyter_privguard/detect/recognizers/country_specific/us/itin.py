"""US individual taxpayer identification numbers (ITIN): an SSN shape in the IRS group ranges."""

from __future__ import annotations

from ....recognizer import PatternRecognizer
from ...common import NUM_GUARD_LEFT, NUM_GUARD_RIGHT
from .ssn import ssn_parts


def _itin_group_ok(group: int) -> bool:
    # IRS ranges for the middle two digits (extended in 2011)
    return 50 <= group <= 65 or 70 <= group <= 88 or 90 <= group <= 92 or 94 <= group <= 99


def us_itin(value: str) -> bool:
    """A US individual taxpayer identification number: ``9dd-GG-dddd`` with an IRS group range."""
    parts = ssn_parts(value)
    if parts is None:
        return False
    area, group, _serial = parts
    return area[0] == "9" and _itin_group_ok(int(group))


_CTX_ITIN = ("itin", "taxpayer", "tax")


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "us_itin",
            "US_ITIN",
            "9[0-9]{2}-[5-9][0-9]-[0-9]{4}|9[0-9]{2} [5-9][0-9] [0-9]{4}|9[0-9]{2}[.][5-9][0-9][.][0-9]{4}",
            0.2,
            us_itin,
            0.8,
            context=_CTX_ITIN,
            left=NUM_GUARD_LEFT,
            right=NUM_GUARD_RIGHT,
            search_group="numbers",
            description="a US ITIN with separators and an IRS group range",
            letters="never",
        ),
        R(
            "us_itin_digits",
            "US_ITIN",
            "9[0-9]{2}[5-9][0-9]{5}",
            0.05,
            us_itin,
            0.25,
            context=_CTX_ITIN,
            needs_context=True,
            left=NUM_GUARD_LEFT,
            right=NUM_GUARD_RIGHT,
            search_group="numbers",
            description="nine bare digits shaped like an ITIN",
            letters="never",
        ),
    ]
