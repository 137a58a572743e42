"""The frame adapter protocol: everything the guard needs to know about one frame library.

Detection, redaction, the display guard, the output tripwire and the export guard never test an
object's type by name: they ask the session's adapter registry (:mod:`jupyter_privguard.adapters`)
for the adapter that recognises the object, and then ask that adapter. Supporting a new library
(Spark ...) is one module with one :class:`FrameAdapter` subclass, added to the registry by
:data:`~jupyter_privguard.registry.BUILTINS` or by a plugin's ``jupyter_privguard.adapters``
entry point.

Columns are always addressed by position (names may repeat or be non-strings), and the columns
handed to the detectors and the redaction operators are pandas Series: an adapter converts only
the sample it is asked for, or the one column being redacted.
"""

from __future__ import annotations

import sys
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar


def loaded_module(name: str) -> Any:
    """``sys.modules[name]`` once its import has finished, else ``None``.

    Recognising a frame must not import its library (no object of it can exist before), and must not
    look inside a module that is still being imported: the guard can run in the middle of ``import
    polars`` (a warning printed during the import reaches the output tripwire, which learns the
    namespace), when the module is in ``sys.modules`` but has no ``DataFrame`` yet.
    """
    module = sys.modules.get(name)
    if module is None or getattr(getattr(module, "__spec__", None), "_initializing", False):
        return None
    return module


if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from ..policy import Policy
    from ..render import Bundle, DisplayInfo, RowPlan
    from ..report import ScanReport
    from .columns import ColumnData

__all__ = ["ColumnEdit", "FrameAdapter", "Printer", "Shown", "Writer", "row_positions"]


@dataclass(frozen=True)
class ColumnEdit:
    """What redaction does to one column of an object.

    Attributes
    ----------
    position
        The column's position.
    drop
        Remove the column (a DataFrame's); a one-column object (a Series) applies :attr:`apply`.
    apply
        ``apply(column)``: the redacted column, for the column's values as a pandas Series.
    """

    position: int
    drop: bool
    apply: Callable[[pd.Series], pd.Series]


@dataclass(frozen=True)
class Shown:
    """A class the display guard registers a printer for.

    Attributes
    ----------
    module, name
        The class's ``__module__`` as IPython's by-name lookup sees it, and its name.
    kind
        The label the display guard reports for it (``"polars.DataFrame"``).
    view
        How the display guard builds its redacted view: ``"table"`` (the generic path: the
        adapter's row plan, :func:`~jupyter_privguard.redaction.redact`, the adapter's render),
        or the name of a richer view the guard has for it (``"frame"``, ``"series"``, ``"index"``,
        ``"styler"``: pandas' labels, record mode and styling).
    import_now
        Import ``module`` when the guard is installed and register on the class object (pandas);
        otherwise register by name while the module is not imported, so installing imports nothing.
    """

    module: str
    name: str
    kind: str
    view: str = "table"
    import_now: bool = False


@dataclass(frozen=True)
class Writer:
    """A writer the export guard wraps.

    Attributes
    ----------
    module
        The module that holds it (``"pandas"``, ``"pyarrow.parquet"``); patched once imported.
    owner
        The class in ``module`` whose method it is (``"DataFrame"``), or ``None`` for a function
        of ``module`` that takes the data as its first argument.
    name
        The method or function name (``"to_csv"``, ``"write_table"``).
    fmt
        The format, for the audit log (``"csv"``).
    data_keyword
        For a function: the keyword that may pass the data instead of the first argument.
    data_attribute
        For a method of a writer object (Spark's ``DataFrameWriter``): the attribute of that object
        that holds the frame (``"_df"``); the frame is checked, the method runs on the writer.
    """

    module: str
    owner: str | None
    name: str
    fmt: str
    data_keyword: str | None = None
    data_attribute: str | None = None


@dataclass(frozen=True)
class Printer:
    """A method of a frame class that shows rows itself, outside IPython's formatters.

    Spark's ``DataFrame.show()`` prints its rows, and its ``_repr_html_`` / ``__repr__`` render
    them under eager evaluation. The display guard replaces such a method while it is loaded
    (once ``module`` is imported) by one that shows the redacted view, and restores it on unload.

    Attributes
    ----------
    module, owner, name
        The module, the class in it and the method name.
    output
        What the method does with its rows: ``"print"`` (writes text to stdout), ``"html"``
        (returns HTML) or ``"text"`` (returns text).
    """

    module: str
    owner: str
    name: str
    output: str


class FrameAdapter(ABC):
    """How one frame library is read, rebuilt after redaction, shown and exported.

    Subclasses set :attr:`name`, :attr:`kinds` and :attr:`tables`, implement the abstract
    methods, and add :attr:`shows` / :attr:`writers` for the display and export guards. An
    adapter holds no state: one instance serves every object of its library. Its methods import
    their library lazily, and :meth:`kind_of` recognises objects without importing it (a
    library that is not imported has made no objects).
    """

    #: the registry name (``"pandas"``)
    name: ClassVar[str] = ""
    #: the labels of the objects it reads (``"pandas.DataFrame"``, ``"pandas.Series"``)
    kinds: ClassVar[tuple[str, ...]] = ()
    #: the labels among :attr:`kinds` that are two-dimensional tables (the risk verbs take those)
    tables: ClassVar[tuple[str, ...]] = ()
    #: the classes the display guard registers for
    shows: ClassVar[tuple[Shown, ...]] = ()
    #: the writers the export guard wraps
    writers: ClassVar[tuple[Writer, ...]] = ()
    #: the methods that show rows themselves, which the display guard replaces while loaded
    printers: ClassVar[tuple[Printer, ...]] = ()
    #: whether the library writes a dataset as a directory (Spark): safe_export renames a folder
    writes_directory: ClassVar[bool] = False
    #: whether its frames are query plans (Spark), where reading anything runs a job: the output
    #: tripwire then learns their values from what is displayed, not by scanning the namespace
    #: after every cell
    lazy: ClassVar[bool] = False

    # -- recognising ------------------------------------------------------------------------------
    @abstractmethod
    def kind_of(self, obj: Any) -> str | None:
        """The label of ``obj`` (one of :attr:`kinds`) when this adapter reads it, else ``None``."""

    def matches(self, obj: Any) -> bool:
        """Whether this adapter reads ``obj``."""
        return self.kind_of(obj) is not None

    def shown_kind(self, obj: Any) -> str | None:
        """The display label of ``obj`` when the display guard shows it through this adapter.

        The default is :meth:`kind_of`; pandas adds its Index and Styler, which are shown but not
        scanned as frames.
        """
        return self.kind_of(obj)

    def display_label(self, obj: Any, kind: str) -> str:
        """The label the banner and the report give a shown object of display kind ``kind`` (``kind`` by default)."""
        return kind

    def shown_frame(self, obj: Any) -> Any:
        """The frame behind a shown object (a Styler's data); ``obj`` itself by default."""
        return obj

    # -- reading ----------------------------------------------------------------------------------
    @abstractmethod
    def iter_columns(self, obj: Any, *, sample_size: int = 1000) -> Iterator[ColumnData]:
        """A :class:`~jupyter_privguard.adapters.ColumnData` for every column, in order.

        An adapter may also take ``columns`` (a sequence of positions) and then yield those
        columns only, in that order, reading no other column (the built-in pandas, polars and
        pyarrow adapters do): a scan of a frame's shown columns then costs what they cost. The
        scanner reads an adapter without it whole and keeps the columns it wants.
        """

    @abstractmethod
    def shape(self, obj: Any) -> tuple[int, int]:
        """``(rows, columns)``; a one-dimensional object has one column."""

    @abstractmethod
    def column_labels(self, obj: Any) -> list[Any]:
        """The column labels (a Series' name, ``"value"`` when it has none)."""

    @abstractmethod
    def values(self, obj: Any, position: int, rows: Sequence[int] | None = None) -> list[Any]:
        """The cells of column ``position`` at row positions ``rows`` (all when ``None``), as Python values."""

    @abstractmethod
    def present(self, obj: Any, position: int, limit: int, *, distinct: bool = False) -> list[Any]:
        """Up to ``limit`` non-missing cells of column ``position`` in row order (first occurrences when ``distinct``)."""

    @abstractmethod
    def count(self, obj: Any, position: int) -> int:
        """How many cells of column ``position`` are not missing."""

    def row_labels(self, obj: Any) -> Any:
        """The row labels as a frame this adapter reads, when they hold labels (not positions), else ``None``."""
        return None

    # -- rebuilding -------------------------------------------------------------------------------
    @abstractmethod
    def rebuild(self, obj: Any, edits: Sequence[ColumnEdit], rows: Any = None) -> Any:
        """A new object of ``obj``'s library with ``edits`` applied; ``obj`` is not modified.

        ``rows`` (a slice, positions or a boolean mask, see :func:`row_positions`) keeps only
        those rows, taken before any column is redacted: the display path redacts only what it
        shows. A column left out of ``edits`` keeps its values and type.
        """

    # -- showing ----------------------------------------------------------------------------------
    def row_plan(self, obj: Any) -> RowPlan:
        """Which rows the library's own repr shows (all by default)."""
        from ..render import RowPlan

        n_rows = self.shape(obj)[0]
        return RowPlan(n_rows, None, n_rows, None)

    def render(self, view: Any, plan: RowPlan, info: DisplayInfo, report: ScanReport | None) -> Bundle:
        """The MIME bundle of a redacted ``view`` (the rows of ``plan``), looking like the library's own."""
        raise NotImplementedError(f"the {self.name} adapter does not render objects")

    def printed(self, obj: Any, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int | None:
        """How many rows a call of the printer method ``name`` shows; ``None`` when it shows none.

        ``None`` lets the original method run (Spark's ``__repr__`` without eager evaluation prints
        the schema only).
        """
        return None

    def showing(self, rows: int) -> AbstractContextManager[None]:
        """A context in which :meth:`row_plan` plans the first ``rows`` rows (a printer's ``show(n)``)."""
        return nullcontext()

    # -- exporting --------------------------------------------------------------------------------
    def redacted(self, obj: Any) -> bool:
        """Whether ``obj`` is known to be :func:`~jupyter_privguard.redact`'s output (exported unscanned).

        For libraries whose frames are lazy (Spark), where scanning a redacted frame would run
        the redaction again; ``False`` by default (the frame is scanned).
        """
        return False

    def export_copy(self, obj: Any, policy: Policy, redact: Callable[..., Any]) -> Any:
        """The de-identified copy :func:`~jupyter_privguard.safe_export` writes (``redact`` is passed in)."""
        return redact(obj, policy=policy)

    def writer(self, obj: Any, method: str, kwargs: dict[str, Any]) -> tuple[str, Callable[[str], Any]]:
        """``(writer name, write)`` where ``write(path)`` writes ``obj`` in the format of pandas' ``method``.

        :func:`~jupyter_privguard.safe_export` names formats by pandas' writers (``"to_csv"`` ...);
        each adapter maps them onto its own. Raises before anything is written (``ValueError``,
        ``AttributeError``) for a format the library cannot write.
        """
        raise ValueError(f"safe_export cannot write a {self.name} object with {method}")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}: {', '.join(self.kinds)}>"


def row_positions(rows: Any, n_rows: int) -> np.ndarray:
    """``rows`` (a slice, integer positions or a boolean mask) as an array of row positions."""
    import numpy as np

    if isinstance(rows, slice):
        return np.arange(*rows.indices(n_rows), dtype=np.intp)
    if isinstance(rows, range):
        rows = np.asarray(rows, dtype=np.intp)
    positions = np.asarray(rows)
    if positions.ndim == 0:
        positions = positions.reshape(1)
    if positions.dtype == bool:
        if len(positions) != n_rows:
            raise IndexError(f"a boolean rows mask must have one entry per row ({n_rows}), got {len(positions)}")
        return np.flatnonzero(positions)
    if positions.size == 0:
        return positions.astype(np.intp)
    if not np.issubdtype(positions.dtype, np.integer):
        raise TypeError(
            f"rows must be a slice, integer positions or a boolean mask, got values of dtype "
            f"{positions.dtype}; use positions such as range(5) or slice(-5, None)"
        )
    positions = np.where(positions < 0, positions + n_rows, positions).astype(np.intp)
    if positions.min() < 0 or positions.max() >= n_rows:
        raise IndexError(f"rows must be positions in [-{n_rows}, {n_rows}), got a position out of range")
    return positions
