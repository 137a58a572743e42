"""Cleaning a notebook: the edits of a scan made on the dictionary, or on the JSON text in place.

:func:`redact_notebook` rewrites a notebook dictionary (the server hook, nbconvert);
:func:`clean_text` rewrites only the string tokens that held personal data in the file's text and
checks the result against :func:`redact_notebook`; :func:`drop_reveals` removes revealed outputs.
Uses :mod:`.jsontext`, :mod:`.options`, :mod:`.plan`, :mod:`.results` and :mod:`.scan`.
"""

from __future__ import annotations

import json
from typing import Any

from .jsontext import Path_, _drop_elements, _locate
from .legacy import is_legacy, upgraded
from .options import NotebookOptions
from .plan import _mark
from .results import CleanResult
from .scan import _analyze


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
    if is_legacy(nb):
        # nbformat 3: no in-place edit of a layout the rest of the package does not read; the
        # upgraded notebook is redacted and, when anything changed, written as nbformat 4
        new_nb = upgraded(nb)
        legacy = redact_notebook(new_nb, options, path=path)
        if not legacy.changed:
            return text, legacy
        return json.dumps(new_nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n", legacy
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
