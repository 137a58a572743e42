"""Progress bars for long work (leakage fits, classifying a wide frame), quiet where nobody watches.

A bar is drawn only when someone can see it: in a notebook whose guard is loaded (the IPython
integration registers a notebook bar with :func:`set_notebook_bar`), or on a terminal (standard
error is a tty). It stays quiet when ``CI`` is set (a CI runner may give a pseudo-terminal, and its
log would fill with carriage returns), when the output is not a terminal, when the policy's
``progress`` setting is off (``PRIVGUARD_PROGRESS=0``, ``%privguard config progress=off``,
``progress = false`` in ``[tool.jupyter-privguard]``), or when the caller passes ``enabled=False``.
It appears only once the work has lasted :data:`DELAY_S`, so quick work shows nothing.

A bar carries counts and the caller's fixed description ("leakage fits"), never a column label or a
value: column names may be personal.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol, TextIO

__all__ = [
    "DELAY_S",
    "WIDE_COLUMNS",
    "Bar",
    "TextBar",
    "progress",
    "quiet",
    "quiet_reason",
    "set_notebook_bar",
]

#: Seconds of work before a bar appears.
DELAY_S = 0.5
#: A frame with at least this many columns to classify gets a bar.
WIDE_COLUMNS = 200


class Bar(Protocol):
    """What :func:`progress` yields: ``step()`` after each unit of work, ``close()`` at the end."""

    def step(self, n: int = 1) -> None: ...

    def close(self) -> None: ...


class _NoBar:
    def step(self, n: int = 1) -> None:
        return None

    def close(self) -> None:
        return None


class TextBar:
    """A one-line bar on a terminal stream, redrawn in place, erased when closed.

    Parameters
    ----------
    total
        Units of work.
    what
        A fixed description (never a label or a value).
    stream
        Where it is drawn (standard error by default).
    delay_s
        Nothing is drawn before this many seconds have passed.
    """

    WIDTH = 30

    def __init__(self, total: int, what: str, stream: TextIO | None = None, *, delay_s: float | None = None) -> None:
        self.total, self.what, self.done = max(1, total), what, 0
        self.stream = stream if stream is not None else _stderr()
        self._start = time.perf_counter()
        self._delay = DELAY_S if delay_s is None else delay_s
        self.drawn = False

    def step(self, n: int = 1) -> None:
        self.done = min(self.total, self.done + n)
        if time.perf_counter() - self._start < self._delay:
            return
        filled = int(self.WIDTH * self.done / self.total)
        line = f"\rprivguard: {self.what} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {self.done}/{self.total}"
        try:
            self.stream.write(line)
            self.stream.flush()
            self.drawn = True
        except (OSError, ValueError):
            pass

    def close(self) -> None:
        if self.drawn:
            try:
                self.stream.write("\r" + " " * (len(self.what) + self.WIDTH + 30) + "\r")
                self.stream.flush()
            except (OSError, ValueError):
                pass


#: ``factory(total, what)`` of the loaded notebook integration, or ``None``
_NOTEBOOK: list[Callable[[int, str], Bar] | None] = [None]


def set_notebook_bar(factory: Callable[[int, str], Bar] | None) -> Callable[[int, str], Bar] | None:
    """Register the bar a notebook shows (the IPython integration does, while loaded); returns the previous one."""
    previous = _NOTEBOOK[0]
    _NOTEBOOK[0] = factory
    return previous


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() not in ("", "0", "false", "no", "off")


_LOCAL = threading.local()


@contextmanager
def quiet() -> Iterator[None]:
    """No bar in this thread while inside (the tripwire's learning walk runs as an output is being sent)."""
    was = getattr(_LOCAL, "quiet", False)
    _LOCAL.quiet = True
    try:
        yield
    finally:
        _LOCAL.quiet = was


def quiet_reason(stream: TextIO | None = None, *, enabled: bool | None = None) -> str | None:
    """Why no bar is drawn now (``"CI"``, ``"switched off"``, ``"not a terminal"``, ``"quiet"``), or ``None`` when one is."""
    if getattr(_LOCAL, "quiet", False):
        return "quiet"
    if enabled is False:
        return "switched off"
    if _truthy(os.environ.get("CI")):
        return "CI"
    if enabled is None and not _setting_on():
        return "switched off"
    if _NOTEBOOK[0] is not None:
        return None
    return None if _isatty(stream if stream is not None else _stderr()) else "not a terminal"


def _setting_on() -> bool:
    """The policy's ``progress`` setting (the session's policy, so ``%privguard config`` counts)."""
    if "PRIVGUARD_PROGRESS" in os.environ and not _truthy(os.environ["PRIVGUARD_PROGRESS"]):
        return False
    try:
        from .session import current_session

        return bool(current_session().policy.progress)
    except Exception:
        return True


def _stderr() -> TextIO:
    """Standard error as it is now (looked up at each bar: a notebook or a test may replace it)."""
    return sys.stderr


def _isatty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


@contextmanager
def progress(
    total: int, what: str, *, enabled: bool | None = None, minimum: int = 2, stream: TextIO | None = None
) -> Iterator[Bar]:
    """A bar for ``total`` units of ``what``: the notebook's, a terminal's, or one that draws nothing.

    Parameters
    ----------
    total
        Units of work (fits, columns).
    what
        A fixed description such as ``"leakage fits"``: never a column label or a value.
    enabled
        ``False`` draws nothing; ``True`` ignores the ``progress`` setting (``CI`` still silences it).
    minimum
        Fewer units than this draw nothing.
    stream
        The terminal stream (standard error by default).
    """
    bar: Bar = _NoBar()
    if total >= minimum and quiet_reason(stream, enabled=enabled) is None:
        factory = _NOTEBOOK[0]
        try:
            bar = factory(total, what) if factory is not None else TextBar(total, what, stream)
        except Exception:  # a bar that cannot be drawn never stops the work
            bar = _NoBar()
    try:
        yield _Safe(bar)
    finally:
        try:
            bar.close()
        except Exception:
            pass


class _Safe:
    """A bar whose failures are swallowed: progress is never worth an error in the work it reports."""

    def __init__(self, bar: Bar) -> None:
        self._bar = bar

    def step(self, n: int = 1) -> None:
        try:
            self._bar.step(n)
        except Exception:
            pass

    def close(self) -> None:
        try:
            self._bar.close()
        except Exception:
            pass
