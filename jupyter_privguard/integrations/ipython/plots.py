"""Plots: a figure's text is redacted as it is drawn, for every backend and file format.

A picture is pixels (PNG) or paths (SVG, PDF): no check of the output can read it. So the guard
redacts the text *before* it is drawn. Every string matplotlib draws (tick labels, axis labels,
titles, suptitles, legend entries, annotations, the cells of a table artist, colorbar labels, pie
labels) is a :class:`matplotlib.text.Text`, drawn by ``Text.draw`` and measured by
``Text.get_window_extent``. While the guard is loaded, both run with the text (and its link URL)
swapped for its redacted form (:func:`jupyter_privguard.textguard.redact_text`: the session's
exact-value index and the pattern tier), then put back; the figure object itself is not changed,
so ``get_text()`` in the user's code returns what they set. Measuring the redacted text keeps
``bbox_inches="tight"`` (the inline backend's default) in step with what is drawn. Mathtext
(``$...$``) and usetex strings are redacted the same way; a redacted string that no longer
parses draws as ``<REDACTED>``.

Before a figure is drawn the output tripwire learns the frames of the user namespace (so a name
column plotted in the same cell is known), and pandas' ``.plot`` accessor, ``hist`` and
``boxplot`` learn the personal values of the data they plot and print a one-line notice naming
the columns (never a value).

Not covered: text that is not a ``Text`` artist (an image drawn into an axes, text turned into a
path by the user with ``TextPath``), the metadata of a saved file (``savefig(metadata=...)``),
and plotting libraries that do not draw through matplotlib (plotly, bokeh, altair: their JSON
outputs go through the tripwire instead).
"""

from __future__ import annotations

import functools
import re
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ...adapters import row_labels
from ...errors import PrivacyWarning
from ...textguard import redact_text
from ..hooks import put_back

if TYPE_CHECKING:
    from ...session import GuardSession

__all__ = ["PlotsHandle", "install", "redacted_label"]

_WHOLE = "<REDACTED>"
_PLACEHOLDER = re.compile(r"<[A-Z][A-Z_]*>")
_CACHE_SIZE = 4096
_MAX_LEARNED = 100_000
_MISSING = object()


@dataclass
class PlotsHandle:
    """What :func:`install` patched; :meth:`uninstall` restores it exactly."""

    session: GuardSession
    refresh: Callable[[], None] | None = None
    patches: list[tuple[Any, str, Any]] = field(default_factory=list)  # (class, name, own attribute or _MISSING)
    cancels: list[Callable[[], None]] = field(default_factory=list)
    installed: bool = True
    _cache: dict[tuple[Any, ...], str] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def uninstall(self) -> None:
        for cancel in self.cancels:
            cancel()
        self.cancels.clear()
        for owner, name, own in reversed(self.patches):
            put_back(owner, name, own is not _MISSING, own)
        self.patches.clear()
        self._cache.clear()
        self.installed = False

    def redacted(self, text: str) -> str:
        """``text`` as the figure may draw it (memoised per session state: labels repeat)."""
        session = self.session
        key = (text, session._version, id(session.policy))
        with self._lock:
            hit = self._cache.get(key)
        if hit is not None:
            return hit
        out = redacted_label(text, session)
        with self._lock:
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            self._cache[key] = out
        return out


def redacted_label(text: str, session: GuardSession) -> str:
    """One string a figure draws, with the personal data in it replaced (``<REDACTED>`` when the check fails)."""
    if not text:
        return text
    try:
        out = redact_text(text, session)[0]
    except Exception:
        return _WHOLE  # fail closed: a label that cannot be checked is not drawn
    return _math_safe(out) if out != text and "$" in out else out


def _math_safe(text: str) -> str:
    """Inside mathtext (``$...$``) an underscore is a subscript: a placeholder's are escaped there."""
    parts = re.split(r"(?<!\\)\$", text)
    if len(parts) < 3:
        return text
    for i in range(1, len(parts), 2):
        parts[i] = _PLACEHOLDER.sub(lambda m: m.group().replace("_", r"\_"), parts[i])
    return "$".join(parts)


def install(session: GuardSession, refresh: Callable[[], None] | None = None) -> PlotsHandle:
    """Redact the text of every matplotlib figure as it is drawn (once matplotlib is imported).

    Parameters
    ----------
    session
        The guard session (its known values, policy and on/off switch).
    refresh
        Called before a figure is drawn: learns the namespace (the tripwire's ``refresh``).
    """
    from ..exports import when_imported

    handle = PlotsHandle(session, refresh)

    def patch_text(module: Any) -> None:
        if handle.installed:
            _patch_text(handle, module)

    def patch_figure(module: Any) -> None:
        if handle.installed:
            _patch_figure(handle, module)

    handle.cancels.append(when_imported("matplotlib.text", patch_text))
    handle.cancels.append(when_imported("matplotlib.figure", patch_figure))
    return handle


def _replace(handle: PlotsHandle, owner: Any, name: str, make: Callable[[Any], Any]) -> None:
    original = owner.__dict__.get(name)
    if original is None or getattr(original, "__privguard_original__", None) is not None:
        return
    # update_wrapper copies the original's attributes too (``_supports_rasterization`` on Text.draw)
    wrapper: Any = functools.update_wrapper(make(original), original)
    wrapper.__privguard_original__ = original
    handle.patches.append((owner, name, original))
    setattr(owner, name, wrapper)


def _patch_text(handle: PlotsHandle, module: Any) -> None:
    text_cls = getattr(module, "Text", None)
    if text_cls is None:
        return
    session = handle.session

    def swapped(text: Any) -> tuple[Any, Any] | None:
        """Put the redacted text (and link) in place; the originals to restore, or ``None`` if unchanged."""
        raw, url = getattr(text, "_text", ""), getattr(text, "_url", None)
        if not session.enabled:
            return None
        new = handle.redacted(raw) if isinstance(raw, str) else raw
        new_url = handle.redacted(url) if isinstance(url, str) else url
        if new == raw and new_url == url:
            return None
        text._text, text._url = new, new_url
        return raw, url

    def make_draw(original: Any) -> Any:
        def draw(self: Any, renderer: Any, *args: Any, **kwargs: Any) -> Any:
            saved = swapped(self)
            if saved is None:
                return original(self, renderer, *args, **kwargs)
            try:
                try:
                    return original(self, renderer, *args, **kwargs)
                except Exception:
                    # the redacted string no longer parses (mathtext): draw the fixed placeholder
                    self._text = _WHOLE
                    return original(self, renderer, *args, **kwargs)
            finally:
                self._text, self._url = saved

        return draw

    def make_extent(original: Any) -> Any:
        def get_window_extent(self: Any, *args: Any, **kwargs: Any) -> Any:
            saved = swapped(self)
            if saved is None:
                return original(self, *args, **kwargs)
            try:
                try:
                    return original(self, *args, **kwargs)
                except Exception:
                    self._text = _WHOLE
                    return original(self, *args, **kwargs)
            finally:
                self._text, self._url = saved

        return get_window_extent

    _replace(handle, text_cls, "draw", make_draw)
    _replace(handle, text_cls, "get_window_extent", make_extent)


def _patch_figure(handle: PlotsHandle, module: Any) -> None:
    figure_cls = getattr(module, "Figure", None)
    if figure_cls is None or handle.refresh is None:
        return
    refresh = handle.refresh

    def make_draw(original: Any) -> Any:
        def draw(self: Any, renderer: Any, *args: Any, **kwargs: Any) -> Any:
            if handle.session.enabled:
                try:
                    refresh()  # a name column plotted in this very cell is known before its labels are drawn
                except Exception:
                    pass  # the pattern tier and the values already known still redact
            return original(self, renderer, *args, **kwargs)

        return draw

    _replace(handle, figure_cls, "draw", make_draw)


# ---------------------------------------------------------------------------------------------------
# pandas' plot accessor: learn what is plotted, and say so in one line
# ---------------------------------------------------------------------------------------------------
def pii_in_plot(session: GuardSession, data: Any, used: list[Any] | None, *, learn: bool = True) -> dict[str, str]:
    """``{column: entity}`` of the personal data a plot of ``data`` would draw (columns and labels).

    With ``learn`` the personal values found are remembered in the session, so the figure's
    labels are redacted when it is drawn even if ``data`` is bound to no name.
    """
    from ...scanner import scan

    policy = session.policy
    adapters = session.registries.get("adapters")
    found: dict[str, str] = {}

    def consider(obj: Any, report: Any, wanted: set[str] | None, prefix: str = "") -> None:
        adapter = adapters.adapter_for(obj)
        for name, finding in report.columns.items():
            if wanted is not None and name not in wanted:
                continue
            if finding.allowed or policy.column_allowed(name):
                continue
            entities = [finding.entity] if finding.entity else list(finding.span_entities)
            entities = [e for e in entities if policy.action_for(e) != "keep"]
            if not entities:
                continue
            found[prefix + name] = entities[0]
            if learn and finding.entity is not None and adapter is not None:
                try:
                    values = adapter.present(obj, finding.position, _MAX_LEARNED, distinct=True)
                    session.remember_values([str(v) for v in values if v is not None], finding.entity, name)
                except Exception:
                    pass

    wanted = {str(u) for u in used} if used else None
    consider(data, scan(data, policy=policy), wanted)
    index = row_labels(data, adapters)
    if index is not None:
        consider(index, scan(index, policy=policy), None, prefix="index:")
        # labels the session already knows as personal data (value_counts() of a name column ...)
        _, known = session.known_values()
        for label in index.iloc[:50, 0].tolist():
            entity = known.get(str(label).strip())
            if entity is not None and policy.action_for(entity) != "keep":
                found.setdefault("index:" + str(index.columns[0]), entity)
                break
    return found


def warn_plot(session: GuardSession, data: Any, used: list[Any] | None) -> None:
    """The one-line notice for a plot of personal data (columns and entities named, never a value)."""
    if not session.enabled:
        return
    try:
        found = pii_in_plot(session, data, used)
    except Exception:
        return  # the notice is advice; a failed check must not break the plot
    if not found:
        return
    what = ", ".join(f"{c!r} ({e})" for c, e in list(found.items())[:5])
    warnings.warn(
        PrivacyWarning(
            f"privguard: this plot draws personal data from {what}; its labels, titles and legend are redacted "
            f"when drawn, but what the picture shows otherwise (bar heights, positions) stays in the image."
        ),
        stacklevel=3,
    )


def plot_columns(kwargs: dict[str, Any]) -> list[Any] | None:
    """The columns a pandas plot call names (``x``, ``y``, ``column``, ``by``)."""
    used: list[Any] = []
    for key in ("x", "y", "column", "by"):
        value = kwargs.get(key)
        if value is None:
            continue
        used.extend(value if isinstance(value, (list, tuple)) else [value])
    return used or None


def patch_plot_methods(session: GuardSession, pd: Any, patches: list[tuple[Any, str, bool, Any]]) -> None:
    """Wrap pandas' ``.plot`` accessor, ``hist`` and ``boxplot``; ``patches`` records what to restore."""
    try:
        from pandas.plotting._core import PlotAccessor  # type: ignore[import-untyped,unused-ignore]
    except ImportError:  # pragma: no cover - a pandas without the accessor
        return

    def patch(cls: Any, name: str, get_data: Callable[[Any], Any]) -> None:
        original = getattr(cls, name, None)
        if original is None or getattr(original, "__privguard_original__", None) is not None:
            return
        had_own = name in cls.__dict__
        own = cls.__dict__.get(name)

        def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
            warn_plot(session, get_data(self), plot_columns(kwargs))
            return original(self, *args, **kwargs)

        guarded.__privguard_original__ = original  # type: ignore[attr-defined]
        guarded.__name__ = getattr(original, "__name__", name)
        guarded.__doc__ = getattr(original, "__doc__", None)
        setattr(cls, name, guarded)
        patches.append((cls, name, had_own, own))

    patch(PlotAccessor, "__call__", lambda accessor: accessor._parent)
    for cls in (pd.DataFrame, pd.Series):
        patch(cls, "hist", lambda data: data)
    patch(pd.DataFrame, "boxplot", lambda data: data)
