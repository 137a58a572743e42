"""The speed benchmark's data is what it claims: near-unique, valid, and its leak check finds a planted value.

Nothing is timed here; ``benchmarks/`` is put on ``sys.path`` as ``tests/spark/test_spark_setup.py`` does.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

people: Any = pytest.importorskip("_people")
check: Any = pytest.importorskip("_speed_check")
pytest.importorskip("mimesis")

ROWS = 50_000


@pytest.fixture(scope="module")
def frame() -> Any:
    return people.speed_frame(ROWS)


def test_shape_and_types(frame: Any) -> None:
    assert frame.shape == (ROWS, 20)
    assert list(frame.columns[:3]) == ["customer_id", "name", "email"]
    assert str(frame["email"].dtype) == "str" and frame["amount"].dtype.kind == "f"
    assert frame["customer_id"].is_unique and frame["order_id"].is_unique


def test_every_direct_identifier_is_near_unique(frame: Any) -> None:
    for column in people.SPEED_DIRECT:
        share = frame[column].nunique() / len(frame)
        assert share >= 0.99, (column, share)
    # the small-domain quasi-identifiers repeat, as they must, but together they nearly single a person out
    combined = frame[["birth_date", "zip", "city"]].drop_duplicates()
    assert len(combined) / len(frame) >= 0.99


def test_names_come_from_several_locales(frame: Any) -> None:
    names = frame["name"].tolist()
    assert any(re.search(r"[^\x00-\x7f]", n) for n in names)  # accents, umlauts
    assert sum(bool(re.fullmatch(r"\S+ [A-Z]\. \S+", n)) for n in names) > 0.2 * len(names)
    assert frame["email"].str.fullmatch(r"[a-z]+[._]?[a-z]*\d+@[a-z.]+").mean() > 0.99


def test_cards_pass_luhn_in_every_written_form(frame: Any) -> None:
    cards = frame["card"].tolist()
    assert all(people.luhn_valid(re.sub(r"[ -]", "", c)) for c in cards)
    assert {len(c) for c in cards} == {16, 19}  # plain, and grouped by four with spaces or dashes
    assert all(re.sub(r"[ -]", "", c)[0] in "45" for c in cards)


def test_ibans_have_valid_check_digits(frame: Any) -> None:
    ibans = frame["iban"].tolist()
    assert all(people.iban_valid(i) for i in ibans)
    assert {i[:2] for i in ibans} == {"DE", "GB", "NL"}
    assert any(" " in i for i in ibans) and any(" " not in i for i in ibans)
    assert not people.iban_valid("DE00" + ibans[0].replace(" ", "")[4:])  # the check does reject


def test_phones_are_numbers_phonenumbers_accepts(frame: Any) -> None:
    phonenumbers = pytest.importorskip("phonenumbers")
    phones = frame["phone"].tolist()[:5_000]
    valid = [phonenumbers.is_valid_number(phonenumbers.parse(p, "US")) for p in phones]
    assert all(valid), sum(not v for v in valid)
    assert len({re.sub(r"\d", "9", p) for p in phones}) == 5  # five written forms


def test_other_personal_values_have_their_shapes(frame: Any) -> None:
    import ipaddress

    head = frame.head(5_000)
    assert head["ssn"].str.fullmatch(r"(?!000|666)\d{3}[- ](?!00)\d{2}[- ](?!0000)\d{4}").all()
    for ip in head["ip"].tolist():
        assert ipaddress.ip_address(ip).is_global, ip
    assert head["birth_date"].str.fullmatch(r"(19[4-9]\d|200[0-5])-\d\d-\d\d").all()
    assert head["comment"].map(check.comment_name).notna().mean() > 0.3


def test_rows_depend_only_on_the_seed() -> None:
    a, b = people.speed_frame(1_000), people.speed_frame(1_000)
    assert a.equals(b)
    assert not a["email"].equals(people.speed_frame(1_000, seed=12)["email"])


def test_the_checker_finds_a_planted_raw_value(frame: Any) -> None:
    policy = type("P", (), {"action_for": staticmethod(lambda e: "keep" if e == "LOCATION" else "redact")})()
    columns = check.checked_columns(policy)
    assert "city" not in columns and {"name", "email", "card", "iban", "birth_date"} <= set(columns)
    labels = [3, 7, 11]
    truth = check.row_truth(frame, labels, columns)
    row = frame.loc[7]
    clean = "<td>&lt;EMAIL_ADDRESS&gt;</td> ORD-000123 " + " ".join(sorted(truth.utility))
    verdict = check.check_output(clean, truth)
    assert verdict.leaked == 0 and verdict.kept == 1.0
    for planted in (row["email"], row["card"], row["iban"], row["name"]):
        for written in (planted, "<td>" + planted + "</td>", '"' + planted + '"'):
            verdict = check.check_output(clean + " " + written, truth)
            assert verdict.leaked == 1 and verdict.where() == f"{truth.personal[planted]} 1", written
    # a name written into a comment counts too, and so does a long value cut where pandas cuts it
    named = next(i for i in range(len(frame)) if check.comment_name(frame.loc[i, "comment"]))
    truth2 = check.row_truth(frame, [named], columns)
    assert check.check_output(check.comment_name(frame.loc[named, "comment"]), truth2).leaked == 1
    long = "Wolfgang Amadeus Theophilus Alessandro Maximilian Habsburg-Lothringen"
    assert check.check_output(long[:46] + "...", check.Truth(personal={long: "name"})).leaked == 1
    # a postal code inside an order number is not a leak; one standing alone is
    zip5 = next(z for z in frame["zip"].tolist() if z.isdigit())
    assert check.check_output(f"ORD-9{zip5}1", check.Truth(personal={zip5: "zip"})).leaked == 0
    assert check.check_output(f"zip {zip5}.", check.Truth(personal={zip5: "zip"})).leaked == 1
    # a lost utility value is counted as lost only when pandas shows it
    verdict = check.check_output("nothing", truth, plain=clean)
    assert verdict.kept == 0.0 and set(verdict.lost_by_column) == {"order_id", "sku", "product"}
    assert check.check_output("nothing", truth, plain="nothing").kept is None


def test_message_text_reads_every_string_of_a_message() -> None:
    content = {"data": {"text/plain": "a", "application/json": {"k": ["b", 3]}}, "metadata": {"m": None}}
    text = check.message_text(content)
    assert all(part in text.split("\n") for part in ("a", "b", "k", "3", "text/plain"))


def test_shown_positions_follow_pandas() -> None:
    assert check.shown_positions(60, 60, 10) == list(range(60))
    assert check.shown_positions(1_000, 60, 10) == [0, 1, 2, 3, 4, 995, 996, 997, 998, 999]
    assert check.shown_positions(61, None, 10) == list(range(61))


def test_the_wide_frame_and_the_row_names() -> None:
    bench: Any = pytest.importorskip("bench_speed")
    wide = bench.wide_frame(people.speed_frame(5_000))
    assert wide.shape == (50, 2_000) and wide.columns.is_unique
    emails = wide[[c for c in wide.columns if c.startswith("email_")]].to_numpy().ravel()
    assert len(set(emails)) == emails.size  # every block holds other people
    assert bench._selected("derived,again") == set(bench.DERIVED) | {"again"}
    with pytest.raises(SystemExit):
        bench._selected("nonsense")
