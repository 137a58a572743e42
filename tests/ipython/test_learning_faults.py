"""Fault injection for every learning step: the scan raising, remembering raising, the reader hook raising.

In each case the user's read still completes, no personal value shows (it prints as a placeholder, or the
output is withheld with a fixed text), and once the fault is gone the next walk learns the object properly.
The outputs are checked the way the kernel checks them: through the output tripwire on a real
jupyter_client ``Session`` whose shell namespace is the real IPython shell's.
"""

from __future__ import annotations

import json
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from jupyter_client.session import Session
from seeded import EXT, PLANS, Socket, faker_people, magic, personal_values, run

from jupyter_privguard.integrations.ipython import ingress, learning, tripwire
from jupyter_privguard.session import GuardSession, current_session
from jupyter_privguard.textguard import redact_text


class Kernel:
    """A tripwire on a jupyter_client Session, over the namespace of the real shell."""

    def __init__(self, ip: Any) -> None:
        self.ksession = Session(key=b"")
        self.socket = Socket(self.ksession)
        shell = types.SimpleNamespace(
            kernel=types.SimpleNamespace(session=self.ksession), user_ns=ip.user_ns, user_ns_hidden=ip.user_ns_hidden
        )
        self.handle = tripwire.install(shell, current_session())

    def show(self, text: str) -> str:
        """Send ``text`` as stdout, a display and an error; everything that left, as one string."""
        parent = {"msg_id": "c", "msg_type": "execute_request", "session": "s", "username": "u", "date": ""}
        self.socket.sent.clear()
        self.ksession.send(self.socket, "stream", {"name": "stdout", "text": text + "\n"}, parent=parent)
        self.ksession.send(self.socket, "display_data", {"data": {"text/plain": text}, "metadata": {}}, parent=parent)
        error = {"ename": "ValueError", "evalue": text, "traceback": [text]}
        self.ksession.send(self.socket, "error", error, parent=parent)
        return json.dumps([m["content"] for m in self.socket.sent], ensure_ascii=False)


@pytest.fixture
def people() -> list[dict[str, Any]]:
    return faker_people(30, seed=41, locales=("it_IT", "es_ES", "en_US"))


@pytest.fixture
def kip(shell: Any, tmp_path: Path, people: list[dict[str, Any]]) -> Iterator[tuple[Any, Kernel]]:
    """The guard loaded in the real shell, a tripwire over its namespace, and the people as files in ``D``."""
    pd.DataFrame(people).to_csv(tmp_path / "p.csv", index=False)
    (tmp_path / "p.json").write_text(json.dumps(people), encoding="utf-8")
    before = set(shell.user_ns)
    assert shell.extension_manager.load_extension(EXT) is None
    shell.user_ns["D"] = str(tmp_path)
    kernel = Kernel(shell)
    kernel.show("the namespace as it is")  # learnt before any fault is injected
    yield shell, kernel
    kernel.handle.uninstall()
    for name in set(shell.user_ns) - before:
        del shell.user_ns[name]


def _table(people: list[dict[str, Any]]) -> str:
    return "\n".join(f"{p['name']} | {p['email']} | {p['phone']} | {p['plan']}" for p in people)


def _scan_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(frame: Any, session: GuardSession) -> Any:
        raise RuntimeError("scanner down")

    monkeypatch.setattr(learning, "_classify", broken)


def _remember_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> int:
        raise MemoryError

    monkeypatch.setattr(current_session(), "remember_values", broken)


def _leaks(text: str, people: list[dict[str, Any]]) -> list[str]:
    return [v for v in personal_values(people) if v in text]


# -- the scan raising ---------------------------------------------------------------------------------------
def test_a_variable_whose_scan_raises_prints_as_placeholders_and_is_retried(
    kip: tuple[Any, Kernel], people: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    ip, kernel = kip
    learner = learning.learner_for(current_session())
    _scan_fails(monkeypatch)
    ip.user_ns["crm"] = pd.DataFrame(people)
    out = kernel.show(_table(people))  # the walk before the output meets the failing scan
    assert not _leaks(out, people)
    assert learning.UNCLASSIFIED in out and learning.withhold_reason(current_session()) is None
    assert [(what, contained) for what, _, contained in learner.failures()] == [("crm", True)]
    assert "crm" not in current_session().reports  # not marked learned
    monkeypatch.undo()  # the scanner works again: the next walk classifies it
    kernel.show("nothing personal")
    assert "crm" in current_session().reports and not learner.failures()
    out = kernel.show(_table(people))
    assert not _leaks(out, people)


def test_a_reader_whose_scan_raises_still_reads_and_shows_nothing(
    kip: tuple[Any, Kernel], people: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    ip, kernel = kip
    _scan_fails(monkeypatch)
    result = run(ip, "row = pd.read_csv(f'{D}/p.csv').iloc[4]\nprint(row.to_dict())")
    assert result["success"] and _leaks(result["stdout"], people)  # the read worked (the control)
    out = kernel.show(result["stdout"])
    assert not _leaks(out, people)
    monkeypatch.undo()
    kernel.show("x")  # the retry before this output classifies the held result
    assert not learning.learner_for(current_session()).failures()


@pytest.mark.parametrize(
    "code",
    [
        "import csv\nfor r in csv.DictReader(open(f'{D}/p.csv')):\n    print(r)",
        "import csv\nfor r in csv.reader(open(f'{D}/p.csv')):\n    print(r)",
        "import json\nprint(json.load(open(f'{D}/p.json')))",
        "import sqlite3\ncon = sqlite3.connect(':memory:')\ncon.execute('create table t (name, email, phone, plan)')\n"
        "con.executemany('insert into t values (?, ?, ?, ?)', [(r['name'], r['email'], r['phone'], r['plan']) "
        "for r in json.load(open(f'{D}/p.json'))])\nprint(con.execute('select * from t').fetchall())",
    ],
    ids=["DictReader", "csv.reader", "json.load", "sqlite3"],
)
def test_stdlib_readers_whose_scan_raises_show_nothing(
    kip: tuple[Any, Kernel], people: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch, code: str
) -> None:
    ip, kernel = kip
    _scan_fails(monkeypatch)
    result = run(ip, "import json\n" + code)
    assert result["success"], result["error"]
    assert _leaks(result["stdout"], people)
    out = kernel.show(result["stdout"])
    assert not _leaks(out, people)


# -- remembering raising -----------------------------------------------------------------------------------------
def test_when_remembering_raises_every_output_is_withheld_until_learning_succeeds(
    kip: tuple[Any, Kernel], people: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    ip, kernel = kip
    _remember_fails(monkeypatch)
    result = run(ip, "print(pd.read_csv(f'{D}/p.csv').iloc[9].to_dict())")
    assert result["success"] and _leaks(result["stdout"], people)
    reason = learning.withhold_reason(current_session())
    assert reason is not None and "pandas.read_csv" in reason and not _leaks(reason, people)
    out = kernel.show(result["stdout"] + "\nplan: premium")
    assert not _leaks(out, people) and "premium" not in out and out.count("output withheld") >= 3
    monkeypatch.undo()
    out = kernel.show(result["stdout"] + "\nplan: premium")  # the retry before this output succeeds
    assert learning.withhold_reason(current_session()) is None
    assert not _leaks(out, people) and "premium" in out


def test_a_double_fault_on_a_variable_withholds_then_heals(
    kip: tuple[Any, Kernel], people: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    ip, kernel = kip
    _scan_fails(monkeypatch)
    _remember_fails(monkeypatch)
    ip.user_ns["contacts"] = [dict(p) for p in people]
    out = kernel.show(_table(people))
    assert not _leaks(out, people) and "'contacts'" in out and "MemoryError" in out
    status = magic(ip, "status")
    assert "not learnt yet" in status and "contacts (RuntimeError" in status and "WITHHELD" in status
    assert not _leaks(status, people)
    monkeypatch.undo()
    out = kernel.show(_table(people))
    assert not _leaks(out, people) and any(plan in out for plan in PLANS)


def test_a_failed_variable_that_is_deleted_stops_the_withholding(
    kip: tuple[Any, Kernel], people: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    ip, kernel = kip
    _scan_fails(monkeypatch)
    _remember_fails(monkeypatch)
    ip.user_ns["contacts"] = pd.DataFrame(people)
    assert "output withheld" in kernel.show("premium")
    del ip.user_ns["contacts"]
    assert "premium" in kernel.show("premium")


# -- the reader hook raising -------------------------------------------------------------------------------------
def test_a_reader_hook_that_raises_still_reads_and_withholds(
    kip: tuple[Any, Kernel], people: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    ip, kernel = kip

    def broken(*args: Any, **kwargs: Any) -> None:
        raise KeyError("hook")

    monkeypatch.setattr(ingress, "learn_result", broken)
    result = run(ip, "frame = pd.read_csv(f'{D}/p.csv')\nprint(frame.iloc[2].to_dict(), len(frame))")
    assert result["success"] and f"{len(people)}" in result["stdout"]  # the user's read is whole
    out = kernel.show(result["stdout"])
    assert not _leaks(out, people) and "output withheld" in out


def test_a_learner_that_raises_inside_a_row_stream_still_hands_out_every_row(
    kip: tuple[Any, Kernel], people: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    ip, kernel = kip

    def broken(*args: Any, **kwargs: Any) -> None:
        raise ValueError("stream")

    monkeypatch.setattr(ingress._RowStream, "_feed", broken)
    monkeypatch.setattr(learning.Learner, "_fail", broken)
    result = run(ip, "import csv\nrows = list(csv.DictReader(open(f'{D}/p.csv')))\nprint(len(rows), rows[3])")
    assert result["success"] and result["stdout"].startswith(f"{len(people)} ")
    out = kernel.show(result["stdout"])
    assert not _leaks(out, people) and "output withheld" in out


def test_unload_clears_the_withholding(shell: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    shell.extension_manager.load_extension(EXT)
    learning.mark_broken("pandas.read_csv")
    assert learning.withhold_reason(current_session()) is not None
    shell.extension_manager.unload_extension(EXT)
    assert learning.withhold_reason(current_session()) is None


def test_the_withheld_text_names_no_value(people: list[dict[str, Any]]) -> None:
    session = GuardSession()
    learner = learning.learner_for(session)
    learner._failed["x"] = learning._Failure("people", "MemoryError", False)
    text = learning.withhold_reason(session) or ""
    assert "'people'" in text and not _leaks(text, people)
    redacted, _ = redact_text(text, session)
    assert redacted == text
    learning.forget(session)


def test_a_container_that_cannot_be_read_as_a_table_is_learnt_as_unknown(
    kip: tuple[Any, Kernel], people: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    ip, kernel = kip

    def broken(obj: Any, name: str) -> Any:
        raise TypeError("not a table")

    monkeypatch.setattr(learning, "_as_table", broken)
    ip.user_ns["book"] = [tuple(p.values()) for p in people]
    out = kernel.show(_table(people))
    assert not _leaks(out, people) and learning.UNCLASSIFIED in out
    assert learning.withhold_reason(current_session()) is None


# -- a library still being imported ---------------------------------------------------------------------------
def test_a_library_half_way_through_its_import_neither_fails_the_walk_nor_withholds(
    kip: tuple[Any, Kernel], people: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    # `import polars` can print a warning: the tripwire then learns the namespace while sys.modules holds a
    # polars without its classes yet. Recognising frames must skip that module, not fail the walk, which
    # (failing twice) would withhold every output until the kernel restarts.
    import importlib.machinery
    import sys

    ip, kernel = kip
    half = types.ModuleType("polars")
    half.__spec__ = importlib.machinery.ModuleSpec("polars", None)
    half.__spec__._initializing = True  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "polars", half)
    ip.user_ns["rows"] = people
    ip.user_ns["csv_module"] = json  # a module bound to a name is no data
    shown = kernel.show(_table(people))
    learner = learning.learner_for(current_session())
    assert learner.failures() == []
    assert learner.withhold_reason() is None
    assert "withheld" not in shown
    assert _leaks(shown, people) == []
    assert all(p["plan"] in shown for p in people)
