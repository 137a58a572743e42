"""Seeded people for the print-path tests and a check that a printed table's columns line up (not collected).

The names are made of syllables drawn by a seeded generator (not from a names list, so nothing here is
tuned to the package's gazetteer) and have very different lengths, so a placeholder that replaced a
name after pandas padded its column would leave the column out of line. The phone numbers are US
numbers of real area codes with a valid exchange (``phonenumbers`` accepts them).
"""

from __future__ import annotations

import random
import re

import pandas as pd

_ONSETS = ["qu", "br", "th", "v", "z", "k", "dr", "m", "sh", "l", "gr", "p", "h", "f", "st"]
_VOWELS = ["a", "o", "e", "i", "u", "ai", "ou", "ae"]
_CODAS = ["", "n", "rv", "l", "sk", "th", "m", "rd", "x", "nd"]
_AREA_CODES = [201, 206, 212, 303, 312, 415, 503, 617, 702, 808]


def _word(rng: random.Random, syllables: int) -> str:
    word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables))
    return word.capitalize()


def people(n: int = 12, seed: int = 15) -> pd.DataFrame:
    """``n`` near-unique people: ``full_name``, ``phone``, ``visits`` (not personal) and ``plan`` (not personal)."""
    rng = random.Random(seed)
    names, phones = [], []
    for i in range(n):
        # from two short words to three long ones, so the names' widths differ widely
        words = [_word(rng, rng.randint(1, 3)) for _ in range(2 + (i % 3 == 0))]
        names.append(" ".join(words))
        phones.append(f"+1 {rng.choice(_AREA_CODES)} {rng.randint(200, 999)} {rng.randint(0, 9999):04d}")
    return pd.DataFrame(
        {
            "full_name": names,
            "phone": phones,
            "visits": [rng.randint(1, 400) for _ in range(n)],
            "plan": [rng.choice(["basic", "premium", "trial"]) for _ in range(n)],
        }
    )


def seeded(df: pd.DataFrame) -> list[tuple[str, str]]:
    """The personal values of :func:`people` as ``(value, kind)`` for ``seeded.ValueSearch``."""
    return [(v, "name") for v in df["full_name"]] + [(v, "number") for v in df["phone"]]


def misaligned(text: str) -> list[str]:
    """The problems of a printed pandas table: lines of one block of different widths, or a column whose
    header does not end where its values end. Empty when every column lines up.

    A block is a run of table lines (a wide frame that pandas wraps prints several, separated by a
    blank line); the ``[R rows x C columns]`` line is no part of one. pandas right-justifies its
    columns, so the end of each header label is the end of the values under it on every row (a value may
    hold spaces: the check looks at the column's right edge only).
    """
    problems: list[str] = []
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if not line.strip() or re.fullmatch(r"\[\d+ rows x \d+ columns\]", line.strip()):
            blocks.append([])
        elif not line.startswith(_FOOTERS):
            blocks[-1].append(line)
    for n, block in enumerate(b for b in blocks if b):
        if len(block) > 1 and block[0][:1].strip() and len(block[0].split()) == 1 and len(block[1].split()) > 1:
            block = block[1:]  # a Series' row labels' name, above its rows
        widths = {len(line) for line in block}
        if len(widths) > 1:
            problems.append(f"block {n}: lines of widths {sorted(widths)}")
        tokens = list(re.finditer(r"[^\s\\]+", block[0]))
        header = [m.span() for m in tokens if m.group() != "..."]
        # with columns left out, pandas' own header sits one character left of the values (its quirk)
        slack = 1 if len(header) < len(tokens) else 0
        if block[0][:1].strip():
            header = header[1:]  # a row label (a Series has no header row), left-justified
        for line in block[1:]:
            if not header or not line[header[0][0] :].strip():
                continue  # the row labels' names, under the header
            # a value may hold spaces (a phone number): each column's right edge is a value's last character
            if not all(any(_edge(line, end + d) for d in range(slack + 1)) for _, end in header):
                problems.append(f"block {n}: a column's values do not end under its header")
                break
    return problems


_FOOTERS = ("Name:", "dtype:", "Length:", "shape:")


def _edge(line: str, end: int) -> bool:
    """Whether a value ends at ``end`` in ``line``."""
    return end <= len(line) and line[end - 1] != " " and line[end : end + 1] in ("", " ")
