"""Frames of thousands of columns in a real IPython shell: shown fast, never raw, fully classified before an export.

pandas (``display.max_columns`` = 20, a notebook's default) renders ten columns from each end. The
frame carries personal values invented by Faker in three locales and by mimesis, in columns that are
shown (the third, the last) and in one that is not (position 1,700), among generated plain columns.
"""

from __future__ import annotations

import random
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from seeded import everything, found, magic, run

from jupyter_privguard.errors import PrivacyError, PrivacyWarning

WIDTH = 2_000
ROWS = 50


def _people(seed: int) -> dict[str, list[str]]:
    from faker import Faker
    from mimesis import Person
    from mimesis.locales import Locale

    fake = Faker(["en_GB", "de_DE", "fr_FR"])
    fake.seed_instance(seed)
    person = Person(Locale.ES, seed=seed)
    return {
        "hidden": [f"{fake.unique.user_name()}.{i}@{fake.free_email_domain()}" for i in range(ROWS)],
        "shown": [fake.unique.email() for _ in range(ROWS)],
        "last": [f"{i}{person.email()}" for i in range(ROWS)],
        "iban": [fake.iban() for _ in range(ROWS)],
    }


def wide_people(seed: int = 17) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    rng = np.random.default_rng(seed)
    rnd = random.Random(seed)
    data: dict[str, Any] = {}
    for i in range(WIDTH):
        kind = i % 4
        if kind == 0:
            data[f"m{i}"] = rng.normal(size=ROWS).round(4)
        elif kind == 1:
            data[f"n{i}"] = rng.integers(0, 1_000, ROWS)
        elif kind == 2:
            data[f"sku{i}"] = [f"SKU-{rnd.randrange(10_000, 99_999)}" for _ in range(ROWS)]
        else:
            data[f"u{i}"] = rng.uniform(0, 1, ROWS)
    frame = pd.DataFrame(data)
    people = _people(seed)
    frame.insert(2, "contact", people["shown"])
    frame.insert(1_700, "reach_at", people["hidden"])
    frame.insert(1_701, "acct", people["iban"])
    frame["backup"] = people["last"]
    return frame, people


@pytest.fixture
def wide(ip: Any) -> Any:
    frame, people = wide_people()
    ip.user_ns["big"] = frame
    ip.user_ns["_people"] = people
    with pd.option_context("display.max_columns", 20):
        yield ip, frame, people


def _values(people: dict[str, list[str]]) -> list[str]:
    return [v for column in people.values() for v in column]


def test_a_wide_frame_shows_its_shown_columns_redacted(wide: Any) -> None:
    ip, frame, people = wide
    for _ in range(2):  # again: the same, from what the guard knows
        result = run(ip, "big")
        assert result["success"], result["error"]
        text = everything(result)
        assert found(_values(people), text) == []
        bundle = result["outputs"][0]["data"]
        assert f"[{ROWS} rows x {frame.shape[1]} columns]" in bundle["text/plain"]
        assert f"{ROWS} rows × {frame.shape[1]} columns" in bundle["text/html"]
        assert "<not classified yet>" not in bundle["text/html"]
        # the columns pandas shows are there, the non-personal values readable
        assert ">m0<" in bundle["text/html"] and ">backup<" in bundle["text/html"]
        assert f"{frame['n1'].iloc[0]}" in bundle["text/html"]
        assert "EMAIL_ADDRESS" in bundle["text/html"]


def test_every_output_option_stays_closed(wide: Any) -> None:
    ip, frame, people = wide
    for option in ("display.html.table_schema", "styler.render.repr"):
        value = True if option.endswith("schema") else "latex"
        with pd.option_context(option, value):
            result = run(ip, "big")
        assert result["success"], result["error"]
        assert found(_values(people), everything(result)) == [], option


def test_the_hidden_column_is_classified_before_an_export(wide: Any, tmp_path: Path) -> None:
    ip, frame, people = wide
    run(ip, "big")  # the display classified the shown columns and a budget's worth of the others
    from jupyter_privguard.session import current_session

    assert "reach_at" in current_session().reports["big"].pending  # the export has to finish the work
    path = tmp_path / "big.csv"
    ip.user_ns["_path"] = str(path)
    magic(ip, "config strict=true")
    result = run(ip, "big.drop(columns=['contact', 'backup']).to_csv(_path)")
    assert not result["success"]
    assert isinstance(result["error"], PrivacyError)
    assert not path.exists()
    message = str(result["error"])
    assert found(_values(people), message) == []
    assert "reach_at" in message or "EMAIL_ADDRESS" in message


def test_warn_mode_names_the_hidden_column_and_safe_export_redacts_it(wide: Any, tmp_path: Path) -> None:
    ip, frame, people = wide
    run(ip, "big")
    only_hidden = frame.drop(columns=["contact", "backup"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        only_hidden.to_csv(tmp_path / "raw.csv")
    messages = [str(w.message) for w in caught if issubclass(w.category, PrivacyWarning)]
    assert messages and any("EMAIL_ADDRESS" in m for m in messages), messages
    assert all(found(_values(people), m) == [] for m in messages)
    from jupyter_privguard import safe_export

    out = safe_export(only_hidden, tmp_path / "clean.csv")
    written = out.read_text()
    assert found(people["hidden"] + people["iban"], written) == []
    assert "SKU-" in written  # the plain columns are kept


def test_scan_magic_lists_every_column(wide: Any) -> None:
    ip, frame, people = wide
    run(ip, "big")
    text = magic(ip, "scan big")
    assert "reach_at" in text and "contact" in text
    report = ip.user_ns["big"]
    from jupyter_privguard.session import current_session

    scanned = current_session().reports["big"]
    assert scanned.is_complete and len(scanned.columns) == frame.shape[1]
    assert scanned.columns["reach_at"].entity == "EMAIL_ADDRESS"
    assert report is frame


def test_the_sidebar_counts_every_column_and_names_no_value(wide: Any) -> None:
    import json

    from jupyter_privguard.integrations.comm import build_state
    from jupyter_privguard.integrations.labels import column_id, resolve_column
    from jupyter_privguard.session import current_session

    ip, frame, people = wide
    run(ip, "big")
    session = current_session()
    state = build_state(session)
    (variable,) = [v for v in state["variables"] if v["label"] == "big"]
    assert variable["n_columns"] == frame.shape[1]
    assert variable["truncated"] is True
    assert found(_values(people), json.dumps(state, default=str)) == []
    # the shown personal column comes back by its opaque id
    assert resolve_column(session, column_id(session, "contact")) == "contact"
