"""From hits to findings a team can act on: counted once across MIME copies, with safe hints.

:func:`_records` turns each hit of :func:`.spans._find_hits` into a record of where it is (the
kind of context, the table column of an HTML table) and what it looks like (a masked shape); the
matched text itself is only held here, in memory, to tell the copies of one value apart, and never
leaves this module. :func:`_group` makes the findings: one per place and entity (and MIME type,
unless copies are merged), with counts, best score, detector, column, shapes and the evidence in
words. Uses :mod:`.hints`, :mod:`.jsontext`, :mod:`.plan` and :mod:`.results`.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .hints import HtmlLayout, context_of, header_hint, html_layout, masked_shape
from .jsontext import Path_
from .plan import _Plan, _Unit
from .results import CONTEXT_CODE, CONTEXT_PROSE, CONTEXT_TABLE, CONTEXT_TABLE_HEADER, Finding

if TYPE_CHECKING:
    from ..policy import Policy

_ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_MAX_SHAPES = 3


@dataclass(slots=True)
class _Record:
    """One hit: where and what shape (``key`` is the normalised matched text: memory only)."""

    unit: int
    cell: int | None
    output: int | None
    mime: str
    where: str | None
    entity: str
    score: float
    detector: str
    key: str
    shape: str
    context: str
    table: tuple[Path_, int, int] | None = None  # (text root, table, column) of an HTML table cell


class _Layouts:
    """The HTML layout of each text root (an output's ``text/html``, stored whole or as lines)."""

    def __init__(self, nb: dict[str, Any]) -> None:
        self.nb = nb
        self.cache: dict[Path_, tuple[HtmlLayout, dict[Path_, int]] | None] = {}

    def locate(self, unit: _Unit, offset: int) -> tuple[Path_, int, int, bool] | None:
        root = unit.path[:-1] if unit.path and isinstance(unit.path[-1], int) else unit.path
        if root not in self.cache:
            self.cache[root] = self._build(root)
        entry = self.cache[root]
        if entry is None:
            return None
        layout, starts = entry
        at = starts.get(unit.path)
        if at is None:
            return None
        cell = layout.cell_at(at + offset)
        return None if cell is None else (root, cell[0], cell[1], cell[2])

    def _build(self, root: Path_) -> tuple[HtmlLayout, dict[Path_, int]] | None:
        value: Any = self.nb
        for step in root:
            try:
                value = value[step]
            except (KeyError, IndexError, TypeError):
                return None
        starts: dict[Path_, int] = {}
        if isinstance(value, str):
            text = value
            starts[root] = 0
        elif isinstance(value, list):
            pieces = []
            at = 0
            for k, line in enumerate(value):
                if isinstance(line, str):
                    starts[root + (k,)] = at
                    pieces.append(line)
                    at += len(line)
            text = "".join(pieces)
        else:
            return None
        if "<table" not in text.lower():
            return None
        return html_layout(text), starts


def _records(
    nb: dict[str, Any],
    plan: _Plan,
    hits: Mapping[int, Sequence[tuple[Any, ...]]],
    literals_of: Callable[[int], tuple[list[tuple[int, int]], dict[Path_, int]]],
) -> tuple[list[_Record], dict[tuple[Path_, int, int], str]]:
    """The hits as records, and the header text of every table column a record is in."""
    layouts = _Layouts(nb)
    headers: dict[tuple[Path_, int, int], str] = {}
    out: list[_Record] = []
    for n in sorted(hits):
        unit = plan.units[n]
        given = getattr(unit, "report_context", None)  # a plan that knows the kind of its text says so
        for hit in hits[n]:
            start, end, entity, score, detector = hit[:5]  # a hit may carry more fields
            raw = unit.text[start:end]
            if "\x1b" in raw:
                raw = _ANSI_RE.sub("", raw)
            if unit.markup == "html":
                raw = html.unescape(raw)
            key = " ".join(raw.split())
            table = None
            context = given
            if unit.markup == "html":
                place = layouts.locate(unit, start)
                if place is not None:
                    root, table_no, column, is_header = place
                    table = (root, table_no, column)
                    if table not in headers:
                        entry = layouts.cache[root]
                        names = entry[0].headers[table_no] if entry is not None else []
                        headers[table] = names[column] if column < len(names) else ""
                    context = context or (CONTEXT_TABLE_HEADER if is_header else CONTEXT_TABLE)
            if context is None:
                in_literal = None
                if unit.where == "code" and unit.cell is not None and unit.output is None:
                    literals, offsets = literals_of(unit.cell)
                    at = offsets.get(unit.path, 0) + start
                    in_literal = any(lo <= at < hi for lo, hi in literals)
                context = context_of(unit.mime, unit.where, in_literal=in_literal)
            out.append(
                _Record(
                    n,
                    unit.cell,
                    unit.output,
                    unit.mime,
                    unit.where,
                    entity,
                    score,
                    detector,
                    key,
                    masked_shape(raw),
                    context,
                    table,
                )
            )
    return out, headers


def _finding_id(path: str, place: tuple[Any, ...]) -> str:
    """A short stable id of a place (never of a value): the file and the place's coordinates.

    The file is named relative to the working directory when it is under it (``./nb/a.ipynb``,
    ``nb/a.ipynb`` and the absolute path give one id; so do two clones of a repository).
    """
    full = os.path.abspath(path)
    try:
        rel = os.path.relpath(full)
    except ValueError:  # another drive (Windows)
        rel = full
    name = full if rel.startswith("..") else rel
    return hashlib.blake2s(repr((name.replace(os.sep, "/"), *place)).encode("utf-8"), digest_size=4).hexdigest()


def _has_html_table(nb: dict[str, Any], cell: int | None, output: int | None) -> bool:
    if cell is None or output is None:
        return False
    try:
        data = nb["cells"][cell]["outputs"][output].get("data") or {}
    except (KeyError, IndexError, TypeError, AttributeError):
        return False
    value = data.get("text/html") if isinstance(data, dict) else None
    text = "".join(v for v in value if isinstance(v, str)) if isinstance(value, list) else value
    return isinstance(text, str) and "<table" in text.lower()


def _evidence(entity: str, detector: str, score: float, context: str, policy: Policy) -> str:
    threshold = policy.threshold_for(entity)
    if detector.startswith("pattern:"):
        why = f"the pattern recogniser {detector.split(':', 1)[1]!r} matched and scored {score:.2f}"
    elif detector == "table":
        why = (
            f"the value is in a table column the table tier classified as {entity} (column score "
            f"{score:.2f}), and the exact-value index found it here"
        )
    else:
        why = f"the detector {detector!r} scored {score:.2f}"
    note = ""
    if context == CONTEXT_CODE:
        note = "; it is in code, outside string literals and comments (a slice, a number, a name?)"
    elif context == CONTEXT_TABLE_HEADER:
        note = "; it is in a table's header row"
    return f"{why}, at or above the threshold for {entity} ({threshold:.2f}){note}"


def _group(
    path: str,
    nb: dict[str, Any],
    records: Sequence[_Record],
    headers: Mapping[tuple[Path_, int, int], str],
    policy: Policy,
    merge_copies: bool,
) -> list[Finding]:
    """The findings of a notebook's hits (see the module docstring); order as the records."""
    flagged: set[tuple[Path_, int, int]] = set()
    values: dict[str, str] = {}
    for r in records:
        values.setdefault(r.key, r.entity)
        if r.table is not None and r.context == CONTEXT_TABLE_HEADER:
            flagged.add(r.table)
    slots: dict[int, tuple[str, tuple[Path_, int, int] | None]] = {}  # record -> (context, table)
    # a value in an HTML table cell names the column its copies in the other MIME types are in
    columns: dict[tuple[int | None, int | None, str, str], tuple[str, tuple[Path_, int, int] | None]] = {}
    for r in records:
        if r.table is not None:
            columns.setdefault((r.cell, r.output, r.entity, r.key), (r.context, r.table))
    tabled: dict[tuple[int | None, int | None], bool] = {}
    with_table = {(r.cell, r.output) for r in records if r.table is not None}
    for k, r in enumerate(records):
        if r.table is not None or r.output is None:
            continue
        twin = columns.get((r.cell, r.output, r.entity, r.key))
        if twin is not None:
            slots[k] = twin
        elif r.mime == "text/plain" and r.context == CONTEXT_PROSE:
            place = (r.cell, r.output)
            if place not in tabled:
                tabled[place] = place in with_table or _has_html_table(nb, r.cell, r.output)
            if tabled[place]:
                slots[k] = (CONTEXT_TABLE, None)
    groups: dict[tuple[Any, ...], list[int]] = {}
    for k, r in enumerate(records):
        context, table = slots.get(k, (r.context, r.table))
        if merge_copies:
            column = None if table is None else (table[1], table[2])
            key: tuple[Any, ...] = (r.cell, r.output, None, r.where, r.entity, context, column)
        else:
            key = (r.cell, r.output, r.mime, r.where, r.entity)
        groups.setdefault(key, []).append(k)
    findings = []
    for key, members in groups.items():
        cell, output, mime, where, entity = key[:5]
        best = members[0]
        for k in members:
            if records[k].score > records[best].score:
                best = k
        top = records[best]
        mimes = tuple(dict.fromkeys(records[k].mime for k in members))
        if merge_copies:
            # each value once: as many times as its most complete copy holds it
            seen: dict[str, Counter[str]] = {}
            for k in members:
                seen.setdefault(records[k].key, Counter())[records[k].mime] += 1
            count = sum(max(c.values()) for c in seen.values())
            context = key[5]
        else:
            count = len(members)
            context = Counter(slots.get(k, (records[k].context, None))[0] for k in members).most_common(1)[0][0]
        tables = {slots.get(k, (None, records[k].table))[1] for k in members}
        table = next(iter(tables)) if len(tables) == 1 else None
        header = None
        hidden = False
        column_index = None
        if table is not None:
            column_index = table[2]
            text = headers.get(table, "")
            if text:
                header = header_hint(text, flagged=table in flagged, values=values)
                hidden = header is None
        shapes = Counter(records[k].shape for k in members).most_common(_MAX_SHAPES)
        findings.append(
            Finding(
                path,
                entity,
                round(top.score, 4),
                count,
                cell,
                output,
                mime if mime is not None else mimes[0],
                header,
                top.detector,
                where,
                mimes=mimes,
                context=context,
                column_index=column_index,
                header_hidden=hidden,
                shape=shapes[0][0] if shapes else None,
                shapes=tuple(s for s, _ in shapes),
                evidence=_evidence(entity, top.detector, top.score, context, policy),
                id=_finding_id(path, (cell, output, mime, where, entity, context, column_index)),
            )
        )
    return findings
