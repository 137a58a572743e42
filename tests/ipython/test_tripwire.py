"""The output tripwire on a real jupyter_client Session: every output message type, split streams,
fail closed, exact uninstall, learning values from the namespace, and the plot warning."""

from __future__ import annotations

import sys
import types
import warnings
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
from jupyter_client.session import Session
from seeded import KERNEL_PARENT as PARENT
from seeded import Socket

from jupyter_privguard.errors import PrivacyWarning
from jupyter_privguard.integrations.ipython import tripwire
from jupyter_privguard.integrations.ipython.messages import allow_reveal
from jupyter_privguard.integrations.ipython.tripwire import MARK, install, mark_guarded
from jupyter_privguard.policy import Policy
from jupyter_privguard.session import GuardSession

EMAIL = "ada.lovelace@example.org"
CARD = "4111 1111 1111 1111"
NAME = "Hannelore Kowalczyk"


class Events:
    def __init__(self) -> None:
        self.callbacks: dict[str, list[Any]] = {}

    def register(self, name: str, callback: Any) -> None:
        self.callbacks.setdefault(name, []).append(callback)

    def unregister(self, name: str, callback: Any) -> None:
        self.callbacks[name].remove(callback)

    def trigger(self, name: str) -> None:
        for callback in list(self.callbacks.get(name, [])):
            callback(None)


class Shell:
    def __init__(self, session: Session) -> None:
        self.kernel = types.SimpleNamespace(session=session)
        self.user_ns: dict[str, Any] = {}
        self.events = Events()


@pytest.fixture()
def guard() -> GuardSession:
    g = GuardSession(policy=Policy(ner="off"))
    g.remember_values([NAME], "PERSON")
    return g


@pytest.fixture()
def kernel(guard: GuardSession) -> Iterator[tuple[Session, Socket, Shell, Any]]:
    ksession = Session(key=b"")
    socket = Socket(ksession)
    shell = Shell(ksession)
    handle = install(shell, guard)
    try:
        yield ksession, socket, shell, handle
    finally:
        handle.uninstall()


def _send(
    ksession: Session,
    socket: Socket,
    msg_type: str,
    content: dict[str, Any],
    parent: dict | None = None,
    *,
    as_msg: bool = False,
) -> Any:
    if as_msg:  # the way ipykernel's display publisher and OutStream call it
        msg = ksession.msg(msg_type, content, parent=parent or PARENT)
        return ksession.send(socket, msg, ident=b"topic")
    return ksession.send(socket, msg_type, content, parent=parent or PARENT, ident=b"topic")


def _text_of(messages: list[dict[str, Any]]) -> str:
    return repr([m["content"] for m in messages])


# -- bundles ----------------------------------------------------------------------------------------
BUNDLE = {
    "text/plain": f"{NAME} <{EMAIL}>",
    "text/html": f"<table><tr><td>{NAME}</td><td>{EMAIL}</td><td>premium</td></tr></table>",
    "text/markdown": f"| name | email |\n|---|---|\n| {NAME} | {EMAIL} |",
    "text/latex": f"$\\text{{{NAME}}}$",
    "image/svg+xml": f'<svg xmlns="http://www.w3.org/2000/svg"><text x="1" y="2">{NAME}</text></svg>',
    "application/json": {"rows": [{"who": NAME, "card": CARD, "n": 3}], EMAIL: 1},
    "application/vnd.vegalite.v5+json": {"data": {"values": [{"name": NAME, "spend": 10.5}]}},
    "application/vnd.plotly.v1+json": {"data": [{"x": [NAME, "premium"], "y": [1, 2], "type": "bar"}]},
    "image/png": "aGVsbG8=",
}


@pytest.mark.parametrize("msg_type", ["display_data", "execute_result", "update_display_data"])
@pytest.mark.parametrize("as_msg", [False, True], ids=["type", "msg"])
def test_every_text_mime_type_is_redacted(kernel: Any, msg_type: str, as_msg: bool) -> None:
    ksession, socket, _, handle = kernel
    content: dict[str, Any] = {"data": BUNDLE, "metadata": {}}
    if msg_type == "execute_result":
        content["execution_count"] = 1
    if msg_type == "update_display_data":
        content["transient"] = {"display_id": "d1"}
    _send(ksession, socket, msg_type, content, as_msg=as_msg)
    (msg,) = socket.of_type(msg_type)
    data = msg["content"]["data"]
    text = repr(data)
    for value in (NAME, EMAIL, CARD):
        assert value not in text
    assert "premium" in data["text/html"] and data["application/json"]["rows"][0]["n"] == 3
    assert "&lt;PERSON&gt;" in data["text/html"] and "&lt;PERSON&gt;" in data["image/svg+xml"]
    assert data["text/plain"] == "<PERSON> <<EMAIL_ADDRESS>>"
    assert data["application/json"]["<EMAIL_ADDRESS>"] == 1
    assert data["image/png"] == BUNDLE["image/png"]
    assert data["application/vnd.vegalite.v5+json"]["data"]["values"][0]["spend"] == 10.5
    assert handle.messages_redacted == 1


def test_long_integers_in_json_are_checked(kernel: Any, guard: GuardSession) -> None:
    ksession, socket, _, _ = kernel
    guard.remember_values(["6539709347111869"], "CREDIT_CARD")
    _send(
        ksession,
        socket,
        "display_data",
        {"data": {"application/json": {"v": [6539709347111869, 12, 2024]}}, "metadata": {}},
    )
    assert socket.sent[0]["content"]["data"]["application/json"]["v"] == ["<CREDIT_CARD>", 12, 2024]


def test_inspect_reply_is_redacted(kernel: Any) -> None:
    ksession, socket, _, _ = kernel
    _send(
        ksession,
        socket,
        "inspect_reply",
        {"status": "ok", "found": True, "data": {"text/plain": f"x = {EMAIL!r}"}, "metadata": {}},
    )
    assert EMAIL not in _text_of(socket.sent)


def test_reveals_pass_unchanged(kernel: Any, guard: GuardSession) -> None:
    ksession, socket, _, handle = kernel
    # a reveal passes once, with the nonce the display guard registered (forged and replayed marks:
    # tests/ipython/test_tripwire_channels.py)
    nonce = allow_reveal(guard)
    revealed = {"data": {"text/plain": f"revealed {EMAIL} {NAME}"}, "metadata": mark_guarded(reveal=True, nonce=nonce)}
    _send(ksession, socket, "display_data", revealed)
    render_style = {
        "data": {"text/plain": NAME},
        "metadata": {MARK: {"version": 1, "reveal": True, "nonce": allow_reveal(guard)}},
    }
    _send(ksession, socket, "update_display_data", render_style)
    assert [m["content"]["data"]["text/plain"] for m in socket.sent] == [f"revealed {EMAIL} {NAME}", NAME]
    assert handle.messages_checked == 0


def test_guarded_outputs_get_the_exact_index_only(kernel: Any) -> None:
    ksession, socket, _, handle = kernel
    # the display guard's output: what it missed and the session knows is caught; patterns are skipped
    guarded = {
        "data": {"text/plain": f"{NAME} | {EMAIL} | ****1234"},
        "metadata": {MARK: {"version": 1, "redacted": True}},
    }
    _send(ksession, socket, "display_data", guarded)
    assert socket.sent[0]["content"]["data"]["text/plain"] == f"<PERSON> | {EMAIL} | ****1234"
    assert socket.sent[0]["content"]["metadata"] == guarded["metadata"]


def test_paused_guard_passes_everything(kernel: Any, guard: GuardSession) -> None:
    ksession, socket, _, _ = kernel
    guard.enabled = False
    _send(ksession, socket, "stream", {"name": "stdout", "text": f"{EMAIL}\n"})
    assert socket.sent[0]["content"]["text"] == f"{EMAIL}\n"


def test_protocol_messages_are_untouched(kernel: Any) -> None:
    ksession, socket, _, _ = kernel
    # comm messages are checked now (ipywidgets state is saved in the notebook): the first message
    # is redacted, see tests/ipython/test_tripwire_channels.py for every comm path
    _send(ksession, socket, "comm_msg", {"comm_id": "c", "data": {"v": EMAIL}})
    _send(ksession, socket, "kernel_info_reply", {"status": "ok", "banner": EMAIL})
    assert [m["content"] for m in socket.sent] == [
        {"comm_id": "c", "data": {"v": "<EMAIL_ADDRESS>"}},
        {"status": "ok", "banner": EMAIL},
    ]


# -- streams -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "chunks",
    [
        [f"mail {EMAIL}\n"],
        ["mail ada.lov", "elace@example.org\n"],
        ["mail ", "ada", ".", "lovelace@", "example.org", "\n"],
        ["Hanne", "lore Kowal", "czyk\n"],
        ["progress \r", f"{NAME[:7]}", f"{NAME[7:]}\r"],
    ],
    ids=["whole", "split-2", "split-6", "name-split", "carriage-return"],
)
def test_a_value_split_across_stream_messages_is_redacted(kernel: Any, chunks: list[str]) -> None:
    ksession, socket, _, _ = kernel
    for i, chunk in enumerate(chunks):
        _send(ksession, socket, "stream", {"name": "stdout", "text": chunk}, as_msg=bool(i % 2))
    _send(ksession, socket, "status", {"execution_state": "idle"})
    streams = socket.of_type("stream")
    text = "".join(m["content"]["text"] for m in streams)
    assert EMAIL not in text and NAME not in text
    assert text.replace("<EMAIL_ADDRESS>", "").replace("<PERSON>", "") != text
    assert socket.sent[-1]["header"]["msg_type"] == "status"  # held-back text went out before idle


def test_partial_line_is_released_before_other_output_in_order(kernel: Any) -> None:
    ksession, socket, _, _ = kernel
    _send(ksession, socket, "stream", {"name": "stdout", "text": "first line\nno newline yet "})
    _send(ksession, socket, "display_data", {"data": {"text/plain": "a display"}, "metadata": {}})
    kinds = [(m["header"]["msg_type"], m["content"].get("text")) for m in socket.sent]
    assert kinds == [("stream", "first line\n"), ("stream", "no newline yet "), ("display_data", None)]
    assert all(m["parent_header"]["msg_id"] == "cell-1" for m in socket.sent)


def test_streams_of_two_cells_do_not_mix(kernel: Any) -> None:
    ksession, socket, _, _ = kernel
    _send(ksession, socket, "stream", {"name": "stdout", "text": "cell one"})
    _send(ksession, socket, "stream", {"name": "stdout", "text": "cell two\n"}, parent={**PARENT, "msg_id": "cell-2"})
    got = [(m["parent_header"]["msg_id"], m["content"]["text"]) for m in socket.sent]
    assert got == [("cell-1", "cell one"), ("cell-2", "cell two\n")]


def test_stdout_and_stderr_are_buffered_separately(kernel: Any) -> None:
    ksession, socket, _, _ = kernel
    _send(ksession, socket, "stream", {"name": "stdout", "text": "ada.lovelace@"})
    _send(ksession, socket, "stream", {"name": "stderr", "text": "warning!\n"})
    _send(ksession, socket, "stream", {"name": "stdout", "text": "example.org\n"})
    got = [(m["content"]["name"], m["content"]["text"]) for m in socket.sent]
    assert got == [("stderr", "warning!\n"), ("stdout", "<EMAIL_ADDRESS>\n")]


def test_a_very_long_line_is_released_in_parts(kernel: Any) -> None:
    ksession, socket, _, _ = kernel
    _send(ksession, socket, "stream", {"name": "stdout", "text": "x" * 20_000})
    assert len(socket.sent) == 1 and len(socket.sent[0]["content"]["text"]) == 20_000 - tripwire.PENDING_TAIL


# -- errors -------------------------------------------------------------------------------------------
def test_error_tracebacks_are_redacted(kernel: Any) -> None:
    ksession, socket, _, _ = kernel
    content = {
        "ename": "KeyError",
        "evalue": repr(EMAIL),
        "traceback": [
            "\x1b[0;31mKeyError\x1b[0m Traceback",
            f"\x1b[0;31mKeyError\x1b[0m: '{EMAIL}'",
            f"in lookup(\x1b[1m'{NAME}'\x1b[0m)",
        ],
    }
    _send(ksession, socket, "error", content)
    reply = {"status": "error", "execution_count": 3, **content}
    _send(ksession, socket, "execute_reply", reply)
    text = _text_of(socket.sent)
    assert EMAIL not in text and NAME not in text and "Kowalczyk" not in text
    assert socket.sent[0]["content"]["ename"] == "KeyError"
    assert socket.sent[1]["content"]["execution_count"] == 3


# -- fail closed ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "msg_type, content",
    [
        ("display_data", {"data": {"text/plain": EMAIL}, "metadata": {}}),
        ("execute_result", {"data": {"text/html": EMAIL}, "metadata": {}, "execution_count": 2}),
        ("stream", {"name": "stdout", "text": f"{EMAIL}\n"}),
        ("error", {"ename": "ValueError", "evalue": EMAIL, "traceback": [EMAIL]}),
    ],
)
def test_a_failing_check_sends_a_placeholder_never_the_content(
    kernel: Any, monkeypatch: pytest.MonkeyPatch, msg_type: str, content: dict
) -> None:
    ksession, socket, _, handle = kernel

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise MemoryError("boom")

    monkeypatch.setattr(tripwire, "redact_text", broken)
    _send(ksession, socket, msg_type, content)
    (msg,) = socket.sent
    assert EMAIL not in _text_of(socket.sent)
    assert "output withheld" in _text_of(socket.sent) and "MemoryError" in _text_of(socket.sent)
    if msg_type == "execute_result":
        assert msg["content"]["execution_count"] == 2
    assert handle.messages_failed == 1


# -- install / uninstall ----------------------------------------------------------------------------------
def test_uninstall_restores_session_send_exactly(guard: GuardSession) -> None:
    ksession = Session(key=b"")
    shell = Shell(ksession)
    assert "send" not in ksession.__dict__
    handle = install(shell, guard)
    assert "send" in ksession.__dict__ and shell.events.callbacks["post_run_cell"]
    handle.uninstall()
    assert "send" not in ksession.__dict__
    assert ksession.send.__func__ is Session.send
    assert shell.events.callbacks["post_run_cell"] == []
    # an instance attribute that was there before is put back
    own = ksession.send
    ksession.send = own
    handle = install(shell, guard)
    handle.uninstall()
    assert ksession.__dict__["send"] is own


def test_shared_sessions_are_wrapped_once(guard: GuardSession) -> None:
    ksession = Session(key=b"")
    shell = Shell(ksession)
    shell.display_pub = types.SimpleNamespace(session=ksession)
    shell.displayhook = types.SimpleNamespace(session=ksession)
    handle = install(shell, guard)
    try:
        assert len(handle.wrapped) == 1
    finally:
        handle.uninstall()


def test_a_shell_without_a_kernel_gets_an_inactive_handle(guard: GuardSession) -> None:
    shell = types.SimpleNamespace(user_ns={}, events=Events())
    handle = install(shell, guard)
    try:
        assert handle.active is False and "no kernel session" in handle.reason
    finally:
        handle.uninstall()


# -- learning from the namespace ------------------------------------------------------------------------------
def test_values_of_frames_in_the_namespace_are_learned(kernel: Any, guard: GuardSession) -> None:
    ksession, socket, shell, handle = kernel
    phone_book = pd.DataFrame(
        {
            "full_name": ["Wilhelmina Ostrowska", "Bartholomew Quigley", "Xiomara Villanueva"] * 4,
            "plan": ["premium", "basic", "trial"] * 4,
        }
    )
    shell.user_ns["people"] = phone_book
    shell.user_ns["_hidden"] = pd.DataFrame({"full_name": ["Zebulon Featherstonehaugh"] * 12})
    _send(ksession, socket, "stream", {"name": "stdout", "text": phone_book.to_string() + "\n"})
    text = socket.sent[0]["content"]["text"]
    for name in ("Wilhelmina Ostrowska", "Bartholomew Quigley", "Xiomara Villanueva"):
        assert name not in text
    assert "premium" in text and "<PERSON>" in text
    assert "people" in guard.reports
    assert handle.refresh() == 0  # nothing new: no second scan
    shell.user_ns["people"] = phone_book.assign(extra=1)
    assert handle.refresh() == 1
    shell.events.trigger("post_run_cell")  # the after-cell hook runs without error


# -- the plot warning -------------------------------------------------------------------------------------------
@pytest.fixture()
def backend() -> Iterator[str]:
    module = types.ModuleType("privguard_test_plot_backend")
    module.plot = lambda data, kind, **kwargs: ("drawn", kind)  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    yield module.__name__
    del sys.modules[module.__name__]


def _people() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "full_name": ["Wilhelmina Ostrowska", "Bartholomew Quigley"] * 6,
            "spend": [float(i) for i in range(12)],
            "visits": list(range(12)),
        }
    )


@pytest.mark.parametrize(
    "draw",
    [
        lambda df, b: df.plot(x="full_name", y="spend", backend=b),
        lambda df, b: df["full_name"].value_counts().plot.bar(backend=b),
        lambda df, b: df.set_index("full_name")["spend"].plot(backend=b),
        lambda df, b: df.groupby("full_name").size().plot(kind="pie", backend=b),
    ],
    ids=["x-column", "value_counts-labels", "index-labels", "groupby-pie"],
)
def test_plotting_pii_warns(kernel: Any, backend: str, draw: Any) -> None:
    with pytest.warns(PrivacyWarning, match="full_name"):
        assert draw(_people(), backend)[0] == "drawn"


@pytest.mark.parametrize(
    "draw",
    [
        lambda df, b: df.plot(x="visits", y="spend", backend=b),
        lambda df, b: df["spend"].plot.hist(backend=b),
    ],
    ids=["numeric-columns", "numeric-series"],
)
def test_plotting_non_pii_does_not_warn(kernel: Any, backend: str, draw: Any) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        draw(_people(), backend)


def test_plot_hooks_are_removed_on_uninstall(guard: GuardSession) -> None:
    from pandas.plotting._core import PlotAccessor

    before = (
        PlotAccessor.__dict__["__call__"],
        pd.DataFrame.__dict__.get("hist"),
        pd.Series.__dict__.get("hist"),
        pd.DataFrame.__dict__.get("boxplot"),
    )
    handle = install(Shell(Session(key=b"")), guard)
    assert PlotAccessor.__dict__["__call__"] is not before[0]
    handle.uninstall()
    after = (
        PlotAccessor.__dict__["__call__"],
        pd.DataFrame.__dict__.get("hist"),
        pd.Series.__dict__.get("hist"),
        pd.DataFrame.__dict__.get("boxplot"),
    )
    assert all(a is b for a, b in zip(after, before))
