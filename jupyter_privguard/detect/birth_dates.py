"""Birth dates in outgoing text: a date within a few words of a birth word (the outgoing tier's third rule).

A birth word in several languages (``born``, ``DOB``, ``geb.``, ``née le``, ``nacido el``,
``data de nascimento``, ``nato il`` ...; :data:`.outgoing_vocab.BIRTH_WORDS`) and a date that
:func:`.validators.birth_date` accepts, on the same line. A date alone is not a birth date.
Moved here from :mod:`.outgoing` (unchanged) to keep that module under the size limit.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..report import Span
from . import outgoing_vocab as vocab

__all__ = ["birth_spans"]

_SCORE_DOB = 0.85


@lru_cache(maxsize=1)
def _birth_regex() -> re.Pattern[str]:
    words = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(vocab.BIRTH_WORDS, key=len, reverse=True))
    return re.compile(rf"(?i)(?<![\w])(?:{words})(?![\w])")


def birth_spans(text: str) -> list[Span]:
    """``DATE_OF_BIRTH`` spans of ``text`` (offsets, entity, score, detector; never the text)."""
    from . import validators
    from .patterns import find_spans

    low = text.lower()
    # a substring test per stem spares the regular expression nearly every output, and where a
    # stem is found ("née", also inside "Renée") the expression reads only the text around it
    regex = _birth_regex()
    hits: list[tuple[int, int]] = []
    for stem in vocab.BIRTH_STEMS:
        at = low.find(stem)
        while at >= 0:
            left = max(0, at - 32)
            for m in regex.finditer(text, left, min(len(text), at + 32)):
                if m.start() <= at < m.end() and m.span() not in hits:
                    hits.append(m.span())
            at = low.find(stem, at + 1)
    hits.sort()
    if not hits:
        return []
    out: list[Span] = []
    # dates in a window around each birth word (the text between them on one line)
    windows: list[tuple[int, int]] = []
    for s, e in hits:
        left = text.rfind("\n", 0, s) + 1
        right = text.find("\n", e)
        right = len(text) if right < 0 else right
        windows.append((max(left, s - 40), min(right, e + 60)))
    pieces = [text[a:b] for a, b in windows]
    for (a, _b), spans in zip(windows, find_spans(pieces, entities={"DATE_TIME", "DATE_OF_BIRTH"})):
        for span in spans:
            fragment = text[a + span.start : a + span.end]
            if validators.birth_date(fragment):
                out.append(Span(a + span.start, a + span.end, "DATE_OF_BIRTH", _SCORE_DOB, "outgoing:birth_date"))
    return out
