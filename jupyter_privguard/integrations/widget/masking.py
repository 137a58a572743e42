"""Which names the panel may show: a column label or variable name that looks like personal data is hidden."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...entities import ENTITIES

if TYPE_CHECKING:
    from ...session import GuardSession

# Known values shorter than this are only matched whole against names (a 5-letter surname inside
# a column header is more likely chance than a leak).
_MIN_CONTAINED = 8
_MAX_CONTAINMENT_VALUES = 20_000


class _Masker:
    """Decides whether a name (a column label, a variable label) may be shown.

    A name is hidden when it equals, or contains, an exact PII value the session has seen, or when
    the pattern tier finds a direct identifier in it (an email as a column label after ``df.T``).
    """

    def __init__(self) -> None:
        self._version: Any = object()
        self._values: set[str] = set()
        self._long: list[str] = []
        self._cache: dict[str, bool] = {}

    def update(self, session: GuardSession) -> None:
        # the session bumps ``_version`` whenever its value index changes: copy it only then
        version = getattr(session, "_version", None)
        if version == self._version:
            return
        _, values = session.known_values()
        self._values = set(values)
        long = [v for v in values if len(v) >= _MIN_CONTAINED]
        self._long = long if len(long) <= _MAX_CONTAINMENT_VALUES else []
        self._cache.clear()
        self._version = version

    def hidden(self, name: str) -> bool:
        cached = self._cache.get(name)
        if cached is not None:
            return cached
        verdict = name.strip() in self._values or any(v in name for v in self._long) or _pattern_hit(name)
        self._cache[name] = verdict
        return verdict

    def show(self, name: Any, fallback: str) -> str:
        text = str(name)
        return fallback if self.hidden(text) else text


def _pattern_hit(text: str) -> bool:
    if len(text) < 5:
        return False
    try:
        from ..detect.patterns import find_spans

        spans = find_spans([text])[0]
    except Exception:
        return False
    return any(getattr(ENTITIES.get(s.entity), "category", None) == "direct" for s in spans)
