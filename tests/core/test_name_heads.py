"""Issue 13: the bare word for "name" is a head noun in every language, and short CJK names are names.

* ``namn`` / ``navn`` / ``nimi`` / ``이름`` / ``όνομα`` / ``नाम`` / ``nom`` name a person or a thing, as
  English ``name`` does: a storm's, a file's or a company's name is no person, a patient's or a
  customer's name is one.
* One or two Han, kana or Hangul characters are a whole given name or surname (``淳``, ``王``, ``김``),
  not a one-letter code: a name header over them keeps its weight.
* A column of lone Korean family names, and of lone names the lists mostly back, is a column of names.

Every value here is written by hand for these tests (not by Faker or mimesis, which the benchmark uses).
"""

from __future__ import annotations

import pandas as pd
import pytest

import jupyter_privguard as pg
from jupyter_privguard.detect.headers import match_header
from jupyter_privguard.detect.scripts import script_person_evidence
from jupyter_privguard.policy import Policy


def _person(header: str) -> float:
    return max((h.score for h in match_header(header) if h.entity == "PERSON"), default=0.0)


# the name of a thing: a file, a company, a storm, a school subject, a product (none is the benchmark's header)
THINGS = [
    "Tiedoston nimi",  # fi: the file's name
    "Hurrikaanin nimi",  # fi: the hurricane's name
    "Orkanens namn",  # sv: the hurricane's name
    "Firmanavn",  # da: company name (a compound)
    "Företagets namn",  # sv: the company's name
    "회사 이름",  # ko: company name
    "Όνομα αρχείου",  # el: name of the file
    "फ़ाइल का नाम",  # hi: the file's name
    "Nom du fichier",  # fr: name of the file
    "Nom de la société",  # fr: name of the company
]
# the name of a person: alone, or with a word for a person before or after it
PEOPLE = [
    "Navn",
    "Namn",
    "Nimi",
    "Όνομα",
    "नाम",
    "Nom",
    "이름",
    "Pasientens navn",  # nb: the patient's name
    "Elevens namn",  # sv: the pupil's name
    "Potilaan nimi",  # fi: the patient's name
    "Όνομα ασθενή",  # el: the patient's name
    "मरीज़ का नाम",  # hi: the patient's name
    "환자 이름",  # ko: patient name
    "Nom du patient",
    "पहला नाम",  # hi: first name
    "성",  # ko: the family-name field of a form
]


@pytest.mark.parametrize("header", THINGS)
def test_name_of_a_thing_is_no_person(header):
    assert _person(header) < 0.5, header


@pytest.mark.parametrize("header", PEOPLE)
def test_name_of_a_person_is_one(header):
    assert _person(header) >= 0.6, header


def test_unknown_word_before_name_weakens_it_below_a_plain_name():
    # a name of something the vocabulary does not know sits between the two
    assert 0.0 < _person("Myrskyn nimi") < _person("Nimi")
    assert _person("Όνομα καταιγίδας") < 0.5


def test_storms_and_products_under_a_name_header_are_not_people():
    storms = ["Ophelia 2017", "Dennis 2020", "Ulla 1990", "Vivian 1990", "Anatol 1999", "Emma 2008", "Ruth 2016"]
    products = [
        "Kaffefilter 100 st",
        "Tandborste mjuk",
        "Vattenkokare",
        "Skrivbordslampa",
        "Handduk 50x70",
        "Ljus 10 st",
    ]
    df = pd.DataFrame({"Orkanens namn": storms, "Varans namn": products[:6] + ["Tvål"]})
    report = pg.scan(df, policy=Policy(ner="off"))
    for col in df.columns:
        assert not report.columns[col].is_pii, (col, report.columns[col].entity, report.columns[col].score)


# given names and surnames of one or two characters (hand-written, common in each language)
SHORT_NAMES = {
    "名": ["翔", "蓮", "陽菜", "葵", "結衣", "大翔", "悠真", "凛", "湊", "美桜", "颯", "樹"],  # ja given names
    "名字": ["芳", "敏", "军", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "桂英"],  # zh given names
    "姓氏": ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙"],  # zh surnames
    "이름": ["민서", "서윤", "지호", "예준", "하윤", "도윤", "시우", "수아", "지유", "주원", "하준", "서아"],
    "성": ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오"],
}


@pytest.mark.parametrize("header", sorted(SHORT_NAMES))
def test_short_cjk_names_under_a_name_header_are_people(header):
    values = SHORT_NAMES[header]
    df = pd.DataFrame({header: values * 3})
    report = pg.scan(df, policy=Policy(ner="off"))
    finding = report.columns[header]
    assert finding.entity == "PERSON" and finding.is_pii, (header, finding.entity, finding.score)
    text = pg.redact(df, policy=Policy(ner="off")).to_csv()
    assert not any(v in text for v in values if len(v) >= 2)


def test_two_letter_latin_codes_under_a_name_header_stay_codes():
    df = pd.DataFrame({"Navn": ["AB", "CD", "EF", "GH", "IJ", "KL", "MN", "OP"] * 3})
    finding = pg.scan(df, policy=Policy(ner="off")).columns["Navn"]
    assert finding.score < 0.5


def test_lone_korean_family_names_are_names_by_their_values():
    ev = script_person_evidence(SHORT_NAMES["성"] + ["신", "권", "황", "안", "송", "전"])
    assert ev is not None and ev.entity == "PERSON" and ev.score >= 0.5


@pytest.mark.parametrize(
    "values",
    [
        ["꽃", "밥", "물", "집", "책", "길", "눈", "빵", "술", "옷", "땅", "숲"],  # Korean one-syllable nouns
        ["大", "中", "小", "上", "下", "左", "右", "前", "后", "东", "西", "北"],  # size and direction words
        ["男", "女", "男", "女", "男"],
    ],
)
def test_one_character_words_are_not_surnames(values):
    assert script_person_evidence(values) is None


def test_lone_names_mostly_backed_by_the_lists_are_a_name_column():
    # two in three are common Chinese surnames, the rest rarer ones the short list need not know
    common = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱"]
    rare = ["邝", "阚", "鄢", "逯", "禚", "毌", "靳"]
    ev = script_person_evidence(common + rare)
    assert ev is not None and ev.score >= 0.5
