"""Phone numbers: formatted (any country, checked by the phone-number metadata) and bare North American digits."""

from __future__ import annotations

import re
from functools import lru_cache

from ... import validators as v
from ...digits import is_ascii_digits
from ...recognizer import PatternRecognizer
from ..common import NUM_GUARD_LEFT, NUM_GUARD_RIGHT

_PHONE = (
    "(?:(?:[+]|00)[0-9]{1,3}[ .-]?)?(?:[(][0-9]{1,5}[)][ .-]?)?[0-9]{1,12}(?:(?:[ .-]|[ ]?-[ ]?)[0-9]{1,12}){0,5}"
    "(?: ?(?:x|ext[.]?|#) ?[0-9]{1,6})?"
)

# Seven digits (the fewest a valid number has) chained as they are inside a _PHONE match: a "+" or
# "(" first, then at most six of its separator characters (" ext. ", ") -") between two digits.
# As a look-ahead before the phone pattern it spares Python's engine the short numbers of a log
# ("1.2345", "250"), and it cannot change which phone numbers are found: a match with seven digits
# starts with such a chain, and where the chain is missing, every start inside the (short) match
# the pattern would have made there lacks one too, so the scan resumes in step.
_SEVEN_PHONE_DIGITS = "[+(]?[0-9](?:[ ().#xet+-]{0,6}[0-9]){6}"


@lru_cache(maxsize=1 << 14)
def _formatted_phone(value: str) -> bool:
    # bare digit strings go to the weaker "phone_digits" recogniser; an IPv4 address or a date
    # can parse as a valid number (212.45.102.133 -> 212 451 0213 3) but is not one
    text = value.strip()
    # phone_number() wants 7-21 ASCII digits: asking first spares the date parser most candidates
    # (every number of a log is one); memoised, since outputs repeat values
    if not text.isascii() or not 7 <= sum(c.isdigit() for c in text) <= 21:
        return False
    if is_ascii_digits(text) or v.ipv4(text) or v.calendar_date(text):
        return False
    # two digit groups split by one full stop is how tables print a decimal ("2037.590000" in a
    # describe() or LaTeX row); no numbering plan writes a phone number as two groups around a
    # lone dot (dotted numbers have two dots or more: 555.123.4567, 06.12.34.56.78)
    if v.plain_decimal(text):
        return False
    # a date and the hour after it, as a log's time stamp starts ("2024-03-23 12:52:50" offers
    # "2024-03-23 12"): no phone number is written in a date's groups
    hour = _TRAILING_HOUR.search(text)
    if hour is not None and v.calendar_date(text[: hour.start()]):
        return False
    return v.phone_number(text)


_TRAILING_HOUR = re.compile(r"[ T-][0-9]{1,2}$")

_CTX_PHONE = (
    "phone",
    "telephone",
    "tel",
    "mobile",
    "cell",
    "call",
    "fax",
    "contact",
    "number",
    "telefon",
    "handy",
    "whatsapp",
    "sms",
    "text",
    "dial",
    "ph",
)


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "phone",
            "PHONE_NUMBER",
            _PHONE,
            0.3,
            _formatted_phone,
            0.8,
            context=_CTX_PHONE,
            left=r"(?=[+(0-9])(?<![\w.+/-])" + f"(?={_SEVEN_PHONE_DIGITS})",
            right=r"(?![\w]|[.-][0-9]|/)",
            min_length=7,
            prefilter=_SEVEN_PHONE_DIGITS,
            description="a formatted phone number (punctuation or +country code), valid for its country",
        ),
        R(
            "phone_digits",
            "PHONE_NUMBER",
            "1?[2-9][0-9]{2}[2-9][0-9]{6}",
            0.1,
            v.phone_number,
            0.35,
            context=_CTX_PHONE,
            left=NUM_GUARD_LEFT,
            right=NUM_GUARD_RIGHT,
            search_group="numbers",
            description="ten (or 1 + ten) bare digits that form a valid North American number",
            letters="never",
        ),
    ]
