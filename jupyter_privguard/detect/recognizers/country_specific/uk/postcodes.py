"""UK postcodes."""

from __future__ import annotations

from ....recognizer import PatternRecognizer
from ...common import CTX_POSTAL


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "uk_postcode",
            "POSTAL_CODE",
            "GIR ?0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY]) ?[0-9][ABD-HJLNP-UW-Z]{2}",
            0.6,
            context=CTX_POSTAL,
            search_group="codes",
            description="a UK postcode",
            letters="always",
        ),
    ]
