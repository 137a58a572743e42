"""Banner lines that wrap between the parts of a message, never inside a command.

A banner names what was redacted and the commands that reveal or allow it
(``%privguard reveal df email``). A command split over two lines cannot be copied: in HTML each
command is one ``white-space:nowrap`` unit with its label, the text between the units wraps; in
``text/plain`` the banner is broken into lines of at most :data:`PLAIN_WIDTH` characters between
its parts, a part longer than that stays whole on a line of its own.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .render import DisplayInfo

__all__ = ["BANNER_STYLE", "PLAIN_WIDTH", "banner_html", "banner_text", "command_html", "wrap_plain"]

#: the width of a terminal, and of the plain-text view of an output, that nobody widened
PLAIN_WIDTH = 80

#: continuation lines are indented, so that a wrapped banner reads as one message
INDENT = "  "


def wrap_plain(parts: Sequence[tuple[str, str]], width: int = PLAIN_WIDTH) -> str:
    """Join ``(separator, part)`` pairs into lines of at most ``width`` characters.

    A line ends only between two parts; the separator's visible mark (``,`` or ``·``) stays at
    the end of the line it closes, its spaces are dropped. The first pair's separator is ignored.
    """
    lines: list[str] = []
    line = ""
    for i, (separator, part) in enumerate(parts):
        # room for the mark this part's line would end with, were the next part to go on a new line
        mark = len(parts[i + 1][0].rstrip()) if i + 1 < len(parts) else 0
        if i == 0:
            line = part
        elif len(line) + len(separator) + len(part) + mark <= width:
            line += separator + part
        else:
            lines.append(line + separator.rstrip())
            line = INDENT + part
    lines.append(line)
    return "\n".join(lines)


def command_html(label: str, command: str) -> str:
    """``label: <code>command</code>`` as one unit a line never breaks inside (both escaped).

    The ``code`` carries its own ``nowrap``: JupyterLab styles ``code`` in outputs ``pre-wrap``,
    which would override the style the unit passes down.
    """
    head = f"{html.escape(label)}: " if label else ""
    return (
        f'<span class="jp-privguard-command" style="white-space:nowrap">{head}'
        f'<code style="white-space:nowrap">{html.escape(command)}</code></span>'
    )


# ---------------------------------------------------------------------------------------------
# the display banner (render.py puts it over the output)
# ---------------------------------------------------------------------------------------------
def _hint_name(info: DisplayInfo) -> str:
    return info.label or "<variable>"


def _quote_column(name: str) -> str:
    return name if re.fullmatch(r"[\w.\-]+", name) else repr(name)


def banner_text(info: DisplayInfo) -> str:
    """What was redacted (columns, entities, counts) and how to reveal or allow it.

    One line when it fits in :data:`PLAIN_WIDTH` characters, else
    wrapped between its parts: a command is never split over two lines.
    """
    if not info.redactions:
        return ""
    parts: list[tuple[str, str]] = [("", "privguard: redacted")]
    for i, r in enumerate(info.redactions):
        values = "value" if r.count == 1 else "values"
        parts.append((" " if i == 0 else ", ", f"{r.column} ({r.entity}, {r.count} {values}, {r.action})"))
    if info.notes:
        parts.append((" ", f"[{'; '.join(info.notes)}]"))
    first = next((r.column for r in info.redactions if not r.column.startswith("(")), None)
    reveal = f"%privguard reveal {_hint_name(info)}"
    if first is not None:
        parts.append((" · ", f"reveal: {reveal} {_quote_column(first)}"))
        parts.append((" · ", f"allow: %privguard allow column {_quote_column(first)}"))
    else:
        parts.append((" · ", f"reveal: {reveal}"))
    return wrap_plain(parts)


#: the banner's box: it wraps between its parts, each command is a nowrap unit (command_html); a
#: command wider than the output scrolls sideways in the banner
BANNER_STYLE = (
    "font-family:var(--jp-ui-font-family,sans-serif);font-size:12px;padding:2px 6px;"
    "margin-bottom:4px;border-left:3px solid #c77c00;background:rgba(199,124,0,0.08);"
    "white-space:normal;overflow-wrap:break-word;line-height:1.6;overflow-x:auto"
)


def banner_html(info: DisplayInfo) -> str:
    """The banner as one HTML ``div`` (every name escaped); empty when nothing was redacted."""
    if not info.redactions:
        return ""
    esc = html.escape
    parts = ", ".join(
        f"<b>{esc(r.column)}</b> ({esc(r.entity)}, {r.count} {'value' if r.count == 1 else 'values'}, {esc(r.action)})"
        for r in info.redactions
    )
    first = next((r.column for r in info.redactions if not r.column.startswith("(")), None)
    reveal = f"%privguard reveal {_hint_name(info)}"
    if first is not None:
        col = _quote_column(first)
        hint = (
            f"{command_html('reveal', f'{reveal} {col}')} · {command_html('allow', f'%privguard allow column {col}')}"
        )
    else:
        hint = command_html("reveal", reveal)
    notes = f" [{esc('; '.join(info.notes))}]" if info.notes else ""
    return (
        f'<div class="jp-privguard-banner" style="{BANNER_STYLE}" title="jupyter-privguard">'
        f"privguard: redacted {parts}{notes} · {hint}</div>"
    )
