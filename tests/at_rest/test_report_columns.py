"""Which column of a saved HTML table a hit is in, and whether its header may be shown."""

from __future__ import annotations

import pandas as pd
from seeded import faker_people

from jupyter_privguard.notebooks.hints import header_hint, html_layout


def _offset(html: str, text: str) -> int:
    return html.index(f">{text}<") + 1


def test_columns_of_a_plain_frame() -> None:
    people = faker_people(n=5, seed=21)
    html = pd.DataFrame(people).to_html()
    layout = html_layout(html)
    assert layout.headers == [["", "name", "email", "phone", "plan", "sku", "amount"]]
    for p in people:
        assert layout.cell_at(_offset(html, p["email"])) == (0, 2, False)
        assert layout.cell_at(_offset(html, p["sku"])) == (0, 5, False)
    assert layout.cell_at(_offset(html, "email")) == (0, 2, True)
    assert layout.cell_at(0) is None


def test_index_names_multiindex_levels_and_colspans() -> None:
    people = faker_people(n=4, seed=22)
    frame = pd.DataFrame(
        {("contact", "email"): [p["email"] for p in people], ("contact", "phone"): [p["phone"] for p in people]},
        index=pd.MultiIndex.from_tuples([(p["plan"], p["sku"]) for p in people], names=["plan", "sku"]),
    )
    html = frame.to_html()
    layout = html_layout(html)
    assert layout.headers == [["plan", "sku", "contact/email", "contact/phone"]]
    for p in people:
        assert layout.cell_at(_offset(html, p["email"]))[1] == 2  # type: ignore[index]
        assert layout.cell_at(_offset(html, p["sku"]))[1] == 1  # type: ignore[index]


def test_two_tables_in_one_output() -> None:
    a = pd.DataFrame({"city": ["Lyon"]}).to_html()
    b = pd.DataFrame({"who": ["x"], "mail": ["m@example.org"]}).to_html()
    layout = html_layout(a + "<p>and</p>" + b)
    assert layout.headers == [["", "city"], ["", "who", "mail"]]
    text = a + "<p>and</p>" + b
    assert layout.cell_at(text.index(">m@example.org<") + 1) == (1, 2, False)


def test_a_header_is_shown_unless_it_may_be_a_value() -> None:
    people = faker_people(n=20, seed=23, locales=("en_US", "de_DE", "fr_FR"))
    values = {p["email"]: "EMAIL_ADDRESS" for p in people}
    for header in ("email", "amount", "population", "sku", "Street Name", "first_name", "tail_num"):
        assert header_hint(header, flagged=False, values=values) == header
    for p in people:
        assert header_hint(p["email"], flagged=False, values=values) is None  # a value, and an "@"
        assert header_hint(p["name"], flagged=True, values=values) is None  # a hit lies in it
        assert header_hint(str(p["phone"]), flagged=False, values={}) is None  # digits
    assert header_hint("Customer 20231107", flagged=False, values={}) is None  # four digits in a row
    assert header_hint("x" * 41, flagged=False, values={}) is None
    assert header_hint("", flagged=False, values={}) is None
    # people as columns: given names the gazetteer knows are not shown even when nothing flagged them
    hidden = sum(header_hint(p["name"].split()[0], flagged=False, values={}) is None for p in people)
    assert hidden >= len(people) // 2
