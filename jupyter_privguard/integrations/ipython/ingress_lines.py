"""Learning at ingress for the readers of single lines, and for the files a command is given.

A row printed without its header line (``linecache.getline(p, 2)``, ``fh.readline()`` after the first,
``!sed -n 3p people.csv``, ``subprocess.run(["tail", "-1", p])``) carries nothing that names its fields:
a bare ``492-12-1696`` or ``Ann Lee`` has no pattern and no context. So the guard learns the file itself
when it is named, the way :mod:`.textfiles` learns what ``open`` reads: its table is classified and its
personal values are in the session's index before the line is shown, and the tripwire matches the
line by the index.

* ``linecache.getline`` / ``getlines`` called from the user's code: the file named.
* ``pathlib.Path.open`` and ``io.open`` in a text reading mode, from the user's code: the file opened.
* ``!cmd`` / ``lines = !cmd`` (the shell's ``system`` and ``getoutput``), ``os.system``, ``os.popen`` and
  ``subprocess.run`` / ``call`` / ``check_call`` / ``check_output`` / ``getoutput`` /
  ``getstatusoutput`` from the user's code: every argument of the command that names a regular file
  (at most :data:`FILES_PER_COMMAND`), before the command runs.

Each file is read once per size and modification time (:func:`.textfiles.learn_text`, up to
:data:`.textfiles.MAX_BYTES`). A line of a file nothing named (a command that builds its own path, a
pipe from another program) is outside this layer: the pattern and keyed-text tiers still judge it.
"""

from __future__ import annotations

import functools
import io
import linecache
import os
import pathlib
import shlex
import subprocess
from collections.abc import Callable
from typing import Any

from .textfiles import _learn_opened

IngressHandle = Any
Setter = Callable[[Any, Any, str, Any, Any], None]

__all__ = ["FILES_PER_COMMAND", "install_line_readers"]

#: files learnt per command line (``cat a b c ...``)
FILES_PER_COMMAND = 8
_SEEN_MAX = 4096
_seen: dict[tuple[int, str], tuple[int, int]] = {}


def _learn_file(handle: IngressHandle, file: Any, encoding: str | None = None) -> None:
    """Learn the regular file ``file`` (a path), once per size and modification time; never raises."""
    try:
        if not isinstance(file, (str, bytes, os.PathLike)) or not os.path.isfile(file):
            return
        info = os.stat(file)
        key = (id(handle), os.path.realpath(os.fsdecode(file)))
        stamp = (info.st_size, info.st_mtime_ns)
        if _seen.get(key) == stamp:
            return
        if len(_seen) >= _SEEN_MAX:
            _seen.clear()
        _seen[key] = stamp
        _learn_opened(handle, file, ("r", -1, encoding), {})
    except Exception:  # the user's own read says what is wrong with the file
        pass


def _words(command: Any) -> list[str]:
    if isinstance(command, (str, bytes, os.PathLike)):
        text = os.fsdecode(command)
        try:
            return shlex.split(text)
        except ValueError:
            return text.split()
    if isinstance(command, (list, tuple)):
        return [os.fsdecode(w) for w in command if isinstance(w, (str, bytes, os.PathLike))]
    return []


def _learn_command(handle: IngressHandle, command: Any) -> None:
    """Learn the files a command line names (``sed -n 3p people.csv``, ``--input=people.csv``)."""
    try:
        found = 0
        for word in _words(command):
            for part in (word, word.partition("=")[2]):
                if part and found < FILES_PER_COMMAND and os.path.isfile(part):
                    _learn_file(handle, part)
                    found += 1
    except Exception:
        pass


def _text_mode(mode: Any) -> bool:
    return isinstance(mode, str) and "b" not in mode and not set(mode) & set("wax+")


def _wrap_function(
    handle: IngressHandle,
    setter: Setter,
    owner: Any,
    name: str,
    learn: Callable[[tuple[Any, ...], dict[str, Any]], None],
) -> None:
    original = getattr(owner, name, None)
    if original is None or getattr(original, "__privguard_ingress__", None) is not None:
        return

    @functools.wraps(original)
    def learning(*args: Any, **kwargs: Any) -> Any:
        if handle.installed and handle.session.enabled and handle.from_user(1):
            learn(args, kwargs)
        return original(*args, **kwargs)

    setter(handle, owner, name, learning, original)


def _patch_linecache(handle: IngressHandle, setter: Setter) -> None:
    def learn(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        _learn_file(handle, args[0] if args else kwargs.get("filename"))

    for name in ("getline", "getlines"):
        _wrap_function(handle, setter, linecache, name, learn)


def _patch_opens(handle: IngressHandle, setter: Setter) -> None:
    def path_open(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        mode = args[1] if len(args) > 1 else kwargs.get("mode", "r")
        if _text_mode(mode):
            _learn_file(handle, args[0], kwargs.get("encoding"))

    def io_open(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        file = args[0] if args else kwargs.get("file")
        mode = args[1] if len(args) > 1 else kwargs.get("mode", "r")
        if _text_mode(mode):
            _learn_file(handle, file, kwargs.get("encoding"))

    _wrap_function(handle, setter, pathlib.Path, "open", path_open)
    _wrap_function(handle, setter, io, "open", io_open)


def _patch_commands(handle: IngressHandle, setter: Setter) -> None:
    def first(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        _learn_command(handle, args[0] if args else kwargs.get("args", kwargs.get("cmd")))

    for name in ("run", "call", "check_call", "check_output", "getoutput", "getstatusoutput"):
        _wrap_function(handle, setter, subprocess, name, first)
    for name in ("system", "popen"):
        _wrap_function(handle, setter, os, name, first)


def _patch_shell(handle: IngressHandle) -> None:
    """``!cmd`` and ``x = !cmd``: the shell's own methods, with ``{var}`` expanded as IPython does."""
    shell = handle.shell
    for name in ("system", "getoutput"):
        original = getattr(shell, name, None)
        if original is None or getattr(original, "__privguard_ingress__", None) is not None:
            continue

        def make(original: Any, name: str) -> Any:
            @functools.wraps(original)
            def learning(cmd: Any, *args: Any, **kwargs: Any) -> Any:
                if handle.installed and handle.session.enabled and isinstance(cmd, str):
                    try:
                        expanded = shell.var_expand(cmd, depth=1)
                    except Exception:
                        expanded = cmd
                    _learn_command(handle, expanded)
                return original(cmd, *args, **kwargs)

            learning.__privguard_ingress__ = original  # type: ignore[attr-defined]
            return learning

        wrapper = make(original, name)
        had = name in vars(shell)
        setattr(shell, name, wrapper)

        def restore(name: str = name, wrapper: Any = wrapper, had: bool = had, original: Any = original) -> None:
            if vars(shell).get(name) is wrapper:
                if had:
                    setattr(shell, name, original)
                else:
                    delattr(shell, name)

        handle.cancels.append(restore)


def install_line_readers(handle: IngressHandle, setter: Setter) -> None:
    """Wrap the line readers, the openers and the command runners (restored by ``uninstall``)."""
    for patch in (_patch_linecache, _patch_opens, _patch_commands):
        try:
            patch(handle, setter)
        except Exception:  # the read stays unwrapped; the text tiers remain
            pass
    try:
        _patch_shell(handle)
    except Exception:
        pass
