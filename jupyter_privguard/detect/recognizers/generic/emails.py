"""Email addresses."""

from __future__ import annotations

from ... import validators as v
from ...recognizer import PatternRecognizer
from ..common import DNS_LABELS


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "email",
            "EMAIL_ADDRESS",
            rf"[A-Za-z0-9._%+-][A-Za-z0-9._%+'-]*@{DNS_LABELS}(?:[A-Za-z]{{2,63}}|xn--[A-Za-z0-9-]{{2,59}})",
            0.5,
            v.email,
            0.95,
            context=("email", "e-mail", "mail", "contact", "address"),
            left=r"(?<![\w.+%-])",
            right=r"(?![\w-]|[.][A-Za-z0-9])",
            description="an email address",
            letters="always",
        ),
    ]
