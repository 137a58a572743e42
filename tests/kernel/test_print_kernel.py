"""``print(df)`` in a real kernel (nbclient): no seeded value in the saved notebook, and the columns line up (issue 15).

The people are written to a CSV the notebook reads, so the cells' source holds no value. Before issue 15 the
tripwire replaced each name in the stream text after pandas had padded the columns to the names' widths: the
values were gone but the table was out of line. Now the text is made from the redacted rows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from printed_tables import misaligned, people, seeded
from seeded import EXT, ValueSearch
from seeded import execute_notebook as _execute

pytest.importorskip("nbformat")
pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

pytestmark = pytest.mark.slow

PRINTS = [
    "print(pp[['full_name', 'phone']])",
    "print(pp)",
    "print(pp.head())",
    "print(pp['full_name'])",
    "print(pp.to_string())",
    "print(pp.set_index('full_name'))",
    "print(pp.set_index(['full_name', 'plan']))",
    "print(pd.concat([pp] * 30, ignore_index=True))",
    "wide = pp.copy()\nfor i in range(14):\n    wide[f'metric_{i}'] = range(len(wide))\nprint(wide)",
    "print(pp.T)",
    "print(pp.iloc[0])",
    "print(pp.to_string(index=False))",
    "print(f'{pp.tail(3)}')",
]
# a name in a cell no column finding covers (describe()'s "top", beside floats): the tripwire takes it
# out of the printed text (so this table may be out of line), the print path alone does not
BACKSTOP = ["print(pp.describe(include='all'))"]
# not tables: the labels redacted before pandas lays the list out
INDEXES = ["print(pp.set_index('full_name').index)", "print(pp.set_index(['full_name', 'plan']).index)"]


def _stream(cell: dict, name: str = "stdout") -> str:
    return "".join(
        o.get("text", "") for o in cell["outputs"] if o.get("output_type") == "stream" and o.get("name") == name
    )


def test_printed_tables_hold_no_value_and_line_up(kernel_env: Path) -> None:
    frame = people(40)
    frame.to_csv(kernel_env / "pp.csv", index=False)
    cells = [f"%load_ext {EXT}", "import pandas as pd\npp = pd.read_csv('pp.csv')", *PRINTS, *BACKSTOP, *INDEXES]
    nb, saved = _execute(kernel_env, cells)
    hits = ValueSearch(seeded(frame)).find(saved)
    assert hits == {}, f"{len(hits)} seeded values in the saved notebook, in forms {sorted(set(hits.values()))}"
    for cell, source in zip(nb.cells[2:], PRINTS):
        assert not [o for o in cell.outputs if o.output_type == "error"], source
        text = _stream(cell)
        assert "<PERSON>" in text, source
        assert misaligned(text) == [], f"{source}\n{text}"
    assert "[1200 rows x 4 columns]" in _stream(nb.cells[cells.index(PRINTS[7])])
    for source in INDEXES:
        assert _stream(nb.cells[cells.index(source)]).count("<PERSON>") == 40, source


def test_markdown_in_a_kernel(kernel_env: Path) -> None:
    pytest.importorskip("tabulate")
    frame = people(40)
    frame.to_csv(kernel_env / "pp.csv", index=False)
    cells = [f"%load_ext {EXT}", "import pandas as pd\npp = pd.read_csv('pp.csv')", "print(pp.head(8).to_markdown())"]
    nb, saved = _execute(kernel_env, cells)
    assert ValueSearch(seeded(frame)).find(saved) == {}
    lines = [line for line in _stream(nb.cells[2]).splitlines() if line]
    # the tripwire once read the cells under "full_name" as names, the rule and the placeholders too
    assert len(lines) == 10 and len({len(line) for line in lines}) == 1, "\n".join(lines)


def test_polars_print_in_a_kernel(kernel_env: Path) -> None:
    pytest.importorskip("polars")
    frame = people(40)
    frame.to_csv(kernel_env / "pp.csv", index=False)
    cells = [
        f"%load_ext {EXT}",
        "import polars as pl\nplf = pl.read_csv('pp.csv')",
        "print(plf)",
        "print(plf['full_name'])",
    ]
    nb, saved = _execute(kernel_env, cells)
    assert ValueSearch(seeded(frame)).find(saved) == {}
    table = [line for line in _stream(nb.cells[2]).splitlines() if line[:1] in "┌│╞├└"]
    assert table and len({len(line) for line in table}) == 1
    assert "<PERSON>" in _stream(nb.cells[3])
