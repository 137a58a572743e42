"""Labelled tables in 24 locales for ``bench_columns.py --multilingual``.

Each locale gets two tables of near-unique people, one from Faker and one from mimesis (for ro_RO, he_IL and
hi_IN, which mimesis lacks, the second table takes its names, streets, cities and phones from the short lists in
:mod:`_multilingual_locales`, and its e-mail addresses, user names and passwords from Faker with another seed).
Both get this module's own per-locale formats: local birth-date formats, national id numbers with valid check
digits, IBANs of the country, IMEI numbers. One table of each locale has local-language headers, the other
unhelpful ones (``col_3``, ``f4``, ``field_b``, ``x1``); which one alternates from locale to locale, so each
generator has both kinds.

Truth labels use the catalogue's names (``jupyter_privguard.entities``) and follow the English synthetic set:
a city is ``LOCATION``; order ids, UUIDs, hashes, timestamps, prices, products, SKUs, versions and the
non-personal notes are not personal data (''); airports and storm names are not personal data either (a
facility and a weather system, not a person or where one lives). An IMEI is ``DEVICE_ID`` and a wallet address
``CRYPTO``, as the catalogue files them, whatever their header says (the wallet sits under the local word for
"address", a decoy for ``STREET_ADDRESS``).

Everything is built in memory from fixed seeds; nothing is written to disk.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

import _multilingual_ids as ids
from _multilingual_locales import DATE_FORMATS, LOCALES, OWN_PEOPLE, LocaleSpec, own_phone, own_postal_code, own_street

SEED = 20261203
ROWS = 400
QUICK_LOCALES = ("ja_JP", "pl_PL", "ar_SA", "he_IL", "de_DE", "pt_BR")
QUICK_ROWS = 60

#: the columns every table has, with their truth label ('' = not personal data); "id" and "money" are filled in
#: per locale (the national id's catalogue name; IBAN_CODE or CREDIT_CARD)
PERSONAL = (
    "full_name first_name surname email phone street postal_code birth_date national_id username password money city"
).split()
DECOYS = "notes wallet imei order_id uuid sha256 md5 created price product airport storm sku version".split()
LABELS = {
    "full_name": "PERSON",
    "first_name": "PERSON",
    "surname": "PERSON",
    "email": "EMAIL_ADDRESS",
    "phone": "PHONE_NUMBER",
    "street": "STREET_ADDRESS",
    "postal_code": "POSTAL_CODE",
    "birth_date": "DATE_OF_BIRTH",
    "username": "USERNAME",
    "password": "CREDENTIAL",
    "city": "LOCATION",
    "wallet": "CRYPTO",
    "imei": "DEVICE_ID",
}
#: fields whose values are kept distinct in a table (names, postal codes and cities repeat, as they do)
DISTINCT = ("full_name", "email", "phone", "street", "national_id", "username", "password", "money", "imei")
#: header styles for the unhelpful tables
UNHELPFUL_STYLES = ("col_{n}", "f{n}", "field_{a}", "x{n}", "c{n:02d}", "v_{a}")
TECH_HEADERS = {"uuid": "uuid", "sha256": "sha256", "md5": "md5", "imei": "IMEI"}

# real airports and storms (decoys: neither is a person or a place where one lives)
AIRPORTS = (
    "Frankfurt am Main (FRA)",
    "Tokyo Narita (NRT)",
    "Seoul Incheon (ICN)",
    "Beijing Capital (PEK)",
    "Warszawa Chopin (WAW)",
    "Praha Václav Havel (PRG)",
    "İstanbul (IST)",
    "São Paulo Guarulhos (GRU)",
    "Stockholm Arlanda (ARN)",
    "København Kastrup (CPH)",
    "Oslo Gardermoen (OSL)",
    "Helsinki-Vantaa (HEL)",
    "Budapest Liszt Ferenc (BUD)",
    "București Henri Coandă (OTP)",
    "Athens Eleftherios Venizelos (ATH)",
    "Riyadh King Khalid (RUH)",
    "Tel Aviv Ben Gurion (TLV)",
    "Delhi Indira Gandhi (DEL)",
    "Paris-Charles de Gaulle (CDG)",
    "Madrid-Barajas (MAD)",
    "Roma Fiumicino (FCO)",
    "Amsterdam Schiphol (AMS)",
    "Kyiv Boryspil (KBP)",
    "Moskva Sheremetyevo (SVO)",
)
STORMS = (
    "Kyrill 2007",
    "Lothar 1999",
    "Xaver 2013",
    "Ciarán 2023",
    "Eunice 2022",
    "Daniel 2023",
    "Boris 2024",
    "Hagibis 2019",
    "Jebi 2018",
    "Mangkhut 2018",
    "Haiyan 2013",
    "Katrina 2005",
    "Sandy 2012",
    "Harvey 2017",
    "Irma 2017",
    "Gloria 2020",
    "Filomena 2021",
    "Alex 2020",
    "Ianos 2020",
    "Gudrun 2005",
)
PRODUCTS = (
    "USB-C cable 2 m",
    "Espresso 1 kg",
    "LED bulb E27",
    "Notebook A5",
    "Wireless mouse",
    "Kettle 1.7 l",
    "Yoga mat",
    "Desk lamp",
    "Bluetooth speaker",
    "Tea 100 g",
    "HDMI adapter",
    "Backpack 25 l",
    "Phone case",
)


@dataclass
class MLTable:
    """One generated table: its frame, the truth label per column, and what it was built from."""

    name: str
    locale: str
    source: str  # "faker", "mimesis", or "own lists + faker"
    headers: str  # "local" or "unhelpful"
    frame: Any
    labels: dict[str, str]
    fields: dict[str, str]  # column -> field name (for tests and per-entity reports)


def _birth(rng: random.Random) -> tuple[date, bool]:
    return date(1935, 1, 1) + timedelta(days=rng.randint(0, 26_000)), rng.random() < 0.5


def _distinct(make: Callable[[], Any], seen: set[Any], tries: int = 60) -> Any:
    value = make()
    for _ in range(tries):
        if value not in seen:
            break
        value = make()
    seen.add(value)
    return value


class _Faker:
    def __init__(self, spec: LocaleSpec, seed: int) -> None:
        from faker import Faker

        self.f = Faker(spec.faker)
        self.f.seed_instance(seed)

    def row(self) -> dict[str, Any]:
        f = self.f
        first, last = f.first_name(), f.last_name()
        return {
            "full_name": f.name(),
            "first_name": first,
            "surname": last,
            "email": f.email(),
            "phone": f.phone_number(),
            "street": f.street_address(),
            "postal_code": f.postcode(),
            "username": f.user_name(),
            "password": f.password(length=rand_len(f.random)),
            "city": f.city(),
            "card": f.credit_card_number(),
            "wallet": "0x" + f.hexify("^" * 40),
        }


def rand_len(rng: random.Random) -> int:
    return rng.randint(10, 16)


class _Mimesis:
    def __init__(self, spec: LocaleSpec, seed: int) -> None:
        from mimesis import Address, Payment, Person
        from mimesis.locales import Locale

        loc = Locale(spec.mimesis)
        self.person, self.address, self.payment = Person(loc, seed=seed), Address(loc, seed=seed), Payment(seed=seed)

    def row(self) -> dict[str, Any]:
        p, a = self.person, self.address
        return {
            "full_name": p.full_name(),
            "first_name": p.first_name(),
            "surname": p.last_name(),
            "email": p.email(),
            "phone": p.phone_number(),
            "street": a.address(),
            "postal_code": a.postal_code(),
            "username": p.username(),
            "password": p.password(length=rand_len(p.random)),
            "city": a.city(),
            "card": self.payment.credit_card_number(),
            "wallet": self.payment.ethereum_address(),
        }


class _Own:
    """Names, streets, cities and phones from this benchmark's own lists; e-mail, login, password from Faker."""

    def __init__(self, spec: LocaleSpec, seed: int) -> None:
        self.code = spec.code
        self.lists = OWN_PEOPLE[spec.code]
        self.rng = random.Random(seed)
        self.faker = _Faker(spec, seed + 7)

    def row(self) -> dict[str, Any]:
        rng, lists = self.rng, self.lists
        first, last = rng.choice(lists["first"]), rng.choice(lists["last"])
        row = self.faker.row()
        row.update(
            full_name=f"{rng.choice(lists['first'])} {rng.choice(lists['last'])}",
            first_name=first,
            surname=last,
            phone=own_phone(rng, self.code),
            street=own_street(rng, self.code),
            postal_code=own_postal_code(rng, self.code),
            city=rng.choice(lists["city"]),
        )
        return row


def _decoys(rng: random.Random, spec: LocaleSpec, i: int, table: int) -> dict[str, Any]:
    price = rng.lognormvariate(3.5, 1.0)
    text = spec.currency.format(price)
    if spec.comma:
        text = text.replace(".", ",")
    created = datetime(2023, 1, 1) + timedelta(seconds=rng.randint(0, 80_000_000))
    return {
        "order_id": f"{rng.choice(('ORD', 'SO', 'PO'))}-{table}{rng.randint(0, 9_999_999):07d}",
        "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "sha256": hashlib.sha256(f"{spec.code}-{table}-{i}".encode()).hexdigest(),
        "md5": hashlib.md5(f"{i}-{spec.code}-{table}".encode(), usedforsecurity=False).hexdigest(),
        "created": created.isoformat(sep=" ", timespec="seconds"),
        "price": text,
        "product": rng.choice(PRODUCTS),
        "airport": rng.choice(AIRPORTS),
        "storm": rng.choice(STORMS),
        "sku": f"{rng.choice('ABCDEFGHKLMNPRSTUVWXYZ')}{rng.choice('ABCDEFGHKLMNPRSTUVWXYZ')}-{rng.randint(1000, 9999)}",
        "version": f"{rng.randint(0, 5)}.{rng.randint(0, 24)}.{rng.randint(0, 40)}",
        "notes": f"{rng.choice(spec.notes)} ({rng.randint(10, 9999)})" if rng.random() > 0.15 else None,
    }


def _unhelpful_headers(fields: list[str], rng: random.Random) -> dict[str, str]:
    style = rng.choice(UNHELPFUL_STYLES)
    out: dict[str, str] = {}
    for field in fields:
        header = ""
        while not header or header in out.values():
            n = rng.randint(1, 60)
            a = "".join(rng.choice("abcdefghjkmnpqrstuvwxyz") for _ in range(rng.choice((1, 1, 2))))
            header = style.format(n=n, a=a)
        out[field] = header
    return out


def build_table(spec: LocaleSpec, generator: str, unhelpful: bool, rows: int, seed: int) -> MLTable:
    """One table for ``spec`` from ``generator`` ("faker" or "mimesis"; mimesis falls back to the own lists)."""
    import pandas as pd

    table = 0 if generator == "faker" else 1
    if generator == "faker":
        gen: _Faker | _Mimesis | _Own = _Faker(spec, seed)
        source = f"faker {spec.faker}"
    elif spec.mimesis is not None:
        gen = _Mimesis(spec, seed)
        source = f"mimesis {spec.mimesis}"
    else:
        gen = _Own(spec, seed)
        source = f"own lists + faker {spec.faker}"
    rng = random.Random(seed * 31 + table)
    money_entity = "IBAN_CODE" if spec.iban and generator == "faker" else "CREDIT_CARD"
    date_format = DATE_FORMATS[spec.dates[1 if unhelpful else 0]]
    seen: dict[str, set[Any]] = {k: set() for k in DISTINCT}
    data: dict[str, list[Any]] = {k: [] for k in PERSONAL + DECOYS}
    for i in range(rows):
        base = gen.row()
        for _ in range(30):  # a repeated full name is drawn again
            if base["full_name"] not in seen["full_name"]:
                break
            base = gen.row()
        seen["full_name"].add(base["full_name"])
        born, female = _birth(rng)
        row = {**base, **_decoys(rng, spec, i, table), "birth_date": date_format(born)}
        if money_entity == "IBAN_CODE":
            assert spec.iban is not None
            country, length = spec.iban
            row["money"] = _distinct(partial(ids.iban, rng, country, length), seen["money"])
        else:
            row["money"] = base["card"] if base["card"] not in seen["money"] else None
            seen["money"].add(base["card"])
        row["national_id"] = _distinct(partial(spec.national_id, rng, born, female), seen["national_id"])
        row["imei"] = _distinct(partial(ids.imei, rng), seen["imei"])
        for key in ("email", "phone", "street", "username", "password"):
            # a repeat is replaced from a fresh row; after that it stays (real tables have a few)
            if row[key] in seen[key]:
                row[key] = gen.row()[key]
            seen[key].add(row[key])
        for k in data:
            data[k].append(row[k])

    fields = list(data)
    random.Random(seed + 99).shuffle(fields)
    if unhelpful:
        header_of = _unhelpful_headers(fields, rng)
    else:
        header_of = {
            f: TECH_HEADERS.get(f)
            or spec.header({"money": "iban" if money_entity == "IBAN_CODE" else "card"}.get(f, f))
            for f in fields
        }
    frame = pd.DataFrame({header_of[f]: data[f] for f in fields})
    label_of = {**LABELS, "national_id": spec.id_entity, "money": money_entity}
    labels = {header_of[f]: label_of.get(f, "") for f in fields}
    name = f"{spec.code}_{'faker' if generator == 'faker' else 'mimesis'}"
    return MLTable(
        name, spec.code, source, "unhelpful" if unhelpful else "local", frame, labels, {header_of[f]: f for f in fields}
    )


def tables(rows: int = ROWS, seed: int = SEED, locales: tuple[str, ...] | None = None) -> list[MLTable]:
    """Two tables per locale (Faker, mimesis); the unhelpful headers alternate between them by locale."""
    out = []
    for n, spec in enumerate(LOCALES):
        if locales is not None and spec.code not in locales:
            continue
        for generator in ("faker", "mimesis"):
            unhelpful = (generator == "faker") == (n % 2 == 1)
            out.append(build_table(spec, generator, unhelpful, rows, seed + 1000 * n + (generator == "mimesis")))
    return out
