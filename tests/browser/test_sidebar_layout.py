"""The sidebar at JupyterLab's default width, and the banner's commands, in a real JupyterLab.

Issue 15: at the default width (the right sidebar opens 250 px wide) the findings table was cut
off: the score column clipped, the action dropdowns and "allow" buttons out of view until the
sidebar was dragged wider; the banner split ``%privguard reveal df name`` over two lines. Here
every cell and control of every findings row must lie inside the sidebar and be the element a
click at its centre reaches, at the default width and dragged wider; the controls are used at the
default width; each command of the banner is on one line.

Screenshots go to tests/browser/artifacts/; with PRIVGUARD_SCREENSHOTS_TO_DOCS=1 the ones
docs/labextension.md shows are written to docs/images/ too.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Lab
from .layout import LAYOUT_NOTEBOOK, VALUES, banners, measure, out_of_view, shot, shot_panel, write_layout_notebook
from .test_labextension import _run_all, _wait, _wait_idle

pytestmark = pytest.mark.slow

SIDEBAR = "#jupyter-privguard-sidebar"
TAB = ".jp-SideBar.jp-mod-right .lm-TabBar-tab[data-id='jupyter-privguard-sidebar']"
COMMANDS = ["%privguard reveal customers_2024_q3 customer_full_name", "%privguard allow column customer_full_name"]


def _open(page: Any, lab: Lab) -> None:
    write_layout_notebook(lab.root)
    page.goto(lab.workspace_url(LAYOUT_NOTEBOOK))
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", state="visible")
    _wait(page, "() => !!window.jupyterapp")
    _wait_idle(page)
    _run_all(page)
    page.wait_for_selector(".jp-PrivGuard-rendered .jp-PrivGuard-report")


def _others(m: dict[str, Any]) -> list[dict[str, Any]]:
    """The controls outside the findings table (the guard toggle, the allow list's buttons)."""
    return [part for row in m["rows"] if row["column"] == "(other controls)" for part in row["parts"]]


def _check_banner(page: Any, narrow: bool = False) -> None:
    (banner,) = banners(page)
    assert [c["text"] for c in banner["codes"]] == COMMANDS
    split = [c for c in banner["codes"] if c["lines"] != 1 or c["unit"] != 1]
    assert not split, f"a command is split over lines: {split}"
    assert banner["lines"] >= 2, f"the banner does not wrap ({banner['lines']} line): {banner['text']!r}"
    widest = max(c["width"] for c in banner["codes"])
    if narrow:
        assert widest > banner["client"], f"the banner is not narrower than its widest command: {banner}"
    if widest <= banner["client"]:
        assert banner["scroll"] <= banner["client"] + 1, f"the banner is cut off at its right edge: {banner}"
    else:
        # a command wider than the output stays whole and scrolls sideways in the banner
        assert banner["scroll"] > banner["client"] and banner["overflow"] in ("auto", "scroll"), banner


def test_sidebar_controls_are_in_view_at_the_default_width(page: Any, lab: Lab) -> None:
    _open(page, lab)
    # what a user does: the shield in the right-hand tab bar
    page.click(TAB)
    page.wait_for_selector(f"{SIDEBAR} .jp-PrivGuard-variable[data-label='customers_2024_q3'] tr[data-column='ssn']")
    assert not [v for v in VALUES if v in page.content()], "a value reached the page"

    # 1. the default width: narrow, one card per column, every cell and control in view
    m = measure(page)
    width = m["panel"]["r"] - m["panel"]["l"]
    assert width <= 300, f"the sidebar opened {width:.0f} px wide: not the default width this test is about"
    columns = [row["column"] for row in m["rows"] if not row["column"].startswith("(")]
    assert {"customer_full_name", "email_address", "ssn", "card_number", "support_notes"} <= set(columns)
    assert not out_of_view(m), "\n".join(out_of_view(m))
    assert [p["tag"] for p in _others(m)] == ["INPUT"], "the guard toggle is measured too"
    assert not m["table"], "at the default width the rows are cards, the table heading is hidden"
    assert m["scroll"] <= m["client"] + 1 and all(b["scroll"] <= b["client"] + 1 for b in m["boxes"])
    # each card names what its cells are; the score reads as a number
    email = page.query_selector(f"{SIDEBAR} tr[data-column='email_address']")
    assert email is not None
    assert email.query_selector(".jp-PrivGuard-score").get_attribute("data-head") == "score"
    assert 0.5 <= float(email.query_selector(".jp-PrivGuard-score").inner_text()) <= 1.0
    notes = page.query_selector(f"{SIDEBAR} tr[data-column='support_notes'] .jp-PrivGuard-entity")
    assert notes is not None and notes.inner_text().startswith("free text:")
    shot_panel(page, SIDEBAR, "sidebar-default-width", docs=True)
    shot(page, "sidebar-default-width-window", docs=True)

    # 2. the banner above the frame: each command on one line, the banner wrapped, nothing cut off
    _check_banner(page)
    shot(page.query_selector(".jp-OutputArea-output .jp-privguard-banner"), "banner-wrapped", docs=True)
    # a small window: how wide the notebook between both sidebars is then depends on the fonts the
    # browser has (793 px on one machine, narrower than the reveal command on another), so the check
    # compares the command's drawn width with the banner's: whole and in view, or whole and scrolling
    page.set_viewport_size({"width": 1000, "height": 950})
    _wait(page, f"() => document.querySelector('{SIDEBAR}').getBoundingClientRect().width > 0")
    _check_banner(page)
    # an output narrower than the reveal command, whatever the fonts: the command scrolls, whole
    page.evaluate(
        "() => { document.querySelector('.jp-OutputArea-output .jp-privguard-banner').style.maxWidth = '260px'; }"
    )
    _check_banner(page, narrow=True)
    page.evaluate("() => { document.querySelector('.jp-OutputArea-output .jp-privguard-banner').style.maxWidth = ''; }")
    assert not out_of_view(measure(page)), "\n".join(out_of_view(measure(page)))
    page.set_viewport_size({"width": 1500, "height": 950})

    # 3. the controls work where they are drawn: a click at the button's centre, an action picked
    allow = page.query_selector(f"{SIDEBAR} tr[data-column='ssn'] .jp-PrivGuard-allow")
    assert allow is not None
    allow.scroll_into_view_if_needed()
    b = allow.bounding_box()
    assert b is not None
    page.mouse.click(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2)
    page.wait_for_selector(f"{SIDEBAR} .jp-PrivGuard-allowList li[data-column='ssn']")
    page.select_option(f"{SIDEBAR} .jp-PrivGuard-action[data-entity='EMAIL_ADDRESS']", "mask")
    _wait(
        page,
        f"() => document.querySelector(\"{SIDEBAR} .jp-PrivGuard-action[data-entity='EMAIL_ADDRESS']\")?.value"
        " === 'mask' && /\\+sidebar/.test(document.querySelector('.jp-PrivGuard-policySource')?.textContent || '')",
    )
    after = measure(page)
    assert not out_of_view(after), "\n".join(out_of_view(after))
    assert "remove" in [p["text"] for p in _others(after)], "the allow list's button is measured too"

    # 4. dragged wider, as a user would: a table with its heading, still every control in view
    handle = page.evaluate(
        """(sel) => {
            const left = document.querySelector(sel).getBoundingClientRect().left;
            const handles = Array.from(document.querySelectorAll('#jp-main-split-panel > .lm-SplitPanel-handle'));
            const h = handles.map(e => e.getBoundingClientRect()).filter(r => r.width > 0)
                .sort((a, b) => Math.abs(a.right - left) - Math.abs(b.right - left))[0];
            return h ? {x: (h.left + h.right) / 2, y: (h.top + h.bottom) / 2} : null;
        }""",
        SIDEBAR,
    )
    assert handle is not None, "no split handle beside the sidebar"
    page.mouse.move(handle["x"], handle["y"])
    page.mouse.down()
    page.mouse.move(handle["x"] - 280, handle["y"], steps=8)
    page.mouse.up()
    wide = measure(page)
    assert wide["panel"]["r"] - wide["panel"]["l"] >= 480, wide["panel"]
    assert wide["table"], "dragged wider, the findings are a table again"
    assert not out_of_view(wide), "\n".join(out_of_view(wide))
    shot_panel(page, SIDEBAR, "sidebar-dragged-wider", docs=True)

    # leave the kernel's policy as it was for the other tests (each notebook has its own kernel)
    page.click(f"{SIDEBAR} .jp-PrivGuard-allowList li[data-column='ssn'] .jp-PrivGuard-disallow")
    page.wait_for_selector(f"{SIDEBAR} .jp-PrivGuard-allowList li[data-column='ssn']", state="detached")
    assert not [v for v in VALUES if v in page.content()], "a value reached the page"
