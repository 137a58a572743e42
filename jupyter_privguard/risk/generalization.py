"""The generalisation search of re-identification: one ladder per quasi-identifier, a greedy walk to k.

Each quasi-identifier gets a ladder of generalisation levels, computed on its distinct values only and
mapped to the rows by code. :func:`_generalize` climbs the ladders one step at a time until at most the
allowed share of rows is left in classes smaller than ``k``, suppresses those rows and returns a
:class:`Generalization`. The public entry is :meth:`~jupyter_privguard.risk.RiskReport.generalize`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .columns import _fallback_entity
from .equivalence_classes import _classes

if TYPE_CHECKING:
    import pandas as pd

    # for annotations only: the report module imports this one at run time
    from .risk_report import RiskReport

__all__ = ["DEFAULT_MAX_SUPPRESSION", "Generalization"]

# Suppression is the last resort: the greedy search generalises until at most this share of rows is
# still in a class smaller than k, and only those rows are removed.
DEFAULT_MAX_SUPPRESSION = 0.05


@dataclass
class Generalization:
    """The result of :meth:`RiskReport.generalize`: a new frame and what was changed to get it.

    Unpacks as ``frame, changes = report.generalize(k=5)``.
    """

    frame: pd.DataFrame
    changes: list[dict[str, Any]]
    k_target: int
    k: int
    suppressed: int
    levels: dict[str, int]
    unique_share: float

    def __iter__(self) -> Iterator[Any]:
        yield self.frame
        yield self.changes

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (no values)."""
        return {
            "k_target": self.k_target,
            "k": self.k,
            "suppressed": self.suppressed,
            "unique_share": self.unique_share,
            "levels": dict(self.levels),
            "changes": list(self.changes),
        }

    def __repr__(self) -> str:
        return (
            f"<Generalization k={self.k} (target {self.k_target}), {len(self.changes)} changes, "
            f"{self.suppressed} rows suppressed>"
        )


# ---------------------------------------------------------------------------------------------------
# Generalisation hierarchies: computed on the distinct values only, then mapped to rows by code
# ---------------------------------------------------------------------------------------------------


@dataclass
class _Ladder:
    """One quasi-identifier's generalisation levels (level 0 = the original values)."""

    column: Hashable
    kind: str  # "prefix" | "date" | "band" | "category"
    base_codes: np.ndarray  # row -> index into the distinct values
    labels: list[np.ndarray]  # per level: label for each distinct value (object array)
    level_codes: list[np.ndarray]  # per level: distinct value -> code at that level
    level_sizes: list[int]
    descriptions: list[str]

    @property
    def top(self) -> int:
        return len(self.labels) - 1

    def codes(self, level: int) -> tuple[np.ndarray, int]:
        return self.level_codes[level][self.base_codes], self.level_sizes[level]


def _unless(mask: Any, values: Any) -> np.ndarray:
    """``values`` as an object array with ``None`` where ``mask`` is true (missing stays missing)."""
    out = np.array(values, dtype=object)
    out[np.asarray(mask, dtype=bool)] = None
    return out


def _factorize_labels(labels: np.ndarray) -> tuple[np.ndarray, int]:
    import pandas as pd

    codes, uniq = pd.factorize(labels, use_na_sentinel=False)
    return codes.astype(np.int64), max(len(uniq), 1)


def _ladder(frame: pd.DataFrame, column: Hashable, entity: str | None, k: int) -> _Ladder:
    import pandas as pd

    s = frame[column]
    base_codes, uniq = pd.factorize(s, use_na_sentinel=False)
    base_codes = base_codes.astype(np.int64)
    counts = np.bincount(base_codes, minlength=len(uniq))
    values = pd.Series(np.asarray(uniq, dtype=object))
    missing = values.isna().to_numpy()
    levels: list[np.ndarray] = []
    descriptions: list[str] = []
    name = str(column).lower()
    is_dt = pd.api.types.is_datetime64_any_dtype(s)
    kind = "category"
    if entity == "POSTAL_CODE":
        kind = "prefix"
        text = values.astype(str).str.strip()
        width = int(text[~missing].str.len().max()) if (~missing).any() else 0
        for keep in range(width - 1, 0, -1):
            levels.append(_unless(missing, (text.str[:keep] + "*" * (width - keep)).to_numpy()))
            descriptions.append(f"kept the first {keep} of {width} characters")
    elif is_dt or entity in ("DATE_OF_BIRTH", "DATE_TIME"):
        parsed = pd.to_datetime(values, errors="coerce", format="mixed") if not is_dt else pd.to_datetime(values)
        if parsed.notna().mean() >= 0.9:
            kind = "date"
            year = parsed.dt.year
            ok = parsed.notna().to_numpy()
            levels.append(_unless(~ok, parsed.dt.strftime("%Y-%m").to_numpy(dtype=object)))
            descriptions.append("dates reduced to year and month")
            levels.append(_unless(~ok, year.astype("Int64").astype(str).to_numpy(dtype=object)))
            descriptions.append(
                "dates reduced to the year (birth year)" if entity == "DATE_OF_BIRTH" else "dates reduced to the year"
            )
            for w in (5, 10):
                lo = (year // w) * w
                lab = lo.astype("Int64").astype(str) + "-" + (lo + w - 1).astype("Int64").astype(str)
                levels.append(_unless(~ok, lab.to_numpy(dtype=object)))
                descriptions.append(f"dates reduced to {w}-year bands")
    is_age = entity == "AGE" or re.search(r"(^|[^a-z])age($|[^a-z])", name) is not None
    if (
        kind == "category"
        and pd.api.types.is_numeric_dtype(s)
        and not pd.api.types.is_bool_dtype(s)
        and (len(uniq) > 10 or is_age)
    ):
        kind = "band"
        num = pd.to_numeric(values, errors="coerce").astype(float)
        if is_age:
            for w in (5, 10, 20, 40):
                low = np.floor(num / w) * w
                levels.append(_unless(missing, [f"{a:.0f}-{a + w - 1:.0f}" if np.isfinite(a) else None for a in low]))
                descriptions.append(f"ages in {w}-year bands")
        else:
            # Bands at quantiles of the rows (not of the distinct values), from fine to coarse.
            row_values = num.to_numpy()[base_codes]
            for q in (10, 5, 3, 2):
                edges = np.unique(np.nanquantile(row_values, np.linspace(0, 1, q + 1)))
                if len(edges) < 2:
                    continue
                idx = np.clip(np.searchsorted(edges, num.to_numpy(), side="right") - 1, 0, len(edges) - 2)
                levels.append(
                    _unless(missing, np.array([f"band {i + 1} of {len(edges) - 1}" for i in idx], dtype=object))
                )
                descriptions.append(f"values in {len(edges) - 1} quantile bands")
    if kind == "category":
        cells = values.astype(str).to_numpy(dtype=object)
        n = len(frame)
        seen: set[int] = set()
        for threshold in (k, max(k, int(0.01 * n)), max(k, int(0.05 * n)), max(k, int(0.2 * n))):
            rare = (counts < threshold) & ~missing
            n_rare = int(rare.sum())
            if n_rare < 2 or n_rare in seen or n_rare == len(uniq):
                continue
            seen.add(n_rare)
            levels.append(np.where(rare, "Other", _unless(missing, cells)))
            descriptions.append(f"merged {n_rare} categories with fewer than {threshold} rows into 'Other'")
    levels.append(np.full(len(uniq), "*", dtype=object))
    descriptions.append("replaced by '*' (fully generalised)")
    all_levels = [_unless(missing, values.to_numpy(dtype=object))] + levels
    level_codes, level_sizes = [], []
    for level in all_levels:
        c, size = _factorize_labels(level)
        level_codes.append(c)
        level_sizes.append(size)
    return _Ladder(column, kind, base_codes, all_levels, level_codes, level_sizes, ["original"] + descriptions)


def search_levels(
    tops: Sequence[int], allowed: int, short_rows: Callable[[list[list[int]]], list[int]]
) -> tuple[list[int], int]:
    """The greedy walk up the ladders, shared by the pandas and the Spark paths.

    ``tops`` are the ladders' highest levels; ``short_rows(trials)`` says, for each list of levels, how many rows
    are in classes smaller than k (Spark counts a step's trials in one job). Returns the levels and the rows still
    short. Each step takes the one-level move that rescues the most rows per unit of information lost (a level is
    ``1 / top`` of its column's ladder), on a plateau the one that loses least, on a tie the first column.
    """
    levels = [0] * len(tops)
    (bad,) = short_rows([levels])
    while bad > allowed:
        open_ = [i for i, top in enumerate(tops) if levels[i] < top]
        if not open_:
            break
        trials = [[lv + int(j == i) for j, lv in enumerate(levels)] for i in open_]
        best: tuple[float, int, float, int] | None = None
        for i, trial_bad in zip(open_, short_rows(trials)):
            loss = 1.0 / tops[i]
            candidate = (-(bad - trial_bad) / loss, trial_bad, loss, i)
            if best is None or candidate[:3] < best[:3]:
                best = candidate
        assert best is not None
        levels[best[3]] += 1
        (bad,) = short_rows([levels])
    return levels, bad


def level_change(ladder: Any, level: int) -> dict[str, Any]:
    """The report's record of one column taken up its ladder (names and counts, no value)."""
    return {
        "column": str(ladder.column),
        "action": ladder.kind,
        "level": level,
        "levels": ladder.top,
        "detail": ladder.descriptions[level],
    }


def _generalize(report: RiskReport, k: int, max_suppression: float) -> Generalization:
    frame = report._frame
    assert frame is not None
    n = len(frame)
    qi = report._labels
    entity_of = {c: report.entities.get(str(c)) for c in qi}
    # Columns named by the caller were not classified: their header words decide the ladder.
    ladders = [_ladder(frame, c, entity_of[c] or _fallback_entity(str(c)), k) for c in qi]
    allowed = int(math.floor(max_suppression * n))

    cache: dict[tuple[int, int], tuple[np.ndarray, int]] = {}

    def codes(i: int, level: int) -> tuple[np.ndarray, int]:
        if (i, level) not in cache:
            cache[(i, level)] = ladders[i].codes(level)
        return cache[(i, level)]

    def short_rows(lv: Sequence[int]) -> tuple[int, np.ndarray]:
        cls = _classes([codes(i, level) for i, level in enumerate(lv)], n)
        small = cls.row_sizes < k
        return int(small.sum()), small

    levels, bad = search_levels(
        [lad.top for lad in ladders], allowed, lambda trials: [short_rows(t)[0] for t in trials]
    )
    small = short_rows(levels)[1]

    out = frame.copy()
    changes: list[dict[str, Any]] = []
    for lad, level in zip(ladders, levels):
        if level == 0:
            continue
        import pandas as pd

        new = lad.labels[level][lad.base_codes]
        out[lad.column] = pd.Series(new, index=frame.index, dtype="str")
        changes.append(level_change(lad, level))
    suppressed = 0
    if bad:
        suppressed = int(small.sum())
        out = out.loc[~small]
        changes.append(
            {
                "column": None,
                "action": "suppress",
                "rows": suppressed,
                "detail": f"removed {suppressed} rows still in classes smaller than {k}",
            }
        )
    if len(out):
        kept = ~small if bad else np.ones(n, dtype=bool)
        final = _classes(
            [(lad.codes(level)[0][kept], lad.level_sizes[level]) for lad, level in zip(ladders, levels)],
            int(kept.sum()),
        )
        k_reached = int(final.present_sizes.min())
        uniq_share = float((final.row_sizes == 1).mean())
    else:
        k_reached, uniq_share = 0, 0.0
    return Generalization(
        frame=out,
        changes=changes,
        k_target=k,
        k=k_reached,
        suppressed=suppressed,
        levels={str(lad.column): lv for lad, lv in zip(ladders, levels)},
        unique_share=uniq_share,
    )
