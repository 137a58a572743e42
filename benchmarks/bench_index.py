"""Value index benchmark: build time, memory per million values, lookup cost per KB of output.

The session's :class:`jupyter_privguard.valueindex.ValueIndex` (every form of every value, hashed
tokens) next to today's :class:`jupyter_privguard.textguard.ExactIndex` (Aho-Corasick of each value
and its escapes) on the same values, in the same run.

Values: a mix like a customer table (50% person names, 20% emails, 20% phone numbers, 10% ISO
birth dates), made by combining faker's given names and surnames of several locales with a fixed
seed (faker for each value would take longer than the index). Outputs searched: a printed frame
(``str(df)`` of 60 rows, a third of them learned people), the same rows as JSON records, and prose
without any learned value. "Lookup" is ``find(text)``, so the cost per KB is the index's share of
the tripwire's work; the tripwire's pattern tier comes on top, and is measured as
``redaction_spans`` with patterns for the ValueIndex.

Memory is the growth of the process's resident set while the index is built (values already in
memory), and for the ValueIndex also its tables' own ``nbytes``; ``--tracemalloc`` adds Python's
allocation peak (slower). Run: ``python benchmarks/bench_index.py --values 200000``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from faker import Faker

LOCALES = ("en_US", "de_DE", "fr_FR", "es_ES", "pl_PL", "it_IT")


def rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def make_values(n: int, seed: int = 7) -> dict[str, list[str]]:
    rng = random.Random(seed)
    given: list[str] = []
    family: list[str] = []
    for k, locale in enumerate(LOCALES):
        fake = Faker(locale)
        fake.seed_instance(seed + k)
        given += [fake.first_name() for _ in range(400)]
        family += [fake.last_name() for _ in range(400)]
    given, family = sorted(set(given)), sorted(set(family))
    names: dict[str, None] = {}
    while len(names) < n // 2:
        middle = f" {rng.choice(given)}" if rng.random() < 0.2 else ""
        names[f"{rng.choice(given)}{middle} {rng.choice(family)}"] = None
    emails = {
        f"{rng.choice(given).lower()}.{rng.choice(family).lower()}{rng.randrange(10000)}@example.org": None
        for _ in range(n // 5)
    }
    phones = {
        f"+1-{rng.randrange(200, 999)}-{rng.randrange(200, 999)}-{rng.randrange(10000):04d}": None
        for _ in range(n // 5)
    }
    dates = {
        f"{rng.randrange(1930, 2006)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}": None
        for _ in range(n // 10)
    }
    return {
        "PERSON": list(names),
        "EMAIL_ADDRESS": list(emails),
        "PHONE_NUMBER": list(phones),
        "DATE_OF_BIRTH": list(dates),
    }


def outputs(values: dict[str, list[str]], seed: int = 8) -> dict[str, str]:
    import pandas as pd

    rng = random.Random(seed)
    fake = Faker("en_US")
    fake.seed_instance(seed)
    rows = []
    for i in range(60):
        learned = i % 3 == 0
        rows.append(
            {
                "name": rng.choice(values["PERSON"]) if learned else fake.name(),
                "email": rng.choice(values["EMAIL_ADDRESS"]) if learned else fake.email(),
                "amount": round(rng.uniform(0, 5000), 6),
                "product": f"{fake.word().title()} {fake.word()} L{rng.randrange(10, 99)}",
            }
        )
    frame = pd.DataFrame(rows)
    with pd.option_context("display.max_rows", 100, "display.max_columns", None, "display.width", 250):
        table = str(frame)
    prose = " ".join(fake.paragraph(nb_sentences=10) for _ in range(8))
    return {"printed frame": table, "json records": json.dumps(rows), "prose": prose}


def timed(fn: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(repeat):
            fn()
        best = min(best, (time.perf_counter() - start) / repeat)
    return best


def build(kind: str, values: dict[str, list[str]], trace: bool) -> tuple[Any, float, int, int | None]:
    from jupyter_privguard.textguard import ExactIndex
    from jupyter_privguard.valueindex import ValueIndex

    gc.collect()
    before = rss()
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    if kind == "ValueIndex":
        index: Any = ValueIndex()
        for entity, texts in values.items():
            index.add(texts, entity)
    else:
        index = ExactIndex({v: e for e, texts in values.items() for v in texts})
    seconds = time.perf_counter() - start
    peak = None
    if trace:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    gc.collect()
    return index, seconds, rss() - before, peak


def per_kb(fn: Callable[[str], Any], texts: dict[str, str]) -> dict[str, str]:
    out = {}
    for name, text in texts.items():
        seconds = timed(lambda text=text: fn(text), 20)
        out[f"{name} µs/KB"] = f"{seconds * 1e6 / (len(text) / 1024):.0f}"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--values", type=int, default=20_000, help="how many values to learn (default 20,000)")
    parser.add_argument("--tracemalloc", action="store_true", help="also report Python's allocation peak")
    parser.add_argument("--no-baseline", action="store_true", help="skip ExactIndex (its build is the slow one)")
    args = parser.parse_args()

    from jupyter_privguard.policy import Policy
    from jupyter_privguard.session import GuardSession
    from jupyter_privguard.textguard import redaction_spans

    values = make_values(args.values)
    n = sum(len(v) for v in values.values())
    texts = outputs(values)
    print(f"values learned: {n:,} ({', '.join(f'{e} {len(v):,}' for e, v in values.items())})")
    print(f"outputs: {', '.join(f'{k} {len(t) / 1024:.1f} KB' for k, t in texts.items())}")
    per_million = 1e6 / n
    rows = []
    for kind in ["ValueIndex"] + ([] if args.no_baseline else ["ExactIndex"]):
        index, seconds, grown, peak = build(kind, values, args.tracemalloc)
        row = {
            "index": kind,
            "build s": f"{seconds:.2f}",
            "build s / M values": f"{seconds * per_million:.1f}",
            "RSS MB / M values": f"{grown * per_million / 2**20:.0f}",
            "tables MB / M values": f"{index.nbytes * per_million / 2**20:.0f}" if kind == "ValueIndex" else "-",
            "tracemalloc peak MB / M": f"{peak * per_million / 2**20:.0f}" if peak is not None else "-",
        }
        row.update(per_kb(index.find, texts))
        rows.append(row)
        if kind == "ValueIndex":
            print(f"ValueIndex hits: { {name: len(index.find(text)) for name, text in texts.items()} }")
        del index
        gc.collect()

    # the tripwire's path: remember_values (raw values kept once for known_values, plus the index)
    # and redaction_spans (the index and the pattern tier), and the pattern tier alone
    session = GuardSession(policy=Policy(ner="off"))
    gc.collect()
    before = rss()
    start = time.perf_counter()
    session.value_index()
    for entity, texts_of in values.items():
        session.remember_values(texts_of, entity, entity.lower())
    seconds = time.perf_counter() - start
    grown = rss() - before
    row = {
        "index": "GuardSession.remember_values",
        "build s": f"{seconds:.2f}",
        "build s / M values": f"{seconds * per_million:.1f}",
        "RSS MB / M values": f"{grown * per_million / 2**20:.0f}",
    }
    row.update(per_kb(lambda text: redaction_spans(text, session), texts))
    rows.append(row)
    empty = GuardSession(policy=Policy(ner="off"))
    rows.append({"index": "pattern tier alone (no values)", **per_kb(lambda text: redaction_spans(text, empty), texts)})
    print()
    _print(rows)
    print(
        "\n(last two rows: redaction_spans per KB, the tripwire's finders; remember_values RSS includes the raw values)"
    )


def _print(rows: list[dict[str, str]]) -> None:
    keys = list(dict.fromkeys(k for row in rows for k in row))
    width = max(len(str(v)) for row in rows for v in row.values()) + 2
    for key in keys:
        print(f"{key:<26}" + "".join(f"{row.get(key, '-'):>{width}}" for row in rows))


if __name__ == "__main__":
    main()
