"""The Decision stage: plan(report, policy) says what redaction will do, and redaction does exactly that."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest

import jupyter_privguard
from jupyter_privguard import Decision, Policy, PolicyError, plan, redact, scan
from jupyter_privguard.decision import SPANS
from jupyter_privguard.operators import Operator, OperatorRegistry
from jupyter_privguard.report import ColumnFinding, ScanReport
from jupyter_privguard.session import reset_session

KEY = "test-key-0123456789"
POLICY = Policy(key=KEY, ner="off")


@pytest.fixture
def session() -> Iterator[Any]:
    yield reset_session()
    reset_session()


def finding(
    name: str,
    position: int,
    entity: str | None,
    *,
    kind: str = "value",
    spans: tuple[str, ...] = (),
    allowed: bool = False,
    score: float = 0.9,
) -> ColumnFinding:
    return ColumnFinding(
        column=name,
        position=position,
        dtype="object",
        kind=kind,  # type: ignore[arg-type]
        entity=entity,
        score=score,
        coverage=1.0,
        span_entities=spans,
        allowed=allowed,
    )


def report_for(*findings: ColumnFinding) -> ScanReport:
    return ScanReport(columns={f.column: f for f in findings}, n_rows=3)


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "email": ["ann@example.com", "bob@example.org", "cy@example.net"],
            "gender": ["F", "M", "F"],
            "notes": ["call ann@example.com", "none", "ok"],
            "price": [1.0, 2.0, 3.0],
            "id": ["a1", "b2", "c3"],
        }
    )


FRAME_REPORT = report_for(
    finding("email", 0, "EMAIL_ADDRESS", score=0.97),
    finding("gender", 1, "GENDER"),  # keep by default
    finding("notes", 2, None, kind="free_text", spans=("EMAIL_ADDRESS",), score=0.8),
    finding("price", 3, None, score=0.0),
    finding("id", 4, "PERSON", allowed=True),
)


# ----------------------------------------------------------------------------- what is planned
def test_plan_lists_the_columns_redaction_changes() -> None:
    decisions = plan(FRAME_REPORT, POLICY)
    assert decisions == [
        Decision("email", 0, "email", "EMAIL_ADDRESS", "redact", 0.97, "column"),
        Decision("notes", 2, "notes", None, SPANS, 0.8, "spans", ("EMAIL_ADDRESS",)),
    ]


def test_allowed_by_name_or_label_keep_and_no_pii_are_left_out() -> None:
    policy = POLICY.replace(allow_columns=("e*",), actions={"GENDER": "mask"})
    decisions = plan(FRAME_REPORT, policy)
    assert [(d.column, d.action) for d in decisions] == [("gender", "mask"), ("notes", SPANS)]
    # a duplicated name: the report's key is "email#2", the label "email"; either may be allowed
    twice = report_for(finding("email", 0, "EMAIL_ADDRESS"))
    twice.columns = {"email#2": twice.columns["email"]}
    assert plan(twice, POLICY.replace(allow_columns=("email",))) == []
    assert plan(twice, POLICY.replace(allow_columns=("email#2",))) == []
    (only,) = plan(twice, POLICY)
    assert (only.column, only.label) == ("email#2", "email")


def test_free_text_is_planned_even_when_the_sample_showed_nothing() -> None:
    (decision,) = plan(report_for(finding("notes", 0, None, kind="free_text")), POLICY)
    assert decision.scope == "spans" and decision.span_entities == () and decision.entity is None


def test_decisions_are_frozen_and_hold_no_values() -> None:
    decisions = plan(scan(frame(), policy=POLICY), POLICY)
    assert decisions
    for decision in decisions:
        with pytest.raises(dataclasses.FrozenInstanceError):
            decision.action = "keep"  # type: ignore[misc]
        text = json.dumps(dataclasses.asdict(decision))
        for value in frame().astype(str).to_numpy().ravel():
            if len(value) > 3:
                assert value not in text


def test_redact_applies_exactly_the_plan() -> None:
    df = frame()
    report = scan(df, policy=POLICY)
    planned = {d.position for d in plan(report, POLICY)}
    out = redact(df, policy=POLICY, report=report)
    changed = {i for i in range(df.shape[1]) if not out.iloc[:, i].astype(str).equals(df.iloc[:, i].astype(str))}
    assert changed and changed <= planned
    assert all(out.iloc[:, i].equals(df.iloc[:, i]) for i in range(df.shape[1]) if i not in planned)


def test_a_report_of_another_object_is_refused_when_the_size_is_given() -> None:
    report = report_for(finding("email", 7, "EMAIL_ADDRESS"))
    assert len(plan(report, POLICY)) == 1  # without a size nothing is known about the object
    with pytest.raises(ValueError, match="at position 7, but the data has 2 column"):
        plan(report, POLICY, n_columns=2)


# ----------------------------------------------------------------------------- unknown operators
def test_an_unregistered_action_constructs_but_plan_and_redact_refuse_it(session: Any) -> None:
    policy = POLICY.with_action("EMAIL_ADDRESS", "shout")  # constructs: it may be registered later
    df = frame()
    report = scan(df, policy=POLICY)
    for attempt in (lambda: plan(report, policy), lambda: redact(df, policy=policy, report=report)):
        with pytest.raises(PolicyError) as info:
            attempt()
        message = str(info.value)
        assert "'shout' for EMAIL_ADDRESS is not a registered operator" in message
        assert "registered operators: keep, mask, redact, hash, pseudonymize, generalize, drop" in message
        assert "ann@example.com" not in message
    # registered later in the session: now both use it
    session.registries.operators.register(Operator("shout", lambda s, e, p: s.str.upper()))
    assert [d.action for d in plan(report, policy) if d.scope == "column"] == ["shout"]
    assert redact(df, policy=policy, report=report)["email"].iloc[0] == "ANN@EXAMPLE.COM"


def test_an_unregistered_action_for_a_span_entity_is_refused() -> None:
    policy = POLICY.with_action("EMAIL_ADDRESS", "shout")
    with pytest.raises(PolicyError, match="'shout' for EMAIL_ADDRESS"):
        plan(report_for(finding("notes", 0, None, kind="free_text", spans=("EMAIL_ADDRESS",))), policy)


def test_plan_checks_against_the_registry_it_is_given() -> None:
    registry = OperatorRegistry([op for op in OperatorRegistry.default() if op.name != "redact"])
    with pytest.raises(PolicyError, match="'redact' for EMAIL_ADDRESS .*registered operators: keep, mask, hash"):
        plan(FRAME_REPORT, POLICY, operators=registry)
    assert plan(FRAME_REPORT, POLICY.with_action("EMAIL_ADDRESS", "mask"), operators=registry)


# ----------------------------------------------------------------------------- the public surface
def test_plan_and_decision_are_public() -> None:
    from jupyter_privguard import decision

    assert {"plan", "Decision"} <= set(jupyter_privguard.__all__)
    assert jupyter_privguard.plan is decision.plan and jupyter_privguard.Decision is decision.Decision


def test_importing_the_decision_stage_is_cheap() -> None:
    code = (
        "import sys, json; import jupyter_privguard.decision, jupyter_privguard.operators; "
        "print(json.dumps([m for m in ('pandas', 'numpy', 'IPython') if m in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []
