"""The shortcuts that make ``privguard scan`` fast must not change what it finds.

Each speed-up of the notebook scan is checked against the plain way of computing the same thing:
the phone look-ahead against the phone pattern without it, the group masks against one RE2 pass
per recogniser, ``ExactIndex.find_all`` against ``find`` text by text, the per-value match memo
against matching afresh, and the chunked process pool against one process.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jupyter_privguard.detect import patterns as P
from jupyter_privguard.detect.patterns import PatternRecognizer, PatternRegistry, find_spans, match_values
from jupyter_privguard.textguard import ExactIndex

PHONE_ALPHABET = "0123456789 ()+.-#xet:/abc,"


def _plain_phone() -> re.Pattern[str]:
    # the phone recogniser's span pattern as it was before the seven-digit look-ahead
    return re.compile(r"(?<![\w.+/-])(?:" + P._PHONE + r")(?![\w]|[.-][0-9]|/)")


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=PHONE_ALPHABET, max_size=60))
def test_phone_lookahead_keeps_every_match_with_seven_digits(text: str) -> None:
    fast = P.PatternRegistry.default().get("phone").compiled_span
    plain = [m.span() for m in _plain_phone().finditer(text) if _digits(m.group()) >= 7]
    kept = [m.span() for m in fast.finditer(text) if _digits(m.group()) >= 7]
    assert kept == plain


@pytest.mark.parametrize("text", [
    "call (408) 496-7223 ext. 12 or +44 20 7946 0958",
    "1 2 3 4 5 6 555-1234 and 12 (555) 555-1234",
    "2024-03-05 12:34:56 epoch 1 step   250 loss 1.2345 acc 0.8765 lr 3.45e-04 elapsed   12.34s",
    "tel 0044 20 7946 0958x123; fax 212.555.0199",
])
def test_phone_lookahead_on_typical_lines(text: str) -> None:
    fast = P.PatternRegistry.default().get("phone").compiled_span
    assert ([m.span() for m in fast.finditer(text) if _digits(m.group()) >= 7]
            == [m.span() for m in _plain_phone().finditer(text) if _digits(m.group()) >= 7])


def _sample_lines() -> list[str]:
    rnd = random.Random(7)
    lines = [
        "Contact ann@example.com or call (408) 496-7223.",
        "Card 4012 8888 8888 1881, SSN 536-22-1234, IBAN DE89 3704 0044 0532 0130 00",
        "ip 10.0.0.1 and 2001:db8::1, mac 00:1A:2B:3C:4D:5E, see https://example.org/x",
        "born on 3 May 1980 at 10932 Bigge Rd, zip code 94025; Avenida Noruega 42; Hauptstraße 5",
        "token AKIAIOSFODNN7EXAMPLE and $2b$12$" + "a" * 53,
        "date 05/2021, 5/21, 1958/04/21 and 2020-02-30",
    ]
    for _ in range(300):
        lines.append(f"2024-03-{rnd.randint(1, 28):02d} 12:{rnd.randint(0, 59):02d}:{rnd.randint(0, 59):02d} "
                     f"epoch {rnd.randint(1, 9)} loss {rnd.uniform(0, 3):.4f} acc {rnd.random():.4f}\n")
    return lines


def test_masks_never_skip_a_text_with_a_span() -> None:
    registry = PatternRegistry.default()
    texts = _sample_lines()
    masks = P._search_masks(texts, registry)
    spans = find_spans(texts, registry)
    # every span found comes from a text its recogniser's mask selected
    detectors = {r.detector: r.name for r in registry}
    for row, found in enumerate(spans):
        for span in found:
            assert masks[detectors[span.detector]][row]
    assert any(spans)


def test_masks_change_no_span(monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    registry = PatternRegistry.default()
    texts = _sample_lines()
    spans = find_spans(texts, registry)
    # every text searched in Python: what the masks spare must never have held a span
    monkeypatch.setattr(P, "_search_masks",
                        lambda texts, registry: {r.name: np.ones(len(texts), dtype=bool) for r in registry})
    assert find_spans(texts, registry) == spans


@pytest.mark.parametrize(("field", "value"), [("min_length", -1), ("min_length", 1.5), ("prefilter", "(")])
def test_recogniser_rejects_bad_speed_fields(field: str, value: object) -> None:
    with pytest.raises(ValueError):
        PatternRecognizer("x", "PHONE_NUMBER", "[0-9]+", 0.5, **{field: value})  # type: ignore[arg-type]


def test_min_length_fails_short_values_without_the_validator() -> None:
    calls: list[str] = []

    def check(value: str) -> bool:
        calls.append(value)
        return True

    rec = PatternRecognizer("long", "PHONE_NUMBER", "[0-9]+", 0.1, check, 0.9, min_length=4)
    assert rec.validate("123") is False and calls == []
    assert rec.validate("1234") is True and calls == ["1234"]


@pytest.mark.parametrize("texts", [
    ["Ann Smith wrote", "", "to ann smith", "ANN SMITH\x1b", "xAnn Smith", "Ann Smithy", "Zoë Ærø and Ann Smith"],
    ["İstanbul Ann Smith", "ΣΑΣ Ann Smith", "a" * 100],
])
def test_exact_index_find_all_equals_find(texts: list[str]) -> None:
    index = ExactIndex({"Ann Smith": "PERSON", "Zoë Ærø": "PERSON", "ann@example.com": "EMAIL_ADDRESS"})
    assert index.find_all(texts) == [index.find(t) for t in texts]


def test_cell_memo_gives_the_same_hits_as_matching_afresh() -> None:
    values = ["ann@example.com", "(408) 496-7223", "4012 8888 8888 1881", "10932 Bigge Rd", "Hauptstraße 5",
              "3 de mayo de 1980", "94025", "x", "ABC", "12"] * 3
    first = match_values(pd.Series(values))
    again = match_values(pd.Series(values))  # now from the memo
    P._CELL_MEMOS.clear()
    assert first == again == match_values(pd.Series(values))


def test_chunked_pool_gives_the_same_results_as_one_process(tmp_path: Path) -> None:
    from jupyter_privguard.cli_scan import _Task, check_files
    from jupyter_privguard.notebooks import NotebookOptions
    from jupyter_privguard.policy import Policy

    golden = Path(__file__).parent / "golden"
    paths = []
    for k, src in enumerate(sorted(golden.glob("*.ipynb")) * 2):
        if src.name.endswith(".expected.ipynb"):
            continue
        dst = tmp_path / f"{k}_{src.name}"
        dst.write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
        paths.append(str(dst))
    options = NotebookOptions(policy=Policy(ner="off"))
    tasks = [_Task(p, "scan", options) for p in paths]
    one = check_files(tasks, jobs=1)
    pool = check_files(tasks, jobs=2)
    assert [r.findings for r in pool] == [r.findings for r in one]
    assert any(r.findings for r in one) and not any(r.error for r in pool)
