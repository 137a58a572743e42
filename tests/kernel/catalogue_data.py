"""The generative leak catalogue's data: invented people from two generators and several locales.

Nothing here is a hand-picked value. Every personal value comes from faker (``en_US``, ``de_DE``,
``fr_FR``, ``pt_BR``) or mimesis (``ru``, ``ja``, ``es``) with fixed seeds, so a run is repeatable and the
guard cannot have been written against the list. Beside the personal columns sit the utility markers:
amounts with decimals, invented product names with a short code, SKUs, plan names and order ids,
which must stay visible.

:func:`build` writes the tables into a run folder in the forms users read (CSV, JSON, JSON lines,
sqlite3, parquet, a text file of notes, a 200,000-row parquet for the "value beyond the first
100,000 distinct" path) and returns a :class:`Dataset`: the seeded values with their kind (the
searcher picks the forms to look for by kind) and the markers. Not a test module.
"""

from __future__ import annotations

import json
import random
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

FAKER_LOCALES = ("en_US", "de_DE", "fr_FR", "pt_BR")
MIMESIS_LOCALES = ("ru", "ja", "es")
PERSONAL_COLUMNS = (
    "full_name",
    "first_name",
    "last_name",
    "email",
    "phone",
    "phone_digits",
    "phone_float",
    "ssn",
    "national_id",
    "card_number",
    "iban",
    "street",
    "birth_date",
    "ip_address",
)
# which forms the searcher looks for (see catalogue_search): names and addresses as text, numbers
# also as digits only, dates also reordered
KIND_OF = {
    "full_name": "name",
    "first_name": "word",
    "last_name": "word",
    "email": "email",
    "phone": "number",
    "phone_digits": "number",
    "phone_float": "number",
    "ssn": "number",
    "national_id": "number",
    "card_number": "number",
    "iban": "text",
    "street": "text",
    "birth_date": "date",
    "ip_address": "ip",
}
MARKER_COLUMNS = ("product", "sku", "amount", "order_id", "plan")
BIG_ROWS = 200_000
BIG_PROBE = 150_000  # the row the big-frame path prints: beyond the first 100,000 distinct values


@dataclass(frozen=True)
class Seeded:
    """One personal value the guard must never let out, and the kind of value it is."""

    value: str
    kind: str
    column: str


@dataclass
class Dataset:
    """What :func:`build` wrote: where, the personal values and the markers."""

    folder: Path
    frame: pd.DataFrame
    seeded: list[Seeded] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)


def luhn_ok(number: str) -> bool:
    """Whether the digits of ``number`` pass the Luhn check (card numbers must be real-looking)."""
    digits = [int(c) for c in number if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return bool(digits) and total % 10 == 0


def _luhn_complete(prefix: str) -> str:
    for last in "0123456789":
        if luhn_ok(prefix + last):
            return prefix + last
    raise AssertionError("unreachable")


def _syllable_word(rnd: random.Random) -> str:
    """An invented brand word (``Brightfen``-shaped): no dictionary, no list to tune against."""
    onsets = ["b", "br", "cl", "d", "f", "gr", "k", "l", "m", "n", "pl", "qu", "s", "st", "t", "tr", "v", "z"]
    vowels = ["a", "e", "i", "o", "u", "ai", "ee", "oa", "ou"]
    codas = ["", "n", "r", "l", "x", "sk", "ft", "nd", "m", "ght"]
    word = "".join(rnd.choice(onsets) + rnd.choice(vowels) + rnd.choice(codas) for _ in range(rnd.choice((2, 2, 3))))
    return word.capitalize()


def product_name(rnd: random.Random, fake: object) -> str:
    """``<Invented brand> <Two Words> <Letter><two digits>``, the two words from faker's catch phrases."""
    words = [w for w in fake.catch_phrase().replace("-", " ").split() if w.isalpha()]  # type: ignore[attr-defined]
    pick = rnd.sample(words, 2) if len(words) >= 2 else words + ["Unit"]
    code = f"{rnd.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}{rnd.randrange(10, 100)}"
    return " ".join([_syllable_word(rnd), *(w.capitalize() for w in pick), code])


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _faker_person(fake: object, rnd: random.Random) -> dict[str, object]:
    f = fake
    first, last = f.first_name(), f.last_name()  # type: ignore[attr-defined]
    phone = f.phone_number()  # type: ignore[attr-defined]
    try:
        national = str(f.ssn())  # type: ignore[attr-defined]
    except (AttributeError, NotImplementedError):
        national = _digits(f.numerify("###########"))  # type: ignore[attr-defined]
    return {
        "first_name": first,
        "last_name": last,
        "email": f.email(),  # type: ignore[attr-defined]
        "phone": phone,
        "national_id": national,
        "iban": f.iban(),  # type: ignore[attr-defined]
        "street": f.street_address(),  # type: ignore[attr-defined]
        "birth_date": f.date_of_birth(minimum_age=18, maximum_age=90).isoformat(),  # type: ignore[attr-defined]
    }


def _mimesis_providers(locale: str, seed: int) -> tuple[object, object, object]:
    from mimesis import Address, Datetime, Locale, Person

    loc = Locale(locale)
    return Person(loc, seed=seed), Address(loc, seed=seed), Datetime(loc, seed=seed)


def _mimesis_person(providers: tuple[object, object, object], serial: int) -> dict[str, object]:
    p, a, d = providers
    return {
        "first_name": p.first_name(),  # type: ignore[attr-defined]
        "last_name": p.last_name(),  # type: ignore[attr-defined]
        "email": p.email(),  # type: ignore[attr-defined]
        "phone": p.phone_number(),
        "national_id": "".join(random.Random(serial).choices("0123456789", k=11)),
        "iban": None,  # filled from faker below: mimesis has no IBAN provider
        "street": a.address(),
        "birth_date": d.date(start=1935, end=2006).isoformat(),
    }


def people(n: int = 120, seed: int = 20261202) -> pd.DataFrame:
    """``n`` invented people, the locales in turn, personal columns and marker columns side by side."""
    from faker import Faker

    rnd = random.Random(seed)
    fakers = {}
    for i, loc in enumerate(FAKER_LOCALES):
        fakers[loc] = Faker(loc)
        fakers[loc].seed_instance(seed + i)
    us = fakers["en_US"]
    mim = {loc: _mimesis_providers(loc, seed + 10 + j) for j, loc in enumerate(MIMESIS_LOCALES)}
    locales = [*FAKER_LOCALES, *MIMESIS_LOCALES]
    rows, seen = [], set()
    i = 0
    while len(rows) < n:
        loc = locales[i % len(locales)]
        i += 1
        person = _faker_person(fakers[loc], rnd) if loc in fakers else _mimesis_person(mim[loc], i)
        if person["iban"] is None:
            person["iban"] = us.iban()
        full = f"{person['first_name']} {person['last_name']}"
        if full in seen or person["email"] in seen:
            continue  # near-unique values only: a repeated name would make two rows one
        seen.update((full, person["email"]))
        digits = _digits(str(person["phone"]))[:15]
        prefix, length = rnd.choice([("4", 16), ("51", 16), ("37", 15), ("6011", 16)])
        card = _luhn_complete(prefix + "".join(rnd.choices("0123456789", k=length - len(prefix) - 1)))
        plan = rnd.choice(["basic", "standard", "premium", "team", "trial"])
        amount = round(rnd.uniform(10, 9000), 2)
        if round(amount * 100) % 10 == 0:
            amount = round(amount + 0.01, 2)  # two visible decimals in every rendering
        rows.append(
            {
                "order_id": f"ORD-{rnd.randrange(10**6, 10**7)}",
                "full_name": full,
                **person,
                "phone_digits": digits,
                "phone_float": float(digits),
                "ssn": us.ssn(),
                "card_number": card,
                "ip_address": us.ipv4_public(),
                "notes": f"Spoke with {full} about the {plan} plan; call back next week.",
                "product": product_name(rnd, us),
                "sku": f"SKU-{rnd.randrange(10000, 99999)}-{rnd.choice('ABCDEF')}",
                "plan": plan,
                "amount": amount,
                "count": rnd.randrange(1, 60),
                "locale": loc,
            }
        )
    # a marker that happens to hold a seeded name would count as a leak when the guard keeps it visible
    names = {w.casefold() for r in rows for w in (r["first_name"], r["last_name"], *str(r["full_name"]).split())}
    for r in rows:
        while {w.casefold() for w in str(r["product"]).split()} & names:
            r["product"] = product_name(rnd, us)
    frame = pd.DataFrame(rows)
    order = ["order_id", *PERSONAL_COLUMNS, "notes", *MARKER_COLUMNS[:2], "plan", "amount", "count", "locale"]
    return frame[order]


def big_frame(rows: int = BIG_ROWS, seed: int = 7) -> pd.DataFrame:
    """``rows`` people made by combining generated first and last names with the row number, so every
    email and phone is distinct (a million faker calls would be too slow for CI)."""
    import numpy as np
    from faker import Faker

    fake = Faker("en_US")
    fake.seed_instance(seed)
    firsts = [fake.first_name() for _ in range(300)]
    lasts = [fake.last_name() for _ in range(300)]
    idx = np.arange(rows)
    first = np.array(firsts)[idx % 300]
    last = np.array(lasts)[(idx // 300) % 300]
    serial = pd.Series(idx).map(lambda k: f"{k:06d}")
    return pd.DataFrame(
        {
            "full_name": pd.Series(first) + " " + pd.Series(last),
            "email": pd.Series(first).str.lower() + "." + pd.Series(last).str.lower() + serial + "@example.net",
            "phone_digits": "7" + serial.str.slice(0, 3) + "55" + serial.str.slice(3, 6) + "9",
            "amount": (idx % 9000) + 0.37,
        }
    )


def _write_tables(folder: Path, frame: pd.DataFrame) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    frame.to_csv(folder / "people.csv", index=False)
    records = frame.to_dict("records")
    (folder / "people.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    with (folder / "people.jsonl").open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    with sqlite3.connect(folder / "people.sqlite") as con:
        frame.to_sql("people", con, index=False, if_exists="replace")
    frame.to_parquet(folder / "people.parquet", index=False)
    (folder / "notes.txt").write_text("\n".join(frame["notes"]) + "\n", encoding="utf-8")


def build(
    folder: Path, slices: Sequence[str] = (), *, n: int = 120, per_slice: int = 5, big_rows: int = BIG_ROWS
) -> Dataset:
    """Write the tables into ``folder`` (``n`` people) and, for each name in ``slices``, ``per_slice``
    other people into ``folder/slices/<name>``; the :class:`Dataset` the searcher and the paths use."""
    everyone = people(n + per_slice * len(slices))
    frame = everyone.iloc[:n].reset_index(drop=True)
    _write_tables(folder, frame)
    for k, name in enumerate(slices):
        part = everyone.iloc[n + k * per_slice : n + (k + 1) * per_slice].reset_index(drop=True)
        _write_tables(folder / "slices" / name, part)
    big = big_frame(big_rows)
    big.to_parquet(folder / "big.parquet", index=False)

    seeded: list[Seeded] = []
    for col in PERSONAL_COLUMNS:
        for v in everyone[col]:
            text = f"{int(v)}" if col == "phone_float" else str(v)
            seeded.append(Seeded(text, KIND_OF[col], col))
    # a phone with an extension is a phone without it too, and a North American one also without its
    # country code: the guard must hide every form (issue 11), so the judge looks for each
    for v in everyone["phone"]:
        main = re.split(r"(?i)\s*(?:x|ext\.?)\s*[0-9]{1,6}$", str(v))[0]
        if main != str(v):
            seeded.append(Seeded(main, "number", "phone_main"))
            digits = _digits(main)
            if len(digits) in (11, 13) and digits.startswith(("1", "001")):
                seeded.append(Seeded(digits[-10:], "number", "phone_national"))
    probe = big.iloc[max(0, min(BIG_PROBE, len(big) - 1) - 3) : BIG_PROBE + 4]
    for col, kind in (("full_name", "name"), ("email", "email"), ("phone_digits", "number")):
        if col != "full_name":  # the big frame's names repeat (300 x 300): only its emails and phones are unique
            seeded.extend(Seeded(str(v), kind, "big_" + col) for v in probe[col])
    markers = sorted(
        {str(v) for col in ("product", "sku", "order_id") for v in everyone[col]}
        | {f"{a:.2f}" for a in everyone["amount"]}
    )
    return Dataset(folder=folder, frame=frame, seeded=seeded, markers=markers)
