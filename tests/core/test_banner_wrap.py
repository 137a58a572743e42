"""The display banner wraps between its parts, never inside a command (text/plain and HTML).

A user copies ``%privguard reveal df email`` from the banner: split over two lines, the copy
loses its ``%privguard`` prefix or its column. The browser test (tests/browser/test_sidebar_layout.py)
checks the HTML in a real JupyterLab; these check the strings.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from jupyter_privguard import render
from jupyter_privguard.bannerwrap import PLAIN_WIDTH, command_html, wrap_plain
from jupyter_privguard.render import DisplayInfo, Redaction

ENTITIES = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "US_SSN", "CREDIT_CARD", "IBAN_CODE", "IP_ADDRESS"]


def _wide(n_columns: int, label: str = "customers_2024_q3_export") -> DisplayInfo:
    redactions = [
        Redaction(f"{entity.lower()}_column_{i}", entity, "redact", 1000 + i)
        for i, entity in enumerate((ENTITIES * 3)[:n_columns])
    ]
    return DisplayInfo("pandas.DataFrame", label, 5000, n_columns + 2, redactions, notes=["first 20 columns scanned"])


def _commands(info: DisplayInfo) -> list[str]:
    first = info.redactions[0].column
    return [f"%privguard reveal {info.label} {first}", f"%privguard allow column {first}"]


class _Units(HTMLParser):
    """The text of every ``code`` and the styles of the elements around it."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.codes: list[tuple[str, list[str]]] = []
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append((tag, dict(attrs).get("style") or ""))
        if tag == "code":
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "code" and self._text is not None:
            self.codes.append(("".join(self._text), [style for _, style in self.stack]))
            self._text = None
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def _units(markup: str) -> _Units:
    parser = _Units()
    parser.feed(markup)
    return parser


# ----------------------------------------------------------------------------------------------
# wrap_plain
# ----------------------------------------------------------------------------------------------
def test_a_short_message_stays_on_one_line() -> None:
    assert wrap_plain([("", "privguard: redacted"), (" ", "a (PERSON, 1 value, redact)")]) == (
        "privguard: redacted a (PERSON, 1 value, redact)"
    )


def test_lines_break_between_parts_and_keep_the_mark() -> None:
    parts = [("", "head")] + [(", ", f"part{i:02d}-" + "x" * 12) for i in range(12)] + [(" · ", "cmd: %x y z")]
    text = wrap_plain(parts, width=40)
    lines = text.splitlines()
    assert len(lines) > 3 and all(len(line) <= 40 for line in lines)
    # every part whole on exactly one line; a line ends with the separator's mark
    for _, part in parts:
        assert sum(part in line for line in lines) == 1
    assert all(line.endswith((",", "·")) for line in lines[:-1])
    assert all(line.startswith("  ") for line in lines[1:])
    assert re.sub(r"\n +", " ", text).replace(",  ", ", ") == "".join(s + p for s, p in parts)


def test_a_part_longer_than_the_width_stays_whole() -> None:
    long = "allow: %privguard allow column " + "c" * 120
    lines = wrap_plain([("", "privguard: redacted"), (" · ", long)], width=40).splitlines()
    assert lines == ["privguard: redacted ·", "  " + long]


# ----------------------------------------------------------------------------------------------
# the banner, text/plain
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("n_columns", [1, 3, 8, 20])
def test_plain_banner_never_splits_a_command(n_columns: int) -> None:
    info = _wide(n_columns)
    lines = render.banner_text(info).splitlines()
    assert lines[0].startswith("privguard: redacted")
    for command in _commands(info):
        assert sum(command in line for line in lines) == 1, command
    # nothing ends on a dangling prefix, and no line is wider than the width unless it is one part
    assert not [line for line in lines if line.rstrip(" ·,").endswith(("%privguard", "reveal:", "allow:"))]
    assert all(len(line) <= PLAIN_WIDTH or line.count(" (") <= 1 for line in lines)
    # every column is named, with its entity and count
    text = " ".join(lines)
    for r in info.redactions:
        assert f"{r.column} ({r.entity}, {r.count} values, redact)" in text


def test_plain_banner_with_a_long_label_keeps_the_command_whole() -> None:
    label = "a_very_long_variable_name_for_a_frame_that_someone_loaded_from_the_warehouse_today"
    info = _wide(2, label=label)
    lines = render.banner_text(info).splitlines()
    for command in _commands(info):
        assert any(command in line for line in lines)
    assert any(len(line) > PLAIN_WIDTH for line in lines)  # the reveal command alone is wider


def test_risk_line_wraps_between_quasi_identifiers() -> None:
    qis = [f"quasi_identifier_{i}" for i in range(9)]
    text, markup = render.unique_rows_line(37, 5000, qis, "customers_2024_q3_export")
    lines = text.splitlines()
    assert len(lines) > 1 and all(len(line) <= PLAIN_WIDTH for line in lines)
    assert sum("%privguard risk customers_2024_q3_export" in line for line in lines) == 1
    assert [code for code, _ in _units(markup).codes] == ["%privguard risk customers_2024_q3_export"]


# ----------------------------------------------------------------------------------------------
# the banner, HTML
# ----------------------------------------------------------------------------------------------
def test_html_banner_wraps_and_each_command_is_a_nowrap_unit() -> None:
    info = _wide(8)
    markup = render.banner_html(info)
    div_style = re.search(r'<div class="jp-privguard-banner" style="([^"]*)"', markup)
    assert div_style is not None
    assert "white-space:normal" in div_style.group(1)
    assert "nowrap" not in div_style.group(1) and "ellipsis" not in div_style.group(1)
    units = _units(markup)
    assert [code for code, _ in units.codes] == _commands(info)
    for _, styles in units.codes:
        # the code itself (JupyterLab styles code pre-wrap) and the unit around it with its label
        assert "white-space:nowrap" in styles[-1] and "white-space:nowrap" in styles[-2]
    assert "reveal: <code" in markup and "allow: <code" in markup


def test_command_html_escapes() -> None:
    markup = command_html("reveal", "%privguard reveal df '<b>x</b>'")
    assert "<b>x" not in markup and "&lt;b&gt;x&lt;/b&gt;" in markup


def test_placeholder_banner_wraps_and_keeps_its_commands_whole() -> None:
    data, _ = render.placeholder_bundle("pandas.DataFrame", "KeyError")
    markup = data["text/html"]
    assert "ellipsis" not in markup and "white-space:normal" in markup
    assert [code for code, _ in _units(markup).codes] == ["%privguard status", "%privguard off"]
    assert "KeyError" in markup and "pandas.DataFrame" in markup
    lines = data["text/plain"].splitlines()
    # the first sentence is one part (it names the type and the error), the rest wraps under it
    assert len(lines) > 1 and all(len(line) <= PLAIN_WIDTH for line in lines[1:])
    assert sum("%privguard status" in line for line in lines) == 1
    assert sum("%privguard off" in line for line in lines) == 1
