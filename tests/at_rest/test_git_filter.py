"""The git clean filter and the pre-commit hook, run by a real git in a temporary repository."""

from __future__ import annotations

import io
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from jupyter_privguard.integrations.cli import main

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parents[1] / "golden"
PII = json.loads((GOLDEN / "PII.json").read_text())
PII_VALUES = [*PII["emails"], PII["ssn"], PII["card"]]

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str, check: bool = True, **kw: object) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=check, env=env, **kw)


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    return tmp_path


def test_install_filter_and_stage(repo: Path) -> None:
    out = io.StringIO()
    assert main(["install-filter", "--repo", str(repo)], out=out) == 0
    assert git(repo, "config", "filter.privguard.required").stdout.strip() == "true"
    assert "clean --stdin" in git(repo, "config", "filter.privguard.clean").stdout
    assert "*.ipynb filter=privguard" in (repo / ".git" / "info" / "attributes").read_text()
    # the installed command uses the policy default (NER auto); keep the test quick and deterministic
    git(
        repo,
        "config",
        "filter.privguard.clean",
        f"{shlex.quote(sys.executable)} -m jupyter_privguard clean --stdin --ner off",
    )

    shutil.copy(GOLDEN / "stream_error.ipynb", repo / "leaky.ipynb")
    shutil.copy(GOLDEN / "no_pii.ipynb", repo / "clean.ipynb")
    git(repo, "add", "leaky.ipynb", "clean.ipynb")
    staged = git(repo, "show", ":leaky.ipynb").stdout
    assert staged.encode() == (GOLDEN / "stream_error.expected.ipynb").read_bytes()
    assert all(v not in staged for v in PII_VALUES)
    # the working tree keeps the user's file; a notebook without PII is stored byte for byte
    assert (repo / "leaky.ipynb").read_bytes() == (GOLDEN / "stream_error.ipynb").read_bytes()
    assert git(repo, "show", ":clean.ipynb").stdout.encode() == (GOLDEN / "no_pii.ipynb").read_bytes()
    git(repo, "commit", "-q", "-m", "notebooks")
    assert all(v not in git(repo, "show", "HEAD:leaky.ipynb").stdout for v in PII_VALUES)


def test_filter_redacts_widget_state_and_stages_sources_as_written(repo: Path) -> None:
    assert main(["install-filter", "--repo", str(repo)], out=io.StringIO()) == 0
    git(
        repo,
        "config",
        "filter.privguard.clean",
        f"{shlex.quote(sys.executable)} -m jupyter_privguard clean --stdin --ner off",
    )
    shutil.copy(GOLDEN / "widget_state.ipynb", repo / "widgets.ipynb")
    shutil.copy(GOLDEN / "sources.ipynb", repo / "sources.ipynb")
    added = git(repo, "add", "widgets.ipynb", "sources.ipynb")
    assert "personal data left in cell sources" in added.stderr and all(v not in added.stderr for v in PII_VALUES)
    assert git(repo, "show", ":widgets.ipynb").stdout.encode() == (GOLDEN / "widget_state.expected.ipynb").read_bytes()
    staged = json.loads(git(repo, "show", ":sources.ipynb").stdout)
    original = json.loads((GOLDEN / "sources.ipynb").read_text())
    assert [c["source"] for c in staged["cells"]] == [c["source"] for c in original["cells"]]
    assert all(v not in json.dumps(staged["cells"][1]["outputs"]) for v in PII_VALUES)


def test_a_broken_notebook_is_not_staged(repo: Path) -> None:
    assert main(["install-filter", "--repo", str(repo)], out=io.StringIO()) == 0
    (repo / "broken.ipynb").write_text('{"cells": [')
    done = git(repo, "add", "broken.ipynb", check=False)
    assert done.returncode != 0
    assert git(repo, "ls-files", "--stage").stdout == ""


def test_uninstall_filter(repo: Path) -> None:
    assert main(["install-filter", "--repo", str(repo)], out=io.StringIO()) == 0
    assert main(["install-filter", "--repo", str(repo), "--uninstall"], out=io.StringIO()) == 0
    assert git(repo, "config", "filter.privguard.clean", check=False).returncode != 0
    assert "filter=privguard" not in (repo / ".git" / "info" / "attributes").read_text()


def test_install_filter_outside_a_repository(tmp_path: Path) -> None:
    assert main(["install-filter", "--repo", str(tmp_path)], out=io.StringIO()) == 2


def _hook(hook_id: str) -> dict[str, object]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    return next(h for h in hooks if h["id"] == hook_id)


def _as_pre_commit_would(hook_id: str, files: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """pre-commit runs ``entry`` split like a shell, with ``args`` and the staged file names appended."""
    hook = _hook(hook_id)
    command = shlex.split(str(hook["entry"])) + list(hook.get("args", [])) + ["--ner", "off"] + files
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)


def test_hook_definitions() -> None:
    import re

    for hook_id in ("privguard-clean", "privguard-scan"):
        hook = _hook(hook_id)
        assert hook["language"] == "python" and str(hook["entry"]).startswith("privguard ")
    assert re.search(str(_hook("privguard-scan")["files"]), "a/b.parquet")
    assert _hook("privguard-clean")["types_or"] == ["jupyter"]


def test_pre_commit_hooks_in_a_git_commit(repo: Path) -> None:
    """A pre-commit script that runs the scan hook on the staged files: PII blocks the commit."""
    if shutil.which("privguard", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("the privguard console script is not installed in this environment")
    shutil.copy(GOLDEN / "stream_error.ipynb", repo / "leaky.ipynb")
    scan = _hook("privguard-scan")
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text(
        "#!/bin/sh\nfiles=$(git diff --cached --name-only --diff-filter=ACM)\n"
        f'[ -z "$files" ] || exec {scan["entry"]} --ner off $files\n'
    )
    hook.chmod(0o755)
    git(repo, "add", "leaky.ipynb")
    blocked = git(repo, "commit", "-q", "-m", "leak", check=False)
    assert blocked.returncode != 0 and "EMAIL_ADDRESS" in blocked.stdout + blocked.stderr
    assert all(v not in blocked.stdout + blocked.stderr for v in PII_VALUES)

    # the clean hook fixes the file (exit 0, file changed: pre-commit then asks to re-add it)
    fixed = _as_pre_commit_would("privguard-clean", ["leaky.ipynb"], repo)
    assert fixed.returncode == 0
    assert (repo / "leaky.ipynb").read_bytes() == (GOLDEN / "stream_error.expected.ipynb").read_bytes()
    assert _as_pre_commit_would("privguard-scan", ["leaky.ipynb"], repo).returncode == 0
    git(repo, "add", "leaky.ipynb")
    assert git(repo, "commit", "-q", "-m", "clean", check=False).returncode == 0
