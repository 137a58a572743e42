"""render: row plans mirror pandas, the footer is the real size, banners and payloads hold no values."""

from __future__ import annotations

import json
import sys

import pandas as pd
import pytest

from jupyter_privguard import render
from jupyter_privguard.render import DisplayInfo, Redaction, RowPlan, plan_rows

SEEDED = "carla.gomez@example.org"


# ----------------------------------------------------------------------------------------------
# row plans
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("n_rows", "max_rows", "min_rows", "expected_head", "truncated"),
    [
        (5, 60, 10, 5, False),  # short: everything
        (60, 60, 10, 60, False),  # exactly max_rows: everything
        (61, 60, 10, 5, True),  # one more: min_rows, half each end
        (1000, 60, 10, 5, True),
        (1000, 60, None, 30, True),  # no min_rows: max_rows
        (1000, 60, 11, 5, True),  # odd min_rows: pandas shows 5 + 5
        (1000, 8, 20, 4, True),  # min_rows above max_rows: max_rows wins
        (1000, None, 10, 1000, False),
        (1000, 0, 10, 1000, False),
    ],
)
def test_plan_rows_mirrors_pandas(
    n_rows: int, max_rows: int | None, min_rows: int | None, expected_head: int, truncated: bool
) -> None:
    plan = plan_rows(n_rows, max_rows=max_rows, min_rows=min_rows)
    assert plan.truncated is truncated
    assert plan.head == expected_head
    if truncated:
        assert plan.positions is not None
        assert plan.positions[:expected_head] == list(range(expected_head))
        assert plan.positions[-expected_head:] == list(range(n_rows - expected_head, n_rows))
        assert len(plan.positions) == 2 * expected_head + 1  # one hidden filler row


def _frame(n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {"product": [f"widget-{i}" for i in range(n)], "price": [i * 1.25 for i in range(n)], "qty": list(range(n))},
        index=pd.RangeIndex(100, 100 + n),
    )


@pytest.mark.parametrize("n_rows", [3, 60, 61, 250])
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"display.min_rows": 4},
        {"display.max_rows": 20, "display.min_rows": None},
        {"display.show_dimensions": True},
    ],
)
def test_small_view_renders_exactly_like_pandas(n_rows: int, options: dict[str, object]) -> None:
    """With nothing redacted, the head/filler/tail view renders byte for byte as pandas renders the frame."""
    df = _frame(n_rows)
    flat = [x for kv in options.items() for x in kv]
    with pd.option_context(*flat) if flat else _null():
        plan = render.pandas_row_plan(len(df))
        view = df if plan.positions is None else df.iloc[plan.positions]
        info = DisplayInfo("pandas.DataFrame", "df", len(df), df.shape[1])
        data, metadata = render.render_pandas_frame(view, plan, info)
        assert data["text/html"] == df._repr_html_()
        assert data["text/plain"] == repr(df)
    assert metadata[render.METADATA_KEY]["redacted"] is False


@pytest.mark.parametrize("n_rows", [4, 61, 500])
def test_series_view_renders_like_pandas(n_rows: int) -> None:
    s = pd.Series([f"code-{i}" for i in range(n_rows)], name="sku")
    plan = render.pandas_row_plan(len(s))
    view = s if plan.positions is None else s.iloc[plan.positions]
    data, _ = render.render_pandas_series(view, plan, DisplayInfo("pandas.Series", "s", len(s), 1))
    assert data["text/plain"] == repr(s)
    assert "text/html" not in data  # pandas gives a Series no HTML, and nothing was redacted


@pytest.mark.parametrize("n_items", [5, 100, 101, 1000])
@pytest.mark.parametrize("multi", [False, True])
def test_index_view_renders_like_pandas(n_items: int, multi: bool) -> None:
    if multi:
        index: pd.Index = pd.MultiIndex.from_arrays(
            [[f"k{i}" for i in range(n_items)], range(n_items)], names=["key", "n"]
        )
    else:
        index = pd.Index([f"k{i}" for i in range(n_items)], name="key")
    plan = render.index_row_plan(len(index))
    view = index if plan.positions is None else index[plan.positions]
    data, _ = render.render_pandas_index(view, plan, DisplayInfo("pandas.Index", None, len(index), 1))
    assert data["text/plain"] == repr(index)


@pytest.mark.skipif(
    "polars" not in sys.modules and __import__("importlib").util.find_spec("polars") is None,
    reason="polars not installed",
)
@pytest.mark.parametrize("n_rows", [3, 10, 11, 400])
def test_polars_view_renders_like_polars(n_rows: int) -> None:
    import polars as pl

    df = pl.DataFrame({"product": [f"widget-{i}" for i in range(n_rows)], "qty": list(range(n_rows))})
    plan = render.polars_row_plan(df.height)
    view = df if plan.positions is None else df[plan.positions]
    data, _ = render.render_polars(view, plan, DisplayInfo("polars.DataFrame", None, df.height, df.width))
    assert data["text/plain"] == repr(df)
    assert data["text/html"] == df._repr_html_()


# ----------------------------------------------------------------------------------------------
# banner, payload, placeholder
# ----------------------------------------------------------------------------------------------
def _info(label: str | None = "df") -> DisplayInfo:
    return DisplayInfo(
        "pandas.DataFrame",
        label,
        100,
        4,
        [Redaction("email", "EMAIL_ADDRESS", "redact", 98), Redaction("full name", "PERSON", "mask", 1)],
    )


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        (
            "df",
            [
                "email (EMAIL_ADDRESS, 98 values, redact)",
                "full name (PERSON, 1 value, mask)",
                "%privguard reveal df email",
                "%privguard allow column email",
            ],
        ),
        (None, ["%privguard reveal <variable> email"]),
    ],
)
def test_banner_says_what_and_how(label: str | None, expected: list[str]) -> None:
    text = render.banner_text(_info(label))
    assert all(len(line) <= 80 for line in text.splitlines())  # wrapped between parts (test_banner_wrap.py)
    for part in expected:
        assert part in text
    markup = render.banner_html(_info(label))
    assert markup.startswith('<div class="jp-privguard-banner"') and markup.count("<div") == 1


def test_banner_is_empty_when_nothing_was_redacted() -> None:
    info = DisplayInfo("pandas.DataFrame", "df", 3, 2)
    assert render.banner_text(info) == "" and render.banner_html(info) == ""


def test_banner_escapes_column_names() -> None:
    info = DisplayInfo("pandas.DataFrame", "df", 1, 1, [Redaction("<script>x</script>", "PERSON", "redact", 1)])
    assert "<script>" not in render.banner_html(info)


def test_quoted_column_hint() -> None:
    assert "%privguard allow column 'full name'" in render.banner_text(
        DisplayInfo("pandas.DataFrame", "df", 1, 1, [Redaction("full name", "PERSON", "redact", 1)])
    )


def test_truncated_frame_footer_is_the_real_size_and_banner_leads() -> None:
    df = _frame(500)
    plan = render.pandas_row_plan(len(df))
    view = df.iloc[plan.positions]
    info = _info()
    info.n_rows = 500
    data, metadata = render.render_pandas_frame(view, plan, info)
    assert "500 rows × 3 columns" in data["text/html"]
    assert data["text/plain"].endswith("[500 rows x 3 columns]")
    assert data["text/plain"].startswith("privguard: redacted email")
    assert data["text/html"].startswith('<div class="jp-privguard-banner"')
    assert metadata[render.METADATA_KEY] == {"version": 1, "redacted": True, "columns": ["email", "full name"]}
    payload = data[render.REPORT_MIME]
    assert payload["n_rows"] == 500 and payload["redacted"][0]["entity"] == "EMAIL_ADDRESS"
    json.dumps(payload)  # JSON-ready


def test_table_schema_and_latex_follow_pandas_options() -> None:
    df = _frame(5)
    plan = render.pandas_row_plan(len(df))
    info = DisplayInfo("pandas.DataFrame", "df", 5, 3)
    data, _ = render.render_pandas_frame(df, plan, info, schema_view=df)
    assert render.TABLE_SCHEMA_MIME not in data and "text/latex" not in data
    with pd.option_context("display.html.table_schema", True, "styler.render.repr", "latex"):
        data, _ = render.render_pandas_frame(df, plan, info, schema_view=df)
    assert data[render.TABLE_SCHEMA_MIME]["data"][0]["product"] == "widget-0"
    assert "\\begin{tabular}" in data["text/latex"]


def test_placeholder_names_the_error_type_only() -> None:
    data, metadata = render.placeholder_bundle("pandas.DataFrame", "KeyError")
    assert "KeyError" in data["text/plain"] and "pandas.DataFrame" in data["text/plain"]
    assert metadata[render.METADATA_KEY]["error"] == "KeyError"
    # whatever is passed in, only identifier characters survive
    data, _ = render.placeholder_bundle("x", f"Boom {SEEDED}")
    assert SEEDED not in json.dumps(data)


def test_report_tables_hold_no_values() -> None:
    from jupyter_privguard.policy import Policy
    from jupyter_privguard.report import ColumnFinding, Evidence, ScanReport

    finding = ColumnFinding(
        "email",
        0,
        "str",
        "value",
        "EMAIL_ADDRESS",
        0.97,
        0.99,
        (Evidence("pattern:email", "EMAIL_ADDRESS", 0.97, "99 of 100 sampled values match"),),
    )
    report = ScanReport({"email": finding}, n_rows=100)
    markup = render.report_table_html(report)
    assert "pattern:email" in markup and "EMAIL_ADDRESS" in markup
    text, markup = render.policy_table(Policy().with_action("EMAIL_ADDRESS", "mask"))
    assert "EMAIL_ADDRESS*" in text and "mask" in text


def test_render_imports_no_ipython() -> None:
    import subprocess

    code = "import jupyter_privguard.render, sys; print('IPython' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


class _null:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def test_rowplan_properties() -> None:
    plan = RowPlan(10, None, 10, None)
    assert not plan.truncated and plan.view_rows == 10
