"""What an ``IPython.display.display(...)`` call asked for besides the object (ids, MIME types, metadata).

The display guard publishes its own bundle from IPython's display hook, which is not told those
arguments; this module finds them, so that ``display(df, display_id=...)`` and ``handle.update(df)``
behave as they would without the guard.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from types import FrameType
from typing import Any

from ... import render
from ...render import Bundle


@dataclass
class DisplayCall:
    """What an ``IPython.display.display(...)`` call asked for besides the object."""

    transient: dict[str, Any] | None = None  # the display id
    update: bool = False
    include: list[str] | None = None
    exclude: list[str] | None = None
    metadata: dict[str, Any] | None = None

    def shape(self, data: dict[str, Any], metadata: dict[str, Any]) -> Bundle:
        """The bundle as ``display`` would publish it: MIME types filtered, the caller's metadata
        merged in (the guard's own key stays the guard's)."""
        if self.include:
            data = {k: v for k, v in data.items() if k in self.include}
        if self.exclude:
            data = {k: v for k, v in data.items() if k not in self.exclude}
        if self.metadata:
            mark = metadata.get(render.METADATA_KEY)
            metadata = {**metadata, **self.metadata}
            if mark is not None:
                metadata[render.METADATA_KEY] = mark
        return data, metadata


def display_call() -> DisplayCall:
    """The arguments of the ``IPython.display.display`` call being served, if any.

    The guard publishes its own bundle from IPython's display hook, which is not told what
    ``display(df, display_id=..., include=..., metadata=...)`` or ``handle.update(df)`` asked for:
    without it an update would add an output instead of replacing one. The call is found a few
    frames up and its arguments read (ids, MIME-type lists, the caller's metadata; no data).
    """
    try:
        frame: FrameType | None = sys._getframe(2)
        for _ in range(24):
            if frame is None:
                break
            code = frame.f_code
            if code.co_name == "display" and code.co_filename.endswith("display_functions.py"):
                local = frame.f_locals
                kwargs = local.get("kwargs")
                if not isinstance(kwargs, dict):
                    break
                transient = kwargs.get("transient")
                include, exclude, metadata = local.get("include"), local.get("exclude"), local.get("metadata")
                return DisplayCall(
                    transient=dict(transient) if isinstance(transient, dict) and transient else None,
                    update=bool(kwargs.get("update")),
                    include=list(include) if isinstance(include, (list, tuple, set, frozenset)) else None,
                    exclude=list(exclude) if isinstance(exclude, (list, tuple, set, frozenset)) else None,
                    metadata=dict(metadata) if isinstance(metadata, dict) and metadata else None,
                )
            frame = frame.f_back
    except Exception:
        pass
    return DisplayCall()


def last_resort_bundle(obj: Any) -> Bundle:
    """What the display guard publishes when both the redacted view and its placeholder failed.

    A fixed text naming the object's type (letters, digits, dots and underscores only), never a
    value; built from nothing but the type's name, so that no part of the guard that just failed
    runs again.
    """
    try:
        name = re.sub(r"[^\w.]", "", type(obj).__name__)[:80] or "object"
    except Exception:
        name = "object"
    text = (
        f"privguard: this {name} was not displayed: the privacy guard and its placeholder both failed. "
        "Nothing of its data was shown."
    )
    return {"text/plain": text}, {
        render.METADATA_KEY: {"version": render.BUNDLE_VERSION, "redacted": True, "error": "double fault"}
    }
