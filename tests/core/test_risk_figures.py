"""The risk pictures (risk/figures.py) are drawn from numbers: seeded values never reach the SVG or PNG.

Each figure is rendered to SVG with its text kept as text, so the test can read every string matplotlib
drew (tick labels, titles, annotations) and search it for the seeded values in every form.
"""

from __future__ import annotations

import html
import json
import re

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("matplotlib")
pytest.importorskip("sklearn")
pytest.importorskip("shap")

from jupyter_privguard.risk import leakage, reidentification
from jupyter_privguard.risk.figures import (
    class_size_bins,
    classes_figure,
    feature_order,
    figure_html,
    leakage_figure,
    svg_text,
    value_ranks,
)

SECRET = "Qx9SECRETgroup"  # seeded into category values and quasi-identifier values


def _forms(value: str) -> list[str]:
    return [value, value.lower(), value.upper(), html.escape(value), json.dumps(value)[1:-1]]


def _frame(n: int = 1500, seed: int = 4) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    group = rng.choice(["a", "b"], n, p=[0.7, 0.3])
    # zone is a planted proxy of group; its values carry the secret
    zone = np.where(rng.random(n) < 0.9, np.where(group == "a", f"{SECRET}North", f"{SECRET}South"), f"{SECRET}East")
    return pd.DataFrame(
        {
            "group": group,
            "zone": zone,
            "noise": rng.normal(size=n),
            "age": rng.integers(18, 90, n),
        }
    )


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return _frame()


@pytest.fixture(scope="module")
def report(frame: pd.DataFrame):  # type: ignore[no-untyped-def]
    return leakage(frame, "group")


def _texts(svg: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def test_leakage_figure_names_the_features_and_never_a_value(report) -> None:  # type: ignore[no-untyped-def]
    svg = svg_text(leakage_figure(report))
    for form in _forms(SECRET):
        assert form not in svg, f"a seeded value ({form!r}) reached the leakage figure"
    texts = " ".join(_texts(svg))
    for name in ("zone", "noise", "age"):
        assert name in texts, f"feature {name!r} is not named in the figure"
    # the colour bar says low/high, not a value
    assert "low" in texts and "high" in texts


def test_bars_are_in_order_of_mean_abs_shap(report) -> None:  # type: ignore[no-untyped-def]
    attr = report.attributes[0]
    values = np.asarray(attr._shap)
    names = list(report.settings["shap_features"][attr.sensitive])
    mean_abs = np.abs(values).mean(axis=0)
    fig = leakage_figure(report)
    bar_ax = fig.axes[0]
    bars = sorted(bar_ax.patches, key=lambda p: -p.get_y())  # top to bottom
    widths = [p.get_width() for p in bars]
    assert widths == sorted(widths, reverse=True), "the bars are not largest first"
    assert widths == pytest.approx(sorted(mean_abs, reverse=True)[: len(widths)])
    labels = [t.get_text() for t in bar_ax.get_yticklabels()]
    top = labels[int(np.argmax([t.get_position()[1] for t in bar_ax.get_yticklabels()]))]
    assert top == names[int(np.argmax(mean_abs))] == "zone", "the planted proxy is the top bar"
    # the proxy's bar is drawn in the proxy colour, the others not
    colours = {
        label: bar.get_facecolor() for label, bar in zip(sorted(labels, key=lambda n: -mean_abs[names.index(n)]), bars)
    }
    assert colours["zone"] != colours["noise"]


def test_feature_order_and_value_ranks_on_known_numbers() -> None:
    values = np.array([[0.1, -2.0, 0.5], [-0.1, 2.0, -0.4], [0.1, 1.0, 0.6]])
    assert feature_order(values, 10) == [1, 2, 0]
    assert feature_order(values, 2) == [1, 2]
    ranks = value_ranks(np.array([[3.0, np.nan], [1.0, 5.0], [2.0, 5.0], [3.0, 7.0]]))
    assert ranks[:, 0].tolist() == [1.0, 0.0, 0.5, 1.0]
    assert np.isnan(ranks[0, 1]) and ranks[1:, 1].tolist() == [0.0, 0.0, 1.0]


def test_class_size_bins_count_classes_and_rows() -> None:
    sizes = [1, 1, 2, 3, 3, 3, 12, 25]
    bins = {(lo, hi): (classes, rows) for lo, hi, classes, rows in class_size_bins(sizes)}
    assert bins[(1, 1)] == (2, 2)
    assert bins[(2, 2)] == (1, 2)
    assert bins[(3, 3)] == (3, 9)
    assert bins[(11, 20)] == (1, 12)
    assert bins[(21, 40)] == (1, 25)
    assert sum(c for c, _ in bins.values()) == len(sizes)
    assert sum(r for _, r in bins.values()) == sum(sizes)
    assert class_size_bins([]) == []


def test_histogram_matches_the_class_sizes_and_draws_the_k_line(frame: pd.DataFrame) -> None:
    qi = frame.assign(age=frame["age"] // 10)[["zone", "age"]]
    risk = reidentification(qi, ["zone", "age"])
    sizes = qi.value_counts().to_numpy()
    below = int(sizes[sizes < 3].sum())
    fig = classes_figure(risk, k=3)
    svg = svg_text(fig)
    for form in _forms(SECRET):
        assert form not in svg, f"a seeded value ({form!r}) reached the histogram"
    texts = " ".join(_texts(svg))
    assert "k = 3" in texts
    assert f"({below:,} of {len(qi):,})" in texts, texts
    # the bars: one per bin, heights = classes per bin
    ax = fig.axes[0]
    heights = [int(round(p.get_height())) for p in ax.patches]
    assert sum(heights) == len(sizes)
    assert any(line.get_linestyle() == "--" for line in ax.lines), "no dashed k line"
    with pytest.raises(ValueError, match="k must be an integer"):
        classes_figure(risk, k=0)


def test_report_html_embeds_a_png_and_no_value(report, frame: pd.DataFrame) -> None:  # type: ignore[no-untyped-def]
    page = report._repr_html_()
    assert "data:image/png;base64," in page
    page_risk = reidentification(frame, ["zone", "age"])._repr_html_()
    assert "data:image/png;base64," in page_risk
    for text in (page, page_risk, figure_html(leakage_figure(report), "caption")):
        for form in _forms(SECRET):
            assert form not in text
