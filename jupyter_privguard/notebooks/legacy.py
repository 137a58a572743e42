"""Notebooks older than nbformat 4 (``worksheets``), read through nbformat's own upgrade.

A repository of old notebooks often holds a few nbformat 3 files; a scan must read them rather than
stop. :func:`upgraded` returns such a notebook as nbformat 4 (a new dictionary, the input is left as
it is), using ``nbformat.v4.upgrade``. ``nbformat`` is imported only when an old notebook comes (it
ships with Jupyter; without it the error says what to install). Findings then name the upgraded
notebook's cells, which are the same cells in the same order. A ``clean`` that has something to
redact writes the notebook as nbformat 4 (:func:`jupyter_privguard.notebooks.clean_text`).
"""

from __future__ import annotations

import copy
from typing import Any


def is_legacy(nb: Any) -> bool:
    """An nbformat 3 (or older) notebook: worksheets instead of a ``cells`` list."""
    return isinstance(nb, dict) and "cells" not in nb and ("worksheets" in nb or nb.get("nbformat") in (1, 2, 3))


def upgraded(nb: dict[str, Any]) -> dict[str, Any]:
    """``nb`` as an nbformat 4 dictionary (itself when it is one already)."""
    if not is_legacy(nb):
        return nb
    try:
        from nbformat import v4
        from nbformat.converter import convert
    except ImportError:  # pragma: no cover - nbformat ships with every Jupyter install
        raise ValueError(
            "expected an nbformat 4 notebook, got nbformat 3 (worksheets); reading it needs nbformat: "
            "pip install nbformat"
        ) from None
    try:
        new = convert(_as_node(copy.deepcopy(nb)), v4.nbformat)  # type: ignore[no-untyped-call]
    except Exception as exc:  # nbformat's error may quote the file: say what failed only
        raise ValueError(
            f"expected a notebook nbformat can upgrade, got an nbformat 3 file it cannot read ({type(exc).__name__})"
        ) from None
    plain: dict[str, Any] = _as_plain(new)
    return plain


def _as_node(value: Any) -> Any:
    from nbformat import from_dict

    return from_dict(value)  # type: ignore[no-untyped-call]


def _as_plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _as_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_plain(v) for v in value]
    return value
