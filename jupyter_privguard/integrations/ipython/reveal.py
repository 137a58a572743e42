"""``%privguard reveal``: raw values in the live view, never in a saved notebook, never replayed.

A reveal must reach the eyes of the user who asked, and nothing else: not the saved ``.ipynb``
(with or without the server's save hook, in the notebook's last cell too), not a replay of the
output later. Two cases:

* **In a kernel** (JupyterLab, the classic notebook, nbclient ...): the cell's output is the
  *redacted* version with a reveal payload (:data:`REVEAL_MIME`, ``{"id": display id}``, no value)
  and a banner line. The raw view goes to the frontend through the display guard's
  ``reveal_listeners``: the guard's comm sends it as a ``reveal`` message, which no frontend saves
  in the notebook, and the JupyterLab extension draws it in place of the redacted output while the
  reveal lasts. Whatever the frontend saves, whenever it saves, holds only the redacted view. A
  frontend without the extension shows the redacted view and says so (a reveal there is not
  possible without putting the values in the document the frontend saves).
* **Outside a kernel** (a terminal IPython, a test shell: nothing is saved): the raw output is
  published, its mark holding a nonce that is valid for this one publication only
  (:func:`.messages.allow_reveal`): captured with ``%%capture`` and shown later, the output finds
  no live nonce and the tripwire checks it like any other.

A reveal ends, whichever comes first, when the next cell runs, after the guard's
``reveal_seconds``, or when the guard is unloaded: the output is replaced by the plain redacted
version (``update_display_data``) and the frontend is told to drop its copy (``reveal_end``).
"""

from __future__ import annotations

import html
import threading
import uuid
from typing import TYPE_CHECKING, Any

from ... import render

if TYPE_CHECKING:
    from .display import DisplayGuard

__all__ = ["REVEAL_MIME", "reveal", "restore"]

#: The MIME type of a reveal's payload in the output: ``{"id": display id, "version": 1}``, never a value.
REVEAL_MIME = "application/vnd.jupyter-privguard.reveal+json"
# What of a revealed view goes to the frontend (the view it draws in place of the output).
_VIEW_MIME = frozenset({"text/html", "text/plain"})


def reveal(guard: DisplayGuard, obj: Any, label: str | None, columns: list[str] | None) -> str:
    """Reveal ``obj`` (``columns`` only, or all) through ``guard``; returns the display id."""
    base = guard.session.policy
    kind = guard.kind_of(obj)
    redacted = guard.bundle(obj, kind, policy=base, label=label)
    allow = tuple(columns) if columns else ("*",)
    revealed_policy = base.replace(allow_columns=base.allow_columns + allow)
    shown = ", ".join(columns) if columns else "all columns"
    key = label or f"<{kind}>"
    report = guard.session.reports.get(key)
    if columns:
        data, metadata = guard.bundle(
            obj, kind, policy=revealed_policy, label=label, notes=[f"revealed {shown}: live view only"]
        )
        data = _marked_revealed(data, base, columns)
    else:
        data, metadata = guard.raw_bundle(obj)
    if report is not None:
        # the panel and the sidebar show the policy in force: a reveal allows nothing
        guard.session.reports[key] = report
    text = f"privguard: revealed {shown} of {label or 'this object'} (live view only; audited)"
    data = _with_banner(data, text)
    display_id = f"privguard-reveal-{uuid.uuid4().hex}"
    with guard._reveal_lock:
        guard._pending_reveals[display_id] = redacted
    if getattr(guard.shell, "kernel", None) is not None:
        _through_listeners(guard, display_id, label, data, redacted, text)
    else:
        _in_place(guard, display_id, data, metadata, columns)
    guard.session.counts.reveals += 1
    if guard.reveal_seconds > 0:
        timer = threading.Timer(guard.reveal_seconds, guard.restore_reveals)
        timer.daemon = True
        timer.start()
        guard._timers = [t for t in guard._timers if t.is_alive()] + [timer]
    return display_id


def restore(guard: DisplayGuard) -> int:
    """End every live reveal of ``guard``: the redacted output replaces it; returns how many."""
    with guard._reveal_lock:
        pending, guard._pending_reveals = guard._pending_reveals, {}
    for display_id, (data, metadata) in pending.items():
        guard._publish(data, metadata, transient={"display_id": display_id}, update=True)
        for listener in list(guard.reveal_listeners):
            try:
                listener("reveal_end", display_id, None)
            except Exception:  # a closed channel: the frontend's copy goes with its page
                continue
    return len(pending)


def _in_place(
    guard: DisplayGuard, display_id: str, data: dict[str, Any], metadata: dict[str, Any], columns: list[str] | None
) -> None:
    from .messages import allow_reveal, revoke_reveal

    # valid for this one publication: captured (%%capture) and shown later, it is checked
    nonce = allow_reveal(guard.session)
    metadata = dict(metadata)
    metadata[render.METADATA_KEY] = {
        "version": render.BUNDLE_VERSION,
        "reveal": True,
        "columns": list(columns or []),
        "nonce": nonce,
    }
    from .terminal import passing

    try:
        with passing(guard.session):  # a terminal's guarded streams let this one publication through
            guard._publish(data, metadata, transient={"display_id": display_id})
    finally:
        revoke_reveal(guard.session, nonce)


def _through_listeners(
    guard: DisplayGuard,
    display_id: str,
    label: str | None,
    data: dict[str, Any],
    redacted: tuple[dict[str, Any], dict[str, Any]],
    text: str,
) -> None:
    view = {mime: value for mime, value in data.items() if mime in _VIEW_MIME and isinstance(value, str)}
    delivered = 0
    # the view goes first: the frontend has it when the output that points to it arrives
    for listener in list(guard.reveal_listeners):
        try:
            delivered += bool(listener("reveal", display_id, {"label": label or "", "data": view}))
        except Exception:  # a broken channel must not break the cell; the output stays redacted
            continue
    red_data, red_metadata = redacted
    if delivered:
        note = f"{text}: drawn by the JupyterLab extension, never saved"
    else:
        note = f"{text}: no JupyterLab extension is listening, so only the redacted view is shown"
    live = _with_banner(dict(red_data), note)
    live[REVEAL_MIME] = {"id": display_id, "version": render.BUNDLE_VERSION}
    guard._publish(live, dict(red_metadata), transient={"display_id": display_id})


def _marked_revealed(data: dict[str, Any], base: Any, columns: list[str]) -> dict[str, Any]:
    """``data`` whose report calls the revealed columns ``revealed``, not ``allowed``: the policy does not allow them."""
    payload = data.get(render.REPORT_MIME)
    if not isinstance(payload, dict) or not isinstance(payload.get("report"), dict):
        return data
    payload = dict(payload)
    report = dict(payload["report"])
    if not isinstance(report.get("columns"), dict):
        return data
    marked: dict[str, Any] = {}
    revealed: list[str] = []
    for name, finding in report["columns"].items():
        if isinstance(finding, dict) and finding.get("allowed") and not _allowed_by(base, name, finding):
            finding = {**finding, "allowed": False, "revealed": True}
            revealed.append(str(name))
        marked[name] = finding
    report["columns"] = marked
    payload["report"] = report
    payload["revealed"] = revealed
    return {**data, render.REPORT_MIME: payload}


def _allowed_by(policy: Any, name: str, finding: dict[str, Any]) -> bool:
    return bool(policy.column_allowed(name) or policy.column_allowed(str(finding.get("column", name))))


def _with_banner(data: dict[str, Any], text: str) -> dict[str, Any]:
    """``data`` with the reveal's banner line on top of its text and HTML."""
    data = dict(data)
    if "text/plain" in data and not str(data["text/plain"]).startswith("privguard: revealed"):
        data["text/plain"] = f"{text}\n{data['text/plain']}"
    if "text/html" in data:
        data["text/html"] = f'<div class="jp-privguard-banner jp-privguard-reveal">{html.escape(text)}</div>' + str(
            data["text/html"]
        )
    return data
