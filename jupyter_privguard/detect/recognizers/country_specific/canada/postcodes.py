"""Canadian postal codes."""

from __future__ import annotations

from ....recognizer import PatternRecognizer
from ...common import CTX_POSTAL


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "ca_postcode",
            "POSTAL_CODE",
            "[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z] ?[0-9][ABCEGHJ-NPRSTV-Z][0-9]",
            0.6,
            context=CTX_POSTAL,
            search_group="codes",
            description="a Canadian postal code",
            letters="always",
        ),
    ]
