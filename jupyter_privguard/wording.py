"""The words every surface uses for the same thing: one vocabulary for the panel, the sidebar, the scan report and the CLI.

A column's class, what the policy does to it, the state of its values in an output and the tiers
of evidence are named here once. The panel (ipywidgets), the scan report (:meth:`ScanReport.summary`
and its HTML table) and the CLI call these functions; the JupyterLab sidebar has the same tables in
``labextension/src/labels.ts``, which ``tests/core/test_ts_parity.py`` checks against this module.

Class keys are the catalogue's (``"direct"``, ``"quasi"``, ``"sensitive"``) plus ``"free_text"`` for
a column whose findings are spans inside its text (whatever those spans are) and ``"none"`` for a
column without personal data. Short labels go into tables; titles spell them out (tooltips, docs).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = [
    "ACTION_DONE",
    "CLASS_LABELS",
    "CLASS_TITLES",
    "STATE_LABELS",
    "action_done",
    "class_key",
    "class_label",
    "class_title",
    "coverage_text",
    "entity_label",
    "evidence_label",
    "names_detector",
    "plural",
]

#: A column's class as a table shows it.
CLASS_LABELS: dict[str, str] = {
    "direct": "direct",
    "quasi": "quasi",
    "sensitive": "sensitive",
    "free_text": "free text",
    "none": "-",
}

#: The same classes spelled out.
CLASS_TITLES: dict[str, str] = {
    "direct": "direct identifier",
    "quasi": "quasi-identifier",
    "sensitive": "sensitive attribute",
    "free_text": "free text (its personal data is redacted span by span)",
    "none": "no personal data found",
}

#: What an action did to a column's values in an output (the panel's "status", the renderer's last column).
ACTION_DONE: dict[str, str] = {
    "keep": "kept",
    "mask": "masked",
    "redact": "redacted",
    "hash": "hashed",
    "pseudonymize": "pseudonymized",
    "generalize": "generalized",
    "drop": "dropped",
    "redact spans": "spans redacted",
}

#: The state of a column's values in an output, when it is not the policy's action.
STATE_LABELS: dict[str, str] = {
    # shown raw on purpose for the live view, until the next cell runs (``%privguard reveal``)
    "revealed": "revealed",
    # never treated as personal data (``%privguard allow column``)
    "allowed": "allowed",
}


def class_key(category: str | None, span_entities: Sequence[str] = ()) -> str:
    """The class key of a column: its entity's class, ``"free_text"`` for spans in text, else ``"none"``.

    A free-text column is ``"free_text"`` whatever its spans are (names and emails in support notes
    do not make the column a direct identifier: the column is redacted span by span).
    """
    if category in ("direct", "quasi", "sensitive"):
        return category
    return "free_text" if span_entities else "none"


def class_label(category: str | None, span_entities: Sequence[str] = ()) -> str:
    """The short label of a column's class (``"direct"``, ``"free text"``, ``"-"`` ...)."""
    return CLASS_LABELS[class_key(category, span_entities)]


def class_title(category: str | None, span_entities: Sequence[str] = ()) -> str:
    """The class spelled out (``"direct identifier"`` ...)."""
    return CLASS_TITLES[class_key(category, span_entities)]


def entity_label(entity: str | None, span_entities: Sequence[str] = ()) -> str:
    """A column's entity as a table shows it: the entity, ``"free text: A, B"`` for spans, else ``"-"``."""
    if entity:
        return entity
    if span_entities:
        return "free text: " + ", ".join(span_entities)
    return "-"


def evidence_label(detectors: Iterable[str]) -> str:
    """The tiers that gave evidence, sorted, each once (``"header; pattern:email"``), else ``"-"``."""
    return "; ".join(sorted(set(detectors))) or "-"


def action_done(action: str) -> str:
    """What ``action`` did, as a past participle (``"redact"`` → ``"redacted"``); unknown names unchanged."""
    return ACTION_DONE.get(action, action)


def plural(n: int, word: str, many: str | None = None) -> str:
    """``"1 output"``, ``"2 outputs"``, ``"0 outputs"``; ``many`` for an irregular plural."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def coverage_text(share: float) -> str:
    """A share of the sample as the scan report writes it (``"80%"``); the same rounding everywhere."""
    return f"{share:.0%}"


def names_detector(*, gazetteer: bool = True, ner: bool) -> str:
    """The detector name of the names tier: only the parts that ran (``"names:gazetteer"`` without NER)."""
    parts = [p for p, ran in (("gazetteer", gazetteer), ("ner", ner)) if ran]
    return "names:" + ("+".join(parts) or "shape")
