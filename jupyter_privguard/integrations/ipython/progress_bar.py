"""The notebook's progress bar for long work (:mod:`jupyter_privguard.progress`), while the guard is loaded.

In a kernel, a bar is an ``ipywidgets.IntProgress`` shown under the running cell and closed when the
work ends; without ipywidgets, a line of text updated in place (``display_id``). A terminal IPython
needs nothing from here: the core draws its text bar on standard error. The bar's description is
the caller's fixed text and its numbers are counts: no column label, no value.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

from ... import progress as _progress
from ...progress import set_notebook_bar

__all__ = ["NotebookBar", "ProgressHandle", "install"]


@dataclass
class ProgressHandle:
    """What :func:`install` registered; :meth:`uninstall` puts the previous bar back."""

    previous: Any = None
    installed: bool = False

    def uninstall(self) -> None:
        if self.installed:
            set_notebook_bar(self.previous)
            self.installed = False


def install(shell: Any) -> ProgressHandle:
    """Register the notebook bar when ``shell`` is a kernel's (a terminal keeps the core's text bar)."""
    handle = ProgressHandle()
    if getattr(shell, "kernel", None) is None:
        return handle
    handle.previous = set_notebook_bar(lambda total, what: NotebookBar(total, what))
    handle.installed = True
    return handle


class NotebookBar:
    """A bar under the running cell, shown once the work has lasted :data:`~jupyter_privguard.progress.DELAY_S`."""

    def __init__(self, total: int, what: str, *, delay_s: float | None = None) -> None:
        self.total, self.what, self.done = max(1, total), what, 0
        self._start = time.perf_counter()
        self._delay = _progress.DELAY_S if delay_s is None else delay_s
        self._widget: Any = None
        self._display_id: str | None = None

    def step(self, n: int = 1) -> None:
        self.done = min(self.total, self.done + n)
        if self._widget is None and self._display_id is None:
            if time.perf_counter() - self._start < self._delay:
                return
            self._show()
        if self._widget is not None:
            self._widget.value = self.done
        else:
            self._text(update=True)

    def _show(self) -> None:
        from IPython.display import display

        try:
            import ipywidgets
        except ImportError:
            self._display_id = f"privguard-progress-{uuid.uuid4().hex}"
            self._text(update=False)
            return
        self._widget = ipywidgets.IntProgress(
            value=self.done, min=0, max=self.total, description="privguard", tooltip=self.what
        )
        display(self._widget)  # type: ignore[no-untyped-call]

    def _text(self, *, update: bool) -> None:
        from IPython.display import display, update_display

        filled = int(30 * self.done / self.total)
        line = f"privguard: {self.what} [{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total}"
        if update:
            update_display({"text/plain": line}, raw=True, display_id=self._display_id)  # type: ignore[no-untyped-call]
        else:
            display({"text/plain": line}, raw=True, display_id=self._display_id)  # type: ignore[no-untyped-call]

    def close(self) -> None:
        if self._widget is not None:
            self._widget.close()
            self._widget = None
        elif self._display_id is not None:
            self.done = self.total
            self._text(update=True)
