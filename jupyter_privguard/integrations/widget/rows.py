"""The Findings tab as plain rows (no widgets, no markup): names, entities, scores, never a value."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...entities import ENTITIES
from .masking import _Masker

if TYPE_CHECKING:
    from ...policy import Policy
    from ...report import ScanReport

_ACTION_NOUN = {
    "keep": "kept",
    "mask": "masked",
    "redact": "redacted",
    "hash": "hashed",
    "pseudonymize": "pseudonymized",
    "generalize": "generalized",
    "drop": "dropped",
}


@dataclass(frozen=True)
class FindingRow:
    """One finding as the panel shows it (names, entities, scores; never a value).

    ``status`` is ``"allowed"``, ``"kept"`` or the action's past participle (``"redacted"``,
    ``"masked"``...) under the policy in force now.
    """

    variable: str
    column: str
    entity: str
    category: str
    score: float
    coverage: float
    action: str
    status: str
    detectors: str


def finding_rows(reports: Mapping[str, ScanReport], policy: Policy, masker: _Masker | None = None) -> list[FindingRow]:
    """The panel's findings table: one row per column that holds personal data, per variable."""
    masker = masker or _Masker()
    rows: list[FindingRow] = []
    for v_index, (label, report) in enumerate(list(reports.items()), start=1):
        variable = masker.show(label, f"object #{v_index} (label hidden)")
        for name, finding in report.columns.items():
            if not finding.is_pii:
                continue
            column = masker.show(name, f"column #{finding.position + 1} (name hidden)")
            allowed = finding.allowed or policy.column_allowed(finding.column) or policy.column_allowed(name)
            category: str
            if finding.entity is not None:
                entity, category = finding.entity, finding.category or "-"
                action = policy.action_for(finding.entity)
                status = "allowed" if allowed else _ACTION_NOUN.get(action, action)
            else:
                entity = "free text: " + "+".join(finding.span_entities)
                classes = {ENTITIES[e].category for e in finding.span_entities if e in ENTITIES}
                category = "/".join(sorted(classes)) or "-"
                action = "redact spans"
                status = "allowed" if allowed else "spans redacted"
            detectors = ", ".join(sorted({e.detector for e in finding.evidence})) or "-"
            rows.append(
                FindingRow(
                    variable,
                    column,
                    entity,
                    category,
                    round(float(finding.score), 3),
                    round(float(finding.coverage), 3),
                    action,
                    status,
                    detectors,
                )
            )
    return rows
