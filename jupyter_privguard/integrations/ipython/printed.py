"""What ``print(df)`` shows: a frame's text built from its redacted rows, so that its columns line up.

``print(df)``, ``str(df)``, ``repr(df)`` and ``df.to_string()`` write text to standard output, outside
IPython's formatters. The output tripwire catches the personal values there, but only after pandas
padded the columns to the widths of the values: ``<PERSON>`` in place of a long name leaves its
column out of line. While the guard is loaded, this module redacts *before* formatting: the frame's
text is made by the library's own formatter from the display guard's redacted view (the columns the
session's scan classifies, the row and column labels, a wide frame's shown columns), so every width
is computed on the placeholders. The tripwire stays the backstop for what the scan did not classify.

Which method is replaced: pandas' ``DataFrame.__repr__`` and ``Series.__repr__`` call ``to_string``
with the display options, so ``DataFrame.to_string`` and ``Series.to_string`` (with no destination:
written to a file it is the export guard's concern) are enough for pandas; polars' ``DataFrame`` and
``Series`` (any adapter's "table" view that does not print itself) get ``__str__`` and ``__repr__``;
a class that cannot be changed (pyarrow's ``Table``, an extension type) is left to the tripwire. Only the rows the formatter shows are redacted (the head,
the tail and one filler row that makes it truncate exactly where it would have), so the cost on a
large frame is the scan (cached by column fingerprint) and a few dozen rows.

Fails closed: on any internal error the text is the guard's placeholder naming the error type, never
the raw frame. With the guard switched off (``%privguard off``), or while the guard renders its own
views (:func:`.printers.bypass`), the originals run.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..hooks import put_back, when_imported
from .printers import bypass, bypassed

if TYPE_CHECKING:
    from .display import DisplayGuard

__all__ = ["PrintedHandle", "install"]

_MISSING = object()
#: the methods replaced for each view of :attr:`~jupyter_privguard.adapters.FrameAdapter.shows`, and how
#: the text is made (a Styler: not here; its repr shows no cell)
_METHODS = {
    "frame": (("to_string", "pandas_frame"),),
    "series": (("to_string", "pandas_series"),),
    "index": (("__repr__", "pandas_index"),),
    "table": (("__str__", "table"), ("__repr__", "table")),
}


@dataclass
class PrintedHandle:
    """What :func:`install` replaced; :meth:`uninstall` puts the original attributes back."""

    patches: list[tuple[Any, str, bool, Any]] = field(default_factory=list)  # (class, name, had own, own)
    cancels: list[Callable[[], None]] = field(default_factory=list)
    installed: bool = True

    def uninstall(self) -> None:
        for cancel in self.cancels:
            cancel()
        self.cancels.clear()
        for owner, name, had_own, own in reversed(self.patches):
            put_back(owner, name, had_own, own)
        self.patches.clear()
        self.installed = False


def install(guard: DisplayGuard) -> PrintedHandle:
    """Replace the text methods of pandas and polars frames (now, or when their module is imported)."""
    handle = PrintedHandle()
    for adapter in guard.session.registries.get("adapters"):
        if adapter.printers:
            continue  # a frame that prints itself (Spark's show, its repr): the display guard's printers
        for shown in adapter.shows:
            for method, how in _METHODS.get(shown.view, ()):

                def patch(module: Any, name: str = shown.name, method: str = method, how: str = how) -> None:
                    if handle.installed:
                        _patch(handle, guard, getattr(module, name, None), method, how)

                handle.cancels.append(when_imported(shown.module, patch))
    return handle


def _patch(handle: PrintedHandle, guard: DisplayGuard, owner: Any, name: str, how: str) -> None:
    if not isinstance(owner, type):
        return
    original = getattr(owner, name, None)
    if original is None or getattr(original, "__privguard_printed__", None) is not None:
        return
    if getattr(original, "__privguard_original__", None) is not None:
        return  # the display guard's printers have it
    own = owner.__dict__.get(name, _MISSING)
    text_of = _TEXTS[how]

    @functools.wraps(original)
    def printed(self: Any, *args: Any, **kwargs: Any) -> Any:
        if bypassed() or not guard.session.enabled or not guard.shown(self):
            return original(self, *args, **kwargs)
        if len(args) > 1:  # what pandas says, without running it on the rows
            raise TypeError(f"{name}() takes at most 1 positional argument ({len(args)} given)")
        if args[:1] not in ((), (None,)) or kwargs.get("buf") is not None:
            return original(self, *args, **kwargs)  # written to a destination: the export guard's concern
        try:
            with bypass():
                return text_of(guard, self, original, kwargs)
        except Exception as exc:
            return _placeholder(guard, self, exc)

    printed.__privguard_printed__ = original  # type: ignore[attr-defined]
    try:
        setattr(owner, name, printed)
    except TypeError:
        return  # an extension type (pyarrow's Table): left to the tripwire
    handle.patches.append((owner, name, own is not _MISSING, own))


def _placeholder(guard: DisplayGuard, obj: Any, exc: Exception) -> str:
    from ... import render

    try:
        data, _ = render.placeholder_bundle(guard.kind_of(obj), type(exc).__name__)
        return str(data["text/plain"])
    except Exception:
        return "privguard: this object was not displayed because the privacy guard failed."


# ---------------------------------------------------------------------------------------------
# the texts
# ---------------------------------------------------------------------------------------------
def _pandas_frame(guard: DisplayGuard, df: Any, original: Any, kwargs: dict[str, Any]) -> str:
    import pandas as pd

    from ...render import plan_rows
    from .display import _SCAN, _scan
    from .display_reuse import frame_report, remember_frame
    from .wide import is_wide, scan_shown

    policy = guard.session.policy
    plan = plan_rows(len(df), max_rows=kwargs.get("max_rows"), min_rows=kwargs.get("min_rows"))
    rendered = list(range(len(df))) if plan.positions is None else plan.positions
    # the columns ``to_string`` shows (all when ``max_cols`` is None): a wide frame's shown ones, a gap between
    with pd.option_context("display.max_columns", kwargs.get("max_cols")):
        wide = is_wide(df)
        if wide:
            _, shown, report = scan_shown(df, policy)
        else:
            # the display's lineage: the very frame printed or shown again, or one derived from it, is
            # not classified again where its rendered cells prove the findings still hold
            shown, (report, reuse) = df, frame_report(guard.session, df, policy, rendered, _scan)
    labels: Any = reuse.index_report if not wide and reuse is not None and reuse.index else _SCAN
    view = guard._frame_view(shown, policy, report, plan.positions, labels)
    if not wide and (reuse is None or not reuse.same):
        remember_frame(guard.session, df, policy, report, rendered, view.index_report if labels is _SCAN else labels)
    # the values the session learned, in cells no column finding covers (``describe()``'s top name)
    guard._check_cells(df, view, None, [], _SCAN)
    if plan.truncated:
        kwargs = {**kwargs, "max_rows": plan.limit, "min_rows": plan.limit}
    text = str(original(view.data, **kwargs))
    n_view, c_view = view.data.shape
    return _replace_last(text, f"[{n_view} rows x {c_view} columns]", f"[{len(df)} rows x {df.shape[1]} columns]")


def _pandas_series(guard: DisplayGuard, s: Any, original: Any, kwargs: dict[str, Any]) -> str:
    from ...render import plan_rows
    from .display import _scan

    policy = guard.session.policy
    report = _scan(s, policy)
    plan = plan_rows(len(s), max_rows=kwargs.get("max_rows"), min_rows=kwargs.get("min_rows"))
    view = guard._series_view(s, policy, report, plan.positions)
    if plan.truncated:
        kwargs = {**kwargs, "max_rows": plan.limit, "min_rows": plan.limit}
    text = str(original(view.data, **kwargs))
    return _replace_last(text, f"Length: {len(view.data)}", f"Length: {len(s)}") if plan.truncated else text


def _pandas_index(guard: DisplayGuard, index: Any, original: Any, kwargs: dict[str, Any]) -> str:
    """``print(df.index)``: the labels pandas shows, redacted as the display guard redacts an Index."""
    import pandas as pd

    from ...render import index_row_plan
    from .display import _View

    if isinstance(index, pd.RangeIndex) or len(index) == 0:
        return str(original(index))  # positions: no one's data
    plan = index_row_plan(len(index))
    view = _View(index if plan.positions is None else index[plan.positions])
    new = guard._redact_labels(index, guard.session.policy, plan.positions, "(index values)", view)
    if new is None:
        return str(original(index))
    with pd.option_context("display.max_seq_items", plan.limit) if plan.truncated else nullcontext():
        text = str(original(new))
    return _replace_last(text, f"length={plan.view_rows})", f"length={len(index)})") if plan.truncated else text


def _table(guard: DisplayGuard, obj: Any, original: Any, kwargs: dict[str, Any]) -> str:
    """Any other adapter's frame (polars): its row plan, :func:`~jupyter_privguard.redaction.redact`, its render."""
    from ...render import DisplayInfo
    from .display import _planned, _redact, _scan, _View

    adapter = guard._adapters().adapter_for(obj)
    if adapter is None:
        raise TypeError(f"no adapter reads {type(obj).__name__}")
    policy = guard.session.policy
    report = _scan(obj, policy)
    n_rows, n_cols = adapter.shape(obj)
    plan = adapter.row_plan(obj)
    planned = _planned(report, policy)
    data = _redact(obj, policy, report, plan.positions)
    for _, finding, _, _ in planned:
        if finding.entity is not None:
            guard._remember(adapter.values(obj, finding.position, plan.positions), finding.entity, finding.column)
    view = _View(data)
    guard._guard_parts(view, policy)
    # the adapter's render with nothing to announce: no banner, the library's own text of the view
    bundle, _ = adapter.render(view.data, plan, DisplayInfo(guard.kind_of(obj), None, n_rows, n_cols), report)
    return str(bundle["text/plain"])


_TEXTS: dict[str, Callable[[DisplayGuard, Any, Any, dict[str, Any]], str]] = {
    "pandas_frame": _pandas_frame,
    "pandas_series": _pandas_series,
    "pandas_index": _pandas_index,
    "table": _table,
}


def _replace_last(text: str, old: str, new: str) -> str:
    at = text.rfind(old)
    return text if at < 0 else text[:at] + new + text[at + len(old) :]
