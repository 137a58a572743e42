"""The kernel side of the ``jupyter_privguard`` comm: live guard state for the JupyterLab sidebar.

One versioned comm target, :data:`COMM_TARGET`, carries every message between the kernel and the
JupyterLab extension (``labextension/src/protocol.ts`` mirrors the types below; keep both in step
and bump :data:`PROTOCOL_VERSION` on an incompatible change).

How a connection comes about:

* When the guard loads, the kernel registers :data:`COMM_TARGET` (so a frontend can open a comm)
  and opens one comm towards the frontend with the first ``state`` message. A frontend that has
  the extension attaches to it; one that has not closes it, which costs nothing.
* After a page reload the kernel's comm is still open: the sidebar finds it with
  ``comm_info_request`` and re-attaches by its id, then asks for the state.
* After a kernel restart there is no comm until the guard is loaded again; the sidebar says
  "guard not loaded" meanwhile.
* Unloading the guard closes every comm (with an ``unloaded`` message) and unregisters the target.

Privacy: messages carry variable and column names, entities, classes, scores, counts and policy
settings. They never carry a data value: allowed values and patterns are sent as counts only, and
scan reports are reduced to per-column summaries (no evidence details, no spans). Labels can be
values (a pivot with names as columns, an index of emails turned into columns, a variable named
after a person): every label (variable, column, allowed or forced column, proxy) goes through the
text guard (:func:`jupyter_privguard.textguard.redact_text`: the exact-value index and the pattern
tier) before it leaves, and each column carries an opaque ``column_id`` (a keyed hash, letters only)
that the sidebar sends back in ``allow_column`` / ``disallow_column``: the kernel finds the column
by its id, so the actions work on a redacted label too.

Reveals: the display guard hands the raw view of a ``%privguard reveal`` to :meth:`GuardComm.reveal`,
which sends it as a ``reveal`` message (comm messages are never saved in the notebook; the
JupyterLab extension draws it in place of the redacted output) and ``reveal_end`` when the reveal
ends. The message is let through the output tripwire by a single-use nonce.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, TypedDict

from ..errors import PolicyError
from . import commands
from .ipython.messages import allow_reveal, revoke_reveal
from .labels import check_labels, column_id, label_text, resolve_column

if TYPE_CHECKING:
    from ..report import ScanReport
    from ..session import GuardSession
    from .ipython import PrivGuardExtension

__all__ = [
    "COMM_TARGET",
    "PROTOCOL_VERSION",
    "ColumnState",
    "CommError",
    "EntityState",
    "GuardComm",
    "GuardState",
    "IncomingMessage",
    "OutgoingMessage",
    "PolicyState",
    "RevealEndMessage",
    "RevealMessage",
    "RiskState",
    "VariableState",
    "build_state",
    "handle_message",
    "register",
    "unregister",
]

COMM_TARGET = "jupyter_privguard"
#: Bumped on any change a frontend of the previous version could not read.
PROTOCOL_VERSION = 1

_log = logging.getLogger("jupyter_privguard")

# How many variables and columns per variable a state message describes at most: a kernel that
# displayed thousands of frames must not flood the frontend.
MAX_VARIABLES = 50
MAX_COLUMNS = 200
# Session events that arrive in bursts and are sent together, this many seconds later.
_COALESCED = frozenset({"output_redacted"})
COALESCE_SECONDS = 0.3


# ---------------------------------------------------------------------------------------------
# wire types (mirrored by labextension/src/protocol.ts)
# ---------------------------------------------------------------------------------------------
class ColumnState(TypedDict):
    """One scanned column: what it is and what the policy does with it (no values)."""

    column: str
    entity: str | None
    category: Literal["direct", "quasi", "sensitive"] | None
    score: float
    coverage: float
    kind: str
    span_entities: list[str]
    allowed: bool
    action: str
    column_id: str


class VariableState(TypedDict):
    """The latest scan of one variable (or object label such as ``<pandas.DataFrame>``)."""

    label: str
    kind: str
    n_rows: int
    n_columns: int
    n_pii: int
    columns: list[ColumnState]
    truncated: bool


class EntityState(TypedDict):
    """One entity of the catalogue with the action the policy gives it."""

    name: str
    category: Literal["direct", "quasi", "sensitive"]
    action: str
    default_action: str
    changed: bool


class PolicyState(TypedDict):
    source: str
    min_score: float
    strict: bool
    allow_columns: list[str]
    n_allow_values: int
    n_allow_patterns: int
    forced_columns: dict[str, str]
    allow_column_ids: list[str]


class RiskState(TypedDict):
    """The latest risk result for one label: a one-line verdict plus a few numbers."""

    label: str
    kind: Literal["leakage", "reidentification", "other"]
    verdict: str
    k: int | None
    unique_share: float | None
    proxies: list[str]


class GuardState(TypedDict):
    enabled: bool
    policy: PolicyState
    actions: list[str]
    entities: list[EntityState]
    variables: list[VariableState]
    counts: dict[str, int]
    n_known_values: int
    risk: list[RiskState]
    notes: list[str]
    privguard_version: str


class StateMessage(TypedDict):
    version: int
    type: Literal["state"]
    reason: str
    state: GuardState


class ErrorMessage(TypedDict):
    version: int
    type: Literal["error"]
    request: str
    message: str


class UnloadedMessage(TypedDict):
    version: int
    type: Literal["unloaded"]


class RevealMessage(TypedDict):
    """The raw view of a reveal, for the live view only (``data``: text/html and text/plain)."""

    version: int
    type: Literal["reveal"]
    id: str
    label: str
    data: dict[str, str]
    nonce: str


class RevealEndMessage(TypedDict):
    version: int
    type: Literal["reveal_end"]
    id: str


OutgoingMessage = StateMessage | ErrorMessage | UnloadedMessage | RevealMessage | RevealEndMessage


class RequestStateMessage(TypedDict):
    version: int
    type: Literal["request_state"]


class SetEnabledMessage(TypedDict):
    version: int
    type: Literal["set_enabled"]
    enabled: bool


class SetActionMessage(TypedDict):
    version: int
    type: Literal["set_action"]
    entity: str
    action: str


class _AllowColumnFields(TypedDict):
    version: int
    type: Literal["allow_column", "disallow_column"]
    column: str


class AllowColumnMessage(_AllowColumnFields, total=False):
    #: the column's ``column_id`` from the state (sidebars before ids send the label only)
    column_id: str


# the base only spells the required fields; the wire type is AllowColumnMessage
del _AllowColumnFields

IncomingMessage = RequestStateMessage | SetEnabledMessage | SetActionMessage | AllowColumnMessage


class CommError(ValueError):
    """A frontend message that cannot be applied; its text goes back as an ``error`` message."""


# ---------------------------------------------------------------------------------------------
# state
# ---------------------------------------------------------------------------------------------
def _column_state(name: str, finding: Any, policy: Any, session: GuardSession) -> ColumnState:
    allowed = bool(finding.allowed or policy.column_allowed(name) or policy.column_allowed(finding.column))
    if allowed:
        action = "allowed"
    elif finding.entity is not None:
        action = policy.action_for(finding.entity)
    elif finding.span_entities:
        action = "redact spans"
    else:
        action = "-"
    return ColumnState(
        column=label_text(session, name),
        entity=finding.entity,
        category=finding.category,
        score=round(float(finding.score), 4),
        coverage=round(float(finding.coverage), 4),
        kind=str(finding.kind),
        span_entities=[str(e) for e in finding.span_entities],
        allowed=allowed,
        action=action,
        column_id=column_id(session, name),
    )


def _variable_state(label: str, report: ScanReport, policy: Any, session: GuardSession) -> VariableState:
    items = list(report.columns.items())
    # columns with findings first, so that truncation drops the uninteresting ones
    items.sort(key=lambda kv: not kv[1].is_pii)
    shown = items[:MAX_COLUMNS]
    columns = [_column_state(name, finding, policy, session) for name, finding in shown]
    n_pii = sum(1 for _, f in items if f.is_pii and not (f.allowed or policy.column_allowed(f.column)))
    return VariableState(
        label=label_text(session, label),
        kind=str(report.kind),
        n_rows=int(report.n_rows),
        n_columns=len(items) + len(report.pending),  # a wide frame's display leaves some pending
        n_pii=n_pii,
        columns=columns,
        truncated=len(items) > len(shown) or bool(report.pending),
    )


def _get(result: Any, key: str) -> Any:
    return result.get(key) if isinstance(result, dict) else getattr(result, key, None)


def _risk_state(label: str, kind: str, result: Any, session: GuardSession) -> RiskState:
    """One risk result (a report's ``to_dict()`` payload, or the report itself) reduced to a summary."""
    name = "leakage" if kind == "leakage" else "reidentification" if kind in ("risk", "reidentification") else "other"
    proxies: list[str] = []
    for attribute in _get(result, "attributes") or []:
        proxies += [label_text(session, p) for p in (_get(attribute, "proxies") or [])]
    verdict = _get(result, "verdict")
    k = _get(result, "k")
    share = _get(result, "unique_share")
    return RiskState(
        label=label_text(session, label),
        kind=name,  # type: ignore[typeddict-item]
        verdict=str(verdict) if verdict is not None else kind,
        k=int(k) if isinstance(k, (int, float)) and not isinstance(k, bool) else None,
        unique_share=float(share) if isinstance(share, (int, float)) else None,
        proxies=proxies,
    )


def _risk_results(session: GuardSession) -> list[RiskState]:
    # ``session.risk_results`` is ``{variable: {"leakage" | "risk": payload}}``; the payloads are the
    # reports' ``to_dict()``, which hold names, scores and counts only
    store = getattr(session, "risk_results", None)
    if not isinstance(store, dict):
        return []
    out = []
    for label, by_kind in list(store.items())[-MAX_VARIABLES:]:
        if not isinstance(by_kind, dict):
            continue
        for kind, result in by_kind.items():
            try:
                out.append(_risk_state(str(label), str(kind), result, session))
            except Exception:  # one odd result must not hide the others
                continue
    return out


def _state_labels(session: GuardSession, notes: list[str] | None) -> list[Any]:
    """Every label a state message will name, to be checked in one batch."""
    labels: list[Any] = list(notes or [])
    for label, report in list(session.reports.items())[-MAX_VARIABLES:]:
        labels.append(label)
        labels += list(report.columns)[: MAX_COLUMNS * 2]
    policy = session.policy
    labels += list(policy.allow_columns) + list(policy.columns)
    store = getattr(session, "risk_results", None)
    if isinstance(store, dict):
        labels += list(store)[-MAX_VARIABLES:]
    return labels


def build_state(session: GuardSession, notes: list[str] | None = None) -> GuardState:
    """The whole guard state as the sidebar shows it (names, entities, scores, counts; no values).

    Parameters
    ----------
    session
        The guard session.
    notes
        Remarks to pass on (for example parts of the guard that did not install).
    """
    from .. import __version__
    from ..entities import ENTITIES

    policy = session.policy
    check_labels(session, _state_labels(session, notes))
    entities = [
        EntityState(
            name=name,
            category=entity.category,
            action=policy.action_for(name),
            default_action=entity.default_action,
            changed=name in policy.actions,
        )
        for name, entity in ENTITIES.items()
    ]
    variables = [
        _variable_state(label, report, policy, session)
        for label, report in list(session.reports.items())[-MAX_VARIABLES:]
    ]
    variables.reverse()  # latest first
    return GuardState(
        enabled=bool(session.enabled),
        policy=PolicyState(
            source=str(policy.source),
            min_score=float(policy.min_score),
            strict=bool(policy.strict),
            allow_columns=[label_text(session, c) for c in policy.allow_columns],
            n_allow_values=len(policy.allow_values),
            n_allow_patterns=len(policy.allow_patterns),
            forced_columns={label_text(session, c): str(e) for c, e in policy.columns.items()},
            allow_column_ids=[column_id(session, c) for c in policy.allow_columns],
        ),
        actions=commands.action_names(session),
        entities=entities,
        variables=variables,
        counts=session.counts.to_dict(),
        n_known_values=int(session.n_known_values),
        risk=_risk_results(session),
        notes=[label_text(session, n) for n in notes or []],
        privguard_version=__version__,
    )


# ---------------------------------------------------------------------------------------------
# requests from the frontend
# ---------------------------------------------------------------------------------------------
def _require(message: dict[str, Any], key: str, kind: type) -> Any:
    value = message.get(key)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise CommError(
            f"{message.get('type')}: expected {key!r} to be a {kind.__name__}, got "
            f"{type(value).__name__}; the sidebar and the kernel package may be out of step, "
            "reinstall jupyter-privguard"
        )
    return value


def handle_message(session: GuardSession, message: Any, audit: Callable[..., None] | None = None) -> str:
    """Apply one frontend request to ``session``; returns the reason for the state that follows.

    Parameters
    ----------
    session
        The guard session to change.
    message
        The comm message's ``data``.
    audit
        ``audit(event, **fields)``, called for every change (the extension's audit log).

    Raises
    ------
    CommError
        The message is malformed, of another protocol version, or asks for something invalid.
    """
    audit = audit or (lambda *a, **k: None)
    if not isinstance(message, dict):
        raise CommError(f"expected a JSON object, got {type(message).__name__}")
    version = message.get("version")
    if version != PROTOCOL_VERSION:
        raise CommError(
            f"protocol version {version!r} is not supported, expected {PROTOCOL_VERSION}; "
            "install the same jupyter-privguard version in the kernel and in JupyterLab"
        )
    kind = message.get("type")
    if kind == "request_state":
        return "request"
    if kind == "set_enabled":
        enabled = _require(message, "enabled", bool)
        commands.set_enabled(session, enabled, source="sidebar", audit=audit)
        return "enabled"
    if kind == "set_action":
        entity = _require(message, "entity", str).upper()
        action = _require(message, "action", str).lower()
        try:
            commands.set_actions(session, {entity: action}, source="sidebar", audit=audit)
        except PolicyError as exc:
            raise CommError(f"set_action: {exc}") from None
        return "policy"
    if kind in ("allow_column", "disallow_column"):
        cid = message.get("column_id")
        if isinstance(cid, str) and cid:
            # the sidebar shows a redacted label when the label is a value: the id says which column
            found = resolve_column(session, cid)
            if found is None:
                raise CommError(f"{kind}: no column with id {cid!r} in this kernel; refresh the sidebar")
            column = found
        else:
            column = _require(message, "column", str)
        if not column.strip():
            raise CommError(f"{kind}: expected a column name, got an empty string")
        edit = commands.allow if kind == "allow_column" else commands.deny
        try:
            edit(session, "column", column, source="sidebar", audit=audit)
        except PolicyError as exc:
            raise CommError(f"{kind}: {exc}") from None
        return "policy"
    raise CommError(
        f"unknown message type {kind!r}; expected request_state, set_enabled, set_action, "
        "allow_column or disallow_column"
    )


# ---------------------------------------------------------------------------------------------
# the comm
# ---------------------------------------------------------------------------------------------
def _comm_api() -> tuple[Callable[..., Any], Any]:
    """``(create_comm, comm_manager)`` of the running kernel (ipykernel sets them in ``comm``)."""
    import comm

    return comm.create_comm, comm.get_comm_manager()


class GuardComm:
    """Every open ``jupyter_privguard`` comm of one loaded guard, kept in step with its session.

    Parameters
    ----------
    extension
        The loaded guard (session, audit log, notes).
    create_comm, manager
        The comm factory and manager; the running kernel's by default (tests pass fakes).
    """

    def __init__(
        self, extension: PrivGuardExtension, *, create_comm: Callable[..., Any] | None = None, manager: Any = None
    ) -> None:
        self.extension = extension
        self._create = create_comm
        self._manager = manager
        self._comms: dict[str, Any] = {}
        self._unsubscribe: Callable[[], None] | None = None
        self._registered = False
        self._timer: threading.Timer | None = None
        self._timer_lock = threading.Lock()
        self._listeners: list[Any] | None = None
        self.sent = 0

    @property
    def session(self) -> GuardSession:
        return self.extension.session

    @property
    def comms(self) -> list[Any]:
        return list(self._comms.values())

    # -- install / uninstall ------------------------------------------------------------------------
    def install(self) -> GuardComm:
        """Register the target, subscribe to the session, and open a comm towards the frontend."""
        if self._create is None or self._manager is None:
            create, manager = _comm_api()
            self._create = self._create or create
            self._manager = self._manager if self._manager is not None else manager
        self._manager.register_target(COMM_TARGET, self._on_open)
        self._registered = True
        self._unsubscribe = self.session.subscribe(self._on_event)
        listeners = getattr(getattr(self.extension, "display", None), "reveal_listeners", None)
        if isinstance(listeners, list):
            listeners.append(self.reveal)
            self._listeners = listeners
        if _in_kernel(self.extension.shell):
            try:
                comm = self._create(
                    target_name=COMM_TARGET, data=self._state_message("load"), metadata={"version": PROTOCOL_VERSION}
                )
                self._adopt(comm)
            except Exception as exc:  # no frontend channel (a terminal IPython): the guard works without
                _log.debug("jupyter-privguard: no comm opened (%s)", type(exc).__name__)
        return self

    def uninstall(self) -> None:
        """Close every comm with an ``unloaded`` message and unregister the target."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._listeners is not None:
            if self.reveal in self._listeners:
                self._listeners.remove(self.reveal)
            self._listeners = None
        with self._timer_lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        for comm in list(self._comms.values()):
            try:
                comm.close(data=UnloadedMessage(version=PROTOCOL_VERSION, type="unloaded"))
            except Exception:
                pass
        self._comms.clear()
        if self._registered and self._manager is not None:
            try:
                self._manager.unregister_target(COMM_TARGET, self._on_open)
            except Exception:
                # comm's manager pops the name and raises nothing; other managers may differ
                pass
            self._registered = False

    # -- comms ------------------------------------------------------------------------------------
    def _adopt(self, comm: Any) -> None:
        comm_id = str(getattr(comm, "comm_id", id(comm)))
        self._comms[comm_id] = comm
        comm.on_msg(self._on_msg)
        comm.on_close(lambda _msg, cid=comm_id: self._comms.pop(cid, None))

    def _on_open(self, comm: Any, msg: Any) -> None:
        """A frontend opened a comm (a reconnect): adopt it and answer with the state."""
        self._adopt(comm)
        self._send(comm, self._state_message("open"))

    def _on_msg(self, msg: Any) -> None:
        data = (msg.get("content") or {}).get("data") if isinstance(msg, dict) else None
        comm_id = (msg.get("content") or {}).get("comm_id") if isinstance(msg, dict) else None
        origin = self._comms.get(str(comm_id))
        try:
            reason = handle_message(self.session, data, audit=self.extension.audit)
        except CommError as exc:
            request = str(data.get("type")) if isinstance(data, dict) else "?"
            error = ErrorMessage(
                version=PROTOCOL_VERSION,
                type="error",
                request=label_text(self.session, request[:60]),
                message=label_text(self.session, str(exc)),
            )
            if origin is not None:
                self._send(origin, error)
            return
        if reason == "request":
            # only the asking frontend needs it; the others are up to date
            if origin is not None:
                self._send(origin, self._state_message("request"))
            return
        # changes emit a session event, which broadcasts the state (see _on_event)

    def _on_event(self, event: str, payload: dict[str, Any]) -> None:
        if event in _COALESCED:
            # the tripwire reports every redacted stream chunk: a loop of prints must not send a
            # state per chunk, so these wait a moment and go out as one
            with self._timer_lock:
                if self._timer is None:
                    self._timer = threading.Timer(COALESCE_SECONDS, self._flush_coalesced, args=(event,))
                    self._timer.daemon = True
                    self._timer.start()
            return
        self.broadcast(event)

    def _flush_coalesced(self, reason: str) -> None:
        with self._timer_lock:
            self._timer = None
        self.broadcast(reason)

    def broadcast(self, reason: str) -> None:
        """Send the current state to every open comm."""
        if not self._comms:
            return
        message = self._state_message(reason)
        for comm in list(self._comms.values()):
            self._send(comm, message)

    def reveal(self, event: str, display_id: str, view: dict[str, Any] | None) -> bool:
        """The display guard's reveal listener: send a reveal's raw view (or its end) to every comm.

        Returns whether a frontend got the view. Each ``reveal`` message carries its own nonce, live
        only while it is sent: the tripwire lets that one message through unchanged.
        """
        if event == "reveal_end":
            for comm in list(self._comms.values()):
                self._send(comm, RevealEndMessage(version=PROTOCOL_VERSION, type="reveal_end", id=display_id))
            return bool(self._comms)
        if event != "reveal" or view is None:
            return False
        delivered = False
        for comm in list(self._comms.values()):
            nonce = allow_reveal(self.session)
            message = RevealMessage(
                version=PROTOCOL_VERSION,
                type="reveal",
                id=display_id,
                label=str(view.get("label", "")),
                data={str(k): str(v) for k, v in (view.get("data") or {}).items()},
                nonce=nonce,
            )
            try:
                delivered = self._send(comm, message) or delivered
            finally:
                revoke_reveal(self.session, nonce)
        return delivered

    def _state_message(self, reason: str) -> StateMessage:
        return StateMessage(
            version=PROTOCOL_VERSION,
            type="state",
            reason=reason,
            state=build_state(self.session, list(self.extension.notes)),
        )

    def _send(self, comm: Any, message: OutgoingMessage) -> bool:
        try:
            comm.send(data=message)
            self.sent += 1
            return True
        except Exception as exc:  # a closed socket must not break a display
            _log.debug("jupyter-privguard: comm send failed (%s)", type(exc).__name__)
            return False


def _in_kernel(shell: Any) -> bool:
    """True inside a Jupyter kernel (a frontend may listen), False in a terminal IPython."""
    return getattr(shell, "kernel", None) is not None


def register(extension: PrivGuardExtension, **kwargs: Any) -> GuardComm | None:
    """Install the comm for a loaded guard; ``None`` (and a note) when the comm package is missing.

    Parameters
    ----------
    extension
        The guard being loaded.
    **kwargs
        ``create_comm`` and ``manager`` for tests.
    """
    try:
        return GuardComm(extension, **kwargs).install()
    except Exception as exc:  # the guard must come up without its sidebar channel
        extension.notes.append(f"sidebar comm not available ({type(exc).__name__})")
        _log.debug("jupyter-privguard: comm not registered (%s)", type(exc).__name__)
        return None


def unregister(handle: GuardComm | None) -> None:
    """Undo :func:`register` (``None`` is accepted, for a guard whose comm never came up)."""
    if handle is not None:
        handle.uninstall()
