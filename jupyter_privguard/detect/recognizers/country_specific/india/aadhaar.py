"""Indian Aadhaar numbers: twelve digits, the first 2-9, the last a Verhoeff check digit.

Printed in groups of four (``2345 6789 0123``). A bare run of twelve digits is an Aadhaar number in
text only next to a context word; in a column its check digit decides (one random number in ten
passes, so a column of order ids scores far below one of Aadhaar numbers).
"""

from __future__ import annotations

import re

from ....recognizer import PatternRecognizer
from ...common import NUM_GUARD_LEFT, NUM_GUARD_RIGHT

_SHAPE = re.compile(r"[2-9][0-9]{3}([ -]?)[0-9]{4}\1[0-9]{4}")

# Verhoeff's tables: the multiplication of the dihedral group D5, and the permutation applied
# to a digit at each position (position i uses the base permutation i times, repeating every 8)
_D5 = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_PERMUTATION = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)


def _verhoeff_ok(digits: str) -> bool:
    check = 0
    for position, digit in enumerate(reversed(digits)):
        check = _D5[check][_PERMUTATION[position % 8][ord(digit) - 48]]
    return check == 0


def in_aadhaar(value: str) -> bool:
    """An Aadhaar number: twelve digits (groups of four with one kind of separator allowed),
    first digit 2-9, valid Verhoeff check digit."""
    text = value.strip()
    if not text.isascii() or _SHAPE.fullmatch(text) is None:
        return False
    digits = text.replace(" ", "").replace("-", "")
    return len(set(digits)) > 1 and _verhoeff_ok(digits)


_CTX_AADHAAR = ("aadhaar", "aadhar", "adhaar", "uid", "uidai", "enrolment")


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "in_aadhaar",
            "IN_AADHAAR",
            "[2-9][0-9]{3} [0-9]{4} [0-9]{4}|[2-9][0-9]{3}-[0-9]{4}-[0-9]{4}",
            0.3,
            in_aadhaar,
            0.85,
            context=_CTX_AADHAAR,
            left=NUM_GUARD_LEFT,
            right=NUM_GUARD_RIGHT,
            search_group="numbers",
            description="an Aadhaar number in groups of four with a valid Verhoeff check digit: 2345 6789 0123",
            letters="never",
        ),
        R(
            "in_aadhaar_digits",
            "IN_AADHAAR",
            "[2-9][0-9]{11}",
            0.05,
            in_aadhaar,
            0.6,
            context=_CTX_AADHAAR,
            needs_context=True,
            left=NUM_GUARD_LEFT,
            right=NUM_GUARD_RIGHT,
            search_group="numbers",
            description="twelve bare digits with a valid Aadhaar check digit (in text only with a context word)",
            letters="never",
        ),
    ]
