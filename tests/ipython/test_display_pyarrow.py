"""A pyarrow.Table through a real IPython shell: shown redacted, revealed on request, unload restores."""

from __future__ import annotations

import json
from typing import Any

import pytest
from seeded import EMAILS, SSNS, everything, leaked, run

pa = pytest.importorskip("pyarrow")


def _table(n: int = 6) -> Any:
    k = len(EMAILS)
    return pa.table(
        {
            "email": [EMAILS[i] if i < k else f"user{i}.someone@example.net" for i in range(n)],
            "ssn": [
                SSNS[i] if i < k else f"{150 + i % 500:03d}-{10 + i % 80:02d}-{1000 + i % 9000:04d}" for i in range(n)
            ],
            "n": list(range(n)),
        }
    )


def _report(result: dict[str, Any]) -> dict[str, Any]:
    (output,) = result["outputs"]
    payload: dict[str, Any] = output["data"]["application/vnd.jupyter-privguard.report+json"]
    return payload


def test_a_table_is_shown_redacted(ip: Any) -> None:
    ip.user_ns["t"] = _table()
    result = run(ip, "t")
    assert result["success"], type(result["error"]).__name__
    assert not leaked(everything(result))
    data = result["outputs"][0]["data"]
    assert data["text/plain"].startswith("privguard: redacted email (EMAIL_ADDRESS, 6 values, redact)")
    assert "pyarrow.Table" in data["text/plain"] and "<EMAIL_ADDRESS>" in data["text/plain"]
    assert "jp-privguard-banner" in data["text/html"]
    payload = _report(result)
    assert payload["kind"] == "pyarrow.Table" and payload["n_rows"] == 6 and payload["n_columns"] == 3
    assert {r["column"] for r in payload["redacted"]} == {"email", "ssn"}
    assert not leaked(json.dumps(payload))
    assert ip.user_ns["t"].column("email").to_pylist() == EMAILS  # the user's table is untouched


def test_display_of_a_table_and_its_slices_do_not_leak(ip: Any) -> None:
    ip.user_ns["t"] = _table()
    result = run(ip, "display(t); display(t.slice(1, 3)); t.select(['email'])")
    assert result["success"], type(result["error"]).__name__
    assert len(result["outputs"]) == 3
    assert not leaked(everything(result))


def test_a_long_table_shows_head_and_tail_with_its_real_size(ip: Any) -> None:
    ip.user_ns["big"] = _table(500)
    result = run(ip, "big")
    text = result["outputs"][0]["data"]["text/plain"]
    assert "..." in text and "[500 rows × 3 columns]" in text
    assert "0,1,2,3,4,...,495,496,497,498,499" in text
    assert not leaked(everything(result))
    assert _report(result)["n_rows"] == 500


def test_the_guard_lists_the_table_and_unload_restores_the_plain_repr(ip: Any) -> None:
    from jupyter_privguard.integrations.ipython import get_extension

    assert "pyarrow.Table" in get_extension(ip).display.guarded_types()
    ip.user_ns["t"] = _table()
    ip.extension_manager.unload_extension("jupyter_privguard")
    raw = run(ip, "t")
    assert EMAILS[0] in everything(raw)  # without the guard, IPython shows pyarrow's own repr


def test_reveal_of_a_table_column(ip: Any) -> None:
    ip.user_ns["t"] = _table()
    result = run(ip, "%privguard reveal t email")
    assert result["success"], type(result["error"]).__name__
    shown = everything(result)
    assert EMAILS[0] in shown and not leaked(shown, SSNS)  # only the asked column, in the live view
    missing = run(ip, "%privguard reveal t nope")
    said = everything(missing) + str(missing["error"])
    assert not missing["success"] and "has no column 'nope'; its columns: email, ssn, n" in said
    assert not leaked(said)  # the error names the columns, never their values
