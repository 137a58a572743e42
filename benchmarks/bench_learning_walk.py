"""The namespace walk's cost per cell: a frame of ``--rows`` people and a list of ``--records`` dicts.

Run from the repository root::

    .venv/bin/python benchmarks/bench_learning_walk.py --rows 1000000 --records 100000

Prints one table (milliseconds): the first walk (classifies both objects and remembers every distinct
personal value: the one-off cost of learning them), the walk after a cell that changed nothing (the cost
every cell pays), the walk after one record was appended (the list is learnt again), and, measured in the
same run, the baseline: a loop over the same namespace that only looks at each name. Nothing printed holds a
data value.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PRIVGUARD_NER", "off")


def _people(rows: int, records: int) -> tuple[object, list[dict[str, object]]]:
    import numpy as np
    import pandas as pd
    from faker import Faker

    fake = Faker(["en_US", "de_DE", "fr_FR"])
    fake.seed_instance(1)
    first = np.array(list(dict.fromkeys(fake.first_name() for _ in range(20000)))[:1000], dtype=object)
    last = np.array(list(dict.fromkeys(fake.last_name() for _ in range(20000)))[:1000], dtype=object)
    i = np.arange(rows)
    names = first[i % len(first)] + " " + last[(i // len(first)) % len(last)]
    frame = pd.DataFrame(
        {
            "full_name": names,
            "email": [f"user{k}.mail@example.org" for k in range(rows)],
            "plan": np.array(["premium", "basic", "trial"], dtype=object)[i % 3],
            "amount": np.round(np.linspace(1, 999, rows), 2),
        }
    )
    recs = [{"name": names[k % rows], "email": f"rec{k}@example.net", "plan": "basic"} for k in range(records)]
    return frame, recs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    from jupyter_privguard.integrations.ipython.learning import learner_for
    from jupyter_privguard.session import GuardSession

    frame, recs = _people(args.rows, args.records)
    ns: dict[str, object] = {"people": frame, "records": recs, "n": 3, "title": "report", "pd": sys.modules["pandas"]}
    shell = types.SimpleNamespace(user_ns=ns, user_ns_hidden={})
    session = GuardSession()
    learner = learner_for(session)
    unbounded = float("inf")
    spent = [0.0]
    remember = session.remember_values

    def timed_remember(*a: object, **k: object) -> int:
        t = time.perf_counter()
        try:
            return remember(*a, **k)  # type: ignore[arg-type]
        finally:
            spent[0] += time.perf_counter() - t

    session.remember_values = timed_remember  # type: ignore[method-assign]

    from jupyter_privguard.scanner import scan

    start = time.perf_counter()
    scan(frame.head(50))  # type: ignore[attr-defined]
    warm = time.perf_counter() - start  # the scanner's first use (vocabularies): paid once per kernel
    start = time.perf_counter()
    learner.refresh(shell, budget_ms=unbounded)
    first = time.perf_counter() - start
    in_index = spent[0]
    known = session.n_known_values

    def timed(run: object, repeat: int) -> float:
        samples = []
        for _ in range(repeat):
            t = time.perf_counter()
            run()  # type: ignore[operator]
            samples.append(time.perf_counter() - t)
        return statistics.median(samples)

    steady = timed(lambda: learner.refresh(shell), args.repeat)
    appended = timed(lambda: (recs.append(dict(recs[0])), learner.refresh(shell, budget_ms=unbounded)), 3)
    baseline = timed(lambda: [(k, id(v)) for k, v in ns.items() if not k.startswith("_")], args.repeat)

    print(f"namespace: a {args.rows:,}-row frame (4 columns) and a list of {args.records:,} dicts")
    print(f"{'walk':<44} {'ms':>10}")
    print(f"{'the scanner warming up (once per kernel)':<44} {warm * 1000:>10.1f}")
    print(f"{'first walk (learns both; one-off)':<44} {first * 1000:>10.1f}")
    print(f"{'  of which the session index (remember_values)':<44} {in_index * 1000:>10.1f}")
    print(f"{'a cell that changed nothing (every cell)':<44} {steady * 1000:>10.3f}")
    print(f"{'one record appended (the list is relearnt)':<44} {appended * 1000:>10.1f}")
    print(f"{'baseline: a loop over the names':<44} {baseline * 1000:>10.3f}")
    print(f"values remembered: {known:,}")


if __name__ == "__main__":
    main()
