"""Operators as an extension point: the registry, entry points, the session's registry, and plugins."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest

from jupyter_privguard import operators as ops
from jupyter_privguard import redact
from jupyter_privguard.errors import PolicyError
from jupyter_privguard.operators import (
    Operator,
    OperatorRegistry,
    available_actions,
    check_action,
    placeholder,
    resolve_operators,
)
from jupyter_privguard.policy import ACTIONS, Policy
from jupyter_privguard.registry import BUILTINS, Registries, Registry
from jupyter_privguard.report import ColumnFinding, ScanReport
from jupyter_privguard.session import current_session, reset_session

KEY = "test-key-0123456789"


def _reverse(texts: pd.Series, entity: str, policy: Policy) -> pd.Series:
    return texts.map(lambda t: t[::-1])


REVERSE = Operator("reverse", _reverse, nested="text", description="the text backwards")


@pytest.fixture
def session() -> Iterator[Any]:
    """A fresh session (its own registries), replaced again afterwards."""
    yield reset_session()
    reset_session()


def email_report(*names: str) -> ScanReport:
    findings = {
        name: ColumnFinding(name, i, "object", "value", "EMAIL_ADDRESS", 1.0, 1.0) for i, name in enumerate(names)
    }
    return ScanReport(columns=findings, n_rows=0)


def policy(action: str) -> Policy:
    return Policy(key=KEY, ner="off", actions={"EMAIL_ADDRESS": action})


# ----------------------------------------------------------------------------- the registry
def test_default_registry_holds_the_built_in_actions_in_order() -> None:
    registry = OperatorRegistry.default()
    assert isinstance(registry, Registry)
    assert tuple(registry.names()) == ACTIONS
    assert all(op.description for op in registry)
    assert [op.name for op in registry if op.drops_column] == ["drop"]
    assert repr(registry) == f"OperatorRegistry({', '.join(ACTIONS)})"


def test_registry_errors_are_policy_errors_listing_the_actions() -> None:
    registry = OperatorRegistry.default()
    with pytest.raises(PolicyError, match=r"unknown redaction action 'shred'; allowed actions: keep, mask, redact"):
        registry.get("shred")
    with pytest.raises(PolicyError, match=r"allowed actions: \(none registered\)"):
        OperatorRegistry().get("mask")
    with pytest.raises(PolicyError, match="an operator named 'mask' is already registered; pass replace=True"):
        registry.register(Operator("mask", _reverse))
    with pytest.raises(TypeError, match=r"expects an Operator, got function; wrap the function"):
        registry.register(_reverse)  # type: ignore[arg-type]


def test_register_replace_and_unregister() -> None:
    registry = OperatorRegistry.default()
    registry.register(REVERSE)
    assert "reverse" in registry and len(registry) == len(ACTIONS) + 1
    assert registry.unregister("reverse") is REVERSE
    assert "reverse" not in registry


def test_redaction_still_exports_the_moved_names() -> None:
    from jupyter_privguard import redaction

    assert redaction.Operator is Operator
    assert redaction.OperatorRegistry is OperatorRegistry
    assert redaction.placeholder is placeholder
    assert redaction.OperatorFunc is ops.OperatorFunc


def test_the_session_builds_its_operators_from_this_module() -> None:
    assert BUILTINS["operators"] == "jupyter_privguard.operators:OperatorRegistry.default"
    registry = Registries(load_plugins=False).operators
    assert isinstance(registry, OperatorRegistry)
    assert tuple(registry.names()) == ACTIONS


def test_operators_follow_the_session_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    # what mask keeps, the pseudonym's normal form and generalise's year come from the entity's catalogue
    # entry, so an entity a plugin adds brings its own rules with no edit here
    from jupyter_privguard.entities import Entity
    from jupyter_privguard.session import GuardSession, reset_session

    session = reset_session(GuardSession())
    try:
        session.registries.get("entities").register(
            Entity("TEST_BADGE", "direct", "a made-up badge", mask_style="tail", pseudonym_form="compact")
        )
        policy = Policy(mask_keep=4)
        texts = pd.Series(["QX-1234-5678", "qx 1234 5678"])
        registry = OperatorRegistry.default()
        masked = registry.get("mask").func(texts, "TEST_BADGE", policy).tolist()
        assert masked == ["******5678", "******5678"]  # separators dropped, the last four kept
        other = registry.get("mask").func(texts, "UNKNOWN_THING", policy).tolist()
        assert other == ["************", "************"]  # no rule: stars only
        pseudonyms = registry.get("pseudonymize").func(texts, "TEST_BADGE", policy).tolist()
        assert pseudonyms[0] == pseudonyms[1]  # compact form: separators and case do not matter
    finally:
        reset_session()


# ----------------------------------------------------------------------------- entry points
class _EntryPoint:
    def __init__(self, name: str, loaded: Any) -> None:
        self.name = name
        self._loaded = loaded

    def load(self) -> Any:
        if isinstance(self._loaded, Exception):
            raise self._loaded
        return self._loaded


def test_load_entry_points_reads_the_operators_group(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import importlib.metadata

    shout = Operator("shout", lambda s, e, p: s.str.upper())
    groups: list[str] = []

    def entry_points(*, group: str) -> list[_EntryPoint]:
        groups.append(group)
        return [
            _EntryPoint("reverse", REVERSE),
            _EntryPoint("several", lambda: [shout]),
            _EntryPoint("broken", ImportError("no such module")),
        ]

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
    registry = OperatorRegistry.default()
    with caplog.at_level(logging.WARNING, logger="jupyter_privguard"):
        added = registry.load_entry_points()
    assert groups == ["jupyter_privguard.operators"]
    assert added == ["reverse", "shout"]
    assert "reverse" in registry and "shout" in registry
    assert "'broken'" in caplog.text and "ImportError" in caplog.text


# ----------------------------------------------------------------------------- the session's names
def test_available_actions_are_the_sessions(session: Any) -> None:
    assert available_actions() == ACTIONS
    assert resolve_operators() is session.registries.operators
    session.registries.operators.register(REVERSE)
    assert available_actions() == (*ACTIONS, "reverse")
    assert available_actions(OperatorRegistry.default()) == ACTIONS


def test_check_action_names_what_is_registered(session: Any) -> None:
    assert check_action("mask") == "mask"
    with pytest.raises(PolicyError) as info:
        check_action("reverse", key="actions.EMAIL_ADDRESS")
    assert str(info.value) == (
        "actions.EMAIL_ADDRESS must be one of keep, mask, redact, hash, pseudonymize, generalize, drop, got 'reverse'"
    )
    session.registries.operators.register(REVERSE)
    assert check_action("reverse") == "reverse"


# ----------------------------------------------------------------------------- plugins in use
def test_a_plugin_registered_in_the_session_is_used_by_redact(session: Any) -> None:
    current_session().registries.operators.register(REVERSE)
    df = pd.DataFrame({"email": ["ann@example.com", None, "bob@example.org"]})
    out = redact(df, policy=policy("reverse"), report=email_report("email"))
    assert out["email"].iloc[0] == "moc.elpmaxe@nna"
    assert pd.isna(out["email"].iloc[1])
    assert out["email"].iloc[2] == "gro.elpmaxe@bob"
    assert df["email"].iloc[0] == "ann@example.com"  # the input is untouched


def test_a_plugin_that_drops_columns_is_asked_not_named() -> None:
    purge = Operator("purge", lambda s, e, p: s.map(lambda _: "[purged]"), drops_column=True)
    registry = OperatorRegistry.default()
    registry.register(purge)
    df = pd.DataFrame({"email": ["ann@example.com"], "n": [1]})
    out = redact(df, policy=policy("purge"), report=email_report("email"), operators=registry)
    assert list(out.columns) == ["n"]
    # a Series cannot lose its only column: the operator supplies the replacement
    series = redact(df["email"], policy=policy("purge"), report=email_report("email"), operators=registry)
    assert series.tolist() == ["[purged]"]


def test_a_constant_plugin_runs_once_and_is_used_for_every_cell() -> None:
    calls: list[int] = []

    def stamp(texts: pd.Series, entity: str, p: Policy) -> pd.Series:
        calls.append(len(texts))
        return texts.map(lambda _: f"[{entity.lower()}]")

    registry = OperatorRegistry.default()
    registry.register(Operator("stamp", stamp, constant=True))
    df = pd.DataFrame({"email": [f"user{i}@example.com" for i in range(50)] + [None]})
    out = redact(df, policy=policy("stamp"), report=email_report("email"), operators=registry)
    assert out["email"].iloc[:50].eq("[email_address]").all() and pd.isna(out["email"].iloc[50])
    assert calls == [1]


def test_a_plugin_reaches_spans_in_free_text() -> None:
    from jupyter_privguard.redaction import redact_text_series

    registry = OperatorRegistry.default()
    registry.register(REVERSE)
    out = redact_text_series(pd.Series(["write to ann@example.com today"]), policy("reverse"), operators=registry)
    assert out.iloc[0] == "write to moc.elpmaxe@nna today"


def test_a_short_result_for_spans_is_an_error_not_a_leak() -> None:
    from jupyter_privguard.redaction import redact_text_series

    registry = OperatorRegistry.default()
    registry.register(Operator("lossy", lambda s, e, p: s.iloc[:0]))
    with pytest.raises(ValueError, match="one replacement per input value"):
        redact_text_series(pd.Series(["write to ann@example.com today"]), policy("lossy"), operators=registry)
