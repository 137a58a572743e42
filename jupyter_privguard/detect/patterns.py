"""Value patterns: declarative recognisers, run vectorised over a column sample or inside text.

This module is the front of the pattern tier; the work lives in modules by concern:

:mod:`.recognizer`
    the data model: :class:`PatternRecognizer` (a name, an entity, an RE2-compatible regular
    expression, scores, a validator, context words) and :class:`ValueHit`.
:mod:`.pattern_registry`
    :class:`PatternRegistry`, the registry of recognisers the guard session owns.
:mod:`.recognizers`
    the built-in recognisers, one small module per family (``generic/``) or country
    (``country_specific/<country>/``), put together by :func:`builtin_recognizers`.
:mod:`.match_columns`
    :func:`match_values`, the column engine: how many sampled cells *fully* match each
    recogniser and how many pass its validator (counts and scores, never values).
:mod:`.find_text`
    :func:`find_spans`, the text engine: validated spans with offsets, boosted by nearby
    context words, overlaps resolved.

Everything that was importable from here still is.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from . import find_text as _find_text
from . import match_columns as _match_columns
from . import pattern_registry as _pattern_registry
from . import recognizer as _recognizer
from .find_text import find_spans
from .match_columns import match_values, normalize_numeric_strings
from .pattern_registry import PatternRegistry
from .recognizer import CONTEXT_BOOST, NON_PII_ENTITIES, PatternRecognizer, ValueHit
from .recognizers.catalogue import builtin_recognizers
from .recognizers.generic import phones as _phones

__all__ = [
    "CONTEXT_BOOST",
    "NON_PII_ENTITIES",
    "PatternRecognizer",
    "PatternRegistry",
    "ValueHit",
    "builtin_recognizers",
    "find_spans",
    "match_values",
    "normalize_numeric_strings",
]

#: the session's registry, under the name other modules imported it by
_default_registry = _pattern_registry.default_registry

# where the private helpers that lived here went (``patterns._search_masks``, ``patterns._PHONE`` ...)
_MOVED = (_find_text, _match_columns, _pattern_registry, _recognizer, _phones)
# the modules whose helpers callers replace through this one (see _Facade)
_ENGINES = (_match_columns, _find_text)


def __getattr__(name: str) -> Any:
    for module in _MOVED:
        found = vars(module)
        if name in found:
            return found[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# the engines' own values of the names replaced through this module, until the replacement is deleted
_REPLACED: dict[tuple[str, str], Any] = {}


class _Facade(types.ModuleType):
    """This module, where replacing a helper the engines define replaces it in the engines.

    Callers (and tests, with ``monkeypatch.setattr(patterns, "_search_masks", ...)``) replaced the
    engines' helpers here before they moved. Setting such a name sets it in the engine that uses it;
    deleting it (how a monkeypatch is undone) puts the engine's own value back.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        engines = [engine for engine in _ENGINES if name in vars(engine)]
        if not engines:
            super().__setattr__(name, value)
            return
        for engine in engines:
            _REPLACED.setdefault((engine.__name__, name), vars(engine)[name])
            setattr(engine, name, value)

    def __delattr__(self, name: str) -> None:
        restored = False
        for engine in _ENGINES:
            key = (engine.__name__, name)
            if key in _REPLACED:
                setattr(engine, name, _REPLACED.pop(key))
                restored = True
        if not restored:
            super().__delattr__(name)


sys.modules[__name__].__class__ = _Facade
