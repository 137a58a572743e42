"""Turn the guard on for every IPython kernel of the user, and off again.

The choice: a startup file of our own, ``<ipython dir>/profile_<name>/startup/00-jupyter-privguard.py``,
not an edit of ``ipython_config.py``. IPython (and so every ipykernel) runs the profile's startup
files at start-up. A file of our own can be written and removed whole, so ``disable`` restores
the user's profile exactly and never has to parse or rewrite a Python config file that the user
(or another tool) also edits. The file loads the extension through the extension manager, so
``%unload_ext jupyter_privguard`` works in a kernel started that way; it never stops a kernel from
starting (a missing package gives one warning line).

``status`` also reports a guard enabled the other way, through ``c.InteractiveShellApp.extensions``
in the profile's ``ipython_config.py`` or ``ipython_kernel_config.py``, since users do that too.

Plain file work only: importable without IPython running (the ``privguard`` command uses it).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["STARTUP_FILE", "StartupStatus", "disable", "enable", "ipython_dir", "startup_path", "status"]

STARTUP_FILE = "00-jupyter-privguard.py"
MARKER = "# jupyter-privguard startup file"
_CONFIG_FILES = ("ipython_config.py", "ipython_kernel_config.py")

_TEMPLATE = f"""{MARKER} (written by `privguard enable`; `privguard disable` removes it)
# Loads the privacy guard into every IPython kernel of this profile. Do not edit: rewritten on enable.
def _jupyter_privguard_load():
    import warnings
    try:
        from IPython import get_ipython
        shell = get_ipython()
        if shell is not None:
            shell.extension_manager.load_extension("{{module}}")
    except Exception as exc:  # never stop a kernel from starting
        warnings.warn(f"jupyter-privguard: the guard is enabled in this IPython profile but could not load "
                      f"({{{{type(exc).__name__}}}}); `privguard disable` turns it off", stacklevel=1)


_jupyter_privguard_load()
del _jupyter_privguard_load
"""


def ipython_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The IPython directory: ``path``, else ``$IPYTHONDIR``, else IPython's own answer, else ``~/.ipython``."""
    if path is not None:
        return Path(path).expanduser()
    env = os.environ.get("IPYTHONDIR")
    if env:
        return Path(env).expanduser()
    try:
        from IPython.paths import get_ipython_dir

        return Path(get_ipython_dir())
    except ImportError:
        return Path("~/.ipython").expanduser()


def startup_path(profile: str = "default", path: str | os.PathLike[str] | None = None) -> Path:
    """Where ``enable`` writes the startup file for ``profile``."""
    if not re.fullmatch(r"[\w.\-]+", profile):
        raise ValueError(f"profile must be a profile name such as 'default', got {profile!r}")
    return ipython_dir(path) / f"profile_{profile}" / "startup" / STARTUP_FILE


@dataclass
class StartupStatus:
    """Where the guard is turned on for new kernels (paths only)."""

    profile: str
    startup_file: Path
    enabled_by_startup_file: bool
    config_files: list[Path] = field(default_factory=list)

    @property
    def enabled(self) -> bool:
        return self.enabled_by_startup_file or bool(self.config_files)

    def summary(self) -> str:
        where = []
        if self.enabled_by_startup_file:
            where.append(f"startup file {self.startup_file}")
        where += [f"extensions in {p}" for p in self.config_files]
        if not where:
            return (
                f"off for new kernels of IPython profile {self.profile!r} "
                "(`privguard enable` or `jupyter privguard enable` turns it on)"
            )
        return f"on for new kernels of IPython profile {self.profile!r}: " + "; ".join(where)


def enable(profile: str = "default", *, path: str | os.PathLike[str] | None = None, module: str | None = None) -> Path:
    """Write the startup file so every new kernel of ``profile`` loads the guard; returns its path.

    Parameters
    ----------
    profile
        The IPython profile (``default`` is the one Jupyter kernels use).
    path
        The IPython directory; ``$IPYTHONDIR`` or ``~/.ipython`` by default.
    module
        The extension module the kernel loads; ``jupyter_privguard`` by default.
    """
    if module is None:
        module = _default_module()
    target = startup_path(profile, path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not re.fullmatch(r"[A-Za-z_][\w.]*", module):
        raise ValueError(f"module must be a dotted module name, got {module!r}")
    tmp = target.with_suffix(".tmp")
    tmp.write_text(_TEMPLATE.format(module=module), encoding="utf-8")
    os.replace(tmp, target)  # atomic: a kernel starting now sees the old file or the new one
    return target


def disable(profile: str = "default", *, path: str | os.PathLike[str] | None = None) -> bool:
    """Remove the startup file; returns whether there was one.

    A file at that path that ``enable`` did not write is left alone (``ValueError``).
    """
    target = startup_path(profile, path)
    if not target.exists():
        return False
    if MARKER not in target.read_text(encoding="utf-8", errors="replace")[:200]:
        raise ValueError(f"{target} was not written by `privguard enable`; remove it yourself if it should go")
    target.unlink()
    return True


def status(profile: str = "default", *, path: str | os.PathLike[str] | None = None) -> StartupStatus:
    """Where the guard is on for new kernels of ``profile``."""
    target = startup_path(profile, path)
    by_file = target.is_file()
    configs = []
    folder = target.parent.parent
    for name in _CONFIG_FILES:
        config = folder / name
        if config.is_file() and _config_loads_guard(config.read_text(encoding="utf-8", errors="replace")):
            configs.append(config)
    return StartupStatus(profile, target, by_file, configs)


def _default_module() -> str:
    # the package itself is the extension's entry point (it re-exports load_ipython_extension)
    return "jupyter_privguard"


_CONFIG_LINE = re.compile(r"^\s*c\.(?:InteractiveShellApp|IPKernelApp|TerminalIPythonApp)\.extensions\b.*$", re.M)


def _config_loads_guard(text: str) -> bool:
    return any("jupyter_privguard" in line for line in _CONFIG_LINE.findall(text))
