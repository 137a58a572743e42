"""The TypeScript export scan (``labextension/src/piiscan.ts``) agrees with the Python catalogue and recognisers.

The browser scans a notebook's outputs before it is downloaded, without a kernel, with its own copy of
a few patterns. These tests read the TypeScript sources and its Jest examples as text and check them
against Python: the entities it reports are catalogue entities, its pattern names are the same in
the code, the settings defaults and the settings schema, every example it calls personal data is
personal data to the Python recognisers of the same entity (and its negative examples are not), and
the rules it copies from the Python validators (card issuer digits, the addresses that name no
host, the North American number shape) give the same answers on the same probes.

The browser copy may be narrower than Python (it looks for fewer writings of a value), never
looser on what it was shown to accept; the phone pattern is the one documented exception, since the
browser has no numbering-plan metadata: it is checked to miss nothing Python finds in its shape.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from jupyter_privguard.detect import validators
from jupyter_privguard.detect.patterns import PatternRecognizer, PatternRegistry, find_spans
from jupyter_privguard.entities import ENTITIES

LABEXTENSION = Path(__file__).resolve().parents[2] / "labextension"
PIISCAN = (LABEXTENSION / "src" / "piiscan.ts").read_text(encoding="utf-8")
SPEC = (LABEXTENSION / "test" / "piiscan.spec.ts").read_text(encoding="utf-8")
INDEX = (LABEXTENSION / "src" / "index.ts").read_text(encoding="utf-8")
SCHEMA = json.loads((LABEXTENSION / "schema" / "plugin.json").read_text(encoding="utf-8"))


def _block(text: str, start: str, end: str) -> str:
    """The text from ``start`` to the first ``end`` after it (an assertion names what is missing)."""
    assert start in text, f"expected {start!r} in the TypeScript source"
    tail = text[text.index(start) :]
    assert end in tail, f"expected {end!r} after {start!r}"
    return tail[: tail.index(end)]


def _js_regex(source: str) -> re.Pattern[str]:
    # the patterns use the syntax both engines share; JavaScript's \d, \w and \b are ASCII-only
    return re.compile(source, re.ASCII)


def _ts_patterns() -> dict[str, dict[str, str]]:
    """``{name: {"entity", "regex", "validate"}}`` from ``PATTERNS`` in piiscan.ts."""
    body = _block(PIISCAN, "export const PATTERNS", "\n};")
    parts = re.split(r"^  (\w+): \{$", body, flags=re.M)[1:]
    patterns = {}
    for name, entry in zip(parts[::2], parts[1::2]):
        entity = re.search(r"^    entity: '([A-Z_]+)',$", entry, re.M)
        regex = re.search(r"^    regex: /(.+)/g,?$", entry, re.M)
        validate = re.search(r"^    validate: (.+?),?$", entry, re.M)
        assert entity and regex, f"pattern {name!r}: expected an entity and a /regex/g line"
        patterns[name] = {
            "entity": entity.group(1),
            "regex": regex.group(1),
            "validate": validate.group(1) if validate else "",
        }
    return patterns


PATTERNS = _ts_patterns()


def _scan_text_rows() -> list[tuple[str, dict[str, int]]]:
    """The ``scanText`` examples of the Jest spec: ``(text, {entity: count})``."""
    body = _block(SPEC, "describe('scanText", "])('%s'")
    rows = re.findall(r"^    \['(.*)', \{(.*)\}\],?$", body, re.M)
    return [(text, {k: int(n) for k, n in re.findall(r"(\w+): (\d+)", counts)}) for text, counts in rows]


ROWS = _scan_text_rows()


def _validator_rows(label: str) -> list[tuple[str, bool]]:
    """The examples of a Jest ``test.each`` table of validator results: ``(value, valid)``."""
    title = f")('{label} %s -> %s'"
    assert title in SPEC, f"expected a {label} validator table in piiscan.spec.ts"
    before = SPEC[: SPEC.index(title)]
    body = before[before.rindex("test.each([") :]
    return [(value, ok == "true") for value, ok in re.findall(r"\['([^']*)', (true|false)\]", body)]


@pytest.fixture(scope="module")
def registry() -> PatternRegistry:
    return PatternRegistry.default()


def _python_accepts(registry: PatternRegistry, entity: str, value: str) -> list[PatternRecognizer]:
    """The Python recognisers of ``entity`` that take ``value`` whole and validate it."""
    return [r for r in registry.for_entity(entity) if r.compiled_cell.fullmatch(value) and r.validate(value)]


def _python_counts(registry: PatternRegistry, text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for span in find_spans([text], registry)[0]:
        counts[span.entity] = counts.get(span.entity, 0) + 1
    return counts


# -- names ------------------------------------------------------------------------------------------
def test_the_sources_were_read() -> None:
    # a parser that finds nothing would make every other test pass vacuously
    assert set(PATTERNS) == {"email", "credit_card", "us_ssn", "iban", "phone", "ip_address"}
    assert len(ROWS) >= 15
    assert {entity for _, expected in ROWS for entity in expected} == {p["entity"] for p in PATTERNS.values()}


def test_every_entity_the_browser_reports_is_a_catalogue_entity(registry: PatternRegistry) -> None:
    for name, pattern in PATTERNS.items():
        assert pattern["entity"] in ENTITIES, f"TS pattern {name!r} reports {pattern['entity']!r}"
        assert registry.for_entity(pattern["entity"]), f"no Python recogniser finds {pattern['entity']}"
    for _, expected in ROWS:
        assert set(expected) <= set(ENTITIES)
    # the marker for revealed outputs is not an entity, and must never become one by accident
    assert "entity: 'REVEALED'" in PIISCAN
    assert "REVEALED" not in ENTITIES


def test_pattern_names_agree_between_code_settings_and_schema() -> None:
    defaults = _block(INDEX, "export const DEFAULT_SETTINGS", "};")
    listed = re.search(r"exportPatterns: \[(.*?)\]", defaults)
    assert listed is not None
    assert re.findall(r"'(\w+)'", listed.group(1)) == list(PATTERNS)
    prop = SCHEMA["properties"]["exportPatterns"]
    assert prop["items"]["enum"] == list(PATTERNS)
    assert prop["default"] == list(PATTERNS)


# -- the examples -------------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_python_accepts_what_each_ts_pattern_was_shown_to_accept(name: str, registry: PatternRegistry) -> None:
    entity = PATTERNS[name]["entity"]
    ts_regex = _js_regex(PATTERNS[name]["regex"])
    positives = [(text, expected[entity]) for text, expected in ROWS if expected.get(entity)]
    assert positives, f"TS pattern {name!r} has no positive example in piiscan.spec.ts: add one"
    checked = 0
    for text, count in positives:
        # the Python text scan finds the entity as often as the browser was shown to
        assert _python_counts(registry, text).get(entity, 0) >= count, f"{name}: Python misses {entity} in {text!r}"
        matches = [m.group(0) for m in ts_regex.finditer(text)]
        if len(matches) != count:
            continue  # some matches are refused by the TS validator: which ones is not known here
        for value in matches:
            assert _python_accepts(registry, entity, value), f"{name}: no Python recogniser of {entity} takes it"
            checked += 1
    assert checked, f"TS pattern {name!r}: no example whose every match is a positive"


def test_what_the_browser_was_shown_to_refuse_python_refuses_too(registry: PatternRegistry) -> None:
    covered = {p["entity"] for p in PATTERNS.values()}
    negatives = [text for text, expected in ROWS if not expected]
    assert len(negatives) >= 5
    for text in negatives:
        found = set(_python_counts(registry, text)) & covered
        assert not found, f"Python finds {sorted(found)} in {text!r}, which the browser scan refuses"


@pytest.mark.parametrize(("label", "entity"), [("ssn", "US_SSN"), ("iban", "IBAN_CODE")])
def test_the_ts_validators_agree_with_python_on_their_examples(
    label: str, entity: str, registry: PatternRegistry
) -> None:
    rows = _validator_rows(label)
    assert any(ok for _, ok in rows) and any(not ok for _, ok in rows)
    for value, ok in rows:
        shaped = [r for r in registry.for_entity(entity) if r.compiled_cell.fullmatch(value)]
        accepted = any(r.validate(value) for r in shaped)
        assert accepted is ok, f"{label} {value!r}: TS says {ok}, Python says {accepted}"


# -- rules copied from the Python validators ---------------------------------------------------------
def _luhn_complete(prefix: str) -> str:
    for check in "0123456789":
        digits = prefix + check
        total = sum(
            (2 * int(d) - 9 if 2 * int(d) > 9 else 2 * int(d)) if i % 2 else int(d)
            for i, d in enumerate(reversed(digits))
        )
        if total % 10 == 0:
            return digits
    raise AssertionError("unreachable: one check digit always completes a Luhn number")


def test_card_issuer_digits_agree(registry: PatternRegistry) -> None:
    table = dict(re.findall(r"^  (\d+): '(\d+)',?$", _block(PIISCAN, "CARD_FIRST_DIGITS", "};"), re.M))
    assert sorted(int(n) for n in table) == list(range(12, 20))
    prefixes = re.findall(r"'(\d+)'", _block(PIISCAN, "export const CARD_15_PREFIXES", ";"))
    assert tuple(prefixes) == validators.CARD_15_PREFIXES

    def ts_accepts(number: str) -> bool:
        issuer = len(number) != 15 or number.startswith(tuple(prefixes))
        return bool(ts_regex.fullmatch(number)) and issuer and number[0] in table[str(len(number))]

    rng = random.Random(12)
    ts_regex = _js_regex(PATTERNS["credit_card"]["regex"])
    for length in range(12, 20):
        for first in "123456789":
            number = _luhn_complete(first + "".join(rng.choice("0123456789") for _ in range(length - 2)))
            python = bool(_python_accepts(registry, "CREDIT_CARD", number))
            assert ts_accepts(number) is python, f"a {length}-digit card starting with {first}: Python {python}"
    # fifteen digits: every two-digit start (34 and 37 are cards, 35 and 86 are IMEIs)
    for start in range(10, 100):
        number = _luhn_complete(f"{start}" + "".join(rng.choice("0123456789") for _ in range(12)))
        python = bool(_python_accepts(registry, "CREDIT_CARD", number))
        assert ts_accepts(number) is python, f"a 15-digit number starting with {start}: Python {python}"


@pytest.mark.parametrize(
    "address",
    [
        "0.0.0.0",
        "127.0.0.1",
        "127.8.9.10",
        "255.255.255.255",
        "0.36.255.150",
        "255.10.0.189",
        "10.0.0.7",
        "203.0.113.7",
    ],
)
def test_addresses_that_name_no_host_agree(address: str, registry: PatternRegistry) -> None:
    validate = PATTERNS["ip_address"]["validate"]
    refused = re.fullmatch(r"m => !/(.+)/\.test\(m\)", validate)
    assert refused is not None, f"expected the ip_address validator to be a refusing regex, got {validate!r}"
    text = f"host {address} answered"
    matched = [m.group(0) for m in _js_regex(PATTERNS["ip_address"]["regex"]).finditer(text)]
    ts = matched == [address] and not _js_regex(refused.group(1)).search(address)
    python = _python_counts(registry, text).get("IP_ADDRESS", 0) == 1
    assert ts is python, f"{address}: TS {ts}, Python {python}"


def test_the_phone_pattern_misses_no_number_python_finds_in_its_shape(registry: PatternRegistry) -> None:
    assert PATTERNS["phone"]["validate"] == "nanpPlausible"
    plausible = _block(PIISCAN, "export function nanpPlausible", "\n}")
    shape = re.search(r"const national = /(.+)/\.exec\(candidate\);", plausible)
    assert shape is not None and "national[1] >= '2' && national[2] >= '2'" in plausible

    def ts_accepts(value: str) -> bool:
        if not _js_regex(PATTERNS["phone"]["regex"]).fullmatch(value):
            return False
        national = _js_regex(shape.group(1)).match(value)
        return national is None or (national.group(1) >= "2" and national.group(2) >= "2")

    rng = random.Random(5)
    python_found = 0
    for _ in range(400):
        area, exchange = rng.randrange(1000), rng.randrange(1000)
        line = rng.randrange(10_000)
        layout = rng.choice(["({a}) {e}-{n}", "{a}-{e}-{n}", "{a}.{e}.{n}", "+1 {a} {e} {n}", "+1-{a}-{e}-{n}"])
        value = layout.format(a=f"{area:03d}", e=f"{exchange:03d}", n=f"{line:04d}")
        python = _python_counts(registry, f"call {value} today").get("PHONE_NUMBER", 0) == 1
        if python:
            python_found += 1
            assert ts_accepts(value), f"the browser misses a number Python finds: {layout}"
        if f"{area:03d}"[0] in "01" or f"{exchange:03d}"[0] in "01":
            assert not python and not ts_accepts(value), "an area code or exchange starting 0/1 is no NANP number"
    assert python_found >= 50
