"""Notebooks at rest: golden files (case.ipynb -> case.expected.ipynb), byte-for-byte editing, policy,
widget state and cell sources."""

from __future__ import annotations

import ast
import copy
import difflib
import json
import re
from pathlib import Path

import pytest

from jupyter_privguard.notebooks import (
    REVEALED_ENTITY,
    SOURCE_MIME,
    WIDGET_STATE_MIME,
    Finding,
    NotebookOptions,
    _code_literals,
    _locate,
    clean_text,
    drop_reveals,
    redact_notebook,
    scan_notebook,
)
from jupyter_privguard.policy import Policy

GOLDEN = Path(__file__).parents[1] / "golden"
CASES = sorted(p.name[: -len(".ipynb")] for p in GOLDEN.glob("*.ipynb") if not p.name.endswith(".expected.ipynb"))
PII = json.loads((GOLDEN / "PII.json").read_text())
PII_VALUES = [*PII["names"], *PII["emails"], *PII["phones"], PII["ssn"], PII["card"], PII["fixed_phone"]]
PLACEHOLDER = re.compile(r"\"<[A-Z_]+>\"|<[A-Z_]+>|&lt;[A-Z_]+&gt;")


@pytest.fixture(scope="module")
def options() -> NotebookOptions:
    return NotebookOptions(policy=Policy(ner="off"))


def _read(name: str) -> str:
    return (GOLDEN / name).read_bytes().decode("utf-8")


def _case_options(case: str, options: NotebookOptions) -> NotebookOptions:
    """The options a golden case is cleaned with (``case.options.json``, written by make_golden.py)."""
    sidecar = GOLDEN / f"{case}.options.json"
    if not sidecar.exists():
        return options
    return NotebookOptions(policy=options.policy, **json.loads(sidecar.read_text()))


def test_there_are_golden_cases() -> None:
    assert {
        "no_pii",
        "dataframe",
        "stream_error",
        "guard_outputs",
        "json_mime",
        "odd_format",
        "widget_state",
        "sources",
    } <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str, options: NotebookOptions) -> None:
    options = _case_options(case, options)
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
    (
        "dataframe",
        {
            (0, 0, "text/html", "PERSON"),
            (0, 0, "text/html", "EMAIL_ADDRESS"),
            (0, 0, "text/html", "PHONE_NUMBER"),
            (0, 0, "text/plain", "PERSON"),
            (0, 0, "text/plain", "EMAIL_ADDRESS"),
            (0, 0, "text/plain", "PHONE_NUMBER"),
        },
    ),
    (
        "stream_error",
        {
            (0, 0, "stream", "EMAIL_ADDRESS"),
            (0, 0, "stream", "US_SSN"),
            (1, 0, "error", "CREDIT_CARD"),
            (1, 0, "error", "EMAIL_ADDRESS"),
        },
    ),
    ("guard_outputs", {(0, 0, "text/plain", "PHONE_NUMBER"), (1, 0, None, REVEALED_ENTITY)}),
    ("json_mime", {(0, 0, "application/json", "EMAIL_ADDRESS"), (0, 0, "application/json", "CREDIT_CARD")}),
    ("odd_format", {(0, 0, "stream", "EMAIL_ADDRESS")}),
    (
        "widget_state",
        {
            (1, 0, "text/plain", "EMAIL_ADDRESS"),
            *(
                (None, None, WIDGET_STATE_MIME, e)
                for e in ("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN")
            ),
        },
    ),
    (
        "sources",
        {
            *((0, None, SOURCE_MIME, e) for e in ("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER")),
            *(
                (1, 0, mime, e)
                for mime in ("text/html", "text/plain")
                for e in ("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER")
            ),
            *((2, None, SOURCE_MIME, e) for e in ("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER")),
            (3, None, SOURCE_MIME, "PERSON"),
        },
    ),
]


@pytest.mark.parametrize("case,expected", FINDINGS)
def test_findings_per_case(case: str, expected: set[tuple], options: NotebookOptions) -> None:
    found = {(f.cell, f.output, f.mime, f.entity) for f in scan_notebook(_read(f"{case}.ipynb"), options)}
    assert found == expected
    assert all(0.0 < f.score <= 1.0 and f.count >= 1 for f in scan_notebook(_read(f"{case}.ipynb"), options))


@pytest.mark.parametrize("case", CASES)
def test_dict_redaction_matches_text_redaction(case: str, options: NotebookOptions) -> None:
    nb = json.loads(_read(f"{case}.ipynb"))
    redact_notebook(nb, _case_options(case, options))
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


@pytest.mark.parametrize(
    "policy,present,absent",
    [
        (Policy(ner="off", actions={"EMAIL_ADDRESS": "keep"}), {"US_SSN"}, {"EMAIL_ADDRESS"}),
        (Policy(ner="off", allow_values=("lhayes@example.org",)), {"US_SSN", "CREDIT_CARD"}, {"EMAIL_ADDRESS"}),
        (Policy(ner="off", thresholds={"EMAIL_ADDRESS": 0.99}), {"US_SSN"}, {"EMAIL_ADDRESS"}),
        (Policy(ner="off", min_score=0.99), {"US_SSN", "CREDIT_CARD"}, {"EMAIL_ADDRESS"}),
        (Policy(ner="off"), {"EMAIL_ADDRESS", "US_SSN", "CREDIT_CARD"}, set()),
    ],
)
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


@pytest.mark.parametrize(
    "doc",
    [
        {"a": [1, 2.5, -3e4, True, None, 'x"y\\z\u00e9\n'], "b": {}, "c": [], "d": {"e": [[], [{}]]}},
        [],
        "plain",
    ],
)
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


@pytest.mark.parametrize(
    "bad,message",
    [
        ("{not json", "invalid JSON"),
        ("[1, 2]", "expected a notebook"),
        ('{"worksheets": "x", "nbformat": 3}', "nbformat 3"),  # nbformat 3 is read; a broken one is not
        ('{"metadata": {}}', "expected a notebook"),
    ],
)
def test_not_a_notebook(bad: str, message: str, options: NotebookOptions) -> None:
    with pytest.raises(ValueError, match=message):
        clean_text(bad, options)


def test_diff_of_dataframe_case_is_only_table_cells() -> None:
    diff = [
        ln
        for ln in difflib.unified_diff(
            _read("dataframe.ipynb").splitlines(), _read("dataframe.expected.ipynb").splitlines(), lineterm="", n=0
        )
        if ln[:1] in "+-" and not ln.startswith(("+++", "---"))
    ]
    assert diff and all(PLACEHOLDER.search(ln) for ln in diff if ln.startswith("+"))


def _birth_date_notebook(rows: list[tuple[str, str]]) -> str:
    html = [
        '<table border="1" class="dataframe">\n',
        "<thead><tr><th></th><th>patient</th><th>date_of_birth</th></tr></thead>\n",
        "<tbody>\n",
    ]
    plain = ["   patient        date_of_birth\n"]
    for k, (name, dob) in enumerate(rows):
        html.append(f"<tr><th>{k}</th><td>{name}</td><td>{dob}</td></tr>\n")
        plain.append(f"{k}  {name}  {dob} 00:00:00\n")
    html.append("</tbody></table>")
    out = {
        "output_type": "execute_result",
        "execution_count": 1,
        "metadata": {},
        "data": {"text/html": html, "text/plain": plain},
    }
    nb = {
        "cells": [
            {"cell_type": "code", "execution_count": 1, "id": "a", "metadata": {}, "outputs": [out], "source": ["df"]}
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(nb, indent=1)


def test_birth_dates_from_a_table_are_redacted_where_a_kept_date_overlaps(options: NotebookOptions) -> None:
    # the pattern tier reads each birth date as a plain date too (an entity the policy keeps); that
    # reading must not hide the table tier's DATE_OF_BIRTH (it used to, and the dates stayed)
    rows = [
        ("Ann Smith", "1961-04-12"),
        ("Bob Jones", "1975-11-03"),
        ("Carla Diaz", "1988-02-29"),
        ("Dan Wu", "1990-07-21"),
        ("Eve Park", "1955-12-01"),
        ("Finn Roe", "2001-05-09"),
    ]
    text = _birth_date_notebook(rows)
    new, result = clean_text(text, options)
    assert result.redacted.get("DATE_OF_BIRTH", 0) >= 2 * len(rows)
    for name, dob in rows:
        assert dob not in new and name not in new


# ---------------------------------------------------------------------------------------------
# widget state and cell sources
# ---------------------------------------------------------------------------------------------
WIDGET_IDS = {
    "940eee3cba6f875c2e84496e7857dd86": "HTML",
    "b938451ee325faa633406bc44dc2a627": "Text",
    "c2354e2bb7740a63c1d8fac168fb90d7": "Dropdown",
    "a2da95a83ec33dd6887e840043e58844": "DataGrid",
    "5aab0a377f90ade7bc38d756d0055979": "Record",
    "9d9b532aba4e6c3686ff0de26a769806": "Output",
}


def _models(nb: dict) -> dict:
    return nb["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]


def test_widget_state_findings_name_model_and_trait(options: NotebookOptions) -> None:
    findings = [f for f in scan_notebook(_read("widget_state.ipynb"), options) if f.mime == WIDGET_STATE_MIME]
    assert {f.where for f in findings} == {
        "940eee3cba6f875c2e84496e7857dd86/value",
        "b938451ee325faa633406bc44dc2a627/value",
        "c2354e2bb7740a63c1d8fac168fb90d7/_options_labels",
        "a2da95a83ec33dd6887e840043e58844/_data",
        "5aab0a377f90ade7bc38d756d0055979/record",
        "9d9b532aba4e6c3686ff0de26a769806/outputs",
    }
    assert all(f.cell is None and f.output is None for f in findings)
    html = {f.entity: f.count for f in findings if f.where == "940eee3cba6f875c2e84496e7857dd86/value"}
    assert html == {"PERSON": 6, "EMAIL_ADDRESS": 6, "PHONE_NUMBER": 6}  # the table tier read the HTML value
    assert findings[0].location.startswith("widget state of model ")


def test_widget_state_is_redacted_in_place(options: NotebookOptions) -> None:
    before = json.loads(_read("widget_state.ipynb"))
    after = json.loads(_read("widget_state.expected.ipynb"))
    html_id, text_id, output_id = (
        "940eee3cba6f875c2e84496e7857dd86",
        "b938451ee325faa633406bc44dc2a627",
        "9d9b532aba4e6c3686ff0de26a769806",
    )
    assert "&lt;PERSON&gt;" in _models(after)[html_id]["state"]["value"]  # HTML: escaped, so it shows
    assert _models(after)[text_id]["state"]["value"] == "<EMAIL_ADDRESS>"  # a text box: as typed
    picture = _models(before)[output_id]["state"]["outputs"][1]
    assert _models(after)[output_id]["state"]["outputs"][1] == picture  # binary data left alone
    # nothing but the personal data changed: layout models, ids, the widget-view outputs
    for model_id, model in _models(before).items():
        if model_id not in WIDGET_IDS:
            assert _models(after)[model_id] == model
    assert before["cells"][0] == after["cells"][0]


def test_a_data_grid_alone_goes_to_the_table_tier(options: NotebookOptions) -> None:
    nb = json.loads(_read("widget_state.ipynb"))
    models = _models(nb)
    grid = "a2da95a83ec33dd6887e840043e58844"
    for model_id in [m for m in models if m != grid]:
        del models[model_id]
    nb["cells"] = []
    found = {f.entity for f in scan_notebook(nb, options)}
    assert {"PERSON", "PHONE_NUMBER"} <= found  # names and invented area codes: only a column says so
    assert "PERSON" not in {f.entity for f in scan_notebook(nb, NotebookOptions(policy=options.policy, tables=False))}


def test_model_ids_that_are_not_plain_names_stay_out_of_findings(options: NotebookOptions) -> None:
    email = PII["emails"][0]
    state = {
        "state": {
            email: {"model_name": "TextModel", "state": {"value": email, email: "x"}},
            "ok-id": {"model_name": "TextModel", "state": {email: email}},
        }
    }
    nb = {
        "cells": [],
        "metadata": {"widgets": {"application/vnd.jupyter.widget-state+json": state}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    findings = scan_notebook(nb, options)
    assert {f.where for f in findings} == {"#0/value", "ok-id/#0"}
    assert email not in json.dumps([f.to_dict() for f in findings]) + "".join(f.location for f in findings)


def test_other_widget_metadata_is_read_too(options: NotebookOptions) -> None:
    nb = {
        "cells": [],
        "metadata": {"widgets": {"application/x-custom+json": {"notes": [PII["emails"][1]]}}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    text = json.dumps(nb, indent=1)
    cleaned, result = clean_text(text, options)
    assert [(f.mime, f.where, f.entity) for f in result.findings] == [(WIDGET_STATE_MIME, None, "EMAIL_ADDRESS")]
    assert PII["emails"][1] not in cleaned and result.findings[0].location == "widget state"


def _source_of(nb: dict, cell: int) -> str:
    source = nb["cells"][cell]["source"]
    return source if isinstance(source, str) else "".join(source)


def test_sources_are_reported_but_not_rewritten_by_default(options: NotebookOptions) -> None:
    text = _read("sources.ipynb")
    cleaned, result = clean_text(text, options)
    before, after = json.loads(text), json.loads(cleaned)
    assert result.changed  # the table output
    for k in range(len(before["cells"])):
        assert _source_of(after, k) == _source_of(before, k)
    assert PII["fixed_phone"] in _source_of(after, 0) and PII["emails"][1] in _source_of(after, 2)
    assert all(v not in json.dumps(after["cells"][1]["outputs"], ensure_ascii=False) for v in PII_VALUES)
    left = {(f.cell, f.where, f.entity) for f in result.unredacted}
    assert left == {
        (0, "markdown", "PERSON"),
        (0, "markdown", "EMAIL_ADDRESS"),
        (0, "markdown", "PHONE_NUMBER"),
        (2, "code", "PERSON"),
        (2, "code", "EMAIL_ADDRESS"),
        (2, "code", "PHONE_NUMBER"),
        (3, "raw", "PERSON"),
    }
    assert {(f.cell, f.where, f.entity) for f in result.findings if f.mime == SOURCE_MIME} == left
    # the table's html and text twin, 6 rows each: nothing counted from the sources
    assert result.redacted == {"PERSON": 12, "EMAIL_ADDRESS": 12, "PHONE_NUMBER": 12}
    dumped = json.dumps([f.to_dict() for f in result.findings + result.unredacted])
    assert all(v not in dumped for v in PII_VALUES)


def test_a_note_naming_a_customer_the_table_showed(options: NotebookOptions) -> None:
    person = [f for f in scan_notebook(_read("sources.ipynb"), options) if f.cell == 0 and f.entity == "PERSON"]
    assert [(f.mime, f.where, f.detector) for f in person] == [(SOURCE_MIME, "markdown", "table")]
    # without the table tier no column says the name is a person's: the text tier still reads the
    # note (a given name and a surname the gazetteer knows)
    quick = NotebookOptions(policy=options.policy, tables=False)
    person = [f for f in scan_notebook(_read("sources.ipynb"), quick) if f.cell == 0 and f.entity == "PERSON"]
    assert [(f.mime, f.where, f.detector) for f in person] == [(SOURCE_MIME, "markdown", "prose:gazetteer")]


def test_sources_skip(options: NotebookOptions) -> None:
    skip = NotebookOptions(policy=options.policy, sources="skip")
    findings = scan_notebook(_read("sources.ipynb"), skip)
    assert findings and all(f.mime != SOURCE_MIME for f in findings)
    with pytest.raises(ValueError, match="sources="):
        NotebookOptions(sources="rewrite")  # type: ignore[arg-type]


def _code_notebook(source: list[str], kind: str = "code", metadata: dict | None = None) -> str:
    cell = {"cell_type": kind, "id": "c", "metadata": metadata or {}, "source": source}
    if kind == "code":
        cell.update({"execution_count": None, "outputs": []})
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"


def _blank_constants(tree: ast.AST) -> str:
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            node.value = ""
    return ast.dump(tree)


def test_code_sources_keep_working_when_redacted(options: NotebookOptions) -> None:
    # ast imported at module level

    email, phone = PII["emails"][0], PII["fixed_phone"]
    code = [
        f'to = "{email}"  # or {PII["emails"][2]}\n',
        "phone = 4155552671\n",
        "body = '''\n",
        f"Call {phone} today\n",
        "'''\n",
        f"escaped = 'x\\n{PII['emails'][3]}'\n",
        f'print(f"{{to}} <- {PII["emails"][4]}")',
    ]
    text = _code_notebook(code)
    redact = NotebookOptions(policy=options.policy, sources="redact")
    cleaned, result = clean_text(text, redact)
    new = _source_of(json.loads(cleaned), 0)
    old = "".join(code)
    assert _blank_constants(ast.parse(new)) == _blank_constants(ast.parse(old))  # only string contents changed
    for value in (email, PII["emails"][2], phone, PII["emails"][4]):
        assert value not in new
    assert "phone = 4155552671\n" in new  # a bare number: code, not text (issue 16: numbers are no values)
    assert PII["emails"][3] in new  # right after an escape: left, as rewriting could change the escape
    left = {(f.cell, f.where, f.entity, f.count) for f in result.unredacted}
    assert left == {(0, "code", "EMAIL_ADDRESS", 1)}
    # every finding in text is still reported, redacted or not; the number literal is not text
    assert {(f.entity, f.count) for f in result.findings} == {("EMAIL_ADDRESS", 4), ("PHONE_NUMBER", 1)}


@pytest.mark.parametrize(
    "source,inside",
    [
        ('x = "a#b"  # c', ["a#b", " c"]),
        ("s = 'it\\'s'", ["it\\'s"]),
        ('t = """one\n"two"\nthree"""', ['one\n"two"\nthree']),
        ("echo don't panic # note", [" note"]),  # a quote left open on its line opens nothing
        ("u = 'open\nv = 1", []),
    ],
)
def test_code_literals(source: str, inside: list[str]) -> None:
    assert [source[a:b] for a, b in _code_literals(source)] == inside


def test_markdown_and_raw_sources_with_sources_redact(options: NotebookOptions) -> None:
    redact = NotebookOptions(policy=options.policy, sources="redact")
    email = PII["emails"][5]
    md, _ = clean_text(_code_notebook([f"Write to {email}"], "markdown"), redact)
    assert _source_of(json.loads(md), 0) == "Write to &lt;EMAIL_ADDRESS&gt;"  # shows as <EMAIL_ADDRESS>
    raw, _ = clean_text(_code_notebook([f"Write to {email}"], "raw"), redact)
    assert _source_of(json.loads(raw), 0) == "Write to <EMAIL_ADDRESS>"
    html, _ = clean_text(_code_notebook([f"<p>{email}</p>"], "raw", {"format": "text/html"}), redact)
    assert _source_of(json.loads(html), 0) == "<p>&lt;EMAIL_ADDRESS&gt;</p>"
    same = _code_notebook([f"Write to {email}"], "markdown")
    kept, result = clean_text(same, options)
    assert kept is same and not result.changed and result.unredacted  # reported, not rewritten


def test_finding_locations() -> None:
    cases = [
        (Finding("a", "EMAIL_ADDRESS", 1.0, 1, 3, 0, "text/html"), "cell 3, output 0 (text/html)"),
        (Finding("a", "EMAIL_ADDRESS", 1.0, 1, 2, None, SOURCE_MIME, where="markdown"), "cell 2 (markdown source)"),
        (
            Finding("a", "PERSON", 1.0, 1, None, None, WIDGET_STATE_MIME, where="8a1f/value"),
            "widget state of model 8a1f/value",
        ),
        (Finding("a", "PERSON", 1.0, 1, None, None, "text/csv", "name", "scan"), "column 'name'"),
        (Finding("a", REVEALED_ENTITY, 1.0, 1, 1, 0, None, None, "reveal"), "cell 1, output 0"),
    ]
    for finding, text in cases:
        assert finding.location == text
    assert "where" in cases[0][0].to_dict()


def test_findings_are_ordered_cell_by_cell_source_first_widgets_last(options: NotebookOptions) -> None:
    nb = json.loads(_read("sources.ipynb"))
    nb["metadata"]["widgets"] = json.loads(_read("widget_state.ipynb"))["metadata"]["widgets"]
    places = [(f.cell, f.output) for f in scan_notebook(nb, options)]
    assert places[0] == (0, None) and places[-1] == (None, None)
    code = [p for p in places if p[0] == 2]  # the code cell has no outputs: its source only
    assert code and all(p == (2, None) for p in code)
    assert places.index((1, 0)) < places.index((2, None)) < places.index((None, None))
