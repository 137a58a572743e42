"""What ``clean`` never rewrites: the parts of a text that no person reads as text.

A scan may report a value inside a picture's data or a chart's styling (a false alarm, or a real
value that happens to sit there); ``clean`` must still leave those bytes alone, or the picture draws
wrongly, the chart loses its colours, the base64 no longer decodes. :func:`protected` gives, for
one text leaf of the plan, the ranges no edit may touch:

* everywhere: ``data:`` URIs and other base64 runs, colours (``#E6E6E6``, ``rgb(...)``,
  ``hsl(...)``);
* in markup (HTML, SVG, markdown): every tag's attribute values except the few a reader sees
  (``title``, ``alt``, ``href``/``src`` unless a ``data:`` URI, ``value``, ``placeholder``,
  ``label``, ``aria-label``, ``content``), the bodies of ``<style>`` and ``<script>`` blocks,
  except their quoted strings that are no payload (hover text in a chart's script is read);
* in an ``image/svg+xml`` output: everything but the text between tags and comments;
* in a JSON bundle (``application/*json`` outputs): a string leaf under a styling or geometry key
  (``color``, ``colorscale``, ``path``, ``bdata`` ...) or whose whole value is a payload (a colour,
  base64, SVG path data, a number written as a string); an integer leaf that is personal data (a card
  number stored as a number) is still redacted.

:func:`keep_text` filters a leaf's hits to those outside these ranges. Uses :mod:`.plan` (units).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from .plan import _Unit
from .results import WIDGET_STATE_MIME

Hit = tuple[int, int, str, float, str]  # as spans.Hit

_PAYLOAD = re.compile(
    r"data:[\w.+/-]+(?:;[\w.+=-]+)*,[A-Za-z0-9+/=%\s\\]+"  # data: URIs
    r"|(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40,}={0,2}"  # base64 and other long tokens
    r"|#[0-9A-Fa-f]{3,8}\b|(?:rgb|hsl)a?\([0-9., %]+\)"  # colours
)
_TAG = re.compile(r"<[A-Za-z!/?][^<>]*>")
_ATTRIBUTE = re.compile(r"""([A-Za-z_:][-\w:.]*)\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+)""")
_READ_ATTRIBUTES = frozenset({"title", "alt", "href", "src", "value", "placeholder", "label", "aria-label", "content"})
_BLOCK = re.compile(r"<(style|script)\b[^>]*>(.*?)</\1\s*>", re.S | re.I)
_QUOTED = re.compile(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'""")
_NON_TEXT_VALUE = re.compile(
    r"#[0-9A-Fa-f]{3,8}|(?:rgb|hsl)a?\([0-9., %]+\)"
    r"|[A-Za-z0-9+/]{40,}={0,2}"
    r"|[Mm]\s*[-+]?[0-9.]+[\s,]+[-+]?[0-9.]+[MmLlHhVvCcSsQqTtAaZz0-9.,eE\s+-]*"
    r"|[-+]?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?"
)
_NON_TEXT_KEY = re.compile(
    r"(?i)(?:.*colou?r.*|colorscale|colorway|bdata|dtype|shape|path|d|points|transform|symbol|dash|fill|"
    r"stroke|opacity|width|height|size|font|family|format|mode|type|xaxis|yaxis|src|image|source|data_url)"
)


def _json_key(unit: _Unit) -> str | None:
    for step in reversed(unit.path):
        if isinstance(step, str):
            return step
    return None


def _is_json_bundle(unit: _Unit) -> bool:
    return unit.mime.endswith("json") or unit.mime == WIDGET_STATE_MIME


def protected(unit: _Unit) -> list[tuple[int, int]]:
    """The ranges of ``unit.text`` that ``clean`` leaves as they are (see the module's docstring)."""
    text = unit.text
    if _is_json_bundle(unit) and unit.markup == "text":
        key = _json_key(unit)
        if not unit.as_number and _NON_TEXT_VALUE.fullmatch(text.strip() or "x"):
            return [(0, len(text))]
        if key is not None and _NON_TEXT_KEY.fullmatch(key) and unit.mime != WIDGET_STATE_MIME:
            return [(0, len(text))]
    out = [m.span() for m in _PAYLOAD.finditer(text)]
    if unit.markup != "html" and unit.mime != "image/svg+xml":
        return out
    if unit.mime == "image/svg+xml":
        # a comment draws nothing (matplotlib writes each label's text in one): it is text
        tags = [m.span() for m in _TAG.finditer(text) if not m.group(0).startswith("<!--")]
        return out + tags + [m.span(2) for m in _BLOCK.finditer(text)]
    for tag in _TAG.finditer(text):
        for attr in _ATTRIBUTE.finditer(tag.group(0)):
            name, value = attr.group(1).lower(), attr.group(2)
            if name in _READ_ATTRIBUTES and not value.strip("\"'").lower().startswith("data:"):
                continue
            out.append((tag.start() + attr.start(2), tag.start() + attr.end(2)))
    for block in _BLOCK.finditer(text):
        start, end = block.span(2)
        last = start
        for q in _QUOTED.finditer(text, start, end):
            body = q.group(0)[1:-1]
            if not _NON_TEXT_VALUE.fullmatch(body.strip() or "x"):
                out.append((last, q.start() + 1))  # the code between readable strings
                last = q.end() - 1
        out.append((last, end))
    return out


def keep_text(unit: _Unit, hits: Sequence[Hit]) -> list[Hit]:
    """The hits of ``unit`` that lie wholly outside its protected ranges."""
    if not hits:
        return []
    ranges = protected(unit)
    if not ranges:
        return list(hits)
    # merged and sorted, then one bisection a hit (a chart's HTML has thousands of both)
    ranges.sort()
    starts: list[int] = []
    ends: list[int] = []
    for s, e in ranges:
        if ends and s <= ends[-1]:
            ends[-1] = max(ends[-1], e)
        else:
            starts.append(s)
            ends.append(e)
    kept = []
    for h in hits:
        k = bisect.bisect_right(starts, h[1] - 1) - 1  # the last range starting before the hit ends
        if k >= 0 and ends[k] > h[0]:
            continue
        kept.append(h)
    return kept
