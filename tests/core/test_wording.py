"""One vocabulary: the scan report, the panel's rows and the sidebar's TypeScript name things the same way.

The TypeScript tables in ``labextension/src/labels.ts`` are read as text and compared with
:mod:`jupyter_privguard.wording` key by key (as ``test_ts_parity.py`` does for the export scan).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import jupyter_privguard as pg
from jupyter_privguard import render, wording
from jupyter_privguard.integrations.widget.rows import finding_rows
from jupyter_privguard.policy import Policy

LABELS_TS = (Path(__file__).resolve().parents[2] / "labextension" / "src" / "labels.ts").read_text(encoding="utf-8")

NO_NER = Policy(ner="off")
NOTES = [
    "Spoke with Margaret Thornbury about the invoice.",
    "Customer asked for a call back on 415-555-0199 tomorrow morning.",
    "Sent the receipt to ottilie.brannigan@example.org as requested.",
    "No issues reported during the visit.",
] * 10


def _ts_table(name: str) -> dict[str, str]:
    """``{key: label}`` of ``export const NAME: {...} = { ... };`` in labels.ts."""
    match = re.search(rf"export const {name}: \{{[^}}]*\}} = \{{\n(.*?)\n\}};", LABELS_TS, re.S)
    assert match, f"expected the table {name} in labels.ts"
    table = {}
    for line in match.group(1).splitlines():
        entry = re.fullmatch(r"\s*'?([\w ]+?)'?: '([^']*)',?", line)
        assert entry, f"{name}: cannot read the line {line!r}"
        table[entry.group(1)] = entry.group(2)
    return table


@pytest.mark.parametrize("name", ["CLASS_LABELS", "CLASS_TITLES", "ACTION_DONE", "STATE_LABELS"])
def test_the_typescript_tables_are_the_python_ones(name: str) -> None:
    assert _ts_table(name) == getattr(wording, name)


def test_the_parity_check_reads_a_changed_table() -> None:
    # the reader must not pass a copy that drifted: a changed label is seen
    assert _ts_table("CLASS_LABELS")["free_text"] == "free text"
    assert "free_text: 'free text'" in LABELS_TS


def _notes_frame() -> pd.DataFrame:
    return pd.DataFrame({"customer": range(len(NOTES)), "support_notes": NOTES})


def test_a_free_text_column_has_one_class_everywhere() -> None:
    report = pg.scan(_notes_frame(), policy=NO_NER)
    finding = report.columns["support_notes"]
    assert finding.kind == "free_text" and finding.span_entities
    label = wording.class_label(finding.category, finding.span_entities)
    assert label == "free text"
    # the scan report's class column
    line = next(row for row in report.summary().splitlines() if row.startswith("support_notes"))
    assert re.search(r"\s{2}free text\s{2}", line), line
    # the panel's row: the column's class, not the class of the spans in it ("direct")
    (row,) = [r for r in finding_rows({"df": report}, Policy()) if r.column == "support_notes"]
    assert row.category == label
    assert row.entity == wording.entity_label(None, finding.span_entities)
    assert row.entity[:40] in line  # the text table cuts a cell at 40 characters
    # the HTML table of the scan report
    assert "<td>free text</td>" in render.report_table_html(report)


@pytest.mark.parametrize(
    ("category", "spans", "label"),
    [("direct", (), "direct"), ("quasi", (), "quasi"), ("sensitive", (), "sensitive"), (None, ("PERSON",), "free text")]
    + [(None, (), "-")],
)
def test_class_labels(category: str | None, spans: tuple[str, ...], label: str) -> None:
    assert wording.class_label(category, spans) == label
    assert wording.class_title(category, spans) == wording.CLASS_TITLES[wording.class_key(category, spans)]


def test_coverage_is_the_share_the_evidence_describes() -> None:
    gender = ["female", "male", "non-binary", "male", "female"] * 20
    report = pg.scan(pd.DataFrame({"gender": gender, "country": ["Germany", "France", "Spain", "Italy"] * 25}))
    for column in ("gender", "country"):
        finding = report.columns[column]
        (vocab,) = [e for e in finding.evidence if e.detector.startswith("vocabulary:")]
        written = re.search(r"covering (\d+)% of the sample", vocab.detail)
        assert written, vocab.detail
        # the score is lower than the share for a weak vocabulary; the coverage is the share
        assert wording.coverage_text(finding.coverage) == f"{written.group(1)}%" == "100%", (column, finding)
        line = next(row for row in report.summary().splitlines() if row.startswith(column))
        assert " 100% " in line


def test_job_title_coverage_is_the_share_of_titles() -> None:
    titles = ["Senior Accountant", "Nurse", "Data Analyst", "Bluebird"] * 10
    finding = pg.scan(pd.DataFrame({"role": titles})).columns["role"]
    (job,) = [e for e in finding.evidence if e.detector == "vocabulary:job_title"]
    hits, total = map(int, re.match(r"(\d+) of (\d+)", job.detail).groups())  # type: ignore[union-attr]
    assert finding.entity == "JOB_TITLE" and (hits, total) == (30, 40)
    assert wording.coverage_text(finding.coverage) == "75%" != wording.coverage_text(job.score)


def test_the_evidence_names_only_the_tiers_that_ran() -> None:
    names = ["Margaret Thornbury", "Oswaldo Pettigrew", "Ingrid Halvorsen", "Tobias Wainwright", "Lucia Ferrante"]
    report = pg.scan(pd.DataFrame({"customer": names * 8}), policy=NO_NER)
    detectors = {e.detector for e in report.columns["customer"].evidence}
    assert "names:gazetteer" in detectors
    assert not any("ner" in d for d in detectors), detectors
    assert "names:gazetteer+ner" not in report.summary()
    assert wording.names_detector(ner=True) == "names:gazetteer+ner"


@pytest.mark.parametrize(("n", "text"), [(0, "0 outputs"), (1, "1 output"), (2, "2 outputs"), (1500, "1,500 outputs")])
def test_plurals(n: int, text: str) -> None:
    assert wording.plural(n, "output") == text
    assert wording.plural(1, "entity", "entities") == "1 entity"
    assert wording.plural(3, "entity", "entities") == "3 entities"


def test_the_reports_say_no_word_with_an_s_in_brackets() -> None:
    report = pg.scan(_notes_frame(), policy=NO_NER)
    policy = Policy().replace(allow_values=("x",))
    texts = [report.summary(), render.report_table_html(report), *render.policy_table(policy)]
    for text in texts:
        assert "(s)" not in text
    assert "1 value," in render.policy_table(policy)[0]


def test_action_names() -> None:
    assert wording.action_done("redact") == "redacted"
    assert wording.action_done("pseudonymize") == "pseudonymized"
    assert wording.action_done("my_operator") == "my_operator"  # a plugin's operator keeps its name
    rows = finding_rows({"df": pg.scan(_notes_frame(), policy=NO_NER)}, Policy())
    assert {r.status for r in rows} == {"spans redacted"}
