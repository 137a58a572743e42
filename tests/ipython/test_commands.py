"""The policy commands driven through their three callers: the magic line, the panel's widgets, the comm.

Each command runs once per caller, each time in a freshly loaded guard with its own audit log. The
resulting policy, the audit records and the session events must be the same wherever the edit came
from, apart from the differences each caller has always had (the tag on ``policy.source``, the
audit record's ``scope``, and ``source`` on the sidebar's records). No audit record and no event
may hold a seeded value: an allowed value or pattern is recorded by its kind only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

pytest.importorskip("ipywidgets")

from jupyter_privguard import render
from jupyter_privguard.integrations import comm as pgcomm

EXT = "jupyter_privguard"
EMAILS = ["alice.smith@example.org", "bob.jones@mailhost.net", "carol.white@example.com"]
SSNS = ["536-90-4871", "401-22-7365", "287-41-9036"]
# what a user allows by value or pattern: personal data itself, so it must stay out of every artefact
SECRET_VALUE = EMAILS[0]
SECRET_PATTERN = r"bob\.jones@mailhost\.net"
SEEDED = EMAILS + SSNS + ["bob.jones", "mailhost"]
# the fields every record has and that depend on when and where it was written
_STAMP = ("prev", "hash", "user", "pid", "kernel", "time", "seq")
# what each caller has always written differently (the source tag, the scope, the sidebar's ``source``)
TAG = {"magic": "+%privguard", "panel": "+panel", "sidebar": "+sidebar"}
EXTRA = {
    "magic": {"scope": "session"},
    "panel": {"scope": "panel"},
    "sidebar": {"scope": "session", "source": "sidebar"},
}


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "email": EMAILS,
            "ssn": SSNS,
            "product": ["widget-alpha", "gadget-beta", "sprocket-gamma"],
            "notes": ["ok", "fine", "good"],
        }
    )


@dataclass
class Guard:
    """A freshly loaded guard: its shell, extension, audit log and the session events it emitted."""

    ip: Any
    ext: Any
    log: Path
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    panel: Any = None
    #: the audit records the action under test wrote
    written: list[dict[str, Any]] = field(default_factory=list)

    @property
    def session(self) -> Any:
        return self.ext.session

    def records(self) -> list[dict[str, Any]]:
        if not self.log.exists():
            return []
        return [{k: v for k, v in r.items() if k not in _STAMP} for r in self.ext.audit_log().read()]

    def magic(self, line: str) -> None:
        from IPython.utils.capture import capture_output

        with capture_output():
            self.ip.run_line_magic("privguard", line)

    def message(self, data: dict[str, Any]) -> str:
        """A sidebar message, applied as the guard's comm applies it."""
        return pgcomm.handle_message(self.session, {"version": pgcomm.PROTOCOL_VERSION, **data}, self.ext.audit)

    def run(self, code: str) -> None:
        from IPython.utils.capture import capture_output

        with capture_output():
            self.ip.run_cell(code, store_history=False)


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], Guard]]:
    """``fresh(name)``: unload any guard, load a new one with its own audit log, the seeded frame as ``df``."""
    from IPython.testing.globalipapp import get_ipython

    from jupyter_privguard.integrations.ipython import get_extension
    from jupyter_privguard.session import reset_session

    monkeypatch.setenv("PRIVGUARD_NER", "off")
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    ip = get_ipython()
    made: list[Guard] = []

    def unload() -> None:
        for guard in made:
            if guard.panel is not None:
                guard.panel.close()
        if EXT in ip.extension_manager.loaded:
            ip.extension_manager.unload_extension(EXT)
        reset_session()

    def make(name: str) -> Guard:
        unload()
        log = tmp_path / f"audit-{name}.jsonl"
        monkeypatch.setenv("PRIVGUARD_AUDIT_LOG", str(log))
        ip.user_ns["df"] = _frame()
        assert ip.extension_manager.load_extension(EXT) is None
        guard = Guard(ip, get_extension(ip), log)
        guard.session.subscribe(lambda event, payload: guard.events.append((event, json.loads(json.dumps(payload)))))
        made.append(guard)
        return guard

    yield make
    unload()
    ip.user_ns.pop("df", None)


def _panel(guard: Guard) -> Any:
    from jupyter_privguard.integrations.widget import PrivGuardPanel

    guard.panel = PrivGuardPanel(shell=guard.ip)
    guard.panel.policy_filter.value = "all"  # a row (dropdown, slider) for every entity
    return guard.panel


def _apply(fresh: Callable[[str], Guard], caller: str, prepare: Callable[[Guard], None] | None, act: Any) -> Guard:
    """Load a guard for ``caller``, prepare it, then run ``act`` and keep only what ``act`` wrote and emitted."""
    guard = fresh(caller)
    if caller == "panel":
        _panel(guard)
    if prepare is not None:
        prepare(guard)
    guard.events.clear()
    before = len(guard.records())
    act(guard)
    guard.written = guard.records()[before:]
    return guard


def _policy(guard: Guard) -> dict[str, Any]:
    settings = guard.session.policy.to_dict()
    settings.pop("source")
    return settings


def _no_seeded_values(guard: Guard) -> None:
    text = guard.log.read_text() if guard.log.exists() else ""
    text += json.dumps(guard.events)
    assert [v for v in SEEDED if v in text] == []


def _check(
    guards: dict[str, Guard],
    records: list[dict[str, Any]],
    events: list[tuple[str, Any]],
    also: dict[str, dict[str, Any]] | None = None,
) -> None:
    """Every caller: the same policy, the expected records (with its own extras, and ``also``), the same events."""
    also = also or {}
    policies = {caller: _policy(g) for caller, g in guards.items()}
    first = next(iter(policies.values()))
    assert all(p == first for p in policies.values()), policies
    for caller, guard in guards.items():
        assert guard.session.policy.source.endswith(TAG[caller]), (caller, guard.session.policy.source)
        assert guard.written == [{**r, **EXTRA[caller], **also.get(caller, {})} for r in records], caller
        assert guard.events == events, caller
        _no_seeded_values(guard)


# ----------------------------------------------------------------------------------------------
# the commands every caller has
# ----------------------------------------------------------------------------------------------
def test_set_action_is_the_same_from_magic_panel_and_sidebar(fresh: Callable[[str], Guard]) -> None:
    def panel_pick(g: Guard) -> None:
        g.panel._entity_rows["EMAIL_ADDRESS"][0].value = "mask"  # what the frontend does on a pick

    acts = {
        "magic": lambda g: g.magic("policy EMAIL_ADDRESS=mask"),
        "panel": panel_pick,
        "sidebar": lambda g: g.message({"type": "set_action", "entity": "email_address", "action": "MASK"}),
    }
    guards = {caller: _apply(fresh, caller, None, act) for caller, act in acts.items()}
    assert guards["magic"].session.policy.action_for("EMAIL_ADDRESS") == "mask"
    _check(
        guards,
        [{"event": "policy", "entities": ["EMAIL_ADDRESS"], "action": "mask"}],
        [("policy", {"actions": {"EMAIL_ADDRESS": "mask"}})],
    )


def test_allow_and_deny_a_column_are_the_same_from_every_caller(fresh: Callable[[str], Guard]) -> None:
    def panel_allow(g: Guard) -> None:
        g.panel.allow_column_text.value = "email"
        g.panel.allow_column_button.click()

    def panel_deny(g: Guard) -> None:
        g.panel.allowed_columns.value = "email"
        g.panel.remove_column_button.click()

    allows = {
        "magic": lambda g: g.magic("allow column email"),
        "panel": panel_allow,
        "sidebar": lambda g: g.message({"type": "allow_column", "column": "email"}),
    }
    guards = {caller: _apply(fresh, caller, None, act) for caller, act in allows.items()}
    assert guards["panel"].session.policy.allow_columns == ("email",)
    _check(guards, [{"event": "allow", "kind": "column", "target": "email"}], [("policy", {"allow": "column"})])

    denies = {
        "magic": lambda g: g.magic("deny column email"),
        "panel": panel_deny,
        "sidebar": lambda g: g.message({"type": "disallow_column", "column": "email"}),
    }
    guards = {caller: _apply(fresh, caller, allows[caller], act) for caller, act in denies.items()}
    assert guards["sidebar"].session.policy.allow_columns == ()
    _check(guards, [{"event": "deny", "kind": "column", "target": "email"}], [("policy", {"deny": "column"})])


def test_on_and_off_are_the_same_from_every_caller(fresh: Callable[[str], Guard]) -> None:
    acts = {
        "magic": lambda g: g.magic("off"),
        "panel": lambda g: setattr(g.panel.guard_toggle, "value", False),
        "sidebar": lambda g: g.message({"type": "set_enabled", "enabled": False}),
    }
    guards = {caller: _apply(fresh, caller, None, act) for caller, act in acts.items()}
    assert not any(g.session.enabled for g in guards.values())
    for caller, guard in guards.items():
        assert guard.written == [{"event": "off", "enabled": False, **EXTRA[caller]}], caller
        assert guard.events == [("enabled", {"enabled": False})], caller


# ----------------------------------------------------------------------------------------------
# the commands two callers have
# ----------------------------------------------------------------------------------------------
def test_allowed_values_and_patterns_are_recorded_by_kind_only(fresh: Callable[[str], Guard]) -> None:
    def panel_allow(kind: str, text: str) -> Callable[[Guard], None]:
        def act(g: Guard) -> None:
            g.panel.secret.value = text  # synced on Enter; moved into the kernel at once
            (g.panel.allow_value_button if kind == "value" else g.panel.allow_pattern_button).click()

        return act

    for kind, text in (("value", SECRET_VALUE), ("pattern", SECRET_PATTERN)):
        acts = {"magic": lambda g, k=kind, t=text: g.magic(f"allow {k} {t}"), "panel": panel_allow(kind, text)}
        guards = {caller: _apply(fresh, caller, None, act) for caller, act in acts.items()}
        assert getattr(guards["panel"].session.policy, f"allow_{kind}s") == (text,)
        _check(guards, [{"event": "allow", "kind": kind, "target": f"<{kind}>"}], [("policy", {"allow": kind})])

        def panel_remove(g: Guard, k: str = kind) -> None:
            g.panel.allowed_secrets.value = (f"{k}s", 0)
            g.panel.remove_selected_button.click()

        denies = {"magic": lambda g, k=kind, t=text: g.magic(f"deny {k} {t}"), "panel": panel_remove}
        guards = {caller: _apply(fresh, caller, acts[caller], act) for caller, act in denies.items()}
        assert getattr(guards["magic"].session.policy, f"allow_{kind}s") == ()
        _check(guards, [{"event": "deny", "kind": kind, "target": f"<{kind}>"}], [("policy", {"deny": kind})])


def test_default_threshold_from_the_magic_and_the_panel(fresh: Callable[[str], Guard]) -> None:
    acts = {
        "magic": lambda g: g.magic("config min_score=0.7"),
        "panel": lambda g: setattr(g.panel.min_score, "value", 0.7),
    }
    guards = {caller: _apply(fresh, caller, None, act) for caller, act in acts.items()}
    assert guards["panel"].session.policy.min_score == 0.7
    # the panel's record has always carried the score it set, the magic's only the setting's name
    _check(
        guards,
        [{"event": "config", "setting": "min_score"}],
        [("policy", {"config": ["min_score"]})],
        also={"panel": {"score": 0.7}},
    )


def test_reveal_from_the_magic_and_the_panel(fresh: Callable[[str], Guard]) -> None:
    def panel_reveal(g: Guard) -> None:
        g.panel.reveal_variable.value = "df"
        g.panel.reveal_columns.value = ("email",)
        g.panel.reveal_button.click()
        assert g.panel._reveal_live

    def magic_reveal(g: Guard) -> None:
        g.magic("reveal df email")

    def revealed(act: Callable[[Guard], None]) -> Callable[[Guard], None]:
        def run(g: Guard) -> None:
            act(g)
            assert g.ext.display.pending_reveals == 1  # the display guard's own reveal, taken back later

        return run

    acts = {"magic": revealed(magic_reveal), "panel": revealed(panel_reveal)}
    guards = {caller: _apply(fresh, caller, None, act) for caller, act in acts.items()}
    record = {"event": "reveal", "variable": "df", "columns": ["email"], "kind": "DataFrame", "decision": "revealed"}
    # the magic's reveal record has never carried a scope, the panel's has
    assert guards["magic"].written == [record]
    assert guards["panel"].written == [{**record, "scope": "panel"}]
    assert guards["magic"].events == guards["panel"].events
    assert ("reveal", {"label": "df", "columns": ["email"]}) in guards["magic"].events
    for guard in guards.values():
        _no_seeded_values(guard)


# ----------------------------------------------------------------------------------------------
# the commands of one caller, and the differences the others keep
# ----------------------------------------------------------------------------------------------
def test_per_entity_threshold_from_the_panel(fresh: Callable[[str], Guard]) -> None:
    guard = _apply(fresh, "panel", None, lambda g: setattr(g.panel._entity_rows["US_SSN"][1], "value", 0.9))
    assert guard.session.policy.thresholds == {"US_SSN": 0.9}
    assert guard.written == [
        {"event": "policy", "entities": ["US_SSN"], "setting": "thresholds", "score": 0.9, "scope": "panel"}
    ]
    assert guard.events == [("policy", {"thresholds": {"US_SSN": 0.9}})]


def test_a_repeated_edit_is_recorded_again_by_magic_and_sidebar_but_not_by_the_panel(
    fresh: Callable[[str], Guard],
) -> None:
    def panel_allow(g: Guard) -> None:
        g.panel.allow_column("email")

    allows: dict[str, Callable[[Guard], Any]] = {
        "magic": lambda g: g.magic("allow column email"),
        "panel": panel_allow,
        "sidebar": lambda g: g.message({"type": "allow_column", "column": "email"}),
    }
    guards = {caller: _apply(fresh, caller, act, act) for caller, act in allows.items()}
    assert len(guards["magic"].written) == len(guards["sidebar"].written) == 1
    assert guards["panel"].written == [] and guards["panel"].events == []
    assert all(g.session.policy.allow_columns == ("email",) for g in guards.values())


def test_magic_only_commands_config_deny_as_entity_and_reset(fresh: Callable[[str], Guard]) -> None:
    guard = _apply(fresh, "magic", None, lambda g: g.magic("config strict=true reveal_seconds=5"))
    assert guard.session.policy.strict is True and guard.ext.display.reveal_seconds == 5.0
    assert guard.written == [
        {"event": "config", "setting": "strict", "scope": "session"},
        {"event": "config", "setting": "reveal_seconds", "scope": "session"},
    ]
    assert guard.events == [("policy", {"config": ["strict", "reveal_seconds"]})]

    guard = _apply(fresh, "magic", None, lambda g: g.magic("deny column notes PERSON"))
    assert guard.session.policy.columns == {"notes": "PERSON"}
    assert guard.written == [
        {"event": "deny", "kind": "column", "target": "notes", "entities": ["PERSON"], "scope": "session"}
    ]
    assert guard.events == [("policy", {"deny": "column"})]

    guard = _apply(fresh, "magic", lambda g: g.magic("policy US_SSN=keep"), lambda g: g.magic("policy reset"))
    assert "US_SSN" not in guard.session.policy.actions
    assert guard.written == [{"event": "policy", "action": "reset", "scope": "session"}]
    assert guard.events == []  # a reset has never emitted an event


# ----------------------------------------------------------------------------------------------
# errors and the operator registry
# ----------------------------------------------------------------------------------------------
def test_errors_keep_each_callers_wording(fresh: Callable[[str], Guard]) -> None:
    from IPython.core.error import UsageError

    from jupyter_privguard.errors import PolicyError

    guard = fresh("errors")
    choices = "keep, mask, redact, hash, pseudonymize, generalize, drop"
    with pytest.raises(
        UsageError, match=f"^%privguard policy: actions.EMAIL_ADDRESS must be one of {choices}, got 'x'$"
    ):
        guard.ip.run_line_magic("privguard", "policy EMAIL_ADDRESS=x")
    with pytest.raises(UsageError, match="^%privguard policy: unknown entity 'nope'; known entities: "):
        guard.ip.run_line_magic("privguard", "policy nope=mask")
    with pytest.raises(
        pgcomm.CommError, match=f"^set_action: actions.EMAIL_ADDRESS must be one of {choices}, got 'x'$"
    ):
        guard.message({"type": "set_action", "entity": "EMAIL_ADDRESS", "action": "x"})
    with pytest.raises(pgcomm.CommError, match="^set_action: unknown entity 'NOPE'; known entities: "):
        guard.message({"type": "set_action", "entity": "nope", "action": "mask"})
    with pytest.raises(UsageError, match="^%privguard deny: column email is not in the allow list; "):
        guard.ip.run_line_magic("privguard", "deny column email")
    with pytest.raises(UsageError, match="^%privguard config: reveal_seconds must be a number of seconds >= 0$"):
        guard.ip.run_line_magic("privguard", "config reveal_seconds=-1")
    panel = _panel(guard)
    with pytest.raises(PolicyError, match=f"^actions.EMAIL_ADDRESS must be one of {choices}, got 'x'$"):
        panel.set_action("EMAIL_ADDRESS", "x")
    with pytest.raises(ValueError, match="^reveal: df has no column 'nope'$"):
        panel.reveal("df", ["nope"])
    with pytest.raises(UsageError, match="^%privguard reveal: df has no column 'nope'; its columns: email, ssn"):
        guard.ip.run_line_magic("privguard", "reveal df nope")
    assert [r for r in guard.records() if r["event"] in ("policy", "deny", "config", "reveal")] == []


def test_actions_come_from_the_sessions_operator_registry(fresh: Callable[[str], Guard]) -> None:
    from IPython.core.error import UsageError

    from jupyter_privguard.redaction import OperatorRegistry

    guard = fresh("registry")
    full = OperatorRegistry.default()
    without_drop = OperatorRegistry([op for op in full if op.name != "drop"])
    guard.session.registries.set("operators", without_drop)
    names = list(without_drop.names())
    # the sidebar's and the panel's choices are the registered operators
    assert pgcomm.build_state(guard.session)["actions"] == names
    panel = _panel(guard)
    assert list(panel._entity_rows["EMAIL_ADDRESS"][0].options) == names
    # and an action outside the registry is refused with the same words as before
    with pytest.raises(UsageError, match=f"must be one of {', '.join(names)}, got 'drop'$"):
        guard.ip.run_line_magic("privguard", "policy EMAIL_ADDRESS=drop")
    with pytest.raises(pgcomm.CommError, match="got 'drop'$"):
        guard.message({"type": "set_action", "entity": "EMAIL_ADDRESS", "action": "drop"})
    assert "EMAIL_ADDRESS" not in guard.session.policy.actions


def test_the_policy_source_names_each_caller_once_where_it_last_edited(fresh: Callable[[str], Guard]) -> None:
    # the demo printed "policy: from defaults+%privguard+%privguard" after two magics (issue 15)
    guard = fresh("magic")
    start = guard.session.policy.source
    guard.magic("policy EMAIL_ADDRESS=mask")
    guard.magic("policy PHONE_NUMBER=hash")
    assert guard.session.policy.source == start + "+%privguard"
    _panel(guard)._entity_rows["EMAIL_ADDRESS"][0].value = "redact"
    assert guard.session.policy.source == start + "+%privguard+panel"
    guard.magic("policy EMAIL_ADDRESS=mask")
    # an earlier tag moves to the end rather than repeating
    assert guard.session.policy.source == start + "+panel+%privguard"
    assert guard.session.policy.source.count("%privguard") == 1


def test_a_reveal_leaves_the_session_report_as_the_policy_says(fresh: Callable[[str], Guard]) -> None:
    # the sidebar and the panel read session.reports: a revealed column was shown there as "allowed" (issue 15)
    from IPython.utils.capture import capture_output

    guard = fresh("magic")
    guard.run("df")
    before = guard.session.reports["df"].columns["email"]
    assert before.is_pii and not before.allowed
    with capture_output() as captured:
        guard.ip.run_line_magic("privguard", "reveal df email")
    after = guard.session.reports["df"].columns["email"]
    assert after.is_pii and not after.allowed, "a reveal allowed the column in the session's report"
    assert not guard.session.policy.column_allowed("email")
    payloads = [o.data.get(render.REPORT_MIME) for o in captured.outputs if render.REPORT_MIME in o.data]
    assert payloads, "the revealed output carries no report"
    marked = payloads[-1]["report"]["columns"]["email"]
    assert marked.get("revealed") is True and not marked.get("allowed")
    assert payloads[-1]["revealed"] == ["email"]
