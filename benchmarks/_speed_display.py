"""The display path as a kernel runs it, in this process: an IPython shell, the guard loaded, a real ``Session``.

:class:`KernelShell` is an ``InteractiveShell`` whose display publisher is ipykernel's own
``ZMQDisplayPublisher`` on a real :class:`jupyter_client.session.Session`, sending into a socket-like sink that
keeps the last message. ``%load_ext jupyter_privguard`` then installs everything it installs in a kernel: the
display guard on IPython's formatters and the output tripwire on ``Session.send``. So
:meth:`KernelShell.guarded` (``IPython.display.display(obj)``) times formatter, guard, tripwire and message
serialisation, as a notebook's kernel pays them before the frontend gets the output; cell hooks (``pre_run_cell``,
``post_run_cell``) are not included.

:meth:`KernelShell.plain` is the baseline in the same process: what IPython's formatters give without the guard
(the guard's ``raw_bundle``, which calls pandas' ``__repr__`` and ``_repr_html_`` with the same display options),
sent through the same ``Session`` without the tripwire.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from typing import Any

import pandas as pd

#: pandas' display options as a Jupyter kernel has them (a terminal would fit the columns to its width)
NOTEBOOK_OPTIONS = {
    "display.max_columns": 20,
    "display.max_rows": 60,
    "display.min_rows": 10,
    "display.width": 80,
    "display.max_colwidth": 50,
}


class _Sink:
    """Takes the frames ``Session.send`` writes and keeps the last message's content."""

    def __init__(self) -> None:
        self.frames: list[bytes] = []

    def send_multipart(self, frames: Any, *args: Any, **kwargs: Any) -> None:
        self.frames = [bytes(f) for f in frames]

    def content(self) -> Any:
        return json.loads(self.frames[-1]) if self.frames else {}


class KernelShell:
    """An IPython shell with the guard loaded, publishing through a kernel ``Session`` (see the module doc).

    Parameters
    ----------
    audit_dir
        Where the guard's audit log goes (a temporary folder by default).
    """

    def __init__(self, audit_dir: str | None = None) -> None:
        from ipykernel.zmqshell import ZMQDisplayPublisher
        from IPython.core.interactiveshell import InteractiveShell
        from jupyter_client.session import Session

        folder = audit_dir or tempfile.mkdtemp(prefix="privguard-bench-")
        os.environ.setdefault("PRIVGUARD_AUDIT_LOG", os.path.join(folder, "audit.jsonl"))
        for key, value in NOTEBOOK_OPTIONS.items():
            pd.set_option(key, value)
        self.sink = _Sink()
        self.kernel_session = Session(key=b"")
        self.shell = InteractiveShell.instance()
        self.shell.display_pub = ZMQDisplayPublisher(
            shell=self.shell, session=self.kernel_session, pub_socket=self.sink
        )
        self.shell.extension_manager.load_extension("jupyter_privguard")
        from jupyter_privguard.integrations.ipython import get_extension

        self.extension = get_extension(self.shell)
        if not getattr(self.extension.tripwire, "active", False):
            raise RuntimeError("the output tripwire did not install on the benchmark's kernel session")

    @property
    def session(self) -> Any:
        """The guard's session (policy, learned values)."""
        return self.extension.session

    def bind(self, **names: Any) -> None:
        """Bind frames in the user namespace, as a notebook cell would (the banner names them)."""
        self.shell.user_ns.update(names)

    def guarded(self, obj: Any) -> tuple[float, Any]:
        """``display(obj)`` with the guard: seconds, and the content of the message that left the kernel."""
        from IPython.display import display

        self.sink.frames = []
        started = time.perf_counter()
        display(obj)
        elapsed = time.perf_counter() - started
        return elapsed, self.sink.content()

    def plain(self, obj: Any) -> tuple[float, Any]:
        """IPython's formatters without the guard, sent by the bare ``Session.send``: seconds, and the content."""
        from jupyter_client.session import Session

        self.sink.frames = []
        started = time.perf_counter()
        data, metadata = self.extension.display.raw_bundle(obj)
        Session.send(
            self.kernel_session, self.sink, "display_data", {"data": data, "metadata": metadata, "transient": {}}
        )
        elapsed = time.perf_counter() - started
        return elapsed, self.sink.content()

    def set_ner(self, mode: str) -> None:
        """Switch the session's NER tier (``"auto"`` or ``"off"``)."""
        self.session.policy = self.session.policy.replace(ner=mode)

    def close(self) -> None:
        self.shell.extension_manager.unload_extension("jupyter_privguard")
