"""The session owns the registries, and a recogniser added there (or by an installed plugin) reaches every path:
column scans, free text, the output tripwire's text redaction, notebooks at rest and the CLI."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from jupyter_privguard.detect.patterns import PatternRecognizer
from jupyter_privguard.registry import ENTRY_POINT_GROUPS, Registries, Registry
from jupyter_privguard.session import GuardSession, current_session, reset_session

# A made-up badge number no built-in recogniser knows: "QX" + 7 digits + a check letter.
BADGES = [f"QX{1000000 + 7919 * i:07d}{'ABCDEFGHJK'[i % 10]}" for i in range(40)]


def _badge() -> PatternRecognizer:
    return PatternRecognizer(
        name="test_badge", entity="NATIONAL_ID", regex="QX[0-9]{7}[A-K]", score=0.9, letters="always"
    )


@pytest.fixture
def session(monkeypatch: pytest.MonkeyPatch) -> Iterator[GuardSession]:
    monkeypatch.setenv("PRIVGUARD_NER", "off")
    fresh = reset_session(GuardSession())
    yield fresh
    reset_session()


def test_registry_helper_names_checks_and_errors() -> None:
    registry: Registry[str] = Registry("word", name_of=str.lower, items=["Alpha"])
    assert registry.names() == ["alpha"] and "alpha" in registry and len(registry) == 1
    with pytest.raises(ValueError, match="already registered"):
        registry.register("ALPHA")
    registry.register("ALPHA", replace=True)
    assert registry.get("alpha") == "ALPHA"
    with pytest.raises(KeyError, match="registered: alpha"):
        registry.get("beta")
    assert registry.unregister("alpha") == "ALPHA" and len(registry) == 0


def test_every_extension_point_has_its_own_entry_point_group() -> None:
    assert set(ENTRY_POINT_GROUPS) >= {"entities", "recognizers", "header_languages", "operators", "adapters"}
    assert all(group == f"jupyter_privguard.{point}" for point, group in ENTRY_POINT_GROUPS.items())


def test_sessions_do_not_share_registries(session: GuardSession) -> None:
    other = GuardSession()
    session.registries.recognizers.register(_badge())
    assert "test_badge" in session.registries.recognizers
    assert "test_badge" not in other.registries.recognizers


def test_a_recogniser_in_the_session_reaches_every_path(session: GuardSession, tmp_path: Path) -> None:
    import jupyter_privguard as pg
    from jupyter_privguard.detect.text import find_text_spans
    from jupyter_privguard.notebooks import NotebookOptions, scan_notebook
    from jupyter_privguard.textguard import redact_text

    frame = pd.DataFrame({"f3": BADGES, "qty": range(len(BADGES))})
    text = f"the visitor showed badge {BADGES[3]} at the gate"
    # the control: without the recogniser nothing finds the badges
    assert pg.scan(frame).columns["f3"].entity is None
    assert BADGES[3] in redact_text(text, session)[0]

    session.registries.recognizers.register(_badge())
    assert pg.scan(frame).columns["f3"].entity == "NATIONAL_ID"  # column scans
    (spans,) = find_text_spans([text])
    assert [s.entity for s in spans] == ["NATIONAL_ID"]  # free text
    assert BADGES[3] not in redact_text(text, session)[0]  # the tripwire's text pass

    nb = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": 1,
                "metadata": {},
                "source": "print(badge)",
                "outputs": [{"output_type": "stream", "name": "stdout", "text": text + "\n"}],
            }
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    findings = scan_notebook(nb, NotebookOptions())
    assert any(f.entity == "NATIONAL_ID" for f in findings)  # notebooks at rest
    assert not any(BADGES[3] in json.dumps(f.to_dict()) for f in findings if hasattr(f, "to_dict"))

    from jupyter_privguard.integrations.cli import main

    path = tmp_path / "badge.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert main(["scan", str(path)]) == 1  # the CLI, in this process


def test_an_installed_plugin_is_loaded_into_a_new_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a real distribution on sys.path with an entry point in the recognisers' group
    (tmp_path / "badge_plugin.py").write_text(
        textwrap.dedent(
            """
            from jupyter_privguard.detect.patterns import PatternRecognizer

            def recognizers():
                return [PatternRecognizer(name="plugin_badge", entity="NATIONAL_ID", regex="QX[0-9]{7}[A-K]",
                                          score=0.9, letters="always")]
            """
        ),
        encoding="utf-8",
    )
    info = tmp_path / "badge_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: badge-plugin\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        f"[{ENTRY_POINT_GROUPS['recognizers']}]\nbadge = badge_plugin:recognizers\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))

    registries = Registries()
    assert "plugin_badge" in registries.recognizers
    assert registries.plugins["recognizers"] == ["plugin_badge"]
    assert "plugin_badge" not in Registries(load_plugins=False).recognizers


def test_a_broken_plugin_is_skipped_and_the_built_ins_stay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    info = tmp_path / "broken_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        f"[{ENTRY_POINT_GROUPS['recognizers']}]\nbroken = no_such_module_here:recognizers\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    registries = Registries()
    assert "email" in registries.recognizers and registries.plugins["recognizers"] == []


def test_current_session_registries_are_what_defaults_use(session: GuardSession) -> None:
    from jupyter_privguard.detect.patterns import _default_registry

    assert current_session() is session
    assert _default_registry() is session.registries.recognizers
