"""Labels the sidebar comm sends: redacted on the way out, found again by an opaque id on the way in.

A label can be a value: a pivot with names as its columns, an index of emails turned into columns, a
variable named after a person. :func:`label_text` puts every label through the text guard
(:func:`jupyter_privguard.textguard.redact_text`: the exact-value index and the pattern tier) and
withholds it when the check fails; :func:`check_labels` checks a state's labels in one pass.
:func:`column_id` gives each column an opaque id (a keyed hash, letters only) that the sidebar sends
back; :func:`resolve_column` finds the column again, so actions keyed by column work on a redacted
label too.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import weakref
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from ..textguard import redact_text

if TYPE_CHECKING:
    from ..session import GuardSession

__all__ = ["check_labels", "column_id", "label_text", "resolve_column"]

_WITHHELD = "<label withheld>"
_KEYS: dict[int, tuple[weakref.ref[Any], bytes]] = {}
_KEYS_LOCK = threading.Lock()
# checked labels: {(session id, index version, label): (session, policy, text)}; an entry holds while
# the session's known values and policy are the ones it was checked against (states repeat labels)
_LABELS: OrderedDict[tuple[int, Any, str], tuple[Any, Any, str]] = OrderedDict()
_LABELS_LOCK = threading.Lock()
_LABELS_MAX = 20_000


def _label_key(session: GuardSession, text: str) -> tuple[int, Any, str]:
    # what the guard knows: a new value (or a new way of knowing them) makes every entry stale
    known = (getattr(session, "_version", None), getattr(session, "n_known_values", None))
    return (id(session), known, text)


def _cached(session: GuardSession, text: str) -> str | None:
    with _LABELS_LOCK:
        entry = _LABELS.get(_label_key(session, text))
    if entry is not None and entry[0] is session and entry[1] is session.policy:
        return entry[2]
    return None


def _store(session: GuardSession, text: str, checked: str) -> None:
    with _LABELS_LOCK:
        _LABELS[_label_key(session, text)] = (session, session.policy, checked)
        while len(_LABELS) > _LABELS_MAX:
            _LABELS.popitem(last=False)


def label_text(session: GuardSession, label: Any) -> str:
    """``label`` as the sidebar may see it: through the text guard; a fixed text when the check fails."""
    text = str(label)
    known = _cached(session, text)
    if known is not None:
        return known
    try:
        checked = redact_text(text, session)[0]
    except Exception:  # fail closed: a label that cannot be checked is not sent
        return _WITHHELD
    _store(session, text, checked)
    return checked


def check_labels(session: GuardSession, labels: list[Any]) -> None:
    """Check many labels in one pass of the text guard (a state names hundreds); :func:`label_text` then finds them.

    The labels are joined one per line: the exact-value index matches on word boundaries and the
    pattern tier reads line by line, so each label is checked as if alone. When a match crosses a
    line (a known value holding a line break) the lines no longer add up and each label is checked
    on its own later.
    """
    texts = list(dict.fromkeys(str(label) for label in labels))
    texts = [t for t in texts if "\n" not in t and "\r" not in t and _cached(session, t) is None]
    if not texts:
        return
    try:
        checked = redact_text("\n".join(texts), session)[0].split("\n")
    except Exception:  # label_text checks (and withholds) each one
        return
    if len(checked) == len(texts):
        for text, out in zip(texts, checked, strict=True):
            _store(session, text, out)


def _key(session: GuardSession) -> bytes:
    with _KEYS_LOCK:
        entry = _KEYS.get(id(session))
        if entry is None or entry[0]() is not session:
            for stale in [k for k, (ref, _) in _KEYS.items() if ref() is None]:
                del _KEYS[stale]
            entry = (weakref.ref(session), secrets.token_bytes(32))
            _KEYS[id(session)] = entry
        return entry[1]


def column_id(session: GuardSession, column: Any) -> str:
    """The opaque id of a column label: a keyed hash (the key never leaves the kernel), letters only.

    Letters only, so that no pattern of the text tier (each needs a digit or an "@") can take an
    id for a value when the tripwire checks the message.
    """
    digest = hmac.new(_key(session), str(column).encode("utf-8", "surrogatepass"), hashlib.sha256).digest()
    return "".join(chr(ord("a") + b % 26) for b in digest[:20])


def _known_columns(session: GuardSession) -> list[str]:
    names: list[str] = []
    for report in list(session.reports.values()):
        for name, finding in report.columns.items():
            names += [str(name), str(getattr(finding, "column", name))]
    policy = session.policy
    return names + [str(c) for c in policy.allow_columns] + [str(c) for c in policy.columns]


def resolve_column(session: GuardSession, cid: str) -> str | None:
    """The column label whose :func:`column_id` is ``cid``, among the labels the kernel knows."""
    for name in _known_columns(session):
        if hmac.compare_digest(column_id(session, name), cid):
            return name
    return None
