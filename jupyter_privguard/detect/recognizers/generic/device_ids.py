"""Device identifiers: IMEI numbers (Luhn check digit)."""

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
            0.35,
            context=("imei", "device", "handset", "serial"),
            needs_context=True,
            left=NUM_GUARD_LEFT,
            right=NUM_GUARD_RIGHT,
            search_group="numbers",
            description="fifteen bare digits with a valid IMEI check digit",
            letters="never",
        ),
    ]
