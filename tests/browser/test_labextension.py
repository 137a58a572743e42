"""The labextension in a real JupyterLab and a real browser (Debian's Chromium via Playwright).

Runs the demo notebook and checks, in the page: the DataFrame output is redacted (no seeded value
in the DOM), the sidebar lists the findings, a policy change made in the sidebar changes the next
output, the status bar counts, the export warning appears; then recovery after a page reload
and after a kernel restart. Screenshots go to tests/browser/artifacts/.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import ARTIFACTS, SEEDED, Lab

pytestmark = pytest.mark.slow


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def _command(page: Any, command: str, args: dict[str, Any] | None = None, wait: bool = True) -> None:
    script = "([c, a]) => window.jupyterapp.commands.execute(c, a)"
    if not wait:
        script = "([c, a]) => { window.jupyterapp.commands.execute(c, a); }"
    page.evaluate(script, [command, args or {}])


def _wait(page: Any, expression: str, timeout: float = 30_000) -> None:
    # interval polling: animation-frame polling stalls in a headless page that is not painting
    page.wait_for_function(expression, timeout=timeout, polling=200)


def _wait_idle(page: Any) -> None:
    _wait(
        page,
        "() => /\\|\\s*Idle/.test(document.querySelector('#jp-main-statusbar')?.textContent || '')",
        timeout=60_000,
    )


def _open_and_wait_idle(page: Any, lab: Lab) -> None:
    page.goto(lab.workspace_url())
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", state="visible")
    _wait(page, "() => !!window.jupyterapp")
    # Run All is dropped while the kernel is still connecting: wait for Idle in the status bar
    _wait_idle(page)


def _run_all(page: Any, expect_output: str = ".jp-OutputArea-output table") -> None:
    page.evaluate("() => { document.querySelectorAll('.jp-OutputArea-output').forEach(n => n.remove()); }")
    _command(page, "runmenu:run-all")
    page.wait_for_selector(expect_output, timeout=60_000)
    _wait_idle(page)


def _output_text(page: Any) -> str:
    return str(
        page.evaluate(
            "() => Array.from(document.querySelectorAll('.jp-Cell .jp-OutputArea')).map(n => n.innerText).join('\\n')"
        )
    )


def _dom(page: Any) -> str:
    return str(page.content())


def _open_sidebar(page: Any) -> None:
    _command(page, "jupyter-privguard:open-sidebar")
    page.wait_for_selector("#jupyter-privguard-sidebar", state="visible")


def test_redaction_sidebar_policy_status_and_export_warning(page: Any, lab: Lab) -> None:
    _open_and_wait_idle(page, lab)
    _run_all(page)
    page.wait_for_selector(".jp-PrivGuard-rendered .jp-PrivGuard-report")  # the report MIME renderer

    # 1. the DataFrame output is redacted: no seeded value anywhere in the page
    dom = _dom(page)
    leaked = [v for v in SEEDED if v in dom]
    assert not leaked, f"{len(leaked)} seeded values reached the DOM"
    assert "<EMAIL_ADDRESS>" in _output_text(page)

    # 2. the sidebar lists the findings per variable and column
    _open_sidebar(page)
    row = page.wait_for_selector(".jp-PrivGuard-variable[data-label='people'] tr[data-column='email']")
    assert row.query_selector(".jp-PrivGuard-entity").inner_text() == "EMAIL_ADDRESS"
    assert row.query_selector(".jp-PrivGuard-category").inner_text() == "direct"
    assert 0.5 <= float(row.query_selector(".jp-PrivGuard-score").inner_text()) <= 1.0
    ssn = page.query_selector(".jp-PrivGuard-variable[data-label='people'] tr[data-column='ssn'] .jp-PrivGuard-entity")
    assert ssn is not None and ssn.inner_text() == "US_SSN"

    # 3. the status bar counts
    status = page.inner_text(".jp-PrivGuard-statusItem")
    m = re.match(r"PrivGuard: on · (\d+) PII cols? · (\d+) cells redacted", status)
    assert m, status
    assert int(m.group(1)) >= 3 and int(m.group(2)) >= 12
    _shot(page, "1-redacted-sidebar-status")

    # 4. a policy change in the sidebar changes the next output
    page.select_option(".jp-PrivGuard-action[data-entity='EMAIL_ADDRESS']", "mask")
    _wait(
        page,
        "() => document.querySelector(\".jp-PrivGuard-action[data-entity='EMAIL_ADDRESS']\")?.value === 'mask'"
        " && /\\+sidebar/.test(document.querySelector('.jp-PrivGuard-policySource')?.textContent || '')",
    )
    _run_all(page)
    text = _output_text(page)
    assert "<EMAIL_ADDRESS>" not in text and "@example.org" in text, "the email column is masked now"
    assert not [v for v in SEEDED if v in _dom(page)]
    _shot(page, "2-after-policy-change")

    # 5. allow a column from the sidebar: it is listed as allowed and shown next time
    page.click(".jp-PrivGuard-variable[data-label='people'] tr[data-column='ssn'] .jp-PrivGuard-allow")
    page.wait_for_selector(".jp-PrivGuard-allowList li[data-column='ssn']")
    _run_all(page)
    # the display guard no longer redacts the column (the output tripwire may still catch its values)
    summary = page.inner_text(".jp-PrivGuard-report summary")
    assert "EMAIL_ADDRESS" in summary and "US_SSN" not in summary, summary
    assert (
        page.inner_text(".jp-PrivGuard-variable[data-label='people'] tr[data-column='ssn'] td:nth-child(5)")
        == "allowed"
    )
    page.click(".jp-PrivGuard-allowList li[data-column='ssn'] .jp-PrivGuard-disallow")
    page.wait_for_selector(".jp-PrivGuard-allowList li[data-column='ssn']", state="detached")

    # 6. guard off from the sidebar: outputs are raw, and the export warning appears
    page.uncheck(".jp-PrivGuard-toggle")
    page.wait_for_selector(".jp-PrivGuard-statusItem.jp-PrivGuard-off")
    assert page.inner_text(".jp-PrivGuard-statusItem") == "PrivGuard: OFF"
    _run_all(page)
    assert "ottilie.brannigan@example.org" in _output_text(page)
    _command(page, "docmanager:download", wait=False)
    dialog = page.wait_for_selector(".jp-Dialog .jp-PrivGuard-exportBody")
    warning = dialog.inner_text()
    assert "EMAIL_ADDRESS" in warning and "US_SSN" in warning and "CREDIT_CARD" in warning
    assert not [v for v in SEEDED if v in warning], "the warning names entities, never values"
    _shot(page, "3-export-warning")
    page.click(".jp-Dialog button:has-text('Cancel')")
    page.wait_for_selector(".jp-Dialog", state="detached")
    _command(page, "notebook:export-to-format", {"format": "html", "label": "HTML"}, wait=False)
    page.wait_for_selector(".jp-Dialog .jp-PrivGuard-exportBody")
    page.click(".jp-Dialog button:has-text('Cancel')")
    page.wait_for_selector(".jp-Dialog", state="detached")

    page.check(".jp-PrivGuard-toggle")
    _wait(page, "() => /^PrivGuard: on/.test(document.querySelector('.jp-PrivGuard-statusItem')?.textContent || '')")
    _command(page, "notebook:clear-all-cell-outputs")
    _command(page, "docmanager:save")


def test_sidebar_recovers_after_reload_and_kernel_restart(page: Any, lab: Lab) -> None:
    _open_and_wait_idle(page, lab)
    _run_all(page)
    _open_sidebar(page)
    page.wait_for_selector(".jp-PrivGuard-variable[data-label='people']")

    # a page reload: the kernel keeps its comm, the sidebar finds it again without running anything
    page.reload()
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", state="visible")
    _wait(page, "() => !!window.jupyterapp")
    _open_sidebar(page)
    page.wait_for_selector(".jp-PrivGuard-variable[data-label='people'] tr[data-column='email']", timeout=60_000)
    assert page.inner_text(".jp-PrivGuard-statusItem").startswith("PrivGuard: on")

    # a kernel restart: "guard not loaded" until it is loaded again (here with the sidebar's button)
    page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.restart()")
    page.wait_for_selector(".jp-PrivGuard-status[data-status='not-loaded']", timeout=60_000)
    assert "guard not loaded" in page.inner_text(".jp-PrivGuard-status")
    assert page.inner_text(".jp-PrivGuard-statusItem") == "PrivGuard: not loaded"
    _shot(page, "4-after-restart-not-loaded")
    page.click(".jp-PrivGuard-load")
    page.wait_for_selector(".jp-PrivGuard-status[data-status='connected']", timeout=60_000)
    assert page.inner_text(".jp-PrivGuard-statusItem").startswith("PrivGuard: on")
    assert page.query_selector(".jp-PrivGuard-variable") is None, "a new kernel has no findings yet"
