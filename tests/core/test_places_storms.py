"""Airports and storms named after people are not people (issue 13): ``Heathrow Airport``,
``John F. Kennedy International``, ``Hurricane Katrina``, ``Typhoon Haiyan`` and their local forms.
A share of the values with the word for an airport or a storm keeps the column from being PERSON,
under a name header too; a column of people's names with a few people called Storm stays PERSON."""

from __future__ import annotations

import pandas as pd
import pytest

import jupyter_privguard as pg
from jupyter_privguard.detect.not_person import MIN_SHARE, not_person_share
from jupyter_privguard.scanner import Scanner

NO_NER = pg.Policy(ner="off")

NOT_PEOPLE = {
    "airports": [
        "Heathrow Airport",
        "John F. Kennedy International",
        "Charles de Gaulle Airport",
        "Ronald Reagan Washington National Airport",
        "George Bush Intercontinental Airport",
        "Indira Gandhi International",
        "Leonardo da Vinci International Airport",
        "Jomo Kenyatta International",
    ],
    "airports_local": [
        "Flughafen Franz Josef Strauß",
        "Aéroport Paris-Charles de Gaulle",
        "Aeropuerto Adolfo Suárez Madrid-Barajas",
        "Aeroporto Leonardo da Vinci",
        "Аэропорт Шереметьево имени А. С. Пушкина",
        "İstanbul Sabiha Gökçen Havalimanı",
        "成田国際空港",
        "인천국제공항",
    ],
    "storms": [
        "Hurricane Katrina",
        "Storm Ciarán",
        "Typhoon Haiyan",
        "Cyclone Idai",
        "Hurricane Sandy",
        "Storm Eunice",
        "Hurricane Maria",
        "Typhoon Mangkhut",
    ],
    "storms_local": [
        "Orkan Kyrill",
        "Tempête Xynthia",
        "Huracán Mitch",
        "Uragano Medicane Ianos",
        "Ураган Катрина",
        "Kasırga Maria",
        "태풍 매미",
        "Tajfun Haiyan",
    ],
    "storms_and_people_mixed": ["Hurricane Katrina", "Anna Schmidt", "Storm Eunice", "Peter Novak", "Typhoon Haiyan"],
}


def _finding(values: list[str], header: str, policy: pg.Policy = NO_NER) -> pg.ColumnFinding:
    frame = pd.DataFrame({header: values * (40 // len(values))})
    return Scanner().scan(frame, policy=policy).columns[header]


@pytest.mark.parametrize("label", sorted(NOT_PEOPLE))
@pytest.mark.parametrize("header", ["name", "full_name", "nombre", "col_3", "event"])
def test_airports_and_storms_are_not_people(label: str, header: str) -> None:
    finding = _finding(NOT_PEOPLE[label], header)
    assert finding.entity != "PERSON", (label, header, finding.candidates)


PEOPLE = [
    "Storm Reid",
    "Anna Schmidt",
    "Peter Novak",
    "Maria Garcia",
    "James Miller",
    "Sophie Martin",
    "Lucas Dubois",
    "Emma Rossi",
    "Storm Thorgerson",
    "Oliver Brown",
    "Laura Fischer",
    "Daniel Lopez",
    "Sandy Walker",
    "Katrina Jensen",
]


@pytest.mark.parametrize("header", ["name", "full_name", "nombre"])
def test_people_called_storm_stay_people(header: str) -> None:
    assert not_person_share(PEOPLE) < MIN_SHARE
    assert _finding(PEOPLE, header).entity == "PERSON"


def test_people_without_a_header_stay_people() -> None:
    finding = _finding(PEOPLE, "col_3")
    unrelated = _finding(PEOPLE[1:8], "col_3")
    # whatever the values alone decide for names, two people called Storm do not change it
    assert finding.entity == unrelated.entity


SHARES = [
    (["Heathrow Airport", "Gatwick Airport", "Anna Schmidt"], 2 / 3),
    (["Storm", "Stormy Daniels", "Brainstorming"], 1 / 3),  # the word alone, not inside others
    (["台風19号", "東京", "大阪"], 1 / 3),
    (["HURRICANE KATRINA", "tropical  storm Alberto"], 1.0),
    ([], 0.0),
]


@pytest.mark.parametrize(("values", "share"), SHARES)
def test_not_person_share(values: list[str], share: float) -> None:
    assert not_person_share(values) == pytest.approx(share)


@pytest.mark.parametrize("label", ["airports", "storms"])
@pytest.mark.parametrize("header", ["name", "col_3"])
def test_with_the_name_model_too(label: str, header: str) -> None:
    # the default policy: the NER tier when a model is installed
    finding = _finding(NOT_PEOPLE[label], header, pg.Policy())
    assert finding.entity != "PERSON", (label, header, finding.candidates)
