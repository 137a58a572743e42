"""The Findings tab as plain rows (no widgets, no markup): names, entities, scores, never a value."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...wording import action_done, class_label, entity_label, evidence_label
from .masking import _Masker

if TYPE_CHECKING:
    from ...policy import Policy
    from ...report import ScanReport


@dataclass(frozen=True)
class FindingRow:
    """One finding as the panel shows it (names, entities, scores; never a value).

    ``category`` is the class label of :mod:`jupyter_privguard.wording` (``"free text"`` for a
    free-text column, whatever its spans are); ``status`` is ``"allowed"``, ``"kept"`` or the
    action's past participle (``"redacted"``, ``"masked"``, ``"spans redacted"``...) under the
    policy in force now.
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
            category = class_label(finding.category, finding.span_entities)
            entity = entity_label(finding.entity, finding.span_entities)
            action = policy.action_for(finding.entity) if finding.entity is not None else "redact spans"
            status = "allowed" if allowed else action_done(action)
            detectors = evidence_label(e.detector for e in finding.evidence)
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
