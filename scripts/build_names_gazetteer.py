"""Build jupyter_privguard/data/names.json.gz, the gazetteer behind detect/names.py.

Run from the repository root with the dev extra installed (Faker is needed here only; the
package never imports it at run time):

    python scripts/build_names_gazetteer.py

The file holds three sorted, lower-cased, de-duplicated word lists:

``given``
    given names from every locale of Faker's person providers;
``surname``
    surnames from the same providers;
``other``
    words that are clearly not names in a table cell: common words (Faker's lorem word lists of
    a few Latin-script languages), colours, job-title words, company suffixes and buzzwords,
    countries, states and cities from Faker's address providers. A name that is also one of these
    words ("Rose", "Green", "Jordan") counts as ambiguous evidence.

Faker is MIT-licensed; the provenance line is in jupyter_privguard/data/PROVENANCE.md.
"""

from __future__ import annotations

import gzip
import importlib
import json
import pkgutil
import re
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

import faker
import faker.providers.address
import faker.providers.color
import faker.providers.company
import faker.providers.job
import faker.providers.lorem
import faker.providers.person

OUT = Path(__file__).resolve().parents[1] / "jupyter_privguard" / "data" / "names.json.gz"

PERSON_GIVEN = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")
PERSON_SURNAME = ("last_names", "last_names_male", "last_names_female")
ADDRESS_WORDS = ("countries", "cities", "city_names", "states", "provinces", "regions", "street_suffixes")
COMPANY_WORDS = ("company_suffixes", "bsWords", "catch_phrase_words")
LOREM_LOCALES = ("en_US", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL")

# A name token: letters (any script), with inner apostrophes or hyphens.
TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


def _strings(value: object) -> Iterable[str]:
    """Every string inside a provider attribute (tuples, lists, dicts of weights, nested lists)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key in value:
            yield from _strings(key)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _strings(item)


def _providers(package: ModuleType) -> Iterable[type]:
    yield importlib.import_module(package.__name__).Provider
    for module in pkgutil.iter_modules(package.__path__):
        provider = getattr(importlib.import_module(f"{package.__name__}.{module.name}"), "Provider", None)
        if provider is not None:  # helper modules (e.g. color.color) have none
            yield provider


def _words(providers: Iterable[type], attributes: Iterable[str], *, split: bool) -> set[str]:
    words: set[str] = set()
    attributes = tuple(attributes)
    for provider in providers:
        for attribute in attributes:
            value = getattr(provider, attribute, None)
            for text in _strings(value):
                text = text.strip().lower()
                if split:
                    words.update(t for t in TOKEN.findall(text) if len(t) > 1)
                elif TOKEN.fullmatch(text):
                    words.add(text)
    return words


def build() -> dict[str, list[str]]:
    given = _words(_providers(faker.providers.person), PERSON_GIVEN, split=False)
    surname = _words(_providers(faker.providers.person), PERSON_SURNAME, split=False)
    other: set[str] = set()
    lorem = [importlib.import_module(f"faker.providers.lorem.{loc}").Provider for loc in LOREM_LOCALES]
    other |= _words(lorem, ("word_list",), split=True)
    other |= _words(_providers(faker.providers.color), ("all_colors", "safe_colors"), split=True)
    other |= _words(_providers(faker.providers.job), ("jobs",), split=True)
    other |= _words(_providers(faker.providers.company), COMPANY_WORDS, split=True)
    # Place names are kept whole: split, "Sainte-Marie" or "San Jose" would make common given
    # names look ambiguous.
    other |= _words(_providers(faker.providers.address), ADDRESS_WORDS, split=False)
    # Stray letters carry no signal either way (two-letter words such as "my" and "an" stay:
    # they are given names in some locales and function words in English).
    other = {w for w in other if len(w) > 1}
    # Country names (English) and US states, whole, for place detection in free text.
    english = importlib.import_module("faker.providers.address.en_US").Provider
    places = {p.strip().lower() for p in _strings((english.countries, english.states)) if p.strip()}
    return {
        "given": sorted(given),
        "surname": sorted(surname),
        "other": sorted(other),
        "places": sorted(places),
    }


def main() -> None:
    data = build()
    data_with_meta = {"source": f"faker=={faker.VERSION}", **data}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(data_with_meta, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # mtime=0 keeps the file byte-identical between runs.
    with gzip.GzipFile(OUT, "wb", compresslevel=9, mtime=0) as fh:
        fh.write(payload)
    sizes = ", ".join(f"{k}: {len(v)}" for k, v in data.items())
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes; {sizes})")


if __name__ == "__main__":
    main()
