"""A column's header is evidence, not a verdict (notebooks.column_evidence): table-driven rows of
saved tables, each with the entity the scan must (or must not) report for the named column."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import pytest

from jupyter_privguard.notebooks import NotebookOptions, clean_text, scan_notebook
from jupyter_privguard.policy import Policy

OPTIONS = NotebookOptions(policy=Policy(ner="off"))
PEOPLE = ["Marta Kowalczyk", "Oskar Lindqvist", "Priya Raman", "Tomasz Nowak", "Ingrid Solberg", "Rafael Ortega"]
GIVEN = ["Marta", "Oskar", "Priya", "Tomasz", "Ingrid", "Rafael"]
CITIES = ["Port Talbot", "Kettering", "Aberystwyth", "Stourbridge", "Bexhill", "Wokingham"]
TEAMS = ["Kettering Herons", "Bexhill Comets", "Wokingham Lynx", "Stourbridge Owls", "Talbot Rovers", "Aber Kites"]
CREATURES = ["Glimmerox", "Thornaby", "Vexlit", "Drumbletusk", "Quillfin", "Sparkamor"]


def _nb(frame: pd.DataFrame) -> dict[str, Any]:
    out = {
        "output_type": "execute_result",
        "metadata": {},
        "execution_count": 1,
        "data": {"text/html": frame.to_html(), "text/plain": frame.to_string()},
    }
    cell = {"cell_type": "code", "metadata": {}, "source": "df", "outputs": [out], "execution_count": 1}
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [cell]}


def _entities(frame: pd.DataFrame) -> set[str]:
    return {f.entity for f in scan_notebook(_nb(frame), OPTIONS)}


@pytest.mark.parametrize(
    ("columns", "entity"),
    [
        ({"name": CITIES, "population": [51000, 56000, 13000, 63000, 41000, 30000]}, None),
        ({"dest_city_name": CITIES, "flights": [3, 4, 5, 6, 7, 8]}, None),
        ({"home_team": TEAMS, "home_points": [101, 99, 87, 120, 95, 110]}, None),
        ({"county": CITIES, "area": [1.5, 2.5, 3.5, 4.5, 5.5, 6.5]}, None),
        ({"name": CREATURES, "type": ["grass", "fire", "water", "bug", "rock", "ice"]}, None),
        ({"Name": GIVEN, "Year": [2004] * 6, "Count": [24287, 21485, 9120, 8800, 7410, 6090]}, None),
        ({"Street Name": ["169 STREET", "58 AVENUE", "BROADWAY", "WEST END", "HIGH ROAD", "MILL LANE"]}, None),
        ({"Cross Street": ["WEST 72 STREET", "EAST 28 STREET", "WEST 171 STREET", "EAST 94 STREET"]}, None),
        # people stay people
        ({"name": PEOPLE, "email": [f"{g.lower()}.x91@example.org" for g in GIVEN]}, "PERSON"),
        ({"name": PEOPLE, "city": CITIES, "state": ["NY", "CA", "TX", "WA", "OR", "NV"]}, "PERSON"),
        ({"first_name": GIVEN, "orders": [3, 1, 4, 1, 5, 9]}, "PERSON"),
        ({"customer": PEOPLE, "count": [3, 1, 4, 1, 5, 9]}, "PERSON"),
        ({"team_lead": PEOPLE, "team": TEAMS}, "PERSON"),
    ],
)
def test_the_header_is_weighed_against_the_values(columns: dict[str, list[Any]], entity: str | None) -> None:
    found = _entities(pd.DataFrame(columns))
    if entity is None:
        assert not found & {"PERSON", "STREET_ADDRESS"}, found
    else:
        assert entity in found


def test_every_person_of_a_kept_column_is_cleaned() -> None:
    frame = pd.DataFrame({"name": PEOPLE, "city": CITIES, "state": ["NY", "CA", "TX", "WA", "OR", "NV"]})
    new, _ = clean_text(json.dumps(_nb(frame)), OPTIONS)
    data = json.loads(new)["cells"][0]["outputs"][0]["data"]
    for text in data.values():
        assert not any(p in text for p in PEOPLE)
        assert all(c in text for c in CITIES)  # the places stay


def test_codes_shaped_like_postcodes_in_a_code_column_are_coincidences() -> None:
    tails = ["N412WN", "N4YRAA", "N368AA", "N650AW", "N9EAMQ", "N2NBAA", "N77525", "N338AA"]
    frame = pd.DataFrame({"tail_num": tails, "dep_delay": [1, 2, 3, 4, 5, 6, 7, 8]})
    assert "POSTAL_CODE" not in _entities(frame)
    # a real postcode column, and phones a column scan might miss, are still found
    frame = pd.DataFrame({"postcode": ["SW1A 1AA", "EC1A 1BB", "W1A 0AX", "M1 1AE", "B33 8TH", "CF10 1EP"]})
    assert "POSTAL_CODE" in _entities(frame)
    frame = pd.DataFrame({"ref": tails[:6], "note": [f"call (415) 555-01{n}" for n in range(10, 16)]})
    assert "PHONE_NUMBER" in _entities(frame)


def test_an_address_column_indexes_addresses_not_street_names() -> None:
    frame = pd.DataFrame(
        {
            "Incident Address": [
                "90-03 169 STREET",
                "4060 BROADWAY AVENUE",
                "1259 EAST 94 STREET",
                "58 AVENUE",
                "BROADWAY",
            ]
        }
    )
    nb = _nb(frame)
    nb["cells"].append(
        {"cell_type": "markdown", "metadata": {}, "source": "Noise on 58 AVENUE and at 4060 BROADWAY AVENUE"}
    )
    found = [f for f in scan_notebook(nb, OPTIONS) if f.cell == 1]
    assert [f.count for f in found if f.entity == "STREET_ADDRESS"] == [1]  # the address, not the street
