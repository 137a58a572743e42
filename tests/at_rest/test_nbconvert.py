"""The nbconvert preprocessor: HTML exports carry no personal data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("nbconvert")

import nbformat
from nbconvert import HTMLExporter
from traitlets.config import Config

GOLDEN = Path(__file__).parents[1] / "golden"
PII = json.loads((GOLDEN / "PII.json").read_text())
PII_VALUES = [*PII["names"], *PII["emails"], PII["ssn"], PII["card"], PII["fixed_phone"]]
PREPROCESSOR = "jupyter_privguard.integrations.nbconvert.PrivguardPreprocessor"


def _export(case: str, enabled: bool = True, sources: str = "report") -> tuple[str, dict]:
    config = Config()
    if enabled:
        config.HTMLExporter.preprocessors = [PREPROCESSOR]
        config.PrivguardPreprocessor.ner = "off"
        config.PrivguardPreprocessor.sources = sources
    body, resources = HTMLExporter(config=config).from_notebook_node(
        nbformat.reads((GOLDEN / f"{case}.ipynb").read_text(), as_version=4)
    )
    return body, resources


@pytest.mark.parametrize("case", ["stream_error", "dataframe", "guard_outputs", "widget_state"])
def test_html_export_is_redacted(case: str) -> None:
    raw, _ = _export(case, enabled=False)
    assert any(v in raw for v in PII_VALUES)  # without the preprocessor the export leaks
    body, resources = _export(case)
    assert all(v not in body for v in PII_VALUES)
    info = resources["privguard"]
    assert info["redacted"] or info["dropped"]
    assert all(v not in json.dumps(info) for v in PII_VALUES)


def test_sources_are_exported_as_written_unless_asked() -> None:
    body, resources = _export("sources")
    info = resources["privguard"]
    assert PII["emails"][1] in body  # the code as written: documented, and listed
    assert {(f["cell"], f["where"]) for f in info["unredacted"]} == {(0, "markdown"), (2, "code"), (3, "raw")}
    assert all(v not in json.dumps(info) for v in PII_VALUES)
    body, resources = _export("sources", sources="redact")
    assert all(v not in body for v in PII_VALUES) and resources["privguard"]["unredacted"] == []


def test_no_pii_export_is_unchanged() -> None:
    assert _export("no_pii")[0] == _export("no_pii", enabled=False)[0]


@pytest.mark.slow
def test_jupyter_nbconvert_command(tmp_path: Path) -> None:
    src = tmp_path / "leaky.ipynb"
    src.write_bytes((GOLDEN / "dataframe.ipynb").read_bytes())
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "nbconvert",
            "--to",
            "html",
            f"--Exporter.preprocessors=['{PREPROCESSOR}']",
            "--PrivguardPreprocessor.ner=off",
            str(src),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    html = (tmp_path / "leaky.html").read_text()
    assert "&lt;EMAIL_ADDRESS&gt;" in html and all(v not in html for v in PII_VALUES)
    assert src.read_bytes() == (GOLDEN / "dataframe.ipynb").read_bytes()  # the source notebook is not touched
