"""Issue 13: name columns the short lists know only in part, and their look-alikes.

* surnames alone that open with a particle (``van der Berg``, ``de Souza``), and columns of lone surnames
  the gazetteer mostly backs;
* Cyrillic surnames by their endings (``-ов/-ова``, ``-енко``) when some are on the lists;
* Japanese and Korean full names written given name first, as Western forms ask;
* Greek double given names joined by a hyphen;
* full names in one script of which one in ten is on the lists and nearly all have a full name's shape.

Every value is written by hand for these tests (not by Faker or mimesis, which the benchmark uses).
"""

from __future__ import annotations

import pandas as pd
import pytest

import jupyter_privguard as pg
from jupyter_privguard.detect.names import _tokens, person_evidence
from jupyter_privguard.detect.scripts import script_person_evidence
from jupyter_privguard.policy import Policy

NO_NER = Policy(ner="off")


def _entity(values: list[str], header: str = "col_9") -> str | None:
    return pg.scan(pd.DataFrame({header: values}), policy=NO_NER).columns[header].entity


BRAZILIAN_SURNAMES = [
    "da Silva", "dos Santos", "de Oliveira", "de Souza", "Pereira", "Lima", "Carvalho", "Ferreira", "Rodrigues",
    "Almeida", "Costa", "Gomes", "Martins", "Araújo", "Ribeiro", "Alves", "Monteiro", "Mendes", "Barbosa",
    "Rocha", "Dias", "Nascimento", "Moreira", "Cardoso", "Teixeira", "Correia", "das Neves", "da Cunha",
]  # fmt: skip


def test_surnames_alone_with_their_particles_are_names() -> None:
    ev = person_evidence(BRAZILIAN_SURNAMES, None)
    assert ev is not None and ev.score >= 0.5
    assert _entity(BRAZILIAN_SURNAMES) == "PERSON"


@pytest.mark.parametrize(
    ("value", "tokens"),
    [("van der Heijden", ["Heijden"]), ("de Souza", ["Souza"]), ("van den Berg", ["Berg"]), ("da Silva", ["Silva"])],
)
def test_a_surname_may_open_with_its_particles(value, tokens) -> None:  # type: ignore[no-untyped-def]
    parsed = _tokens(value)
    assert parsed is not None and parsed[0] == tokens


@pytest.mark.parametrize("value", ["de eerste keer", "van harte", "de la", "van"])
def test_particles_before_lower_case_words_are_no_name(value) -> None:  # type: ignore[no-untyped-def]
    assert _tokens(value) is None


@pytest.mark.parametrize(
    "values",
    [
        # lower-case phrases that open with a particle: not names
        ["de eerste keer", "van harte welkom", "de laatste dag", "van dag tot dag", "de hele week", "van boven"],
        # the same with a capital after it, as Dutch writes landmarks: few are surnames
        ["de Kuip", "de Efteling", "de Dam", "de Wallen", "de Pijp", "de Jordaan", "de Uithof", "de Veluwe"],
    ],
)
def test_phrases_opening_with_a_particle_are_not_names(values) -> None:  # type: ignore[no-untyped-def]
    assert _entity(values) != "PERSON"


RUSSIAN_SURNAMES = [
    "Иванов", "Смирнова", "Кузнецов", "Попова", "Васильев", "Новикова", "Фёдоров", "Морозова", "Волков",
    "Алексеева", "Лебедев", "Семёнова", "Егоров", "Павлова", "Козлов", "Степанова",
    # rarer ones the short lists need not know, with the usual endings
    "Тряпицын", "Голубятникова", "Череповцев", "Засядько", "Пышкина", "Шелепихин", "Кукушкина", "Ертаулов",
    "Малафеева", "Поярков", "Ступишина", "Дудоладов", "Сковородкина", "Бочарников", "Загребельный",
]  # fmt: skip


def test_cyrillic_surnames_by_their_endings() -> None:
    ev = script_person_evidence(RUSSIAN_SURNAMES)
    assert ev is not None and ev.score >= 0.5


@pytest.mark.parametrize(
    "values",
    [
        # towns, several with a surname's ending
        ["Москва", "Тула", "Омск", "Томск", "Курск", "Пермь", "Казань", "Самара", "Ростов", "Саратов", "Тамбов",
         "Псков", "Иваново", "Кострома", "Вологда", "Тверь", "Калуга", "Рязань", "Липецк", "Орёл"],
        # nouns ending in -ов / -ин
        ["Плов", "Остров", "Кров", "Магазин", "Бензин", "Керосин", "Апельсин", "Мандарин", "Кувшин", "Клин",
         "Пингвин", "Дельфин", "Витамин", "Жасмин"],
    ],
)  # fmt: skip
def test_cyrillic_words_with_surname_endings_are_not_names(values) -> None:  # type: ignore[no-untyped-def]
    assert script_person_evidence(values) is None


@pytest.mark.parametrize(
    "values",
    [
        ["太郎 山田", "花子 鈴木", "健 佐藤", "さくら 高橋", "翔 田中", "美咲 伊藤", "大輝 渡辺", "陽菜 中村"],
        ["민준 김", "서연 이", "지훈 박", "수빈 최", "우진 정", "하은 강", "지우 조", "도현 윤"],
    ],
)
def test_east_asian_full_names_given_name_first(values) -> None:  # type: ignore[no-untyped-def]
    ev = script_person_evidence(values)
    assert ev is not None and ev.score >= 0.5


def test_greek_double_given_names() -> None:
    values = [
        "Γεώργιος-Αλέξανδρος Παπαδόπουλος",
        "Μαρία-Ελένη Νικολάου",
        "Ιωάννης-Παύλος Γεωργίου",
        "Αικατερίνη-Σοφία Δημητρίου",
        "Νικόλαος-Άγγελος Οικονόμου",
        "Ελένη-Μαρία Παπαδοπούλου",
    ]
    ev = script_person_evidence(values)
    assert ev is not None and ev.score >= 0.5


# Japanese full names: eight the lists know, and sixty of rare family names (小鳥遊, 月見里 ...) and given names
KNOWN_JAPANESE = ["佐藤 健", "鈴木 花子", "高橋 翔", "田中 美咲", "伊藤 大輝", "渡辺 陽菜", "山本 蓮", "中村 葵"]
RARE_FAMILIES = [
    "小鳥遊", "月見里", "勅使河原", "勘解由小路", "一尺", "鴨脚", "栗花落", "薬袋", "百目鬼", "南雲",
    "小比類巻", "九十九", "御手洗", "左右田", "十八女", "毒島", "猪狩", "四十物", "纐纈", "雲母",
]  # fmt: skip
RARE_GIVEN = [
    "紬希",
    "澪央",
    "朔弥",
    "灯里",
    "凪紗",
    "雫音",
    "暁斗",
    "柊吾",
    "環那",
    "巴瑠",
    "綾芽",
    "樹里",
    "蛍太",
    "碧唯",
    "楓真",
]
RARE_JAPANESE = KNOWN_JAPANESE + [
    f"{f} {RARE_GIVEN[(i * 7 + k) % len(RARE_GIVEN)]}" for i, f in enumerate(RARE_FAMILIES) for k in range(3)
]


def test_full_names_the_lists_know_one_in_ten_of() -> None:
    ev = script_person_evidence(RARE_JAPANESE)
    assert ev is not None and ev.score >= 0.5
    df = pd.DataFrame({"f3": RARE_JAPANESE})
    assert pg.scan(df, policy=NO_NER).columns["f3"].entity == "PERSON"
    text = pg.redact(df, policy=NO_NER).to_csv()
    assert not any(v in text for v in RARE_JAPANESE)


@pytest.mark.parametrize(
    "values",
    [
        # two-word shop signs and labels: a full name's shape, none on the lists
        ["緑茶 飲料", "本日 休業", "会議 室", "新規 登録", "在庫 切れ", "送料 無料", "期間 限定", "数量 限定",
         "予約 受付", "営業 時間", "定休 日", "特売 品", "返品 不可", "初回 限定", "会員 登録", "配送 料"],
        # Cyrillic two-word labels
        ["Новый Заказ", "Отдел Продаж", "Главный Офис", "Склад Товаров", "Служба Доставки", "Отдел Кадров",
         "Центральный Склад", "Пункт Выдачи", "Горячая Линия", "Личный Кабинет", "Книга Жалоб", "Отдел Закупок"],
    ],
)  # fmt: skip
def test_two_word_labels_are_not_full_names(values) -> None:  # type: ignore[no-untyped-def]
    assert script_person_evidence(values) is None
