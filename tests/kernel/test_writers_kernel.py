"""Strict mode in a real kernel: writers refuse before their file is opened, and a clean write goes through.

The notebook reads the seeded people from a CSV (the cells' source holds no value), turns strict
mode on with ``%privguard config strict=true``, and tries a few writers; each cell prints only
whether it was blocked and whether its file exists. The saved notebook, the folder and the audit
log are then searched for the seeded values.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from seeded import EXT, PRODUCTS, SEEDED, execute_notebook, found

pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

pytestmark = pytest.mark.slow

SETUP = """
import csv, json, logging, os, pickle
import numpy as np
import pandas as pd
from jupyter_privguard.errors import PrivacyError
df = pd.read_csv('people.csv')

def attempt(label, path, write):
    try:
        write()
        outcome = 'written'
    except PrivacyError:
        outcome = 'blocked'
    size = os.path.getsize(path) if os.path.exists(path) else None
    print(label, outcome, 'absent' if size is None else ('empty' if size == 0 else 'data'))
"""

# label, target, the cell's write (in the notebook's namespace)
ATTEMPTS = [
    ("transposed", "t.csv", "lambda: df.T.to_csv('t.csv')"),
    ("melted", "m.csv", "lambda: df.melt().to_csv('m.csv')"),
    ("styled", "s.html", "lambda: df.style.to_html('s.html')"),
    ("numpy", "e.npy", "lambda: np.save('e.npy', df['email'].to_numpy(dtype=str))"),
    ("pickle", "r.pkl", "lambda: pickle.dump(df.to_dict('records'), open('r.pkl', 'wb'))"),
    ("json", "r.json", "lambda: json.dump(df.to_dict('records'), open('r.json', 'w'))"),
    ("csvwriter", "w.csv", "lambda: csv.writer(open('w.csv', 'w')).writerows(df.values.tolist())"),
    ("polars", "p.csv", "lambda: __import__('polars').from_pandas(df).write_csv('p.csv')"),
]
OPENED_BY_THE_USER = {"pickle", "json", "csvwriter"}


def _log_cell() -> str:
    return (
        "handler = logging.FileHandler('app.log')\n"
        "log = logging.getLogger('orders'); log.addHandler(handler); log.setLevel(logging.INFO); log.propagate = False\n"
        "log.info('service started')\n"
        "before = open('app.log').read()\n"
        "try:\n"
        "    log.info('order from %s', df['email'][0])\n"
        "    print('log written')\n"
        "except PrivacyError:\n"
        "    print('log blocked', open('app.log').read() == before)\n"
    )


def _figure_cell() -> str:
    return (
        "import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt\n"
        "fig, ax = plt.subplots(); ax.barh(df['email'][:5], df['price'][:5])\n"
        "attempt('figure', 'f.png', lambda: fig.savefig('f.png')); plt.close(fig)\n"
    )


def _store_cell() -> str:
    return (
        "records = df.to_dict('records')\n"
        "try:\n"
        "    get_ipython().run_line_magic('store', 'records')\n"
        "    print('store written')\n"
        "except PrivacyError:\n"
        "    print('store blocked', 'autorestore/records' in get_ipython().db)\n"
    )


def test_strict_mode_blocks_writers_in_a_kernel(kernel_env: Path) -> None:
    cells = [f"%load_ext {EXT}", SETUP, "%privguard config strict=true"]
    cells += [f"attempt({label!r}, {target!r}, {write})" for label, target, write in ATTEMPTS]
    cells += [_log_cell(), _figure_cell(), _store_cell()]
    cells += [
        "attempt('clean', 'clean.csv', lambda: df[['product', 'price']].to_csv('clean.csv', index=False))",
        "attempt('clean-json', 'clean.json', lambda: json.dump(df[['product']].to_dict('records'), open('clean.json', 'w')))",
    ]
    nb, saved = execute_notebook(kernel_env, cells)
    printed = "".join(o.get("text", "") for cell in nb.cells for o in cell.outputs if o.output_type == "stream")
    lines = {line.split()[0]: line.split()[1:] for line in printed.splitlines() if line.strip()}
    for label, _target, _write in ATTEMPTS:
        expected = ["blocked", "empty" if label in OPENED_BY_THE_USER else "absent"]
        assert lines.get(label) == expected, (label, lines.get(label))
    assert lines.get("figure") == ["blocked", "absent"]
    assert lines.get("log") == ["blocked", "True"]
    assert lines.get("store") == ["blocked", "False"]  # the kernel loaded %store before the guard
    assert lines.get("clean") == ["written", "data"] and lines.get("clean-json") == ["written", "data"]
    assert all(p in (kernel_env / "clean.csv").read_text() for p in PRODUCTS)
    assert found(SEEDED, saved) == []
    audit = (kernel_env / "audit.jsonl").read_text()
    assert found(SEEDED, audit) == []
    decisions = [json.loads(line).get("decision") for line in audit.splitlines() if '"export"' in line]
    assert decisions.count("blocked") >= len(ATTEMPTS) + 2 and decisions.count("clean") >= 2
    for path in kernel_env.iterdir():
        if path.is_file() and path.name not in ("people.csv", "executed.ipynb", "audit.jsonl"):
            assert found(SEEDED, path.read_bytes().decode("utf-8", errors="replace")) == [], path.name


def test_warn_mode_writes_and_warns_without_values(kernel_env: Path) -> None:
    cells = [
        f"%load_ext {EXT}",
        SETUP,
        "import warnings\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    np.save('warned.npy', df['email'].to_numpy(dtype=str))\n"
        "    df.T.to_csv('warned.csv')\n"
        "print('warnings', len([w for w in caught if 'PrivacyWarning' in type(w.message).__name__]))\n"
        "print(*[str(w.message) for w in caught], sep='\\n')",
    ]
    nb, saved = execute_notebook(kernel_env, cells)
    assert "warnings 2" in saved
    assert (kernel_env / "warned.npy").exists() and (kernel_env / "warned.csv").exists()
    assert found(SEEDED, saved) == []
    assert "numpy.save" in saved and "EMAIL_ADDRESS" in saved
