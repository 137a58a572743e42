"""Frames in record mode on the display path: ``df.T`` and friends.

Their columns hold one record each (mixed types) and their row labels are field names, so the
columns are scanned the other way round: the shown view is transposed back into one row per record,
classified and redacted as a frame of records, and turned again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from ...policy import Policy

__all__ = ["record_mode_frame"]


def record_mode_frame(
    guard: Any, df: pd.DataFrame, view: Any, policy: Policy, limits: tuple[int, int], seams: dict[str, Any]
) -> None:
    """Redact ``view.data`` in place when ``df`` is a frame of records whose row labels are field names.

    ``guard`` is the :class:`~jupyter_privguard.integrations.ipython.display.DisplayGuard` showing ``df``;
    ``view`` its view of the shown rows (redactions are added to it); ``limits`` the most fields and
    records read this way; ``seams`` the display's ``scan``, ``redact``, ``planned`` and
    ``labels_policy`` (passed in: the display imports this module, and the tests' replacements of
    those seams hold here too).
    """
    import pandas as pd

    from ...render import Redaction
    from .display_parts import string_labels

    data = view.data
    if (
        df.shape[0] > limits[0]
        or data.shape[1] == 0
        or data.shape[1] > limits[1]
        or not string_labels(df.index)
        or not df.index.is_unique
        or not all(dtype == object for dtype in df.dtypes)  # noqa: E721 - numpy dtypes compare equal to object, not identical
    ):
        return
    records = data.T  # one row per shown record, one column per field
    report = seams["scan"](records, policy)
    planned = seams["planned"](report, policy)
    if not planned:
        return
    redacted = seams["redact"](records, seams["labels_policy"](policy), report)
    out = redacted.T
    if out.shape != data.shape:
        return
    view.data = pd.DataFrame(out.to_numpy(dtype=object), index=data.index, columns=data.columns)
    for name, finding, entity, action in planned:
        view.redactions.append(Redaction(name, entity, action, int(records.iloc[:, finding.position].count())))
        if finding.entity is not None:
            guard._remember(records.iloc[:, finding.position].tolist(), finding.entity, finding.column)
