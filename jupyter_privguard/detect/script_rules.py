"""Per-script rules for one value: does it have the shape of a person's name, and does the gazetteer back it?

Each scorer takes one value (NFC-normalised, stripped) written in its script and returns a
:class:`Judgement`: a score in [0, 1], and whether the value has the *strong* shape of a full name
(several tokens, or a family name split from a given name) that the column may lend a prior to when
the small gazetteer cannot judge it. The word lists are data files (``data/script_names/*.json``,
sources in ``data/PROVENANCE.md``); the shapes are the rules below.

Scripts and their rules
-----------------------
han
    2-4 characters, a surname first (one character, or one of the compound surnames), then a 1-2
    character given name whose characters are common in given names; a lone surname counts less.
japanese
    a family name and a given name (kanji, or kana for the given name), with or without a space;
    the family name from the list of common surnames, the given name from the list of common ones.
hangul
    2-4 syllables, a surname first (one syllable, or a compound), then a given name of common
    name syllables; a two-syllable value is more often a given name alone or a word; one
    syllable is a family name alone when the list has it.
cyrillic, greek
    one to four capitalised tokens: given names from the list, surnames from the list or with a
    surname suffix (``-ов``, ``-енко``, ``-όπουλος`` ...), patronymics (``-вич``, ``-вна``).
arabic, hebrew, devanagari
    tokens with a given name from the list first, family names or ``bin``/``ibn``/``bint``/``ben``
    between and after, ``عبد`` compounds and ``ال`` family names.

Words that are not names (places, companies, street and storm words, month names, dates) veto
a value in every script.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import NamedTuple

__all__ = ["SCORERS", "Judgement", "Lists", "lists"]


class Judgement(NamedTuple):
    """One value's name score and whether it has the strong shape of a full name."""

    score: float
    strong_shape: bool = False
    judged: bool = True  # False: name-shaped, but no list knows any of its words
    by_ending: bool = False  # one word, no list knows it, but it ends as surnames end (-ов, -енко)


_NOTHING = Judgement(0.0)


@dataclass(frozen=True)
class Lists:
    """One script's word lists, normalised for lookup (see :func:`_fold`)."""

    given: frozenset[str]
    surnames: frozenset[str]
    compound_surnames: frozenset[str]
    given_parts: frozenset[str]  # characters (Han) or syllables (Hangul) common in given names
    surname_suffixes: tuple[str, ...]  # longest first
    patronymic_suffixes: tuple[str, ...]
    prefixes: frozenset[str]
    not_names: frozenset[str]
    not_name_suffixes: tuple[str, ...]  # the one-character not-names of the caseless scripts, longest first


def _fold(word: str) -> str:
    """Lower case without accents (Greek tonos, Cyrillic ё -> е, Arabic hamza seats and vowel marks)."""
    text = unicodedata.normalize("NFC", _ACCENTS.sub("", unicodedata.normalize("NFD", word.casefold())))
    text = text.replace("ς", "σ").replace("ё", "е")
    # Arabic: alef forms to bare alef, alef maqsura to ya, ta marbuta to ha, tatweel removed
    return text.translate(_ARABIC_FOLD)


# accents of the Greek and Cyrillic letters, Arabic vowel marks, Hebrew points (not the vowel signs
# of Devanagari, which tell names apart)
_ACCENTS = re.compile("[\u0300-\u036f\u064b-\u0652\u0670\u0591-\u05c7]")
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ـ": None})


@cache
def lists(script: str) -> Lists:
    """The packaged word lists of ``script`` (loaded once)."""
    path = resources.files("jupyter_privguard").joinpath("data").joinpath("script_names").joinpath(f"{script}.json")
    data: dict[str, list[str]] = json.loads(path.read_text(encoding="utf-8"))

    def words(key: str) -> frozenset[str]:
        return frozenset(_fold(w) for w in data.get(key, ()))

    def suffixes(key: str) -> tuple[str, ...]:
        return tuple(sorted({_fold(w) for w in data.get(key, ())}, key=len, reverse=True))

    parts = "given_chars" if "given_chars" in data else "given_syllables"
    not_names = words("not_names")
    return Lists(
        given=words("given"),
        surnames=words("surnames"),
        compound_surnames=words("compound_surnames"),
        given_parts=frozenset("".join(data.get(parts, ()))),
        surname_suffixes=suffixes("surname_suffixes"),
        patronymic_suffixes=suffixes("patronymic_suffixes"),
        prefixes=words("prefixes"),
        not_names=not_names,
        not_name_suffixes=tuple(sorted(not_names, key=len, reverse=True)),
    )


# -- the caseless East Asian scripts ---------------------------------------------------------------
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_KANA = "\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff"
_SPACES = re.compile(r"[\s\u3000・·]+")
# dates and numbers written in characters: 二〇二三年五月, 令和五年, 三丁目
_CJK_NUMBER = re.compile(r"[〇零一二三四五六七八九十百千万两]{1,}[年月日号號時时分秒丁]")
_KANJI_ONLY = re.compile(f"[{_HAN}]+")
_KANA_ONLY = re.compile(f"[{_KANA}ー]+")
_NAME_PART = re.compile(f"[{_HAN}{_KANA}ー]+")


def _vetoed(text: str, words: Lists) -> bool:
    """A not-name inside the value (two characters or more) or at its end (any length)."""
    for word in words.not_name_suffixes:
        if len(word) >= 2 and word in text:
            return True
        if text.endswith(word) and len(text) > len(word):
            return True
    return text in words.not_names


def han(value: str) -> Judgement:
    words = lists("han")
    text = _SPACES.sub("", value)
    if not _KANJI_ONLY.fullmatch(text) or _CJK_NUMBER.search(text) or _vetoed(text, words):
        return _NOTHING
    if len(text) == 1:
        return Judgement(0.7 if text in words.surnames else 0.0)
    if not 2 <= len(text) <= 4:
        return _NOTHING
    if text[:2] in words.compound_surnames and len(text) >= 3:
        given = text[2:]
    elif text[0] in words.surnames and len(text) <= 3:
        given = text[1:]
    else:
        return _NOTHING
    known = sum(ch in words.given_parts for ch in given)
    if known == len(given):
        return Judgement(1.0)
    return Judgement(0.8 if known else 0.4)


def _family_prefix(text: str, words: Lists) -> int:
    """Length of the longest listed family name that begins ``text`` and leaves a given name."""
    for size in (4, 3, 2, 1):
        if len(text) > size and text[:size] in words.surnames:
            return size
    return 0


def japanese(value: str) -> Judgement:
    words = lists("japanese")
    parts = [p for p in _SPACES.split(value) if p]
    if not 1 <= len(parts) <= 2 or not all(_NAME_PART.fullmatch(p) for p in parts):
        return _NOTHING
    joined = "".join(parts)
    if _CJK_NUMBER.search(joined) or _vetoed(parts[-1], words) and parts[-1] not in words.surnames:
        return _NOTHING
    if len(parts) == 2 and parts[0] not in words.surnames and _vetoed(parts[0], words):
        return _NOTHING
    if len(parts) == 2:
        # family name first, as Japanese writes it, or given name first, as Western forms ask for it
        first, second = parts
        return max(_japanese_pair(first, second, words), _japanese_pair(second, first, words), key=lambda j: j.score)
    text = parts[0]
    if text in words.surnames:
        return Judgement(0.7)
    if text in words.given:
        return Judgement(0.6)
    size = _family_prefix(text, words)
    if not size:
        return _NOTHING
    given = text[size:]
    if given in words.given:
        return Judgement(1.0)
    if len(given) > 4:
        return _NOTHING
    if _KANA_ONLY.fullmatch(given):
        return Judgement(0.7)
    return Judgement(0.6 if size >= 2 and len(given) >= 2 else 0.3)


def _japanese_pair(family: str, given: str, words: Lists) -> Judgement:
    if len(family) > 4 or len(given) > 5 or _KANA_ONLY.fullmatch(family) and not _KANA_ONLY.fullmatch(given):
        return _NOTHING
    known_family, known_given = family in words.surnames, given in words.given
    if known_family and known_given:
        return Judgement(1.0, True)
    if known_family or known_given:
        return Judgement(0.8, True)
    return Judgement(0.3, True, judged=False)


_HANGUL = re.compile("[\uac00-\ud7a3]+")


def hangul(value: str) -> Judgement:
    words = lists("hangul")
    parts = [p for p in _SPACES.split(value) if p]
    text = "".join(parts)
    if len(text) == 1 and _HANGUL.fullmatch(text):
        # a family name alone (김, 이, 박): the 성 field of a form
        return Judgement(0.7 if text in words.surnames else 0.0)
    if not 1 <= len(parts) <= 2 or not _HANGUL.fullmatch(text) or not 2 <= len(text) <= 4:
        return _NOTHING
    if any(len(w) >= 2 and w in text for w in words.not_names) or (
        len(text) >= 3 and any(text.endswith(w) for w in words.not_names)
    ):
        return _NOTHING
    if len(parts) == 2:
        family, given = parts
        if family not in words.surnames and family not in words.compound_surnames:
            # given name first, as Western forms ask for it ("민준 김")
            family, given = given, family
            if family not in words.surnames and family not in words.compound_surnames:
                return _NOTHING
    elif len(text) >= 4 and text[:2] in words.compound_surnames:
        family, given = text[:2], text[2:]
    elif text[0] in words.surnames:
        family, given = text[0], text[1:]
    else:
        return Judgement(0.7) if text in words.given else _NOTHING
    if len(text) == 2:
        # most often a given name alone ("민준") or a word that starts like a surname ("우유")
        if text in words.given:
            return Judgement(0.7)
        return Judgement(0.4 if given in words.given_parts else 0.0)
    if given in words.given:
        return Judgement(1.0)
    known = sum(s in words.given_parts for s in given)
    if len(given) <= 2 and known == len(given):
        return Judgement(0.8)
    return Judgement(0.3 if known else 0.0)


# -- the cased alphabets -------------------------------------------------------------------------
_CYRILLIC_TOKEN = re.compile(
    r"[А-ЯЁЄІЇҐЎЂЈЉЊЋЏ][а-яёєіїґўђјљњћџʼ'’\-]+(?:-[А-ЯЁЄІЇҐЎЂЈЉЊЋЏ][а-яёєіїґўђјљњћџʼ'’]+)*|[А-ЯЁЄІЇҐЎЂЈЉЊЋЏʼ'’\-]{2,}"
)
_CYRILLIC_INITIAL = re.compile(r"[А-ЯЁЄІЇҐЎ]\.")
_GREEK_UPPER = "Α-ΩΆΈΉΊΌΎΏΪΫ"
_GREEK_LOWER = "α-ωάέήίόύώϊϋΐΰς"
# a capitalised word, or several joined by hyphens (Αθηνόδωρος-Χαράλαμπος, a double given name)
_GREEK_TOKEN = re.compile(
    f"[{_GREEK_UPPER}][{_GREEK_LOWER}\\-]+(?:-[{_GREEK_UPPER}][{_GREEK_LOWER}]+)*|[{_GREEK_UPPER}\\-]{{2,}}"
)
_GREEK_INITIAL = re.compile(f"[{_GREEK_UPPER}]\\.")
# generic Greek endings (most nouns have them) that say little; the long ones are surname-like
_WEAK_GREEK = frozenset({"οσ", "ησ", "ασ", "ου", "η", "α"})


def _cased(value: str, script: str, token: re.Pattern[str], initial: re.Pattern[str]) -> Judgement:
    words = lists(script)
    raw = value.split()
    if not 1 <= len(raw) <= 4:
        return _NOTHING
    tokens = [t for t in raw if not initial.fullmatch(t)]
    if not tokens or not all(token.fullmatch(t) for t in tokens):
        return _NOTHING
    folded = [_fold(t) for t in tokens]
    if any(f in words.not_names for f in folded):
        return _NOTHING
    given = surname = patronymic = suffixed = weak = 0
    for word in folded:
        parts = word.split("-") if "-" in word else ()
        if word in words.given or parts and parts[0] in words.given:
            given += 1  # a double given name (Анна-Мария) counts by its first part
        elif word in words.surnames or parts and parts[-1] in words.surnames:
            surname += 1
        elif len(word) >= 6 and word.endswith(words.patronymic_suffixes):
            patronymic += 1
        elif len(word) >= 4:
            ending = next((s for s in words.surname_suffixes if word.endswith(s)), None)
            if ending is not None and ending not in _WEAK_GREEK:
                suffixed += 1
            elif ending is not None:
                weak += 1
    several = len(tokens) >= 2
    if not several:
        if given:
            return Judgement(0.8)
        if surname:
            return Judgement(0.7)
        if suffixed:
            return Judgement(0.4, by_ending=True)
        return Judgement(0.2 if weak or patronymic else 0.0)
    if given and (surname or patronymic or suffixed):
        return Judgement(1.0, True)
    if surname and (patronymic or suffixed or weak):
        return Judgement(0.9, True)
    if given or surname:
        return Judgement(0.7, True)
    if patronymic and suffixed:
        return Judgement(0.8, True)
    if suffixed or patronymic:
        return Judgement(0.4, True, judged=False)
    return Judgement(0.1, True, judged=False)


def cyrillic(value: str) -> Judgement:
    return _cased(value, "cyrillic", _CYRILLIC_TOKEN, _CYRILLIC_INITIAL)


def greek(value: str) -> Judgement:
    return _cased(value, "greek", _GREEK_TOKEN, _GREEK_INITIAL)


# -- the right-to-left scripts and Devanagari -------------------------------------------------------
_ARABIC_TOKEN = re.compile("[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff\u064b-\u0652\u0670]+")
_HEBREW_TOKEN = re.compile("[\u05d0-\u05ea\u05b0-\u05c7][\u05d0-\u05ea\u05b0-\u05c7\"'\u05f3\u05f4\\-]*")
_DEVANAGARI_TOKEN = re.compile("[\u0900-\u097f\u200c\u200d]+")


def _given_first(
    value: str, script: str, token: re.Pattern[str], join: Callable[[list[str]], list[str]] | None = None
) -> Judgement:
    words = lists(script)
    raw = value.split()
    if not 1 <= len(raw) <= 6 or not all(token.fullmatch(t) for t in raw):
        return _NOTHING
    folded = [_fold(t) for t in raw]
    if any(f in words.not_names for f in folded):
        return _NOTHING
    if join is not None:
        folded = join(folded)
    names = [f for f in folded if f not in words.prefixes]
    if not names or len(names) > 4:
        return _NOTHING
    linked = len(names) < len(folded)  # bin / ibn / bint / ben / bat between the names
    first_given = names[0] in words.given
    rest = names[1:]
    family = sum(1 for f in rest if f in words.surnames or (script == "arabic" and _arabic_family(f)))
    other_given = sum(1 for f in rest if f in words.given)
    if len(names) == 1:
        if first_given:
            return Judgement(0.7)
        return Judgement(0.6 if names[0] in words.surnames and not linked else 0.0)
    if first_given and (family or other_given or linked):
        return Judgement(1.0, True)
    if first_given:
        return Judgement(0.7, True)
    if family or other_given:
        return Judgement(0.6 if names[-1] in words.surnames or other_given else 0.4, True)
    return Judgement(0.1, True, judged=False)


def _arabic_family(word: str) -> bool:
    """``al-`` family names (الهاشمي): the article and at least three letters."""
    return word.startswith("ال") and len(word) >= 5


def _arabic_join(words: list[str]) -> list[str]:
    """``عبد الله`` -> ``عبدالله``: the servant-of compounds are one given name."""
    out: list[str] = []
    for word in words:
        if out and out[-1] == "عبد":
            out[-1] = "عبد" + word
        else:
            out.append(word)
    return out


def arabic(value: str) -> Judgement:
    judgement = _given_first(value, "arabic", _ARABIC_TOKEN, _arabic_join)
    if judgement.score == 0.0 and value.split() and _fold(value.split()[0]).startswith("عبد"):
        # an عبد compound not on the list is still a given name
        return _given_first(value, "arabic", _ARABIC_TOKEN, lambda ws: ["محمد", *_arabic_join(ws)[1:]])
    return judgement


def hebrew(value: str) -> Judgement:
    return _given_first(value, "hebrew", _HEBREW_TOKEN)


def devanagari(value: str) -> Judgement:
    words = lists("devanagari")
    judgement = _given_first(value, "devanagari", _DEVANAGARI_TOKEN)
    tokens = value.split()
    if judgement.score < 0.7 and len(tokens) >= 2 and _fold(tokens[-1]) in words.surnames:
        return Judgement(0.7, True)  # an unlisted given name before a common surname (शर्मा, सिंह)
    return judgement


SCORERS: dict[str, Callable[[str], Judgement]] = {
    "han": han,
    "japanese": japanese,
    "hangul": hangul,
    "cyrillic": cyrillic,
    "greek": greek,
    "arabic": arabic,
    "hebrew": hebrew,
    "devanagari": devanagari,
}
