"""``%privguard leakage`` and ``%privguard risk`` through a real IPython shell.

The frame is synthetic, with distinctive seeded labels for the groups of the sensitive attribute,
the proxy's categories and the postal codes: none of them may reach an output, the session's risk
results or the audit log (the reports number groups and name columns, never values).
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np
import pandas as pd
import pytest
from IPython.core.error import UsageError
from seeded import SEEDED_LABELS, found, leaked, run, staff_frame

pytest.importorskip("sklearn")
pytest.importorskip("shap")

LEAKAGE_MIME = "application/vnd.jupyter-privguard.leakage+json"
RISK_MIME = "application/vnd.jupyter-privguard.risk+json"


def magic(ip: Any, line: str) -> list[dict[str, Any]]:
    """Run ``%privguard line``; the bundles it published."""
    from IPython.utils.capture import capture_output

    with capture_output() as captured:
        ip.run_line_magic("privguard", line)
    return [dict(o.data) for o in captured.outputs]


def _ext(ip: Any) -> Any:
    from jupyter_privguard.integrations.ipython import get_extension

    return get_extension(ip)


def _no_values(text: str, frame: pd.DataFrame) -> list[str]:
    """Seeded labels, postal codes and e-mail addresses of ``frame`` found in ``text``."""
    return found(SEEDED_LABELS + sorted(set(frame["zip"])) + list(frame["email"][:50]), text)


@pytest.fixture
def staff(ip: Any) -> pd.DataFrame:
    frame = staff_frame()
    ip.user_ns["staff"] = frame
    yield frame
    ip.user_ns.pop("staff", None)
    ip.user_ns.pop("clf", None)


def test_help_lists_the_risk_verbs(ip: Any) -> None:
    text = "".join(b["text/plain"] for b in magic(ip, "help"))
    assert "%privguard leakage VAR" in text and "--target COL" in text
    assert "%privguard risk VAR" in text and "--k N" in text


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("risk", "the following arguments are required"),
        ("risk no_such_variable", "could not evaluate"),
        ("risk 42", "expected a pandas or polars DataFrame, got builtins.int"),
        ("risk staff['zip']", "expected a pandas or polars DataFrame, got pandas.Series"),
        ("risk staff --qi zip nope", "'nope', which is not a column"),
        ("risk staff --sensitive nope other", "are not columns"),
        ("risk staff --k 0", "--k must be an integer >= 1, got 0"),
        ("risk staff --k five", "invalid int value"),
        ("risk staff --frobnicate", "unrecognized arguments"),
        ("leakage", "the following arguments are required"),
        ("leakage staff --sensitive nope", "'nope', which is not a column"),
        ("leakage staff --target nope", "'nope', which is not a column"),
        ("leakage staff --sensitive sex --model staff", "--model needs --target COL"),
        ("leakage staff --sensitive sex --target label --model no_such_model", "could not evaluate"),
        ("leakage staff --sensitive sex --target sex", "never used as a feature"),
    ],
)
def test_user_mistakes_raise_usage_error(ip: Any, staff: pd.DataFrame, line: str, message: str) -> None:
    with pytest.raises(UsageError, match=re.escape(message)):
        ip.run_line_magic("privguard", line)


def test_usage_error_is_one_line_in_a_cell(ip: Any, staff: pd.DataFrame) -> None:
    result = run(ip, "%privguard risk staff --qi nope")
    assert "UsageError" in result["stderr"] and "Traceback" not in result["stderr"]


def test_risk_report_bundle(ip: Any, staff: pd.DataFrame) -> None:
    (bundle,) = magic(ip, "risk staff")
    assert set(bundle) >= {"text/plain", "text/html", RISK_MIME}
    payload = bundle[RISK_MIME]
    assert payload["quasi_identifiers"] == ["sex", "zip", "age"]  # suggested by the scanner, in frame order
    assert payload["direct_identifiers"] == ["email"]
    from jupyter_privguard.risk import reidentification

    expected = reidentification(staff, ["sex", "zip", "age"], sensitive=[])
    assert payload["k"] == expected.k and payload["unique_share"] == pytest.approx(expected.unique_share)
    assert payload["label"] == "staff" and "generalization" not in payload
    assert bundle["text/plain"].startswith("privguard re-identification risk of staff\nRe-identification risk")
    assert "<svg" in bundle["text/html"] and "Re-identification risk" in bundle["text/html"]
    json.dumps(payload, allow_nan=False)  # strict JSON for the frontend
    assert _no_values(json.dumps(bundle), staff) == []
    assert _ext(ip).session.risk_results["staff"]["risk"] == payload
    event = _ext(ip).audit_log().read()[-1]
    assert event["event"] == "risk" and event["variable"] == "staff" and event["columns"] == ["sex", "zip", "age"]
    assert event["counts"]["k"] == expected.k and event["n_rows"] == len(staff)


def test_risk_honours_the_session_allow_list(ip: Any, staff: pd.DataFrame) -> None:
    ip.run_line_magic("privguard", "allow column zip")
    (bundle,) = magic(ip, "risk staff")
    assert bundle[RISK_MIME]["quasi_identifiers"] == ["sex", "age"]


def test_risk_with_k_shows_the_generalisation_without_its_values(ip: Any, staff: pd.DataFrame) -> None:
    (bundle,) = magic(ip, "risk staff --qi zip age --k 5")
    payload = bundle[RISK_MIME]
    assert payload["quasi_identifiers"] == ["zip", "age"]
    gen = payload["generalization"]
    assert gen["k_target"] == 5 and gen["k"] >= 5
    assert {c["column"] for c in gen["changes"]} & {"zip", "age"}
    text = bundle["text/plain"]
    assert f"generalised to k = {gen['k']} (target 5)" in text
    assert "reidentification(staff, ['zip', 'age']).generalize(k=5)" in text
    assert "what changed" in bundle["text/html"]
    # the generalised labels (zip prefixes such as 91***, age bands) stay out of the output
    from jupyter_privguard.risk import reidentification

    frame, changes = reidentification(staff, ["zip", "age"]).generalize(k=5)
    changed = [c["column"] for c in changes if c["column"]]
    new_labels = {v for c in changed for v in frame[c].astype(str).unique() if len(v) >= 4 and v != "Other"}
    assert new_labels  # e.g. zip prefixes such as 910**
    shown = json.dumps(bundle)
    assert [v for v in new_labels if v in shown] == []
    assert _no_values(shown, staff) == []
    counts = _ext(ip).audit_log().read()[-1]["counts"]
    assert counts["k_target"] == 5 and counts["k_reached"] == gen["k"]


def test_risk_on_a_frame_without_quasi_identifiers(ip: Any) -> None:
    ip.user_ns["plain"] = pd.DataFrame({"price": [1.0, 2.0, 3.0], "qty": [1, 2, 3]})
    try:
        (bundle,) = magic(ip, "risk plain --k 3")
    finally:
        ip.user_ns.pop("plain", None)
    assert "No quasi-identifiers found" in bundle["text/plain"]
    assert bundle[RISK_MIME]["quasi_identifiers"] == [] and "generalization" not in bundle[RISK_MIME]


def test_leakage_finds_the_proxy_and_shows_no_value(ip: Any, staff: pd.DataFrame) -> None:
    (bundle,) = magic(ip, "leakage staff --sensitive sex --target label")
    assert set(bundle) >= {"text/plain", "text/html", LEAKAGE_MIME}
    payload = bundle[LEAKAGE_MIME]
    (attribute,) = payload["attributes"]
    assert attribute["sensitive"] == "sex" and attribute["auc"] > 0.7
    names = [f["name"] for f in attribute["features"]]
    assert names[0] == "dept" and "label" not in names and "sex" not in names
    shares = [f["share"] for f in attribute["features"]]
    assert shares == sorted(shares, reverse=True) and sum(shares) == pytest.approx(1.0)
    flags = {f["name"]: f["proxy"] for f in attribute["features"]}
    assert flags["dept"] is True and flags["noise"] is False
    assert payload["verdict"].startswith("Proxies found: sex via dept")
    assert "email" in payload["excluded"]
    html = bundle["text/html"]
    assert payload["verdict"] in html and "<svg" in html
    assert html.count("data:image/png;base64,") == 1  # the SHAP beeswarm (matplotlib is installed)
    json.dumps(payload, allow_nan=False)
    assert _no_values(json.dumps(bundle), staff) == []
    assert _ext(ip).session.risk_results["staff"]["leakage"] == payload
    event = _ext(ip).audit_log().read()[-1]
    assert event["event"] == "leakage" and event["columns"] == ["sex"] and event["decision"] == "proxies"
    assert event["counts"]["sex"] == pytest.approx(attribute["auc"], abs=1e-4)
    assert _no_values(json.dumps(_ext(ip).audit_log().read()), staff) == []


def test_leakage_with_the_users_model_splits_the_gap(ip: Any, staff: pd.DataFrame) -> None:
    from sklearn.ensemble import GradientBoostingClassifier

    features = ["noise", "age"]
    ip.user_ns["clf"] = GradientBoostingClassifier(n_estimators=30, random_state=0).fit(staff[features], staff.label)
    (bundle,) = magic(ip, "leakage staff --sensitive sex --target label --model clf --no-plots")
    payload = bundle[LEAKAGE_MIME]
    (gap,) = payload["model_gaps"]
    assert gap["sensitive"] == "sex" and {c["name"] for c in gap["contributions"]} == set(features)
    assert sum(c["gap"] for c in gap["contributions"]) == pytest.approx(gap["gap"], abs=1e-6)
    assert "data:image/png" not in bundle["text/html"]  # --no-plots
    assert "model output gap by sex" in bundle["text/plain"]
    assert _no_values(json.dumps(bundle), staff) == []


def test_leakage_without_a_sensitive_column_says_so(ip: Any) -> None:
    ip.user_ns["plain"] = pd.DataFrame({"price": np.arange(100.0), "qty": np.arange(100) % 7})
    try:
        (bundle,) = magic(ip, "leakage plain")
    finally:
        ip.user_ns.pop("plain", None)
    assert bundle[LEAKAGE_MIME]["attributes"] == []
    assert "no column was recognised as a sensitive attribute" in bundle["text/plain"]


def test_risk_results_are_kept_per_variable(ip: Any, staff: pd.DataFrame) -> None:
    events: list[tuple[str, dict[str, Any]]] = []
    _ext(ip).session.subscribe(lambda event, payload: events.append((event, payload)))
    magic(ip, "risk staff --qi zip sex")
    magic(ip, "risk staff --qi age sex")
    results = _ext(ip).session.risk_results
    assert list(results) == ["staff"] and results["staff"]["risk"]["quasi_identifiers"] == ["age", "sex"]
    risk_events = [p for e, p in events if e == "risk"]
    assert [p["kind"] for p in risk_events] == ["risk", "risk"] and risk_events[-1]["label"] == "staff"
    assert leaked(json.dumps(risk_events)) == []
