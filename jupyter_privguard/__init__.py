"""jupyter-privguard: find personal data in tables and redact it before it is shown, saved or exported.

``import jupyter_privguard`` is cheap: pandas, IPython, Presidio, spaCy and SHAP are imported at first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "ColumnFinding",
    "Entity",
    "ENTITIES",
    "Evidence",
    "MissingDependencyError",
    "Policy",
    "PolicyError",
    "PrivacyError",
    "PrivacyWarning",
    "ScanReport",
    "SpanFinding",
    "UnsupportedDataError",
    "__version__",
    "redact",
    "scan",
]

# public name -> module that defines it; resolved on first access (PEP 562)
_LAZY = {
    "ColumnFinding": "report",
    "Evidence": "report",
    "ScanReport": "report",
    "SpanFinding": "report",
    "Entity": "entities",
    "ENTITIES": "entities",
    "Policy": "policy",
    "PolicyError": "errors",
    "PrivacyError": "errors",
    "PrivacyWarning": "errors",
    "MissingDependencyError": "errors",
    "UnsupportedDataError": "errors",
    "scan": "scanner",
    "redact": "redaction",
}

if TYPE_CHECKING:
    from .entities import ENTITIES, Entity
    from .errors import (MissingDependencyError, PolicyError, PrivacyError, PrivacyWarning,
                         UnsupportedDataError)
    from .policy import Policy
    from .redaction import redact
    from .report import ColumnFinding, Evidence, ScanReport, SpanFinding
    from .scanner import scan


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'jupyter_privguard' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
