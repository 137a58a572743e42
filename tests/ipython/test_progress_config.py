"""The progress setting through the magics (issue 15): ``%privguard config progress=off`` silences every bar."""

from __future__ import annotations

import io
from typing import Any

import pytest
from seeded import magic

from jupyter_privguard import progress as progress_module
from jupyter_privguard.progress import progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_config_switches_the_bars_off_and_on(ip: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    stream = _Terminal()
    monkeypatch.setattr(progress_module, "_stderr", lambda: stream)
    monkeypatch.setattr(progress_module, "DELAY_S", 0.0)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("PRIVGUARD_PROGRESS", raising=False)

    def work() -> str:
        before = len(stream.getvalue())
        with progress(3, "test work") as bar:
            for _ in range(3):
                bar.step()
        return stream.getvalue()[before:]

    assert "3/3" in work()  # a terminal IPython: the core's text bar (no notebook bar registered)
    magic(ip, "config progress=off")
    assert work() == ""
    magic(ip, "config progress=on")
    assert "3/3" in work()


def test_a_terminal_shell_registers_no_notebook_bar(ip: Any) -> None:
    # the test shell has no kernel: the core draws on standard error, nothing is displayed in the cell
    assert progress_module._NOTEBOOK[0] is None
