"""The ``jupyter_privguard`` comm: message handling, and a real kernel talking to a fake frontend.

The kernel tests seed known PII, display it, drive the guard through comm messages the way the
JupyterLab sidebar does, and grep every comm message the kernel sent for the seeded values.
"""

from __future__ import annotations

import json
import queue
import time
from typing import Any

import pytest

from jupyter_privguard.integrations import comm as pgcomm
from jupyter_privguard.policy import Policy
from jupyter_privguard.session import GuardSession

SEEDED = {
    "name": ["Ottilie Brannigan", "Casimir Wendeborn", "Philippa Quartermaine"],
    "email": ["ottilie.brannigan@example.org", "c.wendeborn@example.net", "pquartermaine@example.com"],
    "ssn": ["536-22-8714", "219-09-9999", "078-05-1121"],
    "card": ["4539578763621486", "4556737586899855", "4916338506082832"],
    "plan": ["basic", "pro", "team"],
}
SEEDED_VALUES = [v for col, values in SEEDED.items() if col != "plan" for v in values]
FRAME_CODE = f"import pandas as pd\npeople = pd.DataFrame({SEEDED!r})\n"


def _values_in(text: str) -> list[str]:
    return [v for v in SEEDED_VALUES if v in text]


# ---------------------------------------------------------------------------------------------
# handle_message: table-driven, positive and negative rows
# ---------------------------------------------------------------------------------------------
V = pgcomm.PROTOCOL_VERSION


@pytest.mark.parametrize(
    "message, reason, check",
    [
        ({"version": V, "type": "request_state"}, "request", lambda s: s.enabled),
        ({"version": V, "type": "set_enabled", "enabled": False}, "enabled", lambda s: s.enabled is False),
        ({"version": V, "type": "set_enabled", "enabled": True}, "enabled", lambda s: s.enabled is True),
        (
            {"version": V, "type": "set_action", "entity": "EMAIL_ADDRESS", "action": "mask"},
            "policy",
            lambda s: s.policy.action_for("EMAIL_ADDRESS") == "mask",
        ),
        (
            {"version": V, "type": "set_action", "entity": "us_ssn", "action": "HASH"},
            "policy",
            lambda s: s.policy.action_for("US_SSN") == "hash",
        ),
        (
            {"version": V, "type": "allow_column", "column": "email"},
            "policy",
            lambda s: s.policy.allow_columns == ("email",),
        ),
        (
            {"version": V, "type": "disallow_column", "column": "email"},
            "policy",
            lambda s: s.policy.allow_columns == (),
        ),
    ],
)
def test_handle_message_applies(message: dict[str, Any], reason: str, check: Any) -> None:
    session = GuardSession(policy=Policy())
    events: list[str] = []
    session.subscribe(lambda event, payload: events.append(event))
    audited: list[str] = []
    assert pgcomm.handle_message(session, message, audit=lambda event, **kw: audited.append(event)) == reason
    assert check(session)
    if reason != "request":
        assert events and audited, "a change is emitted to listeners and written to the audit log"
        assert session.policy.source.endswith("+sidebar") or message["type"] in ("set_enabled", "disallow_column")


@pytest.mark.parametrize(
    "message, fragment",
    [
        ("not a dict", "expected a JSON object"),
        ({"type": "request_state"}, "protocol version None"),
        ({"version": V + 1, "type": "request_state"}, f"expected {V}"),
        ({"version": V, "type": "explode"}, "unknown message type 'explode'"),
        ({"version": V, "type": "set_enabled", "enabled": "yes"}, "'enabled' to be a bool"),
        ({"version": V, "type": "set_action", "entity": "NOPE", "action": "mask"}, "unknown entity 'NOPE'"),
        ({"version": V, "type": "set_action", "entity": "EMAIL_ADDRESS", "action": "shred"}, "must be one of"),
        ({"version": V, "type": "set_action", "entity": 3, "action": "mask"}, "'entity' to be a str"),
        ({"version": V, "type": "allow_column", "column": "  "}, "expected a column name"),
    ],
)
def test_handle_message_rejects(message: Any, fragment: str) -> None:
    session = GuardSession(policy=Policy())
    before = session.policy
    with pytest.raises(pgcomm.CommError) as info:
        pgcomm.handle_message(session, message)
    assert fragment in str(info.value)
    assert session.policy is before and session.enabled


def test_state_has_names_and_scores_but_no_values(people: Any) -> None:
    from jupyter_privguard.scanner import scan

    session = GuardSession(policy=Policy(allow_values=("support@example.com",), allow_patterns=(r"\d{3}-00",)))
    session.reports["people"] = scan(people, policy=session.policy)
    session.remember_values(people["email"].tolist(), "EMAIL_ADDRESS")
    state = pgcomm.build_state(session)
    text = json.dumps(state)
    variable = state["variables"][0]
    by_column = {c["column"]: c for c in variable["columns"]}
    assert by_column["email"]["entity"] == "EMAIL_ADDRESS" and by_column["email"]["category"] == "direct"
    assert by_column["email"]["action"] == "redact" and 0.5 <= by_column["email"]["score"] <= 1
    assert variable["n_pii"] >= 5 and variable["n_rows"] == len(people)
    assert state["policy"]["n_allow_values"] == 1 and state["policy"]["n_allow_patterns"] == 1
    assert "support@example.com" not in text and r"\d{3}-00" not in text
    for column in ("name", "email", "phone", "ssn", "card", "ip"):
        leaked = [v for v in people[column].astype(str) if len(v) >= 5 and v in text]
        assert not leaked, f"values of {column} travelled in the state"
    assert {e["name"] for e in state["entities"]} >= {"EMAIL_ADDRESS", "US_SSN", "POSTAL_CODE"}


def test_state_reads_risk_results_when_present() -> None:
    session = GuardSession(policy=Policy())
    assert pgcomm.build_state(session)["risk"] == []
    session.risk_results["people"] = {
        "risk": {"verdict": "Re-identification risk high: k = 1", "k": 1, "unique_share": 0.4},
        "leakage": {"verdict": "Proxies found: sex via height.", "attributes": [{"proxies": ["height"]}]},
    }
    risk = pgcomm.build_state(session)["risk"]
    assert risk == [
        {
            "label": "people",
            "kind": "reidentification",
            "verdict": "Re-identification risk high: k = 1",
            "k": 1,
            "unique_share": 0.4,
            "proxies": [],
        },
        {
            "label": "people",
            "kind": "leakage",
            "verdict": "Proxies found: sex via height.",
            "k": None,
            "unique_share": None,
            "proxies": ["height"],
        },
    ]


# ---------------------------------------------------------------------------------------------
# GuardComm with fake comms, inside a real IPython shell
# ---------------------------------------------------------------------------------------------
class FakeComm:
    def __init__(self, comm_id: str) -> None:
        self.comm_id = comm_id
        self.sent: list[Any] = []
        self.closed: Any = None
        self._on_msg: Any = None
        self._on_close: Any = None

    def on_msg(self, callback: Any) -> None:
        self._on_msg = callback

    def on_close(self, callback: Any) -> None:
        self._on_close = callback

    def send(self, data: Any = None) -> None:
        self.sent.append(data)

    def close(self, data: Any = None) -> None:
        self.closed = data

    def receive(self, data: Any) -> None:
        self._on_msg({"content": {"comm_id": self.comm_id, "data": data}})


class FakeManager:
    def __init__(self) -> None:
        self.targets: dict[str, Any] = {}

    def register_target(self, name: str, callback: Any) -> None:
        self.targets[name] = callback

    def unregister_target(self, name: str, callback: Any) -> Any:
        return self.targets.pop(name)


@pytest.fixture()
def shell() -> Any:
    from IPython.testing.globalipapp import get_ipython

    ip = get_ipython()
    yield ip
    ip.run_line_magic("unload_ext", "jupyter_privguard")


def test_guard_comm_in_shell_broadcasts_and_obeys(shell: Any) -> None:
    from jupyter_privguard.integrations.ipython import get_extension

    shell.run_line_magic("load_ext", "jupyter_privguard")
    ext = get_extension(shell)
    assert ext is not None
    manager = FakeManager()
    guard = pgcomm.GuardComm(ext, create_comm=lambda **kw: FakeComm("x"), manager=manager).install()
    assert pgcomm.COMM_TARGET in manager.targets
    frontend = FakeComm("c1")
    manager.targets[pgcomm.COMM_TARGET](frontend, {})  # a sidebar (re)connects
    assert frontend.sent[-1]["type"] == "state" and frontend.sent[-1]["reason"] == "open"

    shell.run_cell(FRAME_CODE + "people", store_history=False)
    last = frontend.sent[-1]
    assert last["reason"] == "display" and last["state"]["variables"][0]["label"] == "people"

    frontend.receive({"version": V, "type": "set_action", "entity": "US_SSN", "action": "mask"})
    assert frontend.sent[-1]["state"]["policy"]["source"].endswith("+sidebar")
    assert shell_session_action(ext, "US_SSN") == "mask"
    frontend.receive({"version": V, "type": "bogus"})
    assert frontend.sent[-1]["type"] == "error" and frontend.sent[-1]["request"] == "bogus"
    n = len(frontend.sent)
    frontend.receive({"version": V, "type": "request_state"})
    assert len(frontend.sent) == n + 1 and frontend.sent[-1]["reason"] == "request"

    assert not _values_in(json.dumps(frontend.sent))
    assert not [n for n in ext.notes if "audit" in n], ext.notes  # the audit log took every change
    guard.uninstall()
    assert frontend.closed == {"version": V, "type": "unloaded"} and not manager.targets


def shell_session_action(ext: Any, entity: str) -> str:
    return str(ext.session.policy.action_for(entity))


def test_load_unload_registers_and_unregisters_target(shell: Any) -> None:
    import comm

    from jupyter_privguard.integrations.ipython import get_extension

    manager = comm.get_comm_manager()
    shell.run_line_magic("load_ext", "jupyter_privguard")
    ext = get_extension(shell)
    assert ext is not None and ext.comm is not None
    assert manager.targets.get(pgcomm.COMM_TARGET) == ext.comm._on_open
    assert "sidebar comm" in ext.status_text()
    shell.run_line_magic("unload_ext", "jupyter_privguard")
    assert pgcomm.COMM_TARGET not in manager.targets
    shell.run_line_magic("load_ext", "jupyter_privguard")  # the fixture unloads it again


# ---------------------------------------------------------------------------------------------
# a real kernel and a frontend speaking the protocol over jupyter_client
# ---------------------------------------------------------------------------------------------
class Frontend:
    """The bits of a JupyterLab kernel connection the sidebar uses, over a blocking client."""

    def __init__(self, client: Any) -> None:
        self.kc = client
        self.comm_messages: list[dict[str, Any]] = []  # every comm message from the kernel
        self.outputs: list[dict[str, Any]] = []

    def drain(self, timeout: float = 0.5) -> None:
        while True:
            try:
                msg = self.kc.get_iopub_msg(timeout=timeout)
            except queue.Empty:
                return
            kind = msg["header"]["msg_type"]
            if kind.startswith("comm_"):
                self.comm_messages.append(msg)
            elif kind in ("display_data", "execute_result", "stream", "error"):
                self.outputs.append(msg)

    def run(self, code: str) -> list[dict[str, Any]]:
        msg_id = self.kc.execute(code, store_history=False)
        reply = self.kc.get_shell_msg(timeout=60)
        assert reply["parent_header"]["msg_id"] == msg_id
        before = len(self.outputs)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=5)
            except queue.Empty:
                break
            kind = msg["header"]["msg_type"]
            if kind.startswith("comm_"):
                self.comm_messages.append(msg)
            elif kind in ("display_data", "execute_result", "stream", "error"):
                self.outputs.append(msg)
            elif (
                kind == "status"
                and msg["content"]["execution_state"] == "idle"
                and msg["parent_header"].get("msg_id") == msg_id
            ):
                break
        assert reply["content"]["status"] == "ok", reply["content"]
        return self.outputs[before:]

    def send(self, comm_id: str, data: dict[str, Any]) -> None:
        msg = self.kc.session.msg("comm_msg", {"comm_id": comm_id, "data": data})
        self.kc.shell_channel.send(msg)
        self.drain(timeout=1.0)

    def comm_info(self) -> dict[str, Any]:
        msg_id = self.kc.comm_info(target_name=pgcomm.COMM_TARGET)
        while True:
            reply = self.kc.get_shell_msg(timeout=30)
            if reply["parent_header"]["msg_id"] == msg_id:
                return dict(reply["content"]["comms"])

    def states(self) -> list[dict[str, Any]]:
        out = []
        for msg in self.comm_messages:
            data = msg["content"].get("data") or {}
            if data.get("type") == "state":
                out.append(data)
        return out


@pytest.fixture(scope="module")
def kernel() -> Any:
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3", startup_timeout=90)
    yield Frontend(kc)
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def _text(outputs: list[dict[str, Any]]) -> str:
    return json.dumps([o["content"] for o in outputs])


@pytest.mark.slow
def test_kernel_comm_round_trip_without_values(kernel: Frontend) -> None:
    assert kernel.comm_info() == {}, "no comm before the guard is loaded"
    kernel.run("%load_ext jupyter_privguard")
    opens = [m for m in kernel.comm_messages if m["header"]["msg_type"] == "comm_open"]
    assert len(opens) == 1 and opens[0]["content"]["target_name"] == pgcomm.COMM_TARGET
    comm_id = opens[0]["content"]["comm_id"]
    assert opens[0]["content"]["data"]["type"] == "state" and opens[0]["content"]["data"]["version"] == V
    # a reloaded page finds the comm again by target name
    assert kernel.comm_info() == {comm_id: {"target_name": pgcomm.COMM_TARGET}}

    shown = _text(kernel.run(FRAME_CODE + "people"))
    assert "ottilie.brannigan@example.org" not in shown and "&lt;EMAIL_ADDRESS&gt;" in shown
    state = kernel.states()[-1]["state"]
    people = next(v for v in state["variables"] if v["label"] == "people")
    entities = {c["column"]: c["entity"] for c in people["columns"]}
    assert entities["email"] == "EMAIL_ADDRESS" and entities["ssn"] == "US_SSN"
    assert state["counts"]["frames_redacted"] >= 1

    # the sidebar's controls, as the kernel receives them
    kernel.send(comm_id, {"version": V, "type": "set_action", "entity": "EMAIL_ADDRESS", "action": "mask"})
    assert next(e for e in kernel.states()[-1]["state"]["entities"] if e["name"] == "EMAIL_ADDRESS")["action"] == "mask"
    masked = _text(kernel.run("people"))
    assert "&lt;EMAIL_ADDRESS&gt;" not in masked and "@example.org" in masked
    assert "ottilie.brannigan@example.org" not in masked

    kernel.send(comm_id, {"version": V, "type": "allow_column", "column": "plan"})
    assert kernel.states()[-1]["state"]["policy"]["allow_columns"] == ["plan"]

    kernel.send(comm_id, {"version": V, "type": "request_state"})
    assert kernel.states()[-1]["reason"] == "request"

    kernel.send(comm_id, {"version": 99, "type": "request_state"})
    errors = [
        m["content"]["data"] for m in kernel.comm_messages if (m["content"].get("data") or {}).get("type") == "error"
    ]
    assert errors and "protocol version 99" in errors[-1]["message"]

    # print() of a seeded value is redacted by the tripwire and counted; the count reaches the sidebar
    kernel.run("print(people.loc[0, 'email'])")
    time.sleep(pgcomm.COALESCE_SECONDS + 0.4)
    kernel.drain(timeout=0.5)
    assert kernel.states()[-1]["state"]["counts"]["outputs_redacted"] >= 1

    kernel.send(comm_id, {"version": V, "type": "set_enabled", "enabled": False})
    assert kernel.states()[-1]["state"]["enabled"] is False
    raw = _text(kernel.run("people"))
    assert "ottilie.brannigan@example.org" in raw, "guard off: the output is unredacted, as asked"
    kernel.send(comm_id, {"version": V, "type": "set_enabled", "enabled": True})

    kernel.run("%unload_ext jupyter_privguard")
    closes = [m for m in kernel.comm_messages if m["header"]["msg_type"] == "comm_close"]
    assert closes and closes[-1]["content"]["data"] == {"version": V, "type": "unloaded"}
    assert kernel.comm_info() == {}

    # the point of it all: not one seeded value in any comm message the kernel sent
    everything = json.dumps([m["content"] for m in kernel.comm_messages])
    assert len(kernel.comm_messages) >= 8
    assert not _values_in(everything), "a seeded PII value travelled over the comm"


@pytest.mark.slow
def test_kernel_frontend_opened_comm_is_answered(kernel: Frontend) -> None:
    """A sidebar may open the comm itself (a reconnect after its comm was closed)."""
    kernel.run("%load_ext jupyter_privguard")
    kernel.comm_messages.clear()
    msg = kernel.kc.session.msg(
        "comm_open",
        {"comm_id": "frontend-1", "target_name": pgcomm.COMM_TARGET, "data": {"version": V, "type": "request_state"}},
    )
    kernel.kc.shell_channel.send(msg)
    kernel.drain(timeout=1.0)
    answers = [m for m in kernel.comm_messages if m["content"].get("comm_id") == "frontend-1"]
    assert answers and answers[0]["content"]["data"]["type"] == "state"
    assert "frontend-1" in kernel.comm_info()
    kernel.run("%unload_ext jupyter_privguard")
