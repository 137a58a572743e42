"""Phone numbers with an extension, valid in their numbering plan or not (``001-868-581-9736x9935``).

The ``phone`` recogniser (:mod:`.phones`) asks the phone-number metadata whether a number exists;
Faker's en_US numbers, and many written by hand, do not (``868`` is Trinidad and Tobago, and its
``581`` exchange is unassigned). An extension after a run of digit groups is evidence enough that
the run is a phone number: this recogniser takes such runs by shape.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ... import validators as v
from ...recognizer import PatternRecognizer
from .phones import _CTX_PHONE

# a phone-shaped run with an extension: groups of digits (a country prefix, an area code in
# parentheses), then "x", "ext", "ext." or "#" and the extension's digits (Faker's en_US numbers,
# "001-868-581-9736x9935", are often invalid in their numbering plan: the extension is the evidence)
_EXT_WORD = "(?:[xX]|[eE][xX][tT][.]?|[eE]xtension|#)"
_PHONE_EXT = (
    "(?:(?:[+]|00)[0-9]{1,3}[ .-]?)?(?:[(][0-9]{2,5}[)][ .-]?)?[0-9]{2,12}(?:[ .-][0-9]{2,12}){0,4}"
    f"[ ]?{_EXT_WORD}[ ]?[0-9]{{1,6}}"
)
_EXT_TAIL = re.compile(f"[ ]?{_EXT_WORD}[ ]?[0-9]{{1,6}}$")
_DIGIT_GROUP = re.compile("[0-9]+")


@lru_cache(maxsize=1 << 12)
def _extension_phone(value: str) -> bool:
    """Seven to fifteen digits before an extension, in two groups or more (or ten digits and more, or a
    ``+``), and not a date, an IPv4 address or a decimal."""
    tail = _EXT_TAIL.search(value)
    if tail is None:
        return False
    main = value[: tail.start()].strip()
    digits = sum(c.isdigit() for c in main)
    if not 7 <= digits <= 15 or v.ipv4(main) or v.calendar_date(main) or v.plain_decimal(main):
        return False
    return len(_DIGIT_GROUP.findall(main)) >= 2 or main.startswith(("+", "00")) or digits >= 10


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "phone_extension",
            "PHONE_NUMBER",
            _PHONE_EXT,
            0.3,
            _extension_phone,
            0.75,
            context=_CTX_PHONE,
            left=r"(?<![\w.+/-])",
            right=r"(?![\w])",
            min_length=9,
            prefilter=f"[0-9][ ]?{_EXT_WORD}[ ]?[0-9]",
            description="a phone-shaped number with an extension (x, ext., #), valid in its numbering plan or not",
        ),
    ]
