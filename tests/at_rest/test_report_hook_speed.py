"""One notebook as a pre-commit hook: no pandas, pyarrow or numpy import when it has no table, and
the two text engines (Python's ``re``, pyarrow's RE2 masks) give the same spans."""

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
heavy = sorted(m for m in ("pandas", "pyarrow", "numpy", "presidio_analyzer", "spacy") if m in sys.modules)
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
