"""UUIDs: identifiers, not personal data, found so that no other recogniser reports digits inside one."""

from __future__ import annotations

from ...recognizer import PatternRecognizer
from ..common import HEX


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "uuid",
            "UUID",
            f"{HEX}{{8}}-{HEX}{{4}}-{HEX}{{4}}-{HEX}{{4}}-{HEX}{{12}}",
            0.9,
            search_group="codes",
            description="a UUID: an identifier, not personal data by itself",
        ),
    ]
