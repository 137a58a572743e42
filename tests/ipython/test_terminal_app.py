"""The terminal tripwire end to end: the real ``ipython`` terminal app in a subprocess, fed cells on stdin.

Each case runs twice: without the extension (the control: the seeded values must show, or the path
carries no personal data and proves nothing) and with ``%load_ext jupyter_privguard`` as the first
thing after the data is read. Values come from Faker in two locales; they are searched in every form
(:class:`seeded.ValueSearch`) in everything the app wrote, stdout and stderr.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from seeded import ValueSearch, faker_people

pytestmark = pytest.mark.filterwarnings("ignore")

N = 12
# cells that show one personal value each, by path; ``r{i}`` is row i of the records read from the CSV
PATHS: dict[str, str] = {
    "print": "print(rows[0]['email'])",
    "print, upper case": "print(rows[1]['name'].upper())",
    "print, url-encoded": "import urllib.parse; print(urllib.parse.quote(rows[2]['email']))",
    "stderr": "print('customer:', rows[3]['name'], file=sys.stderr)",
    "logging (handler made before the guard)": "logging.getLogger('shop').warning('order for %s', rows[4]['email'])",
    "warnings": "import warnings; warnings.warn('bad row ' + rows[5]['phone'])",
    "traceback": "raise ValueError(rows[6]['email'])",
    "split across two writes": (
        "v = rows[7]['email']; sys.stdout.write('to ' + v[:6]); sys.stdout.flush(); sys.stdout.write(v[6:] + ' ok\\n')"
    ),
    "sys.stdout.buffer": "sys.stdout.buffer.write(('mail ' + rows[8]['email'] + '\\n').encode()); sys.stdout.flush()",
    "result prompt": "rows[9]['name']",
    "pager (x?)": "who = rows[10]['email']\nwho?",
    "no line break before the prompt": "sys.stdout.write('last ' + rows[11]['name'])",
}
SETUP = (
    "import csv, logging, sys\n"
    "logging.basicConfig(format='%(levelname)s %(message)s')\n"
    "rows = list(csv.DictReader(open({path!r}, encoding='utf-8')))\n"
)


def _records() -> list[dict[str, Any]]:
    return faker_people(N, seed=2026, locales=("de_DE", "fr_FR"))


def _write_csv(path: Path, records: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)


def _run(tmp_path: Path, cells: list[str]) -> str:
    """The terminal app's whole output (stdout then stderr) for ``cells``, one per prompt."""
    script = "".join(cell + ("\n\n" if "\n" in cell else "\n") for cell in cells) + "exit\n"
    env = {
        **os.environ,
        "PRIVGUARD_NER": "off",
        "PRIVGUARD_AUDIT_LOG": str(tmp_path / "audit.jsonl"),
        "IPYTHONDIR": str(tmp_path / "ipython"),
        # a pager command and a short screen: ``x?`` pipes its text to ``cat``, past sys.stdout
        "PAGER": "cat",
        "TERM": "vt100",
        "LINES": "4",
        "COLUMNS": "100",
        "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[2]), os.environ.get("PYTHONPATH", "")]),
    }
    argv = [
        sys.executable,
        "-m",
        "IPython",
        "--simple-prompt",
        "--no-banner",
        "--colors=NoColor",
        "--HistoryManager.enabled=False",
    ]
    out = subprocess.run(argv, input=script, capture_output=True, text=True, timeout=240, env=env, cwd=tmp_path)
    return out.stdout + "\n" + out.stderr


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("terminal")
    records = _records()
    _write_csv(tmp / "people.csv", records)
    setup = SETUP.format(path=str(tmp / "people.csv"))
    cells = [setup, *PATHS.values(), "print('total', rows[0]['amount'], rows[1]['sku'], rows[2]['plan'])"]
    control = _run(tmp, cells)
    guarded = _run(tmp, [setup, "%load_ext jupyter_privguard", "%privguard status", *cells[1:]])
    return {"records": records, "control": control, "guarded": guarded}


def _values(records: list[dict[str, Any]]) -> list[tuple[str, str]]:
    kinds = {"name": "name", "email": "email", "phone": "number"}
    return [(str(r[k]), kind) for r in records for k, kind in kinds.items()]


def _path_values(records: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    """The one value each path shows, as ``(value, kind)``."""
    keys = ["email", "name", "email", "name", "email", "phone", "email", "email", "email", "name", "email", "name"]
    kinds = {"name": "name", "email": "email", "phone": "number"}
    return {path: (str(records[i][k]), kinds[k]) for i, (path, k) in enumerate(zip(PATHS, keys, strict=True))}


def test_the_control_run_shows_each_paths_value(runs: dict[str, Any]) -> None:
    per_path = _path_values(runs["records"])
    values = list(per_path.values())
    hits = ValueSearch(values).find(runs["control"])
    missing = [path for i, path in enumerate(per_path) if i not in hits]
    assert missing == [], f"these paths show no personal value without the guard: {missing}"


def test_the_guarded_run_shows_no_value_in_any_form(runs: dict[str, Any]) -> None:
    values = _values(runs["records"])
    hits = ValueSearch(values).find(runs["guarded"])
    # counts and forms only: a failing test must not print the values either
    assert hits == {}, f"{len(hits)} values leaked, in forms {sorted(set(hits.values()))}"
    assert "<EMAIL_ADDRESS>" in runs["guarded"] and "Traceback" in runs["guarded"]


def test_the_guarded_run_keeps_non_personal_values_and_says_it_is_active(runs: dict[str, Any]) -> None:
    r = runs["records"]
    guarded = runs["guarded"]
    assert f"total {r[0]['amount']} {r[1]['sku']} {r[2]['plan']}" in guarded
    assert "output tripwire (terminal tripwire on stdout, stderr, pager)" in guarded
    assert "ValueError" in guarded and "UserWarning" in guarded and "WARNING order for" in guarded
    # every prompt still comes: the app read every cell and left at ``exit``
    assert guarded.count("In [") >= len(PATHS) + 3
