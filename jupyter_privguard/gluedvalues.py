"""Learned names and emails glued to their neighbours: ``AnnLee``, ``Ann LeeBo Kim``, ``健太佐藤``, ``LeeAnn``.

The value index (:mod:`jupyter_privguard.valueindex`) finds a value as a window of whole tokens of
the text. Code that concatenates values without a separator (``first + last``, ``name1 + name2``,
``f"{name}{other}"``) prints a value whose edges fall *inside* a token of the text, so no window
holds it. This tier reads the text as one **glued stream** (the normalised tokens run together) and
looks there for the learned value run together, but only where the text shows an edge for it:

- a **boundary** is a token edge of the text, a change from a lower-case to an upper-case letter
  inside a token (``Ann|Lee``, ``Lee|Bo``), a change of script between two letters (``Боровая|springer``), or any place between two letters of a script written
  without case or spaces (CJK, kana, Hangul: ``健太|佐藤``);
- a hit **starts and ends at a boundary**; a value of fewer than :data:`LOOSE_LENGTH` characters
  must also have a boundary at **each of its own token edges** (``AnnLee`` matches Ann Lee,
  ``cannleek`` and ``annlee`` do not; ``Dennis Booneson`` is someone else than Dennis Boone).

Learned are the values of :data:`ENTITIES` that are no number (numbers have their own run-together
form): every name of two or more tokens, or of one token of at least six letters that is no common
word, with at least :data:`MIN_LENGTH` characters run together, as learned and with its last token
first (``LeeAnn``, ``PicardJeanLuc``); emails as written.

Cost: one hash of a four-character anchor per boundary of the text that starts with a letter
(looked up in one batch), and one hash per length an anchor admits; nothing per character.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from functools import lru_cache

from .hashtables import HashTable
from .textforms import Tokens

__all__ = ["ANCHOR", "ENTITIES", "LOOSE_LENGTH", "MIN_LENGTH", "GluedValues"]

#: Entities whose values are searched glued to their neighbours.
ENTITIES = frozenset({"PERSON", "EMAIL_ADDRESS"})
#: Characters (normalised, run together) a value needs to be searched glued.
MIN_LENGTH = 4
#: Characters each lookup anchors on: the first ones of a value run together.
ANCHOR = 4
#: From this length a glued value needs no boundary at its own token edges (``maximilianschonberger``).
LOOSE_LENGTH = 10
_MIN_UNCASED = 3  # a name in a script without case (健太佐藤 is four, 聖調辺 three)
_MIN_SINGLE = 6  # a one-token value: shorter ones are too often part of a word ("Anna", "Rose")
_MAX_LENGTH = 62  # bit n of an anchor's payload: a value of n characters starts with it
_MASK_SHIFT = 48  # payload: entity (8) | check (32) << 16 | inner edges (14) << 48
_MASK_BITS = 14

# a lower-case letter then an upper-case one (Latin with accents, Greek, Cyrillic): an edge between them
_CASE_CHANGE = re.compile(r"[a-zß-öø-ÿα-ωа-яё][A-ZÀ-ÖØ-ÞΑ-ΩА-ЯЁ]")
# a letter of one cased script right after one of another (Cyrillic or Greek beside Latin): an edge
_SCRIPT_CHANGE = re.compile(
    r"[\u0370-\u03ff\u0400-\u04ff](?=[A-Za-z\u00c0-\u024f])|[A-Za-z\u00c0-\u024f](?=[\u0370-\u03ff\u0400-\u04ff])"
)
# letters of scripts written without case and without spaces between words
_UNCASED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")


def _check(text: str) -> int:
    return hash("\x1d" + text) & 0xFFFFFFFF


@lru_cache(maxsize=1 << 12)
def _lengths(mask: int) -> tuple[int, ...]:
    return tuple(n for n in range(_MIN_UNCASED, _MAX_LENGTH + 1) if mask >> n & 1)


def _forms(toks: list[str], person: bool) -> list[tuple[str, ...]]:
    """As learned and, for names, every rotation (``Lee Ann``, ``da Cruz Sara``, ``Cruz Sara da``)."""
    if not person or len(toks) < 2:
        return [tuple(toks)]
    return list(dict.fromkeys(tuple(toks[k:] + toks[:k]) for k in range(min(len(toks), 4))))


def _uncased(text: str) -> bool:
    return _UNCASED.fullmatch(text) is not None


class GluedValues:
    """The glued forms of learned values: two hash tables, filled by :meth:`add`, sealed with the index."""

    def __init__(self) -> None:
        self.anchors = HashTable("or")  # hash(first ANCHOR characters) -> bit n: a value of n characters
        self.values = HashTable()  # hash(run together) -> entity | check << 16 | inner edges << 48

    def tables(self) -> tuple[HashTable, HashTable]:
        return self.anchors, self.values

    def add(self, toks: list[str], code: int, person: bool, stops: frozenset[str]) -> None:
        """Learn one value's normalised tokens (the caller holds the index's lock and seals)."""
        if len(toks) == 1 and (len(toks[0]) < _MIN_SINGLE or toks[0] in stops):
            return
        for form in _forms(toks, person):
            glued = "".join(form)
            if len(glued) > _MAX_LENGTH or len(glued) < (_MIN_UNCASED if _uncased(glued) else MIN_LENGTH):
                continue
            edges = 0
            for at in itertools.accumulate(len(t) for t in form[:-1]):
                if at <= _MASK_BITS:
                    edges |= 1 << (at - 1)
            self.anchors.keys.append(hash(glued[:ANCHOR]) if len(glued) >= ANCHOR else hash("\x00" + glued))
            self.anchors.values.append(1 << len(glued))
            self.values.keys.append(hash(glued))
            self.values.values.append(code | (_check(glued) << 16) | (edges << _MASK_SHIFT))

    def find(self, text: str, toks: Tokens) -> list[tuple[int, int, int]]:
        """``(start, end, entity code)`` of each learned value glued into ``text`` (tokenised as ``toks``)."""
        if not self.anchors:
            return []
        norms, starts, ends = toks
        offs = list(itertools.accumulate((len(n) for n in norms), initial=0))
        stream = "".join(norms)
        inner: dict[int, int] = {}  # a boundary inside a token: stream position -> text offset
        uncased: list[int] = []  # stream positions inside a run of an uncased script (and its ends)
        for m in _CASE_CHANGE.finditer(text):
            self._place(m.start() + 1, m.start(), toks, offs, inner)
        if not stream.isascii():
            for m in _SCRIPT_CHANGE.finditer(text):
                self._place(m.end(), m.start(), toks, offs, inner)
            for m in _UNCASED.finditer(text):
                for place in range(m.start(), m.end() + 1):
                    b = self._place(place, m.start(), toks, offs, inner)
                    if b is not None and place < m.end():
                        uncased.append(b)
        # token edges are the most boundaries: kept as a set of stream positions, mapped back only on a hit
        edges_at = set(offs)
        heads = [offs[k] for k, norm in enumerate(norms) if norm[0] > "9"]
        heads += [b for b in inner if b not in edges_at and stream[b : b + 1] > "9"]
        keys = [hash(stream[b : b + ANCHOR]) for b in heads] + [hash("\x00" + stream[b : b + 3]) for b in uncased]
        masks = self.anchors.lookup(keys)
        heads += uncased
        n = len(stream)
        candidates: list[str] = []
        where: list[tuple[int, int]] = []
        for b, mask in zip(heads, masks):
            if mask <= 0:
                continue
            for length in _lengths(mask):
                e = b + length
                if e > n:
                    break
                if e not in edges_at and e not in inner:
                    continue
                candidates.append(stream[b:e])
                where.append((b, e))
        if not candidates:
            return []
        found = self.values.lookup([hash(c) for c in candidates])
        out: list[tuple[int, int, int]] = []
        for k in [i for i, p in enumerate(found) if p >= 0]:
            payload, (b, e) = found[k], where[k]
            if (payload >> 16) & 0xFFFFFFFF != _check(candidates[k]):
                continue
            if e - b < LOOSE_LENGTH:
                edges = payload >> _MASK_SHIFT
                if any(
                    edges >> (j - 1) & 1 and b + j not in edges_at and b + j not in inner
                    for j in range(1, _MASK_BITS + 1)
                ):
                    continue
            start = starts[bisect_right(offs, b) - 1] if b in edges_at else inner[b]
            end = ends[bisect_right(offs, e - 1) - 1] if e in edges_at else inner[e]
            out.append((start, end, payload & 0xFF))
        return out

    @staticmethod
    def _place(place: int, inside: int, toks: Tokens, offs: list[int], inner: dict[int, int]) -> int | None:
        """Record text offset ``place`` (in the token holding offset ``inside``) as a stream boundary."""
        norms, starts, ends = toks
        k = bisect_right(starts, inside) - 1
        if k < 0 or not starts[k] <= place <= ends[k] or ends[k] - starts[k] != len(norms[k]):
            return None  # not in a token, or normalising changed its length: no place maps (token edges do)
        b = offs[k] + place - starts[k]
        inner[b] = place
        return b
