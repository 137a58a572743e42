"""The guard, the panel and the sidebar in Jupyter Notebook 7 (the ``notebook`` package), in Chromium.

Notebook 7 loads the same prebuilt extension as JupyterLab, but its shell differs: no status bar,
no left/right tab bars; a sidebar is opened from View → Right Sidebar, and the right panel opens at
its own default width. What a user does here: Run → Run All Cells, read the redacted frame, open
the PrivGuard sidebar from the View menu and change an action there, run ``%privguard panel`` and
pause the guard from it, then File → Download (the export warning).
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import SEEDED, Lab
from .layout import measure, out_of_view, shot
from .test_labextension import _wait

pytestmark = pytest.mark.slow

SIDEBAR = "#jupyter-privguard-sidebar"
PANEL_CELL = "%privguard panel"


def _idle(page: Any) -> None:
    # Notebook 7 has no status bar: ask the session for its kernel's state
    _wait(
        page,
        """() => {
            const w = window.jupyterapp.shell.currentWidget;
            const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
            return !!k && k.connectionStatus === 'connected' && k.status === 'idle';
        }""",
        timeout=60_000,
    )


def _menu(page: Any, *path: str) -> None:
    """Click through the menu bar: the first item opens its menu, the others are menu entries."""
    page.click(f".lm-MenuBar .lm-MenuBar-itemLabel:text-is('{path[0]}')")
    for label in path[1:-1]:
        page.hover(f".lm-Menu .lm-Menu-itemLabel:text-is('{label}')")
    page.click(f".lm-Menu .lm-Menu-itemLabel:has-text('{path[-1]}')")


def _run_all(page: Any, expect: str) -> None:
    page.evaluate("() => { document.querySelectorAll('.jp-OutputArea-output').forEach(n => n.remove()); }")
    _menu(page, "Run", "Run All Cells")
    page.wait_for_selector(expect, timeout=60_000)
    _idle(page)


def test_guard_sidebar_and_panel_in_notebook_7(page: Any, notebook7: Lab) -> None:
    page.goto(notebook7.notebook_url())
    page.wait_for_selector(".jp-Notebook .jp-Cell", state="visible")
    _wait(page, "() => !!window.jupyterapp && window.jupyterapp.name !== 'JupyterLab'")
    _idle(page)

    # 1. the guard: the frame is redacted, its findings drawn by the report renderer
    _run_all(page, ".jp-OutputArea-output table")
    page.wait_for_selector(".jp-PrivGuard-rendered .jp-PrivGuard-report")
    assert not [v for v in SEEDED if v in page.content()], "a seeded value reached the page"
    outputs = page.inner_text(".jp-Notebook")
    assert "<EMAIL_ADDRESS>" in outputs and "<US_SSN>" in outputs
    assert page.query_selector(".jp-privguard-banner code") is not None

    # 2. the sidebar, from View → Right Sidebar, at Notebook 7's default width
    _menu(page, "View", "Right Sidebar", "PrivGuard")
    page.wait_for_selector(f"{SIDEBAR} .jp-PrivGuard-variable[data-label='people'] tr[data-column='email']")
    assert page.is_visible(SIDEBAR)
    m = measure(page)
    assert {"name", "email", "ssn", "card"} <= {row["column"] for row in m["rows"]}
    assert not out_of_view(m), "\n".join(out_of_view(m))
    row = page.query_selector(f"{SIDEBAR} tr[data-column='email']")
    assert row is not None and row.query_selector(".jp-PrivGuard-entity").inner_text() == "EMAIL_ADDRESS"
    shot(page, "notebook7-sidebar", docs=True)
    # a policy change made there reaches the kernel and the next output
    page.select_option(f"{SIDEBAR} .jp-PrivGuard-action[data-entity='EMAIL_ADDRESS']", "mask")
    _wait(page, "() => /\\+sidebar/.test(document.querySelector('.jp-PrivGuard-policySource')?.textContent || '')")
    _run_all(page, ".jp-OutputArea-output table")
    outputs = page.inner_text(".jp-Notebook")
    assert "<EMAIL_ADDRESS>" not in outputs and "@example.org" in outputs, "the email column is masked now"
    assert not [v for v in SEEDED if v in page.content()]

    # 3. the panel widget (ipywidgets), in a new last cell
    page.evaluate(
        """([source]) => {
            const model = window.jupyterapp.shell.currentWidget.content.model;
            model.sharedModel.insertCell(model.cells.length, { cell_type: 'code', source });
        }""",
        [PANEL_CELL],
    )
    _run_all(page, ".jp-privguard-panel .jp-privguard-panel-table")
    panel = page.inner_text(".jp-privguard-panel")
    for word in ("Findings", "Policy", "people", "email", "EMAIL_ADDRESS", "US_SSN"):
        assert word in panel, word
    assert not [v for v in SEEDED if v in page.content()]
    shot(page, "notebook7-panel")
    # the panel and the sidebar talk to the same kernel: the guard paused in one shows in the other
    page.click(".jp-privguard-panel button:has-text('guard on')")
    _wait(page, f"() => document.querySelector('{SIDEBAR} .jp-PrivGuard-toggle')?.checked === false")

    # 4. the export warning: with the guard paused the outputs are raw, and File → Download asks first
    _run_all(page, ".jp-privguard-panel .jp-privguard-panel-table")
    assert "ottilie.brannigan@example.org" in page.inner_text(".jp-Notebook")
    _menu(page, "File", "Download")
    dialog = page.wait_for_selector(".jp-Dialog .jp-PrivGuard-exportBody")
    warning = dialog.inner_text()
    assert "EMAIL_ADDRESS" in warning and "US_SSN" in warning
    assert not [v for v in SEEDED if v in warning], "the warning names entities, never values"
    page.click(".jp-Dialog button:has-text('Cancel')")
    page.wait_for_selector(".jp-Dialog", state="detached")
    page.check(f"{SIDEBAR} .jp-PrivGuard-toggle")
    page.wait_for_selector(".jp-privguard-panel button:has-text('guard on')")
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")

    # leave the notebook as it was
    page.evaluate(
        """() => {
            const model = window.jupyterapp.shell.currentWidget.content.model;
            model.sharedModel.deleteCell(model.cells.length - 1);
        }"""
    )
