"""Closed vocabularies: positive and negative columns."""

from __future__ import annotations

import pytest

from jupyter_privguard.detect.vocab import vocabulary_evidence

POSITIVE = [
    (["Male", "Female", "Female", "Male"], "GENDER"),
    (["weiblich", "männlich", "divers"], "GENDER"),
    (["Married", "Single", "Divorced", "Widowed"], "MARITAL_STATUS"),
    (["White", "Black", "Asian", "Hispanic", "White"], "RACE_ETHNICITY"),
    (["Catholic", "Muslim", "Jewish", "None", "Hindu"], "RELIGION"),
    (["Canada", "Indonesia", "China", "Portugal", "Brazil"], "LOCATION"),
    (["New York", "Texas", "California", "Ohio"], "LOCATION"),
]
NEGATIVE = [
    ["basic", "pro", "team"],
    ["open", "paid", "shipped"],
    ["red", "green", "blue"],
    ["a", "b", "c"],
    ["yes", "no"],
    ["Other", "Unknown"],
    [f"user{i}" for i in range(500)],
    [],
]


@pytest.mark.parametrize(("values", "entity"), POSITIVE)
def test_known_vocabularies_are_found(values: list[str], entity: str) -> None:
    evidence = vocabulary_evidence(values * 5)
    assert evidence and evidence[0].entity == entity and evidence[0].score >= 0.5
    for value in values:
        assert value not in evidence[0].detail


@pytest.mark.parametrize("values", NEGATIVE)
def test_other_categories_are_not(values: list[str]) -> None:
    assert vocabulary_evidence(values) == []


def test_single_letters_alone_are_weak_evidence() -> None:
    evidence = vocabulary_evidence(["M", "F", "F", "M"])
    assert evidence and evidence[0].entity == "GENDER" and evidence[0].score < 0.7
    assert vocabulary_evidence(["CA", "NY", "TX"])[0].score < 0.5


@pytest.mark.parametrize("values", [["south", "other"], ["north", "west", "east"], ["new", "used"]])
def test_parts_of_multi_word_names_are_not_terms(values: list[str]) -> None:
    assert vocabulary_evidence(values * 5) == []


def test_multi_word_terms_still_count() -> None:
    assert vocabulary_evidence(["South Africa", "New Zealand", "United Kingdom"] * 5)[0].entity == "LOCATION"
    assert vocabulary_evidence(["Never married", "Married", "Divorced"] * 5)[0].entity == "MARITAL_STATUS"


def test_job_titles_by_their_words() -> None:
    from jupyter_privguard.detect.vocab import job_title_evidence

    titles = [
        "Internal Auditor",
        "Accountant IV",
        "Nurse Practitioner",
        "Software Engineer",
        "Sales Representative",
        "Assistant Professor",
        "Data Analyst",
        "Chef",
        "Marketing Manager",
        "Legal Assistant",
    ]
    ev = job_title_evidence(titles * 3)
    assert ev is not None and ev.entity == "JOB_TITLE" and ev.score >= 0.7 and "Auditor" not in ev.detail
    assert job_title_evidence(["Red", "Green", "Blue", "Yellow"] * 3) is None
    assert job_title_evidence(["Simple Solutions", "Formula Gray", "Acme Corp"] * 3) is None
