"""textforms: one normal form of a token, readings of a text that decode it, offsets back to the text."""

from __future__ import annotations

import html
import json
import unicodedata
from urllib.parse import quote, urlencode

import pytest
from faker import Faker
from mimesis import Person
from mimesis.locales import Locale

from jupyter_privguard.textforms import normalise_token, readings, tokens, value_tokens

FAKER_LOCALES = ("en_US", "de_DE", "fr_FR", "es_ES", "pl_PL", "da_DK", "cs_CZ")
MIMESIS_LOCALES = (Locale.DE, Locale.FR, Locale.RU, Locale.PL, Locale.DA, Locale.TR)


def _names() -> list[str]:
    out = []
    for n, locale in enumerate(FAKER_LOCALES):
        fake = Faker(locale)
        fake.seed_instance(100 + n)
        out += [f"{fake.first_name()} {fake.last_name()}" for _ in range(4)]
    for n, loc in enumerate(MIMESIS_LOCALES):
        person = Person(loc, seed=200 + n)
        out += [person.full_name() for _ in range(4)]
    return out


NAMES = _names()


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _zero_width(text: str) -> str:
    return text[:2] + "\u200b" + text[2:]


# each form is made from the value by the code that prints it, not written by hand
FORMS = {
    "upper": str.upper,
    "casefold": str.casefold,
    "nfd": lambda v: unicodedata.normalize("NFD", v),
    "accents stripped": _strip_accents,
    "json": lambda v: json.dumps(v)[1:-1],
    "json slashes": lambda v: json.dumps(v.replace(" ", "/"))[1:-1].replace("/", "\\/"),
    "repr": lambda v: repr(v)[1:-1],
    "ascii": lambda v: ascii(v)[1:-1],
    "html": lambda v: html.escape(v).encode("ascii", "xmlcharrefreplace").decode(),
    "url quote": quote,
    "urlencode": lambda v: urlencode({"q": v})[2:],
    "zero width": _zero_width,
    "soft hyphen": lambda v: v[:3] + "\u00ad" + v[3:],
    "slug": lambda v: _strip_accents(v).lower().replace(" ", "_") + ".csv",
    "hyphens": lambda v: v.replace(" ", "-"),
}


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("value", NAMES)
def test_every_form_reads_as_the_value_tokens(value: str, form: str) -> None:
    want = value_tokens(value)
    printed = FORMS[form](value)
    got = [[t.norm for t in tokens(r.text)] for r in readings(printed)]
    assert any(_contains(g, want) for g in got), (form, got)


def _contains(seq: list[str], part: list[str]) -> bool:
    return any(seq[i : i + len(part)] == part for i in range(len(seq) - len(part) + 1))


@pytest.mark.parametrize(
    "token, norm",
    [
        ("Ærøskøbing", "aeroskobing"),
        ("Straße", "strasse"),
        ("Łódź", "lodz"),
        ("Đorđević", "dordevic"),
        ("ＡＮＮ", "ann"),  # fullwidth
        ("Œuvre", "oeuvre"),
        ("٣٤٥", "345"),  # Arabic-Indic digits
    ],
)
def test_letters_nfkd_does_not_decompose_are_spelt_out(token: str, norm: str) -> None:
    assert normalise_token(token) == norm


def test_a_joined_repr_separates_every_name() -> None:
    names = NAMES[:4]
    printed = repr("\n".join(names))
    decoded = readings(printed)[1]
    norms = [t.norm for t in tokens(decoded.text)]
    for name in names:
        assert _contains(norms, value_tokens(name))


def test_decoded_offsets_point_back_at_the_escape() -> None:
    value = "Zoë Brontë"
    printed = f'{{"n": {json.dumps(value)}}}'
    decoded = readings(printed)[1]
    toks = tokens(decoded.text)
    (start, end), *rest = decoded.spans(toks[1].start, toks[2].end)  # "n" is token 0
    assert not rest and printed[start:end] == json.dumps(value)[1:-1]


def test_raw_text_stays_a_reading_of_its_own() -> None:
    # decoding "\n" in a Windows path would hide the name that follows: the raw reading keeps it
    printed = "C:\\Users\\nora\\file.txt"
    assert ["c", "users", "nora", "file", "txt"] in [[t.norm for t in tokens(r.text)] for r in readings(printed)]


def test_table_columns_are_read_as_one_text_with_every_fragment_mapped_back() -> None:
    tabulate = pytest.importorskip("tabulate")
    table = tabulate.tabulate(
        [[NAMES[0], 1], [NAMES[1], 2]], headers=["who", "n"], tablefmt="grid", maxcolwidths=[6, None]
    )
    columns = [r for r in readings(table) if r.table]
    assert columns
    glued = ["".join(t.norm for t in tokens(r.text)) for r in columns]
    assert any("".join(value_tokens(NAMES[0])) in g for g in glued)
    reading = next(r for r, g in zip(columns, glued) if "".join(value_tokens(NAMES[0])) in g)
    pieces = reading.spans(0, len(reading.text))
    assert len(pieces) > 1 and all("\n" not in table[s:e] for s, e in pieces)
    assert " ".join(table[s:e] for s, e in pieces) == reading.text


def test_lines_without_table_borders_give_no_table_reading() -> None:
    assert [r for r in readings("a | b\nplain text\nc | d") if r.table] == []


@pytest.mark.parametrize("value", NAMES)
def test_letters_printed_spaced_out_read_as_the_value_tokens(value: str) -> None:
    for shown in (" ".join(value), "-".join(value), ".".join(value)):
        spaced = [r for r in readings(f"who: {shown} !") if r.spaced]
        assert len(spaced) == 1
        assert [t.norm for t in tokens(spaced[0].text)] == value_tokens(value)
    glued = " ".join(value.replace(" ", ""))  # no wider gap: one token, the value run together
    (reading,) = [r for r in readings(glued) if r.spaced]
    assert [t.norm for t in tokens(reading.text)] == ["".join(value_tokens(value))]


def test_a_spaced_reading_maps_back_to_the_whole_run() -> None:
    name = NAMES[5]
    text = f"id 7: {' '.join(name)} (ok)"
    (reading,) = [r for r in readings(text) if r.spaced]
    start = text.index(name[0])
    assert reading.spans(0, len(reading.text)) == [(start, start + 2 * len(name) - 1)]


@pytest.mark.parametrize(
    "text", ["a b", "x = a + b", "Plan B is ok", "f(x, y)", "1 2 3 4 5", "v1.2.3", "ab cd ef", "e.g. this"]
)
def test_text_without_spaced_letters_has_no_spaced_reading(text: str) -> None:
    assert not any(r.spaced for r in readings(text))


# -- bytes reprs, double escapes (issue 11) ---------------------------------------------------------
SCRIPT_LOCALES = ("ru_RU", "ja_JP", "de_DE", "el_GR")


def _script_names() -> list[str]:
    out = []
    for n, locale in enumerate(SCRIPT_LOCALES):
        fake = Faker(locale)
        fake.seed_instance(1100 + n)
        out += [f"{fake.last_name()} {fake.first_name()}" for _ in range(3)]
    return out


SCRIPT_NAMES = _script_names()


def _decoded_texts(text: str) -> list[str]:
    return [r.text for r in readings(text)]


@pytest.mark.parametrize("name", SCRIPT_NAMES)
@pytest.mark.parametrize(
    "form",
    [
        lambda v: repr(v.encode()),
        lambda v: str([v.encode()]),
        lambda v: repr(json.dumps([v])),
        lambda v: repr(v.encode("unicode_escape")),
        lambda v: repr(str(v.encode())),
        lambda v: ascii(json.dumps({"name": v})),
    ],
    ids=["bytes", "bytes_in_list", "repr_of_json", "unicode_escape", "repr_of_str_bytes", "ascii_of_json"],
)
def test_bytes_reprs_and_double_escapes_decode_to_the_value(name: str, form: object) -> None:
    printed = form(name)  # type: ignore[operator]
    assert any(name in t for t in _decoded_texts(printed)), printed
    decoded = next(r for r in readings(printed) if name in r.text)
    start = decoded.text.index(name)
    spans = decoded.spans(start, start + len(name))
    # the span covers the whole escape run of the value, nothing of the quotes around it
    assert len(spans) == 1
    s, e = spans[0]
    assert printed[s] in ("\\", name[0]) and printed[e - 1] not in "'\""


def test_a_run_that_is_no_utf8_reads_latin1() -> None:
    fake = Faker("de_DE")
    fake.seed_instance(1200)
    names = [n for n in (fake.last_name() for _ in range(60)) if not n.isascii()][:4]
    assert names
    for name in names:
        latin1 = repr(name.encode("latin-1"))  # b'M\xfcller': no valid UTF-8
        assert any(name in t for t in _decoded_texts(latin1)), latin1


def test_escapes_are_decoded_twice_at_most() -> None:
    fake = Faker("ru_RU")
    fake.seed_instance(1201)
    name = fake.last_name()
    thrice = repr(repr(json.dumps(name)))  # three backslash levels: left as the second pass leaves it
    assert not any(name in t for t in _decoded_texts(thrice))
    assert value_tokens(repr(json.dumps(name))) == value_tokens(name)
