"""Banner lines that wrap between the parts of a message, never inside a command.

A banner names what was redacted and the commands that reveal or allow it
(``%privguard reveal df email``). A command split over two lines cannot be copied: in HTML each
command is one ``white-space:nowrap`` unit with its label, the text between the units wraps; in
``text/plain`` the banner is broken into lines of at most :data:`PLAIN_WIDTH` characters between
its parts, a part longer than that stays whole on a line of its own.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

__all__ = ["PLAIN_WIDTH", "command_html", "wrap_plain"]

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
