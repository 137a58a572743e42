"""The display guard through a real IPython shell: seeded PII never reaches an output bundle.

The seeded values and ``run`` come from ``tests/seeded.py``; the ``shell`` and ``ip`` fixtures from
``tests/ipython/conftest.py``.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from seeded import EMAILS, EXT, PRODUCTS, SSNS, everything, leaked, run, seeded_frame


def _ext(ip: Any) -> Any:
    from jupyter_privguard.integrations.ipython import get_extension

    return get_extension(ip)


# ----------------------------------------------------------------------------------------------
# leak paths through the display system
# ----------------------------------------------------------------------------------------------
DISPLAY_PATHS = [
    "df",
    "display(df)",
    "df.head(3)",
    "df['email']",
    "df.email",
    "df[['email', 'price']]",
    "df.set_index('email')",
    "df.set_index('email').index",
    "df.set_index(['email', 'product']).index",
    "df.set_index(['ssn', 'product'])",
    "df.style",
    "df.style.highlight_max(subset=['price'])",
    "df.style.format({'price': '{:.1f}'})",
    "df.iloc[0]",
    "df.loc[2]",
    "df.T",
    "df.head(2).T",
    "pd.Index(df['phone'], name='phone')",
    "df.sample(3, random_state=1)",
    "df[['email']].drop_duplicates()",
]


@pytest.mark.parametrize("code", DISPLAY_PATHS)
def test_no_seeded_value_in_any_bundle(ip: Any, code: str) -> None:
    result = run(ip, code)
    assert result["success"], result["stderr"]
    assert result["outputs"], "nothing was displayed"
    assert leaked(everything(result)) == []
    text = json.dumps(result["outputs"])
    assert "privguard: redacted" in text  # the banner says so
    assert "display blocked" not in text and "was not displayed" not in text


@pytest.mark.parametrize("code", ["df", "df.style", "df[['product', 'price']]", "df.T"])
def test_non_pii_values_are_shown_unchanged(ip: Any, code: str) -> None:
    text = everything(run(ip, code))
    for value in PRODUCTS:
        assert value in text
    assert "99.5" in text


@pytest.mark.parametrize(
    "options",
    [
        {"display.html.table_schema": True},
        {"styler.render.repr": "latex"},
        {"display.max_rows": 2, "display.min_rows": 2},
        {"display.max_rows": None},
        {"display.notebook_repr_html": False},
        {"display.large_repr": "info"},
    ],
)
def test_pandas_options_cannot_bypass(ip: Any, options: dict[str, Any]) -> None:
    flat = ", ".join(f"{k!r}, {v!r}" for k, v in options.items())
    for code in ("df", "df['email']", "df.style"):
        result = run(ip, f"with pd.option_context({flat}):\n    display({code})")
        assert result["success"], result["stderr"]
        assert leaked(everything(result)) == [], (code, options)


def test_table_schema_output_is_redacted_not_dropped(ip: Any) -> None:
    result = run(ip, "with pd.option_context('display.html.table_schema', True):\n    display(df)")
    data = result["outputs"][0]["data"]
    schema = data["application/vnd.dataresource+json"]
    assert [r["product"] for r in schema["data"]] == PRODUCTS
    assert {r["email"] for r in schema["data"]} == {"<EMAIL_ADDRESS>"}


def test_pprint_and_plain_formatter_cannot_bypass(ip: Any) -> None:
    run(ip, "%pprint")
    try:
        assert leaked(everything(run(ip, "df"))) == []
    finally:
        run(ip, "%pprint")


def test_mimebundle_of_a_subclass_cannot_bypass(ip: Any) -> None:
    code = (
        "class Leaky(pd.DataFrame):\n"
        "    def _repr_mimebundle_(self, include=None, exclude=None):\n"
        "        return {'text/plain': self.to_string()}\n"
        "Leaky(df)"
    )
    assert leaked(everything(run(ip, code))) == []


def test_large_frame_looks_like_pandas_and_redacts_only_shown_rows(ip: Any) -> None:
    ip.user_ns["big"] = seeded_frame(5000)
    result = run(ip, "big")
    data = result["outputs"][0]["data"]
    assert "5000 rows × 5 columns" in data["text/html"]
    assert data["text/plain"].rstrip().endswith("[5000 rows x 5 columns]")
    assert "<EMAIL_ADDRESS>" in data["text/plain"] and "..." in data["text/plain"]
    # the shown rows (5 head, 5 tail) are remembered for the tripwire; in this shell without a kernel
    # the terminal tripwire's namespace walk then learns the rows never shown too (as in a kernel), so
    # a later print(big.loc[2500, "email"]) is caught
    _, known = _ext(ip).session.known_values()
    assert EMAILS[0] in known and "user4999.someone@example.net" in known
    assert "user2500.someone@example.net" in known


def test_banner_and_report_mime(ip: Any) -> None:
    result = run(ip, "df")
    data = result["outputs"][0]["data"]
    lines = data["text/plain"].splitlines()
    # the banner (it may wrap; it ends with the allow hint), each part whole on one line
    banner = lines[: next(i for i, line in enumerate(lines) if "allow: %privguard" in line) + 1]
    assert banner[0].startswith("privguard: redacted")
    for part in (
        "email (EMAIL_ADDRESS, 6 values",
        "phone (PHONE_NUMBER",
        "ssn (US_SSN",
        "%privguard reveal df email",
        "%privguard allow column email",
    ):
        assert any(part in line for line in banner), part
    assert "product" not in "\n".join(banner)
    payload = data["application/vnd.jupyter-privguard.report+json"]
    assert payload["label"] == "df" and payload["n_rows"] == 6
    assert {r["column"] for r in payload["redacted"]} == {"email", "phone", "ssn"}
    assert payload["report"]["columns"]["email"]["entity"] == "EMAIL_ADDRESS"
    assert result["outputs"][0]["metadata"]["jupyter_privguard"]["redacted"] is True


def test_styler_keeps_its_styling(ip: Any) -> None:
    code = (
        "sty = df.style.highlight_max(subset=['price'], color='yellow')"
        ".set_caption('sales').format({'price': '{:.1f}'})\nsty"
    )
    html = run(ip, code)["outputs"][0]["data"]["text/html"]
    assert "background-color: yellow" in html
    assert "sales" in html and "99.5" in html and "12.2" in html  # the price format still applies
    assert "&lt;EMAIL_ADDRESS&gt;" in html
    assert leaked(html) == []


def test_styler_with_a_style_on_a_pii_column(ip: Any) -> None:
    code = "df.style.map(lambda v: 'color: red', subset=['email']).format({'email': str.upper})"
    result = run(ip, code)
    html = result["outputs"][0]["data"]["text/html"]
    assert "color: red" in html
    assert leaked(html) == [] and leaked(html, [e.upper() for e in EMAILS]) == []


def test_remembers_the_shown_values_for_the_tripwire(ip: Any) -> None:
    run(ip, "df")
    _, known = _ext(ip).session.known_values()
    assert set(EMAILS) <= set(known) and set(SSNS) <= set(known)
    assert not set(PRODUCTS) & set(known)


def test_fail_closed_on_internal_error(ip: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from jupyter_privguard.integrations.ipython import display

    def broken_scan(data: Any, policy: Any) -> Any:
        raise ValueError(f"could not parse {EMAILS[0]} in column email")

    monkeypatch.setattr(display, "_scan", broken_scan)
    for code in ("df", "df['email']", "df.style", "df.set_index('email').index"):
        result = run(ip, code)
        assert result["success"]
        text = everything(result)
        assert leaked(text) == [], code
        assert "ValueError" in text and "was not displayed" in text
        assert len(result["outputs"]) == 1


def test_fail_closed_when_rendering_breaks(ip: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from jupyter_privguard import render

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(EMAILS[1])

    monkeypatch.setattr(render, "render_pandas_frame", broken)
    result = run(ip, "df")
    assert leaked(everything(result)) == [] and "RuntimeError" in everything(result)


def test_off_shows_raw_and_on_guards_again(ip: Any) -> None:
    _ext(ip).session.enabled = False
    assert EMAILS[0] in everything(run(ip, "df"))
    _ext(ip).session.enabled = True
    assert leaked(everything(run(ip, "df"))) == []


@pytest.mark.skipif(__import__("importlib").util.find_spec("polars") is None, reason="polars not installed")
@pytest.mark.parametrize("code", ["pl.from_pandas(df)", "pl.from_pandas(df)['email']", "pl.from_pandas(seeded_big)"])
def test_polars(ip: Any, code: str) -> None:
    import polars as pl

    ip.user_ns["pl"] = pl
    ip.user_ns["seeded_big"] = seeded_frame(300)
    result = run(ip, code)
    text = everything(result)
    assert leaked(text) == [] and "privguard: redacted" in text
    if "seeded_big" in code:
        assert "shape: (300, 5)" in result["outputs"][0]["data"]["text/plain"]
    ip.user_ns.pop("seeded_big")


def test_display_overhead(ip: Any) -> None:
    """The second display of a frame is served from the scan cache: a few tens of ms even for 200k rows."""
    ip.user_ns["big"] = seeded_frame(200_000)
    run(ip, "big")
    started = time.perf_counter()
    run(ip, "big")
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0, elapsed


# ----------------------------------------------------------------------------------------------
# load -> unload restores everything
# ----------------------------------------------------------------------------------------------
def _state(ip: Any) -> dict[str, Any]:
    fmt = ip.display_formatter.ipython_display_formatter
    return {
        "type_printers": dict(fmt.type_printers),
        "deferred": dict(fmt.deferred_printers),
        "line": set(ip.magics_manager.magics["line"]),
        "cell": set(ip.magics_manager.magics["cell"]),
        "pre_run_cell": list(ip.events.callbacks["pre_run_cell"]),
        "post_run_cell": list(ip.events.callbacks["post_run_cell"]),
    }


UNLOAD_PATHS = ["df", "df['email']", "df.set_index('email').index", "sty", "df.iloc[0]", "print(df)"]


def test_unload_restores_output_exactly(shell: Any) -> None:
    shell.user_ns["sty"] = shell.user_ns["df"].style.highlight_max(subset=["price"])
    before_state = _state(shell)
    before = [run(shell, code) for code in UNLOAD_PATHS]
    assert EMAILS[0] in everything(before[0])  # without the guard, pandas shows the data
    shell.extension_manager.load_extension(EXT)
    during = [run(shell, code) for code in UNLOAD_PATHS[:4]]
    assert all(leaked(everything(r)) == [] for r in during)
    assert shell.extension_manager.unload_extension(EXT) is None
    after = [run(shell, code) for code in UNLOAD_PATHS]
    for code, b, a in zip(UNLOAD_PATHS, before, after):
        assert a["outputs"] == b["outputs"], code
        assert a["stdout"] == b["stdout"], code
    assert _state(shell) == before_state
    assert "privguard" not in shell.magics_manager.magics["line"]


def test_load_twice_and_reload(shell: Any) -> None:
    before_state = _state(shell)
    shell.extension_manager.load_extension(EXT)
    shell.extension_manager.load_extension(EXT)  # already loaded: no second install
    shell.extension_manager.reload_extension(EXT)
    assert leaked(everything(run(shell, "df"))) == []
    shell.extension_manager.unload_extension(EXT)
    assert _state(shell) == before_state


def test_enable_and_disable_from_code(shell: Any) -> None:
    from jupyter_privguard.integrations.ipython import disable, enable

    before_state = _state(shell)
    extension = enable(shell)
    assert EXT in shell.extension_manager.loaded
    assert enable(shell) is extension
    assert leaked(everything(run(shell, "df"))) == []
    disable(shell)
    assert EXT not in shell.extension_manager.loaded
    assert _state(shell) == before_state


def test_enable_outside_ipython_says_how() -> None:
    import subprocess
    import sys

    code = (
        "import jupyter_privguard.integrations.ipython as m\n"
        "try:\n    m.enable()\nexcept RuntimeError as e:\n    print('RuntimeError', e)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("RuntimeError") and "needs a running IPython" in out.stdout


def test_core_import_does_not_import_ipython() -> None:
    import subprocess
    import sys

    code = (
        "import sys, jupyter_privguard, jupyter_privguard.render, jupyter_privguard.integrations.cli; "
        "print(sorted(m for m in ('IPython', 'ipykernel') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_display_arguments_are_honoured_under_the_guard(ip: Any) -> None:
    # include / exclude / metadata / display_id as IPython's display() applies them, on the redacted bundle
    result = run(
        ip,
        "h = display(df, include=['text/plain'], metadata={'tag': 'mine'}, display_id='d1')\n"
        "display(df, exclude=['text/html'])\nh.update(df.head(2))",
    )
    first, second, update = result["outputs"]
    assert list(first["data"]) == ["text/plain"] and first["metadata"]["tag"] == "mine"
    assert "jupyter_privguard" in first["metadata"] and first["transient"] == {"display_id": "d1"}
    assert "text/html" not in second["data"] and "text/plain" in second["data"]
    assert update["update"] is True and update["transient"] == {"display_id": "d1"}
    assert leaked(everything(result)) == []


def test_reading_the_display_call_fails_closed(ip: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # if the call's arguments cannot be read, the redacted bundle is still what gets published
    import types

    from jupyter_privguard.integrations.ipython import display as guard_display

    def broken(depth: int = 0) -> Any:
        raise RuntimeError("no frames here")

    monkeypatch.setattr(guard_display, "sys", types.SimpleNamespace(_getframe=broken))
    result = run(ip, "display(df, display_id='d2')")
    assert result["success"] and len(result["outputs"]) == 1
    assert "<EMAIL_ADDRESS>" in result["outputs"][0]["data"]["text/plain"] and leaked(everything(result)) == []
