"""The IPython integration: ``%load_ext jupyter_privguard`` and ``%unload_ext jupyter_privguard``.

Loading installs, in this order, each recording what it changed so that unloading restores it
exactly: the display guard (printers on ``ipython_display_formatter``), the output tripwire (on
the kernel's outgoing messages), the export guard (``to_csv`` and friends), the ``%privguard``
magics, and a ``pre_run_cell`` hook that takes revealed outputs back. Unloading undoes it in the
reverse order.

This subpackage imports IPython; the core (``import jupyter_privguard``) never imports it.
"""

from __future__ import annotations

import logging
from typing import Any

from ...session import GuardSession, current_session, reset_session
from ...wording import plural
from ..loaded import EXTENSIONS

__all__ = [
    "PrivGuardExtension",
    "disable",
    "enable",
    "get_extension",
    "load_ipython_extension",
    "unload_ipython_extension",
]

_log = logging.getLogger("jupyter_privguard")
# shared with the panel, which must find the loaded guard without importing this package
_EXTENSIONS: dict[int, PrivGuardExtension] = EXTENSIONS
_MAGIC_NAMES = ("privguard",)


class PrivGuardExtension:
    """Everything the guard installed into one IPython shell.

    Parameters
    ----------
    shell
        The IPython shell.
    session
        The shared guard session; the process-wide one by default.
    """

    def __init__(self, shell: Any, session: GuardSession | None = None) -> None:
        from .display import DisplayGuard

        self.shell = shell
        self.session = session if session is not None else current_session()
        self.display = DisplayGuard(shell, self.session)
        self.tripwire: Any = None
        self.printed: Any = None
        self.progress: Any = None
        self.exports: Any = None
        self.ingress: Any = None
        self.comm: Any = None
        self.notes: list[str] = []
        self._magics: Any = None
        self._saved_magics: dict[tuple[str, str], Any] = {}
        self._audit_log: Any = None
        self._installed = False

    # -- install / uninstall ------------------------------------------------------------------------
    def install(self) -> PrivGuardExtension:
        if self._installed:
            return self
        self.display.install()
        # before the export guard, which then wraps these (``to_string`` to a file) and is undone first
        self.printed = self._install_part(
            "print path", lambda m: m.install(self.display), "jupyter_privguard.integrations.ipython.printed"
        )
        self.tripwire = self._install_part(
            "tripwire", lambda m: m.install(self.shell, self.session), "jupyter_privguard.integrations.ipython.tripwire"
        )
        self.ingress = self._install_part(
            "reader hooks",
            lambda m: m.install(self.shell, self.session),
            "jupyter_privguard.integrations.ipython.ingress",
        )
        self.exports = self._install_part(
            "export guard", lambda m: m.install(self.session), "jupyter_privguard.integrations.exports"
        )
        self.progress = self._install_part(
            "progress bar", lambda m: m.install(self.shell), "jupyter_privguard.integrations.ipython.progress_bar"
        )
        self._register_magics()
        self.shell.events.register("pre_run_cell", self._pre_run_cell)
        # last, so that the first state the sidebar receives describes a fully installed guard
        self.comm = self._install_part(
            "sidebar comm", lambda m: m.register(self), "jupyter_privguard.integrations.comm"
        )
        self._installed = True
        self.audit("load", enabled=self.session.enabled)
        return self

    def _install_part(self, what: str, install: Any, module: str) -> Any:
        """Install an optional part; a missing or failing part is reported by ``status``, not raised."""
        import importlib

        try:
            return install(importlib.import_module(module))
        except Exception as exc:  # the display guard must come up even when another part cannot
            self.notes.append(f"{what} not installed ({type(exc).__name__})")
            _log.warning("jupyter-privguard: the %s could not be installed (%s)", what, type(exc).__name__)
            return None

    def uninstall(self) -> None:
        if not self._installed:
            return
        self.audit("unload")
        if self.comm is not None:
            # first, so that the sidebar learns the guard is gone before anything else changes
            try:
                self.comm.uninstall()
            except Exception as exc:
                _log.warning("jupyter-privguard: uninstall failed (%s)", type(exc).__name__)
            self.comm = None
        try:
            self.shell.events.unregister("pre_run_cell", self._pre_run_cell)
        except ValueError:
            pass
        self._unregister_magics()
        for handle in (self.progress, self.exports, self.ingress, self.tripwire):
            if handle is not None:
                try:
                    handle.uninstall()
                except Exception as exc:
                    _log.warning("jupyter-privguard: uninstall failed (%s)", type(exc).__name__)
        self.progress = self.exports = self.ingress = self.tripwire = None
        if self.printed is not None:
            try:
                self.printed.uninstall()
            except Exception as exc:
                _log.warning("jupyter-privguard: uninstall failed (%s)", type(exc).__name__)
            self.printed = None
        self.display.uninstall()
        self._installed = False

    def _register_magics(self) -> None:
        from .magics import PrivGuardMagics

        manager = self.shell.magics_manager
        for kind in ("line", "cell"):
            for name in _MAGIC_NAMES:
                self._saved_magics[(kind, name)] = manager.magics[kind].get(name)
        self._magics = PrivGuardMagics(self.shell, self)
        manager.register(self._magics)

    def _unregister_magics(self) -> None:
        manager = self.shell.magics_manager
        for (kind, name), old in self._saved_magics.items():
            if old is None:
                manager.magics[kind].pop(name, None)
            else:
                manager.magics[kind][name] = old
        if self._magics is not None and manager.registry.get(type(self._magics).__name__) is self._magics:
            del manager.registry[type(self._magics).__name__]
        self._saved_magics.clear()
        self._magics = None

    def _pre_run_cell(self, *_: Any) -> None:
        # a revealed output lives until the next cell runs
        try:
            self.display.restore_reveals()
        except Exception:
            pass

    # -- audit ----------------------------------------------------------------------------------------
    def audit_log(self) -> Any:
        """The audit log (``jupyter_privguard.audit.default_log``), or ``None`` when it cannot load."""
        if self._audit_log is None:
            try:
                from ... import audit

                self._audit_log = audit.default_log(self.session.policy)
            except Exception as exc:
                self.notes.append(f"audit log not available ({type(exc).__name__})")
                return None
        return self._audit_log

    def audit(self, event: str, **fields: Any) -> None:
        """Record an event; a failing audit log is reported by ``status`` and never breaks a magic."""
        log = self.audit_log()
        if log is None:
            return
        try:
            log.record(event, **{k: v for k, v in fields.items() if v is not None})
        except Exception as exc:
            note = f"audit record failed ({type(exc).__name__})"
            if note not in self.notes:
                self.notes.append(note)

    # -- status ---------------------------------------------------------------------------------------
    def status_text(self) -> str:
        session = self.session
        policy = session.policy
        parts = (
            ["display guard"]
            + (
                []
                if self.tripwire is None
                else [f"output tripwire ({self.tripwire.terminal.describe()})"]
                if getattr(self.tripwire, "terminal", None) is not None
                else ["output tripwire"]
                if getattr(self.tripwire, "active", True)
                else [f"output tripwire inactive: {getattr(self.tripwire, 'reason', '') or 'not running'}"]
            )
            + (["reader hooks"] if self.ingress is not None else [])
            + (["export guard"] if self.exports is not None else [])
            + (["sidebar comm"] if self.comm is not None else [])
        )
        lines = [
            f"privguard: {'on' if session.enabled else 'OFF (outputs are not redacted)'}; "
            f"installed: {', '.join(parts)}",
            f"  guarded types: {', '.join(self.display.guarded_types())}",
            f"  policy: from {policy.source}; {plural(len(policy.actions), 'action')} changed; allowed: "
            f"{plural(len(policy.allow_columns), 'column')}, {plural(len(policy.allow_values), 'value')}, "
            f"{plural(len(policy.allow_patterns), 'pattern')}; strict exports: {policy.strict}",
        ]
        try:
            from ...detect.ner_info import ner_status_lines

            if policy.ner == "off":
                lines.append("  NER: off (policy ner=off)")
            else:
                first, *more = ner_status_lines(policy.ner_model)
                lines += [f"  NER: {first}"] + [f"    {line}" for line in more]
        except Exception as exc:
            lines.append(f"  NER: unknown ({type(exc).__name__})")
        counts = ", ".join(f"{k}={v}" for k, v in session.counts.to_dict().items())
        lines.append(f"  counts: {counts}")
        lines.append(f"  known PII values held in memory for the tripwire: {session.n_known_values}")
        lines.append(f"  variables scanned: {', '.join(sorted(session.reports)) or '-'}")
        try:
            from .learning import learner_for, withhold_reason

            failures = learner_for(session).failures()
            if failures:
                what = ", ".join(f"{w} ({e})" for w, e, _ in failures[:5])
                lines.append(f"  not learnt yet (retried before each output): {what}")
            if withhold_reason(session) is not None:
                lines.append("  outputs are WITHHELD until the guard can learn what it could not")
        except Exception as exc:
            lines.append(f"  learning: unknown ({type(exc).__name__})")
        if self.display.pending_reveals:
            lines.append(f"  revealed outputs still live: {self.display.pending_reveals}")
        try:
            from .startup import status as startup_status

            lines.append(f"  every kernel: {startup_status().summary()}")
        except Exception as exc:
            lines.append(f"  every kernel: unknown ({type(exc).__name__})")
        log = self.audit_log()
        if log is not None:
            lines.append(f"  audit log: {getattr(log, 'path', log)}")
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# entry points
# ---------------------------------------------------------------------------------------------
def get_extension(shell: Any = None) -> PrivGuardExtension | None:
    """The guard loaded into ``shell`` (the current shell by default), or ``None``."""
    if shell is None:
        shell = _current_shell()
        if shell is None:
            return None
    return _EXTENSIONS.get(id(shell))


def load_ipython_extension(shell: Any) -> None:
    """Called by ``%load_ext jupyter_privguard``: install the guard into ``shell``."""
    if id(shell) in _EXTENSIONS:
        return
    _EXTENSIONS[id(shell)] = PrivGuardExtension(shell).install()


def unload_ipython_extension(shell: Any) -> None:
    """Called by ``%unload_ext jupyter_privguard``: restore everything the guard changed."""
    extension = _EXTENSIONS.pop(id(shell), None)
    if extension is None:
        return
    extension.uninstall()
    # the exact PII values seen are dropped with the guard (they only ever lived in memory)
    extension.session.forget_values()
    from .learning import forget

    forget(extension.session)
    reset_session()


def _current_shell() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def _extension_module_name() -> str:
    # the package itself is the extension (it re-exports load_ipython_extension); named, not imported,
    # so this module does not import the package that imports it
    return "jupyter_privguard"


def enable(shell: Any = None) -> PrivGuardExtension:
    """Turn the guard on in the running IPython shell (what ``%load_ext jupyter_privguard`` does).

    Parameters
    ----------
    shell
        The shell; the current one (``IPython.get_ipython()``) by default.

    Returns
    -------
    PrivGuardExtension
        What was installed.

    Raises
    ------
    RuntimeError
        Not running inside IPython or Jupyter.
    """
    shell = shell if shell is not None else _current_shell()
    if shell is None:
        raise RuntimeError(
            "jupyter_privguard.enable() needs a running IPython shell or Jupyter kernel, found none; "
            "in a script, call jupyter_privguard.scan() and redact() directly"
        )
    existing = _EXTENSIONS.get(id(shell))
    if existing is not None:
        existing.session.enabled = True
        return existing
    manager = getattr(shell, "extension_manager", None)
    if manager is not None:
        # through the extension manager, so that %unload_ext and %reload_ext know about it
        manager.load_extension(_extension_module_name())
    if id(shell) not in _EXTENSIONS:
        load_ipython_extension(shell)
    return _EXTENSIONS[id(shell)]


def disable(shell: Any = None) -> None:
    """Remove the guard from the running IPython shell (what ``%unload_ext jupyter_privguard`` does)."""
    shell = shell if shell is not None else _current_shell()
    if shell is None or id(shell) not in _EXTENSIONS:
        return
    manager = getattr(shell, "extension_manager", None)
    if manager is not None:
        for name in ("jupyter_privguard", __name__):
            if name in getattr(manager, "loaded", set()):
                manager.unload_extension(name)
    if id(shell) in _EXTENSIONS:
        unload_ipython_extension(shell)
