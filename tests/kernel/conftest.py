"""Fixtures for the kernel layer: notebooks executed by a real ipykernel through nbclient."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from seeded import KERNEL, seeded_frame


@pytest.fixture
def kernel_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A kernelspec for this interpreter in a private Jupyter path, and a clean environment."""
    spec = tmp_path / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "privguard test",
                "language": "python",
            }
        )
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))  # no user startup files
    monkeypatch.setenv("PRIVGUARD_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    monkeypatch.setenv("PRIVGUARD_NER", "off")
    seeded_frame(80).to_csv(tmp_path / "people.csv", index=False)
    return tmp_path
