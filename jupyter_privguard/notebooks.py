"""Notebooks at rest: find and redact personal data in saved ``.ipynb`` files.

Outputs made before the guard was loaded, notebooks written elsewhere, and repositories full of old
notebooks get the same protection as live outputs. The integrations (the ``privguard scan`` / ``clean``
commands, the git clean filter, the pre-commit hook, the Jupyter server's pre-save hook and the
nbconvert preprocessor) all call this module; it imports no Jupyter package.

What is checked:

* every text of a code cell's outputs: ``stream`` text, each string MIME type of ``display_data`` /
  ``execute_result`` (``text/plain``, ``text/html``, ``text/markdown``, ``text/latex``, SVG,
  JavaScript ...), the string leaves (and long integers) of JSON MIME types, and ``error`` names,
  values and tracebacks (ANSI colour codes are looked through). Pictures (PNG, JPEG ...) cannot be
  read and are left alone. The report MIME type of the display guard
  (``application/vnd.jupyter-privguard.report+json``) carries no values and is skipped.
* the string leaves (and long integers) of the widget state ipywidgets saves in the notebook's
  metadata (``metadata.widgets``, one model per widget: an ``HTML`` widget's ``value``, a text
  box, a dropdown's labels, a grid's data ...). HTML in it (the value of an ``HTML`` /
  ``HTMLMath`` widget, or a string that starts with a tag) gets escaped placeholders and its
  tables go to the table tier. Binary buffers are left alone.
* cell sources (markdown, code and raw cells), as :attr:`NotebookOptions.sources` says: by default
  they are reported but not rewritten (rewriting code can break it); ``"redact"`` rewrites
  markdown and raw sources, and in code only what lies inside string literals and ``#``
  comments; ``"skip"`` leaves them out. Attachments (pictures) are not read.
* **the pattern tier** (:func:`jupyter_privguard.detect.patterns.find_spans`) over all those
  texts, in one batch per notebook;
* **the table tier**: HTML tables (``df.to_html()``, a DataFrame's rich display) and table-schema
  JSON are parsed back into columns and classified with :func:`jupyter_privguard.scanner.scan`, so
  names, cities, birth dates in a column whose header or values say so are found too. The values of
  the columns found to be personal data go into an exact-value index (the same Aho-Corasick matching
  the output tripwire uses, :class:`jupyter_privguard.textguard.ExactIndex`) that then finds them in
  every text of the notebook: the ``text/plain`` twin of the table, a widget, a note naming a
  customer the table showed.

Outputs the display guard produced carry ``metadata["jupyter_privguard"]`` (see
:mod:`jupyter_privguard.render`): they are already redacted, so the table tier skips them, but the
pattern tier and the exact-value index still run over them. Outputs marked as a *reveal*
(``metadata["jupyter_privguard"]["reveal"] is True``: raw data the user asked to see in the live view)
are dropped whole: a reveal never belongs on disk.

Findings say where (file, cell, output, MIME type, column for tables; for a cell source
``mime="source"`` and the cell type, for widget state ``mime="widget-state"`` and the model id and
trait),
what (entity), how sure (score) and how many, never the value.

Byte-for-byte. :func:`clean_text` edits the notebook's JSON text in place: only the string tokens
that held personal data are rewritten, and dropped outputs are cut out with their separator, so
indentation, key order, escaping and the final newline stay as they were. A notebook with nothing
to redact comes back as the very same string.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from dataclasses import replace as _replace_fields
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import TYPE_CHECKING, Any, Literal

from .adapters import display_names
from .render import METADATA_KEY, REPORT_MIME
from .textguard import _strip_ansi

if TYPE_CHECKING:
    from .policy import Policy
    from .report import ScanReport

__all__ = [
    "NOTEBOOK_SUFFIXES",
    "REVEALED_ENTITY",
    "SOURCE_MIME",
    "WIDGET_STATE_MIME",
    "TABLE_SUFFIXES",
    "CleanResult",
    "Finding",
    "NotebookOptions",
    "clean_text",
    "drop_reveals",
    "redact_notebook",
    "scan_notebook",
    "scan_table_file",
]

NOTEBOOK_SUFFIXES = (".ipynb",)
TABLE_SUFFIXES = (".csv", ".parquet", ".json")
#: The entity a finding names for an output the display guard published as a reveal.
REVEALED_ENTITY = "REVEALED_OUTPUT"
#: The ``mime`` of a finding in a cell's source (its ``where`` is the cell type).
SOURCE_MIME = "source"
#: The ``mime`` of a finding in the widget state of the notebook's metadata (``where``: model/trait).
WIDGET_STATE_MIME = "widget-state"

# MIME types that hold pixels or binary data (base64): nothing to read.
_BINARY_PREFIXES = ("image/", "audio/", "video/", "font/")
_BINARY_MIME = frozenset({"application/pdf", "application/octet-stream", "application/zip"})
# MIME types whose text is markup: placeholders are written escaped so that they stay visible.
_MARKUP_MIME = frozenset({"text/html", "text/markdown", "image/svg+xml", "text/xml", "application/xhtml+xml"})
_TABLE_SCHEMA_MIME = "application/vnd.dataresource+json"
# JSON integers shorter than this are counts and ids, not phone or card numbers.
_NUMBER_MIN_DIGITS = 5
# Every built-in pattern needs a digit or an "@": lines without either skip the pattern pass.
_MAY_HOLD_PATTERN = re.compile(r"[0-9@]")
# Values shorter than this are too common to hunt for in other outputs ("M", "CA", "1").
_MIN_EXACT_LENGTH = 5
# Rows of one parsed table given to the column scanner (it samples anyway).
_MAX_TABLE_ROWS = 2_000
_CLASSIFY_ROWS = 120  # rows of a table that its columns are classified on
# ipywidgets' saved state: the models whose value is HTML, and the traits that only name code
_HTML_WIDGETS = frozenset({"HTMLModel", "HTMLMathModel"})
_WIDGET_SKIP = frozenset(
    {
        "_model_module",
        "_model_module_version",
        "_model_name",
        "_view_module",
        "_view_module_version",
        "_view_name",
        "_view_count",
        "_dom_classes",
    }
)
# a string that starts with a tag (or a comment, a doctype) is markup wherever it is
_STARTS_WITH_TAG = re.compile(r"\s*<(?:[A-Za-z][^<>]*|!--.*?--|![A-Za-z][^<>]*)>", re.S)
# model ids and trait names go into findings: anything but a plain name is not shown
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")

Path_ = tuple[str | int, ...]
Markup = Literal["text", "html"]
SourceMode = Literal["skip", "report", "redact"]
#: The values of :attr:`NotebookOptions.sources` (the save hook and nbconvert offer the same).
SOURCE_MODES: tuple[SourceMode, ...] = ("skip", "report", "redact")


# ---------------------------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Finding:
    """Personal data found in one place of a file (never the value).

    Attributes
    ----------
    path
        The file.
    entity
        What was found (``EMAIL_ADDRESS``, ``PERSON`` ..., or :data:`REVEALED_ENTITY`).
    score
        The best score among the hits in this place.
    count
        How many hits (spans, or for a table file the non-missing cells of the column).
    cell, output
        0-based cell and output index in a notebook (``None`` for table files; ``output`` is
        ``None`` for a cell source, both are for widget state).
    mime
        The MIME type of the output (``"stream"`` / ``"error"`` for those output types),
        :data:`SOURCE_MIME` for a cell's source, :data:`WIDGET_STATE_MIME` for widget state.
    column
        The column of a table file, or of a parsed HTML table when the table tier found it.
    detector
        ``pattern:<name>``, ``table`` (the value was in a column the table tier classified),
        ``reveal`` or ``scan`` (table files).
    where
        Outside outputs, which part: the cell type of a source (``"markdown"``, ``"code"``,
        ``"raw"``), or ``"<model id>/<trait>"`` for widget state (``"#<n>"`` stands for an id or
        trait that is not a plain name). ``None`` for outputs and table files.
    """

    path: str
    entity: str
    score: float
    count: int = 1
    cell: int | None = None
    output: int | None = None
    mime: str | None = None
    column: str | None = None
    detector: str = ""
    where: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def location(self) -> str:
        """Where, in words and without the value: ``cell 3, output 0 (text/html)``,
        ``cell 2 (markdown source)``, ``widget state of model 8a1f.../value``, ``column 'email'``."""
        if self.column is not None:
            return f"column {self.column!r}"
        if self.mime == WIDGET_STATE_MIME:
            return "widget state" + (f" of model {self.where}" if self.where else "")
        if self.mime == SOURCE_MIME:
            return f"cell {self.cell} ({self.where or 'cell'} source)"
        if self.cell is None:
            return "the file"
        return f"cell {self.cell}, output {self.output}" + (f" ({self.mime})" if self.mime else "")


@dataclass(frozen=True)
class NotebookOptions:
    """How notebooks are checked.

    Parameters
    ----------
    policy
        Actions, thresholds and allow lists (:meth:`Policy.load` when ``None``).
    tables
        Parse HTML / table-schema tables and classify their columns (slower, finds names and
        other entities a pattern cannot).
    trust_guarded
        Skip the table tier for outputs the display guard already redacted.
    drop_reveals
        Drop outputs marked as a reveal (the default everywhere).
    sources
        What to do with cell sources: ``"report"`` (the default: they are checked and reported,
        never rewritten), ``"redact"`` (markdown and raw sources are redacted, and in code cells
        what lies inside string literals and ``#`` comments; anything else in code is reported
        and left, the code would break) or ``"skip"`` (not checked).
    """

    policy: Policy | None = None
    tables: bool = True
    trust_guarded: bool = True
    drop_reveals: bool = True
    sources: SourceMode = "report"

    def __post_init__(self) -> None:
        if self.sources not in SOURCE_MODES:
            raise ValueError(f"expected sources='skip', 'report' or 'redact', got {self.sources!r}")

    def resolved_policy(self) -> Policy:
        if self.policy is not None:
            return self.policy
        from .policy import Policy

        return Policy.load()


@dataclass
class CleanResult:
    """What :func:`clean_text` and :func:`redact_notebook` did.

    ``findings`` list what was found (and redacted, unless it is in ``unredacted``); ``redacted``
    counts replaced spans per entity; ``dropped`` counts revealed outputs removed; ``unredacted``
    lists what was found but left in place (cell sources, see :attr:`NotebookOptions.sources`:
    counts there are of the hits left); ``changed`` says whether anything changed.
    """

    findings: list[Finding] = field(default_factory=list)
    redacted: dict[str, int] = field(default_factory=dict)
    dropped: int = 0
    unredacted: list[Finding] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.redacted) or self.dropped > 0


# ---------------------------------------------------------------------------------------------
# walking a notebook
# ---------------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Unit:
    """One text leaf (of an output, a source, widget state): where it is, its text, and how
    placeholders are written."""

    path: Path_
    text: str
    markup: Markup
    cell: int | None
    output: int | None
    mime: str
    as_number: bool = False  # a JSON integer leaf checked as text
    where: str | None = None  # Finding.where


@dataclass
class _Table:
    cell: int | None
    output: int | None
    mime: str
    columns: list[str]
    rows: list[list[str | None]]


@dataclass
class _Plan:
    units: list[_Unit] = field(default_factory=list)
    tables: list[_Table] = field(default_factory=list)
    drops: list[tuple[Path_, int, int]] = field(default_factory=list)  # (outputs path, cell, output)


def _is_binary(mime: str) -> bool:
    return (mime.startswith(_BINARY_PREFIXES) and mime != "image/svg+xml") or mime in _BINARY_MIME


def _mark(output: dict[str, Any]) -> dict[str, Any] | None:
    metadata = output.get("metadata")
    mark = metadata.get(METADATA_KEY) if isinstance(metadata, dict) else None
    return mark if isinstance(mark, dict) else None


def _text_leaves(
    value: Any, path: Path_, markup: Markup, cell: int | None, output: int | None, mime: str, where: str | None = None
) -> list[_Unit]:
    """A multi-line string is stored as a string or a list of strings (one per line)."""
    if isinstance(value, str):
        return [_Unit(path, value, markup, cell, output, mime, where=where)]
    if isinstance(value, list):
        return [
            _Unit(path + (k,), item, markup, cell, output, mime, where=where)
            for k, item in enumerate(value)
            if isinstance(item, str)
        ]
    return []


def _json_leaves(
    value: Any,
    path: Path_,
    cell: int | None,
    output: int | None,
    mime: str,
    depth: int = 0,
    *,
    where: str | None = None,
    skip_binary: bool = False,
) -> Iterator[_Unit]:
    """String leaves and long integers; ``skip_binary`` leaves out values under a binary MIME key
    (the pictures of the outputs an ``Output`` widget keeps in its state)."""
    if depth > 200:
        place = f"cell {cell} output {output}: " if cell is not None else ""
        raise RecursionError(f"{place}{mime} nested more than 200 levels deep")
    if isinstance(value, str):
        yield _Unit(path, value, "text", cell, output, mime, where=where)
    elif isinstance(value, bool) or value is None or isinstance(value, float):
        return
    elif isinstance(value, int):
        if abs(value) >= 10 ** (_NUMBER_MIN_DIGITS - 1):
            yield _Unit(path, str(value), "text", cell, output, mime, as_number=True, where=where)
    elif isinstance(value, dict):
        # keys are not rewritten (that would change the JSON's shape); values are
        for key, item in value.items():
            if skip_binary and (key == REPORT_MIME or _is_binary(key)):
                continue
            yield from _json_leaves(
                item, path + (key,), cell, output, mime, depth + 1, where=where, skip_binary=skip_binary
            )
    elif isinstance(value, list):
        for k, item in enumerate(value):
            yield from _json_leaves(
                item, path + (k,), cell, output, mime, depth + 1, where=where, skip_binary=skip_binary
            )


def _plan(nb: dict[str, Any], options: NotebookOptions) -> _Plan:
    plan = _Plan()
    cells = nb.get("cells")
    if not isinstance(cells, list):
        if "worksheets" in nb:
            raise ValueError(
                "expected an nbformat 4 notebook, got nbformat 3 (worksheets); "
                "upgrade it with `jupyter nbconvert --to notebook --inplace FILE`"
            )
        raise ValueError(
            "expected a notebook (a JSON object with a 'cells' list), got something else; is this an .ipynb file?"
        )
    for i, cell in enumerate(cells):
        if not isinstance(cell, dict):
            continue
        if options.sources != "skip":
            _plan_source(plan, cell, i, options)
        if not isinstance(cell.get("outputs"), list):
            continue
        base: Path_ = ("cells", i, "outputs")
        for j, out in enumerate(cell["outputs"]):
            if not isinstance(out, dict):
                continue
            mark = _mark(out)
            if options.drop_reveals and mark is not None and mark.get("reveal") is True:
                plan.drops.append((base, i, j))
                continue
            guarded = mark is not None and (mark.get("guarded") is True or "version" in mark)
            kind = out.get("output_type")
            here = base + (j,)
            if kind == "stream":
                plan.units.extend(_text_leaves(out.get("text"), here + ("text",), "text", i, j, "stream"))
            elif kind == "error":
                for key in ("ename", "evalue"):
                    if isinstance(out.get(key), str):
                        plan.units.append(_Unit(here + (key,), out[key], "text", i, j, "error"))
                plan.units.extend(_text_leaves(out.get("traceback"), here + ("traceback",), "text", i, j, "error"))
            elif isinstance(out.get("data"), dict):
                for mime, value in out["data"].items():
                    if mime == REPORT_MIME or _is_binary(mime):
                        continue
                    where = here + ("data", mime)
                    if isinstance(value, dict) or (mime.endswith("json") and isinstance(value, list)):
                        plan.units.extend(_json_leaves(value, where, i, j, mime))
                    else:
                        markup: Markup = "html" if mime in _MARKUP_MIME else "text"
                        plan.units.extend(_text_leaves(value, where, markup, i, j, mime))
                    if options.tables and not (guarded and options.trust_guarded):
                        plan.tables.extend(_tables_of(mime, value, i, j))
    _plan_widgets(plan, nb, options)
    return plan


def _plan_source(plan: _Plan, cell: dict[str, Any], i: int, options: NotebookOptions) -> None:
    """The lines of a cell's source (attachments are pictures: not read)."""
    kind = cell.get("cell_type")
    if kind not in ("markdown", "code", "raw"):
        return
    markup: Markup = "text"
    if kind == "markdown":
        markup = "html"  # a bare <EMAIL_ADDRESS> would render as an unknown tag, i.e. nothing
    elif kind == "raw":
        meta = cell.get("metadata")
        fmt = (meta.get("format") or meta.get("raw_mimetype")) if isinstance(meta, dict) else None
        markup = "html" if fmt in _MARKUP_MIME else "text"
    source = cell.get("source")
    plan.units.extend(_text_leaves(source, ("cells", i, "source"), markup, i, None, SOURCE_MIME, where=kind))
    if kind == "markdown" and options.tables:  # notes with a pasted HTML table
        plan.tables.extend(_tables_of("text/html", source, i, None))


def _plan_widgets(plan: _Plan, nb: dict[str, Any], options: NotebookOptions) -> None:
    """The widget state ipywidgets saves in ``metadata.widgets`` (model by model, trait by trait)."""
    metadata = nb.get("metadata")
    widgets = metadata.get("widgets") if isinstance(metadata, dict) else None
    if not isinstance(widgets, dict):
        return
    for key, bundle in widgets.items():
        if not isinstance(bundle, (dict, list)) or _is_binary(key):
            continue
        base: Path_ = ("metadata", "widgets", key)
        models = bundle.get("state") if isinstance(bundle, dict) else None
        if not isinstance(models, dict):  # not the widget-state layout: every leaf, no model names
            _add_widget_leaves(plan, bundle, base, None, False, options)
            continue
        for k, (model_id, model) in enumerate(models.items()):
            state = model.get("state") if isinstance(model, dict) else None
            if not isinstance(state, dict):
                continue
            name = model.get("model_name") or state.get("_model_name")
            label = model_id if _PLAIN_NAME.fullmatch(model_id) else f"#{k}"
            for n, (trait, value) in enumerate(state.items()):
                if trait in _WIDGET_SKIP:
                    continue
                where = f"{label}/{trait if _PLAIN_NAME.fullmatch(trait) else f'#{n}'}"
                html_value = name in _HTML_WIDGETS and trait == "value"
                here = base + ("state", model_id, "state", trait)
                _add_widget_leaves(plan, value, here, where, html_value, options)
                if options.tables and isinstance(value, dict) and isinstance(value.get("schema"), dict):
                    # a data grid keeps its frame as table-schema JSON (ipydatagrid's ``_data``)
                    plan.tables.extend(_tables_of(_TABLE_SCHEMA_MIME, value, None, None))


def _add_widget_leaves(
    plan: _Plan, value: Any, path: Path_, where: str | None, html_value: bool, options: NotebookOptions
) -> None:
    for unit in _json_leaves(value, path, None, None, WIDGET_STATE_MIME, where=where, skip_binary=True):
        if unit.as_number:
            plan.units.append(unit)
            continue
        if html_value or _STARTS_WITH_TAG.match(unit.text):
            unit.markup = "html"
        plan.units.append(unit)
        if options.tables:
            plan.tables.extend(_tables_of("text/html", unit.text, None, None))


# ---------------------------------------------------------------------------------------------
# tables inside outputs
# ---------------------------------------------------------------------------------------------
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
    import pandas as pd

    from .scanner import scan

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
        names = display_names([table.columns[k] for k in keep])
        frame = pd.DataFrame([[r[k] for k in keep] for r in table.rows], columns=names, dtype=object)
        # the columns are classified on an evenly spread sample (as the display guard samples a
        # frame); every value of a personal-data column then goes into the exact index
        report: ScanReport = scan(frame, policy=sampling)
        for name, finding in report.columns.items():
            entity = finding.entity
            if entity is None or finding.allowed or policy.column_allowed(name) or policy.action_for(entity) == "keep":
                continue
            if finding.score < policy.threshold_for(entity):
                continue
            scores[entity] = max(scores.get(entity, 0.0), finding.score)
            for value in frame[name].dropna().tolist():
                text = str(value).strip()
                if len(text) >= _MIN_EXACT_LENGTH and not _looks_redacted(text):
                    values.setdefault(text, entity)
    return values, scores


def _looks_redacted(text: str) -> bool:
    return bool(re.fullmatch(r"<[A-Z_]+>|[*•#x]+.{0,6}", text))


# ---------------------------------------------------------------------------------------------
# finding and replacing spans in the texts
# ---------------------------------------------------------------------------------------------
Hit = tuple[int, int, str, float, str]  # start, end, entity, score, detector


def _merge(hits: list[Hit]) -> list[Hit]:
    """Overlapping hits become one: the longer one's entity, the higher score."""
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    merged: list[Hit] = []
    for hit in hits:
        if merged and hit[0] < merged[-1][1]:
            prev = merged[-1]
            keep = prev if (prev[1] - prev[0]) >= (hit[1] - hit[0]) else hit
            merged[-1] = (prev[0], max(prev[1], hit[1]), keep[2], max(prev[3], hit[3]), keep[4])
        else:
            merged.append(hit)
    return merged


_MEMOISED: tuple[int, int, Any] | None = None


def _registry() -> Any:
    """The session's recognisers (built-ins and plugins) with their validators memoised.

    Saved outputs repeat values (the same dates down a log, an email in a table and in a print):
    each distinct candidate is validated once per process. Results are the same as without.
    Rebuilt when the session's registry changes.
    """
    global _MEMOISED
    from .session import current_session

    source = current_session().registries.recognizers
    key = (id(source), len(source))
    if _MEMOISED is None or _MEMOISED[:2] != key:
        import dataclasses
        import functools

        from .detect.patterns import PatternRegistry

        recognizers = []
        for rec in source:
            check = rec.validator
            if check is not None and not hasattr(check, "cache_info"):  # not memoised already
                rec = dataclasses.replace(rec, validator=functools.lru_cache(maxsize=1 << 15)(check))
            recognizers.append(rec)
        _MEMOISED = (key[0], key[1], PatternRegistry(recognizers))
    return _MEMOISED[2]


def _find_hits(
    units: Sequence[_Unit], policy: Policy, exact: dict[str, str], exact_scores: dict[str, float]
) -> dict[int, list[Hit]]:
    """The spans to redact per unit (offsets into the unit's original text), policy applied.

    Only the units with something to redact are in the result.
    """
    from .detect.patterns import find_spans
    from .textguard import PATTERN_SKIP, ExactIndex

    # ANSI colour codes are only in tracebacks: the other texts are their own clean form
    cleaned = [_strip_ansi(u.text) if "\x1b" in u.text else (u.text, None) for u in units]
    # each distinct line is searched once (a table's text/plain twin, a repeated warning, the same
    # value in several outputs): a line's spans do not depend on where it is
    distinct: dict[str, int] = {}
    owners: list[tuple[int, int, int]] = []  # (unit, offset of the line in it, distinct line)
    search = _MAY_HOLD_PATTERN.search
    for n, (text, _) in enumerate(cleaned):
        if not search(text):
            continue
        lines = text.splitlines(keepends=True)
        if len(lines) == 1:  # most leaves are one line (nbformat stores text as a list of lines)
            owners.append((n, 0, distinct.setdefault(text, len(distinct))))
            continue
        offset = 0
        for line in lines:
            if search(line):
                owners.append((n, offset, distinct.setdefault(line, len(distinct))))
            offset += len(line)
    hits: dict[int, list[Hit]] = {}
    if distinct:
        # entities the policy keeps (dates) or the pattern tier skips (URLs) are not reported: their
        # recognisers only run where they could change a reported span
        registry = _registry()
        wanted = {r.entity for r in registry if r.entity not in PATTERN_SKIP and policy.action_for(r.entity) != "keep"}
        found = find_spans(list(distinct), registry, entities=wanted)
        threshold: dict[str, float | None] = {}  # None: an entity the pattern tier skips
        kept: list[list[Hit]] = []
        for spans in found:
            row: list[Hit] = []
            for span in spans:
                entity = span.entity
                if entity not in threshold:
                    threshold[entity] = None if entity in PATTERN_SKIP else policy.threshold_for(entity)
                least = threshold[entity]
                if least is None or span.score < least:
                    continue
                row.append((span.start, span.end, entity, span.score, span.detector))
            kept.append(row)
        for n, offset, k in owners:
            if kept[k]:
                unit_hits = hits.setdefault(n, [])
                if offset:
                    unit_hits.extend((offset + a, offset + b, e, sc, d) for a, b, e, sc, d in kept[k])
                else:
                    unit_hits.extend(kept[k])
    if exact:
        index = ExactIndex(exact)
        for n, found_exact in enumerate(index.find_all([text for text, _ in cleaned])):
            for start, end, entity in found_exact:
                hits.setdefault(n, []).append((start, end, entity, exact_scores.get(entity, 1.0), "table"))
    allowed = policy.value_allowed_regex()
    kept_entity: dict[str, bool] = {}  # entity -> its action is "keep"
    out: dict[int, list[Hit]] = {}
    for n in sorted(hits):
        found_here = hits[n]
        for hit in found_here:
            if hit[2] not in kept_entity:
                kept_entity[hit[2]] = policy.action_for(hit[2]) == "keep"
        # what the policy keeps is dropped before overlaps merge, so it never hides a hit to redact
        found_here = [hit for hit in found_here if not kept_entity[hit[2]]]
        if not found_here:
            continue
        text, positions = cleaned[n]
        redact: list[Hit] = []
        for hit in _merge(found_here):
            start, end, entity = hit[0], hit[1], hit[2]
            if allowed is not None and allowed.fullmatch(text[start:end]):
                continue
            if positions is not None:  # back to offsets in the text with its colour codes
                start, end = positions[start], positions[end - 1] + 1
            redact.append((start, end, entity, hit[3], hit[4]))
        if redact:
            out[n] = redact
    return out


def _placeholder(entity: str, markup: Markup) -> str:
    text = f"<{entity}>"
    return html.escape(text) if markup == "html" else text


def _replace(text: str, hits: Sequence[Hit], markup: Markup) -> str:
    pieces: list[str] = []
    last = 0
    for start, end, entity, _, _ in hits:
        pieces.append(text[last:start])
        pieces.append(_placeholder(entity, markup))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


# code: a string literal's body (Python's quotes, which R, Julia and shell share) or a # comment
_CODE_LITERAL_RE = re.compile(
    r'''
    \#(?P<comment>[^\n]*)
  | """(?P<d3>(?:[^"\\]|\\.|"(?!""))*)"""
  | \'\'\'(?P<s3>(?:[^'\\]|\\.|'(?!''))*)\'\'\'
  | "(?P<d1>(?:[^"\\\n]|\\.)*)"
  | '(?P<s1>(?:[^'\\\n]|\\.)*)'
''',
    re.S | re.X,
)


def _code_literals(source: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the string literal bodies and the comments of a code cell, in order.

    A lexical scan, not a parser: a quote left open on its line (a shell ``don't``) opens nothing,
    and an IPython magic or a ``%%bash`` cell is read the same way. :func:`_safe_in_code` only lets
    a span go that holds no quote or backslash, so a misread cannot change where a literal ends.
    """
    out = []
    for m in _CODE_LITERAL_RE.finditer(source):
        group = m.lastgroup
        assert group is not None  # every alternative has a named group
        out.append((m.start(group), m.end(group)))
    return out


def _safe_in_code(text: str, start: int, end: int, offset: int, literals: Sequence[tuple[int, int]]) -> bool:
    """Whether replacing ``text[start:end]`` (a line of a code cell that starts at ``offset`` in the
    cell's source) with a placeholder keeps the code as it was: inside one literal or comment,
    holding no quote or backslash and not right after a backslash (an escape sequence)."""
    a, b = offset + start, offset + end
    for lo, hi in literals:
        if lo <= a and b <= hi:
            return not any(c in text[start:end] for c in "'\"\\") and not (start and text[start - 1] == "\\")
        if lo > a:
            break
    return False


def _source_offsets(nb: dict[str, Any], cell: int) -> tuple[str, dict[Path_, int]]:
    """A code cell's source as one text, and where each stored line of it starts."""
    source = nb["cells"][cell].get("source")
    base: Path_ = ("cells", cell, "source")
    if isinstance(source, str):
        return source, {base: 0}
    offsets: dict[Path_, int] = {}
    pieces: list[str] = []
    at = 0
    for k, line in enumerate(source if isinstance(source, list) else []):
        if isinstance(line, str):
            offsets[base + (k,)] = at
            pieces.append(line)
            at += len(line)
    return "".join(pieces), offsets


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
        Finding(path, entity, round(score, 4), count, cell, output, mime, None, detector, where)
        for (cell, output, mime, where, entity), (count, score, detector) in groups.items()
    ]


def _order(f: Finding) -> tuple[Any, ...]:
    # cell by cell (a source before its outputs), widget state last
    return (f.cell is None, f.cell or 0, -1 if f.output is None else f.output, f.mime or "", f.where or "", f.entity)


def _analyze(nb: dict[str, Any], options: NotebookOptions, path: str, *, edits_wanted: bool = True) -> _Analysis:
    policy = options.resolved_policy()
    plan = _plan(nb, options)
    exact: dict[str, str] = {}
    exact_scores: dict[str, float] = {}
    if plan.tables:
        exact, exact_scores = _table_values(plan.tables, policy)
    hits = _find_hits(plan.units, policy, exact, exact_scores)
    grouped: dict[_Place, list[Any]] = {}
    left: dict[_Place, list[Any]] = {}  # found in a source and left there
    edits: dict[Path_, Any] = {}
    redacted: dict[str, int] = {}
    code: dict[int, tuple[list[tuple[int, int]], dict[Path_, int]]] = {}  # cell -> literals, line offsets
    for n, found in hits.items():
        unit = plan.units[n]
        for _, _, entity, score, detector in found:
            _tally(grouped, (unit.cell, unit.output, unit.mime, unit.where, entity), score, detector)
        to_redact: Sequence[Hit] = found
        if unit.mime == SOURCE_MIME:
            if options.sources != "redact":
                to_redact = []
            elif unit.where == "code" and unit.cell is not None:
                if unit.cell not in code:
                    text, offsets = _source_offsets(nb, unit.cell)
                    code[unit.cell] = (_code_literals(text), offsets)
                literals, offsets = code[unit.cell]
                to_redact = [h for h in found if _safe_in_code(unit.text, h[0], h[1], offsets[unit.path], literals)]
            if len(to_redact) < len(found):
                for hit in found:
                    if hit not in to_redact:
                        _tally(left, (unit.cell, unit.output, unit.mime, unit.where, hit[2]), hit[3], hit[4])
        for hit in to_redact:
            redacted[hit[2]] = redacted.get(hit[2], 0) + 1
        if edits_wanted and to_redact:  # a scan only reports
            edits[unit.path] = _replace(unit.text, to_redact, unit.markup)
    findings = _findings(path, grouped)
    for _, cell, output in plan.drops:
        findings.append(Finding(path, REVEALED_ENTITY, 1.0, 1, cell, output, None, None, "reveal"))
    findings.sort(key=_order)
    drops = [(base, output) for base, _, output in plan.drops]
    return _Analysis(findings, edits, drops, redacted, sorted(_findings(path, left), key=_order))


# ---------------------------------------------------------------------------------------------
# public entry points
# ---------------------------------------------------------------------------------------------
def scan_notebook(
    nb: dict[str, Any] | str, options: NotebookOptions | None = None, *, path: str = "<notebook>"
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

    Returns
    -------
    list of Finding
        One per place (cell, output, MIME type, ``where``) and entity, with hit count and best
        score; no values.
    """
    options = options or NotebookOptions()
    data = json.loads(nb) if isinstance(nb, str) else nb
    return _analyze(data, options, path, edits_wanted=False).findings


def redact_notebook(
    nb: dict[str, Any], options: NotebookOptions | None = None, *, path: str = "<notebook>"
) -> CleanResult:
    """Redact a notebook dictionary **in place** (the server hook and nbconvert use this).

    Text leaves with personal data (in outputs and widget state, and in cell sources when
    ``options.sources`` is ``"redact"``) are rewritten with typed placeholders (``<EMAIL_ADDRESS>``,
    HTML-escaped in markup), JSON integer leaves that are personal data become placeholder strings,
    and revealed outputs are removed. Everything else is left as it is; what was found and left
    (sources) is in :attr:`CleanResult.unredacted`.
    """
    options = options or NotebookOptions()
    analysis = _analyze(nb, options, path)
    for where, value in analysis.edits.items():
        parent = _get(nb, where[:-1])
        parent[where[-1]] = value
    by_list: dict[Path_, list[int]] = {}
    for base, output in analysis.drops:
        by_list.setdefault(base, []).append(output)
    for base, indices in by_list.items():
        outputs = _get(nb, base)
        for k in sorted(indices, reverse=True):
            del outputs[k]
    return CleanResult(analysis.findings, analysis.redacted, len(analysis.drops), analysis.unredacted)


def clean_text(
    text: str, options: NotebookOptions | None = None, *, path: str = "<notebook>"
) -> tuple[str, CleanResult]:
    """Redact a notebook given as JSON text, changing nothing but the redacted strings.

    Parameters
    ----------
    text
        The notebook file's content.
    options
        How to check; defaults with :meth:`Policy.load`.
    path
        The name findings carry.

    Returns
    -------
    (text, result)
        The new text (``text`` itself when nothing was found) and what was done.

    Raises
    ------
    ValueError
        When ``text`` is not a notebook, or when the edit could not be made without changing
        anything else (then nothing is returned to write).
    """
    options = options or NotebookOptions()
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: expected notebook JSON, got invalid JSON ({exc})") from None
    if not isinstance(nb, dict):
        raise ValueError(f"{path}: expected a notebook (a JSON object), got {type(nb).__name__}")
    analysis = _analyze(nb, options, path)
    result = CleanResult(analysis.findings, analysis.redacted, len(analysis.drops), analysis.unredacted)
    if not result.changed:
        return text, result
    spans = _locate(text)
    replacements: list[tuple[int, int, str]] = []
    for where, value in analysis.edits.items():
        start, end = spans[where]
        token = text[start:end]
        ascii_only = token.isascii() and "\\u" in token
        replacements.append((start, end, json.dumps(value, ensure_ascii=ascii_only)))
    by_list: dict[Path_, list[int]] = {}
    for base, output in analysis.drops:
        by_list.setdefault(base, []).append(output)
    for base, indices in by_list.items():
        replacements.extend(_drop_elements(text, spans, base, sorted(set(indices))))
    replacements.sort()
    pieces: list[str] = []
    last = 0
    for start, end, new in replacements:
        if start < last:  # an edit inside a dropped output: the drop covers it
            continue
        pieces.append(text[last:start])
        pieces.append(new)
        last = end
    pieces.append(text[last:])
    out = "".join(pieces)
    # the same edits on the parsed notebook must give the same document: anything else is a bug
    expected = json.loads(text)
    redact_notebook(expected, options, path=path)
    if json.loads(out) != expected:
        raise ValueError(
            f"{path}: the in-place edit did not give the expected notebook; nothing was written. "
            "Please report this with the notebook's structure (not its content)."
        )
    return out, result


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


def drop_reveals(nb: dict[str, Any]) -> int:
    """Remove, in place, the outputs the display guard marked as a reveal; returns how many."""
    dropped = 0
    for cell in nb.get("cells") or []:
        outputs = cell.get("outputs") if isinstance(cell, dict) else None
        if not isinstance(outputs, list):
            continue
        kept = [o for o in outputs if not (isinstance(o, dict) and (_mark(o) or {}).get("reveal") is True)]
        dropped += len(outputs) - len(kept)
        outputs[:] = kept
    return dropped


def _get(doc: Any, where: Path_) -> Any:
    for key in where:
        doc = doc[key]
    return doc


# ---------------------------------------------------------------------------------------------
# a JSON reader that remembers where each value is in the text
# ---------------------------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------------------------
# table files (.csv, .parquet, .json)
# ---------------------------------------------------------------------------------------------
def _read_table(path: str, max_rows: int) -> Any:
    import pandas as pd

    suffix = os.path.splitext(path)[1].lower()
    if suffix == ".csv":
        return pd.read_csv(path, nrows=max_rows, dtype=str, keep_default_na=True, on_bad_lines="skip")
    if suffix == ".parquet":
        try:
            import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]
        except ImportError:
            from .errors import MissingDependencyError

            raise MissingDependencyError(
                "reading .parquet files needs pyarrow; install it with `pip install jupyter-privguard[fast]`"
            ) from None
        reader = pq.ParquetFile(path)
        batch = next(reader.iter_batches(batch_size=max_rows), None)
        return batch.to_pandas() if batch is not None else reader.schema_arrow.empty_table().to_pandas()
    if suffix == ".json":
        with open(path, "rb") as fh:
            head = fh.read(1 << 16).lstrip()
        if head.startswith(b"{") and b"\n{" in head:  # JSON lines
            return pd.read_json(path, lines=True, nrows=max_rows, dtype=False)
        frame = pd.read_json(path, dtype=False)
        return frame.head(max_rows)
    raise ValueError(f"expected a .csv, .parquet or .json file, got {path!r}")


def scan_table_file(path: str, policy: Policy | None = None, *, max_rows: int = 10_000) -> list[Finding]:
    """Findings for a data file read with pandas: one per personal-data column.

    Large files are sample-read: the first ``max_rows`` rows (the column scanner samples within them).
    """
    from .scanner import scan

    if policy is None:
        from .policy import Policy

        policy = Policy.load()
    frame = _read_table(path, max_rows)
    report = scan(frame, policy=policy)
    findings = []
    for name, f in report.columns.items():
        if not f.is_pii or f.allowed:
            continue
        if f.entity is not None:
            if f.score < policy.threshold_for(f.entity) or policy.action_for(f.entity) == "keep":
                continue
            findings.append(
                Finding(
                    path, f.entity, round(f.score, 4), f.n_rows - f.n_missing, None, None, _mime_of(path), name, "scan"
                )
            )
        else:
            for entity in f.span_entities:
                spans = [s for s in f.spans if s.entity == entity]
                best = max((s.score for s in spans), default=f.score)
                if best < policy.threshold_for(entity) or policy.action_for(entity) == "keep":
                    continue
                findings.append(
                    Finding(
                        path, entity, round(best, 4), len(spans), None, None, _mime_of(path), name, "scan:free-text"
                    )
                )
    return findings


def _mime_of(path: str) -> str:
    return {".csv": "text/csv", ".parquet": "application/vnd.apache.parquet", ".json": "application/json"}.get(
        os.path.splitext(path)[1].lower(), "application/octet-stream"
    )


def iter_files(paths: Iterable[str], suffixes: Sequence[str]) -> Iterator[str]:
    """Files with one of ``suffixes`` under ``paths`` (folders recursively; hidden folders skipped)."""
    for root in paths:
        if os.path.isdir(root):
            for folder, dirs, files in os.walk(root):
                dirs[:] = sorted(
                    d for d in dirs if not d.startswith(".") and d != "__pycache__" and d != "node_modules"
                )
                for name in sorted(files):
                    if name.lower().endswith(tuple(suffixes)):
                        yield os.path.join(folder, name)
        else:
            yield root
