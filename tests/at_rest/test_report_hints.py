"""``privguard scan`` reports a team can act on: each value once across an output's MIME copies,
grouped per file and cell, with safe hints (context, column header, detector, masked shape) that
never carry a value, fitted to the terminal, and ``--explain`` for one finding.

Notebooks are generated: DataFrames of invented people (Faker and Mimesis, several locales) shown
as Jupyter saves them (``text/html`` and ``text/plain`` copies), beside non-personal columns, a
pivot with people as its columns, code with a slice, a print.
"""

from __future__ import annotations

import io
import json
import re
import string
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from seeded import faker_people

from jupyter_privguard.integrations.cli import main

FAST = ["--ner", "off", "--no-progress", "-j", "1"]
_SHAPE_CHARS = set("xXd *…") | set(string.punctuation)


def _mimesis_people(n: int, seed: int) -> list[dict[str, Any]]:
    from mimesis import Person
    from mimesis.locales import Locale

    out = []
    for k in range(n):
        person = Person((Locale.EN, Locale.DE, Locale.FR, Locale.ES)[k % 4], seed=seed * 100 + k)
        out.append(
            {
                "name": person.full_name(),
                "email": f"{k}.{person.email()}",  # distinct rows
                "phone": person.phone_number(),
                "plan": ("gold", "silver")[k % 2],
                "sku": f"SKU-{seed}{k:04d}",
                "amount": round(10 + k * 3.25, 2),
            }
        )
    return out


def _display(frame: pd.DataFrame, n: int) -> dict[str, Any]:
    with pd.option_context("display.max_columns", 50, "display.width", 400, "display.max_colwidth", 200):
        plain = repr(frame)
    html = frame.to_html()
    return {
        "output_type": "execute_result",
        "execution_count": n,
        "metadata": {},
        "data": {"text/html": html.splitlines(keepends=True), "text/plain": plain.splitlines(keepends=True)},
    }


def _code(n: int, source: str, outputs: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "cell_type": "code",
        "execution_count": n,
        "id": f"c{n}",
        "metadata": {},
        "source": source.splitlines(keepends=True),
        "outputs": outputs,
    }


def _notebook(people: list[dict[str, Any]]) -> dict[str, Any]:
    frame = pd.DataFrame(people)
    pivot = pd.DataFrame(
        {p["name"]: [p["email"], p["email"].upper()] for p in people[:4]}, index=pd.Index(["work", "home"], name="kind")
    )
    cells = [
        {"cell_type": "markdown", "id": "m0", "metadata": {}, "source": ["# Customers\n"]},
        _code(1, "df = load()\ndf", [_display(frame, 1)]),
        _code(2, "df[['sku', 'amount']]", [_display(frame[["sku", "amount"]], 2)]),
        _code(3, "contacts = df.pivot(...)\ncontacts", [_display(pivot, 3)]),
        _code(
            4,
            "rev = x[::-1]\nprint(df.email[0])",
            [{"output_type": "stream", "name": "stdout", "text": [people[0]["email"] + "\n"]}],
        ),
    ]
    return {
        "cells": cells,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


SETS = {
    "faker": faker_people(n=12, seed=3, locales=("en_US", "de_DE", "fr_FR", "es_ES")),
    "faker-other": faker_people(n=9, seed=8, locales=("it_IT", "nl_NL", "en_GB")),
    "mimesis": _mimesis_people(10, seed=4),
}


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, people in SETS.items():
        (tmp_path / f"{name}.ipynb").write_text(json.dumps(_notebook(people), indent=1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _values(name: str) -> list[str]:
    return [str(p[k]) for p in SETS[name] for k in ("name", "email", "phone")]


ALL_VALUES = [v for name in SETS for v in _values(name)]


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main([*argv], out=out)
    return code, out.getvalue()


def _scan_json(*paths: str) -> list[dict[str, Any]]:
    code, text = run("scan", *paths, "--format", "json", *FAST)
    assert code == 1
    findings: list[dict[str, Any]] = json.loads(text)["findings"]
    return findings


def _no_value_in(text: str) -> None:
    for value in ALL_VALUES:
        for form in {value, value.upper(), value.lower()}:
            assert form not in text


def _no_piece_in_shape(shape: str, values: list[str]) -> None:
    for value in values:
        for i in range(len(value) - 2):
            piece = value[i : i + 3]
            if any(c.isalnum() for c in piece) and not set(piece) <= _SHAPE_CHARS:
                assert piece not in shape, (shape, i)


def test_control_the_notebooks_hold_the_values(folder: Path) -> None:
    for name in SETS:
        raw = (folder / f"{name}.ipynb").read_text(encoding="utf-8")
        assert all(v in raw or json.dumps(v)[1:-1] in raw for v in _values(name))


@pytest.mark.parametrize("name", list(SETS))
def test_each_value_is_counted_once_across_the_copies(folder: Path, name: str) -> None:
    findings = [f for f in _scan_json(f"{name}.ipynb") if f["cell"] == 1]
    n = len(SETS[name])
    emails = [f for f in findings if f["entity"] == "EMAIL_ADDRESS"]
    # one finding for the email column: the text/html and text/plain copies of the table are one place
    assert len(emails) == 1
    email = emails[0]
    assert email["mimes"] == ["text/html", "text/plain"] and email["mime"] == "text/html"
    assert email["count"] == n  # not 2 n
    assert email["context"] == "table column" and email["column"] == "email"
    assert email["column_index"] == list(pd.DataFrame(SETS[name]).columns).index("email") + 1  # the index first
    for f in findings:
        assert f["count"] <= n, f  # nothing counted once per copy
        assert (
            len(
                {(g["output"], g["entity"], g["column_index"]) for g in findings if g is not f}
                & {(f["output"], f["entity"], f["column_index"])}
            )
            == 0
        )


def test_the_non_personal_table_gives_nothing_and_headers_show(folder: Path) -> None:
    findings = _scan_json(*(f"{name}.ipynb" for name in SETS))
    assert not [f for f in findings if f["cell"] == 2]  # sku and amount
    shown = {f["column"] for f in findings if f["cell"] == 1 and f["column"]}
    assert "email" in shown
    assert not shown & {str(v) for v in ALL_VALUES}


def test_people_as_columns_hide_their_headers(folder: Path) -> None:
    for f in _scan_json(*(f"{name}.ipynb" for name in SETS)):
        if f["cell"] != 3:
            continue
        assert f["column"] is None, f["column_index"]
        if f["entity"] == "EMAIL_ADDRESS":
            assert f["context"] == "table column" and f["header_hidden"] and f["column_index"] >= 1


def test_code_and_stream_carry_their_context(folder: Path) -> None:
    findings = _scan_json("faker.ipynb")
    assert {f["context"] for f in findings if f["cell"] == 4 and f["output"] == 0} == {"stream"}
    for f in findings:
        if f["mime"] == "source" and f["where"] == "code":
            assert f["context"] in ("code", "code string or comment")


def test_hints_never_carry_a_value(folder: Path) -> None:
    findings = _scan_json(*(f"{name}.ipynb" for name in SETS))
    assert findings
    for f in findings:
        for shape in [f["shape"], *f["shapes"]]:
            assert shape and set(shape) <= _SHAPE_CHARS
            _no_piece_in_shape(shape, ALL_VALUES)
        _no_value_in(json.dumps(f))


def test_text_report_is_grouped_and_fits_the_terminal(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for columns in ("80", "100", "240", "30"):
        monkeypatch.setenv("COLUMNS", columns)
        code, text = run("scan", *(f"{name}.ipynb" for name in SETS), *FAST)
        assert code == 1
        lines = text.splitlines()
        assert max(len(line) for line in lines) <= min(100, max(60, int(columns)))
        _no_value_in(text)
        # grouped: each file once, then its places, then its numbered findings
        assert [ln for ln in lines if ln.endswith(".ipynb")] == [f"{name}.ipynb" for name in SETS]
        numbers = [int(m.group(1)) for m in re.finditer(r"^\s+\[(\d+)\] ", text, re.M)]
        assert numbers == list(range(1, len(numbers) + 1))
        assert any("cell 1, output 0 (text/html + text/plain)" in ln for ln in lines)
        assert any("table column 'email'" in ln for ln in lines)


def test_explain_prints_one_finding_in_full(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    findings = _scan_json("mimesis.ipynb")
    k = next(i for i, f in enumerate(findings, 1) if f["entity"] == "EMAIL_ADDRESS" and f["cell"] == 1)
    by_number = run("scan", "mimesis.ipynb", "--explain", str(k), *FAST)
    by_id = run("scan", "mimesis.ipynb", "--explain", findings[k - 1]["id"], *FAST)
    assert by_number == by_id and by_number[0] == 1
    text = by_number[1]
    for part in (
        "mimesis.ipynb",
        "cell 1, output 0",
        "text/html, text/plain",
        "table column",
        "'email'",
        "pattern:",
        "masked shape:",
        "why:",
        "allow.values",
        'allow.columns = ["email"]',
        "actions.EMAIL_ADDRESS",
    ):
        assert part in text, part
    assert max(len(line) for line in text.splitlines()) <= 80
    _no_value_in(text)
    assert run("scan", "mimesis.ipynb", "--explain", "9999", *FAST)[0] == 2
    assert run("scan", "mimesis.ipynb", "--explain", "nope", *FAST)[0] == 2


def test_sarif_and_table_formats_carry_the_hints(folder: Path) -> None:
    code, text = run("scan", "faker.ipynb", "--format", "sarif", *FAST)
    results = json.loads(text)["runs"][0]["results"]
    assert code == 1 and results
    for r in results:
        props = r["properties"]
        assert {"mimes", "context", "column_index", "shape", "evidence", "id"} <= set(props)
        assert r["partialFingerprints"]["privguardFindingId/v1"] == props["id"]
    assert any("table column 'email'" in r["message"]["text"] for r in results)
    _no_value_in(text)
    code, text = run("scan", "faker.ipynb", "--format", "table", *FAST)
    assert text.splitlines()[0].split()[:7] == ["FILE", "CELL", "OUTPUT", "MIME", "ENTITY", "SCORE", "COUNT"]
    _no_value_in(text)


def test_the_library_keeps_one_finding_per_mime_type(folder: Path) -> None:
    from jupyter_privguard.notebooks import NotebookOptions, scan_notebook
    from jupyter_privguard.policy import Policy

    nb = json.loads((folder / "faker.ipynb").read_text(encoding="utf-8"))
    options = NotebookOptions(policy=Policy(ner="off"))
    per_mime = [f for f in scan_notebook(nb, options) if f.cell == 1 and f.entity == "EMAIL_ADDRESS"]
    merged = [f for f in scan_notebook(nb, options, merge_copies=True) if f.cell == 1 and f.entity == "EMAIL_ADDRESS"]
    assert sorted(f.mime for f in per_mime) == ["text/html", "text/plain"]
    assert all(f.count == len(SETS["faker"]) for f in per_mime)
    assert [(f.mimes, f.count) for f in merged] == [(("text/html", "text/plain"), len(SETS["faker"]))]
    # the text/plain copy knows it is a table's, and its column
    plain = next(f for f in per_mime if f.mime == "text/plain")
    assert plain.context == "table column" and plain.column == "email"


def test_explain_as_json_is_the_finding(folder: Path) -> None:
    findings = _scan_json("faker.ipynb")
    code, text = run("scan", "faker.ipynb", "--explain", "2", "--format", "json", *FAST)
    assert code == 1 and json.loads(text) == findings[1]
    _no_value_in(text)
