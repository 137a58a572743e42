"""Display guard: frames of every adapter (pandas, polars, pyarrow ...) are shown redacted, never raw.

IPython asks its formatters in turn and, when one raises, falls back to the next one: the raw
repr. The guard therefore registers on ``ipython_display_formatter``, which IPython asks first and
which, when it handles an object, stops every other formatter (table schema, ``%pprint``, LaTeX,
a third party's mimebundle). The printer never raises: on any internal error it publishes a
placeholder naming the error type only.

Per display: scan (cached by column fingerprint in the scanner), plan the rows pandas would render,
redact only those, render them to look like pandas' own output (:mod:`jupyter_privguard.render`),
and remember the shown PII values in the session (memory only) so that the output tripwire finds
them again in later prints.

Covered: what the session's frame adapters show (:attr:`~jupyter_privguard.adapters.FrameAdapter.shows`):
pandas ``DataFrame``, ``Series``, ``Index`` (``MultiIndex`` and the other subclasses), ``Styler``;
polars ``DataFrame`` and ``Series``; ``pyarrow.Table``. An adapter's objects take the generic path
(its row plan, :func:`~jupyter_privguard.redaction.redact`, its render); pandas' have richer views. Row labels (the index) and column labels are
scanned too; a DataFrame of mixed-type columns with string row labels (``df.T``) and a Series
with string labels (``df.iloc[0]``) are also scanned record-wise, each label as a header.

What is not a classified cell (names, text labels, a Styler's caption, styles, attributes and
tooltips, nested cells, ``attrs``) goes through the text guard (:mod:`.display_parts`), and the
finished bundle through the session's exact-value index once more. When the view and then its
placeholder both fail, a fixed text naming the type is published (never IPython's raw repr).
Figures are redacted as they are drawn (:mod:`.plots`, installed with the printers).
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ... import render
from ...adapters import table_columns
from ...render import Bundle, DisplayInfo, Redaction, RowPlan
from ...textguard import one_pattern_pass
from .cell_pass import CHECKED_MIMES
from .display_call import DisplayCall, display_call, last_resort_bundle
from .display_parts import (
    MAX_RECORD_FIELDS,
    TextGuard,
    exact_pass,
    guard_names,
    guard_styler,
    guard_view,
    latex_styler,
    printed_forms,
    string_labels,
    table_schema_rows,
)
from .display_reuse import ShownBundles, frame_report, remember_frame
from .messages import vouch_bundle
from .printers import bypass
from .record_mode import record_mode_frame

if TYPE_CHECKING:
    import pandas as pd

    from ...adapters import AdapterRegistry, FrameAdapter
    from ...policy import Policy
    from ...report import ScanReport
    from ...session import GuardSession
    from .plots import PlotsHandle
    from .printers import PrintersHandle

# Record-wise scanning (labels as headers) only for objects this small.
_MAX_RECORD_FIELDS = MAX_RECORD_FIELDS
_MAX_RECORDS = 1000
_MISSING = object()
_SCAN = object()  # "scan the labels" (no report on them is known)


def _scan(data: Any, policy: Policy) -> ScanReport:
    from ...scanner import scan

    return scan(data, policy=policy)


def _redact(data: Any, policy: Policy, report: ScanReport, rows: Any = None) -> Any:
    from ...redaction import redact

    return redact(data, policy=policy, report=report, rows=rows)


def _labels_policy(policy: Policy) -> Policy:
    """Labels (index, column names) cannot be removed: an action that drops a column becomes ``redact``."""
    from ...entities import ENTITIES
    from ...operators import resolve_operators

    operators = resolve_operators()
    dropping = {
        name: "redact"
        for name in ENTITIES
        if policy.action_for(name) in operators and operators.get(policy.action_for(name)).drops_column
    }
    return policy.replace(actions=dropping) if dropping else policy


def _planned(report: ScanReport, policy: Policy) -> list[tuple[str, Any, str, str]]:
    """``(name, finding, entity, action)`` for every column the banner reports, from :func:`plan`.

    The decisions are the ones ``redact`` applies; a free-text column whose sample showed no
    spans is redacted all the same (fail closed) but not reported, as nothing was seen in it.
    """
    from ...decision import SPANS, plan

    out = []
    for decision in plan(report, policy):
        finding = report.columns[decision.column]
        if decision.action != SPANS:
            out.append((decision.column, finding, str(decision.entity), decision.action))
        elif decision.span_entities:
            out.append((decision.column, finding, "free text: " + "+".join(decision.span_entities), SPANS))
    return out


@dataclass
class _View:
    """A redacted view of the shown rows and what was done (names and counts only)."""

    data: Any
    redactions: list[Redaction] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: the report on the row labels (``None``: a plain range, or nothing to scan), for the lineage
    index_report: ScanReport | None = None


class DisplayGuard:
    """Registers the guarded types on ``shell.display_formatter.ipython_display_formatter``.

    Parameters
    ----------
    shell
        The IPython shell.
    session
        The shared guard session (policy, on/off, reports, counts, known values).
    """

    def __init__(self, shell: Any, session: GuardSession) -> None:
        self.shell = shell
        self.session = session
        self._formatter = shell.display_formatter.ipython_display_formatter
        self._printers: dict[str, Callable[[Any], None]] = {}
        self._saved_types: dict[type, Any] = {}
        self._saved_deferred: dict[tuple[str, str], Any] = {}
        self._previous: dict[str, Any] = {}
        self._installed = False
        self._printer_methods: PrintersHandle | None = None
        self._plots: PlotsHandle | None = None
        self._reveal_lock = threading.Lock()
        self._pending_reveals: dict[str, Bundle] = {}
        self._timers: list[threading.Timer] = []
        self.reveal_seconds = 60.0
        #: ``listener(event, display_id, view)`` for ``"reveal"`` (view: label and raw text/HTML) and
        #: ``"reveal_end"``; returns whether it delivered the view (the guard's comm registers one)
        self.reveal_listeners: list[Callable[[str, str, dict[str, Any] | None], bool]] = []
        #: add "N rows (x%) are unique on ..." to the banner of a frame with quasi-identifiers
        self.risk_warning = True
        self._risk_cache: OrderedDict[tuple[Any, ...], int] = OrderedDict()
        # the last bundle of each frame shown (before the exact pass and the risk line), reused when
        # the lineage finds the very frame shown again with its rendered cells unchanged (memory only)
        self._shown_bundles = ShownBundles()
        # the bundle data whose text/plain and text/html the cell pass checked before rendering
        self._cells_checked: dict[str, Any] | None = None

    # -- install / uninstall ----------------------------------------------------------------------
    def install(self) -> DisplayGuard:
        """Register the printers; remember exactly what was there so :meth:`uninstall` restores it."""
        if self._installed:
            return self
        import importlib

        fmt = self._formatter
        for shown in self._shows():
            module, name, kind = shown.module, shown.name, shown.kind
            printer = self._make_printer(kind)
            loaded = importlib.import_module(module) if shown.import_now else sys.modules.get(module)
            cls = getattr(loaded, name, None) if loaded is not None else None
            if isinstance(cls, type):
                # ``for_type`` returns the printer in force before (maybe a base class's): it is what
                # the guard hands the object to when it is switched off
                self._saved_types[cls] = fmt.type_printers.get(cls, _MISSING)
                self._previous[kind] = fmt.for_type(cls, printer)
            else:
                # not imported yet: register by name, so that loading the guard imports nothing
                self._saved_deferred[(module, name)] = fmt.deferred_printers.get((module, name), _MISSING)
                self._previous[kind] = fmt.for_type_by_name(module, name, printer)
        from . import printers

        self._printer_methods = printers.install(self)  # show() and friends, which bypass the formatters
        from . import plots

        self._plots = plots.install(self.session, self._learn_namespace)  # a figure's text, redacted as drawn
        self._installed = True
        return self

    def uninstall(self) -> None:
        """Restore the formatter's registrations exactly as they were before :meth:`install`."""
        if not self._installed:
            return
        self.restore_reveals()
        if self._printer_methods is not None:
            self._printer_methods.uninstall()
            self._printer_methods = None
        if self._plots is not None:
            self._plots.uninstall()
            self._plots = None
        for timer in self._timers:
            timer.cancel()
        self._timers.clear()
        fmt = self._formatter
        ours = set(map(id, self._printers.values()))
        for cls, old in self._saved_types.items():
            if old is _MISSING:
                fmt.type_printers.pop(cls, None)
            else:
                fmt.type_printers[cls] = old
        for key, old in self._saved_deferred.items():
            if old is _MISSING:
                fmt.deferred_printers.pop(key, None)
            else:
                fmt.deferred_printers[key] = old
        # a by-name registration moves to type_printers once IPython meets the class
        for cls in [c for c, p in fmt.type_printers.items() if id(p) in ours]:
            fmt.type_printers.pop(cls, None)
        self._saved_types.clear()
        self._saved_deferred.clear()
        self._printers.clear()
        self._installed = False

    def _learn_namespace(self) -> None:
        from ..loaded import EXTENSIONS

        extension = EXTENSIONS.get(id(self.shell))
        tripwire = getattr(extension, "tripwire", None)
        if tripwire is not None:
            tripwire.refresh(unbounded=True)  # a figure is about to be drawn: learn all of it first

    @property
    def installed(self) -> bool:
        return self._installed

    def guarded_types(self) -> list[str]:
        """The kinds the guard handles in this process (a library's only when it is installed)."""
        import importlib.util

        kinds = []
        for shown in self._shows():
            try:
                if shown.import_now or importlib.util.find_spec(shown.module.split(".")[0]) is not None:
                    kinds.append(shown.kind)
            except (ImportError, ValueError):
                pass
        return kinds

    # -- the adapters -------------------------------------------------------------------------------
    def _adapters(self) -> AdapterRegistry:
        registry: AdapterRegistry = self.session.registries.get("adapters")
        return registry

    def _shows(self) -> list[Any]:
        return [shown for adapter in self._adapters() for shown in adapter.shows]

    def _shown(self, obj: Any, kind: str | None) -> tuple[FrameAdapter, str, str]:
        """``(adapter, kind, view)`` for ``obj``; ``TypeError`` when no adapter shows it."""
        found = self._adapters().shown_adapter(obj)
        if found is None:
            raise TypeError(f"the display guard does not handle {kind or self.kind_of(obj)}")
        adapter, own = found
        kind = kind or own
        view = next((s.view for s in adapter.shows if s.kind == kind), "table")
        return adapter, kind, view

    # -- the printer --------------------------------------------------------------------------------
    def _make_printer(self, kind: str) -> Callable[[Any], None]:
        def privguard_display(obj: Any) -> None:
            self.show(obj, kind)

        self._printers[kind] = privguard_display
        return privguard_display

    def show(self, obj: Any, kind: str | None = None) -> None:
        """Publish ``obj`` redacted; never raises, never publishes the raw object by mistake."""
        call = display_call()
        try:
            kind = kind or self.kind_of(obj)
            if not self.session.enabled:
                self._show_unguarded(obj, kind, call=call)
                return
            data, metadata = call.shape(*self.bundle(obj, kind))
        except BaseException as exc:
            try:
                data, metadata = render.placeholder_bundle(kind or type(obj).__name__, type(exc).__name__)
            except Exception:  # the placeholder failed too: a fixed text, never IPython's raw repr
                data, metadata = last_resort_bundle(obj)
            self._publish(data, metadata, transient=call.transient, update=call.update)
            if not isinstance(exc, Exception):
                raise  # KeyboardInterrupt and friends still interrupt, after the placeholder
            return
        self._publish(data, metadata, transient=call.transient, update=call.update)

    def _publish(
        self,
        data: dict[str, Any],
        metadata: dict[str, Any],
        *,
        transient: dict[str, Any] | None = None,
        update: bool = False,
    ) -> None:
        try:
            kwargs: dict[str, Any] = {}
            if transient is not None:
                kwargs["transient"] = transient
            if update:
                kwargs["update"] = True
            self.shell.display_pub.publish(data=data, metadata=metadata, **kwargs)
        except Exception:  # a broken publisher must not raise into IPython's raw fallback
            pass

    def _show_unguarded(self, obj: Any, kind: str, *, call: DisplayCall | None = None) -> None:
        call = call or DisplayCall()
        previous = self._previous.get(kind)
        if previous is not None and previous not in self._printers.values():
            previous(obj)
            return
        data, metadata = call.shape(*self.raw_bundle(obj))
        if data:
            self._publish(data, metadata, transient=call.transient, update=call.update)

    def raw_bundle(self, obj: Any) -> Bundle:
        """What IPython would show for ``obj`` without the guard (for ``off`` and ``reveal``)."""
        display_formatter = self.shell.display_formatter
        was = self._formatter.enabled
        self._formatter.enabled = False
        try:
            with bypass():
                data, metadata = display_formatter.format(obj)
        finally:
            self._formatter.enabled = was
        return dict(data), dict(metadata)

    # -- bundles ------------------------------------------------------------------------------------
    def kind_of(self, obj: Any) -> str:
        """The display kind of ``obj`` (its adapter's label), or its type's qualified name when none shows it."""
        found = self._adapters().shown_adapter(obj)
        if found is not None:
            return found[1]
        cls = type(obj)
        return f"{cls.__module__.split('.')[0]}.{cls.__name__}"

    def shown(self, obj: Any) -> bool:
        """Whether the guard shows ``obj`` redacted (and can reveal it)."""
        return self._adapters().shown_adapter(obj) is not None

    def frame_of(self, obj: Any) -> Any:
        """The frame behind a shown object (a Styler's data), ``obj`` itself otherwise."""
        found = self._adapters().shown_adapter(obj)
        return found[0].shown_frame(obj) if found is not None else obj

    def column_names(self, obj: Any) -> list[str]:
        """The column names of a shown table (a Styler's frame's); none for a Series or an Index."""
        return table_columns(obj, self._adapters())

    def bundle(
        self,
        obj: Any,
        kind: str | None = None,
        *,
        policy: Policy | None = None,
        label: str | None = None,
        notes: list[str] | None = None,
    ) -> Bundle:
        """The redacted MIME bundle for ``obj`` (raises on internal errors; :meth:`show` catches)."""
        with bypass(), one_pattern_pass():  # pandas' own renderings unchanged; each line read once by patterns
            return self._bundle(obj, kind, policy, label, notes)

    def _bundle(
        self, obj: Any, kind: str | None, policy: Policy | None, label: str | None, notes: list[str] | None
    ) -> Bundle:
        adapter, kind, view = self._shown(obj, kind)
        policy = policy if policy is not None else self.session.policy
        label = label if label is not None else self.label_of(obj)
        views: dict[str, Callable[..., Bundle]] = {
            "table": self._table_bundle,
            "frame": self._frame_bundle,
            "series": self._series_bundle,
            "index": self._index_bundle,
            "styler": self._styler_bundle,
        }
        build = views.get(view)
        if build is None:
            raise TypeError(f"the display guard has no {view!r} view (for {kind})")
        data, metadata = build(obj, adapter, kind, policy, label, notes or [])
        if policy is self.session.policy:  # not a reveal's: whatever the session knows stays out
            rendered = data
            done = CHECKED_MIMES if self._cells_checked is data else frozenset()
            self._cells_checked = None
            rest = exact_pass({m: v for m, v in data.items() if m not in done}, TextGuard(self.session, policy))
            data = {m: rest.get(m, v) for m, v in data.items()}
            vouch_bundle(self.session, rendered, data)  # the tripwire need not walk it again
        return data, metadata

    def redacted_whole(self, obj: Any) -> Any:
        """``obj`` redacted whole (every row), for a rendering that shows every row (``to_markdown``)."""
        adapter, kind, view = self._shown(obj, None)
        policy = self.session.policy
        data = adapter.shown_frame(obj)
        report = _scan(data, policy)
        if view == "styler":
            shown = self._frame_view(data, policy, report, None)
            if shown.data.shape != data.shape:  # a dropped column shifts every styled position
                return shown.data.style
            return self._restyle(obj, shown.data, report, policy, shown)
        if view == "frame":
            return self._frame_view(data, policy, report, None).data
        if view == "series":
            return self._series_view(data, policy, report, None).data
        red = _View(_redact(data, policy, report))
        self._guard_parts(red, policy)
        return red.data

    def _scan_parts(self, data: Any, policy: Policy) -> ScanReport:
        return _scan(data, policy)

    def redacted_part(self, data: Any, policy: Policy) -> Any:
        """A frame found inside a cell, redacted whole (its cells, its labels' names)."""
        adapter = self._adapters().adapter_for(data)
        red = _redact(data, policy, _scan(data, policy))
        return guard_view(self, red, adapter, TextGuard(self.session, policy), []) if adapter is not None else red

    def _guard_parts(self, view: _View, policy: Policy) -> None:
        adapter = self._adapters().adapter_for(view.data)
        if adapter is not None:
            view.data = guard_view(self, view.data, adapter, TextGuard(self.session, policy), view.redactions)

    def label_of(self, obj: Any) -> str | None:
        """The user's variable bound to ``obj`` (or to a Styler's data), for the banner's hints."""
        target = self.frame_of(obj)
        try:
            for name, value in self.shell.user_ns.items():
                if value is target and not name.startswith("_") and name.isidentifier():
                    return str(name)
        except Exception:
            pass
        return None

    def _account(self, label: str | None, kind: str, report: ScanReport, view: _View, shown_rows: int) -> None:
        session = self.session
        session.counts.frames_scanned += 1
        if view.redactions:
            session.counts.frames_redacted += 1
            session.counts.cells_redacted += shown_rows * sum(
                1 for r in view.redactions if not r.column.startswith("(")
            )
        session.reports[label or f"<{kind}>"] = report
        names = TextGuard(session)
        session.emit(
            "display",
            {
                "label": label,
                "kind": kind,
                "redacted": [
                    # a column label can be a value (a record's header): the sidebar gets it redacted
                    {
                        "column": names.text(r.column, patterns=False),
                        "entity": r.entity,
                        "action": r.action,
                        "count": r.count,
                    }
                    for r in view.redactions
                ],
            },
        )

    def _remember(self, values: Any, entity: str, column: str | None = None) -> None:
        try:
            self.session.remember_values(printed_forms([v for v in values if v is not None and v == v]), entity, column)
        except Exception:
            pass

    # pandas DataFrame -------------------------------------------------------------------------------
    def _frame_view(
        self,
        df: pd.DataFrame,
        policy: Policy,
        report: ScanReport,
        positions: list[int] | None,
        index_report: Any = _SCAN,
    ) -> _View:
        view = _View(_redact(df, policy, report, positions))
        rows = slice(None) if positions is None else positions
        for name, finding, entity, action in _planned(report, policy):
            view.redactions.append(Redaction(name, entity, action, int(df.iloc[:, finding.position].count())))
            if finding.entity is not None:
                self._remember(df.iloc[rows, finding.position].tolist(), finding.entity, finding.column)
        seams = {"scan": _scan, "redact": _redact, "planned": _planned, "labels_policy": _labels_policy}
        record_mode_frame(self, df, view, policy, (_MAX_RECORD_FIELDS, _MAX_RECORDS), seams)
        new_index = self._redact_labels(df.index, policy, positions, "(index)", view, index_report)
        if new_index is not None:
            view.data = view.data.set_axis(new_index, axis=0)
        new_columns = self._redact_labels(view.data.columns, policy, None, "(column labels)", view)
        if new_columns is not None:
            view.data = view.data.set_axis(new_columns, axis=1)
        self._guard_parts(view, policy)
        return view

    def _frame_bundle(
        self, df: pd.DataFrame, adapter: FrameAdapter, kind: str, policy: Policy, label: str | None, notes: list[str]
    ) -> Bundle:
        from .wide import is_wide, wide_bundle

        if is_wide(df):  # wider than pandas shows: the shown columns first, the rest within a budget
            return wide_bundle(self, df, kind, policy, label, notes, _SCAN)
        plan = render.pandas_row_plan(len(df))
        head = table_schema_rows(len(df))
        # every row any MIME type renders: the lineage proves a column the parent's on exactly these
        rendered = sorted(set(range(len(df)) if plan.positions is None else plan.positions) | set(head or ()))
        report, reuse = frame_report(self.session, df, policy, rendered, _scan)
        again = self._shown_bundles.key(self.session, policy, label, notes)
        hit = self._shown_bundles.get(df, again) if reuse is not None and reuse.same else None
        if hit is not None:  # the very frame, its rendered cells, options, policy and learned values unchanged
            info, redactions, rendered_bundle = hit
            self._account(label, kind, report, _View(None, list(redactions)), plan.view_rows)
            return self._with_risk_line(df, report, label, info, rendered_bundle)
        labels: Any = reuse.index_report if reuse is not None and reuse.index else _SCAN
        view = self._frame_view(df, policy, report, plan.positions, labels)
        own = head is None and policy is self.session.policy  # the pass before rendering, over plan.limit rows
        checked = own and self._check_cells(df, view, label, notes, labels, plan.limit)
        schema_view = self._frame_view(df, policy, report, head, labels).data if head is not None else None
        if reuse is None or not reuse.same:  # shown again unchanged: its entry stands as it is
            remember_frame(self.session, df, policy, report, rendered, view.index_report if labels is _SCAN else labels)
        info = DisplayInfo(kind, label, len(df), df.shape[1], view.redactions, notes + view.notes)
        self._account(label, kind, report, view, plan.view_rows)
        bundle = render.render_pandas_frame(
            view.data, plan, info, report, schema_view=schema_view, n_columns=df.shape[1]
        )
        self._shown_bundles.put(df, again, info, view.redactions, bundle)
        bundle = self._with_risk_line(df, report, label, info, bundle)
        if checked:  # its cells, labels and banner went through the exact pass before rendering
            self._cells_checked = bundle[0]
        return bundle

    def _check_cells(
        self, df: pd.DataFrame, view: _View, label: str | None, notes: list[str], labels: Any, limit: int | None = None
    ) -> bool:
        """The exact-value pass over the cells rendered (``limit``: a truncated plan's); whether it ran."""
        import pandas as pd

        from .cell_pass import check_frame_cells

        # a plain range of positions (this frame's or its parent's) is no one's data
        positions = isinstance(df.index, pd.RangeIndex) or (labels is None and df.index.dtype.kind in "iu")
        # no count (a filter's 79588 rows may equal a learned postal code): the frame's shape, no one's value
        banner = [label or "", *notes, *view.notes, *(r.column for r in view.redactions)]
        checked = check_frame_cells(
            view.data, self.session, self.session.policy, banner, row_labels=not positions, max_rows=limit
        )
        if checked is None:
            return False
        view.data = checked
        return True

    def _with_risk_line(
        self, df: pd.DataFrame, report: ScanReport, label: str | None, info: DisplayInfo, bundle: Bundle
    ) -> Bundle:
        from .risk_line import with_risk_line

        return with_risk_line(self, df, report, label, info, bundle)

    def _redact_labels(
        self,
        labels: pd.Index,
        policy: Policy,
        positions: list[int] | None,
        what: str,
        view: _View,
        known: Any = _SCAN,
    ) -> pd.Index | None:
        """Scan row or column labels; a redacted Index for ``positions`` (all when ``None``), or ``None``.

        ``known`` is a report on these labels already made (the lineage's: they are a parent
        frame's labels), ``None`` when they are a parent's plain range of positions.
        """
        import pandas as pd

        if isinstance(labels, pd.RangeIndex) or len(labels) == 0 or known is None:
            return None
        frame = labels.to_frame(index=False)
        if not isinstance(labels, pd.MultiIndex):
            frame.columns = [labels.name if labels.name is not None else "index"]
        report = _scan(frame, policy) if known is _SCAN else known
        if what == "(index)":
            view.index_report = report
        planned = _planned(report, policy)
        if not planned:
            return None
        red = _redact(frame, _labels_policy(policy), report, positions)
        rows = slice(None) if positions is None else positions
        for name, finding, entity, action in planned:
            column = what if not isinstance(labels, pd.MultiIndex) else f"{what[:-1]} {name})"
            view.redactions.append(Redaction(column, entity, action, int(frame.iloc[:, finding.position].count())))
            if finding.entity is not None:
                self._remember(frame.iloc[rows, finding.position].tolist(), finding.entity, finding.column)
        if isinstance(labels, pd.MultiIndex):
            return pd.MultiIndex.from_frame(red, names=labels.names)
        index: pd.Index[Any] = pd.Index(red.iloc[:, 0].array, name=labels.name)
        return index

    # pandas Series ----------------------------------------------------------------------------------
    def _series_view(self, s: pd.Series, policy: Policy, report: ScanReport, positions: list[int] | None) -> _View:
        view = _View(_redact(s, policy, report, positions))
        rows = slice(None) if positions is None else positions
        for name, finding, entity, action in _planned(report, policy):
            view.redactions.append(Redaction(name, entity, action, int(s.count())))
            if finding.entity is not None:
                self._remember(s.iloc[rows].tolist(), finding.entity, finding.column)
        if not view.redactions:
            self._record_mode_series(s, view, policy, positions)
        new_index = self._redact_labels(s.index, policy, positions, "(index)", view)
        if new_index is not None:
            view.data = view.data.set_axis(new_index)
        self._guard_parts(view, policy)
        return view

    def _record_mode_series(self, s: pd.Series, view: _View, policy: Policy, positions: list[int] | None) -> None:
        """``df.iloc[0]``: a record whose labels are field names; scan it as a one-row frame."""
        import pandas as pd

        if len(s) > _MAX_RECORD_FIELDS or len(s) == 0 or not string_labels(s.index) or not s.index.is_unique:
            return
        record = pd.DataFrame([s.to_numpy(dtype=object)], columns=list(s.index))
        report = _scan(record, policy)
        planned = _planned(report, policy)
        if not planned:
            return
        red = _redact(record, _labels_policy(policy), report)
        values = pd.Series(red.iloc[0].to_numpy(dtype=object), index=s.index, name=s.name)
        view.data = values if positions is None else values.iloc[positions]
        for name, finding, entity, action in planned:
            view.redactions.append(Redaction(name, entity, action, 1))
            if finding.entity is not None:
                self._remember([s.iloc[finding.position]], finding.entity, finding.column)

    def _series_bundle(
        self, s: pd.Series, adapter: FrameAdapter, kind: str, policy: Policy, label: str | None, notes: list[str]
    ) -> Bundle:
        report = _scan(s, policy)
        plan = render.pandas_row_plan(len(s))
        view = self._series_view(s, policy, report, plan.positions)
        head = table_schema_rows(len(s))
        schema_view = self._series_view(s, policy, report, head).data if head is not None else None
        info = DisplayInfo(kind, label, len(s), 1, view.redactions, notes + view.notes)
        self._account(label, kind, report, view, plan.view_rows)
        return render.render_pandas_series(view.data, plan, info, report, schema_view=schema_view)

    # pandas Index -----------------------------------------------------------------------------------
    def _index_bundle(
        self, index: pd.Index, adapter: FrameAdapter, kind: str, policy: Policy, label: str | None, notes: list[str]
    ) -> Bundle:
        import pandas as pd

        plan = render.index_row_plan(len(index))
        view = _View(index if plan.positions is None else index[plan.positions])
        new = self._redact_labels(index, policy, plan.positions, "(index values)", view)
        if new is not None:
            view.data = new
        view.data = guard_names(view.data, TextGuard(self.session, policy))
        report = None
        if not isinstance(index, pd.RangeIndex) and len(index):
            frame = index.to_frame(index=False)
            if not isinstance(index, pd.MultiIndex):
                frame.columns = [index.name if index.name is not None else "index"]
            report = _scan(frame, policy)
        kind = adapter.display_label(index, kind)
        info = DisplayInfo(kind, label, len(index), getattr(index, "nlevels", 1), view.redactions, notes + view.notes)
        if report is not None:
            self._account(label, kind, report, view, plan.view_rows)
        return render.render_pandas_index(view.data, plan, info, report)

    # pandas Styler ----------------------------------------------------------------------------------
    def _styler_bundle(
        self, styler: Any, adapter: FrameAdapter, kind: str, policy: Policy, label: str | None, notes: list[str]
    ) -> Bundle:
        """Keep the styling: compute the styles on the real data, render them over redacted data.

        A Styler renders every row, so the whole frame is redacted. The user's style functions
        run once, on a copy over the original data (as they would without the guard); the CSS they
        produce is then replayed onto a copy whose data is redacted. Number formats set with
        ``.format`` stay on the other columns and are reset on redacted ones (a float format
        cannot format a placeholder). Tooltips and concatenated Stylers are redacted the same way.
        """
        df = styler.data
        report = _scan(df, policy)
        view = self._frame_view(df, policy, report, None)
        data = view.data
        if data.shape != df.shape:
            # a dropped column would shift every styled position: show the redacted frame unstyled
            view.notes.append("styling removed: a column was dropped")
            info = DisplayInfo(kind, label, len(df), df.shape[1], view.redactions, notes + view.notes)
            plan = RowPlan(len(data), None, len(data), None)
            self._account(label, kind, report, view, len(df))
            return self._with_risk_line(df, report, label, info, render.render_pandas_frame(data, plan, info, report))
        restyled = self._restyle(styler, data, report, policy, view)
        info = DisplayInfo(kind, label, len(df), df.shape[1], view.redactions, notes + view.notes)
        self._account(label, kind, report, view, len(df))
        return self._with_risk_line(df, report, label, info, render.render_styler(restyled, info, report))

    def _restyle(self, styler: Any, data: pd.DataFrame, report: ScanReport, policy: Policy, view: _View) -> Any:
        computed = styler._copy(deepcopy=True)
        computed._compute()  # the user's style functions, on the original data
        ctx, ctx_index, ctx_columns = (dict(computed.ctx), dict(computed.ctx_index), dict(computed.ctx_columns))

        out = styler._copy(deepcopy=True)
        out.data, out.index, out.columns = data, data.index, data.columns

        def replay(instance: Any) -> Callable[[], Any]:
            def apply() -> Any:
                instance.ctx.update(ctx)
                instance.ctx_index.update(ctx_index)
                instance.ctx_columns.update(ctx_columns)
                return instance

            return apply

        out._todo = [(replay, (), {})]
        redacted_positions = sorted({f.position for _, f, _, _ in _planned(report, policy)})
        if redacted_positions:
            # the user's formats (a float format, a function) cannot format a placeholder; and a
            # Styler does not escape by default, so ``<EMAIL_ADDRESS>`` would vanish as a tag
            for key in [k for k in out._display_funcs if k[1] in redacted_positions]:
                del out._display_funcs[key]
            out.format(escape="html", subset=(slice(None), data.columns[redacted_positions]))
        if any(r.column.startswith("(index") for r in view.redactions):
            out._display_funcs_index.clear()
            out.format_index(escape="html", axis=0)
        if any(r.column.startswith("(column labels") for r in view.redactions):
            out._display_funcs_columns.clear()
            out.format_index(escape="html", axis=1)
        if out.tooltips is not None and getattr(out.tooltips, "tt_data", None) is not None:
            tt = out.tooltips.tt_data
            tt_report = _scan(tt, policy)
            if _planned(tt_report, policy):
                out.tooltips.tt_data = _redact(tt, _labels_policy(policy), tt_report)
        guard_styler(out, TextGuard(self.session, policy), "latex" if latex_styler() else "html")
        if out.concatenated:
            redone = []
            for other in out.concatenated:
                other_report = _scan(other.data, policy)
                other_view = self._frame_view(other.data, _labels_policy(policy), other_report, None)
                view.redactions.extend(
                    Redaction(f"(concatenated) {r.column}", r.entity, r.action, r.count) for r in other_view.redactions
                )
                redone.append(self._restyle(other, other_view.data, other_report, policy, other_view))
            out.concatenated = redone
        return out

    # every other adapter: its row plan, redact(), its render ------------------------------------------
    def _table_bundle(
        self, obj: Any, adapter: FrameAdapter, kind: str, policy: Policy, label: str | None, notes: list[str]
    ) -> Bundle:
        report = _scan(obj, policy)
        n_rows, n_cols = adapter.shape(obj)
        plan = adapter.row_plan(obj)
        view = _View(_redact(obj, policy, report, plan.positions))
        for name, finding, entity, action in _planned(report, policy):
            view.redactions.append(Redaction(name, entity, action, adapter.count(obj, finding.position)))
            if finding.entity is not None:
                self._remember(adapter.values(obj, finding.position, plan.positions), finding.entity, finding.column)
        self._guard_parts(view, policy)
        info = DisplayInfo(kind, label, n_rows, n_cols, view.redactions, notes + view.notes)
        self._account(label, kind, report, view, plan.view_rows)
        return adapter.render(view.data, plan, info, report)

    # -- reveal (jupyter_privguard.integrations.ipython.reveal) ------------------------------------------
    def reveal(self, obj: Any, label: str | None, columns: list[str] | None) -> str:
        """Show ``obj`` with ``columns`` (all when ``None``) unredacted, in the live view only.

        See :func:`.reveal.reveal`: in a kernel the output is the redacted version and the raw view
        reaches the frontend through :attr:`reveal_listeners` (never saved); it ends when the next cell
        runs, after :attr:`reveal_seconds`, or when the guard is unloaded. Returns the display id.
        """
        from . import reveal

        return reveal.reveal(self, obj, label, columns)

    def restore_reveals(self, *_: Any) -> int:
        """Replace every revealed output still live by its redacted version; returns how many."""
        from . import reveal

        return reveal.restore(self)

    @property
    def pending_reveals(self) -> int:
        return len(self._pending_reveals)
