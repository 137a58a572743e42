"""The sizes and counts the leakage analysis works with: rows, SHAP rows, categories, groups, bootstrap.

One place for them, imported by the encoding, the AUC, the model and :func:`~jupyter_privguard.risk.leakage`
(which re-exports them under their old names).
"""

from __future__ import annotations

__all__ = ["MAX_CATEGORIES", "MAX_GROUPS", "MAX_ROWS", "MIN_GROUP", "N_BOOTSTRAP", "N_CONFIRM", "SHAP_ROWS"]

MAX_ROWS = 50_000  # larger frames are subsampled (stratified); the interval says what that costs
SHAP_ROWS = 1_000  # rows explained by SHAP (TreeExplainer cost is linear in rows)
MAX_CATEGORIES = 50  # more levels than this: the rarest are pooled into one
MIN_GROUP = 20  # groups of the sensitive attribute smaller than this are pooled (or dropped)
MAX_GROUPS = 10
N_BOOTSTRAP = 200
N_CONFIRM = 3  # top features confirmed by leaving them out
_HASH_SEED = 0
