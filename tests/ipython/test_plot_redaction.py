"""A figure's text is redacted before it is drawn: SVG (as text and as paths), PNG and PDF, through a real IPython shell.

Each path is drawn twice: with the guard switched off (the control: the picture must hold the
seeded values) and on. The SVG is searched as text (``svg.fonttype = 'none'``); the default SVG
(text as paths) and the PNG are compared with the same figure drawn from the redacted labels.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd
import pytest
from seeded import run

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

LOCALES = ["en_US", "de_DE", "fr_FR"]


def _people(locale: str, n: int = 6, seed: int = 21) -> pd.DataFrame:
    from faker import Faker

    fake = Faker(locale)
    fake.seed_instance(seed)
    names = list(dict.fromkeys(fake.name() for _ in range(n * 2)))[:n]
    return pd.DataFrame(
        {
            "full_name": names,
            "email": [fake.unique.email() for _ in names],
            "product": [f"{fake.word().title()} Chime L{10 + i}" for i in range(len(names))],
            "amount": [round(100 + 37.5 * i, 2) for i in range(len(names))],
            "ordered": [f"2024-0{1 + i % 9}-1{i % 9}" for i in range(len(names))],
        }
    )


@pytest.fixture(params=LOCALES)
def people(request: Any, ip: Any) -> pd.DataFrame:
    import matplotlib.pyplot as plt

    frame = _people(request.param)
    ip.user_ns.update(people=frame, plt=plt, io=io)
    yield frame
    plt.close("all")
    for name in ("people", "fig", "ax", "plt", "io", "sns"):
        ip.user_ns.pop(name, None)


def _session(ip: Any) -> Any:
    from jupyter_privguard.integrations.ipython import get_extension

    return get_extension(ip).session


@contextmanager
def _quiet() -> Iterator[None]:
    """The export guard's savefig check reads the figure's raw texts and warns; these tests read the file."""
    import warnings

    from jupyter_privguard.errors import PrivacyWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PrivacyWarning)
        yield


def _svg(fig: Any, fonttype: str = "none") -> str:
    import matplotlib

    buffer = io.StringIO()
    with _quiet(), matplotlib.rc_context({"svg.fonttype": fonttype, "svg.hashsalt": "privguard"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _png(fig: Any, **kwargs: Any) -> Any:
    import matplotlib.image

    buffer = io.BytesIO()
    with _quiet():
        fig.savefig(buffer, format="png", dpi=40, **kwargs)
    buffer.seek(0)
    return matplotlib.image.imread(buffer)


def _draw(ip: Any, code: str) -> Any:
    result = run(ip, code + "\nfig = plt.gcf()")
    assert result["success"], result["stderr"][-2000:]
    return ip.user_ns["fig"]


def _values(frame: pd.DataFrame) -> list[str]:
    return list(frame["full_name"]) + list(frame["email"])


def _escaped(values: list[str]) -> list[str]:
    import html

    return [html.escape(v) for v in values]


PATHS = {
    "pandas bar x=name": "people.plot.bar(x='full_name', y='amount')",
    "plt.bar(names)": "plt.figure(); plt.bar(list(people.full_name), people.amount)",
    "set_xticklabels": "ax = plt.figure().gca(); ax.bar(range(len(people)), people.amount); ax.set_xticks(range(len(people))); ax.set_xticklabels(people.email, rotation=45)",
    "annotate, title, suptitle, axis labels": "ax = plt.figure().gca(); ax.plot([0, 1], [0, 1]); ax.annotate(people.full_name[0], (0.5, 0.5)); ax.set_title('top: ' + people.email[1]); plt.gcf().suptitle(people.full_name[2]); ax.set_xlabel(people.full_name[3]); ax.set_ylabel(people.email[4])",
    "legend": "ax = plt.figure().gca(); [ax.plot([0, 1], [i, i + 1], label=n) for i, n in enumerate(people.full_name)]; ax.legend()",
    "table artist": "ax = plt.figure().gca(); ax.axis('off'); ax.table(cellText=[[n, p, e] for n, p, e in zip(people.full_name, people['product'], people.email)], loc='center')",
    "colorbar label": "fig, ax = plt.subplots(); im = ax.imshow([[1, 2], [3, 4]]); fig.colorbar(im).set_label(people.email[0])",
    "pie labels": "plt.figure(); plt.pie(people.amount, labels=people.full_name)",
    "mathtext": "ax = plt.figure().gca(); ax.set_title(r'$\\alpha$ of ' + people.email[0]); ax.set_xlabel('$x$ ' + people.full_name[0])",
    "inside mathtext": "ax = plt.figure().gca(); ax.set_title(r'$\\mathrm{' + people.email[0] + '}$'); ax.set_ylabel('$' + people.full_name[0] + '$')",
    "pandas hist by name": "people.hist(column='amount', by='full_name')",
    "pandas boxplot by name": "people.boxplot(column='amount', by='full_name')",
    "value_counts bar": "people.full_name.value_counts().plot.bar()",
    "seaborn barplot": "import seaborn as sns; plt.figure(); sns.barplot(data=people, x='full_name', y='amount')",
}


@pytest.mark.parametrize("code", list(PATHS.values()), ids=list(PATHS))
def test_figure_text_is_redacted_in_svg(ip: Any, people: pd.DataFrame, code: str) -> None:
    if "seaborn" in code:
        pytest.importorskip("seaborn")
    values = _values(people)
    session = _session(ip)
    session.enabled = False
    try:
        control = _svg(_draw(ip, code))
    finally:
        session.enabled = True
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the one-line notice of pandas' plots
        guarded = _svg(_draw(ip, code))
    seen = [v for v in _escaped(values) if v in control]
    assert seen, "the control drew no seeded value: the path carries no personal data"
    assert [v for v in _escaped(values) if v in guarded] == []
    assert "&lt;PERSON&gt;" in guarded or "&lt;EMAIL_ADDRESS&gt;" in guarded


def test_non_personal_labels_stay(ip: Any, people: pd.DataFrame) -> None:
    fig = _draw(
        ip,
        "ax = people.plot.bar(x='product', y='amount', title='Sales by product'); "
        "ax.set_xlabel('ordered ' + people.ordered[0]); ax.legend(['amount in EUR'])",
    )
    svg = _svg(fig)
    import html

    for text in [*people["product"], "Sales by product", "amount in EUR", people["ordered"][0], "300"]:
        assert html.escape(text) in svg, text
    assert "&lt;" not in svg  # nothing redacted


def _redacted_labels(ip: Any, frame: pd.DataFrame) -> pd.DataFrame:
    from jupyter_privguard.textguard import redact_text

    session = _session(ip)
    return frame.assign(
        full_name=[redact_text(v, session)[0] for v in frame.full_name],
        email=[redact_text(v, session)[0] for v in frame.email],
    )


IMAGE_PATHS = [
    "ax = {df}.plot.bar(x='full_name', y='amount', title={df}.email[0]); ax.set_ylabel({df}.full_name[1])",
    "ax = plt.figure().gca(); ax.bar(range(len({df})), {df}.amount); ax.set_xticks(range(len({df}))); "
    "ax.set_xticklabels({df}.email, rotation=45); ax.annotate({df}.full_name[2], (1, 100))",
]


@pytest.mark.parametrize("template", IMAGE_PATHS, ids=["pandas bar", "ticks and annotation"])
def test_png_and_path_svg_equal_the_figure_drawn_from_redacted_labels(
    ip: Any, people: pd.DataFrame, template: str
) -> None:
    import warnings

    import numpy as np

    run(ip, "people")  # shown: the session learns the names as a notebook would
    session = _session(ip)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        guarded = _draw(ip, template.format(df="people"))
        png, svg = _png(guarded), _svg(guarded, "path")
        tight = _png(guarded, bbox_inches="tight")  # the inline backend's setting
        # the labels as the text guard redacts them now, drawn as they are (guard off): the reference
        ip.user_ns["redacted_people"] = _redacted_labels(ip, people)
        session.enabled = False
        try:
            reference = _draw(ip, template.format(df="redacted_people"))
            ref_png, ref_svg = _png(reference), _svg(reference, "path")
            ref_tight = _png(reference, bbox_inches="tight")
        finally:
            session.enabled = True
    assert png.shape == ref_png.shape and np.array_equal(png, ref_png)
    assert tight.shape == ref_tight.shape and np.array_equal(tight, ref_tight)
    assert svg == ref_svg
    session.enabled = False
    try:
        control = _png(_draw(ip, template.format(df="people")))
    finally:
        session.enabled = True
    assert control.shape != png.shape or not np.array_equal(control, png)  # the names did draw differently


def _pdf_text(fig: Any) -> str:
    """The strings a PDF draws (Type 3 fonts, uncompressed: each ``[...] TJ`` array's pieces joined)."""
    import re

    import matplotlib

    buffer = io.BytesIO()
    with _quiet(), matplotlib.rc_context({"pdf.fonttype": 3, "pdf.compression": 0}):
        fig.savefig(buffer, format="pdf")
    pieces = re.findall(rb"\[(.*?)\] TJ", buffer.getvalue(), flags=re.S)
    return "\n".join(b"".join(re.findall(rb"\((.*?)(?<!\\)\)", p)).decode("latin-1") for p in pieces)


def test_inline_backend_and_pdf(ip: Any, people: pd.DataFrame) -> None:
    import warnings

    from IPython.core.pylabtools import print_figure

    code = "ax = people.plot.bar(x='full_name', y='amount'); ax.set_title(people.email[0])"
    ascii_values = [v for v in _values(people) if v.isascii()]
    session = _session(ip)
    session.enabled = False
    try:
        control = _pdf_text(_draw(ip, code))
    finally:
        session.enabled = True
    assert [v for v in ascii_values if v in control], "the control PDF shows no seeded value"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fig = _draw(ip, code)
        svg = print_figure(fig, "svg")
        png = print_figure(fig, "png")
        pdf = _pdf_text(fig)
    text = svg.decode() if isinstance(svg, bytes) else svg
    assert png[:4] == b"\x89PNG"
    assert [v for v in _escaped(_values(people)) if v in text] == []
    assert [v for v in ascii_values if v in pdf] == []
    assert "<PERSON>" in pdf


def test_uninstall_restores_matplotlib(ip: Any, people: pd.DataFrame) -> None:
    import matplotlib.figure
    import matplotlib.text
    from seeded import EXT

    assert hasattr(matplotlib.text.Text.draw, "__privguard_original__")
    ip.extension_manager.unload_extension(EXT)
    assert not hasattr(matplotlib.text.Text.draw, "__privguard_original__")
    assert not hasattr(matplotlib.text.Text.get_window_extent, "__privguard_original__")
    assert not hasattr(matplotlib.figure.Figure.draw, "__privguard_original__")
    svg = _svg(_draw(ip, "people.plot.bar(x='full_name', y='amount')"))
    assert all(v in svg for v in _escaped(list(people.full_name)))  # drawn as they are, as before loading


def test_get_text_is_unchanged_for_the_user(ip: Any, people: pd.DataFrame) -> None:
    fig = _draw(ip, "ax = plt.figure().gca(); ax.set_title(people.email[0])")
    _svg(fig)
    assert fig.axes[0].get_title() == people.email[0]  # the figure is not changed, only its drawing


def test_a_figure_drawn_between_cells_learns_the_whole_namespace_first(ip: Any, people: pd.DataFrame) -> None:
    # savefig after the cell ended: the after-cell walk keeps to its budget, but a drawing is an output about to
    # leave, so the walk before it has none (with a zero budget and a crowded namespace, `people` is still learnt)
    from jupyter_privguard.integrations.ipython import learning

    learner = learning.learner_for(_session(ip))
    fig = _draw(ip, "ax = plt.figure().gca(); ax.set_ylabel('$' + people.full_name[0] + '$')")
    # as if `people` were not learnt yet: the after-cell walk of this shell's terminal tripwire (as in a
    # kernel) has learnt it, so its name, its frame and the values are all forgotten
    learner._seen.pop("people", None)
    learner._done.clear()
    _session(ip).forget_values()
    crowd = {f"crowd_{i}": [{"sku": f"SKU-{i}-{j}", "n": j} for j in range(20)] for i in range(300)}
    ip.user_ns.update(crowd)
    saved = (learner.budget_ms, learner.in_cell)
    learner.budget_ms, learner.in_cell = 0.0, False
    try:
        guarded = _svg(fig)
    finally:
        learner.budget_ms, learner.in_cell = saved
        for name in crowd:
            ip.user_ns.pop(name, None)
    assert [v for v in _escaped(_values(people)) if v in guarded] == []
    assert "&lt;PERSON&gt;" in guarded
