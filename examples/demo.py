"""The demo: scan the bundled example data and show what jupyter-privguard finds and redacts.

Run with ``bash scripts/demo.sh`` (sets up .venv first) or ``python examples/demo.py [CSV]``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

import jupyter_privguard as pg

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    flags = [a for a in argv if a.startswith("--")]
    args = [a for a in argv if not a.startswith("--")]
    path = Path(args[0]) if args else HERE / "data" / "customers.csv"
    df = pd.read_csv(path)
    print(f"jupyter-privguard {pg.__version__}: scanning {path.name} ({len(df)} rows x {df.shape[1]} columns)\n")

    started = time.perf_counter()
    report = pg.scan(df)
    first = time.perf_counter() - started
    started = time.perf_counter()
    pg.scan(df)
    again = time.perf_counter() - started

    print(report.summary())
    print()
    for note in report.notes:
        print(f"note: {note}")
    print(
        f"{len(report.pii_columns)} of {df.shape[1]} columns hold personal data; "
        f"NER model: {report.ner_model or 'none'}; scan {first * 1000:.0f} ms, again (cached) {again * 1000:.1f} ms\n"
    )

    print("Redacted view (default policy) of the first 5 rows:")
    with pd.option_context("display.width", 200, "display.max_columns", 30, "display.max_colwidth", 40):
        print(pg.redact(df.head(5), report=pg.scan(df.head(5))))
    print()
    policy = pg.Policy(actions={"EMAIL_ADDRESS": "mask", "PERSON": "pseudonymize", "CREDIT_CARD": "mask"})
    print("The same rows with emails and cards masked and names pseudonymised:")
    with pd.option_context("display.width", 200, "display.max_columns", 30, "display.max_colwidth", 40):
        print(pg.redact(df.head(5), policy=policy)[["full_name", "email", "card_number", "postcode", "date_of_birth"]])
    if "--no-notebook" not in flags:
        print()
        run_notebook(df)
    return 0


PII_COLUMNS = ["full_name", "email", "phone", "street_address", "card_number", "ip_address"]


def run_notebook(df: pd.DataFrame) -> None:
    """Execute examples/guard.ipynb with a real kernel, save it, and look for the data's PII in the file."""
    import nbclient
    import nbformat

    out_dir = HERE / "output"
    out_dir.mkdir(exist_ok=True)
    source = HERE / "guard.ipynb"
    nb = nbformat.read(str(source), as_version=4)
    with tempfile.TemporaryDirectory() as tmp:
        # a kernelspec for this interpreter, private to this run, and no user IPython startup files
        spec = Path(tmp) / "jupyter" / "kernels" / "privguard-demo"
        spec.mkdir(parents=True)
        (spec / "kernel.json").write_text(
            json.dumps(
                {
                    "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                    "display_name": "privguard demo",
                    "language": "python",
                }
            )
        )
        os.environ["JUPYTER_PATH"] = str(Path(tmp) / "jupyter")
        os.environ["IPYTHONDIR"] = str(Path(tmp) / "ipython")
        os.environ["PRIVGUARD_AUDIT_LOG"] = str(out_dir / "audit.jsonl")
        started = time.perf_counter()
        from jupyter_client.manager import KernelManager

        # the kernel talks to this process over local sockets (IPC), not over TCP in plain text
        km = KernelManager(kernel_name="privguard-demo", transport="ipc", ip=str(Path(tmp) / "kernel"))
        try:
            nbclient.NotebookClient(nb, km=km, timeout=300, resources={"metadata": {"path": str(HERE)}}).execute()
        finally:
            if km.has_kernel:  # a kernel manager passed in is ours to stop
                km.shutdown_kernel(now=True)
        elapsed = time.perf_counter() - started
    saved = out_dir / "guard.executed.ipynb"
    nbformat.write(nb, str(saved))
    text = saved.read_text(encoding="utf-8")
    print(
        f"Executed {source.name} with a real kernel in {elapsed:.1f} s and saved it as "
        f"{saved.relative_to(HERE.parent)}. What its cells printed (text/plain):\n"
    )
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        print(f"In:  {cell.source.splitlines()[0]}")
        for output in cell.outputs[:2]:
            body = output.get("text") or output.get("data", {}).get("text/plain", "")
            lines = str(body).rstrip().splitlines()
            for line in lines[:6]:
                print(f"     {line[:150]}")
            if len(lines) > 6:
                print(f"     ... ({len(lines) - 6} more lines)")
    values = {str(v) for c in PII_COLUMNS for v in df[c].dropna().tolist() if len(str(v)) >= 5}
    found = sum(1 for v in values if v in text)
    print(
        f"\nPII check of the saved notebook: {found} of {len(values)} distinct values from "
        f"{', '.join(PII_COLUMNS)} occur in it."
    )
    export = out_dir / "customers_deidentified.csv"
    exported = export.read_text(encoding="utf-8") if export.exists() else ""
    found_export = sum(1 for v in values if v in exported)
    print(
        f"PII check of the de-identified export ({export.name}, written by the notebook's safe_export): "
        f"{found_export} of those values occur in it."
    )
    # the files as `privguard scan` sees them at rest: names in free-text notes included
    from jupyter_privguard.notebooks import NotebookOptions, scan_notebook, scan_table_file

    at_rest = scan_notebook(text, NotebookOptions(), path=str(saved))
    at_rest += scan_table_file(str(export)) if export.exists() else []
    print(
        f"privguard scan {out_dir.relative_to(HERE.parent)}/: {len(at_rest)} findings"
        + "".join(f"\n  {f.path}: {f.location}: {f.entity} x{f.count}" for f in at_rest)
    )
    if found or found_export or at_rest:
        raise SystemExit(1)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
