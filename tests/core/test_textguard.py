"""redact_text(): the pattern tier plus the exact-value index over free output."""

from __future__ import annotations

import html
import json

import pytest

from jupyter_privguard.policy import Policy
from jupyter_privguard.session import GuardSession
from jupyter_privguard.textguard import ExactIndex, redact_text

EMAIL = "ada.lovelace@example.org"
NAME = "Siobhan O'Neill"
UNICODE_NAME = "Zoë Brontë"


@pytest.fixture()
def session() -> GuardSession:
    s = GuardSession(policy=Policy())
    s.remember_values([NAME, UNICODE_NAME, "Hannelore Kowalczyk"], "PERSON")
    s.remember_values(["1961-04-12"], "DATE_OF_BIRTH")
    s.remember_values(["plain-keep-me"], "AGE")  # an entity whose action is keep
    return s


@pytest.mark.parametrize(
    "text, gone, kept",
    [
        # pattern tier, no index needed
        (f"mail {EMAIL} now", [EMAIL], ["mail ", " now"]),
        ("card 4111 1111 1111 1111.", ["4111 1111 1111 1111"], ["card "]),
        ("call +1-202-555-0143 today", ["202-555-0143"], ["call", "today"]),
        ("ssn 512-38-7741", ["512-38-7741"], ["ssn"]),
        ("from 195.196.119.93", ["195.196.119.93"], ["from"]),
        # exact index: names the patterns cannot see, in several escapings
        (f"Dear {NAME},", [NAME], ["Dear", ","]),
        (f"<td>{html.escape(NAME)}</td>", ["O&#x27;Neill"], ["<td>", "</td>"]),
        (json.dumps({"n": UNICODE_NAME}), ["Zo\\u00eb Bront\\u00eb"], ['{"n": "']),
        (repr([NAME]), ["O\\'Neill", "O'Neill"], ["["]),
        (f"SHOUT {NAME.upper()}!", [NAME.upper()], ["SHOUT"]),
        ("born 1961-04-12", ["1961-04-12"], ["born"]),
        # ANSI colour codes inside a traceback line do not hide a value
        ("\x1b[0;31mKeyError\x1b[0m: 'Hannelore\x1b[1m Kowalczyk'", ["Kowalczyk"], ["KeyError"]),
    ],
)
def test_values_are_replaced_and_the_rest_kept(
    session: GuardSession, text: str, gone: list[str], kept: list[str]
) -> None:
    out, counts = redact_text(text, session)
    for value in gone:
        assert value not in out, out
    for piece in kept:
        assert piece in out, out
    assert counts and sum(counts.values()) >= 1


@pytest.mark.parametrize(
    "text",
    [
        "nothing personal here: 42 rows, mean 3.14",
        "O'Neills pub",  # not the whole value
        "Hannelore Kowalczyksson",  # a longer word: not on a boundary
        "version 2024-06-26T02:13:58",  # DATE_TIME: action keep
        "see https://cdn.plot.ly/plotly-2.js",  # URL: left to the index, not the pattern tier
        "age plain-keep-me",  # a remembered value whose entity is kept
        "",
    ],
)
def test_clean_text_is_returned_unchanged(session: GuardSession, text: str) -> None:
    out, counts = redact_text(text, session)
    assert out == text and counts == {}


def test_html_markup_escapes_the_placeholder(session: GuardSession) -> None:
    out, counts = redact_text(f"<b>{EMAIL}</b>", session, markup="html")
    assert out == "<b>&lt;EMAIL_ADDRESS&gt;</b>" and counts == {"EMAIL_ADDRESS": 1}


def test_counts_per_entity(session: GuardSession) -> None:
    out, counts = redact_text(f"{NAME} {EMAIL} {NAME}", session)
    assert counts == {"PERSON": 2, "EMAIL_ADDRESS": 1}
    assert out == "<PERSON> <EMAIL_ADDRESS> <PERSON>"


def test_policy_keep_and_allow_lists_are_honoured(session: GuardSession) -> None:
    keep_email = Policy(actions={"EMAIL_ADDRESS": "keep"})
    assert redact_text(EMAIL, session, policy=keep_email)[0] == EMAIL
    allowed = Policy(allow_values=[EMAIL])
    assert redact_text(f"write to {EMAIL}", session, policy=allowed)[0] == f"write to {EMAIL}"
    allowed_pattern = Policy(allow_patterns=[r".*@example\.org"])
    assert redact_text(EMAIL, session, policy=allowed_pattern)[0] == EMAIL


def test_index_is_rebuilt_when_the_session_learns_values(session: GuardSession) -> None:
    assert redact_text("hi Rumpelstilzchen", session)[0] == "hi Rumpelstilzchen"
    session.remember_values(["Rumpelstilzchen"], "PERSON")
    assert redact_text("hi Rumpelstilzchen", session)[0] == "hi <PERSON>"


def test_patterns_can_be_switched_off(session: GuardSession) -> None:
    assert redact_text(EMAIL, session, patterns=False)[0] == EMAIL


@pytest.mark.parametrize("use_automaton", [True, False])
def test_exact_index_engines_agree(monkeypatch: pytest.MonkeyPatch, use_automaton: bool) -> None:
    if not use_automaton:
        import builtins

        real_import = builtins.__import__

        def no_ahocorasick(name, *args, **kwargs):
            if name == "ahocorasick":
                raise ImportError(name)
            return real_import(name, *args, **kwargs)

        monkeypatch.setattr(builtins, "__import__", no_ahocorasick)
    index = ExactIndex({"Grace Hopper": "PERSON", "Grace Hopperton": "PERSON", "hopper@navy.example": "EMAIL_ADDRESS"})
    assert index.engine == ("pyahocorasick" if use_automaton else "regex")
    text = "GRACE HOPPERTON and grace hopper wrote to hopper@navy.example; Grace Hoppers no"
    found = [(text[s:e], ent) for s, e, ent in index.find(text)]
    assert found == [
        ("GRACE HOPPERTON", "PERSON"),
        ("grace hopper", "PERSON"),
        ("hopper@navy.example", "EMAIL_ADDRESS"),
    ]


def test_empty_index_finds_nothing() -> None:
    assert ExactIndex({}).find("anything") == [] and len(ExactIndex({})) == 0


def test_quotes_around_an_email_in_a_repr_survive() -> None:
    from jupyter_privguard.policy import Policy
    from jupyter_privguard.session import GuardSession
    from jupyter_privguard.textguard import redact_text

    session = GuardSession(policy=Policy(ner="off"))
    text, counts = redact_text("{'email': 'bob.jones@example.org', 'n': 1}", session)
    assert text == "{'email': '<EMAIL_ADDRESS>', 'n': 1}" and counts == {"EMAIL_ADDRESS": 1}


def test_allowing_a_column_takes_its_values_out_of_the_exact_index() -> None:
    from jupyter_privguard.policy import Policy
    from jupyter_privguard.session import GuardSession
    from jupyter_privguard.textguard import redact_text

    session = GuardSession(policy=Policy(ner="off"))
    session.remember_values(["Wilhelmina Quarshie"], "PERSON", "customer")
    session.remember_values(["Bartholomew Ng"], "PERSON", "agent")
    line = "Wilhelmina Quarshie spoke to Bartholomew Ng"
    assert redact_text(line, session)[0] == "<PERSON> spoke to <PERSON>"
    session.policy = session.policy.replace(allow_columns=("customer",))
    assert redact_text(line, session)[0] == "Wilhelmina Quarshie spoke to <PERSON>"
    session.policy = session.policy.replace(allow_values=("Bartholomew Ng",))
    assert redact_text(line, session)[0] == line


def test_a_number_glued_to_a_name_does_not_hide_it() -> None:
    # a table printed without a gap between the row label and the first value ("6311Michael Hines")
    index = ExactIndex({"Michael Hines": "PERSON", "5550199": "PHONE_NUMBER"})
    assert index.find("6311Michael Hines  (212)") == [(4, 17, "PERSON")]
    assert index.find("Michael Hines2") == [(0, 13, "PERSON")]
    # letters still join letters, and digits join digits: no match inside a longer word or number
    assert index.find("xMichael Hines") == [] and index.find("Michael Hinesy") == []
    assert index.find("95550199") == [] and index.find("tel 5550199.") == [(4, 11, "PHONE_NUMBER")]


@pytest.mark.parametrize(
    "printed",
    [
        "3    1961-04-12 00:00:00\nName: when, dtype: datetime64[ns]",
        "Timestamp('1961-04-12 00:00:00')",
        "seen 1961-04-12 00:00:00+00:00",
    ],
)
def test_a_known_birth_date_printed_as_a_time_stamp_is_redacted(printed: str) -> None:
    # the pattern tier reads a longer date (kept by the policy) around the known value: before the
    # kept reading was dropped first, it swallowed the birth date in the overlap merge
    session = GuardSession(policy=Policy(ner="off"))
    session.remember_values(["1961-04-12"], "DATE_OF_BIRTH", "dob")
    text, counts = redact_text(printed, session)
    assert "1961-04-12" not in text and counts == {"DATE_OF_BIRTH": 1}
