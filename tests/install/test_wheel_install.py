"""A new user's first hour, from the wheel: ``pip install <wheel>`` into a fresh environment brings the product.

The wheel is built from this checkout (the labextension already built by ``scripts/bootstrap.sh`` goes in
as it is), installed into a new virtual environment together with ``ipykernel`` (the kernel every Jupyter
front end starts; JupyterLab and Notebook bring it), and nothing else: the dependencies come from the
package registry as a user's would. No spaCy model is installed, so this is also the no-model default.

Then, in that environment's kernel, a notebook: loads the extension, opens the panel, runs
``%privguard leakage`` with its plot, shows a customer table whose free-text notes name people, prints one
note, and asks ``%privguard status``. The saved notebook is searched for every seeded name in every form.

It needs the package registry (pip), like ``scripts/bootstrap.sh``; about 1.5-2.5 minutes.
"""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
KERNEL = "privguard-wheel"

# people named in free text and in a name column (first names and surnames a gazetteer knows, no model)
NAMES = ["Margaret Whitfield", "Thomas Okafor", "Helena Brandt", "Daniel Moreau"]
NOTES = [
    "Called Margaret Whitfield about the refund.",
    "Spoke with Thomas Okafor, who asked for a new card.",
    "Helena Brandt wants the invoice by post.",
    "Left a message for Daniel Moreau on Tuesday.",
]
EMAILS = ["m.whitfield@example.org", "t.okafor@example.net", "helena.brandt@example.com", "dmoreau@example.org"]

CELLS = [
    "%load_ext jupyter_privguard",
    "import numpy as np, pandas as pd\ncustomers = pd.read_csv('customers.csv')\ncustomers",
    "print(customers.notes[0])",
    "%privguard panel",
    "rng = np.random.default_rng(0)\n"
    "n = 1200\n"
    "sex = rng.choice(['F', 'M'], n)\n"
    "part_time = (rng.random(n) < np.where(sex == 'F', 0.45, 0.08)).astype(int)\n"
    "staff = pd.DataFrame({'sex': sex, 'part_time': part_time,"
    " 'hours': np.where(part_time == 1, 22, 39) + rng.normal(0, 3, n), 'rating': rng.integers(1, 6, n)})\n"
    "staff['promoted'] = (0.2 * staff.rating + 0.02 * staff.hours + rng.normal(0, 0.4, n) > 1.5).astype(int)",
    "%privguard leakage staff --sensitive sex --target promoted",
    "%privguard status",
]


def _forms(value: str) -> set[str]:
    forms = {value, value.lower(), value.upper(), html.escape(value), json.dumps(value)[1:-1]}
    for part in value.split():
        forms.add(part)  # the first name alone (the leak this guards against) and the surname
    return forms


def _run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, capture_output=True, text=True, **kw)  # type: ignore[call-overload]
    assert done.returncode == 0, f"{' '.join(cmd)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (ROOT / "jupyter_privguard" / "labextension" / "static" / "style.js").exists():
        pytest.fail("the labextension is not built: run scripts/bootstrap.sh first")
    work = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work / "dist"), str(ROOT)])
    (wheel,) = (work / "dist").glob("jupyter_privguard-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.endswith("share/jupyter/labextensions/jupyter-privguard/package.json") for n in names), (
        "the wheel holds no prebuilt labextension"
    )
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    _run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel), "ipykernel"], env=env)
    return venv


def test_the_wheel_brings_the_product(fresh: Path) -> None:
    python = str(fresh / "bin" / "python")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    probe = (
        "import importlib.util as u, sys, jupyter_privguard\n"
        "heavy = [m for m in ('IPython', 'ipywidgets', 'presidio_analyzer', 'spacy', 'shap', 'matplotlib')"
        " if m in sys.modules]\n"
        "missing = [m for m in ('IPython', 'ipywidgets', 'presidio_analyzer', 'spacy', 'shap', 'sklearn',"
        " 'matplotlib', 'pyarrow') if u.find_spec(m) is None]\n"
        "print(jupyter_privguard.__file__); print('heavy', heavy); print('missing', missing)"
    )
    out = _run([python, "-c", probe], env=env, cwd="/").stdout.splitlines()
    assert str(fresh) in out[0], f"imported from {out[0]}, not the fresh environment"
    assert out[1] == "heavy []", "import jupyter_privguard pulled in heavy packages"
    assert out[2] == "missing []", f"pip install <wheel> did not bring: {out[2]}"


def test_a_notebook_in_the_fresh_environment(fresh: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nbclient = pytest.importorskip("nbclient")
    import nbformat

    spec = tmp_path / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [str(fresh / "bin" / "python"), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "fresh", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("PRIVGUARD_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    monkeypatch.delenv("PYTHONPATH", raising=False)
    monkeypatch.delenv("PRIVGUARD_NER", raising=False)  # the default a user gets

    import pandas as pd

    pd.DataFrame(
        {"full_name": NAMES, "email": EMAILS, "notes": NOTES, "plan": ["basic", "premium", "basic", "basic"]}
    ).to_csv(tmp_path / "customers.csv", index=False)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in CELLS]
    client = nbclient.NotebookClient(
        nb, kernel_name=KERNEL, timeout=240, resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    saved = tmp_path / "first_hour.ipynb"
    nbformat.write(nb, str(saved))
    text = saved.read_text(encoding="utf-8")

    # the guard ran in the fresh environment (the sidebar/banner mark on the shown frame)
    shown = json.dumps(nb.cells[1].outputs)
    assert "privguard" in shown, "the table was not shown through the guard"
    leaked = sorted(f for v in NAMES + EMAILS for f in _forms(v) if f in text)
    assert not leaked, f"the saved notebook holds {leaked}"
    audit = (tmp_path / "audit.jsonl").read_text(encoding="utf-8") if (tmp_path / "audit.jsonl").exists() else ""
    assert not [f for v in NAMES + EMAILS for f in _forms(v) if f in audit]

    errors = [o for c in nb.cells for o in c.outputs if o.get("output_type") == "error"]
    assert not errors, errors
    panel = json.dumps(nb.cells[3].outputs)
    assert "install" not in panel.lower(), f"the panel asks for an install: {panel[:400]}"
    assert "application/vnd.jupyter.widget-view+json" in panel, "no panel widget was shown"
    leak_out = nb.cells[5].outputs
    assert any("image/png" in o.get("data", {}) for o in leak_out), "leakage showed no plot"
    status = json.dumps(nb.cells[6].outputs)
    assert "off: no English spaCy pipeline" in status and "offline" in status, status[:600]
