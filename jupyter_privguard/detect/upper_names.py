"""Person names written in capitals ("Called ALICE JOHNSON", "Contact: MARIA ROSSI"), for the outgoing tier.

The outgoing tier's runs (:mod:`.outgoing`) are title case, so that headings, constants and acronyms
in capitals ("NEW YORK", "SQL JOIN", "MAX_ROWS") never read as names. A run of two or three words in
capitals is a person only when a person context comes right before it (the outgoing tier's
``Called``, ``Contact:``, ``Dear``, a title ...), and its first word is a given name and its last a
surname by the names gazetteer, none of its words a word that is no name.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..report import Span
from .names import Gazetteer

__all__ = ["upper_case_name_spans"]

_SCORE = 0.85
_UPPER_RUN = re.compile(
    r"(?<![\w.@/\\-])([A-ZÀ-ÖØ-Þ]{2,}(?:[-'’][A-ZÀ-ÖØ-Þ]{2,})?(?:[ ][A-ZÀ-ÖØ-Þ]{2,}(?:-[A-ZÀ-ÖØ-Þ]{2,})?){1,2})(?![\w@(-])"
)


def upper_case_name_spans(
    text: str, gaz: Gazetteer, context_before: Callable[[str, int], str | None], not_names: frozenset[str]
) -> list[Span]:
    """``PERSON`` spans of capitalised names after a person context.

    Parameters
    ----------
    text
        One output.
    gaz
        The names gazetteer.
    context_before
        The outgoing tier's context test: ``"strong"``, ``"label"``, ``"weak"`` or ``None`` for the
        text before an offset.
    not_names
        Words the outgoing tier knows are no name (lower case), beside the gazetteer's.
    """
    out: list[Span] = []
    for m in _UPPER_RUN.finditer(text):
        words = [w.lower() for w in m.group(1).split()]
        if any(part in not_names for w in words for part in w.split("-")):
            continue
        if words[0] not in gaz.given or not all(p in gaz.surname for p in words[-1].split("-")):
            continue
        if context_before(text, m.start(1)) not in ("strong", "label"):
            continue
        out.append(Span(m.start(1), m.end(1), "PERSON", _SCORE, "outgoing:upper_case"))
    return out
