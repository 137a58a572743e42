"""Which free texts the NER model can change, decided before it runs.

The free-text tier (:func:`jupyter_privguard.detect.text.find_text_spans`) cleans what the model returns
before anything is redacted: a ``PERSON`` made only of ordinary words, or holding a digit, is dropped
(``_keep_person``); a ``PERSON`` inside a product's name (capitalised words ended by a model code, "Brightfen
Wind Chime L19") is dropped (:func:`names_a_product`); a ``DATE_TIME`` needs a digit or a calendar word;
Presidio's phone and driver's-licence recognisers (run with the model) need digits, and the licence one a
context word too. So for many texts it can be shown, from the text alone, that no span the model could return
would survive that cleaning with an entity the policy acts on. :func:`needs_ner` says which texts are left:
only those go through the model, in one batch.

The decision rests on the cleaning rules, not on how the model behaves: a text is skipped only when every span
the model might tag in it (any run of its tokens) would be dropped, so skipping it changes nothing that is
redacted. What the model adds besides (organisations that veto a gazetteer name, places and dates the policy
keeps) only ever removes redactions, so a skipped text is redacted at least as much as before.

A word could be (part of) a kept ``PERSON`` when the name lists know it as a given name or a surname, when the
ordinary-word list does not know it (most foreign names), or when it is not in the Latin script (those
scripts' name rules decide). A text is decided when each such word is inside a product's name: every span that
contains it and ends before a digit is dropped by :func:`names_a_product`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Sequence
from typing import Any

from ..report import Span
from . import outgoing_vocab

__all__ = ["MODEL_CODE", "needs_ner", "names_a_product", "name_capable"]

#: A model or product code (shared with the outgoing-text tier, defined beside its vocabulary).
MODEL_CODE = outgoing_vocab.MODEL_CODE
# up to three more capitalised words, then a code: the end of the name the span is part of
_CODE_AFTER = re.compile(rf"(?:[ ][A-Z][\w'’-]*){{0,3}}[ \t]+{MODEL_CODE}\b")
_CODE_TOKEN = re.compile(rf"(?<![\w-]){MODEL_CODE}(?![\w-])")

# the words _keep_person reads in a span (letters only)
_WORDS = re.compile(r"[^\W\d_]+")
# phonenumbers reads any script's digits (superscripts and subscripts too), as the NER tier's digit test
_DIGIT = re.compile(r"[\d\u00b2\u00b3\u00b9\u2070-\u2079\u2080-\u2089]")
#: At most this many digits in a text: Presidio's phone recogniser finds no number in it (checked for every
#: string of one or two digits, with separators and a "+", in each region it tries: tests/core/test_ner_need.py).
MAX_DIGITS_NO_PHONE = 2
# the entities whose spans come from the model (through Presidio's spaCy recogniser) or with it
_MODEL_ENTITIES = frozenset({"PERSON", "LOCATION", "NRP", "DATE_TIME"})
_DIGIT_ENTITIES = frozenset({"PHONE_NUMBER", "US_DRIVER_LICENSE"})
# the Presidio recognisers this module knows the behaviour of; any other one asked for an entity: no skipping
_KNOWN_RECOGNISERS = frozenset({"SpacyRecognizer", "DateRecognizer", "PhoneRecognizer", "UsLicenseRecognizer"})
# a longer text is always analysed (the check is quadratic in its words at worst)
_MAX_DECIDED = 5_000


def names_a_product(text: str, span: Span) -> bool:
    """A "person" inside a run of capitalised words that a model code ends, or on the code itself,
    is a product's name ("Brightfen Wind Chime L19", "Quorvale Kettle K67"): people's names carry
    no model numbers, catalogues do."""
    if _CODE_AFTER.match(text, span.end):
        return True
    around = _CODE_TOKEN.finditer(text, max(0, span.start - 8), min(len(text), span.end + 8))
    return any(m.start() < span.end and span.start < m.end() for m in around)


def name_capable(word: str) -> bool:
    """Whether a ``PERSON`` span holding ``word`` could survive the NER clean-up (see the module doc)."""
    from .names import gazetteer
    from .scripts import script_of

    if script_of(word) != "latin":
        return True
    gaz = gazetteer()
    low = word.lower()
    return low in gaz.given or low in gaz.surname or low not in gaz.other


@functools.lru_cache(maxsize=65_536)
def _capable(word: str) -> bool:
    return name_capable(word)


def _pieces(text: str, starts: set[int]) -> list[tuple[int, int]]:
    """Each letter run of ``text`` and, where a token boundary falls inside one, each part between boundaries
    (a span's fragment is cut at token boundaries, so those parts are the words _keep_person may read)."""
    out = []
    for m in _WORDS.finditer(text):
        cuts = [m.start(), *sorted(b for b in starts if m.start() < b < m.end()), m.end()]
        if len(cuts) == 2:
            out.append((m.start(), m.end()))
            continue
        out.extend((cuts[i], cuts[j]) for i in range(len(cuts)) for j in range(i + 1, len(cuts)))
    return out


def _person_decided(text: str, ends: list[int], starts: set[int], merged: bool) -> bool:
    """Whether no ``PERSON`` span the model could tag in ``text`` survives the clean-up.

    ``ends`` are the token end offsets (sorted); ``merged``: the text has a gazetteer given name, so a
    person may also be merged from an organisation (no digit test on those), and spans past a digit count.
    """
    for start, end in _pieces(text, starts):
        if not _capable(text[start:end]):
            continue
        for e in ends:
            if e < end:
                continue
            if not merged and _DIGIT.search(text, start, e):
                break  # a span holding a digit is dropped (and so is every longer one)
            if not names_a_product(text, Span(start, e, "PERSON", 0.85, "ner")):
                return False
    return True


@functools.lru_cache(maxsize=8)
def _licence_context(recognisers: tuple[tuple[str, tuple[str, ...], float], ...]) -> tuple[str, ...] | None:
    """The licence recogniser's context words, or ``None`` when one of its patterns scores 0.5 or more alone."""
    words: list[str] = []
    for _name, context, top in recognisers:
        if top >= 0.5:
            return None
        words.extend(w.lower() for w in context)
    return tuple(words)


def _recognisers(engine: Any, entities: Collection[str]) -> tuple[tuple[str, tuple[str, ...], float], ...] | None:
    """``(class name, context words, top pattern score)`` of Presidio's recognisers for ``entities``, or
    ``None`` when one of them is not a recogniser this module knows (a plugin's)."""
    from .ner import _OURS_TO_PRESIDIO

    try:
        registry = engine.analyzer.registry
        theirs = sorted({p for e in entities for p in _OURS_TO_PRESIDIO.get(e, [])})
        found = registry.get_recognizers("en", entities=theirs) if theirs else []
    except Exception:
        return None
    out = []
    for recogniser in found:
        name = type(recogniser).__name__
        if name not in _KNOWN_RECOGNISERS:
            return None
        scores = [float(p.score) for p in getattr(recogniser, "patterns", None) or []]
        out.append((name, tuple(getattr(recogniser, "context", None) or ()), max(scores, default=0.0)))
    return tuple(out)


def needs_ner(
    texts: Sequence[str],
    acted: Collection[str],
    engine: Any,
    *,
    given_names: Callable[[str], list[Span]],
    calendar_word: re.Pattern[str],
    tokens: Callable[[str], Sequence[Any]] | None = None,
) -> list[bool]:
    """For each text, whether the NER pass could change what is redacted in it.

    Parameters
    ----------
    texts
        The free texts of one batch.
    acted
        The entities the policy redacts (any action but ``keep``); only spans of these matter.
    engine
        The :class:`~jupyter_privguard.detect.ner.NerEngine` that would run (its recognisers and tokenizer).
    given_names
        The gazetteer's given-name spans of a text (:func:`.text.given_name_spans`).
    calendar_word
        What a kept ``DATE_TIME`` without a digit must hold (the clean-up's calendar words).
    tokens
        The tokenizer (spaCy's ``make_doc``: tokens with ``idx`` and ``text``); the engine's by default.

    Returns
    -------
    list of bool
        ``True`` where the text must go through the model; every text when the engine's recognisers are
        not the known ones.
    """
    asked = (_MODEL_ENTITIES | _DIGIT_ENTITIES) & frozenset(acted)
    if not asked:
        return [False] * len(texts)
    recognisers = _recognisers(engine, asked)
    if recognisers is None:
        return [True] * len(texts)
    licence = _licence_context(tuple(r for r in recognisers if r[0] == "UsLicenseRecognizer"))
    tokenize = tokens if tokens is not None else engine.nlp.make_doc
    return [_needs(text, asked, licence, tokenize, given_names, calendar_word) for text in texts]


def _needs(
    text: str,
    asked: frozenset[str],
    licence: tuple[str, ...] | None,
    tokens: Callable[[str], Sequence[Any]],
    given_names: Callable[[str], list[Span]],
    calendar_word: re.Pattern[str],
) -> bool:
    if not text.strip():
        return False  # the NER tier analyses no blank text
    if len(text) > _MAX_DECIDED:
        return True
    digits = len(_DIGIT.findall(text))
    if ("LOCATION" in asked or "NRP" in asked) and _WORDS.search(text):
        return True  # a place or a group can be any word: only a text without letters is decided
    if "DATE_TIME" in asked and (digits or calendar_word.search(text)):
        return True
    if "PHONE_NUMBER" in asked and digits > MAX_DIGITS_NO_PHONE:
        return True
    if "US_DRIVER_LICENSE" in asked and digits:
        low = text.lower()
        if licence is None or any(w in low for w in licence):
            return True
    if "PERSON" in asked:
        doc = tokens(text)
        ends = [t.idx + len(t.text) for t in doc]
        bounds = {t.idx for t in doc} | set(ends)
        return not _person_decided(text, ends, bounds, merged=bool(given_names(text)))
    return False
