"""What an object handed to a writer exposes (names, never values), and the audit file field's redaction."""

from __future__ import annotations

import datetime as dt
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from seeded import found

from jupyter_privguard.audit import AuditLog
from jupyter_privguard.errors import PrivacyWarning
from jupyter_privguard.export import redact_name
from jupyter_privguard.integrations.exposure import ITEMS_PER_CONTAINER, MAX_CHARS, Exposed, exposed
from jupyter_privguard.policy import Policy
from jupyter_privguard.session import GuardSession

LOCALES = ("en_US", "de_DE", "fr_FR", "es_ES")


def _people(n: int = 6) -> pd.DataFrame:
    from faker import Faker

    rows = []
    for i, locale in enumerate(LOCALES):
        fake = Faker(locale)
        fake.seed_instance(101 + i)
        for _ in range(n):
            rows.append(
                {
                    "name": fake.name(),
                    "email": fake.email(),
                    "birth": fake.date_of_birth(minimum_age=20, maximum_age=80),
                    "amount": round(fake.pyfloat(min_value=1, max_value=5000, right_digits=6), 6),
                }
            )
    return pd.DataFrame(rows)


PEOPLE = _people()
NAMES = PEOPLE["name"].tolist()
EMAILS = PEOPLE["email"].tolist()
VALUES = NAMES + EMAILS


@pytest.fixture
def session() -> GuardSession:
    s = GuardSession(policy=Policy(ner="off"))
    s.remember_values(NAMES, "PERSON", "name")
    s.remember_values(EMAILS, "EMAIL_ADDRESS", "email")
    s.remember_values([d.isoformat() for d in PEOPLE["birth"]], "DATE_OF_BIRTH", "birth")
    return s


def _names_only(exp: Exposed) -> None:
    """The result carries names and counts only."""
    assert found(VALUES, repr(exp)) == []


@pytest.mark.parametrize(
    "make, field, entity",
    [
        (lambda: NAMES[3], "<text>", "PERSON"),
        (lambda: NAMES[3].encode(), "<text>", "PERSON"),
        (lambda: f"Dear {NAMES[5]}, your order shipped", "<text>", "PERSON"),
        (lambda: PEOPLE.to_dict("records"), "[].name", "PERSON"),
        (lambda: PEOPLE.to_dict("list"), "email[]", "EMAIL_ADDRESS"),
        (lambda: {"team": {"lead": {"contact": EMAILS[2]}}}, "team.lead.contact", "EMAIL_ADDRESS"),
        (lambda: (1, [2, (NAMES[0],)]), "[][][]", "PERSON"),
        (lambda: {NAMES[1], NAMES[2]}, "[]", "PERSON"),
        (lambda: np.array(NAMES), "[]", "PERSON"),
        (lambda: np.array(NAMES, dtype=object).reshape(4, -1), "[]", "PERSON"),
        (lambda: {"born": PEOPLE["birth"].iloc[0]}, "born", "DATE_OF_BIRTH"),
        (lambda: dict.fromkeys(EMAILS, 1), "<key>", "EMAIL_ADDRESS"),
        (lambda: {"people": PEOPLE}, "people:name", "PERSON"),
        (lambda: PEOPLE["name"], "name", "PERSON"),
    ],
    ids=[
        "str",
        "bytes",
        "sentence",
        "records",
        "dict-of-lists",
        "nested",
        "tuples",
        "set",
        "numpy-str",
        "numpy-object-2d",
        "date",
        "keys",
        "dict-of-frames",
        "series",
    ],
)
def test_personal_values_are_found_by_field(session: GuardSession, make: Any, field: str, entity: str) -> None:
    exp = exposed(make(), session)
    assert exp.found, exp
    assert any(f == field or f.endswith(field) for f in exp.fields), exp.fields
    assert entity in exp.entities
    _names_only(exp)


def test_an_object_s_attributes_are_walked(session: GuardSession) -> None:
    class Customer:
        def __init__(self) -> None:
            self.contact = EMAILS[4]
            self.orders = [{"sku": "SKU-1", "amount": 3.5}]

    exp = exposed([Customer()], session)
    assert exp.fields == ["[].contact"] and exp.entities == {"EMAIL_ADDRESS": 1}


def test_card_numbers_as_integers_and_integral_floats_are_found(session: GuardSession) -> None:
    from faker import Faker

    fake = Faker()
    fake.seed_instance(9)
    cards = [int(fake.credit_card_number(card_type="visa16")) for _ in range(40)]
    assert "CREDIT_CARD" in exposed(np.array(cards, dtype=np.int64), session).entities
    assert "CREDIT_CARD" in exposed(np.array(cards, dtype=np.float64), session).entities
    assert "CREDIT_CARD" in exposed({"card": cards}, session).entities


@pytest.mark.parametrize(
    "make",
    [
        lambda: np.random.default_rng(1).integers(10**12, 10**16, 5000),  # long ids: a tenth pass Luhn
        lambda: np.random.default_rng(2).random(10_000) * 5000,  # amounts like 2037.590000
        lambda: {"amounts": [round(x, 6) for x in np.random.default_rng(3).random(200) * 5000]},
        lambda: [{"sku": f"SKU-{i:05d}-A", "product": f"Brightfen Wind Chime L{i}", "qty": i} for i in range(300)],
        lambda: np.arange(1_700_000_000_000_000_000, 1_700_000_000_000_000_000 + 10**6, 997),  # timestamps
        lambda: PEOPLE[["amount"]],
    ],
    ids=["long-ids", "amounts", "rounded-amounts", "products", "timestamps", "frame-amounts"],
)
def test_clean_objects_expose_nothing(session: GuardSession, make: Any) -> None:
    exp = exposed(make(), session)
    assert not exp.found, exp


@pytest.mark.parametrize(
    "derive",
    [
        lambda df: df.T,
        lambda df: df.melt(),
        lambda df: df.pivot(index="amount", columns="name", values="email"),
        lambda df: df.pivot(index="name", columns="amount", values="birth"),
        lambda df: df.style,
        lambda df: df.set_index("email").T,
        lambda df: df.astype(str).T,
    ],
    ids=["T", "melt", "pivot-columns", "pivot-index", "style", "index-T", "str-T"],
)
def test_derived_frames_are_caught_by_their_cells_and_labels(session: GuardSession, derive: Any) -> None:
    exp = exposed(derive(PEOPLE), session)
    assert exp.found and ({"PERSON", "EMAIL_ADDRESS"} & set(exp.entities)), exp
    _names_only(exp)


def test_a_styler_caption_is_checked(session: GuardSession) -> None:
    styler = PEOPLE[["amount"]].style.set_caption(f"Prepared for {NAMES[7]}")
    exp = exposed(styler, session)
    assert exp.entities == {"PERSON": 1}


def test_polars_and_pyarrow_derived_frames(session: GuardSession) -> None:
    pl = pytest.importorskip("polars")
    pa = pytest.importorskip("pyarrow")
    frame = pl.from_pandas(PEOPLE.astype({"birth": str}))
    assert exposed(frame.transpose(), session).found
    assert exposed(pa.Table.from_pandas(PEOPLE.T.astype(str)), session).found


def test_the_walk_is_bounded_and_says_when_it_was_cut_short(session: GuardSession) -> None:
    big = [f"item {i}" for i in range(1_000_000)]
    start = time.perf_counter()
    exp = exposed(big, session)
    assert time.perf_counter() - start < 1.0
    assert exp.truncated and not exp.found and exp.checked <= ITEMS_PER_CONTAINER
    text = "x" * (MAX_CHARS + 10)
    assert exposed(text, session).truncated
    # values at the sampled positions (both ends are) are still found
    big[0] = NAMES[0]
    big[-1] = EMAILS[0]
    assert exposed(big, session).entities == {"EMAIL_ADDRESS": 1, "PERSON": 1}


def test_a_cycle_is_walked_once(session: GuardSession) -> None:
    loop: list[Any] = [NAMES[0]]
    loop.append(loop)
    assert exposed(loop, session).found


def test_allowed_columns_and_kept_entities_are_not_exposed(session: GuardSession) -> None:
    session.policy = Policy(ner="off", allow_columns=["email"], actions={"PERSON": "keep"})
    assert not exposed([{"email": EMAILS[0], "name": NAMES[0]}], session).found


def test_a_million_row_clean_frame_is_checked_well_under_a_second(session: GuardSession) -> None:
    n = 1_000_000
    rng = np.random.default_rng(11)
    frame = pd.DataFrame(
        {
            "amount": rng.random(n) * 5000,
            "sku": pd.Series([f"SKU-{i:05d}" for i in range(10_000)] * (n // 10_000)),
            "qty": rng.integers(1, 50, n),
            "day": pd.date_range("2024-01-01", periods=n, freq="min"),
        }
    )
    exposed(PEOPLE[["amount"]].head(2), session)  # the detectors' one-time start-up is not the check's cost
    start = time.perf_counter()
    exp = exposed(frame, session)
    elapsed = time.perf_counter() - start
    assert not exp.found and exp.truncated
    assert elapsed < 1.0, f"{elapsed:.2f} s"


# -- the audit file field ---------------------------------------------------------------------------
def _slugs(name: str) -> list[str]:
    first, *rest = name.split()
    last = rest[-1] if rest else first
    return [
        f"{first}_{last}".lower(),
        f"{first}-{last}-2024",
        f"{last}.{first}",
        f"{first}{last}",
        f"export_{last}_{first}_v2".upper(),
    ]


@pytest.mark.parametrize("name", NAMES[::3])
def test_a_slugged_name_is_redacted_in_a_file_name(name: str) -> None:
    import unicodedata

    session = GuardSession(policy=Policy(ner="off"))
    parts = [p for p in name.replace("-", " ").split() if len(p) > 2]
    first, last = parts[0], parts[-1]
    session.remember_values([f"{first} {last}"], "PERSON", "name")
    for slug in _slugs(f"{first} {last}"):
        out = redact_name(slug, session)
        assert "<PERSON>" in out, (slug, out)
        plain = unicodedata.normalize("NFKD", out).casefold()
        assert unicodedata.normalize("NFKD", last).casefold() not in plain, out
    ascii_slug = unicodedata.normalize("NFKD", f"{first}_{last}").encode("ascii", "ignore").decode()
    assert redact_name(ascii_slug, session).startswith("<PERSON>")  # accents stripped


@pytest.mark.parametrize(
    "name", ["sales_2024_q3", "report.final.v2", "people", "orders-export-2025-01-31", "SKU-12345-A"]
)
def test_a_file_name_without_values_is_left_alone(session: GuardSession, name: str) -> None:
    assert redact_name(name, session) == name


def test_the_audit_record_of_an_export_keeps_no_slugged_name(
    export_session: GuardSession, audit_path: Path, tmp_path: Path
) -> None:
    export_session.remember_values(NAMES, "PERSON", "name")
    name = NAMES[0]
    slug = name.lower().replace(" ", "_").replace(".", "")
    with pytest.warns(PrivacyWarning) as caught:
        PEOPLE.to_csv(tmp_path / f"{slug}.csv")
        np.save(tmp_path / f"{name.replace(' ', '-')}-2024.npy", np.array(NAMES))
    for warning in caught:
        assert found(VALUES, str(warning.message)) == []
        assert slug not in str(warning.message)
    text = audit_path.read_text()
    assert slug not in text.lower() and found(VALUES, text) == []
    files = [r["file"] for r in AuditLog(audit_path).read()]
    assert all(f.startswith("<PERSON>") for f in files), files


def test_a_clean_write_is_recorded_clean(export_session: GuardSession, audit_path: Path, tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", PrivacyWarning)
        np.save(tmp_path / "amounts.npy", np.random.default_rng(0).random(100))
    record = AuditLog(audit_path).read()[-1]
    assert record["decision"] == "clean" and record["file"] == "amounts.npy" and record["method"] == "numpy.save"


def test_dates_are_known_values_not_patterns(session: GuardSession) -> None:
    assert exposed({"born": dt.date(1901, 1, 1)}, session).found is False


def test_a_wide_deep_structure_is_cut_at_the_node_bound(session: GuardSession) -> None:
    class Node:
        def __init__(self, depth: int) -> None:
            self.children = [Node(depth - 1) for _ in range(6)] if depth else []
            self.label = "node"

    start = time.perf_counter()
    exp = exposed(Node(6), session)
    assert exp.truncated and not exp.found
    assert time.perf_counter() - start < 2.0


def test_an_object_with_getitem_is_not_read_item_by_item(session: GuardSession) -> None:
    class Dataset:  # __getitem__ would load a file per item: not a declared sequence
        def __len__(self) -> int:
            return 10**6

        def __getitem__(self, i: int) -> Any:
            raise AssertionError("read an item")

    assert not exposed(Dataset(), session).found


def test_the_audit_log_refuses_a_path_in_the_file_field(tmp_path: Path) -> None:
    from jupyter_privguard.audit import AuditError

    log = AuditLog(tmp_path / "audit.jsonl")
    with pytest.raises(AuditError, match="base name"):
        log.record("export", file="/home/ann.lee/people.csv")
    assert log.record("export", file="<PERSON>.csv")["file"] == "<PERSON>.csv"


def test_a_failing_check_fails_closed_in_strict_mode(
    export_session: GuardSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jupyter_privguard.errors import PrivacyError
    from jupyter_privguard.integrations import writeguard

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("walk exploded")

    monkeypatch.setattr(writeguard, "exposed", broken)
    export_session.policy = Policy(ner="off", strict=True)
    with pytest.raises(PrivacyError, match="RuntimeError"):
        np.save(tmp_path / "a.npy", np.arange(3))
    assert not (tmp_path / "a.npy").exists()
    export_session.policy = Policy(ner="off")
    with pytest.warns(PrivacyWarning, match="unchecked"):
        np.save(tmp_path / "b.npy", np.arange(3))
    assert (tmp_path / "b.npy").exists()


def test_a_sampled_clean_object_is_written_in_strict_mode_and_says_so(
    export_session: GuardSession, audit_path: Path, tmp_path: Path
) -> None:
    import json

    export_session.policy = Policy(ner="off", strict=True)
    with open(tmp_path / "skus.json", "w") as f:
        json.dump([f"SKU-{i:06d}" for i in range(100_000)], f)
    record = AuditLog(audit_path).read()[-1]
    assert record["decision"] == "clean" and record["counts"]["sampled"] == 1
