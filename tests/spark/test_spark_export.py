"""safe_export of a Spark DataFrame, and the export guard on Spark's writers and on toPandas() frames."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import jupyter_privguard as pg
from jupyter_privguard.errors import PrivacyError, PrivacyWarning


def _files_text(folder: Path) -> str:
    return "".join(p.read_bytes().decode("latin-1") for p in folder.rglob("*") if p.is_file())


def _seeded(frame: pd.DataFrame) -> list[str]:
    return frame["email"].head(50).tolist() + frame["card"].head(50).tolist()


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_safe_export_writes_a_redacted_dataset(
    people: tuple[pd.DataFrame, Any], export_session: Any, spark: Any, tmp_path: Path, suffix: str
) -> None:
    frame, sdf = people
    target = tmp_path / f"people{suffix}"
    with warnings.catch_warnings():
        warnings.simplefilter("error", PrivacyWarning)  # the copy is written quietly
        assert pg.safe_export(sdf, target) == target
    assert target.is_dir() and not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    text = _files_text(target)
    assert not [v for v in _seeded(frame) if v in text]
    back = (
        spark.read.parquet(str(target)) if suffix == ".parquet" else spark.read.option("header", True).csv(str(target))
    )
    assert back.count() == len(frame) and back.columns == list(frame.columns)
    with pytest.raises(FileExistsError):
        pg.safe_export(sdf, target)
    pg.safe_export(sdf, target, mode="overwrite")
    assert target.is_dir()


def test_the_writer_warns_naming_columns_and_entities_never_values(
    people: tuple[pd.DataFrame, Any], export_session: Any, tmp_path: Path, audit_log: Path
) -> None:
    frame, sdf = people
    with pytest.warns(PrivacyWarning) as caught:
        sdf.write.parquet(str(tmp_path / "raw"))
    # the PrivacyWarning among whatever else was emitted meanwhile (a garbage-collected event loop's
    # ResourceWarning, say)
    message = next(str(w.message) for w in caught if issubclass(w.category, PrivacyWarning))
    assert "'email'" in message and "EMAIL_ADDRESS" in message and "CREDIT_CARD" in message
    assert not [v for v in _seeded(frame) if v in message]
    assert (tmp_path / "raw").is_dir()
    records = [json.loads(line) for line in audit_log.read_text().splitlines()]
    assert records[-1]["decision"] == "warned" and records[-1]["n_rows"] == len(frame)
    assert not [v for v in _seeded(frame) if v in audit_log.read_text()]


def test_strict_mode_blocks_before_anything_is_written(
    people: tuple[pd.DataFrame, Any], export_session: Any, tmp_path: Path
) -> None:
    frame, sdf = people
    export_session.policy = export_session.policy.replace(strict=True)
    for write in (
        lambda p: sdf.write.parquet(p),
        lambda p: sdf.write.mode("overwrite").csv(p),
        lambda p: sdf.write.format("json").save(p),
        lambda p: sdf.select("email").write.text(p),
    ):
        target = tmp_path / "blocked"
        with pytest.raises(PrivacyError, match="nothing was written"):
            write(str(target))
        assert not target.exists()
    with pytest.raises(PrivacyError):
        sdf.writeTo("people_table")
    # what redact() returned passes, quietly, unscanned
    with warnings.catch_warnings():
        warnings.simplefilter("error", PrivacyWarning)
        pg.redact(sdf).write.parquet(str(tmp_path / "clean"))
    assert (tmp_path / "clean").is_dir()
    # and toPandas() gives a pandas frame, which pandas' own guarded writers check
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        local = sdf.limit(20).toPandas()
    with pytest.raises(PrivacyError):
        local.to_csv(tmp_path / "local.csv")
    assert not (tmp_path / "local.csv").exists()


def test_the_guard_restores_spark_writers_exactly(export_session: Any) -> None:
    from pyspark.sql.readwriter import DataFrameWriter

    assert hasattr(DataFrameWriter.parquet, "__privguard_original__")
    from jupyter_privguard.integrations.exports import install

    handle = install(export_session)  # a second handle patches nothing twice
    handle.uninstall()
    assert hasattr(DataFrameWriter.parquet, "__privguard_original__")
