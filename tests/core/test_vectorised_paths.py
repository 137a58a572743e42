"""The vectorised path against the per-value path: arbitrary text (hypothesis), whole frames of every library, rows.

``test_vectorised_equivalence.py`` compares columns of generated personal data; this file lets hypothesis search for
a text where the two paths part (any Unicode, whitespace and digits included), runs ``redact()`` over pandas, polars
and pyarrow frames both ways, keeps the display path (``rows=``) right, and checks the fallbacks: an operator
without a kernel, a user's operator registered under a built-in's name, text Arrow cannot hold.
"""

from __future__ import annotations

from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pa = pytest.importorskip("pyarrow")

from jupyter_privguard import vectorised  # noqa: E402
from jupyter_privguard.kernels import PY_WHITESPACE  # noqa: E402
from jupyter_privguard.operators import Operator, OperatorRegistry  # noqa: E402
from jupyter_privguard.policy import Policy  # noqa: E402
from jupyter_privguard.redaction import redact, redact_series  # noqa: E402
from jupyter_privguard.report import ColumnFinding, ScanReport  # noqa: E402
from jupyter_privguard.vectorised import per_value  # noqa: E402

ACTIONS = ("redact", "mask", "hash", "pseudonymize", "generalize", "drop")
ENTITIES = ("EMAIL_ADDRESS", "CREDIT_CARD", "PERSON", "DATE_OF_BIRTH", "POSTAL_CODE", "AGE", "MAC_ADDRESS", "IBAN_CODE")
POLICY = Policy(key="paths-key-0123", ner="off")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# texts built from the characters where Python and Arrow could disagree, and from anything at all
_TRICKY = PY_WHITESPACE + "@.-/,:_ 0123456789aAzZßİıΣσς٠١٢٣٤٥٦٧٨٩０１２３\u0301\u200b🙂e"
texts = st.one_of(st.text(alphabet=_TRICKY, max_size=30), st.text(max_size=30))
cells = st.one_of(texts, st.none(), st.just(np.nan), st.integers(-(10**20), 10**20), st.binary(max_size=12))


def _same(values: pd.Series, entity: str, action: str, policy: Policy = POLICY) -> None:
    with mock.patch.object(vectorised, "SMALL_COLUMN", 0):  # small columns take the vectorised path too
        fast = redact_series(values, entity, action, policy)
    with per_value():
        reference = redact_series(values, entity, action, policy)
    pd.testing.assert_series_equal(fast, reference, check_exact=True)


@SETTINGS
@given(values=st.lists(texts, min_size=1, max_size=40), entity=st.sampled_from(ENTITIES), keep=st.integers(0, 9))
def test_any_text(values: list[str], entity: str, keep: int) -> None:
    policy = Policy(key="paths-key-0123", ner="off", mask_keep=keep, zip_digits=keep % 6, age_band=keep + 1)
    for dtype in ("str", object, "category"):
        column = pd.Series(values, dtype=dtype)
        for action in ACTIONS:
            _same(column, entity, action, policy)


@SETTINGS
@given(values=st.lists(cells, min_size=1, max_size=40), entity=st.sampled_from(ENTITIES))
def test_any_object_cells(values: list[object], entity: str) -> None:
    column = pd.Series(values, dtype=object)
    for action in ACTIONS:
        _same(column, entity, action)


@SETTINGS
@given(values=st.lists(texts, min_size=1, max_size=30), allowed=st.lists(texts, max_size=3))
def test_allowed_values(values: list[str], allowed: list[str]) -> None:
    policy = Policy(key="paths-key-0123", ner="off", allow_values=tuple(v.strip() for v in [*allowed, *values[:1]]))
    column = pd.Series(values, dtype="str")
    for action in ACTIONS:
        _same(column, "EMAIL_ADDRESS", action, policy)


# ---------------------------------------------------------------------------------------------
# whole frames, every library
# ---------------------------------------------------------------------------------------------
def _people(n: int = 2_000, seed: int = 3) -> pd.DataFrame:
    from faker import Faker

    fake = Faker(["en_US", "de_DE", "tr_TR", "ja_JP"])
    fake.seed_instance(seed)
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "email": [fake.unique.email() for _ in range(n)],
            "card": [fake.credit_card_number() for _ in range(n)],
            "name": [fake.name() for _ in range(n)],
            "birth": [fake.date_of_birth().isoformat() for _ in range(n)],
            "zip": [fake.postcode() for _ in range(n)],
            "amount": rng.uniform(1, 500, n).round(2),
        }
    )
    frame.loc[rng.integers(0, n, n // 20), "email"] = None
    return frame


def _report(frame: pd.DataFrame, entities: dict[str, str]) -> ScanReport:
    columns = {
        name: ColumnFinding(
            column=name,
            position=list(frame.columns).index(name),
            dtype="object",
            kind="value",
            entity=entity,
            score=0.9,
            coverage=1.0,
        )
        for name, entity in entities.items()
    }
    return ScanReport(columns=columns, n_rows=len(frame))


ENTITY_OF = {
    "email": "EMAIL_ADDRESS",
    "card": "CREDIT_CARD",
    "name": "PERSON",
    "birth": "DATE_OF_BIRTH",
    "zip": "POSTAL_CODE",
}


@pytest.mark.parametrize("action", ACTIONS)
def test_frames_of_every_library(action: str) -> None:
    import polars as pl

    frame = _people()
    report = _report(frame, ENTITY_OF)
    policy = Policy(key="paths-key-0123", ner="off", actions=dict.fromkeys(ENTITY_OF.values(), action))
    for data in (frame, frame.astype({"email": "str", "card": "string[pyarrow]"}), pl.from_pandas(frame)):
        fast = redact(data, policy=policy, report=report)
        with per_value():
            reference = redact(data, policy=policy, report=report)
        if isinstance(data, pd.DataFrame):
            pd.testing.assert_frame_equal(fast, reference, check_exact=True)
        else:
            assert fast.equals(reference)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    fast = redact(table, policy=policy, report=report)
    with per_value():
        reference = redact(table, policy=policy, report=report)
    assert fast.equals(reference)
    assert fast.column("amount").equals(table.column("amount"))  # not personal: untouched


def test_the_display_path_redacts_only_the_rows_shown() -> None:
    frame = _people()
    report = _report(frame, ENTITY_OF)
    policy = Policy(key="paths-key-0123", ner="off", actions={"CREDIT_CARD": "mask", "EMAIL_ADDRESS": "pseudonymize"})
    rows = list(range(5)) + list(range(len(frame) - 5, len(frame)))
    shown = redact(frame, policy=policy, report=report, rows=rows)
    whole = redact(frame, policy=policy, report=report)
    pd.testing.assert_frame_equal(shown, whole.iloc[rows])
    for row in rows:
        for column in ("email", "card"):
            raw = frame[column].iloc[row]
            assert raw is None or raw not in shown[column].tolist()


def test_an_operator_without_a_kernel_runs_per_value() -> None:
    registry = OperatorRegistry.default()
    registry.register(Operator("shout", lambda s, e, p: s.str.upper()))
    column = pd.Series([f"user{i}@example.com" for i in range(1_000)] + [None], dtype="str")
    out = redact_series(column, "EMAIL_ADDRESS", "shout", POLICY, operators=registry)
    assert out.iloc[0] == "USER0@EXAMPLE.COM" and pd.isna(out.iloc[-1])


def test_a_users_operator_under_a_builtin_name_keeps_its_own_function() -> None:
    registry = OperatorRegistry.default()
    registry.register(Operator("mask", lambda s, e, p: s.map(lambda t: "#" * len(t))), replace=True)
    column = pd.Series([f"user{i}@example.com" for i in range(1_000)], dtype="str")
    out = redact_series(column, "EMAIL_ADDRESS", "mask", POLICY, operators=registry)
    assert out.iloc[0] == "#" * len("user0@example.com")


def test_text_arrow_cannot_hold_falls_back_per_value_never_raw() -> None:
    column = pd.Series(["\ud800 lone surrogate", "ok@example.com"] * 300, dtype=object)
    for action in ("mask", "hash", "redact"):
        out = redact_series(column, "EMAIL_ADDRESS", action, POLICY)
        assert "\ud800 lone surrogate" not in out.tolist()
        _same(column, "EMAIL_ADDRESS", action)


def test_nested_cells_become_placeholders_or_tokens() -> None:
    column = pd.Series([["a@example.com"], {"k": "b@example.com"}, "c@example.com"] * 200, dtype=object)
    masked = redact_series(column, "EMAIL_ADDRESS", "mask", POLICY)
    assert masked.iloc[0] == "<EMAIL_ADDRESS>" and masked.iloc[2] == "****@example.com"
    hashed = redact_series(column, "EMAIL_ADDRESS", "hash", POLICY)
    assert hashed.iloc[0].startswith("EMAIL_ADDRESS:") and hashed.iloc[0] != hashed.iloc[1]
    for action in ACTIONS:
        _same(column, "EMAIL_ADDRESS", action)


def test_pseudonyms_join_across_spellings_and_frames() -> None:
    """One keyed hash per distinct normalised value: the same token for the same value wherever it is."""
    cards = pd.Series(["4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111111"] * 200, dtype="str")
    tokens = redact_series(cards, "CREDIT_CARD", "pseudonymize", POLICY)
    assert tokens.nunique() == 1
    emails = pd.Series(["Jane.Doe@Example.com", " jane.doe@example.com ", "JANE.DOE@EXAMPLE.COM"] * 200)
    assert redact_series(emails, "EMAIL_ADDRESS", "pseudonymize", POLICY).nunique() == 1
    other_frame = pd.Series(["jane.doe@example.com"] * 300, dtype=object)
    assert set(redact_series(other_frame, "EMAIL_ADDRESS", "pseudonymize", POLICY)) == set(
        redact_series(emails, "EMAIL_ADDRESS", "pseudonymize", POLICY)
    )


@pytest.mark.parametrize("keep", [9, 12, 64])
def test_long_kept_tails(keep: int) -> None:
    """A tail longer than the byte-by-byte copy handles (8) takes the run copy: still the per-value text."""
    from faker import Faker

    fake = Faker(["de_DE", "fr_FR", "en_GB"])
    fake.seed_instance(keep)
    values = [fake.iban() if i % 2 else fake.credit_card_number() for i in range(500)] + [None, "", "x"]
    policy = Policy(key="paths-key-0123", ner="off", mask_keep=keep)
    for entity in ("IBAN_CODE", "CREDIT_CARD"):
        _same(pd.Series(values, dtype="str"), entity, "mask", policy)


@pytest.mark.parametrize(
    "column",
    [
        pd.Series([None] * 100, dtype=object),
        pd.Series([np.nan] * 100),
        pd.Series([], dtype="str"),
        pd.Series([""] * 100, dtype="str"),
        pd.Series(["same@example.com"] * 100, dtype="category"),
        pd.Series(pd.Categorical(["a@example.com", None] * 50, categories=["a@example.com", "unused@example.com"])),
        pd.Series(["x@example.com"] * 100, index=pd.MultiIndex.from_tuples([(i % 3, i) for i in range(100)])),
    ],
    ids=["all None", "all NaN", "empty", "empty strings", "one category", "unused category", "multiindex"],
)
def test_degenerate_columns(column: pd.Series) -> None:
    for action in ACTIONS:
        _same(column, "EMAIL_ADDRESS", action)


def test_a_constant_plugin_operator_fills_its_own_text() -> None:
    registry = OperatorRegistry.default()
    registry.register(Operator("gone", lambda s, e, p: s.map(lambda t: f"[{e} removed]"), constant=True))
    column = pd.Series([f"user{i}@example.com" for i in range(500)] + [None], dtype="str")
    out = redact_series(column, "EMAIL_ADDRESS", "gone", POLICY, operators=registry)
    with per_value():
        reference = redact_series(column, "EMAIL_ADDRESS", "gone", POLICY, operators=registry)
    pd.testing.assert_series_equal(out, reference, check_exact=True)
    assert out.iloc[0] == "[EMAIL_ADDRESS removed]" and pd.isna(out.iloc[-1])


def test_columns_longer_than_a_batch() -> None:
    """Byte steps run in batches of rows: a batch with nothing to drop next to one with separators, missing rows."""
    from jupyter_privguard import textbuffers

    rng = np.random.default_rng(5)
    n = 2 * textbuffers._BATCH + 1234
    digits = rng.integers(10**15, 10**16, n).astype(str).astype(object)
    spaced = np.array([f"{v[:4]} {v[4:8]}-{v[8:]}" for v in digits[: n // 2]], dtype=object)
    values = np.concatenate([digits[: textbuffers._BATCH], spaced, digits[textbuffers._BATCH + len(spaced) :]])
    values[rng.integers(0, n, n // 50)] = None
    column = pd.Series(values, dtype="str")
    for entity, action in [("CREDIT_CARD", "mask"), ("CREDIT_CARD", "pseudonymize"), ("POSTAL_CODE", "generalize")]:
        _same(column, entity, action, Policy(key="paths-key-0123", ner="off", mask_keep=11))
        _same(column, entity, action)
