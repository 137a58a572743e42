"""The parts of a displayed object that are not its classified cells: names, captions, styles, nested cells.

The display guard classifies columns and redacts them (:mod:`.display`). Everything else a
rendering shows goes through here before it is rendered:

* **names**: a Series' ``name``, the names of the index and column levels (``df.index.name``,
  MultiIndex level names, ``df.columns.name``) and a ``DataFrame.attrs`` mapping: each text goes
  through the text guard (:func:`jupyter_privguard.textguard.redact_text`: the session's exact-value
  index and the pattern tier);
* **a Styler's own text**: its caption, the text of its table styles and cell styles, its table
  attributes and its tooltips;
* **nested cells** (dicts, lists, tuples, sets, bytes, frames inside cells; polars struct and list
  columns): the leaves are grouped by their key path into columns and classified like any column
  (a leaf under ``"email"`` is an email), the rest goes through the text guard, and the cell is
  rebuilt with its structure;
* **the finished bundle**: one pass of the exact-value index over every MIME type (string leaves,
  keys of JSON ones), so a value the session knows cannot reach the output through a part nobody
  listed here (the report payload names the columns of a pivot whose labels are names).

Nothing here changes the user's objects: every function returns a new one (or the same one when
nothing needed redacting).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any

from ...textguard import apply_spans, redaction_spans
from .messages import Redactor, is_vouched

if TYPE_CHECKING:
    from ...adapters import FrameAdapter
    from ...policy import Policy
    from ...session import GuardSession

__all__ = ["TextGuard", "exact_pass"]

# Nested cells: how deep the walk goes, and how many leaves a view may hold before the rest of a
# cell is replaced whole (fail closed rather than slow).
_MAX_DEPTH = 12
_MAX_LEAVES = 20_000
# Record-wise scanning (labels as headers) only for objects this small (the display guard's limit too).
MAX_RECORD_FIELDS = 200
_WHOLE = "<REDACTED>"
_NESTED = (dict, list, tuple, set, frozenset, bytes, bytearray)


class TextGuard:
    """The text guard bound to one display: a session (exact-value index) and a policy.

    Parameters
    ----------
    session
        The guard session (its known values and, unless ``policy`` is given, its policy).
    policy
        The policy of this display (a reveal's, which allows the revealed columns).
    """

    def __init__(self, session: GuardSession, policy: Policy | None = None) -> None:
        self.session = session
        self.policy = policy if policy is not None else session.policy
        self.hits = 0
        # styles and labels repeat (one CSS string for every highlighted cell): each text is checked once
        self._memo: dict[tuple[str, str, bool], tuple[str, int]] = {}

    def text(self, value: str, markup: str = "text", *, patterns: bool = True) -> str:
        """``value`` with the personal data in it replaced by placeholders."""
        if not value:
            return value
        key = (value, markup, patterns)
        hit = self._memo.get(key)
        if hit is None:
            spans = redaction_spans(value, self.session, policy=self.policy, patterns=patterns)
            if not spans:
                hit = (value, 0)
            else:
                out, counts = apply_spans(value, spans, "html" if markup == "html" else "text")
                hit = (out, sum(counts.values()))
                if patterns:
                    self._learn(value, spans)
            if len(self._memo) < 65_536:
                self._memo[key] = hit
        self.hits += hit[1]
        return hit[0]

    def prefetched(self, values: list[str]) -> AbstractContextManager[None]:
        """A block in which :meth:`text` of ``values`` (patterns on) shares one pass of the pattern tier."""
        from ...textguard import prefetched

        todo = [v for v in values if (v, "text", True) not in self._memo]
        return prefetched(todo, self.session, self.policy) if len(todo) > 1 else nullcontext()

    def _learn(self, value: str, spans: list[tuple[int, int, str]]) -> None:
        """What the pattern tier found in a name or a caption joins the session's values, so the exact
        pass finds it again wherever else the bundle repeats it (the banner, the report payload)."""
        by_entity: dict[str, list[str]] = {}
        for start, end, entity in spans:
            by_entity.setdefault(entity, []).append(value[start:end])
        for entity, found in by_entity.items():
            try:
                self.session.remember_values(found, entity)
            except Exception:
                pass

    def labels(self, index: Any) -> Any:
        """A pandas Index of text labels with each label checked (the same object when all are clean)."""
        import pandas as pd

        if isinstance(index, pd.MultiIndex):
            values = list(index)
            new = [self.label(v) for v in values]
            if all(a is b for a, b in zip(new, values)):
                return index
            return pd.MultiIndex.from_tuples(new, names=index.names)
        if not (index.dtype == object or pd.api.types.is_string_dtype(index.dtype)):
            return index  # numbers and dates as labels: the scan of the labels decides
        values = list(index)
        new = [self.label(v) for v in values]
        if all(a is b for a, b in zip(new, values)):
            return index
        return pd.Index(new, name=index.name, dtype=object)

    def label(self, value: Any) -> Any:
        """A name or label: text is checked; a tuple label element-wise; anything else by its text."""
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, tuple):
            parts = tuple(self.label(v) for v in value)
            return parts if any(a is not b for a, b in zip(parts, value)) else value
        if isinstance(value, (bytes, bytearray)):
            decoded = bytes(value).decode("utf-8", errors="replace")
            red = self.text(decoded)
            return value if red == decoded else red.encode("utf-8")
        try:
            shown = str(value)
        except Exception:
            return _WHOLE
        red = self.text(shown)
        return value if red == shown else red

    def names(self, index: Any) -> Any:
        """``index`` with its level names checked (the same object when they are clean)."""
        names = list(getattr(index, "names", []) or [])
        if not any(n is not None for n in names):
            return index
        new = [self.label(n) for n in names]
        if all(a is b for a, b in zip(new, names)):
            return index
        return index.set_names(new)

    def mapping(self, value: Any, depth: int = 0) -> Any:
        """A nested structure (``DataFrame.attrs``) with every key and leaf checked."""
        if depth > _MAX_DEPTH:
            return _WHOLE
        if isinstance(value, dict):
            return {self.label(k): self.mapping(v, depth + 1) for k, v in value.items()}
        if isinstance(value, (list, tuple, set, frozenset)):
            items = [self.mapping(v, depth + 1) for v in value]
            return type(value)(items) if not isinstance(value, (set, frozenset)) else items
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return self.label(value)
        return self.label(value) if isinstance(value, (str, bytes, bytearray)) else value


# ---------------------------------------------------------------------------------------------
# pandas objects: names and attrs
# ---------------------------------------------------------------------------------------------
def guard_names(data: Any, guard: TextGuard) -> Any:
    """A pandas DataFrame/Series/Index with its names (and a frame's ``attrs``) checked."""
    import pandas as pd

    out = data
    if isinstance(data, pd.DataFrame):
        index = guard.names(guard.labels(data.index))
        columns = guard.names(guard.labels(data.columns))
        if index is not data.index or columns is not data.columns:
            out = data.set_axis(index, axis=0).set_axis(columns, axis=1)
    elif isinstance(data, pd.Series):
        index = guard.names(guard.labels(data.index))
        if index is not data.index:
            out = data.set_axis(index)
        name = guard.label(data.name)
        if name is not data.name:
            out = out.rename(name)
    elif isinstance(data, pd.Index):
        out = guard.names(data)
    attrs = getattr(data, "attrs", None)
    if attrs and not isinstance(data, pd.Index):
        if out is data:
            out = data.copy(deep=False)
        out.attrs = guard.mapping(dict(attrs))
    return out


# ---------------------------------------------------------------------------------------------
# a Styler's own text
# ---------------------------------------------------------------------------------------------
def guard_styler(styler: Any, guard: TextGuard, markup: str) -> None:
    """Check, in place on the guard's own copy of a Styler, the text it adds around the table."""
    caption = getattr(styler, "caption", None)
    if isinstance(caption, str):
        styler.caption = guard.text(caption, markup)
    elif isinstance(caption, tuple):
        styler.caption = tuple(guard.text(c, markup) if isinstance(c, str) else c for c in caption)
    attributes = getattr(styler, "table_attributes", None)
    if isinstance(attributes, str):
        styler.table_attributes = guard.text(attributes, "html")
    styles = getattr(styler, "table_styles", None)
    if styles:
        styler.table_styles = [_style_rule(rule, guard) for rule in styles]
    for name in ("ctx", "ctx_index", "ctx_columns"):
        ctx = getattr(styler, name, None)
        if ctx:
            for key, props in list(ctx.items()):
                ctx[key] = [(str(a), guard.text(str(v), "html")) for a, v in props]
    tooltips: Any = getattr(styler, "tooltips", None)
    data = getattr(tooltips, "tt_data", None)
    if tooltips is not None and data is not None:
        tooltips.tt_data = data.map(lambda v: guard.text(v, "html") if isinstance(v, str) else v)
        props = getattr(tooltips, "class_properties", None)
        if props:
            tooltips.class_properties = [(str(a), guard.text(str(v), "html")) for a, v in props]


def _style_rule(rule: Any, guard: TextGuard) -> Any:
    if not isinstance(rule, dict):
        return rule
    out = dict(rule)
    if isinstance(out.get("selector"), str):
        out["selector"] = guard.text(out["selector"], "html")
    props = out.get("props")
    if isinstance(props, str):
        out["props"] = guard.text(props, "html")
    elif isinstance(props, (list, tuple)):
        out["props"] = [
            (str(p[0]), guard.text(str(p[1]), "html")) if isinstance(p, (list, tuple)) and len(p) == 2 else p
            for p in props
        ]
    return out


# ---------------------------------------------------------------------------------------------
# nested cells
# ---------------------------------------------------------------------------------------------
def is_nested(value: Any, adapters: Any = None) -> bool:
    """Whether a cell holds a structure (or bytes, or a frame) rather than a scalar."""
    if isinstance(value, _NESTED):
        return True
    return adapters is not None and adapters.adapter_for(value) is not None


def nested_positions(view: Any, adapter: FrameAdapter, skip: set[int], adapters: Any) -> list[int]:
    """Column positions of ``view`` (the shown rows) whose cells include nested values."""
    out = []
    for position in range(adapter.shape(view)[1]):
        if position in skip:
            continue
        try:
            cells = adapter.values(view, position)
        except Exception:
            continue
        if any(is_nested(c, adapters) for c in cells):
            out.append(position)
    return out


class NestedCells:
    """Redacts the nested cells of one column: leaves classified by key path, the rest text-guarded.

    Parameters
    ----------
    header
        The column's label (the key path of a leaf that is not under a dict key).
    guard
        The text guard of the display.
    scan
        ``scan(frame) -> ScanReport`` for the leaves grouped by key path (a pandas DataFrame).
    frame
        ``frame(cell) -> redacted cell`` for a frame inside a cell.
    adapters
        The adapter registry (recognises frames inside cells).
    """

    def __init__(
        self,
        header: str,
        guard: TextGuard,
        scan: Callable[[Any], Any],
        frame: Callable[[Any], Any],
        adapters: Any,
    ) -> None:
        self.header = header
        self.guard = guard
        self.scan = scan
        self.frame = frame
        self.adapters = adapters
        self.entities: dict[str, str] = {}
        self.found: set[str] = set()
        self.learned: dict[str, list[Any]] = {}

    def classify(self, cells: list[Any]) -> None:
        """Group the leaves of ``cells`` by key path and classify each group as a column."""
        import pandas as pd

        groups: dict[str, list[str]] = {}
        budget = [_MAX_LEAVES]
        for cell in cells:
            self._collect(cell, self.header, groups, budget, 0)
        if not groups:
            return
        longest = max(len(v) for v in groups.values())
        frame = pd.DataFrame({k: v + [None] * (longest - len(v)) for k, v in groups.items()}, dtype=object)
        report = self.scan(frame)
        policy = self.guard.policy
        for name, finding in report.columns.items():
            if finding.allowed or policy.column_allowed(name):
                continue
            if finding.entity is not None and policy.action_for(finding.entity) != "keep":
                self.entities[str(name)] = finding.entity

    def _collect(self, value: Any, path: str, groups: dict[str, list[str]], budget: list[int], depth: int) -> None:
        if depth > _MAX_DEPTH or budget[0] <= 0:
            return
        if isinstance(value, dict):
            for key, item in value.items():
                self._collect(item, str(key), groups, budget, depth + 1)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                self._collect(item, path, groups, budget, depth + 1)
        elif isinstance(value, (bytes, bytearray)):
            budget[0] -= 1
            groups.setdefault(path, []).append(bytes(value).decode("utf-8", errors="replace"))
        elif value is not None and not isinstance(value, bool) and self.adapters.adapter_for(value) is None:
            budget[0] -= 1
            groups.setdefault(path, []).append(str(value))

    def cell(self, value: Any, path: str | None = None, depth: int = 0) -> Any:
        """The redacted copy of one cell (the structure kept, personal leaves replaced)."""
        path = self.header if path is None else path
        if depth > _MAX_DEPTH:
            return _WHOLE
        if isinstance(value, dict):
            return {self.guard.label(k): self.cell(v, str(k), depth + 1) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            items = [self.cell(v, path, depth + 1) for v in value]
            return items if isinstance(value, list) else tuple(items)
        if isinstance(value, (set, frozenset)):
            return [self.cell(v, path, depth + 1) for v in value]
        if value is None or isinstance(value, bool):
            return value
        if self.adapters.adapter_for(value) is not None:
            return self.frame(value)
        entity = self.entities.get(path)
        if entity is not None:
            self.found.add(entity)
            self.learned.setdefault(entity, []).append(value)
            return f"<{entity}>"
        if isinstance(value, (bytes, bytearray)):
            decoded = bytes(value).decode("utf-8", errors="replace")
            red = self.guard.text(decoded)
            return value if red == decoded else red.encode("utf-8")
        if isinstance(value, str):
            return self.guard.text(value)
        return self.guard.label(value)


def guard_view(display: Any, data: Any, adapter: FrameAdapter, guard: TextGuard, redactions: list[Any]) -> Any:
    """A redacted view with its nested cells redacted, then (pandas) its names and ``attrs`` checked.

    ``display`` is the :class:`~.display.DisplayGuard` (its scan, redact and remember steps);
    ``redactions`` gets one :class:`~jupyter_privguard.render.Redaction` per column changed here.
    """
    from ...adapters import ColumnEdit
    from ...render import Redaction

    adapters = display._adapters()
    policy = guard.policy
    edits = []
    labels = adapter.column_labels(data)
    for position in nested_positions(data, adapter, set(), adapters):
        header = str(labels[position]) if position < len(labels) else "value"
        cells = NestedCells(
            header,
            guard,
            lambda frame: display._scan_parts(frame, policy),
            lambda frame: display.redacted_part(frame, policy),
            adapters,
        )
        shown = adapter.values(data, position)
        cells.classify(shown)
        before = guard.hits
        redone = [cells.cell(c) if is_nested(c, adapters) else c for c in shown]
        if not cells.found and guard.hits == before and redone == shown:
            continue

        def apply(column: Any, redone: list[Any] = redone) -> Any:
            import pandas as pd

            out = pd.Series(redone, index=column.index, name=column.name, dtype=object)
            return out

        edits.append(ColumnEdit(position, False, apply))
        for entity, values in cells.learned.items():
            display._remember([str(v) for v in values], entity, header)
        entity = "+".join(sorted(cells.found)) or "text"
        redactions.append(Redaction(f"(nested) {header}", entity, "redact", sum(map(bool, shown))))
    if edits:
        data = adapter.rebuild(data, edits)
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover
        return data
    if not isinstance(data, (pd.DataFrame, pd.Series, pd.Index)):
        before = guard.hits
        data = _relabel(data, adapter, guard)
        if guard.hits > before:
            redactions.append(Redaction("(labels and names)", "text", "redact", guard.hits - before))
        return data
    if isinstance(data, (pd.DataFrame, pd.Series)):
        from .display_cells import check_shown_cells

        before = guard.hits
        done = {r.column for r in redactions}
        data = check_shown_cells(data, guard, done)  # cells of columns the scan called harmless
        if guard.hits > before:
            redactions.append(Redaction("(cells)", "text", "redact", guard.hits - before))
    if isinstance(data, (pd.DataFrame, pd.Series, pd.Index)):
        before = guard.hits
        data = guard_names(data, guard)
        if guard.hits > before:
            redactions.append(Redaction("(labels and names)", "text", "redact", guard.hits - before))
    return data


def _relabel(data: Any, adapter: FrameAdapter, guard: TextGuard) -> Any:
    """Another library's view with its column labels (a Series' name) checked; renamed when one changes.

    Renaming goes through the object's own API (``rename_columns`` for an arrow table, ``rename``
    for a polars frame or series); labels that became equal are numbered, as a frame needs unique
    names. Raises when the view cannot be renamed (the display guard then shows its placeholder).
    """
    old = [str(label) for label in adapter.column_labels(data)]
    new = [str(guard.label(label)) for label in old]
    if new == old:
        return data
    seen: dict[str, int] = {}
    unique = []
    for label in new:
        seen[label] = seen.get(label, 0) + 1
        unique.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    if hasattr(data, "rename_columns"):
        return data.rename_columns(unique)
    if adapter.kind_of(data) not in adapter.tables:
        return data.rename(unique[0])
    return data.rename(dict(zip(old, unique)))


# ---------------------------------------------------------------------------------------------
# the finished bundle
# ---------------------------------------------------------------------------------------------
def exact_pass(data: dict[str, Any], guard: TextGuard) -> dict[str, Any]:
    """Every MIME type of ``data`` through the exact-value index (no pattern tier: the cells are done).

    The walk is the output tripwire's own (:class:`.messages.Redactor`: markup-aware text per MIME
    type, JSON keys and leaves, long numbers, pixels untouched), so the two cannot drift apart. A
    MIME value this pass already found nothing in, exactly as it is now and with the same learned
    values and policy (:func:`.messages.is_vouched`: the same frame shown again), is not walked again.
    """

    def redact(text: str, markup: str) -> tuple[str, dict[str, int]]:
        spans = redaction_spans(text, guard.session, policy=guard.policy, patterns=False)
        return apply_spans(text, spans, "html" if markup == "html" else "text") if spans else (text, {})

    session = guard.session
    vouched = (lambda mime, value: is_vouched(session, mime, value)) if guard.policy is session.policy else None
    return Redactor(redact, vouched=vouched).bundle(data)


# ---------------------------------------------------------------------------------------------
# small helpers of the display guard
# ---------------------------------------------------------------------------------------------
def table_schema_rows(n_rows: int) -> list[int] | None:
    """The rows pandas puts in its table-schema JSON (``display.html.table_schema``), or None when off."""
    import pandas as pd

    if not pd.get_option("display.html.table_schema"):
        return None
    limit = pd.get_option("display.max_rows")
    return list(range(n_rows if not limit else min(n_rows, limit)))


def printed_forms(values: list[Any]) -> list[Any]:
    """The values, and for a float that holds a whole number (a phone read as float64) the forms it prints in."""
    out: list[Any] = []
    for value in values:
        out.append(value)
        if isinstance(value, float) and value.is_integer() and abs(value) >= 1e4:
            import numpy as np

            out += [str(int(value)), np.format_float_scientific(value, unique=True, exp_digits=2)]
    return out


def latex_styler() -> bool:
    import pandas as pd

    return bool(pd.get_option("styler.render.repr") == "latex")


def string_labels(index: Any) -> bool:
    import pandas as pd

    if isinstance(index, (pd.RangeIndex, pd.MultiIndex)):
        return False
    return bool(pd.api.types.is_string_dtype(index.dtype) or index.dtype == object) and all(
        isinstance(v, str) for v in index[:MAX_RECORD_FIELDS]
    )
