"""Guarded display and full redaction on near-unique personal data, each next to its baseline from the same run.

The frame (``_people.speed_frame``): 1,000,000 x 20, names from six locales (mimesis' lists, not the ones the
package's gazetteer is built from), and every e-mail, phone (five US formats ``phonenumbers`` accepts), SSN,
card (Luhn-valid, three formats), IBAN (DE/GB/NL, valid check digits, compact or grouped), IP (v4 and v6),
street, name distinct; birth dates, postal codes and cities repeat as their small domains must. Non-personal
columns: ids, order numbers, SKUs, product names (some shaped like names or places), statuses, amounts,
quantities, timestamps, and comments of which 40% name a person.

The display rows go through :class:`_speed_display.KernelShell`: an IPython shell with the guard loaded,
publishing through ipykernel's display publisher on a real ``Session`` (so the output tripwire runs too); the
baseline is IPython's own formatters on the same object without the guard (pandas' ``__repr__`` and
``_repr_html_``, the same display options), sent through the bare ``Session.send``. Guarded and baseline calls
alternate; figures are medians. Every guarded output is checked for the raw personal values of the rows it
shows (``leaks``; the script exits 1 when any is found) and for the order numbers, SKUs and product names pandas
shows (``kept``).

Rows (``--only`` takes these names, comma-separated): ``first``, ``scan``, ``again``, ``window``, the derived
frames ``filter``, ``sample``, ``sort``, ``subset``, ``query``, ``assign``, ``rename`` (or ``derived`` for all),
``wide``, ``text``, ``redact``, ``pool`` (the old frame: 5,000 distinct rows repeated), ``import``.

Run small while developing: ``benchmarks/bench_speed.py --rows 20000 --repeats 5``; ``--profile`` prints the
functions that cost most (cumulative) in the guarded calls of each row.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import random
import resource
import statistics
import subprocess
import sys
import threading
import time
import traceback
import tracemalloc
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))  # this checkout's package, not an installed one
from _common import REPO_ROOT, format_info, format_table, keep_tldextract_offline, machine_info
from _people import SPEED_DIRECT, speed_frame
from _speed_check import Truth, Verdict, check_output, checked_columns, message_text, row_truth, shown_positions
from _speed_display import NOTEBOOK_OPTIONS, KernelShell

N_ROWS = 1_000_000
DERIVED = ("filter", "sample", "sort", "subset", "query", "assign", "rename")
ALL_ROWS = ("first", "scan", "again", "window", *DERIVED, "wide", "text", "redact", "pool", "import")
POOL_PII = ["name", "email", "phone", "ssn", "card", "ip", "street", "iban"]
# written above the table by --write-docs (the table and the machine list follow it)
DOC_INTRO = """\
Measured on a frame whose personal values are near-unique, as real ones are: every name, e-mail address, phone
(five US formats), SSN, card (Luhn-valid), IBAN (valid check digits), IP and street is distinct; birth dates,
postal codes and cities repeat as their small domains must (`benchmarks/_people.py`, `speed_frame`, checked by
`tests/core/test_bench_speed_data.py`). Display rows run `IPython.display.display(obj)` in an IPython shell with
the guard loaded and ipykernel's display publisher on a real `Session` (so the output tripwire runs too);
**baseline** is IPython's own formatters on the same object without the guard (pandas' `__repr__` and
`_repr_html_`, notebook display options), sent by the bare `Session.send`, in the same run, alternating with the
guarded call; each derived frame is a new object per repeat. **leaks**: raw personal values of the shown rows
(names written into comments included) found in what left the kernel, summed over the repeats; the script exits
1 when it is not 0. **kept**: share of the order numbers, SKUs and product names pandas shows that the guarded
output shows too. Full redaction is timed against presidio-structured's `StructuredEngine.anonymize` on a slice,
scaled linearly (it loops over cells in Python); its peak memory adds tracemalloc's peak (Python, numpy) to the
Arrow pool's sampled peak, against `memory_usage(deep=True)` of the frame.

The rows marked **repeated pool** use the frame this benchmark used before (5,000 distinct rows repeated to the
same length), where memoised values hide the real cost: the figure published from it before this table was
"full `redact()` 477 ms, presidio-structured ~88.8 s scaled: 186x", a repeated-pool figure.
"""


@dataclass
class Row:
    """One line of the table."""

    what: str
    guarded_ms: float | None
    baseline_ms: float | None
    baseline: str
    ratio: str
    target: str
    met: bool | None
    verdict: Verdict | None = None
    notes: str = ""

    def cells(self) -> list[Any]:
        kept = self.verdict.kept if self.verdict is not None else None
        notes = self.notes
        if self.verdict is not None and self.verdict.by_column:
            notes += f"; leaks from {self.verdict.where()}"
        if self.verdict is not None and self.verdict.lost_by_column:
            notes += f"; lost {self.verdict.lost()}"
        return [
            self.what,
            _ms(self.guarded_ms),
            _ms(self.baseline_ms),
            self.baseline,
            self.ratio,
            self.target,
            "-" if self.met is None else ("yes" if self.met else "**no**"),
            "-" if self.verdict is None else str(self.verdict.leaked),
            "-" if kept is None else f"{kept:.2f}",
            notes,
        ]


HEADERS = ["what", "guarded ms", "baseline ms", "baseline", "ratio", "target", "met", "leaks", "kept", "notes"]


def _ms(seconds_ms: float | None) -> str:
    if seconds_ms is None:
        return "-"
    return f"{seconds_ms:,.1f}" if seconds_ms < 100 else f"{seconds_ms:,.0f}"


def _times(ratio: float) -> str:
    return f"{ratio:.1f}x" if ratio < 100 else f"{ratio:,.0f}x"


# --------------------------------------------------------------------------------------------------------------
# the old frame: 5,000 distinct rows repeated (memoised values hide the real cost; kept as a marked row)
# --------------------------------------------------------------------------------------------------------------
def pool_frame(n_rows: int, distinct: int = 5_000, seed: int = 11) -> pd.DataFrame:
    """The frame this benchmark used before: ``distinct`` Faker rows repeated to ``n_rows``."""
    from faker import Faker

    fake = Faker("en_US")
    Faker.seed(seed)
    rnd = random.Random(seed)
    base = pd.DataFrame(
        {
            "name": [fake.name() for _ in range(distinct)],
            "email": [fake.email() for _ in range(distinct)],
            "phone": [fake.numerify("(###) ###-####").replace("(0", "(4").replace("(1", "(5") for _ in range(distinct)],
            "ssn": [fake.ssn() for _ in range(distinct)],
            "card": [fake.credit_card_number(card_type="visa16") for _ in range(distinct)],
            "ip": [fake.ipv4_public() for _ in range(distinct)],
            "street": [fake.street_address() for _ in range(distinct)],
            "iban": [fake.iban() for _ in range(distinct)],
            "city": [fake.city() for _ in range(distinct)],
            "zip": [fake.zipcode() for _ in range(distinct)],
            "dob": [fake.date_of_birth().isoformat() for _ in range(distinct)],
            "gender": [rnd.choice(["Male", "Female"]) for _ in range(distinct)],
            "order_id": [f"ORD-{rnd.randrange(10**7, 10**8)}" for _ in range(distinct)],
            "created_at": [fake.date_time_between("-2y").isoformat(timespec="seconds") for _ in range(distinct)],
            "status": [rnd.choice(["open", "paid", "shipped", "returned"]) for _ in range(distinct)],
            "sku": [f"SKU-{rnd.randrange(10000, 99999)}" for _ in range(distinct)],
            "uuid": [fake.uuid4() for _ in range(distinct)],
            "comment": [
                rnd.choice(["fast delivery", "item damaged", "great value", "would buy again", ""])
                for _ in range(distinct)
            ],
        }
    )
    rng = np.random.default_rng(seed)
    frame = base.iloc[rng.integers(0, distinct, n_rows)].reset_index(drop=True)
    frame["price"] = rng.uniform(1, 500, n_rows).round(2)
    frame["quantity"] = rng.integers(1, 20, n_rows)
    for col in frame.columns:
        if frame[col].dtype == object:
            frame[col] = frame[col].astype("str")
    return frame


# --------------------------------------------------------------------------------------------------------------
# measuring
# --------------------------------------------------------------------------------------------------------------
class Bench:
    """The shell, the frames and the settings every row uses."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.rng = np.random.default_rng(2026)
        self.profiles: dict[str, cProfile.Profile] = {}
        self.kernel = KernelShell()
        self.policy = self.kernel.session.policy
        self.columns = checked_columns(self.policy)
        self.frame: pd.DataFrame = pd.DataFrame()

    def shown_labels(self, obj: pd.DataFrame) -> list[Any]:
        positions = shown_positions(len(obj), pd.get_option("display.max_rows"), pd.get_option("display.min_rows"))
        return list(obj.index[positions])

    def truth_of(self, base: pd.DataFrame, columns: list[str] | None = None) -> Callable[[pd.DataFrame], Truth]:
        return lambda obj: row_truth(base, self.shown_labels(obj), columns if columns is not None else self.columns)

    def guarded(self, name: str, obj: Any) -> tuple[float, Any]:
        if not self.args.profile:
            return self.kernel.guarded(obj)
        profile = self.profiles.setdefault(name, cProfile.Profile())
        profile.enable()
        try:
            return self.kernel.guarded(obj)
        finally:
            profile.disable()

    def compare(
        self,
        name: str,
        make: Callable[[int], Any],
        truth: Callable[[Any], Truth],
        repeats: int,
        min_repeats: int = 3,
    ) -> tuple[list[float], list[float], Verdict]:
        """Guarded and plain display of ``make(i)`` for each repeat (a new object each time), checked.

        Stops early, after at least ``min_repeats``, once the row has spent ``--budget`` seconds displaying.
        """
        guarded_s: list[float] = []
        plain_s: list[float] = []
        verdict = Verdict()
        colwidth = pd.get_option("display.max_colwidth")
        for i in range(repeats):
            obj = make(i)
            if i % 2:
                tg, content = self.guarded(name, obj)
                tp, plain = self.kernel.plain(obj)
            else:
                tp, plain = self.kernel.plain(obj)
                tg, content = self.guarded(name, obj)
            guarded_s.append(tg)
            plain_s.append(tp)
            verdict.add(check_output(message_text(content), truth(obj), plain=message_text(plain), colwidth=colwidth))
            if i + 1 >= min_repeats and sum(guarded_s) + sum(plain_s) > self.args.budget:
                break
        return guarded_s, plain_s, verdict

    def display_row(
        self,
        name: str,
        what: str,
        make: Callable[[int], Any],
        repeats: int,
        *,
        truth: Callable[[Any], Truth] | None = None,
        limit: float = 4.0,
        target: str | None = None,
        min_repeats: int = 3,
    ) -> Row:
        checked = truth or self.truth_of(self.frame)
        guarded_s, plain_s, verdict = self.compare(name, make, checked, repeats, min(min_repeats, repeats))
        g, p = statistics.median(guarded_s) * 1000, statistics.median(plain_s) * 1000
        ratio = g / p
        done = len(guarded_s)
        notes = f"median of {done}" + (f"; p90 {np.percentile(guarded_s, 90) * 1000:,.0f} ms" if done >= 5 else "")
        return Row(what, g, p, "pandas", _times(ratio), target or f"<= {limit:g}x", ratio <= limit, verdict, notes)

    def print_profiles(self, top: int) -> None:
        for name, profile in self.profiles.items():
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out)
            stats.sort_stats("cumulative").print_stats(top)
            print(f"\n## profile of the guarded calls: {name}\n", file=sys.stderr)
            print(out.getvalue(), file=sys.stderr)


# --------------------------------------------------------------------------------------------------------------
# the rows
# --------------------------------------------------------------------------------------------------------------
def row_first(bench: Bench) -> Row:
    """First display of the frame, model loaded: classification included (one sample: only the first is cold)."""
    frame = bench.frame
    tp, plain = bench.kernel.plain(frame)
    tg, content = bench.guarded("first", frame)
    truth = bench.truth_of(frame)(frame)
    verdict = check_output(message_text(content), truth, plain=message_text(plain))
    g, p = tg * 1000, tp * 1000
    return Row(
        f"first display of the {len(frame):,} x {frame.shape[1]} frame (classifies it, model loaded)",
        g,
        p,
        "pandas",
        _times(g / p),
        "<= 1,500 ms",
        g <= 1500,
        verdict,
        "one cold sample",
    )


def row_scan(bench: Bench) -> Row:
    """Classification cost in rows: a fresh scanner on 10,000 rows and on all, of a frame nothing has seen."""
    from jupyter_privguard.scanner import Scanner

    rows = bench.args.rows
    other = speed_frame(rows, seed=bench.args.seed + 1)  # no cache of any kind has met these values
    small = other.head(10_000)
    # a scanner's first frame pays for what is built once per process (spaCy's vocabulary of new tokens,
    # compiled patterns): a third frame takes that, so neither measured scan does
    Scanner().scan(speed_frame(10_000, seed=bench.args.seed + 2), policy=bench.policy)
    gc.collect()
    started = time.perf_counter()
    Scanner().scan(small, policy=bench.policy)
    t_small = time.perf_counter() - started
    started = time.perf_counter()
    Scanner().scan(other, policy=bench.policy)
    t_all = time.perf_counter() - started
    ratio = t_all / t_small
    return Row(
        f"scan of {rows:,} rows vs of 10,000 rows (fresh scanner, model loaded)",
        t_all * 1000,
        t_small * 1000,
        "scan of 10,000 rows",
        _times(ratio),
        "<= 2x",
        ratio <= 2,
        None,
        "an unseen frame (another seed)",
    )


def row_again(bench: Bench) -> Row:
    frame = bench.frame
    return bench.display_row(
        "again",
        f"showing the classified {len(frame):,} x {frame.shape[1]} frame again",
        lambda i: frame,
        bench.args.repeats,
        limit=2.0,
        target="<= 2x (stretch 1.5x)",
    )


def row_window(bench: Bench) -> Row:
    frame = bench.frame
    n = len(frame)
    starts = bench.rng.integers(0, n - 60, bench.args.repeats)
    return bench.display_row(
        "window",
        "an unseen 60-row window `df.iloc[a:a+60]` (new `a` each time)",
        lambda i: frame.iloc[int(starts[i]) : int(starts[i]) + 60],
        bench.args.repeats,
    )


def derived_maker(bench: Bench, kind: str) -> tuple[str, Callable[[int], Any]]:
    """What a derived-frame row shows, and how each repeat makes a new frame of that kind."""
    df, rng, n = bench.frame, bench.rng, len(bench.frame)
    block = min(50_000, n // 2)
    personal = list(SPEED_DIRECT)
    others = [c for c in df.columns if c not in personal]
    renames = {
        "email": ["contact", "mail", "e_mail", "email_address"],
        "name": ["customer", "full_name", "client", "person"],
        "phone": ["tel", "mobile", "phone_number", "contact_phone"],
    }

    def pick(options: list[str]) -> str:
        return str(options[int(rng.integers(0, len(options)))])

    makers: dict[str, tuple[str, Callable[[int], Any]]] = {
        "filter": ("boolean filter `df[df.amount > t]`", lambda i: df[df["amount"] > float(rng.uniform(100, 2400))]),
        "sample": ("`df.sample(60)`", lambda i: df.sample(60, random_state=int(rng.integers(0, 2**31)))),
        "sort": (
            "`sort_values` head: `df.iloc[a:a+50000].sort_values('amount').head(60)`",
            lambda i: (lambda a: df.iloc[a : a + block].sort_values("amount", ascending=bool(i % 2)).head(60))(
                int(rng.integers(0, n - block + 1))
            ),
        ),
        "subset": (
            "column subset `df[cols]` (4 personal + 3 other, random)",
            lambda i: df[list(rng.choice(personal, 4, replace=False)) + list(rng.choice(others, 3, replace=False))],
        ),
        "query": (
            "`df.query('amount > t and quantity <= q')`",
            lambda i: df.query(f"amount > {rng.uniform(100, 2400):.2f} and quantity <= {int(rng.integers(2, 19))}"),
        ),
        "assign": (
            "`df.assign(total=df.amount * df.quantity * f)`",
            lambda i: df.assign(total=df["amount"] * df["quantity"] * float(rng.uniform(0.5, 2))),
        ),
        "rename": (
            "`df.rename(columns=...)` (email, name, phone renamed at random)",
            lambda i: df.rename(columns={k: pick(v) for k, v in renames.items()}),
        ),
    }
    return makers[kind]


def row_derived(bench: Bench, kind: str) -> Row:
    what, make = derived_maker(bench, kind)
    return bench.display_row(kind, what, make, bench.args.repeats)


def wide_frame(base: pd.DataFrame, columns: int = 2_000, rows: int = 50) -> pd.DataFrame:
    """``columns`` columns: the base's 20 repeated, each block from other rows (values stay distinct)."""
    width = base.shape[1]
    blocks = []
    for k in range(-(-columns // width)):
        part = base.iloc[k * rows : (k + 1) * rows].reset_index(drop=True)
        blocks.append(part.rename(columns=lambda c, k=k: f"{c}_{k}"))
    return pd.concat(blocks, axis=1).iloc[:, :columns]


def row_wide(bench: Bench) -> list[Row]:
    base = bench.frame
    wide = wide_frame(base)
    bench.kernel.bind(wide=wide)
    checked = set(bench.columns)
    personal = [c for c in wide.columns if c.rsplit("_", 1)[0] in checked]
    comments = [c for c in wide.columns if c.rsplit("_", 1)[0] == "comment"]

    def truth(obj: pd.DataFrame) -> Truth:
        from _speed_check import comment_name

        out = Truth()
        for c in personal:
            out.add(obj[c].tolist(), c.rsplit("_", 1)[0])
        for c in comments:
            out.add((comment_name(str(v)) for v in obj[c].tolist()), "comment")
        for c in obj.columns:
            if c.rsplit("_", 1)[0] in ("order_id", "sku", "product"):
                out.add(obj[c].tolist(), c.rsplit("_", 1)[0], utility=True)
        return out

    first = bench.display_row(
        "wide",
        f"a {wide.shape[1]:,}-column x {len(wide)}-row frame, first display",
        lambda i: wide,
        1,
        truth=truth,
        target="<= 2,000 ms",
    )
    first.met = first.guarded_ms is not None and first.guarded_ms <= 2000
    first.notes = "one cold sample; pandas shows 20 of its columns"
    again = bench.display_row(
        "wide", "the same frame again", lambda i: wide, bench.args.repeats, truth=truth, limit=2.0, min_repeats=1
    )
    return [first, again]


def row_text(bench: Bench) -> list[Row]:
    """Free text on the display path: cost per shown row of a 60-row window of comments, with and without NER."""
    from jupyter_privguard.detect.ner import NerEngine

    text = bench.frame[["order_id", "comment"]]
    n = len(text)
    out = []
    for mode in ("auto", "off"):
        bench.kernel.set_ner(mode)
        loaded = mode != "off" and NerEngine.get(bench.policy.ner_model, mode="auto") is not None
        starts = bench.rng.integers(0, n - 60, bench.args.repeats)
        row = bench.display_row(
            "text",
            f"free text, 60 shown rows of `df[['order_id', 'comment']]`, {'model loaded' if loaded else 'no model (NER off)'}",
            lambda i, s=starts: text.iloc[int(s[i]) : int(s[i]) + 60],
            bench.args.repeats,
            target="-",
        )
        per_row = ((row.guarded_ms or 0) - (row.baseline_ms or 0)) / 60
        row.met = None
        row.notes = f"{per_row:.2f} ms per shown row over pandas; " + row.notes
        out.append(row)
    bench.kernel.set_ner(bench.policy.ner)
    return out


class _PeakSampler:
    """Samples the Arrow pool's allocation and the process's RSS while a call runs (tracemalloc misses both)."""

    def __init__(self, period: float = 0.002) -> None:
        import pyarrow as pa

        self._pa = pa
        self.period = period
        self.arrow_start = pa.total_allocated_bytes()
        self.rss_start = self._rss()
        self.arrow_peak = self.arrow_start
        self.rss_peak = self.rss_start
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _rss() -> int:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * resource.getpagesize()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.arrow_peak = max(self.arrow_peak, self._pa.total_allocated_bytes())
            self.rss_peak = max(self.rss_peak, self._rss())
            time.sleep(self.period)

    def __enter__(self) -> _PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()


def row_redact(bench: Bench, frame: pd.DataFrame, pii: list[str], label: str) -> Row:
    """Full ``redact()`` of ``pii`` columns against presidio-structured's ``anonymize`` on a slice, scaled."""
    from jupyter_privguard.redaction import redact
    from jupyter_privguard.scanner import scan

    pii_frame = frame[pii]
    policy = bench.policy
    report = scan(pii_frame, policy=policy)
    gc.collect()
    started = time.perf_counter()
    redacted = redact(pii_frame, report=report, policy=policy)
    t_full = time.perf_counter() - started
    unchanged = Counter(
        {c: int((redacted[c].astype(str) == pii_frame[c].astype(str)).sum()) for c in pii if c in redacted}
    )
    unchanged = +unchanged  # drop the zeros
    del redacted
    gc.collect()
    tracemalloc.start()
    with _PeakSampler() as sampler:
        redact(pii_frame, report=report, policy=policy)
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    arrow = sampler.arrow_peak - sampler.arrow_start
    rss = sampler.rss_peak - sampler.rss_start
    deep = int(pii_frame.memory_usage(deep=True).sum())
    peak = traced + arrow
    mapping = {c: report.columns[c].entity or "PERSON" for c in pii}
    rows = min(bench.args.presidio_rows, len(pii_frame))
    t_presidio = presidio_structured_anonymize(pii_frame.head(rows), mapping) * len(pii_frame) / rows
    faster = t_presidio / t_full
    verdict = Verdict(leaked=sum(unchanged.values()), by_column=unchanged)
    return Row(
        f"full `redact()` of {len(pii_frame):,} x {len(pii)} personal columns{label}",
        t_full * 1000,
        t_presidio * 1000,
        f"presidio-structured ({rows:,} rows, scaled)",
        f"{_times(faster)} faster",
        ">= 100x faster; peak <= 2x frame",
        faster >= 100 and peak <= 2 * deep,
        verdict,
        f"peak {peak / 2**20:,.0f} MiB (Python+numpy {traced / 2**20:,.0f}, Arrow {arrow / 2**20:,.0f}; RSS +{rss / 2**20:,.0f})"
        f" = {peak / deep:.2f}x the frame's {deep / 2**20:,.0f} MiB; leaks: cells left as they were",
    )


def presidio_structured_anonymize(frame: pd.DataFrame, mapping: dict[str, str]) -> float:
    keep_tldextract_offline()
    from presidio_anonymizer.entities import OperatorConfig
    from presidio_structured import StructuredEngine
    from presidio_structured.config import StructuredAnalysis

    engine = StructuredEngine()
    analysis = StructuredAnalysis(entity_mapping=mapping)
    operators = {"DEFAULT": OperatorConfig("replace", {})}
    data = frame.astype(object).copy()
    started = time.perf_counter()
    engine.anonymize(data, analysis, operators=operators)
    return time.perf_counter() - started


def rows_pool(bench: Bench) -> list[Row]:
    """The old frame (5,000 distinct rows repeated), marked: showing it again, and its full redaction."""
    pool = pool_frame(bench.args.rows)
    bench.kernel.bind(pool=pool)
    bench.kernel.guarded(pool)  # classify it first: this row is about showing it again
    again = bench.display_row(
        "pool",
        "repeated pool (old frame, 5,000 distinct rows): showing it again",
        lambda i: pool,
        bench.args.repeats,
        truth=bench.truth_of(pool, [c for c in POOL_PII if c in pool.columns]),
        limit=2.0,
    )
    full = row_redact(bench, pool, POOL_PII, " (repeated pool, old frame)")
    return [again, full]


def import_time(repeats: int = 7) -> float:
    code = "import time; t=time.perf_counter(); import jupyter_privguard; print(time.perf_counter()-t)"
    times = []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        times.append(float(out.stdout))
    return statistics.median(times)


def row_import() -> Row:
    t = import_time() * 1000
    return Row("`import jupyter_privguard` (median of 7)", t, None, "-", "-", "<= 150 ms", t <= 150, None, "")


# --------------------------------------------------------------------------------------------------------------
# the run
# --------------------------------------------------------------------------------------------------------------
def _selected(only: str | None) -> set[str]:
    if not only:
        return set(ALL_ROWS)
    names = {n.strip() for n in only.split(",") if n.strip()}
    if "derived" in names:
        names |= set(DERIVED)
        names.discard("derived")
    unknown = names - set(ALL_ROWS)
    if unknown:
        raise SystemExit(f"unknown rows: {', '.join(sorted(unknown))} (known: {', '.join(ALL_ROWS)}, derived)")
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=N_ROWS)
    parser.add_argument("--repeats", type=int, default=20, help="displays per row (a new frame each time)")
    parser.add_argument("--presidio-rows", type=int, default=20_000)
    parser.add_argument(
        "--budget", type=float, default=60.0, help="seconds a row may spend displaying before it stops repeating"
    )
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--only", help="comma-separated row names (see the module doc)")
    parser.add_argument("--profile", action="store_true", help="cProfile the guarded calls, print the top functions")
    parser.add_argument("--profile-top", type=int, default=30)
    parser.add_argument("--write-docs", action="store_true", help="write the table into docs/benchmarks.md")
    args = parser.parse_args(argv)
    selected = _selected(args.only)
    if args.rows < 5_000:
        parser.error("--rows must be at least 5,000 (the wide frame takes 100 blocks of 50 rows)")

    rows: list[Row] = []
    if "import" in selected:
        rows.append(row_import())  # first: a fresh interpreter, before this one is busy
    started = time.perf_counter()
    frame = speed_frame(args.rows, seed=args.seed)
    t_build = time.perf_counter() - started
    print(f"built a {frame.shape[0]:,} x {frame.shape[1]} frame in {t_build:.1f} s", file=sys.stderr)

    import jupyter_privguard as pg
    from jupyter_privguard.detect.ner import NerEngine

    policy = pg.Policy.load()
    engine = NerEngine.get(policy.ner_model, mode=policy.ner)  # the model is loaded outside every timing
    if engine is not None:
        engine.analyze(["warm up with Jane Doe in Paris"])
    bench = Bench(args)
    bench.frame = frame
    bench.kernel.bind(df=frame)
    # the pattern registry, regexes and renderers are built once per process: not part of a first display
    bench.kernel.guarded(speed_frame(1_000, seed=args.seed + 7).head(200))

    failed: list[str] = []

    def run(name: str, fn: Callable[[], Row | list[Row]]) -> None:
        if name not in selected:
            return
        print(f"row: {name} ...", file=sys.stderr)
        try:
            got = fn()
        except Exception as exc:  # one broken row must not cost the others' figures
            failed.append(name)
            traceback.print_exc()
            rows.append(Row(f"{name}: failed ({type(exc).__name__})", None, None, "-", "-", "-", False))
            return
        rows.extend(got if isinstance(got, list) else [got])

    # the first display must meet the frame cold; the rows that need it classified run it otherwise
    if "first" in selected:
        run("first", lambda: row_first(bench))
    elif selected & {"again", "window", *DERIVED, "text"}:
        bench.kernel.guarded(frame)
    run("again", lambda: row_again(bench))
    run("window", lambda: row_window(bench))
    for kind in DERIVED:
        run(kind, lambda kind=kind: row_derived(bench, kind))
    run("wide", lambda: row_wide(bench))
    run("text", lambda: row_text(bench))
    run("scan", lambda: row_scan(bench))
    run("redact", lambda: row_redact(bench, frame, list(SPEED_DIRECT), ""))
    run("pool", lambda: rows_pool(bench))

    table = format_table(HEADERS, [r.cells() for r in rows], align="lrrllllrrl")
    info = machine_info(
        ["pandas", "pyarrow", "IPython", "ipykernel", "presidio-analyzer", "presidio-structured", "spacy"]
    )
    info["NER model"] = engine.model if engine is not None else "none"
    info["frame"] = (
        f"{frame.shape[0]:,} x {frame.shape[1]} (seed {args.seed}), built in {t_build:.1f} s, "
        f"{frame.memory_usage(deep=True).sum() / 2**20:,.0f} MiB deep"
    )
    info["display options"] = ", ".join(f"{k.split('.', 1)[1]}={v}" for k, v in NOTEBOOK_OPTIONS.items())
    info["repeats"] = str(args.repeats)
    info["process max RSS"] = f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB"
    leaks = sum(r.verdict.leaked for r in rows if r.verdict is not None)
    print(table)
    print()
    print(format_info(info))
    print(f"\nraw personal values found in guarded outputs: {leaks}")
    if args.profile:
        bench.print_profiles(args.profile_top)
    if args.write_docs:
        from _common import replace_doc_section

        section = DOC_INTRO + "\n" + table + "\n\n" + format_info(info)
        replace_doc_section(REPO_ROOT / "docs" / "benchmarks.md", "speed", section)
    bench.kernel.close()
    if failed:
        print(f"rows that failed: {', '.join(failed)}", file=sys.stderr)
        return 2
    return 1 if leaks else 0


if __name__ == "__main__":
    sys.exit(main())
