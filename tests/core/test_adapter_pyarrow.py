"""pyarrow.Table end to end through its adapter: scan, redact, safe_export and the export guard.

Known PII values are seeded, and every artefact (the redacted table, files, the audit log, warnings)
is searched for them.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from jupyter_privguard import redact, safe_export, scan
from jupyter_privguard.adapters import (
    AdapterRegistry,
    ColumnData,
    FrameAdapter,
    adapter_for,
    display_kind,
    frame_kind,
    iter_columns,
)
from jupyter_privguard.errors import PrivacyError, PrivacyWarning
from jupyter_privguard.integrations.exports import install
from jupyter_privguard.policy import Policy
from jupyter_privguard.session import GuardSession, current_session, reset_session

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pacsv = pytest.importorskip("pyarrow.csv")
feather = pytest.importorskip("pyarrow.feather")

N = 30
EMAILS = [f"arrow.customer.{i:02d}@example.com" for i in range(N)]
SSNS = [f"{123 + i:03d}-{45 + i % 40:02d}-{6789 - i:04d}" for i in range(N)]
SEEDED = EMAILS + SSNS
POLICY = Policy(ner="off")


def _table() -> Any:
    return pa.table(
        {
            "email": pa.array(EMAILS, pa.string()),
            "ssn": pa.array(SSNS, pa.large_string()),
            "plan": pa.array(["basic", "premium", None] * (N // 3), pa.string()),
            "spend": pa.array([float(i) + 0.5 for i in range(N)], pa.float64()),
            "card": pa.array([4111111111111111] * N, pa.int64()),
        }
    )


def _leaked(text: str) -> list[str]:
    return [value for value in SEEDED if value in text]


# -- reading ----------------------------------------------------------------------------------------
def test_the_session_owns_the_adapter_registry_with_pyarrow() -> None:
    registry = current_session().registries.get("adapters")
    assert isinstance(registry, AdapterRegistry)
    assert registry.names() == ["pandas", "polars", "pyarrow", "spark"]
    table = _table()
    assert adapter_for(table) is registry.get("pyarrow")
    assert frame_kind(table) == "pyarrow.Table" and display_kind(table) == "pyarrow.Table"
    assert adapter_for([1, 2]) is None and display_kind("text") is None


def test_columns_keep_arrow_dtypes_and_positions() -> None:
    cols = list(iter_columns(_table()))
    assert [c.name for c in cols] == ["email", "ssn", "plan", "spend", "card"]
    assert [c.dtype for c in cols] == ["string", "large_string", "string", "double", "int64"]
    assert [c.value_kind for c in cols] == ["string", "string", "string", "numeric", "numeric"]
    assert cols[2].n_missing_sampled == N // 3 and cols[0].n_rows == N
    assert cols[0].sample.tolist() == EMAILS


def test_a_mostly_missing_column_is_sampled_among_its_present_rows() -> None:
    values: list[str | None] = [None] * 5000
    for row in (17, 2500, 4999):
        values[row] = f"rare.{row}@example.com"
    (col,) = iter_columns(pa.table({"contact": values}), sample_size=50)
    assert sorted(col.sample.index.tolist()) == [17, 2500, 4999]


def test_scan_finds_the_seeded_entities() -> None:
    report = scan(_table(), policy=POLICY)
    assert report.kind == "pyarrow.Table" and report.n_rows == N
    found = {name: f.entity for name, f in report.columns.items()}
    assert found["email"] == "EMAIL_ADDRESS" and found["ssn"] == "US_SSN" and found["card"] == "CREDIT_CARD"
    assert found["plan"] is None and found["spend"] is None
    assert not _leaked(repr(report.to_dict()))


# -- rebuilding -------------------------------------------------------------------------------------
def test_redact_returns_a_new_table_with_the_schema_where_the_type_allows() -> None:
    table = _table()
    out = redact(table, policy=POLICY)
    assert isinstance(out, pa.Table) and out is not table
    assert out.column_names == table.column_names
    # text columns keep their type, untouched columns theirs; a redacted int64 column becomes text
    assert out.schema.field("email").type == pa.string()
    assert out.schema.field("ssn").type == pa.large_string()
    assert out.schema.field("plan").type == pa.string() and out.column("plan").equals(table.column("plan"))
    assert out.schema.field("spend").type == pa.float64() and out.column("spend").equals(table.column("spend"))
    assert out.schema.field("card").type == pa.string()
    assert set(out.column("email").to_pylist()) == {"<EMAIL_ADDRESS>"}
    assert not _leaked(repr(out.to_pylist()))
    assert table.column("email").to_pylist() == EMAILS  # the input is untouched


def test_redact_keeps_missing_values_missing_and_masks_per_policy() -> None:
    table = pa.table({"email": [EMAILS[0], None, EMAILS[2]] + EMAILS[3:]})
    out = redact(table, policy=Policy(ner="off", actions={"EMAIL_ADDRESS": "mask"}))
    values = out.column("email").to_pylist()
    assert values[1] is None and values[0].endswith("@example.com") and values[0].startswith("*")
    assert not _leaked(repr(values))


def test_redact_rows_and_drop() -> None:
    table = _table()
    shown = redact(table, policy=POLICY, rows=[0, -1])
    assert shown.num_rows == 2 and shown.column("spend").to_pylist() == [0.5, N - 0.5]
    dropped = redact(table, policy=Policy(ner="off", actions={"US_SSN": "drop"}))
    assert dropped.column_names == ["email", "plan", "spend", "card"]
    assert not _leaked(repr(dropped.to_pylist()))


def test_redact_of_a_chunked_table() -> None:
    table = pa.concat_tables([_table().slice(0, 10), _table().slice(10)])
    assert table.column("email").num_chunks == 2
    out = redact(table, policy=POLICY)
    assert out.num_rows == N and set(out.column("email").to_pylist()) == {"<EMAIL_ADDRESS>"}


# -- safe_export ------------------------------------------------------------------------------------
@pytest.fixture()
def session(export_session: GuardSession) -> GuardSession:
    return export_session  # tests/core/conftest.py


READERS: dict[str, Callable[[Path], Any]] = {
    "x.parquet": pq.read_table,
    "x.csv": pacsv.read_csv,
    "x.feather": feather.read_table,
    "x.tsv": lambda path: pacsv.read_csv(path, parse_options=pacsv.ParseOptions(delimiter="\t")),
    "x.json": lambda path: pa.Table.from_pandas(pd.read_json(path)),
}


@pytest.mark.parametrize("name", list(READERS))
def test_safe_export_writes_a_de_identified_table(
    session: GuardSession, tmp_path: Path, audit_path: Path, name: str
) -> None:
    target = tmp_path / name
    with warnings.catch_warnings():
        warnings.simplefilter("error", PrivacyWarning)  # the safe copy passes the guard silently
        assert safe_export(_table(), target) == target
    assert not _leaked(target.read_bytes().decode("utf-8", errors="replace"))
    back = READERS[name](target)
    assert back.num_rows == N and set(back.column("email").to_pylist()) == {"<EMAIL_ADDRESS>"}
    records = [r for r in audit_path.read_text().splitlines() if '"export"' in r]
    assert len(records) == 1 and '"redacted"' in records[0] and not _leaked(audit_path.read_text())
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


# -- the export guard -------------------------------------------------------------------------------
WRITERS: dict[str, Callable[[Any, Path], Any]] = {
    "write_table": lambda table, path: pq.write_table(table, path),
    "write_csv": lambda table, path: pacsv.write_csv(table, path),
    "write_feather": lambda table, path: feather.write_feather(table, path),
    "write_table(keywords)": lambda table, path: pq.write_table(table=table, where=path),
}


@pytest.mark.parametrize("name", list(WRITERS))
def test_pyarrow_writers_warn_on_pii(session: GuardSession, tmp_path: Path, audit_path: Path, name: str) -> None:
    target = tmp_path / "people.out"
    with pytest.warns(PrivacyWarning) as caught:
        WRITERS[name](_table(), target)
    assert len(caught) == 1
    message = next(str(w.message) for w in caught if issubclass(w.category, PrivacyWarning))
    assert "EMAIL_ADDRESS" in message and "'email'" in message and not _leaked(message)
    assert target.exists()  # not strict: written as asked
    record = [r for r in _records(audit_path) if r["event"] == "export"][-1]
    assert record["decision"] == "warned" and record["file"] == "people.out" and record["kind"] == "Table"
    assert not _leaked(audit_path.read_text())
    assert session.counts.exports_warned == 1


@pytest.mark.parametrize("name", list(WRITERS))
def test_pyarrow_writers_in_strict_mode_raise_before_the_file_exists(
    session: GuardSession, tmp_path: Path, audit_path: Path, name: str
) -> None:
    session.policy = Policy(ner="off", strict=True)
    target = tmp_path / "people.out"
    with pytest.raises(PrivacyError, match="nothing was written") as raised:
        WRITERS[name](_table(), target)
    assert not target.exists() and list(tmp_path.glob("people*")) == []
    assert not _leaked(str(raised.value)) and not _leaked(audit_path.read_text())
    assert session.counts.exports_blocked == 1


def test_a_clean_table_is_written_silently(session: GuardSession, tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", PrivacyWarning)
        pq.write_table(_table().select(["plan", "spend"]), tmp_path / "clean.parquet")
    assert (tmp_path / "clean.parquet").exists()


def test_pandas_to_parquet_is_one_export_not_two(session: GuardSession, tmp_path: Path, audit_path: Path) -> None:
    frame = _table().to_pandas()
    with pytest.warns(PrivacyWarning) as caught:
        frame.to_parquet(tmp_path / "people.parquet")  # pandas calls pyarrow.parquet.write_table itself
    assert len(caught) == 1
    records = [r for r in _records(audit_path) if r["event"] == "export"]
    assert [r["method"] for r in records] == ["to_parquet"]


def test_uninstall_restores_the_pyarrow_functions() -> None:
    before = (pq.write_table, pacsv.write_csv, feather.write_feather)
    handle = install(GuardSession(policy=Policy(ner="off")))
    assert {"pyarrow.parquet.write_table", "pyarrow.csv.write_csv", "pyarrow.feather.write_feather"} <= set(
        handle.methods
    )
    assert pq.write_table is not before[0]
    handle.uninstall()
    assert (pq.write_table, pacsv.write_csv, feather.write_feather) == before


def _records(path: Path) -> list[dict[str, Any]]:
    from jupyter_privguard.audit import AuditLog

    return AuditLog(path).read()


# -- a library is one adapter ----------------------------------------------------------------------
class _Rows:
    """A toy frame library: a list of dicts."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows


class _RowsAdapter(FrameAdapter):
    name = "rows"
    kinds = ("rows.Rows",)
    tables = ("rows.Rows",)

    def kind_of(self, obj: Any) -> str | None:
        return "rows.Rows" if isinstance(obj, _Rows) else None

    def _frame(self, obj: Any) -> pd.DataFrame:
        return pd.DataFrame(obj.rows)

    def iter_columns(self, obj: Any, *, sample_size: int = 1000) -> Iterator[ColumnData]:
        from jupyter_privguard.adapters.pandas import PandasAdapter

        return PandasAdapter().iter_columns(self._frame(obj), sample_size=sample_size)

    def shape(self, obj: Any) -> tuple[int, int]:
        return len(obj.rows), len(obj.rows[0]) if obj.rows else 0

    def column_labels(self, obj: Any) -> list[Any]:
        return list(self._frame(obj).columns)

    def values(self, obj: Any, position: int, rows: Any = None) -> list[Any]:
        column = self._frame(obj).iloc[:, position]
        return list(column.tolist() if rows is None else column.iloc[list(rows)].tolist())

    def present(self, obj: Any, position: int, limit: int, *, distinct: bool = False) -> list[Any]:
        return [v for v in self.values(obj, position) if v is not None][:limit]

    def count(self, obj: Any, position: int) -> int:
        return len(self.present(obj, position, len(obj.rows)))

    def rebuild(self, obj: Any, edits: Any, rows: Any = None) -> Any:
        from jupyter_privguard.adapters.pandas import PandasAdapter

        return _Rows(PandasAdapter().rebuild(self._frame(obj), edits, rows).to_dict("records"))


def test_a_new_library_is_one_adapter_registered_on_the_session() -> None:
    session = reset_session(GuardSession(policy=Policy(ner="off")))
    try:
        session.registries.get("adapters").register(_RowsAdapter())
        data = _Rows([{"contact": e, "n": i} for i, e in enumerate(EMAILS)])
        report = scan(data, policy=session.policy)
        assert report.kind == "rows.Rows" and report.columns["contact"].entity == "EMAIL_ADDRESS"
        out = redact(data, policy=session.policy)
        assert isinstance(out, _Rows) and {r["contact"] for r in out.rows} == {"<EMAIL_ADDRESS>"}
        assert not _leaked(repr(out.rows))
    finally:
        reset_session()


def test_an_adapter_registry_refuses_what_is_not_an_adapter() -> None:
    with pytest.raises(TypeError, match="FrameAdapter"):
        AdapterRegistry().register(object())  # type: ignore[arg-type]
