"""End to end: a notebook executed by a real kernel (nbclient), saved, then searched for seeded PII.

The seeded data is written to a CSV in a temporary folder and read by the notebook, so the cells'
source holds no value: whatever is found in the saved ``.ipynb`` came from an output.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from seeded import EMAILS, EXT, PRODUCTS, SEEDED
from seeded import execute_notebook as _execute

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

pytestmark = pytest.mark.slow

LEAK_CELLS = [
    "df",
    "display(df)",
    "df.style",
    "df.style.highlight_max(subset=['price'])",
    "df['email']",
    "df.email.head()",
    "df.set_index('email').index",
    "df.set_index(['ssn', 'product'])",
    "df.iloc[0]",
    "df.head(3).T",
    "df[df.price > 20]",
    "pd.set_option('display.html.table_schema', True)\ndf",
    "pd.set_option('display.max_rows', None)\ndf",
    "pd.set_option('styler.render.repr', 'latex')\ndf.style",
]


def test_saved_notebook_holds_no_seeded_value(kernel_env: Path) -> None:
    cells = [f"%load_ext {EXT}", "import pandas as pd\ndf = pd.read_csv('people.csv')"] + LEAK_CELLS
    nb, saved = _execute(kernel_env, cells)
    for cell, source in zip(nb.cells[2:], cells[2:]):
        assert cell.outputs, f"no output for {source!r}"
        assert not [o for o in cell.outputs if o.output_type == "error"], source
    assert [v for v in SEEDED if v in saved] == []
    assert "was not displayed" not in saved  # no placeholder: every object was rendered, redacted
    assert all(p in saved for p in PRODUCTS)  # the non-PII values remain
    assert "99.5" in saved and "privguard: redacted" in saved
    assert "application/vnd.jupyter-privguard.report+json" in saved
    assert [v for v in SEEDED if v in (kernel_env / "audit.jsonl").read_text()] == []


def test_reveal_is_replaced_before_saving(kernel_env: Path) -> None:
    cells = [
        f"%load_ext {EXT}",
        "import pandas as pd\ndf = pd.read_csv('people.csv')",
        "%privguard reveal df email",
        "x = 1",
    ]
    nb, saved = _execute(kernel_env, cells)
    assert [v for v in SEEDED if v in saved] == []
    reveal_outputs = nb.cells[2].outputs
    assert reveal_outputs and "EMAIL_ADDRESS" in json.dumps(reveal_outputs[0]["data"])
    log = [json.loads(line) for line in (kernel_env / "audit.jsonl").read_text().splitlines()]
    assert any(e["event"] == "reveal" and e.get("columns") == ["email"] for e in log)


def test_unload_in_a_kernel_restores_pandas_output(kernel_env: Path) -> None:
    cells = [
        "import pandas as pd\ndf = pd.read_csv('people.csv')\ndf.head(2)",
        f"%load_ext {EXT}",
        "df.head(2)",
        f"%unload_ext {EXT}",
        "df.head(2)",
    ]
    nb, _ = _execute(kernel_env, cells)
    before, during, after = (nb.cells[i].outputs[0]["data"] for i in (0, 2, 4))
    assert before == after
    assert EMAILS[0] in before["text/html"] and EMAILS[0] not in json.dumps(during)


def test_display_id_updates_replace_the_guarded_output(kernel_env: Path) -> None:
    # display(df, display_id=...) and handle.update(...) keep working under the guard: the update
    # replaces the first output (nbclient applies update_display_data as JupyterLab does)
    cells = [
        f"%load_ext {EXT}",
        "import pandas as pd\ndf = pd.read_csv('people.csv')",
        "h = display(df.head(3), display_id=True)\nh.update(df.tail(2))\nprint('done')",
        "from IPython.display import update_display\nh2 = display(df.head(2), display_id='fixed')",
        "update_display(df.iloc[[5]], display_id='fixed')",
    ]
    nb, saved = _execute(kernel_env, cells)
    assert [v for v in SEEDED if v in saved] == []
    shown = [o for o in nb.cells[2].outputs if o.output_type == "display_data"]
    assert len(shown) == 1 and [o.text for o in nb.cells[2].outputs if o.output_type == "stream"] == ["done\n"]
    # the one output holds the update: two rows (the tail), redacted
    assert shown[0]["data"]["text/plain"].count("<EMAIL_ADDRESS>") == 2
    updated = nb.cells[3].outputs
    assert len(updated) == 1 and updated[0]["data"]["text/plain"].count("<EMAIL_ADDRESS>") == 1
    assert not nb.cells[4].outputs  # an update adds nothing where it is called
