"""A quiet first run (issue 15): the set-up scripts print their own lines only, and everything else on failure.

``scripts/setup-frontend.sh`` sends yarn's peer-dependency warnings and the builder's messages to a log file; a
failing step prints the end of that log on stderr and fails the script. Both are run here for real: the install
step against the checked-in lock file (node_modules are already there after bootstrap, so it takes seconds),
and a failing ``jlpm`` put first on the PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "setup-frontend.sh"

pytestmark = pytest.mark.slow


def _ready() -> None:
    if not (ROOT / "labextension" / "node_modules").is_dir() or shutil.which("node") is None:
        if os.environ.get("PRIVGUARD_REQUIRE_FRONTEND"):
            pytest.fail("labextension/node_modules missing: run scripts/bootstrap.sh")
        pytest.skip("labextension/node_modules missing (run scripts/bootstrap.sh)")


def test_the_frontend_setup_prints_only_its_own_lines(tmp_path: Path) -> None:
    _ready()
    log = tmp_path / "build.log"
    env = {**os.environ, "PRIVGUARD_BUILD_LOG": str(log)}
    done = subprocess.run(["bash", str(SCRIPT), "--no-build"], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", f"the set-up wrote to stderr: {done.stderr[:500]}"
    assert all(line.startswith("setup-frontend:") for line in done.stdout.splitlines()), done.stdout
    assert "YN0000" not in done.stdout  # yarn's chatter went to the log
    assert "YN0000" in log.read_text(encoding="utf-8")


def test_a_failing_step_shows_its_output_and_fails(tmp_path: Path) -> None:
    _ready()
    stub = tmp_path / "bin"
    stub.mkdir()
    (stub / "jlpm").write_text("#!/bin/sh\necho 'yarn says: the registry is unreachable' >&2\nexit 3\n")
    (stub / "jlpm").chmod(0o755)
    # the script puts the venv's bin first on PATH; a copy that puts the stub before it
    text = SCRIPT.read_text(encoding="utf-8").replace('export PATH="$BIN:$PATH"', f'export PATH="{stub}:$BIN:$PATH"')
    copy = ROOT / "scripts" / f".setup-frontend-probe-{os.getpid()}.sh"
    copy.write_text(text, encoding="utf-8")
    try:
        env = {**os.environ, "PRIVGUARD_BUILD_LOG": str(tmp_path / "build.log")}
        done = subprocess.run(["bash", str(copy), "--no-build"], capture_output=True, text=True, env=env, timeout=120)
    finally:
        copy.unlink()
    assert done.returncode != 0
    assert "failed" in done.stderr and "the registry is unreachable" in done.stderr, done.stderr
