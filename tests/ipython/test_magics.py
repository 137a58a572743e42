"""%privguard and %%privguard through a real IPython shell."""

from __future__ import annotations

import json
from typing import Any

import pytest
from IPython.core.error import UsageError
from seeded import EMAILS, PHONES, PRODUCTS, SSNS, everything, leaked, magic, run


def _ext(ip: Any) -> Any:
    from jupyter_privguard.integrations.ipython import get_extension

    return get_extension(ip)


def _audit(ip: Any) -> list[dict[str, Any]]:
    return _ext(ip).audit_log().read()


def test_help_lists_every_verb(ip: Any) -> None:
    text = magic(ip, "help")
    for verb in ("on", "off", "status", "scan", "policy", "allow", "deny", "reveal", "config", "audit", "%%privguard"):
        assert verb in text


def test_status(ip: Any) -> None:
    run(ip, "df")
    text = magic(ip, "status")
    assert text.startswith("privguard: on")
    assert "pandas.DataFrame" in text and "pandas.Styler" in text
    assert "NER: off" in text  # the test policy turns NER off
    assert "frames_scanned=1" in text
    assert "every kernel:" in text and "audit log:" in text
    assert leaked(text) == []
    assert magic(ip, "") == text.replace("frames_scanned=1", "frames_scanned=1")  # no verb: status
    # counted nouns agree with their numbers (issue 15: "1 action(s)", "0 column(s)")
    assert "(s)" not in text
    assert "0 actions changed; allowed: 0 columns, 0 values, 0 patterns" in text
    magic(ip, "policy EMAIL_ADDRESS=mask")
    magic(ip, "allow column ssn")
    assert "1 action changed; allowed: 1 column, 0 values" in magic(ip, "status")
    assert "(s)" not in magic(ip, "config")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("frobnicate", "unknown verb"),
        ("scan", "the following arguments are required"),
        ("scan no_such_variable", "could not evaluate"),
        ("scan 42", "expected a pandas or polars"),
        ("policy NOT_AN_ENTITY=mask", "unknown entity"),
        ("policy EMAIL_ADDRESS=explode", "must be one of"),
        ("policy EMAIL_ADDRESS", "argument 1 is not KEY=VALUE"),
        ("allow", "the following arguments are required"),
        ("allow row x", "invalid choice"),
        ("allow pattern [unclosed", "not a valid regular expression"),
        ("deny column product", "not in the allow list"),
        ("deny value x PERSON", "for a column only"),
        ("reveal df no_such_column", "has no column"),
        ("reveal 42", "expected a DataFrame"),
        ("config min_score=1.5", "min_score must be a number in [0, 1]"),
        ("config nonsense=1", "is not a setting"),
        ("config key=abcdefghijkl", "cannot be set from a notebook"),
        ("config reveal_seconds=-1", "number of seconds"),
        ("config min_score", "argument 1 is not KEY=VALUE"),
        ("audit -n x", "invalid int value"),
    ],
)
def test_user_mistakes_raise_usage_error(ip: Any, line: str, message: str) -> None:
    with pytest.raises(UsageError, match=pytest.importorskip("re").escape(message)):
        ip.run_line_magic("privguard", line)


@pytest.mark.parametrize(
    "line",
    [
        "config strict=true ann.lee@example.com",
        "policy EMAIL_ADDRESS=mask 536-22-1234",
        "config reveal_seconds=ann.lee@example.com",
    ],
)
def test_usage_errors_do_not_repeat_a_misplaced_value(ip: Any, line: str) -> None:
    # a value typed in the wrong place may be personal data: the message names the position only
    with pytest.raises(UsageError) as caught:
        ip.run_line_magic("privguard", line)
    assert "ann.lee@example.com" not in str(caught.value) and "536-22-1234" not in str(caught.value)


def test_usage_error_is_one_line_in_a_cell(ip: Any) -> None:
    result = run(ip, "%privguard frobnicate")
    assert "UsageError" in result["stderr"] and "Traceback" not in result["stderr"]


def test_off_and_on(ip: Any) -> None:
    assert "off" in magic(ip, "off")
    assert EMAILS[0] in everything(run(ip, "df"))
    magic(ip, "on")
    assert leaked(everything(run(ip, "df"))) == []
    assert [e["event"] for e in _audit(ip)][-2:] == ["off", "on"]


def test_scan_table(ip: Any) -> None:
    text = magic(ip, "scan df")
    assert "3 of 5 columns hold personal data" in text
    for part in ("email", "EMAIL_ADDRESS", "direct", "US_SSN", "evidence"):
        assert part in text
    assert leaked(text) == []
    assert "df" in _ext(ip).session.reports
    event = _audit(ip)[-1]
    assert event["event"] == "scan" and event["variable"] == "df" and set(event["columns"]) == {"email", "phone", "ssn"}


def test_policy_show_and_set(ip: Any) -> None:
    assert "EMAIL_ADDRESS" in magic(ip, "policy")
    magic(ip, "policy EMAIL_ADDRESS=mask")
    assert _ext(ip).session.policy.action_for("EMAIL_ADDRESS") == "mask"
    magic(ip, "policy PHONE_NUMBER hash")
    assert _ext(ip).session.policy.action_for("PHONE_NUMBER") == "hash"
    shown = magic(ip, "policy")
    assert "EMAIL_ADDRESS*" in shown
    text = everything(run(ip, "df"))
    assert leaked(text) == [] and "@example.org" in text  # masked emails keep their domain
    assert _audit(ip)[-1]["event"] == "policy"
    magic(ip, "policy reset")
    assert _ext(ip).session.policy.action_for("EMAIL_ADDRESS") == "redact"


def test_allow_and_deny_column(ip: Any) -> None:
    magic(ip, "allow column email")
    text = everything(run(ip, "df"))
    assert all(e in text for e in EMAILS)  # allowed: shown
    assert leaked(text, PHONES + SSNS) == []  # the others still redacted
    magic(ip, "deny column email")
    assert leaked(everything(run(ip, "df"))) == []
    events = [(e["event"], e.get("target")) for e in _audit(ip)]
    assert ("allow", "email") in events and ("deny", "email") in events


def test_deny_column_forces_an_entity(ip: Any) -> None:
    magic(ip, "deny column product PERSON")
    text = everything(run(ip, "df"))
    assert leaked(text, PRODUCTS) == []


def test_allow_value_is_not_audited_as_a_value(ip: Any) -> None:
    magic(ip, f"allow value {EMAILS[0]}")
    text = everything(run(ip, "df"))
    assert EMAILS[0] in text and leaked(text, EMAILS[1:]) == []
    log_text = _ext(ip).audit_log().path.read_text()
    assert EMAILS[0] not in log_text and '"target":"<value>"' in log_text
    assert EMAILS[0] not in magic(ip, "config")


def test_config(ip: Any) -> None:
    magic(ip, "config min_score=0.7 strict=true reveal_seconds=5")
    policy = _ext(ip).session.policy
    assert policy.min_score == 0.7 and policy.strict is True
    assert _ext(ip).display.reveal_seconds == 5.0
    shown = magic(ip, "config")
    assert "min_score = 0.7" in shown and "reveal_seconds = 5.0" in shown
    assert {e.get("setting") for e in _audit(ip) if e["event"] == "config"} >= {"min_score", "strict", "reveal_seconds"}


def test_reveal_live_view_only_then_redacted(ip: Any) -> None:
    magic(ip, "config reveal_seconds=0")  # no timer: the next cell takes it back
    result = run(ip, "%privguard reveal df email")
    first = result["outputs"][0]
    assert all(e in json.dumps(first["data"]) for e in EMAILS)
    assert leaked(json.dumps(first["data"]), PHONES + SSNS) == []  # only the asked-for column
    display_id = first["transient"]["display_id"]
    assert first["metadata"]["jupyter_privguard"]["reveal"] is True
    event = _audit(ip)[-1]
    assert event["event"] == "reveal" and event["columns"] == ["email"] and event["variable"] == "df"
    assert EMAILS[0] not in _ext(ip).audit_log().path.read_text()
    # the next cell replaces the revealed output by the redacted one, under the same display id
    nxt = run(ip, "1 + 1")
    updates = [o for o in nxt["outputs"] if o["update"]]
    assert len(updates) == 1 and updates[0]["transient"]["display_id"] == display_id
    assert leaked(json.dumps(updates[0]["data"])) == []
    assert _ext(ip).display.pending_reveals == 0


def test_reveal_all_and_timer(ip: Any) -> None:
    import time

    magic(ip, "config reveal_seconds=0.2")
    from IPython.utils.capture import capture_output

    with capture_output() as captured:
        ip.run_line_magic("privguard", "reveal df")
        assert all(e in json.dumps(captured.outputs[0].data) for e in EMAILS)
        deadline = time.time() + 5
        while _ext(ip).display.pending_reveals and time.time() < deadline:
            time.sleep(0.05)
    assert _ext(ip).display.pending_reveals == 0
    update = captured.outputs[-1]
    assert update.update and leaked(json.dumps(update.data)) == []


def test_cell_magic_scopes_a_setting(ip: Any) -> None:
    result = run(ip, "%%privguard policy EMAIL_ADDRESS=mask\ndisplay(df)")
    text = everything(result)
    assert "@example.org" in text and leaked(text) == []
    assert _ext(ip).session.policy.action_for("EMAIL_ADDRESS") == "redact"  # back after the cell
    result = run(ip, "%%privguard allow column ssn\ndisplay(df)")
    assert all(s in everything(result) for s in SSNS)
    assert leaked(everything(run(ip, "df"))) == []


def test_cell_magic_restores_after_an_error(ip: Any) -> None:
    run(ip, "%%privguard off\nraise ValueError('boom')")
    assert _ext(ip).session.enabled is True


def test_cell_magic_refuses_unscoped_verbs(ip: Any) -> None:
    with pytest.raises(UsageError, match="can be scoped"):
        ip.run_cell_magic("privguard", "scan df", "df")


def test_audit_shows_and_verifies(ip: Any) -> None:
    magic(ip, "scan df")
    magic(ip, "allow column email")
    text = magic(ip, "audit -n 5")
    assert ": OK" in text and "scan" in text and "allow" in text
    assert leaked(text) == []
    assert _ext(ip).audit_log().verify()[0] is True


def test_status_says_the_terminal_tripwire_is_active_outside_a_kernel(tmp_path: Any) -> None:
    # a shell without a kernel session: its streams and pager are guarded instead, and status says so
    import os
    import subprocess
    import sys

    script = (
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "sh = InteractiveShell.instance()\n"
        "sh.run_cell('%load_ext jupyter_privguard')\n"
        "sh.run_cell('%privguard status')\n"
    )
    env = {**os.environ, "CI": "true", "PRIVGUARD_NER": "off", "IPYTHONDIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env)
    first = out.stdout.splitlines()[0]
    assert "output tripwire (terminal tripwire on stdout, stderr, pager)" in first, out.stdout + out.stderr
    assert "inactive" not in first
