"""Progress bars for long work (issue 15): drawn on a terminal, quiet under CI, off a terminal and when switched off.

The bar's text is searched for the column labels and values of the work it reports: a wide frame whose
column names are personal (one name per column), and leakage fits over named sensitive attributes.
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
import pytest
from printed_tables import people
from seeded import SEEDED_LABELS, staff_frame

from jupyter_privguard import progress as progress_module
from jupyter_privguard.policy import Policy
from jupyter_privguard.progress import TextBar, progress, quiet_reason
from jupyter_privguard.scanner import Scanner


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> _Terminal:
    """Standard error as a terminal, outside CI, bars drawn at once."""
    stream = _Terminal()
    # not sys.stderr itself: pytest puts its own capture back there before each test phase
    monkeypatch.setattr(progress_module, "_stderr", lambda: stream)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("PRIVGUARD_PROGRESS", raising=False)
    monkeypatch.setattr(progress_module, "DELAY_S", 0.0)
    monkeypatch.setattr(progress_module, "_NOTEBOOK", [None])
    return stream


def _work(n: int = 5, **kwargs: Any) -> None:
    with progress(n, "test work", **kwargs) as bar:
        for _ in range(n):
            bar.step()


def test_a_terminal_gets_a_bar_erased_at_the_end(terminal: _Terminal) -> None:
    _work()
    text = terminal.getvalue()
    assert "privguard: test work [" in text and "5/5" in text and "1/5" in text
    assert text.endswith("\r")  # erased: the next output starts on a clean line


@pytest.mark.parametrize("ci", ["1", "true", "yes"])
def test_quiet_under_ci(terminal: _Terminal, monkeypatch: pytest.MonkeyPatch, ci: str) -> None:
    monkeypatch.setenv("CI", ci)
    _work()
    assert terminal.getvalue() == "" and quiet_reason() == "CI"


def test_ci_false_is_not_ci(terminal: _Terminal, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "false")
    _work()
    assert "5/5" in terminal.getvalue()


def test_quiet_when_not_a_terminal(terminal: _Terminal, monkeypatch: pytest.MonkeyPatch) -> None:
    piped = io.StringIO()
    monkeypatch.setattr(progress_module, "_stderr", lambda: piped)
    _work()
    assert piped.getvalue() == "" and quiet_reason() == "not a terminal"


def test_switched_off(terminal: _Terminal, monkeypatch: pytest.MonkeyPatch) -> None:
    _work(enabled=False)
    monkeypatch.setenv("PRIVGUARD_PROGRESS", "0")
    _work()
    assert terminal.getvalue() == ""
    assert Policy.load(env={"PRIVGUARD_PROGRESS": "off"}).progress is False
    assert Policy.from_mapping({"progress": False}).progress is False


def test_the_session_policy_switches_it_off(terminal: _Terminal) -> None:
    from jupyter_privguard.session import current_session

    session = current_session()
    before = session.policy
    session.policy = before.replace(progress=False)
    try:
        _work()
    finally:
        session.policy = before
    assert terminal.getvalue() == ""
    _work()
    assert "5/5" in terminal.getvalue()


def test_quick_work_draws_nothing(terminal: _Terminal, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_module, "DELAY_S", 60.0)
    _work()
    _work(1, minimum=2)
    assert terminal.getvalue() == ""


def test_a_broken_bar_never_stops_the_work(terminal: _Terminal, monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        def __init__(self, *_: Any) -> None:
            raise RuntimeError("no display")

    monkeypatch.setattr(progress_module, "_NOTEBOOK", [Broken])
    _work()  # no error
    bar = TextBar(3, "x", io.StringIO(), delay_s=0)
    bar.stream.close()
    bar.step()  # a closed stream: nothing drawn, no error
    bar.close()


def test_classifying_a_wide_frame_shows_counts_never_labels(terminal: _Terminal) -> None:
    # a pivot with one column per person: the column labels are personal
    names = list(people(260)["full_name"])
    wide = pd.DataFrame({name: [1.5, 2.5, 3.5] for name in names})
    Scanner().scan(wide, policy=Policy(ner="off"))
    text = terminal.getvalue()
    assert "privguard: classifying columns" in text and "260/260" in text
    assert not [n for n in names if n in text or n.split()[0] in text]


def test_a_narrow_frame_and_a_budgeted_scan_show_nothing(terminal: _Terminal) -> None:
    Scanner().scan(people(30), policy=Policy(ner="off"))
    wide = pd.DataFrame({f"c{i}": [1, 2] for i in range(400)})
    Scanner().scan(wide, policy=Policy(ner="off"), columns=[0, 1], budget_s=0.05)
    assert terminal.getvalue() == ""


def test_leakage_fits_show_counts_never_attributes(terminal: _Terminal) -> None:
    pytest.importorskip("sklearn")
    pytest.importorskip("shap")
    from jupyter_privguard import leakage

    frame = staff_frame(400)
    frame["group2"] = frame["sex"].map({"GrpQuokkaF": "GrpWombatM", "GrpWombatM": "GrpQuokkaF"})
    leakage(frame, ["sex", "group2"], target="label")
    text = terminal.getvalue()
    assert "privguard: leakage fits" in text and "2/2" in text
    assert not [w for w in [*SEEDED_LABELS, "sex", "group2", "dept", "noise"] if w in text]
    before = len(text)
    leakage(frame, "sex", target="label", progress=False)
    assert len(terminal.getvalue()) == before


def test_quiet_inside_the_learning_walk(terminal: _Terminal) -> None:
    from jupyter_privguard.progress import quiet

    with quiet():
        _work()
        assert quiet_reason() == "quiet"
    assert terminal.getvalue() == ""
    _work()
    assert "5/5" in terminal.getvalue()
