"""Header languages as data files: the bundled files, their registry and plugins, and the results they give.

The regression cases (``tests/data/header_hits.json``) were recorded with the matcher as it was before
its term table moved into data files: the same headers must give the same hits, score for score.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import jupyter_privguard
from jupyter_privguard import entities
from jupyter_privguard.detect import header_vocab as V
from jupyter_privguard.detect import headers as H
from jupyter_privguard.detect.header_vocab import HeaderLanguage, HeaderLanguageRegistry
from jupyter_privguard.detect.headers import match_header, match_headers
from jupyter_privguard.session import current_session

CASES = json.loads((Path(__file__).parent.parent / "data" / "header_hits.json").read_text(encoding="utf-8"))
DATA = Path(jupyter_privguard.__file__).parent / "data" / "headers"

POLISH: dict[str, Any] = {
    "language": "eo",
    "source": "written for this test",
    "terms": {
        "PERSON": [{"kind": "strong", "score": 0.95, "terms": ["familinomo", "antaŭnomo"]}],
        "EMAIL_ADDRESS": [{"kind": "strong", "score": 0.9, "terms": ["retadreso"]}],
    },
    "words": {"owner": ["firmao"]},
}


def as_rows(hits: list[H.HeaderHit]) -> list[list[Any]]:
    return [[h.entity, h.score, h.term, h.language, h.how] for h in hits]


@pytest.fixture
def languages() -> Iterator[HeaderLanguageRegistry]:
    """A registry of the bundled languages in force for one test; the session's own comes back afterwards."""
    registries = current_session().registries
    before = registries.get("header_languages")
    registry = HeaderLanguageRegistry.default()
    registries.set("header_languages", registry)
    try:
        yield registry
    finally:
        registries.set("header_languages", before)
        H.clear_cache()


# ---------------------------------------------------------------------------------------------
# The same results as before the split
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("header", list(CASES["headers"]))
def test_header_gives_the_recorded_hits(header: str) -> None:
    assert as_rows(match_header(header)) == CASES["headers"][header]


@pytest.mark.parametrize("table", CASES["tables"], ids=lambda t: ",".join(t["headers"])[:60])
def test_table_gives_the_recorded_hits(table: dict[str, Any]) -> None:
    res = match_headers(table["headers"])
    assert [as_rows(res[h]) for h in table["headers"]] == table["hits"]


def test_regression_cases_cover_every_way_of_matching() -> None:
    assert len(CASES["headers"]) >= 250 and len(CASES["tables"]) >= 30
    hows = {hits[0][4] for hits in CASES["headers"].values() if hits}
    assert hows == {"exact", "token", "fuzzy"}
    assert any(not hits for hits in CASES["headers"].values())


# ---------------------------------------------------------------------------------------------
# The bundled data files
# ---------------------------------------------------------------------------------------------
def test_every_data_file_is_bundled_and_names_its_source() -> None:
    files = sorted(p.name for p in DATA.glob("*.json") if not p.name.startswith("_"))
    bundled = V.bundled_languages()
    assert sorted(f"{lang.name}.json" for lang in bundled) == files
    assert {"en", "de", "fr", "es", "it", "pt", "nl", "any"} <= {lang.language for lang in bundled}
    assert bundled[0].language == "en"  # loaded first: English names a term on a tie
    for lang in bundled:
        assert lang.source.strip() and lang.groups
        assert {g.entity for g in lang.groups} <= set(entities.ENTITIES)


def test_common_words_have_every_class_and_say_what_it_does() -> None:
    raw = json.loads((DATA / "_common.json").read_text(encoding="utf-8"))
    assert raw["source"].strip()
    assert set(raw["words"]) == set(V.WORD_CLASSES)
    assert all(entry["about"].strip() and entry["words"] for entry in raw["words"].values())
    assert V.common_words()["noise"] >= {"txt", "str"}


def test_session_registry_holds_the_bundled_languages() -> None:
    registry = current_session().registries.get("header_languages")
    assert isinstance(registry, HeaderLanguageRegistry)
    assert {"en", "de", "fr", "es", "it", "pt", "nl", "any"} <= set(registry.names())


# ---------------------------------------------------------------------------------------------
# Adding a language
# ---------------------------------------------------------------------------------------------
def test_a_registered_language_is_matched_and_forgotten_when_removed(languages: HeaderLanguageRegistry) -> None:
    assert match_header("familinomo") == []
    languages.register(POLISH)
    hit = match_header("familinomo")[0]
    assert (hit.entity, hit.language, hit.how, hit.score) == ("PERSON", "eo", "exact", 0.95)
    assert match_header("Imię")[0].term == "imie"  # accents folded, as for every term
    # the language's own words join the shared classes: an owner word pulls a strong term down
    assert match_header("familinomo_firmao")[0].score < 0.95 * 0.7
    languages.unregister("eo")
    assert match_header("familinomo") == []


def test_a_language_can_be_registered_from_its_file(languages: HeaderLanguageRegistry, tmp_path: Path) -> None:
    path = tmp_path / "eo.json"
    path.write_text(json.dumps(POLISH), encoding="utf-8")
    languages.register(str(path))
    assert match_header("retadreso")[0].entity == "EMAIL_ADDRESS"


def test_a_second_file_can_add_to_a_language(languages: HeaderLanguageRegistry) -> None:
    extra = {
        "name": "de_medical",
        "language": "de",
        "source": "written for this test",
        "terms": {"HEALTH": [{"kind": "strong", "score": 0.85, "terms": ["befund"]}]},
    }
    languages.register(extra)
    assert match_header("befund")[0].language == "de"
    assert "de" in languages.names() and "de_medical" in languages.names()


class _EntryPoint:
    def __init__(self, name: str, obj: Any) -> None:
        self.name = name
        self._obj = obj

    def load(self) -> Any:
        if isinstance(self._obj, Exception):
            raise self._obj
        return self._obj


def test_entry_points_load_mappings_paths_and_callables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "is.json"
    swedish = {
        "language": "is",
        "source": "written for this test",
        "terms": {"PERSON": [{"kind": "strong", "score": 0.9, "terms": ["eftirnafn"]}]},
    }
    path.write_text(json.dumps(swedish), encoding="utf-8")
    finnish = {
        **swedish,
        "language": "et",
        "terms": {"PERSON": [{"kind": "strong", "score": 0.9, "terms": ["perekonnanimi"]}]},
    }
    published = [
        _EntryPoint("eo", POLISH),
        _EntryPoint("is", path),
        _EntryPoint("et", lambda: finnish),
        _EntryPoint("broken", ImportError("no such module")),
        _EntryPoint("bad_shape", {"language": "xx", "source": "s", "terms": {"NOT_AN_ENTITY": []}}),
    ]
    seen: list[str] = []

    def entry_points(group: str) -> list[_EntryPoint]:
        seen.append(group)
        return published

    monkeypatch.setattr("importlib.metadata.entry_points", entry_points)
    registry = HeaderLanguageRegistry.default()
    with caplog.at_level(logging.WARNING, logger="jupyter_privguard"):
        added = registry.load_entry_points()
    assert seen == ["jupyter_privguard.header_languages"]
    assert added == ["eo", "is", "et"]
    assert "broken" in caplog.text and "bad_shape" in caplog.text
    vocab = V.vocabulary_for(registry)
    assert {"familinomo", "eftirnafn", "perekonnanimi"} <= set(vocab.table)


def test_catalogue_header_terms_are_read(languages: HeaderLanguageRegistry, monkeypatch: pytest.MonkeyPatch) -> None:
    # a catalogue entry's header terms (the session's catalogue: a plugin entity brings its own) reach the matcher
    from jupyter_privguard.session import GuardSession, reset_session

    entity = entities.ENTITIES["NATIONAL_ID"]
    session = reset_session(GuardSession())
    try:
        H.clear_cache()
        assert match_header("numer_ewidencyjny") == []
        session.registries.get("entities").register(
            dataclasses.replace(entity, header_terms=("numer_ewidencyjny",)), replace=True
        )
        H.clear_cache()
        hit = match_header("numer_ewidencyjny")[0]
        assert (hit.entity, hit.language, hit.score) == ("NATIONAL_ID", "any", V.CATALOGUE_SCORE)
    finally:
        reset_session()
        H.clear_cache()
    assert match_header("numer_ewidencyjny") == []


def test_a_new_session_reuses_the_built_index() -> None:
    first = V.vocabulary_for(HeaderLanguageRegistry.default())
    assert V.vocabulary_for(HeaderLanguageRegistry.default()) is first


# ---------------------------------------------------------------------------------------------
# Errors in a data file say what was expected
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"terms": {"PERSONS": [{"kind": "strong", "score": 0.9, "terms": ["x"]}]}}, "unknown entity 'PERSONS'"),
        ({"terms": {"PERSON": [{"kind": "weak", "score": 0.9, "terms": ["x"]}]}}, "kind must be one of"),
        (
            {"terms": {"PERSON": [{"kind": "strong", "score": 1.5, "terms": ["x"]}]}},
            r"score must be a number in \[0, 1\]",
        ),
        ({"terms": {"PERSON": [{"kind": "strong", "score": 0.9, "terms": []}]}}, "terms must be a non-empty list"),
        ({"terms": {"PERSON": [{"kind": "strong", "score": 0.9, "term": ["x"]}]}}, r"unknown keys \['term'\]"),
        ({"source": ""}, "'source' must be a line naming where the terms come from"),
        ({"words": {"owners": ["x"]}}, "unknown word class 'owners'"),
        ({"lang": "eo"}, r"unknown keys \['lang'\]"),
    ],
)
def test_a_bad_data_file_is_refused(change: dict[str, Any], message: str) -> None:
    with pytest.raises((ValueError, TypeError), match=message):
        HeaderLanguage.from_mapping({**POLISH, **change}, origin="eo.json")


def test_registry_refuses_other_objects() -> None:
    with pytest.raises(TypeError, match="expected a HeaderLanguage"):
        HeaderLanguageRegistry().register(42)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# The product-table rule reads the catalogue
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("other", "person_name"),
    [
        ("email", True),  # a direct identifier of a person
        ("dob", True),  # a birth date: quasi in the catalogue, but no product has one
        ("iban", True),
        ("url", False),  # product tables have web addresses too
        ("device_id", False),
        ("colour", False),
    ],
)
def test_name_in_a_product_table_stays_a_person_only_beside_people_columns(other: str, person_name: bool) -> None:
    res = match_headers(["name", "price", "sku", other])
    assert (res["name"][0].score >= 0.5) is person_name


def test_people_evidence_is_direct_entities_of_the_catalogue_and_birth_dates() -> None:
    direct = {name for name, e in entities.ENTITIES.items() if e.category == "direct"}
    assert H._PEOPLE_EVIDENCE - {"DATE_OF_BIRTH"} <= direct
    assert "DATE_OF_BIRTH" in H._PEOPLE_EVIDENCE and entities.ENTITIES["DATE_OF_BIRTH"].category == "quasi"


def test_data_files_are_plain_json_a_person_can_edit() -> None:
    for path in DATA.glob("*.json"):
        text = path.read_text(encoding="utf-8")
        json.loads(text)
        assert max(len(line) for line in text.splitlines()) <= 200, path.name
    assert os.path.isfile(DATA / "README.md")
