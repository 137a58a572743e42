"""The Spark adapter: ``pyspark.sql.DataFrame`` (classic; Spark Connect's frames share the base class).

What runs where:

* **scan** (driver): one ``count()`` (an aggregation) and a sample spread across the frame: the
  first rows of every partition in equal shares (:func:`_spread_sample`, a local limit: each task
  stops reading after its share), so its cost does not grow with the rows. Spark Connect frames
  (no RDD) fall back to ``sample(fraction, seed).limit(sample_size)``, which reads every row.
* **redact** (workers): a lazy ``mapInArrow`` over the frame. Each batch's planned columns go
  through the core's column redaction (:func:`~jupyter_privguard.redaction.redact_series`,
  :func:`~jupyter_privguard.redaction.redact_text_series`), shipped in the closure
  (:class:`~jupyter_privguard.adapters.spark_worker.BatchRedactor`); recognisers and NER are built
  once per Python worker by the worker's own session. Redacted columns become strings, dropped
  columns go, the others keep their type and order.
* **display** (driver): the first rows only (``limit``), redacted on the workers, rendered like a
  pandas frame under the guard's banner. ``show()``, ``_repr_html_`` and, with eager evaluation,
  ``__repr__`` are replaced by the display guard while it is loaded (:attr:`SparkAdapter.printers`).
* **export**: ``safe_export`` writes a directory through Spark's writer; the export guard checks
  ``DataFrameWriter``'s methods (the frame is the writer's ``_df``) and ``DataFrame.writeTo``.

Columns are addressed by position: the adapter renames them ``_0``, ``_1`` ... internally (Spark's
names may repeat after a join) and gives the output back its own names.
"""

from __future__ import annotations

import os
import sys
import threading
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .base import ColumnEdit, FrameAdapter, Printer, Shown, Writer, row_positions
from .columns import ColumnData, sample_columns

if TYPE_CHECKING:
    import pandas as pd

    from ..render import Bundle, DisplayInfo, RowPlan
    from ..report import ScanReport

__all__ = ["ADAPTER", "SparkAdapter"]

FRAME = "pyspark.DataFrame"
# what show() and eager evaluation print by default
SHOW_ROWS = 20

# Facts about a frame that cost a Spark job, kept while the frame lives (frames are immutable plans).
_ROWS: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()
_COUNTS: weakref.WeakKeyDictionary[Any, list[int]] = weakref.WeakKeyDictionary()
# The frames redact() returned: the export guard lets them through without a scan.
_REDACTED: weakref.WeakSet[Any] = weakref.WeakSet()
_showing = threading.local()
#: the job group of the job that starts the Python workers (in Spark's UI and status tracker)
WORKERS_JOB_GROUP = "jupyter-privguard-workers"
# The SparkContexts whose Python workers the guard has started (start_workers), and the lock around it.
_STARTED: weakref.WeakSet[Any] = weakref.WeakSet()
_STARTING = threading.Lock()

_WRITER_METHODS = (
    ("parquet", "parquet"),
    ("csv", "csv"),
    ("json", "json"),
    ("orc", "orc"),
    ("text", "text"),
    ("save", "save"),
    ("saveAsTable", "table"),
    ("insertInto", "table"),
)
_CLASSIC = "pyspark.sql.classic.dataframe"


def _frame_class() -> Any:
    # no Spark frame exists before pyspark.sql is imported: recognising one must not import it
    return getattr(sys.modules.get("pyspark.sql.dataframe"), "DataFrame", None)


def _positional(obj: Any) -> Any:
    """``obj`` with its columns renamed ``_0``, ``_1`` ... (names may repeat; positions do not)."""
    return obj.toDF(*[f"_{i}" for i in range(len(obj.columns))])


def _conf(obj: Any, key: str, default: str) -> str:
    try:
        return str(obj.sparkSession.conf.get(key, default))
    except Exception:
        return default


def _to_arrow(frame: Any) -> Any:
    """A small frame's rows on the driver, as a ``pyarrow.Table``."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # pyspark about pandas 3, at conversions
        if hasattr(frame, "toArrow"):
            return frame.toArrow()
        import pyarrow as pa

        return pa.Table.from_pandas(frame.toPandas(), preserve_index=False)


class SparkAdapter(FrameAdapter):
    """``pyspark.sql.DataFrame``: scanned from a sample, redacted lazily on the workers."""

    name = "spark"
    kinds = (FRAME,)
    tables = (FRAME,)
    # the base class of classic and Connect frames; IPython's by-name lookup walks the MRO
    shows = (Shown("pyspark.sql.dataframe", "DataFrame", FRAME),)
    writers = tuple(
        Writer("pyspark.sql.readwriter", "DataFrameWriter", method, fmt, data_attribute="_df")
        for method, fmt in _WRITER_METHODS
    ) + (Writer(_CLASSIC, "DataFrame", "writeTo", "table"),)
    printers = (
        Printer(_CLASSIC, "DataFrame", "show", "print"),
        Printer(_CLASSIC, "DataFrame", "_repr_html_", "html"),
        Printer(_CLASSIC, "DataFrame", "__repr__", "text"),
    )
    writes_directory = True
    lazy = True

    def kind_of(self, obj: Any) -> str | None:
        cls = _frame_class()
        if cls is not None and isinstance(obj, cls):
            return FRAME
        return None

    # -- reading ----------------------------------------------------------------------------------
    def n_rows(self, obj: Any) -> int:
        """The row count (one aggregation, remembered while the frame lives)."""
        rows = _ROWS.get(obj)
        if rows is None:
            rows = int(obj.count())
            _ROWS[obj] = rows
        return rows

    def iter_columns(self, obj: Any, *, sample_size: int = 1000) -> Iterator[ColumnData]:
        import pandas as pd

        start_workers(obj)
        n_rows = self.n_rows(obj)
        frame = _positional(obj)
        table = None if n_rows <= sample_size else _spread_sample(frame, sample_size)
        if table is None:  # a small frame whole; or no RDD (Spark Connect): a Bernoulli sample, which reads every row
            part = frame if n_rows <= sample_size else frame.sample(False, _fraction(sample_size, n_rows), seed=n_rows)
            table = _to_arrow(part.limit(sample_size))
        zone = _conf(obj, "spark.sql.session.timeZone", "UTC")
        from .spark_worker import arrow_to_pandas

        local = pd.DataFrame({i: arrow_to_pandas(table.column(i), zone) for i in range(table.num_columns)})
        local.columns = pd.RangeIndex(table.num_columns)
        dtypes = [field.dataType.simpleString() for field in obj.schema.fields]
        # the sampled rows' positions in the frame are not known (Spark rows have none): their order
        positions = list(range(len(local)))

        def denser(position: int, fallback: pd.Series) -> pd.Series:
            return self._denser(frame, position, sample_size, zone, fallback)

        return sample_columns(local, list(obj.columns), n_rows, positions, dtypes=dtypes, denser=denser)

    def _denser(self, frame: Any, position: int, size: int, zone: str, fallback: pd.Series) -> pd.Series:
        """For a mostly-missing column, a sample among its present cells."""
        from .spark_worker import arrow_to_pandas

        try:
            present = self._counts(frame)[position]
            if present == 0:
                return fallback
            column = frame.select(f"_{position}").where(f"_{position} IS NOT NULL")
            if present > size:
                column = column.sample(False, _fraction(size, present), seed=present)
            series = arrow_to_pandas(_to_arrow(column.limit(size)).column(0), zone)
        except Exception:
            return fallback
        return series.set_axis(range(len(series)))

    def shape(self, obj: Any) -> tuple[int, int]:
        return self.n_rows(obj), len(obj.columns)

    def column_labels(self, obj: Any) -> list[Any]:
        return list(obj.columns)

    def _counts(self, obj: Any) -> list[int]:
        counts = _COUNTS.get(obj)
        if counts is None:
            from pyspark.sql import functions as F

            frame = _positional(obj)
            row = frame.agg(*[F.count(F.col(c)) for c in frame.columns]).first() if frame.columns else ()
            counts = [int(v) for v in row] if row else []
            _COUNTS[obj] = counts
        return counts

    def values(self, obj: Any, position: int, rows: Sequence[int] | None = None) -> list[Any]:
        if rows is None:
            raise ValueError("the Spark adapter does not bring a whole column to the driver; pass row positions")
        wanted = [int(r) for r in rows]
        if not wanted:
            return []
        if min(wanted) < 0:
            raise IndexError("the Spark adapter reads rows by non-negative position only")
        head = _positional(obj).select(f"_{position}").limit(max(wanted) + 1)
        cells = _to_arrow(head).column(0).to_pylist()
        return [cells[r] for r in wanted]

    def present(self, obj: Any, position: int, limit: int, *, distinct: bool = False) -> list[Any]:
        column = _positional(obj).select(f"_{position}").where(f"_{position} IS NOT NULL")
        if distinct:
            column = column.distinct()
        return list(_to_arrow(column.limit(limit)).column(0).to_pylist())

    def count(self, obj: Any, position: int) -> int:
        return self._counts(obj)[position]

    # -- rebuilding -------------------------------------------------------------------------------
    def rebuild(self, obj: Any, edits: Sequence[ColumnEdit], rows: Any = None) -> Any:
        """A lazy frame: ``mapInArrow`` applies ``edits`` on the workers.

        ``rows`` (the display path) must be the first rows (``range(n)``, ``slice(0, n)`` ...):
        Spark rows have no positions, so any other selection raises ``ValueError``.
        """
        import cloudpickle
        from pyspark.sql.types import StringType, StructField, StructType

        from .spark_worker import BatchRedactor

        start_workers(obj)
        frame = obj if rows is None else obj.limit(_head_length(rows))
        positional = _positional(frame)
        fields = positional.schema.fields
        by_position = {edit.position: edit for edit in edits}
        kept = [i for i in range(len(fields)) if not (i in by_position and by_position[i].drop)]
        schema = StructType(
            [fields[i] if i not in by_position else StructField(fields[i].name, StringType(), True) for i in kept]
        )
        try:
            cloudpickle.dumps(list(edits))
        except Exception as exc:
            raise TypeError(
                f"redact() cannot ship this policy's operators to the Spark workers ({type(exc).__name__}); "
                "register operators that pickle (module-level functions)"
            ) from None
        redactor = BatchRedactor(
            [e for e in edits if e.position < len(fields)],
            [f.name for f in schema.fields],
            _conf(obj, "spark.sql.session.timeZone", "UTC"),
            _conf(obj, "spark.sql.execution.arrow.useLargeVarTypes", "false").lower() == "true",
        )
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # pyspark about pandas 3
            out = positional.mapInArrow(redactor, schema).toDF(*[obj.columns[i] for i in kept])
        _REDACTED.add(out)
        return out

    def redacted(self, obj: Any) -> bool:
        return obj in _REDACTED

    # -- showing ----------------------------------------------------------------------------------
    @contextmanager
    def showing(self, rows: int) -> Iterator[None]:
        """Within the block, a display shows the first ``rows`` rows (``show(n)``)."""
        before = getattr(_showing, "rows", None)
        _showing.rows = rows
        try:
            yield
        finally:
            _showing.rows = before

    def printed(self, obj: Any, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int | None:
        if name == "show":
            n = args[0] if args else kwargs.get("n", SHOW_ROWS)
            return int(n) if isinstance(n, int) and not isinstance(n, bool) else SHOW_ROWS
        # _repr_html_ and __repr__ show rows only with eager evaluation on
        if _conf(obj, "spark.sql.repl.eagerEval.enabled", "false").lower() != "true":
            return None
        return self._eager_rows(obj)

    def _eager_rows(self, obj: Any) -> int:
        try:
            return int(_conf(obj, "spark.sql.repl.eagerEval.maxNumRows", str(SHOW_ROWS)))
        except ValueError:
            return SHOW_ROWS

    def row_plan(self, obj: Any) -> RowPlan:
        from ..render import RowPlan

        shown = getattr(_showing, "rows", None)
        limit = max(0, shown if shown is not None else self._eager_rows(obj))
        n_rows = self.n_rows(obj)
        head = min(n_rows, limit)
        return RowPlan(n_rows, list(range(head)), head, limit)

    def render(self, view: Any, plan: RowPlan, info: DisplayInfo, report: ScanReport | None) -> Bundle:
        import pandas as pd

        from ..render import render_head
        from .spark_worker import arrow_to_pandas

        table = _to_arrow(view.limit(plan.view_rows))  # the planned first rows, whatever the view
        zone = _conf(view, "spark.sql.session.timeZone", "UTC")
        frame = pd.DataFrame({i: arrow_to_pandas(table.column(i), zone) for i in range(table.num_columns)})
        frame.columns = list(view.columns)
        return render_head(frame, info, report)

    # -- exporting --------------------------------------------------------------------------------
    def writer(self, obj: Any, method: str, kwargs: dict[str, Any]) -> tuple[str, Callable[[str], Any]]:
        options = dict(kwargs)
        mode = options.pop("mode", None)
        options.pop("index", None)  # pandas' keyword; Spark frames have no index
        if method == "to_parquet":
            fmt = "parquet"
        elif method == "to_csv":
            fmt = "csv"
            if "sep" in options:
                options["sep"] = str(options["sep"])
            options.setdefault("header", True)
        elif method == "to_json" and options.get("lines"):
            fmt = "json"
            options.pop("lines")
            options.pop("orient", None)
        else:
            raise ValueError(
                f"safe_export writes a Spark DataFrame as Parquet, CSV or JSON lines, not with {method}; "
                "use a .parquet, .csv or .jsonl path"
            )

        def write(path: str) -> None:
            writer = obj.write.format(fmt).options(**options)
            if mode is not None:
                writer = writer.mode(mode)
            writer.save(path)

        return f"write.{fmt}", write


def start_workers(obj: Any) -> threading.Thread | None:
    """The first time the guard sees a frame of a (classic) session: start its Python workers in the background.

    A session's first ``redact`` pays for starting a Python worker in every executor (a process, pandas,
    pyarrow and the guard's modules) on top of the JVM's own first Parquet and Arrow work. This runs a
    tiny job (:class:`~jupyter_privguard.adapters.spark_worker.WorkerStart` over ``spark.range``, one
    row per core, no data read) on a daemon thread, so the workers start while the driver is still
    scanning; Spark reuses them (``spark.python.worker.reuse``, on by default). Once per SparkContext;
    never raises; nothing on Spark Connect. ``PRIVGUARD_SPARK_WARMUP=off`` turns it off.
    """
    if os.environ.get("PRIVGUARD_SPARK_WARMUP", "on").strip().lower() in ("0", "off", "false", "no"):
        return None
    try:
        session = obj.sparkSession
        context = session.sparkContext  # Spark Connect sessions have none: nothing to start
        with _STARTING:
            if context in _STARTED:
                return None
            _STARTED.add(context)
        cores = max(1, int(context.defaultParallelism))
        import warnings

        from .spark_worker import WorkerStart

        with warnings.catch_warnings():  # the plan is built here: pyspark warns about pandas 3 while it is
            warnings.simplefilter("ignore", FutureWarning)
            job = session.range(0, cores, 1, cores).mapInArrow(WorkerStart(), "ready int")
    except Exception:
        return None

    def run() -> None:
        try:
            context.setJobGroup(WORKERS_JOB_GROUP, "jupyter-privguard: start the Python workers")
            job.count()
        except Exception:  # the session stopped, or the workers cannot start: the real job will say why
            pass

    thread = threading.Thread(target=run, name="privguard-spark-workers", daemon=True)
    thread.start()
    return thread


def _local_limit(frame: Any, each: int) -> Any:
    """``frame`` with at most ``each`` rows kept in every partition (Catalyst's ``LocalLimit``, no global limit).

    Spark's public ``limit`` adds a global limit on top, which takes its rows from the first partitions;
    the local one alone keeps the first rows of every partition, and each task stops reading there.
    Built through the JVM (classic sessions only): ``None`` where that is not possible.
    """
    from pyspark.sql import DataFrame

    try:
        jvm = frame.sparkSession._jvm
        catalyst = jvm.org.apache.spark.sql.catalyst
        plan = frame._jdf.queryExecution().analyzed()
        integer = getattr(getattr(jvm.org.apache.spark.sql.types, "IntegerType$"), "MODULE$")
        limited = catalyst.plans.logical.LocalLimit(catalyst.expressions.Literal(int(each), integer), plan)
        jdf = jvm.org.apache.spark.sql.classic.Dataset.ofRows(frame._jdf.sparkSession(), limited)
        return DataFrame(jdf, frame.sparkSession)
    except Exception:
        return None


def _spread_sample(frame: Any, size: int) -> Any:
    """About ``size`` rows as a ``pyarrow.Table``: the first rows of every partition, in equal shares.

    Each task reads only its partition's first ``size / partitions`` rows (a local limit; Parquet
    and the other sources stop there), so the cost depends on ``size`` and the number of partitions,
    not on the rows. Where partitions hold fewer rows than their share, the share grows (up to
    four times). ``None`` where no local limit can be built (Spark Connect).
    """
    try:
        n_parts = max(1, int(frame.rdd.getNumPartitions()))
    except Exception:
        return None
    each = max(1, -(-size // n_parts))
    table = None
    for _ in range(4):
        limited = _local_limit(frame, each)
        if limited is None:
            return None
        table = _to_arrow(limited)
        if table.num_rows >= size:
            return _even_rows(table, size)
        each *= 2
    return table


def _even_rows(table: Any, size: int) -> Any:
    """``size`` of ``table``'s rows, evenly spaced (the partitions' shares stay in proportion)."""
    if table.num_rows <= size:
        return table
    import pyarrow as pa

    step = table.num_rows / size
    return table.take(pa.array([int(i * step) for i in range(size)], type=pa.int64()))


def _fraction(wanted: int, n_rows: int) -> float:
    """A Bernoulli fraction that yields about ``wanted`` rows of ``n_rows`` (a little more, for ``limit``)."""
    return min(1.0, (1.1 * wanted + 50) / max(n_rows, 1))


def _head_length(rows: Any) -> int:
    """How many first rows ``rows`` selects; ``ValueError`` unless it is the first ``n`` rows."""
    if isinstance(rows, slice) and rows.start in (None, 0) and rows.step in (None, 1):
        if rows.stop is not None and rows.stop >= 0:
            return int(rows.stop)
    else:
        try:
            positions = row_positions(rows, sys.maxsize)
        except (TypeError, IndexError):
            positions = None
        if positions is not None and list(positions) == list(range(len(positions))):
            return len(positions)
    raise ValueError(
        "redact(spark_frame, rows=...) takes the first rows only (range(n) or slice(0, n)): "
        "Spark rows have no positions; filter or limit the frame first"
    )


#: the class :meth:`AdapterRegistry.default <jupyter_privguard.adapters.AdapterRegistry.default>` instantiates
ADAPTER = SparkAdapter
