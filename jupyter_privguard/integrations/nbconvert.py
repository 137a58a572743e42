"""An nbconvert preprocessor that redacts personal data in outputs before a notebook is exported.

Use it for one export::

    jupyter nbconvert --to html \\
        --Exporter.preprocessors='["jupyter_privguard.integrations.nbconvert.PrivguardPreprocessor"]' notebook.ipynb

or for every export, in ``jupyter_nbconvert_config.py``::

    c.Exporter.preprocessors = ["jupyter_privguard.integrations.nbconvert.PrivguardPreprocessor"]

It runs :func:`jupyter_privguard.notebooks.redact_notebook` on the notebook being converted (never
on the file): outputs and widget state with personal data are redacted, revealed outputs dropped.
Cell sources are exported as written unless ``c.PrivguardPreprocessor.sources = "redact"``
(markdown and raw cells, and the string literals and comments of code); what they hold is listed
in ``resources["privguard"]["unredacted"]``. What was done (entities and counts, no values) is left
in ``resources["privguard"]``.
"""

from __future__ import annotations

from typing import Any

from traitlets import Bool, Enum

from ..errors import MissingDependencyError
from ..notebooks import SOURCE_MODES

try:
    from nbconvert.preprocessors import Preprocessor
except ImportError:  # pragma: no cover - depends on the environment
    raise MissingDependencyError(
        "jupyter_privguard.integrations.nbconvert needs nbconvert; install it with `pip install nbconvert`"
    ) from None

__all__ = ["PrivguardPreprocessor"]


class PrivguardPreprocessor(Preprocessor):  # type: ignore[misc,unused-ignore]
    """Redact personal data in the outputs of the notebook being exported."""

    enabled = Bool(True, config=True, help="Run the preprocessor (nbconvert's own switch).")
    tables = Bool(True, config=True, help="Parse HTML tables in outputs and classify their columns.")
    ner = Enum(
        ["off", "auto", "on"],
        default_value="off",
        config=True,
        help="Use a spaCy NER model when classifying table columns.",
    )
    sources = Enum(
        list(SOURCE_MODES),
        default_value="report",
        config=True,
        help="Cell sources: report (export as written, list findings), redact (markdown, raw cells "
        "and the strings and comments of code), skip.",
    )

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        """Redact ``nb`` in place and return it with ``resources``."""
        from ..notebooks import NotebookOptions, redact_notebook
        from ..policy import Policy

        folder = (resources.get("metadata") or {}).get("path") or None
        policy = Policy.load(folder, ner=self.ner)
        name = (resources.get("metadata") or {}).get("name") or "<notebook>"
        sources = self.sources
        options = NotebookOptions(policy=policy, tables=bool(self.tables), sources=sources)
        result = redact_notebook(nb, options, path=name)
        resources["privguard"] = {
            "redacted": dict(result.redacted),
            "dropped": result.dropped,
            "findings": [f.to_dict() for f in result.findings],
            "unredacted": [f.to_dict() for f in result.unredacted],
        }
        if result.changed:
            self.log.info(
                "privguard: redacted %s for export (%s)",
                name,
                ", ".join(f"{e} {n}" for e, n in sorted(result.redacted.items()))
                or f"{result.dropped} revealed output(s) dropped",
            )
        if result.unredacted:
            self.log.warning(
                "privguard: cell sources of %s hold personal data and are exported as written (%s)",
                name,
                ", ".join(f"{f.location}: {f.entity} {f.count}" for f in result.unredacted),
            )
        return nb, resources
