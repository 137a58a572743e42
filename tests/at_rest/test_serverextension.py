"""The pre-save hook: unit checks of its modes, and a real jupyter_server saving over its REST API."""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("jupyter_server")

from jupyter_privguard.integrations.serverextension import PrivguardSaveHook, _jupyter_server_extension_points

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parents[1] / "golden"
PII = json.loads((GOLDEN / "PII.json").read_text())
PII_VALUES = [*PII["names"], *PII["emails"], PII["ssn"], PII["card"], PII["fixed_phone"]]


def _model(case: str) -> dict:
    return {"type": "notebook", "format": "json", "content": json.loads((GOLDEN / f"{case}.ipynb").read_text())}


class _Manager:
    root_dir = str(GOLDEN)
    log = logging.getLogger("test-privguard-hook")


@pytest.mark.parametrize(
    "mode,changed,reveal_kept", [("redact", True, False), ("warn", False, False), ("off", False, True)]
)
def test_modes(
    mode: str, changed: bool, reveal_kept: bool, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("PRIVGUARD_SAVE_MODE", raising=False)
    hook = PrivguardSaveHook(mode=mode)
    model = _model("guard_outputs")
    before = json.loads(json.dumps(model))
    with caplog.at_level(logging.INFO):
        hook(model=model, path="guard_outputs.ipynb", contents_manager=_Manager())
    text = json.dumps(model)
    assert (PII["fixed_phone"] not in text) == changed
    assert (len(model["content"]["cells"][1]["outputs"]) == 2) == reveal_kept
    if mode == "warn":
        assert "PHONE_NUMBER" in caplog.text
    if mode == "off":
        assert model == before
    assert all(v not in caplog.text for v in PII_VALUES)


def test_env_overrides_config_and_typos_keep_the_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    hook = PrivguardSaveHook(mode="redact")
    monkeypatch.setenv("PRIVGUARD_SAVE_MODE", "off")
    assert hook.effective_mode() == "off"
    monkeypatch.setenv("PRIVGUARD_SAVE_MODE", "of")
    assert hook.effective_mode() == "redact"


def test_files_and_other_models_are_left_alone() -> None:
    model = {"type": "file", "format": "text", "content": "mail lhayes@example.org"}
    PrivguardSaveHook()(model=model, path="a.txt", contents_manager=_Manager())
    assert model["content"] == "mail lhayes@example.org"


def test_a_failing_check_clears_outputs(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    import jupyter_privguard.notebooks as notebooks

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(notebooks, "redact_notebook", boom)
    model = _model("stream_error")
    PrivguardSaveHook(mode="redact")(model=model, path="x.ipynb", contents_manager=_Manager())
    assert all(c.get("outputs") == [] for c in model["content"]["cells"] if c["cell_type"] == "code")
    assert "RuntimeError" in caplog.text


def test_widget_state_is_redacted_and_sources_kept_and_logged(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("PRIVGUARD_SAVE_MODE", raising=False)
    model = _model("widget_state")
    with caplog.at_level(logging.INFO):
        PrivguardSaveHook(mode="redact")(model=model, path="widget_state.ipynb", contents_manager=_Manager())
    assert all(v not in json.dumps(model, ensure_ascii=False) for v in PII_VALUES)
    model = _model("sources")
    sources = [c["source"] for c in model["content"]["cells"]]
    with caplog.at_level(logging.INFO):
        PrivguardSaveHook(mode="redact")(model=model, path="sources.ipynb", contents_manager=_Manager())
    assert [c["source"] for c in model["content"]["cells"]] == sources  # the user's code and notes, as typed
    assert all(v not in json.dumps(model["content"]["cells"][1]["outputs"]) for v in PII_VALUES)
    assert "cell 2 (code source): EMAIL_ADDRESS, 1 hit(s) left in the source" in caplog.text
    assert all(v not in caplog.text for v in PII_VALUES)
    # asked to, it redacts them like `privguard clean --sources`
    model = _model("sources")
    PrivguardSaveHook(mode="redact", sources="redact")(model=model, path="sources.ipynb", contents_manager=_Manager())
    assert model["content"] == json.loads((GOLDEN / "sources.expected.ipynb").read_text())


def test_warn_mode_names_sources_and_widgets(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.delenv("PRIVGUARD_SAVE_MODE", raising=False)
    for case in ("sources", "widget_state"):
        with caplog.at_level(logging.INFO):
            PrivguardSaveHook(mode="warn")(model=_model(case), path=f"{case}.ipynb", contents_manager=_Manager())
    assert "sources.ipynb cell 0 (markdown source): PERSON" in caplog.text
    assert "widget_state.ipynb widget state of model 940eee3cba6f875c2e84496e7857dd86/value: PERSON" in caplog.text
    assert "None" not in caplog.text and all(v not in caplog.text for v in PII_VALUES)


def test_a_failing_check_clears_widget_state(monkeypatch: pytest.MonkeyPatch) -> None:
    import jupyter_privguard.notebooks as notebooks

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(notebooks, "redact_notebook", boom)
    model = _model("widget_state")
    PrivguardSaveHook(mode="redact")(model=model, path="x.ipynb", contents_manager=_Manager())
    assert "widgets" not in model["content"]["metadata"]
    assert all(v not in json.dumps(model, ensure_ascii=False) for v in PII_VALUES)


def test_extension_points_and_shipped_config() -> None:
    assert _jupyter_server_extension_points() == [{"module": "jupyter_privguard.integrations.serverextension"}]
    config = json.loads((ROOT / "jupyter-config" / "jupyter_server_config.d" / "jupyter_privguard.json").read_text())
    assert config == {"ServerApp": {"jpserver_extensions": {"jupyter_privguard.integrations.serverextension": True}}}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _request(url: str, token: str, method: str = "GET", body: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(
        url, data=data, method=method, headers={"Authorization": f"token {token}", "Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.status, json.loads(resp.read() or b"{}")


@pytest.mark.slow
def test_real_server_saves_no_pii(tmp_path: Path) -> None:
    root, config = tmp_path / "root", tmp_path / "config"
    (config / "jupyter_server_config.d").mkdir(parents=True)
    root.mkdir()
    # the config file the wheel ships: enables the extension
    shutil.copy(
        ROOT / "jupyter-config" / "jupyter_server_config.d" / "jupyter_privguard.json",
        config / "jupyter_server_config.d",
    )
    (config / "jupyter_server_config.json").write_text(json.dumps({"PrivguardSaveHook": {"ner": "off"}}))
    port, token = _free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(config),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTER_DATA_DIR": str(tmp_path / "data"),
        "JUPYTER_CONFIG_PATH": str(config),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("PRIVGUARD_SAVE_MODE", None)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter_server",
            "--no-browser",
            "--allow-root",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _request(f"{base}/api/status", token)[0] == 200:
                    break
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("jupyter_server did not start: " + (server.communicate()[0] or "")[-2000:])
            time.sleep(0.2)
        for case in ("stream_error", "dataframe", "guard_outputs"):
            status, reply = _request(f"{base}/api/contents/{case}.ipynb", token, "PUT", _model(case))
            assert status in (200, 201) and reply["type"] == "notebook"
            on_disk = (root / f"{case}.ipynb").read_text(encoding="utf-8")
            decoded = json.dumps(json.loads(on_disk), ensure_ascii=False)
            for value in PII_VALUES:
                assert value not in on_disk and value not in decoded, f"{case}: a seeded value reached the disk"
            assert "<EMAIL_ADDRESS>" in decoded or "&lt;EMAIL_ADDRESS&gt;" in decoded or case == "guard_outputs"
        saved = json.loads((root / "guard_outputs.ipynb").read_text())
        assert len(saved["cells"][1]["outputs"]) == 1  # the reveal was dropped
        # a notebook without personal data is saved with its outputs intact
        _request(f"{base}/api/contents/no_pii.ipynb", token, "PUT", _model("no_pii"))
        assert json.loads((root / "no_pii.ipynb").read_text()) == _model("no_pii")["content"]
    finally:
        server.terminate()
        try:
            log, _ = server.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            log, _ = server.communicate()
    assert "privguard: notebooks are checked before saving (mode redact)" in log
    assert all(v not in log for v in PII_VALUES)
