"""The text engine: validated pattern spans inside free text, boosted by context words, overlaps resolved.

:func:`find_spans` first selects, with one vectorised RE2 pass per recogniser or per search group
(``PatternRecognizer.search_group``), the texts of a batch that can hold a match; only those are
scanned with Python's :mod:`re`, whose look-arounds (``left``/``right``) decide where a span may
start and end.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Collection, Sequence
from functools import lru_cache
from typing import Any

from ..report import Span
from .match_columns import _arrow_available
from .pattern_registry import PatternRegistry, default_registry
from .recognizer import CONTEXT_BOOST, NON_PII_ENTITIES, PatternRecognizer

__all__ = ["find_spans"]

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
# up to this many characters in all, Python's engine by group (_grouped_masks) beats RE2's fixed cost per call
_GROUPED_CHARS = 1_000
# Importing pyarrow's compute module (with numpy and the pandas it loads) costs a few tenths of a
# second, as much as Python's engine spends on this many characters: a batch smaller than that
# (one notebook checked by a pre-commit hook) goes through Python's engine unless pyarrow is loaded
# already (a folder of notebooks, a session that displayed a frame).
_ARROW_IMPORT_CHARS = 65_536


def _use_arrow(texts: Sequence[str]) -> bool:
    chars = sum(len(t) for t in texts)
    if (len(texts) <= _SMALL_BATCH and chars <= _SMALL_CHARS) or chars <= _GROUPED_CHARS:
        return False  # a pyarrow call costs ~0.2 ms per pattern whatever the input
    if "pyarrow.compute" not in sys.modules and sum(len(t) for t in texts) < _ARROW_IMPORT_CHARS:
        return False
    return _arrow_available()


def _rows(mask: Any) -> list[int]:
    """The rows a mask selects (a list of booleans from Python's engine, a numpy array from RE2's)."""
    if isinstance(mask, list):
        return [row for row, hit in enumerate(mask) if hit]
    return list(mask.nonzero()[0].tolist())


def _mask_groups(registry: PatternRegistry) -> list[list[PatternRecognizer]]:
    """The registry's recognisers by search group (see ``PatternRecognizer.search_group``), in the
    order each group first appears; a recogniser without a group forms one alone."""
    groups: dict[str, list[PatternRecognizer]] = {}
    alone: list[list[PatternRecognizer]] = []
    for recognizer in registry:
        if recognizer.search_group:
            groups.setdefault(recognizer.search_group, []).append(recognizer)
        else:
            alone.append([recognizer])
    return [*groups.values(), *alone]


def _union_part(recognizer: PatternRecognizer) -> str:
    # a shape that needs a context word can only be in a text that has one: the words stand in
    # for a weak shape, unless one is short enough to hide inside common words ("ss" in "loss")
    if recognizer.needs_context and all(len(w) >= 4 for w in recognizer.context_words):
        return _context_regex(recognizer)
    return recognizer.search_regex


def _context_regex(recognizer: PatternRecognizer) -> str:
    words = "|".join(re.escape(w) for w in sorted(recognizer.context_words))
    return f"(?i:{words})"


# a flag group that applies to the whole pattern ("(?i)"): its alternatives cannot be taken apart
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux-]+\)")


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of ``pattern`` (``a|(b|c)|[|]`` is ``a``, ``(b|c)``, ``[|]``);
    the pattern whole when it has a global flag group or does not parse as expected."""
    if _GLOBAL_FLAGS.search(pattern):
        return [pattern]
    out: list[str] = []
    depth, start, k, in_class = 0, 0, 0, False
    while k < len(pattern):
        c = pattern[k]
        if c == "\\":
            k += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            if pattern.startswith("]", k + 1) or pattern.startswith("^]", k + 1):
                k += 2 if pattern[k + 1] == "]" else 3  # a "]" first in a class is a member
                continue
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth < 0:
                return [pattern]
        elif c == "|" and depth == 0:
            out.append(pattern[start:k])
            start = k + 1
        k += 1
    if depth or in_class:
        return [pattern]
    out.append(pattern[start:])
    return out


def _union(group: Sequence[PatternRecognizer]) -> str:
    return _union_of(tuple(_union_part(r) for r in group))


@lru_cache(maxsize=64)
def _union_of(members: tuple[str, ...]) -> str:
    """One pattern that matches where any member's union part matches. Alternatives that members
    share are written once (the month names that three date shapes select their texts by): the
    same language, and RE2, which compiles the pattern on every call, compiles it in a third of
    the time."""
    parts = dict.fromkeys(alt for member in members for alt in _alternatives(member))
    return "|".join(f"(?:{part})" for part in parts)


def _search_masks(texts: Sequence[str], registry: PatternRegistry) -> dict[str, Any]:
    """Per recogniser, a boolean mask of the texts that may hold one of its spans.

    A mask may say yes too often (the search in Python's engine decides), never too rarely. With
    pyarrow the work is RE2 passes over the batch: one per group of rare shapes, then one per
    member over the texts its group selected; a weak shape that needs a context word is looked
    for only in the texts that hold one of its words.
    """
    masks: dict[str, Any] = {}
    # a few short texts (a line of output, one cell), or a batch too small to pay for importing
    # pyarrow, go through Python's engine (see _use_arrow): its masks are lists, no numpy needed
    if _use_arrow(texts):
        import numpy as np
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
            union = _union(group)
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
    if len(texts) <= _SMALL_BATCH:
        for recognizer in registry:
            search = recognizer.compiled_search.search
            masks[recognizer.name] = [search(t) is not None for t in texts]
        return masks
    return _grouped_masks(texts, registry)


def _grouped_masks(texts: Sequence[str], registry: PatternRegistry) -> dict[str, list[bool]]:
    """The RE2 path's masks, written with Python's engine: the union of a group on every text, then each
    member's pattern (after its context words, for a weak shape) on the texts the union selected.

    For a batch of a few hundred short texts (the cells a display shows) this is several times faster
    than the RE2 calls, each of which compiles its pattern again. Python's classes (``\\d``, ``\\w``, case
    folding) are Unicode where RE2's are ASCII: a mask may select more texts, never fewer.
    """
    masks: dict[str, list[bool]] = {}
    n = len(texts)
    everything = list(range(n))

    def member_mask(recognizer: PatternRecognizer, rows: list[int], pattern: str) -> list[bool]:
        mask = [False] * n
        if recognizer.needs_context:
            words = _compiled(_context_regex(recognizer)).search
            rows = [i for i in rows if words(texts[i]) is not None]
        search = _compiled(pattern).search
        for i in rows:
            if search(texts[i]) is not None:
                mask[i] = True
        return mask

    for group in _mask_groups(registry):
        if len(group) == 1:
            masks[group[0].name] = member_mask(group[0], everything, group[0].search_regex)
            continue
        union = _compiled(_union(group)).search
        rows = [i for i in everything if union(texts[i]) is not None]
        for recognizer in group:
            masks[recognizer.name] = member_mask(recognizer, rows, recognizer.regex)
    return masks


@lru_cache(maxsize=1024)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


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
    registry = registry if registry is not None else default_registry()
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
            rows_in = _rows(masks[recognizer.name])
        else:
            if blocker_rows is None:  # the others matter only where a wanted candidate is
                blocker_rows = sorted(candidates)
                if blocker_rows:
                    other_masks = _search_masks([texts[i] for i in blocker_rows], PatternRegistry(others))
            if not blocker_rows:
                break
            rows_in = [blocker_rows[i] for i in _rows(other_masks[recognizer.name])]
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
