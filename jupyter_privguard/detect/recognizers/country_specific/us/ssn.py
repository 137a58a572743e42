"""US social security numbers: dashed, spaced or dotted, and bare (with context)."""

from __future__ import annotations

import re

from ....recognizer import PatternRecognizer
from ...common import NUM_GUARD_LEFT, NUM_GUARD_RIGHT

_SSN_SHAPE = re.compile(r"([0-9]{3})([- .]?)([0-9]{2})\2([0-9]{4})")

# Numbers the SSA voided after they were printed in advertising or misused at scale.
_SSN_INVALID = frozenset(
    {
        "078051120",  # Woolworth wallet insert
        "219099999",  # Social Security Board pamphlet
        "457555462",  # LifeLock advertising
        "123456789",
    }
)


def ssn_parts(value: str) -> tuple[str, str, str] | None:
    m = _SSN_SHAPE.fullmatch(value.strip())
    if not m or not value.strip().isascii():
        return None
    return m.group(1), m.group(3), m.group(4)


def us_ssn(value: str) -> bool:
    """A US social security number that the SSA could have issued.

    Accepts ``ddd-dd-dddd`` with one consistent separator (dash, space, dot) or none. Rejects
    area ``000``, ``666`` and ``900-999`` (the last are ITINs), group ``00``, serial ``0000``,
    one repeated digit, and the well-known advertising and example numbers.
    """
    parts = ssn_parts(value)
    if parts is None:
        return False
    area, group, serial = parts
    digits = area + group + serial
    if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
        return False
    return digits not in _SSN_INVALID and len(set(digits)) > 1


_CTX_SSN = ("ssn", "ssns", "social", "security", "ss")


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "us_ssn",
            "US_SSN",
            "[0-9]{3}-[0-9]{2}-[0-9]{4}",
            0.3,
            us_ssn,
            0.85,
            context=_CTX_SSN,
            left=NUM_GUARD_LEFT,
            right=NUM_GUARD_RIGHT,
            search_group="numbers",
            description="a dashed US social security number that passes the SSA rules",
            letters="never",
        ),
        R(
            "us_ssn_spaced",
            "US_SSN",
            "[0-9]{3} [0-9]{2} [0-9]{4}|[0-9]{3}[.][0-9]{2}[.][0-9]{4}",
            0.2,
            us_ssn,
            0.6,
            context=_CTX_SSN,
            left=NUM_GUARD_LEFT,
            right=NUM_GUARD_RIGHT,
            search_group="numbers",
            description="a US social security number with spaces or dots",
            letters="never",
        ),
        R(
            "us_ssn_digits",
            "US_SSN",
            "[0-9]{9}",
            0.05,
            us_ssn,
            0.25,
            context=_CTX_SSN,
            needs_context=True,
            left=NUM_GUARD_LEFT,
            right=NUM_GUARD_RIGHT,
            search_group="numbers",
            description="nine bare digits that pass the SSA rules (an id column often does too)",
            letters="never",
        ),
    ]
