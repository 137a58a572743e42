"""Four- or six-digit postal codes, which many countries use: only with header or context evidence."""

from __future__ import annotations

from ...recognizer import PatternRecognizer
from ..common import CTX_POSTAL, NUM_GUARD_LEFT, NUM_GUARD_RIGHT


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "postal_digits",
            "POSTAL_CODE",
            "[0-9]{4}|[0-9]{6}",
            0.05,
            context=CTX_POSTAL,
            needs_context=True,
            left=NUM_GUARD_LEFT,
            right=NUM_GUARD_RIGHT,
            description="four or six digits: a postal code in many countries, only with header or context evidence",
            letters="never",
        ),
    ]
