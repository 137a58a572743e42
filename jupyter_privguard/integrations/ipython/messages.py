"""What the output tripwire does with each message the kernel sends: every type, every field.

:mod:`.tripwire` wraps ``Session.send``; this module decides, per message type, which fields hold
text and redacts them (:class:`Redactor`), builds the placeholder content sent when the check fails
(:func:`failed_content`), keeps the single-use reveal marks (:func:`allow_reveal`, :func:`take_reveal`)
and finds where a long held-back stream line may be cut (:func:`safe_cut`).

What each message type gets:

* **bundles** (``display_data``, ``execute_result``, ``update_display_data``, ``inspect_reply``):
  every text MIME type of ``data`` and every string leaf (keys too) of ``metadata``
  (``JSON(data, root=...)`` puts text there). Pixels (PNG, JPEG ...) cannot be read.
* ``stream``: the text (held back to whole lines by the tripwire).
* ``error`` and failed ``execute_reply``: ``ename``, ``evalue``, each ``traceback`` line.
* ``execute_reply``: also its ``payload`` list (pager ``page`` payloads of ``x?``, ``%pinfo``,
  ``%page``, ``%pdef``: their ``data`` bundle; ``set_next_input`` text) and ``user_expressions``
  (bundles).
* ``complete_reply``: a completion that would hold a value (a dict key) is dropped, with its typed
  entry in ``metadata``: a completion that inserts a placeholder helps nobody.
* comm messages (``comm_open``, ``comm_msg``, ``comm_close``; ipywidgets state): every string leaf
  of ``data`` and of the message metadata. Protocol keys and values stay as they are: trait names
  (the keys of ``data`` and ``data["state"]``), ``_model_*`` / ``_view_*`` values, ``IPY_MODEL_``
  references, ``method``, ``buffer_paths``. Binary buffers (``widgets.Image``, numpy arrays of
  plotting widgets) cannot be read and pass as they are.
* any other type (``history_reply``, ``input_request``, debugger replies and events, types this
  module does not know): every string leaf of the content; only :data:`PASS_TYPES`, whose content is
  protocol only (or, for ``execute_input``, the cell source the notebook stores anyway), pass raw.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ...session import GuardSession

__all__ = [
    "COMM_TYPES",
    "OUTPUT_TYPES",
    "PASS_TYPES",
    "Redactor",
    "allow_reveal",
    "failed_content",
    "is_vouched",
    "is_comm_reveal",
    "placeholder",
    "redact_content",
    "revoke_reveal",
    "safe_cut",
    "take_reveal",
    "vouch_bundle",
]

#: Message types that carry output text and have a known schema (each field is handled).
OUTPUT_TYPES = frozenset(
    {
        "display_data",
        "execute_result",
        "update_display_data",
        "stream",
        "error",
        "execute_reply",
        "inspect_reply",
        "complete_reply",
        "history_reply",
        "comm_open",
        "comm_msg",
        "comm_close",
    }
)
#: Message types sent unchanged: protocol only. ``execute_input`` echoes the cell source, which the
#: notebook stores as the cell itself: redacting the echo would change nothing that is saved.
PASS_TYPES = frozenset(
    {
        "status",
        "kernel_info_reply",
        "comm_info_reply",
        "is_complete_reply",
        "interrupt_reply",
        "shutdown_reply",
        "clear_output",
        "execute_input",
        "connect_reply",
    }
)
BUNDLE_TYPES = frozenset({"display_data", "execute_result", "update_display_data", "inspect_reply"})
COMM_TYPES = frozenset({"comm_open", "comm_msg", "comm_close"})
# MIME types that hold pixels or binary data (base64): nothing to read.
_BINARY_MIME = frozenset(
    {"image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "image/tiff", "application/pdf"}
)
# MIME types whose text is markup: placeholders are written escaped so they stay visible.
_MARKUP_MIME = frozenset({"text/html", "text/markdown", "image/svg+xml", "text/xml", "application/xhtml+xml"})
_NUMBER_MIN_DIGITS = 5
_TYPED_COMPLETIONS = "_jupyter_types_experimental"
_MAX_DEPTH = 200
# Values the widget protocol needs as they are: module and class names, model references.
_PROTOCOL_KEY = re.compile(r"_(?:model|view)_(?:module|module_version|name)|method|buffer_paths|version|msg_id")
# Widget models whose ``value`` is HTML: placeholders are written escaped so the browser shows them.
_HTML_MODELS = frozenset({"HTMLModel", "HTMLMathModel"})
_MODEL_REF = re.compile(r"IPY_MODEL_[0-9a-fA-F]{8,64}")
# Content fields of comm and other messages that are ids or protocol words, never text.
_ID_FIELDS = frozenset({"comm_id", "target_name", "target_module", "status", "msg_id", "execution_count"})


def placeholder(reason: str) -> str:
    """The fixed text sent instead of content whose check failed (names the error type only)."""
    return f"[privguard: output withheld: the output check failed ({reason}); nothing of it was shown]"


def _binary(mime: str) -> bool:
    return mime in _BINARY_MIME or (mime.startswith("image/") and mime != "image/svg+xml")


class Redactor:
    """Redacts the text fields of one message; ``counts`` sums the hits per entity.

    Parameters
    ----------
    redact
        ``redact(text, markup) -> (text, counts)``: the text check (the tripwire passes
        :func:`jupyter_privguard.textguard.redact_text` bound to its session).
    """

    def __init__(
        self,
        redact: Callable[[str, str], tuple[str, dict[str, int]]],
        *,
        vouched: Callable[[str, Any], bool] | None = None,
    ) -> None:
        self._redact = redact
        #: ``vouched(mime, value)``: whether the display guard's exact pass already found nothing in
        #: exactly this MIME value at the session's current version (:func:`vouch_bundle`)
        self._vouched = vouched
        self.counts: dict[str, int] = {}
        self._checked: dict[str, str] = {}
        self._memo: dict[tuple[str, str], tuple[str, dict[str, int]]] = {}
        self._vouched_memo: dict[tuple[str, int], tuple[Any, bool]] = {}

    def text(self, value: str, markup: str = "text") -> str:
        if markup == "text":
            known = self._checked.get(value)
            if known is not None:
                return known
        # a report payload repeats its keys and entity names hundreds of times: each is checked once
        memo = self._memo.get((value, markup))
        if memo is None:
            memo = self._redact(value, markup)
            if len(self._memo) < _MEMO_MAX:
                self._memo[(value, markup)] = memo
        out, counts = memo
        self._count(counts)
        return out

    def _is_vouched(self, mime: str, value: Any) -> bool:
        if self._vouched is None:
            return False
        key = (mime, id(value))
        known = self._vouched_memo.get(key)
        if known is None or known[0] is not value:
            known = self._vouched_memo[key] = (value, self._vouched(mime, value))
        return known[1]

    def _count(self, counts: dict[str, int]) -> None:
        for entity, n in counts.items():
            self.counts[entity] = self.counts.get(entity, 0) + n

    def prime(self, content: Any) -> None:
        """Check the short string leaves (and keys) of ``content`` in one pass of the text guard.

        A widget's state or a vega or plotly spec holds thousands of short strings; one call per
        string costs a pass of each tier per string. Joined one per line they are checked at once,
        each as if alone: the exact-value index matches on word boundaries and the pattern tier
        reads line by line. Strings with a line break or an escape sequence, long ones, and any
        string when the lines do not add up again are checked one by one, as before.
        """
        texts: dict[str, None] = {}
        data = content.get("data") if isinstance(content, dict) else None
        if self._vouched is not None and isinstance(data, dict):
            # what the display guard vouched for is not walked: not here, not in bundle()
            content = {**content, "data": {m: v for m, v in data.items() if not self._is_vouched(m, v)}}
        _short_strings(content, texts, 0)
        batch = [t for t in texts if t not in self._checked]
        if len(batch) < _BATCH_MIN:
            return
        out, counts = self._redact("\n".join(batch), "text")
        parts = out.split("\n")
        if len(parts) != len(batch):
            return  # a match across lines: one by one
        self._count(counts)
        self._checked.update(zip(batch, parts, strict=True))

    def _number(self, value: int | float) -> Any:
        # long numbers can be phone, card or account numbers (a float too: a phone column read as floats)
        if isinstance(value, float):
            if not value.is_integer() or abs(value) < 10 ** (_NUMBER_MIN_DIGITS - 1) or abs(value) > 1e30:
                return value
            text = str(int(value))
        else:
            if abs(value) < 10 ** (_NUMBER_MIN_DIGITS - 1):
                return value
            text = str(value)
        redacted = self.text(text)
        return value if redacted == text else redacted

    def json(self, value: Any, depth: int = 0, *, keys: bool = True) -> Any:
        """Every string leaf of a JSON value (dictionary keys too when ``keys``), long numbers included."""
        if depth > _MAX_DEPTH:
            raise RecursionError("JSON output nested too deeply to check")
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, (int, float)):
            return self._number(value)
        if isinstance(value, dict):
            out: dict[Any, Any] = {}
            for k, v in value.items():
                key = self.text(k) if keys and isinstance(k, str) else k
                if isinstance(k, str) and _binary(k) and isinstance(v, str):
                    out[key] = v  # a base64 image inside a nested bundle (an Output widget's outputs)
                else:
                    out[key] = self.json(v, depth + 1, keys=keys)
            return out
        if isinstance(value, (list, tuple)):
            return [self.json(v, depth + 1, keys=keys) for v in value]
        return value

    def bundle(self, data: dict[str, Any]) -> dict[str, Any]:
        """A MIME bundle's ``data``: markup-aware text per MIME type, JSON leaves, pixels untouched."""
        out: dict[str, Any] = {}
        for mime, value in data.items():
            if _binary(mime) or self._is_vouched(mime, value):
                out[mime] = value
            elif isinstance(value, str):
                out[mime] = self.text(value, "html" if mime in _MARKUP_MIME else "text")
            elif isinstance(value, (dict, list)):
                out[mime] = self.json(value)
            else:
                out[mime] = value
        return out

    def error(self, content: dict[str, Any]) -> dict[str, Any]:
        out = dict(content)
        for key in ("evalue", "ename"):
            if isinstance(out.get(key), str):
                out[key] = self.text(out[key])
        if isinstance(out.get("traceback"), list):
            out["traceback"] = [self.text(t) if isinstance(t, str) else t for t in out["traceback"]]
        return out

    def with_bundle(self, content: dict[str, Any]) -> dict[str, Any]:
        """Content holding a bundle: its ``data`` and ``metadata``; other fields as for unknown content."""
        out = self.fields(content, skip=("data", "metadata"))
        if isinstance(content.get("data"), dict):
            out["data"] = self.bundle(content["data"])
        if "metadata" in content:
            out["metadata"] = self.json(content["metadata"])
        return out

    def fields(self, content: dict[str, Any], skip: Sequence[str] = ()) -> dict[str, Any]:
        """Every field but ids and protocol words: string leaves redacted, field names kept."""
        out = dict(content)
        for key, value in content.items():
            if key in skip or key in _ID_FIELDS or key == "transient":
                continue
            out[key] = self.json(value)
        return out

    def execute_reply(self, content: dict[str, Any]) -> dict[str, Any]:
        out = self.error(content) if content.get("status") == "error" else dict(content)
        payloads = content.get("payload")
        if isinstance(payloads, list):
            out["payload"] = [self.payload(p) for p in payloads]
        expressions = content.get("user_expressions")
        if isinstance(expressions, dict):
            out["user_expressions"] = {
                name: self.with_bundle(v) if isinstance(v, dict) else self.json(v) for name, v in expressions.items()
            }
        return out

    def payload(self, item: Any) -> Any:
        """One ``execute_reply`` payload: the pager's bundle, ``set_next_input`` text, any other leaf."""
        if not isinstance(item, dict):
            return self.json(item)
        out = self.fields(item, skip=("data", "source"))
        if isinstance(item.get("data"), dict):
            out["data"] = self.bundle(item["data"])
        elif "data" in item:
            out["data"] = self.json(item["data"])
        return out

    def complete_reply(self, content: dict[str, Any]) -> dict[str, Any]:
        """Completions: one that holds a value (a dict key) is dropped, with its typed entry."""
        matches = content.get("matches")
        if not isinstance(matches, list):
            return self.fields(content)
        out = self.fields(content, skip=("matches", "metadata", "cursor_start", "cursor_end"))
        out["matches"] = [m for m in matches if self._unchanged(m)]
        metadata = content.get("metadata")
        if isinstance(metadata, dict):
            new_md = {k: self.json(v) for k, v in metadata.items() if k != _TYPED_COMPLETIONS}
            typed = metadata.get(_TYPED_COMPLETIONS)
            if isinstance(typed, list):
                kept = [t for t in typed if not isinstance(t, dict) or self._unchanged(t.get("text"))]
                new_md[_TYPED_COMPLETIONS] = [self.json(t, keys=False) for t in kept]
            out["metadata"] = new_md
        return out

    def _unchanged(self, text: Any) -> bool:
        return not isinstance(text, str) or self.text(text) == text

    def comm(self, content: dict[str, Any]) -> dict[str, Any]:
        """A comm message: every value of ``data`` checked, trait names and protocol values kept."""
        out = dict(content)
        data = content.get("data")
        if isinstance(data, dict):
            new: dict[str, Any] = {}
            for key, value in data.items():
                if key == "state" and isinstance(value, dict):
                    html = value.get("_model_name") in _HTML_MODELS
                    new[key] = {
                        k: self.trait(k, v, "html" if html and k == "value" else "text") for k, v in value.items()
                    }
                else:
                    new[key] = self.trait(key, value)
            out["data"] = new
        elif data is not None:
            out["data"] = self.json(data)
        for key, value in content.items():
            if key not in ("data", "comm_id", "target_name", "target_module"):
                out[key] = self.json(value)
        return out

    def trait(self, name: Any, value: Any, markup: str = "text") -> Any:
        """One widget trait's value (``name`` is kept)."""
        if isinstance(name, str) and _PROTOCOL_KEY.fullmatch(name):
            return value
        return self._widget_value(value, 0, markup)

    def _widget_value(self, value: Any, depth: int, markup: str = "text") -> Any:
        if depth > _MAX_DEPTH:
            raise RecursionError("widget state nested too deeply to check")
        if isinstance(value, str):
            return value if _MODEL_REF.fullmatch(value) else self.text(value, markup)
        if isinstance(value, list):
            return [self._widget_value(v, depth + 1) for v in value]
        if isinstance(value, dict):
            if isinstance(value.get("output_type"), str):  # an Output widget's output
                return self.json(value, depth + 1) if "data" not in value else self._output(value)
            return {
                (self.text(k) if isinstance(k, str) else k): self._widget_value(v, depth + 1) for k, v in value.items()
            }
        return self.json(value, depth + 1)

    def _output(self, output: dict[str, Any]) -> dict[str, Any]:
        out = self.with_bundle({k: v for k, v in output.items() if k != "output_type"})
        out["output_type"] = output["output_type"]
        return out

    def message_metadata(self, metadata: Any) -> Any:
        """The message-level metadata of a comm message (``version`` and the like stay)."""
        if not isinstance(metadata, dict):
            return self.json(metadata)
        return {k: self.trait(k, v) for k, v in metadata.items()}


_BATCH_MIN = 8
_MEMO_MAX = 65_536
_BATCH_MAX_LENGTH = 1000
_UNBATCHED = re.compile(r"[\n\r\x1b\x00]")


def _short_strings(value: Any, out: dict[str, None], depth: int) -> None:
    """Collect (in ``out``) the strings of a JSON value that can be checked in a batch."""
    if depth > _MAX_DEPTH:
        return  # the walk that redacts raises on this
    if isinstance(value, str):
        if len(value) <= _BATCH_MAX_LENGTH and not _UNBATCHED.search(value):
            out[value] = None
    elif isinstance(value, dict):
        for k, v in value.items():
            _short_strings(k, out, depth + 1)
            if not (isinstance(k, str) and _binary(k)):
                _short_strings(v, out, depth + 1)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _short_strings(v, out, depth + 1)


def redact_content(msg_type: str, content: dict[str, Any], redactor: Redactor) -> dict[str, Any]:
    """The content of a ``msg_type`` message with every text field redacted."""
    if msg_type in PASS_TYPES:
        return content
    if msg_type != "stream":
        redactor.prime(content)
    if msg_type in BUNDLE_TYPES:
        return redactor.with_bundle(content)
    if msg_type == "stream":
        out = dict(content)
        if isinstance(out.get("text"), str):
            out["text"] = redactor.text(out["text"])
        return out
    if msg_type == "error":
        return redactor.error(content)
    if msg_type == "execute_reply":
        return redactor.execute_reply(content)
    if msg_type == "complete_reply":
        return redactor.complete_reply(content)
    if msg_type in COMM_TYPES:
        return redactor.comm(content)
    return redactor.fields(content)


def failed_content(msg_type: str, content: dict[str, Any], exc: BaseException) -> dict[str, Any]:
    """The content sent when checking failed: a placeholder, never the original."""
    note = placeholder(type(exc).__name__)
    if msg_type in BUNDLE_TYPES:
        out: dict[str, Any] = {"data": {"text/plain": note}, "metadata": {}}
        for key in ("execution_count", "transient", "status", "found"):
            if key in content:
                out[key] = content[key]
        return out
    if msg_type == "stream":
        return {"name": content.get("name", "stderr"), "text": note + "\n"}
    if msg_type in COMM_TYPES:
        # the ids and the widget's class stay (the frontend can still build the model), no value
        out = {k: content[k] for k in ("comm_id", "target_name", "target_module") if k in content}
        data = content.get("data")
        state = data.get("state") if isinstance(data, dict) else None
        kept = {k: v for k, v in (state or {}).items() if _PROTOCOL_KEY.fullmatch(str(k)) and _protocol_word(v)}
        out["data"] = {"state": kept, "buffer_paths": [], "privguard_withheld": note}
        if isinstance(data, dict) and _protocol_word(data.get("method")):
            out["data"]["method"] = data["method"]
        return out
    if msg_type == "complete_reply":
        return {k: content[k] for k in ("status", "cursor_start", "cursor_end") if k in content} | {
            "matches": [],
            "metadata": {"privguard_withheld": note},
        }
    if msg_type == "execute_reply" and content.get("status") != "error":
        out = {k: content[k] for k in ("status", "execution_count") if k in content}
        # the pager shows the note instead of what it would have shown; no payload, no note
        page = [{"source": "page", "data": {"text/plain": note}, "start": 0}] if content.get("payload") else []
        out.update(payload=page, user_expressions={})
        return out
    if msg_type in ("error", "execute_reply"):
        out = {k: v for k, v in content.items() if k in ("status", "execution_count")}
        out.update(ename="Error", evalue=note, traceback=[note])
        return out
    out = {k: content[k] for k in _ID_FIELDS if k in content}
    out["privguard_withheld"] = note
    return out


_WORD = re.compile(r"[@\w./-]{1,100}")


def _protocol_word(value: Any) -> bool:
    return isinstance(value, str) and _WORD.fullmatch(value) is not None


# ---------------------------------------------------------------------------------------------------
# single-use reveal marks
# ---------------------------------------------------------------------------------------------------
# {id(session): (weak reference to it, its live nonces)}; a session is not hashable
_REVEALS: dict[int, tuple[weakref.ref[Any], set[str]]] = {}
_REVEALS_LOCK = threading.Lock()
# letters only: no pattern of the text tier (each needs a digit or "@") can match a nonce
_NONCE_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _live(session: GuardSession) -> set[str]:
    entry = _REVEALS.get(id(session))
    if entry is None or entry[0]() is not session:
        for key in [k for k, (ref, _) in _REVEALS.items() if ref() is None]:
            del _REVEALS[key]
        entry = (weakref.ref(session), set())
        _REVEALS[id(session)] = entry
    return entry[1]


def allow_reveal(session: GuardSession) -> str:
    """A fresh nonce that lets one reveal through the tripwire once (see :func:`take_reveal`)."""
    nonce = "".join(secrets.choice(_NONCE_LETTERS) for _ in range(24))
    with _REVEALS_LOCK:
        _live(session).add(nonce)
    return nonce


def revoke_reveal(session: GuardSession, nonce: str) -> None:
    """Forget ``nonce`` (the reveal was published or captured): a later send of it is checked."""
    with _REVEALS_LOCK:
        _live(session).discard(nonce)


def take_reveal(session: GuardSession, nonce: Any) -> bool:
    """Whether ``nonce`` is a live reveal mark of ``session``; consumes it (single use)."""
    if not isinstance(nonce, str):
        return False
    with _REVEALS_LOCK:
        live = _live(session)
        if nonce not in live:
            return False
        live.discard(nonce)
        return True


def is_comm_reveal(session: GuardSession, content: dict[str, Any]) -> bool:
    """Whether a ``comm_msg`` is the guard comm's ``reveal`` message with a live nonce (consumed)."""
    data = content.get("data")
    if not isinstance(data, dict) or data.get("type") != "reveal":
        return False
    return take_reveal(session, data.get("nonce"))


# ---------------------------------------------------------------------------------------------------
# bundles the display guard's exact pass already checked
# ---------------------------------------------------------------------------------------------------
# {id(session): (weak reference to it, {digest of (mime, value): (session version, policy)})}
_VOUCHED: dict[int, tuple[weakref.ref[Any], OrderedDict[bytes, tuple[Any, Any]]]] = {}
_VOUCHED_LOCK = threading.Lock()
_VOUCHED_MAX = 512
_NOTHING = object()


def _digest(mime: str, value: Any) -> bytes | None:
    """A digest of one MIME value, exact to its text (``None`` when it has no canonical JSON form)."""
    if isinstance(value, str):
        body = value
    else:
        try:
            body = json.dumps(value, sort_keys=True, ensure_ascii=False, allow_nan=True)
        except (TypeError, ValueError):
            return None
    digest = hashlib.blake2b(digest_size=20)
    digest.update(mime.encode("utf-8", "surrogatepass"))
    digest.update(b"\x00s\x00" if isinstance(value, str) else b"\x00j\x00")
    digest.update(body.encode("utf-8", "surrogatepass"))
    return digest.digest()


def _vouchers(session: GuardSession) -> OrderedDict[bytes, tuple[Any, Any]]:
    entry = _VOUCHED.get(id(session))
    if entry is None or entry[0]() is not session:
        for key in [k for k, (ref, _) in _VOUCHED.items() if ref() is None]:
            del _VOUCHED[key]
        entry = (weakref.ref(session), OrderedDict())
        _VOUCHED[id(session)] = entry
    return entry[1]


def vouch_bundle(session: GuardSession, before: dict[str, Any], after: dict[str, Any]) -> int:
    """Record the MIME values the display guard's exact pass left unchanged; returns how many.

    ``before`` is the bundle's data as rendered, ``after`` what the exact pass made of it. Only a
    value the pass found nothing in is vouched for (a value it changed is checked again in full):
    the output tripwire then skips exactly that text, and only while the session's learned values,
    allow lists and policy are the ones the pass ran with (:func:`is_vouched`).
    """
    version = getattr(session, "_version", None)
    if version is None:
        return 0
    done = 0
    with _VOUCHED_LOCK:
        vouchers = _vouchers(session)
        for mime, value in after.items():
            rendered = before.get(mime, _NOTHING)
            if _binary(mime) or (rendered is not value and (isinstance(value, str) or rendered != value)):
                continue  # the pass changed it: the tripwire checks the result in full
            digest = _digest(mime, value)
            if digest is None:
                continue
            vouchers[digest] = (version, session.policy)
            vouchers.move_to_end(digest)
            done += 1
        while len(vouchers) > _VOUCHED_MAX:
            vouchers.popitem(last=False)
    return done


def is_vouched(session: GuardSession, mime: str, value: Any) -> bool:
    """Whether ``value`` (of MIME type ``mime``) is exactly a text the display guard's exact pass found
    nothing in, at the session's current version and policy (:func:`vouch_bundle`)."""
    version = getattr(session, "_version", None)
    if version is None or _binary(mime):
        return False
    with _VOUCHED_LOCK:
        entry = _VOUCHED.get(id(session))
        if entry is None or entry[0]() is not session or not entry[1]:
            return False
    digest = _digest(mime, value)
    if digest is None:
        return False
    with _VOUCHED_LOCK:
        found = entry[1].get(digest)
    return found is not None and found[0] == version and found[1] is session.policy


# ---------------------------------------------------------------------------------------------------
# where a long held-back stream line may be cut
# ---------------------------------------------------------------------------------------------------
def safe_cut(text: str, target: int, spans: Sequence[tuple[int, int, str]]) -> int:
    """A cut at or before ``target`` that splits no redaction span and no whitespace-free run.

    The text after the cut is held back: it may be the start of a value the next write completes.
    Returns ``target`` when the text before it has no whitespace and no span at the cut (one very
    long token: nothing better to do), and a cut after ``target`` only when a span covers
    everything before it (that span is then released whole, redacted).
    """
    cut = target
    for _ in range(len(spans) + 2):
        before = cut
        for start, end, _entity in spans:
            if start < cut < end:
                cut = start
        space = max(text.rfind(c, 0, cut) for c in (" ", "\t"))
        if space >= 0 and space + 1 < cut:
            cut = space + 1
        if cut == before:
            break
    if cut <= 0:
        # one value covers the start: release it whole
        ends = [end for start, end, _e in spans if start <= 0 < end]
        return max(ends) if ends else target
    return cut
