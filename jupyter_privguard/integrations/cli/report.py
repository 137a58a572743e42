"""The reports of ``privguard scan`` a person reads: the text report and ``--explain``.

:func:`text_report` groups the findings per file and per place (cell and output, cell source,
widget state, data file column) and fits each line to the terminal (``COLUMNS``, else
:func:`shutil.get_terminal_size`, at most :data:`MAX_WIDTH`): long paths lose their middle, long
lines wrap at field boundaries. :func:`explain` prints one finding in full; :func:`wide_table` is
``--format table`` and :func:`sarif_report` ``--format sarif``. None prints a value: only the safe
hints the findings carry (context, column header, detector, masked shape).
"""

from __future__ import annotations

import json
import os
import shutil
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ...notebooks import Finding
    from ...policy import Policy
    from .scan import FileResult

__all__ = [
    "MAX_WIDTH",
    "MIN_WIDTH",
    "explain",
    "ner_line",
    "ner_state",
    "report_width",
    "sarif_report",
    "text_report",
    "wide_table",
]

_INFO_URI = "https://github.com/jupyter-privguard/jupyter-privguard"

#: The widest a line of the text report gets, whatever the terminal.
MAX_WIDTH = 100
#: The narrowest it is laid out for.
MIN_WIDTH = 60
_INDENT = "    "


def report_width() -> int:
    """The width to lay the report out for: the terminal's, between :data:`MIN_WIDTH` and
    :data:`MAX_WIDTH` (``COLUMNS`` wins; 100 when not a terminal)."""
    columns = shutil.get_terminal_size(fallback=(MAX_WIDTH, 24)).columns
    return max(MIN_WIDTH, min(MAX_WIDTH, columns))


def shorten_path(path: str, width: int) -> str:
    """``path`` relative to the working directory when under it, its middle cut to fit ``width``."""
    try:
        rel = os.path.relpath(path)
        if not rel.startswith(".."):
            path = rel
    except ValueError:  # another drive (Windows)
        pass
    if len(path) <= width:
        return path
    keep = max(8, width - 1)
    tail = path[-(keep * 2 // 3) :]
    head = path[: keep - len(tail)]
    return head + "…" + tail


def _fit(fields: Sequence[str], first: str, width: int) -> list[str]:
    """The fields on lines no wider than ``width``, two spaces apart: the first line starts with
    ``first``, the others are indented as deep; a field wider than a line wraps inside itself."""
    indent = " " * len(first)
    lines: list[str] = []
    line, empty = first, True
    for field in fields:
        sep = "" if empty else "  "
        if not empty and len(line) + len(sep) + len(field) > width:
            lines.append(line)
            line, empty, sep = indent, True, ""
        if len(line) + len(field) > width:
            parts = textwrap.wrap(field, max(10, width - len(line)), break_on_hyphens=False) or [field]
            line += parts[0]
            for part in parts[1:]:
                lines.append(line)
                line = indent + part
            empty = False
            continue
        line += sep + field
        empty = False
    lines.append(line)
    return [ln.rstrip()[:width] for ln in lines if ln.strip()]


def _place(f: Finding) -> str:
    return "data file" if f.in_data_file else f.location


def _fields(f: Finding) -> list[str]:
    out = [f"{f.entity} x{f.count}"]
    context = f.context or "-"
    label = f.column_label
    out.append(f"{context} {label}" if label else context)
    if f.shape:
        out.append(f.shape)
    out.append(f"{f.detector or '-'} {f.score:.2f}")
    return out


def text_report(findings: Sequence[Finding], n_files: int, n_errors: int = 0, *, width: int | None = None) -> str:
    """The findings grouped per file and place, numbered for ``--explain``, and a summary line.

    Parameters
    ----------
    findings
        In report order (file by file, cell by cell).
    n_files
        How many files were checked.
    n_errors
        How many could not be.
    width
        The line width (default :func:`report_width`).

    Returns
    -------
    str
        Lines no wider than ``width``, ending in a newline.
    """
    width = width or report_width()
    lines: list[str] = []
    last_path: str | None = None
    last_place: str | None = None
    for number, f in enumerate(findings, start=1):
        if f.path != last_path:
            if lines:
                lines.append("")
            lines.append(shorten_path(f.path, width))
            last_path, last_place = f.path, None
        place = _place(f)
        if place != last_place:
            lines.extend(_fit([place], "  ", width))
            last_place = place
        lines.extend(_fit(_fields(f), f"{_INDENT}[{number}] ", width))
    with_findings = len({f.path for f in findings})
    summary = (
        f"privguard: {len(findings)} finding{'s' if len(findings) != 1 else ''} in {with_findings} of "
        f"{n_files} file{'s' if n_files != 1 else ''}" + (f"; {n_errors} could not be checked" if n_errors else "")
    )
    if findings:
        lines.append("")
        summary += "; `--explain N` shows finding N in full"
    lines.extend(textwrap.wrap(summary, width, subsequent_indent="  ", break_on_hyphens=False))
    return "\n".join(lines) + "\n"


def pick(findings: Sequence[Finding], which: str) -> tuple[int, Finding] | None:
    """The finding ``which`` names: its 1-based number in the report, or its id."""
    text = which.strip()
    if text.isdigit():
        k = int(text)
        return (k, findings[k - 1]) if 1 <= k <= len(findings) else None
    for k, f in enumerate(findings, start=1):
        if f.id and f.id == text.lower():
            return k, f
    return None


def _allow_advice(f: Finding) -> list[str]:
    out = [
        "If it is not personal data, allow it under [tool.jupyter-privguard] in pyproject.toml (or in a "
        "privguard.toml), with one of:",
        "allow.values = [...]: the exact text (copy it from the notebook: privguard never prints it);",
        "allow.patterns = [...]: a regular expression the whole text matches (a family of look-alikes);",
    ]
    if f.column is not None and not f.header_hidden:
        out.append(
            f"allow.columns = [{json.dumps(f.column, ensure_ascii=False)}]: every value of this column, in every table;"
        )
    out.append(f'actions.{f.entity} = "keep": stop reporting {f.entity} anywhere;')
    if f.score < 1.0:
        out.append(f"thresholds.{f.entity} = {min(1.0, f.score + 0.01):.2f}: report {f.entity} only above this score.")
    if f.mime == "source":
        out.append("Cell sources are checked by default; `--no-sources` checks outputs and widget state only.")
    return out


def explain(
    findings: Sequence[Finding], which: str, policy: Policy | None = None, *, width: int | None = None
) -> str | None:
    """One finding in full (see the module docstring), or ``None`` when ``which`` names none.

    Parameters
    ----------
    findings
        The report's findings, in report order.
    which
        A number from the report (1-based) or a finding's id.
    policy
        The policy in force (for the threshold), if known.
    width
        The line width (default :func:`report_width`).
    """
    width = width or report_width()
    found = pick(findings, which)
    if found is None:
        return None
    number, f = found
    rows: list[tuple[str, str]] = [
        ("file", f.path),
        ("place", f"column {f.column!r} of a data file" if f.in_data_file else f.location),
    ]
    if f.cell is not None:
        rows.append(("cell", str(f.cell)))
    if f.output is not None:
        rows.append(("output", str(f.output)))
    if f.where:
        rows.append(("where", f.where))
    if f.mime == "source":
        pass  # the place says it: a cell's source
    elif f.mimes:
        copies = ", ".join(f.mimes)
        rows.append(("MIME copies", copies + (" (each value counted once)" if len(f.mimes) > 1 else "")))
    elif f.mime:
        rows.append(("MIME type", f.mime))
    rows.append(("context", f.context or "not known"))
    if f.column_label:
        position = f" (column {f.column_index})" if f.column is not None and f.column_index is not None else ""
        why = "; the header may itself be personal data" if f.header_hidden else ""
        rows.append(("column", f"{f.column_label}{position}{why}"))
    rows.append(("entity", f.entity))
    rows.append(("detector", f"{f.detector or '-'} (tier: {f.tier or '-'})"))
    threshold = f" (threshold {policy.threshold_for(f.entity):.2f})" if policy is not None else ""
    rows.append(("score", f"{f.score:.2f}{threshold}"))
    rows.append(("count", f"{f.count} hit{'s' if f.count != 1 else ''}"))
    if f.shape:
        others = [s for s in f.shapes if s != f.shape]
        rows.append(("masked shape", f.shape + (f" (also {', '.join(others)})" if others else "")))
    if f.evidence:
        rows.append(("why", f.evidence))
    label_width = max(len(k) for k, _ in rows) + 2
    lines = [f"finding {number}" + (f" (id {f.id})" if f.id else "")]
    for key, value in rows:
        lead = f"  {key}:".ljust(label_width + 3)
        wrapped = textwrap.wrap(value, width - len(lead), break_on_hyphens=False) or [""]
        lines.append(lead + wrapped[0])
        lines.extend(" " * len(lead) + part for part in wrapped[1:])
    lines.append("  how to allow it:")
    for k, advice in enumerate(_allow_advice(f)):
        lead = "    " if k == 0 or advice.startswith("Cell sources") else "    - "
        lines.extend(textwrap.wrap(advice, width, initial_indent=lead, subsequent_indent=" " * len(lead)))
    return "\n".join(lines) + "\n"


def wide_table(findings: Sequence[Finding]) -> str:
    """``--format table``: one row per finding, every field in a column (as wide as it takes).

    ``COLUMN`` is there for data files' columns (a notebook's table column is in the text report),
    ``WHERE`` for findings outside outputs.
    """
    with_column = any(f.in_data_file for f in findings)
    with_where = any(f.where is not None for f in findings)
    headers = (
        ["FILE", "CELL", "OUTPUT", "MIME", "ENTITY", "SCORE", "COUNT"]
        + (["COLUMN"] if with_column else [])
        + (["WHERE"] if with_where else [])
    )
    rows = [headers]
    for f in findings:
        row = [
            f.path,
            "-" if f.cell is None else str(f.cell),
            "-" if f.output is None else str(f.output),
            f.mime or "-",
            f.entity,
            f"{f.score:.2f}",
            str(f.count),
        ]
        if with_column:
            row.append((f.column if f.in_data_file else None) or "-")
        if with_where:
            row.append(f.where or "-")
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(headers))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows)


def _where(f: Finding) -> str:
    return f.location


def _hint_words(f: Finding) -> str:
    """The safe hints in words for a message: context, column, shape (never the value)."""
    parts = []
    if f.context:
        parts.append(f.context + (f" {f.column_label}" if f.column_label else ""))
    if f.shape:
        parts.append(f"shape {f.shape}")
    return (": " + ", ".join(parts)) if parts else ""


def sarif_report(results: Sequence[FileResult], *, base: str | None = None) -> dict[str, Any]:
    """A SARIF 2.1.0 log of the findings (one rule per entity; locations name cells, never values)."""
    from ... import __version__
    from ...notebooks import WIDGET_STATE_MIME

    findings = [f for r in results for f in r.findings]
    entities = sorted({f.entity for f in findings})
    rules = [
        {
            "id": e,
            "name": e.title().replace("_", ""),
            "shortDescription": {"text": f"Personal data in a saved file: {e}"},
            "helpUri": _INFO_URI,
        }
        for e in entities
    ]
    out = []
    for f in findings:
        uri = os.path.relpath(f.path, base) if base else f.path
        location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": uri.replace(os.sep, "/")}}}
        if f.cell is not None or f.column is not None or f.mime == WIDGET_STATE_MIME:
            location["logicalLocations"] = [{"name": _where(f), "kind": "element"}]
        out.append(
            {
                "ruleId": f.entity,
                "ruleIndex": entities.index(f.entity),
                "level": "error",
                "message": {
                    "text": f"{f.entity} (score {f.score:.2f}, {f.count} hit{'s' if f.count != 1 else ''}) "
                    f"in {_where(f)}" + _hint_words(f)
                },
                "locations": [location],
                "properties": {
                    "cell": f.cell,
                    "output": f.output,
                    "mime": f.mime,
                    "column": f.column,
                    "where": f.where,
                    "score": f.score,
                    "count": f.count,
                    "detector": f.detector,
                    "mimes": list(f.mimes),
                    "context": f.context,
                    "column_index": f.column_index,
                    "header_hidden": f.header_hidden,
                    "shape": f.shape,
                    "shapes": list(f.shapes),
                    "evidence": f.evidence,
                    "id": f.id,
                },
            }
        )
        if f.id:
            out[-1]["partialFingerprints"] = {"privguardFindingId/v1": f.id}
    notifications = [{"level": "error", "message": {"text": f"{r.path}: {r.error}"}} for r in results if r.error]
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "privguard", "version": __version__, "informationUri": _INFO_URI, "rules": rules}},
        "results": out,
    }
    if notifications:
        run["invocations"] = [{"executionSuccessful": False, "toolExecutionNotifications": notifications}]
    return {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}


def ner_state(policy: Policy) -> dict[str, Any]:
    """Whether the scan's NER tier was on, with which spaCy pipeline, and why not (JSON ``"ner"``).

    ``{"on": bool, "model": str | None, "reason": str | None}``: with ``--ner off`` (the default)
    or no installed pipeline (or no Presidio/spaCy) the tier is off and names are found by the
    gazetteer and context rules alone.
    """
    import importlib.util

    from ...detect.ner import discover_model

    if policy.ner == "off":
        return {"on": False, "model": None, "reason": "--ner off"}
    if any(importlib.util.find_spec(m) is None for m in ("presidio_analyzer", "spacy")):
        return {"on": False, "model": None, "reason": "Presidio or spaCy not installed"}
    model = discover_model(policy.ner_model)
    if model is None:
        return {"on": False, "model": None, "reason": "no spaCy model installed"}
    return {"on": True, "model": model, "reason": None}


def ner_line(state: dict[str, Any]) -> str:
    """The report's line on the NER tier, from :func:`ner_state`."""
    if state["on"]:
        line = f"NER: on ({state['model']}, for table columns); names in text found by the gazetteer and context"
    else:
        line = f"NER: off ({state['reason']}); names found by the gazetteer and context only"
    return "\n".join(textwrap.wrap(line, report_width(), subsequent_indent="  ", break_on_hyphens=False))
