"""``privguard scan`` / ``clean``: exit codes, formats, folders, data files, parallel runs, no values out."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jupyter_privguard.integrations.cli import main

GOLDEN = Path(__file__).parents[1] / "golden"
PII = json.loads((GOLDEN / "PII.json").read_text())
PII_VALUES = [*PII["names"], *PII["emails"], *PII["phones"], PII["ssn"], PII["card"], PII["fixed_phone"]]
FAST = ["--ner", "off", "--no-progress", "-j", "1"]


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """A folder with notebooks (one without PII) and data files, nested."""
    (tmp_path / "nb" / "deep").mkdir(parents=True)
    shutil.copy(GOLDEN / "no_pii.ipynb", tmp_path / "nb" / "clean.ipynb")
    shutil.copy(GOLDEN / "stream_error.ipynb", tmp_path / "nb" / "leaky.ipynb")
    shutil.copy(GOLDEN / "dataframe.ipynb", tmp_path / "nb" / "deep" / "table.ipynb")
    shutil.copy(Path(__file__).parents[1] / "notebooks" / "people.csv", tmp_path / "people.csv")
    (tmp_path / ".hidden").mkdir()
    shutil.copy(GOLDEN / "stream_error.ipynb", tmp_path / ".hidden" / "skipped.ipynb")
    return tmp_path


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main([*argv], out=out)
    return code, out.getvalue()


def assert_no_values(text: str) -> None:
    for value in PII_VALUES:
        assert value not in text


@pytest.mark.parametrize(
    "args,code",
    [
        (["scan", "nb/clean.ipynb"], 0),
        (["scan", "nb/leaky.ipynb"], 1),
        (["scan", "nb"], 1),
        (["scan", "people.csv"], 1),
        (["scan", "missing.ipynb"], 2),
        (["scan", "nb/clean.ipynb", "--min-score", "1.5"], 2),
        (["clean", "--check", "nb/clean.ipynb"], 0),
        (["clean", "--check", "nb/leaky.ipynb"], 1),
        (["clean", "--stdin", "nb/leaky.ipynb"], 2),
        (["clean"], 2),
        (["clean", "--check", "--output", "out", "nb/leaky.ipynb"], 2),
    ],
)
def test_exit_codes(repo: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], code: int) -> None:
    monkeypatch.chdir(repo)
    got, text = run(*args, *FAST)
    assert got == code
    assert_no_values(text)


@pytest.mark.parametrize("args", [["scan"], ["scan", "x", "--format", "xml"], ["clean", "--jobs", "0", "x"]])
def test_argparse_usage_errors_exit_2(args: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 2


def test_exit_codes_through_the_real_command(repo: Path) -> None:
    cmd = [sys.executable, "-m", "jupyter_privguard", "scan", *FAST]
    assert subprocess.run([*cmd, str(repo / "nb" / "clean.ipynb")], capture_output=True).returncode == 0
    found = subprocess.run([*cmd, str(repo / "nb")], capture_output=True, text=True)
    assert found.returncode == 1 and "EMAIL_ADDRESS" in found.stdout
    assert_no_values(found.stdout + found.stderr)
    assert subprocess.run([*cmd, str(repo / "nope")], capture_output=True).returncode == 2


def test_table_lists_where_and_what(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    code, text = run("scan", ".", "--format", "table", *FAST)  # the wide table (the default is "text")
    assert code == 1
    header = text.splitlines()[0].split()
    assert header == ["FILE", "CELL", "OUTPUT", "MIME", "ENTITY", "SCORE", "COUNT", "COLUMN"]
    assert "nb/leaky.ipynb" in text and "nb/deep/table.ipynb" in text and "people.csv" in text
    assert "skipped.ipynb" not in text and "clean.ipynb" not in text
    assert "text/html" in text and "stream" in text and "error" in text
    assert_no_values(text)


def test_json_format(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    code, text = run("scan", "nb", "--format", "json", *FAST)
    payload = json.loads(text)
    assert code == 1 and payload["files"] == 3 and payload["files_with_findings"] == 2
    keys = {"path", "entity", "score", "count", "cell", "output", "mime", "column", "detector", "where"}
    # the report's hints are added fields (issue 16); the old keys keep their names
    keys |= {"mimes", "context", "column_index", "header_hidden", "shape", "shapes", "evidence", "id"}
    assert payload["findings"] and all(set(f) == keys for f in payload["findings"])
    assert {"EMAIL_ADDRESS", "US_SSN", "CREDIT_CARD", "PERSON"} <= {f["entity"] for f in payload["findings"]}
    assert_no_values(text)


def test_sarif_format(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    code, text = run("scan", "nb", "people.csv", "--format", "sarif", *FAST)
    log = json.loads(text)
    assert code == 1 and log["version"] == "2.1.0"
    run_ = log["runs"][0]
    rules = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    assert run_["results"] and all(rules[r["ruleIndex"]] == r["ruleId"] for r in run_["results"])
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run_["results"]}
    assert uris == {"nb/leaky.ipynb", "nb/deep/table.ipynb", "people.csv"}
    assert_no_values(text)


def test_data_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pandas as pd

    people = pd.read_csv(Path(__file__).parents[1] / "notebooks" / "people.csv", dtype=str)
    people.to_parquet(tmp_path / "people.parquet")
    people.to_json(tmp_path / "records.json", orient="records")
    people.to_json(tmp_path / "lines.json", orient="records", lines=True)
    pd.DataFrame({"price": [1.5, 2.0, 3.25], "qty": [1, 2, 3]}).to_csv(tmp_path / "plain.csv", index=False)
    monkeypatch.chdir(tmp_path)
    code, text = run("scan", ".", "--format", "json", *FAST)
    findings = json.loads(text)["findings"]
    by_file = {
        p: {f["entity"] for f in findings if f["path"] == f"./{p}"}
        for p in ("people.parquet", "records.json", "lines.json", "plain.csv")
    }
    assert code == 1
    for name in ("people.parquet", "records.json", "lines.json"):
        assert {"EMAIL_ADDRESS", "US_SSN"} <= by_file[name], name
    assert by_file["plain.csv"] == set()
    assert all(f["column"] for f in findings)
    assert run("scan", "plain.csv", *FAST)[0] == 0


def test_clean_in_place_output_and_check(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    original = (repo / "nb" / "leaky.ipynb").read_bytes()
    code, text = run("clean", "nb", "--output", "out", *FAST)
    assert code == 0
    assert (repo / "nb" / "leaky.ipynb").read_bytes() == original  # --output leaves the source alone
    assert (repo / "out" / "leaky.ipynb").read_bytes() == (GOLDEN / "stream_error.expected.ipynb").read_bytes()
    assert (repo / "out" / "deep" / "table.ipynb").read_bytes() == (GOLDEN / "dataframe.expected.ipynb").read_bytes()
    assert (repo / "out" / "clean.ipynb").read_bytes() == (GOLDEN / "no_pii.ipynb").read_bytes()
    clean_before = (repo / "nb" / "clean.ipynb").stat().st_mtime_ns
    code, text = run("clean", "nb", *FAST)
    assert code == 0 and "changed 2 of 3 notebooks" in text
    assert (repo / "nb" / "leaky.ipynb").read_bytes() == (GOLDEN / "stream_error.expected.ipynb").read_bytes()
    assert (repo / "nb" / "clean.ipynb").stat().st_mtime_ns == clean_before  # untouched, not rewritten
    assert run("clean", "--check", "nb", *FAST)[0] == 0
    assert run("scan", "nb", *FAST)[0] == 0
    assert_no_values(text)


def test_clean_single_file_to_output_file(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    assert run("clean", "nb/leaky.ipynb", "-o", "copy.ipynb", *FAST)[0] == 0
    assert (repo / "copy.ipynb").read_bytes() == (GOLDEN / "stream_error.expected.ipynb").read_bytes()


def test_unreadable_notebook_is_reported_without_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "broken.ipynb").write_text('{"cells": [ "secret-value@example.com" ')
    monkeypatch.chdir(tmp_path)
    code, _ = run("scan", "broken.ipynb", *FAST)
    err = capsys.readouterr().err
    assert code == 2 and "broken.ipynb" in err and "secret-value" not in err


def test_parallel_gives_the_same_findings(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    for k in range(6):
        shutil.copy(GOLDEN / "stream_error.ipynb", repo / "nb" / f"copy{k}.ipynb")
    serial = json.loads(run("scan", "nb", "--format", "json", *FAST)[1])
    parallel = json.loads(run("scan", "nb", "--format", "json", "--ner", "off", "--no-progress", "-j", "2")[1])
    assert serial == parallel and len(serial["findings"]) >= 6 * 3


def test_progress_bar_only_on_a_terminal(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from jupyter_privguard.integrations.cli import scan as cli_scan

    monkeypatch.chdir(repo)
    run("scan", "nb", "--ner", "off", "-j", "1")
    assert "[" not in capsys.readouterr().err  # captured stderr is not a terminal

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("CI", raising=False)
    tty = Tty()
    bar = cli_scan._Progress(3, tty)
    for _ in range(3):
        bar.step()
    assert "3/3 files" in tty.getvalue()
    assert not cli_scan._Progress(1, Tty()).enabled and not cli_scan._Progress(5, Tty(), enabled=False).enabled
    # quiet under CI even on a terminal; CI=false is not CI
    monkeypatch.setenv("CI", "true")
    quiet = Tty()
    ci_bar = cli_scan._Progress(3, quiet)
    ci_bar.step()
    ci_bar.close()
    assert not ci_bar.enabled and quiet.getvalue() == ""
    monkeypatch.setenv("CI", "false")
    assert cli_scan._Progress(3, Tty()).enabled


def test_stdin_filter_mode(repo: Path) -> None:
    cmd = [sys.executable, "-m", "jupyter_privguard", "clean", "--stdin", "--ner", "off"]
    leaky = (GOLDEN / "stream_error.ipynb").read_bytes()
    done = subprocess.run(cmd, input=leaky, capture_output=True, cwd=repo)
    assert done.returncode == 0 and done.stdout == (GOLDEN / "stream_error.expected.ipynb").read_bytes()
    assert_no_values(done.stderr.decode())
    clean = (GOLDEN / "odd_format.expected.ipynb").read_bytes()
    assert subprocess.run(cmd, input=clean, capture_output=True, cwd=repo).stdout == clean
    broken = subprocess.run(cmd, input=b"not json", capture_output=True, cwd=repo)
    assert broken.returncode != 0 and broken.stdout == b""


def test_policy_file_is_read(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "privguard.toml").write_text(
        '[tool.jupyter-privguard]\nactions = { EMAIL_ADDRESS = "keep", US_SSN = "keep", CREDIT_CARD = "keep" }\n'
    )
    monkeypatch.chdir(repo)
    assert run("scan", "nb/leaky.ipynb", *FAST)[0] == 0
    assert os.path.exists("privguard.toml")


# ---------------------------------------------------------------------------------------------
# cell sources and widget state
# ---------------------------------------------------------------------------------------------
@pytest.fixture()
def notes(tmp_path: Path) -> Path:
    """Notebooks with personal data in sources only, in widget state, and in both with outputs."""
    nb = json.loads((GOLDEN / "no_pii.ipynb").read_text())
    nb["cells"][0]["source"] = ["# Sales by region\n", f"Ask {PII['emails'][0]} or call {PII['fixed_phone']}.\n"]
    (tmp_path / "note.ipynb").write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    shutil.copy(GOLDEN / "widget_state.ipynb", tmp_path / "widgets.ipynb")
    shutil.copy(GOLDEN / "sources.ipynb", tmp_path / "sources.ipynb")
    return tmp_path


@pytest.mark.parametrize(
    "args,code",
    [
        (["scan", "note.ipynb"], 1),
        (["scan", "note.ipynb", "--sources"], 1),
        (["scan", "note.ipynb", "--no-sources"], 0),
        (["scan", "widgets.ipynb", "--no-sources"], 1),
        (["clean", "--check", "note.ipynb"], 0),  # clean would not change it: sources are only reported
        (["clean", "--check", "--sources", "note.ipynb"], 1),
        (["clean", "--check", "--no-sources", "note.ipynb"], 0),
        (["clean", "--check", "widgets.ipynb"], 1),
    ],
)
def test_exit_codes_with_sources_and_widgets(
    notes: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], code: int
) -> None:
    monkeypatch.chdir(notes)
    got, text = run(*args, *FAST)
    assert got == code
    assert_no_values(text + capsys.readouterr().err)


def test_sources_flags_are_exclusive() -> None:
    for command in ("scan", "clean"):
        with pytest.raises(SystemExit) as exc:
            main([command, "x.ipynb", "--sources", "--no-sources"])
        assert exc.value.code == 2


def test_table_names_sources_and_widget_models(notes: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(notes)
    code, text = run("scan", "note.ipynb", "widgets.ipynb", "--format", "table", *FAST)
    assert code == 1
    header, *rows = text.splitlines()[:-1]
    assert header.split() == ["FILE", "CELL", "OUTPUT", "MIME", "ENTITY", "SCORE", "COUNT", "WHERE"]
    source_rows = [r.split() for r in rows if r.startswith("note.ipynb")]
    assert source_rows and all(r[1:4] == ["0", "-", "source"] and r[-1] == "markdown" for r in source_rows)
    widget_rows = [r.split() for r in rows if " widget-state " in r]
    assert {r[-1] for r in widget_rows} >= {
        "940eee3cba6f875c2e84496e7857dd86/value",
        "c2354e2bb7740a63c1d8fac168fb90d7/_options_labels",
    }
    assert all(r[1:3] == ["-", "-"] for r in widget_rows)
    assert "None" not in text
    assert_no_values(text)


def test_json_and_sarif_name_sources_and_widget_state(notes: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(notes)
    code, text = run("scan", "note.ipynb", "widgets.ipynb", "--format", "json", *FAST)
    findings = json.loads(text)["findings"]
    assert code == 1
    assert {(f["cell"], f["output"], f["mime"], f["where"]) for f in findings if f["path"] == "note.ipynb"} == {
        (0, None, "source", "markdown")
    }
    widget = [f for f in findings if f["mime"] == "widget-state"]
    assert widget and all(f["cell"] is None and f["output"] is None and "/" in f["where"] for f in widget)
    assert_no_values(text)

    code, text = run("scan", "note.ipynb", "widgets.ipynb", "--format", "sarif", *FAST)
    results = json.loads(text)["runs"][0]["results"]
    names = {r["locations"][0]["logicalLocations"][0]["name"] for r in results}
    assert "cell 0 (markdown source)" in names
    assert "widget state of model 940eee3cba6f875c2e84496e7857dd86/value" in names
    assert all("cell None" not in r["message"]["text"] for r in results)
    assert {r["properties"]["where"] for r in results} >= {"markdown", "b938451ee325faa633406bc44dc2a627/value"}
    assert_no_values(text)


def test_clean_reports_sources_and_rewrites_them_only_with_the_flag(
    notes: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(notes)
    original = (notes / "note.ipynb").read_bytes()
    before = (notes / "note.ipynb").stat().st_mtime_ns
    code, text = run("clean", "note.ipynb", *FAST)
    err = capsys.readouterr().err
    assert code == 0 and "changed 0 of 1 notebook" in text
    assert (notes / "note.ipynb").read_bytes() == original and (notes / "note.ipynb").stat().st_mtime_ns == before
    assert "note.ipynb: personal data left in cell sources: cell 0 (markdown source): " in err
    assert "EMAIL_ADDRESS 1" in err and "PHONE_NUMBER 1" in err and "--sources" in err
    assert_no_values(text + err)

    code, text = run("clean", "--sources", "note.ipynb", "sources.ipynb", *FAST)
    err = capsys.readouterr().err
    assert code == 0 and "changed 2 of 2 notebooks" in text and "left in cell sources" not in err
    assert (notes / "sources.ipynb").read_bytes() == (GOLDEN / "sources.expected.ipynb").read_bytes()
    cleaned = (notes / "note.ipynb").read_text()
    assert "&lt;EMAIL_ADDRESS&gt;" in cleaned and "&lt;PHONE_NUMBER&gt;" in cleaned
    assert_no_values(cleaned + text + err)
    assert run("scan", "note.ipynb", "sources.ipynb", *FAST)[0] == 0


def test_clean_without_the_flag_leaves_code_and_notes(
    notes: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(notes)
    code, text = run("clean", "sources.ipynb", "widgets.ipynb", *FAST)
    err = capsys.readouterr().err
    assert code == 0 and "changed 2 of 2 notebooks" in text
    assert (notes / "widgets.ipynb").read_bytes() == (GOLDEN / "widget_state.expected.ipynb").read_bytes()
    cleaned = json.loads((notes / "sources.ipynb").read_text())
    code_source = "".join(cleaned["cells"][2]["source"])
    assert PII["emails"][1] in code_source and PII["names"][1] in code_source  # the user's code, as written
    assert all(v not in json.dumps(cleaned["cells"][1]["outputs"], ensure_ascii=False) for v in PII_VALUES)
    assert "cell 2 (code source): " in err and "cell 0 (markdown source): " in err and "cell 3 (raw source)" in err
    assert_no_values(text + err)
    assert run("scan", "sources.ipynb", *FAST)[0] == 1  # scan still fails on them
    assert run("scan", "sources.ipynb", "--no-sources", *FAST)[0] == 0


def test_stdin_filter_keeps_sources_unless_asked(repo: Path) -> None:
    cmd = [sys.executable, "-m", "jupyter_privguard", "clean", "--stdin", "--ner", "off"]
    source = (GOLDEN / "sources.ipynb").read_bytes()
    done = subprocess.run(cmd, input=source, capture_output=True, cwd=repo)
    assert done.returncode == 0
    staged, original = json.loads(done.stdout), json.loads(source)
    assert [c["source"] for c in staged["cells"]] == [c["source"] for c in original["cells"]]
    assert staged["cells"][1]["outputs"] != original["cells"][1]["outputs"]
    err = done.stderr.decode()
    assert "<stdin>: personal data left in cell sources" in err
    assert_no_values(err)
    done = subprocess.run([*cmd, "--sources"], input=source, capture_output=True, cwd=repo)
    assert done.returncode == 0 and done.stdout == (GOLDEN / "sources.expected.ipynb").read_bytes()
    widgets = subprocess.run(cmd, input=(GOLDEN / "widget_state.ipynb").read_bytes(), capture_output=True, cwd=repo)
    assert widgets.stdout == (GOLDEN / "widget_state.expected.ipynb").read_bytes()
    assert_no_values(widgets.stdout.decode() + widgets.stderr.decode())
