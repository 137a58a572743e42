"""What a column's sampled values look like, for the scanner's routing, and the span pass over a text sample.

Cheap shape tests on the sample (digit shares, lengths, words per cell, redaction placeholders,
name-shaped strings) and the free-text span pass with the model on an even spread of the cells.
Split from :mod:`jupyter_privguard.scanner`, which calls them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .entities import rules_for

if TYPE_CHECKING:
    from .adapters import ColumnData
    from .detect.ner import NerEngine
    from .entities import Entity
    from .registry import Registry

_MAX_TEXT_SAMPLE = 200
_MAX_NAME_SAMPLE = 200
_MAX_NER_TEXTS = 64
_DECIDED_NER_TEXTS = 24


def _text_spans(texts: list[str], engine: NerEngine | None, registry: Any) -> tuple[list[list[Any]], list[int]]:
    """Spans in every sampled cell (patterns and rules), the model's too in an even spread of some of
    them; and the positions of the cells the model read (all of them without a model).

    The model costs milliseconds a cell where the patterns cost microseconds. It reads
    :data:`_MAX_NER_TEXTS` cells (they tell whether it sees names or places in a column as well as
    200 do), or :data:`_DECIDED_NER_TEXTS` when the cheaper tiers already find personal data in most
    cells (it then only adds entities to the column's list). An entity only the model sees must
    recur in 5% of the cells it read; the display redacts every shown cell's spans with the model
    regardless of this sample.
    """
    from .detect.text import find_text_spans

    found = find_text_spans(texts, engine=None, registry=registry)
    if engine is None:
        return found, list(range(len(texts)))
    decided = sum(1 for spans in found if spans) >= 0.5 * len(texts)
    wanted = _DECIDED_NER_TEXTS if decided else _MAX_NER_TEXTS
    if len(texts) <= wanted:
        judged = list(range(len(texts)))
    else:
        step = len(texts) / wanted
        judged = sorted({int(i * step) for i in range(wanted)})
    for i, spans in zip(judged, find_text_spans([texts[i] for i in judged], engine=engine, registry=registry)):
        found[i] = spans
    return found, judged


def _whole_cell_entity(
    texts: list[str], found: list[list[Any]], catalogue: Registry[Entity]
) -> tuple[str, float] | None:
    """The entity whose spans make up most of each cell, when one does in most cells.

    Multi-word values (street addresses, full names with titles) reach span detection because
    they have several words; when one entity covers the cell, the column is that entity.
    """
    if not texts:
        return None
    counts: dict[str, int] = {}
    for text, spans in zip(texts, found):
        size = len(text.replace(" ", ""))
        by_entity: dict[str, int] = {}
        for span in spans:
            by_entity[span.entity] = by_entity.get(span.entity, 0) + len(text[span.start : span.end].replace(" ", ""))
        for entity, covered in by_entity.items():
            if size and covered >= 0.7 * size:
                counts[entity] = counts.get(entity, 0) + 1
    if not counts:
        return None
    entity, n = max(counts.items(), key=lambda kv: kv[1])
    share = n / len(texts)
    return (entity, share) if share >= 0.7 and rules_for(entity, catalogue).pii_in_text else None


def _digit_share(col: ColumnData) -> float:
    """Share of sampled values written with digits only (codes read from a CSV as text)."""
    sample = col.sample.iloc[:_MAX_TEXT_SAMPLE]
    return float(sample.str.fullmatch(r"[0-9]+").mean()) if len(sample) else 0.0


def _has_digit_share(col: ColumnData) -> float:
    sample = col.sample.iloc[:_MAX_TEXT_SAMPLE]
    return float(sample.str.contains(r"[0-9]", regex=True).mean()) if len(sample) else 0.0


def _median_length(col: ColumnData) -> float:
    sample = col.sample.iloc[:_MAX_TEXT_SAMPLE]
    return float(sample.str.len().median()) if len(sample) else 0.0


# Han, kana and Hangul syllable blocks: one character is a syllable or a word, not a letter
_UNSPACED_CHAR = r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7a3]"


def _short_codes(col: ColumnData) -> bool:
    """One- or two-character values that are codes (``U``/``R``, ``XL``), not words: a median length of
    two at most, unless the values are written in Han, kana or Hangul, where ``王``, ``淳`` or ``김`` is a
    whole name."""
    if _median_length(col) > 2:
        return False
    sample = col.sample.iloc[:_MAX_TEXT_SAMPLE]
    unspaced = sample.astype(str).str.contains(_UNSPACED_CHAR, regex=True)
    return not (len(sample) and float(unspaced.mean()) >= 0.5)


# What redaction writes: <ENTITY> placeholders, ENTITY_<hex> pseudonyms, ENTITY:<hex> hashes,
# and masks that keep at most a few trailing characters or an email's domain.
_REDACTED = (
    r"<[A-Z][A-Z_]*>|[A-Z][A-Z_]*_[0-9a-f]{12}|[A-Z][A-Z_]*:[0-9a-f]{16}"
    r"|\*{3,}[0-9A-Za-z]{0,4}|\*{3,}@[^\s@]+"
)


def _already_redacted(col: ColumnData) -> bool:
    sample = col.sample.iloc[:_MAX_TEXT_SAMPLE]
    return bool(len(sample) and sample.str.fullmatch(_REDACTED).mean() >= 0.95)


def _wordy(col: ColumnData) -> bool:
    """Several words per cell: not running prose, perhaps, but worth a span search (it is cheap
    next to missing an email inside a note)."""
    sample = col.sample.iloc[:_MAX_TEXT_SAMPLE]
    if sample.empty:
        return False
    words = sample.str.count(r"\s+") + 1
    if not (words.median() >= 4 and sample.str.len().median() >= 20):
        return False
    # a category with a handful of long labels ("A Level or Equivalent") is not text to search
    distinct = sample.nunique()
    if distinct <= 20 and distinct < 0.3 * len(sample):
        return False
    joined = "".join(sample.tolist())
    letters = sum(ch.isalpha() for ch in joined)
    symbols = sum(joined.count(ch) for ch in "/;=\\")
    # digit groups (tracking numbers) and user agents or paths are values, not prose
    return letters >= 0.5 * len(joined) and symbols < 0.1 * words.sum()


def _looks_like_names(col: ColumnData) -> bool:
    """Short alphabetic strings of one to four words: worth asking the name tier."""
    if col.value_kind not in ("string", "mixed", "object"):
        return False
    sample = col.sample.iloc[:_MAX_NAME_SAMPLE]
    if sample.empty:
        return False
    lengths = sample.str.len()
    words = sample.str.count(" ") + 1
    alpha = sample.str.contains(r"[A-Za-z\u00C0-\u024F]", regex=True)
    digits = sample.str.contains(r"\d", regex=True)
    return bool(lengths.median() <= 40 and words.median() <= 4 and alpha.mean() >= 0.9 and digits.mean() <= 0.1)


def _may_be_script_names(col: ColumnData) -> bool:
    """Short strings with letters of a script the script-aware name rules know (Cyrillic, Han,
    Hangul ...): one regex pass over the first sampled values."""
    if col.value_kind not in ("string", "mixed", "object"):
        return False
    sample = col.sample.iloc[:_MAX_NAME_SAMPLE]
    if sample.empty:
        return False
    from .detect.scripts import has_non_latin_letters

    head = [str(v) for v in sample.iloc[:64].tolist()]
    return has_non_latin_letters(head) and float(sample.str.len().median()) <= 60
