"""Names glued into one capitalised token that nothing learned: ``AnnLee``, ``AaronOrtiz1990``.

The free-text tier (:mod:`.outgoing`) reads a person's name as a run of capitalised words. Code
that concatenates a given name and a surname without a space (``first + last``) prints one token
instead, which no run holds. Here such a token is split where a lower-case letter meets an
upper-case one, and its parts are judged like a run of words with no context: a person when the
names gazetteer knows the first part as a given name and the rest as names
(:func:`.outgoing._pair_score`; ``TreeWalker``, ``DataFrame``, ``MarkDown``, ``RobertaModel`` are
not). Two or three parts, each of at least two letters; digits may follow (``AnnLee42``).
"""

from __future__ import annotations

import re

from ..report import Span
from .names import gazetteer
from .outgoing import _kind, _pair_score

__all__ = ["glued_name_spans"]

_UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁ"
_LOWER = "a-zß-öø-ÿа-яё"
_GLUED = re.compile(rf"(?<![^\W\d_])(?:[{_UPPER}][{_LOWER}]+){{2,3}}(?![^\W\d_])")
_PART = re.compile(rf"[{_UPPER}][{_LOWER}]+")
_HINT = re.compile(rf"[{_LOWER}][{_UPPER}]")
DETECTOR = "glued-name"


def glued_name_spans(text: str) -> list[Span]:
    """``PERSON`` spans of the glued names in ``text`` (offsets into it)."""
    if not _HINT.search(text):
        return []
    gaz = gazetteer()
    out: list[Span] = []
    for m in _GLUED.finditer(text):
        kinds = [_kind(part, gaz) for part in _PART.findall(m.group())]
        score = _pair_score(kinds)
        if score is not None and score > 0:
            out.append(Span(m.start(), m.end(), "PERSON", score, DETECTOR))
    return out
