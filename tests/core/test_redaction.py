"""Tests for jupyter_privguard.redaction: operators, dtypes, allow lists, objects, rows, free text, errors."""

from __future__ import annotations

import datetime as dt
import importlib
import re
import sys
import types

import numpy as np
import pandas as pd
import pytest

from jupyter_privguard.errors import PolicyError, UnsupportedDataError
from jupyter_privguard.policy import Policy
from jupyter_privguard.redaction import (
    Operator,
    OperatorRegistry,
    placeholder,
    redact,
    redact_series,
    redact_text_series,
)
from jupyter_privguard.report import ColumnFinding, ScanReport, Span

KEY = "test-key-0123456789"
POLICY = Policy(key=KEY, ner="off")
NON_KEEP = ("redact", "mask", "hash", "pseudonymize", "generalize", "drop")


def finding(
    name: str, position: int, entity: str | None, *, kind: str = "value", allowed: bool = False
) -> ColumnFinding:
    return ColumnFinding(
        column=name,
        position=position,
        dtype="object",
        kind=kind,  # type: ignore[arg-type]
        entity=entity,
        score=1.0 if entity else 0.0,
        coverage=1.0,
        allowed=allowed,
    )


def report_for(*findings: ColumnFinding, n_rows: int = 0) -> ScanReport:
    return ScanReport(columns={f.column: f for f in findings}, n_rows=n_rows)


def one(value: object, entity: str, action: str, policy: Policy = POLICY, dtype: object = None) -> object:
    series = pd.Series([value], dtype=dtype) if dtype is not None else pd.Series([value])
    return redact_series(series, entity, action, policy).iloc[0]


# ----------------------------------------------------------------------------- registry
def test_default_registry_has_every_policy_action() -> None:
    from jupyter_privguard.policy import ACTIONS

    registry = OperatorRegistry.default()
    assert set(registry.names()) == set(ACTIONS)
    assert len(registry) == len(ACTIONS)
    assert "mask" in registry and "shred" not in registry


def test_registries_are_independent_instances() -> None:
    first, second = OperatorRegistry.default(), OperatorRegistry.default()
    first.register(Operator("shout", lambda s, e, p: s.str.upper()))
    assert "shout" in first and "shout" not in second
    assert "shout" not in OperatorRegistry.default()


def test_unknown_action_names_allowed_actions() -> None:
    with pytest.raises(PolicyError) as err:
        redact_series(pd.Series(["a@b.com"]), "EMAIL_ADDRESS", "shred", POLICY)
    message = str(err.value)
    assert "'shred'" in message
    for action in ("keep", "mask", "redact", "hash", "pseudonymize", "generalize", "drop"):
        assert action in message


def test_register_twice_needs_replace() -> None:
    registry = OperatorRegistry.default()
    custom = Operator("redact", lambda s, e, p: s.map(lambda _: "[gone]"))
    with pytest.raises(PolicyError, match="already registered"):
        registry.register(custom)
    registry.register(custom, replace=True)
    out = redact_series(pd.Series(["a@b.com", None]), "EMAIL_ADDRESS", "redact", POLICY, operators=registry)
    assert out.iloc[0] == "[gone]" and pd.isna(out.iloc[1])


def test_register_rejects_bare_functions() -> None:
    with pytest.raises(TypeError, match="Operator"):
        OperatorRegistry().register(lambda s, e, p: s)  # type: ignore[arg-type]


def test_custom_operator_through_redact() -> None:
    registry = OperatorRegistry.default()
    registry.register(Operator("mask", lambda s, e, p: s.map(lambda t: "#" * len(t))), replace=True)
    df = pd.DataFrame({"email": ["ab@c.de"]})
    out = redact(
        df,
        policy=POLICY.with_action("EMAIL_ADDRESS", "mask"),
        report=report_for(finding("email", 0, "EMAIL_ADDRESS")),
        operators=registry,
    )
    assert out.iloc[0, 0] == "#######"


def test_operator_returning_wrong_length_is_an_error() -> None:
    registry = OperatorRegistry.default()
    registry.register(Operator("mask", lambda s, e, p: s.iloc[:0]), replace=True)
    with pytest.raises(ValueError, match="one replacement per input value"):
        redact_series(pd.Series(["x"]), "PERSON", "mask", POLICY, operators=registry)


# ----------------------------------------------------------------------------- each action
@pytest.mark.parametrize(
    "value, entity, dtype",
    [
        ("ann@example.com", "EMAIL_ADDRESS", None),
        (4111111111111111, "CREDIT_CARD", "int64"),
        (4155550123.0, "PHONE_NUMBER", "float64"),
        ("Ann Lee", "PERSON", "category"),
        (b"123-45-6789", "US_SSN", object),
        (pd.Timestamp("1990-05-17"), "DATE_TIME", None),
    ],
)
@pytest.mark.parametrize("action", ["redact", "drop"])
def test_placeholder_actions(value: object, entity: str, dtype: object, action: str) -> None:
    assert one(value, entity, action, dtype=dtype) == f"<{entity}>"


MASK_CASES = [
    # entity, value, dtype, expected
    ("CREDIT_CARD", "4111-1111-1111-1234", None, "************1234"),
    ("CREDIT_CARD", "4111 1111 1111 1234", None, "************1234"),
    ("CREDIT_CARD", 4111111111111234, "int64", "************1234"),
    ("PHONE_NUMBER", 4155550123.0, "float64", "******0123"),
    ("PHONE_NUMBER", "+1 (415) 555-0123", None, "*******0123"),
    ("US_SSN", "123-45-6789", None, "*****6789"),
    ("IBAN_CODE", "DE89 3704 0044 0532 0130 00", None, "*" * 18 + "3000"),
    ("PHONE_NUMBER", "12345", None, "***45"),  # never more than half of a short value
    ("EMAIL_ADDRESS", "ann.lee@example.com", None, "****@example.com"),
    ("EMAIL_ADDRESS", "  ann@example.com ", None, "****@example.com"),
    ("EMAIL_ADDRESS", "not-an-email", None, "************"),
    ("PERSON", "Ann Lee", None, "*******"),
    ("PERSON", "A" * 40, None, "*" * 12),
    ("STREET_ADDRESS", "1 Main St", "category", "*********"),
    ("DATE_OF_BIRTH", pd.Timestamp("1990-05-17"), None, "**********"),
]


@pytest.mark.parametrize("entity, value, dtype, expected", MASK_CASES)
def test_mask(entity: str, value: object, dtype: object, expected: str) -> None:
    assert one(value, entity, "mask", dtype=dtype) == expected


@pytest.mark.parametrize("keep, expected", [(0, "****************"), (2, "**************34"), (6, "**********121234")])
def test_mask_keep_setting(keep: int, expected: str) -> None:
    assert one("4111 1111 5612 1234", "CREDIT_CARD", "mask", POLICY.replace(mask_keep=keep)) == expected


def test_hash_format_salt_and_determinism() -> None:
    values = pd.Series(["ann@example.com", "bob@example.com", "ann@example.com"])
    out = redact_series(values, "EMAIL_ADDRESS", "hash", POLICY)
    assert all(re.fullmatch(r"EMAIL_ADDRESS:[0-9a-f]{16}", v) for v in out)
    assert out.iloc[0] == out.iloc[2] != out.iloc[1]
    other_key = redact_series(values, "EMAIL_ADDRESS", "hash", POLICY.replace(key="another-key-456"))
    assert other_key.iloc[0] != out.iloc[0]
    assert redact_series(values, "EMAIL_ADDRESS", "pseudonymize", POLICY).iloc[0].split("_")[-1] not in out.iloc[0]


def test_pseudonyms_join_across_frames() -> None:
    left = pd.DataFrame({"email": ["Ann@Example.com ", "bob@example.com"], "x": [1, 2]})
    right = pd.DataFrame({"mail": ["carl@example.com", "ann@example.com", " BOB@example.COM"], "y": [3, 4, 5]})
    policy = POLICY.with_action("EMAIL_ADDRESS", "pseudonymize")
    a = redact(left, policy=policy, report=report_for(finding("email", 0, "EMAIL_ADDRESS")))
    b = redact(right, policy=policy, report=report_for(finding("mail", 0, "EMAIL_ADDRESS")))
    joined = a.merge(b, left_on="email", right_on="mail")
    assert sorted(zip(joined["x"], joined["y"])) == [(1, 4), (2, 5)]
    assert all(re.fullmatch(r"EMAIL_ADDRESS_[0-9a-f]{12}", v) for v in a["email"])


@pytest.mark.parametrize(
    "entity, first, second, same",
    [
        ("CREDIT_CARD", "4111 1111 1111 1111", 4111111111111111, True),
        ("PHONE_NUMBER", "(415) 555-0123", "415.555.0123", True),
        ("PERSON", " Ann   Lee ", "Ann Lee", True),
        ("PERSON", "Ann Lee", "ann lee", False),  # names keep their case
        ("EMAIL_ADDRESS", "ann@example.com", "anne@example.com", False),
    ],
)
def test_pseudonym_normalisation(entity: str, first: object, second: object, same: bool) -> None:
    a = redact_series(pd.Series([first], dtype=object), entity, "pseudonymize", POLICY).iloc[0]
    b = redact_series(pd.Series([second], dtype=object), entity, "pseudonymize", POLICY).iloc[0]
    assert (a == b) is same
    assert a.startswith(f"{entity}_")


def test_pseudonym_depends_on_key() -> None:
    s = pd.Series(["Ann Lee"])
    assert (
        redact_series(s, "PERSON", "pseudonymize", POLICY).iloc[0]
        != redact_series(s, "PERSON", "pseudonymize", POLICY.replace(key="other-key-000")).iloc[0]
    )


GENERALIZE_CASES = [
    ("DATE_OF_BIRTH", "1990-05-17", None, "1990"),
    ("DATE_OF_BIRTH", "17/05/1990", None, "1990"),
    ("DATE_OF_BIRTH", "17.05.1990", None, "1990"),
    ("DATE_OF_BIRTH", "May 17, 1990", None, "1990"),
    ("DATE_OF_BIRTH", "1990-05-17T08:30:00Z", None, "1990"),
    ("DATE_OF_BIRTH", "19900517", None, "1990"),
    ("DATE_OF_BIRTH", "17051990", None, "1990"),
    ("DATE_OF_BIRTH", 19900517, "int64", "1990"),
    ("DATE_OF_BIRTH", "05/17/90", None, "1990"),
    ("DATE_OF_BIRTH", "05/17/01", None, "2001"),
    ("DATE_OF_BIRTH", pd.Timestamp("1990-05-17"), None, "1990"),
    ("DATE_OF_BIRTH", dt.date(1985, 1, 2), object, "1985"),
    ("DATE_OF_BIRTH", "unknown", None, "<DATE_OF_BIRTH>"),
    ("DATE_OF_BIRTH", "12345", None, "<DATE_OF_BIRTH>"),
    ("DATE_TIME", "2021-03-04 10:00", None, "2021"),
    ("POSTAL_CODE", "02139", None, "021**"),
    ("POSTAL_CODE", "SW1A 1AA", None, "SW1**"),
    ("POSTAL_CODE", 90210, "int64", "902**"),
    ("POSTAL_CODE", "12", None, "<POSTAL_CODE>"),  # a prefix would be the whole code
    ("AGE", 34, "int64", "30-39"),
    ("AGE", 34.0, "float64", "30-39"),
    ("AGE", 9, "Int64", "0-9"),
    ("AGE", "34 years", None, "30-39"),
    ("AGE", 200, "int64", "<AGE>"),
    ("AGE", "n/a", None, "<AGE>"),
    ("LOCATION", "Paris", None, "<LOCATION>"),
    ("EMAIL_ADDRESS", "ann@example.com", None, "<EMAIL_ADDRESS>"),
    ("CREDIT_CARD", 4111111111111111, "int64", "<CREDIT_CARD>"),
]


@pytest.mark.parametrize("entity, value, dtype, expected", GENERALIZE_CASES)
def test_generalize(entity: str, value: object, dtype: object, expected: str) -> None:
    assert one(value, entity, "generalize", dtype=dtype) == expected


def test_generalize_settings() -> None:
    policy = POLICY.replace(zip_digits=2, age_band=5)
    assert one("02139", "POSTAL_CODE", "generalize", policy) == "02**"
    assert one(34, "AGE", "generalize", policy) == "30-34"
    assert one(34, "AGE", "generalize", POLICY.replace(age_band=1)) == "34"


def test_generalize_datetime_column_and_age_column() -> None:
    dob = pd.Series(pd.to_datetime(["1990-05-17 00:00", None, "2001-12-31 23:59"]))
    assert redact_series(dob, "DATE_OF_BIRTH", "generalize", POLICY).tolist()[::2] == ["1990", "2001"]
    ages = pd.Series([5, 17, 64, 99])
    assert redact_series(ages, "AGE", "generalize", POLICY).tolist() == ["0-9", "10-19", "60-69", "90-99"]


@pytest.mark.parametrize("dtype", [None, "category", object])
def test_keep_returns_an_unchanged_copy(dtype: object) -> None:
    s = pd.Series(["ann@example.com", None], dtype=dtype)
    out = redact_series(s, "EMAIL_ADDRESS", "keep", POLICY)
    pd.testing.assert_series_equal(out, s)
    assert out is not s


# ----------------------------------------------------------------------------- dtypes and missing values
MISSING_INPUTS = [
    pd.Series(["ann@example.com", None, "bob@example.com"]),
    pd.Series(["ann@example.com", np.nan, pd.NA, pd.NaT, None], dtype=object),
    pd.Series([4111111111111111.0, np.nan]),
    pd.Series([4155550123, pd.NA], dtype="Int64"),
    pd.Series(["Ann", None, "Bob"], dtype="category"),
    pd.Series(pd.to_datetime(["1990-01-01", None])),
    pd.Series(["ann@example.com", None], dtype="string"),
]


@pytest.mark.parametrize("values", MISSING_INPUTS, ids=lambda s: str(s.dtype))
@pytest.mark.parametrize("action", NON_KEEP)
def test_missing_values_stay_missing(values: pd.Series, action: str) -> None:
    out = redact_series(values, "EMAIL_ADDRESS", action, POLICY)
    assert out.isna().tolist() == values.isna().tolist()
    assert out.index.equals(values.index) and out.name == values.name
    for cell in out.dropna():
        assert isinstance(cell, str)


def test_output_uses_default_string_dtype() -> None:
    out = redact_series(pd.Series([4111111111111111, 5500000000000004]), "CREDIT_CARD", "mask", POLICY)
    expected = "str" if int(pd.__version__.split(".")[0]) >= 3 else object
    assert out.dtype == pd.Series(["x"], dtype=expected).dtype


NESTED = pd.Series(
    [
        ["ann@example.com", "bob@example.com"],
        {"email": "ann@example.com"},
        ("ann@example.com",),
        np.array(["ann@example.com"]),
        {"ann@example.com"},
        None,
    ],
    dtype=object,
)


@pytest.mark.parametrize("action", NON_KEEP)
def test_nested_cells_are_replaced_whole(action: str) -> None:
    out = redact_series(NESTED, "EMAIL_ADDRESS", action, POLICY)
    assert pd.isna(out.iloc[-1])
    for cell in out.iloc[:-1]:
        assert "ann@example.com" not in cell and "example" not in cell
        if action in ("hash", "pseudonymize"):
            assert cell.startswith("EMAIL_ADDRESS")
        else:
            assert cell == "<EMAIL_ADDRESS>"


def test_mixed_object_column() -> None:
    values = pd.Series(
        ["ann@example.com", 4111111111111111, 3.5, b"bob@example.com", True, None, dt.datetime(2020, 1, 1), ["x"]],
        dtype=object,
    )
    out = redact_series(values, "EMAIL_ADDRESS", "mask", POLICY)
    assert out.tolist()[:5] == ["****@example.com", "************", "***", "****@example.com", "****"]
    assert pd.isna(out.iloc[5]) and out.iloc[7] == "<EMAIL_ADDRESS>"


def test_categorical_column_in_a_frame() -> None:
    df = pd.DataFrame({"name": pd.Categorical(["Ann", "Bob", "Ann", None]), "n": [1, 2, 3, 4]})
    out = redact(
        df, policy=POLICY.with_action("PERSON", "pseudonymize"), report=report_for(finding("name", 0, "PERSON"))
    )
    assert out["name"].iloc[0] == out["name"].iloc[2] != out["name"].iloc[1]
    assert pd.isna(out["name"].iloc[3])
    assert df["name"].dtype == "category"


# ----------------------------------------------------------------------------- allow lists
def test_allowed_values_and_patterns_keep_their_cells() -> None:
    policy = POLICY.replace(allow_values=("help@corp.com",), allow_patterns=(r".*@example\.org",))
    values = pd.Series(
        ["help@corp.com", "ann@corp.com", " help@corp.com ", "bob@example.org", "x-bob@example.org.evil"]
    )
    for action in ("redact", "mask", "hash", "pseudonymize", "generalize", "drop"):
        out = redact_series(values, "EMAIL_ADDRESS", action, policy).tolist()
        assert out[0] == "help@corp.com" and out[2] == " help@corp.com " and out[3] == "bob@example.org"
        assert "ann@corp.com" not in out[1] and out[4] != "x-bob@example.org.evil"


def test_allowed_value_in_a_numeric_column() -> None:
    policy = POLICY.replace(allow_values=("5550000",))
    out = redact_series(pd.Series([5550000, 4155550123]), "PHONE_NUMBER", "redact", policy)
    assert out.tolist() == ["5550000", "<PHONE_NUMBER>"]


def test_allowed_columns_are_skipped() -> None:
    df = pd.DataFrame({"support_email": ["help@corp.com"], "email": ["ann@example.com"], "ok": ["x@y.z"]})
    report = report_for(
        finding("support_email", 0, "EMAIL_ADDRESS"),
        finding("email", 1, "EMAIL_ADDRESS"),
        finding("ok", 2, "EMAIL_ADDRESS", allowed=True),
    )
    out = redact(df, policy=POLICY.replace(allow_columns=("support_*",)), report=report)
    assert out.iloc[0].tolist() == ["help@corp.com", "<EMAIL_ADDRESS>", "x@y.z"]


# ----------------------------------------------------------------------------- frames
def test_frame_by_position_with_duplicate_and_odd_labels() -> None:
    df = pd.DataFrame([["ann@example.com", "keep me", 4111111111111111, 7]], columns=["x", "x", 3, ("a", "b")])
    report = report_for(
        finding("x", 0, "EMAIL_ADDRESS"),
        finding("x#2", 1, None),
        finding("3", 2, "CREDIT_CARD"),
        finding("a / b", 3, None),
    )
    out = redact(df, policy=POLICY, report=report)
    assert list(out.columns) == ["x", "x", 3, ("a", "b")]
    assert out.iloc[0].tolist() == ["<EMAIL_ADDRESS>", "keep me", "<CREDIT_CARD>", 7]


def test_multiindex_columns_and_drop_by_position() -> None:
    columns = pd.MultiIndex.from_tuples([("who", "email"), ("who", "email"), ("what", "n")])
    df = pd.DataFrame([["ann@example.com", "bob@example.com", 1]], columns=columns)
    report = report_for(
        finding("who / email", 0, "EMAIL_ADDRESS"), finding("who / email#2", 1, None), finding("what / n", 2, None)
    )
    out = redact(df, policy=POLICY.with_action("EMAIL_ADDRESS", "drop"), report=report)
    assert out.shape == (1, 2)
    assert out.iloc[0].tolist() == ["bob@example.com", 1]
    assert isinstance(out.columns, pd.MultiIndex)


def test_free_text_and_empty_and_non_pii_columns_untouched_without_spans(fake_spans: list[list[str]]) -> None:
    df = pd.DataFrame({"n": [1.5, 2.5], "empty": [None, None], "note": ["all fine", None]})
    report = report_for(
        finding("n", 0, None), finding("empty", 1, None, kind="empty"), finding("note", 2, None, kind="free_text")
    )
    out = redact(df, policy=POLICY, report=report)
    pd.testing.assert_frame_equal(out[["n", "empty"]], df[["n", "empty"]])
    assert out["note"].iloc[0] == "all fine" and pd.isna(out["note"].iloc[1])
    assert fake_spans == [["all fine"]]


@pytest.mark.parametrize("action", NON_KEEP + ("keep",))
def test_input_is_never_mutated(action: str) -> None:
    df = pd.DataFrame(
        {"email": ["ann@example.com", None], "card": [4111111111111111, 5500000000000004], "n": [1, 2]},
        index=["r1", "r2"],
    )
    before = df.copy(deep=True)
    policy = POLICY.replace(actions={"EMAIL_ADDRESS": action, "CREDIT_CARD": action})
    report = report_for(finding("email", 0, "EMAIL_ADDRESS"), finding("card", 1, "CREDIT_CARD"), finding("n", 2, None))
    out = redact(df, policy=policy, report=report)
    assert out is not df
    pd.testing.assert_frame_equal(df, before)
    out.iloc[0, -1] = 99  # writing into the result does not reach the user's frame
    pd.testing.assert_frame_equal(df, before)
    assert list(out.index) == ["r1", "r2"]


def test_series_input() -> None:
    s = pd.Series(["ann@example.com", None], name="email", index=[10, 11])
    out = redact(s, policy=POLICY, report=report_for(finding("email", 0, "EMAIL_ADDRESS")))
    assert isinstance(out, pd.Series) and out.name == "email" and list(out.index) == [10, 11]
    assert out.iloc[0] == "<EMAIL_ADDRESS>" and pd.isna(out.iloc[1])
    assert s.iloc[0] == "ann@example.com"
    dropped = redact(
        s, policy=POLICY.with_action("EMAIL_ADDRESS", "drop"), report=report_for(finding("email", 0, "EMAIL_ADDRESS"))
    )
    assert dropped.iloc[0] == "<EMAIL_ADDRESS>"


def test_series_without_pii_is_copied() -> None:
    s = pd.Series([1, 2])
    out = redact(s, policy=POLICY, report=report_for(finding("0", 0, None)))
    assert out is not s
    pd.testing.assert_series_equal(out, s)


# ----------------------------------------------------------------------------- rows (the display path)
def _display_frame(n: int = 1000) -> tuple[pd.DataFrame, ScanReport]:
    df = pd.DataFrame({"email": [f"user{i}@example.com" for i in range(n)], "n": range(n)}, index=range(100, 100 + n))
    return df, report_for(finding("email", 0, "EMAIL_ADDRESS"), finding("n", 1, None))


@pytest.mark.parametrize(
    "rows, expected",
    [
        (slice(0, 3), [0, 1, 2]),
        (slice(-2, None), [998, 999]),
        ([0, 1, -1], [0, 1, 999]),
        (np.r_[0:2, 998:1000], [0, 1, 998, 999]),
        (range(5, 7), [5, 6]),
        (np.arange(1000) == 500, [500]),
        (3, [3]),
        ([], []),
    ],
)
def test_rows_selects_positions(rows: object, expected: list[int]) -> None:
    df, report = _display_frame()
    out = redact(df, policy=POLICY.with_action("EMAIL_ADDRESS", "mask"), report=report, rows=rows)
    assert out["n"].tolist() == expected
    assert list(out.index) == [100 + i for i in expected]
    assert all(v == "****@example.com" for v in out["email"])


def test_rows_touches_only_those_rows() -> None:
    seen: list[int] = []

    def counting(texts: pd.Series, entity: str, policy: Policy) -> pd.Series:
        seen.append(len(texts))
        return texts.map(lambda _: "x")

    registry = OperatorRegistry.default()
    registry.register(Operator("mask", counting), replace=True)
    df, report = _display_frame()
    redact(df, policy=POLICY.with_action("EMAIL_ADDRESS", "mask"), report=report, rows=slice(0, 10), operators=registry)
    assert seen == [10]


@pytest.mark.parametrize(
    "rows, error",
    [([1000], IndexError), ([-1001], IndexError), ([0.5], TypeError), (np.array([True, False]), IndexError)],
)
def test_bad_rows(rows: object, error: type[Exception]) -> None:
    df, report = _display_frame()
    with pytest.raises(error):
        redact(df, policy=POLICY, report=report, rows=rows)


# ----------------------------------------------------------------------------- free text
EMAIL_RE = re.compile(r"[\w.]+@[\w.]+\w")
NAME_RE = re.compile(r"\b(?:Ann Lee|Bob Stone)\b")
DATE_RE = re.compile(r"\d{4}-\d\d-\d\d")


@pytest.fixture
def fake_spans(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Replace find_text_spans by a regex fake; returns the list of batches it was called with."""
    calls: list[list[str]] = []

    def find_text_spans(texts, *, engine=None, registry=None, acted=None):  # type: ignore[no-untyped-def]
        calls.append(list(texts))
        out = []
        for text in texts:
            spans = [Span(m.start(), m.end(), "EMAIL_ADDRESS", 1.0) for m in EMAIL_RE.finditer(text)]
            spans += [Span(m.start(), m.end(), "PERSON", 0.9) for m in NAME_RE.finditer(text)]
            spans += [Span(m.start(), m.end(), "DATE_TIME", 0.9) for m in DATE_RE.finditer(text)]
            out.append(spans)
        return out

    try:
        module = importlib.import_module("jupyter_privguard.detect.text")
    except ImportError:
        module = types.ModuleType("jupyter_privguard.detect.text")
        monkeypatch.setitem(sys.modules, "jupyter_privguard.detect.text", module)
    monkeypatch.setattr(module, "find_text_spans", find_text_spans, raising=False)
    return calls


def test_free_text_span_wise(fake_spans: list[list[str]]) -> None:
    notes = pd.Series(
        [
            "Mail Ann Lee at ann@example.com on 2020-01-02.",
            None,
            "nothing here",
            "Mail Ann Lee at ann@example.com on 2020-01-02.",
            ["ann@example.com"],
        ]
    )
    out = redact_text_series(notes.astype(object), POLICY)
    assert out.iloc[0] == "Mail <PERSON> at <EMAIL_ADDRESS> on 2020-01-02."  # DATE_TIME is kept by default
    assert pd.isna(out.iloc[1]) and out.iloc[2] == "nothing here" and out.iloc[3] == out.iloc[0]
    assert out.iloc[4] == "<REDACTED>"
    assert fake_spans == [["Mail Ann Lee at ann@example.com on 2020-01-02.", "nothing here"]]  # distinct values once


def test_free_text_actions_per_span_entity(fake_spans: list[list[str]]) -> None:
    policy = POLICY.replace(
        actions={"EMAIL_ADDRESS": "mask", "PERSON": "pseudonymize", "DATE_TIME": "generalize"},
        allow_values=("Bob Stone",),
    )
    out = redact_text_series(pd.Series(["Ann Lee <ann@example.com>, born 1990-05-17; cc Bob Stone"]), policy).iloc[0]
    assert re.fullmatch(r"PERSON_[0-9a-f]{12} <\*\*\*\*@example\.com>, born 1990; cc Bob Stone", out), out


def test_free_text_overlapping_spans(monkeypatch: pytest.MonkeyPatch, fake_spans: list[list[str]]) -> None:
    module = sys.modules["jupyter_privguard.detect.text"]
    monkeypatch.setattr(
        module,
        "find_text_spans",
        lambda texts, **kw: [
            [
                Span(0, 10, "PERSON", 1.0),
                Span(5, 15, "EMAIL_ADDRESS", 1.0),
                Span(2, 4, "URL", 1.0),
                Span(30, 99, "URL", 1.0),
            ]
            for _ in texts
        ],
    )
    out = redact_text_series(pd.Series(["0123456789abcdefghij"]), POLICY).iloc[0]
    assert out == "<PERSON><EMAIL_ADDRESS>fghij"


def test_free_text_column_in_frame_with_rows(fake_spans: list[list[str]]) -> None:
    df = pd.DataFrame({"note": [f"write to u{i}@example.com" for i in range(100)], "email": ["a@b.cd"] * 100})
    report = report_for(finding("note", 0, None, kind="free_text"), finding("email", 1, "EMAIL_ADDRESS"))
    out = redact(df, policy=POLICY, report=report, rows=[0, 99])
    assert out["note"].tolist() == ["write to <EMAIL_ADDRESS>"] * 2
    assert fake_spans == [["write to u0@example.com", "write to u99@example.com"]]


def test_free_text_without_span_detector_fails_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "jupyter_privguard.detect.text", None)  # import raises ImportError
    out = redact_text_series(pd.Series(["ann@example.com says hi", None]), POLICY)
    assert out.iloc[0] == "<REDACTED>" and pd.isna(out.iloc[1])


def test_free_text_uses_the_policy_ner_engine(monkeypatch: pytest.MonkeyPatch, fake_spans: list[list[str]]) -> None:
    engines: list[object] = []
    module = sys.modules["jupyter_privguard.detect.text"]
    monkeypatch.setattr(
        module,
        "find_text_spans",
        lambda texts, *, engine=None, registry=None, acted=None: engines.append(engine) or [[] for _ in texts],
    )
    from jupyter_privguard.detect import ner

    sentinel = object()
    monkeypatch.setattr(ner.NerEngine, "get", classmethod(lambda cls, model=None, mode="auto": sentinel))
    redact_text_series(pd.Series(["hello"]), POLICY.replace(ner="auto"))
    redact_text_series(pd.Series(["hello"]), POLICY)  # ner="off"
    assert engines == [sentinel, None]


# ----------------------------------------------------------------------------- polars
pl = pytest.importorskip("polars")


def test_polars_frame() -> None:
    df = pl.DataFrame(
        {
            "email": ["ann@example.com", None],
            "card": [4111111111111111, 5500000000000004],
            "n": [1, None],
            "tags": [["a@b.cd"], None],
        }
    )
    before = df.clone()
    report = report_for(
        finding("email", 0, "EMAIL_ADDRESS"),
        finding("card", 1, "CREDIT_CARD"),
        finding("n", 2, None),
        finding("tags", 3, "EMAIL_ADDRESS"),
    )
    policy = POLICY.replace(actions={"EMAIL_ADDRESS": "mask", "CREDIT_CARD": "drop"})
    out = redact(df, policy=policy, report=report)
    assert isinstance(out, pl.DataFrame)
    assert out.columns == ["email", "n", "tags"]
    assert out["email"].to_list() == ["****@example.com", None]
    assert out["tags"].to_list() == ["<EMAIL_ADDRESS>", None]
    assert out["n"].dtype == df["n"].dtype and out["n"].to_list() == [1, None]
    assert df.equals(before)
    part = redact(df, policy=policy, report=report, rows=[-1])
    assert part.height == 1 and part["n"].to_list() == [None]


def test_polars_series() -> None:
    s = pl.Series("phone", [4155550123, None, 2125550188])
    out = redact(
        s, policy=POLICY.with_action("PHONE_NUMBER", "mask"), report=report_for(finding("phone", 0, "PHONE_NUMBER"))
    )
    assert isinstance(out, pl.Series) and out.name == "phone"
    assert out.to_list() == ["******0123", None, "******0188"]
    assert s.to_list() == [4155550123, None, 2125550188]
    assert redact(s, policy=POLICY, report=report_for(finding("phone", 0, None)), rows=slice(0, 2)).to_list() == [
        4155550123,
        None,
    ]


# ----------------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    "data", [["ann@example.com"], {"email": ["ann@example.com"]}, "ann@example.com", np.array(["ann@example.com"])]
)
def test_unsupported_types(data: object) -> None:
    with pytest.raises(UnsupportedDataError, match="expected a pandas or polars"):
        redact(data, policy=POLICY, report=report_for())


def test_stale_report_is_an_error() -> None:
    df = pd.DataFrame({"email": ["ann@example.com"]})
    with pytest.raises(ValueError, match="scan this object again"):
        redact(df, policy=POLICY, report=report_for(finding("email", 3, "EMAIL_ADDRESS")))


def test_placeholder_helper() -> None:
    assert placeholder("EMAIL_ADDRESS") == "<EMAIL_ADDRESS>"


# ----------------------------------------------------------------------------- through scan()
def _scan_or_skip():  # type: ignore[no-untyped-def]
    try:
        from jupyter_privguard.scanner import scan

        scan(pd.DataFrame({"email": ["ann@example.com"]}), policy=POLICY)
    except ImportError as exc:  # the detection tiers are still being written
        pytest.skip(f"scan() is not usable yet: {exc}")
    return scan


def test_redact_through_scan() -> None:
    scan = _scan_or_skip()
    df = pd.DataFrame(
        {
            "email": [f"user{i}@example.com" for i in range(50)],
            "card_number": ["4111111111111111", "5500000000000004"] * 25,
            "score": np.linspace(0, 1, 50),
        }
    )
    report = scan(df, policy=POLICY)
    out = redact(df, policy=POLICY, report=report)
    text = out.to_csv()
    assert "user1@example.com" not in text and "4111111111111111" not in text
    pd.testing.assert_series_equal(out["score"], df["score"])
    auto = redact(df, policy=POLICY)  # scans by itself
    pd.testing.assert_frame_equal(auto, out)


def _real_text_detector_or_skip() -> None:
    try:
        from jupyter_privguard.detect.text import find_text_spans  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"detect.text is not usable yet: {exc}")


def test_free_text_with_the_real_span_detector() -> None:
    _real_text_detector_or_skip()
    notes = [f"Reach me at person{i}@mail.com or (415) 555-{1000 + i:04d} about order {i}." for i in range(40)]
    df = pd.DataFrame({"notes": notes + [None], "n": range(41)})
    report = report_for(finding("notes", 0, None, kind="free_text"), finding("n", 1, None))
    out = redact(df, policy=POLICY, report=report)
    text = out.to_csv() + out.to_html()
    for i in range(40):
        assert f"person{i}@mail.com" not in text and f"555-{1000 + i:04d}" not in text
    assert out["notes"].iloc[3] == "Reach me at <EMAIL_ADDRESS> or <PHONE_NUMBER> about order 3."
    assert pd.isna(out["notes"].iloc[40])
    shown = redact(df, policy=POLICY, report=report, rows=slice(-3, -1))
    assert shown["notes"].tolist() == out["notes"].iloc[-3:-1].tolist()


@pytest.mark.parametrize(
    "template",
    [
        "Customer asked to be reached at person{i}@mail.com or (415) 555-{j:04d} about order {i}.",
        "Reach me at person{i}@mail.com or (415) 555-{j:04d} about order {i}.",
    ],
)
def test_free_text_through_scan(template: str) -> None:
    scan = _scan_or_skip()
    notes = [template.format(i=i, j=1000 + i) for i in range(40)]
    df = pd.DataFrame({"notes": notes, "n": range(40)})
    out = redact(df, policy=POLICY, report=scan(df, policy=POLICY))
    text = out.to_csv() + out.to_html()
    for i in range(40):
        assert f"person{i}@mail.com" not in text and f"555-{1000 + i:04d}" not in text


def test_polars_through_scan() -> None:
    _scan_or_skip()
    df = pl.DataFrame({"email": [f"user{i}@example.com" for i in range(30)], "amount": [float(i) for i in range(30)]})
    out = redact(df, policy=POLICY.with_action("EMAIL_ADDRESS", "mask"))
    assert out["email"].to_list() == ["****@example.com"] * 30
    assert out["amount"].to_list() == df["amount"].to_list()


@pytest.mark.parametrize("action", NON_KEEP + ("keep",))
def test_empty_inputs(action: str) -> None:
    out = redact_series(pd.Series([], dtype=object), "EMAIL_ADDRESS", action, POLICY)
    assert len(out) == 0
    df = pd.DataFrame({"email": pd.Series([], dtype=object)})
    policy = POLICY.with_action("EMAIL_ADDRESS", action)
    assert len(redact(df, policy=policy, report=report_for(finding("email", 0, "EMAIL_ADDRESS")))) == 0
