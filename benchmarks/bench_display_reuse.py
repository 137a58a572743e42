"""The display path on near-unique data: a classified frame shown again, and frames derived from it.

Prints one table. Every figure is the guarded display of an object (the display guard's bundle, then
the output tripwire's check of that bundle, as a kernel runs both) against pandas' own formatter on
the same object (``repr(obj)`` and ``obj._repr_html_()``, what IPython asks pandas for), measured in the
same run, in a real IPython ``InteractiveShell`` with ``%load_ext jupyter_privguard``.

The frame has 20 columns: people from ``_people.py`` (every e-mail, phone and card distinct, valid
check digits and phone formats) beside SSNs, public IPs, streets, and non-personal columns (order
ids, SKUs, amounts, statuses, time stamps). Each derived kind is built anew before each repeat (a
new object, as a notebook's next cell makes), and each guarded output is searched for the raw
personal values of the rows pandas shows.

Run: ``python benchmarks/bench_display_reuse.py [--rows 200000] [--repeats 15]``.
"""

from __future__ import annotations

import argparse
import html
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import format_table
from _people import people

PERSONAL = ("name", "email", "phone", "card", "birth_date", "ssn", "ip", "street")
STREETS = ("Maple Avenue", "Oak Street", "Cedar Lane", "Birch Road", "Elm Court", "Willow Way", "Pine Drive")


def build_frame(n_rows: int, seed: int = 7) -> pd.DataFrame:
    """``n_rows`` x 20, near-unique personal values, non-personal look-alikes beside them."""
    base = people(n_rows, seed).to_pandas()
    rng = np.random.default_rng(seed + 1)
    area = rng.integers(100, 666, n_rows)
    frame = base.drop(columns=["person_id"])
    frame["ssn"] = [
        f"{a:03d}-{g:02d}-{s:04d}"
        for a, g, s in zip(area, rng.integers(1, 100, n_rows), rng.integers(1, 10_000, n_rows))
    ]
    frame["ip"] = [f"{a}.{b}.{c}.{d}" for a, b, c, d in rng.integers([11, 0, 0, 1], [99, 256, 256, 255], (n_rows, 4))]
    frame["street"] = [
        f"{n} {STREETS[k]}" for n, k in zip(rng.integers(1, 9999, n_rows), rng.integers(0, len(STREETS), n_rows))
    ]
    frame["order_id"] = [f"ORD-{v}" for v in rng.integers(10**7, 10**8, n_rows)]
    frame["sku"] = [
        f"SKU-{v}-{c}" for v, c in zip(rng.integers(10_000, 99_999, n_rows), rng.choice(list("ABCDEF"), n_rows))
    ]
    frame["status"] = rng.choice(["open", "paid", "shipped", "returned"], n_rows)
    frame["created_at"] = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 86400 * 700, n_rows), unit="s")
    frame["quantity"] = rng.integers(1, 20, n_rows)
    frame["product"] = [f"Brightfen Wind Chime L{v}" for v in rng.integers(10, 99, n_rows)]
    frame["price"] = rng.uniform(1, 500, n_rows).round(2)
    frame["batch"] = rng.integers(0, 1000, n_rows)
    return frame


def shown_values(obj: Any) -> list[str]:
    """The raw personal values of the rows pandas renders for ``obj``."""
    max_rows = pd.get_option("display.max_rows")
    if len(obj) > max_rows:
        half = (pd.get_option("display.min_rows") or max_rows) // 2
        rows = obj.iloc[list(range(half)) + list(range(len(obj) - half, len(obj)))]
    else:
        rows = obj
    cols = [c for c in rows.columns if str(c) in PERSONAL or c in ("contact", "who")]
    return sorted({str(v) for c in cols for v in rows[c].tolist() if isinstance(v, str) and len(v) >= 5})


def leaks(bundle: dict[str, Any], values: list[str]) -> list[str]:
    text = "\n".join(v if isinstance(v, str) else repr(v) for v in bundle.values())
    plain = html.unescape(text)
    return [v for v in values if v in text or v in plain or html.escape(v) in text]


def timed(fn: Callable[[], Any], repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--only", default="", help="comma-separated kinds to run")
    args = parser.parse_args()

    import os

    os.environ.setdefault("PRIVGUARD_NER", "off")
    from IPython.testing.globalipapp import get_ipython

    from jupyter_privguard.integrations.loaded import EXTENSIONS

    print(f"building a {args.rows:,} x 20 frame ...", file=sys.stderr)
    df = build_frame(args.rows)
    ip = get_ipython()
    ip.user_ns["df"] = df
    ip.extension_manager.load_extension("jupyter_privguard")
    ext = EXTENSIONS[id(ip)]
    guard, tripwire = ext.display, ext.tripwire

    def guarded(obj: Any) -> dict[str, Any]:
        data, metadata = guard.bundle(obj)
        content = tripwire._checked("display_data", {"data": data, "metadata": metadata}, patterns=False)
        return dict(content["data"])

    from jupyter_privguard.integrations.ipython.printers import bypass

    def pandas_own(obj: Any) -> None:
        with bypass():  # the loaded guard answers ``_repr_html_`` itself: pandas' own, unchanged
            repr(obj)
            obj._repr_html_()

    started = time.perf_counter()
    guarded(df)  # classifies the frame and learns its values
    first = time.perf_counter() - started
    rng = np.random.default_rng(3)
    n = len(df)

    def window() -> pd.DataFrame:
        a = int(rng.integers(0, n - 60))
        return df.iloc[a : a + 60]

    def overwritten() -> pd.DataFrame:
        part = df[df.price > 250].copy()
        part["status"] = df["email"].sample(len(part), random_state=int(rng.integers(1 << 30))).to_numpy()
        return part

    kinds: dict[str, Callable[[], Any]] = {
        "the classified frame again": lambda: df,
        "unseen 60-row window df.iloc[a:a+60]": window,
        "df.head(100)": lambda: df.head(100),
        "df.sample(60)": lambda: df.sample(60, random_state=int(rng.integers(1 << 30))),
        "filter df[df.price > 250]": lambda: df[df.price > float(rng.uniform(200, 300))],
        "column subset df[[name, email, price]]": lambda: df[["name", "email", "price"]],
        "df.query('quantity > 10')": lambda: df.query(f"quantity > {int(rng.integers(5, 15))}"),
        "df.sort_values('price')": lambda: df.sort_values("price"),
        "df.assign(total=...)": lambda: df.assign(total=df.price * df.quantity),
        "df.rename(email=contact)": lambda: df.rename(columns={"email": "contact"}),
        "unsound: assign(who=df.email)": lambda: df.assign(who=df["email"]),
        "unsound: filter, status := other emails": overwritten,
        "unsound: DataFrame(df.values)": lambda: pd.DataFrame(
            df.head(500).values, columns=[f"c{i}" for i in range(20)]
        ),
    }
    only = [k.strip() for k in args.only.split(",") if k.strip()]
    rows = [["first display (classify)", first * 1000, None, None, ""]]
    for label, make in kinds.items():
        if only and not any(o in label for o in only):
            continue
        objs = [make() for _ in range(args.repeats)]
        base = timed(lambda it=iter(objs): pandas_own(next(it)), args.repeats)
        objs = [make() for _ in range(args.repeats)]
        found: list[str] = []
        times = []
        for obj in objs:
            started = time.perf_counter()
            bundle = guarded(obj)
            times.append(time.perf_counter() - started)
            found += leaks(bundle, shown_values(obj))
        g, b = statistics.median(times), statistics.median(base)
        rows.append([label, g * 1000, b * 1000, g / b, f"leaked {len(set(found))}" if found else "no raw value shown"])
    print(
        format_table(
            ["display of", "guarded ms", "pandas ms", "ratio", "check"],
            rows,
            align="lrrrl",
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
