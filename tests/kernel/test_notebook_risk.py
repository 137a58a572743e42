"""End to end: the risk magics in notebooks executed by a real kernel (nbclient), the saved files searched.

``examples/risk.ipynb`` runs on the bundled example data; a second notebook runs on a synthetic
frame with distinctive seeded group labels, categories and postal codes, read from a CSV so that
the cells' source holds no value: whatever is found in the saved ``.ipynb`` came from an output.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from seeded import EXT, KERNEL, SEEDED_LABELS, found, staff_frame
from seeded import execute_notebook as _execute

nbformat = pytest.importorskip("nbformat")
pytest.importorskip("shap")

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "risk.ipynb"
DIRECT = ["full_name", "email", "phone", "street_address", "card_number", "ip_address"]


def _text(outputs: Any) -> str:
    # an embedded PNG is base64: by chance it can hold any short string, so leaks are searched beside it
    return re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "data:image/png;base64,...", json.dumps(outputs))


def _run_saved(folder: Path, nb: Any) -> tuple[Any, str]:
    import nbclient

    client = nbclient.NotebookClient(nb, kernel_name=KERNEL, timeout=300, resources={"metadata": {"path": str(folder)}})
    client.execute()
    path = folder / "executed.ipynb"
    nbformat.write(nb, str(path))
    return nb, path.read_text(encoding="utf-8")


def test_the_example_notebook_is_saved_without_outputs() -> None:
    nb = nbformat.read(str(EXAMPLE), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)
    assert any("%privguard leakage" in c.source for c in code) and any("%privguard risk" in c.source for c in code)


def test_the_example_notebook_runs_and_shows_no_value(kernel_env: Path) -> None:
    shutil.copytree(ROOT / "examples" / "data", kernel_env / "data")
    nb, saved = _run_saved(kernel_env, nbformat.read(str(EXAMPLE), as_version=4))
    code = [c for c in nb.cells if c.cell_type == "code"]
    for cell in code:
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.source
    text = _text([c.outputs for c in code])
    # the verdicts, the display line and the MIME types
    assert "Re-identification risk high: k = 1" in text
    assert "are unique on city, postcode, country, date_of_birth, age, gender" in text
    assert "%privguard risk customers" in text
    assert "generalised to k = " in text and "Proxies found: sex via " in text
    assert "model output gap by sex" in text and "data:image/png;base64," in saved
    assert "application/vnd.jupyter-privguard.risk+json" in saved
    assert "application/vnd.jupyter-privguard.leakage+json" in saved
    # no direct identifier anywhere; no quasi-identifier value in the risk reports
    customers = pd.read_csv(ROOT / "examples" / "data" / "customers.csv", dtype=str)
    direct = {v for c in DIRECT for v in customers[c].dropna() if len(v) >= 6}
    assert [v for v in direct if v in text] == []
    reports = _text([c.outputs for c in code if c.source.startswith("%privguard")])
    quasi = {v for c in ("city", "postcode", "date_of_birth") for v in customers[c].dropna() if len(v) >= 5}
    assert found(sorted(quasi), reports) == []  # a postal code such as 01990 is also a run of digits in a float
    log = (kernel_env / "audit.jsonl").read_text()
    assert found(sorted(direct | quasi), log) == []
    assert '"event":"risk"' in log and '"event":"leakage"' in log


def test_a_seeded_notebook_shows_no_group_label(kernel_env: Path) -> None:
    frame = staff_frame()
    frame.to_csv(kernel_env / "staff.csv", index=False)
    cells = [
        f"%load_ext {EXT}",
        "import pandas as pd\nstaff = pd.read_csv('staff.csv', dtype={'zip': str})",
        "%privguard risk staff",
        "%privguard risk staff --qi zip age --k 5",
        "%privguard leakage staff --sensitive sex --target label",
    ]
    nb, saved = _execute(kernel_env, cells)
    for cell in nb.cells:
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.source
    text = _text(json.loads(saved))
    assert "Re-identification risk" in text and "Proxies found: sex via dept" in text
    values = SEEDED_LABELS + sorted(set(frame["zip"])) + list(frame["email"])
    assert found(values, text) == []
    assert found(values, (kernel_env / "audit.jsonl").read_text()) == []
