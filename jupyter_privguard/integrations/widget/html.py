"""The panel's tabs as HTML: findings table, risk results and the audit / export log (names and numbers only)."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ...wording import coverage_text, plural
from .masking import _Masker
from .rows import FindingRow
from .svg import _svg

MAX_FINDING_ROWS = 500
MAX_LOG_ROWS = 25
_AUDIT_HIDDEN = ("prev", "hash", "user", "pid", "kernel", "time", "seq", "event")


def _esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _rows_html(rows: Sequence[FindingRow], total_variables: int) -> str:
    if not rows:
        return (
            "<p style='opacity:.8'>No personal data found yet. Display a DataFrame, or run "
            "<code>%privguard scan VAR</code>.</p>"
            if not total_variables
            else f"<p>{plural(total_variables, 'object')} checked; none holds personal data.</p>"
        )
    head = ("variable", "column", "entity", "class", "score", "coverage", "status", "evidence")
    shown = rows[:MAX_FINDING_ROWS]
    body = "".join(
        f"<tr><td>{_esc(r.variable)}</td><td>{_esc(r.column)}</td><td>{_esc(r.entity)}</td>"
        f"<td>{_esc(r.category)}</td><td>{r.score:.2f}</td><td>{coverage_text(r.coverage)}</td>"
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
