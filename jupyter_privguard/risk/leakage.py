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

This module holds :func:`leakage`; its parts sit next to it, one concern each:
:mod:`~jupyter_privguard.risk.encoding` (the matrix and the groups), :mod:`~jupyter_privguard.risk.auc`
(the leak strength), :mod:`~jupyter_privguard.risk.modelling` (the model, SHAP, the proxy flags),
:mod:`~jupyter_privguard.risk.leakage_report` (the report) and :mod:`~jupyter_privguard.risk.limits`
(the sizes). The names callers import from here are re-exported.
"""

from __future__ import annotations

import math
import time
from collections.abc import Hashable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..adapters.spark_types import is_spark_frame
from ..entities import ENTITIES
from ..errors import MissingDependencyError, UnsupportedDataError
from .auc import _macro_auc as _macro_auc
from .auc import _weighted_auc as _weighted_auc
from .columns import _as_pandas, _resolve_columns, column_entities
from .encoding import _encode, _prepare_target
from .leakage_report import AttributeLeak, FeatureLeak, LeakageReport, ModelGap
from .limits import MAX_CATEGORIES as MAX_CATEGORIES
from .limits import MAX_GROUPS as MAX_GROUPS
from .limits import MAX_ROWS, MIN_GROUP, N_BOOTSTRAP, SHAP_ROWS
from .limits import N_CONFIRM as N_CONFIRM
from .modelling import _analyse, _model_gap

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["AttributeLeak", "FeatureLeak", "LeakageReport", "ModelGap", "leakage"]


def _require_risk_extra() -> tuple[Any, Any]:
    try:
        import shap
        import sklearn
    except ImportError as exc:
        raise MissingDependencyError(
            f"leakage() needs scikit-learn and shap, and {exc.name or 'one of them'} is not installed; "
            "both are dependencies of jupyter-privguard: pip install 'shap>=0.45' 'scikit-learn>=1.3'"
        ) from None
    return sklearn, shap


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
    progress: bool | None = None,
) -> LeakageReport:
    """Find the features that leak a sensitive attribute (proxies), and how strongly.

    Parameters
    ----------
    df
        A pandas DataFrame (polars frames are converted) or a PySpark DataFrame: Spark draws a sample
        of at most ``max_rows`` rows stratified by the (first) sensitive attribute, only the sample is
        brought to the driver, and the report states its size (``settings["spark_sample"]``, a note).
        It is not modified.
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
    progress
        A bar over the fits (one per sensitive attribute, one more each for ``model``'s gap) in a
        notebook or on a terminal, quiet under CI and when the output is not a terminal
        (:mod:`jupyter_privguard.progress`); ``False`` never draws it, ``None`` follows the policy's
        ``progress`` setting. It shows counts only, never an attribute's name.

    Returns
    -------
    LeakageReport
        ``report.to_dict()["attributes"][i]`` has ``sensitive``, ``auc`` (with ``auc_interval``) and
        ``features`` sorted by ``share`` with a ``proxy`` flag; ``report.summary()`` is plain text.
    """
    start = time.perf_counter()
    sample = None
    if is_spark_frame(df):
        _require_risk_extra()
        if max_rows < 100:
            raise ValueError(f"max_rows must be at least 100, got {max_rows!r}")
        sample = _spark_sample(df, sensitive, max_rows, random_state)
        frame = sample.frame
    else:
        frame = _as_pandas(df, "leakage()")
        _require_risk_extra()
    from threadpoolctl import threadpool_limits

    if not isinstance(n_threads, int) or n_threads < 1:
        raise ValueError(f"n_threads must be an integer >= 1, got {n_threads!r}")
    with threadpool_limits(n_threads, user_api="openmp"):
        report = _leakage(
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
            progress=progress,
        )
    if sample is not None:
        # the analysis saw the sample; the report says so and counts the whole frame (appended: the
        # first note is the verdict's reason when nothing was analysed)
        report.notes.append(sample.note)
        report.n_rows = sample.n_total
        report.settings["spark_sample"] = sample.settings()
        report.elapsed_s = time.perf_counter() - start
    return report


def _spark_sample(df: Any, sensitive: Any, max_rows: int, random_state: int) -> Any:
    """The Spark frame's stratified sample as pandas, stratified by the (first) sensitive column."""
    from .spark_sample import stratified_sample

    if len(set(df.columns)) != len(df.columns):
        dup = sorted({c for c in df.columns if df.columns.count(c) > 1})
        raise UnsupportedDataError(f"leakage() needs unique column names, got duplicates {dup}; rename them first")
    named = _resolve_columns(df, sensitive, "sensitive")
    if not named:
        entities, _ = column_entities(df)
        named = [c for c in df.columns if entities.get(c) in ENTITIES and ENTITIES[entities[c]].protected]
    return stratified_sample(df, named[0] if named else None, max_rows, random_state)


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
    progress: bool | None = None,
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
    from ..progress import progress as progress_bar

    with progress_bar(len(sens) * (2 if model is not None else 1), "leakage fits", enabled=progress, minimum=1) as bar:
        for s_col in _stepping(sens, bar, 2 if model is not None else 1):
            candidates = (
                list(feats) if feats is not None else [c for c in frame.columns if c != s_col and c not in targets]
            )
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


def _stepping(items: Sequence[Any], bar: Any, per: int) -> Iterator[Any]:
    """``items`` one by one; the bar moves ``per`` units when the loop is done with each (``continue`` too)."""
    for item in items:
        yield item
        bar.step(per)
