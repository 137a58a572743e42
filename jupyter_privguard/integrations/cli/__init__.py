"""The ``privguard`` command (also ``jupyter privguard`` and ``python -m jupyter_privguard``).

Sub-commands (argparse sub-parsers, so later ones such as ``scan`` and ``clean`` slot in):

``enable``   turn the guard on for every new IPython kernel of a profile (a startup file)
``disable``  turn it off again (removes that file)
``status``   say where the guard is on
``scan``, ``clean``, ``install-filter``   notebooks at rest (:mod:`jupyter_privguard.integrations.cli.scan`)
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

__all__ = ["build_parser", "jupyter_main", "main", "run"]


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--profile", default="default", help="IPython profile whose kernels load the guard (default: %(default)s)"
    )
    parser.add_argument(
        "--ipython-dir", default=None, metavar="PATH", help="IPython directory (default: $IPYTHONDIR or ~/.ipython)"
    )


def _cmd_enable(args: argparse.Namespace, out: TextIO) -> int:
    from ..ipython import startup

    path = startup.enable(args.profile, path=args.ipython_dir)
    out.write(
        f"privguard: enabled for new kernels of IPython profile {args.profile!r} ({path}).\n"
        "Running kernels are not changed: restart them, or run %load_ext jupyter_privguard.\n"
    )
    return 0


def _cmd_disable(args: argparse.Namespace, out: TextIO) -> int:
    from ..ipython import startup

    try:
        removed = startup.disable(args.profile, path=args.ipython_dir)
    except ValueError as exc:
        out.write(f"privguard: {exc}\n")
        return 1
    state = startup.status(args.profile, path=args.ipython_dir)
    if removed:
        out.write(
            f"privguard: disabled for new kernels of IPython profile {args.profile!r} (removed {state.startup_file}).\n"
        )
    else:
        out.write(f"privguard: it was not enabled by `privguard enable` for profile {args.profile!r}.\n")
    for config in state.config_files:
        out.write(f"privguard: still loaded by c.InteractiveShellApp.extensions in {config}: edit that file.\n")
    return 0


def _cmd_status(args: argparse.Namespace, out: TextIO) -> int:
    from ..ipython import startup

    state = startup.status(args.profile, path=args.ipython_dir)
    out.write(f"privguard: {state.summary()}\n")
    return 0


_COMMANDS: dict[str, tuple[str, Callable[[argparse.Namespace, TextIO], int]]] = {
    "enable": ("turn the guard on for every new IPython kernel (writes a profile startup file)", _cmd_enable),
    "disable": ("turn it off again (removes that startup file)", _cmd_disable),
    "status": ("say where the guard is turned on for new kernels", _cmd_status),
}


def _prog() -> str:
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "privguard"
    if name.startswith("jupyter-privguard"):
        return "jupyter privguard"
    return "privguard" if name in ("privguard", "__main__.py", "-c", "") else name


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    """The argument parser, one sub-parser per command."""
    from ... import __version__

    parser = argparse.ArgumentParser(
        prog=prog or _prog(), description="jupyter-privguard: keep personal data out of notebook outputs."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, handler) in _COMMANDS.items():
        sub = commands.add_parser(name, help=help_text, description=help_text)
        _common(sub)
        sub.set_defaults(handler=handler)
    from .scan import add_commands  # scan, clean, install-filter (notebooks at rest)

    add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "handler", None) is None:
        parser.print_help(out or sys.stdout)
        return 2
    try:
        return int(args.handler(args, out or sys.stdout))
    except (OSError, ValueError) as exc:
        parser.exit(1, f"{parser.prog}: error: {exc}\n")
    return 1  # pragma: no cover - parser.exit raises


def jupyter_main() -> None:
    """Entry point of the ``jupyter-privguard`` script (``jupyter privguard ...``)."""
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


def run() -> None:
    """Console-script entry point: ``privguard ...`` exits with :func:`main`'s status."""
    sys.exit(main())
