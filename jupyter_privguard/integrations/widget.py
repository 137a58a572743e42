"""The privacy panel inside a notebook: ``jupyter_privguard.panel()`` or ``%privguard panel``.

A plain-ipywidgets panel (what JupyterLab, Notebook 7 and VS Code all render) over the running
guard session: the guarded variables and their findings, the action and threshold per entity,
the allow lists, reveal (audited, live view only), the latest leakage and re-identification
results with their charts, and the export log. It follows the session live
(:meth:`GuardSession.subscribe`, plus a ``post_run_cell`` refresh for changes made without an event).

Widget state is saved with a notebook when the frontend is set to save it, and it travels over the
comm. So nothing the panel puts into a widget's state holds a data value:

* findings, risk results and the audit log are names, entities, scores and counts;
* a column name or variable label that itself looks like personal data (``df.T`` makes row
  labels into column names) is shown as ``column #3 (name hidden)``; selection widgets carry only
  their labels and an index in their state, the real name stays in the kernel;
* allowed values and patterns (which may be personal data) are typed into a password field, moved
  into kernel memory the moment they arrive and the field is emptied; they are listed as
  ``value #1 (23 characters)``, never shown again;
* a reveal is published by the display guard's own reveal (:meth:`DisplayGuard.reveal`) into an
  ``Output`` widget, and the panel empties that widget when the guard takes reveals back (the next
  cell, ``reveal_seconds``, unloading) or when the panel is closed. While it is live, the revealed
  output is in that widget's frontend state, as a revealed cell output is in the cell.
"""

from __future__ import annotations

import html
import json
import re
import threading
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..entities import CATEGORIES, ENTITIES
from ..errors import MissingDependencyError, PolicyError
from ..policy import ACTIONS

if TYPE_CHECKING:
    from ..policy import Policy
    from ..report import ScanReport
    from ..session import GuardSession

__all__ = ["FindingRow", "PrivGuardPanel", "panel"]

# Kinds the display guard can reveal (mirrors ``%privguard reveal``).
REVEALABLE = ("pandas.DataFrame", "pandas.Series", "pandas.Index", "pandas.Styler", "polars.DataFrame", "polars.Series")
MAX_FINDING_ROWS = 500
MAX_LOG_ROWS = 25
# Known values shorter than this are only matched whole against names (a 5-letter surname inside
# a column header is more likely chance than a leak).
_MIN_CONTAINED = 8
_MAX_CONTAINMENT_VALUES = 20_000
_ACTION_NOUN = {
    "keep": "kept",
    "mask": "masked",
    "redact": "redacted",
    "hash": "hashed",
    "pseudonymize": "pseudonymized",
    "generalize": "generalized",
    "drop": "dropped",
}
_AUDIT_HIDDEN = ("prev", "hash", "user", "pid", "kernel", "time", "seq", "event")


def _widgets() -> Any:
    try:
        import ipywidgets  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise MissingDependencyError(
            "the privacy panel needs ipywidgets (8 or newer), which is not installed; "
            "pip install 'jupyter-privguard[notebook]'"
        ) from None
    return ipywidgets


def _esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _current_shell() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


# ---------------------------------------------------------------------------------------------
# plain structures first (no widgets): what each tab shows
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FindingRow:
    """One finding as the panel shows it (names, entities, scores; never a value).

    ``status`` is ``"allowed"``, ``"kept"`` or the action's past participle (``"redacted"``,
    ``"masked"``...) under the policy in force now.
    """

    variable: str
    column: str
    entity: str
    category: str
    score: float
    coverage: float
    action: str
    status: str
    detectors: str


class _Masker:
    """Decides whether a name (a column label, a variable label) may be shown.

    A name is hidden when it equals, or contains, an exact PII value the session has seen, or when
    the pattern tier finds a direct identifier in it (an email as a column label after ``df.T``).
    """

    def __init__(self) -> None:
        self._version: Any = object()
        self._values: set[str] = set()
        self._long: list[str] = []
        self._cache: dict[str, bool] = {}

    def update(self, session: GuardSession) -> None:
        # the session bumps ``_version`` whenever its value index changes: copy it only then
        version = getattr(session, "_version", None)
        if version == self._version:
            return
        _, values = session.known_values()
        self._values = set(values)
        long = [v for v in values if len(v) >= _MIN_CONTAINED]
        self._long = long if len(long) <= _MAX_CONTAINMENT_VALUES else []
        self._cache.clear()
        self._version = version

    def hidden(self, name: str) -> bool:
        cached = self._cache.get(name)
        if cached is not None:
            return cached
        verdict = name.strip() in self._values or any(v in name for v in self._long) or _pattern_hit(name)
        self._cache[name] = verdict
        return verdict

    def show(self, name: Any, fallback: str) -> str:
        text = str(name)
        return fallback if self.hidden(text) else text


def _pattern_hit(text: str) -> bool:
    if len(text) < 5:
        return False
    try:
        from ..detect.patterns import find_spans

        spans = find_spans([text])[0]
    except Exception:
        return False
    return any(getattr(ENTITIES.get(s.entity), "category", None) == "direct" for s in spans)


def finding_rows(reports: Mapping[str, ScanReport], policy: Policy, masker: _Masker | None = None) -> list[FindingRow]:
    """The panel's findings table: one row per column that holds personal data, per variable."""
    masker = masker or _Masker()
    rows: list[FindingRow] = []
    for v_index, (label, report) in enumerate(list(reports.items()), start=1):
        variable = masker.show(label, f"object #{v_index} (label hidden)")
        for name, finding in report.columns.items():
            if not finding.is_pii:
                continue
            column = masker.show(name, f"column #{finding.position + 1} (name hidden)")
            allowed = finding.allowed or policy.column_allowed(finding.column) or policy.column_allowed(name)
            category: str
            if finding.entity is not None:
                entity, category = finding.entity, finding.category or "-"
                action = policy.action_for(finding.entity)
                status = "allowed" if allowed else _ACTION_NOUN.get(action, action)
            else:
                entity = "free text: " + "+".join(finding.span_entities)
                classes = {ENTITIES[e].category for e in finding.span_entities if e in ENTITIES}
                category = "/".join(sorted(classes)) or "-"
                action = "redact spans"
                status = "allowed" if allowed else "spans redacted"
            detectors = ", ".join(sorted({e.detector for e in finding.evidence})) or "-"
            rows.append(
                FindingRow(
                    variable,
                    column,
                    entity,
                    category,
                    round(float(finding.score), 3),
                    round(float(finding.coverage), 3),
                    action,
                    status,
                    detectors,
                )
            )
    return rows


def _rows_html(rows: Sequence[FindingRow], total_variables: int) -> str:
    if not rows:
        return (
            "<p style='opacity:.8'>No personal data found yet. Display a DataFrame, or run "
            "<code>%privguard scan VAR</code>.</p>"
            if not total_variables
            else f"<p>{total_variables} object(s) checked; none holds personal data.</p>"
        )
    head = ("variable", "column", "entity", "class", "score", "coverage", "status", "evidence")
    shown = rows[:MAX_FINDING_ROWS]
    body = "".join(
        f"<tr><td>{_esc(r.variable)}</td><td>{_esc(r.column)}</td><td>{_esc(r.entity)}</td>"
        f"<td>{_esc(r.category)}</td><td>{r.score:.2f}</td><td>{r.coverage:.0%}</td>"
        f"<td>{_status_badge(r.status)}</td><td>{_esc(r.detectors)}</td></tr>"
        for r in shown
    )
    more = f"<p>and {len(rows) - len(shown)} more rows</p>" if len(rows) > len(shown) else ""
    return _table(head, body) + more


def _status_badge(status: str) -> str:
    color = {"allowed": "#2e7d32", "kept": "#b26a00"}.get(status, "#1565c0")
    return f"<span style='color:{color};font-weight:600'>{_esc(status)}</span>"


def _table(head: Sequence[str], body: str) -> str:
    cells = "".join(f"<th style='text-align:left;padding:2px 8px'>{_esc(h)}</th>" for h in head)
    return (
        "<table class='jp-privguard-panel-table' style='border-collapse:collapse;font-size:12px'>"
        f"<thead><tr style='border-bottom:1px solid rgba(128,128,128,.5)'>{cells}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    ).replace("<td>", "<td style='padding:2px 8px'>")


# -- risk results ---------------------------------------------------------------------------------
def _payload(obj: Any) -> dict[str, Any] | None:
    if isinstance(obj, Mapping):
        return dict(obj)
    to_dict = getattr(obj, "to_dict", None)
    if callable(to_dict):
        try:
            out = to_dict()
        except Exception:
            return None
        return dict(out) if isinstance(out, Mapping) else None
    return None


def _risk_items(results: Any, title: str = "", depth: int = 0) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``(title, kind, payload)`` for every leakage / re-identification payload in ``results``.

    ``results`` is the session's ``risk_results`` (``{variable: {"leakage": payload, "risk": payload}}``),
    but a report object, its ``to_dict()``, a list of them, or a mapping of names to any of these
    is understood too, so that the panel does not depend on one storage shape.
    """
    if results is None or depth > 3:
        return
    payload = _payload(results)
    if payload is not None:
        if "attributes" in payload:
            yield title or str(payload.get("label") or ""), "leakage", payload
            return
        if "quasi_identifiers" in payload:
            yield title or str(payload.get("label") or ""), "re-identification", payload
            return
        for key, value in payload.items():
            name = str(key)
            if name.startswith("_") or value is None:
                continue
            sub = title if name in ("leakage", "risk", "reidentification") else (f"{title} / {name}" if title else name)
            yield from _risk_items(value, sub, depth + 1)
        return
    if isinstance(results, (list, tuple)):
        for i, item in enumerate(results, start=1):
            yield from _risk_items(item, title or f"result {i}", depth + 1)


def _svg(bars: list[tuple[str, float, bool]], title: str) -> str:
    try:
        from ..risk.reidentification import _svg_bars

        return str(_svg_bars(bars, title=title))
    except Exception:  # the chart is a nicety: fall back to text bars
        lines = "".join(f"<div>{_esc(label)}: {value:.1%}{' ⚠' if hot else ''}</div>" for label, value, hot in bars)
        return f"<div><b>{_esc(title)}</b>{lines}</div>"


def _num(value: Any, fmt: str) -> str:
    try:
        return format(float(value), fmt)
    except (TypeError, ValueError):
        return "-"


def risk_html(results: Any, masker: _Masker | None = None) -> str:
    """The risk tab: verdicts, numbers and bar charts of the latest payloads (names and numbers only)."""
    masker = masker or _Masker()
    parts: list[str] = []

    def name(n: Any) -> str:
        return masker.show(n, "(name hidden)")

    for title, kind, p in _risk_items(results):
        heading = f"<h4 style='margin:6px 0'>{_esc(kind)}{' · ' + _esc(name(title)) if title else ''}</h4>"
        if kind == "leakage":
            parts.append(heading)
            attributes = [a for a in p.get("attributes", []) if isinstance(a, Mapping)]
            if not attributes:
                parts.append("<p>No sensitive attribute was analysed.</p>")
            for a in attributes:
                lo, hi = (list(a.get("auc_interval") or [None, None]) + [None, None])[:2]
                proxies = [name(x) for x in a.get("proxies", [])]
                parts.append(
                    f"<p><b>{_esc(name(a.get('sensitive', '?')))}</b>: {_esc(a.get('strength', '?'))} leak, "
                    f"AUC {_num(a.get('auc'), '.2f')} [{_num(lo, '.2f')}, {_num(hi, '.2f')}] against "
                    f"{_num(a.get('baseline_auc', 0.5), '.2f')} by chance; "
                    + (f"proxies: {_esc(', '.join(proxies))}" if proxies else "no proxy flagged")
                    + "</p>"
                )
                bars = [
                    (name(f.get("name", "?")), float(f.get("share") or 0.0), bool(f.get("proxy")))
                    for f in a.get("features", [])[:12]
                    if isinstance(f, Mapping)
                ]
                if bars:
                    parts.append(_svg(bars, f"share of the prediction of {name(a.get('sensitive', '?'))} (SHAP)"))
            for g in p.get("model_gaps", []) or []:
                if not isinstance(g, Mapping):
                    continue
                contributions = [c for c in g.get("contributions", []) if isinstance(c, Mapping)][:12]
                total = sum(abs(float(c.get("gap") or 0.0)) for c in contributions) or 1.0
                gap = float(g.get("gap") or 0.0)
                parts.append(f"<p>model output gap by {_esc(name(g.get('sensitive', '?')))}: {gap:+.3f}</p>")
                parts.append(
                    _svg(
                        [
                            (
                                name(c.get("name", "?")),
                                abs(float(c.get("gap") or 0.0)) / total,
                                float(c.get("gap") or 0.0) * gap > 0,
                            )
                            for c in contributions
                        ],
                        "share of the gap carried by each feature",
                    )
                )
        else:
            parts.append(heading)
            qis = [name(q) for q in p.get("quasi_identifiers", [])]
            n_rows = int(p.get("n_rows") or 0)
            parts.append(
                f"<p>k = <b>{_esc(p.get('k', '?'))}</b>; {_num(p.get('unique_share'), '.1%')} of "
                f"{n_rows:,} rows unique on {_esc(', '.join(qis) or '-')}; average risk "
                f"{_num(p.get('average_risk'), '.3f')}, max {_num(p.get('max_risk'), '.3f')}</p>"
            )
            histogram = p.get("class_size_histogram") or {}
            if isinstance(histogram, Mapping) and histogram:
                parts.append(
                    _svg(
                        [
                            (str(k), (float(v) / n_rows) if n_rows else 0.0, str(k).startswith("1"))
                            for k, v in histogram.items()
                        ],
                        "share of rows by equivalence-class size",
                    )
                )
            without = p.get("unique_share_without") or {}
            if isinstance(without, Mapping) and without:
                parts.append(
                    _svg(
                        [(f"without {name(q)}", float(s or 0.0), False) for q, s in without.items()],
                        "unique share if one quasi-identifier is left out",
                    )
                )
            generalization = p.get("generalization")
            if isinstance(generalization, Mapping):
                g = generalization
                parts.append(
                    f"<p>generalised to k = {_esc(g.get('k', '?'))} (target {_esc(g.get('k_target', '?'))}), "
                    f"{_esc(g.get('suppressed', 0))} row(s) suppressed, unique share then "
                    f"{_num(g.get('unique_share'), '.1%')}</p>"
                )
            diversity = p.get("l_diversity") or {}
            if isinstance(diversity, Mapping) and diversity:
                parts.append(
                    "<p>l-diversity: " + _esc(", ".join(f"{name(c)} = {v}" for c, v in diversity.items())) + "</p>"
                )
    if not parts:
        return (
            "<p style='opacity:.8'>No risk results yet: run <code>jupyter_privguard.leakage(df)</code> or "
            "<code>jupyter_privguard.reidentification(df)</code> (or their <code>%privguard</code> verbs).</p>"
        )
    return "".join(parts)


# -- audit / export log ------------------------------------------------------------------------------
def log_html(
    events: Sequence[Mapping[str, Any]],
    verified: tuple[bool, str] | None,
    *,
    exports_only: bool,
    masker: _Masker | None = None,
    limit: int = MAX_LOG_ROWS,
) -> str:
    """The log tab: newest first, export events only or every event (names and counts only)."""
    masker = masker or _Masker()
    chosen = [e for e in events if not exports_only or e.get("event") == "export"][-limit:][::-1]
    status = ""
    if verified is not None:
        ok, message = verified
        color = "#2e7d32" if ok else "#c62828"
        status = f"<p style='color:{color}'>audit log {'intact' if ok else 'BROKEN'}: {_esc(message)}</p>"
    if not chosen:
        what = "exports" if exports_only else "events"
        return status + f"<p style='opacity:.8'>No {what} recorded yet.</p>"
    body = []
    for e in chosen:
        if e.get("event") == "export":
            what = " ".join(str(e[k]) for k in ("method", "format") if e.get(k))
            columns = [masker.show(c, "(name hidden)") for c in e.get("columns", []) or []]
            detail = ", ".join(columns) or "-"
            entities = e.get("entities")
            if isinstance(entities, Mapping):
                detail += " · " + ", ".join(f"{k}×{v}" for k, v in entities.items())
            elif isinstance(entities, list) and entities:
                detail += " · " + ", ".join(map(str, entities))
            where = str(e.get("file", "")) or "-"
        else:
            what = str(e.get("event", ""))
            payload = {k: v for k, v in e.items() if k not in _AUDIT_HIDDEN}
            if isinstance(payload.get("columns"), list):
                payload["columns"] = [masker.show(c, "(name hidden)") for c in payload["columns"]]
            if isinstance(payload.get("target"), str):
                payload["target"] = masker.show(payload["target"], "(name hidden)")
            detail = json.dumps(payload, sort_keys=True, default=str)
            where = "-"
        body.append(
            f"<tr><td>{_esc(str(e.get('time', ''))[:19].replace('T', ' '))}</td><td>{_esc(what)}</td>"
            f"<td>{_esc(where)}</td><td>{_esc(detail)}</td><td>{_esc(e.get('decision', '-'))}</td></tr>"
        )
    return status + _table(("time (UTC)", "what", "file", "columns · entities", "decision"), "".join(body))


# ---------------------------------------------------------------------------------------------
# the panel
# ---------------------------------------------------------------------------------------------
class PrivGuardPanel:
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
        self._shell = shell if shell is not None else _current_shell()
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
        return f"<PrivGuardPanel {state}: {len(self.finding_rows())} finding(s)>"

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
                from .ipython import get_extension

                ext = get_extension(self._shell)
            except Exception:
                ext = None
        if self._fixed_session is not None:
            session = self._fixed_session
        elif ext is not None:
            session = ext.session
        else:
            from ..session import current_session

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
            f"<b>PrivGuard</b> · {state} · {len(session.reports)} object(s) checked · "
            f"{counts.get('frames_redacted', 0)} redacted displays, "
            f"{counts.get('cells_redacted', 0)} cells, {counts.get('outputs_redacted', 0)} outputs, "
            f"{counts.get('exports_warned', 0) + counts.get('exports_blocked', 0)} exports flagged, "
            f"{counts.get('reveals', 0)} reveals"
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

    def _entity_row(self, name: str, policy: Policy) -> tuple[Any, Any, Any]:
        w = self._w
        entity = ENTITIES[name]
        label = w.HTML(
            f"<b>{_esc(name)}</b> <span style='opacity:.7'>{_esc(entity.category)}</span>",
            layout=w.Layout(width="300px"),
            tooltip=entity.description,
        )
        action = w.Dropdown(options=list(ACTIONS), value=policy.action_for(name), layout=w.Layout(width="150px"))
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
        signature = (
            tuple(names),
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
                action, threshold, row = self._entity_rows.get(name) or self._entity_row(name, policy)
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
        self.allow_summary.value = (
            f"{len(policy.allow_values)} value(s) and {len(policy.allow_patterns)} pattern(s) allowed (not shown)"
        )
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
            cls = type(value)
            if cls.__module__.split(".")[0] in ("pandas", "polars") and cls.__name__ in (
                "DataFrame",
                "Series",
                "Styler",
            ):
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
        frame = getattr(obj, "data", None) if type(obj).__name__ == "Styler" else obj
        columns = list(getattr(frame, "columns", ())) if frame is not None else []
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
            from .. import audit

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

    # -- actions (the widgets call these; so can code) --------------------------------------------------
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

    def _apply(self, policy: Policy, event: str, payload: dict[str, Any], **audit_fields: Any) -> None:
        session = self.session
        session.policy = policy
        self._audit(event, scope="panel", **audit_fields)
        session.emit("policy", payload)
        self.refresh()

    def set_action(self, entity: str, action: str) -> None:
        """Set the action for ``entity`` (what the entity's dropdown does); audited."""
        name = entity.upper()
        policy = self.session.policy
        if policy.actions.get(name) == action:
            return
        try:
            new = policy.replace(actions={name: action}, source=_source(policy))
        except PolicyError as exc:
            self._say(str(exc), error=True)
            raise
        self._apply(new, "policy", {"actions": {name: action}}, entities=[name], action=action)
        self._say(f"{name} -> {action}")

    def set_threshold(self, entity: str, threshold: float) -> None:
        """Set the minimum score for ``entity`` (what the entity's slider does); audited."""
        name = entity.upper()
        value = round(float(threshold), 3)
        policy = self.session.policy
        if policy.thresholds.get(name) == value:
            return
        try:
            new = policy.replace(thresholds={name: value}, source=_source(policy))
        except PolicyError as exc:
            self._say(str(exc), error=True)
            raise
        self._apply(new, "policy", {"thresholds": {name: value}}, entities=[name], setting="thresholds", score=value)
        self._say(f"{name}: threshold {value:.2f}")

    def set_min_score(self, value: float) -> None:
        """Set the default threshold (entities without their own); audited."""
        score = round(float(value), 3)
        policy = self.session.policy
        if policy.min_score == score:
            return
        self._apply(
            policy.replace(min_score=score, source=_source(policy)),
            "config",
            {"config": ["min_score"]},
            setting="min_score",
            score=score,
        )
        self._say(f"default threshold {score:.2f}")

    def allow_column(self, column: str) -> None:
        """Never treat ``column`` (a name or glob) as personal data; audited with the column name."""
        column = str(column).strip()
        if not column:
            self._say("type a column name first", error=True)
            return
        policy = self.session.policy
        if column not in policy.allow_columns:
            self._apply(
                policy.replace(allow_columns=policy.allow_columns + (column,), source=_source(policy)),
                "allow",
                {"allow": "column"},
                kind="column",
                target=self._audit_name(column),
            )
        self._say(f"allowed column {self._masker.show(column, '(name hidden)')}")

    def remove_column(self, column: str) -> None:
        """Take ``column`` out of the allowed columns; audited."""
        policy = self.session.policy
        if column not in policy.allow_columns:
            return
        kept = tuple(c for c in policy.allow_columns if c != column)
        self._apply(
            policy.replace(allow_columns=kept, source=_source(policy)),
            "deny",
            {"deny": "column"},
            kind="column",
            target=self._audit_name(column),
        )
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
        policy = self.session.policy
        key = f"allow_{kind}s"
        current = tuple(getattr(policy, key))
        if text not in current:
            self._apply(
                policy.replace(**{key: current + (text,)}, source=_source(policy)),
                "allow",
                {"allow": kind},
                kind=kind,
                target=f"<{kind}>",
            )
        self._say(f"allowed 1 {kind} ({len(text)} characters)")

    def remove_allowed(self, text: str) -> int:
        """Take ``text`` out of the allowed values and patterns; returns how many entries went."""
        policy = self.session.policy
        values = tuple(v for v in policy.allow_values if v != text)
        patterns = tuple(p for p in policy.allow_patterns if p != text)
        removed = len(policy.allow_values) - len(values) + len(policy.allow_patterns) - len(patterns)
        if removed:
            kind = "value" if len(values) != len(policy.allow_values) else "pattern"
            self._apply(
                policy.replace(allow_values=values, allow_patterns=patterns, source=_source(policy)),
                "deny",
                {"deny": kind},
                kind=kind,
                target=f"<{kind}>",
            )
            self._say(f"removed {removed} entry from the allow lists")
        else:
            self._say("that entry is not in the allow lists", error=True)
        return removed

    def _remove_at(self, kind: str, index: int) -> None:
        policy = self.session.policy
        key = f"allow_{kind}"
        current = tuple(getattr(policy, key))
        if not 0 <= index < len(current):
            return
        kept = current[:index] + current[index + 1 :]
        noun = kind[:-1]
        self._apply(
            policy.replace(**{key: kept}, source=_source(policy)), "deny", {"deny": noun}, kind=noun, target=f"<{noun}>"
        )
        self._say(f"removed {noun} #{index + 1}")

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
        obj = namespace[variable]
        kind = ext.display.kind_of(obj)
        if kind not in REVEALABLE:
            raise ValueError(f"reveal: expected a DataFrame, Series, Index or Styler, got {kind}")
        chosen = [str(c) for c in (columns or [])]
        if chosen:
            frame = obj.data if kind == "pandas.Styler" else obj
            names = [str(c) for c in getattr(frame, "columns", [])]
            unknown = [c for c in chosen if c not in names]
            if unknown:
                raise ValueError(f"reveal: {variable} has no column {', '.join(map(repr, unknown))}")
        self._clear_reveal_view()
        with self.reveal_output:
            display_id = ext.display.reveal(obj, variable, chosen or None)
        self._reveal_live = True
        self._audit(
            "reveal",
            variable=variable,
            columns=[self._audit_name(c) for c in chosen],
            kind=kind.split(".")[-1],
            decision="revealed",
            scope="panel",
        )
        session.emit("reveal", {"label": variable, "columns": chosen})
        seconds = float(getattr(ext.display, "reveal_seconds", 0) or 0)
        if seconds > 0:
            self._cancel_timer()
            self._reveal_timer = threading.Timer(seconds, self._clear_reveal_view)
            self._reveal_timer.daemon = True
            self._reveal_timer.start()
        self.reveal_note.value = (
            f"<span style='color:#b26a00'>revealed "
            f"{len(chosen) or 'all'} column(s) of {_esc(variable)} until the next cell runs"
            + (f" or {seconds:g} s pass" if seconds > 0 else "")
            + " (audited)</span>"
        )
        return str(display_id)

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

    # -- widget callbacks ----------------------------------------------------------------------------------
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
        session.enabled = enabled
        self._audit("on" if enabled else "off", enabled=enabled, scope="panel")
        session.emit("enabled", {"enabled": enabled})
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


def _source(policy: Policy) -> str:
    return policy.source if policy.source.endswith("+panel") else f"{policy.source}+panel"


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
    shell = shell if shell is not None else _current_shell()
    key = (id(shell), id(session) if session is not None else 0)
    existing = _PANELS.get(key)
    if existing is not None and not existing._closed:
        existing.refresh()
        return existing
    made = PrivGuardPanel(session, shell=shell)
    _PANELS[key] = made
    return made
