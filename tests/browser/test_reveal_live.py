"""A reveal in a real JupyterLab: the raw view is drawn in the live page, the saved file never holds it.

``%privguard reveal`` as the notebook's last cell: the output the notebook model holds is the redacted
view plus the reveal's id; the raw view arrives over the guard's comm and the reveal renderer draws it.
The notebook is saved right after, and the file on disk is searched for the seeded values.
"""

from __future__ import annotations

import importlib.util
import json
from typing import Any

import pytest

from .conftest import BUILT, CHROMIUM, NOTEBOOK, SEEDED, Lab

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists()
        or importlib.util.find_spec("playwright") is None
        or importlib.util.find_spec("jupyterlab") is None
        or not (BUILT / "package.json").exists(),
        reason="needs Chromium, Playwright, JupyterLab and the built labextension (bash scripts/setup-frontend.sh)",
    ),
]

REVEAL = "%privguard reveal people email"


def _wait(page: Any, expression: str, timeout: float = 60_000) -> None:
    page.wait_for_function(expression, timeout=timeout, polling=200)


def _command(page: Any, command: str) -> None:
    page.evaluate("([c]) => window.jupyterapp.commands.execute(c)", [command])


def _idle(page: Any) -> None:
    _wait(page, "() => /\\|\\s*Idle/.test(document.querySelector('#jp-main-statusbar')?.textContent || '')")


def test_a_reveal_in_the_last_cell_is_live_but_never_saved(page: Any, lab: Lab) -> None:
    page.goto(lab.workspace_url())
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", state="visible")
    _wait(page, "() => !!window.jupyterapp")
    _idle(page)
    # the reveal becomes the notebook's last cell
    page.evaluate(
        """([source]) => {
            const model = window.jupyterapp.shell.currentWidget.content.model;
            model.sharedModel.insertCell(model.cells.length, { cell_type: 'code', source });
        }""",
        [REVEAL],
    )
    _command(page, "runmenu:run-all")
    page.wait_for_selector(".jp-PrivGuard-revealLive", timeout=60_000)
    _idle(page)
    live = page.inner_text(".jp-PrivGuard-revealLive")
    emails = [v for v in SEEDED if "@" in v]
    assert any(e in live for e in emails), "the live view shows the revealed column"
    # what the notebook model holds, and so what any save writes: the redacted view only
    model = page.evaluate("() => JSON.stringify(window.jupyterapp.shell.currentWidget.content.model.toJSON())")
    assert not [v for v in SEEDED if v in model]
    assert "application/vnd.jupyter-privguard.reveal+json" in model
    _command(page, "docmanager:save")
    _wait(page, "() => !window.jupyterapp.shell.currentWidget.context.model.dirty")
    saved = (lab.root / NOTEBOOK).read_text(encoding="utf-8")
    assert REVEAL in saved and not [v for v in SEEDED if v in saved or json.dumps(v)[1:-1] in saved]
    # leave the shared notebook as it was
    page.evaluate(
        """() => {
            const model = window.jupyterapp.shell.currentWidget.content.model;
            model.sharedModel.deleteCell(model.cells.length - 1);
        }"""
    )
    _command(page, "notebook:clear-all-cell-outputs")
    _command(page, "docmanager:save")
