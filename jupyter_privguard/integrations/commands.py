"""Policy commands: every edit of the guard's settings, written once for the magics, the panel and the sidebar.

Each command takes the :class:`~jupyter_privguard.session.GuardSession`, checks its arguments (a
:class:`~jupyter_privguard.errors.PolicyError` says what was expected and what came), replaces
``session.policy``, writes one audit record per change and emits the session event the panel and the
sidebar follow. The callers translate a ``PolicyError`` into their own kind of error (a
``UsageError`` for a magic, a message in the panel, an ``error`` message on the comm) and keep their
own input parsing and output.

``source`` names the caller. It decides what the callers have always done differently, so that the
audit log and the events stay as they were:

=============  ===============================  ==========================
``source``     appended to ``policy.source``    ``source`` field in audit
=============  ===============================  ==========================
``"magic"``    ``+%privguard``                  not written
``"panel"``    ``+panel``                       not written
``"sidebar"``  ``+sidebar``                     ``"sidebar"``
=============  ===============================  ==========================

Each tag appears once in ``policy.source``, where its caller last edited
(``defaults+panel+%privguard``).

The other differences between the callers are keyword arguments (``if_changed``, ``audit_name``,
``scope`` ...), documented on each command.

Values never travel: an allowed value or pattern may itself be personal data, so the audit log
records only its kind (``<value>``, ``<pattern>``) and events carry kinds, names and numbers.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from ..entities import ENTITIES
from ..errors import PolicyError

if TYPE_CHECKING:
    from ..session import GuardSession

__all__ = [
    "ALLOW_KINDS",
    "GUARD_SETTINGS",
    "REVEALABLE",
    "Source",
    "action_names",
    "allow",
    "configure",
    "deny",
    "deny_entry",
    "reset_policy",
    "reveal",
    "set_actions",
    "set_enabled",
    "set_min_score",
    "set_threshold",
]

Source = Literal["magic", "panel", "sidebar"]
Audit = Callable[..., None]

#: What can be allowed (and denied again): column names or globs, exact values, regular expressions.
ALLOW_KINDS = ("column", "value", "pattern")
#: Settings of the display guard rather than the policy (``configure`` hands them to ``set_guard``).
GUARD_SETTINGS = ("reveal_seconds",)
#: Kinds the display guard can reveal.
# What reveal accepts: whatever the display guard shows redacted (every registered adapter's shown kinds).
REVEALABLE = "shown"


class _Origin(NamedTuple):
    """What one caller has always done its own way (the table in the module docstring)."""

    tag: str  # appended to ``policy.source`` (once: an earlier one moves to the end)
    names_itself: bool  # audit records carry ``source=<the caller>``


_ORIGINS: dict[str, _Origin] = {
    "magic": _Origin("+%privguard", names_itself=False),
    "panel": _Origin("+panel", names_itself=False),
    "sidebar": _Origin("+sidebar", names_itself=True),
}


# ---------------------------------------------------------------------------------------------
# shared pieces
# ---------------------------------------------------------------------------------------------
def _origin(source: str) -> _Origin:
    try:
        return _ORIGINS[source]
    except KeyError:
        raise PolicyError(f"source must be one of {', '.join(_ORIGINS)}, got {source!r}") from None


def _tagged(policy_source: str, source: str) -> str:
    # each caller is named once, where it last edited: "defaults+%privguard", never "+%privguard+%privguard"
    origin = _origin(source)
    if policy_source.endswith(origin.tag):
        return policy_source
    earlier = re.sub(re.escape(origin.tag) + r"(?=\+|$)", "", policy_source)
    return f"{earlier}{origin.tag}"


def _record(audit: Audit | None, source: str, event: str, **fields: Any) -> None:
    if audit is None:
        return
    if _origin(source).names_itself:
        fields["source"] = source
    audit(event, **{k: v for k, v in fields.items() if v is not None})


def _entity(name: str) -> str:
    upper = str(name).upper()
    if upper not in ENTITIES:
        raise PolicyError(f"unknown entity {name!r}; known entities: {', '.join(sorted(ENTITIES))}")
    return upper


def _kind(kind: str) -> str:
    if kind not in ALLOW_KINDS:
        raise PolicyError(f"kind must be one of {', '.join(ALLOW_KINDS)}, got {kind!r}")
    return kind


def _audit_target(kind: str, target: str, audit_name: Callable[[str], str] | None) -> str:
    # a value or a pattern may itself be personal data: the audit log records only its kind
    if kind != "column":
        return f"<{kind}>"
    return audit_name(target) if audit_name is not None else target


def action_names(session: GuardSession) -> list[str]:
    """The actions a policy may give an entity: the names in the session's operator registry."""
    return list(session.registries.operators.names())


# ---------------------------------------------------------------------------------------------
# the commands
# ---------------------------------------------------------------------------------------------
def set_enabled(
    session: GuardSession, enabled: bool, *, source: Source, audit: Audit | None = None, scope: str = "session"
) -> None:
    """Turn the guard on or off in this kernel; audited as ``on`` / ``off``, event ``enabled``."""
    session.enabled = enabled
    _record(audit, source, "on" if enabled else "off", scope=scope, enabled=enabled)
    session.emit("enabled", {"enabled": enabled})


def set_actions(
    session: GuardSession,
    actions: Mapping[str, str],
    *,
    source: Source,
    audit: Audit | None = None,
    scope: str = "session",
    if_changed: bool = False,
) -> dict[str, str]:
    """Set the action of one or more entities; one audit record per entity, one ``policy`` event.

    Parameters
    ----------
    actions
        ``{entity: action}``; entity names are upper-cased, actions must be registered operators.
    if_changed
        Do nothing (no audit record, no event) when every entity has that action already (the panel).

    Returns
    -------
    dict
        The changes applied (``{}`` when nothing was done).
    """
    # every entity first, then every action: a typo in an entity is reported before a bad action
    changes = {_entity(entity): action for entity, action in actions.items()}
    names = action_names(session)
    for name, action in changes.items():
        if action not in names:
            raise PolicyError(f"actions.{name} must be one of {', '.join(names)}, got {action!r}")
    policy = session.policy
    if if_changed and all(policy.actions.get(name) == action for name, action in changes.items()):
        return {}
    session.policy = policy.replace(actions=changes, source=_tagged(policy.source, source))
    for name, action in changes.items():
        _record(audit, source, "policy", entities=[name], action=action, scope=scope)
    session.emit("policy", {"actions": changes})
    return changes


def set_threshold(
    session: GuardSession,
    entity: str,
    threshold: float,
    *,
    source: Source,
    audit: Audit | None = None,
    scope: str = "session",
    if_changed: bool = False,
) -> bool:
    """Set the minimum score for ``entity`` (rounded to 3 places); audited, event ``policy``.

    Returns whether the policy changed (with ``if_changed``, an equal threshold changes nothing).
    """
    name = _entity(entity)
    value = round(float(threshold), 3)
    policy = session.policy
    if if_changed and policy.thresholds.get(name) == value:
        return False
    session.policy = policy.replace(thresholds={name: value}, source=_tagged(policy.source, source))
    _record(audit, source, "policy", scope=scope, entities=[name], setting="thresholds", score=value)
    session.emit("policy", {"thresholds": {name: value}})
    return True


def set_min_score(
    session: GuardSession,
    score: float,
    *,
    source: Source,
    audit: Audit | None = None,
    scope: str = "session",
    if_changed: bool = False,
) -> bool:
    """Set the default threshold (entities without their own); audited as ``config``, event ``policy``."""
    value = round(float(score), 3)
    policy = session.policy
    if if_changed and policy.min_score == value:
        return False
    session.policy = policy.replace(min_score=value, source=_tagged(policy.source, source))
    _record(audit, source, "config", scope=scope, setting="min_score", score=value)
    session.emit("policy", {"config": ["min_score"]})
    return True


def reset_policy(session: GuardSession, *, source: Source, audit: Audit | None = None, scope: str = "session") -> None:
    """Go back to the defaults and the configuration files; audited (no event, as ``%privguard policy reset``)."""
    session.policy = type(session.policy).load()
    _record(audit, source, "policy", action="reset", scope=scope)


def allow(
    session: GuardSession,
    kind: str,
    target: str,
    *,
    source: Source,
    audit: Audit | None = None,
    scope: str = "session",
    if_changed: bool = False,
    audit_name: Callable[[str], str] | None = None,
) -> bool:
    """Never treat a column (name or glob), an exact value or values matching a pattern as personal data.

    Parameters
    ----------
    kind
        ``"column"``, ``"value"`` or ``"pattern"``.
    if_changed
        Without it (the magic, the sidebar) an entry already allowed is audited and announced again;
        with it (the panel) nothing happens.
    audit_name
        How a column name is written to the audit log (the panel hides one that looks like personal
        data); values and patterns are always written as ``<value>`` / ``<pattern>``.

    Returns
    -------
    bool
        Whether the allow list changed.
    """
    key = f"allow_{_kind(kind)}s"
    policy = session.policy
    current = tuple(getattr(policy, key))
    changed = target not in current
    if changed:
        session.policy = policy.replace(**{key: current + (target,)}, source=_tagged(policy.source, source))
    elif if_changed:
        return False
    _record(audit, source, "allow", kind=kind, target=_audit_target(kind, target, audit_name), scope=scope)
    session.emit("policy", {"allow": kind})
    return changed


def deny(
    session: GuardSession,
    kind: str,
    target: str,
    entity: str | None = None,
    *,
    source: Source,
    audit: Audit | None = None,
    scope: str = "session",
    if_changed: bool = False,
    require_listed: bool = False,
    index: int | None = None,
    audit_name: Callable[[str], str] | None = None,
) -> bool:
    """Undo an allow; for a column, ``entity`` also forces the column to that entity.

    Parameters
    ----------
    entity
        Columns only: classify column ``target`` as this entity from now on.
    if_changed
        Do nothing (no audit record, no event) when ``target`` is not allowed (the panel).
    require_listed
        Without ``entity``, a ``target`` that is not allowed is an error (the magic); otherwise it is
        audited and announced all the same (the sidebar).
    index
        Remove only the entry at this position of the list, whatever ``target`` says (the panel's
        "Remove" of a listed entry, which it knows by position only).
    audit_name
        How a column name is written to the audit log (see :func:`allow`).

    Returns
    -------
    bool
        Whether the policy changed.
    """
    key = f"allow_{_kind(kind)}s"
    forced = None
    if entity is not None:
        if kind != "column":
            raise PolicyError("an ENTITY can be given for a column only, e.g. %privguard deny column notes PERSON")
        forced = _entity(entity)
    policy = session.policy
    current = tuple(getattr(policy, key))
    if index is not None:
        if not 0 <= index < len(current):
            return False
        target, kept = current[index], current[:index] + current[index + 1 :]
    else:
        kept = tuple(v for v in current if v != target)
    listed = len(kept) != len(current)
    if forced is None and not listed:
        if require_listed:
            raise PolicyError(
                f"{kind} {target if kind == 'column' else ''!s} is not in the allow list; "
                "to force a column's entity: %privguard deny column NAME ENTITY"
            )
        if if_changed:
            return False
    changed = listed or forced is not None
    if changed:
        changes: dict[str, Any] = {key: kept}
        if forced is not None:
            changes["columns"] = {target: forced}
        session.policy = policy.replace(source=_tagged(policy.source, source), **changes)
    _record(
        audit,
        source,
        "deny",
        kind=kind,
        target=_audit_target(kind, target, audit_name),
        scope=scope,
        entities=[forced] if forced else None,
    )
    session.emit("policy", {"deny": kind})
    return changed


def deny_entry(
    session: GuardSession, text: str, *, source: Source, audit: Audit | None = None, scope: str = "session"
) -> int:
    """Take ``text`` out of the allowed values and the allowed patterns; returns how many entries went.

    Audited once, as the kind it was found under (``<value>`` when it was a value). Nothing is
    recorded when it was in neither list.
    """
    policy = session.policy
    values = tuple(v for v in policy.allow_values if v != text)
    patterns = tuple(p for p in policy.allow_patterns if p != text)
    removed = len(policy.allow_values) - len(values) + len(policy.allow_patterns) - len(patterns)
    if removed:
        kind = "value" if len(values) != len(policy.allow_values) else "pattern"
        session.policy = policy.replace(
            allow_values=values, allow_patterns=patterns, source=_tagged(policy.source, source)
        )
        _record(audit, source, "deny", scope=scope, kind=kind, target=f"<{kind}>")
        session.emit("policy", {"deny": kind})
    return removed


def configure(
    session: GuardSession,
    settings: Mapping[str, Any] | Iterable[tuple[str, Any]],
    *,
    source: Source,
    audit: Audit | None = None,
    scope: str = "session",
    set_guard: Callable[[str, float], None] | None = None,
) -> list[str]:
    """Change policy settings (``min_score``, ``strict``, ``ner`` ...) and display-guard settings.

    Parameters
    ----------
    settings
        ``{key: value}`` or ``(key, value)`` pairs, values already parsed (``0.7``, ``True``).
    set_guard
        ``set_guard(key, value)`` applies a :data:`GUARD_SETTINGS` key (``reveal_seconds``) to the
        display guard; called after the policy is replaced.

    Returns
    -------
    list of str
        The keys set: the policy's sorted, then the guard's sorted.

    Raises
    ------
    PolicyError
        A guard setting that is not a number >= 0, the ``key`` (never set from a notebook), an
        unknown setting or an invalid value.
    """
    from ..policy import Policy

    pairs = settings.items() if isinstance(settings, Mapping) else settings
    policy_changes: dict[str, Any] = {}
    guard_changes: dict[str, float] = {}
    for key, value in pairs:
        if key in GUARD_SETTINGS:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise PolicyError(f"{key} must be a number of seconds >= 0")
            guard_changes[key] = float(value)
        elif key == "key":
            raise PolicyError(
                "the key cannot be set from a notebook (it would be saved in "
                "it); set the PRIVGUARD_KEY environment variable instead"
            )
        else:
            policy_changes[key] = value
    if policy_changes:
        policy = session.policy
        session.policy = Policy.from_mapping(policy_changes, base=policy, source=_tagged(policy.source, source))
    if set_guard is not None:
        for key, value in guard_changes.items():
            set_guard(key, value)
    for key in list(policy_changes) + list(guard_changes):
        _record(audit, source, "config", setting=key, scope=scope)
    names = sorted(policy_changes) + sorted(guard_changes)
    session.emit("policy", {"config": names})
    return names


def reveal(
    session: GuardSession,
    display: Any,
    obj: Any,
    variable: str,
    columns: Sequence[str] = (),
    *,
    source: Source,
    audit: Audit | None = None,
    scope: str | None = None,
    within: contextlib.AbstractContextManager[Any] | None = None,
    kinds: str | None = REVEALABLE,
    audit_variable: str | None = None,
    audit_name: Callable[[str], str] | None = None,
    list_columns: bool = False,
) -> Any:
    """Show ``obj`` unredacted (``columns`` only, or all) in the live view, through the display guard.

    Parameters
    ----------
    display
        The display guard (:class:`~jupyter_privguard.integrations.ipython.display.DisplayGuard`).
    variable
        The name the user gave; it labels the reveal and the ``reveal`` event.
    scope
        Written to the audit record when given (the panel writes ``"panel"``, the magic none).
    within
        A context the reveal is published in (the panel's ``Output`` widget).
    kinds
        The kinds of object (``display.kind_of``) that may be revealed; ``None`` when the caller
        has checked already (the magic).
    audit_variable, audit_name
        The variable name and how a column name are written to the audit log.
    list_columns
        Name the frame's columns in the error for an unknown column (the magic).

    Returns
    -------
    The display id of the revealed output.
    """
    kind = display.kind_of(obj)
    if kinds is not None and not display.shown(obj):
        raise PolicyError(f"expected a DataFrame, Series, Index or Styler, got {kind}")
    chosen = [str(c) for c in columns]
    if chosen:
        # the adapter's column labels: a pyarrow Table's ``columns`` attribute holds its data
        names = display.column_names(obj)
        unknown = [c for c in chosen if c not in names]
        if unknown:
            raise PolicyError(
                f"{variable} has no column {', '.join(map(repr, unknown))}"
                + (f"; its columns: {', '.join(names[:30])}" if list_columns else "")
            )
    with within if within is not None else contextlib.nullcontext():
        display_id = display.reveal(obj, variable, chosen or None)
    _record(
        audit,
        source,
        "reveal",
        variable=audit_variable,
        columns=[audit_name(c) for c in chosen] if audit_name is not None else chosen,
        kind=kind.split(".")[-1],
        decision="revealed",
        scope=scope,
    )
    session.emit("reveal", {"label": variable, "columns": chosen})
    return display_id
