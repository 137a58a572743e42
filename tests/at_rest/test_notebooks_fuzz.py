"""Odd notebooks: whatever shapes sources, outputs and widget state take, a scan either works or
raises a clear ValueError, clean keeps the JSON valid, and a seeded value is never in a finding."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jupyter_privguard.notebooks import NotebookOptions, clean_text, scan_notebook
from jupyter_privguard.policy import Policy

SEEDED = "ann.lee@example.com"
REDACT = NotebookOptions(policy=Policy(ner="off"), sources="redact")
REPORT = NotebookOptions(policy=Policy(ner="off"))

leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.just(f"mail {SEEDED} now"),
    st.just(f"<table><tr><th>e</th></tr><tr><td>{SEEDED}</td></tr></table>"),
)
json_value = st.recursive(
    leaf,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
source = st.one_of(json_value, st.lists(st.text(max_size=20) | st.just(f"{SEEDED}\n"), max_size=4))
output = st.one_of(
    json_value,
    st.fixed_dictionaries(
        {
            "output_type": st.sampled_from(["stream", "error", "display_data", "execute_result", "x"]),
            "text": source,
            "data": json_value,
            "metadata": json_value,
            "traceback": source,
            "ename": json_value,
            "evalue": source,
        }
    ),
)
cell = st.one_of(
    json_value,
    st.fixed_dictionaries(
        {
            "cell_type": st.sampled_from(["code", "markdown", "raw", "other"]),
            "source": source,
            "outputs": st.lists(output, max_size=3) | json_value,
            "metadata": json_value,
        }
    ),
)
widgets = st.one_of(
    json_value,
    st.fixed_dictionaries(
        {
            "application/vnd.jupyter.widget-state+json": st.fixed_dictionaries(
                {
                    "state": st.dictionaries(
                        st.text(max_size=40),
                        st.fixed_dictionaries(
                            {"model_name": st.sampled_from(["HTMLModel", "TextModel", "X"]), "state": json_value}
                        )
                        | json_value,
                        max_size=3,
                    )
                }
            )
        }
    ),
)
notebook = st.fixed_dictionaries(
    {
        "cells": st.lists(cell, max_size=4),
        "metadata": st.fixed_dictionaries({"widgets": widgets}) | json_value,
        "nbformat": st.just(4),
        "nbformat_minor": st.just(5),
    }
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notebook, st.sampled_from([REDACT, REPORT]))
def test_odd_notebooks_are_scanned_and_cleaned_without_leaking(nb: dict[str, Any], options: NotebookOptions) -> None:
    text = json.dumps(nb, indent=1)
    try:
        findings = scan_notebook(nb, options)
    except ValueError:
        return  # a clear refusal (e.g. nesting too deep) is fine
    assert all(SEEDED not in json.dumps(f.to_dict()) and SEEDED not in f.location for f in findings)
    cleaned, result = clean_text(text, options)
    assert all(SEEDED not in json.dumps(f.to_dict()) for f in result.findings + result.unredacted)
    # clean is complete: what a scan of its result still finds was reported as left in place
    left = {(f.cell, f.output, f.mime, f.where, f.entity) for f in result.unredacted}
    again = scan_notebook(json.loads(cleaned), options)
    assert {(f.cell, f.output, f.mime, f.where, f.entity) for f in again} <= left


def test_the_property_is_exercised_on_a_notebook_with_findings() -> None:
    nb = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": [f"write to {SEEDED}\n"]},
            {
                "cell_type": "code",
                "metadata": {},
                "source": [f"x = 1  # {SEEDED}\n", f"send({SEEDED!r})"],
                "outputs": [],
                "execution_count": None,
            },
        ],
        "metadata": {
            "widgets": {
                "application/vnd.jupyter.widget-state+json": {
                    "state": {"m1": {"model_name": "TextModel", "state": {"value": SEEDED}}}
                }
            }
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    test_odd_notebooks_are_scanned_and_cleaned_without_leaking.hypothesis.inner_test(nb, REDACT)  # type: ignore[attr-defined]
    cleaned, result = clean_text(json.dumps(nb), REDACT)
    assert SEEDED not in cleaned and result.findings and not result.unredacted
    cleaned, result = clean_text(json.dumps(nb), REPORT)
    assert cleaned.count(SEEDED) == 3 and {f.mime for f in result.unredacted} == {"source"}
