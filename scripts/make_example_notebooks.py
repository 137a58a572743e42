"""Write examples/guard.ipynb: a tour of the notebook guard on the bundled example data.

The notebook is committed without outputs; ``examples/demo.py`` executes it with a real kernel.
Run from the repository root: ``.venv/bin/python scripts/make_example_notebooks.py``.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parents[1] / "examples"

CELLS = [
    (
        "markdown",
        "# jupyter-privguard: the notebook guard\n\n"
        "Every person in `data/customers.csv` is invented (Faker, fixed seed). From `%load_ext` on, "
        "personal data is redacted before it reaches an output, so this notebook's saved file holds none.",
    ),
    ("code", "%load_ext jupyter_privguard"),
    ("code", "import pandas as pd\nimport jupyter_privguard as pg\n\ndf = pd.read_csv('data/customers.csv')\ndf"),
    ("markdown", "What was found, per column: entity, class, score and the evidence (never a value)."),
    ("code", "%privguard scan df"),
    ("markdown", "The output tripwire covers everything else that leaves the kernel: prints, HTML, tracebacks."),
    ("code", "print(df.loc[0, 'email'], '-', df.loc[0, 'full_name'])\nprint(df[['full_name', 'phone']].head(3))"),
    ("code", "from IPython.display import HTML\nHTML(df.head(3).to_html())"),
    ("code", "records = df[['full_name', 'email']].head(2).to_dict('records')\nrecords"),
    (
        "markdown",
        "Exports of unredacted personal data warn (strict mode refuses); `safe_export` writes a de-identified copy.",
    ),
    ("code", "_ = df.to_json()"),
    (
        "code",
        "import os\nos.makedirs('output', exist_ok=True)\n"
        "pg.safe_export(df, 'output/customers_deidentified.csv', index=False)\n"
        "pd.read_csv('output/customers_deidentified.csv').head(3)",
    ),
    (
        "markdown",
        "Policy per entity: mask emails and pseudonymise names (the same name gives the same token, so "
        "joins still work).",
    ),
    (
        "code",
        "%privguard policy EMAIL_ADDRESS mask\n%privguard policy PERSON pseudonymize\n"
        "df[['full_name', 'email', 'plan']].head(3)",
    ),
    ("code", "%privguard status"),
    ("code", "%privguard audit"),
]


def main() -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for kind, source in CELLS:
        nb.cells.append(
            nbformat.v4.new_markdown_cell(source) if kind == "markdown" else nbformat.v4.new_code_cell(source)
        )
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"guard-{i:02d}"
    nbformat.write(nb, str(HERE / "guard.ipynb"))


if __name__ == "__main__":
    main()
