"""Validators: pure functions ``str -> bool`` that confirm a pattern match.

A regular expression says a value has the *shape* of a card number, an IBAN or a phone number;
a validator says whether it can *be* one (a checksum, a registry rule, a calendar). Validators
are what keep random 16-digit ids, hex digests and version strings from being reported as
personal data, so they are strict: when in doubt they answer ``False``.

Every function takes one string, never raises on odd input (``None``-like or malformed strings
return ``False``) and imports nothing heavier than :mod:`phonenumbers`, which is imported at the
first phone check.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

# the date validators live with the date parser; they stay importable here
from .date_values import MONTH_NAMES, birth_date, birth_date_compact, calendar_date, month_day, parse_date
from .digits import is_ascii_digits as _is_ascii_digits
from .digits import strip_separators as _strip

# The checks of one country's numbers live with their recognisers; they stay importable here, and
# in VALIDATORS, for the configuration files and callers that name them.
from .recognizers.country_specific.uk.nhs import uk_nhs
from .recognizers.country_specific.us.itin import us_itin
from .recognizers.country_specific.us.ssn import us_ssn

__all__ = [
    "MONTH_NAMES",
    "VALIDATORS",
    "birth_date",
    "birth_date_compact",
    "calendar_date",
    "credit_card",
    "crypto_wallet",
    "email",
    "iban",
    "imei",
    "ip_address",
    "ipv4",
    "ipv6",
    "jwt",
    "luhn",
    "mac_address",
    "month_day",
    "parse_date",
    "phone_number",
    "plain_decimal",
    "uk_nhs",
    "url",
    "us_itin",
    "us_ssn",
]

# ---------------------------------------------------------------------------------------------
# helpers


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


# ---------------------------------------------------------------------------------------------
# cards, device ids


def luhn(value: str) -> bool:
    """True when ``value`` is 12 to 19 digits (spaces and dashes allowed) that pass the Luhn check.

    Parameters
    ----------
    value
        A candidate card number such as ``"4012 8888 8888 1881"``.
    """
    digits = _strip(value, " -")
    return _is_ascii_digits(digits) and 12 <= len(digits) <= 19 and _luhn_ok(digits)


# The first digit of a card number (ISO/IEC 7812 major industry identifier) by length: 1 UATP,
# 2 Mastercard 2-series (and 15-digit enRoute/JCB), 3 Amex/Diners/JCB, 4 Visa, 5 Mastercard/Maestro, 6 Discover/Maestro/UnionPay.
_CARD_FIRST_DIGITS: dict[int, str] = {
    12: "56",
    13: "456",
    14: "356",
    15: "12356",
    16: "23456",
    17: "3456",
    18: "3456",
    19: "3456",
}


# The issuers of fifteen-digit cards, by the first digits of their IIN (the networks' published
# ranges, as tabulated in Wikipedia's "Payment card number"): UATP 1, Diners Club enRoute 2014 and
# 2149, American Express 34 and 37, Maestro 50 and 56-69. Other fifteen-digit Luhn numbers are most
# often IMEIs, whose reporting-body prefixes (35, 86, 01, 99 ...) no fifteen-digit card has.
CARD_15_PREFIXES: tuple[str, ...] = ("1", "2014", "2149", "34", "37", "50", "56", "57", "58", "59", "6")

# The reporting-body identifiers that begin an IMEI's type allocation code: GSMA PRD TS.06 (IMEI
# Allocation and Approval Process, v25.0, 2024), Appendix A, as listed in Wikipedia's "Reporting
# Body Identifier": 01 CTIA/PTCRB, 35 BABT, 86 TAF, 98, 99 GHA, and the bodies that no longer
# allocate (10, 30, 33, 44, 45, 49, 50-54, 91). Test IMEIs (00, 02-09) are left out.
IMEI_REPORTING_BODIES: frozenset[str] = frozenset("01 10 30 33 35 44 45 49 50 51 52 53 54 86 91 98 99".split())


def credit_card(value: str) -> bool:
    """A plausible payment card number: :func:`luhn`, an issuer digit that fits the length, and
    not one repeated digit.

    Payment cards start with 1 to 6; 13-digit numbers are Visa or Maestro only, fifteen-digit
    ones start with the prefix of a fifteen-digit issuer (:data:`CARD_15_PREFIXES`: an IMEI such
    as ``35...`` is no card), and so on. Rejecting the other first digits halves the share of
    random numbers that slip through the Luhn check (one in ten).
    """
    if not luhn(value):
        return False
    digits = _strip(value, " -")
    if len(digits) == 15 and not digits.startswith(CARD_15_PREFIXES):
        return False
    return digits[0] in _CARD_FIRST_DIGITS[len(digits)] and len(set(digits)) > 1


def imei(value: str) -> bool:
    """A 15-digit IMEI (separators ``space - /`` allowed): a known reporting-body prefix
    (:data:`IMEI_REPORTING_BODIES`) and a last digit that is its Luhn check digit."""
    digits = _strip(value, " -/")
    return (
        _is_ascii_digits(digits)
        and len(digits) == 15
        and digits[:2] in IMEI_REPORTING_BODIES
        and len(set(digits)) > 1
        and _luhn_ok(digits)
    )


# ---------------------------------------------------------------------------------------------
# bank accounts

# Lengths from the SWIFT IBAN registry (release 2024), plus the countries that use IBAN-shaped
# numbers outside the registry (mostly francophone Africa) at their published lengths.
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24,
    "AE": 23,
    "AL": 28,
    "AT": 20,
    "AZ": 28,
    "BA": 20,
    "BE": 16,
    "BG": 22,
    "BH": 22,
    "BI": 27,
    "BR": 29,
    "BY": 28,
    "CH": 21,
    "CR": 22,
    "CY": 28,
    "CZ": 24,
    "DE": 22,
    "DJ": 27,
    "DK": 18,
    "DO": 28,
    "EE": 20,
    "EG": 29,
    "ES": 24,
    "FI": 18,
    "FK": 18,
    "FO": 18,
    "FR": 27,
    "GB": 22,
    "GE": 22,
    "GI": 23,
    "GL": 18,
    "GR": 27,
    "GT": 28,
    "HR": 21,
    "HU": 28,
    "IE": 22,
    "IL": 23,
    "IQ": 23,
    "IS": 26,
    "IT": 27,
    "JO": 30,
    "KW": 30,
    "KZ": 20,
    "LB": 28,
    "LC": 32,
    "LI": 21,
    "LT": 20,
    "LU": 20,
    "LV": 21,
    "LY": 25,
    "MC": 27,
    "MD": 24,
    "ME": 22,
    "MK": 19,
    "MN": 20,
    "MR": 27,
    "MT": 31,
    "MU": 30,
    "NI": 28,
    "NL": 18,
    "NO": 15,
    "OM": 23,
    "PK": 24,
    "PL": 28,
    "PS": 29,
    "PT": 25,
    "QA": 29,
    "RO": 24,
    "RS": 22,
    "RU": 33,
    "SA": 24,
    "SC": 31,
    "SD": 18,
    "SE": 24,
    "SI": 19,
    "SK": 24,
    "SM": 27,
    "SO": 23,
    "ST": 25,
    "SV": 28,
    "TL": 23,
    "TN": 24,
    "TR": 26,
    "UA": 29,
    "VA": 22,
    "VG": 24,
    "XK": 20,
    "YE": 30,
    # outside the registry, in use
    "AO": 25,
    "BF": 28,
    "BJ": 28,
    "CF": 27,
    "CG": 27,
    "CI": 28,
    "CM": 27,
    "CV": 25,
    "DZ": 26,
    "GA": 27,
    "GQ": 27,
    "GW": 25,
    "HN": 28,
    "IR": 26,
    "KM": 27,
    "MA": 28,
    "MG": 27,
    "ML": 28,
    "MZ": 25,
    "NE": 28,
    "SN": 28,
    "TD": 27,
    "TG": 28,
}

_IBAN_SHAPE = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")


def iban(value: str) -> bool:
    """An IBAN: known country, that country's length, and ISO 7064 mod-97 remainder 1.

    Either the electronic form (``DE89370400440532013000``) or the printed form in groups of
    four separated by single spaces. Letters in capitals, as both forms prescribe, or all in
    lower case as people type them (``de89 3704 ...``); mixed case is no IBAN.
    """
    text = value.strip()
    if text.islower():
        text = text.upper()
    compact = text.replace(" ", "")
    if not compact.isascii() or not _IBAN_SHAPE.fullmatch(compact):
        return False
    if " " in text and text != " ".join(compact[i : i + 4] for i in range(0, len(compact), 4)):
        return False
    if IBAN_LENGTHS.get(compact[:2]) != len(compact):
        return False
    rearranged = compact[4:] + compact[:4]
    # letters become 10..35; int() of the whole digit string is exact and fast in Python
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


# ---------------------------------------------------------------------------------------------
# network


def ipv4(value: str) -> bool:
    """A dotted-quad IPv4 address (optional ``/prefix`` up to 32).

    Each octet is 0-255 without leading zeros (``010`` is octal to some parsers and decimal to
    others; real addresses are not written that way, version strings and ids often are).
    """
    text = value.strip()
    if "/" in text:
        text, _, prefix = text.partition("/")
        if not (_is_ascii_digits(prefix) and len(prefix) <= 2 and int(prefix) <= 32):
            return False
    parts = text.split(".")
    if len(parts) != 4:
        return False
    for part in parts:
        if not _is_ascii_digits(part) or len(part) > 3 or (len(part) > 1 and part[0] == "0"):
            return False
        if int(part) > 255:
            return False
    return True


def ipv6(value: str) -> bool:
    """An IPv6 address as :mod:`ipaddress` reads it (``::``, embedded IPv4, ``%zone``, ``/prefix``)."""
    text = value.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    if ":" not in text or not text.isascii():
        return False
    if "/" in text:
        text, _, prefix = text.partition("/")
        if not (_is_ascii_digits(prefix) and int(prefix) <= 128):
            return False
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


def ip_address(value: str) -> bool:
    """:func:`ipv4` or :func:`ipv6`."""
    return ipv4(value) or ipv6(value)


_MAC_SHAPE = re.compile(
    r"[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}"
    r"|[0-9A-Fa-f]{4}(?:\.[0-9A-Fa-f]{4}){2}"
)


def mac_address(value: str) -> bool:
    """A 48-bit MAC address (``aa:bb:..``, ``aa-bb-..`` or Cisco ``aabb.ccdd.eeff``).

    One separator throughout; the all-zero and broadcast addresses are not a device's.
    """
    text = value.strip()
    if not _MAC_SHAPE.fullmatch(text):
        return False
    hexdigits = _strip(text, ":-.").lower()
    return hexdigits not in ("000000000000", "ffffffffffff")


# ---------------------------------------------------------------------------------------------
# email and web

_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}")
_DNS_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_TLD = re.compile(r"[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{2,59}")


def _hostname_ok(host: str) -> bool:
    """A dotted DNS name whose last label is a letter TLD (or a punycode one)."""
    if not host or len(host) > 253 or not host.isascii():
        return False
    labels = host.rstrip(".").split(".")
    if len(labels) < 2:
        return False
    if not _TLD.fullmatch(labels[-1]):
        return False
    return all(_DNS_LABEL.fullmatch(label) for label in labels[:-1])


def email(value: str) -> bool:
    """An email address ``local@domain.tld`` (RFC 5321 limits, dot-atom local part, letter TLD).

    Quoted local parts and IP-literal domains are rejected: legal, but not what people's
    addresses look like, and accepting them makes ordinary text match.
    """
    text = value.strip()
    if text.count("@") != 1 or len(text) > 254:
        return False
    local, domain = text.split("@")
    if not _EMAIL_LOCAL.fullmatch(local) or local[0] == "." or local[-1] == "." or ".." in local:
        return False
    if local == "git":  # git@github.com:org/repo.git is a repository's address, nobody's mailbox
        return False
    return _hostname_ok(domain)


_URL_SCHEMES = frozenset({"http", "https", "ftp", "ftps", "sftp", "ws", "wss"})


def url(value: str) -> bool:
    """A web address: ``scheme://host...`` with a known scheme, or a bare ``www.``/``host.tld`` name.

    The host must be a dotted name with a letter TLD or an IP address; ``http://localhost``
    and ``www.microsoft`` are not accepted.
    """
    text = value.strip()
    if not text or any(c.isspace() for c in text):
        return False
    if "://" not in text:
        text = "http://" + text
    try:
        parts = urlsplit(text)
        host = parts.hostname
        _ = parts.port  # raises ValueError on a malformed port
    except ValueError:
        return False
    if parts.scheme.lower() not in _URL_SCHEMES or not host:
        return False
    if host.startswith("www.") and host.count(".") < 2:
        return False  # "www.microsoft": a name cut short, not a site
    return _hostname_ok(host) or ip_address(host)


# ---------------------------------------------------------------------------------------------
# phones


@lru_cache(maxsize=1)
def _phonenumbers() -> Any:
    import phonenumbers  # a core dependency, but the import costs ~50 ms: do it at first use

    return phonenumbers


_PLAIN_DECIMAL = re.compile(r"[0-9]+[.][0-9]+")


def plain_decimal(value: str) -> bool:
    """Digits, one full stop, digits: how tables print a float (``2037.590000``); dotted phone
    numbers have two dots or more (``555.123.4567``), so a phone finder rules this shape out."""
    return _PLAIN_DECIMAL.fullmatch(value.strip()) is not None


def phone_number(value: str, region: str = "US") -> bool:
    """A telephone number that :mod:`phonenumbers` finds valid.

    Numbers in international format (``+44 20 7946 0958``, ``0044 ...``) are read as such;
    others are read as national numbers of ``region`` (``"US"`` by default). Short foreign
    numbers written nationally (``84 23 30``) are therefore not accepted: without a country
    they are indistinguishable from other digit groups.

    Parameters
    ----------
    value
        The candidate, with its usual punctuation.
    region
        ISO 3166 alpha-2 region for numbers written without a country code.
    """
    text = value.strip()
    if not text.isascii() or not 7 <= sum(c.isdigit() for c in text) <= 21:
        return False
    if text.startswith("00"):
        text = "+" + text[2:]
    if region == "US" and not text.startswith("+") and not _nanp_shape(text):
        return False  # cheap rejection before the (slow) full parse
    return _phone_valid(text, region)


_EXTENSION = re.compile(r"(?i)\s*(?:x|ext\.?|extension|#)\s*[0-9]{1,6}$")


def _nanp_shape(text: str) -> bool:
    """North American numbering plan: [1] NXX NXX XXXX, N = 2-9 (extension ignored)."""
    digits = "".join(c for c in _EXTENSION.sub("", text) if c.isdigit())
    if len(digits) == 11 and digits[0] == "1":
        digits = digits[1:]
    return len(digits) == 10 and digits[0] >= "2" and digits[3] >= "2"


@lru_cache(maxsize=8192)
def _phone_valid(text: str, region: str) -> bool:
    if region == "US":
        national = _nanp_national(text)
        if national is not None:
            return _nanp_valid(national)
    pn = _phonenumbers()
    try:
        number = pn.parse(text, region)
    except pn.NumberParseException:
        return False
    if not pn.is_possible_number(number):
        return False
    # +1 is shared by 25 regions and is_valid_number tries each in turn; most are US numbers
    if number.country_code == 1 and pn.is_valid_number_for_region(number, "US"):
        return True
    return bool(pn.is_valid_number(number))


# The usual ways of writing a North American number: an optional +1 or 1, the area code with or
# without parentheses, then 3 + 4 digits, at most one space, dot or dash between the groups. Such
# text parses to country code 1 and exactly these ten digits, so _nanp_valid can decide it from
# the metadata without phonenumbers.parse; anything else (an extension, letters, an area code
# starting with 0 or 1, whose parse strips or keeps a national prefix) takes the full path.
_NANP_TEXT = re.compile(
    r"(?:\+?1[ .-]?)?"  # country code
    r"(?:\(([2-9][0-9]{2})\)|([2-9][0-9]{2}))[ .-]?([0-9]{3})[ .-]?([0-9]{4})"
)


def _nanp_national(text: str) -> str | None:
    """The ten national digits of a plainly written North American number, else ``None``."""
    match = _NANP_TEXT.fullmatch(text)
    if match is None:
        return None
    area, bare_area, exchange, line = match.groups()
    return (area or bare_area) + exchange + line


@lru_cache(maxsize=1)
def _nanp_metadata() -> tuple[bool, re.Pattern[str], re.Pattern[str], dict[str, re.Pattern[str]]]:
    """phonenumbers' rules for ten national digits of country code 1, compiled once.

    Returns: whether ten digits is a possible length (+1 uses its main region's lengths); the
    validity pattern of the US; a pattern whose first matching alternative ``r<i>`` names the
    region ``is_valid_number`` assigns the number to (the first +1 region whose leading digits
    start it or, for a region without leading digits, where it is valid); and the validity
    patterns of the regions with leading digits. A number is valid in a region if it matches the
    general description and a number type (mobile only when not a copy of the fixed line); a
    description whose possible lengths leave out 10 matches nothing.
    """
    pn = _phonenumbers()

    def desc_pattern(desc: Any) -> str | None:
        if desc is None or not desc.national_number_pattern:
            return None
        if desc.possible_length and 10 not in desc.possible_length:
            return None
        return f"(?:{desc.national_number_pattern})"

    def validity(meta: Any) -> str:
        types = "premium_rate toll_free shared_cost voip personal_number pager uan voicemail"
        types += " fixed_line" if meta.same_mobile_and_fixed_line_pattern else " fixed_line mobile"
        general = desc_pattern(meta.general_desc)
        alternatives = [p for p in (desc_pattern(getattr(meta, t)) for t in types.split()) if p]
        if general is None or not alternatives:
            return "(?!)"  # matches nothing
        return f"(?={general}\\Z)(?:{'|'.join(alternatives)})\\Z"

    lengths = pn.PhoneMetadata.metadata_for_region(pn.region_code_for_country_code(1)).general_desc
    possible = 10 in tuple(lengths.possible_length) + tuple(lengths.possible_length_local_only)
    first: list[str] = []
    after_leading: dict[str, re.Pattern[str]] = {}
    for i, code in enumerate(pn.COUNTRY_CODE_TO_REGION_CODE[1]):
        meta = pn.PhoneMetadata.metadata_for_region(code)
        if meta is None:
            continue
        if meta.leading_digits is None:
            first.append(f"(?P<r{i}>{validity(meta)})")
        else:
            first.append(f"(?P<r{i}>{meta.leading_digits})")
            after_leading[f"r{i}"] = re.compile(validity(meta))
    us = re.compile(validity(pn.PhoneMetadata.metadata_for_region("US")))
    return possible, us, re.compile("|".join(first)), after_leading


def _nanp_valid(national: str) -> bool:
    """What _phone_valid's full path answers for ten national digits with country code 1."""
    possible, us, first, after_leading = _nanp_metadata()
    if not possible:
        return False
    if us.match(national):
        return True  # valid for the US, tried first
    match = first.match(national)  # is_valid_number: the number's region, then validity there
    if match is None or match.lastgroup is None:
        return False
    valid = after_leading.get(match.lastgroup)
    return valid is None or valid.match(national) is not None


# ---------------------------------------------------------------------------------------------
# crypto wallets and tokens

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58)}
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_INDEX = {c: i for i, c in enumerate(_BECH32)}
_ETH_SHAPE = re.compile(r"0x[0-9a-fA-F]{40}")


def _base58check(text: str) -> bool:
    n = 0
    for ch in text:
        i = _B58_INDEX.get(ch)
        if i is None:
            return False
        n = n * 58 + i
    leading = len(text) - len(text.lstrip("1"))
    raw = b"\x00" * leading + n.to_bytes((n.bit_length() + 7) // 8, "big")
    if len(raw) != 25 or raw[0] not in (0x00, 0x05):  # P2PKH or P2SH on main net
        return False
    payload, check = raw[:-4], raw[-4:]
    return hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] == check


def _bech32_polymod(values: list[int]) -> int:
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= generator[i] if (top >> i) & 1 else 0
    return chk


def _bech32(text: str) -> bool:
    if text.lower() != text and text.upper() != text:
        return False
    text = text.lower()
    hrp, sep, data = text.rpartition("1")
    if not sep or hrp != "bc" or not 6 < len(data) <= 87:
        return False
    values = [_BECH32_INDEX.get(c, -1) for c in data]
    if -1 in values:
        return False
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    const = _bech32_polymod(expanded + values)
    # witness version 0 uses bech32 (constant 1), versions 1-16 bech32m (BIP 350)
    return const == (1 if values[0] == 0 else 0x2BC830A3)


def crypto_wallet(value: str) -> bool:
    """A Bitcoin address (base58check ``1...``/``3...`` or bech32/bech32m ``bc1...``, checksums
    verified) or an Ethereum-shaped ``0x`` + 40 hex digits address."""
    text = value.strip()
    if not text.isascii():
        return False
    if text[:3].lower() == "bc1":
        return _bech32(text)
    if text[:1] in ("1", "3") and 26 <= len(text) <= 35:
        return _base58check(text)
    return bool(_ETH_SHAPE.fullmatch(text)) and len(set(text[2:].lower())) > 1


def jwt(value: str) -> bool:
    """A JSON Web Token: three base64url parts whose first decodes to a JSON header with ``alg``."""
    import base64
    import json

    parts = value.strip().split(".")
    if len(parts) != 3 or not parts[0] or not parts[1]:
        return False
    head = parts[0] + "=" * (-len(parts[0]) % 4)
    try:
        header = json.loads(base64.urlsafe_b64decode(head))
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(header, dict) and "alg" in header


#: validators by name, for declarative recognisers and configuration files
VALIDATORS: dict[str, Callable[[str], bool]] = {
    "luhn": luhn,
    "credit_card": credit_card,
    "imei": imei,
    "iban": iban,
    "us_ssn": us_ssn,
    "us_itin": us_itin,
    "uk_nhs": uk_nhs,
    "ipv4": ipv4,
    "ipv6": ipv6,
    "ip_address": ip_address,
    "mac_address": mac_address,
    "email": email,
    "url": url,
    "phone_number": phone_number,
    "calendar_date": calendar_date,
    "month_day": month_day,
    "birth_date": birth_date,
    "birth_date_compact": birth_date_compact,
    "crypto_wallet": crypto_wallet,
    "jwt": jwt,
}
