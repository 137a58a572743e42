"""The export guard: warn on unredacted PII, strict mode writes nothing, install/uninstall is exact."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from jupyter_privguard.audit import AuditLog
from jupyter_privguard.errors import PrivacyError, PrivacyWarning
from jupyter_privguard.integrations import exports
from jupyter_privguard.integrations.exports import PANDAS_WRITERS, install, safe_export
from jupyter_privguard.policy import Policy
from jupyter_privguard.session import GuardSession

EMAILS = [f"customer.{i:02d}.lastname@example.com" for i in range(20)]
PLANS = ["premium-plan", "basic-plan"] * 10


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"email": EMAILS, "plan": PLANS, "spend": [float(i) + 0.25 for i in range(20)]})


@pytest.fixture()
def session(export_session: GuardSession) -> GuardSession:
    return export_session  # tests/core/conftest.py


@pytest.fixture()
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _records(path: Path) -> list[dict[str, Any]]:
    return AuditLog(path).read()


# -- install / uninstall ------------------------------------------------------------------------
def test_uninstall_restores_the_original_methods_exactly() -> None:
    classes = (pd.DataFrame, pd.Series)
    before = {
        (c, n): (n in c.__dict__, c.__dict__.get(n), getattr(c, n, None)) for c in classes for n in PANDAS_WRITERS
    }
    handle = install(GuardSession(policy=Policy(ner="off")))
    assert "DataFrame.to_csv" in handle.methods and "Series.to_csv" in handle.methods
    assert pd.DataFrame.to_csv is not before[(pd.DataFrame, "to_csv")][2]
    handle.uninstall()
    after = {(c, n): (n in c.__dict__, c.__dict__.get(n), getattr(c, n, None)) for c in classes for n in PANDAS_WRITERS}
    for key, (had_own, own, resolved) in before.items():
        assert after[key][0] == had_own, key
        assert after[key][1] is own, key
        assert after[key][2] is resolved, key


def test_a_second_install_does_not_wrap_twice() -> None:
    first = install(GuardSession(policy=Policy(ner="off")))
    second = install(GuardSession(policy=Policy(ner="off")))
    try:
        assert second.methods == []
    finally:
        second.uninstall()
        first.uninstall()
    assert not hasattr(pd.DataFrame.to_csv, "__privguard_original__")


def test_pandas_imported_after_install_is_guarded() -> None:
    code = (
        "import sys; from jupyter_privguard.integrations.exports import install; from jupyter_privguard.session import GuardSession;"
        "h = install(GuardSession()); assert 'pandas' not in sys.modules;"
        "import pandas as pd; print(hasattr(pd.DataFrame.to_csv, '__privguard_original__'));"
        "h.uninstall(); print(hasattr(pd.DataFrame.to_csv, '__privguard_original__'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]


# -- warnings -------------------------------------------------------------------------------------
def test_to_csv_warns_with_columns_entities_and_the_way_out(
    session: GuardSession, out_dir: Path, audit_path: Path
) -> None:
    target = out_dir / "people.csv"
    with pytest.warns(PrivacyWarning) as caught:
        _frame().to_csv(target, index=False)
    message = str(caught[0].message)
    for piece in ("'email'", "EMAIL_ADDRESS", "jupyter_privguard.safe_export", "%privguard allow column email"):
        assert piece in message, message
    assert caught[0].filename == __file__  # points at the user's line, not the guard
    assert target.read_text().count("@example.com") == 20  # non-strict: written as asked
    record = _records(audit_path)[-1]
    assert record["event"] == "export" and record["decision"] == "warned"
    assert record["columns"] == ["email"] and record["entities"] == {"EMAIL_ADDRESS": 1}
    assert record["file"] == "people.csv" and record["format"] == "csv" and record["n_rows"] == 20
    assert str(out_dir) not in audit_path.read_text()  # the folder is never logged
    assert session.counts.exports_warned == 1


@pytest.mark.parametrize(
    "call",
    [
        lambda df, d: df.to_json(),
        lambda df, d: df.to_html(),
        lambda df, d: df.to_markdown(),
        lambda df, d: df.to_csv(),
        lambda df, d: df["email"].to_csv(d / "s.csv"),
        lambda df, d: df.to_pickle(d / "x.pkl"),
        lambda df, d: df.to_parquet(d / "x.parquet"),
        lambda df, d: df.to_feather(d / "x.feather"),
        lambda df, d: df.to_sql("people", sqlite3.connect(":memory:")),
    ],
    ids=[
        "to_json",
        "to_html",
        "to_markdown",
        "to_csv-string",
        "Series.to_csv",
        "to_pickle",
        "to_parquet",
        "to_feather",
        "to_sql",
    ],
)
def test_every_writer_warns(session: GuardSession, out_dir: Path, call: Any) -> None:
    pytest.importorskip("tabulate")
    with pytest.warns(PrivacyWarning, match="EMAIL_ADDRESS"):
        call(_frame(), out_dir)


@pytest.mark.parametrize(
    "policy, frame",
    [
        (Policy(ner="off"), _frame()[["plan", "spend"]]),  # no PII
        (Policy(ner="off", allow_columns=["email"]), _frame()),  # allowed column
        (Policy(ner="off", allow_columns=["e*"]), _frame()),  # allowed by glob
        (Policy(ner="off", actions={"EMAIL_ADDRESS": "keep"}), _frame()),  # the policy keeps emails
    ],
    ids=["no-pii", "allowed", "allowed-glob", "keep"],
)
def test_clean_exports_do_not_warn(
    session: GuardSession, out_dir: Path, audit_path: Path, policy: Policy, frame: pd.DataFrame
) -> None:
    session.policy = policy
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        frame.to_csv(out_dir / "x.csv")
    assert _records(audit_path)[-1]["decision"] == "clean"


def test_a_redacted_frame_exports_without_a_warning(session: GuardSession, out_dir: Path) -> None:
    from jupyter_privguard import redact

    frame = _frame().assign(full_name=[f"Person Number{i}" for i in range(20)])
    safe = redact(frame, policy=session.policy)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        safe.to_csv(out_dir / "x.csv")


def test_paused_guard_does_not_check(session: GuardSession, out_dir: Path, audit_path: Path) -> None:
    session.enabled = False
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _frame().to_csv(out_dir / "x.csv")
    assert not audit_path.exists()


def test_pii_in_the_index_is_seen(session: GuardSession, out_dir: Path) -> None:
    with pytest.warns(PrivacyWarning, match="index:email"):
        _frame().set_index("email").to_csv(out_dir / "x.csv")


def test_pandas_own_table_schema_repr_is_not_an_export(session: GuardSession, audit_path: Path) -> None:
    with pd.option_context("display.html.table_schema", True), warnings.catch_warnings():
        warnings.simplefilter("error")
        _frame()._repr_data_resource_()
    assert not audit_path.exists()


def test_a_file_name_made_of_pii_is_redacted_in_the_log(session: GuardSession, out_dir: Path, audit_path: Path) -> None:
    with pytest.warns(PrivacyWarning):
        _frame().to_csv(out_dir / f"{EMAILS[3]}.csv")
    text = audit_path.read_text()
    assert EMAILS[3] not in text and "<EMAIL_ADDRESS>.csv" in text


# -- strict mode ------------------------------------------------------------------------------------
STRICT_CALLS = {
    "to_csv": lambda df, d: df.to_csv(d / "x.csv"),
    "to_parquet": lambda df, d: df.to_parquet(d / "x.parquet"),
    "to_excel": lambda df, d: df.to_excel(d / "x.xlsx"),
    "to_json": lambda df, d: df.to_json(d / "x.json"),
    "to_pickle": lambda df, d: df.to_pickle(d / "x.pkl"),
    "to_feather": lambda df, d: df.to_feather(d / "x.feather"),
    "to_html": lambda df, d: df.to_html(d / "x.html"),
    "to_markdown": lambda df, d: df.to_markdown(d / "x.md"),
    "to_clipboard": lambda df, d: df.to_clipboard(),
    "to_latex": lambda df, d: df.to_latex(d / "x.tex"),
    "to_xml": lambda df, d: df.to_xml(d / "x.xml"),
    "to_stata": lambda df, d: df.to_stata(d / "x.dta"),
    "to_hdf": lambda df, d: df.to_hdf(d / "x.h5", key="t"),
    "Series.to_csv": lambda df, d: df["email"].to_csv(d / "s.csv"),
    "buffer": lambda df, d: df.to_csv(open(d / "buf.csv", "w")),
}


@pytest.mark.parametrize("name", list(STRICT_CALLS))
def test_strict_mode_raises_and_writes_nothing(
    session: GuardSession, out_dir: Path, audit_path: Path, name: str
) -> None:
    session.policy = Policy(ner="off", strict=True)
    with pytest.raises(PrivacyError, match="nothing was written"):
        STRICT_CALLS[name](_frame(), out_dir)
    written = [p for p in out_dir.iterdir() if p.stat().st_size > 0]
    assert written == []
    if name != "buffer":  # a buffer the user opened exists, but it stays empty
        assert list(out_dir.iterdir()) == []
    record = _records(audit_path)[-1]
    assert record["decision"] == "blocked" and record["strict"] is True
    assert session.counts.exports_blocked == 1


def test_strict_to_sql_creates_no_table(session: GuardSession) -> None:
    session.policy = Policy(ner="off", strict=True)
    con = sqlite3.connect(":memory:")
    with pytest.raises(PrivacyError):
        _frame().to_sql("people", con)
    assert con.execute("select name from sqlite_master").fetchall() == []


def test_strict_check_failure_fails_closed(
    session: GuardSession, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session.policy = Policy(ner="off", strict=True)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("scanner exploded")

    monkeypatch.setattr(exports, "exposure", broken)
    with pytest.raises(PrivacyError, match="RuntimeError"):
        _frame().to_csv(out_dir / "x.csv")
    assert list(out_dir.iterdir()) == []


# -- polars -----------------------------------------------------------------------------------------
def test_polars_writers_are_guarded(session: GuardSession, out_dir: Path) -> None:
    pl = pytest.importorskip("polars")
    frame = pl.from_pandas(_frame())
    with pytest.warns(PrivacyWarning, match="EMAIL_ADDRESS"):
        frame.write_csv(out_dir / "p.csv")
    session.policy = Policy(ner="off", strict=True)
    with pytest.raises(PrivacyError):
        frame.write_parquet(out_dir / "p.parquet")
    assert not (out_dir / "p.parquet").exists()


# -- safe_export --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "suffix, read, kwargs",
    [
        (".csv", pd.read_csv, {"index": False}),
        (".tsv", lambda p: pd.read_csv(p, sep="\t"), {"index": False}),
        (".parquet", pd.read_parquet, {"index": False}),
        (".json", pd.read_json, {}),
        (".pkl", pd.read_pickle, {}),
        (".feather", pd.read_feather, {}),
    ],
)
def test_safe_export_writes_a_deidentified_copy(
    session: GuardSession, out_dir: Path, audit_path: Path, suffix: str, read: Any, kwargs: dict[str, Any]
) -> None:
    frame = _frame()
    before = frame.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = safe_export(frame, out_dir / f"people{suffix}", **kwargs)
    raw = path.read_bytes()
    for email in EMAILS:
        assert email.encode() not in raw
    back = read(path)
    assert list(back["plan"]) == PLANS  # non-PII survives
    pd.testing.assert_frame_equal(frame, before)  # the user's frame is untouched
    assert [p.name for p in out_dir.iterdir()] == [path.name]  # no temporary file left behind
    record = _records(audit_path)[-1]
    assert record["decision"] == "redacted" and record["columns"] == ["email"]


def test_safe_export_redacts_a_labelled_index(session: GuardSession, out_dir: Path) -> None:
    path = safe_export(_frame().set_index("email"), out_dir / "x.csv")
    text = path.read_text()
    assert "@example.com" not in text and "email" in text.splitlines()[0]


def test_safe_export_with_an_explicit_format_and_policy(session: GuardSession, out_dir: Path) -> None:
    path = safe_export(
        _frame(),
        out_dir / "x.data",
        policy=Policy(ner="off", actions={"EMAIL_ADDRESS": "mask"}),
        format="csv",
        index=False,
    )
    assert "****@example.com" in path.read_text()


def test_safe_export_rejects_an_unknown_suffix(session: GuardSession, out_dir: Path) -> None:
    with pytest.raises(ValueError, match="format="):
        safe_export(_frame(), out_dir / "x.unknown")


def test_safe_export_leaves_no_partial_file_when_the_writer_fails(
    session: GuardSession, out_dir: Path, monkeypatch: pytest.MonkeyPatch, audit_path: Path
) -> None:
    def half_then_fail(self: pd.DataFrame, path: Any, *args: Any, **kwargs: Any) -> None:
        Path(path).write_text("partial,")
        raise OSError("disk full")

    # a scoped patch: undone here, before the guard's own uninstall runs at teardown
    with monkeypatch.context() as patch:
        patch.setattr(pd.DataFrame, "to_csv", half_then_fail)
        with pytest.raises(OSError):
            safe_export(_frame(), out_dir / "x.csv")
    assert list(out_dir.iterdir()) == []
    assert _records(audit_path)[-1]["decision"] == "failed"


def test_audit_log_never_holds_a_value(session: GuardSession, out_dir: Path, audit_path: Path) -> None:
    with pytest.warns(PrivacyWarning):
        _frame().to_csv(out_dir / "a.csv")
        _frame().to_json()
    safe_export(_frame(), out_dir / "b.csv")
    text = audit_path.read_text()
    for value in EMAILS:
        assert value not in text
    assert [json.loads(line)["decision"] for line in text.splitlines()] == ["warned", "warned", "redacted"]
    assert AuditLog(audit_path).verify()[0]
