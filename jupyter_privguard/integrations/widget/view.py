"""The privacy panel: an ipywidgets tree over one guard session, its tabs refreshed from the session.

What the user does in it (policy edits, allow lists, reveal) is in :mod:`.actions`; the markup of its
tabs in :mod:`.html`. See the package docstring for what may and may not reach a widget's state.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from ...adapters import shown_adapter, table_columns
from ...entities import CATEGORIES, ENTITIES
from ...errors import MissingDependencyError
from ...wording import plural
from .. import commands
from ..loaded import current_shell, extension_for
from .actions import PanelActions
from .html import _esc, _rows_html, log_html, risk_html
from .masking import _Masker
from .rows import FindingRow, finding_rows

if TYPE_CHECKING:
    from ...policy import Policy
    from ...session import GuardSession

__all__ = ["PrivGuardPanel", "panel"]


def _widgets() -> Any:
    try:
        import ipywidgets  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise MissingDependencyError(
            "the privacy panel needs ipywidgets (8 or newer), which is not installed; "
            "it is a dependency of jupyter-privguard: pip install 'ipywidgets>=8'"
        ) from None
    return ipywidgets


class PrivGuardPanel(PanelActions):
    """The privacy panel: an ipywidgets tree over one guard session, updated live.

    Parameters
    ----------
    session
        The session to show. By default the session of the guard loaded into ``shell``, else the
        process-wide one; the panel follows it when the guard is unloaded and loaded again.
    shell
        The IPython shell (the current one by default); needed for reveal and for the refresh
        after each cell. Without one the panel still shows findings and edits the policy.

    Attributes
    ----------
    widget
        The root widget (a ``VBox``); the panel displays as this widget.
    """

    def __init__(self, session: GuardSession | None = None, *, shell: Any = None) -> None:
        self._w = _widgets()
        self._shell = shell if shell is not None else current_shell()
        self._fixed_session = session
        self._session: GuardSession | None = None
        self._unsubscribe: Callable[[], Any] | None = None
        self._lock = threading.RLock()
        self._refreshing = False
        self._dirty = False
        self._syncing = False
        self._closed = False
        self._masker = _Masker()
        self._signatures: dict[str, Any] = {}
        self._entity_rows: dict[str, tuple[Any, Any, Any]] = {}
        # an allow-list entry typed by the user lives here, in kernel memory only (see the module doc)
        self._staged: str | None = None
        self._reveal_timer: threading.Timer | None = None
        self._reveal_live = False
        self._log_stamp: Any = None
        self._log_events: list[dict[str, Any]] = []
        self._log_verified: tuple[bool, str] | None = None
        self._build()
        self._hooks: list[tuple[str, Callable[..., None]]] = []
        events = getattr(self._shell, "events", None)
        if events is not None:
            for name, hook in (("pre_run_cell", self._pre_run_cell), ("post_run_cell", self._post_run_cell)):
                events.register(name, hook)
                self._hooks.append((name, hook))
        self.refresh()

    # -- display ----------------------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        state = "closed" if self._closed else "live"
        return f"<PrivGuardPanel {state}: {plural(len(self.finding_rows()), 'finding')}>"

    # -- building -----------------------------------------------------------------------------------
    def _build(self) -> None:
        w = self._w
        full = w.Layout(width="100%")
        self.title = w.HTML()
        self.guard_toggle = w.ToggleButton(
            value=True,
            description="guard on",
            icon="shield",
            tooltip="pause or resume the guard in this kernel (audited)",
        )
        self.refresh_button = w.Button(description="Refresh", icon="refresh", tooltip="re-read the session")
        self.message = w.HTML()
        header = w.HBox(
            [self.title, self.guard_toggle, self.refresh_button],
            layout=w.Layout(justify_content="space-between", align_items="center", width="100%"),
        )

        # findings
        self.findings_html = w.HTML(layout=full)
        self.finding_pick = w.Dropdown(options=[], description="column", layout=w.Layout(width="60%"))
        self.finding_allow_button = w.Button(
            description="Allow column", icon="check", tooltip="never treat this column as personal data (audited)"
        )
        findings_tab = w.VBox([self.findings_html, w.HBox([self.finding_pick, self.finding_allow_button])])

        # policy
        self.policy_filter = w.ToggleButtons(
            options=[("found in this session", "found"), ("all entities", "all")], value="found"
        )
        self.min_score = w.FloatSlider(
            min=0.0,
            max=1.0,
            step=0.05,
            description="default threshold",
            continuous_update=False,
            readout_format=".2f",
            style={"description_width": "initial"},
        )
        self.policy_rows = w.VBox()
        self.policy_note = w.HTML()
        policy_tab = w.VBox([self.policy_filter, self.min_score, self.policy_note, self.policy_rows])

        # allow lists
        self.allow_column_text = w.Text(
            placeholder="column name (globs allowed: *_id)", continuous_update=False, description="column"
        )
        self.allow_column_button = w.Button(description="Allow column", icon="check")
        self.allowed_columns = w.Dropdown(options=[], description="allowed")
        self.remove_column_button = w.Button(description="Remove", icon="times")
        self.secret = w.Password(
            placeholder="type a value or a regular expression, then Enter",
            continuous_update=False,
            description="value",
            layout=w.Layout(width="60%"),
        )
        self.secret_status = w.HTML()
        self.allow_value_button = w.Button(description="Allow as value", icon="check")
        self.allow_pattern_button = w.Button(description="Allow as pattern", icon="check")
        self.remove_secret_button = w.Button(
            description="Remove it", icon="times", tooltip="take the typed entry out of the allow lists"
        )
        self.allowed_secrets = w.Dropdown(options=[], description="allowed")
        self.remove_selected_button = w.Button(description="Remove", icon="times")
        self.allow_summary = w.HTML()
        allow_tab = w.VBox(
            [
                w.HTML("<b>Columns</b>"),
                w.HBox([self.allow_column_text, self.allow_column_button]),
                w.HBox([self.allowed_columns, self.remove_column_button]),
                w.HTML(
                    "<b>Values and patterns</b> <span style='opacity:.8'>(may be personal data: kept in the "
                    "kernel, never shown)</span>"
                ),
                self.secret,
                self.secret_status,
                w.HBox([self.allow_value_button, self.allow_pattern_button, self.remove_secret_button]),
                self.allow_summary,
                w.HBox([self.allowed_secrets, self.remove_selected_button]),
            ]
        )

        # reveal
        self.reveal_variable = w.Dropdown(options=[], description="variable")
        self.reveal_columns = w.SelectMultiple(options=[], description="columns", rows=6)
        self.reveal_button = w.Button(
            description="Reveal",
            icon="eye",
            button_style="warning",
            tooltip="show unredacted in the live view only; audited",
        )
        self.end_reveal_button = w.Button(description="Hide again", icon="eye-slash")
        self.reveal_note = w.HTML()
        self.reveal_output = w.Output(layout=full)
        reveal_tab = w.VBox(
            [
                w.HTML(
                    "<span style='opacity:.8'>Shows the data unredacted in this live view until the next cell "
                    "runs; never in the saved notebook; written to the audit log. No columns selected: all.</span>"
                ),
                w.HBox([self.reveal_variable, self.reveal_columns]),
                w.HBox([self.reveal_button, self.end_reveal_button]),
                self.reveal_note,
                self.reveal_output,
            ]
        )

        # risk, log
        self.risk_html = w.HTML(layout=full)
        self.log_filter = w.ToggleButtons(options=[("exports", "exports"), ("all events", "all")], value="exports")
        self.log_html = w.HTML(layout=full)
        log_tab = w.VBox([self.log_filter, self.log_html])

        self.tabs = w.Tab(
            children=[findings_tab, policy_tab, allow_tab, reveal_tab, w.VBox([self.risk_html]), log_tab],
            titles=("Findings", "Policy", "Allow lists", "Reveal", "Risk", "Export log"),
        )
        self.widget = w.VBox([header, self.message, self.tabs], layout=w.Layout(width="100%"))
        self.widget.add_class("jp-privguard-panel")

        self.guard_toggle.observe(self._on_guard_toggle, names="value")
        self.refresh_button.on_click(lambda _: self.refresh(force=True))
        self.finding_allow_button.on_click(self._on_finding_allow)
        self.policy_filter.observe(lambda _: self.refresh(), names="value")
        self.min_score.observe(self._on_min_score, names="value")
        self.allow_column_button.on_click(self._on_allow_column)
        self.remove_column_button.on_click(self._on_remove_column)
        self.secret.observe(self._on_secret, names="value")
        self.allow_value_button.on_click(lambda _: self._commit_staged("value"))
        self.allow_pattern_button.on_click(lambda _: self._commit_staged("pattern"))
        self.remove_secret_button.on_click(lambda _: self._remove_staged())
        self.remove_selected_button.on_click(self._on_remove_selected)
        self.reveal_variable.observe(lambda _: self._fill_reveal_columns(), names="value")
        self.reveal_button.on_click(self._on_reveal)
        self.end_reveal_button.on_click(lambda _: self.end_reveal())
        self.log_filter.observe(lambda _: self.refresh(force=True), names="value")

    def iter_widgets(self) -> Iterator[Any]:
        """Every widget in the panel's tree (each once), root first."""
        seen: set[int] = set()
        stack = [self.widget]
        while stack:
            widget = stack.pop()
            if id(widget) in seen:
                continue
            seen.add(id(widget))
            yield widget
            for name in widget.keys:
                value = getattr(widget, name, None)
                items = value if isinstance(value, (list, tuple)) else [value]
                stack.extend(v for v in items if isinstance(v, self._w.Widget))

    # -- the session -----------------------------------------------------------------------------------
    def _resolve(self) -> tuple[GuardSession, Any]:
        """(session, extension) where the extension is the loaded guard for that session, or ``None``."""
        ext = None
        if self._shell is not None:
            try:
                ext = extension_for(self._shell)
            except Exception:
                ext = None
        if self._fixed_session is not None:
            session = self._fixed_session
        elif ext is not None:
            session = ext.session
        else:
            from ...session import current_session

            session = current_session()
        if ext is not None and ext.session is not session:
            ext = None
        return session, ext

    def _bind(self) -> tuple[GuardSession, Any]:
        session, ext = self._resolve()
        if session is not self._session:
            if self._unsubscribe is not None:
                self._unsubscribe()
            # weak: the session outlives panels, and a listener must not be what keeps one alive
            ref = weakref.ref(self)

            def listener(event: str, payload: dict[str, Any]) -> None:
                me = ref()
                if me is not None:
                    me._on_event(event, payload)

            self._unsubscribe = session.subscribe(listener)
            self._session = session
            self._signatures.clear()
        return session, ext

    @property
    def session(self) -> GuardSession:
        """The session shown."""
        return self._bind()[0]

    def _on_event(self, event: str, payload: dict[str, Any]) -> None:
        # the tripwire emits from inside the kernel's message sending: refresh after the cell instead
        if event == "output_redacted":
            self._dirty = True
            return
        self.refresh()

    def _pre_run_cell(self, *_: Any) -> None:
        # the guard takes revealed outputs back when the next cell runs: so does the panel
        if self._reveal_live:
            self._clear_reveal_view()

    def _post_run_cell(self, *_: Any) -> None:
        self.refresh()

    # -- refresh -----------------------------------------------------------------------------------------
    def refresh(self, force: bool = False) -> None:
        """Bring every tab up to date with the session (only what changed is sent to the frontend)."""
        if self._closed:
            return
        with self._lock:
            if self._refreshing:
                self._dirty = True
                return
            self._refreshing = True
            try:
                if force:
                    self._signatures.clear()
                    self._log_stamp = None
                # a change that arrives while a pass runs gets one more pass, not a nested one
                for _ in range(2):
                    self._dirty = False
                    self._refresh_once()
                    if not self._dirty:
                        break
            finally:
                self._refreshing = False

    def _refresh_once(self) -> None:
        session, ext = self._bind()
        self._masker.update(session)
        for part in (
            self._refresh_header,
            self._refresh_findings,
            self._refresh_policy,
            self._refresh_allow,
            self._refresh_reveal,
            self._refresh_risk,
            self._refresh_log,
        ):
            try:
                part(session, ext)
            except Exception as exc:  # one broken tab must not take the panel down
                self._say(
                    f"could not refresh {part.__name__.replace('_refresh_', '')}: {type(exc).__name__}", error=True
                )

    def _changed(self, key: str, signature: Any) -> bool:
        if self._signatures.get(key) == signature:
            return False
        self._signatures[key] = signature
        return True

    def _say(self, text: str, *, error: bool = False) -> None:
        color = "#c62828" if error else "inherit"
        self.message.value = f"<span style='color:{color}'>{_esc(text)}</span>" if text else ""

    def _refresh_header(self, session: GuardSession, ext: Any) -> None:
        counts = session.counts.to_dict()
        signature = (session.enabled, ext is not None, tuple(sorted(counts.items())), len(session.reports))
        if not self._changed("header", signature):
            return
        if ext is None:
            state = "<span style='color:#b26a00'>guard not loaded</span> (<code>%load_ext jupyter_privguard</code>)"
        elif session.enabled:
            state = "<span style='color:#2e7d32'>guard on</span>"
        else:
            state = "<span style='color:#c62828'>guard OFF: outputs are not redacted</span>"
        self.title.value = (
            f"<b>PrivGuard</b> · {state} · {plural(len(session.reports), 'object')} checked · "
            f"{plural(counts.get('frames_redacted', 0), 'redacted display')}, "
            f"{plural(counts.get('cells_redacted', 0), 'cell')}, {plural(counts.get('outputs_redacted', 0), 'output')}, "
            f"{plural(counts.get('exports_warned', 0) + counts.get('exports_blocked', 0), 'export')} flagged, "
            f"{plural(counts.get('reveals', 0), 'reveal')}"
        )
        self._syncing = True
        try:
            self.guard_toggle.value = bool(session.enabled)
            self.guard_toggle.description = "guard on" if session.enabled else "guard OFF"
            self.guard_toggle.button_style = "" if session.enabled else "danger"
            self.guard_toggle.disabled = ext is None
            for button in (self.reveal_button, self.end_reveal_button):
                button.disabled = ext is None
        finally:
            self._syncing = False

    def finding_rows(self) -> list[FindingRow]:
        """The findings table as plain rows (what the Findings tab shows)."""
        session = self.session
        self._masker.update(session)
        return finding_rows(dict(session.reports), session.policy, self._masker)

    def _refresh_findings(self, session: GuardSession, ext: Any) -> None:
        reports = dict(session.reports)
        rows = finding_rows(reports, session.policy, self._masker)
        if not self._changed("findings", (tuple(rows), len(reports))):
            return
        self.findings_html.value = _rows_html(rows, len(reports))
        # the options' values (the real column names) stay in the kernel; only the labels travel
        options: list[tuple[str, str]] = []
        seen: set[str] = set()
        for report in reports.values():
            for name, finding in report.columns.items():
                column = str(finding.column)
                if not finding.is_pii or column in seen or session.policy.column_allowed(column):
                    continue
                seen.add(column)
                shown = self._masker.show(name, f"column #{finding.position + 1} (name hidden)")
                options.append((f"{shown} ({finding.entity or 'free text'})", column))
        self.finding_pick.options = options
        self.finding_allow_button.disabled = not options

    def _entity_row(self, name: str, policy: Policy, actions: list[str]) -> tuple[Any, Any, Any]:
        w = self._w
        entity = ENTITIES[name]
        label = w.HTML(
            f"<b>{_esc(name)}</b> <span style='opacity:.7'>{_esc(entity.category)}</span>",
            layout=w.Layout(width="300px"),
            tooltip=entity.description,
        )
        action = w.Dropdown(options=actions, value=policy.action_for(name), layout=w.Layout(width="150px"))
        threshold = w.FloatSlider(
            min=0.0,
            max=1.0,
            step=0.05,
            value=policy.threshold_for(name),
            continuous_update=False,
            readout_format=".2f",
            description="threshold",
        )
        action.observe(lambda change, n=name: self._on_action(n, change["new"]), names="value")
        threshold.observe(lambda change, n=name: self._on_threshold(n, change["new"]), names="value")
        row = (action, threshold, w.HBox([label, action, threshold]))
        self._entity_rows[name] = row
        return row

    def _found_entities(self, session: GuardSession) -> list[str]:
        found: list[str] = []
        for report in list(session.reports.values()):
            for finding in report.columns.values():
                for entity in ([finding.entity] if finding.entity else []) + list(finding.span_entities):
                    if entity in ENTITIES and entity not in found:
                        found.append(entity)
        return found

    def _refresh_policy(self, session: GuardSession, ext: Any) -> None:
        policy = session.policy
        found = self._found_entities(session)
        changed = [n for n in ENTITIES if n in policy.actions or n in policy.thresholds]
        if self.policy_filter.value == "found":
            names = list(found) + [n for n in changed if n not in found]
        else:
            order = {c: i for i, c in enumerate(CATEGORIES)}
            names = sorted(ENTITIES, key=lambda n: (order[ENTITIES[n].category], n))
        # the dropdowns offer the operators registered in this session (a plugin adds its own)
        actions = commands.action_names(session)
        signature = (
            tuple(names),
            tuple(actions),
            tuple(sorted(policy.actions.items())),
            tuple(sorted(policy.thresholds.items())),
            policy.min_score,
            policy.source,
        )
        if not self._changed("policy", signature):
            return
        self._syncing = True
        try:
            self.min_score.value = policy.min_score
            rows = []
            for name in names:
                action, threshold, row = self._entity_rows.get(name) or self._entity_row(name, policy, actions)
                if list(action.options) != actions:
                    action.options = actions
                action.value = policy.action_for(name)
                threshold.value = policy.threshold_for(name)
                rows.append(row)
            self.policy_rows.children = rows
        finally:
            self._syncing = False
        hidden = len(ENTITIES) - len(names)
        self.policy_note.value = (
            f"<span style='opacity:.8'>policy from {_esc(policy.source)}"
            + (f"; {hidden} other entities under 'all entities'" if hidden else "")
            + ("; nothing found yet" if not found and self.policy_filter.value == "found" else "")
            + "</span>"
        )

    def _refresh_allow(self, session: GuardSession, ext: Any) -> None:
        policy = session.policy
        signature = (
            policy.allow_columns,
            len(policy.allow_values),
            len(policy.allow_patterns),
            tuple(map(len, policy.allow_values)),
            tuple(map(len, policy.allow_patterns)),
            self._staged is not None and len(self._staged),
        )
        if not self._changed("allow", signature):
            return
        self.allowed_columns.options = [
            (self._masker.show(c, f"column #{i} (name hidden)"), c) for i, c in enumerate(policy.allow_columns, start=1)
        ]
        self.remove_column_button.disabled = not policy.allow_columns
        # listed by kind, number and length only: the entries themselves may be personal data
        secrets = [
            (f"value #{i} ({len(v)} characters)", ("values", i - 1)) for i, v in enumerate(policy.allow_values, start=1)
        ]
        secrets += [
            (f"pattern #{i} ({len(p)} characters)", ("patterns", i - 1))
            for i, p in enumerate(policy.allow_patterns, start=1)
        ]
        self.allowed_secrets.options = secrets
        self.remove_selected_button.disabled = not secrets
        self.allow_summary.value = f"{plural(len(policy.allow_values), 'value')} and {plural(len(policy.allow_patterns), 'pattern')} allowed (not shown)"
        staged = self._staged is not None
        self.secret_status.value = (
            f"1 entry of {len(self._staged or '')} characters ready: allow it as a value or "
            "a pattern, or remove it from the lists"
            if staged
            else ""
        )
        for button in (self.allow_value_button, self.allow_pattern_button, self.remove_secret_button):
            button.disabled = not staged

    def _reveal_candidates(self, session: GuardSession) -> list[str]:
        namespace = getattr(self._shell, "user_ns", None) or {}
        names = [k for k in session.reports if isinstance(k, str) and k.isidentifier() and k in namespace]
        for key, value in list(namespace.items()):
            if key.startswith("_") or key in names or not isinstance(key, str) or not key.isidentifier():
                continue
            # tables and series the guard shows (an Index is no variable to reveal)
            found = shown_adapter(value, session.registries.get("adapters"))
            if found is not None and found[0].matches(found[0].shown_frame(value)):
                names.append(key)
        return sorted(names)

    def _refresh_reveal(self, session: GuardSession, ext: Any) -> None:
        if self._reveal_live and (ext is None or ext.display.pending_reveals == 0):
            self._clear_reveal_view()  # the guard took it back (unloaded, timer) or was never there
        names = self._reveal_candidates(session)
        if not self._changed("reveal", tuple(names)):
            return
        current = self.reveal_variable.value
        self.reveal_variable.options = [(self._masker.show(n, f"variable #{i}"), n) for i, n in enumerate(names, 1)]
        if current in names:
            self.reveal_variable.value = current
        self._fill_reveal_columns()

    def _fill_reveal_columns(self) -> None:
        namespace = getattr(self._shell, "user_ns", None) or {}
        obj = namespace.get(self.reveal_variable.value) if self.reveal_variable.value else None
        columns = table_columns(obj) if obj is not None else []
        self.reveal_columns.options = [
            (self._masker.show(c, f"column #{i} (name hidden)"), str(c)) for i, c in enumerate(columns, start=1)
        ]

    def _refresh_risk(self, session: GuardSession, ext: Any) -> None:
        results = getattr(session, "risk_results", None)
        markup = risk_html(results, self._masker)
        if self._changed("risk", markup):
            self.risk_html.value = markup

    def _audit_log(self, session: GuardSession, ext: Any) -> Any:
        if ext is not None:
            return ext.audit_log()
        try:
            from ... import audit

            return audit.default_log(session.policy)
        except Exception:
            return None

    def _refresh_log(self, session: GuardSession, ext: Any) -> None:
        log = self._audit_log(session, ext)
        path = getattr(log, "path", None)
        try:
            stat = path.stat() if path is not None else None
            stamp = (str(path), stat.st_size, stat.st_mtime_ns) if stat is not None else (str(path), None, None)
        except OSError:
            stamp = (str(path), None, None)
        if stamp != self._log_stamp:
            self._log_stamp = stamp
            try:
                self._log_events = log.read() if log is not None else []
                self._log_verified = log.verify() if log is not None else None
            except Exception as exc:
                self._log_events, self._log_verified = [], (False, f"could not read it ({type(exc).__name__})")
        markup = log_html(
            self._log_events, self._log_verified, exports_only=self.log_filter.value == "exports", masker=self._masker
        )
        if self._changed("log", markup):
            self.log_html.value = markup

    def close(self) -> None:
        """Stop following the session, take a live reveal back, and close every widget of the panel."""
        if self._closed:
            return
        if self._reveal_live:
            self.end_reveal()
        self._closed = True
        self._cancel_timer()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        events: Any = getattr(self._shell, "events", None)
        for name, hook in self._hooks:
            try:
                events.unregister(name, hook)
            except (ValueError, AttributeError):
                pass
        self._hooks.clear()
        self._staged = None
        for widget in list(self.iter_widgets()):
            widget.close()
        for key in [k for k, v in _PANELS.items() if v is self]:
            _PANELS.pop(key, None)


# one panel per shell and session: panel() hands back the open one (every view of it stays live)
_PANELS: dict[tuple[int, int], PrivGuardPanel] = {}


def panel(session: GuardSession | None = None, *, shell: Any = None) -> PrivGuardPanel:
    """The privacy panel for this notebook: findings, policy, allow lists, reveal, risk, export log.

    Parameters
    ----------
    session
        The guard session to show; by default the loaded guard's (it follows the guard when it is
        unloaded and loaded again), else the process-wide one.
    shell
        The IPython shell; the current one by default.

    Returns
    -------
    PrivGuardPanel
        Displayed when it is a cell's last expression (``%privguard panel`` displays it). Calling
        ``panel()`` again returns the same open panel; ``PrivGuardPanel(...)`` makes another.

    Raises
    ------
    MissingDependencyError
        ipywidgets is not installed.

    Examples
    --------
    >>> import jupyter_privguard                               # doctest: +SKIP
    >>> jupyter_privguard.panel()                               # doctest: +SKIP
    """
    shell = shell if shell is not None else current_shell()
    key = (id(shell), id(session) if session is not None else 0)
    existing = _PANELS.get(key)
    if existing is not None and not existing._closed:
        existing.refresh()
        return existing
    made = PrivGuardPanel(session, shell=shell)
    _PANELS[key] = made
    return made
