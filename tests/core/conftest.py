"""Fixtures of the core tests that touch the export guard: a private audit log and a guarded session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from jupyter_privguard.integrations.exports import install
from jupyter_privguard.policy import Policy
from jupyter_privguard.session import GuardSession, reset_session


@pytest.fixture()
def audit_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The audit log of this test, in its own folder."""
    path = tmp_path / "audit" / "audit.jsonl"
    monkeypatch.setenv("PRIVGUARD_AUDIT_LOG", str(path))
    return path


@pytest.fixture()
def export_session(audit_path: Path) -> Iterator[GuardSession]:
    """A fresh session (NER off) with the export guard installed; uninstalled afterwards."""
    s = reset_session(GuardSession(policy=Policy(ner="off")))
    handle = install(s)
    try:
        yield s
    finally:
        handle.uninstall()
        reset_session()
