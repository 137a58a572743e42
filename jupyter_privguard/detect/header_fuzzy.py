"""Typo matching for column headers: which vocabulary word a misspelt header token was meant to be.

A token of five letters or more may be corrected into a *target* (a whole term or a word that builds
one) within a few edits (insert, delete, substitute, swap neighbours). The edit distance is
computed by rapidfuzz when the caller hands it in, and by the pure-Python code here otherwise; both
give the same answers (``tests/test_headers.py`` checks it).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

__all__ = ["FuzzyIndex", "max_edits", "osa_distance"]

# an edit only in the last two letters that turns one of these endings into another is usually
# another word of the same stem ("employed"/"employee", "stated"/"states"), not a typo
_INFLECTIONS = frozenset("ed es er ee ly al ic ry ty ing".split())


def osa_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (Levenshtein plus adjacent transpositions)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def max_edits(length: int) -> int:
    """How many edits a token of ``length`` letters may be away from its target."""
    # short words are too close to other real words: "race"/"rate", "mail"/"main"
    if length < 5:
        return 0
    if length < 10:
        return 1
    if length < 14:
        return 2
    return 3


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class FuzzyIndex:
    """The words a header token may be corrected into.

    Parameters
    ----------
    targets
        What a token may become (kept sorted, so every lookup answers the same way).
    exact
        Tokens that are words already and are never corrected (terms, their words, known words).
    """

    def __init__(self, targets: Iterable[str], exact: frozenset[str]) -> None:
        self.targets: tuple[str, ...] = tuple(sorted(set(targets)))
        self.exact = exact
        self._delete_index: dict[str, list[str]] | None = None

    def delete_index(self) -> dict[str, list[str]]:
        """Targets keyed by themselves and by each one-letter deletion (built on first use).

        Two words within one edit (insert, delete, substitute, swap neighbours) share a key, so the
        fallback finds exactly the candidates rapidfuzz would, without comparing against every target.
        """
        if self._delete_index is None:
            index: dict[str, list[str]] = {}
            for target in self.targets:
                for key in _deletes(target) | {target}:
                    index.setdefault(key, []).append(target)
            self._delete_index = index
        return self._delete_index

    def candidates(self, token: str, k: int, process: Any = None, osa: Any = None) -> list[tuple[str, int]]:
        """Targets within ``k`` edits of ``token``, with their distances.

        ``process`` and ``osa`` are ``rapidfuzz.process`` and ``rapidfuzz.distance.OSA`` when
        rapidfuzz is installed; without them the pure-Python search finds the same targets.
        """
        if process is not None:
            found = process.extract(token, self.targets, scorer=osa.distance, score_cutoff=k, limit=None)
            return [(c, int(d)) for c, d, _ in found]
        if k == 1:
            index = self.delete_index()
            near = {t for key in _deletes(token) | {token} for t in index.get(key, ())}
        else:  # long tokens only: difflib's ratio is a safe pre-filter at this length
            near = set(difflib.get_close_matches(token, self.targets, n=50, cutoff=0.6))
        return [(c, d) for c in near if (d := osa_distance(token, c)) <= k]

    def closest(self, token: str, process: Any = None, osa: Any = None) -> tuple[str, float] | None:
        """The target closest to ``token`` and a similarity in (0, 1), or ``None``."""
        k = max_edits(len(token))
        if k == 0 or token in self.exact:
            return None
        cands = [
            (c, d)
            for c, d in self.candidates(token, k, process, osa)
            if 0 < d <= k
            and abs(len(c) - len(token)) <= k
            and not (
                len(token) >= 6
                and c[:-2] == token[:-2]
                and len(c) == len(token)
                and (token[-2:] in _INFLECTIONS or c[-2:] in _INFLECTIONS)
            )
        ]
        if not cands:
            return None
        cand, dist = min(cands, key=lambda cd: (cd[1], -len(cd[0]), cd[0]))
        return cand, 1.0 - dist / max(len(cand), len(token))
