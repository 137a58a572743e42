"""The leak strength: ROC AUC (macro one-vs-rest for several groups) and its bootstrap interval, vectorised.

Bootstrap replicates are row weights, so all of them are scored in one pass over the sorted scores.
"""

from __future__ import annotations

import numpy as np

from .limits import N_BOOTSTRAP


def _weighted_auc(score: np.ndarray, positive: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """AUC for each row of ``weights`` (bootstrap replicates), ties counted half, in O(B * n)."""
    order = np.argsort(score, kind="mergesort")
    s, pos = score[order], positive[order]
    w = weights[:, order]
    starts = np.flatnonzero(np.r_[True, s[1:] != s[:-1]])
    pos_w = np.add.reduceat(np.where(pos, w, 0.0), starts, axis=1)
    neg_w = np.add.reduceat(np.where(pos, 0.0, w), starts, axis=1)
    below = np.cumsum(neg_w, axis=1) - neg_w
    num = (pos_w * (below + 0.5 * neg_w)).sum(axis=1)
    den = pos_w.sum(axis=1) * neg_w.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def _macro_auc(proba: np.ndarray, y: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """Binary AUC, or the macro average of one-vs-rest AUCs, per row of ``weights`` (None: one, unweighted)."""
    if weights is None:
        weights = np.ones((1, len(y)), dtype=np.float32)
    if proba.shape[1] == 2:
        return _weighted_auc(proba[:, 1], y == 1, weights)
    per_class = [_weighted_auc(proba[:, c], y == c, weights) for c in range(proba.shape[1])]
    return np.asarray(np.nanmean(np.vstack(per_class), axis=0), dtype=np.float64)


def _auc_with_interval(proba: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> tuple[float, float, float]:
    """The AUC of out-of-fold predictions and a 95% percentile bootstrap interval (rows resampled)."""
    n = len(y)
    point = float(_macro_auc(proba, y)[0])
    reps = []
    chunk = 50
    for _ in range(N_BOOTSTRAP // chunk):
        # resampling as counts per row: the same bootstrap without copying the data
        draws = rng.integers(0, n, size=(chunk, n))
        weights = np.zeros((chunk, n), dtype=np.float32)
        for r in range(chunk):
            weights[r] = np.bincount(draws[r], minlength=n)
        reps.append(_macro_auc(proba, y, weights))
    boot = np.concatenate(reps)
    boot = boot[np.isfinite(boot)]
    lo, hi = np.quantile(boot, [0.025, 0.975]) if len(boot) else (np.nan, np.nan)
    return point, float(lo), float(hi)
