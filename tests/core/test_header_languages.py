"""Header languages beyond the first seven: headers as users write them, per language, and the files' shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import jupyter_privguard
from jupyter_privguard.detect.header_vocab import split_header
from jupyter_privguard.detect.headers import match_header
from jupyter_privguard.entities import ENTITIES

DATA = Path(jupyter_privguard.__file__).parent / "data" / "headers"
LANGUAGES = sorted(p.stem for p in DATA.glob("*.json") if not p.stem.startswith("_"))

# (language, header as a user writes it, entity); not copied from the files: case, prefixes, joins
POSITIVES = [
    ("ru", "Дата_Рождения", "DATE_OF_BIRTH"),
    ("ru", "ФИО клиента", "PERSON"),
    ("ru", "НомерТелефона", "PHONE_NUMBER"),
    ("ru", "СНИЛС", "NATIONAL_ID"),
    ("pl", "Numer Telefonu", "PHONE_NUMBER"),
    ("pl", "klient_pesel", "NATIONAL_ID"),
    ("pl", "DataUrodzenia", "DATE_OF_BIRTH"),
    ("pl", "Nazwisko", "PERSON"),
    ("ja", "生年月日", "DATE_OF_BIRTH"),
    ("ja", "会員_電話番号", "PHONE_NUMBER"),
    ("ja", "郵便番号", "POSTAL_CODE"),
    ("zh", "身份证号码", "NATIONAL_ID"),
    ("zh", "客户 手机号", "PHONE_NUMBER"),
    ("ko", "고객 전화번호", "PHONE_NUMBER"),
    ("ko", "주민등록번호", "NATIONAL_ID"),
    ("ko", "생년월일", "DATE_OF_BIRTH"),
    ("tr", "Doğum Tarihi", "DATE_OF_BIRTH"),
    ("tr", "TC_Kimlik_No", "NATIONAL_ID"),
    ("tr", "musteri_telefon_numarasi", "PHONE_NUMBER"),
    ("sv", "Personnummer", "NATIONAL_ID"),
    ("sv", "kund_efternamn", "PERSON"),
    ("sv", "Födelsedatum", "DATE_OF_BIRTH"),
    ("uk", "Дата народження", "DATE_OF_BIRTH"),
    ("uk", "ПІБ", "PERSON"),
    ("cs", "Rodné číslo", "NATIONAL_ID"),
    ("cs", "DatumNarozeni", "DATE_OF_BIRTH"),
    ("da", "CPR-nr.", "NATIONAL_ID"),
    ("da", "Fødselsdato", "DATE_OF_BIRTH"),
    ("nb", "Fødselsnummer", "NATIONAL_ID"),
    ("nb", "Etternavn", "PERSON"),
    ("fi", "Henkilötunnus", "NATIONAL_ID"),
    ("fi", "asiakas_puhelinnumero", "PHONE_NUMBER"),
    ("hu", "Születési_dátum", "DATE_OF_BIRTH"),
    ("ro", "CNP", "NATIONAL_ID"),
    ("el", "Ημερομηνία Γέννησης", "DATE_OF_BIRTH"),
    ("el", "ΑΜΚΑ", "NATIONAL_ID"),
    ("he", "תעודת זהות", "NATIONAL_ID"),
    ("ar", "رقم الهاتف", "PHONE_NUMBER"),
    ("ar", "تاريخ الميلاد", "DATE_OF_BIRTH"),
    ("hi", "जन्म तिथि", "DATE_OF_BIRTH"),
    ("hi", "आधार संख्या", "NATIONAL_ID"),
    # CJK and Hangul compounds without spaces
    ("ja", "顧客氏名", "PERSON"),
    ("ja", "会員生年月日", "DATE_OF_BIRTH"),
    ("zh", "会员出生日期", "DATE_OF_BIRTH"),
    ("ko", "고객전화번호", "PHONE_NUMBER"),
    # issue 13, values round: user names, cards, health and places in the languages that had none
    ("pl", "Nazwa użytkownika", "USERNAME"),
    ("sv", "Användarnamn", "USERNAME"),
    ("tr", "kullanıcı adı", "USERNAME"),
    ("ja", "ユーザー名", "USERNAME"),
    ("zh", "用户名", "USERNAME"),
    ("fi", "käyttäjätunnus", "USERNAME"),
    ("cs", "číslo karty", "CREDIT_CARD"),
    ("ko", "카드번호", "CREDIT_CARD"),
    ("ru", "номер карты", "CREDIT_CARD"),
    ("pl", "grupa krwi", "HEALTH"),
    ("hu", "vércsoport", "HEALTH"),
    ("ru", "Город", "LOCATION"),
    ("el", "Πόλη", "LOCATION"),
    ("sv", "Postort", "LOCATION"),
    ("uk", "місто", "LOCATION"),
    ("hu", "lakcím", "STREET_ADDRESS"),
    ("ro", "strada", "STREET_ADDRESS"),
    ("nb", "e-post", "EMAIL_ADDRESS"),
]

# look-alike headers that are not personal
NEGATIVES = [
    ("ru", "номер_заказа"),
    ("ru", "цена"),
    ("pl", "numer_zamowienia"),
    ("pl", "cena_produktu"),
    ("ja", "注文番号"),
    ("ja", "商品名"),
    ("zh", "订单号"),
    ("zh", "价格"),
    ("zh", "城市人口"),
    ("ja", "商品登録日"),
    ("ko", "주문번호"),
    ("ko", "가격"),
    ("tr", "siparis_no"),
    ("tr", "fiyat"),
    ("sv", "ordernummer"),
    ("sv", "pris"),
    ("uk", "ціна"),
    ("cs", "cislo_objednavky"),
    ("da", "ordrenummer"),
    ("fi", "tilausnumero"),
    ("da", "oprettet_af"),
    ("tr", "kart_tipi"),
    ("ru", "номер_заказа_карты"),
    ("zh", "城市数量"),
]


# terms that name two entities on purpose (a card's security code is both card data and a secret)
DELIBERATE = {frozenset({"CREDIT_CARD", "CREDENTIAL"})}


@pytest.mark.parametrize(("language", "header", "entity"), POSITIVES)
def test_a_header_of_the_language_names_its_entity(language: str, header: str, entity: str) -> None:
    hits = match_header(header)
    assert hits, header
    assert hits[0].entity == entity and hits[0].score >= 0.5, (header, hits[0])
    assert hits[0].language in (language, "any", "en"), (header, hits[0])


@pytest.mark.parametrize(("language", "header"), NEGATIVES)
def test_a_look_alike_header_is_not_personal(language: str, header: str) -> None:
    assert [h for h in match_header(header) if h.score >= 0.5] == [], header


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_file_parses_and_names_known_entities(language: str) -> None:
    data = json.loads((DATA / f"{language}.json").read_text(encoding="utf-8"))
    assert data["language"] == language and data["source"].strip()
    assert set(data["terms"]) <= set(ENTITIES), sorted(set(data["terms"]) - set(ENTITIES))
    seen: dict[str, str] = {}
    for entity, groups in data["terms"].items():
        for group in groups:
            for term in group["terms"]:
                key = "".join(split_header(term.replace("_", " ")))
                first = seen.setdefault(key, entity)
                assert first == entity or {first, entity} in DELIBERATE, (language, term, first, entity)


def test_non_latin_headers_keep_their_letters() -> None:
    assert split_header("Дата_рождения") == ["дата", "рождения"]
    assert split_header("고객 전화번호") == ["고객", "전화번호"]
    assert split_header("رقم الهاتف") == ["رقم", "الهاتف"]
    # Devanagari keeps its vowel signs and virama; kana keep their voicing marks
    assert split_header("जन्म तिथि") == ["जन्म", "तिथि"]
    assert split_header("データ") == ["データ"]
    # NFD and NFC spellings of one header are one header
    assert split_header("Dog\u0306um") == split_header("Doğum") == ["dogum"]


@pytest.mark.parametrize("header", ["ﾃﾞｰﾀ", "顧客", "שם_מוצר", "\u200f", "🙂", "ｅｍａｉｌ"])
def test_an_unknown_script_or_word_never_raises(header: str) -> None:
    assert isinstance(match_header(header), list)
