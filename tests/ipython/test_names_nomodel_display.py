"""Names in free text with no NER model, through a real IPython shell: a shown frame's notes column and
printed text (the output tripwire on a real jupyter_client Session) both lose the whole name.

Nothing here teaches the session a value: the names are found by the gazetteer and context rules
alone (``PRIVGUARD_NER=off``), and no form of a seeded name may be in any output or the audit log.
"""

from __future__ import annotations

import json
import types
from pathlib import Path
from typing import Any

import pandas as pd
from jupyter_client.session import Session
from seeded import KERNEL_PARENT, Socket, everything, run

from jupyter_privguard.integrations.ipython.tripwire import install
from jupyter_privguard.policy import Policy
from jupyter_privguard.session import GuardSession

NOTES = [
    "Called Alice Johnson about the refund.",
    "Spoke with A. Johnson today about the invoice.",
    "M. Dupont a appelé hier pour la facture.",
    "Gesprek met mevrouw de Vries gepland.",
    "Kontakt: Jürgen Wolff, Rückruf erbeten.",
    "Thanks for the update.\nRegards,\nAlice",
]
NAMES = ["Alice", "Johnson", "Dupont", "Vries", "Jürgen", "Wolff"]
KEPT = ["refund", "invoice", "facture", "gepland", "erbeten", "update"]


def forms(value: str) -> list[str]:
    """A value as it may be written in an output: as is, lower and upper case, JSON- and ASCII-escaped."""
    return list(dict.fromkeys([value, value.lower(), value.upper(), json.dumps(value)[1:-1], ascii(value)[1:-1]]))


def leaked(text: str) -> list[str]:
    return [f for name in NAMES for f in forms(name) if f in text]


def test_a_shown_frame_loses_every_whole_name(ip: Any, tmp_path: Path) -> None:
    ip.user_ns["notes"] = pd.DataFrame({"ticket": range(len(NOTES)), "notes": NOTES})
    try:
        result = run(ip, "notes")
    finally:  # the shell is shared: a frame left behind is learnt by the next test's namespace walk
        ip.user_ns.pop("notes", None)
    text = everything(result)
    assert result["success"]
    assert "<PERSON>" in text or "&lt;PERSON&gt;" in text
    assert leaked(text) == []
    assert all(word in text for word in KEPT)
    audit = tmp_path / "audit.jsonl"
    assert leaked(audit.read_text(encoding="utf-8") if audit.exists() else "") == []


def test_printed_notes_lose_every_whole_name() -> None:
    guard = GuardSession(policy=Policy(ner="off"))
    ksession = Session(key=b"")
    socket = Socket(ksession)
    shell = types.SimpleNamespace(kernel=types.SimpleNamespace(session=ksession), user_ns={}, events=None)
    handle = install(shell, guard)
    try:
        text = "\n".join(NOTES) + "\n"
        ksession.send(socket, "stream", {"name": "stdout", "text": text}, parent=KERNEL_PARENT, ident=b"t")
        ksession.send(
            socket,
            "execute_result",
            {"data": {"text/plain": repr(text)}, "metadata": {}, "execution_count": 1},
            parent=KERNEL_PARENT,
            ident=b"t",
        )
    finally:
        handle.uninstall()
    sent = json.dumps([m["content"] for m in socket.sent], ensure_ascii=False)
    assert sent.count("<PERSON>") >= 2 * len(NOTES)
    assert leaked(sent) == []
    assert all(word in sent for word in KEPT)
