"""Polish postcodes: two digits, a dash, three digits (00-950): with header or context evidence."""

from __future__ import annotations

from ....recognizer import PatternRecognizer
from ...common import CTX_POSTAL

_CTX = (*CTX_POSTAL, "kod", "pocztowy")


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "pl_postcode",
            "POSTAL_CODE",
            "[0-9]{2}-[0-9]{3}",
            0.3,
            context=_CTX,
            needs_context=True,
            left="(?<![0-9.,/-])",
            right="(?![0-9]|[.,/-][0-9])",
            description="a Polish postcode: 00-950",
            letters="never",
        ),
    ]
