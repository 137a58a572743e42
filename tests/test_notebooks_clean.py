"""Notebooks at rest: golden files (case.ipynb -> case.expected.ipynb), byte-for-byte editing, policy."""

from __future__ import annotations

import copy
import difflib
import json
import re
from pathlib import Path

import pytest

from jupyter_privguard.notebooks import (REVEALED_ENTITY, NotebookOptions, _locate, clean_text, drop_reveals,
                                         redact_notebook, scan_notebook)
from jupyter_privguard.policy import Policy

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name[: -len(".ipynb")] for p in GOLDEN.glob("*.ipynb") if not p.name.endswith(".expected.ipynb"))
PII = json.loads((GOLDEN / "PII.json").read_text())
PII_VALUES = [*PII["names"], *PII["emails"], *PII["phones"], PII["ssn"], PII["card"], PII["fixed_phone"]]
PLACEHOLDER = re.compile(r"\"<[A-Z_]+>\"|<[A-Z_]+>|&lt;[A-Z_]+&gt;")


@pytest.fixture(scope="module")
def options() -> NotebookOptions:
    return NotebookOptions(policy=Policy(ner="off"))


def _read(name: str) -> str:
    return (GOLDEN / name).read_bytes().decode("utf-8")


def test_there_are_golden_cases() -> None:
    assert {"no_pii", "dataframe", "stream_error", "guard_outputs", "json_mime", "odd_format"} <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str, options: NotebookOptions) -> None:
    source = _read(f"{case}.ipynb")
    expected = _read(f"{case}.expected.ipynb")
    cleaned, result = clean_text(source, options, path=case)
    assert cleaned == expected
    assert result.changed == (source != expected)
    # cleaning is idempotent: the expected file has nothing left to find
    again, second = clean_text(expected, options, path=case)
    assert again == expected and not second.changed
    assert scan_notebook(expected, options) == []


@pytest.mark.parametrize("case", [c for c in CASES if c != "guard_outputs"])
def test_only_the_personal_data_changes(case: str) -> None:
    """Line by line, a changed line differs from its original only where a placeholder now stands."""
    before = _read(f"{case}.ipynb").splitlines(keepends=True)
    after = _read(f"{case}.expected.ipynb").splitlines(keepends=True)
    assert len(before) == len(after)
    for old, new in zip(before, after):
        if old == new:
            continue
        pieces = PLACEHOLDER.split(new)
        # every piece of the new line between placeholders is kept, in order, in the old line
        pattern = "(.+?)".join(re.escape(p) for p in pieces)
        m = re.fullmatch(pattern, old, re.S)
        assert m is not None, f"{case}: a line changed outside the redacted spans"
        removed = [g.encode().decode("unicode_escape") if "\\u" in g else g for g in m.groups()]
        assert all(any(v in r or r in v for v in PII_VALUES) for r in removed)


def test_no_pii_notebook_is_the_same_string(options: NotebookOptions) -> None:
    source = _read("no_pii.ipynb")
    cleaned, result = clean_text(source, options)
    assert cleaned is source and not result.changed and result.findings == []


@pytest.mark.parametrize("case", [c for c in CASES if c != "no_pii"])
def test_expected_files_hold_no_seeded_value(case: str) -> None:
    text = _read(f"{case}.expected.ipynb")
    decoded = json.dumps(json.loads(text), ensure_ascii=False)
    for value in PII_VALUES:
        assert value not in text and value not in decoded, f"{case} still holds a seeded value"


@pytest.mark.parametrize("case", CASES)
def test_findings_carry_no_values(case: str, options: NotebookOptions) -> None:
    findings = scan_notebook(_read(f"{case}.ipynb"), options, path=case)
    dumped = json.dumps([f.to_dict() for f in findings])
    for value in PII_VALUES:
        assert value not in dumped


# table-driven: which entities each case reports, and where (cell, output, mime)
FINDINGS = [
    ("no_pii", set()),
    ("dataframe", {(0, 0, "text/html", "PERSON"), (0, 0, "text/html", "EMAIL_ADDRESS"),
                   (0, 0, "text/html", "PHONE_NUMBER"), (0, 0, "text/plain", "PERSON"),
                   (0, 0, "text/plain", "EMAIL_ADDRESS"), (0, 0, "text/plain", "PHONE_NUMBER")}),
    ("stream_error", {(0, 0, "stream", "EMAIL_ADDRESS"), (0, 0, "stream", "US_SSN"),
                      (1, 0, "error", "CREDIT_CARD"), (1, 0, "error", "EMAIL_ADDRESS")}),
    ("guard_outputs", {(0, 0, "text/plain", "PHONE_NUMBER"), (1, 0, None, REVEALED_ENTITY)}),
    ("json_mime", {(0, 0, "application/json", "EMAIL_ADDRESS"), (0, 0, "application/json", "CREDIT_CARD")}),
    ("odd_format", {(0, 0, "stream", "EMAIL_ADDRESS")}),
]


@pytest.mark.parametrize("case,expected", FINDINGS)
def test_findings_per_case(case: str, expected: set[tuple], options: NotebookOptions) -> None:
    found = {(f.cell, f.output, f.mime, f.entity) for f in scan_notebook(_read(f"{case}.ipynb"), options)}
    assert found == expected
    assert all(0.0 < f.score <= 1.0 and f.count >= 1 for f in scan_notebook(_read(f"{case}.ipynb"), options))


@pytest.mark.parametrize("case", CASES)
def test_dict_redaction_matches_text_redaction(case: str, options: NotebookOptions) -> None:
    nb = json.loads(_read(f"{case}.ipynb"))
    redact_notebook(nb, options)
    assert nb == json.loads(_read(f"{case}.expected.ipynb"))


def test_guarded_outputs_skip_the_table_tier_but_not_patterns(options: NotebookOptions) -> None:
    nb = json.loads(_read("dataframe.ipynb"))
    nb["cells"][0]["outputs"][0]["metadata"] = {"jupyter_privguard": {"version": 1, "redacted": True, "columns": []}}
    entities = {f.entity for f in scan_notebook(nb, options)}
    assert "PERSON" not in entities  # names need the table tier: the guard's output is trusted for those
    assert "EMAIL_ADDRESS" in entities  # the pattern tier still runs
    untrusting = NotebookOptions(policy=options.policy, trust_guarded=False)
    assert "PERSON" in {f.entity for f in scan_notebook(nb, untrusting)}


def test_tables_off_uses_patterns_only(options: NotebookOptions) -> None:
    quick = NotebookOptions(policy=options.policy, tables=False)
    entities = {f.entity for f in scan_notebook(_read("dataframe.ipynb"), quick)}
    assert "EMAIL_ADDRESS" in entities and "PERSON" not in entities


@pytest.mark.parametrize("policy,present,absent", [
    (Policy(ner="off", actions={"EMAIL_ADDRESS": "keep"}), {"US_SSN"}, {"EMAIL_ADDRESS"}),
    (Policy(ner="off", allow_values=("lhayes@example.org",)), {"US_SSN", "CREDIT_CARD"}, {"EMAIL_ADDRESS"}),
    (Policy(ner="off", thresholds={"EMAIL_ADDRESS": 0.99}), {"US_SSN"}, {"EMAIL_ADDRESS"}),
    (Policy(ner="off", min_score=0.99), {"US_SSN", "CREDIT_CARD"}, {"EMAIL_ADDRESS"}),
    (Policy(ner="off"), {"EMAIL_ADDRESS", "US_SSN", "CREDIT_CARD"}, set()),
])
def test_policy_is_applied(policy: Policy, present: set[str], absent: set[str]) -> None:
    entities = {f.entity for f in scan_notebook(_read("stream_error.ipynb"), NotebookOptions(policy=policy))}
    assert present <= entities and not (absent & entities)


def test_reveals_are_dropped_and_nothing_else(options: NotebookOptions) -> None:
    nb = json.loads(_read("guard_outputs.ipynb"))
    before = copy.deepcopy(nb)
    assert drop_reveals(nb) == 1
    assert nb["cells"][1]["outputs"] == before["cells"][1]["outputs"][1:]
    assert nb["cells"][0] == before["cells"][0]
    keep = NotebookOptions(policy=options.policy, drop_reveals=False)
    assert REVEALED_ENTITY not in {f.entity for f in scan_notebook(before, keep)}


def test_dropping_every_output_leaves_an_empty_list(options: NotebookOptions) -> None:
    nb = json.loads(_read("guard_outputs.ipynb"))
    nb["cells"][1]["outputs"] = nb["cells"][1]["outputs"][:1] * 2
    text = json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    cleaned, result = clean_text(text, options)
    assert result.dropped == 2
    assert json.loads(cleaned)["cells"][1]["outputs"] == []
    assert '"outputs": []' in cleaned


@pytest.mark.parametrize("doc", [
    {"a": [1, 2.5, -3e4, True, None, "x\"y\\z\u00e9\n"], "b": {}, "c": [], "d": {"e": [[], [{}]]}},
    [],
    "plain",
])
@pytest.mark.parametrize("indent", [None, 1, 4])
def test_locate_finds_every_value(doc: object, indent: int | None) -> None:
    text = json.dumps(doc, indent=indent)
    spans = _locate(text)

    def walk(value: object, path: tuple) -> None:
        start, end = spans[path]
        assert json.loads(text[start:end]) == value
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, path + (k,))
        elif isinstance(value, list):
            for k, v in enumerate(value):
                walk(v, path + (k,))

    walk(doc, ())


@pytest.mark.parametrize("bad,message", [
    ("{not json", "invalid JSON"),
    ("[1, 2]", "expected a notebook"),
    ('{"worksheets": [], "nbformat": 3}', "nbformat 3"),
    ('{"metadata": {}}', "expected a notebook"),
])
def test_not_a_notebook(bad: str, message: str, options: NotebookOptions) -> None:
    with pytest.raises(ValueError, match=message):
        clean_text(bad, options)


def test_diff_of_dataframe_case_is_only_table_cells() -> None:
    diff = [ln for ln in difflib.unified_diff(_read("dataframe.ipynb").splitlines(), _read("dataframe.expected.ipynb").splitlines(),
                                              lineterm="", n=0) if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]
    assert diff and all(PLACEHOLDER.search(ln) for ln in diff if ln.startswith("+"))


def _birth_date_notebook(rows: list[tuple[str, str]]) -> str:
    html = ['<table border="1" class="dataframe">\n',
            "<thead><tr><th></th><th>patient</th><th>date_of_birth</th></tr></thead>\n", "<tbody>\n"]
    plain = ["   patient        date_of_birth\n"]
    for k, (name, dob) in enumerate(rows):
        html.append(f"<tr><th>{k}</th><td>{name}</td><td>{dob}</td></tr>\n")
        plain.append(f"{k}  {name}  {dob} 00:00:00\n")
    html.append("</tbody></table>")
    out = {"output_type": "execute_result", "execution_count": 1, "metadata": {},
           "data": {"text/html": html, "text/plain": plain}}
    nb = {"cells": [{"cell_type": "code", "execution_count": 1, "id": "a", "metadata": {}, "outputs": [out],
                     "source": ["df"]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(nb, indent=1)


def test_birth_dates_from_a_table_are_redacted_where_a_kept_date_overlaps(options: NotebookOptions) -> None:
    # the pattern tier reads each birth date as a plain date too (an entity the policy keeps); that
    # reading must not hide the table tier's DATE_OF_BIRTH (it used to, and the dates stayed)
    rows = [("Ann Smith", "1961-04-12"), ("Bob Jones", "1975-11-03"), ("Carla Diaz", "1988-02-29"),
            ("Dan Wu", "1990-07-21"), ("Eve Park", "1955-12-01"), ("Finn Roe", "2001-05-09")]
    text = _birth_date_notebook(rows)
    new, result = clean_text(text, options)
    assert result.redacted.get("DATE_OF_BIRTH", 0) >= 2 * len(rows)
    for name, dob in rows:
        assert dob not in new and name not in new
