"""Place columns (issue 13): cities from the GeoNames gazetteer, street addresses by their street words, and
postal codes, street and city shapes decided beside the table's other address columns.

The values are written by hand here (real cities and street names as people write them, house numbers and
codes drawn at random), not taken from the gazetteer file or from a benchmark generator. The decoys (order
ids, prices, SKUs, years, product names, storms, hashes) must not flip, with or without an address beside them.
"""

from __future__ import annotations

import random
import uuid

import numpy as np
import pandas as pd
import pytest

import jupyter_privguard as pg
from jupyter_privguard.detect.city_names import city_key, city_share, is_city
from jupyter_privguard.detect.place_columns import place_evidence, postal_share, street_share
from jupyter_privguard.scanner import Scanner

NO_NER = pg.Policy(ner="off")
ROWS = 120

CITIES = {
    "latin": "Zürich Kraków Göteborg Lyon Sevilla Porto Bologna Utrecht Aarhus Tampere Brno Cluj-Napoca Debrecen "
    "Gdańsk Bergen Malmö Graz Ghent Toulouse Valencia Coimbra Palermo Eindhoven Odense Turku Ostrava Iași Szeged "
    "Wrocław Stavanger Uppsala Linz Liège Nantes Bilbao Braga Verona Groningen Aalborg Oulu".split(),
    "cyrillic": "Москва Новосибирск Екатеринбург Казань Самара Омск Ростов-на-Дону Уфа Пермь Воронеж Київ Харків "
    "Одеса Дніпро Львів Запоріжжя Вінниця Полтава Чернігів Житомир".split(),
    "cjk": "札幌市 仙台市 横浜市 名古屋市 京都市 神戸市 広島市 福岡市 熊本市 鹿児島市 "
    "杭州 南京 成都 武汉 西安 青岛 大连 厦门 苏州 长沙".split(),
    "hangul": "부산 대구 인천 광주 대전 울산 수원 창원 고양 용인 청주 전주 포항 김해 제주".split(),
    "greek_arabic_hebrew": "Αθήνα Θεσσαλονίκη Πάτρα Ηράκλειο Λάρισα Βόλος القاهرة الإسكندرية الرياض جدة "
    "دبي عمان بيروت חיפה ירושלים באר שבע נתניה אשדוד".split(),
}

# people whose names are also towns somewhere, among people with other names: still PERSON
FIRST_NAMES = (
    "Florence Victoria Paris Austin Madison Charlotte Jackson Lincoln Sydney Orlando Eugene Marion Chelsea "
    "Adelaide Alexandria Beatriz Hannah Lukas Sofia Matteo Amelia Oliver Ingrid Henrik Magdalena Tomasz "
    "Zuzana Ondřej Kerstin Bjørn Aino Mikko Elif Mehmet Ioana Andrei Dorota Krzysztof Brigitte Gunther "
    "Margaret Douglas Patricia Raymond Theresa Gregory Julia Stefan Agnieszka Lorenzo Chiara Giulia"
).split()

STREETS = {
    "ko": lambda r: f"{r.choice(['테헤란로', '세종대로', '중앙로', '해운대로', '봉은사로'])} {r.randint(1, 999)}",
    "ru": lambda r: f"ул. {r.choice(['Ленина', 'Гагарина', 'Мира', 'Советская', 'Лесная'])}, д. {r.randint(1, 99)}",
    "uk": lambda r: f"вул. {r.choice(['Шевченка', 'Франка', 'Лесі Українки', 'Сагайдачного'])}, {r.randint(1, 99)}",
    "nl": lambda r: f"{r.choice(['Kerk', 'Molen', 'Dorps', 'School', 'Linden'])}straat {r.randint(1, 250)}",
    "tr": lambda r: f"{r.choice(['Atatürk', 'İnönü', 'Cumhuriyet'])} Cad. No: {r.randint(1, 200)}",
    "ro": lambda r: f"Strada {r.choice(['Mihai Viteazu', 'Unirii', 'Florilor', 'Libertății'])} nr. {r.randint(1, 90)}",
    "hu": lambda r: (
        f"{r.choice(['Kossuth Lajos', 'Petőfi Sándor', 'Rákóczi', 'Arany János'])} utca {r.randint(1, 80)}."
    ),
    "zh": lambda r: f"{r.choice(['中山', '人民', '解放', '建设', '和平'])}路{r.randint(1, 300)}号",
    "ar": lambda r: f"{r.randint(1, 900)} شارع {r.choice(['الملك فهد', 'التحلية', 'العليا', 'الأمير سلطان'])}",
    "fr": lambda r: f"{r.randint(1, 120)}, rue {r.choice(['des Lilas', 'Victor Hugo', 'de la Paix', 'Pasteur'])}",
}


def _cities(rng: random.Random, pool: list[str]) -> list[str]:
    return [rng.choice(pool) for _ in range(ROWS)]


def _scan(frame: pd.DataFrame) -> pg.ScanReport:
    return Scanner().scan(frame, policy=NO_NER)


def _postal(rng: random.Random, shape: str) -> str:
    d = "".join(str(rng.randint(0, 9)) for _ in range(7))
    return shape.replace("#####", d[:5]).replace("###", d[:3]).replace("##", d[3:5]).replace("NNNN", d[:4])


@pytest.mark.parametrize("script", sorted(CITIES))
@pytest.mark.parametrize("header", ["f1", "col_3", "name"])
def test_a_column_of_cities_is_location_in_any_script_and_under_a_name_header(script: str, header: str) -> None:
    rng = random.Random(f"{script}{header}")
    frame = pd.DataFrame({header: _cities(rng, CITIES[script]), "x2": [rng.random() for _ in range(ROWS)]})
    finding = _scan(frame).columns[header]
    assert finding.entity == "LOCATION", (script, header, finding.candidates)
    assert any(ev.detector == "gazetteer:geonames" for ev in finding.evidence)


def test_a_handful_of_town_names_is_a_category() -> None:
    rng = random.Random(23)
    models = ["Ibiza", "León", "Toledo", "Arona", "Ateca", "Tarraco"]
    frame = pd.DataFrame({"f1": [rng.choice(models) for _ in range(ROWS)], "f2": range(ROWS)})
    assert _scan(frame).columns["f1"].entity != "LOCATION"


def test_city_names_are_normalised_and_settlement_words_set_aside() -> None:
    assert city_key("PLOIEȘTI") == city_key("Ploiesti") == "ploiesti"
    for value in ("г. Новосибирск", "Kraków", "KRAKOW", "横浜市", "横浜", "Thessaloniki", "  Zürich  "):
        assert is_city(value), value
    for value in ("Wireless mouse", "Espresso 1 kg", "ORD-0012345", "", "x", "12345", "Hurricane Katrina"):
        assert not is_city(value), value


def test_people_whose_names_are_towns_stay_person() -> None:
    rng = random.Random(3)
    for header in ("name", "first_name", "f1"):
        frame = pd.DataFrame({header: [rng.choice(FIRST_NAMES) for _ in range(ROWS)]})
        assert _scan(frame).columns[header].entity != "LOCATION", header
    share, n = city_share(FIRST_NAMES)
    assert n == len(set(FIRST_NAMES)) and share < 0.5


# surnames that are also towns (Toledo, Medina, Soria ...) beside surnames that are not
SURNAMES = (
    "Toledo Medina Soria Zamora Salamanca Segovia Cuenca Miranda Aranda León Granada Murcia Burgos Málaga "
    "Cáceres Lugo Orense Valencia Córdoba Palencia García Fernández González Rodríguez López Martínez Sánchez "
    "Pérez Gómez Martín Jiménez Ruiz Hernández Díaz Moreno Álvarez Romero Alonso Gutiérrez Torres"
).split()


@pytest.mark.parametrize("header", ["f1", "apellido", "surname"])
def test_surnames_that_are_towns_are_not_cities(header: str) -> None:
    rng = random.Random(header)
    frame = pd.DataFrame({header: [rng.choice(SURNAMES) for _ in range(ROWS)]})
    assert city_share(SURNAMES)[0] >= 0.4  # the trap is real: many of them are towns
    assert _scan(frame).columns[header].entity != "LOCATION"


@pytest.mark.parametrize("language", sorted(STREETS))
def test_street_addresses_in_local_forms_under_unhelpful_headers(language: str) -> None:
    rng = random.Random(language)
    frame = pd.DataFrame({"c07": [STREETS[language](rng) for _ in range(ROWS)], "c08": range(ROWS)})
    finding = _scan(frame).columns["c07"]
    assert finding.entity == "STREET_ADDRESS", (language, finding.candidates)


SHAPES = ["#####", "###-NNNN", "##-###", "### ##", "NNNN", "DK-NNNN", "ΤΚ ### ##", "#####-###"]


@pytest.mark.parametrize("shape", SHAPES)
def test_postal_codes_beside_a_street_or_a_city_column_are_postal_codes(shape: str) -> None:
    rng = random.Random(shape)
    codes = [_postal(rng, shape) for _ in range(ROWS)]
    with_street = pd.DataFrame(
        {"f1": [STREETS["fr"](rng) for _ in range(ROWS)], "f2": codes, "f3": [rng.random() for _ in range(ROWS)]}
    )
    report = _scan(with_street)
    assert report.columns["f1"].entity == "STREET_ADDRESS"
    assert report.columns["f2"].entity == "POSTAL_CODE", (shape, report.columns["f2"].candidates)
    assert any(ev.detector == "table:address_columns" for ev in report.columns["f2"].evidence)
    with_city = pd.DataFrame({"f9": _cities(rng, CITIES["latin"]), "f2": codes})
    assert _scan(with_city).columns["f2"].entity == "POSTAL_CODE"
    # the same values without an address beside them: not personal data
    alone = pd.DataFrame({"f2": codes, "f3": [rng.random() for _ in range(ROWS)]})
    assert not _scan(alone).columns["f2"].is_pii, shape


def test_name_and_number_streets_and_postal_codes_stand_for_each_other() -> None:
    rng = random.Random(5)
    names = "Kolodvorska Ilica Vukovarska Savska Maksimirska Zagrebačka Frankopanska Gundulićeva Preradovićeva"
    frame = pd.DataFrame(
        {
            "a": [f"{rng.choice(names.split())} {rng.randint(1, 180)}" for _ in range(ROWS)],
            "b": [_postal(rng, "#####") for _ in range(ROWS)],
        }
    )
    report = _scan(frame)
    assert report.columns["a"].entity == "STREET_ADDRESS"
    assert report.columns["b"].entity == "POSTAL_CODE"
    # either alone is not enough
    assert not _scan(frame[["a"]]).columns["a"].is_pii
    assert not _scan(frame[["b"]]).columns["b"].is_pii


def _decoys(rng: random.Random) -> dict[str, list[object]]:
    return {
        "order_id": [str(40_000 + 3 * i + rng.randint(0, 2)) for i in range(ROWS)],
        "order_int": [40_000 + 3 * i for i in range(ROWS)],
        "price": [f"{rng.uniform(1, 500):.2f}" for _ in range(ROWS)],
        "year": [str(rng.randint(1950, 2024)) for _ in range(ROWS)],
        "sku": [
            f"{rng.choice('ABCDEFGHKLMN')}{rng.choice('PRSTUVWXYZ')}-{rng.randint(1000, 9999)}" for _ in range(ROWS)
        ],
        "product": [
            rng.choice(["iPhone 15", "Galaxy S24", "Pixel 8", "Model 3", "Windows 11", "Xbox 360"]) for _ in range(ROWS)
        ],
        "storm": [
            rng.choice(["Katrina 2005", "Sandy 2012", "Xaver 2013", "Haiyan 2013", "Idai 2019"]) for _ in range(ROWS)
        ],
        "airport": [rng.choice(["Heathrow Airport", "Flughafen Wien", "Aeroporto di Fiumicino"]) for _ in range(ROWS)],
        "sha": [uuid.UUID(int=rng.getrandbits(128)).hex * 2 for _ in range(ROWS)],
        "uuid": [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(ROWS)],
        "version": [f"{rng.randint(0, 5)}.{rng.randint(0, 20)}.{rng.randint(0, 40)}" for _ in range(ROWS)],
    }


def test_decoys_beside_an_address_do_not_flip() -> None:
    rng = random.Random(11)
    frame = pd.DataFrame(
        {
            "street": [STREETS["nl"](rng) for _ in range(ROWS)],
            "city": _cities(rng, CITIES["latin"]),
            **{f"d_{k}": v for k, v in _decoys(rng).items()},
        }
    )
    report = _scan(frame)
    assert report.columns["street"].entity == "STREET_ADDRESS"
    assert report.columns["city"].entity == "LOCATION"
    called = {k: f.entity for k, f in report.columns.items() if k.startswith("d_") and f.is_pii}
    assert called == {}


def test_the_table_pass_runs_on_cached_findings_and_carries_no_values() -> None:
    rng = random.Random(13)
    streets = [STREETS["ru"](rng) for _ in range(ROWS)]
    codes = [_postal(rng, "#####") for _ in range(ROWS)]
    frame = pd.DataFrame({"x1": streets, "x2": codes})
    scanner = Scanner()
    first = scanner.scan(frame, policy=NO_NER)
    again = scanner.scan(frame, policy=NO_NER)
    assert again.cached == 2
    assert first.columns["x2"].entity == again.columns["x2"].entity == "POSTAL_CODE"
    # the postal column alone, from the same cache: its own finding was cached without the neighbour's verdict
    alone = scanner.scan(frame[["x2"]], policy=NO_NER)
    assert alone.cached == 1 and alone.columns["x2"].entity is None
    text = repr(first.to_dict())
    for value in [*streets[:20], *codes[:20]]:
        assert value not in text


@pytest.mark.parametrize(
    "values",
    [
        [],
        [None, np.nan, None],
        [np.nan] * 10 + ["Kraków"],
        ["Zürich", 12, 3.5, b"bytes", None, ("a", "b"), {"k": 1}, "Lyon"] * 10,
        ["", " ", "\t"] * 20,
    ],
)
def test_bad_input_gives_an_answer_not_an_error(values: list[object]) -> None:
    frame = pd.DataFrame({"f1": pd.Series(values, dtype=object), "f2": pd.Series([None] * len(values), dtype=object)})
    report = _scan(frame)
    assert set(report.columns) == {"f1", "f2"}
    assert city_share(values)[1] <= len(values)
    assert 0.0 <= postal_share(values) <= 1.0
    assert all(0.0 <= s <= 1.0 for s in street_share(values))


def test_numeric_postal_codes_beside_an_address_but_not_rising_ids() -> None:
    rng = random.Random(17)
    frame = pd.DataFrame(
        {
            "a": [STREETS["tr"](rng) for _ in range(ROWS)],
            "zipish": [rng.randint(10_000, 99_999) for _ in range(ROWS)],
            "ids": list(range(10_000, 10_000 + ROWS)),
        }
    )
    report = _scan(frame)
    assert report.columns["zipish"].entity == "POSTAL_CODE"
    assert not report.columns["ids"].is_pii


def test_numbers_beside_a_city_or_a_known_postal_code_stay_numbers() -> None:
    """Counts and amounts stored as integers beside a city column, and a second code column beside a table's
    postal code, are not postal codes (the case of a real honeypot log with a locale and a postal code)."""
    rng = random.Random(19)
    counts = [rng.randint(1000, 9999) for _ in range(ROWS)]
    beside_city = pd.DataFrame({"city": _cities(rng, CITIES["latin"]), "hits": counts})
    assert not _scan(beside_city).columns["hits"].is_pii
    known = pd.DataFrame(
        {
            "street": [STREETS["fr"](rng) for _ in range(ROWS)],
            "postcode": [_postal(rng, "#####") for _ in range(ROWS)],
            "ref": [_postal(rng, "#####") for _ in range(ROWS)],
        }
    )
    report = _scan(known)
    assert report.columns["postcode"].entity == "POSTAL_CODE"
    assert not report.columns["ref"].is_pii


def test_place_evidence_leaves_decided_columns_alone() -> None:
    from jupyter_privguard.adapters import iter_columns
    from jupyter_privguard.report import Evidence

    col = next(iter(iter_columns(pd.DataFrame({"c": CITIES["latin"] * 3}), sample_size=1000)))
    decided = {"EMAIL_ADDRESS": Evidence("pattern:email", "EMAIL_ADDRESS", 0.9)}
    assert place_evidence(col, {}, decided) == {}
    assert place_evidence(col, {}, {})["LOCATION"][0].entity == "LOCATION"
