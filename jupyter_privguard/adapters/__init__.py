"""Frame adapters: how each frame library is read, rebuilt after redaction, shown and exported.

Everything outside this package asks the session's adapter registry
(``current_session().registries.get("adapters")``, an :class:`AdapterRegistry`) which adapter
recognises an object, and then asks that adapter (:class:`~jupyter_privguard.adapters.base.FrameAdapter`).
The built-ins are pandas, polars, pyarrow (``pyarrow.Table``) and Spark (``pyspark.sql.DataFrame``); a third-party library is one
:class:`FrameAdapter` subclass published under the ``jupyter_privguard.adapters`` entry-point group.

Adding a library is one module here (``spark.py``): a :class:`FrameAdapter` subclass (its labels,
how it reads a sample of its columns as pandas, how it rebuilds itself from redacted columns,
its display classes and row plan, its writers) and ``ADAPTER = ThatClass``; or, outside the package,
the same class under the entry-point group. Nothing else changes: redaction, the display guard, the
tripwire, the magics and the export guard only talk to adapters.

The functions here are what the callers use: :func:`frame_kind` and :func:`iter_columns` for the
scanner, :func:`adapter_for` for the rest, and the column helpers (:class:`ColumnData`,
:func:`display_names`, :func:`sample_positions`, :func:`to_strings`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import UnsupportedDataError
from ..registry import ENTRY_POINT_GROUPS, Registry
from .base import ColumnEdit, FrameAdapter, Printer, Shown, Writer, row_positions
from .columns import ColumnData, display_names, nested_leaves, sample_positions, to_strings

__all__ = [
    "AdapterRegistry",
    "table_columns",
    "ColumnData",
    "ColumnEdit",
    "FrameAdapter",
    "Printer",
    "Shown",
    "Writer",
    "adapter_for",
    "display_kind",
    "display_names",
    "frame_kind",
    "iter_columns",
    "nested_leaves",
    "row_labels",
    "row_positions",
    "sample_positions",
    "session_adapters",
    "shown_adapter",
    "to_strings",
]


def _check(item: Any) -> None:
    if not isinstance(item, FrameAdapter):
        raise TypeError(
            f"an adapter must be a jupyter_privguard.adapters.FrameAdapter instance, got {type(item).__name__}; "
            "subclass FrameAdapter and register an instance"
        )


class AdapterRegistry(Registry[FrameAdapter]):
    """The frame adapters of a session, asked in registration order."""

    def __init__(self, items: Iterable[FrameAdapter] = ()) -> None:
        super().__init__("adapter", lambda a: a.name, check=_check, items=items, group=ENTRY_POINT_GROUPS["adapters"])

    @classmethod
    def default(cls) -> AdapterRegistry:
        """The built-in adapters: one per module of this package that names its class in ``ADAPTER``.

        pandas, polars, pyarrow and spark today, in module-name order; a new library's module is found the
        same way, so adding one edits nothing else. Each module imports its library lazily, so
        building the registry imports none of them.
        """
        import pkgutil
        from importlib import import_module

        adapters = []
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
            adapter_class = getattr(import_module(f"{__name__}.{info.name}"), "ADAPTER", None)
            if adapter_class is not None:
                adapters.append(adapter_class())
        return cls(adapters)

    def adapter_for(self, obj: Any) -> FrameAdapter | None:
        """The adapter that reads ``obj`` (its frames and Series), or ``None``."""
        for adapter in self:
            if adapter.matches(obj):
                return adapter
        return None

    def shown_adapter(self, obj: Any) -> tuple[FrameAdapter, str] | None:
        """``(adapter, display kind)`` for an object the display guard shows, or ``None``."""
        for adapter in self:
            kind = adapter.shown_kind(obj)
            if kind is not None:
                return adapter, kind
        return None

    def kinds(self) -> list[str]:
        """Every label the adapters read, in order."""
        return [kind for adapter in self for kind in adapter.kinds]


def session_adapters() -> AdapterRegistry:
    """The running session's adapter registry."""
    from ..session import current_session

    registry: AdapterRegistry = current_session().registries.get("adapters")
    return registry


def adapter_for(obj: Any, adapters: AdapterRegistry | None = None) -> FrameAdapter | None:
    """The adapter that reads ``obj`` (the session's adapters when ``adapters`` is omitted), or ``None``."""
    return (adapters if adapters is not None else session_adapters()).adapter_for(obj)


def shown_adapter(obj: Any, adapters: AdapterRegistry | None = None) -> tuple[FrameAdapter, str] | None:
    """``(adapter, display kind)`` for an object the display guard shows, or ``None``."""
    return (adapters if adapters is not None else session_adapters()).shown_adapter(obj)


def table_columns(obj: Any, adapters: AdapterRegistry | None = None) -> list[str]:
    """The column labels of a shown table (a Styler's frame's), from its adapter; none for a Series or an Index.

    Labels come from the adapter, never from an attribute: a pyarrow Table's ``columns`` holds its data.
    """
    registry = adapters if adapters is not None else session_adapters()
    found = registry.shown_adapter(obj)
    if found is None:
        return []
    frame = found[0].shown_frame(obj)
    adapter = registry.adapter_for(frame)
    if adapter is None or adapter.kind_of(frame) not in adapter.tables:
        return []
    return [str(c) for c in adapter.column_labels(frame)]


def display_kind(obj: Any, adapters: AdapterRegistry | None = None) -> str | None:
    """The display guard's label for ``obj`` (``"pandas.Styler"`` ...), or ``None`` when it is not shown redacted."""
    found = shown_adapter(obj, adapters)
    return found[1] if found is not None else None


def _unsupported(data: Any, adapters: AdapterRegistry) -> UnsupportedDataError:
    # the message's start is what it always said (users and tests match on it); other kinds follow
    others = [kind for kind in adapters.kinds() if not kind.startswith(("pandas.", "polars."))]
    also = f"; also read: {', '.join(others)}" if others else ""
    return UnsupportedDataError(
        f"expected a pandas or polars DataFrame or Series, got {type(data).__module__}.{type(data).__name__}; "
        f"convert it first, e.g. pandas.DataFrame(obj){also}"
    )


def require_adapter(data: Any, adapters: AdapterRegistry | None = None) -> FrameAdapter:
    """The adapter that reads ``data``; :class:`~jupyter_privguard.errors.UnsupportedDataError` otherwise."""
    registry = adapters if adapters is not None else session_adapters()
    adapter = registry.adapter_for(data)
    if adapter is None:
        raise _unsupported(data, registry)
    return adapter


def frame_kind(data: Any, adapters: AdapterRegistry | None = None) -> str:
    """``"pandas.DataFrame"``, ``"polars.Series"``, ``"pyarrow.Table"`` ... (the adapter's label), or raise."""
    adapter = require_adapter(data, adapters)
    return adapter.kind_of(data) or adapter.kinds[0]


def iter_columns(
    data: Any, *, sample_size: int = 1000, adapters: AdapterRegistry | None = None
) -> Iterator[ColumnData]:
    """Yield :class:`ColumnData` for every column of ``data``."""
    return require_adapter(data, adapters).iter_columns(data, sample_size=sample_size)


def row_labels(data: Any, adapters: AdapterRegistry | None = None) -> Any:
    """``data``'s row labels as a frame when they hold labels (a pandas index of names ...), else ``None``."""
    adapter = adapter_for(data, adapters)
    return adapter.row_labels(data) if adapter is not None else None
