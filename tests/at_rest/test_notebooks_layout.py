"""The notebooks-at-rest package: each module imports alone, no module imports another in a cycle, and
the package still offers every name its callers import."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import jupyter_privguard.notebooks as notebooks

PACKAGE = Path(notebooks.__file__).parent
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")

# Runs in a fresh interpreter. The package is replaced by an empty stand-in with the same path, so
# that importing one module does not run ``__init__`` (which imports them all, in its own order):
# only the module and what it imports itself are loaded.
_IMPORT_ALONE = """
import importlib, sys, types
import jupyter_privguard
stand_in = types.ModuleType("jupyter_privguard.notebooks")
stand_in.__path__ = [{package!r}]
sys.modules["jupyter_privguard.notebooks"] = stand_in
importlib.import_module("jupyter_privguard.notebooks.{module}")
assert not hasattr(stand_in, "scan_notebook"), "the package's __init__ ran"
"""


def _sibling_imports(module: str) -> set[str]:
    """The package's modules ``module`` imports, at any level (function bodies included)."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    return {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module
    }


def test_the_package_has_the_modules_it_names() -> None:
    assert MODULES == [
        "clean",
        "code_text",
        "column_evidence",
        "edits",
        "hints",
        "jsontext",
        "keep",
        "legacy",
        "options",
        "payloads",
        "plan",
        "readable",
        "recall",
        "reporting",
        "results",
        "scan",
        "spans",
        "table_files",
        "tables",
    ]


@pytest.mark.parametrize("module", MODULES)
def test_each_module_imports_alone_in_a_fresh_interpreter(module: str) -> None:
    # a module that only works once a sibling was imported first hides an import-order dependency
    code = _IMPORT_ALONE.format(package=str(PACKAGE), module=module)
    paths = [str(PACKAGE.parents[1]), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr


def test_no_module_imports_another_in_a_cycle() -> None:
    graph = {m: _sibling_imports(m) for m in MODULES}
    assert all(deps <= set(MODULES) for deps in graph.values()), graph
    done: set[str] = set()
    while len(done) < len(graph):  # peel off the modules whose imports are all peeled: a cycle never is
        ready = {m for m, deps in graph.items() if m not in done and deps <= done}
        assert ready, f"import cycle among {sorted(set(graph) - done)}"
        done |= ready


def test_every_name_callers_import_is_still_there() -> None:
    # the integrations, tests and benchmarks import these from the package
    names = [
        *notebooks.__all__,
        "SOURCE_MODES",
        "SourceMode",
        "iter_files",
        "_code_literals",
        "_locate",
        "_plan",
        "_registry",
    ]
    assert [n for n in names if not hasattr(notebooks, n)] == []
