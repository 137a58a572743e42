"""US ZIP and ZIP+4 codes (five bare digits count only with header or context evidence)."""

from __future__ import annotations

from ....recognizer import PatternRecognizer
from ...common import CTX_POSTAL, NUM_GUARD_LEFT, NUM_GUARD_RIGHT


def _zip_code(value: str) -> bool:
    return value[:3] != "000"


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "us_zip4",
            "POSTAL_CODE",
            "[0-9]{5}-[0-9]{4}",
            0.5,
            context=CTX_POSTAL,
            left=NUM_GUARD_LEFT,
            right=NUM_GUARD_RIGHT,
            search_group="numbers",
            description="a US ZIP+4 code",
            letters="never",
        ),
        R(
            "us_zip",
            "POSTAL_CODE",
            "[0-9]{5}",
            0.1,
            _zip_code,
            0.15,
            context=CTX_POSTAL,
            needs_context=True,
            left=NUM_GUARD_LEFT,
            right=NUM_GUARD_RIGHT,
            description="five digits: a US ZIP (or German, French ... postal) code only with header evidence",
            letters="never",
        ),
    ]
