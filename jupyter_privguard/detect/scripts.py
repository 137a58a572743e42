"""Person-name evidence for columns written in scripts other than Latin.

The gazetteer of :mod:`jupyter_privguard.detect.names` is Latin script, and its shape test wants
capitalised words, so ``Иванова Анна Сергеевна``, ``王伟`` or ``김민준`` under a header such as ``f4``
were never called names. This module tells which script each sampled value is written in and
judges it by that script's rules (:mod:`jupyter_privguard.detect.script_rules`: name shape plus
short lists of common given names and surnames from national statistics). A column is PERSON
when a large share of its distinct values has the shape *and* the lists' support; the result is an
:class:`~jupyter_privguard.report.Evidence` the scanner's vote combines with the header's.

Everything runs on the sample the scanner already took (at most :data:`MAX_VALUES` distinct values),
with precompiled regexes over Unicode ranges; values of scripts without rules (Thai, Georgian ...)
score nothing, and Latin values in a mixed column are scored by the Latin gazetteer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from ..report import Evidence
from .script_rules import SCORERS, Judgement

__all__ = ["DETECTOR", "has_non_latin_letters", "script_of", "script_person_evidence"]

DETECTOR = "names:script"
MIN_SCORE = 0.5
MAX_VALUES = 400
MAX_CHARS = 60
# a column of one-character values (姓氏: 王, 李, 张) must have this many distinct ones to be surnames
_MIN_SINGLE_CHAR_DISTINCT = 5
# full names the lists mostly do not know: this share has a full name's shape, this share the lists' support
_FULL_SHAPE = 0.9
_FULL_LISTED = 0.1
# surnames by their endings: this share of the values has a surname's ending or is on the lists, and
# this share is on the lists
_BY_ENDING = 0.8
_MIN_LISTED = 0.15

_RANGES = {
    "kana": "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f",
    "han": "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",
    "hangul": "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f",
    "cyrillic": "\u0400-\u052f",
    "greek": "\u0370-\u03ff\u1f00-\u1fff",
    "arabic": "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff",
    "hebrew": "\u0590-\u05ff",
    "devanagari": "\u0900-\u097f",
}
_SCRIPT_LETTER = {name: re.compile(f"[{chars}]") for name, chars in _RANGES.items()}
_NON_LATIN_LETTER = re.compile(f"[{''.join(_RANGES.values())}]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_DIGIT = re.compile(r"\d")
# Letters of other scripts (Thai, Georgian, Armenian ...) also make a value non-Latin, with no rules.
_OTHER_LETTER = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f]")


def has_non_latin_letters(values: Sequence[str]) -> bool:
    """Whether any of ``values`` has a letter of a script this module has rules for (one regex pass)."""
    return _NON_LATIN_LETTER.search("\n".join(values)) is not None


def script_of(value: str) -> str | None:
    """The script ``value`` is written in: a key of :data:`~.script_rules.SCORERS`, ``"latin"``,
    ``"other"`` (letters of a script without rules, or of several scripts) or ``None`` (no letters)."""
    found = [name for name, pattern in _SCRIPT_LETTER.items() if pattern.search(value)]
    latin = _LATIN_LETTER.search(value) is not None
    if not found:
        if latin:
            return "latin"
        return "other" if _OTHER_LETTER.search(value) else None
    if latin:
        return "other"
    if "kana" in found:
        return "japanese" if set(found) <= {"kana", "han"} else "other"
    return found[0] if len(found) == 1 else "other"


def _judge(value: str, script: str | None) -> Judgement:
    if script == "han":
        # kanji without kana: a Chinese or a Japanese name, whichever rules fit better
        return max(SCORERS["han"](value), SCORERS["japanese"](value), key=lambda j: j.score)
    scorer = SCORERS.get(script or "")
    if scorer is None:
        return Judgement(0.0, judged=script == "latin")
    return scorer(value)


def script_person_evidence(values: Sequence[object]) -> Evidence | None:
    """Decide whether a column of short strings in non-Latin scripts holds people's names.

    Parameters
    ----------
    values
        Sampled non-missing cells of one column (the scanner's sample; only the first
        :data:`MAX_VALUES` distinct ones are read).

    Returns
    -------
    Evidence or None
        ``Evidence(detector="names:script:<script>", entity="PERSON", score, detail)`` when at
        least half the distinct values have a name's shape and the word lists' support, else
        ``None``. The detail holds the script and counts only.
    """
    cleaned = []
    for v in values:
        if v is None:
            continue
        text = unicodedata.normalize("NFC", str(v)).strip()
        if text:
            cleaned.append(text)
    distinct = list(dict.fromkeys(cleaned))[:MAX_VALUES]
    n = len(distinct)
    if n == 0:
        return None
    scripts = [script_of(v) for v in distinct]
    counts: dict[str, int] = {}
    for script in scripts:
        if script in SCORERS or script == "japanese":
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return None
    main, main_count = max(counts.items(), key=lambda kv: kv[1])
    if sum(counts.values()) < 0.3 * n:
        return None  # mostly Latin or unscripted: the Latin tier's column
    judgements = []
    for value, script in zip(distinct, scripts):
        if len(value) > MAX_CHARS or _DIGIT.search(value):
            judgements.append(Judgement(0.0))
        elif script == "latin":
            from .names import value_name_score

            judgements.append(Judgement(value_name_score(value)))
        else:
            judgements.append(_judge(value, script))
    single = sum(1 for v in distinct if len(v) == 1)
    if single >= 0.5 * n and n < _MIN_SINGLE_CHAR_DISTINCT:
        return None  # a handful of one-character codes (男/女, 大/中/小), not a surname column
    hits = sum(1 for j in judgements if j.score >= 0.6)
    # a column of single words that all end as surnames end (-ов/-ова, -енко, -ський), some of them
    # on the lists: a surname column, though the short lists know only the commonest
    by_ending = sum(1 for j in judgements if j.by_ending)
    if by_ending and hits >= _MIN_LISTED * n and hits + by_ending >= _BY_ENDING * n:
        hits += by_ending
        judgements = [Judgement(0.6) if j.by_ending else j for j in judgements]
    judged = [j for j in judgements if j.judged]
    unjudged = [j for j in judgements if not j.judged and j.strong_shape]
    # full names whose words no list knows borrow the column's hit rate among the judged values,
    # when there are enough of those (as the Latin tier does)
    prior = 0.0
    if len(judged) >= max(5, 0.3 * n):
        prior = 0.7 * sum(1 for j in judged if j.score >= 0.6) / len(judged)
    elif (
        len(unjudged) + sum(1 for j in judged if j.strong_shape) >= _FULL_SHAPE * n
        and sum(1 for j in judged if j.score >= 0.6) >= _FULL_LISTED * n
        and sum(1 for j in judged if j.score == 0.0) <= (1 - _FULL_SHAPE) * n
    ):
        # nearly every value has a full name's shape, one in ten has the lists' support and few fail the
        # shape: the lists are short, the names unlisted
        prior = 0.6
    total = sum(j.score for j in judged) + sum(max(j.score, prior) for j in unjudged)
    if prior >= 0.4:
        hits += sum(1 for j in unjudged if j.score < 0.6)
    # a column of lone given names or surnames scores 0.6-0.8 a value even when the lists know them all;
    # the share of values the lists back is the evidence there (0.5 from five in eight)
    score = round(min(1.0, max(0.9 * total / n, 0.8 * hits / n)), 4)
    if hits < 0.5 * n or score < MIN_SCORE:
        return None
    detail = (
        f"{n} distinct values, {main_count} in {main} script: {hits} have a name's shape and the"
        f" {main} name lists' support, {len(unjudged)} more have a full name's shape"
    )
    return Evidence(detector=f"{DETECTOR}:{main}", entity="PERSON", score=score, detail=detail)
