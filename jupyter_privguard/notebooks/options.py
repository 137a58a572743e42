"""How notebooks are checked (:class:`NotebookOptions`), and which files are checked.

The file suffixes the commands look for and :func:`iter_files`, which walks folders for them.
Uses no other module of the package.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ..policy import Policy

NOTEBOOK_SUFFIXES = (".ipynb",)
TABLE_SUFFIXES = (".csv", ".parquet", ".json")

SourceMode = Literal["skip", "report", "redact"]
#: The values of :attr:`NotebookOptions.sources` (the save hook and nbconvert offer the same).
SOURCE_MODES: tuple[SourceMode, ...] = ("skip", "report", "redact")


@dataclass(frozen=True)
class NotebookOptions:
    """How notebooks are checked.

    Parameters
    ----------
    policy
        Actions, thresholds and allow lists (:meth:`Policy.load` when ``None``).
    tables
        Parse HTML / table-schema tables and classify their columns (slower, finds names and
        other entities a pattern cannot).
    trust_guarded
        Skip the table tier for outputs the display guard already redacted.
    drop_reveals
        Drop outputs marked as a reveal (the default everywhere).
    sources
        What to do with cell sources: ``"report"`` (the default: they are checked and reported,
        never rewritten), ``"redact"`` (markdown and raw sources are redacted, and in code cells
        what lies inside string literals and ``#`` comments; anything else in code is reported
        and left, the code would break) or ``"skip"`` (not checked).
    """

    policy: Policy | None = None
    tables: bool = True
    trust_guarded: bool = True
    drop_reveals: bool = True
    sources: SourceMode = "report"

    def __post_init__(self) -> None:
        if self.sources not in SOURCE_MODES:
            raise ValueError(f"expected sources='skip', 'report' or 'redact', got {self.sources!r}")

    def resolved_policy(self) -> Policy:
        if self.policy is not None:
            return self.policy
        from ..policy import Policy

        return Policy.load()


def iter_files(paths: Iterable[str], suffixes: Sequence[str]) -> Iterator[str]:
    """Files with one of ``suffixes`` under ``paths`` (folders recursively; hidden folders skipped)."""
    for root in paths:
        if os.path.isdir(root):
            for folder, dirs, files in os.walk(root):
                dirs[:] = sorted(
                    d for d in dirs if not d.startswith(".") and d != "__pycache__" and d != "node_modules"
                )
                for name in sorted(files):
                    if name.lower().endswith(tuple(suffixes)):
                        yield os.path.join(folder, name)
        else:
            yield root
