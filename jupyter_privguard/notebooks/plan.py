"""The plan of a notebook: every text leaf to check, the tables to classify, the outputs to drop.

:func:`_plan` walks the outputs of code cells, the cell sources (as
:attr:`NotebookOptions.sources` says) and the widget state in ``metadata.widgets`` into
:class:`_Unit` (a text, where it is and how placeholders are written there) and collects the
tables the table tier parses. Uses :mod:`.jsontext` (paths), :mod:`.options`, :mod:`.results`
(the ``mime`` names) and :mod:`.tables` (parsing).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from ..render import METADATA_KEY, REPORT_MIME
from .jsontext import Path_
from .options import NotebookOptions
from .payloads import is_chart_data
from .readable import mask_json_leaf, mask_leaf
from .results import SOURCE_MIME, WIDGET_STATE_MIME
from .tables import _TABLE_SCHEMA_MIME, _Table, _tables_of

# MIME types that hold pixels or binary data (base64): nothing to read.
_BINARY_PREFIXES = ("image/", "audio/", "video/", "font/")
_BINARY_MIME = frozenset({"application/pdf", "application/octet-stream", "application/zip"})
# MIME types whose text is markup: placeholders are written escaped so that they stay visible.
_MARKUP_MIME = frozenset({"text/html", "text/markdown", "image/svg+xml", "text/xml", "application/xhtml+xml"})
# JSON integers shorter than this are counts and ids, not phone or card numbers.
_NUMBER_MIN_DIGITS = 5
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

Markup = Literal["text", "html"]


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
    scan_text: str | None = None  # what detectors read, when not all of ``text`` is text (see .readable)


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
        units = [_Unit(path, value, markup, cell, output, mime, where=where)]
    elif isinstance(value, list):
        units = [
            _Unit(path + (k,), item, markup, cell, output, mime, where=where)
            for k, item in enumerate(value)
            if isinstance(item, str)
        ]
    else:
        return []
    mask_leaf(units, mime, where)  # code, drawing data, colours ... are not read as text
    return units


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
        yield mask_json_leaf(_Unit(path, value, "text", cell, output, mime, where=where))
    elif isinstance(value, bool) or value is None or isinstance(value, float):
        return
    elif isinstance(value, int):
        if abs(value) >= 10 ** (_NUMBER_MIN_DIGITS - 1):
            yield _Unit(path, str(value), "text", cell, output, mime, as_number=True, where=where)
    elif isinstance(value, dict):
        # keys are not rewritten (that would change the JSON's shape); values are
        for key, item in value.items():
            if (skip_binary and (key == REPORT_MIME or _is_binary(key))) or is_chart_data(key, item, mime):
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
