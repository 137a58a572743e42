"""The leak catalogue's searcher finds a seeded value in every form issue 11 lists, and only then.

The catalogue (``tests/kernel/test_leak_catalogue.py``) is only as honest as its searcher: a form the
searcher cannot see is a leak nobody counts. Each test writes a value in one form the way a notebook
would (``urlencode``, a slug, ``tabulate`` wrapping, ``json.dumps``...) and asserts the searcher
finds it; the last ones show it does not flag values that merely look alike.
"""

from __future__ import annotations

import json
import unicodedata
from urllib.parse import quote, urlencode

import pytest
from seeded import ValueSearch, collapsed, fold, table_columns, tokens

NAME = "Zoë Brontë-Lindqvist"
EMAIL = "renée.o'hara@example.org"
PHONE = "+1 (415) 555-0137"
CARD = "4539 1488 0343 6467"
SSN = "536-90-4871"
DOB = "1994-01-24"
STREET = "Rua de São Froilán, 276"
IBAN = "DE26601290404796669725"
IP = "186.198.199.105"
VALUES = [
    (NAME, "name"),
    (EMAIL, "email"),
    (PHONE, "number"),
    (CARD, "number"),
    (SSN, "number"),
    (DOB, "date"),
    (STREET, "text"),
    (IBAN, "text"),
    (IP, "ip"),
    ("Lindqvist", "word"),
    ("葉月 俵屋", "name"),
    ("Евдокия Боровая", "name"),
]
SEARCH = ValueSearch(VALUES)


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _found(text: str) -> set[str]:
    return {VALUES[i][0] for i in SEARCH.find(text)}


FORMS = {
    "raw": lambda v: f"before {v} after",
    "casefold": lambda v: v.upper(),
    "lower": lambda v: v.lower(),
    "html": lambda v: "<td>" + v.replace("'", "&#x27;").replace("ë", "&euml;").replace("é", "&eacute;") + "</td>",
    "json_ascii": lambda v: json.dumps({"v": v}),
    "json_slash": lambda v: json.dumps(v).replace("/", "\\/").replace(".", "\\u002e"),
    "json_in_json": lambda v: json.dumps(json.dumps([v])),
    "urlencode": lambda v: urlencode({"q": v}),
    "quote": lambda v: "/files/" + quote(v),
    "accents": _strip_accents,
    "zero_width": lambda v: v[:3] + "\u200b" + v[3:],
    "slug": lambda v: "_".join(tokens(v).split()) + ".csv",
    "repr_joined": lambda v: repr("Ann Lee\n" + v),
    "nbsp": lambda v: v.replace(" ", "\u00a0"),
}
SEPARATED = [NAME, EMAIL, STREET, "Евдокия Боровая"]


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("value", SEPARATED)
def test_finds_each_text_form(form: str, value: str) -> None:
    assert value in _found(FORMS[form](value)), form


@pytest.mark.parametrize("value", [PHONE, CARD, SSN])
def test_finds_digits_only(value: str) -> None:
    digits = "".join(c for c in value if c.isdigit())
    assert value in _found(f"id {digits} end")
    assert value in _found(f"as a float: {float(digits)!r}")
    assert value in _found(value.replace(" ", "-"))


def test_finds_last_first() -> None:
    assert NAME in _found("Brontë-Lindqvist, Zoë")
    assert NAME in _found("LINDQVIST, Zoe Bronte")


@pytest.mark.parametrize(
    "shown",
    [
        "24/01/1994",
        "01/24/1994",
        "24.01.1994",
        "1994/01/24",
        "24-01-1994",
        "24 Jan 1994",
        "January 24, 1994",
        "19940124",
    ],
)
def test_finds_reordered_dates(shown: str) -> None:
    assert DOB in _found(f"born {shown}.")


def test_finds_x_at_y() -> None:
    assert EMAIL in _found("renee.o'hara at example.org")
    assert EMAIL in _found("renée.o'hara [at] example [dot] org")


@pytest.mark.parametrize("cut", ["…", "..."])
def test_finds_a_prefix_cut_by_an_ellipsis(cut: str) -> None:
    shown = collapsed(EMAIL)
    assert len(shown) > 12
    assert EMAIL in _found(f"| premium | renée.o'hara@exa{cut} | 12.5 |")
    assert STREET in _found(f"  Rua de São Fro{cut}")


def test_short_prefix_is_not_enough() -> None:
    assert _found("Rua de…") == set()


def test_finds_values_wrapped_in_table_cells() -> None:
    from tabulate import tabulate

    rows = [[NAME, EMAIL, "2037.590000"], [STREET, IBAN, "12.5"]]
    for fmt in ("grid", "simple_grid", "rounded_outline", "pipe"):
        text = tabulate(rows, headers=["n", "e", "amount"], tablefmt=fmt, maxcolwidths=[8, 9, None])
        assert {NAME, EMAIL, STREET, IBAN} <= _found(text), fmt


def test_finds_values_wrapped_in_rich_tables() -> None:
    from io import StringIO

    from rich.console import Console
    from rich.table import Table

    for overflow in ("ellipsis", "fold"):
        table = Table("name", "email", "amount")
        for col in table.columns:
            col.overflow = overflow  # type: ignore[assignment]
        table.add_row(NAME, EMAIL, "2037.59")
        buf = StringIO()
        Console(file=buf, width=44, color_system=None).print(table)
        assert {NAME, EMAIL} <= _found(buf.getvalue()), overflow


def test_table_columns_reads_down_each_column() -> None:
    text = "│ Ann  │ 1 │\n│ Lee  │   │\n├──────┼───┤\n│ Bo   │ 2 │"
    assert any(tokens(c) == "ann lee bo" for c in table_columns(text))


def test_other_scripts() -> None:
    assert "葉月 俵屋" in _found("<td>葉月 俵屋</td>")
    assert "Евдокия Боровая" in _found("ЕВДОКИЯ БОРОВАЯ")


@pytest.mark.parametrize(
    "text",
    [
        "Brightfen Wind Chime L19 costs 2037.590000",
        "SKU-48213-C ORD-7227503 premium 12 items",
        "Zoe Bronte and Anna Lindqvista",  # a near name is not the name
        "renee.ohara@example.com",  # another domain
        "+1 (415) 555-0138",  # one digit off
        "4539 1488 0343 6468",
        "born 1994-01-25, 25/01/1994",
        "186.198.199.10",
        "Lindqvistson",
        "<PERSON> <EMAIL_ADDRESS> <PHONE_NUMBER> <DATE_TIME> ████",
        "data:image/png;base64,U29tZSBiYXNlNjQ1MzYtOTAtNDg3MSBkYXRh",
    ],
)
def test_does_not_flag_different_values(text: str) -> None:
    assert _found(text) == set()


def test_fold_is_stable_and_tokens_collapse_separators() -> None:
    assert fold("ZOË") == fold("zoe") == "zoe"
    assert tokens("a__b--c │ d") == "a b c d"
    assert collapsed("Zoë Brontë-Lindqvist") == "zoebrontelindqvist"


def test_generated_values_are_found_raw_and_not_in_their_neighbours() -> None:
    from faker import Faker

    fake = Faker(["de_DE", "fr_FR", "pt_BR"])
    fake.seed_instance(11)
    values = [(fake.name(), "name") for _ in range(40)] + [(fake.email(), "email") for _ in range(40)]
    search = ValueSearch(values)
    for i, (value, _) in enumerate(values):
        assert i in search.find(f"x {value.upper()} y")
    assert search.find("Brightfen Wind Chime L19 2037.590000 SKU-48213-C") == {}


def test_digits_inside_a_longer_number_are_not_the_value() -> None:
    digits = "".join(c for c in SSN if c.isdigit())
    assert SSN in _found(f"+1 {digits}")  # a prefix of a few digits: still the value
    assert _found(f"1764646823{digits}55512") == set()  # buried in a long run: another number
