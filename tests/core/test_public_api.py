"""The public surface: importing is cheap and pure, and __all__ matches what is exported."""

from __future__ import annotations

import json
import subprocess
import sys
import types

import jupyter_privguard

HEAVY = [
    "pandas",
    "numpy",
    "IPython",
    "ipywidgets",
    "ipykernel",
    "presidio_analyzer",
    "spacy",
    "shap",
    "sklearn",
    "polars",
    "jupyter_server",
    "jupyter_client",
]


def test_import_pulls_in_nothing_heavy() -> None:
    code = f"import sys, json; import jupyter_privguard; print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_all_names_resolve_and_nothing_else_is_public() -> None:
    for name in jupyter_privguard.__all__:
        assert getattr(jupyter_privguard, name) is not None, name
    functions = {"enable", "disable", "load_ipython_extension", "unload_ipython_extension"}
    public = set(jupyter_privguard._LAZY) | {"__version__"} | functions
    assert public == set(jupyter_privguard.__all__)
    stray = [
        name
        for name, value in vars(jupyter_privguard).items()
        if not name.startswith("_")
        and name not in public
        and not isinstance(value, types.ModuleType)
        and name not in ("annotations", "import_module", "TYPE_CHECKING", "Any")
    ]
    assert stray == []


def test_unknown_attribute_raises_attribute_error() -> None:
    try:
        jupyter_privguard.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("expected AttributeError")


def test_scan_and_redact_are_functions_even_after_submodule_import() -> None:
    import jupyter_privguard.redaction
    import jupyter_privguard.scanner

    assert callable(jupyter_privguard.scan) and jupyter_privguard.scan.__name__ == "scan"
    assert callable(jupyter_privguard.redact) and jupyter_privguard.redact.__name__ == "redact"


def test_panel_is_the_function_after_its_module_is_imported() -> None:
    import jupyter_privguard.integrations.widget

    assert callable(jupyter_privguard.panel) and jupyter_privguard.panel.__name__ == "panel"
