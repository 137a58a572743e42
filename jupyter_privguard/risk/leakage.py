"""Proxy leakage: which features of a table carry a sensitive attribute, and how strongly.

For each sensitive attribute a gradient-boosted model (scikit-learn's ``HistGradientBoostingClassifier``)
is trained to predict it from the other features. How well it can is the *leak strength*: the
cross-validated ROC AUC (macro one-vs-rest for more than two groups) against the 0.5 of chance, with a
95% bootstrap interval over the out-of-fold predictions. The model's predictions are then attributed to
the features with SHAP (``TreeExplainer``, exact for trees), normalised into shares that sum to 1, and
the top features are confirmed by how much the AUC drops when each is left out.

A feature is flagged as a *proxy* when the attribute leaks (AUC at least ``min_auc`` and the interval
above chance) and the feature carries at least ``proxy_share`` of the attribution.

With the user's own fitted ``model``, the gap in its output between the groups of the sensitive attribute
is split per feature with SHAP's additivity: ``mean f(x | group a) - mean f(x | group b)`` equals the sum
over features of the same difference of mean SHAP values, so each feature's part of the gap is exact.

Reports hold column names, counts, scores and shares; never a raw value (groups are numbered by size).
"""

from __future__ import annotations

import html
import json
import math
import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ..entities import ENTITIES
from ..errors import MissingDependencyError
from .reidentification import _as_pandas, _pyplot, _resolve_columns, _svg_bars, column_entities

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["AttributeLeak", "FeatureLeak", "LeakageReport", "ModelGap", "leakage"]

MAX_ROWS = 50_000  # larger frames are subsampled (stratified); the interval says what that costs
SHAP_ROWS = 1_000  # rows explained by SHAP (TreeExplainer cost is linear in rows)
MAX_CATEGORIES = 50  # more levels than this: the rarest are pooled into one
MIN_GROUP = 20  # groups of the sensitive attribute smaller than this are pooled (or dropped)
MAX_GROUPS = 10
N_BOOTSTRAP = 200
N_CONFIRM = 3  # top features confirmed by leaving them out
_HASH_SEED = 0


def _require_risk_extra() -> tuple[Any, Any]:
    try:
        import shap
        import sklearn
    except ImportError as exc:
        raise MissingDependencyError(
            f"leakage() needs scikit-learn and shap, and {exc.name or 'one of them'} is not installed; "
            "install the extra: pip install 'jupyter-privguard[risk]'"
        ) from None
    return sklearn, shap


# ---------------------------------------------------------------------------------------------------
# Report objects
# ---------------------------------------------------------------------------------------------------


@dataclass
class FeatureLeak:
    """One feature's part in predicting a sensitive attribute."""

    name: str
    share: float  # normalised mean |SHAP|; the shares of an attribute sum to 1
    proxy: bool
    drop_auc: float | None = None  # AUC lost when the feature is left out (top features only)
    auc_alone: float | None = None  # out-of-fold AUC of this feature on its own (binned)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "share": self.share,
            "proxy": self.proxy,
            "drop_auc": self.drop_auc,
            "auc_alone": self.auc_alone,
        }


@dataclass
class ModelGap:
    """The gap in the user's model output between two groups, split per feature (SHAP additivity)."""

    sensitive: str
    output: str  # what the SHAP values explain, e.g. "log-odds of class 1"
    group_sizes: tuple[int, int]
    gap: float  # mean output of group 0 minus group 1 (SHAP scale); groups by size
    contributions: list[tuple[str, float]]  # (feature, part of the gap), largest |part| first

    def to_dict(self) -> dict[str, Any]:
        return {
            "sensitive": self.sensitive,
            "output": self.output,
            "group_sizes": list(self.group_sizes),
            "gap": self.gap,
            "contributions": [{"name": n, "gap": g} for n, g in self.contributions],
        }


@dataclass
class AttributeLeak:
    """How well one sensitive attribute can be predicted from the other features, and from which."""

    sensitive: str
    auc: float
    auc_interval: tuple[float, float]
    fold_aucs: list[float]
    features: list[FeatureLeak]
    n_rows: int
    group_sizes: list[int]
    target_kind: str  # "binary" | "multiclass" | "median split"
    strength: str  # "none" | "weak" | "moderate" | "strong"
    notes: list[str] = field(default_factory=list)
    baseline_auc: float = 0.5
    _shap: np.ndarray | None = field(default=None, repr=False)

    @property
    def proxies(self) -> list[str]:
        return [f.name for f in self.features if f.proxy]

    @property
    def verdict(self) -> str:
        lo, hi = self.auc_interval
        label = "no measurable" if self.strength == "none" else self.strength
        head = (
            f"{self.sensitive}: {label} leak, AUC {self.auc:.2f} [{lo:.2f}, {hi:.2f}] "
            f"against {self.baseline_auc:.2f} by chance"
        )
        if self.proxies:
            parts = [f"{f.name} ({f.share:.0%})" for f in self.features if f.proxy]
            return head + "; proxies: " + ", ".join(parts)
        return head + "; no proxy flagged"

    def to_dict(self) -> dict[str, Any]:
        return {
            "sensitive": self.sensitive,
            "auc": self.auc,
            "auc_interval": list(self.auc_interval),
            "baseline_auc": self.baseline_auc,
            "fold_aucs": list(self.fold_aucs),
            "strength": self.strength,
            "target_kind": self.target_kind,
            "n_rows": self.n_rows,
            "group_sizes": list(self.group_sizes),
            "proxies": self.proxies,
            "features": [f.to_dict() for f in self.features],
            "notes": list(self.notes),
            "verdict": self.verdict,
        }


@dataclass
class LeakageReport:
    """The result of :func:`leakage`: one :class:`AttributeLeak` per sensitive attribute."""

    attributes: list[AttributeLeak]
    excluded: dict[str, str]
    n_rows: int
    n_used: int
    features: list[str]
    notes: list[str] = field(default_factory=list)
    model_gaps: list[ModelGap] = field(default_factory=list)
    elapsed_s: float = 0.0
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def verdict(self) -> str:
        if not self.attributes:
            return "No sensitive attribute was analysed" + (f": {self.notes[0]}" if self.notes else ".")
        leaking = [a for a in self.attributes if a.proxies]
        if not leaking:
            return "No proxy found: no sensitive attribute is predictable from a few features."
        return "Proxies found: " + "; ".join(f"{a.sensitive} via {', '.join(a.proxies)}" for a in leaking) + "."

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (no raw values)."""
        return {
            "verdict": self.verdict,
            "attributes": [a.to_dict() for a in self.attributes],
            "excluded": dict(self.excluded),
            "features": list(self.features),
            "n_rows": self.n_rows,
            "n_used": self.n_used,
            "notes": list(self.notes),
            "model_gaps": [g.to_dict() for g in self.model_gaps],
            "elapsed_s": round(self.elapsed_s, 6),
            "settings": dict(self.settings),
        }

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), **kwargs)

    def summary(self) -> str:
        """Plain text: the verdict, then per attribute its AUC and the features by share."""
        lines = [self.verdict]
        for a in self.attributes:
            lines.append("")
            lines.append(a.verdict)
            for f in a.features[:10]:
                drop = f"  drop-column AUC loss {f.drop_auc:+.3f}" if f.drop_auc is not None else ""
                alone = f"  alone AUC {f.auc_alone:.2f}" if f.auc_alone is not None else ""
                lines.append(f"  {f.name:<30} {f.share:6.1%}{'  PROXY' if f.proxy else '       '}{alone}{drop}")
            lines += [f"  note: {n}" for n in a.notes]
        for g in self.model_gaps:
            lines.append("")
            lines.append(f"model output gap by {g.sensitive} ({g.output}): {g.gap:+.3f}")
            lines += [f"  {n:<30} {v:+.3f}" for n, v in g.contributions[:10]]
        if self.excluded:
            lines.append("")
            lines += [f"excluded {name}: {why}" for name, why in self.excluded.items()]
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<LeakageReport {len(self.attributes)} attribute(s): {self.verdict}>"

    def _repr_html_(self) -> str:
        esc = html.escape
        parts = [f"<div class='privguard-leakage'><p><b>{esc(self.verdict)}</b></p>"]
        for a in self.attributes:
            parts.append(f"<p>{esc(a.verdict)}</p>")
            bars = [(f.name, f.share, f.proxy) for f in a.features[:12]]
            parts.append(_svg_bars(bars, title=f"share of the prediction of {a.sensitive} (SHAP)"))
            if a.notes:
                parts.append("<ul>" + "".join(f"<li>{esc(n)}</li>" for n in a.notes) + "</ul>")
        for g in self.model_gaps:
            total = sum(abs(v) for _, v in g.contributions) or 1.0
            parts.append(f"<p>Model output gap by {esc(g.sensitive)}: {g.gap:+.3f} ({esc(g.output)})</p>")
            parts.append(
                _svg_bars(
                    [(n, abs(v) / total, v * g.gap > 0) for n, v in g.contributions[:12]],
                    title="share of the gap carried by each feature",
                )
            )
        if self.excluded:
            parts.append("<p>Not modelled: " + esc(", ".join(f"{k} ({v})" for k, v in self.excluded.items())) + "</p>")
        if self.notes:
            parts.append("<ul>" + "".join(f"<li>{esc(n)}</li>" for n in self.notes) + "</ul>")
        parts.append("</div>")
        return "".join(parts)

    def plot(self, attribute: str | None = None) -> Any:
        """Bar charts of the SHAP shares (matplotlib), plus SHAP's own bar plot when shap is installed.

        Only SHAP values are plotted, never feature values. Returns the matplotlib figure.
        """
        plt = _pyplot()
        attrs = [a for a in self.attributes if attribute is None or a.sensitive == attribute]
        if not attrs:
            raise ValueError(
                f"no analysed attribute called {attribute!r}; analysed: {[a.sensitive for a in self.attributes]}"
            )
        fig, axes = plt.subplots(len(attrs), 1, figsize=(6, 2.5 * len(attrs)), squeeze=False)
        for ax, a in zip(axes[:, 0], attrs):
            top = a.features[:12][::-1]
            ax.barh(
                [f.name for f in top], [f.share for f in top], color=["#c0392b" if f.proxy else "#7f8c8d" for f in top]
            )
            ax.set_title(f"{a.sensitive}: AUC {a.auc:.2f}")
            ax.set_xlabel("share of |SHAP|")
        fig.tight_layout()
        try:
            import shap
        except ImportError:
            return fig
        for a in attrs:
            names = self._shap_names(a)
            if a._shap is not None and len(names) == a._shap.shape[1]:
                # values only (no data=...): the plot cannot show a feature value
                shap.plots.bar(shap.Explanation(values=a._shap, feature_names=names), show=False)
        return fig

    def _shap_names(self, a: AttributeLeak) -> list[str]:
        return list(self.settings.get("shap_features", {}).get(a.sensitive, []))


# ---------------------------------------------------------------------------------------------------
# Encoding
# ---------------------------------------------------------------------------------------------------


def _free_text(text: pd.Series) -> bool:
    from ..detect.text import is_free_text

    sample = text.dropna()
    sample = sample.iloc[:: max(1, len(sample) // 200)].head(200)
    return is_free_text([str(v) for v in sample.tolist()])


def _encode(
    frame: pd.DataFrame, columns: Sequence[Hashable], direct: set[Hashable]
) -> tuple[np.ndarray, list[str], dict[str, str], list[str]]:
    """Numeric matrix for the tree model; returns (X, names, excluded {name: reason}, notes)."""
    import pandas as pd

    out: list[np.ndarray] = []
    names: list[str] = []
    excluded: dict[str, str] = {}
    notes: list[str] = []
    pooled: list[str] = []
    with_missing = 0
    for col in columns:
        s = frame[col]
        name = str(col)
        non_null = int(s.notna().sum())
        if non_null == 0:
            excluded[name] = "all values missing"
            continue
        n_unique = int(s.nunique(dropna=True))
        if n_unique <= 1:
            excluded[name] = "constant"
            continue
        if col in direct:
            excluded[name] = "direct identifier"
            continue
        if non_null < len(s):
            with_missing += 1
        if pd.api.types.is_bool_dtype(s):
            values = s.astype("float64").to_numpy()
        elif pd.api.types.is_datetime64_any_dtype(s):
            days = (s - pd.Timestamp("1970-01-01", tz=getattr(s.dt, "tz", None))).dt.total_seconds() / 86400.0
            values = days.to_numpy(dtype="float64", na_value=np.nan)
        elif pd.api.types.is_timedelta64_dtype(s):
            values = s.dt.total_seconds().to_numpy(dtype="float64", na_value=np.nan)
        elif pd.api.types.is_numeric_dtype(s):
            values = s.to_numpy(dtype="float64", na_value=np.nan)
            finite = values[np.isfinite(values)]
            if n_unique > 50 and n_unique >= 0.95 * non_null and np.all(finite == np.floor(finite)):
                excluded[name] = "identifier-like (integers, nearly every value unique)"
                continue
        else:
            text = s.astype("str") if not isinstance(s.dtype, pd.CategoricalDtype) else s
            if n_unique > MAX_CATEGORIES and n_unique > 0.5 * non_null:
                excluded[name] = "high-cardinality identifier or free text (most values unique)"
                continue
            if _free_text(text):
                excluded[name] = "free text (sentences are not modelled; their content could be personal data)"
                continue
            counts = text.value_counts(dropna=True)
            # Codes by descending frequency: a stable order that needs no labels, so no value leaves.
            rank = {v: i for i, v in enumerate(counts.index)}
            if len(counts) > MAX_CATEGORIES:
                pooled.append(name)
                rank = {v: min(i, MAX_CATEGORIES - 1) for v, i in rank.items()}
            values = text.map(rank).to_numpy(dtype="float64", na_value=np.nan)
        out.append(values.astype("float64"))
        names.append(name)
    if pooled:
        notes.append(
            f"{len(pooled)} categorical column(s) had more than {MAX_CATEGORIES} levels; the rarest were "
            f"pooled into one: {', '.join(pooled)}."
        )
    if with_missing:
        notes.append(f"{with_missing} feature(s) have missing values; the model treats missing as informative.")
    X = np.column_stack(out) if out else np.zeros((len(frame), 0))
    return X, names, excluded, notes


def _prepare_target(s: pd.Series) -> tuple[np.ndarray, np.ndarray, str, list[str]]:
    """Integer group codes (groups numbered by size, largest first), a keep-mask, the kind and notes."""
    import pandas as pd

    notes: list[str] = []
    keep = s.notna().to_numpy()
    if not keep.all():
        notes.append(f"{int((~keep).sum())} rows with the attribute missing were left out.")
    kind = "binary"
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s) and s.nunique() > MAX_GROUPS:
        values = s.to_numpy(dtype="float64", na_value=np.nan)
        med = np.nanmedian(values)
        above = values > med
        if above[keep].all() or not above[keep].any():
            above = values >= med
        labels: pd.Series[Any] = pd.Series(np.where(above, 1, 0), index=s.index).where(s.notna())
        kind = "median split"
        notes.append("A numeric attribute with many values: split at its median into two groups.")
    else:
        labels = s.astype("str").where(s.notna())
    counts = labels.value_counts(dropna=True)
    small = counts[counts < MIN_GROUP]
    big = counts[counts >= MIN_GROUP]
    if len(big) > MAX_GROUPS - 1 and len(counts) > MAX_GROUPS:
        small = counts.iloc[MAX_GROUPS - 1 :]
        big = counts.iloc[: MAX_GROUPS - 1]
    rank = {v: i for i, v in enumerate(big.index)}
    if len(small):
        pooled_n = int(small.sum())
        if pooled_n >= MIN_GROUP:
            rank.update({v: len(big) for v in small.index})
            notes.append(f"{len(small)} small group(s) were pooled into one ({pooled_n} rows).")
        else:
            notes.append(f"{len(small)} group(s) with fewer than {MIN_GROUP} rows ({pooled_n} rows) were left out.")
    codes = labels.map(rank)
    keep = keep & codes.notna().to_numpy()
    y = codes.to_numpy(dtype="float64", na_value=-1).astype(np.int64)
    n_groups = len(set(rank.values()))
    if kind != "median split":
        kind = "binary" if n_groups == 2 else "multiclass"
    return y, keep, kind, notes


# ---------------------------------------------------------------------------------------------------
# AUC and its bootstrap interval, vectorised
# ---------------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------------
# The public function
# ---------------------------------------------------------------------------------------------------


def leakage(
    df: pd.DataFrame,
    sensitive: str | Sequence[Hashable] | None = None,
    *,
    features: Sequence[Hashable] | None = None,
    target: Hashable | None = None,
    model: Any = None,
    proxy_share: float = 0.10,
    min_auc: float = 0.6,
    max_rows: int = MAX_ROWS,
    random_state: int = 0,
    n_threads: int = 1,
) -> LeakageReport:
    """Find the features that leak a sensitive attribute (proxies), and how strongly.

    Parameters
    ----------
    df
        A pandas DataFrame (polars frames are converted). It is not modified.
    sensitive
        One or more sensitive columns (sex, race, religion, health, age ...). When omitted, the columns
        the scanner classifies as protected characteristics.
    features
        The columns to test as proxies; by default every other column except ``target``.
    target
        The label of the user's model: never used as a feature.
    model
        A fitted model of the user's (with ``target`` and ``features`` as it was trained on): the gap in
        its output between the groups of each sensitive attribute is split per feature with SHAP.
    proxy_share
        A feature is a proxy when it carries at least this share of the attribution (0.10 = 10%) ...
    min_auc
        ... and the attribute is predicted with at least this AUC, its interval above chance.
    max_rows
        Larger frames are subsampled to this many rows (stratified by the attribute).
    random_state
        Seed for subsampling, SHAP rows and the bootstrap.
    n_threads
        OpenMP threads for the boosting model. One by default: on a machine whose cores are shared
        (a notebook server), OpenMP threads that wait for each other made a fit 20-50x slower here.

    Returns
    -------
    LeakageReport
        ``report.to_dict()["attributes"][i]`` has ``sensitive``, ``auc`` (with ``auc_interval``) and
        ``features`` sorted by ``share`` with a ``proxy`` flag; ``report.summary()`` is plain text.
    """
    start = time.perf_counter()
    frame = _as_pandas(df, "leakage()")
    _require_risk_extra()
    from threadpoolctl import threadpool_limits

    if not isinstance(n_threads, int) or n_threads < 1:
        raise ValueError(f"n_threads must be an integer >= 1, got {n_threads!r}")
    with threadpool_limits(n_threads, user_api="openmp"):
        return _leakage(
            frame,
            sensitive,
            features=features,
            target=target,
            model=model,
            proxy_share=proxy_share,
            min_auc=min_auc,
            max_rows=max_rows,
            random_state=random_state,
            start=start,
        )


def _leakage(
    frame: pd.DataFrame,
    sensitive: str | Sequence[Hashable] | None,
    *,
    features: Sequence[Hashable] | None,
    target: Hashable | None,
    model: Any,
    proxy_share: float,
    min_auc: float,
    max_rows: int,
    random_state: int,
    start: float,
) -> LeakageReport:
    if not 0 < proxy_share <= 1:
        raise ValueError(f"proxy_share must be in (0, 1], got {proxy_share!r}; e.g. 0.10 for 10%")
    if not 0.5 <= min_auc <= 1:
        raise ValueError(f"min_auc must be in [0.5, 1], got {min_auc!r}; e.g. 0.6")
    if max_rows < 100:
        raise ValueError(f"max_rows must be at least 100, got {max_rows!r}")
    rng = np.random.default_rng(random_state)
    notes: list[str] = []
    sens = _resolve_columns(frame, sensitive, "sensitive")
    targets = _resolve_columns(frame, target, "target")
    feats = _resolve_columns(frame, features, "features") if features is not None else None
    entities: dict[Hashable, str] = {}
    # Classification is only needed to find the sensitive columns; identifier columns are excluded
    # by their cardinality whether or not they are classified.
    if sensitive is None:
        entities, source = column_entities(frame)
        if source != "scanner":
            notes.append(f"Columns were classified by the {source}.")
    if sensitive is None:
        sens = [
            c
            for c in frame.columns
            if c not in targets and entities.get(c) in ENTITIES and ENTITIES[entities[c]].protected
        ]
        if not sens:
            notes.insert(
                0,
                "no column was recognised as a sensitive attribute (sex, race, religion, health, "
                "age ...); name one with sensitive=...",
            )
            return LeakageReport(
                [],
                {},
                len(frame),
                0,
                [],
                notes,
                elapsed_s=time.perf_counter() - start,
                settings={"proxy_share": proxy_share, "min_auc": min_auc},
            )
        notes.append(f"Sensitive attributes found by classification: {', '.join(map(str, sens))}.")
    direct = {c for c, e in entities.items() if e in ENTITIES and ENTITIES[e].category == "direct"}

    attributes: list[AttributeLeak] = []
    excluded_all: dict[str, str] = {}
    used_names: list[str] = []
    n_used = 0
    shap_names: dict[str, list[str]] = {}
    gaps: list[ModelGap] = []
    for s_col in sens:
        candidates = list(feats) if feats is not None else [c for c in frame.columns if c != s_col and c not in targets]
        candidates = [c for c in candidates if c != s_col and c not in targets]
        y_all, keep, kind, a_notes = _prepare_target(frame[s_col])
        rows = np.flatnonzero(keep)
        if len(np.unique(y_all[rows])) < 2:
            notes.append(f"{s_col}: fewer than two groups with at least {MIN_GROUP} rows; not analysed.")
            continue
        if len(rows) > max_rows:
            from sklearn.model_selection import train_test_split

            rows, _ = train_test_split(rows, train_size=max_rows, stratify=y_all[rows], random_state=random_state)
            rows = np.sort(rows)
            a_notes.append(
                f"Subsampled {max_rows:,} of {int(keep.sum()):,} rows (stratified); the interval is "
                f"about {math.sqrt(int(keep.sum()) / max_rows):.1f}x wider than on all rows."
            )
        X, names, excluded, e_notes = _encode(frame.iloc[rows], candidates, direct)
        excluded_all.update(excluded)
        for n_ in e_notes:
            if n_ not in notes:
                notes.append(n_)
        if X.shape[1] == 0:
            notes.append(f"{s_col}: no usable feature left after exclusions; not analysed.")
            continue
        y = y_all[rows]
        if len(rows) < 50:
            notes.append(f"{s_col}: only {len(rows)} usable rows; not analysed (at least 50 needed).")
            continue
        leak = _analyse(X, names, y, kind, str(s_col), proxy_share=proxy_share, min_auc=min_auc, rng=rng)
        leak.notes = a_notes + leak.notes
        attributes.append(leak)
        shap_names[str(s_col)] = names
        used_names += [n_ for n_ in names if n_ not in used_names]
        n_used = max(n_used, len(rows))
        if model is not None:
            model_features = (
                list(feats)
                if feats is not None
                else [c for c in getattr(model, "feature_names_in_", []) if c in frame.columns]
                or [c for c in frame.columns if c != s_col and c not in targets]
            )
            gap, why = _model_gap(model, frame, model_features, y_all, keep, str(s_col), rng)
            if gap is not None:
                gaps.append(gap)
            if why:
                notes.append(why)
    if excluded_all:
        notes.append(f"{len(excluded_all)} column(s) were not modelled (see 'excluded').")
    return LeakageReport(
        attributes=attributes,
        excluded=excluded_all,
        n_rows=len(frame),
        n_used=n_used,
        features=used_names,
        notes=notes,
        model_gaps=gaps,
        elapsed_s=time.perf_counter() - start,
        settings={
            "proxy_share": proxy_share,
            "min_auc": min_auc,
            "max_rows": max_rows,
            "model": "HistGradientBoostingClassifier(max_iter=100, max_leaf_nodes=15)",
            "shap_rows": SHAP_ROWS,
            "bootstrap": N_BOOTSTRAP,
            "shap_features": shap_names,
        },
    )
