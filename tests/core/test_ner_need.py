"""Where the free-text tier may skip the NER model: only where no span the model returns could be redacted.

The corpus seeds people's names (two generators, Faker and mimesis, several locales; mid-sentence, at a
sentence start, lower-cased, in non-Latin scripts, beside product names) into sentences and product names
into catalogue lines. The rule (:func:`jupyter_privguard.detect.ner_need.needs_ner`) must decide the product
lines without the model, and every text it decides must come out of the tier redacted at least as much as
when the model ran on it: the seeded names in particular.
"""

from __future__ import annotations

import random
import re

import pytest

from jupyter_privguard.detect import ner_need
from jupyter_privguard.detect.ner import NerEngine, discover_model
from jupyter_privguard.detect.text import (
    _CALENDAR_WORD,
    _clean_ner,
    _keep_person,
    _names_a_product,
    find_text_spans,
    given_name_spans,
)
from jupyter_privguard.policy import Policy
from jupyter_privguard.redaction import redact_text_series

pytestmark = pytest.mark.skipif(discover_model() is None, reason="no English spaCy pipeline installed")

ACTED = frozenset({"PERSON", "PHONE_NUMBER", "US_DRIVER_LICENSE"})  # the default policy's, of the NER entities
PRODUCT_HEADS = "Ashgrove Berwick Carden Dunmore Elsworth Fenwick Garland Holloway Ingram Jarvis Kendal Lindley"
KINDS = ["Desk Lamp", "Kettle", "Travel Mug", "Garden Hose", "Phone Case", "Rain Jacket", "Wall Clock", "Stool"]
SENTENCES = [
    "Spoke with {} about the late parcel.",
    "{} called to change the delivery address.",
    "Refund approved by {} after review.",
    "please ask {} to sign for it",
    "{}: wants the invoice by email.",
    "Left with the neighbour, {}, at noon.",
]


def _faker_names(rnd: random.Random) -> list[str]:
    from faker import Faker

    out = []
    for locale in ("en_US", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pl_PL", "ru_RU", "ja_JP", "el_GR"):
        fake = Faker(locale)
        fake.seed_instance(rnd.randrange(10**6))
        out.extend(fake.name() for _ in range(6))
    return out


def _mimesis_names(rnd: random.Random) -> list[str]:
    from mimesis import Locale, Person

    out = []
    for locale in (Locale.EN, Locale.DE, Locale.FR, Locale.PT_BR, Locale.TR, Locale.UK):
        person = Person(locale, seed=rnd.randrange(10**6))
        out.extend(person.full_name() for _ in range(6))
    return out


@pytest.fixture(scope="module")
def engine() -> NerEngine:
    found = NerEngine.get(None, mode="auto")
    if found is None:
        pytest.skip("the NER model does not load")
    return found


@pytest.fixture(scope="module")
def corpus() -> dict[str, list[tuple[str, str | None]]]:
    """``{kind: [(text, seeded name or None)]}``."""
    pytest.importorskip("faker")
    pytest.importorskip("mimesis")
    rnd = random.Random(12)
    names = _faker_names(rnd) + _mimesis_names(rnd)
    named = []
    for i, name in enumerate(names):
        template = SENTENCES[i % len(SENTENCES)]
        shown = name.lower() if i % 5 == 4 else name  # some written all in lower case
        named.append((template.format(shown), shown))
        named.append((f"{shown} asked for a refund.", shown))  # at the start of the sentence
        named.append((f"Gift for {shown}, with a {KINDS[i % len(KINDS)]}.", shown))
    heads = PRODUCT_HEADS.split()
    products = [
        (f"{rnd.choice(heads)} {rnd.choice(KINDS)} {rnd.choice('ABCDEFGHKLMRSTX')}{rnd.randrange(10, 100)}", None)
        for _ in range(80)
    ]
    # a person beside a product: the name is not part of the product's name, the model must see it
    beside = [(f"{name} bought a {rnd.choice(heads)} Kettle K{rnd.randrange(10, 100)}", name) for name in names[::4]]
    plain = [
        (t, None)
        for t in (
            "left at the front door",
            "wrong size, exchange requested",
            "great value, would buy again",
            "",
            "   ",
            "12345",
        )
    ]
    return {"named": named, "products": products, "beside": beside, "plain": plain}


def _needs(texts: list[str], engine: NerEngine, acted: frozenset[str] = ACTED) -> list[bool]:
    return ner_need.needs_ner(texts, acted, engine, given_names=given_name_spans, calendar_word=_CALENDAR_WORD)


def _covered(text: str, spans: list, acted: frozenset[str] = ACTED) -> set[int]:
    return {i for s in spans if s.entity in acted for i in range(s.start, s.end)}


def test_product_names_are_decided_without_the_model(engine, corpus):
    texts = [t for t, _ in corpus["products"]]
    assert not any(_needs(texts, engine))


def test_every_text_with_a_name_the_lists_know_goes_through_the_model(engine, corpus):
    from jupyter_privguard.detect.names import gazetteer

    gaz = gazetteer()
    for text, name in corpus["named"] + corpus["beside"]:
        words = re.findall(r"[^\W\d_]+", name or "")
        if any(w.lower() in gaz.given or w.lower() in gaz.surname for w in words):
            assert _needs([text], engine) == [True]


def test_no_span_the_model_returns_in_a_decided_text_survives_the_clean_up(engine, corpus):
    """The rule's claim, checked against what the model really returns on every text it decides."""
    texts = [t for kind in corpus.values() for t, _ in kind]
    need = _needs(texts, engine)
    decided = [t for t, n in zip(texts, need) if not n]
    assert len(decided) >= 80  # the products at least: the check is not empty
    found = engine.analyze(
        decided, entities=["PERSON", "LOCATION", "NRP", "DATE_TIME", "PHONE_NUMBER", "US_DRIVER_LICENSE"]
    )
    survivors = []
    for text, spans in zip(decided, found):
        for span in _clean_ner(text, spans):
            if span.entity in ACTED and not (span.entity == "PERSON" and _names_a_product(text, span)):
                survivors.append((text, span.entity))
    assert survivors == []


def test_skipping_redacts_at_least_what_the_model_did(engine, corpus):
    texts = [t for kind in corpus.values() for t, _ in kind]
    full = find_text_spans(texts, engine=engine)
    fast = find_text_spans(texts, engine=engine, acted=ACTED)
    for text, a, b in zip(texts, full, fast):
        assert _covered(text, a) <= _covered(text, b), text


def test_a_seeded_name_the_full_tier_hides_stays_hidden(engine, corpus):
    """The seeded names, checked as a display shows them: whatever the model-backed tier hid is hidden."""
    pairs = corpus["named"] + corpus["beside"]
    values = [t for t, _ in pairs]
    import pandas as pd

    policy = Policy()
    shown = redact_text_series(pd.Series(values, dtype="str"), policy, engine=engine).tolist()
    full = find_text_spans(values, engine=engine)
    hidden_before = 0
    for (text, name), out, spans in zip(pairs, shown, full):
        start = text.find(name)
        name_chars = set(range(start, start + len(name)))
        if name_chars <= _covered(text, spans):
            hidden_before += 1
            assert name not in out, text
    assert hidden_before >= len(pairs) // 2  # most seeded names are found: the check means something


def test_name_capable_agrees_with_the_person_clean_up(corpus):
    words = {w for kind in corpus.values() for t, _ in kind for w in re.findall(r"[^\W\d_]+", t)}
    latin = [w for w in words if w.isascii()]
    assert len(latin) > 100
    for word in latin:
        assert ner_need.name_capable(word) == _keep_person(word), word


def test_a_place_the_policy_redacts_sends_every_worded_text_to_the_model(engine, corpus):
    texts = [t for t, _ in corpus["products"]]
    assert all(_needs(texts, engine, ACTED | {"LOCATION"}))
    assert _needs(["12", "", "12345"], engine, ACTED | {"LOCATION"}) == [False, False, True]  # 5 digits: a phone?


def test_a_policy_that_keeps_every_model_entity_needs_no_model(engine, corpus):
    texts = [t for kind in corpus.values() for t, _ in kind]
    assert not any(_needs(texts, engine, frozenset({"EMAIL_ADDRESS"})))


def test_a_recogniser_the_rule_does_not_know_sends_every_text(engine):
    class PluginRecognizer:
        patterns = ()
        context = ()

    class Registry:
        def get_recognizers(self, language, entities):
            return [PluginRecognizer()]

    class Analyzer:
        registry = Registry()

    class Engine:
        analyzer = Analyzer()
        nlp = engine.nlp

    assert _needs(["Brightfen Kettle K67", "left at the door"], Engine()) == [True, True]  # type: ignore[arg-type]


def test_a_licence_context_word_or_more_digits_send_a_product_line_to_the_model(engine):
    assert _needs(["Brightfen Kettle K67"], engine) == [False]
    assert _needs(["Brightfen Kettle K67, driver licence"], engine) == [True]
    assert _needs(["Brightfen Kettle K679"], engine) == [True]  # three digits: a phone number is not ruled out


def test_no_phone_number_in_two_digits(engine):
    """The bound the rule uses: Presidio's phone recogniser finds nothing in a text with two digits or fewer."""
    from presidio_analyzer.predefined_recognizers import PhoneRecognizer

    recogniser = PhoneRecognizer()
    digits = [str(i) for i in range(10)] + [f"{i:02d}" for i in range(100)]
    shapes = ["{}", "+{}", "({})", "tel {}", "call +{} now", "{}-{}", "+{} {}", "0{}"]
    found = []
    for d in digits:
        for shape in shapes:
            parts = shape.count("{}")
            if parts == 2 and len(d) != 2:
                continue
            text = shape.format(*d) if parts == 2 else shape.format(d)
            if sum(c.isdigit() for c in text) > ner_need.MAX_DIGITS_NO_PHONE:
                continue
            if recogniser.analyze(text, ["PHONE_NUMBER"], None):
                found.append(text)
    assert found == []


def test_the_display_cache_keeps_policies_apart(engine, corpus):
    """A product line decided under the default policy goes through the model when places are redacted."""
    import pandas as pd

    texts = [t for t, _ in corpus["products"]]
    found = engine.analyze(texts, entities=["LOCATION"])
    placed = [t for t, spans in zip(texts, found) if spans]
    if not placed:
        pytest.skip("the model tags no place in these product lines")
    values = pd.Series(placed, dtype="str")
    kept = redact_text_series(values, Policy(), engine=engine).tolist()
    assert kept == placed  # decided, and places are kept: the lines as they were
    strict = Policy().replace(actions={"LOCATION": "redact"})
    redacted = redact_text_series(values, strict, engine=engine).tolist()
    assert any(a != b for a, b in zip(redacted, placed))
