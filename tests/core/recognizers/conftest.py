"""Fixtures of the recogniser tables: does one recogniser take a cell, which spans does a text hold."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from jupyter_privguard.detect.patterns import PatternRegistry, find_spans, match_values


@pytest.fixture(scope="session")
def builtin() -> PatternRegistry:
    """The built-in recognisers (one registry for the whole run: they are immutable)."""
    return PatternRegistry.default()


@pytest.fixture(scope="session")
def takes(builtin: PatternRegistry) -> Callable[[str, str], bool]:
    """``takes(name, value)``: whether recogniser ``name`` alone, run as on a column, fully matches
    the cell and its validator accepts it."""

    def check(name: str, value: str) -> bool:
        hits = match_values(pd.Series([value]), PatternRegistry([builtin.get(name)]))
        return bool(hits) and hits[0].validated == 1 and hits[0].score > 0

    return check


@pytest.fixture(scope="session")
def spans_of(builtin: PatternRegistry) -> Callable[[str], list[tuple[str, str]]]:
    """``spans_of(text)``: the (entity, covered text) of the spans all built-in recognisers find."""

    def find(text: str) -> list[tuple[str, str]]:
        (spans,) = find_spans([text], builtin)
        return [(s.entity, text[s.start : s.end]) for s in spans]

    return find
