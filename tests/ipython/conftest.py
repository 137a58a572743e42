"""Fixtures for the IPython layer: a real IPython shell, without and with the guard loaded."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
from seeded import EXT, seeded_frame


@pytest.fixture
def shell(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A real IPython shell, without the guard, with the seeded frame as ``df``."""
    from IPython.testing.globalipapp import get_ipython

    from jupyter_privguard.session import reset_session

    monkeypatch.setenv("PRIVGUARD_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    monkeypatch.setenv("PRIVGUARD_NER", "off")  # pattern and header tiers: fast and deterministic
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    reset_session()
    ip = get_ipython()
    # the test shell is shared by the whole run: start from an empty user namespace, so a frame an earlier
    # test left behind is not learned by the after-cell walk of this one
    ip.reset(new_session=False)
    ip.user_ns["df"] = seeded_frame()
    ip.user_ns["pd"] = pd
    yield ip
    if EXT in ip.extension_manager.loaded:
        ip.extension_manager.unload_extension(EXT)
    for name in ("df", "big", "sty", "s", "idx"):
        ip.user_ns.pop(name, None)
    reset_session()


@pytest.fixture
def ip(shell: Any) -> Any:
    """The shell with the guard loaded."""
    assert shell.extension_manager.load_extension(EXT) is None
    return shell
