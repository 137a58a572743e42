"""Spanish personal tax numbers (NIF): a citizen's DNI or a foreigner's NIE, each with a check letter.

A DNI is eight digits and a letter (``12345678Z``); an NIE is ``X``, ``Y`` or ``Z``, seven digits and
a letter (``X1234567L``). The letter is the number modulo 23 looked up in a fixed alphabet (for an
NIE, ``X``/``Y``/``Z`` count as a leading 0/1/2), so one random number in 23 passes.
"""

from __future__ import annotations

import re

from ....recognizer import PatternRecognizer

_SHAPE = re.compile(r"([XYZ]-?[0-9]{7}|[0-9]{8})-?([A-Z])")
_CHECK_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
_NIE_PREFIX = {"X": "0", "Y": "1", "Z": "2"}


def es_nif(value: str) -> bool:
    """A DNI or NIE number whose check letter is right (an optional dash before the letter)."""
    text = value.strip().upper()
    match = _SHAPE.fullmatch(text) if text.isascii() else None
    if match is None:
        return False
    number = match.group(1).replace("-", "")
    number = _NIE_PREFIX.get(number[0], number[0]) + number[1:]
    if int(number) == 0:
        return False
    return _CHECK_LETTERS[int(number) % 23] == match.group(2)


_CTX_NIF = ("dni", "nie", "nif", "documento", "identidad", "extranjero", "extranjería")


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "es_nif",
            "ES_NIF",
            "[0-9]{8}-?[A-Z]|[XYZ]-?[0-9]{7}-?[A-Z]",
            0.3,
            es_nif,
            0.85,
            context=_CTX_NIF,
            search_group="codes",
            description="a Spanish DNI (12345678Z) or NIE (X1234567L) with a valid check letter",
            letters="always",
        ),
    ]
