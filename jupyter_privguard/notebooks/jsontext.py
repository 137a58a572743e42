"""A JSON reader that remembers where each value is in the text, and cuts that keep the layout.

:func:`_locate` maps every value of a notebook's JSON text to its ``(start, end)`` offsets, so that
:mod:`.clean` can rewrite single string tokens and cut out list elements (:func:`_drop_elements`)
without touching indentation, key order or escaping. :data:`Path_` (the keys and indices that lead
to a value) is the address every other module of the package uses. Uses no other module of the
package.
"""

from __future__ import annotations

import re
from json.decoder import scanstring  # type: ignore[attr-defined]

Path_ = tuple[str | int, ...]

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER_TOKEN = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")


def _locate(text: str) -> dict[Path_, tuple[int, int]]:
    """``{path: (start, end)}`` of every value in a JSON text (the start of a string is its quote)."""
    spans: dict[Path_, tuple[int, int]] = {}

    def ws(i: int) -> int:
        m = _WS.match(text, i)
        assert m is not None  # the pattern matches the empty string
        return m.end()

    start = 1 if text.startswith("\ufeff") else 0

    def value(i: int, path: Path_) -> int:
        i = ws(i)
        c = text[i]
        if c == '"':
            end = int(scanstring(text, i + 1)[1])
        elif c == "{":
            end = i + 1
            end = ws(end)
            if text[end] == "}":
                end += 1
            else:
                while True:
                    end = ws(end)
                    key, end = scanstring(text, end + 1)
                    end = ws(end) + 1  # the colon
                    end = value(end, path + (key,))
                    end = ws(end)
                    if text[end] == ",":
                        end += 1
                        continue
                    end += 1  # the closing brace
                    break
        elif c == "[":
            end = ws(i + 1)
            if text[end] == "]":
                end += 1
            else:
                k = 0
                while True:
                    end = value(end, path + (k,))
                    k += 1
                    end = ws(end)
                    if text[end] == ",":
                        end += 1
                        continue
                    end += 1
                    break
        else:
            m = _NUMBER_TOKEN.match(text, i)
            if m is not None and m.end() > i:
                end = m.end()
            else:
                for literal in ("true", "false", "null", "NaN", "Infinity", "-Infinity"):
                    if text.startswith(literal, i):
                        end = i + len(literal)
                        break
                else:
                    raise ValueError(f"unexpected character {c!r} at offset {i} in the notebook's JSON")
        spans[path] = (i, end)
        return end

    value(start, ())
    return spans


def _drop_elements(
    text: str, spans: dict[Path_, tuple[int, int]], base: Path_, dropped: list[int]
) -> list[tuple[int, int, str]]:
    """Cuts that remove list elements with their separators, keeping the rest of the layout."""
    n = 0
    while base + (n,) in spans:
        n += 1
    kept = [k for k in range(n) if k not in dropped]
    if not kept:
        start, end = spans[base]
        return [(start, end, "[]")]
    cuts = []
    first = kept[0]
    if first > 0:
        cuts.append((spans[base + (0,)][0], spans[base + (first,)][0], ""))
    for k in dropped:
        if k > first:
            cuts.append((spans[base + (k - 1,)][1], spans[base + (k,)][1], ""))
    return cuts
