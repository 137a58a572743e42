"""Redact personal data inside arbitrary text: the engine of the output tripwire (and of a CLI).

Two tiers run over the text:

1. the **pattern tier** (:func:`jupyter_privguard.detect.patterns.find_spans`): emails, phone
   numbers, card numbers, SSNs, IBANs, IP addresses ... found by shape and validators, whether or not
   this session has seen them before;
2. the **value index** (:class:`jupyter_privguard.valueindex.ValueIndex`, the session's
   :meth:`GuardSession.value_index`): every value this session has classified as personal data
   (:meth:`GuardSession.remember_values`), matched on normalised tokens in every form it is
   printed in: case, accents, HTML/JSON/repr/URL escapes, slugs, ``Last, First``, digits only,
   other date orders, cut by an ellipsis, wrapped in a text table (see that module).
   :class:`ExactIndex` (Aho-Corasick of each value and its HTML/JSON/repr escapes, case-insensitive,
   on word boundaries) remains for callers that hold a small set of values of their own.

ANSI colour codes (tracebacks) are looked through: a value split by a colour code is still found.

Only entities whose policy action is not ``keep`` are redacted, allowed values and patterns are
left alone, and each hit becomes the entity's placeholder (``<EMAIL_ADDRESS>``, escaped as
``&lt;EMAIL_ADDRESS&gt;`` in HTML, so a browser does not swallow it as a tag).
"""

from __future__ import annotations

import html
import json
import re
import threading
import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from .spancache import SPAN_CACHE, SpanCache

if TYPE_CHECKING:
    from .policy import Policy
    from .session import GuardSession

__all__ = [
    "ExactIndex",
    "PATTERN_SKIP",
    "SPAN_CACHE",
    "SpanCache",
    "apply_spans",
    "redact_text",
    "redaction_spans",
    "text_placeholder",
]

Markup = Literal["text", "html"]

#: Entities the pattern tier does not redact in free output even when the policy says so. URLs are
#: everywhere in outputs that hold no personal data (script sources of plotly/vega HTML, links to
#: documentation): redacting them by shape breaks rendering for little gain. URL *values* that a scan
#: classified as personal data are still redacted through the exact-value index.
PATTERN_SKIP = frozenset({"URL"})

_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


def text_placeholder(entity: str, markup: Markup = "text") -> str:
    """``<ENTITY>``, HTML-escaped for ``markup="html"``."""
    text = f"<{entity}>"
    return html.escape(text) if markup == "html" else text


def _lower(text: str) -> str:
    """Lower case that keeps every offset (a few characters grow when lowered: they stay as they are)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


# characters that no escaping (HTML, JSON, repr, ascii) changes
_PLAIN = re.compile(r"[A-Za-z0-9 .,:;@_+=()\[\]{}*#%$!?/|~^`-]*")


@lru_cache(maxsize=1 << 14)
def _variants(value: str) -> frozenset[str]:
    """The forms ``value`` takes in HTML, JSON and repr output (memoised: values come back)."""
    if _PLAIN.fullmatch(value):
        return frozenset((value,)) if value else frozenset()
    return _all_variants(value)


def _all_variants(value: str) -> frozenset[str]:
    out = {
        value,
        html.escape(value),
        html.escape(value, quote=False),
        value.replace("'", "&#39;"),
        value.replace("&", "&amp;").replace("'", "&#39;"),
    }
    try:
        out.add(json.dumps(value)[1:-1])
        out.add(json.dumps(value, ensure_ascii=False)[1:-1])
    except (TypeError, ValueError):  # pragma: no cover - lone surrogates
        pass
    out.add(repr(value)[1:-1])
    out.add(ascii(value)[1:-1])
    return frozenset(v for v in out if v)


@dataclass(frozen=True)
class _Key:
    length: int
    entity: str
    # the key starts with a word character: a match must not follow one, except that a digit
    # may come right before a key that starts with a letter ("6311Michael Hines" in a table
    # printed without a gap); the same at the end
    word_start: bool
    word_end: bool
    digit_start: bool = False
    digit_end: bool = False


class ExactIndex:
    """Multi-pattern exact matching of known values (case-insensitive, on word boundaries).

    Parameters
    ----------
    values
        ``{value: entity}``, as :meth:`GuardSession.known_values` returns it.
    """

    def __init__(self, values: Mapping[str, str]) -> None:
        keys: dict[str, _Key] = {}
        for value, entity in values.items():
            for form in _variants(value):
                key = _lower(form)
                if key not in keys:
                    keys[key] = _Key(
                        len(key),
                        entity,
                        key[0].isalnum() or key[0] == "_",
                        key[-1].isalnum() or key[-1] == "_",
                        key[0].isdigit(),
                        key[-1].isdigit(),
                    )
        self._keys = keys
        self._automaton: Any = None
        self._regex: re.Pattern[str] | None = None
        if not keys:
            return
        try:
            import ahocorasick  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            ahocorasick = None
        if ahocorasick is not None:
            automaton = ahocorasick.Automaton()
            for key, info in keys.items():
                automaton.add_word(key, info)
            automaton.make_automaton()
            self._automaton = automaton
        else:
            # longest first, so at each position the alternation prefers the longest key
            ordered = sorted(keys, key=len, reverse=True)
            self._regex = re.compile("|".join(re.escape(k) for k in ordered))

    def __len__(self) -> int:
        return len(self._keys)

    @property
    def engine(self) -> str:
        return "pyahocorasick" if self._automaton is not None else ("regex" if self._regex is not None else "empty")

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, entity)`` of every known value in ``text``, left to right, not overlapping."""
        if not self._keys or not text:
            return []
        return self._find_lowered(_lower(text))

    def find_all(self, texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
        """:meth:`find` for each of ``texts``, in one pass over them all (same results).

        The texts are joined with a separator that no key holds and that is no word character, so
        no match crosses from one text into the next and each text's ends count as word boundaries,
        as they do alone. (Lower-casing the joined text equals lower-casing each text: the
        separator is not a letter, so even the Greek final sigma sees the same neighbours.)
        """
        out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        if not self._keys or not texts:
            return out
        if any(_SEPARATOR in key for key in self._keys):  # pragma: no cover - a value holding NUL
            return [self.find(t) for t in texts]
        joined = _SEPARATOR.join(texts)
        lowered = joined.lower()
        if len(lowered) != len(joined):  # a character that grows when lowered: text by text
            lowered = _SEPARATOR.join(_lower(t) for t in texts)
        starts: list[int] = []
        offset = 0
        for t in texts:
            starts.append(offset)
            offset += len(t) + 1
        n = 0
        for start, end, entity in self._find_lowered(lowered):
            while n + 1 < len(starts) and starts[n + 1] <= start:
                n += 1
            out[n].append((start - starts[n], end - starts[n], entity))
        return out

    def _find_lowered(self, lowered: str) -> list[tuple[int, int, str]]:
        found: list[tuple[int, int, _Key]] = []
        if self._automaton is not None:
            for end, info in self._automaton.iter_long(lowered):
                found.append((end - info.length + 1, end + 1, info))
        else:
            assert self._regex is not None
            for m in self._regex.finditer(lowered):
                found.append((m.start(), m.end(), self._keys[m.group()]))
        out: list[tuple[int, int, str]] = []
        for start, end, info in found:
            if info.word_start and start > 0 and _joins(lowered[start - 1], info.digit_start):
                continue
            if info.word_end and end < len(lowered) and _joins(lowered[end], info.digit_end):
                continue
            out.append((start, end, info.entity))
        return out


# Joins texts for one pass of :meth:`ExactIndex.find_all`: not a word character, in no key.
_SEPARATOR = "\x00"


def _joins(neighbour: str, key_digit: bool) -> bool:
    """Whether ``neighbour`` continues the word at a key's edge (then the match is part of a longer word)."""
    if neighbour.isdigit():
        return key_digit  # digits glued to a name do not make one word with it
    return neighbour.isalnum() or neighbour == "_"


# -- one index per session, rebuilt when the session learns new values ----------------------------
_INDEXES: dict[int, tuple[weakref.ref[Any], int, ExactIndex]] = {}
_INDEX_LOCK = threading.Lock()


def _index_for(session: GuardSession) -> ExactIndex:
    version = getattr(session, "_version", None)
    with _INDEX_LOCK:
        cached = _INDEXES.get(id(session))
        if cached is not None and cached[0]() is session and cached[1] == version:
            return cached[2]
    version, values = session.known_values()
    index = ExactIndex(values)
    with _INDEX_LOCK:
        for key in [k for k, (ref, _, _) in _INDEXES.items() if ref() is None]:
            del _INDEXES[key]
        _INDEXES[id(session)] = (weakref.ref(session), version, index)
    return index


def _known_value_spans(text: str, session: GuardSession) -> list[tuple[int, int, str]]:
    """The session's learned values in ``text``, in every form (:class:`~jupyter_privguard.valueindex.ValueIndex`).

    A session-like object without :meth:`GuardSession.value_index` gets today's exact index. A short
    number glued to an identifier's prefix or suffix is part of that identifier, not the learned value
    it equals: a learned postal code ``47611`` is not redacted inside ``SKU-47611`` or ``INV_47611-B``.
    """
    ready = getattr(_PREFETCHED, "clean", None)
    if (
        ready is not None
        and ready[0] is session
        and ready[1] == getattr(session, "_version", None)
        and text in ready[2]
    ):
        return []  # the batch over the prefetched texts found no learned value in this one (none learned since)
    value_index = getattr(session, "value_index", None)
    found = _index_for(session).find(text) if value_index is None else list(value_index().find(text))
    return [span for span in found if not _inside_identifier(text, span[0], span[1])]


# a letter-led code of three or more characters right before a number ("SKU-", "ORD_", "INV#"; not a
# country prefix of a postal code: "D-10115", "CH-8001"), or a letter-led code part right after it ("-B",
# "_X2"; not digits: "12345-6789" is a ZIP+4 and its first five digits are the learned code)
_ID_PREFIX = re.compile(r"(?<![\w-])[A-Za-z][A-Za-z0-9]{2,9}[-_#]$")
_ID_SUFFIX = re.compile(r"^[-_#][A-Za-z]")
_SHORT_NUMBER = 6


def _inside_identifier(text: str, start: int, end: int) -> bool:
    piece = text[start:end]
    if not piece.isdigit() or len(piece) > _SHORT_NUMBER:
        return False
    return bool(_ID_PREFIX.search(text[max(0, start - 11) : start]) or _ID_SUFFIX.match(text[end : end + 2]))


def _strip_ansi(text: str) -> tuple[str, list[int] | None]:
    """The text without ANSI escapes, and for each kept character its offset in ``text``."""
    if "\x1b" not in text:
        return text, None
    kept: list[str] = []
    positions: list[int] = []
    last = 0
    for m in _ANSI.finditer(text):
        kept.append(text[last : m.start()])
        positions.extend(range(last, m.start()))
        last = m.end()
    kept.append(text[last:])
    positions.extend(range(last, len(text)))
    return "".join(kept), positions


# Every built-in pattern entity needs a digit or an "@" (emails, numbers, dates, addresses with a house
# number, IPs, keys); lines without either are not worth a pattern pass.
_MAY_HOLD_PATTERN = re.compile(r"[0-9@]")


def _pattern_spans(text: str, policy: Policy, skip: Iterable[str]) -> list[tuple[int, int, str]]:
    """Pattern spans, found line by line in one batch (context words are looked for within the line),
    the free-text tier's names, addresses and birth dates (:mod:`.detect.outgoing`), and values under a
    personal key or CSV header (:mod:`.detect.keyed_text`)."""
    from .detect.keyed_text import keyed_spans, sibling_name_spans
    from .detect.outgoing import outgoing_spans
    from .detect.patterns import find_spans

    skip = frozenset(skip)
    reported = _reported(policy, skip)
    starts: list[int] = []
    lines: list[str] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        if _MAY_HOLD_PATTERN.search(line):
            starts.append(offset)
            lines.append(line)
        offset += len(line)
    found: list[tuple[int, Any]] = []
    if lines:
        for start, spans in zip(starts, _line_spans(lines, reported, find_spans)):
            found.extend((start, span) for span in spans)
    found.extend((0, span) for span in outgoing_spans(text, policy, reported))
    found.extend((0, span) for span in keyed_spans(text) if span.entity in reported)
    if "PERSON" in reported:
        from .detect.glued_names import glued_name_spans

        found.extend((0, span) for span in glued_name_spans(text))
        placed = [(start + span.start, start + span.end, span.entity) for start, span in found]
        found.extend((0, span) for span in sibling_name_spans(text, placed))
    return [
        (start + span.start, start + span.end, span.entity)
        for start, span in found
        if span.score >= policy.threshold_for(span.entity)
    ]


def _line_spans(lines: list[str], reported: frozenset[str], find_spans: Any) -> list[Any]:
    """The pattern tier's spans of each line: inside :func:`one_pattern_pass`, each line is read once."""
    memo = getattr(_PREFETCHED, "memo", None)
    if memo is None:
        return list(find_spans(lines, entities=reported))
    todo = [line for line in dict.fromkeys(lines) if (reported, line) not in memo]
    if todo:
        for line, spans in zip(todo, find_spans(todo, entities=reported)):
            if len(memo) < _MEMO_LINES and len(line) <= _MEMO_CHARS:
                memo[(reported, line)] = spans
    if any((reported, line) not in memo for line in lines):  # the memo was full: these lines again
        return list(find_spans(lines, entities=reported))
    return [memo[(reported, line)] for line in lines]


# per thread: the pattern tier's spans of the lines one display has read, and the texts a batch of the
# value index found nothing in (see one_pattern_pass and prefetched)
_PREFETCHED = threading.local()
_MEMO_LINES = 20_000
_MEMO_CHARS = 4_000


@contextmanager
def one_pattern_pass() -> Iterator[None]:
    """Within the block (one display), the pattern tier reads each distinct line once: the lineage's check of
    the cells a parent found harmless and the shown-cell pass share it. Memory only, gone after the block."""
    if getattr(_PREFETCHED, "memo", None) is not None:
        yield
        return
    _PREFETCHED.memo = {}
    try:
        yield
    finally:
        _PREFETCHED.memo = None


def pattern_spans_of_lines(lines: list[str], policy: Policy) -> list[Any]:
    """The pattern tier's spans (scores as found) of each line, for the entities ``policy`` reports."""
    from .detect.patterns import find_spans

    return _line_spans(lines, _reported(policy, frozenset(PATTERN_SKIP)), find_spans)


@contextmanager
def prefetched(texts: Sequence[str], session: GuardSession, policy: Policy) -> Iterator[None]:
    """Within the block, :func:`redaction_spans` of these texts (patterns on, default skips) reads the
    pattern tier's spans from one batch over all their lines, and the learned values from one pass of the
    value index: each pays its fixed cost once instead of once per text. Texts already in the span cache
    are left out; the spans are the same as each text's own pass (the tier reads each line alone)."""
    from .detect.patterns import find_spans

    skip = frozenset(PATTERN_SKIP)
    reported = _reported(policy, skip)
    tiers = (_known_value_spans, _pattern_spans)
    todo = [
        _strip_ansi(text)[0]
        for text in dict.fromkeys(texts)
        if isinstance(text, str)
        and text
        and not SPAN_CACHE.known(text, session, policy, True, skip, _find_redaction_spans, tiers)
    ]
    lines = sorted({line for text in todo for line in text.splitlines(keepends=True) if _MAY_HOLD_PATTERN.search(line)})
    previous = getattr(_PREFETCHED, "clean", None)
    with one_pattern_pass():
        if len(lines) > 1:
            _line_spans(lines, reported, find_spans)
        if len(todo) > 1:
            _PREFETCHED.clean = (session, getattr(session, "_version", None), _without_known_values(todo, session))
        try:
            yield
        finally:
            _PREFETCHED.clean = previous


# a text the batch of learned values reads alone: one that breaks lines, or a long one
_ALONE_CHARS = 4_000
_LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\x1b]")


def lines_with_known_values(batch: Sequence[str], session: GuardSession) -> set[int]:
    """The positions in ``batch`` (texts without line breaks) whose text holds a learned value, by one pass
    of the value index over all of them joined one per line: a hit across two lines flags both."""
    import bisect

    starts: list[int] = []
    offset = 0
    for text in batch:
        starts.append(offset)
        offset += len(text) + 1
    flagged: set[int] = set()
    for start, end, _ in _known_value_spans("\n".join(batch), session) if batch else ():
        first = bisect.bisect_right(starts, start) - 1
        last = bisect.bisect_right(starts, max(start, end - 1)) - 1
        flagged.update(range(max(first, 0), last + 1))
    return flagged


def _without_known_values(texts: list[str], session: GuardSession) -> frozenset[str]:
    """The texts in which no learned value is found, by one pass of the value index over all of them, one
    per line (as the display's cell pass reads a frame's cells): a text the joined pass finds anything in,
    or next to, is not in the answer and is read alone."""
    batch = [t for t in texts if len(t) <= _ALONE_CHARS and not _LINE_BREAKS.search(t)]
    if len(batch) < 2:
        return frozenset()
    flagged = lines_with_known_values(batch, session)
    return frozenset(t for k, t in enumerate(batch) if k not in flagged)


def _reported(policy: Policy, skip: frozenset[str]) -> frozenset[str]:
    """The entities the pattern tier reports: not skipped, and not kept by the policy."""
    from .entities import ENTITIES

    key = (id(policy), skip, len(ENTITIES))
    known = _REPORTED.get(key)
    if known is not None and known[0] is policy:
        return known[1]
    reported = frozenset(e for e in ENTITIES if e not in skip and policy.action_for(e) != "keep")
    if len(_REPORTED) >= 64:
        _REPORTED.clear()
    _REPORTED[key] = (policy, reported)  # the policy is held: its id is not reused while it is a key
    return reported


# per policy (held) and skipped entities: what the pattern tier reports (a Policy is frozen)
_REPORTED: dict[tuple[int, frozenset[str], int], tuple[Any, frozenset[str]]] = {}


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping spans become one (the entity of the longest)."""
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    merged: list[tuple[int, int, str]] = []
    for start, end, entity in spans:
        if merged and start < merged[-1][1]:
            s0, e0, ent0 = merged[-1]
            keep = ent0 if (e0 - s0) >= (end - start) else entity
            merged[-1] = (s0, max(e0, end), keep)
        else:
            merged.append((start, end, entity))
    return merged


def redaction_spans(
    text: str,
    session: GuardSession | None = None,
    *,
    policy: Policy | None = None,
    patterns: bool = True,
    skip_entities: Iterable[str] = PATTERN_SKIP,
) -> list[tuple[int, int, str]]:
    """The spans of ``text`` that :func:`redact_text` replaces: ``(start, end, entity)``, sorted, not overlapping.

    Offsets are in ``text`` as given (ANSI colour codes included). This is the one seam between the
    finders (pattern tier, exact-value index) and the callers that need positions rather than a
    redacted copy, for example the stream hold-back, which must never cut inside a value. Parameters
    as for :func:`redact_text`.

    Results are cached per distinct text (:class:`SpanCache`, memory only): the display path and the
    tripwire meet the same labels, styles and rendered tables again and again.
    """
    if not isinstance(text, str) or not text:
        return []
    if session is None:
        from .session import current_session

        session = current_session()
    policy = policy if policy is not None else session.policy
    skip = skip_entities if isinstance(skip_entities, frozenset) else frozenset(skip_entities)
    return SPAN_CACHE.spans(
        text, session, policy, patterns, skip, _find_redaction_spans, (_known_value_spans, _pattern_spans)
    )


def _find_redaction_spans(
    text: str, session: GuardSession, policy: Policy, patterns: bool, skip_entities: frozenset[str]
) -> list[tuple[int, int, str]]:
    clean, positions = _strip_ansi(text)
    spans = _known_value_spans(clean, session)
    if patterns:
        spans += _pattern_spans(clean, policy, skip_entities)
        if len(spans) >= 2:  # a line that identifies a person: its other identifier-shaped fields too
            from .detect.record_lines import record_line_spans

            spans += record_line_spans(clean, spans, _reported(policy, skip_entities))
    if not spans:
        return []
    allowed = policy.value_allowed_regex()
    kept = []
    # what the policy keeps goes before overlaps merge: a kept reading (a date) must not swallow an
    # overlapping value to redact (a birth date the session knows, printed as a time stamp)
    for start, end, entity in _merge([s for s in spans if policy.action_for(s[2]) != "keep"]):
        if allowed is not None and allowed.fullmatch(clean[start:end]):
            continue
        if positions is not None:  # back to offsets in the text with its colour codes
            start, end = positions[start], positions[end - 1] + 1
        kept.append((start, end, entity))
    return kept


def redact_text(
    text: str,
    session: GuardSession | None = None,
    *,
    markup: Markup = "text",
    policy: Policy | None = None,
    patterns: bool = True,
    skip_entities: Iterable[str] = PATTERN_SKIP,
) -> tuple[str, dict[str, int]]:
    """Replace the personal data in ``text`` by typed placeholders.

    Parameters
    ----------
    text
        Any text: printed output, HTML, a traceback line, a JSON string leaf.
    session
        Supplies the exact-value index and (unless ``policy`` is given) the policy;
        :func:`~jupyter_privguard.session.current_session` when omitted.
    markup
        ``"html"`` writes the placeholders HTML-escaped (for text/html, markdown and SVG).
    policy
        Overrides the session's policy: entities whose action is ``keep`` and allowed values or
        patterns are left alone; a pattern span must reach the entity's threshold.
    patterns
        Run the pattern tier (``False``: only the exact-value index).
    skip_entities
        Entities the pattern tier leaves alone (default :data:`PATTERN_SKIP`).

    Returns
    -------
    (text, counts)
        The redacted text (``text`` itself when nothing was found) and ``{entity: hits}``.
    """
    kept = redaction_spans(text, session, policy=policy, patterns=patterns, skip_entities=skip_entities)
    if not kept:
        return text, {}
    return apply_spans(text, kept, markup)


def apply_spans(
    text: str, spans: Sequence[tuple[int, int, str]], markup: Markup = "text"
) -> tuple[str, dict[str, int]]:
    """``text`` with each of ``spans`` (sorted, not overlapping) replaced by its entity's placeholder."""
    counts: dict[str, int] = {}
    pieces: list[str] = []
    last = 0
    for start, end, entity in spans:
        pieces.append(text[last:start])
        pieces.append(text_placeholder(entity, markup))
        last = end
        counts[entity] = counts.get(entity, 0) + 1
    pieces.append(text[last:])
    return "".join(pieces), counts
