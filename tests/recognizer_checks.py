"""Helpers shared by the table-driven recogniser tests in ``tests/core/recognizers/``."""

from __future__ import annotations

import pandas as pd

from jupyter_privguard.detect.patterns import PatternRegistry, find_spans, match_values

BUILTIN = PatternRegistry.default()


def takes(name: str, value: str) -> bool:
    """Whether recogniser ``name`` alone, run as on a column, fully matches the cell and validates it."""
    hits = match_values(pd.Series([value]), PatternRegistry([BUILTIN.get(name)]))
    return bool(hits) and hits[0].validated == 1 and hits[0].score > 0


def spans_of(text: str) -> list[tuple[str, str]]:
    """The (entity, covered text) of the spans all built-in recognisers find in ``text``."""
    (spans,) = find_spans([text], BUILTIN)
    return [(s.entity, text[s.start : s.end]) for s in spans]
