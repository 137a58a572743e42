"""Street-address columns in other scripts and languages (issue 13): found by their values under an
English, a local or an unhelpful header; product names, city names and company names are not
addresses."""

from __future__ import annotations

import pandas as pd
import pytest

import jupyter_privguard as pg
from jupyter_privguard.detect.headers import match_headers
from jupyter_privguard.scanner import Scanner

NO_NER = pg.Policy(ner="off")

ADDRESSES = {
    "ja": [
        "〒150-0002 東京都渋谷区渋谷2丁目21番1号",
        "大阪府大阪市北区梅田3丁目1番3号",
        "〒460-0008 愛知県名古屋市中区栄3-5-12",
        "北海道札幌市中央区北1条西2丁目",
        "福岡県福岡市博多区博多駅前2丁目1番1号",
        "神奈川県横浜市西区みなとみらい2-3-1",
    ],
    "zh": [
        "北京市朝阳区建国路88号",
        "上海市浦东新区世纪大道100号",
        "广东省广州市天河区体育西路191号",
        "浙江省杭州市西湖区文三路259号",
        "四川省成都市武侯区人民南路四段12号",
        "江苏省南京市鼓楼区中山北路30号",
    ],
    "ko": [
        "서울특별시 강남구 테헤란로 152",
        "부산광역시 해운대구 센텀중앙로 79",
        "서울시 종로구 세종대로 209",
        "경기도 성남시 분당구 정자동 178-1번지",
        "대구광역시 중구 동성로 12",
        "인천광역시 연수구 송도과학로 32",
    ],
    "ru": [
        "ул. Ленина, д. 5, кв. 12",
        "г. Москва, ул. Тверская, д. 7",
        "пр-т Мира, д. 101, кв. 3",
        "улица Пушкина, дом 10",
        "ул. Садовая, д. 18, корп. 2",
        "наб. Фонтанки, д. 34",
    ],
    "uk": ["вул. Хрещатик, 22", "вул. Шевченка, буд. 5", "просп. Перемоги, 37", "вул. Франка, 14, кв. 8"],
    "tr": [
        "Atatürk Mah. Cumhuriyet Cad. No:12",
        "Bağdat Caddesi No: 45 Kadıköy",
        "Gül Sok. No:3 D:5",
        "Yeni Mahallesi 1203 Sokak No:7",
        "İstiklal Cad. No:120 Beyoğlu",
        "Çamlık Mah. Lale Sok. No:9",
    ],
    "nordic": ["Østergade 12", "Storgatan 5", "Karl Johans gate 22", "Drottninggatan 71A", "Kungsvägen 3"],
    "pl": [
        "ul. Marszałkowska 10/12",
        "al. Jerozolimskie 65/79",
        "ul. Długa 5",
        "ul. Piękna 3 m. 4",
        "os. Tysiąclecia 12",
    ],
    "cs": ["Václavské náměstí 1", "ulice Dlouhá 12", "Masarykova třída 15", "č.p. 123", "Palackého náměstí 4"],
    "el": ["οδός Ερμού 15", "Λεωφ. Κηφισίας 100", "Οδός Πανεπιστημίου 30", "Λεωφόρος Αλεξάνδρας 5"],
    "ar": ["شارع التحرير 25", "25 شارع الملك فهد", "شارع الحمراء، بيروت", "شارع النيل 12"],
    "he": ["רחוב הרצל 12", "רח' דיזנגוף 50", "שדרות רוטשילד 22", "רחוב יפו 97"],
    "hi": ["12, महात्मा गांधी मार्ग", "45 शास्त्री नगर", "गली नंबर 4, करोल बाग", "221 राजपथ मार्ग"],
}

# headers the header tier reads as a street address in every checkout, and local ones it may not know yet
ADDRESS_HEADERS = ["address", "adresse", "dirección"]
LOCAL_HEADERS = {"ja": "住所", "zh": "地址", "ko": "주소", "ru": "адрес", "uk": "адреса", "tr": "adres", "pl": "ulica"}
UNHELPFUL = ["col_3", "f7", "value"]


def _finding(values: list[str], header: str) -> pg.ColumnFinding:
    frame = pd.DataFrame({header: values * (60 // len(values))})
    return Scanner().scan(frame, policy=NO_NER).columns[header]


@pytest.mark.parametrize("language", sorted(ADDRESSES))
@pytest.mark.parametrize("header", ADDRESS_HEADERS + UNHELPFUL)
def test_addresses_are_street_addresses(language: str, header: str) -> None:
    finding = _finding(ADDRESSES[language], header)
    assert finding.entity == "STREET_ADDRESS", (language, header, finding.candidates)


@pytest.mark.parametrize("language", sorted(LOCAL_HEADERS))
def test_addresses_under_their_local_header(language: str) -> None:
    header = LOCAL_HEADERS[language]
    if not any(h.entity == "STREET_ADDRESS" for h in match_headers([header]).get(header, [])):
        pytest.skip(f"the header tier does not read {header!r} as an address here")
    assert _finding(ADDRESSES[language], header).entity == "STREET_ADDRESS"


def test_a_column_of_addresses_in_several_languages_is_one_address_column() -> None:
    mixed = [ADDRESSES[lang][i] for lang in ("ja", "ko", "ru", "tr", "ar", "he") for i in range(4)]
    mixed += ["10 Downing Street", "221 Baker Street", "12 rue de la Paix", "Hauptstraße 5"]
    finding = _finding(mixed, "col_3")
    assert finding.entity == "STREET_ADDRESS", finding.candidates
    assert finding.coverage >= 0.9


NOT_ADDRESSES = {
    "products": ["iPhone 15 Pro", "Galaxy S23 Ultra", "Windows 11", "PlayStation 5", "ThinkPad X1 Carbon 9"],
    "products_ja": [
        "ソニー WH-1000XM5",
        "任天堂スイッチ 有機EL",
        "トヨタ プリウス 2023年モデル",
        "無印良品 収納ケース 3段",
    ],
    "products_ko": ["갤럭시 S23 울트라", "맥북 프로 14", "LG 그램 17", "아이폰 15 프로"],
    "products_ru": ["Лада Веста 2022", "Samsung Galaxy A54", "Молоко 3,2%", "Хлеб Бородинский 400 г"],
    "cities_ja": ["東京都", "大阪市", "札幌市", "名古屋市", "横浜市", "京都府"],
    "cities_zh": ["北京市", "上海市", "广州市", "深圳市", "杭州市"],
    "cities_ko": ["서울특별시", "부산광역시", "인천광역시", "대구광역시", "수원시"],
    "cities_ru": ["Москва", "Санкт-Петербург", "Новосибирск", "Екатеринбург", "Казань"],
    "cities_tr": ["İstanbul", "Ankara", "İzmir", "Bursa", "Antalya"],
    "companies_ja": ["株式会社ソニー", "トヨタ自動車株式会社", "三菱商事", "日本電信電話株式会社"],
    "companies_zh": ["阿里巴巴集团", "腾讯控股有限公司", "华为技术有限公司", "中国银行"],
    "companies_ru": ["ООО Ромашка", "ПАО Сбербанк", "АО Газпром", "ИП Иванов"],
    "companies_tr": ["Koç Holding A.Ş.", "Türk Hava Yolları", "Arçelik A.Ş.", "Turkcell"],
    "rooms_ja": ["3丁目", "5番", "12号室", "2号機"],
    "places_ko": ["1호선 강남역", "2번 출구", "3층 회의실", "서울시 공무원 300명"],
}


@pytest.mark.parametrize("label", sorted(NOT_ADDRESSES))
@pytest.mark.parametrize("header", ["col_3", "product", "company", "city", "name"])
def test_products_cities_and_companies_are_not_addresses(label: str, header: str) -> None:
    finding = _finding(NOT_ADDRESSES[label], header)
    assert finding.entity != "STREET_ADDRESS", (label, header, finding.candidates)
