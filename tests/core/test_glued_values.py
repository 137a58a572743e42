"""Learned names, emails and phones in the forms concatenation prints them in, and ordinary text untouched.

Names come from faker and mimesis (several locales, Japanese and Russian among them), phones from
Faker's en_US provider (whose numbers carry extensions and are often invalid in their numbering
plan); each printed form is made from the value by the code a notebook would run
(``first + last``, ``name1 + name2``, ``f"{name}{phone}"``). Decoys: other people glued the same way,
prose and product names, against an index of thousands of learned names.
"""

from __future__ import annotations

import re

import pytest
from faker import Faker
from mimesis import Person
from mimesis.locales import Locale

from jupyter_privguard.valueindex import ValueIndex

FAKER_LOCALES = ("en_US", "de_DE", "fr_FR", "pt_BR", "pl_PL")
MIMESIS_LOCALES = (Locale.RU, Locale.JA, Locale.ES)


def _people(seed: int, per_locale: int) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for n, locale in enumerate(FAKER_LOCALES):
        fake = Faker(locale)
        fake.seed_instance(seed + n)
        out += [(fake.first_name(), fake.last_name()) for _ in range(per_locale)]
    for n, loc in enumerate(MIMESIS_LOCALES):
        person = Person(loc, seed=seed + 20 + n)
        out += [(person.first_name(), person.last_name()) for _ in range(per_locale)]
    return list(dict.fromkeys(out))


def _extension_phones(seed: int, n: int) -> list[str]:
    fake = Faker("en_US")
    fake.seed_instance(seed)
    out: list[str] = []
    while len(out) < n:
        number = fake.phone_number()
        if "x" in number:
            out.append(number)
    return out


PEOPLE = _people(11, 6)
EMAILS = [f"{f.lower()}.{ln.lower()}@example.org" for f, ln in PEOPLE[:5]]
PHONES = _extension_phones(12, 12)
INDEX = ValueIndex()
INDEX.add([f"{f} {ln}" for f, ln in PEOPLE], "PERSON")
INDEX.add([e for e in EMAILS if e.isascii()], "EMAIL_ADDRESS")
INDEX.add(PHONES, "PHONE_NUMBER")


def _covered(spans: list[tuple[int, int, str]]) -> set[int]:
    return {i for s, e, _ in spans for i in range(s, e)}


def _assert_hidden(text: str, value_at: list[tuple[int, int]]) -> None:
    spans = INDEX.find(text)
    covered = _covered(spans)
    for start, end in value_at:
        assert all(i in covered for i in range(start, end) if text[i].isalnum()), (text, spans)


def _glued_cases() -> list[tuple[str, str, list[tuple[int, int]]]]:
    cases: list[tuple[str, str, list[tuple[int, int]]]] = []
    for k, (first, last) in enumerate(PEOPLE):
        name = f"{first} {last}"
        other_first, other_last = PEOPLE[(k + 1) % len(PEOPLE)]
        other = f"{other_first} {other_last}"
        cases.append(("first+last", first + last, [(0, len(first + last))]))
        cases.append(("last+first", last + first, [(0, len(last + first))]))
        # print(name1 + name2): both people, each glued to the other
        cases.append(("name1+name2", name + other, [(0, len(name)), (len(name), len(name + other))]))
        cases.append(("name+digits", f"{first}{last}{k + 40}", [(0, len(first + last))]))
        cases.append(("name+phone", f"{name}{PHONES[k % len(PHONES)]}", [(0, len(name + PHONES[k % len(PHONES)]))]))
        cases.append(("punctuation", f"[{first}{last}]!", [(1, 1 + len(first + last))]))
    return cases


GLUED = _glued_cases()


@pytest.mark.parametrize("form, text, where", GLUED, ids=[f"{c[0]}-{n}" for n, c in enumerate(GLUED)])
def test_a_glued_value_is_found(form: str, text: str, where: list[tuple[int, int]]) -> None:
    _assert_hidden(f"out: {text} :end", [(s + 5, e + 5) for s, e in where])


def test_an_email_glued_to_a_name_is_found() -> None:
    for email in EMAILS:
        first, last = PEOPLE[0]
        text = f"{email}{first} {last}"
        _assert_hidden(text, [(0, len(text))])


def _phone_forms(value: str) -> list[tuple[str, str]]:
    main, _, ext = value.partition("x")
    digits = re.sub(r"\D", "", main)
    national = digits[-10:]
    dashed = f"{national[:3]}-{national[3:6]}-{national[6:]}"
    return [
        ("as learned", value),
        ("digits only", digits + ext),
        ("digits of the number", digits),
        ("without the extension", main),
        ("national, dashed", dashed),
        ("national, bare", national),
        ("parenthesised", f"({national[:3]}) {national[3:6]}-{national[6:]}"),
        ("E.164", "+1" + national),
        ("with ext.", f"{dashed} ext. {ext}"),
        ("with x", f"{national}x{ext}"),
        ("dotted with x", f"{national[:3]}.{national[3:6]}.{national[6:]} x {ext}"),
    ]


PHONE_CASES = [(form, printed) for value in PHONES for form, printed in _phone_forms(value)]


@pytest.mark.parametrize("form, printed", PHONE_CASES, ids=[f"{c[0]}-{n}" for n, c in enumerate(PHONE_CASES)])
def test_a_phone_with_an_extension_is_found_in_every_form(form: str, printed: str) -> None:
    text = f"tel: {printed} ;"
    covered = _covered(INDEX.find(text))
    # every digit of the number is hidden (an extension may stay: four digits name nobody)
    ext_at = text.rfind(printed.rpartition("x")[2]) if "x" in printed or "ext" in printed else len(text)
    number = [i for i in range(5, min(5 + len(printed), ext_at)) if text[i].isdigit()]
    assert number and all(i in covered for i in number), (form, text)


def _decoys() -> list[str]:
    fake = Faker("en_US")
    fake.seed_instance(13)
    prose = [fake.paragraph(nb_sentences=6) for _ in range(30)]
    # other people glued the same way
    learned = {(f.casefold(), ln.casefold()) for f, ln in PEOPLE}
    others = [p for p in _people(71, 4) if (p[0].casefold(), p[1].casefold()) not in learned]
    glued = [f + ln for f, ln in others] + [f"{f} {ln}{o}" for (f, ln), (o, _) in zip(others, others[1:])]
    # a learned person's name with more letters after it is someone else (Booneson), and letters
    # run together without a sign of where a name starts are no evidence ("annlee" of a slug is
    # found only from eight letters on, by the index's run-together form)
    near = [f"{f} {ln}son" for f, ln in PEOPLE[:10] if f.isascii()]
    near += [f"x{f.lower()}{ln.lower()}" for f, ln in PEOPLE[:10] if len(f + ln) < 10 and f.isascii()]
    code = ["class TreeWalkerNode(BaseHandler): pass", "df.groupby('plan').agg(['sum', 'mean'])", "1920x1080 at 60Hz"]
    products = ["Brightfen Wind Chime L19", "Stouskgrain Horizontal Toolset K67", "SKU-4471-XZ"]
    return prose + glued + near + code + products


@pytest.mark.parametrize("decoy", _decoys())
def test_decoys_stay(decoy: str) -> None:
    assert INDEX.find(f"row: {decoy} ;") == []


def test_prose_stays_against_thousands_of_learned_names() -> None:
    big = ValueIndex()
    names = [f"{f} {ln}" for f, ln in _people(5, 400)]
    big.add(names, "PERSON")
    fake = Faker("en_US")
    fake.seed_instance(14)
    text = "\n".join(fake.paragraph(nb_sentences=8) for _ in range(200))
    learned = {n.casefold() for n in names}
    hits = [text[s:e] for s, e, _ in big.find(text)]
    # a hit is allowed only where the prose happens to hold a learned name (faker's words are Latin)
    assert [h for h in hits if h.casefold() not in learned] == []


def test_a_change_of_script_is_an_edge() -> None:
    person = Person(Locale.RU, seed=17)
    first, last, email = person.first_name(), person.last_name(), Person(Locale.EN, seed=17).email()
    index = ValueIndex()
    index.add([f"{first} {last}"], "PERSON")
    index.add([email], "EMAIL_ADDRESS")
    text = f"{first}{last}{email}"  # first_name + last_name + email, as a widget label was built
    covered = _covered(index.find(text))
    assert all(i in covered for i, c in enumerate(text) if c.isalnum()), text
