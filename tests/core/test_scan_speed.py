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


@pytest.mark.parametrize(
    "text",
    [
        "call (408) 496-7223 ext. 12 or +44 20 7946 0958",
        "1 2 3 4 5 6 555-1234 and 12 (555) 555-1234",
        "2024-03-05 12:34:56 epoch 1 step   250 loss 1.2345 acc 0.8765 lr 3.45e-04 elapsed   12.34s",
        "tel 0044 20 7946 0958x123; fax 212.555.0199",
    ],
)
def test_phone_lookahead_on_typical_lines(text: str) -> None:
    fast = P.PatternRegistry.default().get("phone").compiled_span
    assert [m.span() for m in fast.finditer(text) if _digits(m.group()) >= 7] == [
        m.span() for m in _plain_phone().finditer(text) if _digits(m.group()) >= 7
    ]


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
        lines.append(
            f"2024-03-{rnd.randint(1, 28):02d} 12:{rnd.randint(0, 59):02d}:{rnd.randint(0, 59):02d} "
            f"epoch {rnd.randint(1, 9)} loss {rnd.uniform(0, 3):.4f} acc {rnd.random():.4f}\n"
        )
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
    monkeypatch.setattr(
        P, "_search_masks", lambda texts, registry: {r.name: np.ones(len(texts), dtype=bool) for r in registry}
    )
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


@pytest.mark.parametrize(
    "texts",
    [
        ["Ann Smith wrote", "", "to ann smith", "ANN SMITH\x1b", "xAnn Smith", "Ann Smithy", "Zoë Ærø and Ann Smith"],
        ["İstanbul Ann Smith", "ΣΑΣ Ann Smith", "a" * 100],
    ],
)
def test_exact_index_find_all_equals_find(texts: list[str]) -> None:
    index = ExactIndex({"Ann Smith": "PERSON", "Zoë Ærø": "PERSON", "ann@example.com": "EMAIL_ADDRESS"})
    assert index.find_all(texts) == [index.find(t) for t in texts]


def test_cell_memo_gives_the_same_hits_as_matching_afresh() -> None:
    values = [
        "ann@example.com",
        "(408) 496-7223",
        "4012 8888 8888 1881",
        "10932 Bigge Rd",
        "Hauptstraße 5",
        "3 de mayo de 1980",
        "94025",
        "x",
        "ABC",
        "12",
    ] * 3
    first = match_values(pd.Series(values))
    again = match_values(pd.Series(values))  # now from the memo
    P._CELL_MEMOS.clear()
    assert first == again == match_values(pd.Series(values))


def test_chunked_pool_gives_the_same_results_as_one_process(tmp_path: Path) -> None:
    from jupyter_privguard.integrations.cli.scan import _Task, check_files
    from jupyter_privguard.notebooks import NotebookOptions
    from jupyter_privguard.policy import Policy

    golden = Path(__file__).parents[1] / "golden"
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


def _overlap_lines() -> list[str]:
    # lines where a span of an entity left out can change the spans of the others
    return [
        "2024-03-23 12 items shipped; call (408) 496-7223",
        "id 123e4567-e89b-12d3-a456-426614174000 and tel 212-555-0199",
        "see https://example.org/contact?to=ann@example.com or https://ann.example.org",
        "born 1961-04-12, phone +44 20 7946 0958, seen 2024-03-05 14:30",
        "wire to DE89 3704 0044 0532 0130 00 on 05/06/2021 from 10.0.0.1",
        "",
    ]


ENTITY_SUBSETS = [
    frozenset(),
    frozenset({"PHONE_NUMBER"}),
    frozenset({"EMAIL_ADDRESS", "PHONE_NUMBER"}),
    frozenset({"DATE_TIME"}),
    frozenset(r.entity for r in PatternRegistry.default()) - {"DATE_TIME", "URL"},
]


@pytest.mark.parametrize("entities", ENTITY_SUBSETS, ids=lambda e: "+".join(sorted(e))[:40] or "none")
def test_entities_filter_equals_the_full_run_filtered(entities: frozenset[str]) -> None:
    registry = PatternRegistry.default()
    texts = _sample_lines() + _overlap_lines()
    full = find_spans(texts, registry)
    assert find_spans(texts, registry, entities=entities) == [[s for s in row if s.entity in entities] for row in full]
    assert any(s.entity == "DATE_TIME" for row in full for s in row)  # the left-out entity was there to skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=PHONE_ALPHABET + "@ABab-:T", max_size=50), min_size=1, max_size=6))
def test_entities_filter_on_random_texts(texts: list[str]) -> None:
    registry = PatternRegistry.default()
    wanted = frozenset({"PHONE_NUMBER", "EMAIL_ADDRESS", "IP_ADDRESS", "US_SSN", "CREDIT_CARD"})
    full = find_spans(texts, registry)
    assert find_spans(texts, registry, entities=wanted) == [[s for s in row if s.entity in wanted] for row in full]


def test_the_notebook_scan_leaves_dates_out_of_the_span_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    # a training log is full of time stamps; the policy keeps dates, so their recogniser must not run there
    from jupyter_privguard import notebooks as N
    from jupyter_privguard.notebooks import NotebookOptions, scan_notebook
    from jupyter_privguard.policy import Policy

    searched: list[str] = []
    date_iso = N._registry().get("date_iso")
    real = P._search_masks

    def spy(texts: list[str], registry: PatternRegistry) -> dict[str, object]:
        if date_iso.name in registry:
            searched.extend(texts)
        return real(texts, registry)

    monkeypatch.setattr(P, "_search_masks", spy)
    log = [
        f"2024-03-{d:02d} 12:{m:02d}:07 epoch 1 loss 0.{d}{m} acc 0.9\n" for d in range(1, 28) for m in range(0, 60, 7)
    ]
    log.insert(30, "retry for ann@example.com (tel (408) 496-7223)\n")
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": 1,
                "id": "a",
                "metadata": {},
                "source": "fit()",
                "outputs": [{"output_type": "stream", "name": "stdout", "text": log}],
            }
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    found = scan_notebook(nb, NotebookOptions(policy=Policy(ner="off")))
    assert {f.entity: f.count for f in found} == {"EMAIL_ADDRESS": 1, "PHONE_NUMBER": 1}
    assert searched == ["retry for ann@example.com (tel (408) 496-7223)\n"]


CELL_VALUES = [
    "Michael Hines",
    "East Stephanie",
    "patricia45@example.com",
    "(553) 555-4418",
    "2024-03-06",
    "530.74",
    "Hauptstraße 5",
    "10932 Bigge Rd",
    "DE89 3704 0044 0532 0130 00",
    "4012 8888 8888 1881",
    "Zoë",
    "",
    "536-22-1234",
    "192.168.0.1",
    "ab:cd:ef:01:23:45",
    "M",
    "female",
    "AKIAIOSFODNN7EXAMPLE",
    "٣٤٥٦٧٨٩",
]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(CELL_VALUES) | st.text(alphabet="abcXYZ0123456789 @.-()+:/ßé", max_size=24),
        min_size=1,
        max_size=40,
        unique=True,
    )
)
def test_cell_union_shortcut_changes_no_match(values: list[str]) -> None:
    registry = PatternRegistry.default()
    recognizers = list(registry)
    P._CELL_MEMOS.clear()
    fast = P._Matcher(values, recognizers)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(P, "_cell_unions", lambda recognizers: {})
        P._CELL_MEMOS.clear()
        slow = P._Matcher(values, recognizers)
    P._CELL_MEMOS.clear()
    for r in recognizers:
        assert fast.fullmatch_rows(r).tolist() == slow.fullmatch_rows(r).tolist(), r.name


def test_cell_union_is_skipped_for_patterns_with_group_references() -> None:
    doubled = PatternRecognizer("doubled", "PERSON", r"([a-z]+)-\1", 0.5)
    recognizers = [*PatternRegistry.default(), doubled]
    assert P._cell_unions(recognizers) == {True: None, False: None}
    P._CELL_MEMOS.clear()
    matcher = P._Matcher(["abc-abc", "abc-abd"], recognizers)
    assert matcher.fullmatch_rows(doubled).tolist() == [0]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="Az09 .,:;@_+=()[]{}*#%$!?/|~^`-'\"&<>\\é\n", max_size=16) | st.text(max_size=16))
def test_plain_values_have_one_form_and_others_all_their_forms(value: str) -> None:
    from jupyter_privguard import textguard as T

    T._variants.cache_clear()
    assert T._variants(value) == T._all_variants(value)


@pytest.mark.parametrize(
    ("pattern", "alternatives"),
    [
        (r"a|(b|c)|[|]|\||x", ["a", "(b|c)", "[|]", r"\|", "x"]),
        ("[]|]|q", ["[]|]", "q"]),
        ("[^]|]|q", ["[^]|]", "q"]),
        ("(?i:jan|feb)|[0-9]/[0-9]", ["(?i:jan|feb)", "[0-9]/[0-9]"]),
        ("(?i)jan|feb", ["(?i)jan|feb"]),  # a global flag: not taken apart
        ("a)|b", ["a)|b"]),  # unbalanced: whole
        ("(a|b", ["(a|b"]),
        ("[a|b", ["[a|b"]),
        ("plain", ["plain"]),
    ],
)
def test_alternatives_split_only_at_the_top_level(pattern: str, alternatives: list[str]) -> None:
    from jupyter_privguard.detect import find_text

    assert find_text._alternatives(pattern) == alternatives


def test_search_unions_select_the_texts_the_members_select() -> None:
    # the union of a search group, its shared alternatives written once, selects exactly the texts
    # where one member's union part matches (Python's engine over the sample and tricky lines)
    from jupyter_privguard.detect import find_text

    texts = _sample_lines()[:60] + ["12/3 and März", "MAY 5", "1971年2月8日", "x | y", "[]", "Okt. 3rd 1999"]
    texts += ["PESEL 44051401359", "codice fiscale RSSMRA85T10A562S", "henkilötunnus 131052-308T"]
    for group in find_text._mask_groups(PatternRegistry.default()):
        if len(group) < 2:
            continue
        union = re.compile(find_text._union(group))
        parts = [re.compile(find_text._union_part(r)) for r in group]
        chosen = [bool(union.search(t)) for t in texts]
        assert chosen == [any(p.search(t) for p in parts) for t in texts], group[0].search_group
        assert any(chosen)
    dates = next(g for g in find_text._mask_groups(PatternRegistry.default()) if g[0].search_group == "dates")
    # the month names that three date shapes share are written once
    assert len(find_text._union(dates)) < 0.5 * sum(len(find_text._union_part(r)) for r in dates)
