"""A Jupyter server extension: redact personal data in notebook outputs before a notebook is saved.

Outputs produced without the kernel extension (it was not loaded, or a colleague's kernel) would
otherwise reach the disk. The extension registers a pre-save hook on the server's contents
manager; on every save of a notebook through the server (autosave, Ctrl-S, the REST API) it runs
:func:`jupyter_privguard.notebooks.redact_notebook` on the notebook about to be written.

Modes (``c.PrivguardSaveHook.mode`` in a Jupyter server config file, or the ``PRIVGUARD_SAVE_MODE``
environment variable, which wins):

``redact`` (default)
    redact the personal data in outputs and widget state; drop outputs marked as a reveal.
``warn``
    log what was found (entities, cells, counts; never values) and save unchanged, except that
    revealed outputs are still dropped: a reveal is for the live view only.
``off``
    do nothing.

Cell sources (``c.PrivguardSaveHook.sources``): ``report`` (default) logs what they hold and saves
them as typed, since rewriting the code under the user's cursor would break it; ``redact`` rewrites
markdown and raw cells and the string literals and comments of code; ``skip`` does not read them.

The policy is the one in force for the notebook's folder (``privguard.toml`` or
``[tool.jupyter-privguard]`` in the nearest ``pyproject.toml``, then ``PRIVGUARD_*`` variables).

Fail closed: jupyter_server saves the notebook even when a hook raises, so the hook never raises;
if checking fails in ``redact`` mode, the notebook's outputs and saved widget state are cleared (the
code is kept) and the error type is logged.

Enable it with the shipped ``jupyter-config/jupyter_server_config.d/jupyter_privguard.json``
(installed by the wheel), or ``jupyter server extension enable jupyter_privguard.integrations.serverextension``.
"""

from __future__ import annotations

import os
from typing import Any

from traitlets import Bool, Enum
from traitlets.config import Configurable

from ..notebooks import SOURCE_MODES

__all__ = ["PrivguardSaveHook", "_jupyter_server_extension_points", "_load_jupyter_server_extension"]

MODES = ("redact", "warn", "off")
MODE_ENV = "PRIVGUARD_SAVE_MODE"


class PrivguardSaveHook(Configurable):
    """The pre-save hook (a callable registered with ``ContentsManager.register_pre_save_hook``)."""

    mode = Enum(
        list(MODES),
        default_value="redact",
        config=True,
        help="redact: redact PII in outputs before saving; warn: log findings only; off: do nothing. "
        f"The {MODE_ENV} environment variable overrides it.",
    )
    tables = Bool(True, config=True, help="Parse HTML tables in outputs and classify their columns.")
    ner = Enum(
        ["off", "auto", "on"],
        default_value="off",
        config=True,
        help="Use a spaCy NER model when classifying table columns (slower saves).",
    )
    sources = Enum(
        list(SOURCE_MODES),
        default_value="report",
        config=True,
        help="Cell sources: report (log, save as typed), redact (markdown, raw cells and the strings "
        "and comments of code), skip.",
    )

    def effective_mode(self) -> str:
        value = os.environ.get(MODE_ENV, "").strip().lower()
        if value and value not in MODES:
            # a typo must not turn the guard off: keep the configured mode and say so
            self._log().warning(
                "privguard: %s=%r is not one of %s; using %r", MODE_ENV, value, ", ".join(MODES), self.mode
            )
            return str(self.mode)
        return value or str(self.mode)

    def _log(self) -> Any:
        import logging

        parent = getattr(self, "parent", None)
        return getattr(parent, "log", None) or logging.getLogger("jupyter_privguard")

    def __call__(self, model: dict[str, Any], path: str = "", contents_manager: Any = None, **kwargs: Any) -> None:
        if not isinstance(model, dict) or model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
            return
        mode = self.effective_mode()
        if mode == "off":
            return
        log = getattr(contents_manager, "log", None) or self._log()
        content = model["content"]
        try:
            from ..notebooks import NotebookOptions, drop_reveals, redact_notebook, scan_notebook
            from ..policy import Policy

            policy = Policy.load(_folder(contents_manager, path), ner=self.ner)
            sources = self.sources
            options = NotebookOptions(policy=policy, tables=bool(self.tables), sources=sources)
            if mode == "warn":
                findings = scan_notebook(content, options, path=path)
                dropped = drop_reveals(content)
                if dropped:
                    log.info("privguard: dropped %d revealed output(s) of %s before saving", dropped, path)
                for f in findings:
                    log.warning(
                        "privguard: %s %s: %s, %d hit(s), score %.2f", path, f.location, f.entity, f.count, f.score
                    )
                return
            result = redact_notebook(content, options, path=path)
            if result.changed:
                parts = [f"{entity} {n}" for entity, n in sorted(result.redacted.items())]
                if result.dropped:
                    parts.append(f"{result.dropped} revealed output(s) dropped")
                log.info("privguard: redacted %s before saving (%s)", path, ", ".join(parts))
            for f in result.unredacted:  # sources are saved as typed: say so, without the values
                log.warning("privguard: %s %s: %s, %d hit(s) left in the source", path, f.location, f.entity, f.count)
        except Exception as exc:  # never let a failed check write unchecked outputs
            if mode == "redact":
                _clear_outputs(content)
                log.error(
                    "privguard: checking %s failed (%s); its outputs and widget state were cleared before saving",
                    path,
                    type(exc).__name__,
                )
            else:
                log.error("privguard: checking %s failed (%s)", path, type(exc).__name__)


def _folder(contents_manager: Any, path: str) -> str | None:
    root = getattr(contents_manager, "root_dir", None)
    if not isinstance(root, str):
        return None
    folder = os.path.join(root, os.path.dirname(path.strip("/")))
    return folder if os.path.isdir(folder) else root


def _clear_outputs(content: dict[str, Any]) -> None:
    metadata = content.get("metadata")
    if isinstance(metadata, dict):
        metadata.pop("widgets", None)  # what the widgets showed: as unchecked as the outputs
    for cell in content.get("cells") or []:
        if isinstance(cell, dict) and "outputs" in cell:
            cell["outputs"] = []
            if "execution_count" in cell:
                cell["execution_count"] = None


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    """Where jupyter_server finds this extension."""
    return [{"module": "jupyter_privguard.integrations.serverextension"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    """Register the pre-save hook on the server's contents manager."""
    hook = PrivguardSaveHook(parent=serverapp)
    serverapp.contents_manager.register_pre_save_hook(hook)
    serverapp.log.info("privguard: notebooks are checked before saving (mode %s)", hook.effective_mode())
