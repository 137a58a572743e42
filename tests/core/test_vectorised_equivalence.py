"""The vectorised redaction path gives exactly the per-value path's cells, on generated data of every shape.

Both paths run over the same columns (Faker and mimesis values from many locales, near-unique, with missing values
of every kind, numbers, bytes, emoji, combining marks, Unicode digits and whitespace, very long strings, nested
cells and mixed types), in every dtype a column comes in, for every built-in action and a spread of policies, and
the results are compared cell by cell, dtype included. The per-value path is the reference
(``jupyter_privguard.vectorised.per_value``).
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import random
import sys
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pytest

pa = pytest.importorskip("pyarrow")

from jupyter_privguard import vectorised  # noqa: E402
from jupyter_privguard.kernels import PY_WHITESPACE  # noqa: E402
from jupyter_privguard.policy import Policy  # noqa: E402
from jupyter_privguard.redaction import redact_series  # noqa: E402
from jupyter_privguard.vectorised import per_value  # noqa: E402

ACTIONS = ("redact", "mask", "hash", "pseudonymize", "generalize", "drop")
# one entity per rule the operators branch on: mask style, pseudonym form, dates, postal codes, ages, the rest
ENTITIES = (
    "EMAIL_ADDRESS",  # mask "email", pseudonym "casefold"
    "CREDIT_CARD",  # mask "tail", pseudonym "compact"
    "PHONE_NUMBER",
    "PERSON",  # mask "all", pseudonym "text"
    "DATE_OF_BIRTH",  # generalize keeps the year
    "POSTAL_CODE",
    "AGE",
    "MAC_ADDRESS",  # pseudonym "compact", mask "all"
)
POLICIES = (
    Policy(key="equivalence-key-1", ner="off"),
    Policy(key="k" * 80, ner="off", mask_keep=7, zip_digits=0, age_band=1),  # a key longer than SHA-256's block
    Policy(key="schlüssel-ключ-鍵", ner="off", mask_keep=0, zip_digits=5, age_band=7),
)
FAKER_LOCALES = ("en_US", "de_DE", "fr_FR", "tr_TR", "el_GR", "ru_RU", "ja_JP", "ar_EG", "hi_IN", "zh_CN", "vi_VN")
MIMESIS_LOCALES = ("en", "de", "tr", "el", "ru", "ja", "ar-eg", "ko", "fa", "uk")
ROWS = 1200  # above vectorised.SMALL_COLUMN, so the vectorised path answers


# ---------------------------------------------------------------------------------------------
# generated values
# ---------------------------------------------------------------------------------------------
@functools.cache
def _faker(locale: str) -> Any:
    from faker import Faker

    return Faker(locale)


def _faker_values(rng: random.Random, n: int) -> list[str]:
    fakers = [_faker(locale) for locale in FAKER_LOCALES]
    for fake in fakers:
        fake.seed_instance(rng.randrange(10**9))
    out: list[str] = []
    kinds = ("name", "email", "phone_number", "address", "postcode", "date", "iban", "credit_card_number", "ssn")
    for i in range(n):
        fake = fakers[i % len(fakers)]
        kind = kinds[rng.randrange(len(kinds))]
        try:
            out.append(str(getattr(fake, kind)()))
        except AttributeError:
            out.append(fake.name())
    return out


def _mimesis_values(rng: random.Random, n: int) -> list[str]:
    from mimesis import Address, Datetime, Payment, Person
    from mimesis.locales import Locale

    makers = []
    for name in MIMESIS_LOCALES:
        locale, seed = Locale(name), rng.randrange(10**9)
        person, address, when = Person(locale, seed=seed), Address(locale, seed=seed), Datetime(locale, seed=seed)
        makers.append(
            (
                person.full_name,
                person.email,
                person.phone_number,
                address.address,
                address.postal_code,
                lambda when=when: str(when.date()),
                when.formatted_date,
                lambda: str(rng.randrange(120)),
                Payment(seed=seed).credit_card_number,
            )
        )
    out: list[str] = []
    for i in range(n):
        choices = makers[i % len(makers)]
        out.append(str(choices[rng.randrange(len(choices))]()))
    return out


def _odd_texts(rng: random.Random) -> list[str]:
    """Texts where Arrow and Python could part: whitespace, case folding, digits, separators, lengths."""
    ws = PY_WHITESPACE
    return [
        "",
        " ",
        ws,
        f"{ws[5]}jane.doe@example.com{ws[-1]}",  # \x1c and \u3000 are whitespace to Python
        "a@b@c",
        "@example.com",
        "local@",
        "x@@y",
        "two\nlines@exa\nmple.org",
        "STRASSE Straße straße",
        "İstanbul ıi IJ ǅ ﬁ",
        "Σίσυφος ΣΊΣΥΦΟΣ",
        "4111\u00a01111\u20091111\u30001111",
        "e\u0301mile\u0301 zoe\u0308",  # combining marks
        "👩‍👩‍👧‍👦 family 🇩🇪 ✉️ mail@😀.example",
        "١٩٩٠-٠١-٠٢",  # Arabic-Indic digits: a date to Python's \d
        "٣/٤/٨٧",  # a short date to Python, whose int() reads these digits
        "19٩٠-01-01",  # a year to Python's 1[89]\d\d
        "٣1999-01-01",  # not a year to Python: a digit before it
        "1999٣",  # nor here: a digit after it
        "１９８７年３月",  # fullwidth digits
        "born 1987-03-04, moved 2001",
        "19870304",
        "04031987",
        "3/4/87",
        "12.11.05",
        "31-12-99",
        "21/09/2099",
        "age ٤٢",
        "42,5 years",
        "0042.75",
        "131",
        "-5",
        "1" + "0" * 400,
        "SW1A 1AA",
        "75-008",
        "12",
        "A",
        "x" * 10_000,
        "\t" * 3 + "tabbed\tinside" + "\r\n",
        "\x1c\x1d\x1e\x1fseparators\x1f",
        "\x85\xa0nbsp\u2028line\u2029para",
        "NUL\x00inside",
        "\ufeffbom",
        "🙂" * 40,
        "00:1A:2b:3C:4d:5E",
        "DE89 3704 0044 0532 0130 00",
    ]


def _others(rng: random.Random) -> list[Any]:
    """Cells that are not text: what an object column may also hold."""
    return [
        None,
        np.nan,
        pd.NA,
        pd.NaT,
        0,
        -7,
        4155550123,
        12345678901234567890,
        3.0,
        4155550123.0,
        -0.0,
        2.5e-7,
        1e20,
        float("inf"),
        np.float32(0.1),
        np.int64(42),
        True,
        np.bool_(False),
        b"bytes@example.com",
        b"\xff\xfe not utf-8",
        bytearray(b"array"),
        decimal.Decimal("12.50"),
        dt.date(1987, 3, 4),
        dt.datetime(2001, 2, 3, 4, 5, 6),
        pd.Timestamp("1999-12-31"),
        pd.Timestamp("2020-01-01 10:00", tz="UTC"),
        ["a", "list"],
        {"email": "nested@example.com"},
        ("tuple", 1),
        {1, 2},
        np.array([1, 2, 3]),
    ]


def text_values(seed: int, n: int = ROWS, *, missing: bool = True) -> list[Any]:
    """Near-unique texts from both generators and the odd texts, with missing values scattered."""
    return list(_text_values(seed, n, missing))


@functools.lru_cache(maxsize=64)
def _text_values(seed: int, n: int, missing: bool) -> tuple[Any, ...]:
    rng = random.Random(seed)
    half = n // 2
    values: list[Any] = _faker_values(rng, half) + _mimesis_values(rng, n - half)
    odd = _odd_texts(rng)
    for text in odd:
        values[rng.randrange(n)] = text
    if missing:
        for gone in (None, np.nan, None, np.nan):
            for _ in range(n // 50):
                values[rng.randrange(n)] = gone
    return tuple(values)


def mixed_values(seed: int, n: int = ROWS) -> list[Any]:
    """An object column of texts mixed with every other kind of cell."""
    rng = random.Random(seed)
    values = text_values(seed, n)
    for other in _others(rng):
        for _ in range(3):
            values[rng.randrange(n)] = other
    return values


def text_columns(seed: int) -> Iterator[tuple[str, pd.Series]]:
    """The same texts in every dtype a text column comes in."""
    values = text_values(seed)
    strings = [v if isinstance(v, str) else None for v in values]
    yield "object", pd.Series(values, dtype=object)
    yield "str", pd.Series(strings, dtype="str")
    yield "string[python]", pd.Series(strings, dtype="string[python]")
    yield "string[pyarrow]", pd.Series(strings, dtype="string[pyarrow]")
    yield "category", pd.Series(strings, dtype="category")


def other_columns(seed: int) -> Iterator[tuple[str, pd.Series]]:
    rng = np.random.default_rng(seed)
    n = ROWS
    yield "mixed object", pd.Series(mixed_values(seed), dtype=object)
    yield "bytes", pd.Series([v.encode("utf-8") if isinstance(v, str) else v for v in text_values(seed)], dtype=object)
    ints = rng.integers(10**9, 10**10, n)
    yield "int64", pd.Series(ints)
    floats = ints.astype(float)
    floats[rng.integers(0, n, n // 20)] = np.nan
    floats[rng.integers(0, n, n // 20)] = rng.uniform(0, 130, n // 20)
    yield "float64", pd.Series(floats)
    yield "float32", pd.Series(rng.uniform(0, 120, n).astype(np.float32))
    yield "Int64", pd.Series(pd.array([None if i % 17 == 0 else int(v) for i, v in enumerate(ints)], dtype="Int64"))
    days = rng.integers(-20_000, 20_000, n).astype("datetime64[D]")
    yield "datetime64", pd.Series(days).where(rng.random(n) > 0.05)
    yield "datetime64 with times", pd.Series(days.astype("datetime64[s]") + rng.integers(0, 86_400, n))
    stamps = days.astype("datetime64[us]") + rng.integers(0, 86_400_000_000, n)
    stamps[::7] = days[::7].astype("datetime64[us]")  # some at midnight, some on the second, most with fractions
    stamps[1::7] = stamps[1::7].astype("datetime64[s]")
    yield "datetime64[us] with fractions", pd.Series(stamps)
    yield (
        "datetime64 before the year 1000",
        pd.Series(np.array(["0500-01-01", "1999-05-06"] * (n // 2), "datetime64[s]")),
    )
    yield (
        "datetime64 with a time zone",
        pd.Series(pd.DatetimeIndex(stamps[:n]).tz_localize("UTC").tz_convert("Europe/Paris")),
    )
    yield "uint64", pd.Series(rng.integers(0, 2**63, n, dtype=np.uint64) * np.uint64(2))
    yield "int32", pd.Series(rng.integers(-(2**31), 2**31 - 1, n).astype(np.int32))
    big = np.array([2.0**63, 2.0**63 - 1024, 9.9e18, -(2.0**63), 1e19, 1.5, -0.0, 1e300], dtype=np.float64)
    yield "floats near int64's edge", pd.Series(np.tile(big, n // len(big)))
    yield "bool", pd.Series(rng.random(n) > 0.5)
    yield "category of ints", pd.Series(rng.integers(0, 99_999, n)).astype("category")
    yield "surrogates", pd.Series(["\ud800 lone", "ok@example.com", None] * (n // 3), dtype=object)


# ---------------------------------------------------------------------------------------------
# the comparison
# ---------------------------------------------------------------------------------------------
def both(values: pd.Series, entity: str, action: str, policy: Policy) -> tuple[pd.Series, pd.Series]:
    fast = redact_series(values, entity, action, policy)
    with per_value():
        reference = redact_series(values, entity, action, policy)
    return fast, reference


def assert_same(fast: pd.Series, reference: pd.Series, label: str) -> None:
    assert fast.dtype == reference.dtype, label
    assert fast.index.equals(reference.index) and fast.name == reference.name, label
    got, want = fast.tolist(), reference.tolist()
    assert len(got) == len(want), label
    for row, (a, b) in enumerate(zip(got, want)):
        if isinstance(b, str):
            assert isinstance(a, str) and a == b, f"{label}: row {row} differs"
        else:
            assert pd.isna(a) and pd.isna(b), f"{label}: row {row}: missing differs"
    pd.testing.assert_series_equal(fast, reference, check_exact=True)


@pytest.mark.parametrize("entity", ENTITIES)
@pytest.mark.parametrize("seed", [1, 2])
def test_text_columns_in_every_dtype(entity: str, seed: int) -> None:
    for dtype_label, column in text_columns(seed * 100 + ENTITIES.index(entity)):
        for action in ACTIONS:
            for number, policy in enumerate(POLICIES):
                fast, reference = both(column, entity, action, policy)
                assert_same(fast, reference, f"{entity} {action} {dtype_label} policy {number}")


@pytest.mark.parametrize("entity", ENTITIES)
def test_other_columns(entity: str) -> None:
    for dtype_label, column in other_columns(7 + ENTITIES.index(entity)):
        for action in ACTIONS:
            fast, reference = both(column, entity, action, POLICIES[0])
            assert_same(fast, reference, f"{entity} {action} {dtype_label}")


@pytest.mark.parametrize("action", ACTIONS)
def test_allowed_values_and_patterns(action: str) -> None:
    values = text_values(11)
    present = [v for v in values if isinstance(v, str) and v.strip()]
    policies = [
        Policy(key="equivalence-key-1", ner="off", allow_values=(present[0].strip(), present[5].strip(), "")),
        Policy(key="equivalence-key-1", ner="off", allow_patterns=(r".*@example\.(com|org)", r"\d+", r"(?i:straße)")),
        Policy(key="equivalence-key-1", ner="off", allow_values=(present[3].strip(),), allow_patterns=(r"[^\W\d_]+",)),
    ]
    for dtype_label, column in [*text_columns(11), ("mixed", pd.Series(mixed_values(11), dtype=object))]:
        for entity in ("EMAIL_ADDRESS", "CREDIT_CARD", "DATE_OF_BIRTH"):
            for number, policy in enumerate(policies):
                fast, reference = both(column, entity, action, policy)
                assert_same(fast, reference, f"{entity} {action} {dtype_label} allow {number}")


def test_the_vectorised_path_answers_for_every_dtype(monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparisons above compare two paths, not the per-value path with itself."""
    answered: list[str] = []
    original = vectorised._replace

    def counting(*args: Any, **kwargs: Any) -> Any:
        answered.append("yes")
        return original(*args, **kwargs)

    monkeypatch.setattr(vectorised, "_replace", counting)
    columns = [*text_columns(3), *other_columns(3)]
    for label, column in columns:
        for action in ("mask", "hash", "pseudonymize", "generalize"):
            before = len(answered)
            redact_series(column, "EMAIL_ADDRESS", action, POLICIES[0])
            # text Arrow cannot hold (lone surrogates) is the one case left to the per-value path
            assert len(answered) == before + (label != "surrogates"), (label, action)
    with per_value():
        redact_series(columns[0][1], "EMAIL_ADDRESS", "mask", POLICIES[0])
    assert len(answered) == 4 * (len(columns) - 1)


def test_python_whitespace_is_what_the_kernels_strip() -> None:
    assert {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()} == set(PY_WHITESPACE)


def test_no_personal_value_survives_either_path() -> None:
    """Control: the input holds the values; neither path's output does, for any non-keep action."""
    values = text_values(5, missing=False)
    seeded = [v for v in values if isinstance(v, str) and len(v.strip()) >= 8][:50]
    column = pd.Series(values, dtype="str")
    assert all(v in set(column.tolist()) for v in seeded)
    for action in ACTIONS:
        fast, reference = both(column, "PERSON", action, POLICIES[0])
        for out in (fast, reference):
            cells = set(out.dropna().tolist())
            assert not [v for v in seeded if v in cells], action
