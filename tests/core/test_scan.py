"""scan(): the vote over header, value and name evidence, table-driven, plus robustness."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from seeded import make_people

import jupyter_privguard as pg
from jupyter_privguard.errors import UnsupportedDataError
from jupyter_privguard.scanner import Scanner

NO_NER = pg.Policy(ner="off")

EXPECTED = {
    "id": None,
    "name": "PERSON",
    "email": "EMAIL_ADDRESS",
    "phone": "PHONE_NUMBER",
    "ssn": "US_SSN",
    "card": "CREDIT_CARD",
    "ip": "IP_ADDRESS",
    "dob": "DATE_OF_BIRTH",
    "zip": "POSTAL_CODE",
    "city": "LOCATION",
    "gender": "GENDER",
    "order_uuid": None,
    "created_at": None,
    "price": None,
    "sku": None,
    "version": None,
    "lat": "COORDINATES",
    "quantity": None,
    "sha": None,
    "plan": None,
}


@pytest.fixture(scope="module")
def report(people: pd.DataFrame) -> pg.ScanReport:
    return Scanner().scan(people, policy=NO_NER)


@pytest.mark.parametrize(("column", "entity"), sorted(EXPECTED.items()))
def test_people_frame_columns(report: pg.ScanReport, column: str, entity: str | None) -> None:
    finding = report.columns[column]
    assert finding.entity == entity, (column, finding.candidates)
    if entity is not None:
        assert finding.score >= 0.5 and finding.category is not None and finding.evidence


# The same values behind headers that say nothing: the values alone must carry the finding.
UNHELPFUL = {
    "email": "EMAIL_ADDRESS",
    "card": "CREDIT_CARD",
    "ip": "IP_ADDRESS",
    "ssn": "US_SSN",
    "name": "PERSON",
    "order_uuid": None,
    "created_at": None,
    "price": None,
    "version": None,
    "sha": None,
    "quantity": None,
}


@pytest.mark.parametrize(("column", "entity"), sorted(UNHELPFUL.items()))
def test_values_behind_unhelpful_headers(people: pd.DataFrame, column: str, entity: str | None) -> None:
    frame = people[[column]].set_axis(["field_7"], axis=1)
    finding = Scanner().scan(frame, policy=NO_NER).columns["field_7"]
    assert finding.entity == entity, (column, finding.candidates)


def test_nine_digit_ids_are_not_ssns_but_dashed_valid_ones_are() -> None:
    rng = np.random.default_rng(1)
    ids = pd.DataFrame({"id": rng.integers(100_000_000, 999_999_999, 500)})
    assert Scanner().scan(ids, policy=NO_NER).columns["id"].entity is None
    ssn_like = make_people(100)["ssn"]
    assert Scanner().scan(pd.DataFrame({"id": ssn_like}), policy=NO_NER).columns["id"].entity == "US_SSN"


def test_report_holds_no_values(people: pd.DataFrame, report: pg.ScanReport) -> None:
    text = report.to_json() + report.summary() + repr(report)
    json.loads(report.to_json())
    for column in ("email", "name", "phone", "ssn", "card", "ip", "dob"):
        for value in people[column].astype(str).head(50):
            assert value not in text


def test_to_dict_shape(report: pg.ScanReport) -> None:
    d = report.to_dict()
    assert d["columns"]["email"]["entity"] == "EMAIL_ADDRESS"
    assert d["columns"]["email"]["category"] == "direct"
    assert isinstance(d["columns"]["email"]["score"], float)
    assert d["columns"]["price"]["entity"] is None and d["columns"]["price"]["category"] is None
    assert "email" in d["pii_columns"] and "price" not in d["pii_columns"]


def test_second_scan_is_served_from_the_cache(people: pd.DataFrame) -> None:
    scanner = Scanner()
    first = scanner.scan(people, policy=NO_NER)
    again = scanner.scan(people.copy(), policy=NO_NER)
    assert first.cached == 0 and again.cached == people.shape[1]
    assert again.entities() == first.entities()


def test_policy_forces_and_allows_columns(people: pd.DataFrame) -> None:
    policy = NO_NER.replace(columns={"plan": "HEALTH"}, allow_columns=["email"])
    report = Scanner().scan(people[["plan", "email"]], policy=policy)
    assert report.columns["plan"].entity == "HEALTH"
    assert report.columns["email"].allowed and "email" not in report.pii_columns


def test_thresholds_change_the_decision(people: pd.DataFrame) -> None:
    report = Scanner().scan(people[["city"]], policy=NO_NER.replace(thresholds={"LOCATION": 0.99}))
    assert report.columns["city"].entity is None
    assert report.columns["city"].candidates[0][0] == "LOCATION"


ODD = {
    "empty_obj": pd.Series([None] * 4, dtype=object),
    "all_nan": pd.Series([np.nan] * 4),
    "bytes": pd.Series([b"a@b.co", b"c@d.org", b"\xff\xfe", b"x@y.io"]),
    "nested": pd.Series([["a@b.co"], {"e": "c@d.org"}, [], None]),
    "mixed": pd.Series(["a", 1, 2.5, {"k": 1}]),
    "huge": pd.Series(["word " * 200_000, "x", "y", "z"]),
    "cat": pd.Series(pd.Categorical(["Male", "Female", "Male", None])),
    "dt": pd.Series(pd.to_datetime(["2020-01-01", None, "2021-05-05", "2022-02-02"])),
    "td": pd.Series(pd.to_timedelta([1, 2, 3, 4], unit="s")),
    "complex": pd.Series([1 + 2j, 3j, 0j, 1j]),
    "bool": pd.Series([True, False, None, True], dtype="boolean"),
    "ints_as_float": pd.Series([4111111111111111.0, np.nan, 5500000000000004.0, 340000000000009.0]),
    "period": pd.Series(pd.period_range("2020-01", periods=4, freq="M")),
    "interval": pd.Series(pd.interval_range(0, 4)),
    "sparse": pd.Series(pd.arrays.SparseArray([0, 0, 1, 0])),
}


@pytest.mark.parametrize("name", sorted(ODD))
def test_odd_columns_get_a_finding_not_an_error(name: str) -> None:
    frame = pd.DataFrame({name: ODD[name]})
    finding = Scanner().scan(frame, policy=NO_NER).columns[name]
    assert 0.0 <= finding.score <= 1.0


def test_nested_and_bytes_emails_are_found() -> None:
    frame = pd.DataFrame({"a": ODD["bytes"], "b": ODD["nested"]})
    report = Scanner().scan(frame, policy=NO_NER)
    assert report.columns["a"].entity == "EMAIL_ADDRESS"


def test_empty_frames_and_shapes() -> None:
    assert Scanner().scan(pd.DataFrame(), policy=NO_NER).columns == {}
    empty = Scanner().scan(pd.DataFrame({"email": pd.Series([], dtype=str)}), policy=NO_NER)
    assert empty.n_rows == 0 and "email" in empty.columns
    wide = pd.DataFrame(np.zeros((2, 300)))
    assert len(Scanner().scan(wide, policy=NO_NER).columns) == 300


def test_series_and_duplicate_columns(people: pd.DataFrame) -> None:
    assert Scanner().scan(people["email"], policy=NO_NER).columns["email"].entity == "EMAIL_ADDRESS"
    dup = pd.concat([people[["email"]], people[["email"]]], axis=1)
    report = Scanner().scan(dup, policy=NO_NER)
    assert [f.position for f in report.columns.values()] == [0, 1]
    assert {f.entity for f in report.columns.values()} == {"EMAIL_ADDRESS"}


def test_polars(people: pd.DataFrame) -> None:
    pl = pytest.importorskip("polars")
    report = Scanner().scan(pl.from_pandas(people[["email", "price"]]), policy=NO_NER)
    assert report.kind == "polars.DataFrame" and report.entities() == {"email": "EMAIL_ADDRESS"}


@pytest.mark.parametrize("obj", [[1, 2], {"a": 1}, "a@b.co", 3])
def test_unsupported_input(obj: object) -> None:
    with pytest.raises(UnsupportedDataError):
        pg.scan(obj, policy=NO_NER)


def test_redacted_columns_are_not_personal_data_any_more(people: pd.DataFrame) -> None:
    for action in ("redact", "mask", "hash", "pseudonymize"):
        policy = NO_NER.replace(actions={"PERSON": action, "EMAIL_ADDRESS": action, "CREDIT_CARD": action})
        frame = people[["name", "email", "card"]]
        redacted = pg.redact(frame, policy=policy, report=Scanner().scan(frame, policy=policy))
        assert Scanner().scan(redacted, policy=policy).pii_columns == [], action


PRECISION_CASES = [
    # (header, values, expected entity): each row a rule of the vote, with its reason in the name
    ("agePct12t21", [0.12, 0.3, 0.05, 0.41] * 10, None),  # a statistic, not an age
    ("region_code", ["eu-west-1", "us-east-2", "ap-south-1"] * 10, None),  # places have no digits
    ("TelephoneNumber", ["84 23 30", "21 259 903 5696", "06-41 22 33 44", "0171 234 5678"] * 10, "PHONE_NUMBER"),
    ("phone", ["n/a", "unknown", "none", "ask"] * 10, None),  # a header the values refute
    ("address", ["U", "R", "U", "U"] * 10, None),  # one-letter codes are no address
    ("MiddleInitial", ["J", "G", "A", "K", "M"] * 8, "PERSON"),  # but initials are part of a name
    ("title", ["Internal Auditor", "Accountant IV", "Nurse", "Data Analyst", "Sales Manager"] * 8, "JOB_TITLE"),
    ("region", ["south", "other", "north"] * 10, "LOCATION"),  # a region; "south" is no ethnicity
    ("customer", [100231, 100232, 100240, 100251] * 10, None),  # numeric ids are not people
]


@pytest.mark.parametrize(("header", "values", "entity"), PRECISION_CASES, ids=[c[0] for c in PRECISION_CASES])
def test_vote_rules(header: str, values: list, entity: str | None) -> None:
    finding = Scanner().scan(pd.DataFrame({header: values}), policy=NO_NER).columns[header]
    assert finding.entity == entity, finding.candidates


def test_multi_word_values_that_are_each_one_address_are_an_address_column(people: pd.DataFrame) -> None:
    from faker import Faker

    fake = Faker("en_US")
    Faker.seed(3)
    frame = pd.DataFrame({"col_5": [fake.street_address() + ", " + fake.city() for _ in range(100)]})
    finding = Scanner().scan(frame, policy=NO_NER).columns["col_5"]
    assert finding.is_pii
