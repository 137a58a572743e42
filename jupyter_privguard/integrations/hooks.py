"""Patching libraries that may not be imported yet, and putting them back exactly.

:func:`when_imported` runs a callback right after a module is first imported (or now, when it
already is), so installing a guard imports nothing. :class:`Patches` records every attribute a
guard replaced (a method of a class, a function of a module) with what was there before, and
restores them in reverse order; a wrapper carries ``__privguard_original__`` so a second guard
does not wrap it again.
"""

from __future__ import annotations

import functools
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Patches", "caller", "put_back", "when_imported"]


def put_back(owner: Any, name: str, had_own: bool, own: Any) -> None:
    """Undo one replaced attribute: ``owner.name`` is ``own`` again, or ``owner`` has no own ``name`` where it had none.

    Every hook that wraps a library's method restores it through this one function, so that a class
    which only inherited the method is left without an own attribute (not with a copy of the parent's).
    """
    if had_own:
        setattr(owner, name, own)
        return
    try:
        delattr(owner, name)
    except AttributeError:  # pragma: no cover - removed by someone else
        pass


def caller(depth: int = 1) -> Any:
    """The frame ``depth`` levels above the function that calls this, not counting this module's wrappers."""
    frame = sys._getframe(1)
    while depth > 0 and frame is not None:
        frame = frame.f_back  # type: ignore[assignment]
        while frame is not None and frame.f_globals.get("__name__") == __name__:
            frame = frame.f_back  # type: ignore[assignment]
        depth -= 1
    return frame


class _PostImportFinder(importlib.abc.MetaPathFinder):
    """Runs callbacks right after a watched module has been executed."""

    def __init__(self) -> None:
        self.callbacks: dict[str, list[Callable[[Any], None]]] = {}
        self._busy: set[str] = set()

    def find_spec(self, fullname: str, path: Sequence[str] | None = None, target: Any = None) -> Any:
        if fullname not in self.callbacks or fullname in self._busy:
            return None
        self._busy.add(fullname)
        try:
            spec = importlib.util.find_spec(fullname)  # the real finders
        finally:
            self._busy.discard(fullname)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return None
        loader = spec.loader
        finder = self

        class _Loader(importlib.abc.Loader):
            def create_module(self, spec: Any) -> Any:
                return loader.create_module(spec)

            def exec_module(self, module: Any) -> None:
                loader.exec_module(module)
                for callback in finder.callbacks.pop(fullname, []):
                    callback(module)

        spec.loader = _Loader()
        return spec


_FINDER = _PostImportFinder()
_FINDER_LOCK = threading.Lock()


def when_imported(module_name: str, callback: Callable[[Any], None]) -> Callable[[], None]:
    """Call ``callback(module)`` now if ``module_name`` is imported, else right after its import.

    Returns a function that cancels a pending callback.
    """
    module = sys.modules.get(module_name)
    if module is not None:
        callback(module)
        return lambda: None
    with _FINDER_LOCK:
        _FINDER.callbacks.setdefault(module_name, []).append(callback)
        if _FINDER not in sys.meta_path:
            sys.meta_path.insert(0, _FINDER)

    def cancel() -> None:
        with _FINDER_LOCK:
            pending = _FINDER.callbacks.get(module_name, [])
            if callback in pending:
                pending.remove(callback)
            if not pending:
                _FINDER.callbacks.pop(module_name, None)
            if not _FINDER.callbacks and _FINDER in sys.meta_path:
                sys.meta_path.remove(_FINDER)

    return cancel


@dataclass
class Patch:
    """One replaced attribute: ``owner.name`` was ``original`` (an own attribute when ``had_own``)."""

    cls: Any  # the class of a method, or the module of a function
    name: str
    had_own: bool
    original: Any

    @property
    def label(self) -> str:
        return f"{getattr(self.cls, '__name__', type(self.cls).__name__)}.{self.name}"


@dataclass
class Patches:
    """What a guard replaced, and the pending import hooks that would replace more."""

    items: list[Patch] = field(default_factory=list)
    cancels: list[Callable[[], None]] = field(default_factory=list)
    active: bool = True

    def replace(self, owner: Any, name: str, make: Callable[[Any], Any]) -> bool:
        """Set ``owner.name`` to ``make(current)``; ``False`` when absent or already guarded."""
        if not self.active:
            return False
        current = getattr(owner, name, None)
        if current is None or getattr(current, "__privguard_original__", None) is not None:
            return False
        had_own = name in getattr(owner, "__dict__", {})
        own = owner.__dict__.get(name) if had_own else current
        wrapper = make(current)
        if callable(wrapper) and not isinstance(wrapper, type):
            wrapper = self._forwarding(owner, name, current, wrapper)
        try:
            wrapper.__privguard_original__ = current
        except (AttributeError, TypeError):  # pragma: no cover - a wrapper class without a dict
            pass
        try:
            setattr(owner, name, wrapper)
        except (AttributeError, TypeError):  # an immutable (C) type: it stays unguarded
            return False
        self.items.append(Patch(owner, name, had_own, own))
        return True

    def _forwarding(self, owner: Any, name: str, original: Any, guarded: Any) -> Any:
        """``guarded`` while this guard is installed; afterwards a newer guard's wrapper, or ``original``.

        Someone may hold on to a wrapper after it was restored (numpy's C code caches the Python
        function ``ndarray.dump`` calls; ``from numpy import save`` keeps the object): a stale
        wrapper must neither check with an old session nor skip a newer guard.
        """
        patches = self

        @functools.wraps(original)
        def forwarding(*args: Any, **kwargs: Any) -> Any:
            if patches.active:
                return guarded(*args, **kwargs)
            now = getattr(owner, name, None)
            if now is not None and now is not forwarding and getattr(now, "__privguard_original__", None) is original:
                return now(*args, **kwargs)
            return original(*args, **kwargs)

        return forwarding

    def on_import(self, module_name: str, callback: Callable[[Any], None]) -> None:
        """Run ``callback(module)`` once ``module_name`` is imported (now, when it is), while active."""

        def guarded(module: Any) -> None:
            if self.active:
                try:
                    callback(module)
                except Exception:  # a library version the guard does not know: leave it alone
                    pass

        self.cancels.append(when_imported(module_name, guarded))

    def restore(self) -> None:
        """Undo every replacement (the original objects, or no own attribute where there was none)."""
        self.active = False
        for cancel in self.cancels:
            cancel()
        self.cancels.clear()
        for patch in reversed(self.items):
            put_back(patch.cls, patch.name, patch.had_own, patch.original)
        self.items.clear()
