"""Scanning a notebook: the plan, the table tier and the spans, grouped into findings.

:func:`_analyze` is the one pass both :func:`scan_notebook` and :mod:`.clean` run: it returns the
findings, and (for a clean) the new value of every text leaf to rewrite and the outputs to drop.
The hits are grouped into findings with their hints by :mod:`.reporting`. Uses :mod:`.edits`,
:mod:`.jsontext`, :mod:`.options`, :mod:`.plan`, :mod:`.reporting`, :mod:`.results`, :mod:`.spans`
and :mod:`.tables`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .edits import _code_literals, _replace, _safe_in_code, _source_offsets
from .jsontext import Path_
from .keep import keep_text
from .legacy import upgraded
from .options import NotebookOptions
from .plan import _plan
from .recall import recall_hits, recall_values
from .reporting import _finding_id, _group, _records
from .results import CONTEXT_REVEAL, REVEALED_ENTITY, SOURCE_MIME, Finding
from .spans import Hit, _find_hits
from .tables import _table_values


@dataclass
class _Analysis:
    findings: list[Finding]
    edits: dict[Path_, Any]
    drops: list[tuple[Path_, int]]
    redacted: dict[str, int]
    unredacted: list[Finding]


_Place = tuple[int | None, int | None, str, str | None, str]  # cell, output, mime, where, entity


def _tally(groups: dict[_Place, list[Any]], key: _Place, score: float, detector: str) -> None:
    slot = groups.setdefault(key, [0, 0.0, detector])
    slot[0] += 1
    if score > slot[1]:
        slot[1], slot[2] = score, detector


def _findings(path: str, groups: dict[_Place, list[Any]]) -> list[Finding]:
    return [
        Finding(path, entity, round(score, 4), count, cell, output, mime, None, detector, where, mimes=(mime,))
        for (cell, output, mime, where, entity), (count, score, detector) in groups.items()
    ]


def _order(f: Finding) -> tuple[Any, ...]:
    # cell by cell (a source before its outputs), widget state last
    return (
        f.cell is None,
        f.cell or 0,
        -1 if f.output is None else f.output,
        f.mime or "",
        f.where or "",
        f.entity,
        -1 if f.column_index is None else f.column_index,
        f.context or "",
    )


def plan_hits(nb: dict[str, Any], options: NotebookOptions) -> tuple[Any, Any, dict[int, list[Hit]]]:
    """The policy, the plan of ``nb`` (an nbformat 4 dict) and every hit per unit: the table tier's
    values, the recall tier's and the pattern tier's, before any is kept or left (the steps a scan
    and a clean share; the real-notebook benchmark reads its spans from here)."""
    policy = options.resolved_policy()
    plan = _plan(nb, options)
    exact: dict[str, str] = {}
    exact_scores: dict[str, float] = {}
    if plan.tables:
        exact, exact_scores = _table_values(plan.tables, policy)
    recalled = recall_values(plan.units, plan.tables, policy)
    return policy, plan, _find_hits(plan.units, policy, exact, exact_scores, recall_hits(plan.units, recalled, exact))


def _analyze(
    nb: dict[str, Any],
    options: NotebookOptions,
    path: str,
    *,
    edits_wanted: bool = True,
    merge_copies: bool = False,
) -> _Analysis:
    policy, plan, hits = plan_hits(nb, options)
    left: dict[_Place, list[Any]] = {}  # found in a source and left there
    edits: dict[Path_, Any] = {}
    redacted: dict[str, int] = {}
    code: dict[int, tuple[list[tuple[int, int]], dict[Path_, int]]] = {}  # cell -> literals, line offsets

    def literals_of(cell: int) -> tuple[list[tuple[int, int]], dict[Path_, int]]:
        if cell not in code:
            text, offsets = _source_offsets(nb, cell)
            code[cell] = (_code_literals(text), offsets)
        return code[cell]

    for n, found in hits.items():
        unit = plan.units[n]
        to_redact: Sequence[Hit] = found
        if unit.mime == SOURCE_MIME:
            if options.sources != "redact":
                to_redact = []
            elif unit.where == "code" and unit.cell is not None:
                literals, offsets = literals_of(unit.cell)
                to_redact = [h for h in found if _safe_in_code(unit.text, h[0], h[1], offsets[unit.path], literals)]
            if len(to_redact) < len(found):
                for hit in found:
                    if hit not in to_redact:
                        _tally(left, (unit.cell, unit.output, unit.mime, unit.where, hit[2]), hit[3], hit[4])
        kept = keep_text(unit, to_redact)  # picture data, styling, payloads: never rewritten
        if len(kept) < len(to_redact):
            for hit in to_redact:
                if hit not in kept:
                    _tally(left, (unit.cell, unit.output, unit.mime, unit.where, hit[2]), hit[3], hit[4])
            to_redact = kept
        for hit in to_redact:
            redacted[hit[2]] = redacted.get(hit[2], 0) + 1
        if edits_wanted and to_redact:  # a scan only reports
            edits[unit.path] = _replace(unit.text, to_redact, unit.markup)
    records, headers = _records(nb, plan, hits, literals_of)
    findings = _group(path, nb, records, headers, policy, merge_copies)
    for _, cell, output in plan.drops:
        findings.append(
            Finding(
                path,
                REVEALED_ENTITY,
                1.0,
                1,
                cell,
                output,
                None,
                None,
                "reveal",
                context=CONTEXT_REVEAL,
                evidence="the display guard marked this output as a reveal (raw data shown on request): "
                "a reveal never belongs on disk",
                id=_finding_id(path, (cell, output, None, None, REVEALED_ENTITY, CONTEXT_REVEAL, None)),
            )
        )
    findings.sort(key=_order)
    drops = [(base, output) for base, _, output in plan.drops]
    return _Analysis(findings, edits, drops, redacted, sorted(_findings(path, left), key=_order))


def scan_notebook(
    nb: dict[str, Any] | str,
    options: NotebookOptions | None = None,
    *,
    path: str = "<notebook>",
    merge_copies: bool = False,
) -> list[Finding]:
    """The personal data in a notebook's outputs, widget state and (unless ``options.sources`` is
    ``"skip"``) cell sources.

    Parameters
    ----------
    nb
        The notebook as a dictionary (``nbformat`` node or ``json.loads`` result) or as JSON text.
    options
        How to check; defaults with :meth:`Policy.load`.
    path
        The name findings carry.
    merge_copies
        Count each value once across the MIME copies of an output (a table's ``text/html`` and
        ``text/plain``): one finding per place, entity and column, its copies in
        :attr:`Finding.mimes` (what ``privguard scan`` reports). By default one finding per MIME
        type.

    Returns
    -------
    list of Finding
        One per place (cell, output, MIME type unless ``merge_copies``, ``where``), entity and (with
        ``merge_copies``) table column, with hit count, best score and the safe hints (context,
        column, masked shape, evidence); no values.
    """
    options = options or NotebookOptions()
    data = upgraded(json.loads(nb) if isinstance(nb, str) else nb)  # nbformat 3: read as 4
    return _analyze(data, options, path, edits_wanted=False, merge_copies=merge_copies).findings
