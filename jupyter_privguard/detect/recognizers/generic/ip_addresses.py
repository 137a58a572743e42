"""IPv4 and IPv6 addresses."""

from __future__ import annotations

from ... import validators as v
from ...recognizer import PatternRecognizer
from ..common import HEX

# A valid IPv6 address compresses zeros (``::``) or spells out six groups or more (the last 32
# bits may be written as IPv4): times (``12:34:56``) have its shape and neither.
_IPV6_VALID_NEEDS = "::|(?:[0-9A-Fa-f]{1,4}:){6}"

# Addresses that name no one's machine: "any" (0.0.0.0), loopback (127.x.x.x) and broadcast, as code
# and server logs write them (``app.run(host="0.0.0.0")``); other reserved ranges are real hosts.
_NO_HOST_IPV4 = r"(?!(?:0[.]0[.]0[.]0|127(?:[.][0-9]{1,3}){3}|255[.]255[.]255[.]255)(?![\w]|[.][0-9]))"


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "ipv4",
            "IP_ADDRESS",
            "[0-9]{1,3}(?:[.][0-9]{1,3}){3}(?:/[0-9]{1,2})?",
            0.2,
            v.ipv4,
            0.85,
            context=("ip", "ipv4", "address", "host", "server", "client", "src", "dst", "gateway", "subnet"),
            left=r"(?<![\w.])" + _NO_HOST_IPV4,
            right=r"(?![\w]|[.][0-9])",
            search_group="numbers",
            description="an IPv4 address (not 0.0.0.0, loopback or broadcast: no one's address)",
            letters="never",
        ),
        R(
            "ipv6",
            "IP_ADDRESS",
            f"{HEX}{{0,4}}(?::{HEX}{{0,4}}){{2,7}}(?:[.][0-9]{{1,3}}){{0,3}}(?:%[0-9A-Za-z]{{1,15}})?(?:/[0-9]{{1,3}})?",
            0.2,
            v.ipv6,
            0.85,
            context=("ip", "ipv6", "address", "host", "server", "client", "src", "dst", "gateway"),
            left=r"(?<![\w:.])",
            right=r"(?![\w:]|[.][0-9])",
            prefilter=_IPV6_VALID_NEEDS,
            description="an IPv6 address",
        ),
    ]
