"""Device identifiers: IMEI numbers (a reporting-body prefix and a Luhn check digit)."""

from __future__ import annotations

from ... import validators as v
from ...recognizer import PatternRecognizer
from ..common import NUM_GUARD_LEFT, NUM_GUARD_RIGHT


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "imei",
            "DEVICE_ID",
            "[0-9]{2}[ -][0-9]{6}[ -][0-9]{6}[ -][0-9]",
            0.2,
            v.imei,
            0.8,
            context=("imei", "device", "handset", "phone", "serial"),
            left=NUM_GUARD_LEFT,
            right=NUM_GUARD_RIGHT,
            search_group="numbers",
            description="an IMEI in its printed groups",
            letters="never",
        ),
        R(
            "imei_digits",
            "DEVICE_ID",
            "[0-9]{15}",
            0.05,
            v.imei,
            # a column whose every value has a reporting-body prefix and a Luhn check digit is a
            # column of IMEIs (about one random fifteen-digit number in sixty has both); in text
            # the shape still needs a context word
            0.7,
            context=("imei", "device", "handset", "serial"),
            needs_context=True,
            left=NUM_GUARD_LEFT,
            right=NUM_GUARD_RIGHT,
            search_group="numbers",
            description="fifteen bare digits with an IMEI reporting-body prefix and check digit",
            letters="never",
        ),
    ]
