"""Table files at rest (``.csv``, ``.parquet``, ``.json``): read with pandas, scanned column by column.

:func:`scan_table_file` gives one :class:`Finding` per personal-data column. Uses :mod:`.results`
(pandas, pyarrow and the scanner are imported when a file is scanned).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from .results import Finding

if TYPE_CHECKING:
    from ..policy import Policy


def _read_table(path: str, max_rows: int) -> Any:
    import pandas as pd

    suffix = os.path.splitext(path)[1].lower()
    if suffix == ".csv":
        return pd.read_csv(path, nrows=max_rows, dtype=str, keep_default_na=True, on_bad_lines="skip")
    if suffix == ".parquet":
        try:
            import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]
        except ImportError:
            from ..errors import MissingDependencyError

            raise MissingDependencyError(
                "reading .parquet files needs pyarrow, a dependency of jupyter-privguard: `pip install 'pyarrow>=14'`"
            ) from None
        reader = pq.ParquetFile(path)
        batch = next(reader.iter_batches(batch_size=max_rows), None)
        return batch.to_pandas() if batch is not None else reader.schema_arrow.empty_table().to_pandas()
    if suffix == ".json":
        with open(path, "rb") as fh:
            head = fh.read(1 << 16).lstrip()
        if head.startswith(b"{") and b"\n{" in head:  # JSON lines
            return pd.read_json(path, lines=True, nrows=max_rows, dtype=False)
        frame = pd.read_json(path, dtype=False)
        return frame.head(max_rows)
    raise ValueError(f"expected a .csv, .parquet or .json file, got {path!r}")


def scan_table_file(path: str, policy: Policy | None = None, *, max_rows: int = 10_000) -> list[Finding]:
    """Findings for a data file read with pandas: one per personal-data column.

    Large files are sample-read: the first ``max_rows`` rows (the column scanner samples within them).
    """
    from ..scanner import scan

    if policy is None:
        from ..policy import Policy

        policy = Policy.load()
    frame = _read_table(path, max_rows)
    report = scan(frame, policy=policy)
    findings = []
    for name, f in report.columns.items():
        if not f.is_pii or f.allowed:
            continue
        if f.entity is not None:
            if f.score < policy.threshold_for(f.entity) or policy.action_for(f.entity) == "keep":
                continue
            findings.append(
                Finding(
                    path, f.entity, round(f.score, 4), f.n_rows - f.n_missing, None, None, _mime_of(path), name, "scan"
                )
            )
        else:
            for entity in f.span_entities:
                spans = [s for s in f.spans if s.entity == entity]
                best = max((s.score for s in spans), default=f.score)
                if best < policy.threshold_for(entity) or policy.action_for(entity) == "keep":
                    continue
                findings.append(
                    Finding(
                        path, entity, round(best, 4), len(spans), None, None, _mime_of(path), name, "scan:free-text"
                    )
                )
    return findings


def _mime_of(path: str) -> str:
    return {".csv": "text/csv", ".parquet": "application/vnd.apache.parquet", ".json": "application/json"}.get(
        os.path.splitext(path)[1].lower(), "application/octet-stream"
    )
