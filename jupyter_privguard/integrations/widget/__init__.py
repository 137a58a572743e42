"""The privacy panel inside a notebook: ``jupyter_privguard.panel()`` or ``%privguard panel``.

A plain-ipywidgets panel (what JupyterLab, Notebook 7 and VS Code all render) over the running
guard session: the guarded variables and their findings, the action and threshold per entity,
the allow lists, reveal (audited, live view only), the latest leakage and re-identification
results with their charts, and the export log. It follows the session live
(:meth:`GuardSession.subscribe`, plus a ``post_run_cell`` refresh for changes made without an event).

Widget state is saved with a notebook when the frontend is set to save it, and it travels over the
comm. So nothing the panel puts into a widget's state holds a data value:

* findings, risk results and the audit log are names, entities, scores and counts;
* a column name or variable label that itself looks like personal data (``df.T`` makes row
  labels into column names) is shown as ``column #3 (name hidden)``; selection widgets carry only
  their labels and an index in their state, the real name stays in the kernel;
* allowed values and patterns (which may be personal data) are typed into a password field, moved
  into kernel memory the moment they arrive and the field is emptied; they are listed as
  ``value #1 (23 characters)``, never shown again;
* a reveal is published by the display guard's own reveal (:meth:`DisplayGuard.reveal`) into an
  ``Output`` widget, and the panel empties that widget when the guard takes reveals back (the next
  cell, ``reveal_seconds``, unloading) or when the panel is closed. While it is live, the revealed
  output is in that widget's frontend state, as a revealed cell output is in the cell.

Modules: :mod:`.masking` (which names may be shown), :mod:`.rows` (the findings as plain rows),
:mod:`.html` and :mod:`.svg` (the tabs' markup and charts, built from plain structures),
:mod:`.view` (the panel and its refresh) and :mod:`.actions` (what the user does in it, through
:mod:`jupyter_privguard.integrations.commands`, as the magics and the sidebar do).
"""

from __future__ import annotations

from ..commands import REVEALABLE
from .html import MAX_FINDING_ROWS, MAX_LOG_ROWS, log_html, risk_html
from .masking import _Masker
from .rows import FindingRow, finding_rows
from .view import PrivGuardPanel, panel

__all__ = ["FindingRow", "PrivGuardPanel", "panel"]

# also importable from here, as when the panel was one module
__all__ += ["MAX_FINDING_ROWS", "MAX_LOG_ROWS", "REVEALABLE", "_Masker", "finding_rows", "log_html", "risk_html"]
