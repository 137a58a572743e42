"""Property-based tests: seeded PII never survives redaction, whatever the frame looks like.

Frames of random shapes carry seeded emails, card numbers and phone numbers in columns of several
dtypes (strings, categoricals, ints, floats, object columns mixing types, nested lists and bytes),
among filler columns with missing values, at random positions under possibly duplicated or
non-string names. For every action except ``keep``, no seeded value may appear in ``str()``,
``to_html()`` or ``to_csv()`` of the result.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jupyter_privguard.policy import Policy
from jupyter_privguard.redaction import redact, redact_series
from jupyter_privguard.report import ColumnFinding, ScanReport

NON_KEEP = ("redact", "mask", "hash", "pseudonymize", "generalize", "drop")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def luhn_complete(body: str) -> str:
    """``body`` plus the Luhn check digit."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return body + str((10 - total % 10) % 10)


emails = st.from_regex(r"[a-z]{3,8}\.[a-z]{2,6}@[a-z]{3,8}\.(com|org|net)", fullmatch=True)
cards = st.builds(
    lambda first, rest: luhn_complete(first + rest),
    st.sampled_from("45"),
    st.text("0123456789", min_size=14, max_size=14),
)
phones = st.builds(lambda a, rest: a + rest, st.sampled_from("23456789"), st.text("0123456789", min_size=9, max_size=9))
missing = st.sampled_from([None, np.nan, pd.NA])


@st.composite
def email_column(draw: st.DrawFn, n: int) -> tuple[pd.Series, list[str]]:
    values = draw(st.lists(emails, min_size=1, max_size=4))
    style = draw(st.sampled_from(["str", "category", "mixed"]))
    cells: list[Any] = []
    for _ in range(n):
        v = draw(st.sampled_from(values))
        if style == "mixed":
            cell = draw(st.sampled_from([v, v.upper(), f" {v} ", [v], {"mail": v}, v.encode(), None, 7, 2.5, (v, v)]))
        else:
            cell = draw(st.one_of(st.just(v), missing)) if style == "str" else v
        cells.append(cell)
    if style == "str":
        return pd.Series(cells, dtype="str" if int(pd.__version__[0]) >= 3 else object), values + [
            v.upper() for v in values
        ]
    if style == "category":
        return pd.Series(cells, dtype="category"), values
    return pd.Series(cells, dtype=object), values + [v.upper() for v in values]


@st.composite
def card_column(draw: st.DrawFn, n: int) -> tuple[pd.Series, list[str]]:
    values = draw(st.lists(cards, min_size=1, max_size=4))
    style = draw(st.sampled_from(["int", "dashes", "spaces", "object"]))
    picks = [draw(st.sampled_from(values)) for _ in range(n)]
    dashed = ["-".join(v[i : i + 4] for i in range(0, 16, 4)) for v in values]
    spaced = [" ".join(v[i : i + 4] for i in range(0, 16, 4)) for v in values]
    if style == "int":
        series = pd.Series([int(v) for v in picks], dtype="int64")
    elif style == "dashes":
        series = pd.Series(["-".join(v[i : i + 4] for i in range(0, 16, 4)) for v in picks])
    elif style == "spaces":
        series = pd.Series([" ".join(v[i : i + 4] for i in range(0, 16, 4)) for v in picks])
    else:
        series = pd.Series([draw(st.sampled_from([int(v), v, None, [v]])) for v in picks], dtype=object)
    return series, values + dashed + spaced


@st.composite
def phone_column(draw: st.DrawFn, n: int) -> tuple[pd.Series, list[str]]:
    values = draw(st.lists(phones, min_size=1, max_size=4))
    style = draw(st.sampled_from(["float", "Int64", "formatted"]))
    picks = [draw(st.sampled_from(values)) for _ in range(n)]
    gaps = [draw(st.booleans()) for _ in range(n)]
    formatted = [f"({v[:3]}) {v[3:6]}-{v[6:]}" for v in values]
    if style == "float":
        series = pd.Series([np.nan if g else float(v) for v, g in zip(picks, gaps)], dtype="float64")
    elif style == "Int64":
        series = pd.Series([pd.NA if g else int(v) for v, g in zip(picks, gaps)], dtype="Int64")
    else:
        series = pd.Series([None if g else f"({v[:3]}) {v[3:6]}-{v[6:]}" for v, g in zip(picks, gaps)], dtype=object)
    return series, values + formatted


@st.composite
def filler_column(draw: st.DrawFn, n: int) -> pd.Series:
    kind = draw(st.sampled_from(["int", "float", "str", "object", "bool"]))
    if kind == "int":
        return pd.Series(draw(st.lists(st.integers(-1000, 1000), min_size=n, max_size=n)), dtype="int64")
    if kind == "float":
        floats = st.one_of(st.floats(-100, 100, allow_nan=False), st.just(np.nan))
        return pd.Series(draw(st.lists(floats, min_size=n, max_size=n)), dtype="float64")
    if kind == "bool":
        return pd.Series(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    words = st.text("abcdefghij ", max_size=8)
    if kind == "str":
        return pd.Series(draw(st.lists(words, min_size=n, max_size=n)))
    cells = st.one_of(words, st.integers(-50, 50), missing)
    return pd.Series(draw(st.lists(cells, min_size=n, max_size=n)), dtype=object)


@st.composite
def seeded_frames(draw: st.DrawFn) -> tuple[pd.DataFrame, ScanReport, list[str], list[int]]:
    """A frame, its hand-made report, the seeded values, and the positions of the PII columns."""
    n = draw(st.integers(1, 25))
    pii: list[tuple[pd.Series, list[str], str]] = []
    for maker, entity in (
        (email_column, "EMAIL_ADDRESS"),
        (card_column, "CREDIT_CARD"),
        (phone_column, "PHONE_NUMBER"),
    ):
        if draw(st.booleans()) or not pii and entity == "PHONE_NUMBER":
            series, seeded = draw(maker(n))
            pii.append((series, seeded, entity))
    fillers = [draw(filler_column(n)) for _ in range(draw(st.integers(0, 4)))]
    columns: list[tuple[pd.Series, str | None]] = [(s, e) for s, _, e in pii] + [(s, None) for s in fillers]
    order = draw(st.permutations(range(len(columns))))
    labels = draw(
        st.lists(st.sampled_from(["a", "b", "email", 0, 1, "x y"]), min_size=len(columns), max_size=len(columns))
    )
    frame = pd.concat([columns[i][0] for i in order], axis=1, ignore_index=True)
    frame.columns = labels
    index = draw(st.sampled_from(["range", "strings", "shuffled"]))
    if index == "strings":
        frame.index = [f"r{i}" for i in range(n)]
    elif index == "shuffled":
        frame.index = draw(st.permutations(range(n)))
    findings = {}
    positions = []
    for position, i in enumerate(order):
        entity = columns[i][1]
        name = f"{labels[position]}#{position}"
        findings[name] = ColumnFinding(
            column=name,
            position=position,
            dtype=str(frame.dtypes.iloc[position]),
            kind="value",
            entity=entity,
            score=1.0 if entity else 0.0,
            coverage=1.0,
        )
        if entity:
            positions.append(position)
    seeded = [v for _, values, _ in pii for v in values]
    return frame, ScanReport(columns=findings, n_rows=n), seeded, positions


def rendered(obj: Any) -> list[str]:
    with pd.option_context(
        "display.max_rows", 1000, "display.max_columns", 1000, "display.width", 10_000, "display.max_colwidth", 10_000
    ):
        return [str(obj), obj.to_html(), obj.to_csv()]


def assert_no_leak(out: pd.DataFrame, seeded: list[str]) -> None:
    for text in rendered(out):
        for value in seeded:
            assert value not in text, "a seeded value survived redaction"


def copy_frame(df: pd.DataFrame) -> pd.DataFrame:
    return df.copy(deep=True)


@SETTINGS
@given(case=seeded_frames(), action=st.sampled_from(NON_KEEP), keep=st.integers(0, 6))
def test_seeded_pii_never_survives(
    case: tuple[pd.DataFrame, ScanReport, list[str], list[int]], action: str, keep: int
) -> None:
    frame, report, seeded, positions = case
    before = copy_frame(frame)
    policy = Policy(
        key="property-key-0001",
        ner="off",
        mask_keep=keep,
        actions={"EMAIL_ADDRESS": action, "CREDIT_CARD": action, "PHONE_NUMBER": action},
    )
    out = redact(frame, policy=policy, report=report)
    assert_no_leak(out, seeded)
    pd.testing.assert_frame_equal(frame, before)  # never mutated
    assert out.index.equals(frame.index)
    if action == "drop":
        assert out.shape[1] == frame.shape[1] - len(positions)
    else:
        assert out.shape == frame.shape
        for position in range(frame.shape[1]):
            if position in positions:  # missing stays missing, nothing else becomes missing
                assert out.iloc[:, position].isna().tolist() == frame.iloc[:, position].isna().tolist()
            else:
                pd.testing.assert_series_equal(out.iloc[:, position], frame.iloc[:, position])


@SETTINGS
@given(case=seeded_frames(), action=st.sampled_from(NON_KEEP), data=st.data())
def test_display_rows_never_leak(
    case: tuple[pd.DataFrame, ScanReport, list[str], list[int]], action: str, data: st.DataObject
) -> None:
    frame, report, seeded, _ = case
    n = len(frame)
    rows = data.draw(st.lists(st.integers(-n, n - 1), max_size=8))
    policy = Policy(
        key="property-key-0001",
        ner="off",
        actions={"EMAIL_ADDRESS": action, "CREDIT_CARD": action, "PHONE_NUMBER": action},
    )
    out = redact(frame, policy=policy, report=report, rows=rows)
    assert len(out) == len(rows)
    assert list(out.index) == [frame.index[r] for r in rows]
    assert_no_leak(out, seeded)


@SETTINGS
@given(
    values=st.lists(st.one_of(cards, phones), min_size=1, max_size=20),
    keep=st.integers(0, 64),
    entity=st.sampled_from(["CREDIT_CARD", "PHONE_NUMBER", "US_SSN", "IBAN_CODE", "PERSON"]),
)
def test_mask_reveals_at_most_mask_keep_characters(values: list[str], keep: int, entity: str) -> None:
    out = redact_series(pd.Series(values), entity, "mask", Policy(key="property-key-0001", mask_keep=keep))
    for original, masked in zip(values, out):
        shown = masked.replace("*", "")
        assert len(shown) <= min(keep, len(original) // 2)
        assert original.endswith(shown)


@SETTINGS
@given(values=st.lists(st.one_of(emails, cards), min_size=1, max_size=30), split=st.integers(0, 30))
def test_pseudonyms_are_stable_across_frames(values: list[str], split: int) -> None:
    policy = Policy(key="property-key-0001")
    whole = redact_series(pd.Series(values), "EMAIL_ADDRESS", "pseudonymize", policy).tolist()
    parts = (
        redact_series(pd.Series(values[:split], dtype=object), "EMAIL_ADDRESS", "pseudonymize", policy).tolist()
        + redact_series(pd.Series(values[split:], dtype=object), "EMAIL_ADDRESS", "pseudonymize", policy).tolist()
    )
    assert whole == parts
    assert len(set(whole)) == len({v.lower() for v in values})  # distinct values, distinct tokens


pl = pytest.importorskip("polars")


@SETTINGS
@given(case=seeded_frames(), action=st.sampled_from(NON_KEEP))
def test_polars_frames_never_leak(case: tuple[pd.DataFrame, ScanReport, list[str], list[int]], action: str) -> None:
    frame, report, seeded, _ = case
    # polars needs unique string names and one type per column: keep the typed columns only
    frame = frame.copy()
    frame.columns = [f"c{i}" for i in range(frame.shape[1])]
    keep = [i for i in range(frame.shape[1]) if frame.dtypes.iloc[i] != object]  # noqa: E721 - a numpy dtype is compared by value
    if not keep:
        return
    sub = frame.iloc[:, keep]
    findings = {}
    for new, old in enumerate(keep):
        f = list(report.columns.values())[old]
        findings[f"c{old}"] = ColumnFinding(
            column=f"c{old}", position=new, dtype=f.dtype, kind="value", entity=f.entity, score=f.score, coverage=1.0
        )
    policy = Policy(
        key="property-key-0001",
        ner="off",
        actions={"EMAIL_ADDRESS": action, "CREDIT_CARD": action, "PHONE_NUMBER": action},
    )
    polars_frame = pl.from_pandas(sub)
    out = redact(polars_frame, policy=policy, report=ScanReport(columns=findings, n_rows=len(sub)))
    assert isinstance(out, pl.DataFrame)
    # polars refuses to write a 0-width frame (every column dropped); its repr still shows the rows
    text = str(out) + (out.write_csv() if out.width else "")
    for value in seeded:
        assert value not in text


def test_seeded_pii_through_scan() -> None:
    """With the real scanner: header and values together find the columns, nothing leaks."""
    try:
        from jupyter_privguard.scanner import scan

        scan(pd.DataFrame({"email": ["ann@example.com"]}), policy=Policy(ner="off"))
    except ImportError as exc:
        pytest.skip(f"scan() is not usable yet: {exc}")
    rng = np.random.default_rng(7)
    seeded_emails = [f"person{i}.x@mail{i % 7}.com" for i in range(40)]
    seeded_cards = [luhn_complete("4" + "".join(str(d) for d in rng.integers(0, 10, 14))) for _ in range(40)]
    seeded_phones = [f"(415) 555-{1000 + i:04d}" for i in range(40)]
    frame = pd.DataFrame(
        {
            "email": seeded_emails,
            "credit_card": [int(c) for c in seeded_cards],
            "phone": seeded_phones,
            "amount": rng.random(40),
        }
    )
    for action in NON_KEEP:
        policy = Policy(
            key="property-key-0001",
            ner="off",
            actions={"EMAIL_ADDRESS": action, "CREDIT_CARD": action, "PHONE_NUMBER": action},
        )
        out = redact(frame, policy=policy, report=scan(frame, policy=policy))
        assert_no_leak(out, seeded_emails + seeded_cards + seeded_phones)
