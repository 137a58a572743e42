"""The data model of the pattern tier: a declarative recogniser and the record of how it fared on a column.

A :class:`PatternRecognizer` is data: a name, the entity it finds, a regular expression, a base
score, an optional validator and the score a validated match earns, and the context words that
make a match in free text more likely. The built-in ones live in small modules by family and
country (:mod:`jupyter_privguard.detect.recognizers`); a :class:`~.pattern_registry.PatternRegistry`
holds a set of them; :mod:`.match_columns` and :mod:`.find_text` run them.

Every recogniser's ``regex`` is RE2-compatible (no look-arounds, no back-references, no
``\\s``/``\\d``/``\\w``), so on pyarrow-backed strings the column pass runs as compiled RE2 code.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property

from ..entities import ENTITIES

__all__ = ["CONTEXT_BOOST", "NON_PII_ENTITIES", "PatternRecognizer", "ValueHit"]

#: Entities that recognisers may report although they are not personal data: they let a caller
#: say "this column is an id" (and, in text, keep other recognisers off those characters).
NON_PII_ENTITIES: frozenset[str] = frozenset({"UUID"})

#: How much a context word near a span adds to its score (as in Presidio's context enhancer).
CONTEXT_BOOST = 0.35


_CHECKED = threading.local()


@contextmanager
def patterns_checked() -> Iterator[None]:
    """Recognisers built inside do not compile their patterns to check them: for the built-ins
    (``tests/core/test_patterns.py`` compiles every one) and copies of recognisers checked already.
    Their patterns compile on first use, so a scan compiles only the forms it runs (a one-notebook
    hook saves the span forms of the shapes its texts never hold). Every other field is checked."""
    before = getattr(_CHECKED, "on", False)
    _CHECKED.on = True
    try:
        yield
    finally:
        _CHECKED.on = before


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
    search_group
        Recognisers whose shapes are rare in everyday output share a group name (``"numbers"``,
        ``"secrets"`` ...): in text, one RE2 pass of the union of a group's patterns selects the
        few texts that may hold any member, and only those are searched for each. Only a speed-up;
        keep a group's union small (a union of every pattern would blow up the automaton).
        Empty: the recogniser selects its texts alone.
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
    search_group: str = ""

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
        if not getattr(_CHECKED, "on", False):  # see patterns_checked
            try:
                re.compile(self.regex)
                re.compile(self.left + "(?:" + self.regex + ")" + self.right)
                re.compile(self.prefilter)
            except re.error as exc:
                raise ValueError(
                    f"recogniser {self.name!r}: its regex does not compile ({exc}); fix the pattern"
                ) from None
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
