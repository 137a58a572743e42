"""What the user does in the panel: policy edits, allow lists and reveal, through the policy commands.

A mixin of :class:`~.view.PrivGuardPanel`: the panel's widgets call these methods, and so can code.
Every edit goes through :mod:`jupyter_privguard.integrations.commands` (``source="panel"``), as the
magics and the sidebar do, so the audit records and the session events are the same wherever an
edit comes from.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ...errors import PolicyError
from ...wording import plural
from .. import commands
from .html import _esc

if TYPE_CHECKING:
    from ...session import GuardSession
    from .masking import _Masker


class PanelActions:
    """The panel's actions and widget callbacks (mixed into :class:`~.view.PrivGuardPanel`)."""

    if TYPE_CHECKING:
        # provided by PrivGuardPanel
        _shell: Any
        _masker: _Masker
        _signatures: dict[str, Any]
        _staged: str | None
        _syncing: bool
        _reveal_timer: threading.Timer | None
        _reveal_live: bool
        finding_pick: Any
        allow_column_text: Any
        allowed_columns: Any
        secret: Any
        allowed_secrets: Any
        reveal_variable: Any
        reveal_columns: Any
        reveal_output: Any
        reveal_note: Any

        @property
        def session(self) -> GuardSession: ...

        def _bind(self) -> tuple[GuardSession, Any]: ...

        def _audit_log(self, session: GuardSession, ext: Any) -> Any: ...

        def _say(self, text: str, *, error: bool = False) -> None: ...

        def refresh(self, force: bool = False) -> None: ...

    # -- audit -------------------------------------------------------------------------------------
    def _audit(self, event: str, **fields: Any) -> None:
        session, ext = self._bind()
        fields = {k: v for k, v in fields.items() if v is not None}
        if ext is not None:
            ext.audit(event, **fields)
            return
        log = self._audit_log(session, ext)
        if log is not None:
            try:
                log.record(event, **fields)
            except Exception:
                pass

    def _audit_name(self, name: str) -> str:
        """A column name for the audit log; one that looks like personal data (``df.T``) is recorded as its kind."""
        return "<column>" if self._masker.hidden(name) else name

    def _edit(self, command: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run a policy command as the panel (its source, scope and audit log); refresh when it changed something."""
        result = command(self.session, *args, source="panel", audit=self._audit, scope="panel", **kwargs)
        if result:
            self.refresh()
        return result

    # -- policy ------------------------------------------------------------------------------------
    def set_action(self, entity: str, action: str) -> None:
        """Set the action for ``entity`` (what the entity's dropdown does); audited."""
        name = entity.upper()
        try:
            changed = self._edit(commands.set_actions, {name: action}, if_changed=True)
        except PolicyError as exc:
            self._say(str(exc), error=True)
            raise
        if changed:
            self._say(f"{name} -> {action}")

    def set_threshold(self, entity: str, threshold: float) -> None:
        """Set the minimum score for ``entity`` (what the entity's slider does); audited."""
        name = entity.upper()
        try:
            changed = self._edit(commands.set_threshold, name, threshold, if_changed=True)
        except PolicyError as exc:
            self._say(str(exc), error=True)
            raise
        if changed:
            self._say(f"{name}: threshold {round(float(threshold), 3):.2f}")

    def set_min_score(self, value: float) -> None:
        """Set the default threshold (entities without their own); audited."""
        if self._edit(commands.set_min_score, value, if_changed=True):
            self._say(f"default threshold {round(float(value), 3):.2f}")

    # -- allow lists -------------------------------------------------------------------------------
    def allow_column(self, column: str) -> None:
        """Never treat ``column`` (a name or glob) as personal data; audited with the column name."""
        column = str(column).strip()
        if not column:
            self._say("type a column name first", error=True)
            return
        self._edit(commands.allow, "column", column, if_changed=True, audit_name=self._audit_name)
        self._say(f"allowed column {self._masker.show(column, '(name hidden)')}")

    def remove_column(self, column: str) -> None:
        """Take ``column`` out of the allowed columns; audited."""
        if self._edit(commands.deny, "column", column, if_changed=True, audit_name=self._audit_name):
            self._say(f"column {self._masker.show(column, '(name hidden)')} is checked again")

    def allow_value(self, value: str) -> None:
        """Allow an exact value; stored in the policy, audited as ``<value>``, never shown."""
        self._allow_secret("value", value)

    def allow_pattern(self, pattern: str) -> None:
        """Allow values fully matching a regular expression; stored, audited as ``<pattern>``, never shown."""
        self._allow_secret("pattern", pattern)

    def _allow_secret(self, kind: str, text: str) -> None:
        if not text:
            self._say(f"type a {kind} first", error=True)
            return
        if kind == "pattern":
            try:
                re.compile(text)
            except re.error as exc:
                # the error names the position, never the pattern (it may be personal data)
                self._say(f"not a valid regular expression: {exc.msg} at position {exc.pos}", error=True)
                return
        self._edit(commands.allow, kind, text, if_changed=True)
        self._say(f"allowed 1 {kind} ({len(text)} characters)")

    def remove_allowed(self, text: str) -> int:
        """Take ``text`` out of the allowed values and patterns; returns how many entries went."""
        removed: int = commands.deny_entry(self.session, text, source="panel", audit=self._audit, scope="panel")
        if removed:
            self.refresh()
            self._say(f"removed {removed} entry from the allow lists")
        else:
            self._say("that entry is not in the allow lists", error=True)
        return removed

    def _remove_at(self, kind: str, index: int) -> None:
        noun = kind[:-1]  # "values" -> "value"
        if self._edit(commands.deny, noun, "", index=index, if_changed=True):
            self._say(f"removed {noun} #{index + 1}")

    # -- reveal ------------------------------------------------------------------------------------
    def reveal(self, variable: str, columns: Sequence[str] | None = None) -> str:
        """Reveal ``variable`` (``columns`` only, or all) in the panel's live view, through the display guard.

        The same as ``%privguard reveal``: the display guard publishes the unredacted output with
        its reveal marker, the event is written to the audit log, and the output is taken back when
        the next cell runs or after the guard's ``reveal_seconds``. Returns the output's display id.

        Raises
        ------
        ValueError
            The guard is not loaded, ``variable`` is not a DataFrame/Series/Index/Styler in the
            notebook, or it has no such column.
        """
        session, ext = self._bind()
        if ext is None:
            raise ValueError("reveal needs the guard loaded in this kernel; run %load_ext jupyter_privguard first")
        namespace = getattr(self._shell, "user_ns", None) or {}
        if variable not in namespace:
            raise ValueError(f"reveal: expected the name of a variable in this notebook, got {variable!r}")
        chosen = [str(c) for c in (columns or [])]
        try:
            display_id = commands.reveal(
                session,
                ext.display,
                namespace[variable],
                variable,
                chosen,
                source="panel",
                audit=self._audit,
                scope="panel",
                within=self._into_reveal_view(),
                audit_variable=variable,
                audit_name=self._audit_name,
            )
        except PolicyError as exc:
            raise ValueError(f"reveal: {exc}") from None
        seconds = float(getattr(ext.display, "reveal_seconds", 0) or 0)
        if seconds > 0:
            self._cancel_timer()
            self._reveal_timer = threading.Timer(seconds, self._clear_reveal_view)
            self._reveal_timer.daemon = True
            self._reveal_timer.start()
        self.reveal_note.value = (
            f"<span style='color:#b26a00'>revealed "
            f"{plural(len(chosen), 'column') if chosen else 'all columns'} of {_esc(variable)} until the next cell runs"
            + (f" or {seconds:g} s pass" if seconds > 0 else "")
            + " (audited)</span>"
        )
        return str(display_id)

    @contextlib.contextmanager
    def _into_reveal_view(self) -> Iterator[None]:
        # entered only once the reveal is checked: a refused reveal leaves the current view alone
        self._clear_reveal_view()
        with self.reveal_output:
            yield
        self._reveal_live = True

    def end_reveal(self) -> None:
        """Take every live reveal back now (the guard's own restore) and empty the panel's view."""
        _, ext = self._bind()
        if ext is not None:
            ext.display.restore_reveals()
        self._clear_reveal_view()

    def _cancel_timer(self) -> None:
        if self._reveal_timer is not None:
            self._reveal_timer.cancel()
            self._reveal_timer = None

    def _clear_reveal_view(self) -> None:
        self._cancel_timer()
        self._reveal_live = False
        # Set from the kernel and sent even when unchanged: the frontend's copy of the revealed
        # output must go, whether or not it had synced it back yet (this also works from the timer
        # thread, where an Output's capture context would not).
        self.reveal_output.outputs = ()
        try:
            self.reveal_output.send_state("outputs")
        except Exception:
            pass
        self.reveal_note.value = ""

    # -- widget callbacks --------------------------------------------------------------------------
    def _guarded(self, action: Callable[[], Any]) -> None:
        """Run a user action; a mistake becomes a message in the panel, never a traceback in a log."""
        try:
            action()
        except (PolicyError, ValueError) as exc:
            self._say(str(exc), error=True)
        except Exception as exc:
            self._say(f"failed: {type(exc).__name__}", error=True)

    def _on_guard_toggle(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        session, ext = self._bind()
        if ext is None:
            return
        enabled = bool(change["new"])
        if session.enabled == enabled:
            return
        commands.set_enabled(session, enabled, source="panel", audit=self._audit, scope="panel")
        self._say("guard on" if enabled else "guard paused in this kernel: outputs are shown unredacted")
        self.refresh()

    def _on_action(self, entity: str, action: str) -> None:
        if not self._syncing:
            self._guarded(lambda: self.set_action(entity, action))

    def _on_threshold(self, entity: str, value: float) -> None:
        if not self._syncing:
            self._guarded(lambda: self.set_threshold(entity, value))

    def _on_min_score(self, change: dict[str, Any]) -> None:
        if not self._syncing:
            self._guarded(lambda: self.set_min_score(change["new"]))

    def _on_finding_allow(self, _: Any) -> None:
        column = self.finding_pick.value
        if column:
            self._guarded(lambda: self.allow_column(column))

    def _on_allow_column(self, _: Any) -> None:
        column = self.allow_column_text.value
        self.allow_column_text.value = ""
        self._guarded(lambda: self.allow_column(column))

    def _on_remove_column(self, _: Any) -> None:
        column = self.allowed_columns.value
        if column:
            self._guarded(lambda: self.remove_column(column))

    def _on_secret(self, change: dict[str, Any]) -> None:
        text = change["new"]
        if not text:
            return
        # out of the widget at once: the value must not stay in state the notebook could save
        self._staged = text
        self.secret.value = ""
        self._signatures.pop("allow", None)
        self.refresh()

    def _commit_staged(self, kind: str) -> None:
        text, self._staged = self._staged, None
        if text is None:
            self._say("type a value or a pattern first, then press Enter", error=True)
        else:
            self._guarded(lambda: self._allow_secret(kind, text))
        self._signatures.pop("allow", None)
        self.refresh()

    def _remove_staged(self) -> None:
        text, self._staged = self._staged, None
        if text is not None:
            self._guarded(lambda: self.remove_allowed(text))
        self._signatures.pop("allow", None)
        self.refresh()

    def _on_remove_selected(self, _: Any) -> None:
        selected = self.allowed_secrets.value
        if selected:
            kind, index = selected
            self._guarded(lambda: self._remove_at(kind, index))

    def _on_reveal(self, _: Any) -> None:
        variable = self.reveal_variable.value
        if not variable:
            self._say("choose a variable to reveal", error=True)
            return
        self._guarded(lambda: self.reveal(variable, list(self.reveal_columns.value)))
