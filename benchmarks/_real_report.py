"""Tables and figures of ``bench_notebooks_real.py``: the corpus, the recall by shape, number formats."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from _common import format_table
from _real_corpus import commits


def licence_of(corpus: Path, repo: str) -> str:
    path = corpus / repo / "LICENSE.head"
    if not path.exists():
        return "no licence file"
    head = " ".join(path.read_text(errors="replace").split())[:400]
    for needle, name in (
        ("Apache License", "Apache-2.0"),
        ("BSD 3-Clause", "BSD-3-Clause"),
        ("Attribution 4.0 International", "CC-BY-4.0"),
        ("MIT License", "MIT"),
        ("Permission is hereby granted, free of charge", "MIT"),
        ("publicdomain/zero", "text: author's copyright; code: CC0"),
        ("third-part", "mixed (own and third-party content)"),
    ):
        if needle in head:
            return name
    return "other"


def pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


def ms(sorted_seconds: list[float], q: float) -> str:
    if not sorted_seconds:
        return "-"
    return f"{1000 * sorted_seconds[min(len(sorted_seconds) - 1, int(q * (len(sorted_seconds) - 1)))]:.0f} ms"


def recall_table(seeded: dict[str, Any]) -> str:
    rows = seeded["rows"]
    if not rows:
        return "Recall: not run (`--seeded 0`)."
    by: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by[(row["shape"], row["field"])].append(row)
    body = []
    for (shape, fld), items in sorted(by.items()):
        body.append(
            [
                shape,
                fld,
                len(items),
                sum(i["found"] for i in items),
                sum(i["absent"] for i in items),
                sum(i["found"] and i["absent"] for i in items) / len(items),
            ]
        )
    body.append(
        [
            "**all**",
            "",
            len(rows),
            sum(i["found"] for i in rows),
            sum(i["absent"] for i in rows),
            sum(i["found"] and i["absent"] for i in rows) / len(rows),
        ]
    )
    head = (
        f"Recall on {seeded['hosts']} seeded copies of corpus notebooks (generated people inserted; the control "
        "found every value before the scan): a value counts when a span of the scan covers it and no form of it "
        "(`tests/seeded.py` ValueSearch: escaped, folded, digits only, cut short ...) is left in its cell after "
        "`clean`.\n\n"
    )
    return head + format_table(["shape", "field", "values", "reported", "gone after clean", "recall"], body)


def corpus_table(corpus: Path, results: list[Any]) -> str:
    shas = commits(corpus)
    rows = []
    for repo in sorted({r.repo for r in results}):
        mine = [r for r in results if r.repo == repo]
        rows.append(
            [
                repo.replace("+", "/"),
                shas.get(repo, "?")[:12],
                licence_of(corpus, repo),
                len(mine),
                f"{sum(r.size for r in mine) / 1e6:.1f}",
            ]
        )
    return "The corpus:\n\n" + format_table(["repository", "commit", "licence", "files", "MB"], rows)
