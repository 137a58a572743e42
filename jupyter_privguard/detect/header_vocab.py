"""Header languages: the terms that name an entity in a column header, one data file per language.

The matcher (:mod:`jupyter_privguard.detect.headers`) reads its vocabulary from the running
session's registry of header languages (``current_session().registries.get("header_languages")``),
which holds the bundled data files of ``jupyter_privguard/data/headers/`` and the header languages
that installed packages publish, and adds the ``header_terms`` of the entity catalogue.

Adding a header language
------------------------
Write one file, ``jupyter_privguard/data/headers/<code>.json`` (``<code>`` is the ISO 639-1 code,
``pl.json`` for Polish), in the shape below; no code changes. Then add a few of its headers to the
positives and negatives of ``tests/test_headers.py``. ::

    {
      "language": "pl",
      "source": "where the terms come from (written by hand, or the list they were taken from)",
      "terms": {
        "PERSON": [
          {"kind": "strong", "score": 0.95, "terms": ["imie", "nazwisko", "imie_i_nazwisko"]},
          {"kind": "head", "score": 0.8, "terms": ["nazwa"]}
        ],
        "EMAIL_ADDRESS": [{"kind": "strong", "score": 0.95, "terms": ["adres_email"]}]
      },
      "words": {"owner": ["firma", "produkt"]}
    }

``terms`` maps an entity of :mod:`jupyter_privguard.entities` to groups of terms that share a
*kind* and a base *score* in [0, 1]. Terms are written as normalised headers: lower case, words
joined by ``_``; accents may be written or left out (``prénom`` and ``prenom`` are the same term).
The kind says how the words around a term change its score:

``strong``
    keeps most of its score next to unknown words (``email``, ``iban``, ``vorname``).
``generic``
    loses more next to unknown words (``address``, ``city``, ``age``).
``head``
    a head noun: takes the meaning of a term before it (``city_name`` is a place) and is weak
    after an unknown word (``event_name``).
``alone``
    counts only as the whole header (``customer``, ``male``, ``single``).

A group may carry a ``note`` (why its score is what it is). The optional ``words`` adds the
language's own words to the shared word classes of ``_common.json`` (``neutral``, ``person``,
``owner``, ``meta``, ``stat``, ``count_before``, ``count_before_plural``, ``never_corrected``,
``noise``; that file says what each class does). Optional ``name`` (default: the language code)
lets a second file add to a language (``"name": "de_medical", "language": "de"``); ``about`` is a
line for people.

When two languages give one term the same entity and score, the language loaded first names it:
English, then the other bundled files by name, then the plugins in the order they load.

A third-party package publishes a language through the entry-point group
``jupyter_privguard.header_languages``; the entry point loads to a mapping of the shape above, a
path to such a file, or a callable returning either::

    [project.entry-points."jupyter_privguard.header_languages"]
    pl = "my_package.headers:POLISH"
"""

from __future__ import annotations

import json
import os
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, cast

from ..entities import ENTITIES
from ..registry import ENTRY_POINT_GROUPS, Registry
from .header_fuzzy import FuzzyIndex

__all__ = [
    "KINDS",
    "WORD_CLASSES",
    "HeaderLanguage",
    "HeaderLanguageRegistry",
    "HeaderVocabulary",
    "TermEntry",
    "TermGroup",
    "bundled_languages",
    "catalogue_groups",
    "common_words",
    "fold",
    "forget",
    "split_header",
    "vocabulary_for",
]

Kind = Literal["strong", "generic", "head", "alone"]
KINDS: tuple[Kind, ...] = ("strong", "generic", "head", "alone")
#: the word classes of ``_common.json`` (what each does is written in that file)
WORD_CLASSES: tuple[str, ...] = (
    "neutral",
    "person",
    "owner",
    "meta",
    "stat",
    "count_before",
    "count_before_plural",
    "never_corrected",
    "noise",
)
#: a catalogue entity's ``header_terms`` read as strong terms of every language, at this score
CATALOGUE_SCORE = 0.9
# a plain folder, not importlib.resources: the wheel installs the data files beside the code, and
# importing importlib.resources would cost the first match more than reading the files does
_DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "headers")
_COMMON_FILE = "_common.json"
_FIRST = "en"  # loaded first, so that it names a term on a tie (see the module docstring)


# ---------------------------------------------------------------------------------------------
# Normalising text (shared by the terms here and the headers in the matcher)
# ---------------------------------------------------------------------------------------------
_FOLD = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
        "ı": "i",
    }
)
_CAMEL_1 = re.compile(r"([a-z])([A-Z])")
_CAMEL_2 = re.compile(r"([A-Z]+)([A-Z][a-z])")
_ALNUM = re.compile(r"([A-Za-z])([0-9])|([0-9])([A-Za-z])")
_SPLIT = re.compile(r"[^a-z0-9]+")
_CASE_OR_DIGIT = re.compile(r"[A-Z0-9]")
_LETTERS_DIGITS = re.compile(r"[0-9]+|[^0-9]+")


def _letter_digit_runs(word: str) -> list[str]:
    """``"ipv4"`` -> ``["ipv", "4"]`` for a word of any script."""
    return _LETTERS_DIGITS.findall(word)


def fold(text: str) -> str:
    """Fold accents (ä -> a, ß -> ss, é -> e); case is kept for the camelCase split."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    out: list[str] = []
    base = ""
    for c in decomposed:
        if unicodedata.combining(c):
            # marks on Latin, Greek, Cyrillic, Hebrew and Arabic letters are accents or vowel points;
            # on Indic, kana and later scripts they are part of the letter (virama, dakuten): kept
            if base >= "\u0900":
                out.append(c)
            continue
        base = c
        out.append(c)
    # recompose what NFKD split apart (Hangul syllables, kana with dakuten)
    return unicodedata.normalize("NFC", "".join(out))


def _unicode_words(text: str) -> list[str]:
    """Words of a non-ASCII header: runs of letters, marks and digits of any script."""
    cleaned = "".join(c if c.isalnum() or unicodedata.category(c)[0] == "M" else " " for c in text)
    return [t for t in cleaned.replace("_", " ").split() if t]


def split_header(text: str) -> list[str]:
    """Lower-case, accent-folded words of ``text``: camelCase, snake_case, kebab-case, dots and digits split."""
    text = fold(text.strip().lstrip("\ufeff"))
    if not text.isascii():
        text = _CAMEL_1.sub(r"\1 \2", _CAMEL_2.sub(r"\1 \2", text))
        return [w for t in _unicode_words(text.lower()) for w in _letter_digit_runs(t)]
    if _CASE_OR_DIGIT.search(text) is None:  # no camelCase and no digits: nothing to split but separators
        return [t for t in _SPLIT.split(text.lower()) if t]
    text = _CAMEL_2.sub(r"\1 \2", text)
    text = _CAMEL_1.sub(r"\1 \2", text)
    text = _ALNUM.sub(lambda m: f"{m.group(1)} {m.group(2)}" if m.group(1) else f"{m.group(3)} {m.group(4)}", text)
    return [t for t in _SPLIT.split(text.lower()) if t]


@lru_cache(maxsize=4096)
def _words_of(term: str) -> tuple[str, ...]:
    """The words of a term (``"first_name"`` -> ``("first", "name")``), cached: each is asked for twice."""
    return tuple(split_header(term.replace("_", " ")))


# ---------------------------------------------------------------------------------------------
# One language, as read from its data file
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class TermGroup:
    """Terms of one entity that share a kind and a base score (one object of a data file)."""

    entity: str
    kind: Kind
    score: float
    terms: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True, eq=False)
class HeaderLanguage:
    """The header terms of one language (an item of :class:`HeaderLanguageRegistry`).

    Parameters
    ----------
    name
        Registry name, unique; the language code unless the data file names it otherwise.
    language
        ISO 639-1 code reported in each hit (``"de"``), ``"any"`` for terms of every language.
    source
        Where the terms come from.
    groups
        The terms, in file order.
    words
        Additions to the shared word classes (class -> words).
    about
        One line for people.
    """

    name: str
    language: str
    source: str
    groups: tuple[TermGroup, ...]
    words: Mapping[str, frozenset[str]]
    about: str = ""

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, origin: str = "") -> HeaderLanguage:
        """Read a data-file mapping; errors name ``origin`` (a file or entry point) and what was expected."""
        where = origin or "header language"
        if not isinstance(data, Mapping):
            raise TypeError(f"{where}: expected a mapping with 'language', 'source' and 'terms', got {_kind(data)}")
        unknown = set(data) - {"language", "name", "source", "about", "terms", "words"}
        if unknown:
            raise ValueError(
                f"{where}: unknown keys {sorted(unknown)}; expected language, source, terms and optionally "
                "name, about, words"
            )
        language = _text(data.get("language"), f"{where}: 'language'", "an ISO 639-1 code such as 'de'")
        source = _text(data.get("source"), f"{where}: 'source'", "a line naming where the terms come from")
        name = _text(data.get("name", language), f"{where}: 'name'", "a registry name such as 'de_medical'")
        about = data.get("about", "")
        if not isinstance(about, str):
            raise TypeError(f"{where}: 'about' must be a string, got {_kind(about)}")
        terms = data.get("terms")
        if not isinstance(terms, Mapping):
            raise TypeError(f"{where}: 'terms' must map entity names to lists of term groups, got {_kind(terms)}")
        groups = tuple(
            _group(entity, group, f"{where}: {entity}[{i}]")
            for entity, entity_groups in terms.items()
            for i, group in enumerate(_entity_groups(entity, entity_groups, where))
        )
        words = _words(data.get("words", {}), f"{where}: 'words'")
        return cls(name, language, source, groups, words, about)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> HeaderLanguage:
        """Read a data file (UTF-8 JSON)."""
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        return cls.from_mapping(data, origin=os.fspath(path))

    def entries(self) -> Iterator[tuple[TermGroup, str]]:
        """Every (group, term) pair in file order."""
        for group in self.groups:
            for term in group.terms:
                yield group, term

    def __repr__(self) -> str:
        return f"<HeaderLanguage {self.name!r} ({self.language}): {sum(len(g.terms) for g in self.groups)} terms>"


def _kind(obj: object) -> str:
    return type(obj).__name__


def _text(value: Any, what: str, expected: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be {expected}, got {value!r}")
    return value


def _session_catalogue() -> Any:
    """The running session's entity catalogue (built-ins and plugin entities)."""
    from ..session import current_session

    return current_session().registries.get("entities")


def _entity_groups(entity: Any, groups: Any, where: str) -> list[Any]:
    catalogue = _session_catalogue()
    if entity not in ENTITIES and entity not in catalogue:
        known = ", ".join(sorted(set(ENTITIES) | set(catalogue.names())))
        raise ValueError(f"{where}: unknown entity {entity!r}; known entities: {known}")
    if not isinstance(groups, list) or not groups:
        raise TypeError(f"{where}: {entity} must be a non-empty list of term groups, got {_kind(groups)}")
    return groups


def _group(entity: str, group: Any, where: str) -> TermGroup:
    if not isinstance(group, Mapping):
        raise TypeError(f"{where}: expected {{'kind': ..., 'score': ..., 'terms': [...]}}, got {_kind(group)}")
    unknown = set(group) - {"kind", "score", "terms", "note"}
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}; expected kind, score, terms and optionally note")
    kind = group.get("kind")
    if kind not in KINDS:
        raise ValueError(f"{where}: kind must be one of {', '.join(KINDS)}, got {kind!r}")
    score = group.get("score")
    if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0.0 <= score <= 1.0:
        raise ValueError(f"{where}: score must be a number in [0, 1], got {score!r}")
    terms = group.get("terms")
    if not isinstance(terms, list) or not terms or not all(isinstance(t, str) and t.strip("_ -") for t in terms):
        raise ValueError(f"{where}: terms must be a non-empty list of words such as 'first_name', got {terms!r}")
    note = group.get("note", "")
    if not isinstance(note, str):
        raise TypeError(f"{where}: note must be a string, got {_kind(note)}")
    return TermGroup(entity, cast(Kind, kind), float(score), tuple(terms), note)


def _words(data: Any, where: str) -> dict[str, frozenset[str]]:
    if not isinstance(data, Mapping):
        raise TypeError(f"{where} must map word classes to lists of words, got {_kind(data)}")
    out: dict[str, frozenset[str]] = {}
    for cls, words in data.items():
        if cls not in WORD_CLASSES:
            raise ValueError(f"{where}: unknown word class {cls!r}; known: {', '.join(WORD_CLASSES)}")
        if isinstance(words, Mapping):  # the shape of _common.json: {"about": ..., "words": [...]}
            words = words.get("words")
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise ValueError(f"{where}: {cls} must be a list of words, got {words!r}")
        out[cls] = frozenset(words)
    return out


# ---------------------------------------------------------------------------------------------
# The bundled files and the registry
# ---------------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def bundled_languages() -> tuple[HeaderLanguage, ...]:
    """The languages of ``jupyter_privguard/data/headers/`` (read once; English first, then by file name)."""
    names = [f for f in os.listdir(_DATA) if f.endswith(".json") and not f.startswith("_")]
    names.sort(key=lambda f: (f != f"{_FIRST}.json", f))
    return tuple(HeaderLanguage.from_mapping(_read(f), origin=f"data/headers/{f}") for f in names)


def _read(name: str) -> Any:
    with open(os.path.join(_DATA, name), encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def common_words() -> Mapping[str, frozenset[str]]:
    """The shared word classes of ``data/headers/_common.json`` (read once)."""
    data = _read(_COMMON_FILE)
    words = _words(data.get("words"), f"data/headers/{_COMMON_FILE}: 'words'")
    missing = set(WORD_CLASSES) - set(words)
    if missing:
        raise ValueError(f"data/headers/{_COMMON_FILE}: word classes {sorted(missing)} missing")
    return words


def _check(item: Any) -> None:
    if not isinstance(item, HeaderLanguage):
        raise TypeError(
            f"expected a HeaderLanguage, got {_kind(item)}; build one with HeaderLanguage.from_mapping(...) "
            "or HeaderLanguage.from_file(path)"
        )


class HeaderLanguageRegistry(Registry[HeaderLanguage]):
    """The header languages in force, by name; :meth:`default` holds the bundled data files.

    :meth:`register` also takes a mapping in the data-file shape or the path of a data file, and so
    do the entry points of ``jupyter_privguard.header_languages``. :attr:`version` counts the
    changes, so the matcher knows when to rebuild its index.
    """

    def __init__(self, languages: Iterable[HeaderLanguage | Mapping[str, Any] | str | os.PathLike[str]] = ()) -> None:
        self.version = 0
        super().__init__(
            "header language",
            lambda language: language.name,
            check=_check,
            group=ENTRY_POINT_GROUPS["header_languages"],
        )
        for language in languages:
            self.register(language)

    @classmethod
    def default(cls) -> HeaderLanguageRegistry:
        """A new registry with the bundled languages."""
        return cls(bundled_languages())

    def register(
        self, item: HeaderLanguage | Mapping[str, Any] | str | os.PathLike[str], *, replace: bool = False
    ) -> None:
        """Add a language (a :class:`HeaderLanguage`, a data-file mapping or a path); see :class:`Registry`."""
        super().register(_as_language(item), replace=replace)
        self.version += 1

    def unregister(self, name: str) -> HeaderLanguage:
        item = super().unregister(name)
        self.version += 1
        return item

    def _items_of(self, obj: Any) -> list[HeaderLanguage]:
        if isinstance(obj, (HeaderLanguage, Mapping, str, os.PathLike)):
            return [_as_language(obj)]
        if callable(obj):
            return self._items_of(obj())
        return [_as_language(item) for item in obj]


def _as_language(item: Any) -> HeaderLanguage:
    if isinstance(item, HeaderLanguage):
        return item
    if isinstance(item, Mapping):
        return HeaderLanguage.from_mapping(item)
    if isinstance(item, (str, os.PathLike)):
        return HeaderLanguage.from_file(item)
    _check(item)  # raises the TypeError that says what is expected
    return cast(HeaderLanguage, item)


def catalogue_groups(catalogue: Iterable[Any] | None = None) -> tuple[TermGroup, ...]:
    """The ``header_terms`` of the entity catalogue (the session's by default), as strong terms of every language."""
    groups = []
    for entity in catalogue if catalogue is not None else _session_catalogue():
        terms = tuple(getattr(entity, "header_terms", ()) or ())
        if terms:
            groups.append(TermGroup(entity.name, "strong", CATALOGUE_SCORE, terms, "from the entity catalogue"))
    return tuple(groups)


# ---------------------------------------------------------------------------------------------
# The index the matcher uses
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TermEntry:
    """One reading of a term key: entity, base score, the term as written (folded), language, kind."""

    entity: str
    score: float
    term: str
    language: str
    kind: Kind


class HeaderVocabulary:
    """Everything the matcher looks words up in, built from a set of languages.

    Attributes
    ----------
    table
        Term key (the term's words joined without separator, ``"firstname"``) -> readings, best first.
    term_words
        Every word that appears in a term.
    neutral, person, owner, meta, stat, count_before, count_before_plural, never_corrected, noise
        The word classes (shared ones plus each language's own).
    known
        Words that are never segmented or corrected into something else.
    segment_words
        What a lower-case compound (``srcip``) may be split into.
    fuzzy
        The typo index.
    """

    def __init__(
        self,
        languages: Iterable[HeaderLanguage],
        *,
        extra: Iterable[TermGroup] = (),
        common: Mapping[str, frozenset[str]] | None = None,
    ) -> None:
        languages = tuple(languages)
        words = {cls: set(ws) for cls, ws in (common_words() if common is None else common).items()}
        pairs: list[tuple[TermGroup, str, str]] = []
        for lang in languages:
            pairs.extend((group, term, lang.language) for group, term in lang.entries())
            for cls, ws in lang.words.items():
                words.setdefault(cls, set()).update(ws)
        pairs.extend((group, term, "any") for group in extra for term in group.terms)
        self.table = self._build_table(pairs)
        self.term_words = frozenset(w for entries in self.table.values() for e in entries for w in _words_of(e.term))

        def get(cls: str) -> frozenset[str]:
            return frozenset(words.get(cls, ()))

        self.neutral, self.person, self.owner, self.meta, self.stat = (
            get(c) for c in ("neutral", "person", "owner", "meta", "stat")
        )
        self.count_before, self.count_before_plural = get("count_before"), get("count_before_plural")
        self.never_corrected, self.noise = get("never_corrected"), get("noise")
        self.known = (
            self.neutral
            | self.person
            | self.owner
            | self.meta
            | self.stat
            | self.count_before
            | self.never_corrected
            | self.noise
        )
        self.segment_words = frozenset(
            {k for k in self.table if len(k) >= 2} | ({w for w in self.known if len(w) >= 2} - self.noise)
        )
        # what the fuzzy matcher may correct a token into: whole terms and the words that build them
        targets = {k for k, v in self.table.items() if len(k) >= 5 and any(e.kind != "alone" for e in v)}
        targets |= {w for w in self.term_words if len(w) >= 5}
        self.fuzzy = FuzzyIndex(targets, self.known | self.term_words | frozenset(self.table))

    @staticmethod
    def _build_table(pairs: Iterable[tuple[TermGroup, str, str]]) -> dict[str, tuple[TermEntry, ...]]:
        by_key: dict[str, dict[str, TermEntry]] = {}
        for group, term, language in pairs:
            key = "".join(_words_of(term))
            entry = TermEntry(group.entity, group.score, fold(term).lower(), language, group.kind)
            slot = by_key.setdefault(key, {})
            old = slot.get(group.entity)
            # one key can mean several entities ("pan"); per entity keep the strongest reading, and
            # on a tie the one loaded first
            if old is None or old.score < entry.score:
                slot[group.entity] = entry
        return {k: tuple(sorted(v.values(), key=lambda e: -e.score)) for k, v in by_key.items()}


_LOCK = threading.Lock()
# index per (languages, catalogue terms); the key holds the language objects, which compare by identity
_BUILT: dict[tuple[Any, ...], HeaderVocabulary] = {}
_LAST: tuple[Any, int, Any, int, HeaderVocabulary] | None = None


def vocabulary_for(registry: Iterable[HeaderLanguage]) -> HeaderVocabulary:
    """The index for the languages of ``registry`` plus the catalogue's header terms (built once, cached).

    A registry that changes (its :attr:`~HeaderLanguageRegistry.version` moves) gets a new index;
    registries that hold the same language objects share one, so a new session does not rebuild it.
    """
    global _LAST
    last = _LAST
    version = getattr(registry, "version", None)
    catalogue = _session_catalogue()
    entities_version = getattr(catalogue, "version", -1)
    if (
        last is not None
        and last[0] is registry
        and version is not None
        and last[1] == version
        and last[2] is catalogue
        and last[3] == entities_version
    ):
        return last[4]
    with _LOCK:
        languages = tuple(registry)
        extra = catalogue_groups(catalogue)
        key = (languages, tuple((g.entity, g.terms) for g in extra))
        vocab = _BUILT.get(key)
        if vocab is None:
            if len(_BUILT) >= 4:  # a test that swaps registries should not keep every index alive
                _BUILT.clear()
            vocab = _BUILT[key] = HeaderVocabulary(languages, extra=extra)
        _LAST = (registry, -1 if version is None else version, catalogue, entities_version, vocab)
        return vocab


def forget() -> None:
    """Look the registry and the catalogue up again on the next match (the built indexes are kept)."""
    global _LAST
    _LAST = None
