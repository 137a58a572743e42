"""Digit-string helpers shared by the validators and the recognisers' own checks."""

from __future__ import annotations

__all__ = ["is_ascii_digits", "strip_separators"]


def strip_separators(value: str, separators: str) -> str:
    """``value`` without the given separator characters (and surrounding blanks)."""
    return value.strip().translate({ord(c): None for c in separators})


def is_ascii_digits(value: str) -> bool:
    """Whether ``value`` is a non-empty run of the digits 0-9 only."""
    # str.isdigit() accepts superscripts and other scripts' digits; checksums need 0-9 only
    return value.isascii() and value.isdigit()
