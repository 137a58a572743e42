"""Street addresses in other scripts and languages (generic/local_streets.py): cells taken and refused, spans in text."""

from __future__ import annotations

import pytest
from recognizer_checks import spans_of, takes

from jupyter_privguard.detect.recognizers.generic import local_streets


def test_the_module_offers_its_recognisers_in_order() -> None:
    assert [r.name for r in local_streets.recognizers()] == [
        "street_cjk",
        "street_korean",
        "street_cyrillic",
        "street_turkish",
        "street_european",
        "street_rtl",
        "street_devanagari",
    ]


# (cell, recogniser, whether that recogniser takes it as a whole column cell)
CELLS = [
    ("〒150-0002 東京都渋谷区渋谷2丁目21番1号", "street_cjk", True),
    ("大阪府大阪市北区梅田3丁目1番3号", "street_cjk", True),
    ("愛知県名古屋市中区栄3-5-12", "street_cjk", True),
    ("北京市朝阳区建国路88号", "street_cjk", True),
    ("广东省广州市天河区体育西路191号", "street_cjk", True),
    ("東京都", "street_cjk", False),
    ("株式会社ソニー", "street_cjk", False),
    ("12号室", "street_cjk", False),
    ("2024年3月15日", "street_cjk", False),
    ("서울특별시 강남구 테헤란로 152", "street_korean", True),
    ("경기도 성남시 분당구 정자동 178-1번지", "street_korean", True),
    ("부산광역시 해운대구 센텀중앙로 79, 3층", "street_korean", True),
    ("맥북 프로 14", "street_korean", False),
    ("서울특별시", "street_korean", False),
    ("ул. Ленина, д. 5, кв. 12", "street_cyrillic", True),
    ("г. Москва, ул. Тверская, д. 7", "street_cyrillic", True),
    ("пр-т Мира, д. 101, кв. 3", "street_cyrillic", True),
    ("улица Пушкина, дом 10", "street_cyrillic", True),
    ("вул. Хрещатик, 22", "street_cyrillic", True),
    ("ООО Ромашка", "street_cyrillic", False),
    ("Лада Веста 2022", "street_cyrillic", False),
    ("Atatürk Mah. Cumhuriyet Cad. No:12", "street_turkish", True),
    ("Bağdat Caddesi No: 45 Kadıköy", "street_turkish", True),
    ("Gül Sok. No:3 D:5", "street_turkish", True),
    ("Koç Holding A.Ş.", "street_turkish", False),
    ("Karl Johans gate 22", "street_european", True),
    ("Drottninggatan 71A", "street_european", True),
    ("Østergade 12", "street_european", True),
    ("ul. Marszałkowska 10/12", "street_european", True),
    ("al. Jerozolimskie 65/79", "street_european", True),
    ("Václavské náměstí 1", "street_european", True),
    ("č.p. 123", "street_european", True),
    ("οδός Ερμού 15", "street_european", True),
    ("Λεωφ. Κηφισίας 100", "street_european", True),
    ("Windows 11", "street_european", False),
    ("PlayStation 5", "street_european", False),
    ("شارع التحرير 25", "street_rtl", True),
    ("25 شارع الملك فهد", "street_rtl", True),
    ("شارع الحمراء، بيروت", "street_rtl", True),
    ("رحوب", "street_rtl", False),
    ("רחוב הרצל 12", "street_rtl", True),
    ("רח' דיזנגוף 50, תל אביב", "street_rtl", True),
    ("תל אביב", "street_rtl", False),
    ("12, महात्मा गांधी मार्ग", "street_devanagari", True),
    ("45 शास्त्री नगर", "street_devanagari", True),
    ("गली नंबर 4, करोल बाग", "street_devanagari", True),
    ("नई दिल्ली", "street_devanagari", False),
    ("अहमदनगर", "street_devanagari", False),
]


@pytest.mark.parametrize(("value", "name", "expected"), CELLS)
def test_cells(value: str, name: str, expected: bool) -> None:
    assert takes(name, value) is expected


# (text, the (entity, covered text) of every span the built-in recognisers find in it)
TEXTS: list[tuple[str, list[tuple[str, str]]]] = [
    ("お届け先は大阪府大阪市北区梅田3丁目1番3号です", [("STREET_ADDRESS", "大阪府大阪市北区梅田3丁目1番3号")]),
    ("Доставка: ул. Ленина, д. 5, кв. 12", [("STREET_ADDRESS", "ул. Ленина, д. 5, кв. 12")]),
    ("東京都の天気は晴れ", []),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_spans(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans_of(text) == expected
