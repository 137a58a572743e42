"""Free-text span detection: rules, NER clean-up, overlap resolution, and free-text routing."""

from __future__ import annotations

import pytest

from jupyter_privguard.detect.text import find_text_spans, given_name_spans, is_free_text, place_spans, rule_spans


def _found(text, spans):
    return {(text[s.start : s.end], s.entity) for s in spans}


# ------------------------------------------------------------------------------------- rules


@pytest.mark.parametrize(
    ("text", "fragment", "entity"),
    [
        ("Send it to 742 Evergreen Terrace, Springfield.", "742 Evergreen Terrace", "STREET_ADDRESS"),
        ("Our office: 4417 N. Oak Grove Ave., Suite 5 downtown", "4417 N. Oak Grove Ave., Suite 5", "STREET_ADDRESS"),
        (
            "I live at 12 Rua Vinte e Cinco de Setembro 1257 now",
            "12 Rua Vinte e Cinco de Setembro 1257",
            "STREET_ADDRESS",
        ),
        ("Mail to PO Box 1234 please", "PO Box 1234", "STREET_ADDRESS"),
        ("PSC 1234, Box 5678\nAPO AE 09012", "PSC 1234, Box 5678\nAPO AE 09012", "STREET_ADDRESS"),
        ("Wohnt in der Hauptstraße 5 in Köln", "Hauptstraße 5", "STREET_ADDRESS"),
        ("Apt. 329 is on the left", "Apt. 329", "STREET_ADDRESS"),
        ("Springfield, IL 62704", "62704", "POSTAL_CODE"),
        ("My zip code is 90210.", "90210", "POSTAL_CODE"),
        ("This 45 year old female complains of pain", "45", "AGE"),
        ("Patient is a 67-year-old male", "67", "AGE"),
        ("My father retired at the age of 63", "63", "AGE"),
        ("I just turned 30.", "30", "AGE"),
        ("and i'm 82 y/o.", "82", "AGE"),
        ("Phone:\n555 0134", "555 0134", "PHONE_NUMBER"),
        ("call me on 06 12 34 56 78 tonight", "06 12 34 56 78", "PHONE_NUMBER"),
        ("Hello, this is Mrs. Marie Hamanová speaking", "Marie Hamanová", "PERSON"),
    ],
)
def test_rules_find(text, fragment, entity):
    assert (fragment, entity) in _found(text, rule_spans(text))


@pytest.mark.parametrize(
    "text",
    [
        "I have 3 cats and 2 dogs.",
        "The release in 2019 is stable and version 3.2.1 is out.",
        "Sales turned 5 percent higher, turning 30% in a day",
        "Room 101 and Chapter 5",
        "We need 2 Large Pizzas and 3 Cokes",
        "Call it a day, we ran 5 miles.",
    ],
)
def test_rules_do_not_fire(text):
    assert rule_spans(text) == []


def test_age_rule_bounds():
    assert not [s for s in rule_spans("The tree turned 300 this year") if s.entity == "AGE"]


def test_dr_after_a_street_is_not_a_title():
    text = "Ship to 12 Oak Dr Springfield"
    assert ("Springfield", "PERSON") not in _found(text, rule_spans(text))


def test_address_block_lines_follow_a_street_line():
    text = "Fausto Calabrese\n\n22829 Jagerij 64\n Apt. 591\n Mazée\n Belgium 6520\nPhone: 555 0101"
    found = _found(text, rule_spans(text))
    assert ("Mazée", "STREET_ADDRESS") in found
    assert ("Belgium 6520", "STREET_ADDRESS") in found
    # the block stops at the labelled phone line
    assert not any(frag.startswith("Phone") for frag, _ in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She moved from New Mexico to Iceland.", {"New Mexico", "Iceland"}),
        ("BASED IN GERMANY", {"GERMANY"}),
        ("Jordan and Georgia went home", set()),  # also given names: left to the NER model
        ("the united states", set()),  # not capitalised
    ],
)
def test_place_spans(text, expected):
    assert {text[s.start : s.end] for s in place_spans(text)} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yesterday Amanda Jones called.", {"Amanda Jones"}),
        ("My name is Helen.", {"Helen"}),
        ("An apple a day. My word!", set()),
        ("Will you meet Rose in April?", set()),  # ambiguous given names and months are skipped
        ("LONDON\nUnited Kingdom", set()),
    ],
)
def test_given_name_spans(text, expected):
    assert {text[s.start : s.end] for s in given_name_spans(text)} == expected


# -------------------------------------------------------------------------- find_text_spans


def test_without_engine_patterns_and_rules_only():
    texts = ["Card 4111 1111 1111 1111, mail ann@example.com", "742 Evergreen Terrace", ""]
    spans = find_text_spans(texts)
    assert len(spans) == 3
    assert ("4111 1111 1111 1111", "CREDIT_CARD") in _found(texts[0], spans[0])
    assert ("ann@example.com", "EMAIL_ADDRESS") in _found(texts[0], spans[0])
    assert spans[1][0].entity == "STREET_ADDRESS"
    assert spans[2] == []


def _assert_no_overlaps(spans):
    for row in spans:
        for a, b in zip(row, row[1:]):
            assert a.end <= b.start, (a, b)


@pytest.mark.ner
def test_with_engine_union_and_clean_up(engine):
    texts = [
        "Please charge card 4111 1111 1111 1111 for John Smith.",
        "My zip code is 90210 and I moved to Berlin.",
        "Capitalized words like Wisdom and Discipline are often mistaken with names.",
        "I have been waiting for 3 weeks and last month nothing happened.",
        "The Zoolander film came out on 28 September 2001.",
        "My SSN is 536-22-8790 and my phone is (212) 555-0187.",
        "Bad SSN 078-05-1120 here",
    ]
    spans = find_text_spans(texts, engine=engine)
    _assert_no_overlaps(spans)
    card = _found(texts[0], spans[0])
    assert ("4111 1111 1111 1111", "CREDIT_CARD") in card and ("John Smith", "PERSON") in card
    # Presidio's cross-type false positives on the card number are gone
    assert {e for _, e in card} == {"CREDIT_CARD", "PERSON"}
    zips = _found(texts[1], spans[1])
    assert ("90210", "POSTAL_CODE") in zips and ("Berlin", "LOCATION") in zips
    assert not any(e == "DATE_TIME" for _, e in zips)
    assert spans[2] == []  # ordinary capitalised words are not people
    assert spans[3] == []  # durations and relative dates identify no one
    assert any(e == "DATE_TIME" for _, e in _found(texts[4], spans[4]))
    ids = _found(texts[5], spans[5])
    assert ("536-22-8790", "US_SSN") in ids and ("(212) 555-0187", "PHONE_NUMBER") in ids
    assert not any(e == "PHONE_NUMBER" for _, e in _found(texts[6], spans[6]))


@pytest.mark.ner
def test_validated_pattern_beats_ner(engine):
    text = "Reach me at jane.doe@example.org or 10.0.0.1 today"
    spans = find_text_spans([text], engine=engine)[0]
    found = _found(text, spans)
    assert ("jane.doe@example.org", "EMAIL_ADDRESS") in found and ("10.0.0.1", "IP_ADDRESS") in found
    assert not any(e in ("URL", "PERSON", "DATE_TIME") and "example" in frag for frag, e in found)


@pytest.mark.ner
def test_spans_carry_no_text(engine):
    text = "John Smith lives at 742 Evergreen Terrace."
    for span in find_text_spans([text], engine=engine)[0]:
        assert all(not isinstance(v, str) or v in (span.entity, span.detector) for v in vars(span).values())
        assert "John" not in span.detector and "Evergreen" not in span.detector


# ------------------------------------------------------------------------------ is_free_text


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["I ordered a blue jacket last week but it has not arrived yet, please help."] * 3, True),
        (
            [
                "Patient reports mild headaches and was advised to rest for a few days.",
                "Follow up with the doctor in a couple of months if symptoms persist.",
                "Called the customer back about the refund; she was happy with the outcome.",
            ],
            True,
        ),
        (["John Smith", "Amanda Jones", "Helen Therres"], False),
        (["742 Evergreen Terrace, Springfield, IL 62704", "12 Main Street, Boston, MA 02110"], False),
        (
            [
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
            ]
            * 3,
            False,
        ),
        (["ann@example.com", "bob@example.org"], False),
        (["12345", "67890"], False),
        (["Internal Auditor", "Senior Engineer"], False),
        ([], False),
        ([None, ""], False),
    ],
)
def test_is_free_text(values, expected):
    assert is_free_text(values) is expected


@pytest.mark.parametrize(
    "text,name",
    [
        ("Card ending changed; customer Detlef Schuchhardt confirmed identity.", "Detlef Schuchhardt"),
        ("Spoke with Sibilla Klapp on the phone, call back tomorrow.", "Sibilla Klapp"),
        ("Spoke with Léon Maréchal on the phone, call back tomorrow.", "Léon Maréchal"),
    ],
)
def test_european_names_the_model_reads_as_organisations_are_persons(engine, text, name):
    # the small English model labels these ORGANIZATION; the gazetteer knows the given name
    spans = find_text_spans([text], engine=engine)[0]
    assert [(s.entity, text[s.start : s.end]) for s in spans] == [("PERSON", name)]


@pytest.mark.parametrize(
    "text", ["Transfer from Morgan Stanley Bank received.", "Invoice to Jordan Brothers Ltd sent."]
)
def test_organisations_with_an_organisation_word_stay_organisations(engine, text):
    assert [s for s in find_text_spans([text], engine=engine)[0] if s.entity == "PERSON"] == []


@pytest.mark.parametrize(
    "text,name",
    [
        ("Spoke with Dakota Stark on the phone, call back on +1-672-252-1728.", "Dakota Stark"),
        ("Spoke with Étienne-Denis Morin on the phone, call back on +33 5 81 70 41 58.", "Étienne-Denis Morin"),
        ("Spoke with Dipl.-Ing. Imre Mies B.A. on the phone, call back on 06315 62008.", "Imre Mies B.A."),
    ],
)
def test_a_name_two_sources_see_in_part_is_redacted_whole(engine, text, name):
    # the model finds "Stark" only, or an organisation around the gazetteer's given-name run
    persons = [text[s.start : s.end] for s in find_text_spans([text], engine=engine)[0] if s.entity == "PERSON"]
    assert persons == [name]


@pytest.mark.parametrize(
    "text,found",
    [
        ("Card ending changed; customer Martin Chambers confirmed identity.", ("PERSON", "Martin Chambers")),
        ("patient Ana Lima was seen on Monday", ("PERSON", "Ana Lima")),
        ("Spoke with them on the phone, call back on 391-630-5694x5031.", ("PHONE_NUMBER", "391-630-5694x5031")),
        ("Please call us at (456)513-4741x037 tomorrow.", ("PHONE_NUMBER", "(456)513-4741x037")),
        ("call back on 001-348-737-6054x00046.", ("PHONE_NUMBER", "001-348-737-6054x00046")),
    ],
)
def test_rules_for_names_after_a_role_and_numbers_to_call_back(text, found):
    # Faker's numbers are often unassigned ranges (no phone validator accepts them) and these
    # surnames are ordinary words: the wording around them is the evidence
    assert found in {(s.entity, text[s.start : s.end]) for s in rule_spans(text)}


@pytest.mark.parametrize(
    "text", ["customer Support Team replied", "Customer Success Manager called", "the customer John asked"]
)
def test_role_words_before_teams_are_not_names(text):
    assert [s for s in rule_spans(text) if s.entity == "PERSON"] == []
