"""Digit-string helpers shared by the validators and the recognisers' own checks."""

from __future__ import annotations

import re

__all__ = ["has_digit", "is_ascii_digits", "strip_separators"]

_ASCII_DIGIT = re.compile(r"[0-9]")


def strip_separators(value: str, separators: str) -> str:
    """``value`` without the given separator characters (and surrounding blanks)."""
    return value.strip().translate({ord(c): None for c in separators})


def is_ascii_digits(value: str) -> bool:
    """Whether ``value`` is a non-empty run of the digits 0-9 only."""
    # str.isdigit() accepts superscripts and other scripts' digits; checksums need 0-9 only
    return value.isascii() and value.isdigit()


def has_digit(text: str) -> bool:
    """``any(c.isdigit() for c in text)``, without a Python step per character: an ASCII digit is
    searched for by ``re``; only a text with other characters and no ASCII digit is read one
    character at a time (superscripts and other scripts' digits count, as for ``str.isdigit``)."""
    if _ASCII_DIGIT.search(text) is not None:
        return True
    return not text.isascii() and any(map(str.isdigit, text))
