"""Person names in free text with no NER model: the free-text column finder and the outgoing tier agree.

Table-driven: each positive row names the span that must be redacted whole (first name and
initials included); each negative row must give no PERSON span at all.
"""

from __future__ import annotations

import pytest

from jupyter_privguard.detect.outgoing import find_outgoing_spans
from jupyter_privguard.detect.text import find_text_spans

POSITIVE = [
    ("Called Alice Johnson about the refund.", "Alice Johnson"),
    ("Spoke with A. Johnson today.", "A. Johnson"),
    ("Section A. Johnson said no.", "A. Johnson"),
    ("Johnson, Alice asked for a call back.", "Johnson, Alice"),
    ("Mr Johnson called twice.", "Johnson"),
    ("Letter for Dr. Müller.", "Müller"),
    ("Frau Schmidt rief an.", "Schmidt"),
    ("M. Dupont a appelé hier.", "M. Dupont"),
    ("Sra. García llamó por la mañana.", "García"),
    ("Thanks for the update.\nRegards,\nAlice", "Alice"),
    ("Kontakt: Jürgen Wolff, Rückruf erbeten.", "Jürgen Wolff"),
    ("Ho parlato con Giulia Bianchi ieri.", "Giulia Bianchi"),
    ("Gesprek met mevrouw de Vries gepland.", "de Vries"),
    ("Called van Dijk about the order.", "van Dijk"),
    ("Cliente: João Pereira pediu reembolso.", "João Pereira"),
    ("Signed by Ludwig van Beethoven", "Ludwig van Beethoven"),
    ("Called Alice J. about it.", "Alice J."),
    ("Called ALICE JOHNSON about the refund.", "ALICE JOHNSON"),
    ("Contact: MARIA ROSSI", "MARIA ROSSI"),
    ("Called Mr. A. Johnson twice.", "A. Johnson"),
]

NEGATIVE = [
    "Meeting in New York on Monday about Jupyter and Python.",
    "Will May mark the bill by Friday?",
    "Paris is lovely in April.",
    "J. Crew sells shirts.",
    "U.S. Steel rose 3%.",
    "Fig. 3 shows the loss per epoch.",
    "Called de Gaulle Airport for the schedule.",
    "The price in de Euro zone fell.",
    "NEW YORK CITY TRAFFIC REPORT",
    "Called SQL JOIN on both tables.",
    "ALICE JOHNSON",  # capitals with no context: a heading as often as a name
    "I met Alice. J. left early.",
]


def _names(text: str) -> dict[str, list[str]]:
    column = [text[s.start : s.end] for s in find_text_spans([text], engine=None)[0] if s.entity == "PERSON"]
    outgoing = [text[s.start : s.end] for s in find_outgoing_spans(text, entities=("PERSON",))]
    return {"free-text column": column, "outgoing": outgoing}


@pytest.mark.parametrize(("text", "name"), POSITIVE)
def test_the_whole_name_is_found_by_both_finders(text: str, name: str) -> None:
    for finder, found in _names(text).items():
        assert found == [name], finder


@pytest.mark.parametrize("text", NEGATIVE)
def test_no_person_in_ordinary_text(text: str) -> None:
    for finder, found in _names(text).items():
        assert found == [], finder
