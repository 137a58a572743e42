"""The leakage model: the boosted trees, their SHAP attribution, the proxy flags and the user model's gap.

:func:`_analyse` cross-validates a model per sensitive attribute, explains a holdout with SHAP's
``TreeExplainer``, confirms the top features by leaving them out and flags the proxies;
:func:`_model_gap` splits the gap in the user's own model output between two groups per feature.
scikit-learn and SHAP are imported inside the functions, at the first call.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

import numpy as np

from .auc import _auc_with_interval, _macro_auc
from .figures import value_ranks
from .leakage_report import AttributeLeak, FeatureLeak, ModelGap
from .limits import _HASH_SEED, N_CONFIRM, SHAP_ROWS

if TYPE_CHECKING:
    import pandas as pd


def _model(n_rows: int) -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier

    # Modest capacity and early stopping on a 10% validation split: once the signal is learnt,
    # further trees only fit noise, and noise features would then collect SHAP credit.
    return HistGradientBoostingClassifier(
        max_iter=200,
        learning_rate=0.1,
        max_leaf_nodes=15,
        min_samples_leaf=max(5, min(50, n_rows // 100)),
        early_stopping=n_rows >= 200,
        validation_fraction=0.1,
        n_iter_no_change=5,
        random_state=_HASH_SEED,
    )


def _binned(x: np.ndarray, n_bins: int = 32) -> np.ndarray:
    """Bin codes for one feature: quantile bins (codes pass through when few), missing as its own bin."""
    finite = np.isfinite(x)
    out = np.full(len(x), n_bins, dtype=np.int64)
    if finite.any():
        uniq = np.unique(x[finite])
        if len(uniq) <= n_bins:
            out[finite] = np.searchsorted(uniq, x[finite])
        else:
            edges = np.unique(np.quantile(x[finite], np.linspace(0, 1, n_bins + 1)[1:-1]))
            out[finite] = np.searchsorted(edges, x[finite], side="right")
    return out


def _alone_aucs(X: np.ndarray, y: np.ndarray, splits: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Out-of-fold AUC of each feature alone: group shares per bin, learnt on the training folds."""
    n_classes = int(y.max()) + 1
    out = np.empty(X.shape[1])
    for j in range(X.shape[1]):
        b = _binned(X[:, j])
        n_b = int(b.max()) + 1
        proba = np.zeros((len(y), n_classes))
        for train, test in splits:
            counts = np.zeros((n_b, n_classes))
            np.add.at(counts, (b[train], y[train]), 1.0)
            prior = np.bincount(y[train], minlength=n_classes) / len(train)
            # a pseudo-count of 1 row spread by the prior keeps rare bins near the base rate
            table = (counts + prior) / (counts.sum(axis=1, keepdims=True) + 1.0)
            proba[test] = table[b[test]]
        out[j] = float(_macro_auc(proba, y)[0])
    return out


def _strength(auc: float, lo: float, min_auc: float) -> str:
    if not math.isfinite(auc) or not math.isfinite(lo) or lo <= 0.5 or auc < 0.55:
        return "none"
    if auc < min_auc:
        return "weak"
    if auc >= 0.8:
        return "strong"
    if auc >= 0.7:
        return "moderate"
    return "weak"


def _analyse(
    X: np.ndarray,
    names: list[str],
    y: np.ndarray,
    kind: str,
    sensitive: str,
    *,
    proxy_share: float,
    min_auc: float,
    rng: np.random.Generator,
) -> AttributeLeak:
    import shap
    from sklearn.model_selection import StratifiedKFold, train_test_split

    notes: list[str] = []
    n = len(y)
    counts = np.bincount(y)
    n_classes = len(counts)
    # Past 20,000 rows, 3 folds: each model still trains on 13,000+ rows, and two fits are saved.
    wanted = 5 if n < 20_000 else 3
    folds = int(min(wanted, counts.min()))
    if folds < wanted:
        notes.append(
            f"The smallest group has {int(counts.min())} rows: {folds}-fold cross-validation "
            f"instead of {wanted}; the interval is wide."
        )
    if counts.min() / n < 0.05:
        notes.append(
            f"Imbalanced groups (smallest {counts.min() / n:.1%} of rows): AUC is insensitive to the "
            "imbalance, but the interval is wider."
        )
    proba = np.zeros((n, n_classes))
    fold_aucs = []
    splits = list(StratifiedKFold(folds, shuffle=True, random_state=_HASH_SEED).split(X, y))
    for train, test in splits:
        m = _model(len(train)).fit(X[train], y[train])
        proba[test] = m.predict_proba(X[test])
        fold_aucs.append(float(_macro_auc(proba[test], y[test])[0]))
    auc, lo, hi = _auc_with_interval(proba, y, rng)
    strength = _strength(auc, lo, min_auc)

    # One stratified holdout serves both the SHAP attribution (explained on rows the model has not
    # seen) and the drop-column confirmation. TreeExplainer gets no background data: with
    # HistGradientBoosting, shap 0.51 returns wrong values when it is given some.
    holdout = counts.min() >= 4 and X.shape[1] >= 1
    if holdout:
        tr, te = train_test_split(np.arange(n), test_size=0.25, stratify=y, random_state=_HASH_SEED)
        holdout = len(np.unique(y[te])) == n_classes
    if not holdout:
        tr = te = np.arange(n)
    final = _model(len(tr)).fit(X[tr], y[tr])
    idx = te if len(te) <= SHAP_ROWS else rng.choice(te, size=SHAP_ROWS, replace=False)
    values = np.asarray(shap.TreeExplainer(final).shap_values(X[idx]))
    # rows x features x classes for several groups: a feature's part is summed over the classes
    per_row = np.abs(values).sum(axis=2) if values.ndim == 3 else np.abs(values)
    mean_abs = per_row.mean(axis=0)
    total = float(mean_abs.sum())
    shares = mean_abs / total if total > 0 else np.zeros_like(mean_abs)

    leaks = auc >= min_auc and lo > 0.5
    order = np.argsort(-shares, kind="stable")
    alone = _alone_aucs(X, y, splits)
    # A feature alone is evidence when its AUC clears chance by 2.5 null standard errors (Hanley &
    # McNeil: var = (n1 + n2 + 1) / (12 n1 n2) at AUC 0.5, smallest group against the rest).
    n_small = float(counts.min())
    alone_bar = max(0.55, 0.5 + 2.5 * math.sqrt((n + 1) / (12.0 * n_small * (n - n_small))))
    features = [FeatureLeak(names[i], float(shares[i]), False, auc_alone=float(alone[i])) for i in order]

    # Drop-column confirmation of the top features: refit without each, compare on the holdout.
    top = [i for i in order[:N_CONFIRM] if shares[i] > 0]
    if holdout and top and X.shape[1] > 1:
        base_auc = float(_macro_auc(final.predict_proba(X[te]), y[te])[0])
        by_name = {f.name: f for f in features}
        for i in top:
            cols = [j for j in range(X.shape[1]) if j != i]
            m = _model(len(tr)).fit(X[tr][:, cols], y[tr])
            by_name[names[i]].drop_auc = base_auc - float(_macro_auc(m.predict_proba(X[te][:, cols]), y[te])[0])
    # A proxy: the attribute leaks, the feature carries a real share of the attribution, and there is
    # evidence beyond the attribution that it carries the attribute (alone, or by the AUC lost without
    # it); noise features a model happens to split on fail the last test.
    for f in features:
        evidence = (f.auc_alone or 0.0) >= alone_bar or (f.drop_auc or 0.0) >= 0.01
        f.proxy = bool(leaks and f.share >= proxy_share and evidence)
    shared = [f.name for f in features if f.proxy and f.drop_auc is not None and f.drop_auc < 0.005]
    if shared:
        notes.append(
            f"Leaving out {', '.join(shared)} alone barely lowers the AUC: other features carry "
            "the same information (redundant proxies); removing one is not enough."
        )
    if not leaks and strength != "none":
        notes.append(f"AUC below the proxy threshold ({min_auc:.2f}): no feature is flagged.")
    return AttributeLeak(
        sensitive=sensitive,
        auc=auc,
        auc_interval=(lo, hi),
        fold_aucs=fold_aucs,
        features=features,
        n_rows=n,
        group_sizes=[int(c) for c in counts],
        target_kind=kind,
        strength=strength,
        notes=notes,
        _shap=values if values.ndim == 2 else per_row,
        _ranks=value_ranks(X[idx]),
    )


def _model_gap(
    model: Any,
    frame: pd.DataFrame,
    features: list[Hashable],
    y: np.ndarray,
    keep: np.ndarray,
    sensitive: str,
    rng: np.random.Generator,
) -> tuple[ModelGap | None, str | None]:
    """Split the gap in the user's model output between the two largest groups per feature."""
    import shap

    X = frame.loc[keep, features]
    groups = y[keep]
    if len(np.unique(groups)) < 2:
        return None, f"{sensitive}: fewer than two groups; no model gap."
    idx = rng.choice(len(X), size=min(len(X), 2_000), replace=False)
    Xs, gs = X.iloc[idx], groups[idx]
    output = "model output"
    try:
        explainer = shap.TreeExplainer(model)
        values = explainer.shap_values(Xs)
        output = "raw model output (log-odds for boosted classifiers) as explained by TreeExplainer"
    except Exception:
        try:
            f = model.predict_proba if hasattr(model, "predict_proba") else model.predict
            background = Xs.iloc[: min(100, len(Xs))]
            small = Xs.iloc[: min(300, len(Xs))]
            explanation = shap.Explainer(f, background)(small)
            values, gs = explanation.values, gs[: len(small)]
            output = "predicted probability" if hasattr(model, "predict_proba") else "prediction"
        except Exception as exc:
            return None, f"The model could not be explained with SHAP ({type(exc).__name__}); no model gap."
    values = np.asarray(values)
    if values.ndim == 3:
        # rows x features x classes: explain the last class (the positive class of a binary model)
        values = values[:, :, -1]
        output += ", last class"
    a, b = 0, 1  # groups are numbered by size: the two largest
    ma, mb = gs == a, gs == b
    if not ma.any() or not mb.any():
        return None, f"{sensitive}: the sample lacks one of the two largest groups; no model gap."
    parts = values[ma].mean(axis=0) - values[mb].mean(axis=0)
    contributions = sorted(zip([str(c) for c in features], map(float, parts)), key=lambda t: -abs(t[1]))
    return ModelGap(sensitive, output, (int(ma.sum()), int(mb.sum())), float(parts.sum()), contributions), None
