"""One small helper for every extension point: named items, a check on what is added, entry-point loading.

Each extension point of jupyter-privguard (entities, recognisers, header languages, operators, adapters) is
a :class:`Registry` instance owned by the running guard session (:attr:`GuardSession.registries`); nothing
registers itself at import time. Third-party packages add to an extension point through the entry-point
group of the same name (:data:`ENTRY_POINT_GROUPS`), for example in their ``pyproject.toml``::

    [project.entry-points."jupyter_privguard.recognizers"]
    br_extra = "my_package.recognizers:build"

An entry point loads to an item, an iterable of items, or a callable returning either.

The built-in items of each extension point are named in :data:`BUILTINS` as ``"module:function"``
strings and imported when the registry is first used, so this module imports nothing of the package:
the session can own the registries without an import cycle.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from importlib import import_module
from typing import Any, Generic, TypeVar

T = TypeVar("T")

_log = logging.getLogger("jupyter_privguard")

#: extension point -> entry-point group that third-party packages publish to
ENTRY_POINT_GROUPS: dict[str, str] = {
    "entities": "jupyter_privguard.entities",
    "recognizers": "jupyter_privguard.recognizers",
    "header_languages": "jupyter_privguard.header_languages",
    "operators": "jupyter_privguard.operators",
    "adapters": "jupyter_privguard.adapters",
}

#: extension point -> "module:function" that returns the session's registry with the built-in items
BUILTINS: dict[str, str] = {
    "entities": "jupyter_privguard.entities:builtin_registry",
    "recognizers": "jupyter_privguard.detect.pattern_registry:PatternRegistry.default",
    "header_languages": "jupyter_privguard.detect.header_vocab:HeaderLanguageRegistry.default",
    "operators": "jupyter_privguard.operators:OperatorRegistry.default",
    "adapters": "jupyter_privguard.adapters:AdapterRegistry.default",
}


def resolve(spec: str) -> Any:
    """The object named by ``"package.module:attribute.path"``."""
    module_name, _, path = spec.partition(":")
    obj: Any = import_module(module_name)
    for part in path.split(".") if path else ():
        obj = getattr(obj, part)
    return obj


class Registry(Generic[T]):
    """Items of one extension point, looked up by name.

    Parameters
    ----------
    kind
        What an item is, for messages (``"recogniser"``).
    name_of
        How an item is named (``lambda r: r.name``).
    check
        Called on every item before it is added; raises ``TypeError`` for a wrong kind of object.
    items
        Initial items (names must be unique).
    group
        The entry-point group :meth:`load_entry_points` reads by default.
    """

    def __init__(
        self,
        kind: str,
        name_of: Callable[[T], str],
        *,
        check: Callable[[Any], None] | None = None,
        items: Iterable[T] = (),
        group: str | None = None,
    ) -> None:
        self.kind = kind
        self.group = group
        self._name_of = name_of
        self._check = check
        self._items: dict[str, T] = {}
        #: changes whenever an item is added or removed (caches of results key on it)
        self.version = 0
        for item in items:
            self.register(item)

    # -- errors, overridable so that an existing registry keeps the errors it always raised --------
    def _duplicate(self, name: str) -> Exception:
        return ValueError(
            f"a {self.kind} named {name!r} is already registered; pass replace=True to replace it or choose another name"
        )

    def _missing(self, name: str) -> Exception:
        known = ", ".join(sorted(self._items)) or "none"
        return KeyError(f"no {self.kind} named {name!r}; registered: {known}")

    # -- the mapping ------------------------------------------------------------------------------
    def register(self, item: T, *, replace: bool = False) -> None:
        """Add ``item``; a name already present is an error unless ``replace=True``."""
        if self._check is not None:
            self._check(item)
        name = self._name_of(item)
        if name in self._items and not replace:
            raise self._duplicate(name)
        self._items[name] = item
        self.version += 1

    def unregister(self, name: str) -> T:
        """Remove and return the item called ``name``."""
        item = self.get(name)
        del self._items[name]
        self.version += 1
        return item

    def get(self, name: str) -> T:
        """The item called ``name`` (an error naming the registered ones otherwise)."""
        try:
            return self._items[name]
        except (KeyError, TypeError):
            raise self._missing(name) from None

    def names(self) -> list[str]:
        return list(self._items)

    def load_entry_points(self, group: str | None = None) -> list[str]:
        """Register the items third-party packages publish under the entry-point ``group``.

        Each entry point loads to an item, an iterable of items, or a callable returning either.
        Returns the names registered. A plugin that fails to load is logged by name and skipped:
        the built-in detectors stay in force.
        """
        from importlib.metadata import entry_points

        group = group or self.group
        if group is None:
            return []
        added: list[str] = []
        for ep in entry_points(group=group):
            try:
                for item in self._items_of(ep.load()):
                    self.register(item)
                    added.append(self._name_of(item))
            except Exception as exc:  # a broken plugin must not break the guard
                _log.warning("jupyter-privguard: plugin %r of %s not loaded (%s)", ep.name, group, type(exc).__name__)
        return added

    def _items_of(self, obj: Any) -> list[T]:
        try:
            if self._check is not None:
                self._check(obj)
            return [obj]
        except TypeError:
            pass
        if callable(obj):
            obj = obj()
            try:
                if self._check is not None:
                    self._check(obj)
                return [obj]
            except TypeError:
                pass
        return list(obj)

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._items.values()))

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self.kind}s: {len(self)}>"


class Registries:
    """The registries of one guard session, each built on first use with its built-ins and plugins.

    Every path that detects or redacts (column scans, free text, the tripwire, the widget, notebooks at
    rest, the CLI) asks the session for these, so a plugin reaches all of them.
    """

    def __init__(self, *, load_plugins: bool = True) -> None:
        self._built: dict[str, Any] = {}
        self._lock = threading.RLock()
        self.load_plugins = load_plugins
        #: per extension point, the plugin names loaded (names only)
        self.plugins: dict[str, list[str]] = {}

    def get(self, point: str) -> Any:
        """The registry of extension point ``point`` (``"recognizers"``, ``"operators"`` ...)."""
        with self._lock:
            registry = self._built.get(point)
            if registry is None:
                try:
                    spec = BUILTINS[point]
                except KeyError:
                    known = ", ".join(sorted(BUILTINS))
                    raise KeyError(f"no extension point {point!r}; known: {known}") from None
                registry = resolve(spec)()
                loader = getattr(registry, "load_entry_points", None)
                if self.load_plugins and loader is not None:
                    self.plugins[point] = loader(ENTRY_POINT_GROUPS[point])
                self._built[point] = registry
            return registry

    def set(self, point: str, registry: Any) -> None:
        """Use ``registry`` for ``point`` in this session (a test, or a caller with its own set)."""
        with self._lock:
            self._built[point] = registry

    @property
    def recognizers(self) -> Any:
        """The pattern recognisers (:class:`~jupyter_privguard.detect.pattern_registry.PatternRegistry`)."""
        return self.get("recognizers")

    @property
    def operators(self) -> Any:
        """The redaction operators (:class:`~jupyter_privguard.operators.OperatorRegistry`)."""
        return self.get("operators")
