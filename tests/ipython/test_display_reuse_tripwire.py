"""The tripwire skips its exact pass only over the very MIME values the display guard's pass found clean.

A real jupyter_client Session carries the messages; the vouch is trusted for exactly the text it was
given, at the session's version of learned values and policy, and only on a guarded bundle. Any
changed byte, any value learned in between, a changed policy or an unmarked message: the full check.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from typing import Any

import pytest
from jupyter_client.session import Session
from seeded import KERNEL_PARENT, Socket, faker_people, run

from jupyter_privguard.integrations.ipython import tripwire
from jupyter_privguard.integrations.ipython.messages import is_vouched, vouch_bundle
from jupyter_privguard.integrations.ipython.tripwire import install, mark_guarded
from jupyter_privguard.policy import Policy
from jupyter_privguard.session import GuardSession

PEOPLE = faker_people(12, seed=31, locales=("en_US", "nl_NL", "pl_PL"))


class _Shell:
    def __init__(self, session: Session) -> None:
        self.kernel = types.SimpleNamespace(session=session)
        self.user_ns: dict[str, Any] = {}
        self.events = None


@pytest.fixture()
def guard() -> GuardSession:
    g = GuardSession(policy=Policy(ner="off"))
    g.remember_values([p["name"] for p in PEOPLE[:6]], "PERSON")
    return g


@pytest.fixture()
def wire(guard: GuardSession) -> Iterator[tuple[Session, Socket, list[str]]]:
    ksession = Session(key=b"")
    socket = Socket(ksession)
    handle = install(_Shell(ksession), guard)
    checked: list[str] = []
    real = tripwire.redact_text

    def counting(text: str, *args: Any, **kwargs: Any) -> Any:
        checked.append(text)
        return real(text, *args, **kwargs)

    tripwire.redact_text = counting  # type: ignore[assignment]
    try:
        yield ksession, socket, checked
    finally:
        tripwire.redact_text = real  # type: ignore[assignment]
        handle.uninstall()


def _bundle(i: int = 6) -> dict[str, Any]:
    p = PEOPLE[i]
    return {
        "text/plain": f"order of <PERSON>, plan {p['plan']}, amount {p['amount']}",
        "text/html": f"<table><tr><td>&lt;PERSON&gt;</td><td>{p['sku']}</td></tr></table>",
        "application/vnd.jupyter-privguard.report+json": {"columns": {"name": {"entity": "PERSON"}}, "n": 3},
    }


def _send(ksession: Session, socket: Socket, data: dict[str, Any], *, guarded: bool = True) -> dict[str, Any]:
    content = {"data": data, "metadata": mark_guarded() if guarded else {}}
    ksession.send(socket, "display_data", content, parent=KERNEL_PARENT, ident=b"topic")
    out: dict[str, Any] = socket.of_type("display_data")[-1]["content"]["data"]
    return out


def test_a_vouched_bundle_is_not_walked_again(guard: GuardSession, wire: Any) -> None:
    ksession, socket, checked = wire
    data = _bundle()
    assert vouch_bundle(guard, data, data) == 3
    out = _send(ksession, socket, data)
    assert out == data
    assert not [t for t in checked if t in data.values() or "PERSON" in t]


def test_a_changed_byte_is_checked(guard: GuardSession, wire: Any) -> None:
    ksession, socket, checked = wire
    data = _bundle()
    vouch_bundle(guard, data, data)
    known = PEOPLE[0]["name"]
    changed = dict(data, **{"text/html": data["text/html"].replace("&lt;PERSON&gt;", known)})
    out = _send(ksession, socket, changed)
    assert known not in repr(out)
    assert changed["text/html"] in checked


def test_a_value_learned_in_between_is_found(guard: GuardSession, wire: Any) -> None:
    ksession, socket, _ = wire
    later = PEOPLE[9]["name"]
    data = dict(_bundle(), **{"text/plain": f"note: {later} called"})
    vouch_bundle(guard, data, data)
    assert is_vouched(guard, "text/plain", data["text/plain"])
    guard.remember_values([later], "PERSON")
    assert not is_vouched(guard, "text/plain", data["text/plain"])
    assert later not in repr(_send(ksession, socket, data))


def test_a_changed_policy_or_an_unmarked_message_is_checked(guard: GuardSession, wire: Any) -> None:
    ksession, socket, _ = wire
    email = PEOPLE[2]["email"]
    data = dict(_bundle(), **{"text/plain": f"reply to {email}"})
    vouch_bundle(guard, data, data)
    # unmarked: the pattern tier runs over everything, whatever was vouched
    assert email not in repr(_send(ksession, socket, data, guarded=False))
    guard.policy = guard.policy.replace(min_score=0.6)
    assert not is_vouched(guard, "text/plain", data["text/plain"])


def test_what_the_pass_changed_is_not_vouched(guard: GuardSession) -> None:
    before = _bundle()
    after = dict(before, **{"text/plain": "<PERSON> again"})
    assert vouch_bundle(guard, before, after) == 2
    assert not is_vouched(guard, "text/plain", after["text/plain"])


def test_the_display_guard_vouches_for_its_own_bundle(ip: Any) -> None:
    """End to end: a frame shown by the display guard reaches the tripwire, which walks none of its data."""
    import pandas as pd

    from jupyter_privguard.integrations.loaded import EXTENSIONS

    people = faker_people(200, seed=4)
    ip.user_ns["people"] = pd.DataFrame(people)
    assert run(ip, "people")["success"]
    extension = EXTENSIONS[id(ip)]
    data, metadata = extension.display.bundle(ip.user_ns["people"])
    ksession = Session(key=b"")
    socket = Socket(ksession)
    handle = install(_Shell(ksession), extension.session)
    checked: list[str] = []
    real = tripwire.redact_text

    def counting(text: str, *args: Any, **kwargs: Any) -> Any:
        checked.append(text)
        return real(text, *args, **kwargs)

    tripwire.redact_text = counting  # type: ignore[assignment]
    try:
        ksession.send(socket, "display_data", {"data": data, "metadata": metadata}, parent=KERNEL_PARENT)
    finally:
        tripwire.redact_text = real  # type: ignore[assignment]
        handle.uninstall()
        ip.user_ns.pop("people", None)
    sent = socket.of_type("display_data")[-1]["content"]
    assert sent["data"] == data
    assert not [t for t in checked if t in (data["text/plain"], data["text/html"])]
    for person in people:
        for key in ("name", "email", "phone"):
            assert person[key] not in data["text/html"] and person[key] not in data["text/plain"]
