"""``privguard scan``, ``privguard clean`` and ``privguard install-filter``: notebooks at rest.

``scan PATH...``
    Notebooks (``.ipynb``: outputs, widget state, cell sources unless ``--no-sources``) and data
    files (``.csv``, ``.parquet``, ``.json``), folders recursively. Prints the findings (each value
    counted once across an output's MIME copies; never a value) grouped per file and place with
    their safe hints, fitted to the terminal (:mod:`.report`), or ``--format table`` / ``json`` /
    ``sarif``; ``--explain N|ID`` prints one finding in full. Exit status: 0 nothing found, 1
    personal data found at or above the policy's thresholds, 2 usage error or a file that could not
    be checked.
``clean PATH...``
    Redacts the personal data in notebook outputs and widget state in place (or into ``--output``),
    changing nothing else in the file. Cell sources are reported on standard error, not rewritten,
    unless ``--sources`` is given (markdown and raw cells, and the string literals and comments of
    code). ``--check`` only says which files would change (exit 1), for CI. ``--stdin`` reads one
    notebook on standard input and writes it, redacted, to standard output: the git clean filter.
``install-filter``
    Registers that filter with git (``filter.privguard.clean``) and routes ``*.ipynb`` through it.

Files are checked in parallel in a process pool (``--jobs``); a progress bar goes to standard error
when it is a terminal.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from .report import sarif_report

if TYPE_CHECKING:
    from ...notebooks import Finding, NotebookOptions

__all__ = ["FileResult", "add_commands", "check_files", "sarif_report"]

EXIT_CLEAN = 0
EXIT_FOUND = 1
EXIT_USAGE = 2
FILTER_NAME = "privguard"


@dataclass
class FileResult:
    """What happened to one file (picklable: it comes back from a worker process)."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    changed: bool = False
    written: str | None = None
    dropped: int = 0
    redacted: dict[str, int] = field(default_factory=dict)
    unredacted: list[Finding] = field(default_factory=list)  # found in cell sources and left there
    error: str | None = None
    skipped: str | None = None


# ---------------------------------------------------------------------------------------------
# the work on one file (runs in a worker process)
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Task:
    path: str
    mode: str  # "scan" | "clean" | "check"
    options: NotebookOptions
    output: str | None = None
    max_rows: int = 10_000


def _work(task: _Task) -> FileResult:
    from ...notebooks import NOTEBOOK_SUFFIXES, clean_text, scan_notebook, scan_table_file

    result = FileResult(task.path)
    try:
        is_notebook = task.path.lower().endswith(NOTEBOOK_SUFFIXES)
        if not is_notebook:
            if task.mode != "scan":
                result.skipped = "clean rewrites notebooks only; data files are reported by `privguard scan`"
                return result
            found = scan_table_file(task.path, task.options.resolved_policy(), max_rows=task.max_rows)
            result.findings = [_table_file_hints(f) for f in found]
            return result
        with open(task.path, "rb") as fh:
            raw = fh.read()
        text = _decode(raw, task.path)
        if task.mode == "scan":
            result.findings = scan_notebook(json.loads(text), task.options, path=task.path, merge_copies=True)
            return result
        new, outcome = clean_text(text, task.options, path=task.path)
        result.findings, result.changed = outcome.findings, outcome.changed
        result.dropped, result.redacted, result.unredacted = outcome.dropped, outcome.redacted, outcome.unredacted
        if task.mode == "clean":
            target = task.output or task.path
            if task.output is not None or outcome.changed:
                _write_atomic(target, new.encode("utf-8") if outcome.changed else raw, like=task.path)
                result.written = target
    except Exception as exc:  # one bad file must not stop the others; its error is reported
        result.error = _describe(exc)
    return result


def _table_file_hints(f: Finding) -> Finding:
    """A data file's finding with the hints a notebook's carries (a column of a table)."""
    from dataclasses import replace

    from ...notebooks.reporting import _finding_id
    from ...notebooks.results import CONTEXT_TABLE

    return replace(
        f,
        mimes=f.mimes or ((f.mime,) if f.mime else ()),
        context=f.context or CONTEXT_TABLE,
        evidence=f.evidence
        or f"the column scanner classified this column as {f.entity} (score {f.score:.2f}, detector {f.detector!r})",
        id=f.id or _finding_id(f.path, (None, None, f.mime, None, f.entity, CONTEXT_TABLE, f.column)),
    )


def _decode(raw: bytes, path: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"expected UTF-8 text, got undecodable bytes at offset {exc.start}") from None


def _describe(exc: BaseException) -> str:
    # the message of a JSON or pandas error can quote the file's text: say what failed, not what was there
    if isinstance(exc, json.JSONDecodeError):
        return f"expected notebook JSON, got invalid JSON (line {exc.lineno}, column {exc.colno})"
    if isinstance(exc, (ValueError, OSError)) and type(exc).__module__ in ("builtins", "jupyter_privguard.errors"):
        return str(exc)
    return f"{type(exc).__name__} while reading the file"


def _write_atomic(path: str, data: bytes, *, like: str) -> None:
    """Write through a temporary file in the same folder, keeping the original's permissions."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".privguard-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        try:
            os.chmod(tmp, os.stat(like).st_mode & 0o7777)
        except OSError:
            pass
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


# ---------------------------------------------------------------------------------------------
# running many files
# ---------------------------------------------------------------------------------------------
class _Progress:
    """A one-line progress bar on standard error, drawn only when it is a terminal and not under CI
    (a CI runner may give a pseudo-terminal; its log would fill with carriage returns)."""

    def __init__(self, total: int, stream: TextIO, enabled: bool = True) -> None:
        self.total, self.done, self.stream = total, 0, stream
        ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
        self.enabled = enabled and total > 1 and _isatty(stream) and not ci

    def step(self) -> None:
        self.done += 1
        if not self.enabled:
            return
        width = 30
        filled = int(width * self.done / self.total)
        self.stream.write(f"\rprivguard: [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} files")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 70 + "\r")
            self.stream.flush()


def _isatty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def check_files(
    tasks: Sequence[_Task], *, jobs: int = 1, progress: _Progress | None = None, tidy_heap: bool = False
) -> list[FileResult]:
    """Run the tasks, in a process pool when ``jobs > 1`` and there is more than one file.

    Workers take the files in chunks (fewer round trips, each worker keeps its warm caches) and
    tidy their heap after each file (see :func:`_tidy_heap`). ``tidy_heap`` does the same in this
    process when it runs the tasks itself: for a command that owns its process, not for a library
    caller.
    """
    results: dict[int, FileResult] = {}
    if jobs > 1 and len(tasks) > 1:
        # here: multiprocessing is a tenth of the start-up of one file checked by a hook
        from concurrent.futures import ProcessPoolExecutor, as_completed

        workers = min(jobs, len(tasks))
        # a few chunks per worker: large enough to save round trips, small enough to balance
        size = max(1, min(_MAX_CHUNK, len(tasks) // (workers * 4)))
        chunks = [list(range(k, min(k + size, len(tasks)))) for k in range(0, len(tasks), size)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(_work_chunk, [tasks[n] for n in chunk]): chunk for chunk in chunks}
            for future in as_completed(futures):
                for n, result in zip(futures[future], future.result()):
                    results[n] = result
                    if progress is not None:
                        progress.step()
    else:
        _warm_engines(len(tasks))
        for n, task in enumerate(tasks):
            results[n] = _work(task)
            if tidy_heap:
                _tidy_heap()
            if progress is not None:
                progress.step()
    if progress is not None:
        progress.close()
    return [results[n] for n in range(len(tasks))]


_MAX_CHUNK = 16


def _work_chunk(tasks: Sequence[_Task]) -> list[FileResult]:
    """A worker's share: the files one after the other, the heap tidied after each."""
    out = []
    _warm_engines(len(tasks))
    for task in tasks:
        # a file's analysis makes many short-lived objects and no lasting cycles: the collector
        # waits until it is done, then collects once
        gc.disable()
        try:
            out.append(_work(task))
        finally:
            gc.enable()
        _tidy_heap()
    return out


# From this many files on, the vectorised (RE2) text engine is loaded up front: its import (pyarrow,
# numpy) costs a few tenths of a second once, and it is then faster on every notebook of some size.
# One or two files (a pre-commit hook) skip it unless a large batch needs it (see
# ``detect.find_text._use_arrow``).
_WARM_FILES = 4


def _warm_engines(n_files: int) -> None:
    if n_files < _WARM_FILES:
        return
    try:
        import pyarrow.compute  # noqa: F401
    except ImportError:  # Python's engine does the work
        pass


def _tidy_heap() -> None:
    """Collect the garbage of the file just checked, then freeze what is left.

    What survives a file (imported modules, the registries, validator and scan caches) lives as
    long as the process; the collector's full passes would walk it again and again, which cost a
    fifth of the time of a scan. Frozen objects are skipped by later passes; collecting first
    keeps cyclic garbage from being frozen with them.
    """
    gc.collect()
    gc.freeze()


def _default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


# ---------------------------------------------------------------------------------------------
# output formats
# ---------------------------------------------------------------------------------------------
# ---------------------------------------------------------------------------------------------
# the commands
# ---------------------------------------------------------------------------------------------
def _options(args: argparse.Namespace) -> NotebookOptions:
    from ...notebooks import NotebookOptions
    from ...policy import Policy

    overrides: dict[str, Any] = {"ner": args.ner}
    if args.min_score is not None:
        overrides["min_score"] = args.min_score
    policy = Policy.load(args.config_dir, **overrides)
    return NotebookOptions(policy=policy, tables=not args.no_tables, sources=args.sources)


def _collect(paths: Sequence[str], suffixes: Sequence[str]) -> tuple[list[str], list[str]]:
    from ...notebooks import iter_files

    missing = [p for p in paths if not os.path.exists(p)]
    files = list(dict.fromkeys(iter_files([p for p in paths if os.path.exists(p)], suffixes)))
    return files, missing


def _usage(out: TextIO, message: str) -> int:
    out.write(f"privguard: error: {message}\n")
    return EXIT_USAGE


def _cmd_scan(args: argparse.Namespace, out: TextIO) -> int:
    from ...notebooks import NOTEBOOK_SUFFIXES, TABLE_SUFFIXES

    err = sys.stderr
    try:
        options = _options(args)
    except ValueError as exc:
        return _usage(err, str(exc))
    files, missing = _collect(args.paths, NOTEBOOK_SUFFIXES + TABLE_SUFFIXES)
    if missing:
        return _usage(err, f"no such file or folder: {', '.join(missing)}")
    tasks = [_Task(p, "scan", options, max_rows=args.max_rows) for p in files]
    results = check_files(
        tasks, jobs=args.jobs, progress=_Progress(len(tasks), err, not args.no_progress), tidy_heap=True
    )
    findings = [f for r in results for f in r.findings]
    errors = [r for r in results if r.error]
    for r in errors:
        err.write(f"privguard: error: {r.path}: {r.error}\n")
    if args.explain is not None:
        from .report import explain, pick

        found = pick(findings, args.explain)
        if found is None:
            return _usage(
                err,
                f"no finding {args.explain!r}: give a number from the report (1 to {len(findings)}) or a finding's id",
            )
        if args.format in ("json", "sarif"):
            out.write(json.dumps(found[1].to_dict(), indent=2) + "\n")
        else:
            out.write(explain(findings, args.explain, options.resolved_policy()) or "")
        return EXIT_USAGE if errors else EXIT_FOUND
    from .report import ner_line, ner_state

    ner = ner_state(options.resolved_policy())
    if args.format == "text":
        from .report import text_report

        out.write(text_report(findings, len(results), len(errors)))
        out.write(ner_line(ner) + "\n")
    elif args.format == "table":
        from .report import wide_table

        if findings:
            out.write(wide_table(findings) + "\n")
        n_files = len({f.path for f in findings})
        out.write(
            f"privguard: {len(findings)} finding{'s' if len(findings) != 1 else ''} in {n_files} of "
            f"{len(results)} file{'s' if len(results) != 1 else ''}"
            + (f"; {len(errors)} could not be checked" if errors else "")
            + "\n"
        )
        out.write(ner_line(ner) + "\n")
    elif args.format == "json":
        payload = {
            "version": 1,
            "files": len(results),
            "files_with_findings": len({f.path for f in findings}),
            "findings": [f.to_dict() for f in findings],
            "errors": [{"path": r.path, "error": r.error} for r in errors],
            "ner": ner,
        }
        out.write(json.dumps(payload, indent=2) + "\n")
    elif args.format == "sarif":
        out.write(json.dumps(sarif_report(results), indent=2) + "\n")
    if errors:
        return EXIT_USAGE
    return EXIT_FOUND if findings else EXIT_CLEAN


def _summary(redacted: dict[str, int], dropped: int) -> str:
    parts = [f"{entity} {n}" for entity, n in sorted(redacted.items())]
    if dropped:
        parts.append(f"{dropped} revealed output{'s' if dropped != 1 else ''} dropped")
    return ", ".join(parts)


def _left_note(path: str, left: Sequence[Finding], sources: str) -> str:
    """What clean found in cell sources and left there (places, entities, counts; no values)."""
    places: dict[str, list[str]] = {}
    for f in left:
        places.setdefault(f.location, []).append(f"{f.entity} {f.count}")
    where = "; ".join(f"{place}: {', '.join(parts)}" for place, parts in places.items())
    if sources == "redact":
        advice = "It is in code outside string literals and comments: edit those cells."
    else:
        advice = (
            "Sources are not rewritten: edit them, or give --sources to redact markdown and raw cells "
            "and the string literals and comments of code."
        )
    return f"privguard: {path}: personal data left in cell sources: {where}. {advice}\n"


def _cmd_clean(args: argparse.Namespace, out: TextIO) -> int:
    from ...notebooks import NOTEBOOK_SUFFIXES

    err = sys.stderr
    try:
        options = _options(args)
    except ValueError as exc:
        return _usage(err, str(exc))
    if args.stdin:
        if args.paths or args.output or args.check:
            return _usage(err, "--stdin reads one notebook from standard input; give no PATH, --output or --check")
        return _clean_stdin(options)
    if not args.paths:
        return _usage(err, "expected at least one PATH (a notebook or a folder), or --stdin")
    files, missing = _collect(args.paths, NOTEBOOK_SUFFIXES)
    if missing:
        return _usage(err, f"no such file or folder: {', '.join(missing)}")
    if args.output and args.check:
        return _usage(err, "--check writes nothing; drop --output")
    outputs = _output_paths(args.paths, files, args.output)
    if isinstance(outputs, str):
        return _usage(err, outputs)
    mode = "check" if args.check else "clean"
    tasks = [_Task(p, mode, options, outputs.get(p)) for p in files]
    results = check_files(
        tasks, jobs=args.jobs, progress=_Progress(len(tasks), err, not args.no_progress), tidy_heap=True
    )
    changed = 0
    for r in results:
        if r.error:
            err.write(f"privguard: error: {r.path}: {r.error}\n")
            continue
        if r.skipped:
            err.write(f"privguard: skipped {r.path}: {r.skipped}\n")
            continue
        if r.changed:
            changed += 1
            verb = "would clean" if args.check else "cleaned"
            target = f" -> {r.written}" if r.written and r.written != r.path else ""
            out.write(f"privguard: {verb} {r.path}{target} ({_summary(r.redacted, r.dropped)})\n")
        if r.unredacted:
            err.write(_left_note(r.path, r.unredacted, options.sources))
    if not args.quiet:
        verb = "would change" if args.check else "changed"
        out.write(f"privguard: {verb} {changed} of {len(results)} notebook{'s' if len(results) != 1 else ''}\n")
    if any(r.error for r in results):
        return EXIT_USAGE
    return EXIT_FOUND if (args.check and changed) else EXIT_CLEAN


def _output_paths(paths: Sequence[str], files: Sequence[str], output: str | None) -> dict[str, str] | str:
    """Where each cleaned file goes with ``--output`` (a file for one input, else a folder)."""
    if not output:
        return {}
    if len(paths) == 1 and os.path.isfile(paths[0]) and not os.path.isdir(output):
        return {files[0]: output}
    if os.path.exists(output) and not os.path.isdir(output):
        return f"--output {output!r} is a file, but several notebooks are cleaned; give a folder"
    mapping = {}
    for f in files:
        root = next(
            (
                p
                for p in paths
                if os.path.isdir(p)
                and os.path.commonpath([os.path.abspath(p), os.path.abspath(f)]) == os.path.abspath(p)
            ),
            None,
        )
        rel = os.path.relpath(f, root) if root else os.path.basename(f)
        mapping[f] = os.path.join(output, rel)
    return mapping


def _clean_stdin(options: NotebookOptions) -> int:
    """The git clean filter: a notebook in, the same notebook redacted out (bytes unchanged otherwise)."""
    from ...notebooks import clean_text

    raw = sys.stdin.buffer.read()
    try:
        text = _decode(raw, "<stdin>")
        new, result = clean_text(text, options, path="<stdin>")
    except Exception as exc:
        # fail closed: with filter.privguard.required=true git refuses to stage the file
        sys.stderr.write(f"privguard: error: <stdin>: {_describe(exc)}; nothing was written\n")
        return EXIT_FOUND
    sys.stdout.buffer.write(new.encode("utf-8") if result.changed else raw)
    sys.stdout.buffer.flush()
    if result.changed:
        sys.stderr.write(
            f"privguard: redacted the staged notebook ({_summary(result.redacted, result.dropped)}); "
            "the file in your working tree is unchanged\n"
        )
    if result.unredacted:  # staged as they are: the filter must not break code
        sys.stderr.write(_left_note("<stdin>", result.unredacted, options.sources))
    return EXIT_CLEAN


def _git(args: Sequence[str], cwd: str | None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)


def filter_command() -> str:
    """The command git runs as the clean filter (this Python, so the right environment is used)."""
    return f"{shlex.quote(sys.executable)} -m jupyter_privguard clean --stdin --no-progress"


def _cmd_install_filter(args: argparse.Namespace, out: TextIO) -> int:
    err = sys.stderr
    scope = ["--global"] if args.scope == "global" else (["--system"] if args.scope == "system" else [])
    cwd = args.repo
    if not scope:
        probe = _git(["rev-parse", "--git-dir"], cwd)
        if probe.returncode != 0:
            return _usage(
                err,
                f"{os.path.abspath(cwd or '.')} is not in a git repository; "
                "run it inside one, give --repo DIR, or use --global",
            )
    attributes = args.attributes or _default_attributes(scope, cwd)
    line = f"*.ipynb filter={FILTER_NAME}"
    if args.uninstall:
        _git(["config", *scope, "--remove-section", f"filter.{FILTER_NAME}"], cwd)
        if attributes and os.path.exists(attributes):
            with open(attributes, encoding="utf-8") as fh:
                kept = [ln for ln in fh.read().splitlines() if ln.strip() != line]
            with open(attributes, "w", encoding="utf-8") as fh:
                fh.write("\n".join(kept) + ("\n" if kept else ""))
        out.write(f"privguard: removed the git filter {FILTER_NAME!r}\n")
        return EXIT_CLEAN
    for key, value in (("clean", filter_command()), ("smudge", "cat"), ("required", "true")):
        done = _git(["config", *scope, f"filter.{FILTER_NAME}.{key}", value], cwd)
        if done.returncode != 0:
            return _usage(err, f"git config failed: {done.stderr.strip()}")
    if attributes:
        os.makedirs(os.path.dirname(os.path.abspath(attributes)), exist_ok=True)
        existing = ""
        if os.path.exists(attributes):
            with open(attributes, encoding="utf-8") as fh:
                existing = fh.read()
        if line not in existing.splitlines():
            with open(attributes, "a", encoding="utf-8") as fh:
                fh.write(("" if not existing or existing.endswith("\n") else "\n") + line + "\n")
    out.write(
        f"privguard: notebooks are redacted when staged (git filter {FILTER_NAME!r}"
        + (f", {attributes}" if attributes else "")
        + ")\n"
    )
    return EXIT_CLEAN


def _default_attributes(scope: list[str], cwd: str | None) -> str | None:
    if not scope:
        found = _git(["rev-parse", "--git-path", "info/attributes"], cwd)
        path = found.stdout.strip()
        return os.path.join(cwd or ".", path) if path and not os.path.isabs(path) else path or None
    if scope == ["--global"]:
        configured = _git(["config", "--global", "core.attributesFile"], cwd).stdout.strip()
        if configured:
            return os.path.expanduser(configured)
        base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
        return os.path.join(base, "git", "attributes")
    return None  # --system: the system attributes file is the administrator's to edit


def _checking(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--min-score",
        type=float,
        default=None,
        metavar="X",
        help="report/redact hits scoring at least X (default: the policy's thresholds)",
    )
    parser.add_argument(
        "--ner",
        choices=("off", "auto", "on"),
        default="off",
        help="use a spaCy NER model for table columns (default: %(default)s, fast and deterministic)",
    )
    parser.add_argument(
        "--no-tables",
        action="store_true",
        help="do not parse HTML tables to classify their columns (pattern tier only)",
    )
    parser.add_argument(
        "--config-dir",
        default=None,
        metavar="DIR",
        help="where to look for privguard.toml / pyproject.toml (default: the working directory)",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=_positive,
        default=_default_jobs(),
        metavar="N",
        help="files checked in parallel (default: the number of cores, %(default)s)",
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on standard error")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {value}")
    return value


def add_commands(commands: Any) -> None:
    """Register ``scan``, ``clean`` and ``install-filter`` on the ``privguard`` sub-parsers."""
    scan = commands.add_parser(
        "scan",
        help="report personal data in notebooks (outputs, widget state, cell sources) and in data files",
        description="Report personal data in .ipynb files (outputs, widget state, cell sources) and in "
        ".csv/.parquet/.json files (folders recursively). "
        "Exit status: 0 none found, 1 found, 2 usage error or unreadable file.",
    )
    scan.add_argument("paths", nargs="+", metavar="PATH")
    scan.add_argument(
        "--format",
        choices=("text", "table", "json", "sarif"),
        default="text",
        help="text: findings grouped per file and cell, fitted to the terminal (default); table: one wide "
        "row per finding; json; sarif",
    )
    scan.add_argument(
        "--explain",
        default=None,
        metavar="N|ID",
        help="print one finding in full (its number in the report, or its id): where, MIME copies, context, "
        "detector, score, masked shape, column, why, and how to allow it (with --format json: the finding)",
    )
    scan.add_argument(
        "--max-rows",
        type=_positive,
        default=10_000,
        metavar="N",
        help="rows read from each data file (default: %(default)s)",
    )
    sources = scan.add_mutually_exclusive_group()
    sources.add_argument(
        "--sources",
        dest="sources",
        action="store_const",
        const="report",
        help="check cell sources (markdown, code, raw) too (the default)",
    )
    sources.add_argument(
        "--no-sources", dest="sources", action="store_const", const="skip", help="check outputs and widget state only"
    )
    _checking(scan)
    scan.set_defaults(sources="report")
    scan.set_defaults(handler=_cmd_scan)

    clean = commands.add_parser(
        "clean",
        help="redact personal data in notebooks' outputs and widget state (in place, --output, --check, --stdin)",
        description="Redact personal data in the outputs and widget state of .ipynb files, leaving every other "
        "byte as it was. Cell sources are reported, and rewritten only with --sources. "
        "Exit status: 0 done, 1 with --check when a file would change, 2 usage error.",
    )
    clean.add_argument("paths", nargs="*", metavar="PATH")
    clean.add_argument(
        "--output",
        "-o",
        default=None,
        metavar="PATH",
        help="write here instead of in place (a file for one notebook, else a folder)",
    )
    clean.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when clean (with the same options) would change a notebook",
    )
    clean.add_argument(
        "--stdin",
        action="store_true",
        help="read one notebook on standard input, write it redacted to standard output (git filter)",
    )
    clean.add_argument("--quiet", "-q", action="store_true", help="no summary line")
    sources = clean.add_mutually_exclusive_group()
    sources.add_argument(
        "--sources",
        dest="sources",
        action="store_const",
        const="redact",
        help="redact cell sources too: markdown and raw cells, and the string literals and "
        "comments of code (default: sources are reported on standard error, not rewritten)",
    )
    sources.add_argument(
        "--no-sources", dest="sources", action="store_const", const="skip", help="do not check cell sources at all"
    )
    _checking(clean)
    clean.set_defaults(sources="report")
    clean.set_defaults(handler=_cmd_clean)

    install = commands.add_parser(
        "install-filter",
        help="redact notebooks when they are staged (a git clean filter)",
        description="Configure git so that `git add` stores notebooks redacted: filter.privguard.clean runs "
        "`privguard clean --stdin`, and *.ipynb files use it.",
    )
    where = install.add_mutually_exclusive_group()
    where.add_argument(
        "--global", dest="scope", action="store_const", const="global", help="for every repository of this user"
    )
    where.add_argument("--system", dest="scope", action="store_const", const="system")
    install.add_argument("--repo", default=None, metavar="DIR", help="the repository (default: the working directory)")
    install.add_argument(
        "--attributes",
        default=None,
        metavar="FILE",
        help="attributes file to add '*.ipynb filter=privguard' to "
        "(default: .git/info/attributes, or git's global attributes file)",
    )
    install.add_argument("--uninstall", action="store_true", help="remove the filter again")
    install.set_defaults(handler=_cmd_install_filter, scope="local")


Handler = Callable[[argparse.Namespace, TextIO], int]
