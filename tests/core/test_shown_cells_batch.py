"""The shown-cell pass in one batch: the pattern tier over every suspicious cell of a display at once.

Batching must change nothing but the time: the spans of each cell are those of its own pass, with Python's
engine by group (small batches) as with RE2, and the seeded identifiers in a column the scan called harmless
are redacted in every cell that holds one.
"""

from __future__ import annotations

import random

import pandas as pd
import pytest

from jupyter_privguard.detect import find_text
from jupyter_privguard.detect.patterns import find_spans
from jupyter_privguard.integrations.ipython.display_cells import check_shown_cells
from jupyter_privguard.integrations.ipython.display_parts import TextGuard
from jupyter_privguard.policy import Policy
from jupyter_privguard.session import GuardSession, reset_session
from jupyter_privguard.spancache import SPAN_CACHE
from jupyter_privguard.textguard import prefetched, redaction_spans


def _luhn(digits: str) -> str:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return digits + str((10 - total % 10) % 10)


def _cells(n: int, seed: int = 3) -> tuple[list[str], list[str]]:
    """Cells as a display shows them (order ids, timestamps, notes), some holding a seeded e-mail or card."""
    rnd = random.Random(seed)
    cells, seeded = [], []
    for i in range(n):
        kind = i % 5
        if kind == 0:
            cells.append(f"ORD-{rnd.randrange(10**8, 10**9)}")
        elif kind == 1:
            cells.append(f"2025-{rnd.randrange(1, 13):02d}-{rnd.randrange(1, 29):02d} 10:{rnd.randrange(60):02d}:00")
        elif kind == 2:
            email = f"user{rnd.randrange(10**6)}.x@example.org"
            seeded.append(email)
            cells.append(f"wrote from {email} twice")
        elif kind == 3:
            card = _luhn("4" + "".join(str(rnd.randrange(10)) for _ in range(14)))
            seeded.append(card)
            cells.append(f"paid with {card[:4]} {card[4:8]} {card[8:12]} {card[12:]}")
        else:
            cells.append(f"SKU-{rnd.randrange(10**4, 10**5)} x{rnd.randrange(1, 9)}")
    return cells, seeded


@pytest.fixture()
def session():
    s = reset_session(GuardSession(policy=Policy(ner="off")))
    SPAN_CACHE.clear()
    yield s
    SPAN_CACHE.clear()
    reset_session()


@pytest.mark.parametrize("n", [20, 40, 120])
def test_python_masks_by_group_find_what_re2_finds(n, monkeypatch):
    pytest.importorskip("pyarrow")
    cells, _ = _cells(n)
    monkeypatch.setattr(find_text, "_use_arrow", lambda texts: True)
    by_re2 = find_spans(cells)
    monkeypatch.setattr(find_text, "_use_arrow", lambda texts: False)
    assert find_spans(cells) == by_re2
    assert sum(bool(s) for s in by_re2) >= n // 5  # the seeded ones at least


def test_a_batch_gives_each_cell_its_own_spans(session, monkeypatch):
    from jupyter_privguard.detect import patterns

    cells, _ = _cells(60)
    alone = [redaction_spans(c, session) for c in cells]
    SPAN_CACHE.clear()
    calls = []
    real = patterns.find_spans
    # the callers import it from the facade's own namespace (setting the attribute would reach the engine)
    monkeypatch.setitem(vars(patterns), "find_spans", lambda texts, **kw: calls.append(len(texts)) or real(texts, **kw))
    with prefetched(cells, session, session.policy):
        batched = [redaction_spans(c, session) for c in cells]
    assert calls == [len(cells)]  # one pass over every line, none per cell
    assert batched == alone
    assert sum(bool(s) for s in alone) >= 24


def test_cells_already_known_are_not_passed_again(session, monkeypatch):
    cells, _ = _cells(30)
    for c in cells:
        redaction_spans(c, session)
    from jupyter_privguard.detect import patterns

    calls = []
    real = patterns.find_spans
    # the callers import it from the facade's own namespace (setting the attribute would reach the engine)
    monkeypatch.setitem(vars(patterns), "find_spans", lambda texts, **kw: calls.append(len(texts)) or real(texts, **kw))
    with prefetched(cells, session, session.policy):
        pass
    assert calls == []


def test_seeded_identifiers_in_a_harmless_column_are_redacted(session):
    cells, seeded = _cells(120)
    frame = pd.DataFrame({"ref": cells, "qty": list(range(len(cells)))})
    shown = check_shown_cells(frame, TextGuard(session))
    text = "\n".join(shown["ref"].astype(str))
    for value in seeded:
        assert value not in text
        assert value[-8:] not in text.replace(" ", "")  # no card's tail left, however it was spaced
    kept = [c for c in cells if c.startswith(("ORD-", "SKU-"))]
    assert all(c in shown["ref"].tolist() for c in kept)  # order ids and SKUs stay as they were
    assert shown["qty"].tolist() == frame["qty"].tolist()


def test_learned_values_are_found_in_a_batch_as_alone(session):
    session.remember_values(["Marguerite Okonkwo-Vale", "60311"], "PERSON")
    cells, _ = _cells(40)
    cells += ["call Marguerite Okonkwo-Vale back", "ship to 60311", "SKU-60311", "Okonkwo-Vale"]
    alone = [redaction_spans(c, session) for c in cells]
    SPAN_CACHE.clear()
    with prefetched(cells, session, session.policy):
        batched = [redaction_spans(c, session) for c in cells]
    assert batched == alone
    assert alone[-4] and alone[-3]  # the learned name and code are found in the cells that hold them
    assert not alone[-2]  # a code glued to an identifier's prefix is not the learned postal code
