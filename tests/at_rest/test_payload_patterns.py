"""The payload and shape patterns of ``notebooks/payloads.py`` are written first-character-first (a
look-behind after the first character) for speed: they must find exactly what the plain forms below
find, match for match, on the vendored real notebooks' texts, on hand-written cases and on random
strings of the characters the patterns care about."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from jupyter_privguard.notebooks import payloads

# the plain forms, as they were written before the rewrite (the reference)
PLAIN = {
    "_HEX_COLOUR": re.compile(r"(?<![\w&#])#(?:[0-9A-Fa-f]{8}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3,4})(?![\w-])"),
    "_NUMBER_RUN": re.compile(r"(?<![\w.])-?[0-9]+(?:[ \t]+-?[0-9]+){5,}(?![\w.])"),
    "_TIMESTAMP": re.compile(r"\b[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?\b"),
    "_VERSION": re.compile(r"(?<=[A-Za-z]/)[0-9]+(?:\.[0-9]+)+\b|(?<=\) \()[0-9]+(?:\.[0-9]+)+(?=\)$)", re.M),
    "_MEASUREMENT": re.compile(
        r"(?<![\w.])[-+]?(?:[0-9]+\.[0-9]+(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)(?![\w]|\.[0-9])"
    ),
    "_SUBSCRIPT": re.compile(r"(?<=[\w)\]#])\[[^\[\]\n]*:[^\[\]\n]*\]"),
}

CASES = [
    "#fff #E6E6E6 #12345678 &#123; a#fff #ffff- x #abc",
    "[ 1  2  3  4  5  6] 1 2 3 4 5 -6 a1 2 3 4 5 6 .1 2 3 4 5 6 7 8 9 10 11 12 13",
    "-1 -2 -3 -4 -5 -6 x-1 2 3 4 5 6 1 2 3 4 5 6.",
    "2019-01-01 10:00:00.5 a2019-01-01 10:00 12019-01-01 10:00 2019-01-01T23:59",
    "Boto/2.5.1x Boto/2.5.1 pip (from a) (1.2.3)\nx (1.2)\nPython/3.11.7 /3.1",
    "-1.5e-3 +2e5 3.0 .5 1.2.3 x1.5 1.5x +.5 -e5 12E+7 1.5.6 7.25%",
    "x[::-1] a[1:2] ) [1:2] ][:] #[a:b] b[] c[1] d[:\n]",
    "",
    "1",
    "é1.5 ü2019-01-01 10:00 Ω#fff",
]


def _spans(rx: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in rx.finditer(text)]


def _real_texts() -> list[str]:
    out = []
    for path in sorted((Path(__file__).parent / "fixtures" / "real").rglob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        cells = nb.get("cells") or [c for w in nb.get("worksheets", []) for c in w.get("cells", [])]
        for cell in cells:
            source = cell.get("source", "")
            out.append("".join(source) if isinstance(source, list) else source)
            for output in cell.get("outputs", []):
                for value in [output.get("text", "")] + list((output.get("data") or {}).values()):
                    if isinstance(value, list) and all(isinstance(v, str) for v in value):
                        out.append("".join(value))
                    elif isinstance(value, str):
                        out.append(value)
    return out


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_the_fast_form_finds_what_the_plain_form_finds(name: str) -> None:
    fast = getattr(payloads, name)
    assert fast.pattern != PLAIN[name].pattern  # the module holds the rewritten form
    texts = CASES + _real_texts()
    rnd = random.Random(16)
    alphabet = "0123456789 \t.-+eE:T/[]()#abF_Zé\n"
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 60))) for _ in range(20_000)]
    # runs of tokens (numbers, signs, blanks, brackets) so the number-run and version shapes occur
    tokens = ["1", "23", "456", "-7", " ", "  ", "\t", ".", ".5", "e3", "a", "/", "[", "]", ":", "#", "\n", "x/"]
    texts += ["".join(rnd.choice(tokens) for _ in range(rnd.randint(1, 40))) for _ in range(20_000)]
    for _ in range(5_000):  # rows of numbers (printed arrays), with noise around and inside them
        row = [rnd.choice(["1", "-2", "30", "4.5", "x", "-"]) for _ in range(rnd.randint(4, 14))]
        texts.append(rnd.choice(tokens) + rnd.choice([" ", "  ", "\t"]).join(row) + rnd.choice(tokens))
    found = 0
    for text in texts:
        want = _spans(PLAIN[name], text)
        assert _spans(fast, text) == want, (name, text[:200])
        found += len(want)
    assert found > 50  # the texts exercise the pattern


def test_the_real_fixtures_are_read() -> None:
    assert sum(len(t) for t in _real_texts()) > 100_000
