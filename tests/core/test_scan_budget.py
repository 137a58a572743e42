"""Budgeted scans: the columns asked for first, the rest within a time budget, never a raw pending column.

The wide frames are generated (numeric, categorical and text columns of many shapes) and carry
personal values invented by Faker and mimesis in several locales, at positions a display shows
and at positions it does not.
"""

from __future__ import annotations

import gc
import random
import weakref
from typing import Any

import numpy as np
import pandas as pd
import pytest

from jupyter_privguard.adapters import iter_columns
from jupyter_privguard.policy import Policy
from jupyter_privguard.redaction import PENDING, redact
from jupyter_privguard.scan_budget import resolve_positions, shown_positions
from jupyter_privguard.scanner import Scanner, complete

POLICY = Policy(ner="off")


def _people(n: int, seed: int) -> dict[str, list[str]]:
    from faker import Faker
    from mimesis import Person
    from mimesis.locales import Locale

    fake = Faker(["en_US", "de_DE", "fr_FR"])
    fake.seed_instance(seed)
    us = Faker("en_US")
    us.seed_instance(seed)
    person = Person(Locale.DE, seed=seed)
    phones = []
    while len(phones) < n:  # US numbers without an extension (Faker adds "x123" now and then)
        phone = us.phone_number()
        if "x" not in phone:
            phones.append(phone)
    return {
        "email": [fake.unique.email() if i % 2 else f"{i}.{person.email()}" for i in range(n)],
        "phone": phones,
        "iban": [fake.iban() for _ in range(n)],
    }


def wide_frame(columns: int = 600, rows: int = 40, seed: int = 5, pii_at: dict[int, str] | None = None) -> pd.DataFrame:
    """``columns`` plain columns; the keys of ``pii_at`` (positions) hold a personal column of that kind."""
    rng = np.random.default_rng(seed)
    rnd = random.Random(seed)
    people = _people(rows, seed)
    data: dict[str, Any] = {}
    for i in range(columns):
        kind = i % 5
        if kind == 0:
            data[f"feat_{i}"] = rng.normal(size=rows).round(3)
        elif kind == 1:
            data[f"count_{i}"] = rng.integers(0, 500, rows)
        elif kind == 2:
            data[f"grade_{i}"] = [rnd.choice(["low", "mid", "high"]) for _ in range(rows)]
        elif kind == 3:
            data[f"sku_{i}"] = [f"SKU-{rnd.randrange(10_000, 99_999)}" for _ in range(rows)]
        else:
            data[f"amount_{i}"] = rng.uniform(1, 3000, rows).round(2)
    frame = pd.DataFrame(data)
    for position, kind in sorted((pii_at or {}).items()):
        frame.insert(position, f"{kind}_at_{position}", people[kind])
    return frame


@pytest.fixture
def scanner() -> Scanner:
    return Scanner()


def test_shown_positions_cover_what_pandas_renders() -> None:
    for width in (5, 21, 22, 23, 60, 301):
        frame = pd.DataFrame({f"col{i}x": [i] for i in range(width)})
        for max_columns in (1, 2, 3, 10, 20, 21):
            shown = shown_positions(width, max_columns)
            with pd.option_context("display.max_columns", max_columns):
                html, text = frame._repr_html_(), frame.to_string(max_cols=max_columns)
            rendered = {i for i in range(width) if f">col{i}x<" in html or f"col{i}x" in text.split()}
            assert rendered, (width, max_columns)
            if shown is None:
                assert width <= max_columns + 2
            else:
                assert rendered <= set(shown), (width, max_columns)
    assert shown_positions(2000, 0) is None
    assert shown_positions(2000, None) is None
    assert shown_positions(2000, 20) == [*range(10), *range(1990, 2000)]


def test_resolve_positions_takes_positions_names_and_labels() -> None:
    names = ["a", "b", "a#2", "x / y"]
    labels = ["a", "b", "a", ("x", "y")]
    assert resolve_positions([0, -1, "b", "a#2", ("x", "y"), "missing", 99, 0], names, labels) == [0, 3, 1, 2]


def test_the_asked_columns_first_the_rest_pending(scanner: Scanner) -> None:
    frame = wide_frame(600, pii_at={3: "email", 450: "iban", 598: "phone"})
    shown = shown_positions(frame.shape[1], 20)
    assert shown is not None
    report = scanner.scan(frame, policy=POLICY, columns=shown, budget_s=0.0)
    assert not report.is_complete
    assert set(report.columns) == {frame.columns[p] for p in shown}
    assert set(report.pending) | set(report.columns) == set(frame.columns)
    assert all(frame.columns[p] == name for name, p in report.pending.items())
    assert report.columns["email_at_3"].entity == "EMAIL_ADDRESS"
    assert report.columns["email_at_3"].position == 3
    assert report.columns["phone_at_598"].entity == "PHONE_NUMBER"
    assert "iban_at_450" in report.pending
    assert "pending" in report.to_dict() and "not classified yet" in repr(report)
    full = complete(report, frame, policy=POLICY)
    assert full.is_complete and list(full.columns) == list(frame.columns)
    assert full.columns["iban_at_450"].entity == "IBAN_CODE"
    assert complete(full, frame, policy=POLICY) is full


def test_later_budgeted_scans_take_up_where_the_last_stopped(scanner: Scanner) -> None:
    frame = wide_frame(400, pii_at={250: "email"})
    shown = shown_positions(frame.shape[1], 20)
    done: list[int] = []
    for _ in range(200):
        report = scanner.scan(frame, policy=POLICY, columns=shown, budget_s=0.02)
        done.append(len(report.columns))
        if report.is_complete:
            break
    assert report.is_complete, done
    assert done == sorted(done) and done[-1] == frame.shape[1]
    assert report.columns["email_at_250"].entity == "EMAIL_ADDRESS"
    # the same findings as one full scan
    full = Scanner().scan(frame, policy=POLICY)
    assert {n: f.entity for n, f in report.columns.items()} == {n: f.entity for n, f in full.columns.items()}


def test_a_changed_frame_is_not_taken_for_the_one_it_was(scanner: Scanner) -> None:
    frame = wide_frame(300)
    shown = shown_positions(frame.shape[1], 20)
    scanner.scan(frame, policy=POLICY, columns=shown, budget_s=None)
    emails = _people(len(frame), 9)["email"]
    frame.insert(150, "mail", emails)  # a new column: the names differ, the memo starts afresh
    report = scanner.scan(frame, policy=POLICY, columns=shown, budget_s=None)
    assert report.is_complete and report.columns["mail"].entity == "EMAIL_ADDRESS"
    # values edited in place in a column that is not shown: a full scan (every export's) sees them
    frame["grade_152"] = emails
    assert scanner.scan(frame, policy=POLICY).columns["grade_152"].entity == "EMAIL_ADDRESS"


def test_the_memo_keeps_no_frame_alive(scanner: Scanner) -> None:
    frame = wide_frame(200)
    ref = weakref.ref(frame)
    scanner.scan(frame, policy=POLICY, columns=[0, 1], budget_s=0.0)
    del frame
    gc.collect()
    assert ref() is None


def test_redact_withholds_pending_columns(scanner: Scanner) -> None:
    frame = wide_frame(500, pii_at={2: "email", 300: "email", 420: "phone"})
    raw = set(frame["email_at_2"]) | set(frame["email_at_300"]) | set(frame["phone_at_420"])
    report = scanner.scan(frame, policy=POLICY, columns=shown_positions(frame.shape[1], 20), budget_s=0.0)
    assert {n for n in report.pending if "_at_" in n} == {"email_at_300", "phone_at_420"}
    out = redact(frame, policy=POLICY, report=report, rows=list(range(10)))
    assert out.shape == (10, frame.shape[1])
    text = out.to_csv()
    assert not [v for v in raw if v in text]
    for position in report.pending.values():
        assert set(out.iloc[:, position]) == {PENDING}
    # the shown columns that hold no personal data are untouched
    assert out["feat_0"].tolist() == frame["feat_0"].iloc[:10].tolist()


def test_a_full_scan_is_complete_and_unchanged(scanner: Scanner) -> None:
    frame = wide_frame(60, pii_at={30: "email"})
    report = scanner.scan(frame, policy=POLICY)
    assert report.is_complete and report.pending == {}
    assert report.columns["email_at_30"].entity == "EMAIL_ADDRESS"


@pytest.mark.parametrize("library", ["pandas", "polars", "pyarrow"])
def test_adapters_read_only_the_columns_asked_for(library: str) -> None:
    frame = wide_frame(40, rows=30, pii_at={7: "email"})
    frame.columns = [f"{c}" for c in frame.columns]
    if library == "polars":
        import polars as pl

        data: Any = pl.from_pandas(frame)
    elif library == "pyarrow":
        import pyarrow as pa

        data = pa.Table.from_pandas(frame, preserve_index=False)
    else:
        data = frame
    whole = list(iter_columns(data, sample_size=20))
    wanted = [39, 7, 0, 22]
    from jupyter_privguard.adapters import require_adapter

    part = list(require_adapter(data).iter_columns(data, sample_size=20, columns=wanted))  # type: ignore[call-arg]
    assert [c.position for c in part] == wanted
    assert [c.fingerprint for c in part] == [whole[p].fingerprint for p in wanted]
    assert [c.name for c in part] == [whole[p].name for p in wanted]
    report = Scanner().scan(data, policy=POLICY, columns=[7], budget_s=0.0)
    assert report.columns["email_at_7"].entity == "EMAIL_ADDRESS" and len(report.pending) == 40


def test_an_adapter_without_columns_is_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    from jupyter_privguard.adapters import pandas as pandas_adapter
    from jupyter_privguard.scan_budget import _TAKES_COLUMNS

    adapter_cls = pandas_adapter.PandasAdapter
    original = adapter_cls.iter_columns

    def old_style(self: Any, obj: Any, *, sample_size: int = 1000) -> Any:
        return original(self, obj, sample_size=sample_size)

    monkeypatch.setattr(adapter_cls, "iter_columns", old_style)
    monkeypatch.setattr("jupyter_privguard.scan_budget._TAKES_COLUMNS", {})
    frame = wide_frame(100, pii_at={95: "email"})
    report = Scanner().scan(frame, policy=POLICY, columns=[95, 0], budget_s=None)
    assert report.is_complete and report.columns["email_at_95"].entity == "EMAIL_ADDRESS"
    assert _TAKES_COLUMNS is not None
