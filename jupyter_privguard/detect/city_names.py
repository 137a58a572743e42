"""A gazetteer of city names in every script, from GeoNames, as value evidence for LOCATION columns.

The data file ``data/cities.txt.gz`` holds one normalised name a line: the names and alternate names of
the GeoNames cities with at least 5,000 inhabitants (``scripts/build_city_gazetteer.py`` rebuilds it;
the provenance line is in ``data/PROVENANCE.md``). It is read at the first question, never at import.

:func:`city_share` answers for a column sample: the share of its distinct values that name a city,
after the settlement-type words a value may carry ("г. Миасс", "Kyiv city", "川西市") are set aside.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

#: the data file, in ``jupyter_privguard/data``
DATA_FILE = "cities.txt.gz"

# Settlement-type words written before or after a city's name, short forms included: Russian and
# Ukrainian (город, посёлок, село, станица ...), Polish, Czech, Greek, Turkish, Arabic, Hebrew and the
# administrative suffixes of Chinese, Japanese and Korean place names. Written from each language's
# conventions (no list copied); a value keeps its name when no such word is there.
_BEFORE = frozenset(
    "г гор город м місто пос посёлок поселок пгт смт с село сел д дер деревня ст станица х хутор к клх "
    "рп аул кп нп сл слобода ж/д мкр "
    "miasto gmina obec město mesto "
    "città ciudad cidade ville stadt city town "
    "πόλη πολη δήμος δημος "
    "مدينة "
    "עיר".split()
)
_AFTER = frozenset("city town stadt şehri sehri ili ilçesi".split())
# CJK administrative suffixes: a name is written with them or without ("川西市" and "川西")
_CJK_SUFFIXES = (
    "特別市",
    "広域市",
    "特别市",
    "自治县",
    "市",
    "县",
    "縣",
    "区",
    "區",
    "町",
    "村",
    "镇",
    "鎮",
    "시",
    "군",
    "구",
    "읍",
)
_PUNCT = re.compile(r"[\s.,;:()\[\]\"'«»„“”‘’]+")


def city_key(text: str) -> str:
    """The form names are compared in: NFKC, case-folded, accents and other combining marks removed,
    inner punctuation and spaces collapsed to one space (``"Ploiești"`` and ``"PLOIESTI"`` agree)."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    bare = "".join(c for c in folded if not unicodedata.combining(c))
    return _PUNCT.sub(" ", unicodedata.normalize("NFC", bare)).strip(" -")


class SortedNames:
    """A sorted list of names, searched by bisection: reading it is a split of the file's text (no set of
    280,000 strings to hash at the first question)."""

    def __init__(self, names: list[str]) -> None:
        self._names = names

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        at = bisect_left(self._names, key)
        return at < len(self._names) and self._names[at] == key

    def __len__(self) -> int:
        return len(self._names)


@lru_cache(maxsize=1)
def gazetteer() -> SortedNames:
    """The normalised city names (read once, at the first call)."""
    raw = resources.files("jupyter_privguard.data").joinpath(DATA_FILE).read_bytes()
    names = gzip.decompress(raw).decode("utf-8").split("\n")
    # the file is written sorted; sorting again costs little when it already is, and keeps bisection right
    return SortedNames(sorted(n for n in names if n))


def _candidates(key: str) -> Iterable[str]:
    yield key
    words = key.split(" ")
    if len(words) > 1 and words[0] in _BEFORE:
        yield " ".join(words[1:])
    if len(words) > 1 and words[-1] in _AFTER:
        yield " ".join(words[:-1])
    for suffix in _CJK_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix) + 1:
            yield key[: -len(suffix)]
            break


def is_city(text: str, names: SortedNames | None = None) -> bool:
    """Whether ``text`` names a city of the gazetteer (with or without a settlement-type word)."""
    known = gazetteer() if names is None else names
    key = city_key(text)
    if len(key) < 2 or any(c.isdigit() for c in key):
        return False
    return any(c in known for c in _candidates(key))


def city_share(values: Iterable[object]) -> tuple[float, int]:
    """The share of the distinct text values that name a city, and how many distinct values were read.

    Missing values and non-text objects are left out; an empty sample answers ``(0.0, 0)``.
    """
    distinct = {v.strip() for v in values if isinstance(v, str) and v.strip()}
    if not distinct:
        return 0.0, 0
    known = gazetteer()
    hits = sum(is_city(v, known) for v in distinct)
    return hits / len(distinct), len(distinct)
