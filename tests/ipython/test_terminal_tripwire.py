"""The terminal tripwire in a real IPython shell without a kernel: sys.stdout, sys.stderr, .buffer, logging, pager.

The shell's streams are replaced by in-memory terminals before the guard loads, so each test reads
exactly what a terminal would have shown. Values come from Faker in two locales (learned from a
DataFrame in the namespace, as a user would have it); they are searched in every form.
"""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
from seeded import EXT, ValueSearch, faker_people

from jupyter_privguard.integrations.ipython import terminal, tripwire


class FakeTerminal(io.TextIOWrapper):
    """A terminal in memory: a real TextIOWrapper over bytes (so ``.buffer`` exists) that says it is a tty."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8", write_through=True)

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return 97

    def shown(self) -> str:
        self.flush()
        raw: io.BytesIO = self.buffer  # type: ignore[assignment]
        return raw.getvalue().decode("utf-8", "surrogateescape")


@pytest.fixture
def people() -> list[dict[str, Any]]:
    return faker_people(8, seed=97, locales=("de_DE", "fr_FR"))


class Term:
    """The shell with two in-memory terminals as stdout and stderr and the guard loaded, from :meth:`start` on.

    Started inside the test, not in a fixture: pytest puts its own capture back on ``sys.stdout`` as
    each phase of a test begins, which would take the in-memory terminals out again.
    """

    def __init__(self, shell: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        self.shell = shell
        self.monkeypatch = monkeypatch
        self.out, self.err = FakeTerminal(), FakeTerminal()
        self.started = False

    def start(self) -> Term:
        if not self.started:
            self.monkeypatch.setattr(sys, "stdout", self.out)
            self.monkeypatch.setattr(sys, "stderr", self.err)
            assert self.shell.extension_manager.load_extension(EXT) is None
            self.started = True
        return self

    def cell(self, code: str) -> str:
        """What the terminal shows for one cell: its stdout, then its stderr."""
        self.start()
        before_out, before_err = len(self.out.shown()), len(self.err.shown())
        self.shell.run_cell(code, store_history=False)
        return self.out.shown()[before_out:] + self.err.shown()[before_err:]


@pytest.fixture
def term(shell: Any, people: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch) -> Iterator[Term]:
    shell.user_ns["people"] = pd.DataFrame(people)
    shell.user_ns["rows"] = people
    shell.user_ns["sys"] = sys  # each test's cells stand alone: no test relies on another's imports
    yield Term(shell, monkeypatch)
    if EXT in shell.extension_manager.loaded:
        shell.extension_manager.unload_extension(EXT)
    for name in ("people", "rows", "v", "who", "sys"):
        shell.user_ns.pop(name, None)


def _values(people: list[dict[str, Any]]) -> list[tuple[str, str]]:
    kinds = {"name": "name", "email": "email", "phone": "number"}
    return [(str(r[k]), kind) for r in people for k, kind in kinds.items()]


def _leaks(people: list[dict[str, Any]], text: str) -> list[str]:
    """The forms in which seeded values appear in ``text`` (never the values themselves)."""
    return sorted(ValueSearch(_values(people)).find(text).values())


# -- every path of the terminal ------------------------------------------------------------------------
CELLS = {
    "print": "print(people.loc[0, 'email'])",
    "print a name": "print('dear', people.loc[1, 'name'])",
    "upper case": "print(people.loc[2, 'name'].upper())",
    "stderr": "import sys; print(people.loc[3, 'email'], file=sys.stderr)",
    "sys.stdout.write": "sys.stdout.write(people.loc[4, 'phone'] + '\\n')",
    "writelines": "sys.stdout.writelines(['a ', people.loc[5, 'email'], '\\n'])",
    "formatted warning": "import warnings; sys.stderr.write(warnings.formatwarning(people.loc[6, 'email'], UserWarning, 'f.py', 1))",
    "traceback": "raise ValueError(people.loc[7, 'email'])",
    "result": "people.loc[0, 'name']",
    "a list of records": "rows[:2]",
}


@pytest.mark.parametrize("path", list(CELLS))
def test_each_path_shows_no_value(term: Term, people: list[dict[str, Any]], path: str) -> None:
    shown = term.cell(CELLS[path])
    assert shown.strip(), "the cell showed nothing: the test would prove nothing"
    assert _leaks(people, shown) == []
    assert "<" in shown  # a typed placeholder stands where the value was


def test_the_control_shell_without_the_guard_shows_them(shell: Any, people: list[dict[str, Any]]) -> None:
    from IPython.utils.capture import capture_output

    shell.user_ns["people"] = pd.DataFrame(people)
    shell.user_ns["rows"] = people
    shell.user_ns["sys"] = sys
    try:
        with capture_output() as captured:
            for code in [*CELLS.values(), *LIBRARY_CELLS.values()]:
                shell.run_cell(code, store_history=False)
        # the displayhook of this test shell publishes through display_pub: its outputs count too
        shown = captured.stdout + captured.stderr + "".join(str(o.data) for o in captured.outputs)
    finally:
        for name in ("people", "rows", "sys"):
            shell.user_ns.pop(name, None)
    # one value per cell (rows[:2] and the rich table show more); the stderr ones too
    assert len(ValueSearch(_values(people)).find(shown)) >= len(CELLS) + len(LIBRARY_CELLS) - 1


def test_non_personal_values_still_print(term: Term, people: list[dict[str, Any]]) -> None:
    r = people[0]
    shown = term.cell(f"print('total', {r['amount']!r}, {r['sku']!r}, {r['plan']!r}, 'Brightfen Wind Chime L19')")
    assert shown == f"total {r['amount']} {r['sku']} {r['plan']} Brightfen Wind Chime L19\n"


def test_a_value_split_across_two_writes_and_a_flush(term: Term, people: list[dict[str, Any]]) -> None:
    code = (
        "v = people.loc[2, 'email']\n"
        "sys.stdout.write('to ' + v[:7]); sys.stdout.flush()\n"
        "_ = sys.stdout.write(v[7:] + ' done\\n')"
    )
    shown = term.cell(code)
    assert _leaks(people, shown) == [] and shown == "to <EMAIL_ADDRESS> done\n"


def test_a_value_split_across_two_buffer_writes(term: Term, people: list[dict[str, Any]]) -> None:
    code = (
        "v = people.loc[1, 'name'].encode()\n"
        "sys.stdout.write('n: '); sys.stdout.buffer.write(v[:3]); sys.stdout.buffer.flush()\n"
        "_ = sys.stdout.buffer.write(v[3:] + b'\\n')"
    )
    shown = term.cell(code)
    assert _leaks(people, shown) == [] and shown == "n: <PERSON>\n"


def test_a_line_without_a_break_is_shown_at_the_end_of_the_cell(term: Term) -> None:
    assert term.cell("_ = sys.stdout.write('12 items')") == "12 items"


def test_held_text_goes_before_the_result_prompt_as_its_own_line(term: Term, people: list[dict[str, Any]]) -> None:
    # held back, the name would be glued to "Out[..]:" and no check would see it as a word
    shown = term.cell("sys.stdout.write('last ' + people.loc[3, 'name']); 42")
    assert _leaks(people, shown) == [] and shown.startswith("last <PERSON>\n")


def test_logging_handlers_made_before_the_guard_are_guarded_and_restored(
    shell: Any, people: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    err = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", err)
    logger = logging.getLogger("privguard-test-terminal")
    handler = logging.StreamHandler()  # bound to the stderr of now, before the guard
    logger.addHandler(handler)
    logger.propagate = False
    shell.user_ns["people"] = pd.DataFrame(people)
    try:
        shell.extension_manager.load_extension(EXT)
        assert handler.stream is sys.stderr and handler.stream is not err
        shell.run_cell("import logging; logging.getLogger('privguard-test-terminal').warning(people.loc[0, 'email'])")
        shown = err.shown()
        assert shown.strip() and _leaks(people, shown) == []
        shell.extension_manager.unload_extension(EXT)
        assert handler.stream is err and sys.stderr is err
    finally:
        logger.removeHandler(handler)
        shell.user_ns.pop("people", None)


def test_the_pager_gets_checked_text(term: Term, people: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch) -> None:
    from IPython.core import page

    paged: list[Any] = []
    # the real pager may pipe to ``less``, past sys.stdout: what it is handed must already be checked
    monkeypatch.setattr(page, "pager_page", lambda data, *a, **k: paged.append(data))
    term.cell("who = people.loc[4, 'email']")
    term.cell("who?")
    term.cell("%page who")
    assert len(paged) == 2
    text = "".join(p["text/plain"] for p in paged)
    assert "<EMAIL_ADDRESS>" in text and _leaks(people, text) == []


def test_streams_pass_through_what_libraries_ask(term: Term) -> None:
    out = term.start().out
    assert isinstance(sys.stdout, terminal.GuardedStream) and isinstance(sys.stderr, terminal.GuardedStream)
    assert sys.stdout.isatty() is True and sys.stdout.fileno() == 97
    assert sys.stdout.encoding == out.encoding and sys.stdout.errors == out.errors
    assert sys.stdout.buffer.raw is out.buffer.raw if hasattr(out.buffer, "raw") else True
    assert sys.stdout.write("abc\n") == 4 and sys.stdout.buffer.write(b"de\n") == 3
    with pytest.raises(TypeError, match="must be str"):
        sys.stdout.write(b"bytes")  # type: ignore[arg-type]


def test_tqdm_writes_its_bar(term: Term) -> None:
    pytest.importorskip("tqdm")
    shown = term.cell("from tqdm import tqdm\nfor _ in tqdm(range(3), desc='rows', file=sys.stderr): pass")
    assert "rows" in shown and "3/3" in shown


def test_status_reports_the_terminal_tripwire(term: Term) -> None:
    shown = term.cell("%privguard status")
    assert "output tripwire (terminal tripwire on stdout, stderr, pager)" in shown
    assert "inactive" not in shown


def test_a_reveal_is_shown_raw_once(term: Term, people: list[dict[str, Any]]) -> None:
    shown = term.cell("%privguard reveal people")
    assert "privguard: revealed" in shown and str(people[0]["email"]) in shown
    # the same value printed afterwards is checked again
    assert _leaks(people, term.cell("print(people.loc[0, 'email'])")) == []


def test_off_shows_raw_and_on_guards_again(term: Term, people: list[dict[str, Any]]) -> None:
    term.cell("%privguard off")
    assert str(people[0]["email"]) in term.cell("print(people.loc[0, 'email'])")
    term.cell("%privguard on")
    assert _leaks(people, term.cell("print(people.loc[0, 'email'])")) == []


# -- fail closed --------------------------------------------------------------------------------------------
def test_a_matcher_that_raises_gives_the_placeholder(
    term: Term, people: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("matcher down")

    monkeypatch.setattr(tripwire, "redact_text", broken)
    shown = term.cell("print('to', people.loc[0, 'email']); print(people.loc[1, 'name'], file=sys.stderr)")
    assert _leaks(people, shown) == []
    assert shown.count("output withheld: the output check failed (RuntimeError)") == 2
    # the pager too
    from IPython.core import page

    paged: list[Any] = []
    monkeypatch.setattr(page, "pager_page", lambda data, *a, **k: paged.append(data))
    term.cell("who = people.loc[2, 'email']\nwho?")
    assert paged and "output withheld" in paged[0]["text/plain"] and _leaks(people, paged[0]["text/plain"]) == []


def test_a_hold_back_that_raises_gives_the_placeholder(
    term: Term, people: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Any, buffer: str) -> tuple[str, str]:
        raise MemoryError

    monkeypatch.setattr(tripwire.TripwireHandle, "split", broken)
    # past the coalescing size, so the split runs while the cell writes (not only at its end)
    shown = term.cell("print(people.loc[0, 'email'], 'x' * 70_000)")
    assert _leaks(people, shown) == [] and "output check failed (MemoryError)" in shown


# -- uninstall -------------------------------------------------------------------------------------------
def test_unload_restores_streams_pager_prompt_and_output(
    shell: Any, people: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = FakeTerminal()
    monkeypatch.setattr(sys, "stdout", out)
    shell.user_ns["people"] = pd.DataFrame(people)
    code = "print('total', 12.5, people.loc[0, 'email'])"
    hooks_before = list(shell.hooks.show_in_pager.chain)
    own = {name: shell.__dict__.get(name) for name in ("prompt_for_code", "_showtraceback")}
    own_hook = shell.displayhook.__dict__.get("start_displayhook")
    try:
        shell.run_cell(code)
        before = out.shown()
        shell.extension_manager.load_extension(EXT)
        shell.run_cell(code)
        assert _leaks(people, out.shown()[len(before) :]) == []
        shell.extension_manager.unload_extension(EXT)
        assert sys.stdout is out and list(shell.hooks.show_in_pager.chain) == hooks_before
        assert {name: shell.__dict__.get(name) for name in own} == own
        assert shell.displayhook.__dict__.get("start_displayhook") is own_hook
        mark = len(out.shown())
        shell.run_cell(code)
        assert out.shown()[mark:] == before
    finally:
        shell.user_ns.pop("people", None)


def test_a_stream_kept_after_unload_writes_through(term: Term) -> None:
    guarded = term.start() and sys.stdout
    term.shell.extension_manager.unload_extension(EXT)
    guarded.write("after unload\n")
    assert term.out.shown().endswith("after unload\n")


def test_a_shell_prompt_is_not_held_back(term: Term, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def fake_prompt() -> str:
        sys.stdout.write("In [9]: ")  # what input() writes when stdin is not a tty
        seen.append(term.out.shown())
        return ""

    monkeypatch.setattr(term.shell, "prompt_for_code", fake_prompt)
    term.start()
    sys.stdout.write("held ")
    assert term.out.shown() == ""
    term.shell.prompt_for_code()
    # what was held goes before the prompt, and the prompt itself is not held back
    assert seen == ["held In [9]: "]
    term.shell.extension_manager.unload_extension(EXT)
    assert term.shell.prompt_for_code is fake_prompt


# -- timing and order ----------------------------------------------------------------------------------------
def test_a_line_shows_while_the_cell_still_runs(term: Term) -> None:
    term.start()
    term.shell.user_ns["_term"] = term.out
    try:
        term.cell("import time\nprint('step 1 of 2: 12.5 s')\ntime.sleep(0.5)\nseen = _term.shown()")
        assert term.shell.user_ns["seen"].endswith("step 1 of 2: 12.5 s\n")
    finally:
        term.shell.user_ns.pop("_term", None)
        term.shell.user_ns.pop("seen", None)


def test_stdout_and_stderr_keep_their_order_on_one_terminal(
    shell: Any, people: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    one = FakeTerminal()
    monkeypatch.setattr(sys, "stdout", one)
    monkeypatch.setattr(sys, "stderr", one)
    shell.user_ns["people"] = pd.DataFrame(people)
    try:
        shell.extension_manager.load_extension(EXT)
        shell.run_cell(
            "import sys; print('one'); print('two', people.loc[0, 'email'], file=sys.stderr); print('three')"
        )
        assert one.shown() == "one\ntwo <EMAIL_ADDRESS>\nthree\n"
    finally:
        if EXT in shell.extension_manager.loaded:
            shell.extension_manager.unload_extension(EXT)
        shell.user_ns.pop("people", None)


def test_input_shows_what_was_held_and_its_prompt(term: Term, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    seen: list[str] = []

    def reads(prompt: str = "") -> str:  # what input() does when stdin is not a tty
        sys.stdout.write(prompt)
        seen.append(term.out.shown())
        return "typed"

    monkeypatch.setattr(builtins, "input", reads)
    term.start()  # the guard wraps the input() it finds
    assert builtins.input is not reads
    term.cell("sys.stdout.write('amount 12.5, ')\nanswer = input('your choice: ')")
    assert seen == ["amount 12.5, your choice: "] and term.shell.user_ns.pop("answer") == "typed"
    term.shell.extension_manager.unload_extension(EXT)
    assert builtins.input is reads


# -- libraries that look at the terminal -------------------------------------------------------------------
LIBRARY_CELLS = {
    "rich": "from rich.console import Console\nConsole(width=100).print('customer', people.loc[0, 'name'], 12.5)",
    "rich table": (
        "from rich.console import Console\nfrom rich.table import Table\nt = Table('name', 'email', 'amount')\n"
        "for i in range(3): t.add_row(people.loc[i, 'name'], people.loc[i, 'email'], str(people.loc[i, 'amount']))\n"
        "Console(width=100).print(t)"
    ),
    "click text": "import click\nclick.echo('to ' + people.loc[1, 'email'])",
    "click bytes": "import click\nclick.echo(('to ' + people.loc[2, 'email']).encode())",
    "click stderr": "import click\nclick.echo(people.loc[3, 'name'], err=True)",
}


@pytest.mark.parametrize("library", list(LIBRARY_CELLS))
def test_libraries_write_through_the_guard(term: Term, people: list[dict[str, Any]], library: str) -> None:
    pytest.importorskip(library.split()[0])
    shown = term.cell(LIBRARY_CELLS[library])
    assert shown.strip() and "Traceback" not in shown
    assert _leaks(people, shown) == []
    if library == "rich table":
        assert str(people[0]["amount"]) in shown and "<EMAIL_ADDRESS>" in shown


def test_help_pages_checked_text(term: Term, people: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch) -> None:
    import pydoc

    paged: list[str] = []

    def fake(text: str, *args: Any) -> None:  # in a tty pydoc pipes to less
        paged.append(text)

    monkeypatch.setattr(pydoc, "pager", fake)
    term.start()  # the guard wraps the pager it finds
    term.cell(
        "class Customer:\n    pass\n"
        "Customer.__doc__ = 'Account of ' + people.loc[0, 'name'] + ', ' + people.loc[0, 'email']\n"
        "help(Customer)"
    )
    assert len(paged) == 1 and "Account of <PERSON>" in paged[0] and _leaks(people, paged[0]) == []
    term.shell.extension_manager.unload_extension(EXT)
    assert pydoc.pager is fake
