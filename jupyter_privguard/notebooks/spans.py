"""Finding the spans to redact in the plan's texts: the pattern tier and the exact-value index.

:func:`_find_hits` runs the session's recognisers (memoised by :func:`_registry`) over each distinct
line once, adds the values the table tier found (:class:`jupyter_privguard.textguard.ExactIndex`),
applies the policy and merges overlaps into :data:`Hit` tuples. Uses :mod:`.plan` (units).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..textguard import _strip_ansi
from .code_text import MASK_CHAR, SHAPE_CHAR
from .column_evidence import COINCIDENCE
from .plan import _Unit

if TYPE_CHECKING:
    from ..policy import Policy

# Every built-in pattern needs a digit or an "@": lines without either skip the pattern pass.
_MAY_HOLD_PATTERN = re.compile(r"[0-9@]")

Hit = tuple[int, int, str, float, str]  # start, end, entity, score, detector


_SHAPED = re.compile(SHAPE_CHAR + "+")


def _unshaped(read: str, text: str) -> str:
    """The scan text with its coincidental shapes given back (see :mod:`.payloads`)."""
    return _SHAPED.sub(lambda m: text[m.start() : m.end()], read)


# detectors whose hits are values the table tier (or the recall tier) learned, and their cut copies
# (``712.870....``, a dotted phone cut by pandas, has a measurement's shape): shapes are text for them
_LEARNED = frozenset({"table", "table:cut"})


def _readable(span: str, detector: str) -> bool:
    """Whether a hit covers only text: never a blanked payload or code; a pattern never a shape."""
    return MASK_CHAR not in span and (detector in _LEARNED or SHAPE_CHAR not in span)


def _merge(hits: list[Hit]) -> list[Hit]:
    """Overlapping hits become one: the longer one's entity, the higher score."""
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    merged: list[Hit] = []
    for hit in hits:
        if merged and hit[0] < merged[-1][1]:
            prev = merged[-1]
            keep = prev if (prev[1] - prev[0]) >= (hit[1] - hit[0]) else hit
            merged[-1] = (prev[0], max(prev[1], hit[1]), keep[2], max(prev[3], hit[3]), keep[4])
        else:
            merged.append(hit)
    return merged


_MEMOISED: tuple[int, int, Any] | None = None


def _registry() -> Any:
    """The session's recognisers (built-ins and plugins) with their validators memoised.

    Saved outputs repeat values (the same dates down a log, an email in a table and in a print):
    each distinct candidate is validated once per process. Results are the same as without.
    Rebuilt when the session's registry changes.
    """
    global _MEMOISED
    from ..session import current_session

    source = current_session().registries.recognizers
    key = (id(source), len(source))
    if _MEMOISED is None or _MEMOISED[:2] != key:
        import dataclasses
        import functools

        from ..detect.patterns import PatternRegistry
        from ..detect.recognizer import patterns_checked

        recognizers = []
        for rec in source:
            check = rec.validator
            if check is not None and not hasattr(check, "cache_info"):  # not memoised already
                with patterns_checked():  # the same patterns, checked when ``rec`` was built
                    rec = dataclasses.replace(rec, validator=functools.lru_cache(maxsize=1 << 15)(check))
            recognizers.append(rec)
        _MEMOISED = (key[0], key[1], PatternRegistry(recognizers))
    return _MEMOISED[2]


def _find_hits(
    units: Sequence[_Unit],
    policy: Policy,
    exact: dict[str, str],
    exact_scores: dict[str, float],
    extra: dict[int, list[Hit]] | None = None,
) -> dict[int, list[Hit]]:
    """The spans to redact per unit (offsets into the unit's original text), policy applied;
    ``extra`` hits (:mod:`.recall`, offsets in the text without colour codes) join before it is.

    Only the units with something to redact are in the result.
    """
    from ..detect.patterns import find_spans
    from ..textguard import PATTERN_SKIP, ExactIndex
    from .recall import unglued

    # ANSI colour codes are only in tracebacks: the other texts are their own clean form
    # what detectors read: code and payloads blanked (``_Unit.scan_text``), offsets as in the text
    read = [u.text if u.scan_text is None else u.scan_text for u in units]
    cleaned = [_strip_ansi(t) if "\x1b" in t else (t, None) for t in read]
    # a printed "\n" escape reads as a gap (same offsets), so a phone glued to it is a word (not in
    # code, where an escape is the code's own: left to the precision of code literals)
    cleaned = [
        (text if u.where == "code" else unglued(text), positions) for u, (text, positions) in zip(units, cleaned)
    ]
    # each distinct line is searched once (a table's text/plain twin, a repeated warning, the same
    # value in several outputs): a line's spans do not depend on where it is
    distinct: dict[str, int] = {}
    owners: list[tuple[int, int, int]] = []  # (unit, offset of the line in it, distinct line)
    search = _MAY_HOLD_PATTERN.search
    for n, (text, _) in enumerate(cleaned):
        if not search(text):
            continue
        lines = text.splitlines(keepends=True)
        if len(lines) == 1:  # most leaves are one line (nbformat stores text as a list of lines)
            owners.append((n, 0, distinct.setdefault(text, len(distinct))))
            continue
        offset = 0
        for line in lines:
            if search(line):
                owners.append((n, offset, distinct.setdefault(line, len(distinct))))
            offset += len(line)
    hits: dict[int, list[Hit]] = {}
    if distinct:
        # entities the policy keeps (dates) or the pattern tier skips (URLs) are not reported: their
        # recognisers only run where they could change a reported span
        registry = _registry()
        wanted = {r.entity for r in registry if r.entity not in PATTERN_SKIP and policy.action_for(r.entity) != "keep"}
        found = find_spans(list(distinct), registry, entities=wanted)
        threshold: dict[str, float | None] = {}  # None: an entity the pattern tier skips
        kept: list[list[Hit]] = []
        for spans in found:
            row: list[Hit] = []
            for span in spans:
                entity = span.entity
                if entity not in threshold:
                    threshold[entity] = None if entity in PATTERN_SKIP else policy.threshold_for(entity)
                least = threshold[entity]
                if least is None or span.score < least:
                    continue
                row.append((span.start, span.end, entity, span.score, span.detector))
            kept.append(row)
        for n, offset, k in owners:
            if kept[k]:
                unit_hits = hits.setdefault(n, [])
                if offset:
                    unit_hits.extend((offset + a, offset + b, e, sc, d) for a, b, e, sc, d in kept[k])
                else:
                    unit_hits.extend(kept[k])
    coincidental: dict[int, list[tuple[int, int]]] = {}  # a code's shape, not personal data (.column_evidence)
    if exact:
        index = ExactIndex(exact)
        # a value the table tier learned is text even where it has a coincidental shape (a birth
        # date printed with its time): the shapes are given back, payloads and code stay blank
        exact_read = [_unshaped(t, u.text) if SHAPE_CHAR in t else None for t, u in zip(read, units)]
        texts = [
            text if again is None else (_strip_ansi(again)[0] if "\x1b" in again else again)
            for (text, _), again in zip(cleaned, exact_read)
        ]
        for n, found_exact in enumerate(index.find_all(texts)):
            for start, end, entity in found_exact:
                if entity == COINCIDENCE:
                    coincidental.setdefault(n, []).append((start, end))
                    continue
                hits.setdefault(n, []).append((start, end, entity, exact_scores.get(entity, 1.0), "table"))
    for n, more in (extra or {}).items():
        hits.setdefault(n, []).extend(more)
    allowed = policy.value_allowed_regex()
    kept_entity: dict[str, bool] = {}  # entity -> its action is "keep"
    out: dict[int, list[Hit]] = {}
    for n in sorted(hits):
        found_here = hits[n]
        for hit in found_here:
            if hit[2] not in kept_entity:
                kept_entity[hit[2]] = policy.action_for(hit[2]) == "keep"
        # what the policy keeps is dropped before overlaps merge, so it never hides a hit to redact
        text, positions = cleaned[n]
        # a hit never covers a blanked character (code, drawing data): clean must not rewrite it
        found_here = [hit for hit in found_here if not kept_entity[hit[2]] and _readable(text[hit[0] : hit[1]], hit[4])]
        if n in coincidental:
            found_here = [h for h in found_here if h[4] == "table" or (h[0], h[1]) not in coincidental[n]]
        if not found_here:
            continue
        redact: list[Hit] = []
        for hit in _merge(found_here):
            start, end, entity = hit[0], hit[1], hit[2]
            if allowed is not None and allowed.fullmatch(text[start:end]):
                continue
            if positions is not None:  # back to offsets in the text with its colour codes
                start, end = positions[start], positions[end - 1] + 1
            redact.append((start, end, entity, hit[3], hit[4]))
        if redact:
            out[n] = redact
    return out
