"""Person-name evidence for short values: gazetteer, shape and NER, positive and negative columns."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from jupyter_privguard.detect import names
from jupyter_privguard.detect.names import DETECTOR, gazetteer, person_evidence, value_name_score

COLUMNS = json.loads((Path(__file__).parents[1] / "data" / "names_columns.json").read_text(encoding="utf-8"))
POSITIVE = COLUMNS["positive"]
NEGATIVE = COLUMNS["negative"]


def test_gazetteer_loads_lowercased_lists():
    gaz = gazetteer()
    assert len(gaz.given) > 10_000 and len(gaz.surname) > 10_000
    assert "amanda" in gaz.given and "Amanda" not in gaz.given
    assert "solutions" in gaz.other and "auditor" in gaz.other
    assert "iceland" in gaz.places


@pytest.mark.parametrize(
    ("value", "low", "high"),
    [
        ("Amanda", 0.9, 1.0),
        ("Helen Therres", 0.9, 1.0),
        ("Mrs. Marie Hamanová", 0.8, 1.0),
        ("Smith, John", 0.8, 1.0),
        ("Ludwig van Beethoven", 0.8, 1.0),
        ("Jordan", 0.3, 0.6),  # a given name and a country: ambiguous
        ("Simple Solutions", 0.0, 0.0),
        ("Formula Gray", 0.0, 0.4),
        ("Internal Auditor", 0.0, 0.0),
        ("1995 Zastava 65", 0.0, 0.0),
        ("Wasco1982", 0.0, 0.0),
        ("Germany", 0.0, 0.0),
        ("Active", 0.0, 0.0),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64)", 0.0, 0.0),
        ("john.smith@example.com", 0.0, 0.0),
        ("amanda", 0.0, 0.0),  # not capitalised: not name-shaped
        ("", 0.0, 0.0),
    ],
)
def test_value_name_score(value, low, high):
    assert low <= value_name_score(value) <= high


@pytest.mark.parametrize("column", sorted(POSITIVE))
def test_name_columns_without_ner(column):
    evidence = person_evidence(POSITIVE[column], None)
    assert evidence is not None, column
    # the detector names the tiers that ran: no NER here
    assert evidence.entity == "PERSON" and evidence.detector == "names:gazetteer" != DETECTOR
    assert "ner" not in evidence.detector and "no NER model" in evidence.detail
    assert 0.5 <= evidence.score <= 1.0


@pytest.mark.parametrize("column", sorted(NEGATIVE))
def test_other_columns_without_ner(column):
    assert person_evidence(NEGATIVE[column], None) is None


@pytest.mark.ner
@pytest.mark.parametrize("column", sorted(POSITIVE))
def test_name_columns_with_ner(engine, column):
    evidence = person_evidence(POSITIVE[column], engine)
    assert evidence is not None and evidence.score >= 0.5
    assert "NER model" in evidence.detail and evidence.detector == DETECTOR == "names:gazetteer+ner"


@pytest.mark.ner
@pytest.mark.parametrize("column", sorted(NEGATIVE))
def test_other_columns_with_ner(engine, column):
    assert person_evidence(NEGATIVE[column], engine) is None


@pytest.mark.parametrize(
    "values",
    [
        ["Amanda", "Jordan", "Helen Therres", "Mrs. Marie Hamanová", "Tomás García", "Ingrid Bergman", "Ahmed"],
        ["Olivia Smith", "Noah Müller", "Emma Rossi", "Liam Dubois", "Sofia Nowak", "Lucas Jansen"],
    ],
)
def test_hand_written_name_columns(values):
    assert person_evidence(values, None) is not None


def test_detail_holds_counts_not_values():
    values = POSITIVE["full_names"]
    evidence = person_evidence(values, None)
    assert evidence is not None
    for value in values:
        for token in value.split():
            if len(token) > 3:
                assert token not in evidence.detail


@pytest.mark.parametrize("values", [[], [None, "", "  "], ["12345", "67890", "2024-01-01"]])
def test_empty_or_numeric_columns(values):
    assert person_evidence(values, None) is None


def test_ner_uses_one_batched_pipe(engine, nlp_calls):
    person_evidence(POSITIVE["given_names"], engine)
    assert nlp_calls == {"pipe": 1, "call": 0}


def test_runtime_does_not_import_faker():
    code = (
        "import sys; from jupyter_privguard.detect.names import person_evidence;"
        "person_evidence(['Amanda', 'Helen Therres'], None);"
        "assert 'faker' not in sys.modules, 'faker imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_max_values_bounds_work(monkeypatch):
    monkeypatch.setattr(names, "MAX_VALUES", 5)
    evidence = person_evidence(POSITIVE["full_names"], None)
    assert evidence is not None and evidence.detail.startswith("5 distinct values")


def test_place_evidence_for_city_columns_and_not_for_categories() -> None:
    from jupyter_privguard.detect.names import place_evidence
    from jupyter_privguard.detect.ner import NerEngine

    engine = NerEngine.get()
    if engine is None:
        pytest.skip("no spaCy NER model installed")
    cities = [
        "Boston",
        "Chicago",
        "Denver",
        "Seattle",
        "Houston",
        "Phoenix",
        "Dallas",
        "Atlanta",
        "Portland",
        "Detroit",
        "Madrid",
        "Berlin",
    ]
    ev = place_evidence(cities * 3, engine)
    assert ev is not None and ev.entity == "LOCATION" and ev.score >= 0.6
    assert all(city not in ev.detail for city in cities)
    assert place_evidence(["Private", "Public", "Nonprofit"] * 10, engine) is None
    assert (
        place_evidence(
            [
                "Alice Walker",
                "Bob Stone",
                "Carla Diaz",
                "Dan Brown",
                "Eve Long",
                "Frank Hill",
                "Gina Ross",
                "Hank Moody",
            ],
            engine,
        )
        is None
    )
    assert place_evidence(cities, None) is None


def test_place_evidence_asks_the_model_once_per_value(monkeypatch: pytest.MonkeyPatch) -> None:
    """The labels are remembered per model and value: the same column again (a renamed frame's labels)
    costs no model call, a new value only its own, and the evidence is the same either way."""
    from jupyter_privguard.detect import names
    from jupyter_privguard.detect.ner import NerEngine

    engine = NerEngine.get()
    if engine is None:
        pytest.skip("no spaCy NER model installed")
    monkeypatch.setattr(names, "_PLACE_LABELS", {})
    cities = ["Boston", "Chicago", "Denver", "Seattle", "Houston", "Phoenix", "Dallas", "Atlanta", "Madrid"]
    asked: list[list[str]] = []
    real_pipe = engine.nlp.pipe

    def pipe(texts: Any, **kwargs: Any) -> Any:
        texts = list(texts)
        asked.append(texts)
        return real_pipe(texts, **kwargs)

    monkeypatch.setattr(engine.nlp, "pipe", pipe)
    first = names.place_evidence(cities, engine)
    again = names.place_evidence(list(reversed(cities)), engine)
    assert first is not None and again == first and len(asked) == 1 and len(asked[0]) == len(cities)
    more = names.place_evidence([*cities, "Berlin"], engine)
    assert more is not None and more.entity == "LOCATION"
    assert len(asked) == 2 and len(asked[1]) == 1 and "Berlin" in asked[1][0]
    # a category stays no place however often it is asked
    assert names.place_evidence(["Private", "Public", "Nonprofit"] * 10, engine) is None
    assert names.place_evidence(["Private", "Public", "Nonprofit"] * 10, engine) is None
