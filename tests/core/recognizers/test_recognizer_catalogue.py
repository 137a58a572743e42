"""The built-in recognisers, put together from their modules, are the ones of the single catalogue before the split."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from jupyter_privguard.detect.patterns import PatternRecognizer, PatternRegistry, builtin_recognizers
from jupyter_privguard.detect.recognizers.catalogue import recognizer_modules

# every field of every built-in recogniser (the validator by its qualified name), captured from the
# one-module catalogue before it was split; the street suffixes are in a fixed order since the split
FINGERPRINT = Path(__file__).parents[2] / "data" / "builtin_recognizers_fingerprint.json"

# the recognisers added after the split, each by its own module
ADDED = {
    "phone_extension",  # issue 11: a phone-shaped run with an extension, whatever its numbering plan
    "br_cpf",
    "br_cpf_digits",
    "in_aadhaar",
    "in_aadhaar_digits",
    "es_nif",
    "date_cjk",
    "birth_date_compact",
    "jp_postcode",
    "jp_postcode_digits",
    "pl_postcode",
    "street_cjk",
    "street_korean",
    "street_cyrillic",
    "street_turkish",
    "street_european",
    "street_rtl",
    "street_devanagari",
    # issue 13: national identity and tax numbers with check digits (country_specific/national_ids)
    "pl_pesel",
    "cz_birth_number",
    "dk_cpr",
    "no_fodselsnummer",
    "se_personnummer",
    "fi_hetu",
    "ro_cnp",
    "bg_egn",
    "rs_jmbg",
    "hr_oib",
    "de_tax_id",
    "nl_bsn",
    "fr_nir",
    "it_codice_fiscale",
    "hu_taj",
    "hu_tax_id",
    "gr_amka",
    "ru_snils",
    "ua_rnokpp",
    "tr_kimlik",
    "cn_resident_id",
    "kr_rrn",
    "jp_my_number",
    "sa_national_id",
    "il_teudat_zehut",
}

# the prefilter groups of the text engine before the split (then a table in the engine)
OLD_GROUPS = (
    (
        "credit_card",
        "us_ssn",
        "us_ssn_spaced",
        "us_ssn_digits",
        "us_itin",
        "us_itin_digits",
        "uk_nhs",
        "uk_nhs_other",
        "imei",
        "imei_digits",
        "us_zip4",
        "br_cep",
        "phone_digits",
        "ipv4",
    ),
    ("password_hash", "jwt", "api_key", "crypto_eth", "crypto_btc"),
    ("date_text", "date_month_year", "date_short", "date_ymd"),
    ("street_address", "street_address_intl", "street_name_number", "po_box"),
    ("iban", "uk_postcode", "ca_postcode", "nl_postcode", "mac_address", "url", "uuid", "hex_digest"),
)


def _fingerprint(recognizer: PatternRecognizer, fields: list[str]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for name in fields:
        value = getattr(recognizer, name)
        if name == "validator":
            value = None if value is None else value.__qualname__
        elif isinstance(value, tuple):
            value = list(value)
        row[name] = value
    return row


def test_the_modules_give_the_old_recognisers_in_the_old_order() -> None:
    old = json.loads(FINGERPRINT.read_text(encoding="utf-8"))
    new = builtin_recognizers()
    fields = list(old[0])
    assert [r.name for r in new[: len(old)]] == [row["name"] for row in old]
    assert [_fingerprint(r, fields) for r in new[: len(old)]] == old
    assert {r.name for r in new[len(old) :]} == ADDED


def test_every_recogniser_field_is_in_the_fingerprint() -> None:
    old = json.loads(FINGERPRINT.read_text(encoding="utf-8"))
    # search_group came with the split (it replaced the engine's table, checked below)
    assert set(old[0]) == {f.name for f in dataclasses.fields(PatternRecognizer)} - {"search_group"}


def test_search_groups_are_the_old_prefilter_groups() -> None:
    by_name = {r.name: r for r in builtin_recognizers()}
    for names in OLD_GROUPS:
        assert len({by_name[n].search_group for n in names}) == 1, names
    old_grouped = {n for names in OLD_GROUPS for n in names}
    for name, recognizer in by_name.items():
        if name not in old_grouped and name not in ADDED:
            assert recognizer.search_group == "", name
    assert len({by_name[names[0]].search_group for names in OLD_GROUPS}) == len(OLD_GROUPS)


def test_each_module_is_found_once_and_builds_fresh_objects() -> None:
    modules = recognizer_modules()
    assert len(modules) == len(set(modules))
    assert all(m.startswith(("generic.", "country_specific.")) for m in modules)
    assert builtin_recognizers() is not builtin_recognizers()
    assert len(PatternRegistry.default()) == len(builtin_recognizers())
