"""What an object handed to a writer exposes: the fields that hold personal data, and their entities.

:func:`exposed` answers for any object a writer is given (``np.save``, ``pickle.dump``,
``json.dump``, a csv row, a log record, a frame's ``to_csv`` ...), by names only, never values:

* a **frame** (anything an adapter reads: pandas, polars, pyarrow ...) is scanned as the export
  guard always did (:func:`jupyter_privguard.export.exposure`: classified columns, the labelled
  index), and then a sample of its **cells and labels** is matched with the text guard (the
  session's known values, and the pattern tier): a transposed, melted, pivoted or styled frame
  whose layout hides what its columns are still shows its values. A Styler is checked through the
  frame it styles (and its caption).
* anything else is **walked**: mappings (keys and values), sequences, sets, numpy arrays (object,
  string and integer cells; integral floats of phone or card length), objects' attributes, strings,
  bytes, dates, to :data:`MAX_DEPTH` levels. Every text found is checked with the text guard
  (:func:`~jupyter_privguard.textguard.redaction_spans`: known values and patterns) in one pass.

The walk is bounded, so a check costs about the same for a list of ten items and of ten million:
:data:`MAX_TEXTS` texts and :data:`MAX_CHARS` characters per object, :data:`ITEMS_PER_CONTAINER`
items of any one container (spread over it, both ends included), :data:`MAX_FRAMES` frames.
When a bound cuts the walk short, :attr:`Exposed.truncated` says so; what was seen decides
(see :mod:`jupyter_privguard.integrations.writeguard` for strict mode).
"""

from __future__ import annotations

import datetime as _dt
import itertools
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..adapters import row_labels
from ..adapters.columns import sample_positions
from ..textguard import apply_spans, redaction_spans

if TYPE_CHECKING:
    from ..adapters import AdapterRegistry
    from ..adapters.base import FrameAdapter
    from ..policy import Policy
    from ..session import GuardSession

__all__ = [
    "CELLS_PER_COLUMN",
    "COLUMNS_PER_FRAME",
    "ITEMS_PER_CONTAINER",
    "MAX_CHARS",
    "MAX_DEPTH",
    "MAX_FRAMES",
    "MAX_NODES",
    "MAX_TEXTS",
    "Exposed",
    "exposed",
    "safe_label",
]

#: texts (leaves) checked per object
MAX_TEXTS = 4096
#: characters checked per object (a longer string is checked up to what is left of this)
MAX_CHARS = 1_000_000
#: items taken from one list, tuple, set, mapping or array (spread over it when it is longer)
ITEMS_PER_CONTAINER = 512
#: levels of nesting followed
MAX_DEPTH = 8
#: objects visited per check (containers, attributes, leaves): bounds a wide and deep structure
MAX_NODES = 20_000
#: frames scanned per object (a dict of frames, a list of Series ...)
MAX_FRAMES = 16
#: cells per column of a frame matched with the text guard (spread over the rows)
CELLS_PER_COLUMN = 64
#: columns of a frame whose cells are matched (spread over them: a transposed frame has one per row)
COLUMNS_PER_FRAME = 256

# An integer this long may be a phone, an account or a card number written without separators;
# shorter ones (counts, years, small ids) are not worth a look.
_LONG_INT = 10**6
_INLINE = "<value>"
_BUILTIN_CONTAINERS = frozenset({list, tuple, dict, set, frozenset})
# the share of a label's numbers the pattern tier must flag before the label counts
_NUMERIC_SHARE = 0.5


@dataclass
class Exposed:
    """Where an object holds personal data the policy would not keep (names and counts only).

    Attributes
    ----------
    fields
        Columns of a frame (``"email"``, ``"index:name"``), paths into a container
        (``"[].email"``, ``"customer.phone"``), ``"<text>"`` for a bare string, ``"<column labels>"``
        when a frame's labels are values. A label that is itself a value is redacted.
    entities
        ``{entity: number of fields}``.
    checked
        How many texts and frames were checked.
    truncated
        A bound (size, depth, count) cut the walk short: what was seen is a sample.
    """

    fields: list[str] = field(default_factory=list)
    entities: dict[str, int] = field(default_factory=dict)
    checked: int = 0
    truncated: bool = False

    @property
    def found(self) -> bool:
        return bool(self.fields)

    def add(self, label: str, entities: Iterable[str]) -> None:
        found = sorted(set(entities))
        label = label or "<object>"
        if not found or label in self.fields:
            return
        self.fields.append(label)
        for entity in found:
            self.entities[entity] = self.entities.get(entity, 0) + 1


FrameCheck = Callable[[Any, "Policy"], Any]


def exposed(
    obj: Any,
    session: GuardSession,
    *,
    policy: Policy | None = None,
    frame_check: FrameCheck | None = None,
) -> Exposed:
    """The fields of ``obj`` that hold personal data ``policy`` would not keep.

    Parameters
    ----------
    obj
        Anything a writer is given.
    session
        Supplies the known values and (unless ``policy`` is given) the policy.
    policy
        The policy (the session's by default): kept entities, allowed columns and values.
    frame_check
        How a frame's columns are classified: :func:`jupyter_privguard.export.exposure` by default
        (an object with ``columns`` and ``entities``).

    Returns
    -------
    Exposed
        Fields and entities; never a value.
    """
    if frame_check is None:
        from ..export import exposure

        frame_check = exposure
    walk = _Walk(session, policy if policy is not None else session.policy, frame_check)
    walk.visit(obj, "", 0)
    return walk.finish()


def safe_label(label: str, session: GuardSession, policy: Policy | None = None) -> str:
    """``label`` with any value in it replaced by its placeholder (a dict key, a column label)."""
    try:
        spans = redaction_spans(label, session, policy=policy)
    except Exception:
        return _INLINE
    return apply_spans(label, spans)[0] if spans else label


def _child(label: str, part: str) -> str:
    if not label:
        return part
    return label + part if part.startswith("[") else f"{label}.{part}"


@dataclass
class _Text:
    label: str
    text: str
    patterns: bool
    numeric: bool = False


class _Walk:
    def __init__(self, session: GuardSession, policy: Policy, frame_check: FrameCheck) -> None:
        self.session = session
        self.policy = policy
        self.frame_check = frame_check
        self.adapters: AdapterRegistry = session.registries.get("adapters")
        self.out = Exposed()
        self.texts: list[_Text] = []
        self.chars = 0
        self.frames = 0
        self.nodes = 0
        self.seen: set[int] = set()
        # a few labels need a minimum of hits before a column counts (see _cells)
        self.cell_rules: dict[str, tuple[int, int]] = {}
        # numbers checked per label: a column of random long ids passes the card checksum one time
        # in ten, a column of card numbers every time
        self.numbers: dict[str, int] = {}

    # -- leaves -----------------------------------------------------------------------------------
    def text(self, label: str, text: str, *, patterns: bool = True, numeric: bool = False) -> None:
        if not text:
            return
        label = label or "<text>"
        if len(self.texts) >= MAX_TEXTS or self.chars >= MAX_CHARS:
            self.out.truncated = True
            return
        room = MAX_CHARS - self.chars
        if len(text) > room:
            text = text[:room]
            self.out.truncated = True
        self.chars += len(text)
        self.texts.append(_Text(label, text, patterns, numeric))
        if numeric:
            self.numbers[label] = self.numbers.get(label, 0) + 1

    def scalar(self, label: str, value: Any, *, patterns: bool = True) -> bool:
        """Check a leaf; ``False`` when ``value`` is not one."""
        if value is None or isinstance(value, bool):
            return True
        if isinstance(value, str):
            self.text(label, value, patterns=patterns)
        elif isinstance(value, (bytes, bytearray, memoryview)):
            raw = bytes(value[: MAX_CHARS - self.chars + 1])
            self.text(label, raw.decode("utf-8", errors="replace"), patterns=patterns)
        elif isinstance(value, int):
            if abs(value) >= _LONG_INT:
                self.text(label, str(value), numeric=True)
        elif isinstance(value, float):
            # a phone or card number read as a float; other floats are amounts, never patterns
            if math.isfinite(value) and value.is_integer() and abs(value) >= _LONG_INT:
                self.text(label, str(int(value)), numeric=True)
        elif isinstance(value, (_dt.date, _dt.time)):
            self.text(label, value.isoformat(), patterns=False)
        else:
            return False
        return True

    # -- containers -------------------------------------------------------------------------------
    def visit(self, obj: Any, label: str, depth: int) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self.out.truncated = True
            return
        if self.scalar(label, obj):
            return
        if depth > MAX_DEPTH:
            self.out.truncated = True
            return
        if id(obj) in self.seen:
            return
        self.seen.add(id(obj))
        plain = type(obj) in _BUILTIN_CONTAINERS  # no adapter reads these: skip asking them all
        adapter = None if plain else self.adapters.adapter_for(obj)
        if adapter is not None:
            self.frame(obj, adapter, label)
            return
        shown = None if plain else self.adapters.shown_adapter(obj)
        if shown is not None:
            inner = shown[0].shown_frame(obj)
            if inner is not obj and self.adapters.adapter_for(inner) is not None:
                self.visit(inner, label, depth + 1)
                self.attributes(obj, label, depth, strings_only=True)  # a caption, a title
                return
        if _is_array(obj):
            self.array(obj, label, depth)
        elif isinstance(obj, Mapping):
            self.mapping(obj, label, depth)
        elif isinstance(obj, (list, tuple, range)) or _is_sequence(obj):
            self.sequence(obj, label, depth)
        elif isinstance(obj, (set, frozenset)) or _is_iterable_collection(obj):
            items = list(itertools.islice(iter(obj), ITEMS_PER_CONTAINER + 1))
            if len(items) > ITEMS_PER_CONTAINER:
                self.out.truncated = True
            for item in items[:ITEMS_PER_CONTAINER]:
                self.visit(item, _child(label, "[]"), depth + 1)
        elif _has_state(obj):
            self.attributes(obj, label, depth)
        else:
            self.scalar_fallback(obj, label)

    def scalar_fallback(self, obj: Any, label: str) -> None:
        """A numpy scalar, a Decimal, a UUID ...: its text, when it is a number or a short token."""
        item = getattr(obj, "item", None)
        if callable(item):
            try:
                value = item()
            except Exception:
                value = None
            if value is not obj and self.scalar(label, value):
                return

    def mapping(self, obj: Mapping[Any, Any], label: str, depth: int) -> None:
        try:
            items = list(itertools.islice(obj.items(), ITEMS_PER_CONTAINER + 1))
        except Exception:
            return
        if len(items) > ITEMS_PER_CONTAINER:
            self.out.truncated = True
        for key, value in items[:ITEMS_PER_CONTAINER]:
            if isinstance(key, str):
                # a key may itself be a value (a dict keyed by email): it is checked as a text
                self.text(_child(label, "<key>"), key)
                part = key if len(key) <= 64 else _INLINE
            else:
                self.scalar(_child(label, "<key>"), key)
                part = "[]"
            if not (isinstance(key, str) and self.policy.column_allowed(key)):
                self.visit(value, _child(label, part), depth + 1)

    def sequence(self, obj: Any, label: str, depth: int) -> None:
        try:
            n = len(obj)
        except Exception:
            return
        positions = range(n) if n <= ITEMS_PER_CONTAINER else _spread(n, ITEMS_PER_CONTAINER)
        if n > ITEMS_PER_CONTAINER:
            self.out.truncated = True
        for i in positions:
            try:
                item = obj[i]
            except Exception:
                return
            self.visit(item, _child(label, "[]"), depth + 1)

    def array(self, obj: Any, label: str, depth: int) -> None:
        kind = getattr(obj.dtype, "kind", "")
        size = int(getattr(obj, "size", 0))
        if not kind or kind not in "OUSiufM" or size == 0:
            return
        positions = list(range(size)) if size <= ITEMS_PER_CONTAINER else _spread(size, ITEMS_PER_CONTAINER)
        if size > ITEMS_PER_CONTAINER:
            self.out.truncated = True
        try:
            flat = obj if len(obj.shape) == 1 else obj.reshape(-1)
            picked = flat[positions]
            values = picked.tolist() if hasattr(picked, "tolist") else list(picked)
        except Exception:  # an array-like that cannot be indexed so: what it holds is not seen
            self.out.truncated = True
            return
        sub = _child(label, "[]")
        for value in values:
            if kind == "O":
                self.visit(value, sub, depth + 1)
            else:
                self.scalar(sub, value)

    def attributes(self, obj: Any, label: str, depth: int, *, strings_only: bool = False) -> None:
        try:
            state = vars(obj)
        except TypeError:
            return
        for name, value in itertools.islice(state.items(), ITEMS_PER_CONTAINER):
            if name.startswith("__"):
                continue
            if strings_only and not isinstance(value, str):
                continue
            self.visit(value, _child(label, name.lstrip("_") or name), depth + 1)

    # -- frames -----------------------------------------------------------------------------------
    def frame(self, obj: Any, adapter: FrameAdapter, label: str) -> None:
        if self.frames >= MAX_FRAMES:
            self.out.truncated = True
            return
        self.frames += 1
        self.out.checked += 1
        prefix = f"{label}:" if label else ""
        report = self.frame_check(obj, self.policy)
        flagged = set(report.columns)
        for column in report.columns:
            self.out.add(prefix + column, _entities_of(report, column, self.policy))
        if adapter.lazy:
            return  # a query plan (Spark): reading cells runs a job; its scan's sample decides
        self.cells(obj, adapter, prefix, flagged)
        index = row_labels(obj, self.adapters)
        if index is not None:
            index_adapter = self.adapters.adapter_for(index)
            if index_adapter is not None:
                self.cells(index, index_adapter, f"{prefix}index:", {c[6:] for c in flagged if c.startswith("index:")})

    def cells(self, obj: Any, adapter: FrameAdapter, prefix: str, flagged: set[str]) -> None:
        """A sample of the cells and the labels of a frame, matched with the text guard."""
        n_rows, n_columns = adapter.shape(obj)
        labels = adapter.column_labels(obj)
        # labels that are values (a pivot by name, a transposed frame indexed by email)
        picked = range(n_columns) if n_columns <= COLUMNS_PER_FRAME else _spread(n_columns, COLUMNS_PER_FRAME)
        if n_columns > COLUMNS_PER_FRAME:
            self.out.truncated = True
        for position in picked:
            if position < len(labels):
                self.scalar(f"{prefix}<column labels>", labels[position])
        rows = sample_positions(n_rows, CELLS_PER_COLUMN)
        if n_rows > CELLS_PER_COLUMN:
            self.out.truncated = True
        for position in picked:
            name = str(labels[position]) if position < len(labels) else str(position)
            if name in flagged or self.policy.column_allowed(name):
                continue
            try:
                values = adapter.values(obj, position, rows)
            except Exception:
                continue
            present = [v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
            if not present:
                continue
            # A column of one kind of value is what the scanner judged; a column that mixes kinds
            # (a transposed row, melt()'s "value") is a layout that hides what its cells are: there
            # the pattern tier looks at every cell. Elsewhere known values decide, and the pattern
            # tier only when its hits mix entities, as a transposed record's cells do.
            mixed = not isinstance(labels[position] if position < len(labels) else 0, str) or (
                len({type(v) for v in present}) > 1
            )
            column_label = f"{prefix}{safe_label(name, self.session, self.policy)}"
            self.cell_rules[column_label] = (1, 1) if mixed else (2, 2)
            for value in present:
                self.scalar(column_label, value, patterns=True)

    # -- the one pass of the text guard -----------------------------------------------------------
    def finish(self) -> Exposed:
        out = self.out
        out.checked += len(self.texts)
        if not self.texts:
            return self._labels(out)
        # known values over every text; the pattern tier over the texts it may judge
        for patterns in (False, True):
            group = [t for t in self.texts if t.patterns] if patterns else self.texts
            if not group:
                continue
            joined = "\n".join(t.text for t in group)
            starts = list(itertools.accumulate((len(t.text) + 1 for t in group[:-1]), initial=0))
            spans = redaction_spans(joined, self.session, policy=self.policy, patterns=patterns)
            hits: dict[str, dict[int, set[str]]] = {}
            n = 0
            for start, _end, entity in spans:
                while n + 1 < len(starts) and starts[n + 1] <= start:
                    n += 1
                hits.setdefault(group[n].label, {}).setdefault(n, set()).add(entity)
            for label, by_text in hits.items():
                entities = set().union(*by_text.values())
                rule = self.cell_rules.get(label) if patterns else None  # a known value: one hit is enough
                if rule is not None and (len(by_text) < rule[0] or len(entities) < rule[1]):
                    continue
                numeric = [i for i in by_text if group[i].numeric]
                if patterns and numeric and len(numeric) == len(by_text):
                    if len(numeric) < _NUMERIC_SHARE * self.numbers.get(label, 0):
                        continue
                out.add(label, entities)
        return self._labels(out)

    def _labels(self, out: Exposed) -> Exposed:
        out.fields = [safe_label(f, self.session, self.policy) for f in out.fields]
        return out


def _entities_of(report: Any, column: str, policy: Policy) -> list[str]:
    """The entities of one flagged column of a frame's report (the export check's)."""
    scan = getattr(report, "report", None)
    finding = getattr(scan, "columns", {}).get(column) if scan is not None else None
    if finding is None or len(report.columns) == 1:
        return list(report.entities)
    found = [finding.entity] if finding.entity is not None else list(finding.span_entities)
    return [e for e in found if policy.action_for(e) != "keep"] or list(report.entities)


def _spread(n: int, k: int) -> list[int]:
    """``k`` positions spread evenly over ``range(n)``, both ends included."""
    if k <= 1:
        return [0]
    step = (n - 1) / (k - 1)
    return sorted({round(i * step) for i in range(k)})


def _is_array(obj: Any) -> bool:
    # numpy (and array-likes that behave like it): a dtype, a shape and reshape()
    return hasattr(obj, "dtype") and hasattr(obj, "reshape") and isinstance(getattr(obj, "shape", None), tuple)


def _is_sequence(obj: Any) -> bool:
    # a declared sequence (a deque, a pandas Index, a custom list): not anything with __getitem__,
    # which may load a file per item (a dataset object)
    from collections import abc

    return isinstance(obj, abc.Sequence) and not isinstance(obj, (str, bytes))


def _is_iterable_collection(obj: Any) -> bool:
    from collections import abc

    return isinstance(obj, (abc.Set, abc.MappingView))


def _has_state(obj: Any) -> bool:
    import types

    if isinstance(obj, (type, types.ModuleType, types.FunctionType, types.MethodType, types.BuiltinFunctionType)):
        return False
    return hasattr(obj, "__dict__")
