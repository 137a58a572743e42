"""The terminal tripwire's cost per kilobyte of terminal output, next to the cost without it, in one run.

A terminal IPython writes to ``sys.stdout``; with the guard loaded that is a
:class:`~jupyter_privguard.integrations.ipython.terminal.GuardedStream` (the kernel tripwire's
check and hold-back on every line). Each output kind is written the way Python writes it, to an
in-memory terminal (a ``TextIOWrapper`` over bytes, the baseline: the whole cost without the guard)
and through the guarded stream over the same kind of terminal:

patterns
    the pattern tier, an empty index, the free-text tier off;
index + free text
    an index of ``--values`` learned values (Faker names, e-mail addresses) and the free-text tier
    (names, addresses, birth dates; NER off): what a session that has read a table runs.

Kinds: a printed DataFrame of near-unique personal values (one ``print``), the same table printed a
row per ``print`` (many small writes: the per-write cost), log lines through a ``logging`` handler,
a traceback, prose with names, and ``\\r`` progress updates. The time is the median of ``--repeat``
runs, with the span cache off (every repeat checks its text anew, as new output is; ``--span-cache``
keeps it). Run small while developing (``--kb 8 --repeat 3 --values 5000``).
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import statistics
import time
import traceback
from collections.abc import Callable
from typing import Any

import pandas as pd
from faker import Faker

from jupyter_privguard import textguard
from jupyter_privguard.detect import outgoing
from jupyter_privguard.integrations.ipython.terminal import GuardedStream, TerminalTripwire
from jupyter_privguard.integrations.ipython.tripwire import TripwireHandle
from jupyter_privguard.policy import Policy
from jupyter_privguard.session import GuardSession
from jupyter_privguard.spancache import SpanCache


def _people(n: int, seed: int) -> pd.DataFrame:
    rows = []
    for locale in ("en_US", "de_DE", "fr_FR", "it_IT"):
        fake = Faker(locale)
        fake.seed_instance(seed)
        for i in range(n // 4):
            rows.append(
                {
                    "name": fake.name(),
                    "email": fake.email(),
                    "phone": fake.phone_number(),
                    "city": fake.city(),
                    "amount": round(1 + (i * 7919 % 999_900) / 100, 2),
                }
            )
    return pd.DataFrame(rows)


def _cut(text: str, kb: int) -> str:
    while len(text) < kb * 1024:
        text += "\n" + text
    return text[: kb * 1024].rsplit("\n", 1)[0] + "\n"


def _kinds(kb: int, seed: int) -> dict[str, Callable[[Any], None]]:
    """Output kind -> a function that writes about ``kb`` KB of that kind to a stream."""
    people = _people(max(8, kb * 12), seed)
    table = _cut(people.to_string(), kb)
    rows = table.splitlines()
    try:
        people.loc[0, "missing"]
    except KeyError:
        tb = _cut(traceback.format_exc(), kb)
    fake = Faker("en_US")
    fake.seed_instance(seed)
    prose = _cut(
        " ".join(f"Spoke with {fake.name()} about order {fake.random_int(1000, 9999)}." for _ in range(60)), kb
    )
    records = [f"processed order {i} for {people.loc[i % len(people), 'email']}" for i in range(kb * 12)]
    updates = [f"\r{i * 100 // (kb * 20):3d}%|{'#' * (i % 40):<40}| {i}/{kb * 20}" for i in range(kb * 20)]

    def log_lines(stream: Any) -> None:
        logger = logging.getLogger("bench-terminal")
        logger.propagate = False
        handler = logging.StreamHandler(stream)
        logger.addHandler(handler)
        try:
            size = 0
            for line in records:
                logger.warning(line)
                size += len(line) + 1
                if size >= kb * 1024:
                    break
        finally:
            logger.removeHandler(handler)

    return {
        "print(df)": lambda s: print(table, file=s, end=""),
        "print per row": lambda s: [print(r, file=s) for r in rows],
        "log lines": log_lines,
        "traceback": lambda s: print(tb, file=s, end=""),
        "prose with names": lambda s: print(prose, file=s, end=""),
        "\\r progress": lambda s: [s.write(u) for u in updates] and s.write("\n"),
    }


def _learned(n: int, seed: int) -> GuardSession:
    session = GuardSession(policy=Policy(ner="off"))
    fake = Faker("en_US")
    fake.seed_instance(seed)
    names = {fake.name() for _ in range(n)}
    emails = {f"user{i}.{seed}@example.net" for i in range(n - len(names))}
    session.remember_values(names, "PERSON", "name")
    session.remember_values(emails, "EMAIL_ADDRESS", "email")
    return session


def _terminal() -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", line_buffering=True)


def _guarded(session: GuardSession) -> tuple[GuardedStream, TerminalTripwire, io.TextIOWrapper]:
    sink = _terminal()
    tripwire = TerminalTripwire(None, TripwireHandle(shell=None, session=session))
    stream = GuardedStream(tripwire, "stdout", sink)
    tripwire.streams["stdout"] = stream
    return stream, tripwire, sink


def _median(call: Callable[[], Any], repeat: int) -> float:
    call()  # warm: caches, first-use imports
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, default=64, help="size of each output (KB)")
    parser.add_argument("--repeat", type=int, default=5, help="timed repetitions (the median is kept)")
    parser.add_argument("--values", type=int, default=100_000, help="learned values in the index")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--span-cache", action="store_true", help="keep the span cache (default: off, every text is new output)"
    )
    args = parser.parse_args()
    if not args.span_cache:
        # a cache that keeps nothing: the repeats measure the check of new text, not a cache lookup
        textguard.SPAN_CACHE = SpanCache(max_entries=0)

    kinds = _kinds(args.kb, args.seed)
    empty = GuardSession(policy=Policy(ner="off"))
    learned = _learned(args.values, args.seed)
    real_outgoing = outgoing.outgoing_spans

    def bare(write: Callable[[Any], None]) -> Callable[[], Any]:
        def call() -> None:
            sink = _terminal()
            write(sink)
            sink.flush()

        return call

    def guarded(session: GuardSession, write: Callable[[Any], None], free_text: bool) -> Callable[[], Any]:
        def call() -> None:
            stream, tripwire, _sink = _guarded(session)
            outgoing.outgoing_spans = real_outgoing if free_text else (lambda *a, **k: [])  # type: ignore[assignment]
            try:
                write(stream)
                tripwire.flush_all()  # the end of the cell
            finally:
                outgoing.outgoing_spans = real_outgoing  # type: ignore[assignment]

        return call

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"terminal output {args.kb} KB per kind, index of {len(learned.known_values()[1]):,} values, "
        f"median of {args.repeat}, span cache {'on' if args.span_cache else 'off'}; load average {load:.1f}"
    )
    head = f"{'kind':<18}{'KB':>6}{'writes':>8}{'µs/KB bare':>12}{'patterns µs/KB':>16}{'index+free text µs/KB':>23}{'ratio':>8}"
    print(head)
    print("-" * len(head))
    for kind, write in kinds.items():
        counter = _Counter()
        write(counter)
        kb = counter.chars / 1024
        base = _median(bare(write), args.repeat) / kb * 1e6
        patterns = _median(guarded(empty, write, False), args.repeat) / kb * 1e6
        full = _median(guarded(learned, write, True), args.repeat) / kb * 1e6
        print(f"{kind:<18}{kb:>6.1f}{counter.writes:>8}{base:>12.1f}{patterns:>16.1f}{full:>23.1f}{full / base:>8.0f}")
    print("ratio: index + free text (NER off) over the bare terminal write, same run")


class _Counter:
    """A stream that counts what is written to it (characters and write calls)."""

    def __init__(self) -> None:
        self.chars = 0
        self.writes = 0

    def write(self, text: str) -> int:
        self.chars += len(text)
        self.writes += 1
        return len(text)

    def flush(self) -> None:
        pass


if __name__ == "__main__":
    main()
