"""A JupyterLab server and a headless Chromium for the labextension's end-to-end tests.

Skipped, with the reason, when a piece is missing: Debian's Chromium (/usr/bin/chromium), Python
Playwright, JupyterLab, or the built extension (``bash scripts/setup-frontend.sh`` provides all).
The server runs on 127.0.0.1 with a random token, in a temporary home for its config, runtime,
workspaces and settings; the built extension is found through ``JUPYTER_PATH``, so the shared
virtualenv is not touched.
"""

from __future__ import annotations

import importlib.util
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
BUILT = REPO / "jupyter_privguard" / "labextension"
CHROMIUM = Path(os.environ.get("PRIVGUARD_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(os.environ.get("PRIVGUARD_BROWSER_ARTIFACTS", Path(__file__).parent / "artifacts"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]

NOTEBOOK = "privguard_demo.ipynb"
PEOPLE = {
    "name": ["Ottilie Brannigan", "Casimir Wendeborn", "Philippa Quartermaine", "Bartholomew Ashdown"],
    "email": [
        "ottilie.brannigan@example.org",
        "c.wendeborn@example.net",
        "pquartermaine@example.com",
        "b.ashdown@example.org",
    ],
    "ssn": ["536-22-8714", "219-09-9999", "078-05-1121", "457-55-5462"],
    "card": ["4539578763621486", "4556737586899855", "4916338506082832", "4024007198964305"],
    "plan": ["basic", "pro", "team", "pro"],
}
SEEDED = [v for column in ("email", "ssn", "card") for v in PEOPLE[column]]


#: the test files that need the browser, JupyterLab and the build (test_notebook7.py: Notebook 7 too,
#: which its fixture checks, so that a missing ``notebook`` fails that test alone in CI)
NEEDS_FRONTEND = {"test_labextension.py", "test_sidebar_layout.py", "test_notebook7.py"}


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found (apt-get install chromium, or bash scripts/setup-frontend.sh)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Python Playwright is not installed (pip install playwright; never 'playwright install')"
    try:
        import jupyterlab  # noqa: F401
    except ImportError:
        return "JupyterLab is not installed (pip install 'jupyterlab==4.6.*')"
    if not (BUILT / "package.json").exists():
        return "the labextension is not built (bash scripts/setup-frontend.sh)"
    return None


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    here = Path(__file__).parent
    for item in items:
        path = Path(str(item.fspath))
        if path.parent != here or path.name not in NEEDS_FRONTEND:
            continue
        reason = _missing()
        if reason is None:
            continue
        if os.environ.get("PRIVGUARD_REQUIRE_FRONTEND"):
            # CI sets this: a missing browser or build is a failure there, not a skip
            raise pytest.UsageError(f"browser tests cannot run: {reason}")
        item.add_marker(pytest.mark.skip(reason=reason))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _notebook() -> dict[str, Any]:
    def code(source: str) -> dict[str, Any]:
        return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source}

    # the data comes from a file, so that no seeded value is in the page as cell source
    frame = "import pandas as pd\npeople = pd.read_csv('people.csv', dtype=str)\npeople"
    return {
        "cells": [code("%load_ext jupyter_privguard"), code(frame)],
        "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


class Lab:
    def __init__(self, url: str, token: str, root: Path) -> None:
        self.url = url
        self.token = token
        self.root = root

    def workspace_url(self, notebook: str = NOTEBOOK) -> str:
        # a fresh workspace per page, so that earlier notebooks are not restored
        return f"{self.url}/lab/workspaces/w{secrets.token_hex(4)}/tree/{notebook}?token={self.token}"

    def notebook_url(self, notebook: str = NOTEBOOK) -> str:
        """Notebook 7's page for one notebook."""
        return f"{self.url}/notebooks/{notebook}?token={self.token}"


@contextmanager
def _serve(home: Path, app: str, extra: list[str]) -> Iterator[tuple[str, str, Path]]:
    """Run ``python -m <app>`` (jupyterlab or notebook) on the demo notebook; yield url, token and root."""
    root = home / "root"
    root.mkdir()
    (root / NOTEBOOK).write_text(json.dumps(_notebook()))
    rows = [",".join(PEOPLE)] + [",".join(PEOPLE[c][i] for c in PEOPLE) for i in range(len(PEOPLE["name"]))]
    (root / "people.csv").write_text("\n".join(rows) + "\n")
    data = home / "data" / "labextensions"
    data.mkdir(parents=True)
    (data / "jupyter-privguard").symlink_to(BUILT, target_is_directory=True)
    settings = home / "settings"
    notification = settings / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True)
    (notification / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    port = _free_port()
    token = secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTER_PATH": str(home / "data"),
        # this checkout first; a path the caller added (a package outside the venv) after it
        "PYTHONPATH": os.pathsep.join(p for p in [str(REPO), os.environ.get("PYTHONPATH", "")] if p),
    }
    log = open(home / "server.log", "w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            app,
            "--no-browser",
            "--allow-root",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            "--ServerApp.port_retries=0",
            *extra,
        ],
        cwd=root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            log.flush()
            raise RuntimeError(f"{app} did not start; its log:\n{(home / 'server.log').read_text()[-3000:]}")
        time.sleep(0.3)
    try:
        yield url, token, root
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(home / "server.log", ARTIFACTS / ("server.log" if app == "jupyterlab" else f"{app}-server.log"))


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    home = tmp_path_factory.mktemp("lab")
    with _serve(home, "jupyterlab", ["--LabApp.expose_app_in_browser=True"]) as (url, token, root):
        yield Lab(url, token, root)


@pytest.fixture(scope="session")
def notebook7(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """Jupyter Notebook 7 (``python -m notebook``) with the same extension, home and demo notebook."""
    if importlib.util.find_spec("notebook") is None:
        reason = "Jupyter Notebook 7 is not installed (pip install -e '.[dev]' brings 'notebook>=7.6,<8')"
        if os.environ.get("PRIVGUARD_REQUIRE_FRONTEND"):
            pytest.fail(reason)
        pytest.skip(reason)
    home = tmp_path_factory.mktemp("nb7")
    with _serve(home, "notebook", ["--JupyterNotebookApp.expose_app_in_browser=True"]) as (url, token, root):
        yield Lab(url, token, root)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1500, "height": 950})
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}-final.png"))
    except Exception:
        pass
    context.close()
