"""Risk analysis: which features leak a sensitive attribute, and could a row be re-identified.

Importing this package loads numpy only: scikit-learn and SHAP are imported at the first call of
:func:`leakage`. The functions are bound here eagerly because their names equal the modules' names
(a lazy lookup would hand out the module ``leakage`` once it had been imported).
"""

from __future__ import annotations

from .leakage import AttributeLeak, FeatureLeak, LeakageReport, ModelGap, leakage
from .reidentification import Generalization, RiskReport, reidentification

__all__ = [
    "AttributeLeak",
    "FeatureLeak",
    "Generalization",
    "LeakageReport",
    "ModelGap",
    "RiskReport",
    "leakage",
    "reidentification",
]
