"""Dutch postcodes (four digits and two letters: with context in text)."""

from __future__ import annotations

from ....recognizer import PatternRecognizer
from ...common import CTX_POSTAL


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "nl_postcode",
            "POSTAL_CODE",
            "[1-9][0-9]{3} ?[A-Z]{2}",
            0.3,
            context=CTX_POSTAL,
            needs_context=True,
            search_group="codes",
            description="a Dutch postcode",
            letters="always",
        ),
    ]
