"""``detect.digits.has_digit`` is ``any(c.isdigit() for c in text)``, for every kind of text."""

from __future__ import annotations

import random

import pytest

from jupyter_privguard.detect.digits import has_digit


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "a1",
        "no digits here, only words.",
        "x²",
        "①",
        "é",
        "٣",
        "१२",
        "Ⅻ",
        "½",
        "abc\u0663",
        "0",
        "a" * 500 + "9",
    ],
)
def test_has_digit_is_str_isdigit_on_any_character(text: str) -> None:
    assert has_digit(text) is any(c.isdigit() for c in text)


def test_has_digit_on_random_texts_of_every_script() -> None:
    rnd = random.Random(16)
    pool = "abcXYZ .,;-\n" + "éüßøΩЖ中ア" + "0123456789" + "²³¹①٣१०๓"
    texts = ["".join(rnd.choice(pool) for _ in range(rnd.randint(0, 12))) for _ in range(5_000)]
    assert {any(c.isdigit() for c in t) for t in texts} == {True, False}
    for text in texts:
        assert has_digit(text) is any(c.isdigit() for c in text), text
