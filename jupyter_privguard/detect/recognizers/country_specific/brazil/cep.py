"""Brazilian postal codes (CEP)."""

from __future__ import annotations

from ....recognizer import PatternRecognizer
from ...common import CTX_POSTAL, NUM_GUARD_LEFT, NUM_GUARD_RIGHT


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "br_cep",
            "POSTAL_CODE",
            "[0-9]{5}-[0-9]{3}",
            0.3,
            context=CTX_POSTAL,
            needs_context=True,
            left=NUM_GUARD_LEFT,
            right=NUM_GUARD_RIGHT,
            search_group="numbers",
            description="a Brazilian CEP",
            letters="never",
        ),
    ]
