"""Tier 1: what a column's header (and its neighbours' headers) says it holds.

A header is normalised (accents folded, camelCase / snake_case / kebab-case / dots split, digits and
noise tokens set aside), then matched against the header vocabulary: the terms of every header
language in force (English, German, French, Spanish, Italian, Portuguese, Dutch and technical
abbreviations are bundled as data files, see :mod:`jupyter_privguard.detect.header_vocab`). A term
can match the whole header (``how="exact"``), part of it (``how="token"``, e.g. ``billing_email``,
or a lower-case compound such as ``srcip``), or a typo of it (``how="fuzzy"``, e.g. ``emial``).

The words around a matched term change its score: ``company_name`` is not a person, ``zip_file`` is
not a postal code, ``pct_black`` is an aggregate and ``email_verified`` is a flag. The rules:

* a *strong* term (``email``, ``ssn``, ``iban``) keeps most of its score next to unknown words;
* a *generic* term (``address``, ``city``, ``age``) loses more;
* a *head* term (``name``, ``code``) takes the meaning of a term before it (``city_name`` is a
  location) and is weak after an unknown word (``event_name``);
* an *alone* term (``customer``, ``male``, ``black``, ``single``) only counts as the whole header;
* owner words (company, product, file, host, table ...), meta words (type, flag, verified, date,
  count ...) and statistics (pct, frac, avg, per ...) pull the score down hard.

The kinds are given per term in the data files; the word classes live in
``data/headers/_common.json``. The scores those classes apply, and the context rules below, are code.

:func:`match_headers` looks at all headers of a table together and uses the neighbours as context
(``first`` next to ``last``; ``number`` next to ``cvv``; ``zip`` next to ``city``).

Adding a header language is one data file: see :mod:`jupyter_privguard.detect.header_vocab`. The
matcher uses the running session's registry of header languages
(``current_session().registries.get("header_languages")``, the bundled files plus the
``jupyter_privguard.header_languages`` entry points) and the ``header_terms`` of the entity
catalogue; its index is built on first use and rebuilt only when that registry changes.

Only header strings and dictionary terms appear in the results, never a cell value. Results are
cached: the same headers come back on every display.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from ..entities import ENTITIES
from .header_fuzzy import osa_distance as _osa  # noqa: F401  (tests and callers read headers._osa)
from .header_vocab import HeaderVocabulary, TermEntry, split_header, vocabulary_for
from .header_vocab import forget as _forget_vocabulary


def _load_rapidfuzz() -> tuple[Any, Any]:
    """rapidfuzz is optional: faster edit distances; the pure-Python fallback gives the same answers."""
    try:
        from rapidfuzz import process
        from rapidfuzz.distance import OSA
    except ImportError:
        return None, None
    return process, OSA


_rf_process, _rf_osa = _load_rapidfuzz()

__all__ = ["HeaderHit", "match_header", "match_headers", "normalize_header", "clear_cache"]

How = Literal["exact", "token", "fuzzy"]


@dataclass(frozen=True)
class HeaderHit:
    """One reading of a header.

    Parameters
    ----------
    entity
        Entity name from :mod:`jupyter_privguard.entities`, e.g. ``"EMAIL_ADDRESS"``.
    score
        How sure, in [0, 1]. Strong exact terms score about 0.9; weak or ambiguous ones 0.4 or less.
    term
        The dictionary term that matched, in normalised form (``"first_name"``). A hit that comes from
        a neighbouring header names both terms, joined by ``+`` (``"number+cvv"``).
    language
        ISO 639-1 code of the term (``"en"``, ``"de"`` ...), ``"any"`` for technical abbreviations.
    how
        ``"exact"`` (the whole header is the term), ``"token"`` (the term is part of the header or
        was found through context) or ``"fuzzy"`` (a near miss such as a typo).
    """

    entity: str
    score: float
    term: str
    language: str
    how: How


# a term is matched over at most this many tokens (the typo and compound steps may split a word)
_MAX_SPAN = 6
_split = split_header
_IN_USE: HeaderVocabulary | None = None


def _vocab() -> HeaderVocabulary:
    """The index of the session's header languages; cached results are dropped when it changes."""
    global _IN_USE
    # imported here: the session owns the registries, and importing it is only needed once a header is matched
    from ..session import current_session

    vocab = vocabulary_for(current_session().registries.get("header_languages"))
    if vocab is not _IN_USE:
        _match_cached.cache_clear()
        _match_many.cache_clear()
        _IN_USE = vocab
    return vocab


_KIND_LETTER = {"strong": "S", "generic": "G", "head": "H", "alone": "A"}


def __getattr__(name: str) -> Any:
    """``_TABLE`` and ``_TERMS``: the index and the term rows as the single-module matcher had them.

    The term table moved to data files; tests that check it read these, computed from the
    vocabulary in force.
    """
    if name == "_TABLE":
        return _vocab().table
    if name == "_TERMS":
        # one row per term group: entity, language, score, kind letter, terms (space separated)
        from ..session import current_session

        registry = current_session().registries.get("header_languages")
        return tuple(
            (g.entity, lang.language, g.score, _KIND_LETTER[g.kind], " ".join(g.terms))
            for lang in registry
            for g in lang.groups
        )
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _singular(token: str, v: HeaderVocabulary) -> str:
    """``emails`` -> ``email``, ``cities`` -> ``city``; only when the plural is not itself known."""
    if token in v.table or token in v.known or len(token) < 4:
        return token
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("es", ""), ("s", "")):
        if token.endswith(suffix) and not (suffix == "s" and token.endswith("ss")):
            cand = token[: -len(suffix)] + repl
            if cand in v.table or cand in v.term_words:
                return cand
    return token


def normalize_header(name: str) -> tuple[str, ...]:
    """Split a header into normalised tokens.

    Parameters
    ----------
    name
        A column header as written (``"E-Mail-Adresse"``, ``"customerFirstName"``).

    Returns
    -------
    tuple of str
        Lower-case, accent-folded tokens with noise tokens removed and plurals of known words
        made singular; digit runs are kept (``"ipv4"`` -> ``("ipv", "4")``) for compound lookups.
    """
    return _normalize(name, _vocab())


def _normalize(name: str, v: HeaderVocabulary) -> tuple[str, ...]:
    tokens = [_singular(t, v) for t in _split(str(name)) if t not in v.noise]
    out: list[str] = []
    for tok in tokens:
        # "ssn_last4" / "ssn_last_4": a masked value is still the same entity
        if tok.isdigit() and out and out[-1] == "last":
            out[-1] = "last4"
            continue
        out.append(tok)
    return tuple(out)


def _segment(token: str, v: HeaderVocabulary) -> list[str] | None:
    """Split a lower-case compound (``srcip``) into known words, fewest pieces first."""
    n = len(token)
    if n < 5 or n > 40:
        return None
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(2, n + 1):
        for start in range(0, end - 1):
            prev = best[start]
            piece = token[start:end]
            if prev is not None and piece in v.segment_words:
                cand = prev + [piece]
                cur = best[end]
                if cur is None or len(cand) < len(cur):
                    best[end] = cand
    result = best[n]
    if result is None or len(result) < 2:
        return None
    # a split is only worth it when it finds a term
    if not any(p in v.table for p in result):
        return None
    return result


def _is_unspaced(c: str) -> bool:
    """A letter of a script written without spaces between words (Han, kana, Hangul compounds)."""
    return "\u3040" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" or "\uf900" <= c <= "\ufaff"


def _segment_unspaced(token: str, v: HeaderVocabulary) -> list[str] | None:
    """Split a CJK or Hangul compound (``顧客氏名``) into the terms it contains and the runs between them."""
    n = len(token)
    if n < 3 or n > 40 or not any(_is_unspaced(c) for c in token):
        return None
    # best[i] = (letters not covered by a term, pieces) for token[:i]
    none: list[str] = []
    best: list[tuple[int, list[str]]] = [(0, none)] + [(n + 1, none)] * n
    for end in range(1, n + 1):
        cost, pieces = best[end - 1]
        cand = (
            cost + 1,
            pieces[:-1] + [pieces[-1] + token[end - 1]]
            if pieces and pieces[-1] not in v.table
            else pieces + [token[end - 1]],
        )
        if cand[0] < best[end][0]:
            best[end] = cand
        for start in range(max(0, end - 10), end - 1):
            if token[start:end] in v.table:
                cost, pieces = best[start]
                if cost < best[end][0] or (cost == best[end][0] and len(pieces) + 1 < len(best[end][1])):
                    best[end] = (cost, pieces + [token[start:end]])
    pieces = best[n][1]
    if len(pieces) < 2 or not any(p in v.table for p in pieces):
        return None
    return pieces


def _fuzzy(token: str, v: HeaderVocabulary) -> tuple[str, float] | None:
    """The closest dictionary word to ``token`` and a similarity in (0, 1), or ``None``."""
    # read at call time: a test switches rapidfuzz off by setting _rf_process to None
    return v.fuzzy.closest(token, _rf_process, _rf_osa)


@dataclass
class _Match:
    start: int
    end: int
    entries: tuple[TermEntry, ...]
    fuzzy_sim: float  # 1.0 when no token in the span was corrected
    segmented: bool


def _classify(token: str, v: HeaderVocabulary) -> str:
    if token.isdigit() or token in v.neutral:
        return "neutral"
    if token in v.person:
        return "person"
    if token in v.stat:
        return "stat"
    if token in v.owner:
        return "owner"
    if token in v.meta:
        return "meta"
    return "unknown"


def _find_matches(
    tokens: list[str], fuzzy_sim: list[float], segmented: list[bool], v: HeaderVocabulary
) -> list[_Match]:
    """Greedy longest-first cover of the tokens by dictionary terms (compact keys)."""
    n = len(tokens)
    taken = [False] * n
    found: list[_Match] = []
    for length in range(min(_MAX_SPAN, n), 0, -1):
        for start in range(0, n - length + 1):
            end = start + length
            if any(taken[start:end]):
                continue
            span = tokens[start:end]
            if span[0].isdigit():
                continue
            entries = v.table.get("".join(span))
            if not entries:
                continue
            whole = start == 0 and end == n
            usable = tuple(e for e in entries if e.kind != "alone" or whole)
            if not usable:
                continue
            for i in range(start, end):
                taken[i] = True
            found.append(_Match(start, end, usable, min(fuzzy_sim[start:end]), any(segmented[start:end])))
    found.sort(key=lambda m: m.start)
    return found


def _score_match(
    m: _Match,
    entry: TermEntry,
    tokens: list[str],
    matches: list[_Match],
    count_words: frozenset[str],
    v: HeaderVocabulary,
) -> float:
    """Adjust an entry's base score for the words around it."""
    score = entry.score
    strong = entry.kind == "strong"
    head = entry.kind == "head"
    in_other = {i for o in matches if o is not m for i in range(o.start, o.end)}
    for i, tok in enumerate(tokens):
        if m.start <= i < m.end or i in in_other:
            continue
        if tok in count_words and i < m.start:
            score *= 0.4  # "num_street", "n_jobs": a count of things, not the thing
            continue
        cls = _classify(tok, v)
        if cls == "neutral":
            continue
        if cls == "person":
            if entry.entity == "PERSON" and head:
                score = min(0.9, score + 0.05)
            continue
        if cls == "stat":
            score *= 0.35
        elif cls == "meta":
            score *= 0.4
        elif cls == "owner":
            score *= 0.6 if strong else 0.3
        else:  # unknown word
            score *= 0.9 if strong else (0.5 if head else 0.7)
    # a term right before a word that is not neutral is a modifier: "email_subject", "zip_file"
    nxt = m.end
    if nxt < len(tokens) and nxt not in in_other and _classify(tokens[nxt], v) in ("unknown", "owner", "meta"):
        score *= 0.75
    # two terms: the last one is the head noun ("customer_email", "home_address_zip")
    later = [o for o in matches if o.start > m.start]
    earlier = [o for o in matches if o.start < m.start]
    if head and earlier:
        # "city_name", "state_code": the head takes the meaning of the term before it
        score *= 0.3
    elif later:
        last = later[-1]
        same = last.entries[0].entity == entry.entity  # the head's main reading
        head_only = all(e.kind == "head" for e in last.entries)
        if not same and not head_only:
            score *= 0.6
    if m.fuzzy_sim < 1.0:
        score *= 0.95 * m.fuzzy_sim
    return round(max(0.0, min(1.0, score)), 3)


_HOW_RANK = {"exact": 0, "token": 1, "fuzzy": 2}


def _match(name: str, v: HeaderVocabulary) -> tuple[HeaderHit, ...]:
    base = list(_normalize(name, v))
    if not base:
        return ()
    # expand lower-case compounds and correct typos, token by token
    tokens: list[str] = []
    sims: list[float] = []
    segmented: list[bool] = []
    for tok in base:
        if tok in v.table or tok in v.known or tok in v.term_words or tok.isdigit():
            tokens.append(tok)
            sims.append(1.0)
            segmented.append(False)
            continue
        parts = _segment(tok, v) or _segment_unspaced(tok, v)
        if parts:
            tokens.extend(parts)
            sims.extend([1.0] * len(parts))
            segmented.extend([True] * len(parts))
            continue
        fixed = None if any(_is_unspaced(c) for c in tok) else _fuzzy(tok, v)
        if fixed is not None:
            tokens.append(fixed[0])
            sims.append(fixed[1])
        else:
            tokens.append(tok)
            sims.append(1.0)
        segmented.append(False)
    matches = _find_matches(tokens, sims, segmented, v)
    plural = any(_singular(t, v) != t for t in _split(str(name)))
    count_words = v.count_before | v.count_before_plural if plural else v.count_before
    best: dict[str, HeaderHit] = {}
    for m in matches:
        whole = m.start == 0 and m.end == len(tokens)
        if m.fuzzy_sim < 1.0:
            how: How = "fuzzy"
        elif whole and not m.segmented:
            how = "exact"
        else:
            how = "token"
        for entry in m.entries:
            score = _score_match(m, entry, tokens, matches, count_words, v)
            if score <= 0.0:
                continue
            hit = HeaderHit(entry.entity, score, entry.term, entry.language, how)
            old = best.get(entry.entity)
            if old is None or (hit.score, -_HOW_RANK[hit.how]) > (old.score, -_HOW_RANK[old.how]):
                best[entry.entity] = hit
    return tuple(sorted(best.values(), key=lambda h: (-h.score, _HOW_RANK[h.how], h.entity)))


@lru_cache(maxsize=8192)
def _match_cached(name: str) -> tuple[HeaderHit, ...]:
    return _match(name, _vocab())


def match_header(name: str) -> list[HeaderHit]:
    """What a column header says the column holds, best first.

    Parameters
    ----------
    name
        The column header. Non-string headers (integers, tuples of a MultiIndex) are converted
        with ``str``.

    Returns
    -------
    list of HeaderHit
        One hit per entity, highest score first; empty when the header names nothing personal.
        Negatives such as ``company_name``, ``zip_file`` or ``created_at`` give no hit or one
        below 0.5.

    Examples
    --------
    >>> match_header("Geburtsdatum")[0].entity
    'DATE_OF_BIRTH'
    >>> [h.entity for h in match_header("company_name") if h.score >= 0.5]
    []
    """
    _vocab()  # drops cached results when the header languages changed
    return list(_match_cached(name if isinstance(name, str) else str(name)))


# ---------------------------------------------------------------------------------------------
# Sibling context
# ---------------------------------------------------------------------------------------------
_CARD_SIBLING = frozenset("cvv cvc cvv2 cvc2 csc card cc expiry expires expiration exp cardholder".split())
_BARE_NUMBER = frozenset("number num no nr nbr numero nummer".split())
_STREET_ONLY = frozenset(
    {
        ("street",),
        ("street", "name"),
        ("strasse",),
        ("strassenname",),
        ("straat",),
        ("straatnaam",),
        ("calle",),
        ("rue",),
        ("via",),
        ("rua",),
    }
)
_PLACE_ENTITIES = frozenset({"LOCATION", "STREET_ADDRESS"})
_COMMERCE = frozenset(
    "price sku product quantity qty stock brand category inventory cost unit_price upc ean msrp discount".split()
)
# A lone "name" in a product table is a product's name, unless another column shows that the rows are people:
# a direct identifier of the catalogue (entities.py), or a birth date (a quasi-identifier there, but no product
# has one). Two kinds of direct identifier do not count, so that this rule finds what it found before it read
# the catalogue: the machine and account identifiers a product table carries too (web address, IP and MAC
# address, device id, username, credential, wallet), and the national and account numbers the rule never
# listed (US bank account, ITIN, driving licence, passport, NHS number, medical licence). A direct identifier
# added to the catalogue later counts.
_NOT_PEOPLE_EVIDENCE = frozenset(
    {
        "URL",
        "IP_ADDRESS",
        "MAC_ADDRESS",
        "DEVICE_ID",
        "USERNAME",
        "CREDENTIAL",
        "CRYPTO",
        "US_BANK_NUMBER",
        "US_ITIN",
        "US_DRIVER_LICENSE",
        "US_PASSPORT",
        "UK_NHS",
        "MEDICAL_LICENSE",
    }
)
_PEOPLE_EVIDENCE = (
    frozenset(name for name, e in ENTITIES.items() if e.category == "direct") - _NOT_PEOPLE_EVIDENCE
) | {"DATE_OF_BIRTH"}


def _top(hits: Sequence[HeaderHit], entity: str) -> float:
    return max((h.score for h in hits if h.entity == entity), default=0.0)


def _with(hits: list[HeaderHit], new: HeaderHit) -> list[HeaderHit]:
    """Add ``new`` (replacing a weaker hit of the same entity) and keep the list sorted."""
    kept = [h for h in hits if h.entity != new.entity or h.score > new.score]
    if not any(h.entity == new.entity for h in kept):
        kept.append(new)
    return sorted(kept, key=lambda h: (-h.score, _HOW_RANK[h.how], h.entity))


def _scaled(hits: list[HeaderHit], entity: str, factor: float) -> list[HeaderHit]:
    out = [
        HeaderHit(h.entity, round(h.score * factor, 3), h.term, h.language, h.how) if h.entity == entity else h
        for h in hits
    ]
    return sorted(out, key=lambda h: (-h.score, _HOW_RANK[h.how], h.entity))


@lru_cache(maxsize=1024)
def _match_many(names: tuple[str, ...]) -> tuple[tuple[HeaderHit, ...], ...]:
    v = _vocab()
    toks = [_normalize(n, v) for n in names]
    hits = [list(_match_cached(n)) for n in names]
    tokset = [set(t) for t in toks]
    # Counts over the whole table, so that "another column has ..." costs a lookup, not a pass over
    # every other column: a frame of thousands of columns would otherwise be quadratic.
    token_columns: dict[str, int] = {}
    for words in tokset:
        for word in words:
            token_columns[word] = token_columns.get(word, 0) + 1
    own_entities = [{h.entity for h in hs if h.score >= 0.5} for hs in hits]
    entity_columns: dict[str, int] = {}
    for owned in own_entities:
        for entity in owned:
            entity_columns[entity] = entity_columns.get(entity, 0) + 1
    entities_elsewhere = [
        {e for e, n in entity_columns.items() if n - (e in own_entities[i]) > 0} for i in range(len(names))
    ]
    street_columns = sum(1 for t in toks if t in _STREET_ONLY)
    commerce_columns = [bool(words & _COMMERCE) for words in tokset]
    n_commerce = sum(commerce_columns)
    # the strong hits of the entities the rules ask about, kept up to date as rules raise scores
    strong: dict[tuple[str, float], int] = {}

    def others_have(i: int, words: frozenset[str] | set[str]) -> bool:
        return any(token_columns.get(w, 0) - (w in tokset[i]) > 0 for w in words)

    def strong_elsewhere(i: int, entity: str, floor: float) -> bool:
        key = (entity, floor)
        if key not in strong:
            strong[key] = sum(1 for hs in hits if _top(hs, entity) >= floor)
        return strong[key] - (_top(hits[i], entity) >= floor) > 0

    def replace_hits(i: int, new: list[HeaderHit]) -> None:
        for entity, floor in strong:
            strong[(entity, floor)] += (_top(new, entity) >= floor) - (_top(hits[i], entity) >= floor)
        hits[i] = new

    for i, t in enumerate(toks):
        words = set(t)
        # "first" and "last" (or "middle") side by side: the parts of a person's name
        if len(t) == 1 and t[0] in ("first", "last", "middle"):
            partner = "first" if t[0] == "last" else "last"
            if others_have(i, {partner}):
                replace_hits(i, _with(hits[i], HeaderHit("PERSON", 0.8, f"{t[0]}+{partner}", "en", "token")))
        # a bare "number" among card columns, when no other column is the card number itself
        if (
            words
            and words <= _BARE_NUMBER
            and others_have(i, _CARD_SIBLING)
            and not strong_elsewhere(i, "CREDIT_CARD", 0.85)
        ):
            replace_hits(i, _with(hits[i], HeaderHit("CREDIT_CARD", 0.75, f"{t[0]}+card", "en", "token")))
        # a bare "number" beside a street column is the house number
        elif words and words <= _BARE_NUMBER and street_columns - (t in _STREET_ONLY) > 0:
            replace_hits(i, _with(hits[i], HeaderHit("STREET_ADDRESS", 0.6, f"{t[0]}+street", "en", "token")))
        # postal codes and states read as places when the table has other place columns
        places_nearby = bool(entities_elsewhere[i] & _PLACE_ENTITIES) or others_have(i, {"postal", "zip"})
        postal = _top(hits[i], "POSTAL_CODE")
        if postal and places_nearby and not strong_elsewhere(i, "POSTAL_CODE", 0.85):
            new = max(postal, min(postal + 0.15, 0.95))
            if words and words <= {"code", "cp", "cap"}:
                new = max(new, 0.6)
            best = next(h for h in hits[i] if h.entity == "POSTAL_CODE")
            replace_hits(i, _with(hits[i], HeaderHit("POSTAL_CODE", round(new, 3), best.term, best.language, best.how)))
        loc = next((h for h in hits[i] if h.entity == "LOCATION"), None)
        if (
            loc is not None
            and loc.score >= 0.3
            and (entities_elsewhere[i] & {"POSTAL_CODE", "STREET_ADDRESS"} or "LOCATION" in entities_elsewhere[i])
        ):
            replace_hits(
                i,
                _with(
                    hits[i],
                    HeaderHit("LOCATION", round(min(loc.score + 0.15, 0.85), 3), loc.term, loc.language, loc.how),
                ),
            )
        # "colour" in a table about people and their legal status is skin colour
        if words & {"colour", "color"} and len(words) == 1:
            demographic = entities_elsewhere[i] & {"GENDER"}
            legal = entities_elsewhere[i] & {"NATIONALITY", "RACE_ETHNICITY", "CRIMINAL_RECORD"} or others_have(
                i, {"arrest", "arrested", "released", "citizen", "immigrant"}
            )
            if demographic and legal:
                replace_hits(
                    i, _with(hits[i], HeaderHit("RACE_ETHNICITY", 0.55, f"{t[0]}+demographics", "en", "token"))
                )
        # a lone "name" in a product table is a product name
        if _top(hits[i], "PERSON") and any(h.term in ("name", "nombre", "nome", "naam") for h in hits[i]):
            commerce = n_commerce - commerce_columns[i]
            if (
                commerce >= 2
                and not (entities_elsewhere[i] & _PEOPLE_EVIDENCE)
                and "PERSON" not in entities_elsewhere[i]
            ):
                replace_hits(i, _scaled(hits[i], "PERSON", 0.5))
    return tuple(tuple(h) for h in hits)


def match_headers(names: Sequence[str]) -> dict[str, list[HeaderHit]]:
    """Match all headers of one table, using each header's neighbours as context.

    Parameters
    ----------
    names
        The table's column headers, in order. Non-string headers are converted with ``str``.

    Returns
    -------
    dict
        Header -> hits, best first (as :func:`match_header`, adjusted by context). Context rules:
        ``first`` next to ``last`` are name parts; a bare ``number`` among card columns
        (``cvv``, ``cc_type``) is a card number unless another column already is; ``zip`` /
        ``code`` / ``cp`` next to place columns is a postal code; ``state`` / ``country`` next to
        address columns is a place; ``colour`` next to sex and citizenship or arrest columns is
        skin colour; a lone ``name`` in a product table (``price``, ``sku`` ...) is weakened.
    """
    _vocab()  # drops cached results when the header languages changed
    key = tuple(n if isinstance(n, str) else str(n) for n in names)
    return {n: list(h) for n, h in zip(key, _match_many(key))}


def clear_cache() -> None:
    """Forget cached results, and look the header languages and the catalogue up again on the next match."""
    _match_cached.cache_clear()
    _match_many.cache_clear()
    _forget_vocabulary()
