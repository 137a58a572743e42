"""Checks that keep the package's layout honest: module size, import cycles, the core/integrations
boundary, and frame types tested by name only inside the adapters.

Each check reads the source (``ast`` and ``tokenize``), imports nothing of the package, and fails with
the list of what violates it, one line each, so the message says what to fix.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator
from functools import cache
from pathlib import Path

PACKAGE = "jupyter_privguard"
ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = ROOT / PACKAGE

MAX_LINES = 800

#: the integrations layer: IPython, widget, comm, CLI, server hook, nbconvert
INTEGRATIONS = f"{PACKAGE}.integrations"

#: modules that may import the integrations although they sit outside them: the package's public facade
#: (its lazy attributes hand out ``panel``, ``safe_export`` and the IPython extension hooks) and the
#: ``python -m jupyter_privguard`` entry point, which only starts the CLI
FACADES = {PACKAGE: "the public API re-exports integrations lazily", f"{PACKAGE}.__main__": "starts the CLI"}

#: where testing a frame's type by name is the job: the adapters (a package, or today's single module)
ADAPTERS = (f"{PACKAGE}.adapters",)

#: lines outside the adapters that match a by-name pattern but do not test a frame's type, as
#: (module, a substring of the line, why): keep it short, and only for messages that print a type name
BY_NAME_ALLOWED: list[tuple[str, str, str]] = [
    # (module, text on the line, why): a label printed for an object no adapter shows, never a test of its type
    (
        "jupyter_privguard.integrations.ipython.display",
        "return f\"{cls.__module__.split('.')[0]}.{cls.__name__}\"",
        "the fallback label of kind_of(), used in messages and placeholders only",
    ),
]


# ----------------------------------------------------------------------------------------------
# reading the package
# ----------------------------------------------------------------------------------------------
@cache
def modules() -> dict[str, Path]:
    """Every module of the package by dotted name; a package is named by its ``__init__``."""
    found: dict[str, Path] = {}
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "__pycache__" in parts or "labextension" in parts:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


@cache
def tree_of(name: str) -> ast.Module:
    path = modules()[name]
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _is_package(name: str) -> bool:
    return modules()[name].name == "__init__.py"


def _under_type_checking(tree: ast.Module) -> set[int]:
    """Ids of the import nodes inside ``if TYPE_CHECKING:`` blocks (never run)."""
    hidden: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.If):
            continue
        test = node.test
        named = (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
            isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
        )
        if named:
            for inner in node.body:
                hidden.update(id(n) for n in ast.walk(inner) if isinstance(n, (ast.Import, ast.ImportFrom)))
    return hidden


def imports(name: str, *, runtime_only: bool) -> Iterator[tuple[str, int]]:
    """The package's modules that ``name`` imports, at any level, as (module, line).

    A relative import is resolved against ``name``; ``from pkg import sub`` imports the submodule
    ``pkg.sub`` when there is one, and ``pkg``'s ``__init__`` otherwise (a name defined there);
    ``import pkg`` imports ``pkg``'s ``__init__``. Imports under ``if TYPE_CHECKING:`` are skipped
    when ``runtime_only`` (they never run, so they cannot make a cycle at import time).
    """
    known = modules()
    tree = tree_of(name)
    hidden = _under_type_checking(tree) if runtime_only else set()
    for node in ast.walk(tree):
        if id(node) in hidden:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in known:
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = name.split(".") if _is_package(name) else name.split(".")[:-1]
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join(parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for alias in node.names:
                target = f"{base}.{alias.name}"
                if target in known:
                    yield target, node.lineno
                elif base in known:
                    yield base, node.lineno


def _rel(name: str) -> str:
    return str(modules()[name].relative_to(ROOT))


# ----------------------------------------------------------------------------------------------
# the graph
# ----------------------------------------------------------------------------------------------
def import_graph() -> dict[str, dict[str, int]]:
    """module -> {imported module: first line}, runtime imports only, self-imports left out."""
    graph: dict[str, dict[str, int]] = {}
    for name in modules():
        edges: dict[str, int] = {}
        for target, line in imports(name, runtime_only=True):
            if target != name:
                edges.setdefault(target, line)
        graph[name] = edges
    return graph


def strongly_connected(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Tarjan's strongly connected components with more than one module, each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(components)


def cycle_report(graph: dict[str, dict[str, int]]) -> list[str]:
    """One line per import cycle: its modules, then the imports inside it with their lines."""
    lines = []
    for component in strongly_connected(graph):
        members = set(component)
        edges = [
            f"{_rel(source)}:{line} -> {target}"
            for source in component
            for target, line in sorted(graph[source].items())
            if target in members
        ]
        lines.append(f"cycle of {len(component)}: {', '.join(component)}\n      " + "\n      ".join(edges))
    return lines


# ----------------------------------------------------------------------------------------------
# frame types tested by name
# ----------------------------------------------------------------------------------------------
_LIBRARIES = r"(?:pandas|polars|pyarrow|pyspark|dask|modin|cudf)"
_FRAME_CLASSES = r"(?:DataFrame|LazyFrame|Series|Index|MultiIndex|Styler|Table|RecordBatch|ChunkedArray|Array)"
BY_NAME = {
    # a type's package read off its __module__ ("pandas" from "pandas.core.frame"), then compared
    "__module__ split": re.compile(r"__module__\s*\.\s*(?:split|partition|startswith|rsplit)\s*\("),
    # a __module__ compared with a frame library's name on the same line
    "__module__ compared": re.compile(rf"__module__.*[\"']{_LIBRARIES}[\"'.]|[\"']{_LIBRARIES}[\"'.].*__module__"),
    # a frame class recognised by its __name__ ("Series", "Styler")
    "__name__ compared": re.compile(rf"__name__\s*(?:==|!=|\bin\b|\bnot in\b)\s*[(\[{{]?\s*[\"']{_FRAME_CLASSES}[\"']"),
    # a frame type spelled out as a string: "pandas.DataFrame", "polars.dataframe.frame"
    "type name literal": re.compile(rf"[\"']{_LIBRARIES}(?:\.[A-Za-z_]+)*\.(?:{_FRAME_CLASSES}|[a-z_]+\.[a-z_]+)[\"']"),
}


def code_lines(source: str) -> list[str]:
    """``source`` line by line with comments and docstrings blanked (they may name types freely)."""
    lines = source.splitlines()
    blank: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body:
            first = body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                blank.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            row, col = token.start
            lines[row - 1] = lines[row - 1][:col]
    return ["" if number in blank else text for number, text in enumerate(lines, start=1)]


def by_name_checks(name: str, source: str) -> list[str]:
    """The lines of ``source`` that test a frame's type by name, as ``path:line: rule: code``."""
    found = []
    for number, text in enumerate(code_lines(source), start=1):
        for rule, pattern in BY_NAME.items():
            if not pattern.search(text):
                continue
            if any(module == name and part in text for module, part, _ in BY_NAME_ALLOWED):
                continue
            found.append(f"{_rel(name)}:{number}: {rule}: {text.strip()}")
            break
    return found


def _in_adapters(name: str) -> bool:
    return any(name == seam or name.startswith(seam + ".") for seam in ADAPTERS)


def _in_integrations(name: str) -> bool:
    return name == INTEGRATIONS or name.startswith(INTEGRATIONS + ".")


# ----------------------------------------------------------------------------------------------
# the checks
# ----------------------------------------------------------------------------------------------
def test_no_module_is_over_800_lines() -> None:
    long = {
        _rel(name): n
        for name, path in modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    report = [f"{path}: {n} lines" for path, n in sorted(long.items(), key=lambda item: -item[1])]
    assert not report, f"{len(report)} modules over {MAX_LINES} lines (split them by concern):\n  " + "\n  ".join(
        report
    )


def test_no_import_cycle() -> None:
    report = cycle_report(import_graph())
    assert not report, (
        f"{len(report)} import cycles (function-level imports included; break each with a third module or by "
        "passing objects in):\n  " + "\n  ".join(report)
    )


def test_the_core_never_imports_the_integrations() -> None:
    report = [
        f"{_rel(name)}:{line}: imports {target}"
        for name in modules()
        if not _in_integrations(name) and name not in FACADES
        for target, line in imports(name, runtime_only=False)
        if _in_integrations(target)
    ]
    assert not report, f"{len(report)} imports of {INTEGRATIONS} from the core:\n  " + "\n  ".join(report)


def test_only_the_adapters_test_a_frame_type_by_name() -> None:
    report = [
        line
        for name, path in modules().items()
        if not _in_adapters(name)
        for line in by_name_checks(name, path.read_text(encoding="utf-8"))
    ]
    assert not report, (
        f"{len(report)} lines outside {', '.join(ADAPTERS)} test a frame's type by name (ask the adapter "
        "registry instead):\n  " + "\n  ".join(report)
    )


# ----------------------------------------------------------------------------------------------
# the checkers themselves, on made-up input
# ----------------------------------------------------------------------------------------------
def test_the_cycle_finder_sees_a_cycle_and_names_its_imports() -> None:
    graph = {"a": {"b": 3}, "b": {"c": 5}, "c": {"a": 7}, "d": {"a": 1}}
    assert strongly_connected(graph) == [["a", "b", "c"]]
    assert strongly_connected({"a": {"b": 1}, "b": {}}) == []


def test_the_by_name_rules_match_what_they_should() -> None:
    hits = [
        'if type(x).__module__.split(".")[0] == "pandas":',
        'return cls.__module__ in ("polars", "pandas")',
        'if type(obj).__name__ == "Styler":',
        'if cls.__name__ in ("DataFrame", "Series"):',
        'kinds = ["pandas.DataFrame", "polars.Series"]',
        'if kind == "pyarrow.Table":',
        '("polars.dataframe.frame", "DataFrame")',
    ]
    misses = [
        'raise TypeError(f"expected a DataFrame, got {type(x).__name__}")',
        'if type(exc).__module__ in ("builtins", "jupyter_privguard.errors"):',
        'note = "convert it with pandas.DataFrame(...) first"',
        "import pandas as pd",
    ]
    for text in hits:
        assert any(p.search(text) for p in BY_NAME.values()), text
    for text in misses:
        assert not any(p.search(text) for p in BY_NAME.values()), text


def test_comments_and_docstrings_are_not_code() -> None:
    source = '"""Takes a ``"pandas.DataFrame"``."""\nx = 1  # "pandas.Series"\ny = "pandas.Index"\n'
    assert code_lines(source) == ["", "x = 1  ", 'y = "pandas.Index"']
