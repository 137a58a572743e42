"""Spark DataFrames through the guard, on 2 cores (``local[2]``), with the pandas path measured in the same run.

Prints one table:

1. ``redact(sdf)`` of ``--rows`` rows (10,000,000 by default) read from Parquet and written back to Parquet: wall
   time, rows per second per core, the driver's peak memory; the same on the first 1,000,000 rows, against the
   pandas path on those rows (read Parquet, ``redact(pdf)``, write Parquet, both paths snappy-compressed, Spark's
   default and pyarrow's; counted as one core, though pyarrow's reader uses its thread pool) and their ratio;
   Spark's own read + identity ``mapInArrow`` + write and its read + write with no Python on those rows;
   a Presidio-per-cell UDF (``AnalyzerEngine.analyze`` per cell in ``mapInPandas``) on ``--slice`` rows, scaled;
2. ``scan(sdf)`` at 1,000,000 and ``--rows`` rows (its cost should be flat in rows), against ``scan(pdf)``;
3. ``reidentification(sdf, quasi_identifiers=[zip, birth_year, gender])`` at ``--rows`` rows, against
   ``reidentification(pdf)`` and a bare pandas ``groupby().size()`` on 1,000,000 rows.

Every row checks its output (the Parquet written, the report's text) for the raw values of a few seeded rows and
prints how many it found: anything but 0 is a loss of protection. A Spark call that the package does not support
yet prints "not available" with the error, so the script runs before the Spark adapter exists.

The data (``_people.py``: near-unique people with names, e-mails, phones, Luhn-valid cards, birth dates, postal
codes and a free-text note holding a name and an e-mail) is written once as Parquet under ``benchmarks/results/``
and reused. Every call uses ``Policy(ner="off")``: with a spaCy model the free-text column would be read by NER on
every row (about 360 cells/s here), which measures spaCy, not Spark.

Timing excludes the JVM start: the session and its Python workers are started and warmed up first. The session is
the test fixture's (``tests/spark/conftest.py``: loopback, no jars, this interpreter on the workers, UI off,
2 shuffle partitions, ``spark.driver.memory=2g``) without its start-up JVM flags (``-XX:TieredStopAtLevel=1`` turns
the optimising compiler off, which would slow Parquet reading and writing). Memory: the Python driver's and the
driver JVM's resident set (in ``local`` mode the executors live in that JVM), sampled every 50 ms with psutil; the
Python workers (children of the JVM) are not counted.

Run: ``.venv/bin/python benchmarks/bench_spark.py [--rows 10000000] [--slice 2000] [--write-docs]``.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO_ROOT, format_info, format_table, keep_tldextract_offline, machine_info, replace_doc_section
from _people import CHUNK, part_files, seeded_values, write_folder

RESULTS = REPO_ROOT / "benchmarks" / "results"
CORES = 2
SMALL = 1_000_000
QUASI = ["zip", "birth_year", "gender"]
PRESIDIO_COLUMNS = ["name", "email", "phone", "card", "birth_date", "zip", "note"]
HEADERS = ["what", "rows", "seconds", "rows/s/core", "driver peak RSS (MiB)", "compared", "seeded values in output"]


@dataclass
class Row:
    """One line of the table; ``seconds is None`` means the call is not available."""

    what: str
    rows: int
    seconds: float | None = None
    cores: int = CORES
    rss_mib: float | None = None
    compared: str = ""
    leaks: int | None = None
    note: str = ""

    def cells(self) -> list[Any]:
        rate = None if not self.seconds else round(self.rows / self.seconds / self.cores)
        seconds = None if self.seconds is None else round(self.seconds, 2)
        compared = self.compared if self.seconds is not None else f"not available ({self.note})"
        rss = None if self.rss_mib is None else round(self.rss_mib)
        return [self.what, f"{self.rows:,}", seconds, rate, rss, compared, self.leaks]


def render(rows: Sequence[Row]) -> str:
    """The Markdown table of ``rows``."""
    return format_table(HEADERS, [r.cells() for r in rows], align="lrrrrll")


# -- memory --------------------------------------------------------------------------------------------------------


@dataclass
class _Peak:
    mib: float = 0.0
    stop: threading.Event = field(default_factory=threading.Event)


def _driver_rss() -> float:
    import psutil

    me = psutil.Process()
    total = me.memory_info().rss
    for child in me.children(recursive=False):
        try:
            if "java" in child.name():
                total += child.memory_info().rss
        except psutil.Error:
            pass
    return total / 2**20


@contextmanager
def peak_rss() -> Iterator[_Peak]:
    """The largest resident set of the Python driver plus the driver JVM seen while the block runs."""
    peak = _Peak(_driver_rss())

    def sample() -> None:
        while not peak.stop.wait(0.05):
            peak.mib = max(peak.mib, _driver_rss())

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield peak
    finally:
        peak.stop.set()
        thread.join()
        peak.mib = max(peak.mib, _driver_rss())


def measure(row: Row, call: Callable[[], Any]) -> Any:
    """Run ``call`` into ``row`` (time and memory); an exception marks the row "not available"."""
    try:
        with peak_rss() as peak:
            start = time.perf_counter()
            result = call()
            row.seconds = time.perf_counter() - start
        row.rss_mib = peak.mib
        return result
    except Exception as exc:  # the Spark adapter may not exist yet: say so and go on
        row.seconds = None
        first = str(exc).splitlines()[0] if str(exc) else ""
        row.note = f"{type(exc).__name__}: {first[:60]}{'...' if len(first) > 60 else ''}"
        return None


# -- checks: no raw value of a seeded row in any output ------------------------------------------------------------


def leaks_in_text(text: str, values: Sequence[str]) -> int:
    """How many of ``values`` occur in ``text``."""
    return sum(1 for v in values if v in text)


def leaks_in_arrow(table: Any, values: Sequence[str]) -> int:
    """How many of ``values`` occur in some cell of ``table``'s string columns."""
    import pyarrow as pa
    import pyarrow.compute as pc

    strings = [table.column(n) for n in table.column_names if pa.types.is_string(table.column(n).type)]
    return sum(1 for v in values if any(pc.any(pc.match_substring(c, v)).as_py() for c in strings))


def leaks_in_spark(sdf: Any, values: Sequence[str]) -> int:
    """How many of ``values`` occur in some cell of ``sdf``'s string columns (one Spark aggregation, no collect)."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType

    strings = [f.name for f in sdf.schema.fields if isinstance(f.dataType, StringType)]
    if not strings or not values:
        return 0

    def anywhere(value: str) -> Any:
        hits = [F.coalesce(F.col(c).contains(value), F.lit(False)) for c in strings]
        return F.max(functools.reduce(lambda a, b: a | b, hits).cast("int"))

    found = sdf.agg(*[anywhere(v).alias(f"v{i}") for i, v in enumerate(values)]).first()
    return sum(int(x or 0) for x in found) if found is not None else 0


def report_text(report: Any) -> str:
    """Everything a report says about itself, for the seeded-value check."""
    parts = [repr(report), str(report)]
    for name in ("summary", "to_dict"):
        method = getattr(report, name, None)
        if callable(method):
            parts.append(str(method()))
    return "\n".join(parts)


# -- the session ---------------------------------------------------------------------------------------------------


def local_session() -> Any:
    """A ``local[2]`` session on loopback whose workers import this checkout and the benchmark modules."""
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    here = str(Path(__file__).resolve().parent)
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), here, os.environ.get("PYTHONPATH")) if p)
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master(f"local[{CORES}]")
        .appName("privguard-bench")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(CORES))
        .config("spark.driver.memory", "2g")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def _echo(batches: Iterator[Any]) -> Iterator[Any]:
    yield from batches


def warm_up(spark: Any, files: Sequence[str] = ()) -> None:
    """Start the JVM's Python workers once, and read and write Parquet once, so no timed row pays for them.

    The first Parquet job of a session loads the reader's and writer's classes and runs in the JVM's interpreter
    before its compilers catch up (a second or more here): that is JVM start, charged to no row.
    """
    spark.range(0, 1_000, numPartitions=CORES).mapInArrow(_echo, "id long").count()
    if files:
        target = RESULTS / "spark-out" / "warm-up"
        frame = spark.read.parquet(*files)
        frame.mapInArrow(_echo, frame.schema).write.mode("overwrite").parquet(str(target))
        shutil.rmtree(target, ignore_errors=True)


# -- the benchmarks ------------------------------------------------------------------------------------------------


# columns left out of every frame (``--without-note``)
DROPPED: list[str] = []


def read_pandas(files: Sequence[str]) -> Any:
    """The Parquet parts as a pandas frame with pandas' default (Arrow-backed) string dtype."""
    import pyarrow.parquet as pq

    return pq.ParquetDataset(list(files)).read().to_pandas().drop(columns=DROPPED)


def read_spark(spark: Any, files: Sequence[str]) -> Any:
    """The Parquet parts as a Spark DataFrame (lazy)."""
    return spark.read.parquet(*files).drop(*DROPPED)


def forget_scans() -> None:
    """Empty the scanner's cache, so no row is served findings an earlier row computed."""
    try:
        from jupyter_privguard.scanner import default_scanner

        default_scanner().clear_cache()
    except (ImportError, AttributeError):
        pass


def bench_redact(spark: Any, pg: Any, policy: Any, folder: Path, rows: int, values: list[str]) -> list[Row]:
    import pyarrow.parquet as pq

    out_root = RESULTS / "spark-out"
    small = min(SMALL, rows)
    table: list[Row] = []

    def spark_redact(files: Sequence[str], target: Path) -> Callable[[], Any]:
        def run() -> Any:
            shutil.rmtree(target, ignore_errors=True)
            forget_scans()
            safe = pg.redact(read_spark(spark, files), policy=policy)
            safe.write.mode("overwrite").parquet(str(target))
            return target

        return run

    big = Row(f"`redact(sdf)` -> Parquet, Spark local[{CORES}]", rows)
    if rows > small:
        if measure(big, spark_redact(part_files(folder, rows), out_root / "big")) is not None:
            big.leaks = leaks_in_spark(spark.read.parquet(str(out_root / "big")), values)
        table.append(big)

    spark_small = Row(f"`redact(sdf)` -> Parquet, Spark local[{CORES}]", small)
    small_files = part_files(folder, small)
    if measure(spark_small, spark_redact(small_files, out_root / "small")) is not None:
        spark_small.leaks = leaks_in_spark(spark.read.parquet(str(out_root / "small")), values)

    def pandas_redact() -> Any:
        forget_scans()
        frame = read_pandas(small_files)
        safe = pg.redact(frame, policy=policy)
        safe.to_parquet(out_root / "pandas.parquet", index=False)
        return safe

    pandas_row = Row("`redact(pdf)` read + redact + write Parquet, pandas", small, cores=1)
    out_root.mkdir(parents=True, exist_ok=True)
    safe = measure(pandas_row, pandas_redact)
    if safe is not None:
        pandas_row.leaks = leaks_in_arrow(pq.read_table(out_root / "pandas.parquet"), values)
    if spark_small.seconds and pandas_row.seconds:
        spark_small.compared = f"{spark_small.seconds / pandas_row.seconds:.2f}x the pandas path (target <= 3x)"
    if rows > small and big.seconds and pandas_row.seconds:
        big.compared = f"{big.rows / big.seconds / CORES / (small / pandas_row.seconds):.2f}x pandas' rows/s/core"

    # Spark's own cost of the same job without the guard: read, an identity mapInArrow, write. What redaction adds
    # on Spark is the difference to this row; the ratio to pandas above is mostly Spark's I/O and JVM.
    def spark_identity() -> Any:
        target = out_root / "identity"
        shutil.rmtree(target, ignore_errors=True)
        frame = read_spark(spark, small_files)
        frame.mapInArrow(lambda batches: batches, frame.schema).write.mode("overwrite").parquet(str(target))
        return target

    identity = Row(f"baseline: read + identity `mapInArrow` + write, Spark local[{CORES}]", small)
    identity.leaks = None
    if measure(identity, spark_identity) is not None and spark_small.seconds and identity.seconds:
        spark_small.compared += f"; {spark_small.seconds / identity.seconds:.2f}x Spark's own read+write"

    # the floor under both Spark rows: the same read and write with no Python at all (Spark's columnar Parquet
    # reader, its row-based writer); the mapInArrow rows add Spark's conversion of rows to Arrow batches and back
    def spark_plain() -> Any:
        target = out_root / "plain"
        shutil.rmtree(target, ignore_errors=True)
        read_spark(spark, small_files).write.mode("overwrite").parquet(str(target))
        return target

    plain = Row(f"baseline: read + write, no Python, Spark local[{CORES}]", small)
    if measure(plain, spark_plain) is not None and plain.seconds:
        if pandas_row.seconds:
            plain.compared = f"{plain.seconds / pandas_row.seconds:.2f}x the pandas path"
        if spark_small.seconds:
            spark_small.compared += f"; {spark_small.seconds / plain.seconds:.2f}x Spark's read+write with no Python"
    table += [spark_small, pandas_row, identity, plain]
    return table


def bench_presidio(spark: Any, folder: Path, rows: int, slice_rows: int, values: list[str]) -> Row:
    import pyarrow.parquet as pq
    from _presidio_cells import redact_batches

    keep_tldextract_offline()
    slice_rows = min(slice_rows, rows, CHUNK)
    columns = [c for c in PRESIDIO_COLUMNS if c not in DROPPED]
    row = Row(f"Presidio per cell in `mapInPandas`, {len(columns)} columns", slice_rows)
    head = pq.read_table(part_files(folder, 1)[0]).slice(0, slice_rows).to_pandas().drop(columns=DROPPED)
    sdf = spark.createDataFrame(head)
    sdf = sdf.repartition(CORES).cache()
    sdf.count()
    # each worker loads the model on its first batch: done before the clock starts, so the baseline is not charged
    # for it (the guard's rows are charged for building their recognisers, which is cheap)
    spark.range(0, CORES, numPartitions=CORES).mapInPandas(
        functools.partial(redact_batches, columns=[]), "id long"
    ).count()
    target = RESULTS / "spark-out" / "presidio"

    def run() -> Any:
        mapped = sdf.mapInPandas(functools.partial(redact_batches, columns=columns), sdf.schema)
        mapped.write.mode("overwrite").parquet(str(target))
        return target

    if measure(row, run) is not None and row.seconds:
        row.leaks = leaks_in_spark(spark.read.parquet(str(target)), values)
        row.compared = f"scaled to {rows:,} rows: {row.seconds * rows / slice_rows:,.0f} s"
    sdf.unpersist()
    return row


def bench_scan(spark: Any, pg: Any, policy: Any, folder: Path, rows: int, values: list[str]) -> list[Row]:
    table: list[Row] = []
    sizes = sorted({min(SMALL, rows), rows})
    pg.scan(
        read_spark(spark, part_files(folder, sizes[0])), policy=policy
    )  # untimed: the first Parquet read warms the JVM
    for size in sizes:
        row = Row(f"`scan(sdf)`, Spark local[{CORES}]", size)
        sdf = read_spark(spark, part_files(folder, size))
        forget_scans()
        report = measure(row, lambda sdf=sdf: pg.scan(sdf, policy=policy))
        if report is not None:
            row.leaks = leaks_in_text(report_text(report), values)
        table.append(row)
        # the sampler of Spark Connect frames (and of this adapter before): sample(fraction).limit(), which reads
        # every row; the same classification either way (checked: the same entity per column)
        bernoulli = Row(f"baseline: `scan(sdf)` with the Bernoulli sample, Spark local[{CORES}]", size)
        sdf = read_spark(spark, part_files(folder, size))
        forget_scans()
        with _bernoulli_sample():
            other = measure(bernoulli, lambda sdf=sdf: pg.scan(sdf, policy=policy))
        if other is not None:
            bernoulli.leaks = leaks_in_text(report_text(other), values)
            if report is not None:
                same = [c.entity for c in report.columns.values()] == [c.entity for c in other.columns.values()]
                bernoulli.compared = "same entities as the row above" if same else "OTHER ENTITIES than the row above"
        table.append(bernoulli)
    frame = read_pandas(part_files(folder, min(SMALL, rows)))
    base = Row("`scan(pdf)`, pandas", len(frame), cores=1)
    forget_scans()
    report = measure(base, lambda: pg.scan(frame, policy=policy))
    if report is not None:
        base.leaks = leaks_in_text(report_text(report), values)
    for row in table:
        if row.seconds and base.seconds:
            ratio = f"{row.seconds / base.seconds:.2f}x `scan(pdf)` of {base.rows:,}"
            row.compared = f"{ratio}; {row.compared}" if row.compared else ratio
    return table + [base]


@contextmanager
def _bernoulli_sample() -> Iterator[None]:
    """Within the block, ``scan(sdf)`` samples as on Spark Connect (the adapter's fallback)."""
    from jupyter_privguard.adapters import spark as adapter

    spread = adapter._spread_sample
    adapter._spread_sample = lambda frame, size: None
    try:
        yield
    finally:
        adapter._spread_sample = spread


def bench_reidentification(spark: Any, pg: Any, folder: Path, rows: int, values: list[str]) -> list[Row]:
    from pyspark.sql import functions as F

    sdf = read_spark(spark, part_files(folder, rows)).withColumn("birth_year", F.substring("birth_date", 1, 4))
    row = Row(f"`reidentification(sdf)` on {', '.join(QUASI)}, Spark local[{CORES}]", rows)
    report = measure(row, lambda: pg.reidentification(sdf, quasi_identifiers=QUASI))
    if report is not None:
        row.leaks = leaks_in_text(report_text(report), values)
    frame = read_pandas(part_files(folder, min(SMALL, rows)))
    frame["birth_year"] = frame["birth_date"].str.slice(0, 4)
    base = Row("`reidentification(pdf)`, pandas", len(frame), cores=1)
    pandas_report = measure(base, lambda: pg.reidentification(frame, quasi_identifiers=QUASI))
    if pandas_report is not None:
        base.leaks = leaks_in_text(report_text(pandas_report), values)
    counts = Row("`groupby(quasi).size()`, pandas (counts only)", len(frame), cores=1)
    measure(counts, lambda: frame.groupby(QUASI, observed=True).size())
    if row.seconds and base.seconds:
        row.compared = (
            f"k={report.k}, unique share {report.unique_share:.3f}; pandas on {base.rows:,}: {base.seconds:.2f} s"
        )
    if pandas_report is not None:
        base.compared = f"k={pandas_report.k}, unique share {pandas_report.unique_share:.3f}"
    return [row, base, counts]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000, help="rows of the large runs (default 10,000,000)")
    parser.add_argument("--slice", type=int, default=2_000, help="rows of the Presidio-per-cell baseline")
    parser.add_argument("--seed", type=int, default=7, help="seed of the generated data")
    parser.add_argument(
        "--without-note", action="store_true", help="leave the free-text column out (measures the structured path)"
    )
    parser.add_argument("--scan-only", action="store_true", help="only the scan rows (the docs are not written)")
    parser.add_argument("--redact-only", action="store_true", help="only the redact rows (the docs are not written)")
    parser.add_argument("--write-docs", action="store_true", help="write the table into docs/benchmarks.md")
    args = parser.parse_args(argv)
    if args.rows < 1 or args.slice < 1:
        parser.error(f"--rows and --slice must be positive, got {args.rows} and {args.slice}")
    if args.without_note:
        DROPPED.append("note")
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support", category=FutureWarning)

    RESULTS.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    folder, written = write_folder(RESULTS, args.rows, args.seed)
    verb = "wrote" if written else "reused"
    print(f"{verb} {args.rows:,} rows at {folder} ({time.perf_counter() - start:.1f} s)", file=sys.stderr)
    values = seeded_values(args.rows, args.seed)

    import jupyter_privguard as pg

    policy = pg.Policy(ner="off")
    start = time.perf_counter()
    spark = local_session()
    warm_up(spark, part_files(folder, 1))
    print(f"session and Python workers started in {time.perf_counter() - start:.1f} s (not timed)", file=sys.stderr)
    try:
        if args.scan_only:
            rows = bench_scan(spark, pg, policy, folder, args.rows, values)
        elif args.redact_only:
            rows = bench_redact(spark, pg, policy, folder, args.rows, values)
        else:
            rows = bench_redact(spark, pg, policy, folder, args.rows, values)
            rows.append(bench_presidio(spark, folder, args.rows, args.slice, values))
            rows += bench_scan(spark, pg, policy, folder, args.rows, values)
            rows += bench_reidentification(spark, pg, folder, args.rows, values)
    finally:
        spark.stop()

    info = machine_info(["pyspark", "pandas", "pyarrow", "presidio-analyzer", "spacy"])
    info["columns"] = "all 10" if not DROPPED else f"all but {', '.join(DROPPED)}"
    info["policy"] = "Policy(ner='off'); the scanner's cache emptied before every row"
    info["seeded values checked"] = f"{len(values)} distinct raw values of the seeded rows"
    info["memory"] = f"{info['memory']}; driver RSS = Python driver + driver JVM, psutil every 50 ms"
    text = f"{format_info(info)}\n\n{render(rows)}"
    print(text)
    if args.write_docs and not (args.scan_only or args.redact_only):
        replace_doc_section(REPO_ROOT / "docs" / "benchmarks.md", "spark", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
