"""NATIONAL_ID (country_specific/national_ids): identity and tax numbers with check digits, 25 countries.

The known-good numbers are the specimen numbers the issuing bodies and standard references print
(Poland's 44051401359, Finland's 131052-308T, Italy's RSSMRA85T10A562S ...); every one must pass and
every one-digit change of its check digit must fail. Columns are built from random bodies completed
with the digit that makes them valid, and decoys (order ids of the same length, numbers whose check
digit is right by chance one time in ten) must not become identity numbers.
"""

from __future__ import annotations

import random
import string

import pandas as pd
import pytest

import jupyter_privguard as pg
from jupyter_privguard.detect.patterns import PatternRegistry, find_spans, match_values
from jupyter_privguard.detect.recognizers.country_specific.national_ids import _checks as checks

NO_NER = pg.Policy(ner="off")

SPECIMENS = [
    ("pl_pesel", "44051401359"),
    ("se_personnummer", "811218-9876"),
    ("se_personnummer", "19811218-9876"),
    ("fi_hetu", "131052-308T"),
    ("it_codice_fiscale", "RSSMRA85T10A562S"),
    ("cn_resident_id", "11010519491231002X"),
    ("tr_kimlik", "10000000146"),
    ("nl_bsn", "111222333"),
    ("fr_nir", "2 55 08 14 168 025 38"),
    ("fr_nir", "255081416802538"),
    ("de_tax_id", "86095742719"),
    ("hr_oib", "69435151530"),
    ("bg_egn", "7523169263"),
    ("il_teudat_zehut", "000000018"),
]


@pytest.mark.parametrize(("check", "value"), SPECIMENS)
def test_specimen_numbers_pass_and_a_wrong_check_digit_fails(check: str, value: str) -> None:
    validate = getattr(checks, check)
    assert validate(value) is True
    last = value[-1]
    pool = string.digits if last.isdigit() else "0123456789ABCDEFHJKLMNPRSTUVWXY"
    for other in pool:
        if other != last:
            assert validate(value[:-1] + other) is False, (check, value[:-1] + other)


@pytest.mark.parametrize("check", sorted(checks.__all__))
def test_odd_input_is_false_never_an_error(check: str) -> None:
    validate = getattr(checks, check)
    for value in ("", " ", "0", "00000000000", "１２３４５６７８９０１", "abc", "1" * 40, "12-34", "٠١٢٣٤٥٦٧٨٩٠"):
        assert validate(value) is False, (check, value)


# how to build a valid number of each kind: a random body in the number's shape, then the check
# character found by trying every one (the validator is the only source of the rule here; its
# correctness is what the specimens above test)
def _birth(rng: random.Random) -> tuple[int, int, int]:
    return rng.randint(1940, 1999), rng.randint(1, 12), rng.randint(1, 28)


def _body(kind: str, rng: random.Random) -> tuple[str, str]:
    """(the number without its last character, the characters the last may be)."""
    y, m, d = _birth(rng)
    yy, digits = y % 100, string.digits
    n = lambda k: "".join(rng.choice(digits) for _ in range(k))  # noqa: E731
    return {
        "pl_pesel": (f"{yy:02d}{m:02d}{d:02d}{n(4)}", digits),
        "cz_birth_number": (f"{yy:02d}{m + 50:02d}{d:02d}/{n(3)}", digits),
        "dk_cpr": (f"{d:02d}{m:02d}{yy:02d}-{n(3)}", digits),
        "se_personnummer": (f"{yy:02d}{m:02d}{d:02d}-{n(3)}", digits),
        "fi_hetu": (f"{d:02d}{m:02d}{yy:02d}-{n(3)}", "0123456789ABCDEFHJKLMNPRSTUVWXY"),
        "ro_cnp": (f"{rng.choice('12')}{yy:02d}{m:02d}{d:02d}{n(5)}", digits),
        "tr_kimlik": (f"{rng.randint(1, 9)}{n(8)}", ""),  # two check digits: built below
        "gr_amka": (f"{d:02d}{m:02d}{yy:02d}{n(4)}", digits),
        "kr_rrn": (f"{yy:02d}{m:02d}{d:02d}-{rng.choice('12')}{n(5)}", digits),
        "cn_resident_id": (f"110105{y}{m:02d}{d:02d}{n(3)}", digits + "X"),
        "jp_my_number": (n(11), digits),
        "sa_national_id": (f"1{n(8)}", digits),
        "il_teudat_zehut": (n(8), digits),
        "nl_bsn": (f"{rng.randint(1, 9)}{n(7)}", digits),
        "ru_snils": (f"{rng.randint(100, 999)}-{n(3)}-{n(3)} ", ""),  # built below
        "ua_rnokpp": (f"{rng.randint(1, 4)}{n(8)}", digits),
        "hu_taj": (n(8), digits),
    }[kind]


def _valid(kind: str, rng: random.Random) -> str:
    validate = getattr(checks, kind)
    while True:
        body, pool = _body(kind, rng)
        if kind == "tr_kimlik":
            pool_pairs = [body + a + b for a in string.digits for b in string.digits]
        elif kind == "ru_snils":
            pool_pairs = [body + f"{k:02d}" for k in range(100)]
        else:
            pool_pairs = [body + ch for ch in pool]
        found = [x for x in pool_pairs if validate(x)]
        if found:
            return found[0]


KINDS = sorted(
    (
        "pl_pesel cz_birth_number dk_cpr se_personnummer fi_hetu ro_cnp tr_kimlik gr_amka kr_rrn "
        "cn_resident_id jp_my_number sa_national_id il_teudat_zehut nl_bsn ru_snils ua_rnokpp hu_taj"
    ).split()
)


def _column(kind: str, n: int = 200, seed: int = 13) -> list[str]:
    rng = random.Random(f"{kind}{seed}")
    return [_valid(kind, rng) for _ in range(n)]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("header", ["col_3", "f4"])
def test_a_column_of_valid_numbers_is_national_id_under_any_header(kind: str, header: str) -> None:
    finding = pg.scan(pd.DataFrame({header: _column(kind)}), policy=NO_NER).columns[header]
    assert finding.entity == "NATIONAL_ID", (kind, finding.candidates)


@pytest.mark.parametrize("length", [9, 10, 11, 12, 13, 18])
@pytest.mark.parametrize("header", ["order_id", "col_3"])
def test_order_ids_of_an_id_length_are_not_national_ids(length: int, header: str) -> None:
    # random ids: some pass one country's check or another by chance, far too few to say identity number
    rng = random.Random(length)
    ids = [str(rng.randint(10 ** (length - 1), 10**length - 1)) for _ in range(300)]
    finding = pg.scan(pd.DataFrame({header: ids}), policy=NO_NER).columns[header]
    assert finding.entity != "NATIONAL_ID", (length, finding.candidates)
    hits = {h.recognizer: h for h in match_values(pd.Series(ids), PatternRegistry.default())}
    for name, hit in hits.items():
        if hit.entity == "NATIONAL_ID":
            assert hit.validated / hit.total < 0.25, name


def test_a_column_mixing_valid_numbers_with_random_ones_is_not_confirmed() -> None:
    # one in ten valid (the rate of chance): an id column that happens to hold a few checksummed numbers
    valid = _column("pl_pesel", 30)
    rng = random.Random(5)
    values = valid + [str(rng.randint(10**10, 10**11 - 1)) for _ in range(270)]
    finding = pg.scan(pd.DataFrame({"ref": values}), policy=NO_NER).columns["ref"]
    assert finding.entity != "NATIONAL_ID", finding.candidates


def test_a_local_id_header_over_aadhaar_numbers_stays_aadhaar() -> None:
    # a generic "national id" header and twelve-digit Aadhaar numbers, some passing Japan's check by chance
    from tests.core.recognizers.test_in_aadhaar import VALID, _grouped

    values = [_grouped(x) for x in VALID]
    finding = pg.scan(pd.DataFrame({"national_id": values}), policy=NO_NER).columns["national_id"]
    assert finding.entity == "IN_AADHAAR", finding.candidates


TEXTS = [
    ("Numer PESEL: 44051401359.", "44051401359"),
    ("henkilötunnus 131052-308T", "131052-308T"),
    ("codice fiscale RSSMRA85T10A562S", "RSSMRA85T10A562S"),
    ("order 44051401359 shipped", None),  # a valid number, no context word
]


@pytest.mark.parametrize(("text", "value"), TEXTS)
def test_spans_in_text_need_the_numbers_name(text: str, value: str | None) -> None:
    spans = [s for s in find_spans([text], PatternRegistry.default())[0] if s.entity == "NATIONAL_ID"]
    assert [text[s.start : s.end] for s in spans] == ([] if value is None else [value])
