"""The span cache behind ``redaction_spans``: the same answers as without it, and never a stale one.

Values come from faker (several locales); each test checks the cached answer against a fresh
computation and that what the spans depend on (learned values, allow lists, the policy, the
recognisers, the finder functions) clears the cache.
"""

from __future__ import annotations

from typing import Any

import pytest

from jupyter_privguard import textguard
from jupyter_privguard.policy import Policy
from jupyter_privguard.session import GuardSession
from jupyter_privguard.spancache import SPAN_CACHE, SpanCache


@pytest.fixture()
def people() -> list[tuple[str, str]]:
    from faker import Faker

    fake = Faker(["en_US", "de_DE", "it_IT"])
    fake.seed_instance(8)
    return [(fake.unique.name(), fake.unique.email()) for _ in range(40)]


@pytest.fixture()
def session() -> GuardSession:
    return GuardSession(policy=Policy(ner="off"))


def _uncached(text: str, session: GuardSession, patterns: bool = True) -> list[tuple[int, int, str]]:
    return textguard._find_redaction_spans(text, session, session.policy, patterns, frozenset(textguard.PATTERN_SKIP))


def test_the_cache_answers_as_the_tiers_do(session: GuardSession, people: list[tuple[str, str]]) -> None:
    session.remember_values([n for n, _ in people[:20]], "PERSON")
    texts = [f"Row {i}: {name} <{email}> paid 2037.59 for SKU-{1000 + i}" for i, (name, email) in enumerate(people)]
    for _ in range(2):  # the second round is answered from the cache
        for text in texts:
            for patterns in (True, False):
                assert textguard.redaction_spans(text, session, patterns=patterns) == _uncached(text, session, patterns)
    assert SPAN_CACHE.size(session) == 2 * len(texts)


def test_a_value_learned_later_is_found_in_a_text_seen_before(
    session: GuardSession, people: list[tuple[str, str]]
) -> None:
    name = people[0][0]
    text = f"Spoke about the order of {name} today"
    before = textguard.redaction_spans(text, session, patterns=False)
    assert not before
    session.remember_values([name], "PERSON")
    after = textguard.redaction_spans(text, session, patterns=False)
    assert after and text[after[0][0] : after[0][1]] == name


def test_allowing_a_column_or_changing_the_policy_clears_it(
    session: GuardSession, people: list[tuple[str, str]]
) -> None:
    name, email = people[1]
    session.remember_values([name], "PERSON", column="customer")
    text = f"{name} wrote from {email}"
    assert any(e == "PERSON" for *_, e in textguard.redaction_spans(text, session, patterns=False))
    session.policy = session.policy.replace(allow_columns=["customer"])
    assert not textguard.redaction_spans(text, session, patterns=False)
    assert textguard.redaction_spans(text, session) == _uncached(text, session)
    kept = session.policy.replace(actions={"EMAIL_ADDRESS": "keep"})
    assert not any(e == "EMAIL_ADDRESS" for *_, e in textguard.redaction_spans(text, session, policy=kept))
    assert any(e == "EMAIL_ADDRESS" for *_, e in textguard.redaction_spans(text, session))


def test_a_replaced_tier_meets_no_stale_result(session: GuardSession, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "nothing personal in here at all"
    assert textguard.redaction_spans(text, session) == []

    def broken(text: str, session: Any) -> list[tuple[int, int, str]]:
        raise RuntimeError("the index failed")

    monkeypatch.setattr(textguard, "_known_value_spans", broken)
    with pytest.raises(RuntimeError):
        textguard.redaction_spans(text, session)


def test_a_recogniser_registered_later_is_used(session: GuardSession) -> None:
    from jupyter_privguard.detect.recognizer import PatternRecognizer
    from jupyter_privguard.session import current_session

    text = "ticket ZQX-4417-KAPPA was raised"
    assert textguard.redaction_spans(text, session) == []
    registry = current_session().registries.recognizers
    recognizer = PatternRecognizer("test_ticket", "NATIONAL_ID", "ZQX-[0-9]{4}-[A-Z]+", 0.9)
    registry.register(recognizer)
    try:
        assert [e for *_, e in textguard.redaction_spans(text, session)] == ["NATIONAL_ID"]
    finally:
        registry.unregister("test_ticket")
    assert textguard.redaction_spans(text, session) == []


def test_bounds_and_sessions_apart(people: list[tuple[str, str]]) -> None:
    cache = SpanCache(max_entries=5, max_chars=10_000)
    a, b = GuardSession(policy=Policy(ner="off")), GuardSession(policy=Policy(ner="off"))
    a.remember_values([people[0][0]], "PERSON")

    def finder(text: str, session: Any, policy: Any, patterns: bool, skip: frozenset[str]) -> Any:
        return _uncached(text, session, patterns)

    text = f"hello {people[0][0]}"
    assert cache.spans(text, a, a.policy, False, frozenset(), finder)
    assert cache.spans(text, b, b.policy, False, frozenset(), finder) == []  # b never learned it
    for i in range(20):
        cache.spans(f"text number {i}", a, a.policy, False, frozenset(), finder)
    assert cache.size(a) == 5
    cache.spans("x" * 9_990, a, a.policy, False, frozenset(), finder)
    assert cache.size(a) <= 2
