"""The reader paths end to end: a real kernel (nbclient) reads invented people and prints them, the saved notebook
is searched. Each path runs twice: without the extension (the control: the path shows personal data) and with it
(no personal value in the cell's saved outputs, the non-personal markers still there)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from seeded import EXT, execute_notebook, faker_people, personal_values

pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

# (id, source, markers that must survive); D is the data folder
PATHS: list[tuple[str, str, list[str]]] = [
    ("read_csv_no_variable", "print(pd.read_csv(f'{D}/p.csv').iloc[3])", ["plan"]),
    ("read_csv_last_expression", "pd.read_csv(f'{D}/p.csv').iloc[[5, 6]].to_dict('records')", ["plan"]),
    ("dictreader", "import csv\nfor row in csv.DictReader(open(f'{D}/p.csv')):\n    print(row)", ["plan"]),
    (
        "sqlite3_fetchall",
        "import sqlite3\ncon = sqlite3.connect(f'{D}/p.db')\nprint(con.execute('select * from people').fetchall())",
        ["SKU-"],
    ),
    ("json_load", "import json\nfor r in json.load(open(f'{D}/p.json')):\n    print(r)", ["plan"]),
    ("returned_records", "def load():\n    return json.load(open(f'{D}/p.json'))\nload()[10:14]", ["plan"]),
    (
        "big_frame_row_150000",
        "big = pd.DataFrame({'full_name': [f + ' ' + l for f in FIRST for l in LAST], 'plan': 'basic'})\n"
        "print(len(big))\nprint(big.iloc[150_000])\nprint(big.full_name.iloc[199_999])",
        ["200000", "basic"],
    ),
]


def _big_names() -> tuple[list[str], list[str]]:
    """500 first names and 400 last names (faker, two locales): 200,000 full names, each distinct."""
    from faker import Faker

    fake = Faker(["en_US", "de_DE"])
    fake.seed_instance(5)
    first = list(dict.fromkeys(fake.first_name() for _ in range(6000)))[:500]
    last = list(dict.fromkeys(fake.last_name() for _ in range(6000)))[:400]
    assert len(first) == 500 and len(last) == 400
    return first, last


def _write(folder: Path, people: list[dict[str, Any]]) -> None:
    pd.DataFrame(people).to_csv(folder / "p.csv", index=False)
    (folder / "p.json").write_text(json.dumps(people), encoding="utf-8")
    with sqlite3.connect(folder / "p.db") as con:
        con.execute("create table people (name, email, phone, plan, sku, amount)")
        con.executemany("insert into people values (?, ?, ?, ?, ?, ?)", [tuple(r.values()) for r in people])
    con.close()


def _outputs(cell: Any) -> str:
    return json.dumps(cell.get("outputs", []), ensure_ascii=False)


@pytest.fixture(scope="module")
def people() -> list[dict[str, Any]]:
    return faker_people(25, seed=77, locales=("en_US", "fr_FR", "pl_PL"))


@pytest.fixture
def runs(kernel_env: Path, people: list[dict[str, Any]]) -> dict[str, tuple[dict[str, str], str]]:
    """Both notebooks: ``{"off": (outputs by path id, saved text), "on": ...}``."""
    _write(kernel_env, people)
    first, last = _big_names()
    setup = f"import json\nimport pandas as pd\nD = {str(kernel_env)!r}\nFIRST = {first!r}\nLAST = {last!r}"
    out: dict[str, tuple[dict[str, str], str]] = {}
    for mode, head in (("off", []), ("on", [f"%load_ext {EXT}"])):
        cells = [*head, setup] + [src for _, src, _ in PATHS]
        folder = kernel_env / mode
        folder.mkdir()
        nb, saved = execute_notebook(folder, cells)
        code = nb.cells[len(head) + 1 :]
        out[mode] = ({pid: _outputs(cell) for (pid, _, _), cell in zip(PATHS, code)}, saved)
    out["names"] = ({"150000": f"{first[375]} {last[0]}", "199999": f"{first[499]} {last[399]}"}, "")
    return out


def test_the_reader_paths_hold_in_a_real_kernel(runs: dict[str, tuple[dict[str, str], str]], people: list[Any]) -> None:
    values = personal_values(people)
    off, _ = runs["off"]
    on, saved = runs["on"]
    big = list(runs["names"][0].values())
    problems = []
    for pid, _, markers in PATHS:
        wanted = big if pid.startswith("big") else values
        if not [v for v in wanted if v in off[pid]]:
            problems.append(f"{pid}: the control shows no personal value")
        leaked = [v for v in wanted if v in on[pid]]
        if leaked:
            problems.append(f"{pid}: {len(leaked)} personal value(s) in the saved outputs")
        lost = [m for m in markers if m not in on[pid]]
        if lost:
            problems.append(f"{pid}: lost the non-personal marker(s) {lost}")
        if '"output_type": "error"' in on[pid]:
            problems.append(f"{pid}: the cell failed with the guard loaded")
    assert not problems, problems
    assert not [v for v in values + big if v in saved], "a personal value is in the saved notebook"
