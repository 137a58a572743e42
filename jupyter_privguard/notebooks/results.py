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
