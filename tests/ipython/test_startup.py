"""Turning the guard on for every kernel: the startup file, the ``privguard`` command, ``status``."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from jupyter_privguard.integrations import cli
from jupyter_privguard.integrations.ipython import startup


def _cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(list(argv), out=out)
    return code, out.getvalue()


def test_enable_status_disable_roundtrip(tmp_path: Path) -> None:
    ipdir = tmp_path / "ipython"
    assert not startup.status(path=ipdir).enabled
    path = startup.enable(path=ipdir)
    assert path == ipdir / "profile_default" / "startup" / startup.STARTUP_FILE
    state = startup.status(path=ipdir)
    assert state.enabled and state.enabled_by_startup_file and str(path) in state.summary()
    compile(path.read_text(), str(path), "exec")  # valid Python
    assert startup.disable(path=ipdir) is True
    assert not path.exists() and not startup.status(path=ipdir).enabled
    assert startup.disable(path=ipdir) is False
    assert path.parent.is_dir()  # the user's startup folder stays


def test_enable_is_idempotent_and_per_profile(tmp_path: Path) -> None:
    startup.enable(path=tmp_path)
    startup.enable(path=tmp_path)
    startup.enable("work", path=tmp_path)
    assert startup.status(path=tmp_path).enabled and startup.status("work", path=tmp_path).enabled
    assert not startup.status("other", path=tmp_path).enabled
    with pytest.raises(ValueError, match="profile name"):
        startup.enable("../evil", path=tmp_path)


def test_disable_leaves_a_foreign_file_alone(tmp_path: Path) -> None:
    path = startup.startup_path(path=tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text("print('mine')\n")
    with pytest.raises(ValueError, match="not written by"):
        startup.disable(path=tmp_path)
    assert path.exists()
    code, text = _cli("disable", "--ipython-dir", str(tmp_path))
    assert code == 1 and "not written by" in text


@pytest.mark.parametrize(
    ("config", "enabled"),
    [
        ("c.InteractiveShellApp.extensions = ['jupyter_privguard']\n", True),
        ("c.InteractiveShellApp.extensions.append('jupyter_privguard')\n", True),
        ("c.IPKernelApp.extensions = ['jupyter_privguard']\n", True),
        ("# c.InteractiveShellApp.extensions = ['jupyter_privguard']\n", False),
        ("c.InteractiveShellApp.extensions = ['autoreload']\n", False),
        ("c.InteractiveShellApp.exec_lines = ['import jupyter_privguard']\n", False),
    ],
)
def test_status_sees_config_files(tmp_path: Path, config: str, enabled: bool) -> None:
    profile = tmp_path / "profile_default"
    profile.mkdir()
    (profile / "ipython_kernel_config.py").write_text(config)
    state = startup.status(path=tmp_path)
    assert state.enabled is enabled
    if enabled:
        assert "ipython_kernel_config.py" in state.summary()


def test_the_startup_file_loads_the_extension(tmp_path: Path) -> None:
    """Run the written file as IPython would, against a stand-in shell."""
    path = startup.enable(path=tmp_path, module="some_extension")
    loaded: list[str] = []

    class Manager:
        def load_extension(self, name: str) -> None:
            loaded.append(name)

    class Shell:
        extension_manager = Manager()

    import IPython

    namespace: dict[str, object] = {}
    original = IPython.get_ipython
    IPython.get_ipython = lambda: Shell()  # type: ignore[assignment]
    try:
        exec(compile(path.read_text(), str(path), "exec"), namespace)
    finally:
        IPython.get_ipython = original  # type: ignore[assignment]
    assert loaded == ["some_extension"]
    assert not [k for k in namespace if not k.startswith("__")]  # leaves no names behind


def test_the_startup_file_never_stops_a_kernel(tmp_path: Path) -> None:
    path = startup.enable(path=tmp_path, module="no_such_module_anywhere")
    code = (
        "from IPython.testing.globalipapp import get_ipython\n"
        "ip = get_ipython()\n"
        f"exec(compile(open({str(path)!r}).read(), 'startup', 'exec'), {{}})\n"
        "print('alive')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0 and "alive" in out.stdout
    assert "could not load" in out.stderr


@pytest.mark.parametrize("command", ["enable", "status", "disable", "status"])
def test_cli_commands(tmp_path: Path, command: str) -> None:
    code, text = _cli(command, "--ipython-dir", str(tmp_path))
    assert code == 0 and text.startswith("privguard:")


def test_cli_sequence(tmp_path: Path) -> None:
    assert "on for new kernels" not in _cli("status", "--ipython-dir", str(tmp_path))[1]
    assert "enabled for new kernels" in _cli("enable", "--ipython-dir", str(tmp_path))[1]
    assert "on for new kernels" in _cli("status", "--ipython-dir", str(tmp_path))[1]
    assert "disabled" in _cli("disable", "--ipython-dir", str(tmp_path))[1]
    assert "off for new kernels" in _cli("status", "--ipython-dir", str(tmp_path))[1]


def test_cli_uses_ipythondir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path))
    _cli("enable")
    assert (tmp_path / "profile_default" / "startup" / startup.STARTUP_FILE).is_file()


def test_cli_without_a_command_prints_help() -> None:
    code, text = _cli()
    assert code == 2 and "enable" in text and "disable" in text and "status" in text


def test_python_dash_m(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "jupyter_privguard", "status", "--ipython-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.startswith("privguard: off for new kernels")


def test_jupyter_prog_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["/usr/bin/jupyter-privguard"])
    assert cli.build_parser().prog == "jupyter privguard"
