"""Shared by the layout tests in JupyterLab and Notebook 7: a wide frame, and geometry read from the page.

The frame has a long column name, a free-text column (its entity label is long) and six personal
columns, so that the banner is long and the sidebar has rows of every kind. Its values are
made up here and are not the conftest's seeded ones; the tests check that none reaches the page.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .conftest import ARTIFACTS, REPO

LAYOUT_NOTEBOOK = "privguard_layout.ipynb"
CUSTOMERS = {
    "customer_full_name": ["Wilhelmina Thistlewood", "Evander Koslowski", "Marisol Quenneville", "Tobias Hargreave"],
    "email_address": [
        "w.thistlewood@example.org",
        "evander.k@example.net",
        "mquenneville@example.com",
        "tobias.hargreave@example.org",
    ],
    "mobile_phone": ["+1 415 555 0134", "+1 212 555 0187", "+1 646 555 0119", "+1 312 555 0166"],
    "ssn": ["123-45-6789", "212-45-1290", "345-61-2098", "401-22-9876"],
    "card_number": ["4111111111111111", "5500005555555559", "4012888888881881", "378282246310005"],
    "support_notes": [
        "Called back on +1 415 555 0134 about the refund",
        "Asked us to write to evander.k@example.net instead",
        "Prefers email: mquenneville@example.com",
        "Left a voicemail, number +1 312 555 0166",
    ],
    "plan": ["basic", "pro", "team", "pro"],
}
VALUES = [v for column, values in CUSTOMERS.items() if column != "plan" for v in values]

#: screenshots for docs/labextension.md: written to docs/images/ too when this is set to 1
DOCS_IMAGES = REPO / "docs" / "images"
TO_DOCS = os.environ.get("PRIVGUARD_SCREENSHOTS_TO_DOCS") == "1"


def write_layout_notebook(root: Path) -> None:
    def code(source: str) -> dict[str, Any]:
        return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source}

    rows = [",".join(CUSTOMERS)]
    rows += [",".join(f'"{CUSTOMERS[c][i]}"' for c in CUSTOMERS) for i in range(len(CUSTOMERS["plan"]))]
    (root / "customers.csv").write_text("\n".join(rows) + "\n")
    frame = "import pandas as pd\ncustomers_2024_q3 = pd.read_csv('customers.csv', dtype=str)\ncustomers_2024_q3"
    notebook = {
        "cells": [code("%load_ext jupyter_privguard"), code(frame)],
        "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (root / LAYOUT_NOTEBOOK).write_text(json.dumps(notebook))


def shot(target: Any, name: str, docs: bool = False) -> None:
    """A screenshot of the page or of one element, into the artifacts (and docs/images when asked)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    if docs and TO_DOCS:
        DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
        target.screenshot(path=str(DOCS_IMAGES / f"{name}.png"))


def shot_panel(page: Any, selector: str, name: str, docs: bool = False) -> None:
    """A screenshot of a sidebar down to the end of its content (not the empty space below it)."""
    clip = page.evaluate(
        """(sel) => {
            const panel = document.querySelector(sel);
            panel.scrollTop = 0;
            const r = panel.getBoundingClientRect();
            const last = Math.max(...Array.from(panel.children).map(c => c.getBoundingClientRect().bottom));
            return {x: r.left, y: r.top, width: r.width, height: Math.min(r.height, last - r.top + 12)};
        }""",
        selector,
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), clip=clip)
    if docs and TO_DOCS:
        DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(DOCS_IMAGES / f"{name}.png"), clip=clip)


# every control and cell of the findings, with its box, whether it is the element a click at its
# centre lands on, and the sidebar's box; each control is scrolled into view first (the sidebar
# scrolls up and down; a control that needs a sideways scroll is out of view)
_MEASURE = """(selector) => {
    const panel = document.querySelector(selector);
    const box = e => { const r = e.getBoundingClientRect(); return {l: r.left, r: r.right, t: r.top, b: r.bottom}; };
    const rows = [];
    const groups = Array.from(panel.querySelectorAll('.jp-PrivGuard-findings tbody tr'))
        .map(row => ({column: row.dataset.column, parts: row.querySelectorAll('td, select, button')}));
    // and every other control: the guard toggle, the allow list's "remove" buttons, the load button
    groups.push({column: '(other controls)', parts: Array.from(panel.querySelectorAll('button, select, input'))
        .filter(e => !e.closest('.jp-PrivGuard-findings'))});
    for (const group of groups) {
        const parts = [];
        for (const e of group.parts) {
            e.scrollIntoView({block: 'nearest', inline: 'nearest'});
            // up and down only: a control reached by scrolling sideways counts as out of view
            for (let n = e.parentElement; n; n = n.parentElement) { n.scrollLeft = 0; }
            const b = box(e);
            let hit = true;
            if (e.tagName !== 'TD') {
                const at = document.elementFromPoint((b.l + b.r) / 2, (b.t + b.b) / 2);
                hit = at === e || e.contains(at);
            }
            parts.push({tag: e.tagName, text: e.innerText, head: e.dataset.head || '', box: b, hit,
                        visible: b.r > b.l && getComputedStyle(e).visibility !== 'hidden'});
        }
        rows.push({column: group.column, parts});
    }
    const boxes = Array.from(panel.querySelectorAll('.jp-PrivGuard-tableBox'))
        .map(e => ({scroll: e.scrollWidth, client: e.clientWidth}));
    const thead = panel.querySelector('.jp-PrivGuard-findings thead');
    return {panel: box(panel), scroll: panel.scrollWidth, client: panel.clientWidth, rows, boxes,
            table: thead ? getComputedStyle(thead).display !== 'none' : false};
}"""


def measure(page: Any, selector: str = "#jupyter-privguard-sidebar") -> dict[str, Any]:
    return dict(page.evaluate(_MEASURE, selector))


def out_of_view(m: dict[str, Any]) -> list[str]:
    """Every cell or control not wholly inside the sidebar, or covered where it is drawn."""
    p = m["panel"]
    bad = []
    for row in m["rows"]:
        for part in row["parts"]:
            b = part["box"]
            inside = (
                b["l"] >= p["l"] - 0.5 and b["r"] <= p["r"] + 0.5 and b["t"] >= p["t"] - 0.5 and b["b"] <= p["b"] + 0.5
            )
            if not (inside and part["hit"] and part["visible"]):
                bad.append(f"{row['column']}: {part['tag']} {part['head'] or part['text']!r} at {b} (panel {p})")
    return bad


# the banner's commands: each on one line (with its label), the banner wrapped, nothing cut off
_BANNER = """() => Array.from(document.querySelectorAll('.jp-OutputArea-output .jp-privguard-banner')).map(b => {
    const style = getComputedStyle(b);
    const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
    // the lines an inline element is drawn on: fragments on one line overlap vertically
    const lines = e => {
        if (!e) { return 0; }
        const rects = Array.from(e.getClientRects()).filter(r => r.width > 0).sort((x, y) => x.top - y.top);
        let n = rects.length ? 1 : 0;
        for (let i = 1; i < rects.length; i++) { if (rects[i].top >= rects[i - 1].bottom - 1) { n++; } }
        return n;
    };
    const codes = Array.from(b.querySelectorAll('code')).map(c => ({
        text: c.textContent, lines: lines(c), unit: lines(c.closest('.jp-privguard-command')),
        width: (c.closest('.jp-privguard-command') || c).getBoundingClientRect().width}));
    const r = b.getBoundingClientRect();
    return {text: b.innerText, lines: Math.round((r.height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)) / line),
            scroll: b.scrollWidth, client: b.clientWidth, overflow: style.overflowX, codes};
})"""


def banners(page: Any) -> list[dict[str, Any]]:
    return list(page.evaluate(_BANNER))
