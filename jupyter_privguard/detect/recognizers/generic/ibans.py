"""International bank account numbers (mod-97 check)."""

from __future__ import annotations

from ... import validators as v
from ...recognizer import PatternRecognizer


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "iban",
            "IBAN_CODE",
            "[A-Z]{2}[0-9]{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)"
            "|[a-z]{2}[0-9]{2}(?:[a-z0-9]{11,30}|(?: [a-z0-9]{4}){2,7}(?: [a-z0-9]{1,3})?)",
            0.2,
            v.iban,
            0.95,
            context=("iban", "account", "bank", "bic", "swift", "konto", "transfer"),
            search_group="codes",
            description="an IBAN with a valid mod-97 check",
            letters="always",
        ),
    ]
