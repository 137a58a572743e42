"""The multilingual column benchmark's data is what it claims, and its scoring is the English set's.

Nothing is timed here; ``benchmarks/`` is put on ``sys.path`` as ``test_bench_speed_data.py`` does.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

pytest.importorskip("faker")
pytest.importorskip("mimesis")
ml: Any = pytest.importorskip("_multilingual")
ids: Any = pytest.importorskip("_multilingual_ids")
bench: Any = pytest.importorskip("bench_columns")

from jupyter_privguard.entities import ENTITIES  # noqa: E402

ROWS = 300  # the smallest size the benchmark may run with


@pytest.fixture(scope="module")
def tables() -> list[Any]:
    return ml.tables(rows=ROWS)


def test_the_stated_locales_two_tables_each_from_two_generators(tables: list[Any]) -> None:
    stated = (
        "ja_JP zh_CN ko_KR ru_RU uk_UA pl_PL cs_CZ tr_TR pt_BR sv_SE da_DK nb_NO fi_FI hu_HU ro_RO el_GR ar_SA "
        "he_IL hi_IN de_DE fr_FR es_ES it_IT nl_NL"
    ).split()
    assert sorted({t.locale for t in tables}) == sorted(stated)
    for code in stated:
        sources = sorted(t.source for t in tables if t.locale == code)
        assert len(sources) == 2 and sources[0].startswith("faker "), (code, sources)
        assert sources[1].startswith(("mimesis ", "own lists + faker ")), (code, sources)
    assert {t.source for t in tables if t.source.startswith("own")} == {
        "own lists + faker ro_RO",
        "own lists + faker he_IL",
        "own lists + faker hi_IN",
    }
    assert all(300 <= len(t.frame) <= 1000 for t in tables)


def test_text_is_in_the_locale_script(tables: list[Any]) -> None:
    scripts = {"ja_JP": "[\u3040-\u30ff\u4e00-\u9fff]", "ko_KR": "[\uac00-\ud7af]", "ru_RU": "[а-яА-Я]",
               "el_GR": "[\u0370-\u03ff]", "ar_SA": "[\u0600-\u06ff]", "he_IL": "[\u0590-\u05ff]",
               "hi_IN": "[\u0900-\u097f]", "zh_CN": "[\u4e00-\u9fff]"}  # fmt: skip
    for t in tables:
        if t.locale in scripts:
            names = t.frame[next(c for c, f in t.fields.items() if f == "full_name")]
            share = names.str.contains(scripts[t.locale]).mean()
            assert share > 0.9, (t.name, share)


def test_personal_values_are_near_unique(tables: list[Any]) -> None:
    for t in tables:
        for col, field in t.fields.items():
            if field in ml.DISTINCT:
                values = t.frame[col].dropna()
                assert values.nunique() / len(values) >= 0.97, (t.name, field)
        # and the row as a whole singles a person out
        assert not t.frame.duplicated().any()


def test_national_ids_have_valid_check_digits(tables: list[Any]) -> None:
    for t in tables:
        spec = ml.BY_CODE[t.locale] if hasattr(ml, "BY_CODE") else None
        spec = spec or next(s for s in ml.LOCALES if s.code == t.locale)
        check = ids.VALIDATORS[spec.national_id]
        col = next(c for c, f in t.fields.items() if f == "national_id")
        bad = [v for v in t.frame[col] if not check(v)]
        assert not bad, (t.name, len(bad))
        imei = next(c for c, f in t.fields.items() if f == "imei")
        assert all(len(v) == 15 and ids.luhn_valid(v) for v in t.frame[imei])
        money = next(c for c, f in t.fields.items() if f == "money")
        values = t.frame[money].dropna()
        if t.labels[money] == "IBAN_CODE":
            assert all(v.startswith(spec.iban[0]) and ids.iban_valid(v) for v in values), t.name
        else:
            assert all(ids.luhn_valid(v) for v in values), t.name


@pytest.mark.parametrize(
    ("check", "number"),
    [  # published examples (registries' documentation and the numbers' Wikipedia pages)
        ("valid_pesel", "44051401359"),
        ("valid_rodne_cislo", "736028/5163"),
        ("valid_tc_kimlik", "10000000146"),
        ("valid_personnummer", "811228-9874"),
        ("valid_cpr", "070761-4285"),
        ("valid_fodselsnummer", "01010750160"),
        ("valid_henkilotunnus", "131052-308T"),
        ("valid_cnp", "1800101221144"),
        ("valid_shenfenzheng", "11010519491231002X"),
        ("valid_cpf", "529.982.247-25"),
        ("valid_dni", "12345678Z"),
        ("valid_bsn", "111222333"),
        ("valid_aadhaar", "2341 2341 2346"),
        ("valid_snils", "112-233-445 95"),
        ("valid_steuer_id", "86095742719"),
        ("valid_codice_fiscale", "RSSMRA85T10A562S"),
        ("iban_valid", "DE89 3704 0044 0532 0130 00"),
        ("luhn_valid", "490154203237518"),
    ],
)
def test_checksums_accept_published_examples_and_reject_a_changed_digit(check: str, number: str) -> None:
    valid = getattr(ids, check)
    assert valid(number)
    i = max(i for i, c in enumerate(number[:-1]) if c.isdigit())
    changed = number[:i] + str((int(number[i]) + 1) % 10) + number[i + 1 :]
    assert not valid(changed)


def test_generated_ids_follow_the_birth_date() -> None:
    rng = __import__("random").Random(3)
    born = date(1971, 2, 8)
    assert ids.pesel(rng, born, True).startswith("710208")
    assert ids.shenfenzheng(rng, born, False)[6:14] == "19710208"
    assert ids.rrn(rng, born, False).startswith("710208-1")
    assert ids.cpr(rng, born, True).startswith("080271-")
    assert ids.henkilotunnus(rng, date(2003, 5, 1), True)[6] == "A"
    assert int(ids.cnp(rng, born, True)[0]) == 2


def test_decoys_in_every_table_and_labels_from_the_catalogue(tables: list[Any]) -> None:
    for t in tables:
        fields = set(t.fields.values())
        assert set(ml.DECOYS) <= fields, t.name
        assert {e for e in t.labels.values() if e} <= set(ENTITIES)
        by_field = {t.fields[c]: e for c, e in t.labels.items()}
        assert by_field["imei"] == "DEVICE_ID" and by_field["wallet"] == "CRYPTO" and by_field["city"] == "LOCATION"
        assert all(by_field[f] == "" for f in ml.DECOYS if f not in ("imei", "wallet"))
        assert sum(bool(e) for e in t.labels.values()) == 15
        wallet = next(c for c, f in t.fields.items() if f == "wallet")
        assert t.frame[wallet].str.fullmatch(r"0x[0-9a-fA-F]{40}").all()
        if t.headers == "local":  # the wallet sits under the local word for "address"
            assert wallet == __import__("_multilingual_locales").BY_CODE[t.locale].header("wallet")


def test_half_the_tables_have_unhelpful_headers(tables: list[Any]) -> None:
    unhelpful = [t for t in tables if t.headers == "unhelpful"]
    assert len(unhelpful) * 2 == len(tables)
    # both generators get both kinds of header
    assert {t.source.split()[0] for t in unhelpful} >= {"faker", "mimesis"}
    pattern = re.compile(r"(col_\d+|f\d+|field_[a-z]+|x\d+|c\d\d|v_[a-z]+)")
    for t in tables:
        names = list(t.frame.columns)
        assert len(set(names)) == len(names)
        if t.headers == "unhelpful":
            assert all(pattern.fullmatch(n) for n in names), t.name
        else:
            assert not any(pattern.fullmatch(n) for n in names), t.name


def test_local_birth_formats() -> None:
    d = date(1971, 2, 8)
    f = ml.DATE_FORMATS
    assert (f["ko"](d), f["cjk"](d), f["dot"](d), f["cs"](d), f["compact"](d)) == (
        "1971년 02월 08일",
        "1971年2月8日",
        "08.02.1971",
        "8. 2. 1971",
        "19710208",
    )


def test_generation_is_deterministic() -> None:
    a = ml.tables(rows=30, locales=("ko_KR", "he_IL"))
    b = ml.tables(rows=30, locales=("ko_KR", "he_IL"))
    assert [t.frame.equals(u.frame) for t, u in zip(a, b)] == [True] * 4
    assert [t.labels for t in a] == [t.labels for t in b]


def test_scoring_on_a_hand_made_case() -> None:
    import pandas as pd

    frame = pd.DataFrame({"a": ["x"], "b": ["y"], "c": ["z"], "d": ["w"]})
    ds = bench.Dataset(
        "tiny", "multilingual", frame, {"a": "PERSON", "b": "DATE_OF_BIRTH", "c": "", "d": "EMAIL_ADDRESS"}
    )
    pred = bench.Prediction(
        entity={"a": "PERSON", "b": "DATE_TIME", "c": "LOCATION", "d": None},
        is_pii={"a": True, "b": True, "c": True, "d": False},
        display=dict.fromkeys("abcd", "-"),
    )
    tally, wrong = bench.score(ds, pred)
    # 3 labelled, 3 predicted, 2 both: column P = R = 2/3; exact entity: only "a" -> 1/3
    assert (tally.labelled, tally.predicted, tally.hit, tally.exact) == (3, 3, 2, 1)
    assert tally.pii()[2] == pytest.approx(2 / 3) and tally.entity()[2] == pytest.approx(1 / 3)
    assert [w[0] for w in wrong] == ["b", "c", "d"]


def test_report_lists_every_table_and_both_systems() -> None:
    report: Any = pytest.importorskip("_multilingual_report")
    t = ml.tables(rows=20, locales=("de_DE",))
    results, tallies = {}, {}
    for s in ("ours", "presidio-structured"):
        results[s] = {}
        tallies[s] = {}
        for table in t:
            pred = bench.Prediction(
                entity={c: (e or None) for c, e in table.labels.items()},
                is_pii={c: bool(e) for c, e in table.labels.items()},
            )
            results[s][table.name] = pred
            tallies[s][table.name] = bench.score(bench.Dataset(table.name, "m", table.frame, table.labels), pred)[0]
    text = report.build(t, tallies, results, ["ours", "presidio-structured"], bench.Tally())
    assert "| de_DE  | faker de_DE " in text and "mimesis de" in text
    assert "ps exact entity F1" in text and "all (2 tables, 54 cols, 30 PII)" in text
    # a perfect prediction scores 1 everywhere
    per_table = text.split("### Per locale and table")[1].split("### Per entity")[0]
    assert per_table.count("1.000") == 2 * 4 and "0." not in per_table
