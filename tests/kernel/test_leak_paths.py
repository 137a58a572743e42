"""The leak-path catalogue: notebooks run with nbclient and a real kernel, saved, then searched.

One notebook holds one cell per leak path (so a whole catalogue costs one kernel start). It runs
twice: with ``%load_ext jupyter_privguard`` (the whole guard), and with only the output tripwire
and the export guard installed (so the tripwire is shown to hold on its own, without the display
guard in front of it). Each path is its own test id: no seeded PII value may remain in that
cell's saved outputs, and the cell's non-PII markers must.
"""

from __future__ import annotations

import csv
import html
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

HERE = Path(__file__).parents[1]  # tests/
DATA = HERE / "notebooks" / "people.csv"
PII_COLUMNS = ("full_name", "email", "phone", "ssn", "card_number", "ip_address", "date_of_birth")

SETUP = f"""
import json, logging, os, sys, warnings
import pandas as pd
from IPython.display import HTML, JSON, SVG, Latex, Markdown, display
df = pd.read_csv({str(DATA)!r}, dtype={{"monthly_spend": float}})
"""


def _extension_name() -> str:
    """``jupyter_privguard`` once the package exposes ``load_ipython_extension``; until then its
    ``_ipython`` subpackage, which defines it."""
    import jupyter_privguard

    return (
        "jupyter_privguard"
        if hasattr(jupyter_privguard, "load_ipython_extension")
        else "jupyter_privguard.integrations.ipython"
    )


LOAD_EXTENSION = f"%load_ext {_extension_name()}"
LOAD_TRIPWIRE_ONLY = """
from jupyter_privguard.integrations.ipython import tripwire as _tripwire
from jupyter_privguard.integrations import exports as _exports
from jupyter_privguard.session import current_session as _current_session
_handles = (_tripwire.install(get_ipython(), _current_session()), _exports.install(_current_session()))
"""

# (id, source, markers that must survive). No source holds a seeded value: they reach the values
# through the frame, as user code does.
PATHS: list[tuple[str, str, list[str]]] = [
    ("print_df", "print(df)", ["premium", "customer_ref"]),
    ("print_to_string", "print(df.to_string())", ["premium", "CR-9100"]),
    ("display_html_to_html", "display(HTML(df.to_html()))", ["premium", "<table"]),
    ("print_to_markdown", "print(df.to_markdown())", ["premium"]),
    ("to_markdown_result", "df.head(4).to_markdown()", ["premium"]),
    ("display_markdown", "display(Markdown(df.head(4).to_markdown()))", ["premium"]),
    ("describe_all", 'df.describe(include="all")', ["count", "unique"]),
    ("value_counts", 'df["email"].value_counts()', ["count"]),
    ("groupby_size", 'df.groupby("full_name").size()', ["full_name"]),
    ("sample", "df.sample(5, random_state=1)", ["monthly_spend"]),
    ("transpose", "df.T", ["monthly_spend"]),
    ("iloc_row", "df.iloc[0]", ["premium", "Springfield"]),
    ("loc_cell", 'df.loc[2, "email"]', []),
    ("print_loc_cell", 'print(df.loc[2, "email"], "is the address")', ["is the address"]),
    (
        "fstring",
        'print(f"Contact {df.full_name[0]} at {df.email[0]} or {df.phone[0]} (plan {df.plan[0]})")',
        ["Contact", "premium"],
    ),
    ("records_list", 'df.to_dict("records")[:3]', ["premium", "basic"]),
    ("dict_of_records", "dict(zip(df.full_name, df.ssn))", []),
    ("dict_repr", '{"who": df.full_name[7], "card": df.card_number[7], "plan": df.plan[7]}', ["plan", "basic"]),
    ("zip_tuples", "list(zip(df.full_name, df.plan))[:4]", ["premium", "trial"]),
    ("print_list", "print(list(df.email))", []),
    ("series_tolist", "df.ip_address.tolist()", []),
    ("series_result", "df.email", ["Name: email"]),
    ("set_index_email", 'df.set_index("email").head()', ["premium"]),
    ("styler", "df.head(3).style", ["premium"]),
    ("iterrows_print", 'for _, row in df.head(3).iterrows():\n    print(row["full_name"], row["plan"])', ["premium"]),
    ("keyerror_traceback", "{}[df.email[1]]", ["KeyError"]),
    ("pandas_keyerror", "df.loc[df.email[3]]", ["KeyError"]),
    ("raise_value_error", 'raise ValueError(f"bad card {df.card_number[2]}")', ["ValueError", "bad card"]),
    (
        "nested_exception",
        'def check(x):\n    raise RuntimeError("invalid " + x)\ncheck(df.ssn[3])',
        ["RuntimeError", "invalid"],
    ),
    (
        "logging_stderr",
        'logging.getLogger("leaktest").warning("user %s failed login from %s", df.email[4], df.ip_address[4])',
        ["failed login"],
    ),
    (
        "logging_stdout_handler",
        'log = logging.getLogger("leaktest.out")\nlog.propagate = False\n'
        "log.addHandler(logging.StreamHandler(sys.stdout))\nlog.setLevel(logging.INFO)\n"
        'log.info("signup %s %s", df.full_name[5], df.phone[5])',
        ["signup"],
    ),
    ("warnings_warn", 'warnings.warn("lookup failed for " + df.email[8])', ["lookup failed"]),
    (
        "plotly_json",
        'display({"application/vnd.plotly.v1+json": {"data": [{"x": list(df.full_name), '
        '"y": list(df.monthly_spend), "type": "bar"}], "layout": {"title": {"text": "spend by customer"}}}, '
        '"text/plain": "a plotly figure"}, raw=True)',
        ["spend by customer", "42.5"],
    ),
    (
        "vega_json",
        'display({"application/vnd.vegalite.v5+json": {"data": {"values": '
        'df[["email", "plan", "monthly_spend"]].to_dict("records")}, "mark": "bar", '
        '"encoding": {"x": {"field": "email"}}}, "text/plain": "a vega chart"}, raw=True)',
        ["premium", "mark"],
    ),
    (
        "svg_text",
        'display(SVG(\'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="40">\'\n'
        '    f\'<text x="5" y="20">{df.full_name[5]}</text><text x="5" y="35">axis label</text></svg>\'))',
        ["axis label"],
    ),
    ("display_json", 'display(JSON(df.head(3).to_dict("records")))', ["premium"]),
    ("display_latex", 'display(Latex(f"$\\\\text{{{df.full_name[1]}}}$"))', ["text"]),
    ("update_display", 'h = display("waiting", display_id=True)\nh.update(df.email[5])', []),
    ("stderr_print", 'print(df.phone[6], "is the phone", file=sys.stderr)', ["is the phone"]),
    (
        "split_writes",
        "e = df.email[7]\nsys.stdout.write(e[:5]); sys.stdout.flush()\n"
        "sys.stdout.write(e[5:12]); sys.stdout.flush()\nsys.stdout.write(e[12:] + ' done\\n')",
        ["done"],
    ),
    ("json_dumps", 'print(json.dumps(df.head(5).to_dict("records")))', ["premium", "plan"]),
    ("json_dumps_unicode", 'print(json.dumps(df[df.full_name.str.contains("\\u00eb")].full_name.tolist()))', []),
    ("html_apostrophe", 'display(HTML(df[df.full_name.str.contains("\'")].to_html()))', ["<table"]),
    ("upper_case", "print(df.full_name[0].upper(), df.email[0].upper())", []),
    ("to_json_result", 'df.head(3).to_json(orient="records")', ["premium"]),
    ("to_csv_print", "print(df.to_csv(index=False))", ["premium", "customer_ref"]),
    ("repr_cell", "repr(df.card_number[0])", []),
    ("free_text_notes", "print(df.notes[0])", ["Spoke with", "call back"]),
    ("dob_list", "print(df.date_of_birth.tolist())", []),
    ("pprint_dict", "from pprint import pprint\npprint(df.head(2).to_dict())", ["plan"]),
    ("shell_echo", "!echo {df.email[9]} via shell", ["via shell"]),
    (
        "subprocess_output",
        'import subprocess\nprint(subprocess.check_output(["echo", df.phone[9]], text=True).strip(), "via subprocess")',
        ["via subprocess"],
    ),
    (
        "same_cell_frame",
        'fresh = pd.read_csv(os.environ["LEAK_DATA"]).iloc[::-1]\nprint(fresh[["full_name", "plan"]])',
        ["premium"],
    ),
]
MODES = ("extension", "tripwire")


def _seeded() -> list[str]:
    with DATA.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return sorted({row[c] for row in rows for c in PII_COLUMNS})


SEEDED = _seeded()


def _notebook(mode: str) -> Any:
    nb = nbformat.v4.new_notebook()
    load = LOAD_EXTENSION if mode == "extension" else LOAD_TRIPWIRE_ONLY
    nb.cells.append(nbformat.v4.new_code_cell(SETUP + load))
    for path_id, source, _ in PATHS:
        cell = nbformat.v4.new_code_cell(source)
        cell.metadata["leak_path"] = path_id
        nb.cells.append(cell)
    return nb


@pytest.fixture(scope="module", params=MODES)
def executed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    mode = request.param
    folder = tmp_path_factory.mktemp(f"leak-{mode}")
    nb = _notebook(mode)
    env = dict(os.environ)
    env.update(
        PRIVGUARD_AUDIT_LOG=str(folder / "audit.jsonl"),
        LEAK_DATA=str(DATA),
        PRIVGUARD_NER=os.environ.get("PRIVGUARD_NER", "off"),
        PYTHONWARNINGS="default",
    )
    client = nbclient.NotebookClient(
        nb, timeout=180, kernel_name="python3", allow_errors=True, resources={"metadata": {"path": str(folder)}}
    )
    client.execute(env=env)
    saved = folder / f"leaks-{mode}.ipynb"
    nbformat.write(nb, saved)
    reread = nbformat.read(saved, as_version=4)
    cells = {c.metadata.get("leak_path"): c for c in reread.cells if c.metadata.get("leak_path")}
    return {"mode": mode, "file": saved, "cells": cells, "setup": reread.cells[0]}


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [*_strings(k), *_strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [str(value)] if isinstance(value, (int, float)) and not isinstance(value, bool) else []


def _leaks(text: str) -> list[str]:
    """Seeded values found in ``text`` (as written, HTML-unescaped, JSON-escaped, any case)."""
    haystacks = [text.casefold(), html.unescape(text).casefold()]
    found = []
    for value in SEEDED:
        forms = {value, json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]}
        if any(form.casefold() in hay for form in forms for hay in haystacks):
            found.append(value)
    return found


def _outputs_text(cell: Any) -> str:
    return "\n".join(_strings([dict(o) for o in cell.get("outputs", [])]))


def test_catalogue_has_at_least_30_paths() -> None:
    assert len({p[0] for p in PATHS}) == len(PATHS) >= 30


def test_setup_cell_ran(executed: dict[str, Any]) -> None:
    errors = [o for o in executed["setup"].outputs if o.output_type == "error"]
    assert errors == [], _outputs_text(executed["setup"])


@pytest.mark.parametrize("path_id, source, markers", PATHS, ids=[p[0] for p in PATHS])
def test_leak_path(executed: dict[str, Any], path_id: str, source: str, markers: list[str]) -> None:
    cell = executed["cells"][path_id]
    text = _outputs_text(cell)
    assert cell.outputs, f"{path_id}: the cell produced no output at all"
    leaked = _leaks(text)
    assert leaked == [], f"{path_id} ({executed['mode']}): {len(leaked)} seeded value(s) in the saved outputs"
    for marker in markers:
        assert marker in text or marker in html.unescape(text), f"{path_id}: non-PII {marker!r} was lost"


def test_saved_file_holds_no_seeded_value(executed: dict[str, Any]) -> None:
    raw = executed["file"].read_text(encoding="utf-8")
    assert _leaks(raw) == []
    # and the redaction is visible: placeholders are there
    assert "<EMAIL_ADDRESS>" in raw or "&lt;EMAIL_ADDRESS&gt;" in raw


def test_search_would_find_an_unredacted_value() -> None:
    # the check itself works: a raw value (in any of its forms) is found
    assert _leaks(f"xx {SEEDED[0]} yy") == [SEEDED[0]]
    assert _leaks(html.escape("Siobhan O'Neill")) == ["Siobhan O'Neill"]
    assert _leaks(json.dumps(["Zoë Brontë-Lindqvist"])) == ["Zoë Brontë-Lindqvist"]
    assert sys.executable  # the kernel runs on this interpreter (kernelspec argv "python")
