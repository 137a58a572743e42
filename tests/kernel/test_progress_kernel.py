"""Progress bars in a real kernel (nbclient, issue 15): a widget under a long cell, none under CI, no label in it.

The staff frame's sensitive groups and departments and a wide frame's column names (one person's name per
column) are written to CSV files the notebook reads, so the cells hold none of them; the saved notebook,
widget state included, is searched for every one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from printed_tables import people
from seeded import EXT, SEEDED_LABELS, staff_frame
from seeded import execute_notebook as _execute

pytest.importorskip("nbformat")
pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("ipywidgets")
pytest.importorskip("sklearn")
pytest.importorskip("shap")

pytestmark = pytest.mark.slow

WIDGET = "application/vnd.jupyter.widget-view+json"


def _cells(folder: Path) -> tuple[list[str], list[str]]:
    staff_frame(400).to_csv(folder / "staff.csv", index=False)
    names = list(people(240)["full_name"])
    pd.DataFrame({name: [1.5, 2.5, 3.5] for name in names}).to_csv(folder / "wide.csv", index=False)
    cells = [
        f"%load_ext {EXT}",
        # bars at once (the test's work is quick; a user's appears after half a second)
        "import jupyter_privguard, jupyter_privguard.progress\njupyter_privguard.progress.DELAY_S = 0\n"
        "import pandas as pd\nstaff = pd.read_csv('staff.csv')\nwide = pd.read_csv('wide.csv')",
        "r = jupyter_privguard.leakage(staff, 'sex', target='label')",
        "jupyter_privguard.scanner.default_scanner().clear_cache()\nw = jupyter_privguard.scan(wide)",
        "r2 = jupyter_privguard.leakage(staff, 'sex', target='label', progress=False)",
    ]
    return cells, names


def _widgets(cell: dict) -> int:
    return sum(1 for o in cell["outputs"] if WIDGET in o.get("data", {}))


def test_bars_show_in_a_notebook_with_counts_only(kernel_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("PRIVGUARD_PROGRESS", raising=False)
    cells, names = _cells(kernel_env)
    nb, saved = _execute(kernel_env, cells)
    for cell in nb.cells:
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.source
    assert _widgets(nb.cells[2]) == 1  # the leakage fit
    assert _widgets(nb.cells[3]) == 1  # 240 columns classified
    assert _widgets(nb.cells[4]) == 0  # progress=False
    found = [w for w in [*SEEDED_LABELS, "dept", "noise"] if w in saved]
    words = {w for n in names for w in n.split() if len(w) >= 5}  # a short one ("La") is in any JSON
    found += [n for n in names if n in saved] + [w for w in words if w in saved]
    assert found == []
    state = json.dumps(nb.metadata.get("widgets", {}))
    assert not [w for w in words if w in state]


def test_quiet_under_ci(kernel_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    cells, _ = _cells(kernel_env)
    nb, saved = _execute(kernel_env, cells)
    assert [_widgets(c) for c in nb.cells] == [0] * len(cells)
    assert "privguard: leakage fits" not in saved and "classifying columns" not in saved
