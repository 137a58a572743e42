"""Columns of places and storms named after people: ``Heathrow Airport``, ``John F. Kennedy
International``, ``Hurricane Katrina``, ``Typhoon Haiyan``.

Their values hold people's names, so the name tiers (and a ``name`` header) call them people. A word
for an airport or a storm in a share of the values says otherwise (``data/not_person_words.json``).
It is a share rule on the column, never a rule on one value: a person called Storm in a column of
names does not move it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["MIN_SHARE", "not_person_share"]

#: the share of the values with such a word from which a column is no column of people's names
MIN_SHARE = 0.3

_FILE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "not_person_words.json")


def _unspaced(word: str) -> bool:
    return any("\u3040" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" for c in word)


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    with open(_FILE, encoding="utf-8") as fh:
        data = json.load(fh)
    words = sorted({w.lower() for key in ("places", "storms") for w in data[key]}, key=lambda w: (-len(w), w))
    spaced = [re.escape(w).replace(r"\ ", r"\s+") for w in words if not _unspaced(w)]
    unspaced = [re.escape(w) for w in words if _unspaced(w)]
    return re.compile(rf"(?<!\w)(?:{'|'.join(spaced)})(?!\w)|{'|'.join(unspaced)}", re.IGNORECASE)


def not_person_share(values: Iterable[str]) -> float:
    """The share of ``values`` (sampled cells) that name an airport or a storm by one of its words."""
    search = _pattern().search
    total = hits = 0
    for value in values:
        total += 1
        if search(value) is not None:
            hits += 1
    return hits / total if total else 0.0
