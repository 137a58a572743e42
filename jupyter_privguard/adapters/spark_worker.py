"""What the Spark adapter runs on the Python workers: Arrow batches in, redacted Arrow batches out.

:class:`BatchRedactor` is the function handed to ``DataFrame.mapInArrow``. It is an instance of a
class of this importable module (never a lambda or a ``__main__`` function), so a worker unpickles it
by reference plus its small state: the column edits of :func:`~jupyter_privguard.redaction.redact`
(each holds its decision, the policy and the operators, pickled by cloudpickle as Spark does), the
positions to drop and the session time zone. Whatever is heavy (the recognisers, a spaCy model) is
not shipped: the core's column redaction builds it on first use through the worker's own
:func:`~jupyter_privguard.session.current_session`, once per Python worker (workers are reused).

The conversions here are the ones the driver uses for its scan sample too, so a column reads the
same on both sides, and the same as ``DataFrame.toPandas()`` gives the pandas path.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from .base import ColumnEdit

__all__ = ["BatchRedactor", "WorkerStart", "arrow_to_pandas", "strings_to_arrow"]


def arrow_to_pandas(column: Any, time_zone: str | None) -> pd.Series:
    """One Arrow column as the pandas Series ``DataFrame.toPandas()`` would hold for it.

    Dates stay ``datetime.date`` objects and time-zone-aware timestamps become naive wall-clock
    times in the session's zone, as Spark's own conversion does.
    """
    import pandas as pd
    import pyarrow as pa
    import pyarrow.types as pat

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        if isinstance(column, pa.ChunkedArray) and column.num_chunks == 0:
            column = pa.chunked_array([], type=column.type)
        series: pd.Series = column.to_pandas(date_as_object=True)
    if pat.is_timestamp(column.type) and column.type.tz is not None:
        series = series.dt.tz_convert(time_zone or "UTC").dt.tz_localize(None)
    return pd.Series(series).reset_index(drop=True)


def strings_to_arrow(values: pd.Series, large: bool) -> Any:
    """A redacted column (text, missing cells missing) as an Arrow string array."""
    import pyarrow as pa

    target = pa.large_string() if large else pa.string()
    try:
        return pa.array(values, from_pandas=True).cast(target)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        texts = [None if v is None or v != v else str(v) for v in values.tolist()]
        return pa.array(texts, type=target)


class BatchRedactor:
    """``mapInArrow``'s function: applies column edits to every record batch of a partition.

    Parameters
    ----------
    edits
        The edits :func:`~jupyter_privguard.redaction.redact` planned, by column position.
    names
        The output column names (positional names; the driver renames them back).
    time_zone
        ``spark.sql.session.timeZone``, for timestamps.
    large_strings
        Whether Spark expects ``large_string`` batches (``spark.sql.execution.arrow.useLargeVarTypes``).
    """

    def __init__(self, edits: Sequence[ColumnEdit], names: Sequence[str], time_zone: str | None, large_strings: bool):
        self.edits = {edit.position: edit for edit in edits}
        self.names = list(names)
        self.time_zone = time_zone
        self.large_strings = large_strings

    #: rows redacted at a time: Spark sends ``spark.sql.execution.arrow.maxRecordsPerBatch`` rows per batch
    #: (10,000 by default), and each column redaction has a fixed cost (pandas Series, kernel set-up) that at
    #: that size is most of a structured column's time; the batches are joined (zero-copy) up to this many rows
    block_rows = 100_000
    #: ... and of at most about this many bytes, so a wide frame's blocks stay small (a block is held twice: its
    #: batches and their redacted columns)
    block_bytes = 64 * 2**20

    def __call__(self, batches: Iterator[Any]) -> Iterator[Any]:
        pending: list[Any] = []
        rows = size = 0
        for batch in batches:
            if not pending and (batch.num_rows >= self.block_rows or batch.nbytes >= self.block_bytes):
                yield self.redact_batch(batch)
                continue
            pending.append(batch)
            rows += batch.num_rows
            size += batch.nbytes
            if rows >= self.block_rows or size >= self.block_bytes:
                yield from self._redact_block(pending)
                pending, rows, size = [], 0, 0
        if pending:
            yield from self._redact_block(pending)

    def _redact_block(self, batches: list[Any]) -> Iterator[Any]:
        """The record batches of ``batches`` redacted as one block."""
        import pyarrow as pa

        if len(batches) == 1:
            yield self.redact_batch(batches[0])
            return
        table = pa.Table.from_batches(batches)
        columns = []
        for position in range(table.num_columns):
            edit = self.edits.get(position)
            if edit is None:
                columns.append(table.column(position))
            elif not edit.drop:
                redacted = edit.apply(arrow_to_pandas(table.column(position), self.time_zone))
                columns.append(pa.chunked_array([strings_to_arrow(redacted, self.large_strings)]))
        yield from pa.Table.from_arrays(columns, names=self.names).to_batches()

    def redact_batch(self, batch: Any) -> Any:
        """One batch with every edit applied (dropped columns left out)."""
        import pyarrow as pa

        columns = []
        for position in range(batch.num_columns):
            edit = self.edits.get(position)
            if edit is None:
                columns.append(batch.column(position))
            elif not edit.drop:
                redacted = edit.apply(arrow_to_pandas(batch.column(position), self.time_zone))
                columns.append(strings_to_arrow(redacted, self.large_strings))
        return pa.RecordBatch.from_arrays(columns, names=self.names)


class WorkerStart:
    """``mapInArrow``'s function of the guard's warm-up job: loads, in a Python worker, what redaction will use.

    Run once per session on one tiny partition per executor core (see
    :func:`~jupyter_privguard.adapters.spark.start_workers`): each Python worker that runs it has
    imported pandas, pyarrow and the guard's worker-side modules and built its session (the
    recognisers are built from it on first use), so a worker that Spark reuses for the first real
    job starts from there. It reads no data: its input is ``spark.range`` and it yields one
    number per row.
    """

    def __call__(self, batches: Iterator[Any]) -> Iterator[Any]:
        import pandas  # noqa: F401  (what the redaction's column conversions use)
        import pyarrow as pa

        from .. import redaction  # noqa: F401
        from ..session import current_session

        current_session()
        for batch in batches:
            yield pa.record_batch([pa.array([1] * batch.num_rows, pa.int32())], names=["ready"])
