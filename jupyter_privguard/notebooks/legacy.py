"""Notebooks older than nbformat 4 (``worksheets``), read as nbformat 4.

A repository of old notebooks often holds a few nbformat 3 files; a scan must read them rather than
stop. :func:`upgraded` returns such a notebook as an nbformat 4 dictionary (a new one; the input is
left as it is), doing what ``nbformat.v4.upgrade`` does for the parts a scan reads: the cells of the
worksheets in order, ``input`` as ``source``, ``prompt_number`` as ``execution_count``, ``heading``
cells as markdown, ``pyout``/``pyerr`` outputs as ``execute_result``/``error``, the short output keys
(``text``, ``html``, ``png`` ...) as MIME types. It imports nothing: ``nbformat`` itself loads a JSON
schema validator that takes a second or more, too slow for a hook. Findings then name the upgraded
notebook's cells, which are the same cells in the same order. A ``clean`` that has something to
redact writes the notebook as nbformat 4 (:func:`jupyter_privguard.notebooks.clean_text`).
"""

from __future__ import annotations

import copy
from typing import Any

# nbformat 3's output keys and the MIME types nbformat 4 stores them under
_MIME = {
    "text": "text/plain",
    "html": "text/html",
    "svg": "image/svg+xml",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "latex": "text/latex",
    "json": "application/json",
    "javascript": "application/javascript",
    "pdf": "application/pdf",
    "markdown": "text/markdown",
}
_OUTPUT_KIND = {"pyout": "execute_result", "pyerr": "error", "display_data": "display_data", "stream": "stream"}


def is_legacy(nb: Any) -> bool:
    """An nbformat 3 (or older) notebook: worksheets instead of a ``cells`` list."""
    return isinstance(nb, dict) and "cells" not in nb and ("worksheets" in nb or nb.get("nbformat") in (1, 2, 3))


def upgraded(nb: dict[str, Any]) -> dict[str, Any]:
    """``nb`` as an nbformat 4 dictionary (itself when it is one already)."""
    if not is_legacy(nb):
        return nb
    sheets = nb.get("worksheets")
    if not isinstance(sheets, list):
        raise ValueError("expected an nbformat 3 notebook with a 'worksheets' list, got none; is this an .ipynb file?")
    cells: list[dict[str, Any]] = []
    for sheet in sheets:
        for cell in (sheet.get("cells") if isinstance(sheet, dict) else None) or []:
            if isinstance(cell, dict):
                cells.append(_cell(copy.deepcopy(cell)))
    given = nb.get("metadata")
    metadata: dict[str, Any] = copy.deepcopy(given) if isinstance(given, dict) else {}
    metadata.pop("name", None)
    return {"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 0}


def _cell(cell: dict[str, Any]) -> dict[str, Any]:
    kind = cell.get("cell_type")
    metadata = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
    if kind == "code":
        outputs = [_output(o) for o in cell.get("outputs") or [] if isinstance(o, dict)]
        return {
            "cell_type": "code",
            "execution_count": cell.get("prompt_number"),
            "metadata": metadata,
            "outputs": outputs,
            "source": cell.get("input", ""),
        }
    source = cell.get("source", "")
    if kind == "heading":
        text = "".join(source) if isinstance(source, list) else str(source)
        level = cell["level"] if isinstance(cell.get("level"), int) else 1
        return {"cell_type": "markdown", "metadata": metadata, "source": "#" * level + " " + text.replace("\n", " ")}
    return {"cell_type": kind if kind in ("markdown", "raw") else "raw", "metadata": metadata, "source": source}


def _output(out: dict[str, Any]) -> dict[str, Any]:
    kind = _OUTPUT_KIND.get(str(out.get("output_type")), str(out.get("output_type")))
    if kind == "stream":
        return {"output_type": "stream", "name": out.get("stream", "stdout"), "text": out.get("text", "")}
    if kind == "error":
        return {
            "output_type": "error",
            "ename": out.get("ename", ""),
            "evalue": out.get("evalue", ""),
            "traceback": out.get("traceback", []),
        }
    skip = {"output_type", "prompt_number", "metadata"}
    data = {_MIME.get(k, k): v for k, v in out.items() if k not in skip and (k in _MIME or "/" in k)}
    new: dict[str, Any] = {"output_type": kind, "data": data, "metadata": out.get("metadata") or {}}
    if kind == "execute_result":
        new["execution_count"] = out.get("prompt_number")
    return new
