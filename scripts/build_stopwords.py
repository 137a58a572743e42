"""Build ``jupyter_privguard/data/stopwords.txt``: common words a one-token learned value is not matched alone as.

Source: the English stop-word list spaCy ships (``spacy.lang.en.stop_words.STOP_WORDS``, MIT
licence; other languages' lists hold short given names such as "sue" and "li", which the
letter-case rule of the index protects instead), normalised the way the value
index normalises tokens, one-token entries only, sorted. spaCy is used only by this script, never at
run time. Run: ``python scripts/build_stopwords.py``.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from jupyter_privguard.textforms import value_tokens

LANGUAGES = ("en",)
OUT = Path(__file__).resolve().parents[1] / "jupyter_privguard" / "data" / "stopwords.txt"


def main() -> None:
    words: set[str] = set()
    for code in LANGUAGES:
        module = importlib.import_module(f"spacy.lang.{code}.stop_words")
        for word in module.STOP_WORDS:
            toks = value_tokens(word)
            if len(toks) == 1 and not toks[0].isdigit():
                words.add(toks[0])
    header = f"# spaCy stop words ({', '.join(LANGUAGES)}), normalised; made by scripts/build_stopwords.py\n"
    OUT.write_text(header + "\n".join(sorted(words)) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {OUT}")


if __name__ == "__main__":
    main()
