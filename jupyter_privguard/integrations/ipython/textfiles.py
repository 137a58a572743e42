"""Learning at ingress, for text files: what the notebook reads with ``open()`` or ``Path.read_text``.

A text file that holds a table (a delimited file, JSON or JSON lines) is parsed and learnt like the
table a reader returns (:meth:`.ingress.IngressHandle.learn`), so its values are in the session's index
before the user's code prints them: ``Path("people.csv").read_text()[:900]`` shows no SSN even though a
bare ``492-12-1696`` has no pattern context. In text that is no table (notes), the names and street
addresses the free-text tier (:mod:`jupyter_privguard.detect.outgoing`) finds in its first
:data:`FREE_TEXT_CHARS` characters are remembered, so that a name found after ``Spoke with`` is caught
later without its context; the tier also judges the text itself whenever it is shown.

* ``Path.read_text`` and ``Path.read_bytes`` (bytes that decode as UTF-8), called from the user's code.
* ``open`` in the user's namespace (IPython's own ``open``): a regular file opened for reading in text
  mode is read once more, up to :data:`MAX_BYTES`, and learnt before the user's file object is handed
  back untouched (no proxy: ``tell``, ``seek``, ``readline`` and iteration stay the file's own). Binary
  modes, writing modes, file descriptors and other objects pass through unlearnt.

Limits: a file bigger than :data:`MAX_BYTES` is learnt from its head (the whole rows in it); ``io.open``,
``builtins.open`` and ``os.open`` called by name are not wrapped (libraries call them for their own data).
"""

from __future__ import annotations

import functools
import os
import pathlib
from collections.abc import Callable
from typing import Any

from ...texttables import table_of

# the ingress handle (:class:`.ingress.IngressHandle`), typed loosely: that module installs this one
IngressHandle = Any
Setter = Callable[[Any, Any, str, Any, Any], None]

__all__ = ["FREE_TEXT_CHARS", "MAX_BYTES", "install_text_files", "learn_text", "table_of"]

#: How much of a file opened for reading is read again and learnt.
MAX_BYTES = 32 * 1024 * 1024
#: How much of a text that is no table the free-text tier reads to learn its names and addresses.
FREE_TEXT_CHARS = 256 * 1024
_FREE_TEXT_ENTITIES = ("PERSON", "STREET_ADDRESS")


def learn_text(handle: IngressHandle, text: str, what: str) -> None:
    """Learn ``text``: the table it holds, else the names and addresses the free-text tier finds in it.

    Never raises: a failure learns nothing, and the free-text tier still judges the text when it is shown.
    """
    try:
        table = table_of(text)
    except Exception:
        table = None
    if table is not None:
        handle.learn(table, what)
        return
    try:
        _learn_free_text(handle, text[:FREE_TEXT_CHARS])
    except Exception:  # the tier runs again on every output
        pass


def _learn_free_text(handle: IngressHandle, text: str) -> None:
    """The free-text tier's spans, remembered: a name found after ``Spoke with`` is then caught alone too."""
    from ...detect.outgoing import find_outgoing_spans

    session = handle.session
    policy = session.policy
    found: dict[str, list[str]] = {}
    for span in find_outgoing_spans(text, entities=_FREE_TEXT_ENTITIES):
        if span.score >= policy.threshold_for(span.entity) and policy.action_for(span.entity) != "keep":
            found.setdefault(span.entity, []).append(text[span.start : span.end])
    for entity, values in found.items():
        session.remember_values(values, entity)


def _text_mode(args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    mode = args[0] if args else kwargs.get("mode", "r")
    return isinstance(mode, str) and "b" not in mode and not set(mode) & set("wax+")


def _learn_opened(handle: IngressHandle, file: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    if not isinstance(file, (str, bytes, os.PathLike)) or not _text_mode(args, kwargs):
        return
    try:
        if not os.path.isfile(file):
            return
        encoding = args[2] if len(args) > 2 else kwargs.get("encoding")
        with open(file, "rb") as raw:
            data = raw.read(MAX_BYTES)
        text = data.decode(encoding or "utf-8", errors="replace")
    except Exception:  # the user's own open reports what is wrong with the file
        return
    learn_text(handle, text, "open")


def _patch_path(handle: IngressHandle, setter: Setter) -> None:
    path_class = pathlib.Path
    read_text = path_class.read_text
    read_bytes = path_class.read_bytes
    if getattr(read_text, "__privguard_ingress__", None) is None:

        @functools.wraps(read_text)
        def learning_read_text(self: Any, *args: Any, **kwargs: Any) -> str:
            text = read_text(self, *args, **kwargs)
            if handle.installed and handle.from_user(1):
                learn_text(handle, text, "Path.read_text")
            return text

        setter(handle, path_class, "read_text", learning_read_text, read_text)
    if getattr(read_bytes, "__privguard_ingress__", None) is None:

        @functools.wraps(read_bytes)
        def learning_read_bytes(self: Any) -> bytes:
            data = read_bytes(self)
            if handle.installed and handle.from_user(1):
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError:  # a binary file: nothing of it is text
                    return data
                learn_text(handle, text, "Path.read_bytes")
            return data

        setter(handle, path_class, "read_bytes", learning_read_bytes, read_bytes)


def _patch_open(handle: IngressHandle, setter: Setter) -> None:
    namespace = getattr(handle.shell, "user_ns", None)
    if not isinstance(namespace, dict):
        return
    had = "open" in namespace
    original = namespace.get("open", open)
    if getattr(original, "__privguard_ingress__", None) is not None:
        return

    @functools.wraps(original)
    def learning_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened = original(file, *args, **kwargs)
        if handle.installed and handle.session.enabled:
            _learn_opened(handle, file, args, kwargs)
        return opened

    learning_open.__privguard_ingress__ = original  # type: ignore[attr-defined]
    namespace["open"] = learning_open

    def restore() -> None:
        if namespace.get("open") is learning_open:
            if had:
                namespace["open"] = original
            else:
                del namespace["open"]

    handle.cancels.append(restore)


def install_text_files(handle: IngressHandle, setter: Setter) -> None:
    """Wrap ``Path.read_text`` / ``read_bytes`` and the namespace's ``open`` (restored by ``uninstall``).

    ``setter(handle, owner, name, new, original)`` replaces an attribute so that ``uninstall`` restores it.
    """
    for patch in (_patch_path, _patch_open):
        try:
            patch(handle, setter)
        except Exception:  # the read stays unwrapped; the namespace walk and the text tier remain
            pass
