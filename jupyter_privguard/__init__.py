"""jupyter-privguard: find personal data in tables and redact it before it is shown, saved or exported.

``import jupyter_privguard`` is cheap: pandas, IPython, Presidio, spaCy and SHAP are imported at first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "ColumnFinding",
    "Decision",
    "Entity",
    "ENTITIES",
    "Evidence",
    "LeakageReport",
    "MissingDependencyError",
    "Policy",
    "PolicyError",
    "PrivacyError",
    "PrivacyWarning",
    "RiskReport",
    "ScanReport",
    "SpanFinding",
    "UnsupportedDataError",
    "__version__",
    "disable",
    "enable",
    "leakage",
    "load_ipython_extension",
    "panel",
    "plan",
    "redact",
    "reidentification",
    "safe_export",
    "scan",
    "unload_ipython_extension",
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
    "panel": "integrations.widget",
    "safe_export": "export",
    "leakage": "risk",
    "reidentification": "risk",
    "LeakageReport": "risk",
    "RiskReport": "risk",
    "redact": "redaction",
    "Decision": "decision",
    "plan": "decision",
}

if TYPE_CHECKING:
    from .decision import Decision, plan
    from .entities import ENTITIES, Entity
    from .errors import MissingDependencyError, PolicyError, PrivacyError, PrivacyWarning, UnsupportedDataError
    from .export import safe_export
    from .integrations.widget import panel
    from .policy import Policy
    from .redaction import redact
    from .report import ColumnFinding, Evidence, ScanReport, SpanFinding
    from .risk import LeakageReport, RiskReport, leakage, reidentification
    from .scanner import scan


def load_ipython_extension(shell: Any) -> None:
    """``%load_ext jupyter_privguard``: guard displays, outputs and exports in this IPython shell."""
    from .integrations.ipython import load_ipython_extension as load

    load(shell)


def unload_ipython_extension(shell: Any) -> None:
    """``%unload_ext jupyter_privguard``: restore everything the extension changed."""
    from .integrations.ipython import unload_ipython_extension as unload

    unload(shell)


def enable(shell: Any = None) -> Any:
    """Turn the guard on in the running IPython shell (the same as ``%load_ext jupyter_privguard``)."""
    from .integrations.ipython import enable as _enable

    return _enable(shell)


def disable(shell: Any = None) -> None:
    """Turn the guard off in the running IPython shell and restore what it changed."""
    from .integrations.ipython import disable as _disable

    _disable(shell)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'jupyter_privguard' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
