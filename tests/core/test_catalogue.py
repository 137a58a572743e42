"""The entity catalogue is the one source of what an entity is.

The first tests pin the catalogue to the tables that the scanner and redaction kept before the rules
moved into :mod:`jupyter_privguard.entities` (written out as literals, so a change to an entry is a
deliberate change here too). The others show that the modules read the catalogue, that an entity it
does not know still works with default rules, and that a plugin adds an entity through the registry.
"""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest

from jupyter_privguard import scanner as scanner_module
from jupyter_privguard.adapters import iter_columns
from jupyter_privguard.entities import (
    ENTITIES,
    Entity,
    builtin_registry,
    entities_where,
    get_entity,
    rules_for,
)
from jupyter_privguard.policy import Policy
from jupyter_privguard.redaction import redact_series
from jupyter_privguard.registry import BUILTINS, Registries
from jupyter_privguard.report import Evidence
from jupyter_privguard.scanner import Scanner

# -- the old tables, as literals ------------------------------------------------------------------
# scanner._SUPPORTED_BY
SUPPORTED_BY = {
    "EMAIL_ADDRESS": {"EMAIL_ADDRESS"},
    "PHONE_NUMBER": {"PHONE_NUMBER"},
    "CREDIT_CARD": {"CREDIT_CARD"},
    "IBAN_CODE": {"IBAN_CODE"},
    "US_SSN": {"US_SSN"},
    "US_ITIN": {"US_ITIN", "US_SSN"},
    "UK_NHS": {"UK_NHS"},
    "IP_ADDRESS": {"IP_ADDRESS"},
    "MAC_ADDRESS": {"MAC_ADDRESS"},
    "URL": {"URL"},
    "CRYPTO": {"CRYPTO"},
    "DEVICE_ID": {"DEVICE_ID"},
    "DATE_OF_BIRTH": {"DATE_TIME", "DATE_OF_BIRTH"},
    "POSTAL_CODE": {"POSTAL_CODE"},
}
# scanner._WEAK_BY_VALUE_ALONE
WEAK_BY_VALUE_ALONE = {
    "POSTAL_CODE": 0.45,
    "US_SSN": 0.6,
    "CREDENTIAL": 0.55,
    "US_BANK_NUMBER": 0.3,
    "US_DRIVER_LICENSE": 0.3,
    "US_PASSPORT": 0.3,
}
NOT_PII_BY_VALUE_ALONE = {"DATE_TIME"}  # scanner._NOT_PII_BY_VALUE_ALONE
TEXT_ENTITIES_NOT_PII = {"DATE_TIME"}  # scanner._TEXT_ENTITIES_NOT_PII
# scanner._HEADER_ONLY_OK
HEADER_ONLY_OK = {
    "PERSON",
    "LOCATION",
    "GENDER",
    "AGE",
    "MARITAL_STATUS",
    "RACE_ETHNICITY",
    "RELIGION",
    "HEALTH",
    "JOB_TITLE",
    "USERNAME",
    "NATIONALITY",
    "COORDINATES",
    "CREDENTIAL",
    "SEXUAL_ORIENTATION",
    "POLITICAL_OPINION",
    "TRADE_UNION",
    "CRIMINAL_RECORD",
    "MEDICAL_LICENSE",
    "US_DRIVER_LICENSE",
    "US_PASSPORT",
    "NATIONAL_ID",
    "STREET_ADDRESS",
    "US_BANK_NUMBER",
    "NRP",
    "BIOMETRIC",
}
# scanner._CODED_ATTRIBUTES
CODED_ATTRIBUTES = {
    "GENDER",
    "MARITAL_STATUS",
    "RACE_ETHNICITY",
    "RELIGION",
    "HEALTH",
    "CRIMINAL_RECORD",
    "NATIONALITY",
    "SEXUAL_ORIENTATION",
    "POLITICAL_OPINION",
    "TRADE_UNION",
    "JOB_TITLE",
    "LOCATION",
}
# redaction._TAIL_MASKED
TAIL_MASKED = {
    "CREDIT_CARD",
    "PHONE_NUMBER",
    "US_SSN",
    "IBAN_CODE",
    "US_BANK_NUMBER",
    "US_ITIN",
    "UK_NHS",
    "US_DRIVER_LICENSE",
    "US_PASSPORT",
    "NATIONAL_ID",
    "MEDICAL_LICENSE",
    "DEVICE_ID",
}
COMPACT_NORMALISED = TAIL_MASKED | {"MAC_ADDRESS"}  # redaction._COMPACT_NORMALISED
CASE_INSENSITIVE = {"EMAIL_ADDRESS", "URL", "IBAN_CODE", "MAC_ADDRESS"}  # redaction._CASE_INSENSITIVE
DATE_ENTITIES = {"DATE_OF_BIRTH", "DATE_TIME"}  # redaction._DATE_ENTITIES

# Entities added after those tables were retired: national identifiers, one recogniser module each. They take
# the rules of an identifying number (tail mask, compact pseudonym, confirmed by their own values).
ADDED_SINCE = {"BR_CPF", "IN_AADHAAR", "ES_NIF"}
OLD = [e for e in ENTITIES.values() if e.name not in ADDED_SINCE]


def _old_where(predicate: Any) -> frozenset[str]:
    return entities_where(predicate, OLD)


def test_entities_added_since_are_identifying_numbers() -> None:
    for name in ADDED_SINCE:
        entity = ENTITIES[name]
        assert (entity.category, entity.mask_style, entity.pseudonym_form) == ("direct", "tail", "compact")
        assert entity.confirmed_by == (name,)


def test_confirming_value_evidence_reproduces_the_old_table() -> None:
    assert {e.name: set(e.confirmed_by) for e in OLD if e.confirmed_by} == SUPPORTED_BY


def test_value_alone_rules_reproduce_the_old_tables() -> None:
    caps = {e.name: e.value_alone_cap for e in OLD if e.value_alone_cap is not None}
    assert caps == WEAK_BY_VALUE_ALONE
    assert _old_where(lambda e: not e.pii_by_value_alone) == NOT_PII_BY_VALUE_ALONE
    assert _old_where(lambda e: not e.pii_in_text) == TEXT_ENTITIES_NOT_PII


def test_header_only_rules_reproduce_the_old_tables() -> None:
    assert _old_where(lambda e: e.header_only_ok) == HEADER_ONLY_OK
    assert _old_where(lambda e: e.coded_attribute) == CODED_ATTRIBUTES
    # a header alone may assign exactly the entities no value pattern can check (DATE_TIME is never
    # assigned from a header: it has no header terms of its own)
    assert HEADER_ONLY_OK == _old_where(lambda e: not e.confirmed_by) - {"DATE_TIME"}


def test_redaction_rules_reproduce_the_old_tables() -> None:
    assert _old_where(lambda e: e.mask_style == "tail") == TAIL_MASKED
    assert _old_where(lambda e: e.mask_style == "email") == {"EMAIL_ADDRESS"}
    assert _old_where(lambda e: e.mask_style == "all") == {e.name for e in OLD} - TAIL_MASKED - {"EMAIL_ADDRESS"}
    assert _old_where(lambda e: e.pseudonym_form == "compact") == COMPACT_NORMALISED
    # "compact" casefolds too: redaction casefolded _CASE_INSENSITIVE | _COMPACT_NORMALISED
    assert _old_where(lambda e: e.pseudonym_form == "casefold") == CASE_INSENSITIVE - COMPACT_NORMALISED
    assert _old_where(lambda e: e.pseudonym_form != "text") == CASE_INSENSITIVE | COMPACT_NORMALISED
    assert _old_where(lambda e: e.is_date) == DATE_ENTITIES


def test_existing_fields_are_unchanged() -> None:
    # positional construction with the five original fields still works, and the new rules default
    entity = Entity("X_ID", "direct", "an id", "mask", True)
    assert (entity.default_action, entity.protected, entity.mask_style, entity.confirmed_by) == (
        "mask",
        True,
        "all",
        (),
    )
    assert get_entity("DATE_OF_BIRTH").category == "quasi"
    assert get_entity("EMAIL_ADDRESS").header_terms == ()
    assert all(e.header_terms == () for e in ENTITIES.values())
    assert all(c in ENTITIES for e in ENTITIES.values() for c in e.confirmed_by)


# -- redaction does what the catalogue says (holds before and after redaction reads the fields) ---
PROBE = {
    "tail": "4111-1111 1111 1111",
    "email": "Ann.Smith@Example.org",
    "all": "Ann Smith lives here",
}


@pytest.mark.parametrize("name", sorted(ENTITIES))
def test_mask_keeps_what_the_mask_style_says(name: str) -> None:
    entity = ENTITIES[name]
    masked = redact_series(pd.Series([PROBE[entity.mask_style]]), name, "mask", Policy(mask_keep=4)).iloc[0]
    if entity.mask_style == "tail":
        assert masked.endswith("1111") and masked.startswith("*") and "-" not in masked
    elif entity.mask_style == "email":
        assert masked == "****@Example.org"
    else:
        assert set(masked) == {"*"}


@pytest.mark.parametrize("name", sorted(ENTITIES))
def test_pseudonyms_join_the_spellings_the_pseudonym_form_says(name: str) -> None:
    form = ENTITIES[name].pseudonym_form
    variants = pd.Series(["ab-12 CD", "  ab-12   CD ", "AB-12 cd", "ab12cd"])
    tokens = redact_series(variants, name, "pseudonymize", Policy(key="catalogue-test-key")).tolist()
    assert tokens[0] == tokens[1]  # whitespace never matters
    assert (tokens[0] == tokens[2]) is (form in ("casefold", "compact"))
    assert (tokens[0] == tokens[3]) is (form == "compact")


@pytest.mark.parametrize("name", sorted(ENTITIES))
def test_generalize_keeps_the_year_of_date_entities(name: str) -> None:
    out = redact_series(pd.Series(["1990-05-17"]), name, "generalize", Policy()).iloc[0]
    if ENTITIES[name].is_date:
        assert out == "1990"
    else:
        assert out != "1990"


# -- the rules are checked ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("category", "secret", "category must be one of"),
        ("mask_style", "head", "mask_style must be one of 'all', 'tail', 'email', got 'head'"),
        ("pseudonym_form", "lower", "pseudonym_form must be one of"),
        ("value_alone_cap", 1.5, "value_alone_cap must be None or in [0, 1], got 1.5"),
        ("confirmed_by", "BR_CPF", "confirmed_by must be a tuple of non-empty strings"),
        ("header_terms", ("cpf", ""), "header_terms must be a tuple of non-empty strings"),
    ],
)
def test_a_wrong_rule_is_refused_with_a_clear_message(field: str, value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("(", r"\(")):
        Entity(**{"name": "BR_CPF", "category": "direct", "description": "a CPF", field: value})  # type: ignore[arg-type]


# -- unknown entities and plugins ------------------------------------------------------------------
def test_an_unknown_entity_gets_the_default_rules() -> None:
    rules = rules_for("ORGANIZATION")
    assert rules.name == "ORGANIZATION"
    assert (rules.mask_style, rules.pseudonym_form, rules.is_date) == ("all", "text", False)
    assert (rules.confirmed_by, rules.value_alone_cap) == ((), None)
    assert rules.pii_by_value_alone and rules.pii_in_text
    assert not (rules.header_only_ok or rules.coded_attribute)
    assert rules_for("US_SSN") is ENTITIES["US_SSN"]


def _column(values: list[str]) -> object:
    return next(iter_columns(pd.DataFrame({"c": values})))


def test_the_vote_applies_a_plugin_entitys_rules_and_defaults_for_unknown_ones() -> None:
    catalogue = builtin_registry()
    catalogue.register(Entity("MX_CURP", "direct", "a Mexican CURP", value_alone_cap=0.4))
    col = _column(["a", "b", "c"])
    values = {
        "MX_CURP": Evidence("pattern:mx_curp", "MX_CURP", 0.9),
        "ORGANIZATION": Evidence("text:whole-cell", "ORGANIZATION", 0.8),
        "DATE_TIME": Evidence("pattern:date_iso", "DATE_TIME", 0.9),
    }
    signals = scanner_module._Signals({}, values, {})
    scores = scanner_module._combine(col, signals, catalogue)  # type: ignore[arg-type]
    # the plugin's cap applies, the unknown entity keeps its score, dates alone are not PII
    assert scores == {"MX_CURP": 0.4, "ORGANIZATION": 0.8}


def test_the_scanner_reads_the_catalogue_it_is_given() -> None:
    frame = pd.DataFrame({"contact_value": [f"person{i}@example.org" for i in range(30)]})
    policy = Policy(ner="off")
    assert Scanner(entities=builtin_registry()).scan(frame, policy=policy).columns["contact_value"].entity == (
        "EMAIL_ADDRESS"
    )
    capped = builtin_registry()
    capped.register(replace(ENTITIES["EMAIL_ADDRESS"], value_alone_cap=0.3), replace=True)
    finding = Scanner(entities=capped).scan(frame, policy=policy).columns["contact_value"]
    assert finding.entity is None and finding.score == 0.3
    without = builtin_registry()
    without.unregister("EMAIL_ADDRESS")
    assert Scanner(entities=without).scan(frame, policy=policy).columns["contact_value"].entity is None


def test_the_session_owns_an_entity_registry_with_the_builtins() -> None:
    assert "entities" in BUILTINS
    registries = Registries(load_plugins=False)
    catalogue = registries.get("entities")
    assert catalogue.names() == list(ENTITIES)
    assert catalogue.get("DATE_OF_BIRTH") is ENTITIES["DATE_OF_BIRTH"]
    assert registries.get("entities") is catalogue


def test_a_plugin_adds_an_entity_through_the_entry_point_group(monkeypatch: pytest.MonkeyPatch) -> None:
    curp = Entity("MX_CURP", "direct", "a Mexican CURP", header_terms=("curp",))
    published = [
        SimpleNamespace(name="curp", load=lambda: lambda: [curp]),
        SimpleNamespace(name="broken", load=lambda: Entity("lower case", "direct", "refused")),
    ]
    seen: list[str] = []

    def entry_points(group: str) -> list[SimpleNamespace]:
        seen.append(group)
        return published

    monkeypatch.setattr("importlib.metadata.entry_points", entry_points)
    registries = Registries()
    catalogue = registries.get("entities")
    assert seen == ["jupyter_privguard.entities"]
    assert registries.plugins["entities"] == ["MX_CURP"]
    assert catalogue.get("MX_CURP") is curp
    assert rules_for("MX_CURP", catalogue) is curp
    assert "MX_CURP" not in ENTITIES  # the built-in catalogue is not changed by a session's plugins
    with pytest.raises(TypeError, match="expected an Entity, got str"):
        catalogue.register("MX_CURP")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="already registered"):
        catalogue.register(curp)
