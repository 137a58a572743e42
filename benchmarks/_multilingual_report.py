"""The tables ``bench_columns.py --multilingual`` prints: per locale and table, overall, per entity, decoys.

The scores are the English set's (``bench_columns.Tally``): "column F1" is its PII F1 (is the column personal
data), "exact entity F1" its entity F1 (a column counts when the predicted entity is the labelled one).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from _common import format_table

SHORT = {"ours": "ours", "presidio-structured": "ps"}


def _total(tallies: list[Any], zero: Any) -> Any:
    return sum(tallies, zero)


def build(
    tables: list[Any],
    tallies: dict[str, dict[str, Any]],
    results: dict[str, dict[str, Any]],
    systems: list[str],
    zero: Any,
) -> str:
    """Markdown for the multilingual run; ``tallies[system][table name]`` are ``bench_columns.Tally``."""
    head = ["locale", "source", "headers", "cols", "PII cols"]
    for s in systems:
        head += [f"{SHORT[s]} column F1", f"{SHORT[s]} exact entity F1"]
    rows = []
    for t in tables:
        first = tallies[systems[0]][t.name]
        row: list[Any] = [t.locale, t.source, t.headers, first.columns, first.labelled]
        for s in systems:
            tally = tallies[s][t.name]
            row += [tally.pii()[2], tally.entity()[2]]
        rows.append(row)

    groups: dict[str, list[str]] = {"all": [t.name for t in tables]}
    for key in ("headers", "generator"):
        for t in tables:
            value = t.headers if key == "headers" else t.source.rsplit(" ", 1)[0]
            groups.setdefault(f"{value} {'headers' if key == 'headers' else 'tables'}", []).append(t.name)
    o_head = ["tables", "system", "column P", "column R", "column F1", "entity P", "entity R", "exact entity F1", "s"]
    o_rows = []
    for g, names in groups.items():
        for s in systems:
            tot = _total([tallies[s][n] for n in names], zero)
            secs = sum(results[s][n].seconds for n in names)
            label = f"{g} ({len(names)} tables, {tot.columns} cols, {tot.labelled} PII)"
            o_rows.append([label, s, *tot.pii(), *tot.entity(), round(secs, 1)])

    # per entity: how many labelled columns get the exact entity; per decoy field: how many are called PII
    per_entity: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    decoys: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for t in tables:
        for col, expected in t.labels.items():
            for s in systems:
                pred = results[s][t.name]
                if expected:
                    cell = per_entity[expected][s]
                    cell[0] += 1
                    cell[1] += bool(pred.is_pii[col])
                    cell[2] += bool(pred.is_pii[col]) and pred.entity[col] == expected
                else:
                    cell = decoys[t.fields[col]][s]
                    cell[0] += 1
                    cell[1] += bool(pred.is_pii[col])
    e_head = ["entity (label)", "columns"]
    for s in systems:
        e_head += [f"{SHORT[s]} found as PII", f"{SHORT[s]} exact entity"]
    e_rows = []
    for entity in sorted(per_entity):
        counts = per_entity[entity]
        row = [entity, counts[systems[0]][0]]
        for s in systems:
            row += [counts[s][1], counts[s][2]]
        e_rows.append(row)
    d_head = ["not personal (field)", "columns"] + [f"{SHORT[s]} called PII" for s in systems]
    d_rows = [[f, decoys[f][systems[0]][0], *(decoys[f][s][1] for s in systems)] for f in sorted(decoys)]

    return "\n".join(
        [
            "### Overall (micro averages over columns)",
            "",
            format_table(o_head, o_rows),
            "",
            "### Per locale and table",
            "",
            format_table(head, rows),
            "",
            "### Per entity (columns labelled with it; how many each system calls PII, and with the exact entity)",
            "",
            format_table(e_head, e_rows),
            "",
            "### Columns that are not personal data (how many each system calls PII)",
            "",
            format_table(d_head, d_rows),
        ]
    )
