"""The output tripwire in a terminal IPython: ``sys.stdout``, ``sys.stderr`` and the pager, checked on the way out.

A terminal IPython (``ipython``, no kernel) has no ``Session.send`` to wrap: ``print``, the result
prompt, tracebacks, ``warnings`` and ``logging`` write straight to the process's streams. So
:func:`install` puts a :class:`GuardedStream` in place of ``sys.stdout`` and ``sys.stderr``. Each
runs the kernel tripwire's own check (:meth:`.tripwire.TripwireHandle.checked_text`: the namespace
walk, the learned values in every form, the pattern and text tiers, the withhold rule and the
fail-closed placeholder) and its own hold-back (:meth:`.tripwire.TripwireHandle.split`): text is
released in whole lines, so a value split over two writes is checked whole. Whole lines wait for
at most :data:`COALESCE_S` or :data:`COALESCE_CHARS` and are checked in one pass (ipykernel batches
a stream the same way), so a loop of prints costs about what one print of the same text does. The
held text goes (checked) when the cell ends (``post_run_cell``, ``post_execute``), before the shell
prompts for the next cell or ``input()`` shows its prompt, and, as a line of its own, before a
result, a display or a traceback is written. ``flush()`` flushes the terminal but does not
release the held tail: ``write("ann@exa"); flush(); write("mple.com\\n")`` is still checked as
one line.

Also covered:

* ``sys.stdout.buffer`` / ``sys.stderr.buffer``: bytes are decoded (the stream's encoding,
  ``surrogateescape``) and take the same path, in order with the text.
* ``logging.StreamHandler`` objects created before the guard loaded hold the original stream: they
  are pointed at the guarded one while it is installed (``logging.lastResort`` looks ``sys.stderr``
  up at each record anyway).
* the pager (``x?``, ``%pinfo``, ``%page``, ``%pdoc``): a ``show_in_pager`` hook checks the whole
  text and hands the result to IPython's pager (which may pipe it to ``less``, past ``sys.stdout``);
  ``help()``'s pager (``pydoc.pager``) likewise.
* ``%privguard reveal``: the raw view is written while :func:`passing` holds (this thread, this one
  publication).

Outside (see docs/guard-boundary.md): writes to the file descriptors themselves (``os.write(1, ...)``,
shell commands ``!cmd``, subprocesses, C extensions), to ``sys.__stdout__``, and what background
threads print while prompt_toolkit owns the screen (its ``patch_stdout`` proxy).

Everything else (``isatty()``, ``encoding``, ``fileno()``, ``errors``, ``name`` ...) passes through
to the original stream, so tqdm, rich and click see the terminal they expect.
"""

from __future__ import annotations

import codecs
import logging
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .messages import placeholder

if TYPE_CHECKING:
    from ...session import GuardSession
    from .tripwire import TripwireHandle

__all__ = ["GuardedBuffer", "GuardedStream", "TerminalTripwire", "install", "passing"]

#: Whole lines are released when this many characters are held, or after COALESCE_S seconds.
COALESCE_CHARS = 65536
COALESCE_S = 0.05
#: Priority of the pager hook: before IPython's defaults (100) and ``display_page`` (90).
PAGER_PRIORITY = 10
_STREAMS = ("stdout", "stderr")
# the terminal tripwire of each session (by id): :func:`passing` finds it without the extension
_ACTIVE: dict[int, TerminalTripwire] = {}


class GuardedBuffer:
    """``sys.stdout.buffer`` behind the guard: bytes are decoded and checked with the text."""

    def __init__(self, stream: GuardedStream) -> None:
        self._stream = stream
        encoding = getattr(stream._wrapped, "encoding", None) or "utf-8"
        try:
            self._decoder = codecs.getincrementaldecoder(encoding)(errors="surrogateescape")
        except LookupError:
            self._decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")

    def write(self, data: Any) -> int:
        raw = bytes(memoryview(data))
        text = self._decoder.decode(raw)
        if text:
            self._stream._owner.write(self._stream, text)
        return len(raw)

    def writelines(self, lines: Iterable[Any]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream._wrapped.buffer, name)

    def __repr__(self) -> str:
        return f"<privguard GuardedBuffer of {self._stream._name}>"


class GuardedStream:
    """A text stream that checks what is written to it before the wrapped stream gets it.

    Only ``write``, ``writelines``, ``flush`` and ``buffer`` are its own; every other attribute is the
    wrapped stream's.
    """

    def __init__(self, owner: TerminalTripwire, name: str, wrapped: Any) -> None:
        self._owner = owner
        self._name = name
        self._wrapped = wrapped
        self._pending = ""
        self._buffer: GuardedBuffer | None = None

    def write(self, text: Any) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._owner.write(self, text)
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        # the held-back tail stays held: a flush between two halves of a value must not release one half
        self._wrapped.flush()

    @property
    def buffer(self) -> GuardedBuffer:
        if not hasattr(self._wrapped, "buffer"):
            raise AttributeError(f"{type(self._wrapped).__name__} has no buffer")
        if self._buffer is None:
            self._buffer = GuardedBuffer(self)
        return self._buffer

    def _emit(self, text: str) -> None:
        try:
            self._wrapped.write(text)
        except UnicodeEncodeError:
            if not hasattr(self._wrapped, "buffer"):
                raise
            # bytes written to .buffer that were not text in this encoding: back to the same bytes
            self._wrapped.flush()
            encoding = getattr(self._wrapped, "encoding", None) or "utf-8"
            self._wrapped.buffer.write(text.encode(encoding, "surrogateescape"))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._wrapped, name)

    def __repr__(self) -> str:
        return f"<privguard GuardedStream of {self._wrapped!r}>"


class TerminalTripwire:
    """The guarded streams, the pager hook and the logging handlers of one shell; :meth:`uninstall` restores them."""

    def __init__(self, shell: Any, handle: TripwireHandle) -> None:
        self.shell = shell
        self.handle = handle
        self.streams: dict[str, GuardedStream] = {}
        self.saved: dict[str, Any] = {}
        self.log_handlers: list[tuple[logging.StreamHandler[Any], Any]] = []
        self.events: list[tuple[str, Callable[..., Any]]] = []
        self.pager_hook: Callable[..., Any] | None = None
        self.prompt: tuple[bool, Any, Callable[..., Any]] | None = None
        #: ``(owner, name, had_own, own, wrapper)`` of each method that now releases held text first
        self.patches: list[tuple[Any, str, bool, Any, Callable[..., Any]]] = []
        self.lock = threading.RLock()
        self._local = threading.local()
        self._timer: threading.Timer | None = None

    @property
    def session(self) -> GuardSession:
        return self.handle.session

    def describe(self) -> str:
        """What is guarded, for ``%privguard status``."""
        parts = [*self.streams, *(["pager"] if self.pager_hook is not None else [])]
        return f"terminal tripwire on {', '.join(parts)}"

    # -- the write path --------------------------------------------------------------------------------
    def write(self, stream: GuardedStream, text: str) -> None:
        if not text:
            return
        local = self._local
        if getattr(local, "raw", False) or not self.session.enabled:
            # a reveal the user asked for, or the guard switched off: held text first (checked), then as is
            with self.lock:
                self._release(stream)
                stream._emit(text)
            return
        with self.lock:
            if getattr(local, "inside", False):
                # written from inside the check (a warning while learning): held, checked with the rest
                stream._pending += text
                return
            for other in self.streams.values():
                if other is not stream and other._pending:
                    self._release_complete(other)  # the order between stdout and stderr is kept
            stream._pending += text
            if getattr(local, "prompting", False):  # the shell's own prompt: nothing may wait
                self._release(stream)
            elif len(stream._pending) >= COALESCE_CHARS:
                self._release_complete(stream)
            elif stream._pending:
                self._arm()

    def _release_complete(self, stream: GuardedStream) -> None:
        """Release the whole lines held by ``stream``, checked in one pass; the tail after them stays held."""
        local = self._local
        local.inside = True
        try:
            try:
                ready, stream._pending = self.handle.split(stream._pending)
            except BaseException as exc:  # fail closed: nothing of it goes out raw
                ready, stream._pending = placeholder(type(exc).__name__) + "\n", ""
                self.handle.messages_failed += 1
                out = ready
            else:
                out = self._checked(stream._name, ready) if ready else ""
        finally:
            local.inside = False
        if out:
            stream._emit(out)

    def _arm(self) -> None:
        # whole lines wait at most COALESCE_S, so that a loop of prints is checked in a few passes
        # rather than one per line (ipykernel batches a stream the same way, every 0.2 s)
        if self._timer is None:
            self._timer = threading.Timer(COALESCE_S, self._tick)
            self._timer.daemon = True
            self._timer.start()

    def _tick(self) -> None:
        with self.lock:
            self._timer = None
            for stream in self.streams.values():
                try:
                    if stream._pending:
                        self._release_complete(stream)
                except Exception:  # a closed terminal: nothing more can be shown
                    stream._pending = ""

    def _checked(self, name: str, text: str) -> str:
        try:
            return self.handle.checked_text(name, text)
        except BaseException as exc:  # fail closed
            self.handle.messages_failed += 1
            return placeholder(type(exc).__name__) + "\n"

    def _release(self, stream: GuardedStream) -> None:
        text, stream._pending = stream._pending, ""
        if not text:
            return
        local = self._local
        previous = getattr(local, "inside", False)
        local.inside = True
        try:
            out = self._checked(stream._name, text) if self.session.enabled else text
        finally:
            local.inside = previous
        stream._emit(out)

    def flush_all(self, *_: Any) -> None:
        """Release every held-back tail, checked (the cell ended, or the shell is about to prompt)."""
        with self.lock:
            for stream in self.streams.values():
                try:
                    self._release(stream)
                    stream.flush()
                except Exception:  # a closed terminal: nothing more can be shown
                    stream._pending = ""

    def release_lines(self) -> None:
        """Release held text as lines of their own (a result, display or traceback is about to be written)."""
        with self.lock:
            for stream in self.streams.values():
                if stream._pending:
                    try:
                        if not stream._pending.endswith(("\n", "\r")):
                            stream._pending += "\n"
                        self._release(stream)
                    except Exception:  # a closed terminal: nothing more can be shown
                        stream._pending = ""

    @contextmanager
    def raw(self) -> Iterator[None]:
        """Writes of this thread pass unchecked while the context holds (a reveal's one publication)."""
        self.flush_all()
        previous = getattr(self._local, "raw", False)
        self._local.raw = True
        try:
            yield
        finally:
            self._local.raw = previous

    # -- the pager -------------------------------------------------------------------------------------
    def page(self, data: Any, start: int = 0, screen_lines: int = 0) -> None:
        """What the pager shows: the text of ``data`` checked whole (a placeholder if the check fails)."""
        from IPython.core import page

        text = data.get("text/plain", "") if isinstance(data, dict) else data
        checked = self._checked("stdout", text if isinstance(text, str) else str(text))
        self.flush_all()
        if getattr(self.shell, "display_page", False):
            display_page: Any = page.display_page  # untyped in IPython
            display_page({"text/plain": checked}, start=start)
        else:
            page.pager_page({"text/plain": checked}, start, screen_lines)

    # -- uninstall ---------------------------------------------------------------------------------------
    def uninstall(self) -> None:
        """Release held text, then restore the streams, logging handlers, pager hook, prompt and events."""
        timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
        self.flush_all()
        _ACTIVE.pop(id(self.session), None)
        for name, stream in self.streams.items():
            if getattr(sys, name) is stream:
                setattr(sys, name, self.saved[name])
        for handler, original in reversed(self.log_handlers):
            if handler.stream is self.streams.get("stdout") or handler.stream is self.streams.get("stderr"):
                handler.setStream(original)
        self.log_handlers.clear()
        hooks = getattr(self.shell, "hooks", None)
        chain = getattr(getattr(hooks, "show_in_pager", None), "chain", None)
        if self.pager_hook is not None and isinstance(chain, list):
            # set_hook binds the function to the shell: the chain holds a bound method of it
            chain[:] = [entry for entry in chain if getattr(entry[1], "__func__", entry[1]) is not self.pager_hook]
        self.pager_hook = None
        if self.prompt is not None:
            self.patches.append((self.shell, "prompt_for_code", *self.prompt))
            self.prompt = None
        for owner, name, had_own, own, wrapper in reversed(self.patches):
            if getattr(owner, "__dict__", {}).get(name) is wrapper:
                if had_own:
                    setattr(owner, name, own)
                else:
                    delattr(owner, name)
        self.patches.clear()
        events: Any = getattr(self.shell, "events", None)
        for event, callback in self.events:
            try:
                events.unregister(event, callback)
            except (ValueError, AttributeError):
                pass
        self.events.clear()
        # a stream someone still holds (a capture that restores it later) now writes through as before
        for stream in self.streams.values():
            stream._owner = _PASS


class _Passthrough(TerminalTripwire):
    """The owner of a guarded stream after uninstall: everything is written as it comes."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.streams = {}

    def write(self, stream: GuardedStream, text: str) -> None:
        if stream._pending:
            text, stream._pending = stream._pending + text, ""
        stream._emit(text)


_PASS = _Passthrough()


def is_terminal_shell(shell: Any) -> bool:
    """Whether ``shell`` is an IPython shell without a kernel (its output goes to this process's streams)."""
    try:
        from IPython.core.interactiveshell import InteractiveShell
    except ImportError:
        return False
    if not isinstance(shell, InteractiveShell) or getattr(shell, "kernel", None) is not None:
        return False
    return not any(hasattr(getattr(sys, name), "session") for name in _STREAMS)


def install(shell: Any, handle: TripwireHandle) -> TerminalTripwire | None:
    """Guard ``sys.stdout``, ``sys.stderr``, their logging handlers and the pager of a shell without a kernel.

    Returns ``None`` (nothing changed) when ``shell`` is not such a shell.
    """
    if not is_terminal_shell(shell):
        return None
    terminal = TerminalTripwire(shell, handle)
    for name in _STREAMS:
        original = getattr(sys, name)
        if original is None or isinstance(original, GuardedStream):
            continue
        terminal.saved[name] = original
        terminal.streams[name] = GuardedStream(terminal, name, original)
        setattr(sys, name, terminal.streams[name])
    _point_log_handlers(terminal)
    _install_pager(terminal)
    _wrap_prompt(terminal)
    _wrap_input(terminal)
    _wrap_pydoc(terminal)
    # a kernel sends a result, a display or a traceback as its own message, after the held stream
    # text: here they write to the same stream, so the held text goes first, as its own line (a
    # name left without a line break must not be glued to "Out[3]:" where no check sees it whole)
    for owner, name in (
        (getattr(shell, "displayhook", None), "start_displayhook"),
        (getattr(shell, "display_pub", None), "publish"),
        (shell, "_showtraceback"),
    ):
        _release_before(terminal, owner, name)
    events = getattr(shell, "events", None)
    if events is not None:
        for event in ("post_run_cell", "post_execute"):
            events.register(event, terminal.flush_all)
            terminal.events.append((event, terminal.flush_all))
    _ACTIVE[id(handle.session)] = terminal
    return terminal


def _point_log_handlers(terminal: TerminalTripwire) -> None:
    loggers: list[Any] = [logging.getLogger()]
    loggers += [lg for lg in list(logging.Logger.manager.loggerDict.values()) if isinstance(lg, logging.Logger)]
    by_original = {id(original): terminal.streams[name] for name, original in terminal.saved.items()}
    for logger in loggers:
        for handler in list(getattr(logger, "handlers", [])):
            if type(handler) is not logging.StreamHandler and not _plain_stream_handler(handler):
                continue
            guarded = by_original.get(id(getattr(handler, "stream", None)))
            if guarded is not None:
                terminal.log_handlers.append((handler, handler.stream))
                handler.setStream(guarded)


def _plain_stream_handler(handler: Any) -> bool:
    # a StreamHandler subclass that is not a file handler (rich, colorlog ...); lastResort looks sys.stderr up itself
    return (
        isinstance(handler, logging.StreamHandler)
        and not isinstance(handler, logging.FileHandler)
        and "stream" in getattr(handler, "__dict__", {})
    )


def _install_pager(terminal: TerminalTripwire) -> None:
    shell = terminal.shell
    if not callable(getattr(shell, "set_hook", None)):
        return

    def show_in_pager(_self: Any, data: Any, start: int = 0, screen_lines: int = 0) -> None:
        terminal.page(data, start=start, screen_lines=screen_lines)

    shell.set_hook("show_in_pager", show_in_pager, PAGER_PRIORITY)
    terminal.pager_hook = show_in_pager


def _wrap_pydoc(terminal: TerminalTripwire) -> None:
    """``help(obj)``: pydoc's pager pipes to ``less`` in a real terminal, past ``sys.stdout``: its text is checked first."""
    import pydoc

    original = pydoc.pager

    def pager(text: str, *args: Any, **kwargs: Any) -> Any:
        terminal.flush_all()
        return original(terminal._checked("stdout", text if isinstance(text, str) else str(text)), *args, **kwargs)

    pydoc.pager = pager
    terminal.patches.append((pydoc, "pager", True, original, pager))


def _wrap_input(terminal: TerminalTripwire) -> None:
    """``input()`` in a cell: what was held goes first, and its prompt is not held back (the user must see it)."""
    import builtins

    original = builtins.input
    local = terminal._local

    def guarded_input(*args: Any, **kwargs: Any) -> Any:
        terminal.flush_all()
        previous = getattr(local, "prompting", False)
        local.prompting = True
        try:
            return original(*args, **kwargs)
        finally:
            local.prompting = previous

    builtins.input = guarded_input
    terminal.patches.append((builtins, "input", True, original, guarded_input))


def _wrap_prompt(terminal: TerminalTripwire) -> None:
    shell = terminal.shell
    original = getattr(shell, "prompt_for_code", None)
    if not callable(original):
        return
    had_own = "prompt_for_code" in shell.__dict__
    own = shell.__dict__.get("prompt_for_code")
    local = terminal._local

    def prompt_for_code(*args: Any, **kwargs: Any) -> Any:
        terminal.flush_all()  # what the last cell held back, before the prompt
        local.prompting = True
        try:
            return original(*args, **kwargs)
        finally:
            local.prompting = False

    shell.prompt_for_code = prompt_for_code
    terminal.prompt = (had_own, own, prompt_for_code)


def _release_before(terminal: TerminalTripwire, owner: Any, name: str) -> None:
    original = getattr(owner, name, None)
    if owner is None or not callable(original):
        return
    had_own = name in getattr(owner, "__dict__", {})
    own = owner.__dict__.get(name) if had_own else None

    def released_first(*args: Any, **kwargs: Any) -> Any:
        terminal.release_lines()
        return original(*args, **kwargs)

    setattr(owner, name, released_first)
    terminal.patches.append((owner, name, had_own, own, released_first))


@contextmanager
def passing(session: GuardSession) -> Iterator[None]:
    """While this holds, this thread's writes reach the terminal unchecked (a reveal's one publication)."""
    terminal = _ACTIVE.get(id(session))
    if terminal is None:
        yield
        return
    with terminal.raw():
        yield
