"""Glued names nothing learned (``AnnLee``): found by the gazetteer, and library identifiers left alone.

Positives are faker's given names and surnames (five locales) glued as ``first + last`` prints them;
negatives are every CamelCase name the installed libraries export (builtins, pandas, numpy,
collections, typing, scikit-learn's estimators), a broad source independent of the gazetteer.
"""

from __future__ import annotations

import builtins
import collections
import re
import typing

import numpy as np
import pandas as pd
import pytest
from faker import Faker

from jupyter_privguard.detect.glued_names import glued_name_spans


def _glued(seed: int, per_locale: int) -> list[str]:
    out = []
    for n, locale in enumerate(("en_US", "de_DE", "fr_FR", "es_ES", "it_IT")):
        fake = Faker(locale)
        fake.seed_instance(seed + n)
        for _ in range(per_locale):
            first, last = fake.first_name(), fake.last_name()
            if " " not in first + last and "-" not in first + last:
                out.append(first + last)
    return out


GLUED = _glued(31, 40)


def test_most_glued_names_are_found() -> None:
    found = [g for g in GLUED if [(s.start, s.end) for s in glued_name_spans(f"x {g}42 y")] == [(2, 2 + len(g))]]
    # the gazetteer does not know every surname: a clear majority, not all
    assert len(found) >= 0.9 * len(GLUED), f"{len(found)} of {len(GLUED)}"


def _identifiers() -> list[str]:
    modules: list[object] = [builtins, pd, np, collections, typing]
    names = {n for m in modules for n in dir(m)}
    try:
        from sklearn.utils import all_estimators

        names |= {n for n, _ in all_estimators()}
    except ImportError:  # pragma: no cover - scikit-learn is a dev dependency
        pass
    return sorted(n for n in names if re.fullmatch(r"(?:[A-Z][a-z]+){2,3}", n))


IDENTIFIERS = _identifiers()


def test_there_are_identifiers_to_check() -> None:
    assert len(IDENTIFIERS) > 100


@pytest.mark.parametrize("name", IDENTIFIERS)
def test_library_identifiers_stay(name: str) -> None:
    assert glued_name_spans(f"<class '{name}'> {name}()") == []


def test_no_glued_token_no_work() -> None:
    assert glued_name_spans("Ann Lee and Bo Kim, all lower case glued: annlee") == []
