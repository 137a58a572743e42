"""End to end with no NER model: notes read from a file, printed, shown as a string and in a frame by a
real kernel (nbclient); the saved notebook and the audit log hold no form of any seeded name.

The notes are written to a text file the notebook reads, so the cells' sources hold no name; the
session learns none either (nothing classified them): the gazetteer and context rules find them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from seeded import EXT
from seeded import execute_notebook as _execute

pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

pytestmark = pytest.mark.slow

NOTES = [
    "Called Alice Johnson about the refund.",
    "Spoke with A. Johnson today about the invoice.",
    "M. Dupont a appelé hier pour la facture.",
    "Kontakt: Jürgen Wolff, Rückruf erbeten.",
    "Regards,",
    "Alice",
]
NAMES = ["Alice", "Johnson", "Dupont", "Jürgen", "Wolff"]
KEPT = ["refund", "invoice", "facture", "erbeten"]


def forms(value: str) -> list[str]:
    return list(dict.fromkeys([value, value.lower(), value.upper(), json.dumps(value)[1:-1]]))


def test_printed_shown_and_tabled_notes_lose_every_whole_name(kernel_env: Path) -> None:
    (kernel_env / "notes.txt").write_text("\n".join(NOTES) + "\n", encoding="utf-8")
    cells = [
        f"%load_ext {EXT}",
        "notes = open('notes.txt', encoding='utf-8').read()",
        "print(notes)",
        "notes",
        "import pandas as pd\npd.DataFrame({'ticket': range(4), 'notes': notes.split('\\n')[:4]})",
    ]
    nb, saved = _execute(kernel_env, cells)
    for cell in nb.cells[2:]:
        assert cell.outputs and not [o for o in cell.outputs if o.output_type == "error"]
    assert [f for name in NAMES for f in forms(name) if f in saved] == []
    assert all(word in saved for word in KEPT)
    assert saved.count("PERSON") >= 3 * 4  # the stream, the repr and the frame each redact the names
    audit = (kernel_env / "audit.jsonl").read_text(encoding="utf-8")
    assert [f for name in NAMES for f in forms(name) if f in audit] == []
