"""The leak catalogue's runner: each group notebook run twice with nbclient and a real kernel.

The **control** run has no extension (it proves the path carries personal data at all); the
**guarded** run has ``%load_ext jupyter_privguard`` in its first cell. Everything that leaves the
kernel is captured and attributed to a path by its cell (``metadata.catalogue_path``):

* the saved ``.ipynb`` (written, then read back from disk), with ``store_widget_state=True`` so the
  widget models land in ``metadata.widgets`` (attributed to the path whose cell opened the comm);
* every iopub message of every type (content, metadata, buffers), streams also merged per cell;
* every ``execute_reply`` (pager payloads);
* the files the path wrote (each path runs in its own folder: ``_enter`` in the setup cell);
* the audit log (``PRIVGUARD_AUDIT_LOG``) and the kernel's own stderr, the bytes added while the cell ran.

:func:`judge` turns two runs into per-path :class:`Verdict` objects with counts and artefact names
only, never the values. Not a test module.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import os
import re
import time
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalogue_data import Dataset
from catalogue_paths import GROUPS
from catalogue_paths import Path as CPath
from seeded import EXT, ValueSearch, decoded_variants, without_images

MODES = ("control", "guarded")
LIVE_REVEAL = " (live reveal)"
FILE_NAMES = "file names"  # a name the user gave a file: proves a control, is not an output of the guard
_OPAQUE = (".png", ".jpg", ".jpeg", ".gif", ".pdf", ".xlsx", ".gz", ".zip")
WARNING = re.compile(r"privguard|PrivacyWarning", re.I)
CELL_TIMEOUT = 120
# control runs replace the guard's magics: a reveal becomes a plain display, other verbs do nothing
_REVEAL = re.compile(r"^(\s*)%privguard reveal (\w+).*$", re.M)
_MAGIC = re.compile(r"^(\s*)%privguard .*$", re.M)


def _comm_reveal(mtype: str, content: Any) -> bool:
    """The guard's own comm carrying a reveal's raw view to the live page (never saved, never replayed)."""
    if mtype != "comm_msg" or not isinstance(content, dict):
        return False
    data = content.get("data")
    return isinstance(data, dict) and data.get("type") == "reveal"


def control_source(source: str) -> str:
    """``source`` as the control run executes it (no extension loaded)."""
    return _MAGIC.sub(r"\1pass", _REVEAL.sub(r"\1display(\2)", source))


def setup_source(group: str, mode: str) -> str:
    """The first cell of a group notebook."""
    spec = GROUPS[group]
    code = spec["setup"]
    if mode == "guarded":
        code += f"\n%load_ext {EXT}\n" + spec.get("guarded", "")
    return code


@dataclass
class Capture:
    """What one path left behind in one run: ``artefact name -> texts``, PNG digests, error names."""

    artefacts: dict[str, list[str]] = field(default_factory=dict)
    outputs: dict[str, list[str]] = field(default_factory=dict)  # the shown part (for utility)
    pngs: set[str] = field(default_factory=set)
    file_digests: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def add(self, name: str, text: str, *, shown: bool = False) -> None:
        if text:
            self.artefacts.setdefault(name, []).append(text)
            if shown:
                self.outputs.setdefault(name, []).append(text)


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _buffers(msg: dict[str, Any]) -> list[str]:
    out = []
    for buf in msg.get("buffers") or []:
        raw = bytes(buf) if not isinstance(buf, str) else base64.b64decode(buf)
        out.append(raw.decode("utf-8", "replace"))
    return out


def _file_texts(path: Path) -> list[str]:
    """A written file's text: as UTF-8, without NUL bytes (numpy's UTF-32 strings), and tables read back."""
    raw = path.read_bytes()
    texts = [raw.decode("utf-8", "replace")]
    if b"\x00" in raw:
        texts.append(raw.replace(b"\x00", b"").decode("utf-8", "replace"))
        for codec in ("utf-32-le", "utf-16-le"):
            texts.append(raw.decode(codec, "ignore"))
    if path.suffix in (".parquet", ".feather", ".arrow", ".ipc"):
        try:
            import pyarrow.feather as feather
            import pyarrow.parquet as pq

            table = pq.read_table(path) if path.suffix == ".parquet" else feather.read_table(path)
            texts.append(_dump(table.to_pylist()))
        except Exception as exc:
            texts.append(f"<unreadable {type(exc).__name__}>")
    texts.extend(_unpacked(path, raw))
    if path.suffix in (".npy", ".npz"):
        try:
            import numpy as np

            loaded = np.load(path, allow_pickle=False)
            arrays = [loaded[k] for k in loaded.files] if hasattr(loaded, "files") else [loaded]
            texts.append(" ".join(str(a.tolist()) for a in arrays))
        except Exception:
            pass
    return texts


def _unpacked(path: Path, raw: bytes) -> list[str]:
    """What a compressed file or an archive holds (gzip, bz2, xz; zip and tar members), as text."""
    import bz2
    import gzip
    import lzma
    import tarfile
    import zipfile

    out = []
    for decompress in (gzip.decompress, bz2.decompress, lzma.decompress):
        try:
            out.append(decompress(raw).decode("utf-8", "replace"))
        except Exception:
            continue
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as z:
                out.extend(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        elif tarfile.is_tarfile(path):
            with tarfile.open(path) as t:
                for member in t.getmembers():
                    f = t.extractfile(member)
                    if f is not None:
                        out.append(f.read().decode("utf-8", "replace"))
    except Exception as exc:
        out.append(f"<unreadable {type(exc).__name__}>")
    return out


class _CapturingClient:
    """A NotebookClient that keeps every iopub message and every execute reply by cell."""

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        import nbclient

        class Client(nbclient.NotebookClient):  # type: ignore[misc]
            def process_message(self, msg: dict[str, Any], cell: Any, cell_index: int) -> Any:
                self.iopub_log.append(
                    (
                        cell_index,
                        copy.deepcopy({k: msg.get(k) for k in ("msg_type", "content", "metadata")}),
                        _buffers(msg),
                    )
                )
                return super().process_message(msg, cell, cell_index)

        client = Client(*args, **kwargs)
        client.iopub_log = []
        return client


async def _shell_request(client: Any, kind: str, code: str) -> dict[str, Any]:
    """Send an ``inspect_request`` or ``complete_request`` (as a frontend does on Shift-Tab / Tab)."""
    kc = client.kc
    msg_id = kc.inspect(code, len(code), detail_level=1) if kind == "inspect" else kc.complete(code, len(code))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        reply = await kc.get_shell_msg(timeout=30)
        if reply.get("parent_header", {}).get("msg_id") == msg_id:
            return dict(reply)
    return {}


def run_group(group: str, mode: str, paths: list[CPath], data: Dataset, folder: Path) -> dict[str, Capture]:
    """Execute one group notebook in one mode; a :class:`Capture` per path id (and ``"_setup"``)."""
    import nbformat

    work = folder / mode / group
    files = work / "files"
    files.mkdir(parents=True, exist_ok=True)
    audit = work / "audit.jsonl"
    stderr_path = work / "kernel-stderr.txt"
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell(setup_source(group, mode)))
    nb.cells[0].metadata["catalogue_path"] = "_setup"
    for p in paths:
        for part in p.cells():
            cell = nbformat.v4.new_code_cell(part if mode == "guarded" else control_source(part))
            cell.metadata["catalogue_path"] = p.id
            nb.cells.append(cell)
    env = dict(os.environ)
    # a new user's setting: the package default (NER where installed) unless CATALOGUE_NER says otherwise
    env.pop("PRIVGUARD_NER", None)
    if os.environ.get("CATALOGUE_NER"):
        env["PRIVGUARD_NER"] = os.environ["CATALOGUE_NER"]
    env.update(
        CAT_DATA=str(data.folder),
        CAT_OUT=str(files),
        CAT_GROUP=group,
        PRIVGUARD_AUDIT_LOG=str(audit),
        IPYTHONDIR=str(work / "ipython"),
        PYTHONWARNINGS="default",
        MPLBACKEND="module://matplotlib_inline.backend_inline",
    )
    owners = [c.metadata["catalogue_path"] for c in nb.cells]
    by_id = {p.id: p for p in paths}
    captures: dict[str, Capture] = {pid: Capture() for pid in dict.fromkeys(owners)}
    offsets = {"audit": 0, "stderr": 0}

    def new_bytes(path: Path, key: str) -> str:
        if not path.exists():
            return ""
        raw = path.read_bytes()
        chunk, offsets[key] = raw[offsets[key] :], len(raw)
        return chunk.decode("utf-8", "replace")

    async def on_cell_executed(cell: Any, cell_index: int, execute_reply: dict[str, Any]) -> None:
        cap = captures[owners[cell_index]]
        path = by_id.get(owners[cell_index])
        last = cell_index + 1 == len(owners) or owners[cell_index + 1] != owners[cell_index]
        if path is not None and last:
            for kind, code in path.requests:
                reply = await _shell_request(client, kind, code)
                cap.add(f"shell:{kind}_reply", _dump(reply.get("content", {})), shown=True)
        content = execute_reply.get("content", {})
        cap.add("shell:execute_reply", _dump(content))
        for payload in content.get("payload") or []:
            cap.add(f"shell:payload:{payload.get('source', '?')}", _dump(payload), shown=True)
        cap.add("audit log", new_bytes(audit, "audit"))
        cap.add("kernel stderr", new_bytes(stderr_path, "stderr"))

    client = _CapturingClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        allow_errors=True,
        store_widget_state=True,
        coalesce_streams=True,
        resources={"metadata": {"path": str(files)}},
        on_cell_executed=on_cell_executed,
    )
    with stderr_path.open("wb") as err:
        client.execute(env=env, stderr=err)
    saved = work / f"{group}-{mode}.ipynb"
    nbformat.write(nb, str(saved))
    reread = nbformat.read(str(saved), as_version=4)

    streams: dict[int, dict[str, str]] = {}
    comm_owner: dict[str, str] = {}
    for index, msg, buffers in client.iopub_log:
        cap = captures[owners[index]]
        mtype = msg["msg_type"]
        content = msg.get("content") or {}
        if mtype == "stream":
            per = streams.setdefault(index, {})
            per[content.get("name", "?")] = per.get(content.get("name", "?"), "") + str(content.get("text", ""))
        if mtype == "comm_open":
            comm_owner[str(content.get("comm_id"))] = owners[index]
        if mtype == "status":
            continue
        mark = (content.get("metadata") or {}).get("jupyter_privguard") if isinstance(content, dict) else None
        # a reveal is raw on purpose, in the live view only: judged by what is saved and replayed
        live = LIVE_REVEAL if (isinstance(mark, dict) and mark.get("reveal")) or _comm_reveal(mtype, content) else ""
        if mtype != "stream":  # streams are searched merged per cell (below): a value may span two messages
            cap.add(f"iopub:{mtype}{live}", _dump({"content": content, "metadata": msg.get("metadata")}))
        for buf in buffers:
            cap.add(f"iopub:{mtype}:buffer", buf)
    for index, per in streams.items():
        for name, text in per.items():
            captures[owners[index]].add(f"iopub:stream:{name} (merged)", text)

    for index, cell in enumerate(reread.cells):
        cap = captures[owners[index]]
        for out in cell.get("outputs", []):
            otype = out.get("output_type")
            if otype == "stream":
                cap.add(f"saved:stream:{out.get('name')}", str(out.get("text", "")), shown=True)
            elif otype == "error":
                cap.add("saved:error", _dump({k: out.get(k) for k in ("ename", "evalue", "traceback")}), shown=True)
                cap.errors.append(str(out.get("ename")))
            else:
                for mime, value in (out.get("data") or {}).items():
                    if mime == "image/png":
                        cap.pngs.add(hashlib.sha256(str(value).encode()).hexdigest())
                        continue
                    cap.add(f"saved:{otype}:{mime}", value if isinstance(value, str) else _dump(value), shown=True)
                cap.add(f"saved:{otype}:metadata", _dump(out.get("metadata") or {}))
    state = (reread.metadata.get("widgets") or {}).get("application/vnd.jupyter.widget-state+json", {})
    for model_id, model in (state.get("state") or {}).items():
        owner = comm_owner.get(model_id, "_setup")
        captures.setdefault(owner, Capture()).add("saved:metadata.widgets", _dump(model), shown=True)

    for p in paths:
        out_dir = files / p.id
        if out_dir.exists():
            captures[p.id].add(FILE_NAMES, "\n".join(str(f.relative_to(out_dir)) for f in sorted(out_dir.rglob("*"))))
            for f in sorted(out_dir.rglob("*")):
                if f.is_file():
                    name = f"file:{f.relative_to(out_dir)}"
                    captures[p.id].file_digests[name] = hashlib.sha256(f.read_bytes()).hexdigest()
                    for text in _file_texts(f):
                        captures[p.id].add(name, text)
        for extra in p.files:
            base = work / extra
            for f in sorted(base.rglob("*")) if base.exists() else []:
                if f.is_file():
                    for text in _file_texts(f):
                        captures[p.id].add(f"file:{extra}/{f.relative_to(base)}", text)
    return captures


@dataclass
class Run:
    """Both modes of every group: ``captures[mode][path id]`` and the seconds each group took."""

    captures: dict[str, dict[str, Capture]]
    seconds: dict[str, float]

    def setup_errors(self) -> dict[str, list[str]]:
        """``"mode/group" -> error names`` of the setup cells that failed (a guard that does not load
        would make every guarded path look clean)."""
        out = {}
        for mode, caps in self.captures.items():
            for key, cap in caps.items():
                if key.startswith("_setup:") and cap.errors:
                    out[f"{mode}/{key[7:]}"] = cap.errors
        return out


def run_catalogue(paths: Iterable[CPath], data: Dataset, folder: Path, *, workers: int = 2) -> Run:
    """Run every group in both modes (``workers`` kernels at a time)."""
    by_group: dict[str, list[CPath]] = {}
    for p in paths:
        by_group.setdefault(p.group, []).append(p)
    # longest first (guarded runs, big groups), so two workers finish together
    jobs = sorted(((g, m) for g in by_group for m in MODES), key=lambda j: (j[1] != "guarded", -len(by_group[j[0]])))

    def one(job: tuple[str, str]) -> tuple[str, str, dict[str, Capture], float]:
        g, m = job
        start = time.perf_counter()
        caps = run_group(g, m, by_group[g], data, folder)
        return g, m, caps, time.perf_counter() - start

    captures: dict[str, dict[str, Capture]] = {m: {} for m in MODES}
    seconds: dict[str, float] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for g, m, caps, secs in pool.map(one, jobs):
            captures[m].update({k: v for k, v in caps.items() if k != "_setup"})
            captures[m][f"_setup:{g}"] = caps.get("_setup", Capture())
            seconds[f"{g}/{m}"] = secs
    return Run(captures, seconds)


# ------------------------------------------------------------------------------------------------
# verdicts
# ------------------------------------------------------------------------------------------------
@dataclass
class Verdict:
    """One path's result: counts per artefact, never a value."""

    path: CPath
    control_hits: dict[str, int]
    guarded_hits: dict[str, int]
    markers_control: int
    markers_kept: int
    control_errors: list[str]
    guarded_errors: list[str]
    leaked_as: dict[str, int] = field(default_factory=dict)  # "column/form" -> distinct values (guarded)
    guarded_ran: bool = True  # every cell of the path got an execute reply in the guarded run

    def __repr__(self) -> str:  # short in pytest's tracebacks; counts only
        return f"Verdict({self.path.id}, control={sum(self.control_hits.values())}, leaks={self.leaks})"

    @property
    def control_positive(self) -> bool:
        return bool(self.control_hits)

    @property
    def leaks(self) -> int:
        return sum(self.guarded_hits.values())

    @property
    def utility(self) -> float:
        return 1.0 if self.markers_control == 0 else self.markers_kept / self.markers_control

    def describe_leak(self) -> str:
        parts = ", ".join(f"{a}: {n}" for a, n in sorted(self.guarded_hits.items()))
        return f"{self.path.id} [{self.path.cause}]: {self.leaks} seeded value hit(s) with the guard on ({parts})"


class Judge:
    """Searches captures for the dataset's seeded values and markers."""

    def __init__(self, data: Dataset) -> None:
        self.search = ValueSearch([(s.value, s.kind) for s in data.seeded])
        self.markers = data.markers
        from seeded import _Matcher

        self._markers = _Matcher()
        for i, m in enumerate(self.markers):
            self._markers.add(m, i)
        self._markers.build()
        self.columns = [s.column for s in data.seeded]
        self._cache: dict[bytes, dict[int, str]] = {}

    def _find(self, text: str) -> dict[int, str]:
        key = hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest()
        if key not in self._cache:
            self._cache[key] = self.search.find(text)
        return self._cache[key]

    def hits(
        self,
        cap: Capture,
        *,
        guarded: bool = False,
        files: bool = True,
        seen_comm: set[int] | None = None,
        forms: dict[int, str] | None = None,
    ) -> dict[str, int]:
        """Distinct seeded values per artefact. ``seen_comm``: values an earlier path of the same notebook
        already sent over a comm (the guard's sidebar state repeats what it was told before): counted
        once, for the path that sent them first."""
        out: dict[str, int] = {}
        for name, texts in cap.artefacts.items():
            if guarded and (
                name.endswith(LIVE_REVEAL) or name == FILE_NAMES or (not files and name.startswith("file:"))
            ):
                continue
            found: set[int] = set()
            how: dict[int, str] = {}
            for text in texts:
                for i, form in self._find(text).items():
                    found.add(i)
                    how.setdefault(i, form)
            if seen_comm is not None and name.startswith("iopub:comm"):
                found, _ = found - seen_comm, seen_comm.update(found)
            if found:
                out[name] = len(found)
            if forms is not None:
                for i in found:
                    forms.setdefault(i, f"{self.columns[i]}/{how[i]}")
        return out

    def markers_in(self, cap: Capture) -> set[int]:
        found: set[int] = set()
        for texts in cap.outputs.values():
            for text in texts:
                for variant in decoded_variants(without_images(text))[:2]:
                    found.update(self._markers.find(variant))
        return found

    def verdict(self, path: CPath, control: Capture, guarded: Capture, seen_comm: set[int] | None = None) -> Verdict:
        c_hits = self.hits(control)
        forms: dict[int, str] = {}
        g_hits = self.hits(guarded, guarded=True, files=not path.warn, seen_comm=seen_comm, forms=forms)
        if path.warn and not any(WARNING.search(t) for ts in guarded.outputs.values() for t in ts):
            g_hits["no privguard warning for a warn-mode write"] = 1
        same_png = control.pngs & guarded.pngs
        if same_png and c_hits:
            # a picture drawn exactly as without the guard still shows what the control's does
            g_hits["saved:image/png (identical to the control's)"] = len(same_png)
        for name, digest in guarded.file_digests.items():
            # pixels and compressed bytes cannot be searched: the same bytes as the control's are the same leak
            if not path.warn and c_hits and name.endswith(_OPAQUE) and control.file_digests.get(name) == digest:
                g_hits[f"{name} (identical to the control's)"] = 1
        mc, mg = self.markers_in(control), self.markers_in(guarded)
        ran = len(guarded.artefacts.get("shell:execute_reply", [])) == len(path.cells())
        leaked_as = dict(Counter(forms.values()))
        return Verdict(path, c_hits, g_hits, len(mc), len(mc & mg), control.errors, guarded.errors, leaked_as, ran)


def judge(paths: Iterable[CPath], run: Run, data: Dataset) -> dict[str, Verdict]:
    """A :class:`Verdict` per path, in notebook order (comm values are counted where first sent)."""
    j = Judge(data)
    seen: dict[str, set[int]] = {}
    out = {}
    for p in paths:
        control = run.captures["control"].get(p.id, Capture())
        guarded = run.captures["guarded"].get(p.id, Capture())
        out[p.id] = j.verdict(p, control, guarded, seen.setdefault(p.group, set()))
    return out


def table(verdicts: Iterable[Verdict]) -> str:
    """Per cause: paths, control-positive, leaks (guarded), utility; then totals."""
    rows: dict[str, list[Verdict]] = {}
    for v in verdicts:
        rows.setdefault(v.path.cause, []).append(v)
    lines = [f"{'cause':<10} {'paths':>6} {'control+':>9} {'leaking':>8} {'utility':>8}"]
    allv: list[Verdict] = []
    for cause in sorted(rows):
        vs = rows[cause]
        allv.extend(vs)
        lines.append(_row(cause, vs))
    lines.append(_row("total", allv))
    return "\n".join(lines)


def utility(verdicts: Iterable[Verdict]) -> tuple[int, int]:
    """Markers kept with the guard, markers the control showed. Fault-injection paths do not count:
    a guard that cannot render must withhold (a fixed placeholder), which is the behaviour asked for."""
    vs = [v for v in verdicts if v.path.cause != "fail"]
    return sum(v.markers_kept for v in vs), sum(v.markers_control for v in vs)


def _row(name: str, vs: list[Verdict]) -> str:
    kept, total = utility(vs)
    share = f"{kept / total:.3f}" if total else "n/a"
    positive = sum(v.control_positive for v in vs)
    leaking = sum(1 for v in vs if v.control_positive and v.leaks)
    return f"{name:<10} {len(vs):>6} {positive:>9} {leaking:>8} {share:>8}"
