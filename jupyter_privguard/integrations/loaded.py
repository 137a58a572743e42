"""Which guard is loaded into which IPython shell: the table the IPython extension writes and the panel reads.

It lives apart from :mod:`jupyter_privguard.integrations.ipython` so that the panel can find the
loaded guard without importing the extension that imports the panel (``%privguard panel``).
"""

from __future__ import annotations

from typing import Any

__all__ = ["EXTENSIONS", "current_shell", "extension_for"]

#: ``id(shell)`` -> the guard loaded into that shell (a ``PrivGuardExtension``)
EXTENSIONS: dict[int, Any] = {}


def current_shell() -> Any:
    """The running IPython shell, or ``None`` (no IPython, or not inside one)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def extension_for(shell: Any = None) -> Any:
    """The guard loaded into ``shell`` (the current shell by default), or ``None``."""
    if shell is None:
        shell = current_shell()
        if shell is None:
            return None
    return EXTENSIONS.get(id(shell))
