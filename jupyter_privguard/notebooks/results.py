"""What a check reports: :class:`Finding` (one place, one entity, never the value) and
:class:`CleanResult` (what a clean did), with the ``mime`` and entity names findings use outside
outputs. Uses no other module of the package.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: The entity a finding names for an output the display guard published as a reveal.
REVEALED_ENTITY = "REVEALED_OUTPUT"
#: The ``mime`` of a finding in a cell's source (its ``where`` is the cell type).
SOURCE_MIME = "source"
#: The ``mime`` of a finding in the widget state of the notebook's metadata (``where``: model/trait).
WIDGET_STATE_MIME = "widget-state"

# The kinds of context a finding is in (:attr:`Finding.context`). Other helpers may add kinds: a
# kind is a short lower-case phrase, never a value.
#: Code of a code cell, outside string literals and comments (slices, numbers, names).
CONTEXT_CODE = "code"
#: Inside a string literal or a ``#`` comment of a code cell.
CONTEXT_CODE_TEXT = "code string or comment"
#: A markdown cell's source.
CONTEXT_MARKDOWN = "markdown"
#: A raw cell's source.
CONTEXT_RAW = "raw cell"
#: A cell of a table (an HTML table's body, the ``text/plain`` twin of a table, a data file's column).
CONTEXT_TABLE = "table column"
#: The header row of a table.
CONTEXT_TABLE_HEADER = "table header"
#: Text of an output that is not a table (HTML, markdown, LaTeX, plain text).
CONTEXT_PROSE = "prose"
#: ``stdout`` / ``stderr`` of a ``stream`` output.
CONTEXT_STREAM = "stream"
#: An ``error`` output: its name, value or traceback.
CONTEXT_ERROR = "traceback"
#: A string leaf of a JSON MIME bundle (``application/json``, plotly, vega ...).
CONTEXT_JSON = "json"
#: An SVG drawing or a script (``image/svg+xml``, ``application/javascript``).
CONTEXT_MARKUP = "svg or script"
#: The widget state saved in ``metadata.widgets``.
CONTEXT_WIDGET = "widget state"
#: Notebook or cell metadata other than widget state.
CONTEXT_METADATA = "metadata"
#: An output the display guard published as a reveal.
CONTEXT_REVEAL = "revealed output"


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
    mimes
        Every MIME type of the output the hits were in. A report that counts each value once
        across an output's copies (``text/html`` and ``text/plain`` of one table) lists them all
        here and names the first in ``mime``; otherwise the one ``mime``.
    context
        The kind of text the hits were in: one of the ``CONTEXT_*`` names of this module
        (``"code"``, ``"table column"``, ``"prose"`` ...), ``None`` when not known.
    column_index
        The 0-based position of the table column (index columns count), when the hits were in a
        table. ``column`` then holds its header unless the header itself may be personal data
        (people as columns of a pivot): then ``column`` is ``None`` and ``header_hidden`` true.
    header_hidden
        The header of the column is not shown because it may be personal data.
    shape
        A masked shape of the matched text (:func:`~jupyter_privguard.notebooks.hints.masked_shape`:
        letters ``x``/``X``, digits ``d``, punctuation kept, long runs cut): ``x[::d]``,
        ``ddddd.dddddd``, ``Xxxxx Xxxxxx``. Never the value.
    shapes
        Up to three distinct shapes, the most frequent first.
    evidence
        Why the hits were judged personal data, in words (detector, scores, thresholds), no values.
    id
        A short stable identifier of the finding (a hash of the file and the place, never of a
        value), for ``privguard scan --explain ID``.
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
    mimes: tuple[str, ...] = ()
    context: str | None = None
    column_index: int | None = None
    header_hidden: bool = False
    shape: str | None = None
    shapes: tuple[str, ...] = ()
    evidence: str | None = None
    id: str = ""

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["mimes"] = list(self.mimes)
        out["shapes"] = list(self.shapes)
        return out

    @property
    def tier(self) -> str:
        """The detection tier: ``pattern``, ``table``, ``names``, ``ner``, ``scan``, ``reveal``."""
        return self.detector.split(":", 1)[0] if self.detector else ""

    @property
    def column_label(self) -> str | None:
        """The column in words: ``'email'``, ``#3 (header not shown)``, or ``None``."""
        if self.column is not None:
            return repr(self.column)
        if self.column_index is not None:
            return f"#{self.column_index}" + (" (header not shown)" if self.header_hidden else "")
        return None

    @property
    def in_data_file(self) -> bool:
        """A finding of a data file (``.csv`` ...): a column, no cell, not widget state."""
        return self.cell is None and self.column is not None and self.mime != WIDGET_STATE_MIME

    @property
    def location(self) -> str:
        """Where, in words and without the value: ``cell 3, output 0 (text/html)``,
        ``cell 2 (markdown source)``, ``widget state of model 8a1f.../value``, ``column 'email'``."""
        if self.in_data_file:
            return f"column {self.column!r}"
        if self.mime == WIDGET_STATE_MIME:
            return "widget state" + (f" of model {self.where}" if self.where else "")
        if self.mime == SOURCE_MIME:
            return f"cell {self.cell} ({self.where or 'cell'} source)"
        if self.cell is None:
            return "the file"
        mimes = " + ".join(self.mimes) if len(self.mimes) > 1 else self.mime
        return f"cell {self.cell}, output {self.output}" + (f" ({mimes})" if mimes else "")


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
