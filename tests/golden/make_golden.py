"""Regenerate the golden notebooks: ``python tests/golden/make_golden.py`` (then review the diffs).

Each ``case.ipynb`` is an input; ``case.expected.ipynb`` is what ``privguard clean`` must turn it into,
byte for byte. The personal data in them is invented (Faker, fixed seed, example.com addresses).
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

from conftest import make_people  # noqa: E402


# a valid US number (the seeded ones use invented area codes that only the table tier catches)
FIXED_PHONE = "(415) 555-2671"


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _nb(cells: list[dict]) -> dict:
    return {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                                        "name": "python3"},
                                         "language_info": {"name": "python", "version": "3.11.2"}},
            "nbformat": 4, "nbformat_minor": 5}


def _code(n: int, source: str, outputs: list[dict]) -> dict:
    return {"cell_type": "code", "execution_count": n, "id": f"cell-{n}", "metadata": {},
            "outputs": outputs, "source": _lines(source)}


def _jupyter_dump(nb: dict) -> str:
    # what jupyter / nbformat write: indent 1, sorted keys, no ASCII escaping, final newline
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> None:
    people = make_people(6, seed=11)
    frame = people[["name", "email", "phone", "city", "price"]]
    person = people.iloc[0]
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(range(64))).decode()
    pii = {"names": people["name"].tolist(), "emails": people["email"].tolist(), "phones": people["phone"].tolist(),
           "ssn": person["ssn"], "card": person["card"], "fixed_phone": FIXED_PHONE}

    cases: dict[str, str] = {}
    # 1. nothing personal: must come back byte-identical
    cases["no_pii"] = _jupyter_dump(_nb([
        {"cell_type": "markdown", "id": "md-1", "metadata": {}, "source": ["# Sales by region\n", "Café ☕ totals."]},
        _code(1, "df.describe()", [{"output_type": "execute_result", "execution_count": 1, "metadata": {},
                                    "data": {"text/plain": _lines(frame[["price"]].describe().to_string())}}]),
        _code(2, "print('done')", [{"output_type": "stream", "name": "stdout", "text": ["done in 12.5 s\n"]}]),
        _code(3, "plot()", [{"output_type": "display_data", "metadata": {},
                             "data": {"image/png": png, "text/plain": ["<Figure size 640x480 with 1 Axes>"]}}]),
    ]))
    # 2. a DataFrame's rich display: html table and its text twin
    cases["dataframe"] = _jupyter_dump(_nb([
        _code(1, "df", [{"output_type": "execute_result", "execution_count": 1, "metadata": {},
                         "data": {"text/html": _lines(frame.to_html()),
                                  "text/plain": _lines(frame.to_string())}}]),
    ]))
    # 3. prints and a traceback with colour codes
    tb = [f"\x1b[0;31mValueError\x1b[0m: bad card \x1b[1m{person['card']}\x1b[0m for {person['email']}"]
    cases["stream_error"] = _jupyter_dump(_nb([
        _code(1, "print(row)", [{"output_type": "stream", "name": "stdout",
                                 "text": [f"sending to {person['email']}\n", f"ssn on file: {person['ssn']}\n",
                                          "ok\n"]}]),
        _code(2, "charge(row)", [{"output_type": "error", "ename": "ValueError",
                                  "evalue": f"bad card {person['card']}", "traceback": tb}]),
    ]))
    # 4. the display guard's outputs: a guarded one (kept, its report MIME untouched), a reveal (dropped)
    guarded_meta = {"jupyter_privguard": {"version": 1, "redacted": True, "columns": ["email"]}}
    report = {"version": 1, "kind": "pandas.DataFrame", "label": "df", "n_rows": 6, "n_columns": 2,
              "redacted": [{"column": "email", "entity": "EMAIL_ADDRESS", "action": "redact", "count": 6}],
              "notes": [], "report": None}
    cases["guard_outputs"] = _jupyter_dump(_nb([
        _code(1, "df", [{"output_type": "execute_result", "execution_count": 1, "metadata": guarded_meta,
                         "data": {"text/plain": ["   price            email\n", "0  12.50  <EMAIL_ADDRESS>\n",
                                                 f"note: phone {FIXED_PHONE}\n"],
                                  "application/vnd.jupyter-privguard.report+json": report}}]),
        _code(2, "%privguard reveal df", [
            {"output_type": "display_data",
             "metadata": {"jupyter_privguard": {"version": 1, "reveal": True, "columns": []}},
             "data": {"text/plain": [f"privguard: revealed all columns of df\n", f"0  {person['email']}\n"]}},
            {"output_type": "stream", "name": "stdout", "text": ["after the reveal\n"]}]),
    ]))
    # 5. JSON MIME types: string leaves and long integers; an image beside them is left alone
    cases["json_mime"] = _jupyter_dump(_nb([
        _code(1, "show(record)", [{"output_type": "display_data", "metadata": {},
                                   "data": {"application/json": {"user": {"contact": person["email"],
                                                                          "card": int(person["card"]),
                                                                          "visits": 12}},
                                            "image/png": png, "text/plain": ["<record>"]}}]),
    ]))
    # 6. not written by Jupyter: indent 2, keys unsorted, ASCII escapes, CRLF line ends, no final newline
    odd = _nb([_code(1, "print(x)", [{"output_type": "stream", "name": "stdout",
                                       "text": [f"Zoë wrote from {person['email']}\n", "naïve total: 3\n"]}])])
    cases["odd_format"] = json.dumps(odd, indent=2, ensure_ascii=True).replace("\n", "\r\n")

    from jupyter_privguard.notebooks import NotebookOptions, clean_text
    from jupyter_privguard.policy import Policy

    options = NotebookOptions(policy=Policy(ner="off"))
    for name, text in cases.items():
        (HERE / f"{name}.ipynb").write_bytes(text.encode("utf-8"))
        cleaned, _ = clean_text(text, options, path=name)
        (HERE / f"{name}.expected.ipynb").write_bytes(cleaned.encode("utf-8"))
    (HERE / "PII.json").write_text(json.dumps(pii, indent=1) + "\n")


if __name__ == "__main__":
    main()
