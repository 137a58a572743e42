"""``privguard scan`` finds a name in a saved output with no NER model, and says the NER tier was off."""

from __future__ import annotations

import io
import json
from pathlib import Path

import nbformat
import pytest

from jupyter_privguard.detect.ner import discover_model
from jupyter_privguard.integrations.cli import main

NOTE = "Called Alice Johnson about the refund."
NAMES = ("Alice", "Johnson")
FAST = ["--no-progress", "-j", "1"]
NO_MODEL_LINE = "NER: off (no spaCy model installed); names found by the gazetteer and context only"


@pytest.fixture()
def notebook(tmp_path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print(open('notes.txt').read())")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=NOTE + "\n")]
    nb.cells = [cell]
    path = tmp_path / "notes.ipynb"
    nbformat.write(nb, str(path))
    return path


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main([*argv], out=out)
    return code, out.getvalue()


def test_the_name_is_flagged_and_the_report_says_ner_was_off(notebook: Path) -> None:
    code, text = run("scan", str(notebook), "--ner", "off", *FAST)
    assert code == 1
    assert "PERSON" in text and "stream" in text
    assert text.rstrip().splitlines()[-1] == "NER: off (--ner off); names found by the gazetteer and context only"
    assert not [n for n in NAMES if n in text]


def test_no_model_installed(notebook: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a pipeline that is not installed stands for "no spaCy model" on a machine that has one
    monkeypatch.setenv("PRIVGUARD_NER_MODEL", "no_such_spacy_pipeline")
    code, text = run("scan", str(notebook), "--ner", "auto", *FAST)
    assert code == 1 and "PERSON" in text
    assert text.rstrip().splitlines()[-1] == NO_MODEL_LINE
    code, raw = run("scan", str(notebook), "--ner", "auto", "--format", "json", *FAST)
    payload = json.loads(raw)
    assert payload["ner"] == {"on": False, "model": None, "reason": "no spaCy model installed"}
    (finding,) = payload["findings"]
    assert finding["entity"] == "PERSON" and finding["mime"] == "stream"
    code, table = run("scan", str(notebook), "--ner", "auto", "--format", "table", *FAST)
    assert table.rstrip().splitlines()[-1] == NO_MODEL_LINE
    assert not [n for n in NAMES if n in text + raw + table]


@pytest.mark.skipif(discover_model() is None, reason="no spaCy pipeline installed")
def test_the_report_names_the_model_when_the_tier_is_on(notebook: Path) -> None:
    code, raw = run("scan", str(notebook), "--ner", "auto", "--format", "json", *FAST)
    payload = json.loads(raw)
    assert code == 1 and payload["ner"] == {"on": True, "model": discover_model(), "reason": None}
