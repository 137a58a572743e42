"""Frame methods that show rows themselves (Spark's ``show()``, eager ``_repr_html_``), redacted while the guard is loaded.

Renderings too: ``df._repr_html_()``, ``df._repr_latex_()``, ``df.to_markdown()``, ``df.to_html()``,
``df.to_latex()`` (and a Styler's) called by the user return text that IPython then shows as a
plain string, outside the display guard. For every class the display guard shows, these methods
are replaced while it is loaded: the ``_repr_*_`` ones return the guard's own rendering (the
bundle's HTML or LaTeX), the ``to_*`` ones run on the redacted object when they return text (with
a destination they write a file, which is the export guard's concern, and run unchanged). The
guard's own rendering calls the originals (:func:`bypass`).

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
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ... import render
from ..hooks import put_back

if TYPE_CHECKING:
    from ...adapters import FrameAdapter, Printer
    from .display import DisplayGuard

_MISSING = object()
# renderings that return text: the MIME type of the guard's bundle that answers a ``_repr_*_`` call
RENDERINGS = {
    "_repr_html_": "text/html",
    "_repr_latex_": "text/latex",
    "to_markdown": None,
    "to_html": None,
    "to_latex": None,
}
_local = threading.local()


@contextmanager
def bypass() -> Iterator[None]:
    """While the display guard renders (or reveals), the renderings run unchanged."""
    was = getattr(_local, "busy", False)
    _local.busy = True
    try:
        yield
    finally:
        _local.busy = was


def bypassed() -> bool:
    """Whether the display guard is rendering (or revealing) right now: :func:`bypass` is in force."""
    return bool(getattr(_local, "busy", False))


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
            put_back(owner, name, own is not _MISSING, own)
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
        for shown in adapter.shows:

            def patch_renderings(module: Any, name: str = shown.name) -> None:
                if handle.installed:
                    _patch_renderings(handle, guard, getattr(module, name, None))

            handle.cancels.append(when_imported(shown.module, patch_renderings))
    return handle


def _patch_renderings(handle: PrintersHandle, guard: DisplayGuard, owner: Any) -> None:
    if not isinstance(owner, type):
        return
    for name, mime in RENDERINGS.items():
        original = getattr(owner, name, None)
        if original is None or getattr(original, "__privguard_rendering__", None) is not None:
            continue
        own = owner.__dict__.get(name, _MISSING)
        guarded = _rendering(guard, original, name, mime)
        # its own mark: the export guard wraps these methods too (to_html to a file) and skips what
        # carries ``__privguard_original__``, its own mark
        guarded.__privguard_rendering__ = original  # type: ignore[attr-defined]
        setattr(owner, name, guarded)
        handle.patches.append((owner, name, own))


def _rendering(guard: DisplayGuard, original: Any, name: str, mime: str | None) -> Callable[..., Any]:
    @functools.wraps(original)
    def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(_local, "busy", False) or not guard.session.enabled or not guard.shown(self):
            return original(self, *args, **kwargs)
        if mime is None and (args[:1] != (None,) * len(args[:1]) or kwargs.get("buf") is not None):
            return original(self, *args, **kwargs)  # written to a destination: the export guard's concern
        try:
            with bypass():
                if mime is not None:
                    data, _ = guard.bundle(self)
                    return data.get(mime)
                return original(guard.redacted_whole(self), *args, **kwargs)
        except Exception as exc:
            try:
                data, _ = render.placeholder_bundle(guard.kind_of(self), type(exc).__name__)
            except Exception:
                from .display_call import last_resort_bundle

                data, _ = last_resort_bundle(self)
            return data.get(mime or "text/plain", data.get("text/plain"))

    return guarded


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
