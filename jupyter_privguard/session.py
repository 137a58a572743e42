"""The state of one guarded session (a kernel, or a script): policy, known PII values, counts, audit.

The integrations (display guard, output tripwire, export guard, magics, panel) share one
:class:`GuardSession`. It lives in memory only. The exact PII values it remembers, so that the
output tripwire can find them again in prints and tracebacks, never leave the process: they are not
logged, cached on disk, sent over a comm, or put in a report.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .policy import Policy
from .registry import Registries

if TYPE_CHECKING:
    from .report import ScanReport
    from .valueindex import ValueIndex

# Values shorter than this are too common to hunt for in free output ("M", "CA", "1"), except
# the short names of a person column ("Bob", "Li"): the value index matches those only as whole
# tokens in their learned letter case or title case (see jupyter_privguard.valueindex).
MIN_EXACT_LENGTH = 5


def _short_name(text: str, entity: str) -> bool:
    """A value shorter than :data:`MIN_EXACT_LENGTH` that is still learned: a short person name."""
    from .valueindex import NAME_ENTITIES

    letters = sum(c.isalpha() for c in text)
    # one letter is a name only when it is a word or a syllable of its own: a CJK ideograph or a
    # Hangul syllable (渚, 忍, 진), never an initial of an alphabet (nor a lone kana, a particle)
    enough = letters >= 2 or (letters == 1 and any(_syllabic(c) for c in text))
    return entity in NAME_ENTITIES and enough and all(c.isalpha() or c in " .'-" for c in text)


def _syllabic(char: str) -> bool:
    """A letter that can be a name on its own: a CJK ideograph or a Hangul syllable."""
    code = ord(char)
    return (
        0x3400 <= code <= 0x4DBF  # CJK extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0xAC00 <= code <= 0xD7A3  # Hangul syllables
        or 0xF900 <= code <= 0xFAFF  # CJK compatibility ideographs
        or 0x20000 <= code <= 0x3134F  # CJK extensions B to G
    )


@dataclass
class GuardCounts:
    """What the guard did in this session (numbers only)."""

    frames_scanned: int = 0
    frames_redacted: int = 0
    cells_redacted: int = 0
    outputs_redacted: int = 0
    exports_warned: int = 0
    exports_blocked: int = 0
    reveals: int = 0

    def to_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass
class GuardSession:
    """Shared state of the guard in one process.

    Attributes
    ----------
    policy
        The policy in force (``%privguard config`` and ``policy`` replace it).
    enabled
        ``False`` pauses every guard without uninstalling it (``%privguard off``).
    reports
        The latest scan report per variable name or object label (no values).
    counts
        What the guard did, for ``%privguard status`` and the panel.
    registries
        The extension points in force (recognisers, operators ...), each built on first use with the
        built-ins and the plugins of its entry-point group; every path that detects or redacts uses them.
    risk_results
        The latest risk analyses per variable, ``{variable: {"leakage": payload, "risk": payload}}``,
        each payload a report's ``to_dict()`` (names, scores, counts; no values), for the panel.
    """

    policy: Policy = field(default_factory=Policy.load)
    enabled: bool = True
    reports: dict[str, ScanReport] = field(default_factory=dict)
    counts: GuardCounts = field(default_factory=GuardCounts)
    risk_results: dict[str, dict[str, Any]] = field(default_factory=dict)
    registries: Registries = field(default_factory=Registries, repr=False)
    _values: dict[str, str] = field(default_factory=dict, repr=False)
    _columns: dict[str, str] = field(default_factory=dict, repr=False)
    _epoch: int = 0
    _index: ValueIndex | None = field(default=None, repr=False)
    _filtered: tuple[Any, ValueIndex] | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _listeners: list[Callable[[str, dict[str, Any]], None]] = field(default_factory=list, repr=False)

    # -- the exact-value index (memory only) --------------------------------------------------
    def remember_values(self, values: Iterable[Any], entity: str, column: str | None = None) -> int:
        """Add classified PII values to the in-memory index; returns how many were new.

        ``column`` names the column they came from, so that allowing that column later takes its
        values out of the index again (see :meth:`known_values`). Each new value also goes into
        the session's :class:`~jupyter_privguard.valueindex.ValueIndex` (:meth:`value_index`),
        which finds it again in every printed form. Values shorter than :data:`MIN_EXACT_LENGTH`
        are skipped, except short person names (``Bob``, ``Li``).
        """
        new: list[str] = []
        with self._lock:
            for value in values:
                if value is None:
                    continue
                text = value if isinstance(value, str) else str(value)
                text = text.strip()
                if not text or text in self._values:
                    continue
                if len(text) < MIN_EXACT_LENGTH and not _short_name(text, entity):
                    continue
                self._values[text] = entity
                if column is not None:
                    self._columns[text] = column
                new.append(text)
            if new:
                if self._index is not None:  # else built from every value on first use
                    self._index.add(new, entity)
                filtered = self._filtered
                if filtered is not None and filtered[0] == self._allow_key():
                    # the index without allowed values grows with the other, not rebuilt per batch
                    regex = self.policy.value_allowed_regex()
                    kept = [t for t in new if not self._allowed(t, regex)]
                    if kept:
                        filtered[1].add(kept, entity)
                self._epoch += 1
        return len(new)

    def _allow_key(self) -> tuple[tuple[str, ...], str | None]:
        regex = self.policy.value_allowed_regex()
        return tuple(self.policy.allow_columns), None if regex is None else regex.pattern

    def _allowed(self, text: str, regex: re.Pattern[str] | None) -> bool:
        """Whether the policy allows ``text`` (its column, or the value: ``regex``, the allowed values)."""
        column = self._columns.get(text)
        if column is not None and self.policy.column_allowed(column):
            return True
        return regex is not None and regex.fullmatch(text) is not None

    @property
    def _version(self) -> tuple[int, tuple[str, ...], tuple[str, ...]]:
        # changes when values are added or forgotten, and when the allow lists change
        return self._epoch, tuple(self.policy.allow_columns), tuple(self.policy.allow_values)

    def known_values(self) -> tuple[Any, dict[str, str]]:
        """``(version, {value: entity})`` without the values of allowed columns or allowed values.

        The version changes whenever the result can change.
        """
        with self._lock:
            version = self._version
            policy = self.policy
            allowed_values = policy.value_allowed_regex()
            if not policy.allow_columns and allowed_values is None:
                return version, dict(self._values)
            out = {}
            for text, entity in self._values.items():
                column = self._columns.get(text)
                if column is not None and policy.column_allowed(column):
                    continue
                if allowed_values is not None and allowed_values.fullmatch(text):
                    continue
                out[text] = entity
            return version, out

    def value_index(self) -> ValueIndex:
        """The index of the known values (as :meth:`known_values` gives them), in all their forms.

        Built on first use and then fed by :meth:`remember_values`; while the policy allows columns
        or values, a second index without them, built when the allow lists change and then fed
        the same way.
        """
        from .valueindex import ValueIndex

        with self._lock:
            if self._index is None:
                index = ValueIndex()
                by_entity: dict[str, list[str]] = {}
                for text, entity in self._values.items():
                    by_entity.setdefault(entity, []).append(text)
                for entity, texts in by_entity.items():
                    index.add(texts, entity)
                self._index = index
            if not self.policy.allow_columns and self.policy.value_allowed_regex() is None:
                return self._index
            key = self._allow_key()
            filtered = self._filtered
            if filtered is not None and filtered[0] == key:
                return filtered[1]
            index = ValueIndex()
            grouped: dict[str, list[str]] = {}
            regex = self.policy.value_allowed_regex()
            for text, entity in self._values.items():
                if not self._allowed(text, regex):
                    grouped.setdefault(entity, []).append(text)
            for entity, texts in grouped.items():
                index.add(texts, entity)
            self._filtered = (key, index)
            return index

    def forget_values(self) -> None:
        with self._lock:
            self._values.clear()
            self._columns.clear()
            self._index = None
            self._filtered = None
            self._epoch += 1

    @property
    def n_known_values(self) -> int:
        return len(self._values)

    # -- events for the panel and the sidebar --------------------------------------------------
    def subscribe(self, listener: Callable[[str, dict[str, Any]], None]) -> Callable[[], None]:
        """Call ``listener(event, payload)`` on every state change; returns an unsubscribe function.

        Payloads carry names, entities, scores and counts only.
        """
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def emit(self, event: str, payload: dict[str, Any]) -> None:
        for listener in list(self._listeners):
            try:
                listener(event, payload)
            except Exception:  # a broken listener must not break the guard
                pass


_CURRENT: GuardSession | None = None


def current_session() -> GuardSession:
    """The process-wide session, made on first use."""
    global _CURRENT
    if _CURRENT is None:
        _CURRENT = GuardSession()
    return _CURRENT


def reset_session(session: GuardSession | None = None) -> GuardSession:
    """Replace the process-wide session (used by unload and by tests)."""
    global _CURRENT
    _CURRENT = session if session is not None else GuardSession()
    return _CURRENT
