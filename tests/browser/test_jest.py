"""Run the labextension's Jest tests from pytest, so that the one test command covers them too."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

LABEXTENSION = Path(__file__).resolve().parents[2] / "labextension"


def test_jest_suite() -> None:
    jlpm = shutil.which("jlpm", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    if jlpm is None or not (LABEXTENSION / "node_modules" / ".bin" / "jest").exists():
        message = "jlpm or the labextension's node_modules are missing (bash scripts/setup-frontend.sh)"
        if os.environ.get("PRIVGUARD_REQUIRE_FRONTEND"):
            pytest.fail(message)
        pytest.skip(message)
    done = subprocess.run(
        [jlpm, "test", "--ci", "--silent"], cwd=LABEXTENSION, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"Jest failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
