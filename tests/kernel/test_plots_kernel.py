"""Plots and bundle parts in a real kernel (nbclient): the saved notebook and the saved SVG are searched.

The people are written to a CSV by the test (faker, two locales), so the cells' source holds no value.
Every notebook runs twice: without the extension (the control: the outputs hold the values) and with it.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pandas as pd
import pytest
from seeded import EXT
from seeded import execute_notebook as _execute

pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

pytestmark = pytest.mark.slow


def _people(folder: Path) -> pd.DataFrame:
    from faker import Faker

    rows = []
    for locale, seed in (("en_US", 3), ("de_DE", 4)):
        fake = Faker(locale)
        fake.seed_instance(seed)
        for _i in range(4):
            rows.append(
                {
                    "full_name": fake.unique.name(),
                    "email": fake.unique.email(),
                    "product": f"{fake.word().title()} Chime L{10 + len(rows)}",
                    "amount": round(120.5 + 33.25 * len(rows), 2),
                }
            )
    frame = pd.DataFrame(rows)
    frame.to_csv(folder / "people.csv", index=False)
    return frame


PLOT_CELLS = [
    "%matplotlib inline\nimport pandas as pd\nimport matplotlib\nimport matplotlib.pyplot as plt\n"
    "people = pd.read_csv('people.csv')",
    # inline PNG
    "ax = people.plot.bar(x='full_name', y='amount'); ax.set_title(people.email[0])",
    # the same figure drawn, with the guard off, from the labels as the text guard redacts them: same PNG
    "from jupyter_privguard.textguard import redact_text\n"
    "red = people.assign(full_name=[redact_text(v)[0] for v in people.full_name],"
    " email=[redact_text(v)[0] for v in people.email])\n"
    "guarded = 'privguard' in get_ipython().magics_manager.magics['line']\n"
    "if guarded: get_ipython().run_line_magic('privguard', 'off')\n"
    "ax = red.plot.bar(x='full_name', y='amount'); ax.set_title(red.email[0])",
    "if guarded: get_ipython().run_line_magic('privguard', 'on')",
    # savefig to SVG (text as text), shown and left on disk
    "matplotlib.rcParams['svg.fonttype'] = 'none'\nfig, ax = plt.subplots()\n"
    "ax.bar(list(people.full_name), people.amount); ax.legend([people.email[1]])\n"
    "fig.savefig('plot.svg'); plt.close(fig)\nfrom IPython.display import SVG, display\ndisplay(SVG('plot.svg'))",
    # inline SVG
    "%config InlineBackend.figure_formats = ['svg']\nimport seaborn as sns\n"
    "sns.barplot(data=people, x='full_name', y='amount').set_xlabel(people.email[2])",
    "people[['product', 'amount']].style.set_caption('owner ' + people.email[3] + ', ' + people.full_name[4])",
    "pd.Series([1, 2], name=people.email[5])",
    "people.pivot_table(index='product', columns='full_name', values='amount')",
]


def _outputs(nb: object, index: int) -> list[dict[str, object]]:
    return [dict(o) for o in nb.cells[index].outputs]  # type: ignore[attr-defined]


def _png(outputs: list[dict[str, object]]) -> bytes:
    for output in outputs:
        data = output.get("data")
        if isinstance(data, dict) and "image/png" in data:
            return base64.b64decode(str(data["image/png"]))
    raise AssertionError("no PNG output")


def test_plots_and_parts_in_the_saved_notebook(kernel_env: Path) -> None:
    pytest.importorskip("seaborn")
    people = _people(kernel_env)
    values = list(people.full_name) + list(people.email)
    escaped = [json.dumps(v)[1:-1] for v in values]

    _, control = _execute(kernel_env, PLOT_CELLS)
    control_svg = (kernel_env / "plot.svg").read_text(encoding="utf-8")
    assert [v for v in escaped if v in control], "the control notebook shows no seeded value"
    assert [v for v in values if v in control_svg], "the control SVG shows no seeded value"

    nb, saved = _execute(kernel_env, [f"%load_ext {EXT}"] + PLOT_CELLS)
    for cell in nb.cells:
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.source
    assert [v for v in escaped if v in saved] == []
    assert [v for v in values if v in (kernel_env / "plot.svg").read_text(encoding="utf-8")] == []
    svgs = [
        str(o["data"]["image/svg+xml"])
        for cell in nb.cells
        for o in cell.outputs
        if isinstance(o.get("data"), dict) and "image/svg+xml" in o["data"]
    ]
    assert len(svgs) == 2 and all("&lt;PERSON&gt;" in s for s in svgs)
    # the inline PNG is the picture of the redacted labels
    assert _png(_outputs(nb, 2)) == _png(_outputs(nb, 3))
    # non-personal text stays
    assert all(p in saved for p in people["product"])
    assert "was not displayed" not in saved
