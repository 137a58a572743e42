"""Payment card numbers (Luhn check and issuer ranges)."""

from __future__ import annotations

from ... import validators as v
from ...recognizer import PatternRecognizer

_CTX_CARD = ("credit", "card", "visa", "mastercard", "amex", "debit", "payment", "cc", "pan", "cardholder")


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "credit_card",
            "CREDIT_CARD",
            "[0-9]{4}(?:[ -][0-9]{4}){2}[ -][0-9]{1,4}(?:[ -]?[0-9]{1,3})?|[0-9]{4}[ -][0-9]{6}[ -][0-9]{4,5}|[0-9]{12,19}",
            0.2,
            v.credit_card,
            0.9,
            context=_CTX_CARD,
            left=r"(?<![\w.,+-])",
            right=r"(?![\w]|[.,-][0-9])",
            search_group="numbers",
            description="a payment card number that passes the Luhn check",
            letters="never",
        ),
    ]
