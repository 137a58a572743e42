"""Personal data in outgoing text that nothing learned explains: names, street addresses, birth dates.

The output tripwire matches values the session learned (the exact-value index) and shapes that
validators confirm (the pattern tier). This module is its third tier, for the text of a notes file
printed as it is, rows from a reader the guard did not see, a name typed into a string. It is built
for precision: an output is mostly not personal data (tables of amounts, ``describe()``, model
summaries, tracebacks, pip logs, docs), and redacting it is a defect too.

Names
    a run of one to four capitalised name tokens (particles and initials allowed) is a person when

    - a title comes before it (``Mr``, ``Mrs``, ``Dr``, ``Herr``, ``Frau``, ``Mme``, ``Sra``,
      ``Sig.ra``, ``Dhr.`` ...);
    - a context that introduces a person comes before it (``Contact:``, ``Spoke with``, ``Dear``,
      ``Attn:``, ``Sehr geehrte``, ``Cordialement,`` on the line above ...);
    - its words are, by the names gazetteer (:mod:`.names`), a given name and a surname, or a
      surname, a comma and a given name (``Lee, Ann``);

    and never when one of its words is an ordinary word that is no name ("Amanda Street"), a
    facility, street or organisation word follows it ("Charles de Gaulle Airport"), a storm word
    comes before it ("Hurricane Katrina"), or a short model code follows it ("Kettle K67").
    Greek and Cyrillic names are capitalised tokens like Latin ones; in scripts without capitals
    (CJK, kana, Hangul, Arabic, Hebrew, Devanagari) a run of name length is a person only after a
    person context.
Addresses
    the street rules of :mod:`.text` (house number and street word), the street word first
    (``Via Roma, 12``, ``Rua das Flores, 45``), compounds in German and Dutch
    (``Oswin-Geisler-Allee 5/4``, ``Romybaan 5``), postal code and town lines (``10115 Berlin``,
    ``00184, Roma (RM)``, ``Jaén, 28761``), and the short lines between them in an address block.
Birth dates
    (:mod:`.birth_dates`) a date within a few words of a birth word in several languages (``born``, ``DOB``,
    ``geb.``, ``née le``, ``nacido el``, ``data de nascimento``, ``nato il`` ...). A date alone is
    not a birth date.
NER (optional)
    runs the session's spaCy model, where one is installed and ``PRIVGUARD_NER=on``,
    only on the lines that hold a run the rules left undecided (words the gazetteer does not know,
    or a given name next to an unknown word), and only up to :data:`NER_CHARS_PER_KB` characters
    per kilobyte of output (at least :data:`NER_MIN_CHARS`, at most :data:`NER_MAX_CHARS` per call).
    Runs beyond the budget stay undecided: without a model they are not redacted either.

Spans carry offsets, entity, score and detector, never the text.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from ..report import Span
from . import outgoing_vocab as vocab
from .digits import has_digit as digit_in

if TYPE_CHECKING:  # pragma: no cover
    from ..policy import Policy
    from .names import Gazetteer
    from .ner import NerEngine

__all__ = [
    "ENTITIES",
    "NER_CHARS_PER_KB",
    "NER_MAX_CHARS",
    "NER_MIN_CHARS",
    "cell_person_spans",
    "find_outgoing_spans",
    "ner_budget",
    "outgoing_spans",
]

#: The entities this tier can report.
ENTITIES = frozenset({"PERSON", "STREET_ADDRESS", "POSTAL_CODE", "DATE_OF_BIRTH"})

#: NER budget: characters of model input per 1,024 characters of output. The small English model
#: read about 9,000 characters a second on one shared core here (``bench_tripwire.py`` machine),
#: so 128 per kilobyte bounds the model's share at about 14 ms per kilobyte of output in the
#: worst case (every line holds an undecided run); outputs the rules decide cost it nothing.
NER_CHARS_PER_KB = 128
#: A short output still gets one window looked at (about 65 ms).
NER_MIN_CHARS = 600
#: No one output costs the model more than this many characters (about 0.45 s).
NER_MAX_CHARS = 4_000
# characters of context on each side of an undecided run that the model sees
_NER_WINDOW = 80

_SCORE_CONTEXT = 0.85
_SCORE_PAIR = 0.8
_SCORE_WEAK_PAIR = 0.6
_SCORE_AMBIGUOUS_PAIR = 0.5
_SCORE_NER = 0.7
_SCORE_ADDRESS = 0.7


# -- name tokens ------------------------------------------------------------------------------------
def _letter_class(predicate: str) -> str:
    """A character class of the Latin, Greek and Cyrillic letters that are upper (or lower) case."""
    ranges = [(0x41, 0x24F), (0x370, 0x3FF), (0x400, 0x52F)]
    chars = [chr(c) for lo, hi in ranges for c in range(lo, hi + 1)]
    picked = [c for c in chars if (c.isupper() if predicate == "upper" else c.islower())]
    return "[" + "".join(re.escape(c) for c in picked) + "]"


_UP = _letter_class("upper")
_LO = _letter_class("lower")
# "Ann", "O'Neil", "McDonald", "Anne-Marie", "D'Angelo": capitalised, no capital inside except
# after Mc/Mac, an apostrophe or a hyphen (so "DataFrame" and "GroupBy" are not name tokens)
# (Ukrainian writes its apostrophe as the letter U+02BC inside a word: "Демʼян")
_TOKEN = rf"(?:Ma?c|{_UP}['’])?{_UP}{_LO}+(?:\u02bc{_LO}+)*(?:-{_UP}{_LO}+(?:\u02bc{_LO}+)*)*"
_PARTICLE = r"(?:van|von|de|der|den|del|della|di|da|du|dos|das|do|le|la|ter|ten|zu|y|e|bin|ibn|al)"
_INITIAL = rf"{_UP}\."
# One space between tokens: two or more are the gaps between a printed table's columns.
# a run may open right after a quote that opens a string in a repr (``['Ann Lee', 'Bo Kim']``) or after
# a line break escaped in one (``'Thanks.\\nAnn Lee'``), never after a quote inside a word ("O'Neil" is
# one token of its own)
_RUN = re.compile(
    rf"(?:(?<=[\[\s(,{{:=]')|(?<=^')|(?<=\\[nt])|(?<![\w.@/\\$'’-]))({_TOKEN}(?:[ ](?:(?:{_PARTICLE}|{_INITIAL})[ ]){{0,2}}{_TOKEN}){{0,3}})"
    r"(?![\w@(]|[.'’-]\w)"
)
_WORD = re.compile(rf"{_TOKEN}")
_VERB_AFTER = re.compile(
    r"[ ]+(?:" + "|".join(sorted(vocab.PERSON_VERBS_AFTER, key=len, reverse=True)) + r")(?![\w-])", re.IGNORECASE
)
_HAS_NAME_SHAPE = re.compile(rf"{_UP}{_LO}")

# a model or product code right after a run: "Kettle K67", "Chime L19", "Router XR-220"
_CODE_AFTER = re.compile(rf"[ \t]+{vocab.MODEL_CODE}\b")  # the run is already the whole capitalised run
# "Name: sales, dtype: float64": pandas prints a Series' name (a column label) this way
_SERIES_FOOTER = re.compile(r"\s*,\s*(?:dtype|Length|Freq|Name)\s*:")


def _kind(word: str, gaz: Gazetteer) -> str:
    """``G``/``g`` given name (lower: also an ordinary word), ``S``/``s`` surname, ``O`` an
    ordinary word that is no name, ``U`` unknown to the gazetteer. A double name
    ("Costa-Lenoir") takes the strongest kind of its parts."""
    if "-" in word:
        parts = [p for p in word.split("-") if p and not re.fullmatch(_PARTICLE, p)]
        kinds = [_kind(p, gaz) for p in parts] or ["U"]
        for kind in ("S", "G", "s", "g", "U"):
            if kind in kinds:
                return kind
        return "O"
    low = word.lower()
    other = low in gaz.other or low in vocab.NOT_NAMES
    if low in gaz.given and low not in vocab.NOT_GIVEN:
        return "g" if other else "G"
    if low in gaz.surname:
        return "s" if other else "S"
    return "O" if other else "U"


def _pair_score(kinds: Sequence[str]) -> float | None:
    """Gazetteer score of a run with no context: a float, ``None`` (not a person), or ``-1``
    (undecided: the model may look)."""
    if "O" in kinds or len(kinds) < 2:
        return None
    first, rest = kinds[0], kinds[1:]
    if first == "G":
        if any(k in "SsGg" for k in rest):
            return _SCORE_PAIR
        # a clear given name and words the gazetteer does not know: a rarer surname, or a
        # product's or a place's name ("Qulu Melon"); the model decides, where there is one
        return -1.0
    if first == "g":
        if any(k == "S" for k in rest):
            return _SCORE_WEAK_PAIR
        if all(k == "s" for k in rest):
            return _SCORE_AMBIGUOUS_PAIR  # "Laura Linschoten": both also words, at the threshold
        return -1.0 if all(k in "Ugs" for k in rest) else None
    if first in "Ss" and kinds[-1] == "G":  # "Nagy Anna": surname first
        return _SCORE_WEAK_PAIR
    if all(k == "U" for k in kinds):
        return -1.0
    return None


@lru_cache(maxsize=1)
def _head_words() -> frozenset[str]:
    """Words that may head a run of capitalised words without being part of the name after them."""
    single = [w for w in (*vocab.STRONG_CONTEXT, *vocab.LABEL_CONTEXT, *vocab.CLOSINGS) if " " not in w]
    return frozenset([t.lower() for t in vocab.TITLES] + single)


_LOWER_WORD = re.compile(rf"(?<![\w]){_LO}{_LO}+(?![\w])")


def _blocked(text: str, start: int, end: int, words: Sequence[str], gaz: Gazetteer) -> bool:
    """A run that reads as a place, facility, organisation, storm or product, whatever its words."""
    # "Charles de Gaulle Airport", "Hyde Park Hotel"; a facility word that is also a surname
    # ("Hall", "Wood") is the person's
    if any(w.lower() in vocab.FACILITY_WORDS and w.lower() not in gaz.surname for w in words):
        return True
    after = text[end : end + 40]
    if _CODE_AFTER.match(after) or _SERIES_FOOTER.match(after):
        return True
    following = re.match(rf"[ ]({_TOKEN})", after)
    if following and following.group(1).lower() in vocab.FACILITY_WORDS:
        return True
    before = text[max(0, start - 30) : start].lower().split()
    if words[0].lower() in vocab.STORM_WORDS:  # "Storm Laura" as one run
        return True
    return bool(before) and before[-1].strip("(\"'") in vocab.STORM_WORDS


def _header_row(text: str, offset: int) -> bool:
    """Whether ``offset`` is on the header row of a printed table: an indented line (the index
    column is blank there) above a line that is not. Its cells are column labels, not values."""
    begin = text.rfind("\n", 0, offset) + 1
    if not text.startswith(("  ", "\t"), begin):
        return False
    end = text.find("\n", offset)
    if end < 0:
        return False
    following = text[end + 1 : text.find("\n", end + 1) if text.find("\n", end + 1) >= 0 else len(text)]
    # the next line is a data row, or the index's name ("Animal") alone above the rows
    return bool(following.strip()) and not following.startswith(("  ", "\t"))


def _name_spans(text: str, gaz: Gazetteer, undecided: list[tuple[int, int]]) -> list[Span]:
    spans: list[Span] = []
    lower_words: set[str] | None = None
    heads = _head_words()
    for m in _RUN.finditer(text):
        words = list(_WORD.finditer(m.group(1)))
        if lower_words is None:
            # an unknown word the same output also writes in lower case is an ordinary word
            # of this output ("Dense" beside "dense"), not a name
            lower_words = set(_LOWER_WORD.findall(text))
        kinds = []
        for w in words:
            kind = _kind(w.group(), gaz)
            if kind == "U" and w.group().lower() in lower_words:
                kind = "O"
            kinds.append(kind)
        # "mevrouw de Vries", "Called van Dijk": particles that open the name after a person context;
        # the word after them is a surname even when it is also an ordinary word ("Vries")
        particles = _particles_before(text, m.start(1))
        if particles is not None:
            kinds = ["s" if k == "O" else k for k in kinds]
        # a sentence's first word, a title or a context word heads the run ("Dear Anna Lee",
        # "Yesterday Ann Lee"): the name starts after them, and so does the look for context
        while words and (kinds[0] == "O" or words[0].group().lower() in heads):
            words, kinds = words[1:], kinds[1:]
        if not words:
            continue
        start = m.start(1) + words[0].start()
        initials = _initials_before(text, start)
        if initials is not None:
            start = initials  # "A. Johnson", "J. R. Tolkien", "M. Dupont": the initials are the name's
        elif particles is not None and start == m.start(1):
            start = particles
        elif start > m.start(1) and (inner := _particles_before(text, start)) is not None:
            start = inner  # "Called van Dijk": the context word headed the run, the particle opens the name
        context = _context_before(text, start)
        whole = len(words)
        while words and kinds[-1] == "O":
            words, kinds = words[:-1], kinds[:-1]
        if not words:
            continue
        if context == "strong" and whole == len(words) + 1:
            # after "handed to", "Spoke with": one ordinary word that ends the run is the surname
            # ("Ulli Dunkle", "Ann Baker"); a facility word still blocks the run below
            words = list(_WORD.finditer(m.group(1)))[-len(words) - 1 :]
            kinds = [*kinds, "s"]
        end = m.start(1) + words[-1].end()
        names = [w.group() for w in words]
        if _blocked(text, start, end, names, gaz) or _CODE_AFTER.match(text, m.end(1)):
            continue
        if " ".join(names).lower() in gaz.places:
            continue
        if len(names) > 1 and names[0].lower() in vocab.PLACE_PREFIXES and context is None:
            continue  # "Le Mans", "San Diego", "Nova Serrana", "Bad Homburg": a town's article or prefix
        if context is None and len(words) >= 2 and "O" not in kinds and _VERB_AFTER.match(text, end):
            context = "strong"  # "Escalated; Ann Lee asked for a manager": a person verb follows the run
        if context == "weak":
            # a preposition: a person only when a run of two or more words holds a known given name
            # or surname ("Gift for Iris M. Cuthbert", "voicemail for Janee Blackwell"), not a town's prefix
            pair = _pair_score(kinds)
            known = any(k in "GgSs" for k in kinds)
            place = names[0].lower() in vocab.PLACE_PREFIXES
            if len(words) >= 2 and "O" not in kinds and not place and (known or (pair is not None and pair > 0)):
                spans.append(Span(start, end, "PERSON", _SCORE_WEAK_PAIR, "outgoing:weak_context"))
                continue
            context = None
        if context is not None:
            known = any(k in "GgSs" for k in kinds)
            # words the gazetteer does not know are names in a strong context, and given names
            # or surnames in a weak one; an ordinary word among unknown ones ends it ("Dear Sir")
            if "O" in kinds and not known:
                continue
            if context == "strong" or known:
                spans.append(Span(start, end, "PERSON", _SCORE_CONTEXT, "outgoing:context"))
                continue
        score = _pair_score(kinds)
        if initials is not None and "O" not in kinds and any(k in "GS" for k in kinds):
            # initials and a name that is no ordinary word ("A. Johnson"; not "J. Crew", "B. Will")
            score = max(score or 0.0, _SCORE_WEAK_PAIR)
        if score is None:
            continue
        if score <= _SCORE_AMBIGUOUS_PAIR and any(n.lower() in vocab.NOT_GIVEN for n in names):
            continue  # "Will May mark ...", "April Rose": a month or weekday among ordinary words, no context
        preceding = text[max(0, start - 12) : start].split()
        if preceding and preceding[-1].lower() in vocab.PLACE_PREPOSITIONS:
            # "flew in Nova Serrana", "shipped via Le Mans": with no person context, a place
            continue
        if score < 0:
            if not _header_row(text, start):
                undecided.append((start, end))
            continue
        spans.append(Span(start, end, "PERSON", score, "outgoing:gazetteer"))
    spans.extend(_reversed_names(text, gaz))
    if _UPPER_PAIR.search(text):
        from .upper_names import upper_case_name_spans

        spans.extend(upper_case_name_spans(text, gaz, _context_before, vocab.NOT_NAMES | vocab.NOT_GIVEN))
    # "Called Alice J. about it": an initial that ends the name is the name's
    return [_with_initial_after(text, s) for s in spans]


_UPPER_PAIR = re.compile(r"[A-Z]{2}[ ][A-Z]{2}")
_INITIAL_AFTER = re.compile(rf"[ ]{_UP}\.(?=[\s,;:)]|$)")


def _with_initial_after(text: str, span: Span) -> Span:
    m = _INITIAL_AFTER.match(text, span.end)
    return Span(span.start, m.end(), span.entity, span.score, span.detector) if m else span


_REVERSED = re.compile(
    rf"(?<![\w.@/\\$'’,-])(?<!, )({_TOKEN}(?:-{_TOKEN})?),[ ]({_TOKEN}(?:[ ]{_TOKEN})?)(?![\w@(]|[.'’-]\w)"
    r"(?![ ]*(?:,[ ]*[A-Z]|and\b|&|und\b|et\b|y\b|e\b|en\b))"
)


# one or two initials and a space right before a run ("A. ", "J. R. ", "J.R. "), not inside a word
# or an abbreviation ("U.S.A. ", "e.g. ")
_INITIALS = re.compile(rf"(?:{_UP}\.[ ]?){{1,3}}[ ]")


_PARTICLES_BEFORE = re.compile(rf"(?<=[ ])(?:{_PARTICLE}[ ]){{1,2}}$")


def _particles_before(text: str, start: int) -> int | None:
    """Where the particles right before ``start`` begin ("de ", "van der "), when a person context
    comes before them; else ``None``."""
    found = _PARTICLES_BEFORE.search(text, max(0, start - 16), start)
    if found is None or _context_before(text, found.start()) is None:
        return None
    return found.start()


def _initials_before(text: str, start: int) -> int | None:
    """Where the initials right before ``start`` begin, or ``None`` when there are none."""
    for width in (9, 8, 7, 6, 5, 4, 3):
        at = start - width
        if at < 0:
            continue
        if not _INITIALS.fullmatch(text, at, start):
            continue
        # at the start, after a space or a quote, or after a line break escaped in a repr ("\\nM. Dupont")
        if (
            at == 0
            or not (text[at - 1].isalnum() or text[at - 1] in ".-")
            or text[max(0, at - 2) : at] in ("\\n", "\\t")
        ):
            return at
    return None


def _reversed_names(text: str, gaz: Gazetteer) -> list[Span]:
    """``Lee, Ann``: a surname, a comma and a given name, one of them no ordinary word."""
    out: list[Span] = []
    if "," not in text:
        return out
    for m in _REVERSED.finditer(text):
        last = m.group(1).lower().split("-")
        first = m.group(2).split()[0]
        if any(p not in gaz.surname or p in gaz.places for p in last):
            continue
        first_kind = _kind(first, gaz)
        # one side may also be an ordinary word ("Brown, Emily"), not both ("Young, Jordan")
        clear = first_kind == "G" or all(p not in gaz.other for p in last)
        if first_kind not in "Gg" or not clear:
            continue
        out.append(Span(m.start(), m.end(), "PERSON", _SCORE_PAIR, "outgoing:reversed"))
    return out


# the words of a context, looked up as phrases (set membership: no regular expression runs per name)
_CONTEXT_WORD = re.compile(r"[^\W\d_]+(?:[.'’][^\W\d_]+)*\.?")
_LONGEST_CONTEXT = 5  # words in the longest phrase ("à l'attention de", "met vriendelijke groeten")


@lru_cache(maxsize=1)
def _context_sets() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    def lowered(words: Collection[str]) -> frozenset[str]:
        return frozenset(w.lower() for w in words)

    return frozenset(vocab.TITLES), lowered(vocab.STRONG_CONTEXT), lowered(vocab.LABEL_CONTEXT), lowered(vocab.CLOSINGS)


def _phrase_at_end(words: Sequence[str], phrases: frozenset[str]) -> bool:
    return any(" ".join(words[-n:]) in phrases for n in range(1, min(len(words), _LONGEST_CONTEXT) + 1))


def _context_before(text: str, start: int) -> str | None:
    """``"strong"``, ``"label"`` or ``"weak"`` (a bare preposition) when a person context ends right before
    ``start``, else ``None``."""
    titles, strong, labels, closings = _context_sets()
    window = text[max(0, start - 60) : start]
    line_start = window.rfind("\n")
    same_line = window[line_start + 1 :]
    escaped = same_line.rfind("\\n")
    if escaped >= 0 and not same_line[escaped + 2 :].strip(" \t>"):
        # a string's repr writes its line breaks as "\n": "'Thanks.\nRegards,\nAnn'" signs it too
        above = same_line[:escaped]
        previous = above[above.rfind("\\n") + 2 if "\\n" in above else 0 :].strip(" \t>'\"").rstrip(",.!").strip()
        return "strong" if previous.lower() in closings else None
    if line_start >= 0 and not same_line.strip(" \t>"):
        # the name opens its line: a closing on the line above signs it ("Best regards,\nAnn Lee")
        above = text[: max(0, start - len(same_line) - 1)]
        previous = above[above.rfind("\n") + 1 :].strip(" \t>").rstrip(",.!").strip().lower()
        return "strong" if previous in closings else None
    bare = same_line.rstrip(" \t")
    colon = bare.endswith(":")
    words = _CONTEXT_WORD.findall(bare.rstrip(":,").rstrip()[-60:])
    if not words:
        return None
    last = words[-1]
    if bare.endswith(last) and (last in titles or last.rstrip(".") in titles):
        before = bare[: len(bare) - len(last)].split()
        # "12 Oak Dr Springfield": after a number or a capitalised word "Dr" is a street type
        if last.rstrip(".") == "Dr" and before and (before[-1][:1].isupper() or before[-1][:1].isdigit()):
            return None
        if not before or bare[len(bare) - len(last) - 1] in " \t(\"'>,;":
            return "strong"
    low = [w.lower().rstrip(".") for w in words]
    if _phrase_at_end(low, strong):
        return "strong"
    if colon and _phrase_at_end(low, labels):
        return "label"
    if not colon and bare.endswith(last) and low[-1] in _weak_context():
        return "weak"
    return None


@lru_cache(maxsize=1)
def _weak_context() -> frozenset[str]:
    return frozenset(w.lower() for w in vocab.WEAK_CONTEXT)


# -- names in scripts without capitals ------------------------------------------------------------
# CJK ideographs (and their extension A and compatibility blocks), kana with its prolonged-sound mark,
# Hangul syllables: a name is one or two runs of one to five of them ("王秀英", "みずき 熊埜御堂",
# "김 민준"), a space or a middle dot between (a name-length run: a sentence is longer)
_CJK = "\u3005\u3006\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u309f\u30a0-\u30ff\uac00-\ud7af"
_CJK_RUN = rf"[{_CJK}]{{1,5}}(?:[ \u3000\u30fb\u00b7][{_CJK}]{{1,5}})?"
# Arabic, Hebrew and Devanagari words (letters and their marks): one to four of them, single spaces
_ARABIC = "\u0621-\u064a\u064b-\u065f\u0670-\u06d3"
_HEBREW = "\u05d0-\u05ea\u05f3\u05f4\u05b0-\u05c7"
_DEVANAGARI = "\u0900-\u0963\u0971-\u097f\u200c\u200d"
# an apostrophe, a geresh or a hyphen inside a word joins it ("ג'וד", "לוי-סבאג", "डी’कोस्टा")
_WORDS_RUN = "|".join(
    rf"[{c}]+(?:['’׳-][{c}]+)*(?:[ ][{c}]+(?:['’׳-][{c}]+)*){{0,3}}" for c in (_ARABIC, _HEBREW, _DEVANAGARI)
)
_OTHER_SCRIPTS = _CJK + _ARABIC + _HEBREW + _DEVANAGARI
_SCRIPT_NAME = re.compile(rf"(?<![\w{_OTHER_SCRIPTS}])({_CJK_RUN}|{_WORDS_RUN})(?![\w{_OTHER_SCRIPTS}])")
_HAS_OTHER_SCRIPT = re.compile(rf"[{_OTHER_SCRIPTS}]")


def _script_name_spans(text: str) -> list[Span]:
    """A name in a script without capital letters, right after a person context ("Spoke with みずき 熊埜御堂").

    These scripts have no case to tell a name from a word and the gazetteer holds no names in them, so the
    context alone decides: a run after ``Spoke with``, a title or ``Name:`` is a name, anything else is not
    (a town after ``shipped to``, a product after ``bought``). The run stops at the first word in another
    script ("about the plan" is never taken)."""
    spans: list[Span] = []
    for m in _SCRIPT_NAME.finditer(text):
        if _context_before(text, m.start(1)) in ("strong", "label"):  # a preposition alone is too weak here
            spans.append(Span(m.start(1), m.end(1), "PERSON", _SCORE_CONTEXT, "outgoing:context"))
    return spans


# -- addresses --------------------------------------------------------------------------------------
_HOUSE = r"[0-9]{1,5}[A-Za-z]?(?:[-/][0-9]{1,5}[A-Za-z]?)?"
_ADDR_WORD = rf"(?:{_TOKEN}|{_PARTICLE}|d['’]{_TOKEN}|[0-9]{{1,2}}(?:st|nd|rd|th|º|ª)?)"


@lru_cache(maxsize=1)
def _address_regexes() -> tuple[re.Pattern[str], ...]:
    first = "|".join(sorted(vocab.STREET_FIRST, key=len, reverse=True))
    suffixes = "|".join(sorted(vocab.STREET_SUFFIXES, key=len, reverse=True))
    # "Via Manuel, 92", "Rua das Flores, 45", "3, avenue Suzanne Ramos", "Calle Mayor 5, 2ºB"
    street_first = re.compile(
        rf"(?:\b[0-9]{{1,5}}(?:\s?(?:bis|ter))?,?[ ]+(?i:{first})|\b(?:{first.title()}|{first.upper()}))"
        rf"(?:[ ]{_ADDR_WORD}){{1,6}}(?:,?[ ]+(?:n[º°o.]\s*)?{_HOUSE}(?:[ ,]+[0-9]{{1,2}}[ºª°]?[A-Za-z]?)?)?\b"
    )
    # "Oswin-Geisler-Allee 5/4", "Pieperweg 976", "Romybaan 5"
    capitalised = "|".join(w.capitalize() for w in sorted(vocab.STREET_SUFFIXES, key=len, reverse=True))
    compound = re.compile(rf"\b(?:{_UP}{_LO}+-)*(?:{_UP}{_LO}*(?:{suffixes})|(?<=-)(?:{capitalised}))\.?[ ]{_HOUSE}\b")
    postal = (
        r"(?:[A-Z]{1,2}-)?[0-9]{5}(?:-[0-9]{3,4})?|[0-9]{8}|[0-9]{4}[ ]?[A-Z]{2}|[0-9]{2}-[0-9]{3}|"
        r"[A-Z]{1,2}[0-9][A-Z0-9]?[ ][0-9][A-Z]{2}|[0-9]{4}"
    )
    town = rf"{_UP}[^\W\d_]*(?:['’-][^\W\d_]+)*(?:[ -](?:{_UP}[^\W\d_]*|{_PARTICLE}|[a-z]{{1,3}}))*"
    region = r"(?:[ ]*\([A-Z]{2}\)|[ ]*[/-][ ]*[A-Z]{2}|,?[ ][A-Z]{2})?"
    # "10115 Berlin", "00184, Roma (RM)", "49390-926 Silveira do Galho / MS", "1012 AB Amsterdam"
    postal_town = re.compile(rf"(?m)^[ \t>]*((?P<code>{postal}),?[ ]+{town}{region})[ \t,.]*$")
    # "Jaén, 28761", "Springfield, IL 62704"
    town_postal = re.compile(rf"(?m)^[ \t>]*({town},?[ ](?:[A-Z]{{2}}[ ])?(?P<code>{postal}))[ \t,.]*$")
    return street_first, compound, postal_town, town_postal


_COLUMN_GAP = re.compile(r"[ ]{2,}|\t")
# what an address line has: a house number before a capitalised word ("12 Main", "75008 Paris"),
# a capitalised word before a house number ("Manuel, 92", "Pieperweg 976") or a Dutch postcode;
# a log's "batch 12", its time stamp's "04:00:00,000 INFO" and a table's numbers behind column
# gaps have none
_ADDRESS_HINT = re.compile(
    rf"(?<![\w.,:/-])[0-9]{{1,6}}[A-Za-z]?(?:,|[ ]bis|[ ]ter)?[ ]{_UP}|{_UP}{_LO}+\.?,?[ ][0-9]|\b[0-9]{{4}}[ ]?[A-Z]{{2}}\b"
)


def _address_segments(text: str) -> list[tuple[int, str]]:
    """The parts of ``text`` that may hold an address, as ``(offset, part)``: runs of whole lines,
    each line with an address hint and the three lines on either side (the rest of a block).
    The address rules then read a few lines of a long output rather than all of it."""
    lines = text.split("\n")
    keep: set[int] = set()
    for row, line in enumerate(lines):
        if _ADDRESS_HINT.search(line):
            keep.update(range(max(0, row - 3), min(len(lines), row + 4)))
    segments: list[tuple[int, str]] = []
    offset = 0
    current: list[str] = []
    current_start = 0
    for row, line in enumerate(lines):
        if row in keep:
            if not current:
                current_start = offset
            current.append(line)
        elif current:
            segments.append((current_start, "\n".join(current)))
            current = []
        offset += len(line) + 1
    if current:
        segments.append((current_start, "\n".join(current)))
    return segments


def _address_spans(text: str, gaz: Gazetteer) -> list[Span]:
    from . import validators
    from .text_rules import rule_spans

    street_first, compound, postal_town, town_postal = _address_regexes()
    lines = text.split("\n")
    starts = [0]
    for piece in lines[:-1]:
        starts.append(starts[-1] + len(piece) + 1)
    spans: list[Span] = []
    towns: list[tuple[int, re.Match[str]]] = []
    postcodes: list[tuple[int, re.Match[str]]] = []
    for offset, part in _address_segments(text):
        # an address is written with single spaces; a span across a wider gap joins the columns
        # of a printed table ("6      Pexta HP Requirements 349L": an index, a product, a code),
        # so the gaps are blanked with a character no rule crosses (same length: offsets hold),
        # and a cell of a table ("12 Main Street" between two columns) is still found
        masked = _COLUMN_GAP.sub(lambda m: "\x00" * (m.end() - m.start()), part)
        for found in rule_spans(masked):
            if found.entity not in ("STREET_ADDRESS", "POSTAL_CODE") or _COLUMN_GAP.search(
                part, found.start, found.end
            ):
                continue
            # "15 Jan 2023" has the shape of "number, word, number" (a house number last): a date
            if validators.calendar_date(part[found.start : found.end]):
                continue
            spans.append(Span(offset + found.start, offset + found.end, found.entity, found.score, found.detector))
        for regex in (street_first, compound):
            for m in regex.finditer(part):
                spans.append(
                    Span(offset + m.start(), offset + m.end(), "STREET_ADDRESS", _SCORE_ADDRESS, "outgoing:street")
                )
        towns.extend((offset, m) for regex in (postal_town, town_postal) for m in regex.finditer(part))
        postcodes.extend((offset, m) for m in _POSTCODE_LINE.finditer(part))
    if not spans and not towns and not postcodes:
        return spans
    street_lines = {_line_of(starts, s.start) for s in spans if s.entity == "STREET_ADDRESS"}
    town_lines: set[int] = set()
    for offset, m in towns:
        row = _line_of(starts, offset + m.start(1))
        near_street = any(row - k in street_lines for k in (1, 2, 3))
        code = m.group("code")
        # the town's words: a region code ("(RM)", "/ MS", "IL") is no word to judge
        words = [w for w in re.findall(rf"{_UP}[^\W\d_]+", m.group(1)) if not w.isupper()]
        ordinary = any(_kind(w, gaz) == "O" and w.lower() not in gaz.places for w in words)
        # alone, a four-digit number and capitalised words are a year and a heading; a postal
        # code and a town stand alone only in a postal shape, with no ordinary word
        if not near_street and (len(code) == 4 and code.isdigit() or ordinary or not words):
            continue
        town_lines.add(row)
        spans.append(
            Span(offset + m.start(1), offset + m.end(1), "STREET_ADDRESS", _SCORE_ADDRESS, "outgoing:postal_town")
        )
    # a Dutch postcode on a line of its own, the town on the next ("9106SZ" / "Blije")
    for offset, m in postcodes:
        row = _line_of(starts, offset + m.start(1))
        if row + 1 < len(lines) and _TOWN_LINE.fullmatch(lines[row + 1]):
            town_lines.add(row)
            spans.append(
                Span(offset + m.start(1), offset + m.end(1), "STREET_ADDRESS", _SCORE_ADDRESS, "outgoing:postal_town")
            )
    # the other lines of an address block: up to three short lines above a town line ("Canale
    # Molesini, 65", "Alto Caiçaras", "Studio 40"), until a blank line, a label ("Ship to:") or
    # a sentence; and the town or country on the line after a postcode ("Waardenburg")
    block: set[int] = set()
    for row in town_lines:
        for k in (1, 2, 3):
            above = row - k
            if above < 0 or not _BLOCK_LINE.fullmatch(lines[above]):
                break
            block.add(above)
        if row + 1 < len(lines) and _TOWN_LINE.fullmatch(lines[row + 1]):
            block.add(row + 1)
    for row in block - town_lines:
        piece = lines[row].strip()
        if piece:
            at = starts[row] + lines[row].index(piece)
            spans.append(Span(at, at + len(piece), "STREET_ADDRESS", 0.6, "outgoing:address_block"))
    return spans


_POSTCODE_LINE = re.compile(r"(?m)^[ \t>]*([0-9]{4}[ ]?[A-Z]{2})[ \t]*$")
# a line of an address block: short, starts with a capital or a house number, no label or sentence
_BLOCK_LINE = re.compile(rf"[ \t>]*(?:{_UP}|[0-9]{{1,5}}\b)[^\n:@;!?=<>{{}}|]{{0,55}}")
_TOWN_LINE = re.compile(rf"[ \t>]*{_UP}[^\W\d_]+(?:[ -]{_UP}[^\W\d_]+){{0,2}}[ \t,.]*")


def _line_of(starts: Sequence[int], offset: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


# -- NER for what the rules left undecided -------------------------------------------------------------
def ner_budget(text_length: int) -> int:
    """Characters of model input allowed for an output of ``text_length`` characters."""
    return min(NER_MAX_CHARS, max(NER_MIN_CHARS, text_length * NER_CHARS_PER_KB // 1024))


def _ner_spans(text: str, undecided: Sequence[tuple[int, int]], engine: NerEngine) -> list[Span]:
    budget = ner_budget(len(text))
    windows: list[tuple[int, int]] = []
    used = 0
    for start, end in undecided:
        a, b = max(0, start - _NER_WINDOW), min(len(text), end + _NER_WINDOW)
        # stay on the run's line: a table's other rows are no context for it
        a = max(a, text.rfind("\n", 0, start) + 1)
        nl = text.find("\n", end)
        b = b if nl < 0 else min(b, nl)
        if windows and a <= windows[-1][1]:
            a = windows[-1][0]
            used -= windows[-1][1] - windows[-1][0]
            windows.pop()
        if used + (b - a) > budget:
            break  # the rest stays undecided: not redacted (see the module docstring)
        windows.append((a, b))
        used += b - a
    if not windows:
        return []
    results = engine.analyze([text[a:b] for a, b in windows], entities=["PERSON"])
    out: list[Span] = []
    for (a, _b), found in zip(windows, results):
        for span in found:
            if span.entity != "PERSON" or span.score < 0.4:
                continue
            s, e = a + span.start, a + span.end
            # the model's person must be most of one undecided run and no more than it: a
            # "person" that runs on into a model code or the next words is a product read whole
            if any(us <= s and e <= ue and e - s >= 0.5 * (ue - us) for us, ue in undecided):
                out.append(Span(s, e, "PERSON", _SCORE_NER, f"outgoing:{span.detector}"))
    return out


# -- the finder -----------------------------------------------------------------------------------------
def find_outgoing_spans(
    text: str,
    *,
    entities: Collection[str] | None = None,
    engine: NerEngine | None = None,
) -> list[Span]:
    """Names, street addresses and birth dates in one outgoing text.

    Parameters
    ----------
    text
        An output: printed text, a traceback, HTML, one JSON string (ANSI codes removed).
    entities
        Report only these (default :data:`ENTITIES`); work for the others is skipped.
    engine
        The NER engine, or ``None`` for the rules alone; the model looks only at runs the rules
        left undecided, within :func:`ner_budget`.

    Returns
    -------
    list of Span
        Sorted by start, possibly overlapping (the caller merges them with its other tiers);
        ``detector`` is ``"outgoing:<rule>"``.
    """
    if not isinstance(text, str) or not text:
        return []
    wanted = ENTITIES if entities is None else ENTITIES & frozenset(entities)
    if not wanted:
        return []
    from .names import gazetteer

    gaz = gazetteer()
    spans: list[Span] = []
    has_digit = digit_in(text)
    if "PERSON" in wanted and _HAS_OTHER_SCRIPT.search(text):
        spans.extend(_script_name_spans(text))
    if "PERSON" in wanted and (_HAS_NAME_SHAPE.search(text) or _UPPER_PAIR.search(text)):
        undecided: list[tuple[int, int]] = []
        spans.extend(_name_spans(text, gaz, undecided))
        if undecided and engine is not None:
            decided = [(s.start, s.end) for s in spans]
            rest = [u for u in undecided if not any(u[0] < e and s < u[1] for s, e in decided)]
            if rest:
                spans.extend(_ner_spans(text, rest, engine))
    if has_digit and wanted & {"STREET_ADDRESS", "POSTAL_CODE"}:
        spans.extend(s for s in _address_spans(text, gaz) if s.entity in wanted)
    if has_digit and "DATE_OF_BIRTH" in wanted:
        from .birth_dates import birth_spans

        spans.extend(birth_spans(text))
    spans.sort(key=lambda s: (s.start, s.end))
    return spans


def cell_person_spans(text: str, *, settle: bool) -> list[Span]:
    """Person names in one free-text cell by the rules of this tier (context, titles, gazetteer pairs).

    The column scan's span pass (:func:`.text.find_text_spans`) calls it so a cell's names are found
    as an output's are ("Spoke with Ann Lee", "Parcel handed to Ulli Dunkle", "Lee, Ann"). With
    ``settle`` (no model will look: NER off or not installed), a run the rules leave undecided is a
    person when a clear given name opens it and a capitalised word the gazetteer does not know
    follows ("Erminia Sclafani"): inside free text that is how rarer surnames read, and product names
    with a model code, places and facilities were already ruled out.
    """
    if not isinstance(text, str) or not (_HAS_NAME_SHAPE.search(text) or _UPPER_PAIR.search(text)):
        return []
    from .names import gazetteer

    gaz = gazetteer()
    undecided: list[tuple[int, int]] = []
    spans = _name_spans(text, gaz, undecided)
    if _HAS_OTHER_SCRIPT.search(text):
        spans.extend(_script_name_spans(text))
    if settle:
        for start, end in undecided:
            words = _WORD.findall(text, start, end)
            if len(words) >= 2 and _kind(words[0], gaz) == "G":
                spans.append(Span(start, end, "PERSON", _SCORE_AMBIGUOUS_PAIR, "outgoing:given_unknown"))
    return spans


def outgoing_spans(text: str, policy: Policy, entities: Collection[str]) -> list[Span]:
    """:func:`find_outgoing_spans` with the NER engine the policy selects (the tripwire's call).

    The model runs on outgoing text only with ``policy.ner == "on"`` (``PRIVGUARD_NER=on``) and an
    installed model; ``"auto"`` and ``"off"`` run the rules alone. Loading spaCy inside the
    kernel's send path would hold the first output back a second or more, and under ``"auto"``
    whether an output is redacted would depend on whether some earlier scan happened to load the
    model. A model that cannot be loaded or that fails leaves the rules' spans standing.
    """
    engine: NerEngine | None = None
    if policy.ner == "on" and "PERSON" in entities:
        try:
            from .ner import NerEngine

            engine = NerEngine.get(policy.ner_model, policy.ner)
        except Exception:  # the rules still run: a missing model must not stop the tier
            engine = None
    try:
        return find_outgoing_spans(text, entities=entities, engine=engine)
    except Exception:
        if engine is None:
            raise
        # the model failed on this text: the rules alone, rather than nothing
        return find_outgoing_spans(text, entities=entities, engine=None)
