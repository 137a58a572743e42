"""Real notebooks with invented people put into them: the recall half of ``bench_notebooks_real.py``.

A real notebook has no known personal data, so recall cannot be measured on it. Here a copy of a
real notebook (the *host*, drawn across the corpus's repositories) gets a few code cells inserted in
its middle whose outputs show generated people in the shapes issue 16 lists:

* ``table``: a DataFrame of people as pandas writes it (``text/html`` in full, ``text/plain``
  truncated at 12 characters a column, so the two copies differ), with full names, short first
  names (at most four letters: ``Bob``, ``Sue``, ``Li``), e-mails and phones written with
  slashes, pipes, dots, as bare 10-digit runs and in international forms;
* ``short-table``: a table that holds only short first names (and a count);
* ``prose``: a newsgroup post (``From: email (Full Name)``), its signature block, a call note
  ("Called Ann Lee about ...") and a scanned business card's lines, as a ``stream`` output;
* ``glued``: a ``text/plain`` repr of a string where a phone follows a printed ``\\n``;
* ``profile``: value lists of a profiling-report-like HTML page (a frequency table and a sample
  list).

People come from Faker and Mimesis in several locales; each value is near-unique. Every value is
recorded with the inserted cell that shows it; :func:`control` proves it is there before any scan.
"""

from __future__ import annotations

import copy
import html
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

FAKER_LOCALES = ("en_US", "de_DE", "fr_FR", "en_GB", "es_ES", "it_IT", "nl_NL", "pl_PL")
MIMESIS_LOCALES = ("EN", "DE", "FR", "ES", "IT", "PT_BR")
SHAPES = ("table", "table-plain-truncated", "short-table", "prose", "glued", "profile")


@dataclass(frozen=True)
class Seed:
    """One generated value put into one inserted cell (``kind`` as ``tests/seeded.ValueSearch`` wants,
    or ``"prefix"``: the cut form a truncated copy shows, searched as written)."""

    value: str
    kind: str  # "name" | "email" | "number" | "prefix"
    shape: str  # one of SHAPES
    field: str  # "full-name", "short-name", "email", "phone-slash", ...
    cell: int  # index of the inserted cell in the seeded notebook


class People:
    """Invented people from Faker and Mimesis, several locales, no value twice."""

    def __init__(self, seed: int) -> None:
        from faker import Faker
        from mimesis import Person
        from mimesis.locales import Locale

        self.rnd = random.Random(seed)
        self.fakers = [Faker(loc) for loc in FAKER_LOCALES]
        for k, f in enumerate(self.fakers):
            f.seed_instance(seed * 100 + k)
        self.mimesis = [Person(getattr(Locale, loc), seed=seed * 100 + k) for k, loc in enumerate(MIMESIS_LOCALES)]
        self.used: set[str] = set()

    def _unique(self, make: Any) -> str:
        for _ in range(200):
            value = make()
            if value not in self.used and value.isprintable():
                self.used.add(value)
                return str(value)
        raise RuntimeError("the generators ran out of new values")

    def full_name(self) -> str:
        def make() -> str:
            if self.rnd.random() < 0.5:
                f = self.rnd.choice(self.fakers)
                return f"{f.first_name()} {f.last_name()}"
            p = self.rnd.choice(self.mimesis)
            return f"{p.first_name()} {p.last_name()}"

        return self._unique(make)

    def short_name(self) -> str:
        """A first name of at most four letters, from the generators' own lists."""

        def make() -> str:
            for _ in range(500):
                src = self.rnd.choice(self.fakers + self.mimesis)  # type: ignore[operator]
                name = src.first_name()
                if 2 <= len(name) <= 4 and name.isalpha():
                    return str(name)
            raise RuntimeError("no short first name")

        return self._unique(make)

    def email(self, name: str) -> str:
        def make() -> str:
            first, _, last = name.lower().partition(" ")
            handle = self.rnd.choice((f"{first}.{last}", f"{first[:1]}{last}", f"{last}{self.rnd.randint(1, 99)}"))
            handle = "".join(ch for ch in handle if ch.isascii() and (ch.isalnum() or ch in "._"))
            domain = self.rnd.choice(self.fakers).free_email_domain()
            return f"{handle or 'user'}{self.rnd.randint(10, 999)}@{domain}"

        return self._unique(make)

    def nanp_digits(self) -> str:
        """Ten digits of a valid North American number (checked with phonenumbers)."""
        import phonenumbers

        def make() -> str:
            for _ in range(1000):
                digits = f"{self.rnd.randint(201, 989)}{self.rnd.randint(200, 999)}{self.rnd.randint(0, 9999):04d}"
                if phonenumbers.is_valid_number(phonenumbers.parse("+1" + digits)):
                    return digits
            raise RuntimeError("no valid number")

        return self._unique(make)

    def intl_phone(self) -> str:
        def make() -> str:
            f = self.rnd.choice([x for x in self.fakers if x.locales[0] != "en_US"])
            return str(f.phone_number())

        return self._unique(make)

    def job(self) -> str:
        return str(self.rnd.choice(self.fakers).job())

    def city(self) -> str:
        return str(self.rnd.choice(self.fakers).city())


def phone_forms(d: str) -> dict[str, str]:
    return {
        "phone-slash": f"{d[:3]}/{d[3:6]}/{d[6:]}",
        "phone-pipe": f"{d[:3]}|{d[3:6]}|{d[6:]}",
        "phone-bare": d,
        "phone-dots": f"{d[:3]}.{d[3:6]}.{d[6:]}",
        "phone-paren": f"({d[:3]}) {d[3:6]}-{d[6:]}",
    }


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _code_cell(source: str, outputs: list[dict[str, Any]], n: int) -> dict[str, Any]:
    return {
        "cell_type": "code",
        "execution_count": n,
        "id": f"seeded-{n}",
        "metadata": {},
        "outputs": outputs,
        "source": _lines(source),
    }


def _result(data: dict[str, Any], n: int) -> dict[str, Any]:
    return {"output_type": "execute_result", "execution_count": n, "metadata": {}, "data": data}


def _table_cell(people: People, rows: int, n: int) -> tuple[dict[str, Any], list[tuple[str, str, str, str]]]:
    import pandas as pd

    records, seeds = [], []
    kinds = ("phone-slash", "phone-pipe", "phone-bare", "phone-dots", "phone-paren", "phone-intl")
    for k in range(rows):
        name = people.full_name()
        short = people.short_name()
        email = people.email(name)
        kind = kinds[k % len(kinds)]
        phone = people.intl_phone() if kind == "phone-intl" else phone_forms(people.nanp_digits())[kind]
        records.append(
            {"name": name, "first": short, "email": email, "call_list": phone, "visits": people.rnd.randint(1, 40)}
        )
        seeds += [
            (name, "name", "full-name", "table"),
            (short, "name", "short-name", "table"),
            (email, "email", "email", "table"),
            (phone, "number", kind, "table"),
        ]
    df = pd.DataFrame.from_records(records)
    # the text/plain copy truncated where the HTML copy is not (pandas' max_colwidth differs)
    plain = df.to_string(max_colwidth=12)
    html_text = df.to_html()
    return _code_cell(
        "customers.sample(8)", [_result({"text/html": _lines(html_text), "text/plain": _lines(plain)}, n)], n
    ), seeds


def _short_table_cell(people: People, rows: int, n: int) -> tuple[dict[str, Any], list[tuple[str, str, str, str]]]:
    import pandas as pd

    names = [people.short_name() for _ in range(rows)]
    df = pd.DataFrame({"first_name": names, "orders": [people.rnd.randint(1, 9) for _ in names]})
    data = {"text/html": _lines(df.to_html()), "text/plain": _lines(df.to_string())}
    return _code_cell("staff[['first_name', 'orders']]", [_result(data, n)], n), [
        (v, "name", "short-name", "short-table") for v in names
    ]


def _prose_cell(people: People, n: int) -> tuple[dict[str, Any], list[tuple[str, str, str, str]]]:
    poster, caller, card = people.full_name(), people.full_name(), people.full_name()
    poster_email, card_email = people.email(poster), people.email(card)
    card_phone = phone_forms(people.nanp_digits())["phone-dots"]
    first, _, last = card.partition(" ")
    text = (
        f"From: {poster_email} ({poster})\n"
        "Subject: Re: quarterly numbers\n"
        "Lines: 6\n\n"
        "I think the second table double counts the returns.\n\n"
        f"-- \n{poster}\n{people.job()}\n\n"
        f"Called {caller} about the renewal; will send the contract on Monday.\n\n"
        f"{first.upper()}\n{last.upper()}\n{people.job().upper()}\n{card_email}\n{card_phone}\n"
    )
    out = {"output_type": "stream", "name": "stdout", "text": _lines(text)}
    return _code_cell("print(message)", [out], n), [
        (poster, "name", "newsgroup-poster", "prose"),
        (poster_email, "email", "email", "prose"),
        (caller, "name", "call-note", "prose"),
        (card, "name", "business-card", "prose"),
        (card_email, "email", "email", "prose"),
        (card_phone, "number", "phone-dots", "prose"),
    ]


def _glued_cell(people: People, n: int) -> tuple[dict[str, Any], list[tuple[str, str, str, str]]]:
    name = people.full_name()
    bare = phone_forms(people.nanp_digits())["phone-bare"]
    paren = phone_forms(people.nanp_digits())["phone-paren"]
    text = repr(f"{name}\n{bare}\ntel:\n{paren}\n")
    return _code_cell("record['contact']", [_result({"text/plain": [text]}, n)], n), [
        (name, "name", "full-name", "glued"),
        (bare, "number", "phone-bare-after-newline", "glued"),
        (paren, "number", "phone-paren-after-newline", "glued"),
    ]


def _profile_cell(people: People, rows: int, n: int) -> tuple[dict[str, Any], list[tuple[str, str, str, str]]]:
    names = [people.full_name() for _ in range(rows)]
    emails = [people.email(x) for x in names]
    phones = [phone_forms(people.nanp_digits())["phone-paren"] for _ in names]
    freq = "".join(
        f'<tr class=""><td title="{html.escape(v)}">{html.escape(v)}</td><td class="number">1</td>'
        f'<td class="number">{100 / rows:.1f}%</td></tr>\n'
        for v in names
    )
    sample = "".join(f"<li>{html.escape(v)}</li>" for v in emails)
    page = (
        '<div class="row variable"><div class="col-sm-3"><p class="h4" title="customer">customer</p>'
        "<small>Text</small></div>\n"
        '<div class="col-sm-9"><table class="freq table table-hover table-condensed">\n'
        "<thead><tr><th>Value</th><th>Count</th><th>Frequency (%)</th></tr></thead>\n"
        f"<tbody>{freq}</tbody></table>\n"
        f'<p class="h4">Sample</p><ul class="list-unstyled">{sample}</ul>\n'
        f"<p>Common values: {', '.join(html.escape(p) for p in phones)}</p></div></div>\n"
    )
    seeds = [(v, "name", "full-name", "profile") for v in names]
    seeds += [(v, "email", "email", "profile") for v in emails]
    seeds += [(v, "number", "phone-paren", "profile") for v in phones]
    return _code_cell(
        "ProfileReport(df)", [_result({"text/html": _lines(page), "text/plain": ["<ProfileReport>"]}, n)], n
    ), seeds


def seed_notebook(host: dict[str, Any], people: People) -> tuple[dict[str, Any], list[Seed]]:
    """A copy of ``host`` with the seeded cells inserted in its middle, and what they hold."""
    nb = copy.deepcopy(host)
    cells = nb.setdefault("cells", [])
    at = len(cells) // 2
    made = [
        _table_cell(people, 8, 9001),
        _short_table_cell(people, 6, 9002),
        _prose_cell(people, 9003),
        _glued_cell(people, 9004),
        _profile_cell(people, 5, 9005),
    ]
    seeds: list[Seed] = []
    for k, (cell, values) in enumerate(made):
        cells.insert(at + k, cell)
        for value, kind, fld, shape in values:
            seeds.append(Seed(value, kind, shape, fld, at + k))
    # the table's text/plain copy: which values it shows only cut short, and the cut form itself
    # ("Montana ...", "939.928....") is a value of its own: what is left of it after clean leaks
    table_plain = "".join(cells[at]["outputs"][0]["data"]["text/plain"])
    out: list[Seed] = []
    for s in seeds:
        if s.shape != "table" or s.value in table_plain:
            out.append(s)
            continue
        out.append(Seed(s.value, s.kind, "table-plain-truncated", s.field, s.cell))
        cut = _cut_form(s.value, table_plain)
        if cut is not None:
            out.append(Seed(cut, "prefix", "table-plain-truncated", s.field + "-cut", s.cell))
    return nb, out


def _cut_form(value: str, text: str) -> str | None:
    """How a truncated copy shows ``value``: its longest prefix followed by ``...`` in ``text`` (at
    least four letters or digits, or ``None``)."""
    for k in range(len(value) - 1, 2, -1):
        m = re.search(r"(?<!\S)" + re.escape(value[:k]) + r"\.\.\.", text)
        if m:
            head = m.group(0)
            return head if sum(ch.isalnum() for ch in head) >= 4 else None
    return None


def cell_texts(nb: dict[str, Any], index: int) -> str:
    """Everything a seeded cell's outputs hold, as JSON text (escaped forms included)."""
    return json.dumps(nb["cells"][index].get("outputs", []), ensure_ascii=False)


def searcher(seeds: list[Seed]) -> Any:
    """``tests/seeded.ValueSearch`` over the seeds (imported from the tests folder)."""
    import sys
    from pathlib import Path

    tests = str(Path(__file__).resolve().parents[1] / "tests")
    if tests not in sys.path:
        sys.path.insert(0, tests)
    from seeded import ValueSearch

    return ValueSearch([(s.value, s.kind) for s in seeds])


def present(seeds: list[Seed], nb: dict[str, Any]) -> list[bool]:
    """For each seed, whether it can be found (in any form) in its own cell of ``nb``; a cut form
    (``kind="prefix"``) as written, raw or JSON-escaped."""
    by_cell: dict[int, list[int]] = {}
    out = [False] * len(seeds)
    for i, s in enumerate(seeds):
        if s.kind == "prefix":
            text = cell_texts(nb, s.cell)
            out[i] = s.value in text or json.dumps(s.value)[1:-1] in text
        else:
            by_cell.setdefault(s.cell, []).append(i)
    for cell, idx in by_cell.items():
        sub = [seeds[i] for i in idx]
        hits = searcher(sub).find(cell_texts(nb, cell))
        for j in hits:
            out[idx[j]] = True
    return out


def control(seeds: list[Seed], nb: dict[str, Any]) -> None:
    """Raise unless every seeded value is in the seeded notebook before any scan."""
    missing = [s for s, ok in zip(seeds, present(seeds, nb)) if not ok]
    if missing:
        shapes = sorted({f"{s.shape}/{s.field}" for s in missing})
        raise AssertionError(f"control failed: {len(missing)} seeded values not found before the scan ({shapes})")


def iter_hosts(
    candidates: list[tuple[str, str, dict[str, Any]]], count: int, seed: int
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``count`` hosts, round-robin over the repositories (a fixed shuffle within each)."""
    rnd = random.Random(seed)
    by_repo: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for c in candidates:
        by_repo.setdefault(c[0], []).append(c)
    for items in by_repo.values():
        rnd.shuffle(items)
    taken = 0
    while taken < count and any(by_repo.values()):
        for repo in sorted(by_repo):
            if by_repo[repo] and taken < count:
                yield by_repo[repo].pop()
                taken += 1
