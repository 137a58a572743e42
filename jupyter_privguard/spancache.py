"""The redaction spans of each distinct text, remembered while nothing they depend on changes.

The display path and the output tripwire meet the same texts again and again: a frame shown twice
renders the same HTML, the report payload repeats its column names and entity names, a Styler
repeats one CSS string per cell. :class:`SpanCache` keeps the spans
:func:`jupyter_privguard.textguard.redaction_spans` found in a text, per session, in a bounded LRU
keyed by the text itself (so a hit is the exact same text, never a digest that might collide).

What the spans depend on, and what clears a session's entries when it changes:

* the session's learned values and allow lists (its ``_version``: values added or forgotten,
  columns or values allowed);
* the recognisers of the pattern tier (the registry's identity and ``version``: a plugin registered);
* the finder functions themselves (a tier replaced at run time meets no stale result).

The policy (actions, thresholds, allowed values) is part of each entry's key: a reveal's policy and
the session's do not share results. Entries live in memory only, are never written anywhere, and go
with the session (a weak reference). A text longer than :data:`MAX_TEXT` is not kept.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .policy import Policy
    from .session import GuardSession

__all__ = ["MAX_CHARS", "MAX_ENTRIES", "MAX_TEXT", "SPAN_CACHE", "SpanCache"]

Spans = list[tuple[int, int, str]]
Finder = Callable[[str, Any, Any, bool, frozenset[str]], Spans]

#: at most this many texts per session
MAX_ENTRIES = 32_768
#: at most this many characters of text per session (about 64 MB of str at two bytes a character)
MAX_CHARS = 32_000_000
#: a longer text is checked every time (its key alone would be a large copy to keep)
MAX_TEXT = 2_000_000
# a reveal's policy and the session's: a handful of live policies per session, no more
_MAX_POLICIES = 8


@dataclass
class _State:
    ref: weakref.ref[Any]
    generation: tuple[Any, ...]
    entries: OrderedDict[tuple[Any, ...], tuple[tuple[int, int, str], ...]] = field(default_factory=OrderedDict)
    chars: int = 0
    # the policies keyed by id in the entries, held so that an id is not reused while it is a key
    policies: dict[int, Any] = field(default_factory=dict)


def _keyed(
    text: str,
    session: GuardSession,
    policy: Policy,
    patterns: bool,
    skip: frozenset[str],
    finder: Finder,
    tiers: tuple[Any, ...],
) -> tuple[tuple[Any, ...], tuple[Any, ...]] | None:
    """The session's generation and the entry key of ``text``, or None when it is not remembered at all."""
    generation = _generation(session, (id(finder), *map(id, tiers)))
    recognizers = _recognizers() if patterns else ()
    if generation is None or recognizers is None or len(text) > MAX_TEXT:
        return None
    return generation, (text, patterns, skip, id(policy), recognizers)


class SpanCache:
    """A bounded LRU of redaction spans per session and per distinct text (memory only).

    Parameters
    ----------
    max_entries, max_chars
        Bounds per session: texts kept, and their characters in all.
    """

    def __init__(self, *, max_entries: int = MAX_ENTRIES, max_chars: int = MAX_CHARS) -> None:
        self.max_entries = max_entries
        self.max_chars = max_chars
        self._states: dict[int, _State] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def spans(
        self,
        text: str,
        session: GuardSession,
        policy: Policy,
        patterns: bool,
        skip: frozenset[str],
        finder: Finder,
        tiers: tuple[Any, ...] = (),
    ) -> Spans:
        """The spans of ``text``: remembered ones when nothing they depend on changed, else ``finder``'s.

        ``tiers`` names the functions behind ``finder`` (their identities): replacing one at run
        time clears the session's entries.
        """
        keyed = _keyed(text, session, policy, patterns, skip, finder, tiers)
        if keyed is None:
            return finder(text, session, policy, patterns, skip)
        generation, key = keyed
        with self._lock:
            state = self._state(session, generation)
            found = state.entries.get(key) if state is not None else None
            if found is not None:
                state.entries.move_to_end(key)  # type: ignore[union-attr]
                self.hits += 1
                return list(found)
        spans = finder(text, session, policy, patterns, skip)
        with self._lock:
            state = self._state(session, generation, create=True)
            if state is not None and state.generation == generation:
                self.misses += 1
                if id(policy) not in state.policies:
                    if len(state.policies) >= _MAX_POLICIES:
                        state.entries.clear()
                        state.chars = 0
                        state.policies.clear()
                    state.policies[id(policy)] = policy
                if key not in state.entries:
                    state.chars += len(text)
                state.entries[key] = tuple(spans)
                while state.entries and (len(state.entries) > self.max_entries or state.chars > self.max_chars):
                    old, _ = state.entries.popitem(last=False)
                    state.chars -= len(old[0])
        return spans

    def known(
        self,
        text: str,
        session: GuardSession,
        policy: Policy,
        patterns: bool,
        skip: frozenset[str],
        finder: Finder,
        tiers: tuple[Any, ...] = (),
    ) -> bool:
        """Whether :meth:`spans` would answer ``text`` from memory (nothing is computed or moved)."""
        keyed = _keyed(text, session, policy, patterns, skip, finder, tiers)
        if keyed is None:
            return False
        generation, key = keyed
        with self._lock:
            state = self._states.get(id(session))
            if state is None or state.ref() is not session or state.generation != generation:
                return False
            return key in state.entries

    def _state(self, session: Any, generation: tuple[Any, ...], *, create: bool = False) -> _State | None:
        state = self._states.get(id(session))
        if state is not None and state.ref() is not session:
            del self._states[id(session)]  # a session that is gone, whose id came back
            state = None
        if state is not None and state.generation != generation:
            state.entries.clear()  # the values, the allow lists or a tier changed: nothing old holds
            state.chars = 0
            state.policies.clear()
            state.generation = generation
        if state is None and create:
            for key in [k for k, s in self._states.items() if s.ref() is None]:
                del self._states[key]
            try:
                ref = weakref.ref(session)
            except TypeError:
                return None
            state = self._states[id(session)] = _State(ref, generation)
        return state

    def clear(self, session: Any = None) -> None:
        """Forget every remembered text (of ``session`` only, when given)."""
        with self._lock:
            if session is None:
                self._states.clear()
            else:
                self._states.pop(id(session), None)

    def size(self, session: Any) -> int:
        """How many texts are remembered for ``session``."""
        state = self._states.get(id(session))
        return len(state.entries) if state is not None and state.ref() is session else 0


def _generation(session: Any, tiers: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """What the spans of any text depend on besides the text, the policy and the recognisers; ``None``: do not cache."""
    version = getattr(session, "_version", None)
    if version is None:
        return None  # a session-like object that cannot say when its values change
    return (version, tiers)


def _recognizers() -> tuple[Any, ...] | None:
    """The identity and version of the recognisers the pattern tier runs (the running session's)."""
    try:
        from .session import current_session

        recognizers = current_session().registries.recognizers
    except Exception:
        return None
    return (id(recognizers), getattr(recognizers, "version", None), len(recognizers))


#: the process-wide cache :func:`jupyter_privguard.textguard.redaction_spans` uses
SPAN_CACHE = SpanCache()


class FreeTextSpans:
    """The free-text tier's spans of each distinct cell text, across displays (memory only).

    :func:`jupyter_privguard.redaction.redact_text_series` runs the free-text tier (patterns,
    rules, the NER model) over the distinct texts of the rows a display shows; a product name, a
    status or a repeated note comes back in every window of a frame, and its spans are the same
    while the tier is: the same NER engine (its identity), the same recognisers (identity and
    version) and the same finder function. Anything else starts the cache afresh. Spans hold
    offsets and entity names, never text; the texts themselves are the keys, held in memory only,
    bounded like :class:`SpanCache`.
    """

    def __init__(self, *, max_entries: int = MAX_ENTRIES, max_chars: int = MAX_CHARS // 4) -> None:
        self.max_entries = max_entries
        self.max_chars = max_chars
        self._lock = threading.Lock()
        self._generation: tuple[Any, ...] | None = None
        self._engine: Any = None
        self._tier: Any = None
        self._entries: OrderedDict[str, Any] = OrderedDict()
        self._chars = 0

    def find(
        self,
        texts: list[str],
        engine: Any,
        finder: Callable[[list[str], Any], list[Any]],
        tier: Any = None,
        variant: Hashable = None,
    ) -> list[Any]:
        """``finder(texts, engine)``, computed only for the texts not remembered under the same tier.

        ``tier`` names the function behind ``finder`` (its identity): replacing it at run time (a
        test's fault injection, a plugin) starts afresh. ``variant`` is what else the spans depend on
        (the entities a policy redacts, which decide where the model runs): another one starts afresh too.
        A ``functools.partial`` finder is known by the function it wraps.
        """
        recognizers = _recognizers()
        if recognizers is None:
            return finder(texts, engine)
        function = getattr(finder, "func", finder)
        generation = (id(engine), recognizers, id(function), id(tier), variant)
        out: list[Any] = [None] * len(texts)
        todo: list[int] = []
        with self._lock:
            if generation != self._generation:
                self._entries.clear()
                self._chars = 0
                self._generation = generation
                self._engine, self._tier = (
                    engine,
                    (tier, function),
                )  # held: their ids are not reused while they are keys
            for i, text in enumerate(texts):
                found = self._entries.get(text)
                if found is None:
                    todo.append(i)
                else:
                    self._entries.move_to_end(text)
                    out[i] = found
        if not todo:
            return out
        fresh = finder([texts[i] for i in todo], engine)
        if len(fresh) != len(todo):
            raise ValueError(f"the free-text tier returned {len(fresh)} results for {len(todo)} texts")
        with self._lock:
            keep = self._generation == generation
            for i, spans in zip(todo, fresh):
                out[i] = spans
                text = texts[i]
                if keep and len(text) <= MAX_TEXT // 100 and text not in self._entries:
                    self._entries[text] = spans
                    self._chars += len(text)
            while self._entries and (len(self._entries) > self.max_entries or self._chars > self.max_chars):
                old, _ = self._entries.popitem(last=False)
                self._chars -= len(old)
        return out

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._chars = 0
            self._generation = None
            self._engine = None
            self._tier = None


#: the process-wide cache :func:`jupyter_privguard.redaction.redact_text_series` uses
FREE_TEXT_SPANS = FreeTextSpans()
