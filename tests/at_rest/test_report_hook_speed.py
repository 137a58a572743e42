"""One notebook as a pre-commit hook: no pandas, pyarrow or numpy import when it has no table or
only tables of numbers, no process pool, and the two text engines (Python's ``re``, pyarrow's RE2
masks) give the same spans."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from seeded import faker_people

from jupyter_privguard.detect import find_text
from jupyter_privguard.detect.patterns import PatternRegistry, find_spans

_CHECK_IMPORTS = """
import sys
from jupyter_privguard.integrations.cli import main
code = main(["scan", sys.argv[1], "--no-progress"])
heavy = sorted(m for m in ("pandas", "pyarrow", "numpy", "presidio_analyzer", "spacy", "multiprocessing") if m in sys.modules)
print(code, ",".join(heavy))
"""


def _log_notebook(people: list[dict[str, object]]) -> dict[str, object]:
    lines = [f"epoch {k} loss 0.{k:04d} acc 0.9{k % 10}\n" for k in range(120)]
    lines.insert(40, f"mailed {people[0]['email']}\n")
    return {
        "cells": [
            {"cell_type": "markdown", "id": "m", "metadata": {}, "source": [f"Owner: {people[1]['email']}\n"]},
            {
                "cell_type": "code",
                "execution_count": 1,
                "id": "c",
                "metadata": {},
                "source": ["for k in range(120):\n", "    train(x[::2])\n"],
                "outputs": [{"output_type": "stream", "name": "stdout", "text": lines}],
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def test_a_notebook_without_tables_imports_no_frame_library(tmp_path: Path) -> None:
    path = tmp_path / "log.ipynb"
    path.write_text(json.dumps(_log_notebook(faker_people(n=3, seed=2))), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _CHECK_IMPORTS, str(path)],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    code, _, heavy = done.stdout.strip().splitlines()[-1].partition(" ")
    assert code == "1"  # the emails were found
    assert heavy == "", heavy


def _texts() -> list[str]:
    people = faker_people(n=40, seed=9, locales=("en_US", "de_DE", "fr_FR", "en_GB"))
    out = [f"contact {p['name']} at {p['email']} or {p['phone']} (sku {p['sku']}, {p['amount']})" for p in people]
    out += [f"2024-03-{d:02d} 12:{d:02d}:07 epoch {d} loss 0.{d}13 rev = x[::{d}]" for d in range(1, 29)]
    out += ["#E6E6E6 fill 16512.000000 and 10.0.0.1, 2001:db8::1"] * 3
    return out


def test_both_text_engines_find_the_same_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pyarrow.compute")
    registry = PatternRegistry.default()
    texts = _texts()
    assert sum(len(t) for t in texts) < find_text._ARROW_IMPORT_CHARS  # a hook-sized batch
    monkeypatch.setattr(find_text, "_ARROW_IMPORT_CHARS", 0)
    assert find_text._use_arrow(texts)
    with_arrow = find_spans(texts, registry)
    monkeypatch.setattr(find_text, "_arrow_available", lambda: False)
    assert not find_text._use_arrow(texts)
    with_python = find_spans(texts, registry)
    assert with_python == with_arrow
    assert sum(len(s) for s in with_python) >= 40  # control: the people's values were found


def test_small_batches_take_pythons_engine_unless_pyarrow_is_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts()
    monkeypatch.delitem(sys.modules, "pyarrow.compute", raising=False)
    assert not find_text._use_arrow(texts)
    big = texts * (find_text._ARROW_IMPORT_CHARS // sum(len(t) for t in texts) + 1)
    assert find_text._use_arrow(big) == find_text._arrow_available()


_CHECK_TABLE_IMPORTS = """
import json, sys
from jupyter_privguard.integrations.cli import main
code = main(["scan", sys.argv[1], "--no-progress", "--format", "json"])
heavy = sorted(m for m in ("pandas", "pyarrow", "numpy", "presidio_analyzer", "spacy", "multiprocessing") if m in sys.modules)
print("\\n" + json.dumps({"code": code, "heavy": heavy}))
"""


def _html_table(header: list[str], rows: list[list[object]]) -> str:
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join(f"<tr><th>{k}</th>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for k, row in enumerate(rows))
    return f'<table border="1" class="dataframe"><thead><tr><th></th>{head}</tr></thead><tbody>{body}</tbody></table>'


def _table_notebook(header: list[str], rows: list[list[object]], email: str) -> dict[str, object]:
    return {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": 1,
                "id": "t",
                "metadata": {},
                "source": ["df.describe()\n"],
                "outputs": [
                    {
                        "output_type": "execute_result",
                        "execution_count": 1,
                        "metadata": {},
                        "data": {"text/html": _html_table(header, rows), "text/plain": "(the frame)"},
                    },
                    {"output_type": "stream", "name": "stdout", "text": [f"sent to {email}\n"]},
                ],
            }
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _scan_in_a_new_process(path: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _CHECK_TABLE_IMPORTS, str(path)],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout[: done.stdout.rstrip().rfind("\n")])
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    result["entities"] = sorted({f["entity"] for f in report["findings"]})
    return result


def test_a_notebook_whose_tables_hold_only_numbers_imports_no_frame_library(tmp_path: Path) -> None:
    # a describe() table and a standard normal table: numbers only, so no column is classified
    people = faker_people(n=2, seed=4)
    rows: list[list[object]] = [[f"{0.5 + k / 1000:.6f}", f"{16512 + k}.000000", "NaN", f"{k}%"] for k in range(30)]
    path = tmp_path / "numbers.ipynb"
    path.write_text(json.dumps(_table_notebook(["z", "count", "x", "share"], rows, people[0]["email"])))
    result = _scan_in_a_new_process(path)
    assert result["code"] == 1  # the e-mail was found
    assert result["entities"] == ["EMAIL_ADDRESS"]
    assert result["heavy"] == []


def test_a_table_with_a_text_column_is_still_classified(tmp_path: Path) -> None:
    # the control: a column of names takes the table tier (pandas and the column scanner)
    people = faker_people(n=12, seed=5)
    rows: list[list[object]] = [[p["name"], p["amount"]] for p in people]
    path = tmp_path / "people.ipynb"
    path.write_text(json.dumps(_table_notebook(["name", "amount"], rows, people[0]["email"])))
    result = _scan_in_a_new_process(path)
    assert result["code"] == 1
    assert "PERSON" in result["entities"]
    assert "pandas" in result["heavy"]
