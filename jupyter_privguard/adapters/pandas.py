"""The pandas adapter: ``DataFrame`` and ``Series`` (subclasses too), shown with their Index and Styler."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .base import ColumnEdit, FrameAdapter, Shown, Writer, loaded_module, row_positions
from .columns import ColumnData, sample_columns, sample_positions

if TYPE_CHECKING:
    import pandas as pd

    from ..policy import Policy
    from ..render import Bundle, DisplayInfo, RowPlan
    from ..report import ScanReport

__all__ = ["ADAPTER", "PANDAS_WRITERS", "STYLER_WRITERS", "PandasAdapter"]

FRAME = "pandas.DataFrame"
SERIES = "pandas.Series"
INDEX = "pandas.Index"
STYLER = "pandas.Styler"

#: pandas writers that are guarded (on DataFrame and Series where the class has them).
PANDAS_WRITERS: tuple[str, ...] = (
    "to_csv",
    "to_parquet",
    "to_excel",
    "to_json",
    "to_sql",
    "to_pickle",
    "to_feather",
    "to_clipboard",
    "to_html",
    "to_markdown",
    "to_latex",
    "to_xml",
    "to_stata",
    "to_hdf",
    "to_orc",
    "to_iceberg",
    "to_string",
)
#: the Styler's writers: a styled frame is written through them (checked with its frame and caption)
STYLER_WRITERS: tuple[str, ...] = ("to_excel", "to_html", "to_latex", "to_string", "to_typst")


def _pandas() -> Any:
    # no pandas object exists before pandas is imported: recognising one must not import it
    return loaded_module("pandas")


class PandasAdapter(FrameAdapter):
    """pandas ``DataFrame`` and ``Series``; the display guard also shows ``Index`` and ``Styler``."""

    name = "pandas"
    kinds = (FRAME, SERIES)
    tables = (FRAME,)
    # pandas 3 reports "pandas" as its frames' module; the guard imports pandas and registers the classes
    shows = (
        Shown("pandas", "DataFrame", FRAME, view="frame", import_now=True),
        Shown("pandas", "Series", SERIES, view="series", import_now=True),
        Shown("pandas", "Index", INDEX, view="index", import_now=True),
        Shown("pandas.io.formats.style", "Styler", STYLER, view="styler"),
    )
    writers = tuple(
        Writer("pandas", owner, name, name[3:]) for owner in ("DataFrame", "Series") for name in PANDAS_WRITERS
    ) + tuple(
        Writer("pandas.io.formats.style", "Styler", name, name[3:], data_attribute="data") for name in STYLER_WRITERS
    )

    # -- recognising ------------------------------------------------------------------------------
    def kind_of(self, obj: Any) -> str | None:
        pd = _pandas()
        if pd is None:
            return None
        if isinstance(obj, pd.DataFrame):
            return FRAME
        if isinstance(obj, pd.Series):
            return SERIES
        return None

    def shown_kind(self, obj: Any) -> str | None:
        pd = _pandas()
        if pd is None:
            return None
        if isinstance(obj, pd.Index):
            return INDEX
        styler = getattr(sys.modules.get("pandas.io.formats.style"), "Styler", None)
        if isinstance(styler, type) and isinstance(obj, styler):
            return STYLER
        return self.kind_of(obj)

    def display_label(self, obj: Any, kind: str) -> str:
        pd = _pandas()
        if kind == INDEX and pd is not None and isinstance(obj, pd.MultiIndex):
            return "pandas.MultiIndex"
        return kind

    def shown_frame(self, obj: Any) -> Any:
        return obj.data if self.shown_kind(obj) == STYLER else obj

    # -- reading ----------------------------------------------------------------------------------
    def iter_columns(
        self, obj: Any, *, sample_size: int = 1000, columns: Sequence[int] | None = None
    ) -> Iterator[ColumnData]:
        data = self._frame(obj)
        n_rows = len(data)
        positions = sample_positions(n_rows, sample_size)
        # the wanted columns first, then the sampled rows: a wide frame costs what its wanted part costs
        part = data if columns is None else data.iloc[:, list(columns)]
        frame = part.iloc[positions] if len(positions) < n_rows else part

        def denser(position: int, fallback: pd.Series) -> pd.Series:
            return _denser_sample(data, position, sample_size, fallback)

        return sample_columns(frame, list(data.columns), n_rows, positions, denser=denser, only=columns)

    @staticmethod
    def _frame(obj: Any) -> pd.DataFrame:
        frame: pd.DataFrame = obj.to_frame(name=obj.name if obj.name is not None else "value") if obj.ndim == 1 else obj
        return frame

    def shape(self, obj: Any) -> tuple[int, int]:
        return (len(obj), 1) if obj.ndim == 1 else (int(obj.shape[0]), int(obj.shape[1]))

    def column_labels(self, obj: Any) -> list[Any]:
        return list(self._frame(obj).columns)

    def _column(self, obj: Any, position: int) -> pd.Series:
        column: pd.Series = obj if obj.ndim == 1 else obj.iloc[:, position]
        return column

    def values(self, obj: Any, position: int, rows: Sequence[int] | None = None) -> list[Any]:
        column = self._column(obj, position)
        return list((column if rows is None else column.iloc[list(rows)]).tolist())

    def present(self, obj: Any, position: int, limit: int, *, distinct: bool = False) -> list[Any]:
        column = self._column(obj, position).dropna()
        if distinct:
            column = column.drop_duplicates()
        return list(column.head(limit).tolist())

    def count(self, obj: Any, position: int) -> int:
        return int(self._column(obj, position).count())

    def row_labels(self, obj: Any) -> Any:
        """The index as a frame when it holds labels (not a plain range or numbers)."""
        import pandas as pd

        index = obj.index
        if isinstance(index, pd.RangeIndex) or index.dtype.kind in "iufb":
            return None
        frame = index.to_frame(index=False)
        frame.columns = [str(n) if n is not None else "index" for n in frame.columns]
        return frame

    # -- rebuilding -------------------------------------------------------------------------------
    def rebuild(self, obj: Any, edits: Sequence[ColumnEdit], rows: Any = None) -> Any:
        import pandas as pd

        part = obj if rows is None else obj.iloc[row_positions(rows, len(obj))]
        if obj.ndim == 1:
            edit = next((e for e in edits if e.position == 0), None)
            return part.copy() if edit is None else edit.apply(part)
        # With copy-on-write (pandas 3) a shallow copy is an independent frame; before, only a deep
        # copy guarantees the user's frame is not touched.
        cow = int(pd.__version__.split(".")[0]) >= 3 or bool(pd.get_option("mode.copy_on_write"))
        out = part.copy(deep=not cow)
        dropped: set[int] = set()
        for edit in edits:
            if edit.drop:
                dropped.add(edit.position)
                continue
            new = edit.apply(part.iloc[:, edit.position])
            out.isetitem(edit.position, new.array)  # by position, no index alignment
        if dropped:
            out = out.iloc[:, [i for i in range(out.shape[1]) if i not in dropped]]
        return out

    # -- showing ----------------------------------------------------------------------------------
    def row_plan(self, obj: Any) -> RowPlan:
        from ..render import pandas_row_plan

        return pandas_row_plan(len(obj))

    def render(self, view: Any, plan: RowPlan, info: DisplayInfo, report: ScanReport | None) -> Bundle:
        from ..render import render_pandas_frame, render_pandas_series

        if view.ndim == 1:
            return render_pandas_series(view, plan, info, report)
        return render_pandas_frame(view, plan, info, report)

    # -- exporting --------------------------------------------------------------------------------
    def export_copy(self, obj: Any, policy: Policy, redact: Callable[..., Any]) -> Any:
        """``redact(obj)``, and for a labelled index, that index redacted too."""
        if self.row_labels(obj) is None:
            return redact(obj, policy=policy)
        import pandas as pd

        names = [n if n is not None else f"level_{i}" for i, n in enumerate(obj.index.names)]
        if len(names) == 1 and obj.index.names[0] is None:
            names = ["index"]
        frame = obj.to_frame() if isinstance(obj, pd.Series) else obj
        flat = frame.reset_index(names=names)
        out = redact(flat, policy=policy).set_index([n for n in names if n in flat.columns])
        out.index.names = list(obj.index.names) if len(out.index.names) == len(obj.index.names) else out.index.names
        if isinstance(obj, pd.Series) and out.shape[1] == 1:
            out = out.iloc[:, 0]
        return out

    def writer(self, obj: Any, method: str, kwargs: dict[str, Any]) -> tuple[str, Callable[[str], Any]]:
        write = getattr(obj, method)
        return method, lambda path: write(path, **kwargs)


def _denser_sample(data: Any, position: int, size: int, fallback: pd.Series) -> pd.Series:
    """For a mostly-missing column, sample among its non-missing rows instead."""
    import numpy as np

    try:
        full = data.iloc[:, position]
        rows = np.flatnonzero(full.notna().to_numpy())
    except Exception:
        return fallback
    if len(rows) == 0:
        return fallback
    chosen = rows[sample_positions(len(rows), size)]
    denser: pd.Series = full.iloc[chosen].set_axis(chosen.tolist())
    return denser


#: the class :meth:`AdapterRegistry.default <jupyter_privguard.adapters.AdapterRegistry.default>` instantiates
ADAPTER = PandasAdapter
