"""Value patterns: declarative recognisers, run vectorised over a column sample or inside text.

A :class:`PatternRecognizer` is data: a name, the entity it finds, a regular expression, a base
score, an optional validator (:mod:`.validators`) and the score a validated match earns, and the
context words that make a match in free text more likely. Recognisers live in a
:class:`PatternRegistry` *instance*; nothing registers itself at import time, and
:meth:`PatternRegistry.default` builds the built-in set.

Two entry points:

:func:`match_values`
    for a column: how many sampled cells *fully* match each recogniser and how many of those pass
    its validator, as :class:`ValueHit` records (counts and scores, never values).
:func:`find_spans`
    for free text: validated spans with offsets, boosted by nearby context words, overlaps
    resolved.

Speed. Every recogniser's ``regex`` is RE2-compatible (no look-arounds, no back-references, no
``\\s``/``\\d``/``\\w``), so on pyarrow-backed strings the column pass runs as compiled RE2 code
over the whole column at once. Validators run only on matched cells, once per distinct value.
In text, the same RE2 pattern first selects the texts that can hold a match (one vectorised pass
per recogniser over the batch); only those texts are scanned with Python's :mod:`re`, whose
look-arounds (``left``/``right``) decide where a span may start and end.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from ..entities import ENTITIES
from ..report import Span
from . import validators as v

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "NON_PII_ENTITIES",
    "PatternRecognizer",
    "PatternRegistry",
    "ValueHit",
    "find_spans",
    "match_values",
    "normalize_numeric_strings",
]

#: Entities that recognisers may report although they are not personal data: they let a caller
#: say "this column is an id" (and, in text, keep other recognisers off those characters).
NON_PII_ENTITIES: frozenset[str] = frozenset({"UUID"})

#: How much a context word near a span adds to its score (as in Presidio's context enhancer).
CONTEXT_BOOST = 0.35

_ENTRY_POINT_GROUP = "jupyter_privguard.patterns"


@dataclass(frozen=True)
class PatternRecognizer:
    """One declarative value recogniser.

    Parameters
    ----------
    name
        Unique name in its registry (``"email"``); findings cite it as ``pattern:<name>``.
    entity
        The entity it finds (a name from :mod:`jupyter_privguard.entities`, or one of
        :data:`NON_PII_ENTITIES`).
    regex
        The pattern, RE2-compatible: no look-arounds or back-references, and ``[0-9]``, ``[ ]``
        rather than ``\\d``, ``\\s`` (pandas falls back to Python's engine for those). A column
        cell counts when the *whole* stripped cell matches.
    score
        Score of a pattern match when there is no validator (or a lenient one that failed).
    validator
        ``str -> bool`` run on matched values; ``None`` for none.
    validated_score
        Score of a match that passes the validator (default: ``score``).
    strict
        With a validator: a match that fails it is rejected (score 0). When false it keeps
        ``score``.
    context
        Lower-case words that, near a span in text, raise its score by :data:`CONTEXT_BOOST`
        (a word also matches longer words it begins, when it has four letters or more).
    needs_context
        In text, report a span only when a context word is near (for weak shapes such as
        five-digit numbers, which are ZIP codes only when the text says so).
    left, right
        Python look-around assertions placed around ``regex`` for spans in text: what may not
        come right before and after a span.
    cell_tail
        Extra pattern allowed after ``regex`` when matching whole cells (an address cell often
        goes on with the city), never used in text.
    description
        One line for people.
    letters
        ``"never"`` when no cell the pattern matches contains a letter (card numbers, ZIP codes),
        ``"always"`` when every one does (emails, street names), ``"maybe"`` otherwise. A
        column pass runs each recogniser only on the cells of its kind, so a column of names
        never pays for the twenty digit patterns. Wrong values lose matches: when unsure, keep
        ``"maybe"``.
    min_length
        With a validator: a match shorter than this fails validation without running the
        validator. Only a speed-up, for validators that reject short values anyway (a phone
        number has seven digits or more, so the ``12.5`` and ``0.0031`` of a training log are
        not parsed); a value the validator could accept must never be shorter.
    prefilter
        An RE2-compatible pattern that every text holding a span of this recogniser (one that
        scores above zero) contains; texts are selected with it instead of ``regex`` before
        Python's engine looks for spans. Only a speed-up, for shapes that are everywhere but
        rarely valid (``12:34:56`` has the shape of an IPv6 address, yet every valid address
        has a ``::`` or six groups): it must never skip a text where a span could be found.
    """

    name: str
    entity: str
    regex: str
    score: float
    validator: Callable[[str], bool] | None = None
    validated_score: float | None = None
    strict: bool = True
    context: tuple[str, ...] = ()
    needs_context: bool = False
    left: str = r"(?<![\w])"
    right: str = r"(?![\w])"
    cell_tail: str = ""
    description: str = ""
    letters: str = "maybe"
    min_length: int = 0
    prefilter: str = ""

    def __post_init__(self) -> None:
        if not self.name or not re.fullmatch(r"[a-z0-9_]+", self.name):
            raise ValueError(
                f"recogniser name must be lower-case letters, digits and '_', got {self.name!r}; "
                "rename it, e.g. 'my_id'"
            )
        if self.entity not in ENTITIES and self.entity not in NON_PII_ENTITIES:
            raise ValueError(
                f"recogniser {self.name!r}: unknown entity {self.entity!r}; use one of "
                f"jupyter_privguard.ENTITIES or {sorted(NON_PII_ENTITIES)}"
            )
        for label, value in (("score", self.score), ("validated_score", self.validated_score)):
            if value is not None and not 0.0 <= value <= 1.0:
                raise ValueError(f"recogniser {self.name!r}: {label} must be in [0, 1], got {value}")
        try:
            re.compile(self.regex)
            re.compile(self.left + "(?:" + self.regex + ")" + self.right)
            re.compile(self.prefilter)
        except re.error as exc:
            raise ValueError(f"recogniser {self.name!r}: its regex does not compile ({exc}); fix the pattern") from None
        if self.letters not in ("never", "always", "maybe"):
            raise ValueError(
                f"recogniser {self.name!r}: letters must be 'never', 'always' or 'maybe', got {self.letters!r}"
            )
        if not isinstance(self.min_length, int) or self.min_length < 0:
            raise ValueError(
                f"recogniser {self.name!r}: min_length must be a non-negative integer, got {self.min_length!r}"
            )
        if self.needs_context and not self.context:
            raise ValueError(f"recogniser {self.name!r}: needs_context=True but no context words are given")

    @property
    def detector(self) -> str:
        """The detector name findings cite: ``pattern:<name>``."""
        return f"pattern:{self.name}"

    @property
    def full_score(self) -> float:
        """Score of a match that passes validation (or of any match without a validator)."""
        if self.validator is not None and self.validated_score is not None:
            return self.validated_score
        return self.score

    @property
    def failed_score(self) -> float:
        """Score of a match that fails the validator."""
        return 0.0 if self.strict else self.score

    @property
    def cell_regex(self) -> str:
        """The pattern a whole cell must match (``regex`` plus ``cell_tail``)."""
        if not self.cell_tail:
            return self.regex
        return f"(?:{self.regex})(?:{self.cell_tail})?"

    # cached_property works on a frozen dataclass: it writes to __dict__, not through setattr
    @cached_property
    def compiled_cell(self) -> re.Pattern[str]:
        return re.compile(self.cell_regex)

    @cached_property
    def compiled_span(self) -> re.Pattern[str]:
        return re.compile(f"{self.left}(?:{self.regex}){self.right}")

    @property
    def search_regex(self) -> str:
        """The pattern that selects the texts worth a look for spans (``prefilter`` or ``regex``)."""
        return self.prefilter or self.regex

    @cached_property
    def compiled_search(self) -> re.Pattern[str]:
        return re.compile(self.search_regex)

    @cached_property
    def context_words(self) -> frozenset[str]:
        return frozenset(w for phrase in self.context for w in phrase.lower().split())

    @cached_property
    def context_search(self) -> re.Pattern[str] | None:
        # any context word anywhere in a lower-cased text (None without context words)
        if not self.context_words:
            return None
        return re.compile("|".join(re.escape(w) for w in sorted(self.context_words, key=len, reverse=True)))

    @cached_property
    def context_prefixes(self) -> tuple[str, ...]:
        # words of four letters or more also match the longer words they begin ("phone" -> "phones")
        return tuple(w for w in self.context_words if len(w) >= 4)

    def validate(self, value: str) -> bool:
        """Run the validator (``True`` when there is none); a validator that raises says no."""
        if self.validator is None:
            return True
        if len(value) < self.min_length:
            return False
        try:
            return bool(self.validator(value))
        except Exception:  # a third-party validator must not break a scan
            return False


@dataclass(frozen=True)
class ValueHit:
    """How one recogniser fared on a column sample (counts and a score, never values).

    ``matched`` cells fully match the pattern; ``validated`` of those pass the validator
    (equal to ``matched`` without a validator); ``total`` is the number of cells looked at.
    ``score`` is the mean per-cell score: validated cells count the recogniser's validated
    score, cells that fail a strict validator count zero, so it reflects both the share of
    cells and the strength of the recogniser.
    """

    entity: str
    recognizer: str
    matched: int
    validated: int
    total: int
    score: float

    @property
    def is_pii(self) -> bool:
        """False for the markers in :data:`NON_PII_ENTITIES` (a UUID says "this is an id")."""
        return self.entity not in NON_PII_ENTITIES

    @property
    def coverage(self) -> float:
        """Share of the cells that validated."""
        return self.validated / self.total if self.total else 0.0

    @property
    def detector(self) -> str:
        return f"pattern:{self.recognizer}"


class PatternRegistry:
    """A set of recognisers, looked up by name.

    Registries are instances owned by whoever runs the scan; build the built-in set with
    :meth:`default`, add your own with :meth:`register`.

    Parameters
    ----------
    recognizers
        Initial recognisers (names must be unique).
    """

    def __init__(self, recognizers: Iterable[PatternRecognizer] = ()) -> None:
        self._recognizers: dict[str, PatternRecognizer] = {}
        for recognizer in recognizers:
            self.register(recognizer)

    @classmethod
    def default(cls) -> PatternRegistry:
        """A new registry with the built-in recognisers (see :func:`builtin_recognizers`)."""
        return cls(builtin_recognizers())

    def register(self, recognizer: PatternRecognizer, *, replace: bool = False) -> None:
        """Add ``recognizer``; a name already present is an error unless ``replace=True``."""
        if not isinstance(recognizer, PatternRecognizer):
            raise TypeError(
                f"expected a PatternRecognizer, got {type(recognizer).__name__}; "
                "build one with PatternRecognizer(name=..., entity=..., regex=..., score=...)"
            )
        if recognizer.name in self._recognizers and not replace:
            raise ValueError(
                f"a recogniser named {recognizer.name!r} is already registered; "
                "pass replace=True to replace it or choose another name"
            )
        self._recognizers[recognizer.name] = recognizer

    def unregister(self, name: str) -> PatternRecognizer:
        """Remove and return the recogniser called ``name``."""
        recognizer = self.get(name)
        del self._recognizers[name]
        return recognizer

    def get(self, name: str) -> PatternRecognizer:
        """The recogniser called ``name`` (``KeyError`` naming the known ones otherwise)."""
        try:
            return self._recognizers[name]
        except KeyError:
            known = ", ".join(sorted(self._recognizers)) or "none"
            raise KeyError(f"no recogniser named {name!r}; registered: {known}") from None

    def for_entity(self, entity: str) -> list[PatternRecognizer]:
        """The recognisers that find ``entity``."""
        return [r for r in self._recognizers.values() if r.entity == entity]

    def names(self) -> list[str]:
        return list(self._recognizers)

    def load_entry_points(self, group: str = _ENTRY_POINT_GROUP) -> list[str]:
        """Register third-party recognisers published under the entry-point ``group``.

        Each entry point loads to a :class:`PatternRecognizer`, an iterable of them, or a
        callable returning either. Returns the names registered.
        """
        from importlib.metadata import entry_points

        added: list[str] = []
        for ep in entry_points(group=group):
            obj: Any = ep.load()
            if callable(obj) and not isinstance(obj, PatternRecognizer):
                obj = obj()
            items = [obj] if isinstance(obj, PatternRecognizer) else list(obj)
            for recognizer in items:
                self.register(recognizer)
                added.append(recognizer.name)
        return added

    def __iter__(self) -> Iterator[PatternRecognizer]:
        return iter(list(self._recognizers.values()))

    def __len__(self) -> int:
        return len(self._recognizers)

    def __contains__(self, name: object) -> bool:
        return name in self._recognizers

    def __repr__(self) -> str:
        return f"<PatternRegistry: {len(self)} recognisers>"


# ---------------------------------------------------------------------------------------------
# the built-in recognisers

_HEX = "[0-9A-Fa-f]"
_MONTHS = f"(?i:{v.MONTH_NAMES})"
_TIME = (
    "(?:[T ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]{1,9})?)?"
    "(?: ?[AaPp][.]?[Mm][.]?)?(?:Z| ?[+-][0-9]{2}:?[0-9]{2}| ?UTC| ?GMT)?)?"
)
_DATE_ISO = f"[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}{_TIME}"
_DATE_YMD = f"[0-9]{{4}}[/.][0-9]{{1,2}}[/.][0-9]{{1,2}}{_TIME}"
_DATE_NUMERIC = f"[0-9]{{1,2}}(?:/[0-9]{{1,2}}/|-[0-9]{{1,2}}-|[.][0-9]{{1,2}}[.])(?:[0-9]{{4}}|[0-9]{{2}}){_TIME}"
_DATE_TEXT = (
    f"(?:[0-9]{{1,2}}(?:st|nd|rd|th)?[.]?[ -]?(?:de |of )?{_MONTHS}[.]?,?[ -](?:de )?(?:[0-9]{{4}}|[0-9]{{2}})"
    f"|{_MONTHS}[.]?[ -][0-9]{{1,2}}(?:st|nd|rd|th)?,?[ -][0-9]{{4}}"
    f"|[0-9]{{4}}[ -]{_MONTHS}[.]?[ -][0-9]{{1,2}}){_TIME}"
)

# Bare domains are URLs only with a TLD that is common and does not double as a file extension
# or an attribute (``.py``, ``.md``, ``.sh``, ``.info``, ``.name`` are left out on purpose).
_TLDS = (
    "com|org|net|edu|gov|mil|int|io|co|ai|app|dev|me|tv|biz|xyz|online|site|tech|store|blog|cloud|"
    "uk|de|fr|es|it|nl|be|ch|at|se|no|dk|fi|ie|pt|pl|cz|sk|hu|ro|gr|ru|ua|tr|il|in|cn|jp|kr|tw|hk|"
    "sg|au|nz|ca|us|mx|br|ar|cl|za|eu|ae|sa|ng|ke|vn|th|id|my|ph"
)
_DNS_LABELS = "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?[.])+"

_STREET_SUFFIXES_EN = (
    "Street St Road Rd Avenue Ave Boulevard Blvd Lane Ln Drive Dr Court Ct Place Pl Square Sq "
    "Terrace Ter Way Parkway Pkwy Highway Hwy Circle Cir Crescent Cres Close Trail Trl Alley "
    "Row Pike Loop Plaza Plz Expressway Expy Freeway Fwy Turnpike Tpke Crossing Xing Ridge "
    "Path Grove Gardens Mews Heights Cove Glen Hollow Junction Landing Meadows Causeway Esplanade "
    "Hill Str"
)
_EN_SUFFIX = (
    "(?:"
    + "|".join(sorted({form for s in _STREET_SUFFIXES_EN.split() for form in (s, s.upper())}, key=len, reverse=True))
    + ")"
)
# letters: ASCII, Latin-1, Latin Extended-A/B (ł, č, ş ...), Greek, Cyrillic
_LETTER = "A-Za-zÀ-ÖØ-öø-ɏͰ-ϿЀ-ӿ"
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ɏΑ-ΩЀ-Я"
_NAME_WORD = f"[{_UPPER}][{_LETTER}'.-]*"
_STREET_EN = (
    f"[0-9]{{1,6}}[A-Za-z]?(?:-[0-9]{{1,4}})?,? (?:(?:[NSEW]|North|South|East|West)[.]? )?"
    f"(?:{_NAME_WORD}|[0-9]{{1,3}}(?:st|nd|rd|th)) (?:{_NAME_WORD} ){{0,3}}{_EN_SUFFIX}[.]?"
    "(?: (?:N|S|E|W|NE|NW|SE|SW)[.]?)?"
    "(?:,? (?:Apt|Apartment|Suite|Ste|Unit|Fl|Floor|Rm|Room|#)[.]? ?#?[0-9A-Za-z-]{1,6})?"
)
# Romance languages put the street type first and the number last: "Avenida Noruega 42".
_STREET_TYPE_FIRST = (
    "(?:Avenida|Avda[.]?|Av[.]|Calle|C/|Carrer|Rua|R[.]|Via|Viale|Piazza|Piazzale|Corso|Largo|ul[.]|ulica|"
    "Plaza|Paseo|Pasaje|Carrera|Travessa|Praça|Estrada|Rodovia|Camino|Strada|Vicolo|Ronda|Glorieta)"
)
_PARTICLE = "(?:de|del|la|las|los|da|do|dos|das|di|della|delle|dei|des|du|le|les|el)"
_STREET_ROMANCE = (
    f"{_STREET_TYPE_FIRST} (?:{_PARTICLE} )?{_NAME_WORD}(?: (?:{_PARTICLE} )?{_NAME_WORD}){{0,3}},? "
    "(?:n[º°o][.]? ?)?[0-9]{1,5}[A-Za-z]?"
)
# French: "12 rue de la Paix", "3bis avenue Foch".
_STREET_FRENCH = (
    "[0-9]{1,5}(?: ?(?:bis|ter))?,? (?i:rue|avenue|boulevard|bd|place|chemin|allée|impasse|quai|route|cours) "
    f"(?:(?:de la|de l'|du|des|de|d') ?)?{_NAME_WORD}(?: {_NAME_WORD}){{0,2}}"
)
# German, Dutch and Scandinavian: the type is part of the name, the number follows.
_GERMANIC_SUFFIX = (
    "(?i:straße|strasse|str[.]|weg|platz|allee|gasse|ring|damm|ufer|chaussee|steig|pfad|"
    "straat|laan|plein|gracht|kade|singel|dijk|steeg|gatan|gata|gaten|gate|vägen|veien|vegen|veg|vej|gade|"
    "allé|alléen|tie|katu|kuja|polku|tee|utca)"
)
_STREET_GERMANIC = (
    f"(?:[A-ZÄÖÜÅÆØ][{_LETTER}-]*{_GERMANIC_SUFFIX}|[A-ZÄÖÜ][a-zäöüß]+ (?:Straße|Strasse|Str[.]|Weg|Platz|Allee|Gasse|Ring|Damm)) "
    "[0-9]{1,4}(?: ?[a-z])?(?:[-/][0-9]{1,4})?"
)
# Many countries write just "Name 48" ("Kolodvorska 97"): so do product names ("Windows 10"),
# so this shape counts only with header evidence, or a context word in text.
_STREET_NAME_NUMBER = (
    f"{_NAME_WORD}(?: (?:{_PARTICLE}|e|y|van|von|der) ?)?(?: {_NAME_WORD}){{0,3}},? [0-9]{{1,5}}[A-Za-z]?"
)
_PO_BOX = "(?i:P[.]? ?O[.]? ?Box|Post Office Box|Postbox|Postboks|Postfach|Apartado|Caixa Postal) [0-9]{1,7}"
_ADDRESS_TAIL = f",? [{_LETTER}0-9 .,'#/-]{{1,100}}"

# What every match of a shape must contain, as cheap RE2 patterns that select the texts worth
# searching (see ``PatternRecognizer.prefilter``): a slash between digits or a month name; the
# street type of the Romance, French and Germanic forms where each has it.
_SLASH_OR_MONTH = f"[0-9]/[0-9]|{_MONTHS}"
_STREET_INTL_NEEDS = (
    f"{_STREET_TYPE_FIRST} | (?i:rue|avenue|boulevard|bd|place|chemin|allée|impasse|quai|route|cours) "
    f"|{_GERMANIC_SUFFIX} [0-9]|(?:Straße|Strasse|Str[.]|Weg|Platz|Allee|Gasse|Ring|Damm) [0-9]"
)

_PHONE = (
    "(?:(?:[+]|00)[0-9]{1,3}[ .-]?)?(?:[(][0-9]{1,5}[)][ .-]?)?[0-9]{1,12}(?:(?:[ .-]|[ ]?-[ ]?)[0-9]{1,12}){0,5}"
    "(?: ?(?:x|ext[.]?|#) ?[0-9]{1,6})?"
)
# Seven digits (the fewest a valid number has) chained as they are inside a _PHONE match: a "+" or
# "(" first, then at most six of its separator characters (" ext. ", ") -") between two digits.
# As a look-ahead before the phone pattern it spares Python's engine the short numbers of a log
# ("1.2345", "250"), and it cannot change which phone numbers are found: a match with seven digits
# starts with such a chain, and where the chain is missing, every start inside the (short) match
# the pattern would have made there lacks one too, so the scan resumes in step.
_SEVEN_PHONE_DIGITS = "[+(]?[0-9](?:[ ().#xet+-]{0,6}[0-9]){6}"


@lru_cache(maxsize=1 << 14)
def _formatted_phone(value: str) -> bool:
    # bare digit strings go to the weaker "phone_digits" recogniser; an IPv4 address or a date
    # can parse as a valid number (212.45.102.133 -> 212 451 0213 3) but is not one
    text = value.strip()
    # phone_number() wants 7-21 ASCII digits: asking first spares the date parser most candidates
    # (every number of a log is one); memoised, since outputs repeat values
    if not text.isascii() or not 7 <= sum(c.isdigit() for c in text) <= 21:
        return False
    if v._is_ascii_digits(text) or v.ipv4(text) or v.calendar_date(text):
        return False
    # a date and the hour after it, as a log's time stamp starts ("2024-03-23 12:52:50" offers
    # "2024-03-23 12"): no phone number is written in a date's groups
    hour = _TRAILING_HOUR.search(text)
    if hour is not None and v.calendar_date(text[: hour.start()]):
        return False
    return v.phone_number(text)


_TRAILING_HOUR = re.compile(r"[ T-][0-9]{1,2}$")


def _hex_digest(value: str) -> bool:
    # an all-digit (or all-letter) run is a number or a word, not a digest
    lowered = value.lower()
    return any(c.isdigit() for c in lowered) and any(c in "abcdef" for c in lowered)


def _zip_code(value: str) -> bool:
    return value[:3] != "000"


# A valid IPv6 address compresses zeros (``::``) or spells out six groups or more (the last 32
# bits may be written as IPv4): times (``12:34:56``) have its shape and neither.
_IPV6_VALID_NEEDS = "::|(?:[0-9A-Fa-f]{1,4}:){6}"

# Addresses that name no one's machine: "any" (0.0.0.0), loopback (127.x.x.x) and broadcast, as code
# and server logs write them (``app.run(host="0.0.0.0")``); other reserved ranges are real hosts.
_NO_HOST_IPV4 = r"(?!(?:0[.]0[.]0[.]0|127(?:[.][0-9]{1,3}){3}|255[.]255[.]255[.]255)(?![\w]|[.][0-9]))"

_NUM_GUARD_LEFT = r"(?<![\w.,+-])"
_NUM_GUARD_RIGHT = r"(?![\w]|[.,-][0-9])"

_CTX_PHONE = (
    "phone",
    "telephone",
    "tel",
    "mobile",
    "cell",
    "call",
    "fax",
    "contact",
    "number",
    "telefon",
    "handy",
    "whatsapp",
    "sms",
    "text",
    "dial",
    "ph",
)
_CTX_CARD = ("credit", "card", "visa", "mastercard", "amex", "debit", "payment", "cc", "pan", "cardholder")
_CTX_SSN = ("ssn", "ssns", "social", "security", "ss")
_CTX_NHS = ("nhs", "health", "patient", "hospital", "gp")
_CTX_ITIN = ("itin", "taxpayer", "tax")
_CTX_POSTAL = ("zip", "zipcode", "postcode", "postal", "post", "plz", "cep", "cp", "code")
_CTX_DATE = ("date", "dated", "day", "today", "yesterday", "tomorrow")
_CTX_DOB = (
    "born",
    "birth",
    "birthday",
    "birthdate",
    "dob",
    "geboren",
    "né",
    "née",
    "nacimiento",
    "nascimento",
    "naissance",
    "geburtsdatum",
    "age",
)
_CTX_CREDENTIAL = ("password", "passwd", "pwd", "hash", "secret", "token", "key", "api", "credential", "auth", "salt")


def builtin_recognizers() -> list[PatternRecognizer]:
    """The built-in recognisers, strongest shapes first.

    Scores are judgements: checksummed or unmistakable formats (IBAN, email, cards, formatted
    SSN) score 0.85-0.95 when validated; formats that other data shares (bare digit runs that
    could be ids, five-digit numbers, hex digests) score low, so that a column is assigned to
    them only together with header evidence, and in text they need a context word.
    """
    R = PatternRecognizer
    return [
        R(
            "email",
            "EMAIL_ADDRESS",
            rf"[A-Za-z0-9._%+-][A-Za-z0-9._%+'-]*@{_DNS_LABELS}(?:[A-Za-z]{{2,63}}|xn--[A-Za-z0-9-]{{2,59}})",
            0.5,
            v.email,
            0.95,
            context=("email", "e-mail", "mail", "contact", "address"),
            left=r"(?<![\w.+%-])",
            right=r"(?![\w-]|[.][A-Za-z0-9])",
            description="an email address",
            letters="always",
        ),
        R(
            "phone",
            "PHONE_NUMBER",
            _PHONE,
            0.3,
            _formatted_phone,
            0.8,
            context=_CTX_PHONE,
            left=r"(?=[+(0-9])(?<![\w.+/-])" + f"(?={_SEVEN_PHONE_DIGITS})",
            right=r"(?![\w]|[.-][0-9]|/)",
            min_length=7,
            prefilter=_SEVEN_PHONE_DIGITS,
            description="a formatted phone number (punctuation or +country code), valid for its country",
        ),
        R(
            "phone_digits",
            "PHONE_NUMBER",
            "1?[2-9][0-9]{2}[2-9][0-9]{6}",
            0.1,
            v.phone_number,
            0.35,
            context=_CTX_PHONE,
            left=_NUM_GUARD_LEFT,
            right=_NUM_GUARD_RIGHT,
            description="ten (or 1 + ten) bare digits that form a valid North American number",
            letters="never",
        ),
        R(
            "credit_card",
            "CREDIT_CARD",
            "[0-9]{4}(?:[ -][0-9]{4}){2}[ -][0-9]{1,4}(?:[ -]?[0-9]{1,3})?|[0-9]{4}[ -][0-9]{6}[ -][0-9]{4,5}|[0-9]{12,19}",
            0.2,
            v.credit_card,
            0.9,
            context=_CTX_CARD,
            left=r"(?<![\w.,+-])",
            right=r"(?![\w]|[.,-][0-9])",
            description="a payment card number that passes the Luhn check",
            letters="never",
        ),
        R(
            "iban",
            "IBAN_CODE",
            "[A-Z]{2}[0-9]{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)"
            "|[a-z]{2}[0-9]{2}(?:[a-z0-9]{11,30}|(?: [a-z0-9]{4}){2,7}(?: [a-z0-9]{1,3})?)",
            0.2,
            v.iban,
            0.95,
            context=("iban", "account", "bank", "bic", "swift", "konto", "transfer"),
            description="an IBAN with a valid mod-97 check",
            letters="always",
        ),
        R(
            "us_ssn",
            "US_SSN",
            "[0-9]{3}-[0-9]{2}-[0-9]{4}",
            0.3,
            v.us_ssn,
            0.85,
            context=_CTX_SSN,
            left=_NUM_GUARD_LEFT,
            right=_NUM_GUARD_RIGHT,
            description="a dashed US social security number that passes the SSA rules",
            letters="never",
        ),
        R(
            "us_ssn_spaced",
            "US_SSN",
            "[0-9]{3} [0-9]{2} [0-9]{4}|[0-9]{3}[.][0-9]{2}[.][0-9]{4}",
            0.2,
            v.us_ssn,
            0.6,
            context=_CTX_SSN,
            left=_NUM_GUARD_LEFT,
            right=_NUM_GUARD_RIGHT,
            description="a US social security number with spaces or dots",
            letters="never",
        ),
        R(
            "us_ssn_digits",
            "US_SSN",
            "[0-9]{9}",
            0.05,
            v.us_ssn,
            0.25,
            context=_CTX_SSN,
            needs_context=True,
            left=_NUM_GUARD_LEFT,
            right=_NUM_GUARD_RIGHT,
            description="nine bare digits that pass the SSA rules (an id column often does too)",
            letters="never",
        ),
        R(
            "us_itin",
            "US_ITIN",
            "9[0-9]{2}-[5-9][0-9]-[0-9]{4}|9[0-9]{2} [5-9][0-9] [0-9]{4}|9[0-9]{2}[.][5-9][0-9][.][0-9]{4}",
            0.2,
            v.us_itin,
            0.8,
            context=_CTX_ITIN,
            left=_NUM_GUARD_LEFT,
            right=_NUM_GUARD_RIGHT,
            description="a US ITIN with separators and an IRS group range",
            letters="never",
        ),
        R(
            "us_itin_digits",
            "US_ITIN",
            "9[0-9]{2}[5-9][0-9]{5}",
            0.05,
            v.us_itin,
            0.25,
            context=_CTX_ITIN,
            needs_context=True,
            left=_NUM_GUARD_LEFT,
            right=_NUM_GUARD_RIGHT,
            description="nine bare digits shaped like an ITIN",
            letters="never",
        ),
        R(
            "uk_nhs",
            "UK_NHS",
            "[0-9]{3} [0-9]{3} [0-9]{4}",
            0.1,
            v.uk_nhs,
            0.5,
            context=_CTX_NHS,
            left=_NUM_GUARD_LEFT,
            right=_NUM_GUARD_RIGHT,
            description="a UK NHS number in its printed 3 3 4 groups with a valid mod-11 check",
            letters="never",
        ),
        # dashed 3-3-4 is how US phone numbers are written, and one in eleven passes mod 11
        R(
            "uk_nhs_other",
            "UK_NHS",
            "[0-9]{3}-[0-9]{3}-[0-9]{4}|[0-9]{10}",
            0.05,
            v.uk_nhs,
            0.25,
            context=_CTX_NHS,
            needs_context=True,
            left=_NUM_GUARD_LEFT,
            right=_NUM_GUARD_RIGHT,
            description="ten digits, bare or dashed, with a valid NHS check",
            letters="never",
        ),
        R(
            "ipv4",
            "IP_ADDRESS",
            "[0-9]{1,3}(?:[.][0-9]{1,3}){3}(?:/[0-9]{1,2})?",
            0.2,
            v.ipv4,
            0.85,
            context=("ip", "ipv4", "address", "host", "server", "client", "src", "dst", "gateway", "subnet"),
            left=r"(?<![\w.])" + _NO_HOST_IPV4,
            right=r"(?![\w]|[.][0-9])",
            description="an IPv4 address (not 0.0.0.0, loopback or broadcast: no one's address)",
            letters="never",
        ),
        R(
            "ipv6",
            "IP_ADDRESS",
            f"{_HEX}{{0,4}}(?::{_HEX}{{0,4}}){{2,7}}(?:[.][0-9]{{1,3}}){{0,3}}(?:%[0-9A-Za-z]{{1,15}})?(?:/[0-9]{{1,3}})?",
            0.2,
            v.ipv6,
            0.85,
            context=("ip", "ipv6", "address", "host", "server", "client", "src", "dst", "gateway"),
            left=r"(?<![\w:.])",
            right=r"(?![\w:]|[.][0-9])",
            prefilter=_IPV6_VALID_NEEDS,
            description="an IPv6 address",
        ),
        R(
            "mac_address",
            "MAC_ADDRESS",
            f"{_HEX}{{2}}(?::{_HEX}{{2}}){{5}}|{_HEX}{{2}}(?:-{_HEX}{{2}}){{5}}|{_HEX}{{4}}(?:[.]{_HEX}{{4}}){{2}}",
            0.3,
            v.mac_address,
            0.8,
            context=("mac", "hardware", "ethernet", "device", "physical", "wifi", "bssid"),
            left=r"(?<![\w:.-])",
            right=r"(?![\w:-]|[.][0-9A-Fa-f])",
            description="a MAC address",
        ),
        R(
            "url",
            "URL",
            "(?i:https?|ftps?|sftp|wss?)://[^ \t\r\n<>\"'`]*[^ \t\r\n<>\"'`.,;:!?()\\[\\]{}]",
            0.3,
            v.url,
            0.85,
            context=("url", "link", "website", "site", "web", "page", "visit"),
            left=r"(?<![\w])",
            right="",
            description="a web address with a scheme",
            letters="always",
        ),
        R(
            "url_domain",
            "URL",
            f"(?:www[.])?{_DNS_LABELS}(?i:{_TLDS})(?:/[^ \t\r\n<>\"'`]*[^ \t\r\n<>\"'`.,;:!?()\\[\\]{{}}])?",
            0.1,
            v.url,
            0.5,
            context=("url", "link", "website", "site", "web", "domain", "page", "visit"),
            left=r"(?<![\w.@/:-])",
            right=r"(?![\w@-]|[.][A-Za-z0-9])",
            description="a bare domain or www. address with a common TLD",
            letters="always",
        ),
        R(
            "crypto_btc",
            "CRYPTO",
            "[13][1-9A-HJ-NP-Za-km-z]{25,34}|bc1[02-9ac-hj-np-z]{11,71}|BC1[02-9AC-HJ-NP-Z]{11,71}",
            0.2,
            v.crypto_wallet,
            0.9,
            context=("wallet", "btc", "bitcoin", "crypto", "address"),
            prefilter="[13][1-9A-HJ-NP-Za-km-z]{25}|bc1[02-9ac-hj-np-z]{11}|BC1[02-9AC-HJ-NP-Z]{11}",
            description="a Bitcoin address with a valid checksum",
        ),
        R(
            "crypto_eth",
            "CRYPTO",
            "0x[0-9a-fA-F]{40}",
            0.3,
            v.crypto_wallet,
            0.5,
            context=("wallet", "eth", "ethereum", "crypto", "address"),
            description="an Ethereum-shaped address",
        ),
        R(
            "imei",
            "DEVICE_ID",
            "[0-9]{2}[ -][0-9]{6}[ -][0-9]{6}[ -][0-9]",
            0.2,
            v.imei,
            0.8,
            context=("imei", "device", "handset", "phone", "serial"),
            left=_NUM_GUARD_LEFT,
            right=_NUM_GUARD_RIGHT,
            description="an IMEI in its printed groups",
            letters="never",
        ),
        R(
            "imei_digits",
            "DEVICE_ID",
            "[0-9]{15}",
            0.05,
            v.imei,
            0.35,
            context=("imei", "device", "handset", "serial"),
            needs_context=True,
            left=_NUM_GUARD_LEFT,
            right=_NUM_GUARD_RIGHT,
            description="fifteen bare digits with a valid IMEI check digit",
            letters="never",
        ),
        R(
            "us_zip4",
            "POSTAL_CODE",
            "[0-9]{5}-[0-9]{4}",
            0.5,
            context=_CTX_POSTAL,
            left=_NUM_GUARD_LEFT,
            right=_NUM_GUARD_RIGHT,
            description="a US ZIP+4 code",
            letters="never",
        ),
        R(
            "us_zip",
            "POSTAL_CODE",
            "[0-9]{5}",
            0.1,
            _zip_code,
            0.15,
            context=_CTX_POSTAL,
            needs_context=True,
            left=_NUM_GUARD_LEFT,
            right=_NUM_GUARD_RIGHT,
            description="five digits: a US ZIP (or German, French ... postal) code only with header evidence",
            letters="never",
        ),
        R(
            "uk_postcode",
            "POSTAL_CODE",
            "GIR ?0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY]) ?[0-9][ABD-HJLNP-UW-Z]{2}",
            0.6,
            context=_CTX_POSTAL,
            description="a UK postcode",
            letters="always",
        ),
        R(
            "ca_postcode",
            "POSTAL_CODE",
            "[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z] ?[0-9][ABCEGHJ-NPRSTV-Z][0-9]",
            0.6,
            context=_CTX_POSTAL,
            description="a Canadian postal code",
            letters="always",
        ),
        R(
            "nl_postcode",
            "POSTAL_CODE",
            "[1-9][0-9]{3} ?[A-Z]{2}",
            0.3,
            context=_CTX_POSTAL,
            needs_context=True,
            description="a Dutch postcode",
            letters="always",
        ),
        R(
            "br_cep",
            "POSTAL_CODE",
            "[0-9]{5}-[0-9]{3}",
            0.3,
            context=_CTX_POSTAL,
            needs_context=True,
            left=_NUM_GUARD_LEFT,
            right=_NUM_GUARD_RIGHT,
            description="a Brazilian CEP",
            letters="never",
        ),
        R(
            "postal_digits",
            "POSTAL_CODE",
            "[0-9]{4}|[0-9]{6}",
            0.05,
            context=_CTX_POSTAL,
            needs_context=True,
            left=_NUM_GUARD_LEFT,
            right=_NUM_GUARD_RIGHT,
            description="four or six digits: a postal code in many countries, only with header or context evidence",
            letters="never",
        ),
        R(
            "date_iso",
            "DATE_TIME",
            _DATE_ISO,
            0.3,
            v.calendar_date,
            0.7,
            context=_CTX_DATE,
            left=r"(?<![\w.:/-])",
            right=r"(?![\w]|[.:/-][0-9])",
            description="an ISO 8601 date or timestamp",
        ),
        R(
            "date_ymd",
            "DATE_TIME",
            _DATE_YMD,
            0.3,
            v.calendar_date,
            0.65,
            context=_CTX_DATE,
            left=r"(?<![\w.:/-])",
            right=r"(?![\w]|[.:/-][0-9])",
            prefilter="[0-9]{4}[/.][0-9]{1,2}[/.][0-9]",
            description="a year-first date: 1958/04/21",
        ),
        R(
            "date_numeric",
            "DATE_TIME",
            _DATE_NUMERIC,
            0.2,
            v.calendar_date,
            0.6,
            context=_CTX_DATE,
            left=r"(?<![\w.:/-])",
            right=r"(?![\w]|[.:/-][0-9])",
            prefilter=f"(?:^|[^0-9A-Za-z_.:/-])(?:{_DATE_NUMERIC})",
            description="a day-month or month-day date: 3/8/1971, 12-10-2020 14:43, 21.5.21",
        ),
        R(
            "date_text",
            "DATE_TIME",
            _DATE_TEXT,
            0.3,
            v.calendar_date,
            0.75,
            context=_CTX_DATE,
            prefilter=_MONTHS,
            description="a date with a month name (several languages): 5 May 2021, March 3, 1990",
            letters="always",
        ),
        R(
            "date_month_year",
            "DATE_TIME",
            f"[0-9]{{1,2}}/[0-9]{{4}}|{_MONTHS}[.]?[ -][0-9]{{4}}",
            0.35,
            context=_CTX_DATE,
            left=r"(?<![\w./-])",
            right=r"(?![\w]|[./-][0-9])",
            prefilter=_SLASH_OR_MONTH,
            description="a month and year: 05/2021, May 2021",
        ),
        R(
            "date_short",
            "DATE_TIME",
            f"(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12][0-9]|3[01])|{_MONTHS}-[0-9]{{1,2}}|[0-9]{{1,2}}-{_MONTHS}",
            0.15,
            context=_CTX_DATE,
            needs_context=True,
            left=r"(?<![\w./-])",
            right=r"(?![\w]|[./-][0-9])",
            prefilter=_SLASH_OR_MONTH,
            description="a day and month without a year: 5/21, May-21",
        ),
        R(
            "birth_date",
            "DATE_OF_BIRTH",
            f"{_DATE_ISO}|{_DATE_YMD}|{_DATE_NUMERIC}|{_DATE_TEXT}",
            0.05,
            v.birth_date,
            0.4,
            context=_CTX_DOB,
            needs_context=True,
            left=r"(?<![\w.:/-])",
            right=r"(?![\w]|[.:/-][0-9])",
            description="a date plausible as a birth date (1900 to today): a DOB with header or context evidence",
        ),
        R(
            "street_address",
            "STREET_ADDRESS",
            _STREET_EN,
            0.6,
            context=("address", "street", "live", "lives", "located", "ship", "deliver", "residence", "addr", "home"),
            cell_tail=_ADDRESS_TAIL,
            prefilter=f" {_EN_SUFFIX}",
            description="a house number, street name and street type: 10932 Bigge Rd",
            letters="always",
        ),
        R(
            "street_address_intl",
            "STREET_ADDRESS",
            f"{_STREET_ROMANCE}|{_STREET_FRENCH}|{_STREET_GERMANIC}",
            0.55,
            context=("address", "dirección", "direccion", "adresse", "indirizzo", "endereço", "adres", "straße", "rue"),
            cell_tail=_ADDRESS_TAIL,
            prefilter=_STREET_INTL_NEEDS,
            description="a street address in Spanish, Portuguese, Italian, French, German, Dutch or Nordic form",
            letters="always",
        ),
        R(
            "street_name_number",
            "STREET_ADDRESS",
            _STREET_NAME_NUMBER,
            0.2,
            context=(
                "address",
                "street",
                "live",
                "lives",
                "located",
                "residence",
                "addr",
                "dirección",
                "adresse",
                "indirizzo",
                "endereço",
                "adres",
            ),
            needs_context=True,
            description="a name and a house number (most of Europe and Latin America): weak on its own",
            letters="always",
        ),
        R(
            "po_box",
            "STREET_ADDRESS",
            _PO_BOX,
            0.7,
            context=("address", "mail", "box"),
            cell_tail=_ADDRESS_TAIL,
            description="a post-office box",
            letters="always",
        ),
        R(
            "password_hash",
            "CREDENTIAL",
            "[$]2[abxy]?[$][0-9]{2}[$][./A-Za-z0-9]{53}"
            "|[$]shiro1[$][A-Za-z0-9-]+[$][0-9]+[$][A-Za-z0-9+/=]*[$][A-Za-z0-9+/=]+"
            "|[$](?:1|5|6|apr1)[$](?:rounds=[0-9]+[$])?[./A-Za-z0-9]{1,16}[$][./A-Za-z0-9]{22,86}"
            "|[$]argon2(?:id|i|d)[$]v=[0-9]+[$]m=[0-9]+,t=[0-9]+,p=[0-9]+[$][A-Za-z0-9+/=]+[$][A-Za-z0-9+/=]+"
            "|pbkdf2_sha(?:1|256|512)[$][0-9]+[$][A-Za-z0-9./+=]+[$][A-Za-z0-9./+=]+"
            "|[{](?:SSHA|SHA|SSHA256|SSHA512|MD5|SMD5|CRYPT)[}][A-Za-z0-9+/=.$]{8,}",
            0.85,
            context=_CTX_CREDENTIAL,
            left=r"(?<![\w$])",
            right=r"(?![\w$/+=])",
            prefilter="[$](?:2|shiro1|1|5|6|apr1|argon2)|pbkdf2_sha|[{][A-Z0-9]+[}]",
            description="a password hash in a crypt, bcrypt, Shiro, argon2, Django or LDAP format",
        ),
        R(
            "jwt",
            "CREDENTIAL",
            "eyJ[A-Za-z0-9_-]{5,}[.]eyJ[A-Za-z0-9_-]{5,}[.][A-Za-z0-9_-]*",
            0.6,
            v.jwt,
            0.9,
            context=_CTX_CREDENTIAL,
            right=r"(?![\w.-])",
            description="a JSON Web Token",
            letters="always",
        ),
        R(
            "api_key",
            "CREDENTIAL",
            "(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}|gh[pousr]_[A-Za-z0-9]{36,255}"
            "|github_pat_[A-Za-z0-9_]{22,255}|xox[abposr]-[A-Za-z0-9-]{10,72}|AIza[0-9A-Za-z_-]{35}"
            "|(?:sk|rk)_live_[0-9a-zA-Z]{24,99}|-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----",
            0.85,
            context=_CTX_CREDENTIAL,
            left=r"(?<![\w-])",
            right=r"(?![\w-])",
            prefilter="AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|gh[pousr]_|github_pat_|xox[abposr]-|AIza"
            "|[sr]k_live_|-----BEGIN ",
            description="a cloud or service API key (AWS, GitHub, Slack, Google, Stripe) or a private key",
            letters="always",
        ),
        R(
            "hex_digest",
            "CREDENTIAL",
            "[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128}|[0-9A-F]{32}|[0-9A-F]{40}|[0-9A-F]{64}|[0-9A-F]{128}",
            0.05,
            _hex_digest,
            0.15,
            context=_CTX_CREDENTIAL,
            needs_context=True,
            description="an MD5/SHA hex digest: a password hash only with header or context evidence",
        ),
        R(
            "uuid",
            "UUID",
            f"{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}",
            0.9,
            description="a UUID: an identifier, not personal data by itself",
        ),
    ]


# ---------------------------------------------------------------------------------------------
# columns


def _arrow_available() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _distinct(values: pd.Series) -> tuple[list[str], Any]:
    """The distinct cells and how often each occurs (columns repeat values: match each once)."""
    import numpy as np

    counts = values.value_counts(dropna=True, sort=False)
    return [str(x) for x in counts.index], counts.to_numpy(dtype=np.int64)


# A pyarrow regex call costs about 0.25 ms whatever its input (the pattern is compiled each
# time); Python's compiled pattern about 0.5 µs a value: below a few hundred values it is faster.
_SMALL_COLUMN = 256

# Which recognisers fully match a cell value, per set of recognisers: the same values come back
# (a frame shown again, the same customers in many notebooks) and a lookup costs less than the
# forty-odd patterns. The key holds the recognisers themselves (immutable), so a changed registry
# gets its own memo; each memo is cleared when it grows past _CELL_MEMO_SIZE values.
_CELL_MEMOS: dict[tuple[PatternRecognizer, ...], dict[str, tuple[int, ...]]] = {}
_CELL_MEMO_SIZE = 1 << 16


def _cell_memo(recognizers: Sequence[PatternRecognizer]) -> dict[str, tuple[int, ...]]:
    key = tuple(recognizers)
    try:
        memo = _CELL_MEMOS.get(key)
    except TypeError:  # a third-party recogniser with an unhashable validator: no memo
        return {}
    if memo is None:
        if len(_CELL_MEMOS) >= 8:  # registries come and go (tests): keep the latest few
            _CELL_MEMOS.clear()
        memo = _CELL_MEMOS[key] = {}
    elif len(memo) > _CELL_MEMO_SIZE:
        memo.clear()
    return memo


_ASCII_LETTER = re.compile("[A-Za-z]")
_GROUP_REFERENCE = re.compile(r"\\[1-9]|\\g<|\(\?P=|\(\?\(")
_CELL_UNIONS: dict[tuple[PatternRecognizer, ...], dict[bool, re.Pattern[str] | None]] = {}


def _cell_unions(recognizers: Sequence[PatternRecognizer]) -> dict[bool, re.Pattern[str] | None]:
    """Per kind of value (with a letter or without), one pattern that fully matches a value when one
    of the recognisers for that kind does: most values match none, and one call then says so."""
    key = tuple(recognizers)
    try:
        unions = _CELL_UNIONS.get(key)
    except TypeError:  # unhashable third-party recogniser
        unions = None
    if unions is not None:
        return unions
    unions = {}
    for has_letter in (True, False):
        members = [r.cell_regex for r in recognizers if r.letters == "maybe" or (r.letters == "always") == has_letter]
        union = None
        # group references would point elsewhere inside a union: then no shortcut
        if members and not any(_GROUP_REFERENCE.search(m) for m in members):
            try:
                union = re.compile("|".join(f"(?:{m})" for m in members))
            except re.error:  # a member that only compiles alone (its own global flags)
                union = None
        unions[has_letter] = union
    try:
        if len(_CELL_UNIONS) >= 8:
            _CELL_UNIONS.clear()
        _CELL_UNIONS[key] = unions
    except TypeError:
        pass
    return unions


class _Matcher:
    """Full-cell matching over one list of distinct strings.

    With pyarrow, each pattern runs as one RE2 pass (``pyarrow.compute.match_substring_regex``,
    the engine pandas uses for ``Series.str.fullmatch`` on pyarrow strings, without pandas'
    per-call pattern inspection and newline scan); a pattern RE2 rejects, every pattern
    when pyarrow is missing, and a few values (at most ``_SMALL_COLUMN``: the call would cost
    more than the matching) go to Python's :mod:`re`. The cells are split once into
    those with and without a letter, and each recogniser runs on the part it can match (its
    ``letters`` declaration).
    """

    def __init__(self, strings: list[str], recognizers: Sequence[PatternRecognizer] = ()) -> None:
        import numpy as np

        self.strings = strings
        self.arrays: dict[str, Any] = {}
        self.known: dict[int, Any] = {}  # id(recognizer) -> its rows, for a few values
        if recognizers and len(strings) <= _SMALL_COLUMN:
            self._match_few(recognizers)
            return
        if _arrow_available() and len(strings) > _SMALL_COLUMN:
            import pyarrow as pa
            import pyarrow.compute as pc

            array = pa.array(strings, type=pa.large_string())
            has_letter = pc.match_substring_regex(array, r"\pL").to_numpy(zero_copy_only=False)
        else:
            array = None
            has_letter = np.fromiter((any(c.isalpha() for c in x) for x in strings), bool, len(strings))
        self.rows = {
            "always": has_letter.nonzero()[0],
            "never": (~has_letter).nonzero()[0],
            "maybe": np.arange(len(strings)),
        }
        if array is not None:
            for kind, rows in self.rows.items():
                self.arrays[kind] = array if kind == "maybe" else array.take(rows)

    def _match_few(self, recognizers: Sequence[PatternRecognizer]) -> None:
        """Every recogniser on a few values, through the per-process memo of each value's matches."""
        import numpy as np

        memo = _cell_memo(recognizers)
        unions = _cell_unions(recognizers)
        found: list[list[int]] = [[] for _ in recognizers]
        for i, value in enumerate(self.strings):
            matching = memo.get(value)
            if matching is None:
                if value.isascii():
                    has_letter = _ASCII_LETTER.search(value) is not None
                else:
                    has_letter = any(c.isalpha() for c in value)
                union = unions.get(has_letter)
                if union is not None and union.fullmatch(value) is None:
                    matching = ()  # no member can match the whole value: the union of them cannot
                else:
                    matching = tuple(
                        k
                        for k, r in enumerate(recognizers)
                        if (r.letters == "maybe" or (r.letters == "always") == has_letter)
                        and r.compiled_cell.fullmatch(value) is not None
                    )
                memo[value] = matching
            for k in matching:
                found[k].append(i)
        self.known = {id(r): np.array(rows, dtype=np.intp) for r, rows in zip(recognizers, found)}

    def fullmatch_rows(self, recognizer: PatternRecognizer) -> Any:
        """Positions (into ``strings``) of the values that fully match ``recognizer``."""
        import numpy as np

        if id(recognizer) in self.known:
            return self.known[id(recognizer)]
        rows = self.rows[recognizer.letters]
        if not len(rows):
            return rows
        array = self.arrays.get(recognizer.letters)
        if array is not None and len(rows) > _SMALL_COLUMN:
            import pyarrow as pa
            import pyarrow.compute as pc

            try:
                result = pc.match_substring_regex(array, f"^(?:{recognizer.cell_regex})$")
                return rows[result.to_numpy(zero_copy_only=False)]
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                pass
        match = recognizer.compiled_cell.fullmatch
        strings = self.strings
        mask = np.fromiter((match(strings[i]) is not None for i in rows.tolist()), bool, len(rows))
        return rows[mask]


def _count_validated(
    recognizer: PatternRecognizer, strings: list[str], counts: Any, rows: Any, max_validate: int | None
) -> int:
    """How many matched cells pass the validator; above ``max_validate`` distinct values an
    evenly spread subset is validated and the count scaled to all matched cells."""
    matched = int(counts[rows].sum())
    if max_validate is not None and len(rows) > max_validate:
        rows_checked = rows[:: -(-len(rows) // max_validate)]
    else:
        rows_checked = rows
    checked = int(counts[rows_checked].sum())
    passed = sum(int(counts[i]) for i in rows_checked.tolist() if recognizer.validate(strings[i]))
    if checked == matched:
        return passed
    return round(passed * matched / checked)


def match_values(
    values: pd.Series, registry: PatternRegistry | None = None, *, max_validate: int | None = 2000
) -> list[ValueHit]:
    """Count, per recogniser, the cells that fully match and the matches that validate.

    Parameters
    ----------
    values
        The non-missing sampled cells of one column, already converted to ``str`` and stripped
        (see :func:`normalize_numeric_strings` for numbers stored as floats).
    registry
        The recognisers to run (default: :meth:`PatternRegistry.default`).
    max_validate
        At most this many distinct matched values are validated per recogniser; beyond that an
        evenly spread subset is, and ``validated`` is scaled from it (phone parsing costs about
        50 microseconds a value). ``None`` validates every one.

    Returns
    -------
    list of ValueHit
        One per recogniser with at least one matching cell, best score first. Hits never hold a
        value: only counts and a score.
    """
    registry = registry if registry is not None else _default_registry()
    total = len(values)
    if total == 0:
        return []
    strings, counts = _distinct(values)
    recognizers = list(registry)
    matcher = _Matcher(strings, recognizers)
    hits: list[ValueHit] = []
    for recognizer in recognizers:
        rows = matcher.fullmatch_rows(recognizer)
        if not len(rows):
            continue
        matched = int(counts[rows].sum())
        if recognizer.validator is None:
            validated = matched
        else:
            validated = _count_validated(recognizer, strings, counts, rows, max_validate)
        score = (validated * recognizer.full_score + (matched - validated) * recognizer.failed_score) / total
        hits.append(ValueHit(recognizer.entity, recognizer.name, matched, validated, total, round(score, 6)))
    hits.sort(key=lambda h: (-h.score, -h.validated, h.recognizer))
    return hits


_FLOAT_INTEGRAL = re.compile(r"[+-]?[0-9]+[.]0*")
_SCIENTIFIC = re.compile(r"[+-]?[0-9](?:[.][0-9]+)?[eE][+]?[0-9]{1,3}")


def normalize_numeric_strings(series: pd.Series) -> pd.Series:
    """Turn float-formatted integers back into digit strings.

    Card numbers, phone numbers and ids read by a CSV parser as floats come out as
    ``"5545634085461876.0"`` or ``"5.545634e+15"``; the patterns need ``"5545634085461876"``.
    Integral values are rewritten (exactly, via :class:`decimal.Decimal`; digits a float had
    already lost cannot come back), everything else is left alone. Float and integer Series
    are formatted the same way. A new Series is returned; the input is not changed.

    Parameters
    ----------
    series
        Strings (or numbers) of one column.

    Returns
    -------
    pandas.Series
        Same index; ``str`` values where a number was converted, other values unchanged.
    """
    from decimal import Decimal, InvalidOperation

    import pandas as pd

    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):

        def fmt_number(x: Any) -> Any:
            if pd.isna(x):
                return x
            d = Decimal(repr(x)) if isinstance(x, float) else Decimal(int(x))
            return format(d.quantize(Decimal(1)), "f") if d == d.to_integral_value() else str(x)

        return series.map(fmt_number).astype(object)

    strings = series.astype(object)

    def fmt_string(x: Any) -> Any:
        if not isinstance(x, str):
            return x
        text = x.strip()
        if _FLOAT_INTEGRAL.fullmatch(text):
            return text.split(".")[0]
        if _SCIENTIFIC.fullmatch(text):
            try:
                d = Decimal(text)
            except InvalidOperation:
                return x
            if d == d.to_integral_value():
                return format(d.quantize(Decimal(1)), "f")
        return x

    # only cells that look like numbers pay for the Python call
    mask = strings.map(lambda x: isinstance(x, str) and ("." in x or "e" in x or "E" in x))
    out = strings.copy()
    out[mask] = strings[mask].map(fmt_string)
    return out


# ---------------------------------------------------------------------------------------------
# free text

_TOKEN = re.compile(r"[^\W\d_]+")
_CHARS_PER_WORD = 12  # how far to look for N words: generous, since a miss only costs a boost


# An upper-case identifier (EMAIL_ADDRESS, HOME_PHONE): an entity name in a redaction placeholder
# or a report, or a constant; its parts are no words of the sentence ("address" of EMAIL_ADDRESS
# is no context for a street next to it).
_CONSTANT = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")


@lru_cache(maxsize=4096)
def _no_constants(text: str) -> str:
    """``text`` with its upper-case identifiers blanked out (same length: offsets still hold)."""
    return _CONSTANT.sub(lambda m: " " * (m.end() - m.start()), text) if "_" in text else text


def _context_near(
    text: str, start: int, end: int, words: frozenset[str], prefixes: tuple[str, ...], before: int, after: int
) -> bool:
    """Whether one of ``words`` is among the ``before`` words before or ``after`` words after a span."""
    text = _no_constants(text)
    window: list[str] = []
    if before:
        left = max(0, start - before * _CHARS_PER_WORD)
        tokens = _TOKEN.findall(text[left:start].lower())
        if tokens and left > 0 and text[left - 1].isalpha() and text[left].isalpha():
            tokens = tokens[1:]  # the window began inside a word: "age" is no word of "Page"
        window = tokens[-before:]
    if after:
        right = end + after * _CHARS_PER_WORD
        tokens = _TOKEN.findall(text[end:right].lower())
        if tokens and right < len(text) and text[right].isalpha() and text[right - 1].isalpha():
            tokens = tokens[:-1]
        window += tokens[:after]
    return any(token in words or (prefixes and token.startswith(prefixes)) for token in window)


_SMALL_BATCH = 16
_SMALL_CHARS = 16_384


# Built-in recognisers whose shapes are rare in everyday output, in groups whose union RE2 still
# runs as a small automaton: one pass per group finds the few texts that may hold any of them, and
# only those are searched for each member. (A union of all of them would blow up the automaton.)
_MASK_GROUPS: tuple[tuple[str, ...], ...] = (
    (
        "credit_card",
        "us_ssn",
        "us_ssn_spaced",
        "us_ssn_digits",
        "us_itin",
        "us_itin_digits",
        "uk_nhs",
        "uk_nhs_other",
        "imei",
        "imei_digits",
        "us_zip4",
        "br_cep",
        "phone_digits",
        "ipv4",
    ),
    ("password_hash", "jwt", "api_key", "crypto_eth", "crypto_btc"),
    ("date_text", "date_month_year", "date_short", "date_ymd"),
    ("street_address", "street_address_intl", "street_name_number", "po_box"),
    ("iban", "uk_postcode", "ca_postcode", "nl_postcode", "mac_address", "url", "uuid", "hex_digest"),
)


def _mask_groups(registry: PatternRegistry) -> list[list[PatternRecognizer]]:
    """The registry's recognisers in mask groups (built-in groups first, every other one alone)."""
    by_name = {r.name: r for r in registry}
    groups: list[list[PatternRecognizer]] = []
    grouped: set[str] = set()
    for names in _MASK_GROUPS:
        members = [by_name[n] for n in names if n in by_name]
        if members:
            groups.append(members)
            grouped.update(r.name for r in members)
    groups.extend([r] for r in registry if r.name not in grouped)
    return groups


def _union_part(recognizer: PatternRecognizer) -> str:
    # a shape that needs a context word can only be in a text that has one: the words stand in
    # for a weak shape, unless one is short enough to hide inside common words ("ss" in "loss")
    if recognizer.needs_context and all(len(w) >= 4 for w in recognizer.context_words):
        return _context_regex(recognizer)
    return recognizer.search_regex


def _context_regex(recognizer: PatternRecognizer) -> str:
    words = "|".join(re.escape(w) for w in sorted(recognizer.context_words))
    return f"(?i:{words})"


def _search_masks(texts: Sequence[str], registry: PatternRegistry) -> dict[str, Any]:
    """Per recogniser, a boolean mask of the texts that may hold one of its spans.

    A mask may say yes too often (the search in Python's engine decides), never too rarely. With
    pyarrow the work is RE2 passes over the batch: one per group of rare shapes, then one per
    member over the texts its group selected; a weak shape that needs a context word is looked
    for only in the texts that hold one of its words.
    """
    import numpy as np

    masks: dict[str, Any] = {}
    # a pyarrow call costs ~0.2 ms per pattern whatever the input, so a few short texts (a line
    # of output, one cell) go faster through Python's engine
    small = len(texts) <= _SMALL_BATCH and sum(len(t) for t in texts) <= _SMALL_CHARS
    if _arrow_available() and not small:
        import pyarrow as pa
        import pyarrow.compute as pc

        n = len(texts)
        array = pa.array(texts, type=pa.large_string())
        everything = np.arange(n)
        context_over_all: dict[str, Any] = {}  # recognisers share context words (postal codes)

        def member_mask(recognizer: PatternRecognizer, rows: Any, subset: Any, pattern: str) -> Any:
            mask = np.zeros(n, dtype=bool)
            if not len(rows):
                return mask
            selected = rows
            try:
                if recognizer.needs_context:
                    # weak shapes (any four digits) are in most texts; their context words are not
                    words = _context_regex(recognizer)
                    if subset is array:
                        if words not in context_over_all:
                            context_over_all[words] = pc.match_substring_regex(array, words)
                        has_word = context_over_all[words]
                    else:
                        has_word = pc.match_substring_regex(subset, words)
                    keep = has_word.to_numpy(zero_copy_only=False)
                    rows, subset = rows[keep], subset.filter(has_word)
                    if not len(rows):
                        return mask
                found = pc.match_substring_regex(subset, pattern).to_numpy(zero_copy_only=False)
                mask[rows[found]] = True
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                # not RE2-compatible (a third-party pattern): Python's engine instead
                search = recognizer.compiled_search.search
                mask[selected] = np.fromiter(
                    (search(texts[i]) is not None for i in selected.tolist()), bool, len(selected)
                )
            return mask

        for group in _mask_groups(registry):
            if len(group) == 1:
                masks[group[0].name] = member_mask(group[0], everything, array, group[0].search_regex)
                continue
            # the union of the members' cheapest necessary patterns; then each member's own pattern
            # on the few texts it selected
            union = "|".join(f"(?:{_union_part(r)})" for r in group)
            try:
                any_member = pc.match_substring_regex(array, union)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # a member RE2 rejects: each alone
                for recognizer in group:
                    masks[recognizer.name] = member_mask(recognizer, everything, array, recognizer.search_regex)
                continue
            rows = everything[any_member.to_numpy(zero_copy_only=False)]
            subset = array.filter(any_member)
            for recognizer in group:
                masks[recognizer.name] = member_mask(recognizer, rows, subset, recognizer.regex)
        return masks
    for recognizer in registry:
        search = recognizer.compiled_search.search
        masks[recognizer.name] = np.fromiter((search(t) is not None for t in texts), bool, len(texts))
    return masks


def _resolve(candidates: list[tuple[bool, float, int, int, str, str]]) -> list[Span]:
    """Keep the best non-overlapping spans.

    A span strictly inside a longer candidate is dropped. Then a weak shape that its context
    confirmed (a date next to "born") is the more specific reading and goes first; then the
    higher score, then the longer span.
    """
    if len(candidates) == 2:  # most often a number inside a date or an address
        a, b = candidates
        if b[2] <= a[2] and a[3] <= b[3] and b[3] - b[2] > a[3] - a[2]:
            candidates = [b]
        elif a[2] <= b[2] and b[3] <= a[3] and a[3] - a[2] > b[3] - b[2]:
            candidates = [a]
    if len(candidates) == 1:  # most texts with a candidate have just one
        specific, score, start, end, entity, detector = candidates[0]
        return [] if entity in NON_PII_ENTITIES else [Span(start, end, entity, round(score, 6), detector)]
    # a span inside a longer candidate is part of it (a UUID in a URL, digits in an address)
    inside = set()
    for i, c in enumerate(candidates):
        c_start, c_end = c[2], c[3]
        for o in candidates:
            if o[2] <= c_start and c_end <= o[3] and o[3] - o[2] > c_end - c_start:
                inside.add(i)
                break
    if inside:
        candidates = [c for i, c in enumerate(candidates) if i not in inside]
        if len(candidates) == 1:  # a number inside a date, digits inside an address
            return _resolve(candidates)
    candidates.sort(key=lambda c: (not c[0], -c[1], -(c[3] - c[2]), c[2]))
    taken: list[tuple[int, int]] = []
    kept: list[Span] = []
    for _specific, score, start, end, entity, detector in candidates:
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        if entity not in NON_PII_ENTITIES:  # markers only block
            kept.append(Span(start, end, entity, round(score, 6), detector))
    kept.sort(key=lambda s: (s.start, s.end))
    return kept


def find_spans(
    texts: Sequence[str],
    registry: PatternRegistry | None = None,
    *,
    min_score: float = 0.2,
    context_before: int = 5,
    context_after: int = 3,
    entities: Collection[str] | None = None,
) -> list[list[Span]]:
    """Pattern spans inside free text, validated and scored, overlaps resolved.

    Parameters
    ----------
    texts
        The texts (a batch: the work is vectorised over it).
    registry
        The recognisers to run (default: :meth:`PatternRegistry.default`).
    min_score
        Spans scoring below this after the context boost are dropped.
    context_before, context_after
        How many words before and after a span are searched for its recogniser's context words.
    entities
        Report only these entities (default: all). The other recognisers still take part where
        they could change the result, in the texts that have a candidate of a wanted entity (a
        date may be the better reading of digits that look like a phone number), so the spans
        are exactly those of a full run filtered to ``entities``; texts without such a candidate
        are not searched for the others at all (dates down a training log).

    Returns
    -------
    list of list of Span
        For each text, its spans in order of position. A span carries offsets, entity, score
        and ``detector`` (``pattern:<name>``), never the text. Where spans overlap, the higher
        score wins, then the longer span; UUIDs are found and then dropped, so that no other
        recogniser reports digits inside an id.
    """
    registry = registry if registry is not None else _default_registry()
    texts = [t if isinstance(t, str) else "" for t in texts]
    results: list[list[Span]] = [[] for _ in texts]
    if not texts:
        return results
    wanted = list(registry) if entities is None else [r for r in registry if r.entity in entities]
    others = [] if entities is None else [r for r in registry if r.entity not in entities]
    masks = _search_masks(texts, registry if entities is None else PatternRegistry(wanted))
    candidates: dict[int, list[tuple[bool, float, int, int, str, str]]] = {}
    lowered: dict[int, str] = {}  # texts lower-cased once, shared by the recognisers with context words
    plan = [(r, True) for r in wanted] + [(r, False) for r in others]
    blocker_rows: list[int] | None = None
    other_masks: dict[str, Any] = {}
    for recognizer, is_wanted in plan:
        if is_wanted:
            rows_in = masks[recognizer.name].nonzero()[0].tolist()
        else:
            if blocker_rows is None:  # the others matter only where a wanted candidate is
                blocker_rows = sorted(candidates)
                if blocker_rows:
                    other_masks = _search_masks([texts[i] for i in blocker_rows], PatternRegistry(others))
            if not blocker_rows:
                break
            rows_in = [blocker_rows[i] for i in other_masks[recognizer.name].nonzero()[0].tolist()]
        if not rows_in:
            continue
        finditer = recognizer.compiled_span.finditer
        validate = recognizer.validate if recognizer.validator is not None else None
        min_length = recognizer.min_length
        full_score, failed_score = recognizer.full_score, recognizer.failed_score
        entity, detector = recognizer.entity, recognizer.detector
        needs_context = recognizer.needs_context
        keep_low = entity in NON_PII_ENTITIES
        words = recognizer.context_words
        prefixes = recognizer.context_prefixes
        # a context word can only be near a span if it is somewhere in the text: one substring
        # test per text spares the word window of every span in texts without one (a log full of
        # numbers). Lower-casing a slice equals slicing the lower-cased text except for the Greek
        # final sigma, so words with a sigma always take the full look.
        precheck = recognizer.context_search if not any(("σ" in w or "ς" in w) for w in words) else None
        for row in rows_in:
            text = texts[row]
            may_have_context: bool | None = None  # looked up at the first span that scores
            if needs_context and precheck is not None:
                low = lowered.get(row)
                if low is None:
                    low = lowered[row] = text.lower()
                may_have_context = precheck.search(low) is not None
                if not may_have_context:
                    continue
            for m in finditer(text):
                start, end = m.span()
                if validate is not None:
                    if end - start < min_length:
                        score = failed_score
                    else:
                        score = full_score if validate(m.group()) else failed_score
                else:
                    score = recognizer.score
                if score <= 0.0:
                    continue
                specific = False
                if may_have_context is None:
                    if precheck is None:
                        may_have_context = bool(words)
                    else:
                        low = lowered.get(row)
                        if low is None:
                            low = lowered[row] = text.lower()
                        may_have_context = precheck.search(low) is not None
                if may_have_context and _context_near(text, start, end, words, prefixes, context_before, context_after):
                    score = min(1.0, score + CONTEXT_BOOST)
                    specific = needs_context
                elif needs_context:
                    continue
                if score < min_score and not keep_low:
                    continue
                candidates.setdefault(row, []).append((specific, score, start, end, entity, detector))
    if others:
        # candidates in the order of a full run (registry order), which breaks exact ties in _resolve
        rank = {r.detector: k for k, r in enumerate(registry)}
        other_detectors = {r.detector for r in others}
        for row in blocker_rows or ():
            found = candidates[row]
            if any(c[5] in other_detectors for c in found):
                found.sort(key=lambda c: rank[c[5]])
    for row, found in candidates.items():
        spans = _resolve(found)
        results[row] = spans if entities is None else [s for s in spans if s.entity in entities]
    return results


def _default_registry() -> PatternRegistry:
    """The running session's recognisers (built-ins and plugins, built on first use, not at import).

    Every path that is not handed its own registry uses these, so a plugin reaches all of them.
    """
    from ..session import current_session

    registry: PatternRegistry = current_session().registries.recognizers
    return registry
