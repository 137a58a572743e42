"""Hardware MAC addresses."""

from __future__ import annotations

from ... import validators as v
from ...recognizer import PatternRecognizer
from ..common import HEX


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "mac_address",
            "MAC_ADDRESS",
            f"{HEX}{{2}}(?::{HEX}{{2}}){{5}}|{HEX}{{2}}(?:-{HEX}{{2}}){{5}}|{HEX}{{4}}(?:[.]{HEX}{{4}}){{2}}",
            0.3,
            v.mac_address,
            0.8,
            context=("mac", "hardware", "ethernet", "device", "physical", "wifi", "bssid"),
            left=r"(?<![\w:.-])",
            right=r"(?![\w:-]|[.][0-9A-Fa-f])",
            search_group="codes",
            description="a MAC address",
        ),
    ]
