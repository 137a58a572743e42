"""A line that identifies a person: its bare SSN, date and id fields are redacted; figures elsewhere stay.

People from Faker (three locales) and mimesis; SSNs, cards and dates from their providers, printed as
a header-less CSV row and as a fixed-width report line, the way ``!sed -n 3p`` or a child process
shows them. The control: without the record-line tier the SSN and the date of each line are shown.
"""

from __future__ import annotations

import pytest
from faker import Faker
from mimesis import Locale, Person

from jupyter_privguard.detect.record_lines import record_line_spans
from jupyter_privguard.session import GuardSession
from jupyter_privguard.textguard import redact_text


@pytest.fixture(autouse=True)
def _ner_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIVGUARD_NER", "off")


def _people(n: int = 12) -> list[dict[str, str]]:
    rows = []
    for i in range(n):
        fake = Faker(("en_US", "de_DE", "fr_FR")[i % 3])
        fake.seed_instance(300 + i)
        person = Person(Locale.EN if i % 2 else Locale.DE, seed=i)
        rows.append(
            {
                "name": fake.name(),
                "email": person.email(),
                "ssn": Faker("en_US").ssn() if i else "465-20-4487",
                "card": fake.credit_card_number(card_type="visa16"),
                "born": fake.date_of_birth(minimum_age=18, maximum_age=90).isoformat(),
                "sku": f"SKU-{10000 + 37 * i}-K",
                "phone": f"{200 + 7 * i}.{300 + 11 * i}.{1000 + 97 * i}",
                "amount": f"{100 + 13.37 * i:.2f}",
            }
        )
    return rows


def _lines(rows: list[dict[str, str]]) -> list[str]:
    out = []
    for r in rows:
        out.append(",".join((r["name"], r["email"], r["ssn"], r["born"], r["sku"], r["amount"])))
        out.append(f"{r['ssn']:<12}{r['card']:<20}{r['born']:<12}{r['sku']:<14}{r['amount']:>9}  {r['phone']}")
    return out


def test_the_fields_of_a_record_line_are_redacted_and_its_figures_kept() -> None:
    rows = _people()
    for line, r in zip(_lines(rows), [r for r in rows for _ in (0, 1)]):
        out = redact_text(line + "\n", GuardSession())[0]
        assert r["ssn"] not in out and r["born"] not in out and r["card"] not in out, out
        assert r["phone"] not in out, out
        assert r["sku"] in out and r["amount"] in out, out


def test_the_control_shows_what_the_tier_redacts() -> None:
    """Without the spans of this tier, the SSN or the date of a header-less row is left in the text."""
    rows = _people()
    session = GuardSession()
    shown = 0
    for line in _lines(rows)[::2]:
        text = line + "\n"
        from jupyter_privguard.textguard import _known_value_spans, _pattern_spans, apply_spans

        spans = _known_value_spans(text, session) + _pattern_spans(text, session.policy, ())
        rest = apply_spans(text, sorted(set(spans)))[0] if spans else text
        shown += any(f in rest for r in rows for f in (r["ssn"], r["born"]))
    assert shown >= len(rows) // 2, "the other tiers already catch these lines: the test proves nothing"


def test_a_line_with_one_identifier_or_none_keeps_its_numbers() -> None:
    for text in (
        "2024-01-05  revenue 1234567890  total 5986.81\n",
        "order ORD-7227503 shipped 2024-03-01 to 10115 Berlin, 3 parcels, 123-45-6789 tracking\n",
        "ann@example.org asked about invoice 2024-02-11 for 1,234,567.00\n",
    ):
        assert redact_text(text, GuardSession())[0].count("<") <= 1, text
    log = "2024-02-11 09:14:03 login ann@example.org from 10.1.2.3 by Ann Lee\n"
    assert redact_text(log, GuardSession())[0].startswith("2024-02-11 09:14:03 login <"), "a time stamp is kept"
    spans = record_line_spans("a 123-45-6789 b\n", [(0, 1, "PERSON")], {"US_SSN"})
    assert spans == []


def test_only_reported_entities_and_no_overlap() -> None:
    text = "Ann Lee,a@b.org,123-45-6789,1990-02-03\n"
    placed = [(0, 7, "PERSON"), (8, 15, "EMAIL_ADDRESS"), (16, 27, "US_SSN")]
    spans = record_line_spans(text, placed, {"DATE_OF_BIRTH", "US_SSN"})
    assert spans == [(28, 38, "DATE_OF_BIRTH")]
    assert record_line_spans(text, placed, {"US_SSN"}) == []
