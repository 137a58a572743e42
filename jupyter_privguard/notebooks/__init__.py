"""Notebooks at rest: find and redact personal data in saved ``.ipynb`` files.

Outputs made before the guard was loaded, notebooks written elsewhere, and repositories full of old
notebooks get the same protection as live outputs. The integrations (the ``privguard scan`` / ``clean``
commands, the git clean filter, the pre-commit hook, the Jupyter server's pre-save hook and the
nbconvert preprocessor) all call this package; it imports no Jupyter package.

What is checked:

* every text of a code cell's outputs: ``stream`` text, each string MIME type of ``display_data`` /
  ``execute_result`` (``text/plain``, ``text/html``, ``text/markdown``, ``text/latex``, SVG,
  JavaScript ...), the string leaves (and long integers) of JSON MIME types, and ``error`` names,
  values and tracebacks (ANSI colour codes are looked through). Pictures (PNG, JPEG ...) cannot be
  read and are left alone. The report MIME type of the display guard
  (``application/vnd.jupyter-privguard.report+json``) carries no values and is skipped.
* the string leaves (and long integers) of the widget state ipywidgets saves in the notebook's
  metadata (``metadata.widgets``, one model per widget: an ``HTML`` widget's ``value``, a text
  box, a dropdown's labels, a grid's data ...). HTML in it (the value of an ``HTML`` /
  ``HTMLMath`` widget, or a string that starts with a tag) gets escaped placeholders and its
  tables go to the table tier. Binary buffers are left alone.
* cell sources (markdown, code and raw cells), as :attr:`NotebookOptions.sources` says: by default
  they are reported but not rewritten (rewriting code can break it); ``"redact"`` rewrites
  markdown and raw sources, and in code only what lies inside string literals and ``#``
  comments; ``"skip"`` leaves them out. Attachments (pictures) are not read.
* **the pattern tier** (:func:`jupyter_privguard.detect.patterns.find_spans`) over all those
  texts, in one batch per notebook;
* **the table tier**: HTML tables (``df.to_html()``, a DataFrame's rich display) and table-schema
  JSON are parsed back into columns and classified with :func:`jupyter_privguard.scanner.scan`, so
  names, cities, birth dates in a column whose header or values say so are found too. The values of
  the columns found to be personal data go into an exact-value index (the same Aho-Corasick matching
  the output tripwire uses, :class:`jupyter_privguard.textguard.ExactIndex`) that then finds them in
  every text of the notebook: the ``text/plain`` twin of the table, a widget, a note naming a
  customer the table showed. Every value of such a column goes in, whatever its length (a name
  column's ``Bob`` too: matches are on word boundaries, so ``Bobcat`` stays);
* **recall** (:mod:`.recall`): phone columns written with slashes, pipes or as bare digit runs, names
  beside an e-mail in a mail header, in a signature, on a contact card, what the text tier finds in
  printed text and notes, and the cut copies (``Frédériq...``) a truncated ``text/plain`` shows.
  ``clean`` rewrites only text a person reads (:mod:`.keep`): picture data, SVG drawing data,
  colours, base64 and JSON payload fields stay byte for byte. nbformat 3 notebooks are read as
  nbformat 4 (:mod:`.legacy`).

Outputs the display guard produced carry ``metadata["jupyter_privguard"]`` (see
:mod:`jupyter_privguard.render`): they are already redacted, so the table tier skips them, but the
pattern tier and the exact-value index still run over them. Outputs marked as a *reveal*
(``metadata["jupyter_privguard"]["reveal"] is True``: raw data the user asked to see in the live view)
are dropped whole: a reveal never belongs on disk.

Findings say where (file, cell, output, MIME type, column for tables; for a cell source
``mime="source"`` and the cell type, for widget state ``mime="widget-state"`` and the model id and
trait),
what (entity), how sure (score) and how many, never the value; and safe hints for triage: the kind
of context (code, table column, prose ...), the column header unless it may be personal data, the
detector, a masked shape of the matched text (``x[::d]``, ``ddddd.dddddd``) and the evidence in words.
``scan_notebook(..., merge_copies=True)`` counts each value once across an output's MIME copies.

Byte-for-byte. :func:`clean_text` edits the notebook's JSON text in place: only the string tokens
that held personal data are rewritten, and dropped outputs are cut out with their separator, so
indentation, key order, escaping and the final newline stay as they were. A notebook with nothing
to redact comes back as the very same string.

The package, in dependency order (each module imports only those above it):

* :mod:`.jsontext`: the JSON reader that knows where each value is in the text (paths, offsets);
* :mod:`.options`: :class:`NotebookOptions`, the file suffixes and :func:`iter_files`;
* :mod:`.results`: :class:`Finding`, :class:`CleanResult` and the names findings use;
* :mod:`.hints`: the safe hints of a report: masked shapes, kinds of context, table columns;
* :mod:`.tables`: tables inside outputs parsed back into columns and classified (the table tier);
* :mod:`.plan`: the text leaves of outputs, sources and widget state, the tables, the drops;
* :mod:`.legacy`: nbformat 3 notebooks read as nbformat 4;
* :mod:`.recall`: phone columns in any separator style, names and phones in prose, cut copies;
* :mod:`.spans`: the pattern tier and the exact-value index over those texts;
* :mod:`.keep`: what ``clean`` never rewrites (picture data, styling, payloads);
* :mod:`.edits`: placeholders, and where a code cell may be rewritten;
* :mod:`.reporting`: hits grouped into findings (each value once across an output's MIME copies);
* :mod:`.scan`: the analysis both scan and clean run, and :func:`scan_notebook`;
* :mod:`.clean`: :func:`redact_notebook`, :func:`clean_text`, :func:`drop_reveals`;
* :mod:`.table_files`: :func:`scan_table_file` for ``.csv``, ``.parquet`` and ``.json`` files.

Every name callers import stays importable from ``jupyter_privguard.notebooks``.
"""

from __future__ import annotations

from .clean import clean_text, drop_reveals, redact_notebook
from .edits import _code_literals as _code_literals
from .jsontext import _locate as _locate
from .options import NOTEBOOK_SUFFIXES, TABLE_SUFFIXES, NotebookOptions
from .options import SOURCE_MODES as SOURCE_MODES
from .options import SourceMode as SourceMode
from .options import iter_files as iter_files
from .plan import _plan as _plan
from .results import REVEALED_ENTITY, SOURCE_MIME, WIDGET_STATE_MIME, CleanResult, Finding
from .scan import scan_notebook
from .spans import _registry as _registry
from .table_files import scan_table_file

__all__ = [
    "NOTEBOOK_SUFFIXES",
    "REVEALED_ENTITY",
    "SOURCE_MIME",
    "WIDGET_STATE_MIME",
    "TABLE_SUFFIXES",
    "CleanResult",
    "Finding",
    "NotebookOptions",
    "clean_text",
    "drop_reveals",
    "redact_notebook",
    "scan_notebook",
    "scan_table_file",
]
