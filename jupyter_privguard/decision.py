"""The Decision stage: what will be done to each column of a scanned object, before anything is done.

Detection produces a :class:`~jupyter_privguard.report.ScanReport` (what each column holds); the
:class:`~jupyter_privguard.policy.Policy` says what to do with each entity. :func:`plan` joins the
two into a list of :class:`Decision` objects, one per column that redaction will change. Redaction
applies them, the display guard reports them in its banner, and an export guard can check them,
so that all three agree on what "redacted" means.

A decision carries names, positions, entities, actions and scores: never a value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .errors import PolicyError
from .operators import OperatorRegistry, resolve_operators

if TYPE_CHECKING:
    from .policy import Policy
    from .report import ColumnFinding, ScanReport

__all__ = ["SPANS", "Decision", "DecisionScope", "plan"]

#: The action of a span decision: each span found inside the free text is replaced per the
#: policy's action for its own entity. Not an identifier, so no operator can be named like it.
SPANS = "redact spans"

#: ``"column"``: one action for every cell of the column; ``"spans"``: free text, span by span.
DecisionScope = Literal["column", "spans"]


@dataclass(frozen=True)
class Decision:
    """What redaction does to one column (no values).

    Attributes
    ----------
    column
        The column's display name: its key in ``ScanReport.columns``.
    position
        The column's position in the object (columns are found by position, never by name).
    label
        The column label the finding was made for (``ColumnFinding.column``).
    entity
        The entity of a column decision; ``None`` for a span decision.
    action
        The registered operator's name for a column decision (never ``keep``: kept columns get no
        decision); :data:`SPANS` for a span decision.
    score
        The finding's score.
    scope
        ``"column"`` or ``"spans"`` (a free-text column, redacted span by span).
    span_entities
        For a span decision, the entities the scan saw in the sampled text (possibly none: rows
        outside the sample may still hold some, so a free-text column is always planned).
    """

    column: str
    position: int
    label: str
    entity: str | None
    action: str
    score: float
    scope: DecisionScope
    span_entities: tuple[str, ...] = ()


def plan(
    report: ScanReport,
    policy: Policy,
    *,
    operators: OperatorRegistry | None = None,
    n_columns: int | None = None,
) -> list[Decision]:
    """The decisions for every column of ``report`` that redaction changes, in column order.

    A column is left out when it is allowed (``finding.allowed``, or its name or label matches
    ``policy.allow_columns``), when it holds no personal data, or when the policy's action for its
    entity is ``keep``. A free-text column is always planned, even when the scanned sample showed
    no spans (fail closed).

    Parameters
    ----------
    report
        The scan of the object to redact.
    policy
        What to do with each entity.
    operators
        The operators in force; the running session's when omitted
        (``current_session().registries.operators``).
    n_columns
        When given, the number of columns of the object the decisions are for: a finding outside
        that range means the report belongs to another object, which is an error.

    Returns
    -------
    list of Decision

    Raises
    ------
    PolicyError
        An action the policy names (for a planned column's entity, or for an entity seen in a
        planned free-text column) is not a registered operator. A policy may name an operator that
        is not registered yet; it is refused here, when it would be used.
    ValueError
        ``n_columns`` is given and a finding's position is outside ``range(n_columns)``.

    Examples
    --------
    >>> from jupyter_privguard import Policy, plan, scan  # doctest: +SKIP
    >>> [(d.column, d.entity, d.action) for d in plan(scan(df), Policy())]  # doctest: +SKIP
    [('email', 'EMAIL_ADDRESS', 'redact')]
    """
    registry = resolve_operators(operators)
    decisions = []
    for name, finding in report.columns.items():
        if finding.allowed or policy.column_allowed(finding.column) or policy.column_allowed(name):
            continue
        if n_columns is not None and not 0 <= finding.position < n_columns:
            raise ValueError(
                f"the report's column {name!r} is at position {finding.position}, but the data has "
                f"{n_columns} column(s); scan this object again (scan(data)) and pass that report"
            )
        decision = _decide(name, finding, policy, registry)
        if decision is not None:
            decisions.append(decision)
    return decisions


def _decide(name: str, finding: ColumnFinding, policy: Policy, registry: OperatorRegistry) -> Decision | None:
    if finding.entity is not None:
        action = policy.action_for(finding.entity)
        if action == "keep":
            return None
        _require(registry, action, finding.entity)
        return Decision(name, finding.position, finding.column, finding.entity, action, finding.score, "column")
    if finding.kind == "free_text":
        for entity in finding.span_entities:
            _require(registry, policy.action_for(entity), entity)
        return Decision(
            name, finding.position, finding.column, None, SPANS, finding.score, "spans", tuple(finding.span_entities)
        )
    return None


def _require(registry: OperatorRegistry, action: str, entity: str) -> None:
    # no column name in the message: a label can itself be personal data (the columns of ``df.T``)
    if action not in registry:
        raise PolicyError(
            f"the policy's action {action!r} for {entity} is not a registered operator; "
            f"registered operators: {', '.join(registry.names()) or '(none)'}. Register it in "
            "current_session().registries.operators, or choose one of these"
        )
