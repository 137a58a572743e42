"""Names inside free-text cells are found without a model (``find_text_spans`` with ``engine=None``).

A notes or comment column ("Rang Ann Lee twice, no answer.") names people the session never learned.
With NER off or no model installed, the context before a name and the names gazetteer must still find
first and last names. The names come from mimesis in six locales (its lists, not Faker's, which the
gazetteer was built from), in sentence templates written for this test (none of them is a template
of the speed benchmark's comments). Decoys: the same templates around invented product names with a
model code, SKUs and order numbers, which must stay whole.

Thresholds sit below the figures measured when this was written (printed by the test; before this tier
read free-text cells, same templates: en 0.68, de 0.75, fr 0.72, es 0.50, it 0.28, nl 0.58): whole names
caught en 1.00, de 1.00, fr 0.98, es 0.98, it 0.73, nl 0.80. Italian and Dutch names the gazetteer does not
know after a bare preposition ("for Speranza Agro") are left to the model. Decoys damaged: 0.
"""

from __future__ import annotations

import random

import pytest
from mimesis import Locale, Person

from jupyter_privguard.detect.text import find_text_spans

_LOCALES = (Locale.EN, Locale.DE, Locale.FR, Locale.ES, Locale.IT, Locale.NL)
_TEMPLATES = (
    "Rang {} twice, no answer.",
    "Left a voicemail for {}, will try again.",
    "Package signed for by {} at reception.",
    "Refund approved for {} after review.",
    "Met with {} to discuss the renewal.",
    "Escalated; {} asked for a manager.",
    "Invoice emailed to customer, cc {}.",
    "Thanked {} for the quick reply.",
)
_FLOOR = {"en": 0.95, "de": 0.95, "fr": 0.93, "es": 0.93, "it": 0.65, "nl": 0.72}
_DECOYS = ("Left a review for {}.", "Refund approved for {} after review.", "Replaced {} under warranty.")


def _product(rnd: random.Random) -> str:
    head = "".join(rnd.choice("bcdfgklmnprstv") + rnd.choice("aeiou") for _ in range(3)).capitalize()
    kind = rnd.choice(["Wind Chime", "Desk Lamp", "Travel Mug", "Garden Hose", "Street Map", "Name Tag"])
    return f"{head} {kind} {rnd.choice('ABCDKLMRTX')}{rnd.randrange(10, 100)}"


def _covered(text: str, spans: list, value: str) -> bool:
    start = text.index(value)
    end = start + len(value)
    hidden = [False] * len(value)
    for s in spans:
        for i in range(max(s.start, start), min(s.end, end)):
            hidden[i - start] = True
    # every word of the name is hidden (a middle initial or particle may stay)
    pos = 0
    for word in value.split():
        at = value.index(word, pos)
        pos = at + len(word)
        if len(word.strip(".")) > 2 and not all(hidden[at : at + len(word)]):
            return False
    return True


@pytest.mark.parametrize("locale", _LOCALES, ids=[loc.value for loc in _LOCALES])
def test_names_in_free_text_cells_without_a_model(locale: Locale) -> None:
    person = Person(locale, seed=41)
    names = list(dict.fromkeys(person.full_name() for _ in range(60)))[:40]
    texts = [_TEMPLATES[i % len(_TEMPLATES)].format(n) for i, n in enumerate(names)]
    found = find_text_spans(texts, engine=None)
    caught = sum(_covered(t, s, n) for t, s, n in zip(texts, found, names))
    print(f"\n{locale.value}: {caught}/{len(names)} names caught")
    assert caught >= _FLOOR[locale.value] * len(names)


def test_products_skus_and_orders_in_the_same_sentences_stay() -> None:
    rnd = random.Random(7)
    texts = []
    for i in range(60):
        product = _product(rnd)
        texts.append(
            _DECOYS[i % len(_DECOYS)].format(product)
            + f" SKU-{rnd.randrange(10000, 99999)}, ORD-{rnd.randrange(10**6, 10**7)}"
        )
    found = find_text_spans(texts, engine=None)
    damaged = [t for t, spans in zip(texts, found) if any(s.entity in ("PERSON", "POSTAL_CODE") for s in spans)]
    assert damaged == []
