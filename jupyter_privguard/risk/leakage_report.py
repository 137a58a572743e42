"""The leakage report: :class:`LeakageReport` and its parts, with their ``to_dict``, text, HTML and plots.

:func:`~jupyter_privguard.risk.leakage` fills them. They hold column names, counts, scores and shares;
never a raw value (groups are numbered by size), and the plots draw SHAP values only.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .charts import _svg_bars

__all__ = ["AttributeLeak", "FeatureLeak", "LeakageReport", "ModelGap"]


@dataclass
class FeatureLeak:
    """One feature's part in predicting a sensitive attribute."""

    name: str
    share: float  # normalised mean |SHAP|; the shares of an attribute sum to 1
    proxy: bool
    drop_auc: float | None = None  # AUC lost when the feature is left out (top features only)
    auc_alone: float | None = None  # out-of-fold AUC of this feature on its own (binned)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "share": self.share,
            "proxy": self.proxy,
            "drop_auc": self.drop_auc,
            "auc_alone": self.auc_alone,
        }


@dataclass
class ModelGap:
    """The gap in the user's model output between two groups, split per feature (SHAP additivity)."""

    sensitive: str
    output: str  # what the SHAP values explain, e.g. "log-odds of class 1"
    group_sizes: tuple[int, int]
    gap: float  # mean output of group 0 minus group 1 (SHAP scale); groups by size
    contributions: list[tuple[str, float]]  # (feature, part of the gap), largest |part| first

    def to_dict(self) -> dict[str, Any]:
        return {
            "sensitive": self.sensitive,
            "output": self.output,
            "group_sizes": list(self.group_sizes),
            "gap": self.gap,
            "contributions": [{"name": n, "gap": g} for n, g in self.contributions],
        }


@dataclass
class AttributeLeak:
    """How well one sensitive attribute can be predicted from the other features, and from which."""

    sensitive: str
    auc: float
    auc_interval: tuple[float, float]
    fold_aucs: list[float]
    features: list[FeatureLeak]
    n_rows: int
    group_sizes: list[int]
    target_kind: str  # "binary" | "multiclass" | "median split"
    strength: str  # "none" | "weak" | "moderate" | "strong"
    notes: list[str] = field(default_factory=list)
    baseline_auc: float = 0.5
    _shap: np.ndarray | None = field(default=None, repr=False)
    # per explained row and feature, the rank of the feature value in [0, 1] (the beeswarm's colour)
    _ranks: np.ndarray | None = field(default=None, repr=False)

    @property
    def proxies(self) -> list[str]:
        return [f.name for f in self.features if f.proxy]

    @property
    def verdict(self) -> str:
        lo, hi = self.auc_interval
        label = "no measurable" if self.strength == "none" else self.strength
        head = (
            f"{self.sensitive}: {label} leak, AUC {self.auc:.2f} [{lo:.2f}, {hi:.2f}] "
            f"against {self.baseline_auc:.2f} by chance"
        )
        if self.proxies:
            parts = [f"{f.name} ({f.share:.0%})" for f in self.features if f.proxy]
            return head + "; proxies: " + ", ".join(parts)
        return head + "; no proxy flagged"

    def to_dict(self) -> dict[str, Any]:
        return {
            "sensitive": self.sensitive,
            "auc": self.auc,
            "auc_interval": list(self.auc_interval),
            "baseline_auc": self.baseline_auc,
            "fold_aucs": list(self.fold_aucs),
            "strength": self.strength,
            "target_kind": self.target_kind,
            "n_rows": self.n_rows,
            "group_sizes": list(self.group_sizes),
            "proxies": self.proxies,
            "features": [f.to_dict() for f in self.features],
            "notes": list(self.notes),
            "verdict": self.verdict,
        }


@dataclass
class LeakageReport:
    """The result of :func:`leakage`: one :class:`AttributeLeak` per sensitive attribute."""

    attributes: list[AttributeLeak]
    excluded: dict[str, str]
    n_rows: int
    n_used: int
    features: list[str]
    notes: list[str] = field(default_factory=list)
    model_gaps: list[ModelGap] = field(default_factory=list)
    elapsed_s: float = 0.0
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def verdict(self) -> str:
        if not self.attributes:
            return "No sensitive attribute was analysed" + (f": {self.notes[0]}" if self.notes else ".")
        leaking = [a for a in self.attributes if a.proxies]
        if not leaking:
            return "No proxy found: no sensitive attribute is predictable from a few features."
        return "Proxies found: " + "; ".join(f"{a.sensitive} via {', '.join(a.proxies)}" for a in leaking) + "."

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (no raw values)."""
        return {
            "verdict": self.verdict,
            "attributes": [a.to_dict() for a in self.attributes],
            "excluded": dict(self.excluded),
            "features": list(self.features),
            "n_rows": self.n_rows,
            "n_used": self.n_used,
            "notes": list(self.notes),
            "model_gaps": [g.to_dict() for g in self.model_gaps],
            "elapsed_s": round(self.elapsed_s, 6),
            "settings": dict(self.settings),
        }

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), **kwargs)

    def summary(self) -> str:
        """Plain text: the verdict, then per attribute its AUC and the features by share."""
        lines = [self.verdict]
        for a in self.attributes:
            lines.append("")
            lines.append(a.verdict)
            for f in a.features[:10]:
                drop = f"  drop-column AUC loss {f.drop_auc:+.3f}" if f.drop_auc is not None else ""
                alone = f"  alone AUC {f.auc_alone:.2f}" if f.auc_alone is not None else ""
                lines.append(f"  {f.name:<30} {f.share:6.1%}{'  PROXY' if f.proxy else '       '}{alone}{drop}")
            lines += [f"  note: {n}" for n in a.notes]
        for g in self.model_gaps:
            lines.append("")
            lines.append(f"model output gap by {g.sensitive} ({g.output}): {g.gap:+.3f}")
            lines += [f"  {n:<30} {v:+.3f}" for n, v in g.contributions[:10]]
        if self.excluded:
            lines.append("")
            lines += [f"excluded {name}: {why}" for name, why in self.excluded.items()]
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<LeakageReport {len(self.attributes)} attribute(s): {self.verdict}>"

    def _repr_html_(self) -> str:
        return self._html(picture=True)

    def _picture_html(self) -> str:
        """The matplotlib picture as an embedded PNG; nothing without matplotlib (the bars remain)."""
        try:
            from .figures import figure_html, leakage_figure

            return figure_html(leakage_figure(self), self._picture_caption())
        except Exception:  # no matplotlib, or nothing to draw
            return ""

    def _html(self, *, picture: bool) -> str:
        esc = html.escape
        parts = [f"<div class='privguard-leakage'><p><b>{esc(self.verdict)}</b></p>"]
        for a in self.attributes:
            parts.append(f"<p>{esc(a.verdict)}</p>")
            bars = [(f.name, f.share, f.proxy) for f in a.features[:12]]
            parts.append(_svg_bars(bars, title=f"share of the prediction of {a.sensitive} (SHAP)"))
            if a.notes:
                parts.append("<ul>" + "".join(f"<li>{esc(n)}</li>" for n in a.notes) + "</ul>")
        for g in self.model_gaps:
            total = sum(abs(v) for _, v in g.contributions) or 1.0
            parts.append(f"<p>Model output gap by {esc(g.sensitive)}: {g.gap:+.3f} ({esc(g.output)})</p>")
            parts.append(
                _svg_bars(
                    [(n, abs(v) / total, v * g.gap > 0) for n, v in g.contributions[:12]],
                    title="share of the gap carried by each feature",
                )
            )
        if self.excluded:
            parts.append("<p>Not modelled: " + esc(", ".join(f"{k} ({v})" for k, v in self.excluded.items())) + "</p>")
        if self.notes:
            parts.append("<ul>" + "".join(f"<li>{esc(n)}</li>" for n in self.notes) + "</ul>")
        if picture:
            parts.append(self._picture_html())
        parts.append("</div>")
        return "".join(parts)

    def _picture_caption(self) -> str:
        return "mean |SHAP| per feature and SHAP value per row, coloured by the rank of the feature value"

    def plot(self, attribute: str | None = None, *, max_features: int = 10) -> Any:
        """Mean |SHAP| per feature (bars) and each explained row's SHAP value (beeswarm), per attribute.

        Drawn with matplotlib from SHAP values and value *ranks* only (see
        :mod:`~jupyter_privguard.risk.figures`): no feature value is in the picture. Returns the
        :class:`matplotlib.figure.Figure`; needs matplotlib.
        """
        from .figures import leakage_figure

        return leakage_figure(self, attribute, max_features=max_features)

    def _shap_names(self, a: AttributeLeak) -> list[str]:
        return list(self.settings.get("shap_features", {}).get(a.sensitive, []))
