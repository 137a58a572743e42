"""``python -m jupyter_privguard``: the ``privguard`` command."""

from __future__ import annotations

import sys

from .integrations.cli import main

if __name__ == "__main__":
    sys.exit(main())
