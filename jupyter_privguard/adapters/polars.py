"""The polars adapter: ``DataFrame`` and ``Series``."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .base import ColumnEdit, FrameAdapter, Shown, Writer, loaded_module, row_positions
from .columns import ColumnData, sample_columns, sample_positions

if TYPE_CHECKING:
    import pandas as pd

    from ..render import Bundle, DisplayInfo, RowPlan
    from ..report import ScanReport

__all__ = ["ADAPTER", "POLARS_SINKS", "POLARS_WRITERS", "PolarsAdapter"]

FRAME = "polars.DataFrame"
SERIES = "polars.Series"

#: polars writers that are guarded (those the installed version has).
POLARS_WRITERS: tuple[str, ...] = (
    "write_csv",
    "write_parquet",
    "write_excel",
    "write_json",
    "write_ndjson",
    "write_ipc",
    "write_ipc_stream",
    "write_avro",
    "write_database",
    "write_delta",
    "write_clipboard",
    "write_iceberg",
)
#: a LazyFrame's sinks (the export guard checks the head of the query's result)
POLARS_SINKS: tuple[str, ...] = ("sink_csv", "sink_parquet", "sink_ipc", "sink_ndjson", "sink_delta", "sink_iceberg")
# safe_export names formats by pandas' writers: polars' own for each
_METHODS = {
    "to_csv": "write_csv",
    "to_parquet": "write_parquet",
    "to_excel": "write_excel",
    "to_json": "write_json",
    "to_feather": "write_ipc",
}
# pandas-only writer options safe_export's defaults may carry
_PANDAS_OPTIONS = ("sep", "orient", "lines")


def _polars() -> Any:
    return loaded_module("polars")


class PolarsAdapter(FrameAdapter):
    """polars ``DataFrame`` and ``Series``; the detectors and operators see each column as pandas."""

    name = "polars"
    kinds = (FRAME, SERIES)
    tables = (FRAME,)
    shows = (
        Shown("polars.dataframe.frame", "DataFrame", FRAME),
        Shown("polars.series.series", "Series", SERIES),
    )
    writers = tuple(Writer("polars", "DataFrame", name, name[6:]) for name in POLARS_WRITERS) + tuple(
        Writer("polars", "LazyFrame", name, name[5:]) for name in POLARS_SINKS
    )

    def kind_of(self, obj: Any) -> str | None:
        pl = _polars()
        if pl is None:
            return None
        if isinstance(obj, pl.DataFrame):
            return FRAME
        if isinstance(obj, pl.Series):
            return SERIES
        return None

    # -- reading ----------------------------------------------------------------------------------
    def iter_columns(
        self, obj: Any, *, sample_size: int = 1000, columns: Sequence[int] | None = None
    ) -> Iterator[ColumnData]:
        import pandas as pd

        data = obj.to_frame() if self.kind_of(obj) == SERIES else obj
        n_rows = data.height
        positions = sample_positions(n_rows, sample_size)
        labels = list(data.columns)
        wanted = list(range(len(labels))) if columns is None else list(columns)
        part = data.select([labels[i] for i in wanted]) if columns is not None else data
        part = part[positions] if len(positions) < n_rows else part
        # object columns: the detectors read Python values, whatever polars' dtype
        frame = pd.DataFrame({k: pd.Series(part.to_series(k).to_list(), dtype=object) for k in range(len(wanted))})
        frame.columns = pd.RangeIndex(len(wanted))
        return sample_columns(frame, labels, n_rows, positions, only=columns)

    def shape(self, obj: Any) -> tuple[int, int]:
        return (obj.height, obj.width) if self.kind_of(obj) == FRAME else (len(obj), 1)

    def column_labels(self, obj: Any) -> list[Any]:
        return list(obj.columns) if self.kind_of(obj) == FRAME else [obj.name]

    def _column(self, obj: Any, position: int) -> Any:
        return obj.to_series(position) if self.kind_of(obj) == FRAME else obj

    def values(self, obj: Any, position: int, rows: Sequence[int] | None = None) -> list[Any]:
        column = self._column(obj, position)
        return list((column if rows is None else column.gather(list(rows))).to_list())

    def present(self, obj: Any, position: int, limit: int, *, distinct: bool = False) -> list[Any]:
        column = self._column(obj, position).drop_nulls()
        if distinct:
            column = column.unique(maintain_order=True)
        return list(column.head(limit).to_list())

    def count(self, obj: Any, position: int) -> int:
        column = self._column(obj, position)
        return int(len(column) - column.null_count())

    # -- rebuilding -------------------------------------------------------------------------------
    def rebuild(self, obj: Any, edits: Sequence[ColumnEdit], rows: Any = None) -> Any:
        if self.kind_of(obj) == SERIES:
            part = obj if rows is None else obj.gather(row_positions(rows, len(obj)))
            edit = next((e for e in edits if e.position == 0), None)
            if edit is None:
                return part.clone()
            return _to_polars(edit.apply(part.to_pandas()), part.name)
        part = obj if rows is None else obj[row_positions(rows, obj.height)]
        names = part.columns
        dropped = [names[e.position] for e in edits if e.drop]
        replaced = [
            _to_polars(e.apply(part.to_series(e.position).to_pandas()), names[e.position]) for e in edits if not e.drop
        ]
        out = part.with_columns(replaced) if replaced else part.clone()
        return out.drop(dropped) if dropped else out

    # -- showing ----------------------------------------------------------------------------------
    def row_plan(self, obj: Any) -> RowPlan:
        from ..render import polars_row_plan

        return polars_row_plan(self.shape(obj)[0])

    def render(self, view: Any, plan: RowPlan, info: DisplayInfo, report: ScanReport | None) -> Bundle:
        from ..render import render_polars

        return render_polars(view, plan, info, report)

    # -- exporting --------------------------------------------------------------------------------
    def writer(self, obj: Any, method: str, kwargs: dict[str, Any]) -> tuple[str, Callable[[str], Any]]:
        method = _METHODS.get(method, method)
        options = {k: v for k, v in kwargs.items() if k not in _PANDAS_OPTIONS}
        write = getattr(obj, method)
        return method, lambda path: write(path, **options)


def _to_polars(values: pd.Series, name: str) -> Any:
    import polars as pl

    return pl.from_pandas(values).rename(name)


#: the class :meth:`AdapterRegistry.default <jupyter_privguard.adapters.AdapterRegistry.default>` instantiates
ADAPTER = PolarsAdapter
