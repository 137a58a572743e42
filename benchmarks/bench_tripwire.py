"""The output tripwire's cost per kilobyte of output, next to the cost without it, in one run.

Each output kind (a printed DataFrame of near-unique personal values, ``describe()``, a traceback,
the HTML of a table, JSON records, log lines, prose with names) is sent as the kernel sends it:
through a real :class:`jupyter_client.session.Session` ``send`` into a socket-like sink that
keeps nothing. Without the guard that is the whole cost; with it the same message goes through
``TripwireHandle.send`` (what :func:`~jupyter_privguard.integrations.ipython.tripwire.install`
puts in front of ``Session.send``), in these configurations:

patterns
    the pattern tier only, empty index (the free-text tier switched off);
index
    patterns and an index of 100,000 learned values (``--values``);
free text
    patterns, the index and the free-text tier (names, addresses, birth dates), NER off;
uncached
    free text, with the span caches emptied before every send: the cost of an output the session
    has not sent before (the other columns repeat one output, so they mostly measure a cache hit);
free text + NER
    the same with the installed spaCy model on undecided runs (skipped when none is installed).

Run small while developing (``--kb 8 --repeat 3 --values 5000``); the defaults are the full size.
"""

from __future__ import annotations

import argparse
import json
import random
import time
import traceback
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from faker import Faker
from jupyter_client.session import Session

from jupyter_privguard.detect import outgoing
from jupyter_privguard.integrations.ipython.tripwire import TripwireHandle
from jupyter_privguard.policy import Policy
from jupyter_privguard.session import GuardSession
from jupyter_privguard.spancache import FREE_TEXT_SPANS, SPAN_CACHE


class _Sink:
    """A socket-like object that takes the frames ``Session.send`` produces and drops them."""

    def send_multipart(self, frames: Any, *args: Any, **kwargs: Any) -> None:
        self.last = len(frames)


def _people(n: int, seed: int) -> pd.DataFrame:
    rows = []
    for locale in ("en_US", "de_DE", "fr_FR", "es_ES"):
        fake = Faker(locale)
        fake.seed_instance(seed)
        for _ in range(n // 4):
            rows.append(
                {
                    "name": fake.name(),
                    "email": fake.email(),
                    "phone": fake.phone_number(),
                    "city": fake.city(),
                    "amount": round(random.Random(len(rows)).uniform(1, 9999), 2),
                }
            )
    return pd.DataFrame(rows)


def _repeat_to(text: str, kb: int, joiner: str = "\n") -> str:
    out = text
    while len(out) < kb * 1024:
        out += joiner + text
    return out[: kb * 1024]


def _kinds(kb: int, seed: int) -> dict[str, tuple[str, dict[str, Any]]]:
    """Output kind -> (msg_type, content), each about ``kb`` kilobytes."""
    people = _people(max(8, kb * 12), seed)
    numeric = pd.DataFrame(np.random.default_rng(seed).normal(size=(2000, 8)), columns=[f"x{i}" for i in range(8)])
    try:
        people.loc[0, "missing"]
    except Exception:
        tb = traceback.format_exc()
    fake = Faker("en_US")
    fake.seed_instance(seed)
    prose = " ".join(
        f"Spoke with {fake.name()} about order {fake.random_int(1000, 9999)}; {fake.sentence()}" for _ in range(40)
    )
    logs = "\n".join(
        f"2026-12-02 04:{i % 60:02d}:{i % 60:02d},{i % 1000:03d} INFO worker-{i % 8} processed batch {i} in {i % 97}.{i % 10} ms"
        for i in range(400)
    )

    def display(text: str, html: str | None = None) -> dict[str, Any]:
        data = {"text/plain": text}
        if html is not None:
            data["text/html"] = html
        return {"data": data, "metadata": {}, "transient": {}}

    table = people.to_string()
    return {
        "DataFrame (personal)": ("execute_result", {**display(table[: kb * 1024]), "execution_count": 1}),
        "describe()": ("display_data", display(_repeat_to(numeric.describe().to_string(), kb))),
        "traceback": (
            "error",
            {"ename": "KeyError", "evalue": "'missing'", "traceback": _repeat_to(tb, kb).split("\n")},
        ),
        "HTML table": ("display_data", display("<table>", people.to_html()[: kb * 1024])),
        "JSON records": ("display_data", display(people.to_json(orient="records")[: kb * 1024])),
        "log lines": ("stream", {"name": "stdout", "text": _repeat_to(logs, kb) + "\n"}),
        "prose with names": ("stream", {"name": "stdout", "text": _repeat_to(prose, kb, " ") + "\n"}),
    }


def _size_kb(content: dict[str, Any]) -> float:
    return len(json.dumps(content)) / 1024


def _time(call: Callable[[], Any], repeat: int) -> float:
    call()  # warm: caches, first-use imports, the model load
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return best


def _learned(n: int, seed: int) -> GuardSession:
    session = GuardSession(policy=Policy(ner="off"))
    fake = Faker("en_US")
    fake.seed_instance(seed)
    names = {fake.name() for _ in range(n)}
    emails = {f"user{i}.{seed}@example.net" for i in range(n - len(names))}
    session.remember_values(names, "PERSON", "name")
    session.remember_values(emails, "EMAIL_ADDRESS", "email")
    return session


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, default=64, help="size of each output (KB)")
    parser.add_argument("--repeat", type=int, default=5, help="timed repetitions (best is kept)")
    parser.add_argument("--values", type=int, default=100_000, help="learned values in the index")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from jupyter_privguard.detect.ner import NerEngine

    ksession = Session(key=b"bench", username="bench")
    sink = _Sink()
    original = ksession.send
    kinds = _kinds(args.kb, args.seed)
    empty = GuardSession(policy=Policy(ner="off"))
    learned = _learned(args.values, args.seed)
    with_ner = _learned(args.values, args.seed)
    with_ner.policy = Policy(ner="on")
    has_model = NerEngine.get(None, "auto") is not None
    real_outgoing = outgoing.outgoing_spans

    def bare(msg_type: str, content: dict[str, Any]) -> Callable[[], Any]:
        return lambda: original(sink, msg_type, dict(content))

    def guarded(
        session: GuardSession, msg_type: str, content: dict[str, Any], free_text: bool, cold: bool = False
    ) -> Callable[[], Any]:
        handle = TripwireHandle(shell=None, session=session)

        def call() -> Any:
            if cold:
                SPAN_CACHE.clear()
                FREE_TEXT_SPANS.clear()
            outgoing.outgoing_spans = real_outgoing if free_text else (lambda *a, **k: [])  # type: ignore[assignment]
            try:
                return handle.send(original, ksession, sink, msg_type, dict(content))
            finally:
                outgoing.outgoing_spans = real_outgoing  # type: ignore[assignment]

        return call

    columns = ["patterns", "index", "free text", "uncached"] + (["free text+NER"] if has_model else [])
    print(f"output {args.kb} KB per kind, index of {len(learned.known_values()[1]):,} values, best of {args.repeat}")
    print(
        f"NER model: {'installed' if has_model else 'none'}; free-text NER budget {outgoing.NER_CHARS_PER_KB} chars/KB"
    )
    head = (
        f"{'kind':<22}{'KB':>6}{'µs/KB bare':>12}" + "".join(f"{c + ' µs/KB':>20}" for c in columns) + f"{'ratio':>8}"
    )
    print(head)
    print("-" * len(head))
    for kind, (msg_type, content) in kinds.items():
        kb = _size_kb(content)
        baseline = _time(bare(msg_type, content), args.repeat) / kb * 1e6
        cells = [
            _time(guarded(empty, msg_type, content, False), args.repeat),
            _time(guarded(learned, msg_type, content, False), args.repeat),
            _time(guarded(learned, msg_type, content, True), args.repeat),
            _time(guarded(learned, msg_type, content, True, cold=True), args.repeat),
        ]
        if has_model:
            cells.append(_time(guarded(with_ner, msg_type, content, True), args.repeat))
        per_kb = [c / kb * 1e6 for c in cells]
        ratio = per_kb[3] / baseline if baseline else float("nan")
        print(f"{kind:<22}{kb:>6.1f}{baseline:>12.1f}" + "".join(f"{v:>20.1f}" for v in per_kb) + f"{ratio:>8.0f}")
    print("ratio: uncached (free text, NER off, caches emptied) over bare Session.send")


if __name__ == "__main__":
    main()
