"""Phone numbers written the national way of a country other than the default one.

``phone_number`` reads a number without a country code as a number of one region (the US by
default), so ``03-1234-5678`` or ``601 234 567`` fail it although they are valid where they were
written. For a column whose values are nearly all *written* like phone numbers (the formatted phone
pattern: groups, punctuation, parentheses) but few validate, this module asks which one region
validates most of them: a column of Japanese or Polish numbers is read as such. The regions are
those of the header languages bundled with the package (one or more countries where each is
spoken), not a list drawn from any data set.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["REGIONS", "best_region_share"]

#: regions tried, those of the bundled header languages (en de fr es it pt nl ru uk pl cs hu ro tr
#: sv da nb fi el he ar hi ja zh ko)
REGIONS: tuple[str, ...] = (
    "GB", "CA", "AU", "IE", "IN", "DE", "AT", "CH", "FR", "BE", "ES", "MX", "AR", "CO", "IT", "PT", "BR",
    "NL", "RU", "UA", "PL", "CZ", "SK", "HU", "RO", "TR", "SE", "DK", "NO", "FI", "GR", "CY", "IL", "SA",
    "AE", "EG", "JP", "CN", "TW", "HK", "KR",
)  # fmt: skip

#: values tried per region (a column is decided by a few dozen)
PROBE = 40


def best_region_share(values: Sequence[str]) -> tuple[str, float]:
    """The region under which most of ``values`` (formatted numbers without a country code) are valid
    phone numbers, and the share that are; ``("", 0.0)`` for no values."""
    from .validators import calendar_date, phone_number

    first = values[:PROBE]
    probe = [
        v for v in first if not v.strip().startswith(("+", "00")) and not v.strip().isdigit() and not calendar_date(v)
    ]
    if not probe or len(probe) < 0.9 * len(first):
        return "", 0.0  # bare digit runs are ids as often as numbers; international numbers need no region
    best, best_share = "", 0.0
    for region in REGIONS:
        valid = 0
        for i, value in enumerate(probe):
            valid += phone_number(value, region)
            if valid + len(probe) - i - 1 <= best_share * len(probe):
                break  # this region cannot beat the best one
        share = valid / len(probe)
        if share > best_share:
            best, best_share = region, share
            if share == 1.0:
                break
    return best, best_share
