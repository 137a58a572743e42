"""ValueIndex: a learned value is found in every form it is printed in, ordinary text stays.

Values come from faker and mimesis in several locales (seeds fixed); every printed form is made
from the value by the code that prints it (json, repr, html, urllib, strftime, tabulate, rich,
pandas, polars), and decoys (other people's values, near misses, common words) must stay.
"""

from __future__ import annotations

import html
import io
import json
import re
import unicodedata
from collections.abc import Callable
from datetime import date
from urllib.parse import quote, urlencode

import pytest
from faker import Faker
from mimesis import Address, Person
from mimesis.locales import Locale

from jupyter_privguard.policy import Policy
from jupyter_privguard.session import GuardSession
from jupyter_privguard.textforms import value_tokens
from jupyter_privguard.textguard import redact_text, redaction_spans
from jupyter_privguard.valueindex import MIN_PREFIX, ValueIndex, stop_words

FAKER_LOCALES = ("en_US", "de_DE", "fr_FR", "es_ES", "pl_PL", "it_IT")
MIMESIS_LOCALES = (Locale.DE, Locale.FR, Locale.RU, Locale.PL, Locale.ES)


def _fakers(seed: int) -> list[Faker]:
    out = []
    for n, locale in enumerate(FAKER_LOCALES):
        fake = Faker(locale)
        fake.seed_instance(seed + n)
        out.append(fake)
    return out


def _people(seed: int, per_locale: int) -> list[str]:
    names = [f"{f.first_name()} {f.last_name()}" for f in _fakers(seed) for _ in range(per_locale)]
    for n, loc in enumerate(MIMESIS_LOCALES):
        person = Person(loc, seed=seed + 50 + n)
        names += [person.full_name() for _ in range(per_locale)]
    return list(dict.fromkeys(names))


NAMES = _people(1, 3)
EMAILS = list(
    dict.fromkeys(
        [f.email() for f in _fakers(2) for _ in range(2)] + [Person(Locale.EN, seed=9).email() for _ in range(4)]
    )
)
PHONES = [f"+{cc} {Faker('en_US').numerify('%##-###-####')}" for cc in (1, 44, 49, 33)]
SSNS = [f.ssn() for f in _fakers(3)[:1] for _ in range(3)]
CARDS = [f.credit_card_number() for f in _fakers(4)[:2] for _ in range(2)]
IBANS = [f.iban() for f in _fakers(5)[:3]]
BIRTH_DATES = [f.date_of_birth(minimum_age=18, maximum_age=90) for f in _fakers(6)[:3] for _ in range(2)]


def _ix() -> ValueIndex:
    index = ValueIndex()
    index.add(NAMES, "PERSON")
    index.add(EMAILS, "EMAIL_ADDRESS")
    index.add(PHONES, "PHONE_NUMBER")
    index.add(SSNS, "US_SSN")
    index.add(CARDS, "CREDIT_CARD")
    index.add(IBANS, "IBAN_CODE")
    index.add([d.isoformat() for d in BIRTH_DATES], "DATE_OF_BIRTH")
    return index


INDEX = _ix()


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _last_first(name: str) -> str:
    first, _, last = name.partition(" ")
    return f"{last}, {first}"


NAME_FORMS: dict[str, Callable[[str], str]] = {
    "as is": str,
    "upper": str.upper,
    "lower": str.lower,
    "accents stripped": _strip_accents,
    "last, first": _last_first,
    "slug": lambda v: re.sub(r"\W+", "_", _strip_accents(v).lower()),
    "hyphen slug": lambda v: re.sub(r"\W+", "-", _strip_accents(v).lower()),
    "run together": lambda v: re.sub(r"\W+", "", v),
    "urlencode": lambda v: urlencode({"name": v})[len("name=") :],
    "url quote": quote,
    "json": json.dumps,
    "repr": repr,
    "html": lambda v: html.escape(v).encode("ascii", "xmlcharrefreplace").decode(),
    "zero width": lambda v: v[:2] + "\u200b" + v[2:],
    "nfd": lambda v: unicodedata.normalize("NFD", v),
}
EMAIL_FORMS: dict[str, Callable[[str], str]] = {
    "as is": str,
    "upper": str.upper,
    "at": lambda v: v.replace("@", " at "),
    "[at] [dot]": lambda v: v.replace("@", " [at] ").replace(".", " [dot] "),
    "zero width": lambda v: v.replace("@", "\u200b@"),
    "url quote": lambda v: quote(v, safe=""),
    "json": json.dumps,
}
NUMBER_FORMS: dict[str, Callable[[str], str]] = {
    "as is": str,
    "digits only": _digits,
    "spaced in fours": lambda v: " ".join(re.findall(".{1,4}", re.sub(r"\W", "", v))),
    "float": lambda v: repr(float(_digits(v)))[: -len(".0")],
    "scientific": lambda v: f"{float(_digits(v)):.{len(_digits(v)) - 1}e}",
}
PHONE_FORMS: dict[str, Callable[[str], str]] = {
    "national": lambda v: v.split(" ", 1)[1],
    "national digits": lambda v: _digits(v.split(" ", 1)[1]),
    "national dotted": lambda v: v.split(" ", 1)[1].replace("-", "."),
    "national parenthesised": lambda v: "({}) {}-{}".format(*v.split(" ", 1)[1].split("-")),
    "e164": lambda v: "+" + _digits(v),
}
DATE_FORMATS = ("%d/%m/%Y", "%d.%m.%Y", "%m/%d/%Y", "%Y%m%d", "%d %b %Y", "%B %d, %Y", "%d-%m-%Y")


def _cases() -> list[tuple[str, str, str]]:
    cases = []
    for forms, values in ((NAME_FORMS, NAMES), (EMAIL_FORMS, EMAILS)):
        for form, make in forms.items():
            cases += [(form, v, make(v)) for v in values]
    for form, make in NUMBER_FORMS.items():
        for value in SSNS + CARDS + [p for p in PHONES if form in ("as is", "digits only")]:
            cases.append((form, value, make(value)))
        if form == "spaced in fours":
            cases += [(form, v, make(v)) for v in IBANS]
    for form, make in PHONE_FORMS.items():
        cases += [(form, v, make(v)) for v in PHONES]
    for fmt in DATE_FORMATS:
        cases += [(fmt, d.isoformat(), d.strftime(fmt)) for d in BIRTH_DATES]
        cases += [(f"{fmt} unpadded", d.isoformat(), _unpadded(d, fmt)) for d in BIRTH_DATES if "/" in fmt]
    cases += [("long month", d.isoformat(), f"{d:%B} {d.day}, {d.year}") for d in BIRTH_DATES]
    cases += [("%Y-%m-%d", d.isoformat(), d.isoformat()) for d in BIRTH_DATES]
    return cases


def _unpadded(d: date, fmt: str) -> str:
    return fmt.replace("%d", str(d.day)).replace("%m", str(d.month)).replace("%Y", str(d.year))


CASES = _cases()
# what the code that prints a form adds around the value (not part of it: it must stay)
TEMPLATES = {
    "slug": "before: {}.csv :after",
    "urlencode": "before: ?name={}&page=2 :after",
    "float": "before: {}.0 :after",
    "%Y-%m-%d": "before: {} 00:00:00 :after",
}


def _covered(text: str, spans: list[tuple[int, int, str]]) -> set[int]:
    return {i for s, e, _ in spans for i in range(s, e)}


@pytest.mark.parametrize("form, value, printed", CASES, ids=[f"{c[0]}-{n}" for n, c in enumerate(CASES)])
def test_every_form_is_found_and_the_span_points_at_it(form: str, value: str, printed: str) -> None:
    template = TEMPLATES.get(form, "before: {} :after")
    text = template.format(printed)
    spans = INDEX.find(text)
    covered = _covered(text, spans)
    start = template.index("{}")
    inside = range(start, start + len(printed))
    # every letter and digit of the printed form is covered, and nothing of the words around it
    assert all(i in covered for i in inside if text[i].isalnum()), (text, spans)
    assert not any(i in covered for i in range(len(text)) if i not in inside and text[i].isalnum()), (text, spans)


def _decoys() -> list[str]:
    learned = {frozenset(re.findall(r"\w+", _strip_accents(n).lower())) for n in NAMES}
    others = [n for n in _people(77, 3) if frozenset(re.findall(r"\w+", _strip_accents(n).lower())) not in learned]
    near = [n + "son" for n in NAMES[:10]] + [n.split(" ")[0] for n in NAMES[:10]]
    fake = Faker("en_US")
    fake.seed_instance(78)
    numbers = ["2037.590000", "1" + _digits(PHONES[0]), _digits(SSNS[0])[:-1], _digits(CARDS[0]) + "7"]
    # a birth date's digits run together unpadded are just a number (one in a hundred would be one)
    numbers += [f"{d.month}{d.day}{d.year}" for d in BIRTH_DATES if d.month < 10 or d.day < 10]
    other_people = others + [fake.email() for _ in range(5)] + [fake.ssn() for _ in range(3)]
    words = [fake.sentence(nb_words=12) for _ in range(10)] + ["Brightfen Wind Chime L19", "SKU-4471-XZ", "mean 3.14"]
    return other_people + near + numbers + words


@pytest.mark.parametrize("decoy", _decoys())
def test_decoys_stay(decoy: str) -> None:
    assert INDEX.find(f"row: {decoy} ;") == []


def test_a_value_cut_by_an_ellipsis_is_caught_by_its_prefix() -> None:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    fake = Faker("de_DE")
    fake.seed_instance(11)
    addresses = [fake.address().replace("\n", ", ") for _ in range(8)]
    index = ValueIndex()
    index.add(addresses, "STREET_ADDRESS")
    with pd.option_context("display.max_colwidth", 20):
        shown_pandas = str(pd.DataFrame({"address": addresses}))
    shown_polars = str(pl.DataFrame({"address": addresses}))
    for shown in (shown_pandas, shown_polars):
        assert "..." in shown or "…" in shown
        redacted = _apply(shown, index.find(shown))
        for address in addresses:
            assert address[:MIN_PREFIX] not in redacted, redacted


def test_a_prefix_shorter_than_the_minimum_is_not_hunted_for() -> None:
    index = ValueIndex()
    index.add(["Wilhelmina Quarshie"], "PERSON")
    assert index.find("Wilhelm…") == [] and index.find("Wilhelmina…") != []


def _apply(text: str, spans: list[tuple[int, int, str]]) -> str:
    out, last = [], 0
    for s, e, entity in spans:
        out += [text[last:s], f"<{entity}>"]
        last = e
    return "".join([*out, text[last:]])


def _leftover(redacted: str, values: list[str]) -> list[str]:
    """Runs of three or more letters left in ``redacted`` that are pieces of a value."""
    glued = ["".join(re.findall(r"\w+", _strip_accents(v).lower())) for v in values]
    runs = re.findall(r"[^\W\d_]{3,}", _strip_accents(redacted).lower())
    return [r for r in runs if r not in ("person", "who") and any(r in g for g in glued)]


@pytest.mark.parametrize("tablefmt", ["grid", "pipe", "psql", "fancy_grid", "github"])
def test_a_value_wrapped_by_tabulate_is_caught_in_every_fragment(tablefmt: str) -> None:
    tabulate = pytest.importorskip("tabulate")
    people = [n for n in NAMES if len(n) > 12][:6]
    table = tabulate.tabulate(
        [[n, i] for i, n in enumerate(people)], headers=["who", "n"], tablefmt=tablefmt, maxcolwidths=[7, None]
    )
    spans = INDEX.find(table)
    assert len(spans) > len(people)  # wrapped values give a span per fragment
    assert _leftover(_apply(table, spans), people) == []


def test_a_value_wrapped_by_a_rich_table_is_caught_in_every_fragment() -> None:
    rich_console = pytest.importorskip("rich.console")
    from rich.table import Table

    people = [n for n in NAMES if len(n) > 12][:6]
    table = Table("who", "n")
    for i, name in enumerate(people):
        table.add_row(name, str(i))
    console = rich_console.Console(file=io.StringIO(), width=18, color_system=None)
    console.print(table)
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    assert _leftover(_apply(shown, INDEX.find(shown)), people) == []


def _short_names() -> list[str]:
    out = []
    for f in _fakers(30):
        out += [n for n in (f.first_name() for _ in range(60)) if len(n) < 5 and n.isalpha()]
    stops = stop_words()
    return [n for n in dict.fromkeys(out) if n.lower() not in stops][:12]


SHORT = _short_names()


@pytest.fixture()
def short_session() -> GuardSession:
    session = GuardSession(policy=Policy(ner="off"))
    session.remember_values(SHORT, "PERSON", "first_name")
    session.remember_values(["Will", "May"], "PERSON", "first_name")
    session.remember_values(["Okonkwo"], "PERSON", "last_name")
    return session


def test_short_names_of_a_person_column_are_learned_and_redacted(short_session: GuardSession) -> None:
    assert len(SHORT) >= 6
    for name in SHORT:
        text, counts = redact_text(f"Dear {name}, welcome", short_session)
        assert name not in text.replace("welcome", ""), text
        assert counts == {"PERSON": 1}


def test_short_names_only_in_their_learned_case_or_title_case(short_session: GuardSession) -> None:
    for name in SHORT:
        lowered = f"x {name.lower()} y"
        if name.lower() != name:
            assert redact_text(lowered, short_session)[0] == lowered
    assert redact_text("<li>one</li>", GuardSession(policy=Policy(ner="off")))[0] == "<li>one</li>"


def test_a_short_name_that_is_a_common_word_only_next_to_a_learned_name(short_session: GuardSession) -> None:
    line = "We will see, May be later"
    assert redact_text(line, short_session)[0] == line
    short_session.remember_values(["Li"], "PERSON", "last_name")
    assert redact_text("<li>Will</li>", short_session)[0] == "<li>Will</li>"
    text = redact_text("Will Okonkwo and Okonkwo, May", short_session)[0]
    assert "Will" not in text and "May" not in text and "Okonkwo" not in text and " and " in text


def test_learned_values_do_not_make_ordinary_text_vanish() -> None:
    session = GuardSession(policy=Policy(ner="off"))
    fake = Faker("en_US")
    fake.seed_instance(5)
    session.remember_values([fake.name() for _ in range(2000)], "PERSON", "name")
    session.remember_values([fake.phone_number() for _ in range(500)], "PHONE_NUMBER", "phone")
    session.remember_values([fake.date_of_birth().isoformat() for _ in range(500)], "DATE_OF_BIRTH", "dob")
    other = Faker("en_US")
    other.seed_instance(6)
    prose = " ".join(other.paragraph(nb_sentences=8) for _ in range(5))
    amounts = "total 2037.590000, 12.5%, 100 items, Brightfen Wind Chime L19 (SKU-4471-XZ)"
    for text in (prose, amounts):
        assert redact_text(text, session, patterns=False)[0] == text


def test_the_session_index_takes_every_value_and_honours_allow_lists() -> None:
    session = GuardSession(policy=Policy(ner="off"))
    names = _people(40, 40)
    session.remember_values(names, "PERSON", "customer")
    assert len(session.value_index()) == len(names)
    last = names[-1]
    assert redaction_spans(_last_first(last).upper(), session, patterns=False)
    session.policy = session.policy.replace(allow_columns=("customer",))
    assert redaction_spans(last, session, patterns=False) == []
    # values learned while the allow list holds go into the index without them, or not, by column
    agent, staff = _people(41, 1)[:2]
    session.remember_values([agent], "PERSON", "customer")
    session.remember_values([staff], "PERSON", "staff")
    assert redaction_spans(agent, session, patterns=False) == []
    assert redaction_spans(staff.upper(), session, patterns=False)
    session.policy = session.policy.replace(allow_columns=())
    assert redaction_spans(agent, session, patterns=False)
    assert redaction_spans(last, session, patterns=False)
    session.forget_values()
    assert redaction_spans(last, session, patterns=False) == []


def test_a_joined_repr_as_the_last_expression_hides_every_name() -> None:
    session = GuardSession(policy=Policy(ner="off"))
    session.remember_values(NAMES, "PERSON", "name")
    shown = repr("\n".join(NAMES))
    text, counts = redact_text(shown, session)
    assert counts == {"PERSON": len(NAMES)}, text


def test_the_repr_of_a_csv_text_as_the_last_expression_hides_every_value() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"name": NAMES[:8], "email": EMAILS[:8], "n": range(8)})
    shown = repr(frame.to_csv(index=False))  # what the notebook shows for df.to_csv() as the last line
    redacted = _apply(shown, INDEX.find(shown))
    assert not [v for v in NAMES[:8] + EMAILS[:8] if json.dumps(v)[1:-1] in redacted or v in redacted], redacted
    assert _leftover(redacted, NAMES[:8]) == []


def test_lookups_while_values_are_added_see_whole_batches() -> None:
    import threading

    index = ValueIndex()
    batches = [_people(100 + n, 5) for n in range(8)]
    errors: list[BaseException] = []

    def read() -> None:
        try:
            for _ in range(200):
                index.find(" ".join(batches[0]))
        except BaseException as exc:  # pragma: no cover - the failure this test looks for
            errors.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    for batch in batches:
        index.add(batch, "PERSON")
    reader.join()
    assert not errors and index.find(batches[-1][0])


@pytest.mark.parametrize("name", NAMES[::3])
def test_a_name_printed_spaced_out_is_found_as_one_span(name: str) -> None:
    for shown in (" ".join(name), " ".join(name.replace(" ", "")), "-".join(name)):
        text = f"winner: {shown} | SKU-1234"
        spans = INDEX.find(text)
        start = text.index(shown)
        assert [(s, e) for s, e, _ in spans] == [(start, start + len(shown))], (shown, spans)


def test_spaced_letters_of_text_nobody_learned_stay() -> None:
    fake = Faker("it_IT")
    fake.seed_instance(21)
    others = [f"{fake.first_name()} {fake.last_name()}" for _ in range(10)]
    others = [o for o in others if o not in NAMES]
    words = [fake.word() for _ in range(10)]
    for other in [*others, *words, "S K U", "A B C D"]:
        assert INDEX.find(f"-> {' '.join(other)} <-") == [], other


def test_a_rich_table_cell_cut_by_an_ellipsis_is_caught_and_its_neighbours_stay() -> None:
    rich_console = pytest.importorskip("rich.console")
    from rich.table import Table

    fakers = _fakers(31)
    people = [(f"{f.first_name()} {f.last_name()}", f.email(), f.catch_phrase()) for f in fakers for _ in range(2)]
    index = ValueIndex()
    index.add([p[0] for p in people], "PERSON")
    index.add([p[1] for p in people], "EMAIL_ADDRESS")
    for width in (48, 60, 72):
        table = Table("name", "email", "product")
        for row in people:
            table.add_row(*row)
        console = rich_console.Console(file=io.StringIO(), width=width, color_system=None)
        console.print(table)
        shown = console.file.getvalue()  # type: ignore[attr-defined]
        assert "…" in shown
        spans = index.find(shown)
        redacted = _apply(shown, spans)
        for s, e, _ in spans:  # each value in its own cell: no span swallows a border
            assert not set(shown[s:e]) & set("│┃|"), shown[s:e]
        for _, email, _ in people:
            assert email[:MIN_PREFIX] not in redacted, redacted
        assert _leftover(redacted, [p[0] for p in people]) == []
        # the product column stays, as far as the table shows it whole
        kept = [w for w in re.findall(r"[^\W\d_]{4,}", " ".join(p[2] for p in people)) if w in shown]
        assert kept and all(w in redacted for w in kept), redacted


def _streets() -> list[str]:
    out = []
    for n, loc in enumerate((Locale.JA, Locale.KO, Locale.ZH)):
        place = Address(loc, seed=40 + n)
        out += [place.address() for _ in range(12)]
    for n, locale in enumerate(("ja_JP", "zh_CN", "ko_KR")):
        fake = Faker(locale)
        fake.seed_instance(50 + n)
        out += [fake.street_address() for _ in range(6)]
    return list(dict.fromkeys(out))


STREETS = _streets()


def test_a_street_of_another_script_with_block_numbers_is_found_in_a_record() -> None:
    index = ValueIndex()
    index.add(STREETS, "STREET_ADDRESS")
    for street in STREETS:
        shown = repr(("ORD-1", street, 12.5, {"street": street}))
        redacted = _apply(shown, index.find(shown))
        assert street not in redacted and json.dumps(street)[1:-1] not in redacted, (street, redacted)


def test_the_same_place_with_other_block_numbers_stays() -> None:
    index = ValueIndex()
    index.add(STREETS, "STREET_ADDRESS")
    for street in STREETS:
        digits = re.findall(r"\d+", street)
        if not digits:
            continue
        last = digits[-1]
        other = street[: street.rindex(last)] + str(int(last) + 1) + street[street.rindex(last) + len(last) :]
        if other in STREETS:
            continue
        assert index.find(f"'{other}'") == [], other


def test_a_one_ideograph_first_name_is_learned_and_a_one_letter_initial_is_not() -> None:
    session = GuardSession()
    names = []
    for n, loc in enumerate((Locale.JA, Locale.ZH, Locale.KO)):
        person = Person(loc, seed=61 + n)
        names += [person.first_name()[:1] for _ in range(8)]
    names = [c for c in dict.fromkeys(names) if "\u4e00" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7a3"]
    assert len(names) >= 5
    session.remember_values([*names, "A", "J"], "PERSON", "first_name")
    for name in names:
        assert redact_text(f"first_name: '{name}'", session, patterns=False)[0] == "first_name: '<PERSON>'"
    assert redact_text("first_name: 'A', 'J'", session, patterns=False)[0] == "first_name: 'A', 'J'"


def test_a_pandas_cell_cut_after_a_sign_is_caught_and_the_next_column_stays() -> None:
    pd = pytest.importorskip("pandas")
    fakers = _fakers(33)
    emails = [f.email() for f in fakers for _ in range(3)]
    products = [f.catch_phrase() for f in fakers for _ in range(3)]
    index = ValueIndex()
    index.add(emails, "EMAIL_ADDRESS")
    for width in (12, 14, 16, 18):
        with pd.option_context("display.max_colwidth", width):
            shown = str(pd.DataFrame({"email": emails, "product": products}))
        redacted = _apply(shown, index.find(shown))
        for line, before in zip(redacted.splitlines()[1:], shown.splitlines()[1:]):
            cell = before.split()[1]
            cut = " ".join(value_tokens(cell.removesuffix("...")))
            if len(cut) >= MIN_PREFIX:  # shorter cuts are not hunted for (see the test above)
                assert cell not in line, redacted
            assert line.split()[-1] == before.split()[-1]  # the product cell is not swallowed


# -- bytes reprs, double escapes, thousands separators (issue 11) -----------------------------------
_SCRIPT_LOCALES = ("ru_RU", "ja_JP", "de_DE", "el_GR")


def _script_fakers(seed: int) -> list[Faker]:
    out = []
    for n, locale in enumerate(_SCRIPT_LOCALES):
        fake = Faker(locale)
        fake.seed_instance(seed + n)
        out.append(fake)
    return out


_SCRIPT_PEOPLE = [f"{f.last_name()} {f.first_name()}" for f in _script_fakers(1300) for _ in range(3)]
_SCRIPT_DECOYS = [f"{f.last_name()} {f.first_name()}" for f in _script_fakers(1400) for _ in range(3)]
_ESCAPED_FORMS: dict[str, Callable[[str], str]] = {
    "bytes": lambda v: repr(v.encode()),
    "bytes_in_list": lambda v: str([v.encode(), b"ok"]),
    "repr_of_json": lambda v: repr(json.dumps({"name": v})),
    "unicode_escape": lambda v: repr(v.encode("unicode_escape")),
    "repr_of_str_bytes": lambda v: repr(str(v.encode())),
}


def _script_ix() -> ValueIndex:
    ix = ValueIndex()
    ix.add(_SCRIPT_PEOPLE, "PERSON")
    return ix


@pytest.mark.parametrize("form", sorted(_ESCAPED_FORMS))
def test_bytes_reprs_and_double_escapes_are_found(form: str) -> None:
    ix = _script_ix()
    for name in _SCRIPT_PEOPLE:
        printed = _ESCAPED_FORMS[form](name)
        spans = ix.find(printed)
        assert spans, (form, printed)
        # the whole escape run of the value is covered: no byte of it shows
        redacted = _apply(printed, spans)
        assert not [d for d in value_tokens(name) if d in value_tokens(_unescaped_all(redacted))], redacted


def _unescaped_all(text: str) -> str:
    # what a reader sees after decoding the redacted text as far as it decodes
    for _ in range(2):
        try:
            text = text.encode("latin-1", "backslashreplace").decode("unicode_escape")
        except UnicodeDecodeError:
            break
    return text


@pytest.mark.parametrize("form", sorted(_ESCAPED_FORMS))
def test_escaped_forms_of_other_people_stay(form: str) -> None:
    ix = _script_ix()
    for decoy in _SCRIPT_DECOYS:
        if set(value_tokens(decoy)) & {t for p in _SCRIPT_PEOPLE for t in value_tokens(p)}:
            continue  # a shared first or last name is a hit of its own
        printed = _ESCAPED_FORMS[form](decoy)
        assert ix.find(printed) == [], (form, printed)


def _phones() -> list[int]:
    out = []
    for f in _script_fakers(1500):
        out += [int(f.numerify("%#########")) for _ in range(2)]
    return out


PHONE_NUMBERS = _phones()
_GROUPINGS: dict[str, Callable[[int], str]] = {
    "comma": lambda n: f"{float(n):,.0f}",
    "comma_cents": lambda n: f"{float(n):,.2f}",
    "comma_int": lambda n: f"{n:,}",
    "swiss": lambda n: f"{n:,}".replace(",", "'"),
    "thin_space": lambda n: f"{n:,}".replace(",", "\u2009"),
    "narrow_nbsp": lambda n: f"{n:,}".replace(",", "\u202f"),
    "dots": lambda n: f"{n:,}".replace(",", "."),
    "in_a_sentence": lambda n: f"called {float(n):,.0f} twice",
}


@pytest.mark.parametrize("grouping", sorted(_GROUPINGS))
def test_a_number_printed_with_thousands_separators_is_found(grouping: str) -> None:
    ix = ValueIndex()
    ix.add([str(n) for n in PHONE_NUMBERS], "PHONE_NUMBER")
    for n in PHONE_NUMBERS:
        printed = _GROUPINGS[grouping](n)
        spans = ix.find(printed)
        assert spans, printed
        assert not re.search(r"\d", _apply(printed, spans).replace(".00", "")), printed


def test_thousands_separators_do_not_make_other_numbers_match() -> None:
    ix = ValueIndex()
    ix.add([str(n) for n in PHONE_NUMBERS], "PHONE_NUMBER")
    fake = Faker("de_DE")
    fake.seed_instance(1600)
    decoys = [f"{fake.pyfloat(left_digits=4, right_digits=2, positive=True):,.2f}" for _ in range(40)]
    decoys += [", ".join(str(fake.random_int(0, 999)) for _ in range(6)) for _ in range(20)]
    for n in PHONE_NUMBERS:
        grouped = f"{n:,}"
        decoys += [
            # a longer number that ends in the value's groups ("1" before a North American number is
            # its country code: learned, see test_a_north_american_number_with_its_country_code)
            "7" + grouped,
            grouped + "1",
            grouped[grouped.index(",") + 1 :],  # the value without its first group
            grouped.replace(",", ", "),  # a list of numbers, not one number
            f"{n * 10:,}",
        ]
    for decoy in decoys:
        assert ix.find(decoy) == [], decoy
