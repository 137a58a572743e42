"""The table tier: tables inside outputs parsed back into columns, and classified.

HTML tables (``df.to_html()``, a DataFrame's rich display) and table-schema JSON become
:class:`_Table` (:func:`_tables_of`); :func:`_table_values` classifies their text columns with
:func:`jupyter_privguard.scanner.scan` and returns the values of the personal-data columns, for the
exact-value index of :mod:`.spans`. Uses no other module of the package (pandas and the scanner
are imported when tables are classified).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import replace as _replace_fields
from typing import TYPE_CHECKING, Any

from ..adapters import display_names
from .column_evidence import COINCIDENCE, coincidences, overruled, value_stands

if TYPE_CHECKING:
    from ..policy import Policy
    from ..report import ScanReport

_TABLE_SCHEMA_MIME = "application/vnd.dataresource+json"
# Values shorter than this are too common to hunt for in other outputs ("M", "CA", "1") ...
_MIN_EXACT_LENGTH = 5
# ... except a name from a column classified as people: "Bob", "Sue", "Li" are what such a column
# holds, and the exact index matches on word boundaries (``Bob`` is not found in ``Bobcat``)
_MIN_NAME_LENGTH = 2
_NAME_ENTITIES = frozenset({"PERSON", "FIRST_NAME", "LAST_NAME"})
# Rows of one parsed table given to the column scanner (it samples anyway).
_MAX_TABLE_ROWS = 2_000
_CLASSIFY_ROWS = 120  # rows of a table that its columns are classified on


@dataclass
class _Table:
    cell: int | None
    output: int | None
    mime: str
    columns: list[str]
    rows: list[list[str | None]]


_TABLE_RE = re.compile(r"<table\b[^>]*>(.*?)</table\s*>", re.S | re.I)
_THEAD_RE = re.compile(r"<thead\b[^>]*>(.*?)</thead\s*>", re.S | re.I)
_ROW_RE = re.compile(r"<tr\b[^>]*>(.*?)</tr\s*>", re.S | re.I)
_CELL_RE = re.compile(r"<t([hd])\b[^>]*>(.*?)</t[hd]\s*>", re.S | re.I)
_TAG_RE = re.compile(r"<[^>]*>")
_NUMBER_RE = re.compile(
    r"[-+]?[0-9][0-9_,]*(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?%?|[-+]?\.[0-9]+|nan|NaN|inf|-inf|True|False|None|NaT|<NA>|\.\.\.|…"
)


def _cell_text(markup: str) -> str:
    return html.unescape(_TAG_RE.sub("", markup)).strip()


def _tables_of(mime: str, value: Any, cell: int | None, output: int | None) -> list[_Table]:
    if mime == "text/html":
        text = "".join(v for v in value if isinstance(v, str)) if isinstance(value, list) else value
        if not isinstance(text, str) or "<table" not in text.lower():
            return []
        return [t for t in (_html_table(m.group(1), cell, output) for m in _TABLE_RE.finditer(text)) if t]
    if mime == _TABLE_SCHEMA_MIME and isinstance(value, dict) and isinstance(value.get("data"), list):
        records = [r for r in value["data"][:_MAX_TABLE_ROWS] if isinstance(r, dict)]
        if not records:
            return []
        columns = list(dict.fromkeys(k for r in records for k in r))
        rows = [[None if r.get(c) is None else str(r.get(c)) for c in columns] for r in records]
        return [_Table(cell, output, mime, [str(c) for c in columns], rows)]
    return []


def _html_table(body: str, cell: int | None, output: int | None) -> _Table | None:
    """Columns and rows of one HTML table (pandas' layout: index cells first, as ``th``)."""
    head = _THEAD_RE.search(body)
    header_rows = (
        [[_cell_text(c) for _, c in _CELL_RE.findall(r)] for r in _ROW_RE.findall(head.group(1))] if head else []
    )
    rest = body[head.end() :] if head else body
    rows = [[_cell_text(c) for _, c in _CELL_RE.findall(r)] for r in _ROW_RE.findall(rest)]
    if not header_rows and rows and all(kind.lower() == "th" for kind, _ in _CELL_RE.findall(_ROW_RE.findall(rest)[0])):
        header_rows, rows = [rows[0]], rows[1:]
    rows = [r for r in rows if r and not all(c in ("...", "…") for c in r)][:_MAX_TABLE_ROWS]
    if not rows:
        return None
    width = max(len(r) for r in rows)
    header = list(header_rows[0]) if header_rows else []
    if len(header_rows) > 1 and header and not header[0] and header_rows[-1] and header_rows[-1][0]:
        header[0] = header_rows[-1][0]  # pandas puts the index name on a second header row
    header = ([""] * (width - len(header)) + header)[-width:] if width else header
    columns = [name or ("(index)" if k == 0 else f"(column {k})") for k, name in enumerate(header)]
    # rows shorter than the header lack leading index cells (a MultiIndex's merged cells)
    padded: list[list[str | None]] = [[None] * (width - len(r)) + list(r) for r in rows]
    return _Table(cell, output, "text/html", columns, padded)


def _table_values(tables: Sequence[_Table], policy: Policy) -> tuple[dict[str, str], dict[str, float]]:
    """Classify the tables' text columns; the values of personal-data columns, for the exact index."""
    values: dict[str, str] = {}
    scores: dict[str, float] = {}
    sampling = _replace_fields(policy, sample_size=min(policy.sample_size, _CLASSIFY_ROWS))
    # a notebook shows the same frame many times (head, sample, a filter): one scan per header
    merged: dict[tuple[str, ...], _Table] = {}
    for t in tables:
        key = tuple(t.columns)
        if key in merged:
            if len(merged[key].rows) < _MAX_TABLE_ROWS:
                merged[key].rows.extend(t.rows)
        else:
            merged[key] = _Table(t.cell, t.output, t.mime, list(t.columns), list(t.rows))
    for table in merged.values():
        keep: list[int] = []
        for k in range(len(table.columns)):
            cells = [r[k] for r in table.rows if r[k] not in (None, "")]
            # numbers and repeated markers: the pattern tier already reads digits inside text
            if cells and not all(_NUMBER_RE.fullmatch(c) for c in cells if c is not None):
                keep.append(k)
        if not keep:
            continue
        import pandas as pd  # here: a notebook whose tables are all numbers never needs pandas

        from ..scanner import scan

        names = display_names([table.columns[k] for k in keep])
        frame = pd.DataFrame([[r[k] for k in keep] for r in table.rows], columns=names, dtype=object)
        # the columns are classified on an evenly spread sample (as the display guard samples a
        # frame); every value of a personal-data column then goes into the exact index
        report: ScanReport = scan(frame, policy=sampling)
        for name, finding in report.columns.items():
            entity = finding.entity
            if entity is None:  # a column of codes: the values a pattern takes by coincidence
                for text in coincidences([str(v).strip() for v in frame[name].dropna().tolist()]):
                    values.setdefault(text, COINCIDENCE)
            if entity is None or finding.allowed or policy.column_allowed(name) or policy.action_for(entity) == "keep":
                continue
            if finding.score < policy.threshold_for(entity):
                continue
            shown = [str(v).strip() for v in frame[name].dropna().tolist()]
            if overruled(str(name), entity, finding, shown, table.columns):  # the header is evidence
                continue
            scores[entity] = max(scores.get(entity, 0.0), finding.score)
            least = _MIN_NAME_LENGTH if entity in _NAME_ENTITIES else _MIN_EXACT_LENGTH
            for value in frame[name].dropna().tolist():
                text = str(value).strip()
                if len(text) >= least and not _looks_redacted(text) and value_stands(entity, text):
                    values.setdefault(text, entity)
    return values, scores


def _looks_redacted(text: str) -> bool:
    return bool(re.fullmatch(r"<[A-Z_]+>|[*•#x]+.{0,6}", text))
