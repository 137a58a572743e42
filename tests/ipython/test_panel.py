"""The in-notebook panel, built against a real GuardSession and a real IPython shell.

The widgets are driven the way a frontend drives them (setting a widget's value, clicking a
button), and the panel's whole widget state is serialised and searched for the seeded values.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("ipywidgets")

from seeded import EMAILS, PHONES, SEEDED, SSNS, everything, leaked, magic, run, seeded_frame

from jupyter_privguard.integrations.widget import PrivGuardPanel, log_html, panel, risk_html


def _ext(ip: Any) -> Any:
    from jupyter_privguard.integrations.ipython import get_extension

    return get_extension(ip)


@pytest.fixture
def pg(ip: Any) -> Iterator[PrivGuardPanel]:
    """A panel over the loaded guard; closed afterwards (the test shell is shared between tests)."""
    made = PrivGuardPanel(shell=ip)
    yield made
    made.close()


def widget_state(p: PrivGuardPanel) -> str:
    """Everything a frontend could save or receive: every widget's state and the embed state."""
    from ipywidgets.embed import dependency_state, embed_data

    states = [w.get_state() for w in p.iter_widgets()]
    embedded = embed_data(views=[p.widget])
    dependencies = dependency_state([p.widget], drop_defaults=False)
    return json.dumps([states, embedded, dependencies], default=str)


def _status(p: PrivGuardPanel, column: str) -> str:
    return next(r.status for r in p.finding_rows() if r.column == column)


# ----------------------------------------------------------------------------------------------
# import and entry points
# ----------------------------------------------------------------------------------------------
def test_importing_the_panel_module_loads_no_ipywidgets() -> None:
    code = (
        "import sys, jupyter_privguard, jupyter_privguard.integrations.widget; "
        "print('ipywidgets' in sys.modules, 'IPython' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]


def test_magic_displays_the_panel_and_panel_returns_the_open_one(ip: Any) -> None:
    result = run(ip, "%privguard panel")
    assert result["success"], result["stderr"]
    bundles = [o["data"] for o in result["outputs"]]
    assert any("application/vnd.jupyter.widget-view+json" in b for b in bundles)
    shown = panel(shell=ip)
    try:
        assert panel(shell=ip) is shown  # one live panel per kernel; every view of it stays in sync
        assert "panel" in magic(ip, "help")
    finally:
        shown.close()
    assert panel(shell=ip) is not shown  # a closed panel is not handed out again
    panel(shell=ip).close()


def test_panel_without_the_guard_says_so_and_still_edits_the_policy(shell: Any) -> None:
    from jupyter_privguard.session import current_session

    p = PrivGuardPanel(shell=shell)
    try:
        assert "guard not loaded" in p.title.value
        assert p.guard_toggle.disabled and p.reveal_button.disabled
        p.set_action("EMAIL_ADDRESS", "hash")
        assert current_session().policy.action_for("EMAIL_ADDRESS") == "hash"
        with pytest.raises(ValueError, match="guard loaded"):
            p.reveal("df")
        shell.extension_manager.load_extension("jupyter_privguard")
        run(shell, "1")  # the refresh after a cell notices the guard
        assert "guard on" in p.title.value and not p.reveal_button.disabled
    finally:
        p.close()


# ----------------------------------------------------------------------------------------------
# live updates from the session
# ----------------------------------------------------------------------------------------------
def test_rows_follow_session_events(ip: Any, pg: PrivGuardPanel) -> None:
    assert pg.finding_rows() == [] and "No personal data found yet" in pg.findings_html.value
    run(ip, "df")  # the display guard emits "display"
    rows = {r.column: r for r in pg.finding_rows()}
    assert {c: r.entity for c, r in rows.items()} == {
        "email": "EMAIL_ADDRESS",
        "phone": "PHONE_NUMBER",
        "ssn": "US_SSN",
    }
    assert all(r.status == "redacted" and r.category == "direct" for r in rows.values())
    assert "EMAIL_ADDRESS" in pg.findings_html.value and "US_SSN" in pg.findings_html.value
    assert "1 redacted display," in pg.title.value and "1 object checked" in pg.title.value
    # the policy tab lists the entities found, and only those, until "all entities" is chosen
    shown = [row.children[1] for row in pg.policy_rows.children]
    assert len(shown) == 3
    pg.policy_filter.value = "all"
    from jupyter_privguard.entities import ENTITIES

    assert len(pg.policy_rows.children) == len(ENTITIES)
    # an event emitted by another integration (a magic) updates the rows without a cell run
    ip.run_line_magic("privguard", "policy EMAIL_ADDRESS=hash")
    ip.run_line_magic("privguard", "off")
    assert pg._entity_rows["EMAIL_ADDRESS"][0].value == "hash"
    assert _status(pg, "email") == "hashed"
    assert pg.guard_toggle.value is False and "guard OFF" in pg.title.value
    ip.run_line_magic("privguard", "on")
    assert pg.guard_toggle.value is True


def test_scan_magic_and_a_plain_event_update_the_panel(ip: Any, pg: PrivGuardPanel) -> None:
    magic(ip, "scan df")
    assert {r.variable for r in pg.finding_rows()} == {"df"}
    # a change made without an event is picked up after the next cell
    _ext(ip).session.policy = _ext(ip).session.policy.replace(actions={"US_SSN": "drop"})
    run(ip, "1")
    assert pg._entity_rows["US_SSN"][0].value == "drop" and _status(pg, "ssn") == "dropped"


def test_follows_the_guard_across_unload_and_reload(ip: Any, pg: PrivGuardPanel) -> None:
    first = pg.session
    ip.extension_manager.unload_extension("jupyter_privguard")
    run(ip, "1")
    assert "guard not loaded" in pg.title.value
    ip.extension_manager.load_extension("jupyter_privguard")
    run(ip, "df")
    assert pg.session is _ext(ip).session and pg.session is not first
    assert len(pg.finding_rows()) == 3
    assert len(first._listeners) == 0  # the old session no longer calls the panel


# ----------------------------------------------------------------------------------------------
# policy controls
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("entity", "action", "visible", "hidden"),
    [
        ("EMAIL_ADDRESS", "mask", ["@example.org"], EMAILS),
        ("EMAIL_ADDRESS", "keep", EMAILS, PHONES + SSNS),
        ("PHONE_NUMBER", "drop", [], PHONES),
        ("US_SSN", "hash", [], SSNS),
    ],
)
def test_action_dropdown_changes_the_policy_and_the_next_output(
    ip: Any, pg: PrivGuardPanel, entity: str, action: str, visible: list[str], hidden: list[str]
) -> None:
    run(ip, "df")
    pg._entity_rows[entity][0].value = action  # what the frontend does when the user picks an action
    session = _ext(ip).session
    assert session.policy.action_for(entity) == action and session.policy.source.endswith("+panel")
    text = everything(run(ip, "df"))
    assert all(v in text for v in visible)
    assert leaked(text, hidden) == []
    event = [e for e in _ext(ip).audit_log().read() if e["event"] == "policy"][-1]
    assert (event["event"], event["entities"], event["action"], event["scope"]) == ("policy", [entity], action, "panel")


def test_threshold_slider_and_default_threshold(ip: Any, pg: PrivGuardPanel) -> None:
    run(ip, "df")
    pg._entity_rows["PHONE_NUMBER"][1].value = 1.0
    session = _ext(ip).session
    assert session.policy.thresholds["PHONE_NUMBER"] == 1.0
    run(ip, "df")
    assert "phone" not in {r.column for r in pg.finding_rows()}  # no phone column reaches a score of 1
    pg.min_score.value = 0.7
    assert session.policy.min_score == 0.7
    events = [(e["event"], e.get("setting")) for e in _ext(ip).audit_log().read()]
    assert ("policy", "thresholds") in events and ("config", "min_score") in events


# ----------------------------------------------------------------------------------------------
# allow lists
# ----------------------------------------------------------------------------------------------
def test_allow_a_column_then_the_next_scan_marks_it_allowed(ip: Any, pg: PrivGuardPanel) -> None:
    from jupyter_privguard.scanner import scan

    run(ip, "df")
    pg.allow_column_text.value = "email"
    pg.allow_column_button.click()
    assert pg.allow_column_text.value == ""
    session = _ext(ip).session
    assert session.policy.allow_columns == ("email",)
    assert scan(ip.user_ns["df"], policy=session.policy).columns["email"].allowed is True
    assert _status(pg, "email") == "allowed"
    assert all(e in everything(run(ip, "df")) for e in EMAILS)
    # from the findings tab: pick a found column and allow it
    assert [label for label, _ in pg.finding_pick.options] == ["phone (PHONE_NUMBER)", "ssn (US_SSN)"]
    pg.finding_pick.value = "phone"
    pg.finding_allow_button.click()
    assert session.policy.allow_columns == ("email", "phone")
    # and take one back
    pg.allowed_columns.value = "email"
    pg.remove_column_button.click()
    assert session.policy.allow_columns == ("phone",)
    assert leaked(everything(run(ip, "df")), EMAILS) == []
    events = [(e["event"], e.get("kind"), e.get("target")) for e in _ext(ip).audit_log().read()]
    assert ("allow", "column", "email") in events and ("deny", "column", "email") in events


def test_typed_values_are_held_in_the_kernel_and_never_echoed(ip: Any, pg: PrivGuardPanel) -> None:
    run(ip, "df")
    pg.secret.value = EMAILS[0]  # what the frontend syncs on Enter
    assert pg.secret.value == ""  # moved out of the widget at once
    assert "23 characters ready" in pg.secret_status.value and not pg.allow_value_button.disabled
    pg.allow_value_button.click()
    session = _ext(ip).session
    assert session.policy.allow_values == (EMAILS[0],)
    assert [label for label, _ in pg.allowed_secrets.options] == ["value #1 (23 characters)"]
    text = everything(run(ip, "df"))
    assert EMAILS[0] in text and leaked(text, EMAILS[1:]) == []

    pattern = r"bob\.jones@mailhost\.net"
    pg.secret.value = pattern
    pg.allow_pattern_button.click()
    assert session.policy.allow_patterns == (pattern,)
    assert "1 value and 1 pattern allowed" in pg.allow_summary.value

    # remove by typing it again, and by picking its masked label
    pg.secret.value = EMAILS[0]
    pg.remove_secret_button.click()
    assert session.policy.allow_values == ()
    pg.allowed_secrets.value = ("patterns", 0)
    pg.remove_selected_button.click()
    assert session.policy.allow_patterns == ()
    log = _ext(ip).audit_log().path.read_text()
    assert EMAILS[0] not in log and "bob" not in log and '"target":"<pattern>"' in log


def test_an_invalid_pattern_is_refused_without_echoing_it(ip: Any, pg: PrivGuardPanel) -> None:
    pg.secret.value = "[536-90-4871"
    pg.allow_pattern_button.click()
    assert "not a valid regular expression" in pg.message.value and "536-90-4871" not in pg.message.value
    assert _ext(ip).session.policy.allow_patterns == ()
    assert pg.allow_pattern_button.disabled  # the entry was used up: nothing stays staged


# ----------------------------------------------------------------------------------------------
# reveal
# ----------------------------------------------------------------------------------------------
def test_reveal_uses_the_display_guard_and_ends_with_the_next_cell(ip: Any, pg: PrivGuardPanel) -> None:
    from IPython.utils.capture import capture_output

    run(ip, "df")
    assert "df" in [value for _, value in pg.reveal_variable.options]
    pg.reveal_variable.value = "df"
    assert [label for label, _ in pg.reveal_columns.options] == ["email", "phone", "ssn", "product", "price"]
    pg.reveal_columns.value = ("email",)
    with capture_output() as captured:
        pg.reveal_button.click()
    assert "revealed" in pg.reveal_note.value, pg.message.value
    shown = [o for o in captured.outputs if "jupyter_privguard" in o.metadata]
    assert len(shown) == 1 and shown[0].metadata["jupyter_privguard"]["reveal"] is True  # the guard's marker
    text = json.dumps(shown[0].data)
    assert all(e in text for e in EMAILS) and leaked(text, PHONES + SSNS) == []
    event = _ext(ip).audit_log().read()[-1]
    assert (event["event"], event["columns"], event["scope"]) == ("reveal", ["email"], "panel")
    assert _ext(ip).session.counts.reveals == 1 and _ext(ip).display.pending_reveals == 1

    # a frontend syncs what its Output widget captured back into the kernel: simulate it
    pg.reveal_output.outputs = ({"output_type": "display_data", "data": shown[0].data, "metadata": {}},)
    assert EMAILS[0] in widget_state(pg)
    result = run(ip, "1")  # the next cell: the guard takes the reveal back, and the panel empties its view
    assert pg.reveal_output.outputs == () and pg.reveal_note.value == ""
    assert any(o["update"] for o in result["outputs"])  # the guard's update_display_data
    assert leaked(widget_state(pg)) == []


def test_reveal_refuses_what_the_magic_refuses(ip: Any, pg: PrivGuardPanel) -> None:
    ip.user_ns["s"] = 42
    for variable, columns, message in [
        ("nope", None, "expected the name of a variable"),
        ("s", None, "expected a DataFrame"),
        ("df", ["no_such"], "has no column"),
    ]:
        with pytest.raises(ValueError, match=message):
            pg.reveal(variable, columns)
    pg.reveal_variable.options = []
    pg.reveal_button.click()
    assert "choose a variable" in pg.message.value


def test_hide_again_ends_the_reveal_now(ip: Any, pg: PrivGuardPanel) -> None:
    from IPython.utils.capture import capture_output

    with capture_output():
        pg.reveal("df")
        pg.end_reveal_button.click()
    assert _ext(ip).display.pending_reveals == 0 and pg.reveal_output.outputs == ()


# ----------------------------------------------------------------------------------------------
# risk results and the export log
# ----------------------------------------------------------------------------------------------
LEAK_PAYLOAD = {
    "verdict": "Proxies found: gender via job.",
    "attributes": [
        {
            "sensitive": "gender",
            "auc": 0.81,
            "auc_interval": [0.77, 0.85],
            "baseline_auc": 0.5,
            "strength": "strong",
            "proxies": ["job"],
            "features": [
                {"name": "job", "share": 0.7, "proxy": True},
                {"name": "income", "share": 0.3, "proxy": False},
            ],
        }
    ],
    "model_gaps": [],
    "excluded": {},
    "features": ["job", "income"],
    "notes": [],
}


def test_risk_results_with_their_charts(ip: Any, pg: PrivGuardPanel, people: Any) -> None:
    from jupyter_privguard.risk import reidentification

    assert "No risk results yet" in pg.risk_html.value
    session = _ext(ip).session
    payload = reidentification(people, ["zip", "dob", "gender"]).to_dict()
    session.risk_results["people"] = {"leakage": LEAK_PAYLOAD, "risk": payload}
    session.emit("risk", {"label": "people", "kind": "risk"})
    markup = pg.risk_html.value
    assert "leakage · people" in markup and "re-identification · people" in markup
    assert "AUC 0.81 [0.77, 0.85]" in markup and "proxies: job" in markup
    assert markup.count("<svg") >= 3  # SHAP shares, class sizes, unique share without each column
    assert f"k = <b>{payload['k']}</b>" in markup


def test_risk_results_accept_report_objects_and_lists(people: Any) -> None:
    from jupyter_privguard.risk import reidentification

    report = reidentification(people, ["zip", "gender"])
    assert "re-identification" in risk_html(report) and "<svg" in risk_html([report])
    assert "No risk results yet" in risk_html(None) and "No risk results yet" in risk_html({})


def test_risk_magic_result_reaches_the_panel(ip: Any, pg: PrivGuardPanel) -> None:
    if "risk" not in _ext(ip)._magics._verbs():
        pytest.skip("the %privguard risk verb is not in this build")
    result = run(ip, "%privguard risk df --qi product price")
    assert result["success"], result["stderr"]
    assert "re-identification · df" in pg.risk_html.value


def test_export_log_lists_exports(ip: Any, pg: PrivGuardPanel, tmp_path: Any) -> None:
    assert "No exports recorded yet" in pg.log_html.value
    target = tmp_path / "people_out.csv"
    result = run(
        ip,
        f"import warnings\nwith warnings.catch_warnings():\n    warnings.simplefilter('ignore')\n"
        f"    df.to_csv({str(target)!r})",
    )
    assert result["success"], result["stderr"]
    if not any(e.get("event") == "export" for e in _ext(ip).audit_log().read()):
        pytest.skip("the export guard did not record this export in this build")
    markup = pg.log_html.value
    assert "to_csv" in markup and "audit log intact" in markup
    assert leaked(markup) == []
    pg.log_filter.value = "all"
    assert "load" in pg.log_html.value


def test_log_html_is_newest_first_and_filters_exports() -> None:
    events = [
        {"event": "load", "time": "2026-01-01T00:00:00"},
        {
            "event": "export",
            "time": "2026-01-01T00:00:01",
            "method": "to_csv",
            "format": "csv",
            "file": "a.csv",
            "columns": ["email"],
            "entities": {"EMAIL_ADDRESS": 1},
            "decision": "warned",
        },
        {
            "event": "export",
            "time": "2026-01-01T00:00:02",
            "method": "to_parquet",
            "format": "parquet",
            "file": "b.parquet",
            "columns": [],
            "decision": "clean",
        },
    ]
    markup = log_html(events, (True, "3 events"), exports_only=True)
    assert markup.index("b.parquet") < markup.index("a.csv") and ">load<" not in markup
    assert "EMAIL_ADDRESS×1" in markup and "warned" in markup
    assert ">load<" in log_html(events, None, exports_only=False)


# ----------------------------------------------------------------------------------------------
# privacy: no seeded value anywhere in the widget state
# ----------------------------------------------------------------------------------------------
def test_no_seeded_value_in_any_widget_state_after_every_control(
    ip: Any, pg: PrivGuardPanel, people: Any, tmp_path: Any
) -> None:
    from IPython.utils.capture import capture_output

    from jupyter_privguard.risk import reidentification

    ip.user_ns["people"] = people
    seeded = SEEDED + people["email"].tolist()[:20] + people["ssn"].tolist()[:20] + people["name"].tolist()[:20]
    # PII in every place the panel reads from: displays (also with PII as column labels), scans,
    # the policy, the allow lists, a reveal, risk results, the audit log
    for code in (
        "df",
        "people.head(20)",
        "df.set_index('phone')",
        "df.set_index('email').T",
        "df.set_index('email')[['ssn']].T",
    ):
        assert run(ip, code)["success"]
    magic(ip, "scan people")
    magic(ip, f"allow value {EMAILS[1]}")
    magic(ip, "allow pattern 536-90-\\d+")
    pg.policy_filter.value = "all"
    for _name, (action, threshold, _) in list(pg._entity_rows.items())[:6]:
        action.value = "mask"
        threshold.value = 0.55
    pg.min_score.value = 0.6
    pg.allow_column_text.value = "email"
    pg.allow_column_button.click()
    pg.finding_pick.value = pg.finding_pick.options[0][1]
    pg.finding_allow_button.click()
    pg.secret.value = PHONES[2]
    pg.allow_value_button.click()
    pg.secret.value = SSNS[3]
    pg.allow_pattern_button.click()
    pg.secret.value = "[" + SSNS[4]  # an invalid pattern: its error must not echo it
    pg.allow_pattern_button.click()
    pg.secret.value = PHONES[2]
    pg.remove_secret_button.click()
    pg.secret.value = EMAILS[5]  # typed, staged, never committed
    pg.allowed_secrets.value = pg.allowed_secrets.options[0][1]
    pg.remove_selected_button.click()
    pg.allowed_columns.value = "email"
    pg.remove_column_button.click()
    pg.guard_toggle.value = False
    pg.guard_toggle.value = True
    session = _ext(ip).session
    session.risk_results["people"] = {"risk": reidentification(people).to_dict(), "leakage": LEAK_PAYLOAD}
    session.emit("risk", {"label": "people"})
    run(
        ip,
        f"import warnings\nwith warnings.catch_warnings():\n    warnings.simplefilter('ignore')\n"
        f"    people.to_csv({str(tmp_path / 'out.csv')!r})",
    )
    pg.log_filter.value = "all"
    pg.reveal_variable.value = "df"
    with capture_output():
        pg.reveal_button.click()
    pg.end_reveal_button.click()
    pg.refresh(force=True)

    state = widget_state(pg)
    assert len(state) > 10_000  # the panel really is in there
    assert leaked(state, seeded) == []
    # the values the user typed are in the policy (they work) and nowhere in the widgets
    assert SSNS[3] in session.policy.allow_patterns and PHONES[2] not in session.policy.allow_values
    # column labels that are PII (df.T) are listed under a neutral name
    assert "(name hidden)" in pg.findings_html.value
    assert leaked(repr(pg)) == []
    # and what the panel itself wrote to the audit log holds none either
    mine = [e for e in _ext(ip).audit_log().read() if e.get("scope") == "panel"]
    assert len(mine) > 15 and leaked(json.dumps(mine), seeded) == []


def test_column_labels_that_are_pii_are_hidden(ip: Any, pg: PrivGuardPanel) -> None:
    run(ip, "df.set_index('email')[['ssn']].T")  # the emails become column labels
    # the namespace walk after the cell (this shell's terminal tripwire, as in a kernel) lists `df` and the
    # result kept in `Out` too: the rows of the display's own report are the ones checked here
    rows = [r for r in pg.finding_rows() if r.variable == "<pandas.DataFrame>"]
    assert [r.column for r in rows] == [f"column #{i} (name hidden)" for i in range(1, 7)]
    assert all(r.entity == "US_SSN" for r in rows)
    # the dropdown shows the neutral label and keeps the real name in the kernel, so allowing works
    label, value = next(o for o in pg.finding_pick.options if o[0].startswith("column #1 (name hidden)"))
    assert label.startswith("column #1 (name hidden)") and value == EMAILS[0]
    pg.finding_pick.value = value
    pg.finding_allow_button.click()
    assert _ext(ip).session.policy.allow_columns == (EMAILS[0],)
    assert _ext(ip).audit_log().read()[-1]["target"] == "<column>"
    assert leaked(widget_state(pg)) == []


# ----------------------------------------------------------------------------------------------
# a real kernel: the notebook saved with its widget state
# ----------------------------------------------------------------------------------------------
KERNEL = "privguard-panel-test"


def _kernel_folder(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A kernelspec for this interpreter in a private Jupyter path, and the seeded CSV beside it."""
    spec = tmp_path / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "privguard panel test",
                "language": "python",
            }
        )
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("PRIVGUARD_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    monkeypatch.setenv("PRIVGUARD_NER", "off")
    seeded_frame(40).to_csv(tmp_path / "people.csv", index=False)
    return tmp_path


@pytest.mark.slow
def test_saved_widget_state_of_a_real_kernel_holds_no_seeded_value(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run with nbclient (which stands in for a frontend, Output widgets included) and save the state."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    folder = _kernel_folder(tmp_path, monkeypatch)
    cells = [
        "%load_ext jupyter_privguard",
        "import pandas as pd\ndf = pd.read_csv('people.csv')",
        "%privguard panel",
        "df",
        "%privguard policy EMAIL_ADDRESS=mask",
        "import jupyter_privguard as pg\np = pg.panel()\np.allow_value(df.loc[1, 'email'])\np.reveal('df', ['email'])",
        "p.set_action('US_SSN', 'hash')\ndf.to_csv('out.csv')",
        "assert p.reveal_output.outputs == () and p._reveal_live is False\np.refresh(force=True)",
    ]
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    # generous timeouts: the machine is shared, and a kernel start under load took over a minute once
    client = nbclient.NotebookClient(
        nb,
        kernel_name=KERNEL,
        timeout=300,
        startup_timeout=300,
        store_widget_state=True,
        resources={"metadata": {"path": str(folder)}},
    )
    client.execute()
    errors = [o for c in nb.cells for o in c.outputs if o.output_type == "error"]
    assert errors == []
    state = json.dumps(nb.metadata["widgets"])
    assert "EMAIL_ADDRESS" in state and "to_csv" in state and "1 value and" in state
    saved = nbformat.writes(nb)
    assert [v for v in SEEDED if v in saved] == []
