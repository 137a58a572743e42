"""Synthetic, near-unique people records for the Spark benchmark, built with vectorised numpy and Arrow code.

Row ``i`` depends only on the seed and ``i`` (rows are drawn in fixed chunks of :data:`CHUNK`, each from its own
random generator), so a 200,000-row folder is the first rows of the 10,000,000-row one and a seeded row can be
found again without a second copy of the data. Every value has a valid format: US phone numbers that
``phonenumbers`` accepts, 16-digit card numbers with a Luhn check digit, ISO birth dates, 5-digit postal codes;
``note`` is free text holding another name and an e-mail address.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

CHUNK = 250_000
VERSION = 1  # bump when a column changes, so a stale folder is rebuilt

# common US given names and surnames (census frequency lists), written out here so the benchmark does not take
# its names from the package's own gazetteer
FIRST = (
    "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph "
    "Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Betty Mark Margaret Steven Sandra Paul "
    "Ashley Andrew Kimberly Joshua Emily Kenneth Donna Kevin Michelle"
).split()
LAST = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson "
    "Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis "
    "Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores"
).split()
AREA_CODES = [201, 202, 206, 212, 213, 303, 305, 312, 404, 415, 503, 512, 602, 612, 617, 702, 713, 808, 917, 919]
DOMAINS = ["example.com", "mail.test", "corp.example.org", "inbox.test"]
SEEDED_POSITIONS = (0, 1, 4_242, CHUNK - 1)  # positions inside a chunk whose raw values the checks look for
CHECKED = ("name", "email", "phone", "card", "birth_date", "zip")


def luhn_check_digits(payload: np.ndarray) -> np.ndarray:
    """The Luhn check digit of each row of ``payload`` (an ``n x width`` array of digits 0-9)."""
    doubled = payload[:, ::-1].astype(np.int16)
    doubled[:, 0::2] *= 2  # the digit next to the check digit is doubled, then every second one
    doubled[doubled > 9] -= 9
    return ((10 - doubled.sum(axis=1) % 10) % 10).astype(np.int8)


def luhn_valid(number: str) -> bool:
    """Whether a string of digits passes the Luhn check (used by the generator's test)."""
    digits = [int(c) for c in reversed(number)]
    total = sum(d if i % 2 == 0 else (2 * d - 9 if d > 4 else 2 * d) for i, d in enumerate(digits))
    return total % 10 == 0


def _digit_strings(digits: np.ndarray) -> pa.Array:
    width = digits.shape[1]
    ascii_bytes = np.ascontiguousarray((digits + ord("0")).astype(np.uint8))
    return pa.array(ascii_bytes.view(f"S{width}").ravel()).cast(pa.string())


def _pick(rng: np.random.Generator, values: Sequence[str], n: int) -> pa.Array:
    return pa.array(values).take(pa.array(rng.integers(0, len(values), n)))


def _text(values: Any) -> pa.Array:
    return pc.cast(pa.array(values), pa.string())


@functools.lru_cache(maxsize=2)  # Arrow tables are immutable; the last two chunks are reused by the seeded checks
def chunk(index: int, seed: int = 7) -> pa.Table:
    """Rows ``index * CHUNK`` to ``(index + 1) * CHUNK - 1``."""
    n = CHUNK
    rng = np.random.default_rng([seed, index])
    ids = np.arange(index * CHUNK, (index + 1) * CHUNK, dtype=np.int64)
    first, last = _pick(rng, FIRST, n), _pick(rng, LAST, n)
    domain = _pick(rng, DOMAINS, n)
    # the row number makes every e-mail address unique
    email = pc.binary_join_element_wise(pc.utf8_lower(first), ".", pc.utf8_lower(last), _text(ids), "@", domain, "")
    area = _text(np.asarray(AREA_CODES)[rng.integers(0, len(AREA_CODES), n)])
    exchange = _text(rng.integers(200, 1000, n))  # NXX: a US exchange never starts with 0 or 1
    line = pc.utf8_lpad(_text(rng.integers(0, 10_000, n)), 4, "0")
    phone = pc.binary_join_element_wise("(", area, ") ", exchange, "-", line, "")
    payload = rng.integers(0, 10, size=(n, 15), dtype=np.int8)
    payload[:, 0] = 4  # a Visa prefix
    card = _digit_strings(np.concatenate([payload, luhn_check_digits(payload)[:, None]], axis=1))
    lo, hi = np.datetime64("1940-01-01").astype(np.int64), np.datetime64("2005-12-31").astype(np.int64)
    birth = pa.array(rng.integers(lo, hi, n).astype("datetime64[D]")).cast(pa.string())
    postal = pc.utf8_lpad(_text(rng.integers(1_001, 99_951, n)), 5, "0")
    gender = pa.array(np.asarray(["F", "M"])[rng.integers(0, 2, n)])
    other_first, other_last = _pick(rng, FIRST, n), _pick(rng, LAST, n)
    other_email = pc.binary_join_element_wise(
        pc.utf8_lower(other_first), "_", pc.utf8_lower(other_last), _text(ids), "@example.net", ""
    )
    note = pc.binary_join_element_wise(
        "Spoke with ", other_first, " ", other_last, " about the order; follow up at ", other_email, ".", ""
    )
    amount = pa.array(np.round(rng.uniform(1, 500, n), 2))
    return pa.table(
        {
            "person_id": ids,
            "name": pc.binary_join_element_wise(first, last, " "),
            "email": email,
            "phone": phone,
            "card": card,
            "birth_date": birth,
            "zip": postal,
            "gender": gender,
            "note": note,
            "amount": amount,
        }
    )


def people(rows: int, seed: int = 7) -> pa.Table:
    """The first ``rows`` rows, in memory (for tests and small runs)."""
    parts = [chunk(i, seed) for i in range(-(-rows // CHUNK))]
    return pa.concat_tables(parts).slice(0, rows) if parts else chunk(0, seed).slice(0, 0)


def write_folder(root: Path, rows: int, seed: int = 7) -> tuple[Path, bool]:
    """Write ``rows`` rows as Parquet part files (one per chunk) under ``root``, or reuse them.

    Returns the folder and whether it was written now. A folder is reused when its ``_privguard.json`` names the
    same rows, seed, chunk size and generator version.
    """
    folder = root / f"people-{rows}-seed{seed}"
    meta = {"rows": rows, "seed": seed, "chunk": CHUNK, "version": VERSION}
    stamp = folder / "_privguard.json"
    if stamp.exists() and json.loads(stamp.read_text()) == meta:
        return folder, False
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("part-*.parquet"):
        old.unlink()
    for i in range(-(-rows // CHUNK)):
        table = chunk(i, seed).slice(0, rows - i * CHUNK)
        pq.write_table(table, folder / f"part-{i:05d}.parquet")
    stamp.write_text(json.dumps(meta))
    return folder, True


def part_files(folder: Path, rows: int) -> list[str]:
    """The part files that hold the first ``rows`` rows (whole chunks; ``rows`` is rounded up to one)."""
    files = sorted(folder.glob("part-*.parquet"))
    return [str(f) for f in files[: max(1, -(-rows // CHUNK))]]


def seeded_values(rows: int, seed: int = 7) -> list[str]:
    """Raw values of a few rows of the first and last chunk, which no protected output may contain."""
    values: list[str] = []
    for index in sorted({0, (rows - 1) // CHUNK}):
        table = chunk(index, seed)
        for pos in SEEDED_POSITIONS:
            if index * CHUNK + pos >= rows:
                continue
            row = table.slice(pos, 1).to_pylist()[0]
            values.extend(str(row[c]) for c in CHECKED)
            # the note's name and address
            note = str(row["note"])
            values.append(note.split("Spoke with ", 1)[1].split(" about", 1)[0])
            values.append(note.rsplit(" ", 1)[1].rstrip("."))
    return sorted(set(values))


# ----------------------------------------------------------------------------------------------------------------
# the speed benchmark's frame: 20 columns, every personal value (near) distinct, names from several locales
# ----------------------------------------------------------------------------------------------------------------
# mimesis' data sets (the package's own gazetteer is built from Faker's: the names here come from elsewhere)
SPEED_LOCALES = ("en", "de", "fr", "es", "it", "nl")
SPEED_LOCALE_WEIGHTS = (0.5, 0.1, 0.1, 0.1, 0.1, 0.1)
SPEED_CHUNK = 10_000
#: the columns holding personal data (every value distinct but ``birth_date``, ``city`` and ``zip``, whose
#: domains are small: 24,000 birth days, a few thousand cities and postal codes)
SPEED_PERSONAL = ("name", "email", "phone", "ssn", "card", "iban", "ip", "street", "birth_date", "zip", "city")
#: the eight direct identifiers the full-redaction row uses
SPEED_DIRECT = ("name", "email", "phone", "ssn", "card", "iban", "ip", "street")
#: non-personal columns whose values must stay visible
SPEED_UTILITY = ("order_id", "sku", "product")
# area codes in service (NANP), so that ``phonenumbers`` accepts the numbers
SPEED_AREA_CODES = (
    "201 202 203 205 206 207 208 209 210 212 213 214 215 216 217 218 219 224 225 228 229 231 234 239 240 248 251 "
    "252 253 254 256 260 262 267 269 270 276 281 301 302 303 304 305 307 308 309 310 312 313 314 315 316 317 318 "
    "319 320 321 323 325 330 334 336 337 339 347 351 352 360 361 385 386 401 402 404 405 406 407 408 409 410 412 "
    "413 414 415 417 419 423 424 425 430 432 434 435 440 443 469 478 479 480 484 501 502 503 504 505 507 508 509 "
    "510 512 513 515 516 517 518 520 530 540 541 551 559 561 562 563 567 570 571 573 574 575 580 585 586 601 602 "
    "603 605 606 607 608 609 610 612 614 615 616 617 618 619 620 623 626 630 631 636 641 646 650 651 660 661 662 "
    "678 682 701 702 703 704 706 707 708 712 713 714 715 716 717 718 719 720 724 727 731 732 734 740 754 757 760 "
    "763 765 770 772 773 774 775 781 785 786 801 802 803 804 805 806 808 810 812 813 814 815 816 817 818 828 830 "
    "831 832 843 845 847 848 850 856 857 858 859 860 862 863 864 865 870 872 878 901 903 904 906 907 908 909 910 "
    "912 913 914 915 916 917 918 919 920 925 928 931 936 937 940 941 947 949 951 952 954 956 970 971 972 973 978 "
    "979 980 985 989"
).split()
EMAIL_DOMAINS = (
    "gmail.com yahoo.com outlook.com hotmail.com icloud.com web.de gmx.de orange.fr free.fr libero.it "
    "telefonica.es ziggo.nl example.com mail.example.org"
).split()
STATUSES = ("open", "paid", "shipped", "delivered", "returned", "cancelled")
# invented product words: values that must stay visible, a few shaped like names or places on purpose
PRODUCT_HEADS = "Brightfen Nordvik Lumora Quessel Tavrin Kestwood Marlow Velacci Sorrento Halden Brixby Ondine".split()
PRODUCT_KINDS = (
    "Wind Chime|Desk Lamp|Kettle|Backpack|Phone Case|Yoga Mat|Blender|Headphones|Travel Mug|Garden Hose|"
    "Card Holder|Street Map|Name Tag|Pillow"
).split("|")
COMMENTS_PLAIN = (
    "Left at the front door.",
    "Item damaged in transit, refund issued.",
    "Customer asked for gift wrapping.",
    "Delivery window moved to the afternoon.",
    "Wrong size, exchange requested.",
    "Great value, would buy again.",
    "",
)
COMMENTS_WITH_NAME = (
    ("Spoke with ", " about the late parcel."),
    ("Parcel handed to ", " next door."),
    ("Call back ", " on Tuesday after 3pm."),
    ("Gift for ", ", include a card."),
)


@functools.lru_cache(maxsize=1)
def _mimesis_data() -> dict[str, Any]:
    """Given names, surnames, streets and cities per locale, read from the installed mimesis data sets."""
    import mimesis

    root = Path(mimesis.__file__).parent / "datasets"
    out: dict[str, Any] = {}
    for loc in SPEED_LOCALES:
        person = json.loads((root / loc / "person.json").read_text(encoding="utf-8"))
        address = json.loads((root / loc / "address.json").read_text(encoding="utf-8"))
        given = sorted(set(person["names"]["female"]) | set(person["names"]["male"]))
        surnames = person["surnames"]
        surnames = sorted(set(surnames if isinstance(surnames, list) else sum(surnames.values(), [])))
        out[loc] = {
            "given": given,
            "surname": surnames,
            "street": sorted(set(address["street"]["name"])),
            "suffix": sorted(set(address["street"].get("suffix") or [""])),
            "city": sorted(set(address["city"])),
        }
    return out


@functools.lru_cache(maxsize=8)
def _locale_lists(field: str) -> tuple[pa.Array, np.ndarray, np.ndarray]:
    """Every locale's ``field`` list in one Arrow array, with each list's offset and size."""
    data = _mimesis_data()
    lists = [data[loc][field] for loc in SPEED_LOCALES]
    sizes = np.asarray([len(v) for v in lists])
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    return pa.array([v for values in lists for v in values], pa.string()), offsets, sizes


@functools.lru_cache(maxsize=1)
def _hex_groups() -> pa.Array:
    return pa.array([f"{i:x}" for i in range(65_536)])


def _pick_by_locale(rng: np.random.Generator, locale: np.ndarray, field: str) -> pa.Array:
    """One value of ``field`` per row, from the row's locale's list (one ``take`` over all lists)."""
    flat, offsets, sizes = _locale_lists(field)
    index = offsets[locale] + (rng.random(locale.size) * sizes[locale]).astype(np.int64)
    return flat.take(pa.array(index))


def _ascii_word(values: pa.Array) -> pa.Array:
    """Lower case, accents folded, letters only: the part of a name an e-mail address is made of."""
    folded = pc.utf8_normalize(pc.utf8_lower(values), "NFKD")
    return pc.replace_substring_regex(folded, r"[^a-z]", "")


def _where(mask: np.ndarray, yes: Any, no: Any) -> pa.Array:
    return pc.if_else(pa.array(mask), yes, no)


def _choose(index: np.ndarray, *values: Any) -> pa.Array:
    return pc.choose(pa.array(index.astype(np.int8)), *values)


def iban_check_digits(country: str, bban: np.ndarray) -> np.ndarray:
    """ISO 13616 check digits for each row of ``bban`` (an ``n x width`` array of ASCII codes: digits, A-Z).

    The remainder mod 97 of BBAN + country + ``00`` (letters as 10-35) is carried column by column, so a
    million IBANs cost a few dozen numpy operations.
    """
    tail = np.frombuffer((country + "00").encode(), dtype=np.uint8)
    codes = np.concatenate([bban, np.broadcast_to(tail, (bban.shape[0], tail.size))], axis=1).astype(np.int64)
    remainder = np.zeros(bban.shape[0], dtype=np.int64)
    for column in codes.T:
        letter = column >= ord("A")
        remainder = np.where(letter, remainder * 100 + column - 55, remainder * 10 + column - 48) % 97
    return 98 - remainder


def iban_valid(iban: str) -> bool:
    """Whether ``iban`` (spaces allowed) passes the ISO 13616 mod-97 check (used by the generator's test)."""
    text = iban.replace(" ", "")
    moved = text[4:] + text[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def _ibans(rng: np.random.Generator, n: int) -> pa.Array:
    def digits(width: int) -> np.ndarray:
        return rng.integers(0, 10, size=(n, width), dtype=np.int64) + ord("0")

    def letters(width: int) -> np.ndarray:
        return rng.integers(0, 26, size=(n, width), dtype=np.int64) + ord("A")

    shapes = {"DE": [digits(18)], "GB": [letters(4), digits(14)], "NL": [letters(4), digits(10)]}
    out = []
    for country, parts in shapes.items():
        bban = np.concatenate(parts, axis=1)
        check = iban_check_digits(country, bban)
        text = pa.array(np.ascontiguousarray(bban.astype(np.uint8)).view(f"S{bban.shape[1]}").ravel()).cast(pa.string())
        out.append(pc.binary_join_element_wise(country, pc.utf8_lpad(_text(check), 2, "0"), text, ""))
    iban = _choose(rng.integers(0, 3, n), *out)
    # written in groups of four about a third of the time, as on a statement
    grouped = pc.utf8_rtrim_whitespace(pc.replace_substring_regex(iban, r"(.{4})", r"\1 "))
    return _where(rng.random(n) < 0.35, grouped, iban)


def _phones(rng: np.random.Generator, n: int) -> pa.Array:
    area = pa.array(SPEED_AREA_CODES).take(pa.array(rng.integers(0, len(SPEED_AREA_CODES), n)))
    exchange = _text(rng.integers(200, 1000, n))
    line = pc.utf8_lpad(_text(rng.integers(0, 10_000, n)), 4, "0")
    forms = [
        pc.binary_join_element_wise("(", area, ") ", exchange, "-", line, ""),
        pc.binary_join_element_wise(area, exchange, line, "-"),
        pc.binary_join_element_wise(area, exchange, line, "."),
        pc.binary_join_element_wise("+1", area, exchange, line, " "),
        pc.binary_join_element_wise("+1-", area, "-", exchange, "-", line, ""),
    ]
    return _choose(rng.integers(0, len(forms), n), *forms)


def _cards(rng: np.random.Generator, n: int) -> pa.Array:
    payload = rng.integers(0, 10, size=(n, 15), dtype=np.int8)
    mastercard = rng.random(n) < 0.4
    payload[:, 0] = np.where(mastercard, 5, 4)
    payload[:, 1] = np.where(mastercard, rng.integers(1, 6, n), payload[:, 1])  # 51-55
    plain = _digit_strings(np.concatenate([payload, luhn_check_digits(payload)[:, None]], axis=1))
    spaced = pc.utf8_rtrim_whitespace(pc.replace_substring_regex(plain, r"(\d{4})", r"\1 "))
    dashed = pc.replace_substring(spaced, " ", "-")
    return _choose(rng.choice(3, n, p=[0.6, 0.3, 0.1]), plain, spaced, dashed)


def _ips(rng: np.random.Generator, n: int) -> pa.Array:
    first = rng.integers(1, 224, n)
    private = np.isin(first, [10, 100, 127, 169, 172, 192, 198])
    first = np.where(private, first + 1, first)  # 11, 101, ...: public ranges
    octets = [_text(first), _text(rng.integers(0, 256, n)), _text(rng.integers(0, 256, n))]
    v4 = pc.binary_join_element_wise(*octets, _text(rng.integers(1, 255, n)), ".")
    groups = _hex_groups()
    v6 = pc.binary_join_element_wise(
        "2001",
        groups.take(pa.array(rng.integers(0x2400, 0x2A00, n))),
        *[groups.take(pa.array(rng.integers(0, 65_536, n))) for _ in range(6)],
        ":",
    )
    return _where(rng.random(n) < 0.15, v6, v4)


def _streets(rng: np.random.Generator, locale: np.ndarray) -> pa.Array:
    n = locale.size
    name, suffix = _pick_by_locale(rng, locale, "street"), _pick_by_locale(rng, locale, "suffix")
    number = _text(rng.integers(1, 2_000, n))
    forms = {
        "en": pc.binary_join_element_wise(number, name, suffix, " "),
        "de": pc.binary_join_element_wise(name, number, " "),
        "fr": pc.binary_join_element_wise(number, suffix, name, " "),
        "es": pc.binary_join_element_wise(suffix, " ", name, ", ", number, ""),
        "it": pc.binary_join_element_wise(suffix, name, number, " "),
        "nl": pc.binary_join_element_wise(name, number, " "),
    }
    return _choose(locale, *[forms[loc] for loc in SPEED_LOCALES])


def _names(rng: np.random.Generator, locale: np.ndarray) -> tuple[pa.Array, pa.Array, pa.Array]:
    """``(full name, given name, surname)``: a middle name or an initial for most, so names hardly repeat."""
    n = locale.size
    given, middle, surname = (_pick_by_locale(rng, locale, f) for f in ("given", "given", "surname"))
    initial = pc.utf8_slice_codeunits(_pick_by_locale(rng, locale, "given"), 0, 1)
    kind = rng.choice(3, n, p=[0.45, 0.4, 0.15])  # middle name, initial, neither
    full = _choose(
        kind,
        pc.binary_join_element_wise(given, middle, surname, " "),
        pc.binary_join_element_wise(given, " ", initial, ". ", surname, ""),
        pc.binary_join_element_wise(given, surname, " "),
    )
    return full, given, surname


def speed_chunk(index: int, seed: int = 11) -> pa.Table:
    """Rows ``index * SPEED_CHUNK`` to ``(index + 1) * SPEED_CHUNK - 1`` of the speed benchmark's frame."""
    n = SPEED_CHUNK
    rng = np.random.default_rng([seed, index, 12])
    ids = np.arange(index * n, (index + 1) * n, dtype=np.int64)
    locale = rng.choice(len(SPEED_LOCALES), n, p=SPEED_LOCALE_WEIGHTS)
    name, given, surname = _names(rng, locale)
    g, s = _ascii_word(given), _ascii_word(surname)
    local = _choose(
        rng.integers(0, 3, n),
        pc.binary_join_element_wise(g, ".", s, _text(ids), ""),
        pc.binary_join_element_wise(pc.utf8_slice_codeunits(g, 0, 1), s, _text(ids), ""),
        pc.binary_join_element_wise(s, "_", g, _text(ids), ""),
    )
    domain = pa.array(EMAIL_DOMAINS).take(pa.array(rng.integers(0, len(EMAIL_DOMAINS), n)))
    email = pc.binary_join_element_wise(local, domain, "@")
    area = rng.integers(1, 900, n)
    area = np.where(area == 666, 665, area)
    ssn_parts = [
        pc.utf8_lpad(_text(area), 3, "0"),
        pc.utf8_lpad(_text(rng.integers(1, 100, n)), 2, "0"),
        pc.utf8_lpad(_text(rng.integers(1, 10_000, n)), 4, "0"),
    ]
    ssn = _where(
        rng.random(n) < 0.9, pc.binary_join_element_wise(*ssn_parts, "-"), pc.binary_join_element_wise(*ssn_parts, " ")
    )
    lo, hi = np.datetime64("1940-01-01").astype(np.int64), np.datetime64("2005-12-31").astype(np.int64)
    birth = pa.array(rng.integers(lo, hi, n).astype("datetime64[D]")).cast(pa.string())
    digits5 = pc.utf8_lpad(_text(rng.integers(1_001, 99_951, n)), 5, "0")
    dutch = pc.binary_join_element_wise(
        _text(rng.integers(1_000, 10_000, n)),
        pc.binary_join_element_wise(
            *[pa.array(np.asarray(list("ABCDEGHJKLMNPRTVWXZ"))[rng.integers(0, 19, n)]) for _ in range(2)], ""
        ),
        " ",
    )
    postal = _where(locale == SPEED_LOCALES.index("nl"), dutch, digits5)
    other_full, _, _ = _names(rng, rng.choice(len(SPEED_LOCALES), n, p=SPEED_LOCALE_WEIGHTS))
    template = rng.integers(0, len(COMMENTS_WITH_NAME), n)
    with_name = _choose(
        template,
        *[pc.binary_join_element_wise(pre, other_full, post, "") for pre, post in COMMENTS_WITH_NAME],
    )
    plain = pa.array(list(COMMENTS_PLAIN)).take(pa.array(rng.integers(0, len(COMMENTS_PLAIN), n)))
    comment = _where(rng.random(n) < 0.4, with_name, plain)
    created = np.datetime64("2024-01-01T00:00:00").astype(np.int64) + rng.integers(0, 2 * 365 * 86_400, n)
    product = pc.binary_join_element_wise(
        pa.array(PRODUCT_HEADS).take(pa.array(rng.integers(0, len(PRODUCT_HEADS), n))),
        pa.array(PRODUCT_KINDS).take(pa.array(rng.integers(0, len(PRODUCT_KINDS), n))),
        pc.binary_join_element_wise(
            pa.array(np.asarray(list("ABCDEFGHKLMRSTX"))[rng.integers(0, 15, n)]), _text(rng.integers(10, 100, n)), ""
        ),
        " ",
    )
    return pa.table(
        {
            "customer_id": ids + 100_000,
            "name": name,
            "email": email,
            "phone": _phones(rng, n),
            "ssn": ssn,
            "card": _cards(rng, n),
            "iban": _ibans(rng, n),
            "ip": _ips(rng, n),
            "street": _streets(rng, locale),
            "city": _pick_by_locale(rng, locale, "city"),
            "zip": postal,
            "birth_date": birth,
            "order_id": pc.binary_join_element_wise("ORD", pc.utf8_lpad(_text(ids * 7 + 3_000_000), 9, "0"), "-"),
            "sku": pc.binary_join_element_wise("SKU", _text(rng.integers(10_000, 100_000, n)), "-"),
            "product": product,
            "status": pa.array(np.asarray(STATUSES)[rng.integers(0, len(STATUSES), n)]),
            "amount": pa.array(np.round(rng.uniform(1, 2_500, n), 2)),
            "quantity": pa.array(rng.integers(1, 20, n)),
            "created_at": pa.array(created.astype("datetime64[s]")).cast(pa.string()),
            "comment": comment,
        }
    )


def speed_people(rows: int, seed: int = 11) -> pa.Table:
    """The first ``rows`` rows of the speed benchmark's frame, as an Arrow table."""
    parts = [speed_chunk(i, seed) for i in range(max(1, -(-rows // SPEED_CHUNK)))]
    return pa.concat_tables(parts).slice(0, rows)


def speed_frame(rows: int, seed: int = 11) -> Any:
    """The speed benchmark's frame as pandas would load it: ``str`` (Arrow-backed) text, numeric numbers."""
    import pandas as pd

    table = speed_people(rows, seed)
    return pd.DataFrame(
        {
            name: pd.array(column.combine_chunks(), dtype="str")
            if pa.types.is_string(column.type)
            else column.to_numpy()
            for name, column in zip(table.column_names, table.columns)
        }
    )
