"""The notebook guard on Spark frames, in a real IPython shell: display, repr, eager HTML, show(), %privguard scan."""

from __future__ import annotations

from typing import Any

import pandas as pd
from seeded import everything, run


def _seeded(frame: pd.DataFrame) -> list[str]:
    return frame["email"].head(30).tolist() + frame["card"].head(30).tolist() + frame["phone"].head(30).tolist()


def _leaks(frame: pd.DataFrame, text: str) -> list[str]:
    return [v for v in _seeded(frame) if v in text]


def test_display_repr_eager_html_and_show_are_redacted(
    ip: Any, people: tuple[pd.DataFrame, Any], spark: Any, tmp_path: Any
) -> None:
    frame, sdf = people
    from pyspark.sql.classic.dataframe import DataFrame

    ip.user_ns["sdf"] = sdf
    shown = run(ip, "sdf")
    assert shown["success"], type(shown["error"]).__name__
    data = shown["outputs"][0]["data"]
    assert data["text/plain"].startswith("privguard: redacted")
    assert "<EMAIL_ADDRESS>" in data["text/plain"] and "only showing top 20 of 3000 rows" in data["text/plain"]
    assert "jp-privguard-banner" in data["text/html"]
    assert run(ip, "display(sdf)")["outputs"][0]["data"]["text/plain"].startswith("privguard: redacted")
    printed = run(ip, "sdf.show(5)")
    assert "<EMAIL_ADDRESS>" in printed["stdout"] and "only showing top 5 of 3000 rows" in printed["stdout"]
    spark.conf.set("spark.sql.repl.eagerEval.enabled", "true")
    try:
        eager = run(ip, "html = sdf._repr_html_(); text = repr(sdf); print(html); print(text)")
        assert "jp-privguard-banner" in eager["stdout"] and "<EMAIL_ADDRESS>" in eager["stdout"]
    finally:
        spark.conf.set("spark.sql.repl.eagerEval.enabled", "false")
    scanned = run(ip, "%privguard scan sdf")
    assert scanned["success"] and "EMAIL_ADDRESS" in everything(scanned)
    local = run(ip, "pdf = sdf.limit(8).toPandas()\npdf")
    assert "<EMAIL_ADDRESS>" in local["outputs"][-1]["data"]["text/plain"]
    for name, result in zip(("repr", "show", "eager", "scan", "toPandas"), (shown, printed, eager, scanned, local)):
        # the failure names the path and the count, never the leaked values
        leaked = _leaks(frame, everything(result))
        assert not leaked, f"{name}: {len(leaked)} seeded values"
    log = tmp_path / "audit.jsonl"
    assert not log.exists() or not _leaks(frame, log.read_text())
    ip.user_ns.pop("html", None)
    ip.user_ns.pop("text", None)
    assert hasattr(DataFrame.show, "__privguard_original__")


def test_unload_restores_show_exactly(shell: Any) -> None:
    from pyspark.sql.classic.dataframe import DataFrame
    from seeded import EXT

    before = {name: DataFrame.__dict__[name] for name in ("show", "_repr_html_", "__repr__")}
    shell.extension_manager.load_extension(EXT)
    assert DataFrame.__dict__["show"] is not before["show"]
    shell.extension_manager.unload_extension(EXT)
    assert {name: DataFrame.__dict__[name] for name in before} == before


def test_an_error_in_the_spark_path_shows_the_placeholder(
    ip: Any, people: tuple[pd.DataFrame, Any], monkeypatch: Any, tmp_path: Any
) -> None:
    frame, sdf = people
    from jupyter_privguard.adapters.spark import SparkAdapter

    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(SparkAdapter, "render", broken)
    ip.user_ns["sdf"] = sdf
    shown = run(ip, "sdf")
    printed = run(ip, "sdf.show()")
    assert (
        "was not displayed because the privacy guard failed (RuntimeError)" in shown["outputs"][0]["data"]["text/plain"]
    )
    assert "privacy guard failed" in printed["stdout"]
    for result in (shown, printed):
        assert not _leaks(frame, everything(result))
    log = tmp_path / "audit.jsonl"
    assert not log.exists() or not _leaks(frame, log.read_text())


def test_the_tripwire_runs_no_spark_job_for_namespace_frames(ip: Any, people: tuple[pd.DataFrame, Any]) -> None:
    frame, sdf = people
    from jupyter_privguard.adapters.spark import _ROWS

    ip.user_ns["sdf"] = sdf
    assert run(ip, "narrow = sdf.select('email', 'card')")["success"]
    assert ip.user_ns["narrow"] not in _ROWS  # not counted, not scanned after the cell
    printed = run(ip, "narrow.show(3)")
    assert printed["success"] and "<EMAIL_ADDRESS>" in printed["stdout"]
    assert not _leaks(frame, printed["stdout"])
    ip.user_ns.pop("narrow", None)


def test_the_panel_lists_a_spark_frame_and_holds_no_value(ip: Any, people: tuple[pd.DataFrame, Any]) -> None:
    import json

    from jupyter_privguard.integrations.widget import PrivGuardPanel

    frame, sdf = people
    ip.user_ns["sdf"] = sdf
    assert run(ip, "%privguard scan sdf")["success"]
    panel = PrivGuardPanel(shell=ip)
    try:
        panel.refresh(force=True)
        rows = {(r.column, r.entity) for r in panel.finding_rows()}
        assert ("email", "EMAIL_ADDRESS") in rows and ("card", "CREDIT_CARD") in rows
        assert "sdf" in [value for _, value in panel.reveal_variable.options]  # revealable, like a pandas frame
        panel.reveal_variable.value = "sdf"
        assert "email" in [value for _, value in panel.reveal_columns.options]  # labels from the adapter
        state = json.dumps([w.get_state() for w in panel.iter_widgets()], default=str)
        assert not _leaks(frame, state)
    finally:
        panel.close()
        ip.user_ns.pop("sdf", None)
