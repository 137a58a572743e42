"""The pyarrow adapter: ``pyarrow.Table``.

A redacted column becomes text: it keeps its type when that type is a string type, and becomes
``string`` otherwise (a masked card number is no longer an integer). Columns left alone keep their
type, so the schema is the input's wherever the values allow it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .base import ColumnEdit, FrameAdapter, Shown, Writer, loaded_module, row_positions
from .columns import ColumnData, sample_columns, sample_positions

if TYPE_CHECKING:
    import pandas as pd

    from ..render import Bundle, DisplayInfo, RowPlan
    from ..report import ScanReport

__all__ = ["ADAPTER", "ArrowAdapter"]

TABLE = "pyarrow.Table"


def _pyarrow() -> Any:
    return loaded_module("pyarrow")


class ArrowAdapter(FrameAdapter):
    """``pyarrow.Table``: scanned, redacted, shown and export-guarded like a DataFrame."""

    name = "pyarrow"
    kinds = (TABLE,)
    tables = (TABLE,)
    shows = (Shown("pyarrow.lib", "Table", TABLE),)
    # functions of their modules, the table first; pandas' to_parquet / to_feather call the first
    # and the last of them, which the export guard sees as one export (the outer call)
    writers = (
        Writer("pyarrow.parquet", None, "write_table", "parquet", data_keyword="table"),
        Writer("pyarrow.csv", None, "write_csv", "csv", data_keyword="data"),
        Writer("pyarrow.feather", None, "write_feather", "feather", data_keyword="df"),
        Writer("pyarrow.orc", None, "write_table", "orc", data_keyword="table"),
        Writer("pyarrow.dataset", None, "write_dataset", "dataset", data_keyword="data"),
    )

    def kind_of(self, obj: Any) -> str | None:
        pa = _pyarrow()
        if pa is not None and isinstance(obj, pa.Table):
            return TABLE
        return None

    # -- reading ----------------------------------------------------------------------------------
    def iter_columns(
        self, obj: Any, *, sample_size: int = 1000, columns: Sequence[int] | None = None
    ) -> Iterator[ColumnData]:
        import pandas as pd

        n_rows = obj.num_rows
        positions = sample_positions(n_rows, sample_size)
        part = obj if columns is None else obj.select(list(columns))
        part = part.take(positions) if len(positions) < n_rows else part
        frame = pd.DataFrame({i: _as_pandas(part.column(i)) for i in range(part.num_columns)})
        frame.columns = pd.RangeIndex(part.num_columns)
        dtypes = [str(field.type) for field in obj.schema]

        def denser(position: int, fallback: pd.Series) -> pd.Series:
            return _denser_sample(obj, position, sample_size, fallback)

        return sample_columns(
            frame, list(obj.column_names), n_rows, positions, dtypes=dtypes, denser=denser, only=columns
        )

    def shape(self, obj: Any) -> tuple[int, int]:
        return int(obj.num_rows), int(obj.num_columns)

    def column_labels(self, obj: Any) -> list[Any]:
        return list(obj.column_names)

    def values(self, obj: Any, position: int, rows: Sequence[int] | None = None) -> list[Any]:
        column = obj.column(position)
        return list((column if rows is None else column.take(list(rows))).to_pylist())

    def present(self, obj: Any, position: int, limit: int, *, distinct: bool = False) -> list[Any]:
        import pyarrow.compute as pc

        column = obj.column(position).drop_null()
        if distinct:
            column = pc.unique(column)  # in order of first occurrence
        return list(column.slice(0, limit).to_pylist())

    def count(self, obj: Any, position: int) -> int:
        column = obj.column(position)
        return int(len(column) - column.null_count)

    # -- rebuilding -------------------------------------------------------------------------------
    def rebuild(self, obj: Any, edits: Sequence[ColumnEdit], rows: Any = None) -> Any:
        import pyarrow as pa

        part = obj if rows is None else obj.take(row_positions(rows, obj.num_rows))
        out = part
        for edit in edits:
            if edit.drop:
                continue
            field = part.schema.field(edit.position)
            redacted = edit.apply(_as_pandas(part.column(edit.position)))
            target = field.type if _is_text(field.type) else pa.string()
            out = out.set_column(edit.position, field.with_type(target), _as_arrow(redacted, target))
        for position in sorted({e.position for e in edits if e.drop}, reverse=True):
            out = out.remove_column(position)
        return out if out is not obj else obj.select(list(range(obj.num_columns)))

    # -- showing ----------------------------------------------------------------------------------
    def row_plan(self, obj: Any) -> RowPlan:
        from ..render import arrow_row_plan

        return arrow_row_plan(obj.num_rows)

    def render(self, view: Any, plan: RowPlan, info: DisplayInfo, report: ScanReport | None) -> Bundle:
        from ..render import render_arrow

        return render_arrow(view.combine_chunks(), plan, info, report)

    # -- exporting --------------------------------------------------------------------------------
    def writer(self, obj: Any, method: str, kwargs: dict[str, Any]) -> tuple[str, Callable[[str], Any]]:
        if method == "to_parquet":
            import pyarrow.parquet as pq

            return "write_table", lambda path: pq.write_table(obj, path, **kwargs)
        if method == "to_feather":
            import pyarrow.feather as feather

            return "write_feather", lambda path: feather.write_feather(obj, path, **kwargs)
        if method == "to_csv":
            import pyarrow.csv as csv

            options = dict(kwargs)
            sep = options.pop("sep", None)
            if sep is not None:
                options["write_options"] = csv.WriteOptions(delimiter=sep)
            return "write_csv", lambda path: csv.write_csv(obj, path, **options)
        # the other formats through pandas (the copy is already de-identified)
        frame = obj.to_pandas()
        write = getattr(frame, method)
        return method, lambda path: write(path, **kwargs)


def _is_text(dtype: Any) -> bool:
    import pyarrow.types as pat

    return bool(pat.is_string(dtype) or pat.is_large_string(dtype) or pat.is_string_view(dtype))


def _as_pandas(column: Any) -> pd.Series:
    series: pd.Series = column.to_pandas()
    return series.reset_index(drop=True)


def _as_arrow(values: pd.Series, target: Any) -> Any:
    import pyarrow as pa

    try:
        return pa.array(values, from_pandas=True).cast(target)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        # an operator's output that arrow does not read as text: each value's str
        texts = [None if v is None or v != v else str(v) for v in values.tolist()]
        return pa.array(texts, type=target)


def _denser_sample(table: Any, position: int, size: int, fallback: pd.Series) -> pd.Series:
    """For a mostly-missing column, sample among its non-missing rows instead."""
    import numpy as np
    import pyarrow.compute as pc

    try:
        column = table.column(position)
        rows = np.flatnonzero(pc.is_valid(column).to_numpy(zero_copy_only=False))
    except Exception:
        return fallback
    if len(rows) == 0:
        return fallback
    chosen = rows[sample_positions(len(rows), size)]
    denser: pd.Series = _as_pandas(column.take(chosen)).set_axis(chosen.tolist())
    return denser


#: the class :meth:`AdapterRegistry.default <jupyter_privguard.adapters.AdapterRegistry.default>` instantiates
ADAPTER = ArrowAdapter
