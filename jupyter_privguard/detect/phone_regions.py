"""Phone numbers written the national way of a country other than the default one.

``phone_number`` reads a number without a country code as a North American one, so ``06 12 34 56
78`` or ``601 234 567`` fail it although they are valid where they were written. "Valid in some
region" alone is a weak test: with forty regions to choose from, salaries, SSNs and dates pass it
(an earlier attempt read them as phone numbers). This module asks for more, all from how numbering
plans are written (ITU-T E.164 national significant numbers, as encoded in the ``phonenumbers``
metadata), not from any data set:

* the column is text, and nearly every value (``SHARE``) is written as a telephone number: 7 to 15
  digits, nothing but digits, spaces, ``-``, ``.``, ``/``, parentheses and one leading ``+``, and
  split into groups (a bare digit run is an id as often as a number: never without a header);
* the values are nearly all distinct, and they are not dates, not decimals, not one repeated
  three-group pattern of an identifier (``ddd-dd-dddd``), not thousands groupings of varying size;
* one region validates ``SHARE`` of them, *and* they are written the way that region writes its
  numbers: its national (trunk) prefix where the region has one (``0`` in most of Europe, ``8`` in
  Russia), or the digit groups of the region's own national format.

The regions tried are those of the header languages bundled with the package.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..report import Evidence

__all__ = ["REGIONS", "SHARE", "national_phone_evidence", "national_phone_region"]

#: regions tried, those of the bundled header languages (en de fr es it pt nl ru uk pl cs hu ro tr
#: sv da nb fi el he ar hi ja zh ko)
REGIONS: tuple[str, ...] = (
    "GB", "CA", "AU", "IE", "IN", "DE", "AT", "CH", "FR", "BE", "ES", "MX", "AR", "CO", "IT", "PT", "BR",
    "NL", "RU", "UA", "PL", "CZ", "SK", "HU", "RO", "TR", "SE", "DK", "NO", "FI", "GR", "CY", "IL", "SA",
    "AE", "EG", "JP", "CN", "TW", "HK", "KR",
)  # fmt: skip

#: the share of the probed values each test must hold for
SHARE = 0.8

#: values probed (a column is decided by a few dozen)
PROBE = 40

# digits, the separators numbers are written with, an optional leading "+" (or "(+"); at least two
# groups, a closing parenthesis may end one ("(06)72/658-1980", "+46 (0)8 123 45")
_WRITTEN = re.compile(r"\(?\+?\(?[0-9]+\)?(?:(?: ?[-./] ?| |(?<=\)))\(?[0-9]+\)?)+")
# an extension after the number: "x3960", "ext. 12", "#12"
_EXTENSION = re.compile(r"\s*(?:x|ext\.?|#)\s*[0-9]{1,6}$", re.IGNORECASE)
_GROUPS = re.compile(r"[0-9]+")
_ID_3_2_4 = (3, 2, 4)
_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}(?:([ .,])[0-9]{3})(?:\1[0-9]{3})*")


def _digit_count_ok(text: str) -> bool:
    return 7 <= sum(c.isdigit() for c in text) <= 15


def _written_like_phone(text: str) -> bool:
    """Digits split into groups, or after a leading ``+``: how a telephone number is written (an
    extension after it is part of the writing)."""
    text = _EXTENSION.sub("", text)
    if not text.isascii() or not _digit_count_ok(text):
        return False
    return _WRITTEN.fullmatch(text) is not None or _INTERNATIONAL_RUN.fullmatch(text) is not None


_INTERNATIONAL_RUN = re.compile(r"\+[0-9]+")
_BARE_RUN = re.compile(r"[0-9]+")


def _groups(text: str) -> tuple[int, ...]:
    return tuple(len(g) for g in _GROUPS.findall(text))


def _plausible_column(values: Sequence[str]) -> list[str] | None:
    """The probed values when the column passes the shape tests, else ``None``."""
    from .validators import calendar_date, plain_decimal

    probe = [v.strip() for v in values[:PROBE] if v.strip()]
    if len(probe) < 5 or len(set(probe)) < 0.9 * len(probe):
        return None
    written = [v for v in probe if _written_like_phone(v)]
    bare = [v for v in probe if v.isascii() and _BARE_RUN.fullmatch(v) and _digit_count_ok(v)]
    # a bare digit run is an id as often as a number: it counts beside written numbers, never alone
    if len(written) < 0.5 * len(probe) or len(written) + len(bare) < SHARE * len(probe):
        return None
    if any(calendar_date(v) or plain_decimal(v) for v in written):
        return None  # a date or a decimal among them: dates or amounts, not numbers
    groupings = Counter(_groups(v) for v in written)
    if groupings.get(_ID_3_2_4, 0) >= 0.5 * len(written):
        return None  # the social security number's grouping
    thousands = [v for v in written if _THOUSANDS.fullmatch(v)]
    if len(thousands) >= SHARE * len(written) and len({len(_groups(v)) for v in thousands}) > 1:
        return None  # amounts of several magnitudes written with a thousands separator
    return written + bare


def _pn() -> Any:
    from .validators import _phonenumbers

    return _phonenumbers()


def _national_way(pn: Any, number: Any, text: str, region: str) -> bool:
    """``text`` is written as ``region`` writes its numbers nationally: with its trunk prefix,
    or in the digit groups of its national format."""
    meta = pn.PhoneMetadata.metadata_for_region(region)
    prefix = meta.national_prefix if meta is not None else None
    if text.startswith("+"):
        return True  # an international number is written as such everywhere
    bare = text.lstrip("(")
    if prefix:
        return bare.startswith(prefix)
    national = pn.format_number(number, pn.PhoneNumberFormat.NATIONAL)
    return _groups(national) == _groups(text)


def _international(pn: Any, text: str) -> bool:
    """``+`` (or ``00``), a country code ITU has assigned, and a length its plan allows: written
    as an international number even where the range itself is not (yet) allocated."""
    return _country_code(pn, text) is not None


def _country_code(pn: Any, text: str) -> int | None:
    """The assigned country code of ``text`` written as an international number, else ``None``."""
    if text.startswith("(+"):
        text = text[1:].replace(")", "", 1)
    if text.startswith("00"):
        text = "+" + text[2:]
    if not text.startswith("+"):
        return None
    try:
        number = pn.parse(text, None)
    except pn.NumberParseException:
        return None
    if pn.region_code_for_country_code(number.country_code) == "ZZ" or not pn.is_possible_number(number):
        return None
    return int(number.country_code)


def _one_country(pn: Any, probe: list[str]) -> tuple[str, float] | None:
    """A column where a share of the numbers carry one country code and the others are written the
    national way of that country: its trunk prefix where it has one, and a length its plan allows.
    Address books mix the two ways ("+7 912 345-67-89" beside "8 912 345-67-89"); the country code
    the international ones agree on says which plan the national ones follow, so they need not be
    numbers that plan has allocated yet."""
    codes = Counter(c for c in (_country_code(pn, text) for text in probe) if c is not None)
    if not codes:
        return None
    code, same = codes.most_common(1)[0]
    if same < _SAME_CODE * len(probe) or same < 0.8 * sum(codes.values()):
        return None
    regions = [r for r in pn.region_codes_for_country_code(code) if r != "001"]
    written = same
    for text in probe:
        if text.startswith(("+", "(+", "00")):
            continue
        for region in regions:
            try:
                number = pn.parse(text, region)
            except pn.NumberParseException:
                continue
            meta = pn.PhoneMetadata.metadata_for_region(region)
            prefix = meta.national_prefix if meta is not None else None
            if pn.is_possible_number(number) and (not prefix or text.lstrip("(").startswith(prefix)):
                written += 1
                break
    if written < SHARE * len(probe):
        return None
    return (regions[0] if regions else ""), written / len(probe)


#: the share of the probed values that must carry the one country code for :func:`_one_country`
_SAME_CODE = 0.25


def _valid_in(pn: Any, text: str, region: str) -> int:
    """0 when ``text`` is not a valid number of ``region`` written its national way; 1 when it
    is; 2 when its digit groups are also those of the region's national format (a tie-break)."""
    try:
        number = pn.parse(text, region)
    except pn.NumberParseException:
        return 0
    if not pn.is_valid_number(number):
        return 0
    if number.country_code != pn.country_code_for_region(region):
        return 0
    if not _national_way(pn, number, text, region):
        return 0
    return 2 if _grouped_as_planned(pn, number, text) else 1


def _grouped_as_planned(pn: Any, number: Any, text: str) -> bool:
    """The digit groups of ``text`` are those of the national format, or its first group ends
    where the plan's national destination code (area or mobile code) ends: ``030 1234567``, not
    the ``02-123456`` of an invoice, which Germany would read as the area code 0212."""
    groups = _GROUPS.findall(text)
    if _groups(pn.format_number(number, pn.PhoneNumberFormat.NATIONAL)) == tuple(len(g) for g in groups):
        return True
    code = int(pn.length_of_national_destination_code(number))
    if code <= 0 or len(groups) < 2:
        return False
    national = str(number.national_number)
    first: str = groups[0]
    return first.endswith(national[:code]) and len(first) - code <= 1  # the code, after a one-digit trunk prefix


def national_phone_region(values: Sequence[str]) -> tuple[str, float] | None:
    """The region in whose national way of writing ``SHARE`` or more of ``values`` are valid phone
    numbers, with that share; ``None`` when the column fails the shape tests or no region holds."""
    probe = _plausible_column(values)
    if probe is None:
        return None
    pn = _pn()
    need = SHARE * len(probe)
    international = sum(_international(pn, text) for text in probe)
    if international >= need:
        return "", international / len(probe)  # numbers with their country code: no region to infer
    mixed = _one_country(pn, probe)
    if mixed is not None:
        return mixed
    national = [text for text in probe if not text.startswith(("+", "(+", "00"))]
    best: tuple[str, float] | None = None
    best_rank = (0, 0)
    for region in REGIONS:
        valid, grouped = international, 0
        for i, text in enumerate(national):
            way = _valid_in(pn, text, region)
            valid += way > 0
            grouped += way == 2
            if valid + len(national) - i - 1 < need:
                break  # this region cannot reach the share
        else:
            # the region that also writes the numbers in these groups wins over one that merely validates
            # and half the national ones are in its own digit groups: ``0X-YYYYYY`` invoice numbers are
            # valid German numbers (area codes vary in length) but Germany writes none that way
            if valid >= need and grouped >= 0.5 * len(national) and (valid + grouped, valid) > best_rank:
                best, best_rank = (region, valid / len(probe)), (valid + grouped, valid)
                if grouped == len(national):
                    break
    return best


def national_phone_evidence(
    values: Any, header: dict[str, Evidence], evidence: dict[str, Evidence], coverage: dict[str, float]
) -> tuple[Evidence, float] | None:
    """The evidence (and coverage) that a text column holds phone numbers written the national way,
    for a column no other evidence has decided: no header naming another entity, no value evidence
    of 0.5 or more, and the formatted phone pattern found few valid (North American) numbers."""
    if "PHONE_NUMBER" in evidence and coverage.get("PHONE_NUMBER", 0.0) >= 0.3:
        return None
    if any(entity != "PHONE_NUMBER" for entity in header):
        return None
    if any(ev.score >= 0.5 for entity, ev in evidence.items() if entity != "PHONE_NUMBER"):
        return None
    found = national_phone_region(values.astype(str).tolist())
    if found is None:
        return None
    region, share = found
    where = f"of {region}, written the national way" if region else "with an assigned country code"
    detail = f"{share:.0%} of the probed values are phone numbers {where}"
    return Evidence("pattern:phone_national", "PHONE_NUMBER", round(0.5 + 0.4 * share, 4), detail), share
