"""Japanese postcodes: 〒123-4567 (the postal mark makes them unmistakable), or the bare digits with context."""

from __future__ import annotations

from ....recognizer import PatternRecognizer
from ...common import CTX_POSTAL

_CTX = (*CTX_POSTAL, "郵便番号", "〒")


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "jp_postcode",
            "POSTAL_CODE",
            "〒 ?[0-9]{3}-?[0-9]{4}",
            0.85,
            context=_CTX,
            left="(?<![0-9])",
            right="(?![0-9])",
            description="a Japanese postcode after the postal mark: 〒150-0002",
            letters="maybe",
        ),
        R(
            "jp_postcode_digits",
            "POSTAL_CODE",
            "[0-9]{3}-[0-9]{4}",
            0.1,
            context=_CTX,
            needs_context=True,
            left="(?<![0-9-])",
            right="(?![0-9]|-[0-9])",
            description="a Japanese postcode without the mark (phone-number fragments share it): with context only",
            letters="never",
        ),
    ]
