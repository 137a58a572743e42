"""Regenerate the golden notebooks: ``python tests/golden/make_golden.py`` (then review the diffs).

Each ``case.ipynb`` is an input; ``case.expected.ipynb`` is what ``privguard clean`` must turn it into,
byte for byte. A ``case.options.json`` beside them holds the :class:`NotebookOptions` fields the case
is cleaned with (``{"sources": "redact"}``: ``privguard clean --sources``); without one, the defaults.
The personal data in them is invented (Faker, fixed seed, example.com addresses).
The expected files are written by the code under test and were checked by hand: only the personal
data may differ from the input. ``PII.json`` lists the seeded values the tests grep for.
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from seeded import make_people  # noqa: E402

# a valid US number (the seeded ones use invented area codes that only the table tier catches)
FIXED_PHONE = "(415) 555-2671"


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _nb(cells: list[dict]) -> dict:
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python", "version": "3.11.2"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _code(n: int, source: str, outputs: list[dict]) -> dict:
    return {
        "cell_type": "code",
        "execution_count": n,
        "id": f"cell-{n}",
        "metadata": {},
        "outputs": outputs,
        "source": _lines(source),
    }


def _widget_view(model_id: str, plain: str) -> dict:
    # what a displayed widget leaves in the cell: a reference to its model, and its repr
    return {
        "output_type": "display_data",
        "metadata": {},
        "data": {
            "application/vnd.jupyter.widget-view+json": {"model_id": model_id, "version_major": 2, "version_minor": 0},
            "text/plain": [plain],
        },
    }


def _widget_model(name: str, module: str, state: dict) -> dict:
    # one model of the widget state ipywidgets 8 saves in metadata.widgets
    version = "1.0.0" if module == "@jupyter-widgets/output" else "2.0.0"
    view = None if name.endswith("StyleModel") or name == "LayoutModel" else name.replace("Model", "View")
    full = {
        "_model_module": module,
        "_model_module_version": version,
        "_model_name": name,
        "_view_count": None,
        "_view_module": module,
        "_view_module_version": version,
        "_view_name": view,
        **state,
    }
    return {"model_module": module, "model_module_version": version, "model_name": name, "state": full}


def _jupyter_dump(nb: dict) -> str:
    # what jupyter / nbformat write: indent 1, sorted keys, no ASCII escaping, final newline
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> None:
    people = make_people(6, seed=11)
    frame = people[["name", "email", "phone", "city", "price"]]
    person = people.iloc[0]
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(range(64))).decode()
    pii = {
        "names": people["name"].tolist(),
        "emails": people["email"].tolist(),
        "phones": people["phone"].tolist(),
        "ssn": person["ssn"],
        "card": person["card"],
        "fixed_phone": FIXED_PHONE,
    }

    cases: dict[str, str] = {}
    # 1. nothing personal: must come back byte-identical
    cases["no_pii"] = _jupyter_dump(
        _nb(
            [
                {
                    "cell_type": "markdown",
                    "id": "md-1",
                    "metadata": {},
                    "source": ["# Sales by region\n", "Café ☕ totals."],
                },
                _code(
                    1,
                    "df.describe()",
                    [
                        {
                            "output_type": "execute_result",
                            "execution_count": 1,
                            "metadata": {},
                            "data": {"text/plain": _lines(frame[["price"]].describe().to_string())},
                        }
                    ],
                ),
                _code(2, "print('done')", [{"output_type": "stream", "name": "stdout", "text": ["done in 12.5 s\n"]}]),
                _code(
                    3,
                    "plot()",
                    [
                        {
                            "output_type": "display_data",
                            "metadata": {},
                            "data": {"image/png": png, "text/plain": ["<Figure size 640x480 with 1 Axes>"]},
                        }
                    ],
                ),
            ]
        )
    )
    # 2. a DataFrame's rich display: html table and its text twin
    cases["dataframe"] = _jupyter_dump(
        _nb(
            [
                _code(
                    1,
                    "df",
                    [
                        {
                            "output_type": "execute_result",
                            "execution_count": 1,
                            "metadata": {},
                            "data": {"text/html": _lines(frame.to_html()), "text/plain": _lines(frame.to_string())},
                        }
                    ],
                ),
            ]
        )
    )
    # 3. prints and a traceback with colour codes
    tb = [f"\x1b[0;31mValueError\x1b[0m: bad card \x1b[1m{person['card']}\x1b[0m for {person['email']}"]
    cases["stream_error"] = _jupyter_dump(
        _nb(
            [
                _code(
                    1,
                    "print(row)",
                    [
                        {
                            "output_type": "stream",
                            "name": "stdout",
                            "text": [f"sending to {person['email']}\n", f"ssn on file: {person['ssn']}\n", "ok\n"],
                        }
                    ],
                ),
                _code(
                    2,
                    "charge(row)",
                    [
                        {
                            "output_type": "error",
                            "ename": "ValueError",
                            "evalue": f"bad card {person['card']}",
                            "traceback": tb,
                        }
                    ],
                ),
            ]
        )
    )
    # 4. the display guard's outputs: a guarded one (kept, its report MIME untouched), a reveal (dropped)
    guarded_meta = {"jupyter_privguard": {"version": 1, "redacted": True, "columns": ["email"]}}
    report = {
        "version": 1,
        "kind": "pandas.DataFrame",
        "label": "df",
        "n_rows": 6,
        "n_columns": 2,
        "redacted": [{"column": "email", "entity": "EMAIL_ADDRESS", "action": "redact", "count": 6}],
        "notes": [],
        "report": None,
    }
    cases["guard_outputs"] = _jupyter_dump(
        _nb(
            [
                _code(
                    1,
                    "df",
                    [
                        {
                            "output_type": "execute_result",
                            "execution_count": 1,
                            "metadata": guarded_meta,
                            "data": {
                                "text/plain": [
                                    "   price            email\n",
                                    "0  12.50  <EMAIL_ADDRESS>\n",
                                    f"note: phone {FIXED_PHONE}\n",
                                ],
                                "application/vnd.jupyter-privguard.report+json": report,
                            },
                        }
                    ],
                ),
                _code(
                    2,
                    "%privguard reveal df",
                    [
                        {
                            "output_type": "display_data",
                            "metadata": {"jupyter_privguard": {"version": 1, "reveal": True, "columns": []}},
                            "data": {
                                "text/plain": ["privguard: revealed all columns of df\n", f"0  {person['email']}\n"]
                            },
                        },
                        {"output_type": "stream", "name": "stdout", "text": ["after the reveal\n"]},
                    ],
                ),
            ]
        )
    )
    # 5. JSON MIME types: string leaves and long integers; an image beside them is left alone
    cases["json_mime"] = _jupyter_dump(
        _nb(
            [
                _code(
                    1,
                    "show(record)",
                    [
                        {
                            "output_type": "display_data",
                            "metadata": {},
                            "data": {
                                "application/json": {
                                    "user": {"contact": person["email"], "card": int(person["card"]), "visits": 12}
                                },
                                "image/png": png,
                                "text/plain": ["<record>"],
                            },
                        }
                    ],
                ),
            ]
        )
    )
    # 6. not written by Jupyter: indent 2, keys unsorted, ASCII escapes, CRLF line ends, no final newline
    odd = _nb(
        [
            _code(
                1,
                "print(x)",
                [
                    {
                        "output_type": "stream",
                        "name": "stdout",
                        "text": [f"Zoë wrote from {person['email']}\n", "naïve total: 3\n"],
                    }
                ],
            )
        ]
    )
    cases["odd_format"] = json.dumps(odd, indent=2, ensure_ascii=True).replace("\n", "\r\n")
    # 7. widget state (metadata.widgets): an HTML widget showing the frame, a text box, a dropdown of
    #    names, a grid with table-schema data, a custom widget with a card number as an integer, an
    #    Output widget with a print and a figure; layout and style models hold nothing personal
    ids = [
        "940eee3cba6f875c2e84496e7857dd86",
        "b938451ee325faa633406bc44dc2a627",
        "c2354e2bb7740a63c1d8fac168fb90d7",
        "a2da95a83ec33dd6887e840043e58844",
        "5aab0a377f90ade7bc38d756d0055979",
        "9d9b532aba4e6c3686ff0de26a769806",
        "8b3890644f3d4e7b37d72e4af6978770",
    ]
    html_id, text_id, dropdown_id, grid_id, record_id, output_id, layout_id = ids
    controls = "@jupyter-widgets/controls"
    common = {"_dom_classes": [], "layout": f"IPY_MODEL_{layout_id}", "tabbable": None, "tooltip": None}
    grid_rows = people[["name", "email", "phone"]].head(3)
    models = {
        layout_id: _widget_model("LayoutModel", "@jupyter-widgets/base", {"height": None, "width": "50%"}),
        html_id: _widget_model(
            "HTMLModel", controls, {**common, "description": "", "placeholder": "\u200b", "value": frame.to_html()}
        ),
        text_id: _widget_model(
            "TextModel",
            controls,
            {
                **common,
                "continuous_update": True,
                "description": "Contact",
                "disabled": False,
                "placeholder": "Type an email",
                "value": person["email"],
            },
        ),
        dropdown_id: _widget_model(
            "DropdownModel",
            controls,
            {
                **common,
                "_options_labels": people["name"].tolist(),
                "description": "Customer",
                "disabled": False,
                "index": 0,
            },
        ),
        grid_id: _widget_model(
            "DataGridModel",
            "ipydatagrid",
            {
                **common,
                "_data": {
                    "data": [{"index": k, **row} for k, row in enumerate(grid_rows.to_dict("records"))],
                    "schema": {
                        "fields": [
                            {"name": "index", "type": "integer"},
                            {"name": "name", "type": "string"},
                            {"name": "email", "type": "string"},
                            {"name": "phone", "type": "string"},
                        ],
                        "primaryKey": ["index"],
                        "pandas_version": "1.4.0",
                    },
                },
                "base_row_size": 20,
            },
        ),
        record_id: _widget_model(
            "RecordModel",
            "custom-widgets",
            {**common, "record": {"card": int(person["card"]), "visits": 12, "note": "paid by card"}},
        ),
        output_id: _widget_model(
            "OutputModel",
            "@jupyter-widgets/output",
            {
                **common,
                "msg_id": "",
                "outputs": [
                    {"output_type": "stream", "name": "stdout", "text": f"ssn on file: {person['ssn']}\n"},
                    {
                        "output_type": "display_data",
                        "metadata": {},
                        "data": {"image/png": png, "text/plain": "<Figure size 640x480 with 1 Axes>"},
                    },
                ],
            },
        ),
    }
    widget_nb = _nb(
        [
            _code(1, "widgets.HTML(df.to_html())", [_widget_view(html_id, "HTML(value='<table border=\"1\" ...')")]),
            _code(
                2,
                "widgets.Text(value=row.email, description='Contact')",
                [_widget_view(text_id, f"Text(value='{person['email']}', description='Contact')")],
            ),
            _code(
                3,
                "widgets.Dropdown(options=df.name, description='Customer')",
                [_widget_view(dropdown_id, "Dropdown(description='Customer', options=(...))")],
            ),
            _code(4, "DataGrid(df[['name', 'email', 'phone']].head(3))", [_widget_view(grid_id, "DataGrid(...)")]),
            _code(5, "Record(row)", [_widget_view(record_id, "Record(...)")]),
            _code(6, "out = widgets.Output(); out", [_widget_view(output_id, "Output()")]),
        ]
    )
    widget_nb["metadata"]["widgets"] = {
        "application/vnd.jupyter.widget-state+json": {"state": models, "version_major": 2, "version_minor": 0}
    }
    cases["widget_state"] = _jupyter_dump(widget_nb)
    # 8. cell sources, cleaned with --sources: a markdown note naming a customer the table shows, with
    #    a phone and an email; code with an email in a string and a name in a comment; a raw cell
    other = people.iloc[1]
    cases["sources"] = _jupyter_dump(
        _nb(
            [
                {
                    "cell_type": "markdown",
                    "id": "md-1",
                    "metadata": {},
                    "source": _lines(
                        f"# Follow-up\n\nCall **{person['name']}** back at {FIXED_PHONE}, "
                        f"or write to <{other['email']}>.\nTotals are in the table below."
                    ),
                },
                _code(
                    1,
                    "df",
                    [
                        {
                            "output_type": "execute_result",
                            "execution_count": 1,
                            "metadata": {},
                            "data": {"text/html": _lines(frame.to_html()), "text/plain": _lines(frame.to_string())},
                        }
                    ],
                ),
                _code(
                    2,
                    f'vip = df[df.email == "{other["email"]}"]  # {other["name"]} asked for a refund\n'
                    f"notify(vip, phone='{FIXED_PHONE}')\n"
                    f'LETTER = """Dear {person["name"]},\nthank you."""',
                    [],
                ),
                {
                    "cell_type": "raw",
                    "id": "raw-1",
                    "metadata": {},
                    "source": [f"Prepared for {people.iloc[2]['name']}"],
                },
            ]
        )
    )

    from jupyter_privguard.notebooks import NotebookOptions, clean_text
    from jupyter_privguard.policy import Policy

    settings = {"sources": {"sources": "redact"}}  # per case: written to case.options.json
    for name, text in cases.items():
        (HERE / f"{name}.ipynb").write_bytes(text.encode("utf-8"))
        if name in settings:
            (HERE / f"{name}.options.json").write_text(json.dumps(settings[name], indent=1) + "\n")
        options = NotebookOptions(policy=Policy(ner="off"), **settings.get(name, {}))
        cleaned, _ = clean_text(text, options, path=name)
        (HERE / f"{name}.expected.ipynb").write_bytes(cleaned.encode("utf-8"))
    (HERE / "PII.json").write_text(json.dumps(pii, indent=1) + "\n")


if __name__ == "__main__":
    main()
