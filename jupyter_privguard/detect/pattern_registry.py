"""The registry of pattern recognisers: one :class:`~jupyter_privguard.registry.Registry` of them.

Registries are instances: nothing registers itself at import time. :meth:`PatternRegistry.default`
builds the built-in set (:func:`~.recognizers.catalogue.builtin_recognizers`); the running guard
session owns one (``current_session().registries.recognizers``), which every path that is not handed
a registry of its own resolves to (:func:`default_registry`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..registry import ENTRY_POINT_GROUPS, Registry
from .recognizer import PatternRecognizer
from .recognizers.catalogue import builtin_recognizers

__all__ = ["PatternRegistry", "default_registry"]

_ENTRY_POINT_GROUP = ENTRY_POINT_GROUPS["recognizers"]


def _check_recognizer(item: Any) -> None:
    if not isinstance(item, PatternRecognizer):
        raise TypeError(
            f"expected a PatternRecognizer, got {type(item).__name__}; "
            "build one with PatternRecognizer(name=..., entity=..., regex=..., score=...)"
        )


def _name_of(recognizer: PatternRecognizer) -> str:
    return recognizer.name


class PatternRegistry(Registry[PatternRecognizer]):
    """A set of recognisers, looked up by name.

    Registries are instances owned by whoever runs the scan; build the built-in set with
    :meth:`default`, add your own with :meth:`register`. Third-party packages publish recognisers
    under the ``jupyter_privguard.recognizers`` entry-point group (:meth:`load_entry_points`).

    Parameters
    ----------
    recognizers
        Initial recognisers (names must be unique).
    """

    def __init__(self, recognizers: Iterable[PatternRecognizer] = ()) -> None:
        super().__init__("recogniser", _name_of, check=_check_recognizer, items=recognizers, group=_ENTRY_POINT_GROUP)

    @classmethod
    def default(cls) -> PatternRegistry:
        """A new registry with the built-in recognisers (see :func:`builtin_recognizers`)."""
        return cls(builtin_recognizers())

    def for_entity(self, entity: str) -> list[PatternRecognizer]:
        """The recognisers that find ``entity``."""
        return [r for r in self if r.entity == entity]

    def __repr__(self) -> str:
        return f"<PatternRegistry: {len(self)} recognisers>"


def default_registry() -> PatternRegistry:
    """The running session's recognisers (built-ins and plugins, built on first use, not at import).

    Every path that is not handed its own registry uses these, so a plugin reaches all of them.
    """
    # asked on use: the session sits above the detectors, and importing the pattern tier must
    # not start one
    from ..session import current_session

    registry: PatternRegistry = current_session().registries.recognizers
    return registry
