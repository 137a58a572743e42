"""Risk analysis: which features leak a sensitive attribute, and could a row be re-identified.

Importing this package loads numpy only: scikit-learn and SHAP are imported at the first call of
:func:`leakage`. The functions are bound here eagerly because their names equal the modules' names
(a lazy lookup would hand out the module ``leakage`` once it had been imported).

Both accept a PySpark DataFrame: :func:`reidentification` then counts the classes with Spark
aggregations (:mod:`~jupyter_privguard.risk.spark_classes`, generalisation in
:mod:`~jupyter_privguard.risk.spark_generalization`) and :func:`leakage` analyses a stratified
sample drawn by Spark (:mod:`~jupyter_privguard.risk.spark_sample`); pyspark is imported only then.
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
