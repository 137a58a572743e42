"""Values labelled by their own key or CSV header in outgoing text nothing learned (``detect.keyed_text``).

People come from Faker and mimesis in several locales; the texts are the shapes users print from
readers the guard does not wrap: a CSV file read raw (with its header, cut mid-row, as a bytes repr),
JSON lines, a dict's repr, ``key=value`` logs. Each goes through ``redact_text`` with an empty index
and a fresh session, NER off: every personal value must be gone and every non-personal one (plans,
SKUs, amounts, product names) must stay. Negative rows: tables whose headers name nothing personal,
SQL dumps, comma lists with no header, stay as printed.
"""

from __future__ import annotations

import csv
import io
import json
import random

import pytest
from faker import Faker
from mimesis import Locale, Person

from jupyter_privguard.detect.keyed_text import forget_headers, keyed_spans
from jupyter_privguard.session import GuardSession
from jupyter_privguard.textguard import redact_text

_FAKER = ("en_US", "de_DE", "fr_FR", "pt_BR")
_MIMESIS = (Locale.RU, Locale.JA, Locale.ES)
_PERSONAL = ("full_name", "email", "phone", "street")


@pytest.fixture(autouse=True)
def _ner_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIVGUARD_NER", "off")
    forget_headers()  # each test starts with no header remembered from an earlier test's texts


def _people(n: int = 28, seed: int = 5) -> list[dict[str, str]]:
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        if i % 2:
            fake = Faker(_FAKER[i % len(_FAKER)])
            fake.seed_instance(seed + i)
            name, email, phone, street = fake.name(), fake.email(), fake.phone_number(), fake.street_address()
        else:
            person = Person(_MIMESIS[i % len(_MIMESIS)], seed=seed + i)
            name, email, phone = person.full_name(), person.email(), person.phone_number()
            streets = Faker("it_IT")
            streets.seed_instance(seed + i)  # seeded like the rest: the same rows in every run
            street = streets.street_address()
        rows.append(
            {
                "order_id": f"ORD-{rnd.randrange(10**6, 10**7)}",
                "full_name": name,
                "email": email,
                "phone": phone,
                "street": street,
                "sku": f"SKU-{rnd.randrange(10000, 99999)}",
                "plan": rnd.choice(["premium", "basic", "trial"]),
                "amount": f"{rnd.uniform(1, 5000):.2f}",
            }
        )
    return rows


def _csv(rows: list[dict[str, str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _check(text: str, rows: list[dict[str, str]]) -> None:
    out = redact_text(text, GuardSession())[0]
    left = [r[c] for r in rows for c in _PERSONAL if r[c] in out]
    assert not left, f"{len(left)} personal value(s) left"
    kept = [r[c] for r in rows for c in ("sku", "plan", "amount", "order_id") if r[c] in text]
    assert kept and all(v in out for v in kept), "non-personal values were redacted"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_a_csv_block_under_its_header(delimiter: str) -> None:
    rows = _people()
    _check(_csv(rows, delimiter), rows)


def test_a_csv_read_cut_mid_row_and_as_bytes() -> None:
    rows = _people(6)
    text = _csv(rows)
    for shown in (text[: len(text) // 2] + "\n", repr(text.encode("utf-8")[: len(text) // 2]) + "\n"):
        out = redact_text(shown, GuardSession())[0]
        full = [r[c] for r in rows for c in _PERSONAL]
        assert not [v for v in full if v in out or repr(v.encode("utf-8"))[2:-1] in out]


def test_json_lines_dict_reprs_and_key_value_logs() -> None:
    rows = _people(12)
    for text in (
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows),
        repr([json.dumps(r, ensure_ascii=False) for r in rows[:4]]),  # a shell capture's SList
        str(rows),
        "\n".join(f"upsert full_name={r['full_name']} plan={r['plan']} sku={r['sku']}" for r in rows),
    ):
        out = redact_text(text, GuardSession())[0]
        assert not [r["full_name"] for r in rows if r["full_name"] in out]
        assert all(r["sku"] in out for r in rows if r["sku"] in text)


def test_a_held_back_tail_is_read_against_the_header_just_before_it() -> None:
    rows = _people(4)
    text = _csv(rows)
    head, _, tail = text.rstrip("\n").rpartition("\n")
    session = GuardSession()
    redact_text(head + "\n", session)
    out = redact_text(tail, session)[0]
    assert rows[-1]["full_name"] not in out and rows[-1]["sku"] in out


@pytest.mark.parametrize(
    "text",
    [
        "sku,plan,amount\nSKU-12345,basic,12.50\nSKU-54321,premium,99.00\n",
        "city,country,population\nParis,France,2100000\nLyon,France,520000\n",
        "INSERT INTO \"p\" VALUES('premium','SKU-47999',891.65);\n",
        "Hello, world, again",
        "epoch,loss,accuracy\n1,0.52,0.81\n2,0.41,0.86\n",
        '{"model": "resnet50", "lr": 0.001, "batch_size": 64}',
    ],
)
def test_texts_without_a_personal_key_stay(text: str) -> None:
    assert keyed_spans(text) == []
    assert redact_text(text, GuardSession())[0] == text


def test_a_markdown_rule_and_placeholders_are_no_values() -> None:
    # a redacted frame's to_markdown(): the rule row and the placeholders under "full_name" are not names
    # (before issue 15 the tripwire rewrote them, padding included, and learned ":---" as a name)
    table = (
        "|    | full_name   | phone          |   visits |\n"
        "|---:|:------------|:---------------|---------:|\n"
        "|  0 | <PERSON>    | <PHONE_NUMBER> |      398 |\n"
        "|  1 | Quorvin Haddalesk | +1 415 434 3381 |       73 |\n"
    )
    found = {table[s.start : s.end].strip() for s in keyed_spans(table)}
    assert found == {"Quorvin Haddalesk", "+1 415 434 3381"}


def test_a_list_after_names_equals_is_no_value() -> None:
    # a MultiIndex's repr ends with names=['full_name', 'plan']: the "[" was read as a person's name
    text = "MultiIndex([('<PERSON>', 'basic')],\n           names=['full_name', 'plan'])"
    assert keyed_spans(text) == []
    named = "names=Quorvin Haddalesk"
    assert [named[s.start : s.end] for s in keyed_spans(named)] == ["Quorvin Haddalesk"]


def test_a_clean_table_right_after_a_personal_one_is_not_read_against_its_header() -> None:
    """A second CSV of the same width (products) within seconds of a personal one keeps its values: its own
    header line says what its columns are, so the remembered header no longer labels the rows under it."""
    rows = _people(4)
    people = "\n".join(",".join(r[c] for c in ("full_name", "email", "plan", "sku")) for r in rows)
    redact_text("full_name,email,plan,sku\n" + people + "\n", GuardSession())
    fake = Faker("en_US")
    fake.seed_instance(3)
    products = [f"{fake.word().title()} {fake.word().title()} X{i}" for i in range(4)]
    skus = [f"SKU-{fake.random_int(10000, 99999)}" for _ in range(4)]
    clean = "product,sku,count,total\n" + "\n".join(
        f"{p},{s},{i},{i * 3}.50" for i, (p, s) in enumerate(zip(products, skus))
    )
    out = redact_text(clean + "\n", GuardSession())[0]
    assert all(p in out for p in products) and all(s in out for s in skus), out
