"""A plugin operator reaches the display guard through a real IPython shell, with no other edit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest

from jupyter_privguard.operators import Operator
from jupyter_privguard.session import current_session, reset_session

EXT = "jupyter_privguard"
EMAILS = ["alice.smith@example.org", "bob.jones@mailhost.net", "carla.gomez@example.com"]


def _reverse(texts: pd.Series, entity: str, policy: Any) -> pd.Series:
    return texts.map(lambda t: t[::-1])


@pytest.fixture
def guarded(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A real IPython shell with the guard loaded and a frame of emails as ``people``."""
    from IPython.testing.globalipapp import get_ipython

    monkeypatch.setenv("PRIVGUARD_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    monkeypatch.setenv("PRIVGUARD_NER", "off")
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    reset_session()
    ip = get_ipython()
    ip.user_ns["people"] = pd.DataFrame({"email": EMAILS, "n": [1, 2, 3]})
    assert ip.extension_manager.load_extension(EXT) is None
    yield ip
    ip.extension_manager.unload_extension(EXT)
    ip.user_ns.pop("people", None)
    reset_session()


def _show(ip: Any, code: str) -> dict[str, Any]:
    """The last bundle a cell published."""
    from IPython.utils.capture import capture_output

    with capture_output() as captured:
        result = ip.run_cell(code, store_history=False)
    assert result.success, captured.stderr
    data: dict[str, Any] = captured.outputs[-1].data
    return data


def test_a_session_plugin_is_planned_and_applied_by_the_display_guard(guarded: Any) -> None:
    current_session().registries.operators.register(Operator("reverse", _reverse))
    said = _show(guarded, "%privguard policy EMAIL_ADDRESS=reverse")
    assert "EMAIL_ADDRESS -> reverse" in said["text/plain"]
    data = _show(guarded, "people")
    banner = data["text/plain"].splitlines()[0]
    assert "email (EMAIL_ADDRESS" in banner and "reverse" in banner
    payload = data["application/vnd.jupyter-privguard.report+json"]
    assert [(r["column"], r["action"]) for r in payload["redacted"]] == [("email", "reverse")]
    shown = data["text/plain"] + data["text/html"]
    assert EMAILS[0][::-1] in shown
    assert not [e for e in EMAILS if e in shown]


def test_an_unregistered_operator_is_refused_by_the_magic(guarded: Any) -> None:
    from IPython.core.error import UsageError

    with pytest.raises(UsageError, match="must be one of keep, mask"):
        guarded.run_line_magic("privguard", "policy EMAIL_ADDRESS=reverse")


def test_labels_are_redacted_when_a_plugin_would_drop_their_column(guarded: Any) -> None:
    purge = Operator("purge", lambda s, e, p: s.map(lambda _: "[purged]"), constant=True, drops_column=True)
    current_session().registries.operators.register(purge)
    _show(guarded, "%privguard policy EMAIL_ADDRESS=purge")
    data = _show(guarded, "people")
    header = data["text/html"].split("<thead>")[1].split("</thead>")[0]
    assert "email" not in header and "<th>n</th>" in header  # dropped, as drop does
    # an index cannot lose a column: its labels get the placeholder instead, like drop's
    labelled = _show(guarded, "people.set_index('email')")
    shown = labelled["text/plain"] + labelled["text/html"]
    assert "&lt;EMAIL_ADDRESS&gt;" in labelled["text/html"]
    assert not [e for e in EMAILS if e in shown]
