"""Street addresses in other scripts and languages: Japanese and Chinese, Korean, Cyrillic, Turkish,
Nordic, Polish, Czech, Greek, Arabic, Hebrew and Hindi forms.

Each form needs the marker its language writes an address with (丁目 or 番地 and an administrative
unit, 路 and 号, 로 or 길 after a district, ул. or д., Mah. or Cad. and No:, vej, gata, ul., náměstí,
οδός, شارع, רחוב, मार्ग, with a house number), so product names, company names and city names
alone do not match. The words come from ``data/address_words.json``; the patterns are built from
them once, when the recognisers are first built.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from typing import Any

from ...recognizer import PatternRecognizer
from .street_addresses import _LETTER, _NAME_WORD, _UPPER

_FILE = os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))),
    "data",
    "address_words.json",
)

# letters and digits of each script (RE2 and Python's engine read these ranges alike)
_CJK = "一-鿿ぁ-ゟ゠-ヿ々〇"
_DIGITS_WIDE = "0-9０-９"
_HANGUL = "가-힣"
_CYRILLIC = "Ѐ-ӿ"
_GREEK = "Ͱ-Ͽ"
_ARABIC = "؀-ۿ"  # with the Arabic-Indic digits
_HEBREW = "֐-׿"
_DEVANAGARI = "ऀ-ॿ"  # with the Devanagari digits
_TURKISH = "A-Za-zÇĞİÖŞÜçğıöşüÂÎÛâîû"

_CONTEXT = ("address", "adresse", "adres", "street", "住所", "地址", "주소", "адрес", "адреса", "عنوان", "כתובת", "पता")


@lru_cache(maxsize=1)
def _words() -> dict[str, Any]:
    with open(_FILE, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def _alt(words: list[str], *, dot: bool = False) -> str:
    """An alternation of ``words``, longest first (a word may be followed by a dot when ``dot``)."""
    body = "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
    return f"(?:{body})" + ("[.]?" if dot else "")


def _cjk() -> str:
    ja, zh = _words()["ja"], _words()["zh"]
    unit = f"[{_CJK}{_DIGITS_WIDE} 　\\-－ー]"
    # before the first unit and after the last number no hiragana: Japanese particles (は, を, です)
    # are written in it, so in text the span stops at the sentence around the address
    edge = f"[一-鿿゠-ヿ々〇ヶ{_DIGITS_WIDE}\\-－]"
    postal = f"(?:{_alt(ja['postal_mark'])} ?[0-9]{{3}}-?[0-9]{{4}}[ 　]?)?"
    number = f"[{_DIGITS_WIDE}]+ ?{_alt(ja['number'])}|[{_DIGITS_WIDE}]+[-－ー][{_DIGITS_WIDE}]+"
    japanese = f"{postal}{edge}*?{_alt(ja['admin'])}{unit}*?(?:{number}){edge}*"
    chinese = f"{edge}*?{_alt(zh['admin'])}{unit}*?{_alt(zh['street'])} ?[{_DIGITS_WIDE}]+ ?{_alt(zh['number'])}{edge}*"
    return f"{japanese}|{chinese}"


def _korean() -> str:
    ko = _words()["ko"]
    h, h0 = f"[{_HANGUL}]", f"[{_HANGUL}0-9]"
    number = "[0-9]+(?:-[0-9]+)?"
    street = f"{h0}+{_alt(ko['street'])} ?{number}"
    lot = f"{h0}+{_alt(ko['locality'])} ?{number}(?: ?{_alt(ko['lot'])})?"
    return (
        f"(?:{h}+{_alt(ko['region'])} )?(?:{h}+{_alt(ko['district'])} )+(?:{h0}+{_alt(ko['locality'])} )?"
        f"(?:{street}|{lot})(?:[ ,][{_HANGUL}0-9 ,()-]*)?"
    )


def _cyrillic() -> str:
    cy = _words()["cyrillic"]
    word = f"[{_CYRILLIC}0-9][{_CYRILLIC}0-9-]*"
    city = f"(?:(?i:{_alt(cy['city'])})[.] ?{word}(?: {word})?, ?)?"
    street = f"(?i:{_alt(cy['street'])})[.]? ?{word}(?: {word}){{0,3}}"
    house = f",? (?:(?i:{_alt(cy['house'])})[.]? ?)?[0-9]{{1,4}}[{_CYRILLIC}]?(?:/[0-9]{{1,4}})?"
    unit = f"(?:,? (?i:{_alt(cy['unit'])})[.]? ?[0-9]{{1,4}})*"
    return f"{city}{street}{house}{unit}(?:, [{_CYRILLIC}0-9 .,-]{{1,60}})?"


def _turkish() -> str:
    tr = _words()["tr"]
    word = f"(?:[{_TURKISH}][{_TURKISH}0-9'-]*|[0-9]+)"
    marker = f"(?:{_alt(tr['quarter'])}|{_alt(tr['street'])})[.]?"
    number = f"{_alt(tr['number'])} ?[:.]? ?[0-9]{{1,5}}[A-Za-z]?(?:/[0-9A-Za-z]{{1,4}})?"
    tail = f"(?:[ ,/][{_TURKISH}0-9:./ -]{{0,60}})?"
    with_number = f"(?:{word} ){{1,6}}{marker}(?: {word}[.]?){{0,6}},? {number}{tail}"
    quarter_street = f"(?:{word} ){{1,4}}{_alt(tr['quarter'])}[.]?,? (?:{word} ){{1,4}}{_alt(tr['street'])}[.]?{tail}"
    return f"{with_number}|{quarter_street}"


def _european() -> str:
    words = _words()
    # the street type on its own (Karl Johans gate 22) or at the end of the name (Drottninggatan 71A)
    nordic = (
        f"(?:{_NAME_WORD} ){{0,3}}(?:[{_UPPER}][{_LETTER}-]*)?{_alt(words['nordic']['street'])} [0-9]{{1,4}}[A-Za-z]?"
    )
    pl = words["pl"]
    polish = (
        f"(?i:{_alt(pl['street'])})[.]? {_NAME_WORD}(?: {_NAME_WORD}){{0,3}},? [0-9]{{1,4}}[A-Za-z]?"
        f"(?:/[0-9]{{1,4}}[A-Za-z]?)?(?: (?:{_alt(pl['unit'])})[.] ?[0-9]{{1,4}})?"
    )
    cs = words["cs"]
    czech = (
        f"(?:(?i:{_alt(cs['street_first'])}) {_NAME_WORD}(?: {_NAME_WORD}){{0,2}}"
        f"|{_NAME_WORD}(?: {_NAME_WORD})? {_alt(cs['street_after'], dot=True)}) [0-9]{{1,4}}(?:/[0-9]{{1,4}})?"
        f"|(?i:{_alt(cs['house'])})[.]? ?[0-9]{{1,5}}"
    )
    greek_word = f"[{_GREEK}][{_GREEK}-]*"
    greek = f"(?i:{_alt(words['el']['street'])})[.]? {greek_word}(?: {greek_word}){{0,3}},? [0-9]{{1,4}}[{_GREEK}]?"
    tail = "(?:,? [A-Za-zÀ-ÖØ-öø-ɏͰ-Ͽ0-9 .,'/-]{1,60})?"
    return f"(?:{nordic}|{polish}|{czech}|{greek}){tail}"


def _right_to_left() -> str:
    arabic_word = f"[{_ARABIC}]+"
    arabic = (
        f"(?:[0-9٠-٩]{{1,5}}[،,]? )?{_alt(_words()['ar']['street'], dot=True)} {arabic_word}(?: {arabic_word}){{0,4}}"
        f"(?:[،,]? ?[0-9٠-٩]{{1,5}})?(?:[،,] ?[{_ARABIC} ]{{1,40}})?"
    )
    hebrew_word = f"[{_HEBREW}][{_HEBREW}'\"-]*"
    hebrew = (
        f"{_alt(_words()['he']['street'])} {hebrew_word}(?: {hebrew_word}){{0,3}},? [0-9]{{1,4}}"
        f"(?:,? [{_HEBREW} -]{{1,40}})?"
    )
    return f"{arabic}|{hebrew}"


def _devanagari() -> str:
    hi = _words()["hi"]
    word = f"[{_DEVANAGARI}]+"
    street = _alt(hi["street"])
    number = "[0-9०-९]{1,5}"
    tail = f"(?:,? [{_DEVANAGARI}0-9 ,/-]{{1,60}})?"
    number_first = f"{number}(?:/{number})?,? (?:{word} ){{0,4}}[{_DEVANAGARI}]*{street}{tail}"
    number_after = f"(?:{word} ){{0,4}}[{_DEVANAGARI}]*{street} (?:{_alt(hi['number'])}[.]? ?)?{number}{tail}"
    return f"{number_first}|{number_after}"


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    common: dict[str, Any] = {"context": _CONTEXT, "letters": "always", "search_group": ""}
    return [
        R(
            "street_cjk",
            "STREET_ADDRESS",
            _cjk(),
            0.65,
            # no word boundary: Chinese and Japanese write no space between words
            left="(?<![0-9０-９])",
            right="(?![0-9０-９])",
            prefilter=f"[{_DIGITS_WIDE}] ?(?:丁目|番地|番|号|號)|[{_DIGITS_WIDE}][-－ー][{_DIGITS_WIDE}]",
            description="a Japanese or Chinese address: 東京都渋谷区渋谷2丁目21番1号, 北京市朝阳区建国路88号",
            **common,
        ),
        R(
            "street_korean",
            "STREET_ADDRESS",
            _korean(),
            0.65,
            prefilter="[로길] ?[0-9]|[동리가] ?[0-9]",
            description="a Korean address: 서울특별시 강남구 테헤란로 152, 성남시 분당구 정자동 178-1번지",
            **common,
        ),
        R(
            "street_cyrillic",
            "STREET_ADDRESS",
            _cyrillic(),
            0.65,
            prefilter=f"(?i:{_alt(_words()['cyrillic']['street'])})[.]? ?[{_CYRILLIC}0-9]",
            description="a Russian, Ukrainian or Bulgarian address: ул. Ленина, д. 5, кв. 12; вул. Хрещатик, 22",
            **common,
        ),
        R(
            "street_turkish",
            "STREET_ADDRESS",
            _turkish(),
            0.65,
            prefilter=f"{_alt(_words()['tr']['quarter'])}|{_alt(_words()['tr']['street'])}",
            description="a Turkish address: Atatürk Mah. Cumhuriyet Cad. No:12",
            **common,
        ),
        R(
            "street_european",
            "STREET_ADDRESS",
            _european(),
            0.6,
            description="a Nordic, Polish, Czech or Greek address: Karl Johans gate 22, ul. Długa 5/7, οδός Ερμού 15",
            **common,
        ),
        R(
            "street_rtl",
            "STREET_ADDRESS",
            _right_to_left(),
            0.6,
            prefilter=f"{_alt(_words()['ar']['street'])} |{_alt(_words()['he']['street'])} ",
            description="an Arabic or Hebrew address: شارع التحرير 25, רחוב הרצל 12",
            **common,
        ),
        R(
            "street_devanagari",
            "STREET_ADDRESS",
            _devanagari(),
            0.6,
            prefilter=_alt(_words()["hi"]["street"]),
            description="a Hindi address: 12, महात्मा गांधी मार्ग; 45 शास्त्री नगर",
            **common,
        ),
    ]
