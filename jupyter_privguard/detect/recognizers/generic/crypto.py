"""Cryptocurrency wallet addresses (Bitcoin with its checksum, Ethereum by shape)."""

from __future__ import annotations

from ... import validators as v
from ...recognizer import PatternRecognizer


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "crypto_btc",
            "CRYPTO",
            "[13][1-9A-HJ-NP-Za-km-z]{25,34}|bc1[02-9ac-hj-np-z]{11,71}|BC1[02-9AC-HJ-NP-Z]{11,71}",
            0.2,
            v.crypto_wallet,
            0.9,
            context=("wallet", "btc", "bitcoin", "crypto", "address"),
            prefilter="[13][1-9A-HJ-NP-Za-km-z]{25}|bc1[02-9ac-hj-np-z]{11}|BC1[02-9AC-HJ-NP-Z]{11}",
            search_group="secrets",
            description="a Bitcoin address with a valid checksum",
        ),
        R(
            "crypto_eth",
            "CRYPTO",
            "0x[0-9a-fA-F]{40}",
            0.3,
            v.crypto_wallet,
            0.5,
            context=("wallet", "eth", "ethereum", "crypto", "address"),
            search_group="secrets",
            description="an Ethereum-shaped address",
        ),
    ]
