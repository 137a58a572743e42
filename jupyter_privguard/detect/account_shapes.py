"""Passwords and user names by the shape of a column's values, for columns whose header says nothing.

A password column (``k#9Tq!vR2m``) is near-unique strings without spaces that mix upper- and
lower-case letters with digits or symbols: an SKU (``AB-1234``) has no lower case, a hex digest or
UUID no upper case, a camel-case identifier no digit or symbol, and a product name has spaces.
A user-name column (``anna.kowalska``, ``jsmith_84``) is near-unique lower-case ASCII handles built from
letters, digits and ``._-``, many of which hold a given name or surname of the name gazetteer.
Both tests read the column as a whole (a share of the values), never a single value, and give
evidence only: the entity rules cap what values alone may score.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..report import Evidence

__all__ = ["account_evidence"]

#: the share of the values that must have the shape
MIN_SHARE = 0.8
#: the share of distinct values (passwords and user names are one per person)
MIN_DISTINCT = 0.9
#: the share of user names that must hold a known name
MIN_NAMED = 0.4
#: the fewest values a column needs
MIN_VALUES = 20
#: user names: the share that must be handles, the share that may be common words or slugs, and the
#: share with digits or a separator when few hold a known name
MIN_HANDLES = 0.95
MAX_WORDS = 0.1
MAX_SLUGS = 0.3
MIN_JOINED = 0.15

_HEX = re.compile(r"[0-9a-fA-F-]+")
_DOMAIN = re.compile(r"[A-Za-z0-9-]+(?:[.][A-Za-z0-9-]+)*[.][A-Za-z]{2,}")
_HANDLE = re.compile(r"[a-z][a-z0-9._-]{2,31}")
_PIECES = re.compile(r"[a-z]+")
_PASSWORD_SCORE = 0.7
_USERNAME_SCORE = 0.65
_HANDLE_SCORE = 0.55
_SEPARATORS = re.compile(r"[._-]")
#: a header whose last word names an identifier (video_id, shortCode, ref): random mixed-case ids under it
#: are record keys, not passwords (a secret's header, session_key or api_token, is left to the shape)
_CAMEL_ID = re.compile(r"[a-z](?:Id|Ids|Code|Ref|Slug)$")
_ID_WORD = re.compile(r"(?:^|[^A-Za-z])(?:id|ids|uid|guid|code|codes|ref|slug|sku)$", re.I)


def _password_like(value: str) -> bool:
    if not 6 <= len(value) <= 64 or not value.isascii() or not value.isprintable() or " " in value:
        return False
    if _HEX.fullmatch(value) or _DOMAIN.fullmatch(value):
        return False  # digests, UUIDs and domain names (MyShop.com)
    lower = upper = digit = symbol = False
    for ch in value:
        if ch.islower():
            lower = True
        elif ch.isupper():
            upper = True
        elif ch.isdigit():
            digit = True
        else:
            symbol = True
    return lower and upper and (digit or symbol)


def _handle_named(value: str, given: frozenset[str], surname: frozenset[str], other: frozenset[str]) -> bool:
    for piece in _PIECES.findall(value):
        if len(piece) >= 3 and piece not in other and (piece in given or piece in surname):
            return True
    return False


def _names_an_identifier(header: str) -> bool:
    header = header.strip()
    return bool(_CAMEL_ID.search(header) or _ID_WORD.search(header))


def account_evidence(values: Sequence[str], header: str = "") -> Evidence | None:
    """Evidence that ``values`` (the sampled cells of one text column) are passwords or user names.

    Returns ``None`` when the column has neither shape, or fewer than :data:`MIN_VALUES` values. Under a
    ``header`` that names an identifier (``video_id``, ``shortCode``) the password shape gives no evidence.
    """
    total = len(values)
    if total < MIN_VALUES or len(set(values)) < MIN_DISTINCT * total:
        return None
    passwords = sum(1 for v in values if _password_like(v))
    if passwords >= MIN_SHARE * total and not _names_an_identifier(header):
        return Evidence(
            "shape:password",
            "CREDENTIAL",
            _PASSWORD_SCORE,
            f"{passwords} of {total} sampled values mix upper and lower case with digits or symbols, no spaces",
        )
    handles = [v for v in values if _HANDLE.fullmatch(v) and not _HEX.fullmatch(v)]
    if len(handles) < MIN_HANDLES * total:
        return None
    from .names import gazetteer

    gaz = gazetteer()
    words = sum(1 for v in handles if v in gaz.other)
    # slugs and file names: several separators (red-cotton-shirt, report_2024_final)
    slugs = sum(1 for v in handles if len(_SEPARATORS.findall(v)) >= 2)
    if words >= MAX_WORDS * total or slugs >= MAX_SLUGS * total:
        return None  # a column of words (a vocabulary, tags) or of slugs
    named = sum(1 for v in handles if _handle_named(v, gaz.given, gaz.surname, gaz.other))
    # handles with a separator or digits (anna.kowalska, jsmith84) among them
    joined = sum(1 for v in handles if not v.isalpha())
    if joined < MIN_JOINED * total:
        return None  # bare lower-case words, even names of people or places (paris, jordan), are not handles
    score = _USERNAME_SCORE if named >= MIN_NAMED * total else _HANDLE_SCORE
    return Evidence(
        "shape:username",
        "USERNAME",
        score,
        f"{len(handles)} of {total} sampled values are lower-case handles, {named} holding a known name",
    )
