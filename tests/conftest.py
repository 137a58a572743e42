"""Shared fixtures: synthetic people made with Faker (fixed seed), so tests need no outside data."""

from __future__ import annotations

import pandas as pd
import pytest
from seeded import make_people


@pytest.fixture(scope="session")
def people() -> pd.DataFrame:
    return make_people()


@pytest.fixture(scope="session")
def engine():  # type: ignore[no-untyped-def]
    """The NER engine (Presidio with the installed spaCy pipeline); skips when there is none."""
    pytest.importorskip("presidio_analyzer")
    pytest.importorskip("spacy")
    from jupyter_privguard.detect.ner import NerEngine

    found = NerEngine.get()
    if found is None:
        pytest.skip("no spaCy pipeline with NER installed")
    return found


@pytest.fixture
def nlp_calls(engine, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Counts of the spaCy pipeline's batched (``pipe``) and one-text (``__call__``) runs."""
    calls = {"pipe": 0, "call": 0}
    cls = type(engine.nlp)
    original_pipe, original_call = cls.pipe, cls.__call__

    def pipe(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls["pipe"] += 1
        return original_pipe(self, *args, **kwargs)

    def call(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls["call"] += 1
        return original_call(self, *args, **kwargs)

    monkeypatch.setattr(cls, "pipe", pipe)
    monkeypatch.setattr(cls, "__call__", call)
    return calls


_WRITERS = ("to_csv", "to_json", "to_parquet", "to_html")


@pytest.fixture(autouse=True)
def _no_guard_left_installed(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Every test that installs a guard must uninstall it: a leftover patch changes later tests."""
    before = {name: getattr(pd.DataFrame, name) for name in _WRITERS}
    own = {name: name in pd.DataFrame.__dict__ for name in _WRITERS}
    yield
    changed = [name for name in _WRITERS if getattr(pd.DataFrame, name) is not before[name]]
    if changed:
        for name in changed:  # restore, so one leak does not fail every later test
            if own[name]:
                setattr(pd.DataFrame, name, before[name])
            else:
                delattr(pd.DataFrame, name)
        pytest.fail(f"{request.node.nodeid} left pandas.DataFrame.{', '.join(changed)} patched")
