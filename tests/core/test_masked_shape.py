"""The masked shape of a report's hint: the classes of the characters, never the characters.

Values come from generators (Faker and Mimesis, several locales): names, emails, phones, streets,
IBANs, card numbers, IPs; the shape may keep ASCII punctuation and nothing else of them.
"""

from __future__ import annotations

import random
import string

import pytest

from jupyter_privguard.notebooks.hints import MAX_RUN, MAX_SHAPE, masked_shape

_SHAPE_ALPHABET = set("xXd *…") | set(string.punctuation)
_FAKER_LOCALES = ("en_US", "de_DE", "fr_FR", "es_ES", "it_IT", "pl_PL", "ru_RU", "ja_JP", "hi_IN", "pt_BR", "el_GR")


def _faker_values(n: int = 40) -> list[str]:
    from faker import Faker

    out: list[str] = []
    for k, locale in enumerate(_FAKER_LOCALES):
        fake = Faker(locale)
        fake.seed_instance(100 + k)
        for _ in range(n // 4):
            out += [fake.name(), fake.email(), fake.phone_number(), fake.street_address()]
            out += [fake.iban(), fake.credit_card_number(), fake.ipv4(), fake.ipv6(), fake.date_of_birth().isoformat()]
    return out


def _mimesis_values(n: int = 30) -> list[str]:
    from mimesis import Address, Person
    from mimesis.locales import Locale

    out: list[str] = []
    for k, locale in enumerate((Locale.EN, Locale.DE, Locale.FR, Locale.RU, Locale.JA, Locale.PT_BR, Locale.TR)):
        person, address = Person(locale, seed=k), Address(locale, seed=k)
        for _ in range(n):
            out += [person.full_name(), person.email(), person.phone_number(), address.address()]
    return out


VALUES = _faker_values() + _mimesis_values()


def _leaky_substrings(value: str, k: int = 3) -> set[str]:
    """Substrings of ``value`` of length ``k`` that carry something of it: at least one letter or
    digit, and not made only of what a shape is written in (``x``, ``X``, ``d``, punctuation)."""
    out = set()
    for i in range(len(value) - k + 1):
        piece = value[i : i + k]
        if any(c.isalnum() for c in piece) and not set(piece) <= _SHAPE_ALPHABET:
            out.add(piece)
    return out


def test_the_values_are_personal_at_all() -> None:
    # control: the generators gave many distinct values with letters and digits
    assert len(set(VALUES)) > 1000
    assert sum(any(c.isdigit() for c in v) for v in VALUES) > 300
    assert sum(any(c.isalpha() and not c.isascii() for c in v) for v in VALUES) > 100


@pytest.mark.parametrize("value", VALUES[::7])
def test_a_shape_keeps_no_character_of_the_value(value: str) -> None:
    shape = masked_shape(value)
    assert set(shape) <= _SHAPE_ALPHABET, shape
    assert len(shape) <= MAX_SHAPE
    assert not any(piece in shape for piece in _leaky_substrings(value))
    if len(value.strip()) >= 3:
        assert value.strip() not in shape


def test_no_generated_value_leaks_into_its_shape() -> None:
    leaks = [v for v in VALUES if any(piece in masked_shape(v) for piece in _leaky_substrings(v))]
    assert leaks == []


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("x[::2]", "x[::d]"),
        ("X[1::2]", "X[d::d]"),
        ("16512.000000", "ddddd.dddddd"),
        ("[::-1]", "[::-d]"),
        ("#E6E6E6", "#XdXdXd"),
        ("Ann Lee", "Xxx Xxx"),
        ("  padded   text  ", "xxxxxx xxxx"),
    ],
)
def test_shapes_of_the_false_alarms_users_triage(text: str, shape: str) -> None:
    assert masked_shape(text) == shape


def test_runs_and_length_are_cut() -> None:
    assert masked_shape("1" * 40) == "d" * MAX_RUN + "…"
    assert masked_shape("a" * (MAX_RUN + 1)) == "x" * MAX_RUN + "…"
    long = " ".join(["Ab1"] * 30)
    assert len(masked_shape(long)) == MAX_SHAPE and masked_shape(long).endswith("…")
    assert "……" not in masked_shape("-".join(["abcdefghij"] * 5))


def test_scripts_digits_and_symbols_map_to_classes() -> None:
    assert masked_shape("Ωμέγα") == "Xxxxx"
    assert masked_shape("東京") == "xx"  # no case: lower-case class
    assert masked_shape("٣٤٥") == "ddd"  # Arabic-Indic digits are digits
    assert masked_shape("a€b") == "x*x"  # not ASCII punctuation: a star
    assert masked_shape("") == ""


def test_shapes_of_random_text_stay_in_the_alphabet() -> None:
    rnd = random.Random(5)
    pool = string.printable + "ÄÖÜßéèçñøåæ€£¥•–—‘’“”…" + "".join(chr(c) for c in range(0x0410, 0x0450))
    for _ in range(500):
        text = "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 60)))
        shape = masked_shape(text)
        assert set(shape) <= _SHAPE_ALPHABET and len(shape) <= MAX_SHAPE
