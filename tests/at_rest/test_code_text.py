"""Code cells read as code (notebooks.code_text): string literals and comments are text, the rest
is not; seeded personal data inside literals and comments is still found and cleaned, slices,
numbers and identifiers beside it are never values."""

from __future__ import annotations

import json
from typing import Any

import pytest

from jupyter_privguard.notebooks import SOURCE_MIME, NotebookOptions, clean_text, scan_notebook
from jupyter_privguard.notebooks.code_text import MASK_CHAR, mask_code, text_ranges
from jupyter_privguard.policy import Policy

OPTIONS = NotebookOptions(policy=Policy(ner="off"))
REDACT = NotebookOptions(policy=Policy(ner="off"), sources="redact")
EMAIL = "marta.kowalczyk.7731@example.org"  # seeded, near-unique
PHONE = "(415) 555-0187"


def _nb(*sources: str, kind: str = "code") -> dict[str, Any]:
    cells = [
        {
            "cell_type": kind,
            "metadata": {},
            "source": s,
            **({"outputs": [], "execution_count": None} if kind == "code" else {}),
        }
        for s in sources
    ]
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}


def _entities(nb: dict[str, Any]) -> list[str]:
    return sorted(f.entity for f in scan_notebook(nb, OPTIONS) if f.mime == SOURCE_MIME)


@pytest.mark.parametrize(
    "code",
    [
        "x = y[::-1]",
        "X[1::2], X[::2], a[:, ::3]",
        "arr[::100]\nb = arr[10000::20000]",
        "n = 4155550187\nm = 0x1F2E3D\nk = 1_234_567",
        "def f(a, b):\n    return a[::-1] + b[2::5]",
        "%timeit x[::-1]\ny = z[::2]",
    ],
)
def test_slices_numbers_and_identifiers_are_not_values(code: str) -> None:
    assert _entities(_nb(code)) == []


@pytest.mark.parametrize(
    ("code", "entity"),
    [
        (f"send(to='{EMAIL}')  # x[::-1]", "EMAIL_ADDRESS"),
        (f"x = y[::-1]  # ask {EMAIL}", "EMAIL_ADDRESS"),
        (f'msg = f"call {PHONE} about {{order[::2]}}"', "PHONE_NUMBER"),
        (f'doc = """\nContact: {EMAIL}\n"""\nz = q[1::2]', "EMAIL_ADDRESS"),
        (f"!curl -u {EMAIL} https://example.org\nx[::3]", "EMAIL_ADDRESS"),
        (f"%%bash\necho {EMAIL}", "EMAIL_ADDRESS"),
        (f"x = (1,\n# unfinished bracket: not Python, read whole: {EMAIL}", "EMAIL_ADDRESS"),
    ],
)
def test_personal_data_in_literals_and_comments_is_found(code: str, entity: str) -> None:
    assert _entities(_nb(code)) == [entity]


def test_clean_redacts_the_literal_and_keeps_the_slice() -> None:
    code = f"y = x[::-1]\nsend(to='{EMAIL}')  # about {PHONE}\n"
    nb = _nb(code)
    nb["cells"][0]["source"] = code.splitlines(keepends=True)
    new, _ = clean_text(json.dumps(nb), REDACT)
    source = "".join(json.loads(new)["cells"][0]["source"])
    assert EMAIL not in source and PHONE not in source and "555" not in source
    assert source.startswith("y = x[::-1]\n")
    compile(source, "<cell>", "exec")  # the code still parses


def test_markdown_code_blocks_and_spans_are_code() -> None:
    md = f"Reverse with `x[::-1]` or:\n\n```python\nb = a[1::2]  # {EMAIL}\n```\n\nMail {EMAIL}."
    found = scan_notebook(_nb(md, kind="markdown"), OPTIONS)
    assert [f.entity for f in found] == ["EMAIL_ADDRESS"] and found[0].count == 2


def test_ranges_and_mask_keep_offsets() -> None:
    code = "a = b[::-1]  # hi\ns = 'x'\n"
    masked = mask_code(code)
    assert len(masked) == len(code) and masked.count("\n") == 2
    kept = "".join(code[a:b] for a, b in text_ranges(code))
    assert kept == " hix"
    assert masked.replace(MASK_CHAR, "") == " hi\nx\n"
    assert text_ranges("x = 'open") == [(0, 9)]  # not Python: all of it is text
