"""Brazilian CPF numbers (Cadastro de Pessoas Físicas): eleven digits, the last two mod-11 check digits.

Written ``123.456.789-09`` or bare. A bare run of eleven digits is a CPF in text only next to a
context word; in a column its check digits decide (one random number in a hundred passes).
"""

from __future__ import annotations

import re

from ....recognizer import PatternRecognizer
from ...common import NUM_GUARD_LEFT, NUM_GUARD_RIGHT

_SHAPE = re.compile(r"[0-9]{3}[.][0-9]{3}[.][0-9]{3}-[0-9]{2}|[0-9]{11}")


def _check_digit(digits: str) -> int:
    # weights count down to 2 from the left; a remainder below 2 gives 0
    total = sum(int(d) * w for d, w in zip(digits, range(len(digits) + 1, 1, -1)))
    remainder = total % 11
    return 0 if remainder < 2 else 11 - remainder


def br_cpf(value: str) -> bool:
    """A CPF number: eleven digits, bare or printed in full (``ddd.ddd.ddd-dd``), with both check digits right.

    One digit repeated eleven times passes the check but is never issued, and is refused.
    """
    text = value.strip()
    if not text.isascii() or _SHAPE.fullmatch(text) is None:
        return False
    digits = text.replace(".", "").replace("-", "")
    if len(set(digits)) == 1:
        return False
    return _check_digit(digits[:9]) == int(digits[9]) and _check_digit(digits[:10]) == int(digits[10])


_CTX_CPF = ("cpf", "cadastro", "contribuinte", "receita", "brasil")


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "br_cpf",
            "BR_CPF",
            "[0-9]{3}[.][0-9]{3}[.][0-9]{3}-[0-9]{2}",
            0.3,
            br_cpf,
            0.9,
            context=_CTX_CPF,
            left=NUM_GUARD_LEFT,
            right=NUM_GUARD_RIGHT,
            search_group="numbers",
            description="a Brazilian CPF in its printed form with valid check digits: 123.456.789-09",
            letters="never",
        ),
        R(
            "br_cpf_digits",
            "BR_CPF",
            "[0-9]{11}",
            0.05,
            br_cpf,
            0.7,
            context=_CTX_CPF,
            needs_context=True,
            left=NUM_GUARD_LEFT,
            right=NUM_GUARD_RIGHT,
            search_group="numbers",
            description="eleven bare digits with valid CPF check digits (in text only with a context word)",
            letters="never",
        ),
    ]
