"""The corpus of real public notebooks: where it is, its notebooks, and the spans a scan reports.

Used by ``bench_notebooks_real.py`` and by ``tests/at_rest/test_real_notebooks.py``. The corpus is
not part of the repository (``scripts/fetch_notebook_corpus.sh`` says how it was assembled); it is
read from ``--corpus``, ``$PRIVGUARD_NOTEBOOK_CORPUS`` or ``/work/corpus16``.

A *span* here is one value a scan reports at one place: the repository, the notebook, the cell,
the output, the MIME type (``source`` for a cell source, ``widget-state``), the entity, and the
matched text. Labels are keyed by the place and by :func:`value_key` (a salted hash of the matched
text), never by the text itself, so a label file holds no value.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CORPUS_ENV = "PRIVGUARD_NOTEBOOK_CORPUS"
DEFAULT_CORPUS = Path("/work/corpus16")
#: the salt of :func:`value_key`; fixed, so labels stay matched to spans from run to run
SALT = b"privguard-corpus16-labels-v1"


def corpus_dir(given: str | None = None) -> Path | None:
    """The corpus folder (``given``, ``$PRIVGUARD_NOTEBOOK_CORPUS`` or ``/work/corpus16``), or ``None``."""
    path = Path(given or os.environ.get(CORPUS_ENV) or DEFAULT_CORPUS)
    return path if path.is_dir() else None


def value_key(text: str) -> str:
    """A short salted hash of a matched text: what a label file stores instead of the value."""
    return hashlib.blake2b(text.encode("utf-8"), key=SALT, digest_size=6).hexdigest()


def commits(corpus: Path) -> dict[str, str]:
    """``{"owner+repo": commit}`` from the corpus's ``COMMITS`` file."""
    out: dict[str, str] = {}
    path = corpus / "COMMITS"
    if path.exists():
        for line in path.read_text().splitlines():
            parts = line.split()
            if len(parts) == 2:
                out[parts[0]] = parts[1]
    return out


def iter_notebooks(corpus: Path) -> Iterator[tuple[str, str, Path]]:
    """``(repo, path inside the repo, file)`` for every ``.ipynb`` the CLI would scan (hidden folders,
    such as ``.ipynb_checkpoints``, are skipped as ``privguard scan`` skips them)."""
    for repo_dir in sorted(p for p in corpus.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for folder, dirs, files in os.walk(repo_dir):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("__pycache__", "node_modules"))
            for name in sorted(files):
                if name.lower().endswith(".ipynb"):
                    full = Path(folder) / name
                    yield repo_dir.name, str(full.relative_to(repo_dir)), full


def is_executed(nb: dict[str, Any]) -> bool:
    """Whether any code cell holds an output (nbformat 3 worksheets included)."""
    cells = nb.get("cells")
    if not isinstance(cells, list):
        cells = [c for w in nb.get("worksheets") or [] if isinstance(w, dict) for c in w.get("cells") or []]
    return any(isinstance(c, dict) and c.get("outputs") for c in cells)


@dataclass(frozen=True)
class Span:
    """One reported value at one place (the matched text stays in memory, never in a file)."""

    cell: int | None
    output: int | None
    mime: str
    where: str | None
    entity: str
    detector: str
    score: float
    text: str
    before: str
    after: str
    path: tuple[Any, ...] = ()  # the text leaf (a JSON path into the notebook)
    start: int = 0  # offsets of the span in that leaf's text
    end: int = 0

    def place(self) -> tuple[Any, ...]:
        return (self.cell, self.output, self.mime, self.entity)


def spans_of(nb: dict[str, Any], options: Any) -> list[Span]:
    """The spans a scan of ``nb`` reports, with the matched text and its surroundings.

    This runs the scan's own steps (:func:`jupyter_privguard.notebooks.scan.plan_hits`: the plan, the
    table, recall and pattern tiers) but keeps each span instead of the counts. It reaches into the
    package's internals, so it can break when they change:
    :func:`check_against_findings` tells when it no longer agrees with the public scan.
    """
    from jupyter_privguard.notebooks.legacy import upgraded
    from jupyter_privguard.notebooks.scan import plan_hits

    _, plan, hits = plan_hits(upgraded(nb), options)  # nbformat 3 read as 4, as the scan does
    out: list[Span] = []
    for n, found in hits.items():
        unit = plan.units[n]
        for hit in found:
            start, end, entity, score, detector = hit[:5]
            text = unit.text
            out.append(
                Span(
                    unit.cell,
                    unit.output,
                    unit.mime,
                    unit.where,
                    entity,
                    detector,
                    float(score),
                    text[start:end],
                    text[max(0, start - 60) : start],
                    text[end : end + 60],
                    tuple(unit.path),
                    start,
                    end,
                )
            )
    return out


def check_against_findings(spans: list[Span], findings: list[Any]) -> int:
    """How many findings of the public scan have no span here (0 while the two agree)."""
    places = {(s.cell, s.output, s.mime, s.entity) for s in spans}
    return sum(
        1
        for f in findings
        if f.entity != "REVEALED_OUTPUT" and (f.cell, f.output, f.mime, f.entity) not in places and f.column is None
    )


# ---------------------------------------------------------------------------------------------
# pictures and JSON bundles: what clean must leave byte for byte
# ---------------------------------------------------------------------------------------------
_DATA_URI = re.compile(r"data:image/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=\\n\s]{16,}", re.I)
_SVG_BLOCK = re.compile(r"<svg\b.*?</svg\s*>", re.S | re.I)
_NON_TEXT_STRING = re.compile(
    r"#[0-9A-Fa-f]{3,8}|rgba?\([0-9., %]+\)|hsla?\([0-9., %]+\)"  # colours
    r"|[A-Za-z0-9+/]{40,}={0,2}"  # base64 and other long tokens
    r"|[Mm]\s*[-+]?[0-9.]+[\s,]+[-+]?[0-9.]+[MmLlHhVvCcSsQqTtAaZz0-9.,eE\s+-]*"  # SVG path data
    r"|[-+]?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?"  # numbers written as strings
)


def _joined(value: Any) -> Any:
    return "".join(v for v in value if isinstance(v, str)) if isinstance(value, list) else value


def _outputs(nb: dict[str, Any]) -> Iterator[tuple[int, int, dict[str, Any]]]:
    for i, cell in enumerate(nb.get("cells") or []):
        if isinstance(cell, dict):
            for j, out in enumerate(cell.get("outputs") or []):
                if isinstance(out, dict):
                    yield i, j, out


def pictures(nb: dict[str, Any]) -> dict[tuple[Any, ...], str]:
    """Every picture of a notebook by place: image MIME values (base64 and SVG), ``data:image`` URIs
    and ``<svg>`` blocks inside other outputs, and markdown attachments."""
    out: dict[tuple[Any, ...], str] = {}
    for i, j, output in _outputs(nb):
        data = output.get("data")
        if not isinstance(data, dict):
            continue
        for mime, value in data.items():
            text = _joined(value)
            if not isinstance(text, str):
                continue
            if mime.startswith("image/"):
                out[(i, j, mime)] = text
                continue
            for k, m in enumerate(_DATA_URI.finditer(text)):
                out[(i, j, mime, "data-uri", k)] = m.group(0)
            if mime != "image/svg+xml":
                for k, m in enumerate(_SVG_BLOCK.finditer(text)):
                    out[(i, j, mime, "svg", k)] = _svg_drawing(m.group(0))
    for i, cell in enumerate(nb.get("cells") or []):
        attachments = cell.get("attachments") if isinstance(cell, dict) else None
        if isinstance(attachments, dict):
            for name, bundle in attachments.items():
                for mime, value in (bundle or {}).items():
                    out[(i, "attachment", name, mime)] = json.dumps(value)
    return out


_SVG_DRAWING_ATTR = re.compile(r'\s(?:d|points|transform|viewBox|x|y|x1|x2|y1|y2|cx|cy|r|width|height)="[^"]*"')


def _svg_drawing(svg: str) -> str:
    """The drawing data of an SVG block (its geometry attributes), which clean must never touch."""
    return "\n".join(m.group(0) for m in _SVG_DRAWING_ATTR.finditer(svg))


def picture_changes(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Places whose picture is not byte-identical after a clean (in ``before``'s places)."""
    a, b = pictures(before), pictures(after)
    return [k for k, v in a.items() if b.get(k) != v]


def _json_skeleton(value: Any) -> Any:
    """A JSON bundle with the text a person reads blanked out: keys, numbers, booleans, nulls and
    non-text strings (colours, base64, SVG paths, numbers as strings) kept."""
    if isinstance(value, dict):
        return {k: _json_skeleton(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_skeleton(v) for v in value]
    if isinstance(value, str):
        return value if _NON_TEXT_STRING.fullmatch(value.strip() or "x") else "<text>"
    return value


def json_bundles(nb: dict[str, Any]) -> int:
    """How many JSON bundles (``application/*json`` outputs, and the widget state) a notebook holds."""
    count = sum(
        1
        for _, _, o in _outputs(nb)
        for mime in (o.get("data") or {})
        if mime.endswith("json") and not mime.startswith("image/")
    )
    return count + (1 if isinstance((nb.get("metadata") or {}).get("widgets"), dict) else 0)


def json_bundle_changes(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Places of JSON bundles (``application/*json`` outputs, the widget state in the notebook's
    metadata) whose non-text fields changed in a clean."""
    after_out = {(i, j): o for i, j, o in _outputs(after)}
    changed = []
    for i, j, output in _outputs(before):
        data = output.get("data")
        other = (after_out.get((i, j)) or {}).get("data")
        if not isinstance(data, dict):
            continue
        for mime, value in data.items():
            if mime.endswith("json") and not mime.startswith("image/"):
                theirs = other.get(mime) if isinstance(other, dict) else None
                if _json_skeleton(value) != _json_skeleton(theirs):
                    changed.append((i, j, mime))
    widgets = (before.get("metadata") or {}).get("widgets")
    if isinstance(widgets, dict) and _json_skeleton(widgets) != _json_skeleton(
        (after.get("metadata") or {}).get("widgets")
    ):
        changed.append(("metadata", "widgets"))
    return changed
