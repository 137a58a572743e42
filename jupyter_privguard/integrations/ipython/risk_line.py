"""The re-identification line of the display banner: "N rows (x%) are unique on QI1, QI2 — %privguard risk VAR"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ... import render

if TYPE_CHECKING:
    import pandas as pd

    from ...render import Bundle, DisplayInfo
    from ...report import ScanReport
    from .display import DisplayGuard

__all__ = ["with_risk_line"]

# The re-identification line: frames this long or longer, with at least this many quasi-identifiers.
_RISK_MIN_ROWS = 20
_RISK_MIN_QIS = 2
# Its cache: results per (size, quasi-identifiers, digest of this many evenly spread rows).
_RISK_CACHE_SIZE = 64
_RISK_DIGEST_ROWS = 128


def with_risk_line(
    guard: DisplayGuard, df: pd.DataFrame, report: ScanReport, label: str | None, info: DisplayInfo, bundle: Bundle
) -> Bundle:
    """Add "N rows (x%) are unique on QI1, QI2 — %privguard risk VAR" under the banner.

    The line is advice: when anything goes wrong it is left out and the (redacted) table is
    shown as it is, so this never raises into the display path.
    """
    try:
        found = _unique_rows(guard, df, report)
        if found is None or found[0] == 0:
            return bundle
        n_unique, names = found
        text, markup = render.unique_rows_line(n_unique, len(df), names, label)
        payload = {"quasi_identifiers": names, "unique_rows": n_unique, "unique_share": n_unique / len(df)}
        return render.add_banner_line(bundle, info, text, markup, payload=payload)
    except Exception:
        return bundle


def _unique_rows(guard: DisplayGuard, df: pd.DataFrame, report: ScanReport) -> tuple[int, list[str]] | None:
    """``(rows unique on the quasi-identifiers, their names)``, or ``None`` when there is nothing to check.

    The quasi-identifiers are the ones :func:`~jupyter_privguard.risk.reidentification` would
    suggest for the same policy (class ``quasi``, not allowed), taken from the report this display
    already has, so ``%privguard risk VAR`` reports the same count. Results are cached by the
    frame's size, the quasi-identifiers and a digest of evenly spread rows of them (like the
    scanner's fingerprints, a change outside those rows is not seen): a repeat display costs the
    digest only.
    """
    if not guard.risk_warning or len(df) < _RISK_MIN_ROWS:
        return None
    quasi = [(name, f.position) for name, f in report.columns.items() if f.category == "quasi" and not f.allowed]
    if len(quasi) < _RISK_MIN_QIS:
        return None
    import numpy as np
    from pandas.util import hash_pandas_object

    names = [name for name, _ in quasi]
    sub = df.iloc[:, [position for _, position in quasi]]
    n = len(sub)
    rows = np.unique(np.linspace(0, n - 1, min(n, _RISK_DIGEST_ROWS)).astype(np.int64))
    digest = hash_pandas_object(sub.iloc[rows], index=False).to_numpy().tobytes()
    key = (n, tuple(names), tuple(str(t) for t in sub.dtypes), digest)
    cached = guard._risk_cache.get(key)
    if cached is None:
        from ...risk.reidentification import unique_rows

        cached = unique_rows(sub)
        guard._risk_cache[key] = cached
        if len(guard._risk_cache) > _RISK_CACHE_SIZE:
            guard._risk_cache.popitem(last=False)
    else:
        guard._risk_cache.move_to_end(key)
    return cached, names
