"""UK NHS numbers: ten digits with a modulus-11 check digit."""

from __future__ import annotations

from ....digits import is_ascii_digits, strip_separators
from ....recognizer import PatternRecognizer
from ...common import NUM_GUARD_LEFT, NUM_GUARD_RIGHT


def uk_nhs(value: str) -> bool:
    """A UK NHS number: 10 digits (``3 3 4`` groups with spaces or dashes allowed), modulus 11."""
    digits = strip_separators(value, " -")
    if not is_ascii_digits(digits) or len(digits) != 10 or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


_CTX_NHS = ("nhs", "health", "patient", "hospital", "gp")


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "uk_nhs",
            "UK_NHS",
            "[0-9]{3} [0-9]{3} [0-9]{4}",
            0.1,
            uk_nhs,
            0.5,
            context=_CTX_NHS,
            left=NUM_GUARD_LEFT,
            right=NUM_GUARD_RIGHT,
            search_group="numbers",
            description="a UK NHS number in its printed 3 3 4 groups with a valid mod-11 check",
            letters="never",
        ),
        # dashed 3-3-4 is how US phone numbers are written, and one in eleven passes mod 11
        R(
            "uk_nhs_other",
            "UK_NHS",
            "[0-9]{3}-[0-9]{3}-[0-9]{4}|[0-9]{10}",
            0.05,
            uk_nhs,
            0.25,
            context=_CTX_NHS,
            needs_context=True,
            left=NUM_GUARD_LEFT,
            right=NUM_GUARD_RIGHT,
            search_group="numbers",
            description="ten digits, bare or dashed, with a valid NHS check",
            letters="never",
        ),
    ]
