"""Frame methods that show rows themselves (Spark's ``show()``, eager ``_repr_html_``), redacted while the guard is loaded.

IPython's formatters never see ``sdf.show()``: it prints. The adapters name such methods
(:attr:`~jupyter_privguard.adapters.FrameAdapter.printers`); :func:`install` replaces each, once its
module is imported, by one that shows the display guard's redacted bundle instead (printed, or
returned as HTML or text), and the returned handle puts the original attribute back exactly. On
any error the replacement shows the guard's placeholder, never the rows; with the guard switched
off (``%privguard off``) the original runs.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ... import render

if TYPE_CHECKING:
    from ...adapters import FrameAdapter, Printer
    from .display import DisplayGuard

_MISSING = object()


@dataclass
class PrintersHandle:
    """What :func:`install` replaced; :meth:`uninstall` restores it."""

    patches: list[tuple[Any, str, Any]] = field(default_factory=list)  # (class, name, own attribute or _MISSING)
    cancels: list[Callable[[], None]] = field(default_factory=list)
    installed: bool = True

    def uninstall(self) -> None:
        for cancel in self.cancels:
            cancel()
        self.cancels.clear()
        for owner, name, own in reversed(self.patches):
            if own is _MISSING:
                try:
                    delattr(owner, name)
                except AttributeError:  # pragma: no cover - removed by someone else
                    pass
            else:
                setattr(owner, name, own)
        self.patches.clear()
        self.installed = False


def install(guard: DisplayGuard) -> PrintersHandle:
    """Replace every adapter's printer methods (now, or when their module is imported)."""
    from ..exports import when_imported

    handle = PrintersHandle()
    for adapter in guard.session.registries.get("adapters"):
        for printer in adapter.printers:

            def patch(module: Any, adapter: FrameAdapter = adapter, printer: Printer = printer) -> None:
                if handle.installed:
                    _patch(handle, guard, adapter, printer, module)

            handle.cancels.append(when_imported(printer.module, patch))
    return handle


def _patch(handle: PrintersHandle, guard: DisplayGuard, adapter: FrameAdapter, printer: Printer, module: Any) -> None:
    owner = getattr(module, printer.owner, None)
    original = getattr(owner, printer.name, None) if owner is not None else None
    if original is None or getattr(original, "__privguard_original__", None) is not None:
        return
    own = owner.__dict__.get(printer.name, _MISSING)

    @functools.wraps(original)
    def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
        if not guard.session.enabled:
            return original(self, *args, **kwargs)
        try:
            rows = adapter.printed(self, printer.name, args, kwargs)
            if rows is None:
                return original(self, *args, **kwargs)
            with adapter.showing(rows):
                data, _ = guard.bundle(self)
        except Exception as exc:
            data, _ = render.placeholder_bundle(adapter.kinds[0] if adapter.kinds else "frame", type(exc).__name__)
        if printer.output == "print":
            sys.stdout.write(str(data.get("text/plain", "")) + "\n")
            return None
        if printer.output == "html":
            return data.get("text/html")
        return str(data.get("text/plain", ""))

    guarded.__privguard_original__ = original  # type: ignore[attr-defined]
    setattr(owner, printer.name, guarded)
    handle.patches.append((owner, printer.name, own))
