"""The re-identification report: :class:`RiskReport`, with its numbers, text, HTML and plot.

:func:`~jupyter_privguard.risk.reidentification` computes the numbers; the report renders them
(``to_dict``, ``summary``, ``_repr_html_``, ``plot``) and hands ``generalize`` to the search in
:mod:`jupyter_privguard.risk.generalization`. Nothing in it holds a raw value.
"""

from __future__ import annotations

import html
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .charts import _svg_bars
from .generalization import DEFAULT_MAX_SUPPRESSION, Generalization, _generalize

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["RiskReport"]


@dataclass
class RiskReport:
    """Re-identification risk of a table on its quasi-identifiers (see :func:`~.reidentification.reidentification`).

    Attributes
    ----------
    quasi_identifiers
        The columns treated as quasi-identifiers, in the order given or found.
    k
        The size of the smallest equivalence class (0 for an empty frame).
    unique_share
        Share of rows that are alone in their class.
    n_classes, n_rows
        Number of equivalence classes and of rows.
    average_risk, max_risk
        Mean and maximum of the per-row risk ``1 / class size``.
    l_diversity
        ``{sensitive column: l}``, the smallest number of distinct values of that column in a class.
    class_size_histogram
        Rows per class-size band (``"1 (unique)"``, ``"2"``, ``"3-4"``, ``"5-9"``, ``"10+"``).
    unique_share_without
        ``{quasi-identifier: unique share when that column is left out}``: which column drives the risk.
    direct_identifiers
        Columns classified as direct identifiers; each identifies a row on its own and is not counted
        as a quasi-identifier.
    """

    quasi_identifiers: list[str]
    k: int
    unique_share: float
    n_classes: int
    n_rows: int
    average_risk: float
    max_risk: float
    l_diversity: dict[str, int] = field(default_factory=dict)
    class_size_histogram: dict[str, int] = field(default_factory=dict)
    unique_share_without: dict[str, float] = field(default_factory=dict)
    entities: dict[str, str | None] = field(default_factory=dict)
    direct_identifiers: list[str] = field(default_factory=list)
    sensitive: list[str] = field(default_factory=list)
    source: str = "given"
    notes: list[str] = field(default_factory=list)
    elapsed_s: float = 0.0
    _frame: pd.DataFrame | None = field(default=None, repr=False)
    _labels: list[Hashable] = field(default_factory=list, repr=False)
    _row_risk: np.ndarray | None = field(default=None, repr=False)
    _class_sizes: np.ndarray | None = field(default=None, repr=False)  # rows per class: counts only

    # -- numbers -------------------------------------------------------------------------------
    @property
    def row_risk(self) -> pd.Series:
        """Per-row re-identification risk ``1 / class size``, aligned to the frame's index."""
        import pandas as pd

        index = self._frame.index if self._frame is not None else None
        values = self._row_risk if self._row_risk is not None else np.zeros(0)
        return pd.Series(values, index=index, name="reidentification_risk")

    @property
    def verdict(self) -> str:
        """One line for people."""
        if not self.quasi_identifiers:
            return "No quasi-identifiers found: re-identification risk was not assessed."
        qis = ", ".join(self.quasi_identifiers)
        level = "high" if self.unique_share >= 0.05 or self.k < 2 else "elevated" if self.k < 5 else "low"
        return (
            f"Re-identification risk {level}: k = {self.k}, {self.unique_share:.1%} of {self.n_rows:,} rows "
            f"are unique on {qis}."
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (no raw values)."""
        return {
            "quasi_identifiers": list(self.quasi_identifiers),
            "k": self.k,
            "unique_share": self.unique_share,
            "n_rows": self.n_rows,
            "n_classes": self.n_classes,
            "average_risk": self.average_risk,
            "max_risk": self.max_risk,
            "l_diversity": dict(self.l_diversity),
            "class_size_histogram": dict(self.class_size_histogram),
            "unique_share_without": dict(self.unique_share_without),
            "entities": dict(self.entities),
            "direct_identifiers": list(self.direct_identifiers),
            "sensitive": list(self.sensitive),
            "source": self.source,
            "notes": list(self.notes),
            "elapsed_s": round(self.elapsed_s, 6),
            "verdict": self.verdict,
        }

    def summary(self) -> str:
        """Plain-text summary."""
        lines = [
            self.verdict,
            f"classes: {self.n_classes:,}; average risk {self.average_risk:.3f}; max risk {self.max_risk:.3f}",
        ]
        for col, l_val in self.l_diversity.items():
            lines.append(f"l-diversity of {col}: {l_val}")
        for col, share in self.unique_share_without.items():
            lines.append(f"unique share without {col}: {share:.1%}")
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"<RiskReport k={self.k} unique_share={self.unique_share:.3f} quasi_identifiers={self.quasi_identifiers}>"
        )

    def _repr_html_(self) -> str:
        return self._html(picture=True)

    def _picture_html(self) -> str:
        """The matplotlib picture as an embedded PNG; nothing without matplotlib (the bars remain)."""
        if not self.quasi_identifiers or not self.n_rows:
            return ""
        try:
            from .figures import classes_figure, figure_html

            return figure_html(classes_figure(self), self._picture_caption())
        except Exception:  # no matplotlib, or nothing to draw
            return ""

    def _html(self, *, picture: bool) -> str:
        esc = html.escape
        bars = [
            (label, count / self.n_rows if self.n_rows else 0.0, label.startswith("1"))
            for label, count in self.class_size_histogram.items()
        ]
        chart = _svg_bars(bars, title="share of rows by equivalence-class size")
        drivers = ""
        if self.unique_share_without:
            drivers = _svg_bars(
                [(f"without {q}", s, False) for q, s in self.unique_share_without.items()],
                title="unique share if one quasi-identifier is left out",
            )
        notes = "".join(f"<li>{esc(n)}</li>" for n in self.notes)
        return (
            f"<div class='privguard-risk'><p><b>{esc(self.verdict)}</b></p>{chart}{drivers}"
            + (self._picture_html() if picture else "")
            + (f"<ul>{notes}</ul>" if notes else "")
            + "</div>"
        )

    def _picture_caption(self) -> str:
        return "equivalence classes by size; the dashed line is k = 5"

    def plot(self, k: int = 5) -> Any:
        """The histogram of equivalence-class sizes with the line at ``k`` (needs matplotlib; returns the figure).

        Classes smaller than ``k`` are red and the share of rows in them is written beside the line;
        the axes hold class sizes and counts only (see :mod:`~jupyter_privguard.risk.figures`).
        """
        from .figures import classes_figure

        return classes_figure(self, k)

    # -- generalisation ------------------------------------------------------------------------
    def generalize(self, k: int = 5, *, max_suppression: float = DEFAULT_MAX_SUPPRESSION) -> Generalization:
        """Return a new frame generalised just enough that every class has at least ``k`` rows.

        A greedy walk up the generalisation lattice: each quasi-identifier has a ladder of levels
        (postal codes lose trailing characters; dates become month, year, 5- and 10-year bands;
        ages and other numbers become bands; categories below a frequency threshold merge into
        ``"Other"``; the top level is ``"*"``). At each step the one-level move that leaves the
        fewest rows in classes smaller than ``k`` (ties: the least information lost) is taken, until
        at most ``max_suppression`` of the rows are left in such classes; those rows are then removed
        (suppression, the last resort). Greedy search finds a small generalisation, not provably the
        smallest (optimal searches such as Flash or OLA visit the whole lattice).

        Parameters
        ----------
        k
            The target smallest class size (>= 1).
        max_suppression
            The largest share of rows that may be removed instead of generalising further, in [0, 1).

        Returns
        -------
        Generalization
            ``.frame`` (a new DataFrame; the original is not touched), ``.changes`` (one dict per
            generalised column and one for the suppression), the reached ``.k`` and more.
        """
        if not isinstance(k, (int, np.integer)) or isinstance(k, bool) or k < 1:
            raise ValueError(f"k must be an integer >= 1, got {k!r}")
        if not 0 <= max_suppression < 1:
            raise ValueError(f"max_suppression must be in [0, 1), got {max_suppression!r}; e.g. 0.05 for 5%")
        if self._frame is None:
            raise ValueError("this report holds no frame to generalise; build it with reidentification(df)")
        return _generalize(self, int(k), float(max_suppression))
