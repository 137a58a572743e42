"""Every channel the kernel sends on passes the tripwire: bundle metadata, pager payloads, completions,
comm messages and widget state, unknown message types, the 8 KiB stream hold-back boundary, the
guard's own comm labels, and single-use reveal marks; each new branch fails closed.

Values come from faker in four locales; they are learned into the session the way the display guard
and the ingress readers do (``remember_values``); messages go through a real ``jupyter_client``
Session whose ``send`` the tripwire wraps, their contents built by the real producers where the
IPython layer has them (IPython's inspector for the pager, ipywidgets' own state for comm messages).
"""

from __future__ import annotations

import json
import types
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
from faker import Faker
from jupyter_client.session import Session
from seeded import KERNEL_PARENT as PARENT
from seeded import Socket

from jupyter_privguard.integrations import comm as pgcomm
from jupyter_privguard.integrations.ipython import get_extension, messages, tripwire
from jupyter_privguard.integrations.ipython.tripwire import MARK, install, mark_guarded
from jupyter_privguard.policy import Policy
from jupyter_privguard.scanner import scan
from jupyter_privguard.session import GuardSession

LOCALES = ["en_US", "de_DE", "fr_FR", "es_ES"]


def _people(n: int = 12, seed: int = 11) -> tuple[list[str], list[str]]:
    names: list[str] = []
    emails: list[str] = []
    for i, locale in enumerate(LOCALES):
        fake = Faker(locale)
        fake.seed_instance(seed + i)
        while len(names) < (i + 1) * n // len(LOCALES):
            name = fake.name()
            if len(name) >= 8 and name not in names:
                names.append(name)
                emails.append(fake.email())
    return names, emails


NAMES, EMAILS = _people()
VALUES = NAMES + EMAILS
PLAINS = ["premium", "basic plan", "Widget 3000", "2037.59"]  # non-personal: must stay visible


def _leaks(obj: Any) -> list[str]:
    text = json.dumps(obj, ensure_ascii=False, default=str)
    text_ascii = json.dumps(obj, default=str)
    return [v for v in VALUES if v in text or json.dumps(v)[1:-1] in text_ascii]


class Shell:
    def __init__(self, session: Session) -> None:
        self.kernel = types.SimpleNamespace(session=session)
        self.user_ns: dict[str, Any] = {}
        self.events = None


@pytest.fixture()
def guard() -> GuardSession:
    g = GuardSession(policy=Policy(ner="off"))
    g.remember_values(NAMES, "PERSON", "name")
    return g


@pytest.fixture()
def kernel(guard: GuardSession) -> Iterator[tuple[Session, Socket, Any]]:
    ksession = Session(key=b"")
    socket = Socket(ksession)
    handle = install(Shell(ksession), guard)
    try:
        yield ksession, socket, handle
    finally:
        handle.uninstall()


def _send(kernel: Any, msg_type: str, content: dict[str, Any], **kw: Any) -> dict[str, Any]:
    ksession, socket, _ = kernel
    ksession.send(socket, msg_type, content, parent=PARENT, ident=b"topic", **kw)
    return socket.sent[-1]


# -- bundles: metadata ------------------------------------------------------------------------------
def test_bundle_metadata_is_checked_keys_and_leaves(kernel: Any) -> None:
    # JSON(data, root=...) puts its root label in the metadata; any display can put text there
    metadata = {"application/json": {"expanded": False, "root": NAMES[0]}, "note": {NAMES[1]: EMAILS[1]}}
    data = {"application/json": {"plan": PLAINS[0]}, "text/plain": "<IPython.core.display.JSON object>"}
    for msg_type in ("display_data", "execute_result", "update_display_data", "inspect_reply"):
        msg = _send(kernel, msg_type, {"data": data, "metadata": metadata, "execution_count": 1})
        assert _leaks(msg["content"]) == [], msg_type
        md = msg["content"]["metadata"]
        assert md["application/json"]["expanded"] is False and md["application/json"]["root"] == "<PERSON>"
        assert msg["content"]["data"]["application/json"] == {"plan": PLAINS[0]}


# -- execute_reply payloads -------------------------------------------------------------------------
def test_pager_payloads_and_user_expressions_are_checked(kernel: Any, shell: Any) -> None:
    # what x? / %pinfo x / %page x / %pdef put in the pager: IPython's own inspector bundle
    shell.user_ns["x"] = dict(zip(NAMES, EMAILS, strict=True))
    page = shell.object_inspect_mime("x")
    assert any(n in json.dumps(page) for n in NAMES[:3])  # the control: the pager holds the values
    reply = {
        "status": "ok",
        "execution_count": 4,
        "payload": [
            {"source": "page", "data": page, "start": 0},
            {"source": "page", "data": {"text/plain": "\n".join(VALUES)}, "start": 0},
            {"source": "set_next_input", "text": f"x[{NAMES[2]!r}]", "replace": False},
        ],
        "user_expressions": {"who": {"status": "ok", "data": {"text/plain": repr(NAMES[3])}, "metadata": {}}},
    }
    msg = _send(kernel, "execute_reply", reply)
    content = msg["content"]
    assert _leaks(content) == []
    assert [p["source"] for p in content["payload"]] == ["page", "page", "set_next_input"]
    assert content["payload"][2]["replace"] is False and content["execution_count"] == 4
    assert "<PERSON>" in content["payload"][1]["data"]["text/plain"]
    assert content["user_expressions"]["who"]["status"] == "ok"


def test_completions_that_hold_a_value_are_dropped(kernel: Any) -> None:
    matches = [f'"{n}"' for n in NAMES[:4]] + ["keys", "items", '"plan"']
    typed = [{"start": 3, "end": 3, "text": m, "type": "key", "signature": ""} for m in matches]
    reply = {
        "status": "ok",
        "matches": matches,
        "cursor_start": 3,
        "cursor_end": 3,
        "metadata": {"_jupyter_types_experimental": typed},
    }
    content = _send(kernel, "complete_reply", reply)["content"]
    assert content["matches"] == ["keys", "items", '"plan"']
    assert [t["text"] for t in content["metadata"]["_jupyter_types_experimental"]] == content["matches"]
    assert content["cursor_start"] == 3 and _leaks(content) == []


# -- comm messages: ipywidgets --------------------------------------------------------------------------
def _widget_open(widget: Any) -> dict[str, Any]:
    from ipywidgets import __protocol_version__
    from ipywidgets.widgets.widget import _remove_buffers

    state, buffer_paths, _ = _remove_buffers(widget.get_state())
    return {
        "comm_id": widget.model_id,
        "target_name": "jupyter.widget",
        "data": {"state": state, "buffer_paths": buffer_paths},
    }, {"version": __protocol_version__}


def _widgets() -> list[Any]:
    widgets = pytest.importorskip("ipywidgets")
    out = widgets.Output()
    out.append_stdout(f"{NAMES[5]} <{EMAILS[5]}>\n")
    out.append_display_data({"text/plain": NAMES[6], "image/png": "aGVsbG8="})
    return [
        widgets.HTML(value=f"<b>{NAMES[0]}</b> {PLAINS[0]}"),
        widgets.Label(value=NAMES[1]),
        widgets.Text(value=EMAILS[2], description=NAMES[2]),
        widgets.Dropdown(options=[NAMES[3], NAMES[4], PLAINS[1]], description="who"),
        out,
        widgets.FloatProgress(value=3, max=10, description=NAMES[7]),  # tqdm's bar, its description a value
    ]


def test_widget_state_is_checked_and_protocol_kept(kernel: Any) -> None:
    for widget in _widgets():
        content, metadata = _widget_open(widget)
        before = content["data"]["state"]
        assert _leaks(before), "the control: the widget's state holds a value"
        msg = _send(kernel, "comm_open", content, metadata=metadata)
        after = msg["content"]["data"]["state"]
        assert _leaks(msg) == [], before["_model_name"]
        assert msg["content"]["comm_id"] == widget.model_id and msg["content"]["target_name"] == "jupyter.widget"
        assert msg["metadata"] == metadata
        assert set(after) == set(before)  # trait names kept
        for key in ("_model_name", "_model_module", "_model_module_version", "_view_name", "layout"):
            assert after[key] == before[key], key
    html = _widgets()[0]
    content, metadata = _widget_open(html)
    value = _send(kernel, "comm_open", content, metadata=metadata)["content"]["data"]["state"]["value"]
    assert value == f"<b>&lt;PERSON&gt;</b> {PLAINS[0]}"  # escaped in HTML, so the placeholder shows


def test_widget_updates_and_message_metadata_are_checked(kernel: Any) -> None:
    update = {
        "comm_id": "c1",
        "data": {"method": "update", "state": {"value": NAMES[8], "_options_labels": NAMES[9:]}, "buffer_paths": []},
    }
    msg = _send(kernel, "comm_msg", update, metadata={"note": EMAILS[8]})
    assert _leaks(msg) == [] and msg["content"]["data"]["method"] == "update"
    assert msg["content"]["data"]["state"]["value"] == "<PERSON>" and msg["metadata"]["note"] == "<EMAIL_ADDRESS>"
    custom = {"comm_id": "c2", "data": {"content": {"rows": [{"who": NAMES[10], "plan": PLAINS[1]}]}}}
    got = _send(kernel, "comm_msg", custom)["content"]["data"]["content"]["rows"][0]
    assert got == {"who": "<PERSON>", "plan": PLAINS[1]}
    closed = _send(kernel, "comm_close", {"comm_id": "c2", "data": {"bye": NAMES[11]}})
    assert _leaks(closed) == []


def test_binary_buffers_pass_as_they_are(kernel: Any) -> None:
    # pixels and arrays cannot be read: the buffers go as they are (the JSON part is checked)
    content = {
        "comm_id": "c3",
        "data": {"method": "update", "state": {"description": NAMES[0]}, "buffer_paths": [["value"]]},
    }
    msg = _send(kernel, "comm_msg", content, buffers=[b"\x89PNG..."])
    assert msg["buffers"][0].tobytes() == b"\x89PNG..." and _leaks(msg["content"]) == []


# -- unknown and other message types ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "msg_type, content",
    [
        ("history_reply", {"status": "ok", "history": [[0, 1, f"x = {NAMES[0]!r}"], [0, 2, ["x", repr(EMAILS[0])]]]}),
        ("input_request", {"prompt": f"Is {NAMES[1]} right? ", "password": False}),
        ("debug_reply", {"body": {"variables": [{"name": "who", "value": repr(NAMES[2]), "variablesReference": 0}]}}),
        ("debug_event", {"event": "output", "body": {"output": EMAILS[3]}}),
        ("some_future_reply", {"status": "ok", "anything": {"deep": [NAMES[4], {NAMES[5]: 1}]}}),
    ],
)
def test_unknown_and_other_types_are_checked_leaf_by_leaf(kernel: Any, msg_type: str, content: dict) -> None:
    assert _leaks(content)
    msg = _send(kernel, msg_type, content)
    assert _leaks(msg["content"]) == [] and set(msg["content"]) == set(content)


def test_protocol_only_types_pass_unchanged(kernel: Any) -> None:
    for msg_type, content in [
        ("status", {"execution_state": "busy"}),
        (
            "kernel_info_reply",
            {"status": "ok", "protocol_version": "5.3", "banner": "Python 3.11.7 (main, Dec  2 2023)"},
        ),
        ("comm_info_reply", {"status": "ok", "comms": {"c1": {"target_name": "jupyter.widget"}}}),
        ("execute_input", {"code": "df.head()", "execution_count": 3}),
    ]:
        assert _send(kernel, msg_type, content)["content"] == content


# -- the 8 KiB hold-back boundary --------------------------------------------------------------------------
@pytest.mark.parametrize("value", [NAMES[0], EMAILS[0], NAMES[7]])
@pytest.mark.parametrize("offset", [-6, -3, -1, 0, 2])
def test_a_value_across_the_hold_back_cut_is_never_split(kernel: Any, value: str, offset: int) -> None:
    ksession, socket, _ = kernel
    # a line longer than MAX_PENDING without a line break; the value straddles where the old cut was
    head_len = tripwire.MAX_PENDING + 100
    filler = ("ab " * head_len)[:head_len]
    cut = head_len + len(value) + 40 - tripwire.PENDING_TAIL  # the old cut: all but the last 512
    start = cut + offset
    text = filler[:start] + " " + value + " " + filler[start:head_len] + " end"
    start += 1
    for chunk in (text[: start + 2], text[start + 2 :]):  # the value arrives in two writes as well
        ksession.send(socket, "stream", {"name": "stdout", "text": chunk}, parent=PARENT, ident=b"t")
    ksession.send(socket, "status", {"execution_state": "idle"}, parent=PARENT, ident=b"t")
    parts = [m["content"]["text"] for m in socket.sent if m["header"]["msg_type"] == "stream"]
    assert len(parts) >= 2, "the long line went out in parts"
    for part in parts:
        assert value not in part
        for n in range(4, len(value)):  # no message ends with the start of the value
            assert not (part.endswith(value[:n]) and len(value[:n].strip()) >= 4), (n, part[-20:])
    assert value not in "".join(parts)


def test_safe_cut_rules() -> None:
    text = "aaaa bbbb Ann Lee cccc"
    spans = [(10, 17, "PERSON")]
    assert messages.safe_cut(text, 13, spans) == 10  # back out of the value
    assert messages.safe_cut(text, 7, []) == 5  # back to the start of the token
    assert messages.safe_cut("x" * 100, 60, []) == 60  # one long token: nothing better
    assert messages.safe_cut("Ann Lee rest", 3, [(0, 7, "PERSON")]) == 7  # a value at the start goes whole


# -- the guard's own comm -------------------------------------------------------------------------------
def test_the_sidebar_state_sends_no_label_that_is_a_value(guard: GuardSession, kernel: Any) -> None:
    people = pd.DataFrame(
        {"name": NAMES, "plan": ["basic", "pro"] * (len(NAMES) // 2), "amount": [float(i) for i in range(len(NAMES))]}
    )
    pivot = people.pivot_table(index="plan", columns="name", values="amount", aggfunc="sum")
    assert list(pivot.columns) == sorted(NAMES)  # the control: every name is a column label
    guard.reports["pivot"] = scan(pivot, policy=guard.policy)
    guard.reports[NAMES[0]] = scan(people, policy=guard.policy)  # a variable named after a person
    state = pgcomm.build_state(guard)
    assert _leaks(state) == []
    labels = [v["label"] for v in state["variables"]]
    assert "pivot" in labels and "<PERSON>" in labels
    columns = next(v for v in state["variables"] if v["label"] == "pivot")["columns"]
    # the whole label is the placeholder (punctuation outside the learned tokens, as in "B.Eng.", may stay)
    assert len(columns) == len(NAMES) and all(c["column"].rstrip(".") == "<PERSON>" for c in columns)
    assert len({c["column_id"] for c in columns}) == len(NAMES)  # each still told apart
    # the sidebar acts by id: the kernel finds the real label
    target = next(c for c in columns if c["column_id"] == pgcomm.column_id(guard, NAMES[3]))
    message = {"version": pgcomm.PROTOCOL_VERSION, "type": "allow_column", "column": "<PERSON>"}
    pgcomm.handle_message(guard, {**message, "column_id": target["column_id"]})
    assert NAMES[3] in guard.policy.allow_columns
    state = pgcomm.build_state(guard)
    assert _leaks(state) == [] and state["policy"]["allow_column_ids"] == [target["column_id"]]
    pgcomm.handle_message(guard, {**message, "type": "disallow_column", "column_id": target["column_id"]})
    assert NAMES[3] not in guard.policy.allow_columns
    with pytest.raises(pgcomm.CommError, match="no column with id"):
        pgcomm.handle_message(guard, {**message, "column_id": "nosuchcolumnid"})
    # non-personal labels stay readable
    assert {"name", "plan", "amount"} <= {c["column"] for v in state["variables"] for c in v["columns"]}
    # and on the wire, the tripwire checks the state message too
    msg = _send(kernel, "comm_msg", {"comm_id": "g", "data": {"version": 1, "type": "state", "state": state}})
    assert _leaks(msg) == [] and msg["content"]["data"]["state"]["variables"] == json.loads(
        json.dumps(state["variables"])
    )


# -- reveals: single use --------------------------------------------------------------------------------
def _reveal(nonce: str | None) -> dict[str, Any]:
    info: dict[str, Any] = {"reveal": True, "version": 1}
    if nonce is not None:
        info["nonce"] = nonce
    return {"data": {"text/plain": f"revealed {NAMES[0]} {EMAILS[0]}"}, "metadata": {MARK: info}}


def test_a_reveal_passes_once_then_is_checked(kernel: Any, guard: GuardSession) -> None:
    nonce = messages.allow_reveal(guard)
    first = _send(kernel, "display_data", _reveal(nonce))
    assert NAMES[0] in first["content"]["data"]["text/plain"]  # the user asked to see it
    replay = _send(kernel, "display_data", _reveal(nonce))  # %%capture cap, then cap.show()
    forged = _send(kernel, "display_data", _reveal("notanonceofthisguard"))
    unmarked = _send(kernel, "display_data", _reveal(None))
    old_style = _send(kernel, "display_data", {**_reveal(None), "metadata": mark_guarded(reveal=True)})
    for msg in (replay, forged, unmarked, old_style):
        assert _leaks(msg["content"]) == []
        assert "<EMAIL_ADDRESS>" in msg["content"]["data"]["text/plain"]  # the pattern tier ran too


def test_a_revoked_reveal_is_checked(kernel: Any, guard: GuardSession) -> None:
    nonce = messages.allow_reveal(guard)
    messages.revoke_reveal(guard, nonce)  # what the display guard does once its publish returned
    assert _leaks(_send(kernel, "display_data", _reveal(nonce))["content"]) == []


def test_the_guard_comms_reveal_message_passes_only_with_its_nonce(kernel: Any, guard: GuardSession) -> None:
    def reveal_message(nonce: str) -> dict[str, Any]:
        data = {"version": 1, "type": "reveal", "id": "r1", "label": "df", "data": {"text/plain": NAMES[1]}}
        return {"comm_id": "g", "data": {**data, "nonce": nonce}}

    nonce = messages.allow_reveal(guard)
    assert NAMES[1] in json.dumps(_send(kernel, "comm_msg", reveal_message(nonce))["content"])
    assert _leaks(_send(kernel, "comm_msg", reveal_message(nonce))["content"]) == []
    assert _leaks(_send(kernel, "comm_msg", reveal_message("forged"))["content"]) == []


# -- fail closed in every new branch -----------------------------------------------------------------------
FAILING = [
    ("metadata", "display_data", {"data": {"image/png": "aGVsbG8="}, "metadata": {"root": NAMES[0]}}),
    (
        "payload",
        "execute_reply",
        {"status": "ok", "execution_count": 2, "payload": [{"source": "page", "data": {"text/plain": NAMES[0]}}]},
    ),
    (
        "comm",
        "comm_open",
        {
            "comm_id": "w1",
            "target_name": "jupyter.widget",
            "data": {"state": {"_model_name": "LabelModel", "value": NAMES[0]}, "buffer_paths": []},
        },
    ),
    ("comm_msg", "comm_msg", {"comm_id": "w1", "data": {"method": "update", "state": {"value": NAMES[0]}}}),
    ("completions", "complete_reply", {"status": "ok", "matches": [NAMES[0]], "cursor_start": 0, "cursor_end": 0}),
    ("unknown", "history_reply", {"status": "ok", "history": [[0, 1, NAMES[0]]]}),
]


@pytest.mark.parametrize("branch, msg_type, content", FAILING, ids=[f[0] for f in FAILING])
def test_a_failing_check_of_a_new_branch_sends_the_placeholder(
    kernel: Any, monkeypatch: pytest.MonkeyPatch, branch: str, msg_type: str, content: dict
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise MemoryError("boom")

    monkeypatch.setattr(tripwire, "redact_text", broken)
    msg = _send(kernel, msg_type, content)
    assert _leaks(msg) == []
    assert "output withheld" in json.dumps(msg["content"]) and "MemoryError" in json.dumps(msg["content"])
    if msg_type == "comm_open":
        assert msg["content"]["comm_id"] == "w1" and msg["content"]["data"]["state"] == {"_model_name": "LabelModel"}
    if msg_type == "execute_reply":
        assert msg["content"]["execution_count"] == 2 and msg["content"]["status"] == "ok"
    assert kernel[2].messages_failed == 1


def test_a_failing_check_of_comm_metadata_drops_it(kernel: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: Any, metadata: Any) -> Any:
        raise MemoryError("boom")

    monkeypatch.setattr(messages.Redactor, "message_metadata", broken)
    msg = _send(kernel, "comm_msg", {"comm_id": "w1", "data": {"method": "custom"}}, metadata={"n": NAMES[0]})
    assert msg["metadata"] == {} and _leaks(msg) == []


def test_a_captured_reveal_in_a_real_shell_cannot_be_replayed(ip: Any) -> None:
    from seeded import EMAILS as SEEDED_EMAILS
    from seeded import run

    # outside a kernel the reveal is published raw, marked with a nonce valid for that one publication
    result = run(ip, "%privguard reveal df email")  # run() captures, as %%capture does
    (output,) = [o for o in result["outputs"] if (o["metadata"].get(MARK) or {}).get("reveal")]
    assert SEEDED_EMAILS[0] in json.dumps(output["data"])
    session = get_extension(ip).session
    assert messages.take_reveal(session, output["metadata"][MARK]["nonce"]) is False  # spent: a replay is checked


def test_labels_checked_in_one_batch_read_as_if_alone(guard: GuardSession) -> None:
    from jupyter_privguard.integrations import labels

    fake = Faker("en_US")
    fake.seed_instance(5)
    phones = [fake.numerify("(4##) 555-####") for _ in range(3)]
    mixed = NAMES[:6] + EMAILS[:3] + phones + ["name", "amount", "plan_2024", "Widget 3000", f"{NAMES[0]}\nsecond line"]
    alone = [labels.label_text(GuardSession(policy=guard.policy), m) for m in mixed]  # nothing known: patterns only
    assert any(a != m for a, m in zip(alone, mixed, strict=True))
    labels.check_labels(guard, mixed)
    batched = [labels.label_text(guard, m) for m in mixed]
    fresh = GuardSession(policy=guard.policy)
    fresh.remember_values(NAMES, "PERSON", "name")
    single = [labels.label_text(fresh, m) for m in mixed]
    assert batched == single
    assert _leaks(batched) == []
    assert batched[-5:-1] == ["name", "amount", "plan_2024", "Widget 3000"]
    guard.remember_values([PLAINS[2]], "PERSON", "other")  # what the guard knows changed: checked again
    assert labels.label_text(guard, PLAINS[2]) == "<PERSON>"


def test_leaves_checked_in_one_batch_read_as_if_alone(guard: GuardSession, monkeypatch: pytest.MonkeyPatch) -> None:
    from jupyter_privguard.textguard import redact_text

    fake = Faker("de_DE")
    fake.seed_instance(9)
    rows = [
        {"who": n, "mail": e, "note": f"ruf {fake.phone_number()} an", "plan": PLAINS[i % 4], "n": 10**9 + i}
        for i, (n, e) in enumerate(zip(NAMES, EMAILS, strict=True))
    ]
    content = {
        "data": {"application/json": {"rows": rows, NAMES[0]: "key", "multi": f"{NAMES[1]}\n{EMAILS[1]}"}},
        "metadata": {"application/json": {"root": NAMES[2]}},
    }

    def check(batch: bool) -> tuple[Any, dict[str, int]]:
        redactor = messages.Redactor(lambda t, m: redact_text(t, guard, markup=m))
        if not batch:
            monkeypatch.setattr(redactor, "prime", lambda content: None)
        return messages.redact_content("display_data", content, redactor), redactor.counts

    batched, one_by_one = check(True), check(False)
    assert batched[0] == one_by_one[0] and _leaks(batched[0]) == []
    assert set(batched[1]) == set(one_by_one[1])
