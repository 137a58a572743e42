"""The audit log: names and numbers only, hash-chained, 0600, safe under concurrent appends."""

from __future__ import annotations

import json
import multiprocessing
import os
import stat
import sys
from pathlib import Path

import pytest

from jupyter_privguard.audit import GENESIS, AuditError, AuditLog, default_log, default_path


def _log(tmp_path: Path, n: int = 4) -> AuditLog:
    log = AuditLog(tmp_path / "sub" / "audit.jsonl")
    for i in range(n):
        log.record(
            "export",
            format="csv",
            columns=["email", "name"],
            entities={"EMAIL_ADDRESS": 1},
            counts={"rows": 10 + i},
            decision="warned",
        )
    return log


def test_record_writes_a_chained_line_with_the_standard_fields(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "a.jsonl", kernel="k-1")
    first = log.record("scan", columns=["email"], entities=["EMAIL_ADDRESS"], counts={"cells": 3}, n_rows=3)
    second = log.record("reveal", variable="df", columns=["email"])
    assert first["prev"] == GENESIS and second["prev"] == first["hash"]
    assert (first["seq"], second["seq"]) == (0, 1)
    for key in ("time", "user", "kernel", "pid", "event", "hash"):
        assert key in first
    assert first["kernel"] == "k-1"
    assert log.read() == [first, second]
    assert log.verify()[0] is True


def test_file_is_created_private(tmp_path: Path) -> None:
    log = _log(tmp_path, 1)
    assert stat.S_IMODE(os.stat(log.path).st_mode) == 0o600


def test_existing_world_readable_log_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text("")
    path.chmod(0o644)
    AuditLog(path).record("on")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


@pytest.mark.parametrize(
    "fields",
    [
        {"value": "someone@example.com"},  # unknown key
        {"message": "free text"},  # unknown key
        {"columns": "email"},  # a string, not a list of names
        {"columns": ["line\nbreak"]},
        {"counts": {"rows": "12"}},  # not a number
        {"counts": {"rows": float("nan")}},
        {"decision": "warned because a@b.c is in it"},  # not a token
        {"entities": [1, 2]},
        {"strict": "yes"},
        {"file": "x" * 500},
    ],
)
def test_record_refuses_payloads_that_could_carry_values(tmp_path: Path, fields: dict) -> None:
    log = AuditLog(tmp_path / "a.jsonl")
    with pytest.raises(AuditError):
        log.record("export", **fields)
    assert not log.path.exists() or log.read() == []


@pytest.mark.parametrize("event", ["", "Export", "export now", "x" * 60, 3])
def test_record_refuses_bad_event_names(tmp_path: Path, event: object) -> None:
    with pytest.raises(AuditError):
        AuditLog(tmp_path / "a.jsonl").record(event)  # type: ignore[arg-type]


def test_none_fields_are_left_out(tmp_path: Path) -> None:
    entry = AuditLog(tmp_path / "a.jsonl").record("export", file=None, format="csv")
    assert "file" not in entry and entry["format"] == "csv"


def _rewrite(path: Path, change) -> None:
    lines = path.read_text().splitlines()
    path.write_text("\n".join(change(lines)) + "\n")


def _edit_count(lines: list[str]) -> list[str]:
    record = json.loads(lines[1])
    record["counts"]["rows"] = 999
    return [lines[0], json.dumps(record), *lines[2:]]


def _edit_and_rehash_line(lines: list[str]) -> list[str]:
    # a careful forger recomputes the edited line's own hash: the next line's prev still breaks
    from jupyter_privguard.audit import _digest

    record = json.loads(lines[1])
    record["decision"] = "clean"
    record["hash"] = _digest(record)
    return [lines[0], json.dumps(record), *lines[2:]]


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda lines: lines, None),
        (_edit_count, "line 2: its content does not match"),
        (_edit_and_rehash_line, "line 3: does not follow"),
        (lambda lines: [lines[0], *lines[2:]], "line 2: does not follow"),  # deletion
        (lambda lines: [lines[1], lines[0], *lines[2:]], "line 1: does not follow"),  # reordering
        (lambda lines: [lines[0], lines[2], lines[1], lines[3]], "line 2: does not follow"),
        (lambda lines: [lines[0], lines[1], "garbage", *lines[2:]], "line 3: not a JSON object"),
        (lambda lines: lines[1:], "line 1: does not follow"),  # head cut off
    ],
)
def test_verify_detects_edits_deletions_and_reordering(tmp_path: Path, change, expected: str | None) -> None:
    log = _log(tmp_path)
    _rewrite(log.path, change)
    ok, message = log.verify()
    if expected is None:
        assert ok and message.startswith("4 events, chain intact")
    else:
        assert not ok and message.startswith(expected), message


def test_verify_on_a_missing_log_is_ok(tmp_path: Path) -> None:
    ok, message = AuditLog(tmp_path / "none.jsonl").verify()
    assert ok and "no audit log yet" in message


def test_appends_continue_the_chain_after_reopening(tmp_path: Path) -> None:
    log = _log(tmp_path, 2)
    AuditLog(log.path).record("policy", setting="strict", strict=True)
    assert log.verify() == (True, log.verify()[1]) and len(log.read()) == 3


def _append_many(path: str, n: int) -> None:
    log = AuditLog(path)
    for i in range(n):
        log.record("scan", counts={"i": i}, n_rows=i)


@pytest.mark.skipif(sys.platform == "win32", reason="fcntl locks are POSIX only")
def test_concurrent_appends_from_two_processes_keep_one_chain(tmp_path: Path) -> None:
    path = str(tmp_path / "a.jsonl")
    ctx = multiprocessing.get_context("fork")
    workers = [ctx.Process(target=_append_many, args=(path, 150)) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
        assert w.exitcode == 0
    log = AuditLog(path)
    assert len(log.read()) == 300
    assert log.verify()[0], log.verify()[1]


def test_default_path_env_and_jupyter_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIVGUARD_AUDIT_LOG", str(tmp_path / "x.jsonl"))
    assert default_path() == tmp_path / "x.jsonl"
    assert default_log().path == tmp_path / "x.jsonl" and default_log() is default_log()
    monkeypatch.delenv("PRIVGUARD_AUDIT_LOG")
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))
    assert default_path() == tmp_path / "data" / "privguard" / "audit.jsonl"

    class WithLog:
        audit_log = str(tmp_path / "policy.jsonl")

    assert default_path(WithLog()) == tmp_path / "policy.jsonl"
