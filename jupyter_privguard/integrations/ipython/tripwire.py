"""The output tripwire: the second line of defence, on every message that leaves the kernel.

In ipykernel every message to the frontend goes through the kernel's ``Session.send``. The
tripwire wraps that method on the kernel's session object(s) and runs
:func:`jupyter_privguard.textguard.redact_text` over every text of every message, iopub and shell
alike, except the protocol-only types of :data:`~.messages.PASS_TYPES` (``status``,
``kernel_info_reply`` ...). What each type gets (bundles' ``data`` and ``metadata``, pager payloads,
completions, comm messages and widget state, unknown types leaf by leaf) is in :mod:`.messages`:

* MIME bundles: every string-valued MIME type (``text/plain``, ``text/html``, ``text/markdown``,
  ``text/latex``, ``image/svg+xml``, JavaScript ...) and the string leaves, keys and long integers of
  JSON-valued ones (``application/json``, vega, plotly). Raster images (PNG, JPEG ...) cannot be
  read; see the plot warning below.
* Streams (stdout, stderr, and so ``print``, ``logging``, ``warnings``, shell commands): text is
  released **a line at a time**. A value split over two ``write`` calls arrives in two messages;
  holding back the text after the last line break (``\\n`` or ``\\r``) until the line is complete
  means the redaction always sees whole lines. The held-back tail is released, redacted, when the
  line completes, before any other message is sent (so output order is kept), when the cell ends
  (the ``idle`` status), or when it grows past 8 KiB (then all but about its last 512 characters
  go, cut where no redaction span and no whitespace-free run is split: a value never leaves in two
  halves). The cost: a progress line without a line break shows up one update late.
* Errors: ``evalue`` and every ``traceback`` line (ANSI colour codes are looked through).

Messages the display guard produced are marked in their metadata (:data:`MARK`). A ``reveal``
(``{"reveal": true, "nonce": ...}`` in the mark) passes unchanged once: the user asked to see it, and
the nonce is single use (:func:`.messages.take_reveal`), so a replay (``%%capture`` then
``cap.show()``) or a forged mark is checked like any output.
Other guarded outputs are already redacted, so the pattern tier is skipped for them, but the
exact-value index still runs (one linear Aho-Corasick pass): a frame whose layout hides its columns'
meaning from the scanner (``df.T``, ``describe(include="all")``'s ``top`` row) cannot slip a known value
through. The display guard runs that same pass over its bundle before publishing it; a MIME value it
found nothing in is vouched for by its digest (:func:`.messages.vouch_bundle`), and the tripwire skips
exactly that value while the session's learned values, allow lists and policy are unchanged (any new
value learned in between, any other text, any changed byte: the full pass runs).

The exact-value index needs the values: after each cell, and before an output is sent, the tripwire
scans the frames (pandas, polars, pyarrow: every adapter's) bound to names in the user namespace that it has not seen
in that shape yet (the scan is cached by column fingerprint), and remembers the values of their
personal-data columns in the session (memory only). So ``df = load(); print(df)`` in one cell is
covered too.

Fail closed: if anything in the tripwire fails, the message's content becomes a placeholder naming
the error type, never the raw content.

Plots: pandas' ``.plot`` accessor (and ``hist`` / ``boxplot``) is wrapped to learn the personal values
it plots and to say so in one line; the figure's text itself is redacted as it is drawn
(:mod:`.plots`, installed by the display guard), since the picture is pixels no output check can read.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ...textguard import redact_text, redaction_spans
from . import messages
from .messages import BUNDLE_TYPES as _BUNDLE_TYPES
from .messages import OUTPUT_TYPES, Redactor
from .messages import failed_content as _failed_content
from .messages import redact_content as _redact_content

if TYPE_CHECKING:
    from ...adapters import AdapterRegistry
    from ...session import GuardSession

__all__ = ["MARK", "OUTPUT_TYPES", "TripwireHandle", "install", "is_guarded", "mark_guarded"]

#: Metadata key of messages the display guard produced: ``metadata[MARK] = {"guarded": True}`` (or the
#: ``{"version": ...}`` dictionary that :mod:`jupyter_privguard.render` writes); same as
#: ``render.METADATA_KEY``.
MARK = "jupyter_privguard"
MAX_PENDING = 8192
PENDING_TAIL = 512


def mark_guarded(metadata: dict[str, Any] | None = None, **info: Any) -> dict[str, Any]:
    """Metadata for a message the display guard built (the tripwire lets it through unchanged)."""
    out = dict(metadata or {})
    out[MARK] = {"guarded": True, **info}
    return out


def is_guarded(content: dict[str, Any]) -> bool:
    """Whether a message's content carries the display guard's mark."""
    metadata = content.get("metadata")
    mark = metadata.get(MARK) if isinstance(metadata, dict) else None
    # the display guard's bundles (jupyter_privguard.render) carry {"version": ..., "redacted": ...}
    return isinstance(mark, dict) and (mark.get("guarded") is True or "version" in mark)


def _is_reveal(content: dict[str, Any]) -> bool:
    """A reveal the user asked for (``%privguard reveal``), published just now by the display guard.

    The mark holds a nonce the display guard registered for this one publication: the first send
    consumes it. A replay (``%%capture`` then ``cap.show()``) or a forged mark finds no live nonce
    and is checked like any output.
    """
    mark = content["metadata"][MARK]
    return bool(mark.get("reveal"))


class _Redactor(Redactor):
    """The message redactor bound to a session, through this module's ``redact_text`` (looked up per call)."""

    def __init__(self, session: GuardSession, *, patterns: bool = True, guarded: bool = False) -> None:
        self.session = session
        self.patterns = patterns
        # a guarded bundle's MIME values that the display guard's exact pass already found clean, at
        # this very version of the learned values, are not walked a second time (messages.vouch_bundle)
        vouched = (lambda mime, value: messages.is_vouched(session, mime, value)) if guarded else None
        super().__init__(self._check, vouched=vouched)

    def _check(self, value: str, markup: str) -> tuple[str, dict[str, int]]:
        return redact_text(value, self.session, markup=markup, patterns=self.patterns)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------------
# the wrapper
# ---------------------------------------------------------------------------------------------------
@dataclass
class _Pending:
    text: str
    parent: dict[str, Any]
    parent_id: Any
    socket: Any
    ident: Any


@dataclass
class _Wrapped:
    ksession: Any
    had_own: bool
    own: Any
    wrapper: Callable[..., Any]
    original: Callable[..., Any]


@dataclass
class TripwireHandle:
    """What :func:`install` changed; :meth:`uninstall` restores it exactly."""

    shell: Any
    session: GuardSession
    wrapped: list[_Wrapped] = field(default_factory=list)
    events: list[tuple[str, Callable[..., Any]]] = field(default_factory=list)
    plot_patches: list[tuple[Any, str, bool, Any]] = field(default_factory=list)
    cancels: list[Callable[[], None]] = field(default_factory=list)
    active: bool = True
    reason: str = ""
    #: the guarded streams and pager of a shell without a kernel (:mod:`.terminal`), or ``None``
    terminal: Any = None
    messages_checked: int = 0
    messages_redacted: int = 0
    messages_failed: int = 0
    _pending: dict[str, _Pending] = field(default_factory=dict, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _seen: dict[str, Any] = field(default_factory=dict, repr=False)

    # -- namespace: learn the values of personal-data columns ---------------------------------------
    def refresh(self, *, unbounded: bool = False) -> int:
        """Learn the objects in the user namespace that changed (see :mod:`.learning`); returns how many.

        ``unbounded`` lifts the walk's time budget: something is about to be shown (a figure drawn
        between cells), so nothing may be left unlearned for the next walk.
        """
        from .learning import learner_for

        return learner_for(self.session).refresh(self.shell, budget_ms=math.inf if unbounded else None)

    # -- streams -------------------------------------------------------------------------------------
    def _emit_stream(
        self,
        original: Callable[..., Any],
        ksession: Any,
        name: str,
        text: str,
        parent: dict[str, Any],
        socket: Any,
        ident: Any,
    ) -> Any:
        content = self._checked("stream", {"name": name, "text": text})
        msg = ksession.msg("stream", content, parent=parent)
        return original(socket, msg, ident=ident)

    def _flush(self, original: Callable[..., Any], ksession: Any, name: str | None = None) -> None:
        with self._lock:
            names = [name] if name is not None else list(self._pending)
            for key in names:
                pending = self._pending.pop(key, None)
                if pending is not None and pending.text:
                    self._emit_stream(
                        original, ksession, key, pending.text, pending.parent, pending.socket, pending.ident
                    )

    def _stream(self, original: Callable[..., Any], ksession: Any, socket: Any, msg: dict[str, Any], ident: Any) -> Any:
        content = msg.get("content") or {}
        name = str(content.get("name", "stdout"))
        text = content.get("text", "")
        parent = msg.get("parent_header") or {}
        parent_id = parent.get("msg_id")
        with self._lock:
            pending = self._pending.get(name)
            if pending is not None and pending.parent_id != parent_id:
                self._flush(original, ksession, name)
                pending = None
            buffer = (pending.text if pending is not None else "") + (text if isinstance(text, str) else str(text))
            ready, rest = self.split(buffer)
            if rest:
                self._pending[name] = _Pending(rest, parent, parent_id, socket, ident)
            else:
                self._pending.pop(name, None)
            if not ready:
                return msg
            new = dict(msg)
            new["content"] = self._checked("stream", {**content, "text": ready})
            return original(socket, new, ident=ident)

    def split(self, buffer: str) -> tuple[str, str]:
        """``buffer`` as ``(ready, held)``: whole lines go, the tail after the last line break is held back.

        Shared by the kernel's stream messages and the terminal's streams (:mod:`.terminal`); a held
        tail longer than :data:`MAX_PENDING` is cut where no value and no token is split (:meth:`_cut`).
        """
        cut = max(buffer.rfind("\n"), buffer.rfind("\r"))
        ready, rest = (buffer[: cut + 1], buffer[cut + 1 :]) if cut >= 0 else ("", buffer)
        if len(rest) > MAX_PENDING:
            cut = self._cut(rest)
            ready, rest = ready + rest[:cut], rest[cut:]
        return ready, rest

    def _cut(self, text: str) -> int:
        """Where an over-long held-back line is cut: no value and no token is split in two.

        A value crossing the cut would leave in two messages that no check sees whole (JupyterLab
        joins them again); so the cut moves back out of every redaction span and to the last
        whitespace, and the trailing partial token stays held for the next write.
        """
        target = len(text) - PENDING_TAIL
        try:
            spans = redaction_spans(text, self.session)
        except Exception:  # no spans to steer by: the whitespace rule still holds back the last token
            spans = []
        return messages.safe_cut(text, target, spans)

    def checked_text(self, name: str, text: str) -> str:
        """``text`` written to the stream ``name``, as the terminal may show it: learned, checked, or a placeholder.

        The terminal's streams (:mod:`.terminal`) call this with whole lines (:meth:`split`): the same
        walk and check as a kernel's ``stream`` message.
        """
        try:
            self.refresh()
        except Exception:
            pass
        out = self._checked("stream", {"name": name, "text": text}).get("text")
        return out if isinstance(out, str) else messages.placeholder("TypeError") + "\n"

    # -- every message ----------------------------------------------------------------------------------
    def _checked(self, msg_type: str, content: dict[str, Any], *, patterns: bool = True) -> dict[str, Any]:
        """The content to send: redacted, or a placeholder when the check fails."""
        self.messages_checked += 1
        try:
            from .learning import withhold_reason

            withheld = withhold_reason(self.session)  # an object's values could not be learned: show none
            if withheld is not None:
                self.messages_failed += 1
                return _withheld_content(msg_type, content, withheld)
            redactor = _Redactor(self.session, patterns=patterns, guarded=not patterns and msg_type in _BUNDLE_TYPES)
            out = _redact_content(msg_type, content, redactor)
        except BaseException as exc:  # fail closed: never the raw content
            self.messages_failed += 1
            return _failed_content(msg_type, content, exc)
        if redactor.counts:
            self.messages_redacted += 1
            try:
                self.session.counts.outputs_redacted += 1
                self.session.emit("output_redacted", {"msg_type": msg_type, "entities": dict(redactor.counts)})
            except Exception:
                pass
        return out

    def _checked_metadata(self, metadata: Any) -> Any:
        """A comm message's own metadata, checked (widget code can put text there); ``{}`` on failure."""
        try:
            redactor = _Redactor(self.session)
            return redactor.message_metadata(metadata)
        except BaseException:  # fail closed: the metadata goes, the content was checked on its own
            self.messages_failed += 1
            return {}

    def send(
        self,
        original: Callable[..., Any],
        ksession: Any,
        stream: Any,
        msg_or_type: Any,
        content: Any = None,
        parent: Any = None,
        ident: Any = None,
        buffers: Any = None,
        track: bool = False,
        header: Any = None,
        metadata: Any = None,
    ) -> Any:
        def passthrough() -> Any:
            return original(stream, msg_or_type, content, parent, ident, buffers, track, header, metadata)

        if isinstance(msg_or_type, dict):
            msg_type = (msg_or_type.get("header") or {}).get("msg_type") or msg_or_type.get("msg_type")
        else:
            msg_type = msg_or_type
        msg_type = str(msg_type)
        if not self.active:
            return passthrough()
        if msg_type != "stream" and self._pending:
            self._flush(original, ksession)  # keep the order: held-back text goes first
        if msg_type in messages.PASS_TYPES or not self.session.enabled:
            return passthrough()
        try:
            if not isinstance(msg_or_type, dict):
                msg_or_type = ksession.msg(msg_type, content=content, parent=parent, header=header, metadata=metadata)
            body = msg_or_type.get("content")
            if body is None:
                body = {}
            if not isinstance(body, dict):
                raise TypeError(f"expected the message content to be a dict, got {type(body).__name__}")
            guarded = msg_type in _BUNDLE_TYPES and is_guarded(body)
            if guarded and _is_reveal(body):
                if messages.take_reveal(self.session, body["metadata"][MARK].get("nonce")):
                    return original(stream, msg_or_type, ident=ident, buffers=buffers, track=track)
                guarded = False  # a replayed or forged reveal: every tier runs over it
            if msg_type == "comm_msg" and messages.is_comm_reveal(self.session, body):
                # the guard's own comm, sending a reveal's raw view for the live view (never saved)
                return original(stream, msg_or_type, ident=ident, buffers=buffers, track=track)
            try:
                self.refresh()
            except Exception:
                pass
            if msg_type == "stream":
                return self._stream(original, ksession, stream, msg_or_type, ident)
            new = dict(msg_or_type)
            new["content"] = self._checked(msg_type, body, patterns=not guarded)
            if msg_type in messages.COMM_TYPES and msg_or_type.get("metadata"):
                new["metadata"] = self._checked_metadata(msg_or_type["metadata"])
        except BaseException as exc:
            self.messages_failed += 1
            safe = dict(msg_or_type) if isinstance(msg_or_type, dict) else ksession.msg(msg_type, content={})
            safe["content"] = _failed_content(msg_type, safe.get("content") or {}, exc)
            return original(stream, safe, ident=ident, buffers=buffers, track=track)
        return original(stream, new, ident=ident, buffers=buffers, track=track)

    # -- uninstall -------------------------------------------------------------------------------------
    def uninstall(self) -> None:
        """Flush held-back text, then restore ``Session.send`` (or the terminal's streams), the events and the plots."""
        if self.terminal is not None:
            self.terminal.uninstall()
            self.terminal = None
        for item in self.wrapped:
            try:
                self._flush(item.original, item.ksession)
            except Exception:
                pass
            break
        for item in reversed(self.wrapped):
            current = item.ksession.__dict__.get("send")
            if current is item.wrapper:
                if item.had_own:
                    item.ksession.send = item.own
                else:
                    del item.ksession.send
        self.wrapped.clear()
        events: Any = getattr(self.shell, "events", None)
        for name, callback in self.events:
            try:
                events.unregister(name, callback)
            except (ValueError, AttributeError):
                pass
        self.events.clear()
        for cancel in self.cancels:
            cancel()
        self.cancels.clear()
        for cls, name, had_own, own in reversed(self.plot_patches):
            if had_own:
                setattr(cls, name, own)
            else:
                delattr(cls, name)
        self.plot_patches.clear()
        self.active = False


def _kernel_sessions(shell: Any) -> list[Any]:
    """The distinct jupyter_client Session objects that the kernel sends with."""
    import sys

    candidates = [
        getattr(getattr(shell, "kernel", None), "session", None),
        getattr(getattr(shell, "display_pub", None), "session", None),
        getattr(getattr(shell, "displayhook", None), "session", None),
        getattr(sys.stdout, "session", None),
        getattr(sys.stderr, "session", None),
    ]
    out: list[Any] = []
    for candidate in candidates:
        if (
            candidate is not None
            and callable(getattr(candidate, "send", None))
            and callable(getattr(candidate, "msg", None))
            and all(candidate is not o for o in out)
        ):
            out.append(candidate)
    return out


def install(shell: Any, session: GuardSession | None = None) -> TripwireHandle:
    """Start checking every output message of ``shell``'s kernel.

    Parameters
    ----------
    shell
        The IPython shell (a ``ZMQInteractiveShell`` in a kernel). An IPython shell without a kernel
        (terminal IPython, a test shell) has no ``Session.send`` to wrap: its ``sys.stdout``,
        ``sys.stderr`` and pager are guarded instead (:mod:`.terminal`, ``handle.terminal``). Any
        other object gets a handle with ``active=False`` and a ``reason``; the plot warning is
        installed all the same.
    session
        The guard session; the process-wide one when omitted.

    Returns
    -------
    TripwireHandle
        ``handle.uninstall()`` restores everything.
    """
    if session is None:
        from ...session import current_session

        session = current_session()
    handle = TripwireHandle(shell, session)
    for ksession in _kernel_sessions(shell):
        had_own = "send" in ksession.__dict__
        own = ksession.__dict__.get("send")
        original = ksession.send

        def wrapper(
            stream: Any,
            msg_or_type: Any,
            content: Any = None,
            parent: Any = None,
            ident: Any = None,
            buffers: Any = None,
            track: bool = False,
            header: Any = None,
            metadata: Any = None,
            _original: Callable[..., Any] = original,
            _ksession: Any = ksession,
        ) -> Any:
            return handle.send(
                _original, _ksession, stream, msg_or_type, content, parent, ident, buffers, track, header, metadata
            )

        ksession.send = wrapper
        handle.wrapped.append(_Wrapped(ksession, had_own, own, wrapper, original))
    if not handle.wrapped:
        from .terminal import install as install_terminal

        handle.terminal = install_terminal(shell, handle)
    if not handle.wrapped and handle.terminal is None:
        handle.active = False
        handle.reason = "no kernel session to guard (not running in ipykernel)"
    events = getattr(shell, "events", None)
    if events is not None and (handle.wrapped or handle.terminal is not None):

        def after_cell(result: Any = None) -> None:
            try:
                handle.refresh()
            except Exception:
                pass

        events.register("post_run_cell", after_cell)
        handle.events.append(("post_run_cell", after_cell))

        def before_cell(info: Any = None) -> None:
            # the previous cell's held-back text left with its last message: its CSV header is done
            try:
                from ...detect.keyed_text import forget_headers

                forget_headers()
            except Exception:
                pass

        events.register("pre_run_cell", before_cell)
        handle.events.append(("pre_run_cell", before_cell))
    from ..exports import when_imported

    handle.cancels.append(when_imported("pandas", lambda pd: _patch_plots(handle, pd)))
    return handle


# ---------------------------------------------------------------------------------------------------
# learning values: the namespace walk, the readers and failing closed live in .learning and .ingress
# ---------------------------------------------------------------------------------------------------
def _adapters(session: GuardSession) -> AdapterRegistry:
    registry: AdapterRegistry = session.registries.get("adapters")
    return registry


def _withheld_content(msg_type: str, content: dict[str, Any], note: str) -> dict[str, Any]:
    """The failed-check content, with ``note`` (a fixed text, no value) in place of the usual placeholder."""
    out = _failed_content(msg_type, content, RuntimeError())
    if isinstance(out.get("data"), dict):
        out["data"] = {"text/plain": note}
    elif msg_type == "stream":
        out["text"] = note + "\n"
    else:
        out.update(evalue=note, traceback=[note])
    return out


# ---------------------------------------------------------------------------------------------------
# the plot notice (and the learning of what is plotted): see plots.py
# ---------------------------------------------------------------------------------------------------
def _patch_plots(handle: TripwireHandle, pd: Any) -> None:
    if not handle.active and handle.wrapped:
        return
    from .plots import patch_plot_methods

    patch_plot_methods(handle.session, pd, handle.plot_patches)
