"""Policy settings: defaults, config files, environment, code, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from jupyter_privguard import Policy, PolicyError
from jupyter_privguard.policy import find_config


def test_defaults_follow_entity_classes() -> None:
    p = Policy()
    assert p.action_for("EMAIL_ADDRESS") == "redact"
    assert p.action_for("DATE_OF_BIRTH") == "generalize"
    assert p.action_for("GENDER") == "keep"
    assert p.threshold_for("PERSON") == 0.5


def test_overrides_merge() -> None:
    p = Policy(actions={"EMAIL_ADDRESS": "mask"}).replace(actions={"PERSON": "hash"})
    assert p.action_for("EMAIL_ADDRESS") == "mask" and p.action_for("PERSON") == "hash"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min_score": 1.5}, "min_score must be a number in [0, 1], got 1.5"),
        ({"min_score": True}, "min_score must be a number in [0, 1], got True"),
        # the shape of an action name is checked here; whether it is registered, by plan() (tests/core)
        ({"actions": {"EMAIL_ADDRESS": "Smash!"}}, "actions.EMAIL_ADDRESS must be an action name"),
        ({"actions": {"EMAIL_ADDRESS": 3}}, "(a lower-case identifier such as keep, mask, redact"),
        ({"actions": {"EMAIL": "mask"}}, "actions: unknown entity 'EMAIL'"),
        ({"thresholds": {"PERSON": -0.1}}, "thresholds.PERSON must be a number in [0, 1]"),
        ({"sample_size": 5}, "sample_size must be a whole number in [10, 1000000], got 5"),
        ({"ner": "maybe"}, "ner must be one of auto, on, off, got 'maybe'"),
        ({"allow_patterns": ["x", "("]}, "allow_patterns: pattern #2 is not a valid regular expression"),
        ({"allow_values": [1, 2]}, "allow_values must be a list of strings, got a list holding int"),
        ({"key": "short"}, "key must be a string of at least 8 characters"),
        ({"columns": {"notes": "NAME"}}, "columns.notes: unknown entity 'NAME'"),
    ],
)
def test_invalid_settings_name_key_value_and_allowed(kwargs: dict, message: str) -> None:
    with pytest.raises(PolicyError) as info:
        Policy(**kwargs)
    assert message in str(info.value)


def test_an_action_not_registered_yet_is_accepted() -> None:
    # an operator may be registered after the policy is written; plan() refuses it if it never is
    p = Policy(actions={"EMAIL_ADDRESS": "smash"})
    assert p.action_for("EMAIL_ADDRESS") == "smash"


def test_pyproject_table_is_found_from_a_subfolder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.jupyter-privguard]\nmin_score = 0.7\n'
        '[tool.jupyter-privguard.actions]\nEMAIL_ADDRESS = "mask"\n'
        '[tool.jupyter-privguard.allow]\ncolumns = ["customer_id"]\nvalues = ["help@example.com"]\n'
    )
    sub = tmp_path / "notebooks" / "deep"
    sub.mkdir(parents=True)
    p = Policy.load(sub, env={})
    assert p.min_score == 0.7
    assert p.action_for("EMAIL_ADDRESS") == "mask"
    assert p.column_allowed("customer_id") and not p.column_allowed("email")
    assert p.source.endswith("pyproject.toml")
    regex = p.value_allowed_regex()
    assert regex is not None and regex.fullmatch("help@example.com") and not regex.fullmatch("x@example.com")


def test_privguard_toml_wins_over_a_pyproject_above(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.jupyter-privguard]\nmin_score = 0.7\n")
    sub = tmp_path / "a"
    sub.mkdir()
    (sub / "privguard.toml").write_text("min_score = 0.9\n")
    assert Policy.load(sub, env={}).min_score == 0.9


def test_pyproject_without_our_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.jupyter-privguard]\nmin_score = 0.6\n")
    sub = tmp_path / "pkg"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[project]\nname = "pkg"\n')
    found = find_config(sub)
    assert found is not None and found[0] == tmp_path / "pyproject.toml"


def test_bad_config_file_names_the_key(tmp_path: Path) -> None:
    (tmp_path / "privguard.toml").write_text("threshold = 0.5\n")
    with pytest.raises(PolicyError, match="'threshold' is not a setting; known settings:"):
        Policy.load(tmp_path, env={})
    (tmp_path / "privguard.toml").write_text('min_score = "high"\n')
    with pytest.raises(PolicyError, match=r"min_score must be a number in \[0, 1\], got 'high'"):
        Policy.load(tmp_path, env={})
    (tmp_path / "privguard.toml").write_text("min_score = [\n")
    with pytest.raises(PolicyError, match="is not valid TOML"):
        Policy.load(tmp_path, env={})


def test_environment_then_code_override_the_file(tmp_path: Path) -> None:
    (tmp_path / "privguard.toml").write_text("min_score = 0.9\nstrict = false\n")
    p = Policy.load(tmp_path, env={"PRIVGUARD_MIN_SCORE": "0.8", "PRIVGUARD_STRICT": "1", "PRIVGUARD_KEY": "k" * 16})
    assert p.min_score == 0.8 and p.strict and p.key == "k" * 16
    assert Policy.load(tmp_path, env={"PRIVGUARD_MIN_SCORE": "0.8"}, min_score=0.6).min_score == 0.6
    with pytest.raises(PolicyError, match="PRIVGUARD_MIN_SCORE must be a number"):
        Policy.load(tmp_path, env={"PRIVGUARD_MIN_SCORE": "lots"})


def test_to_dict_never_holds_the_key() -> None:
    p = Policy(key="s3cret-key-material")
    assert "s3cret-key-material" not in repr(p.to_dict()) and "s3cret-key-material" not in repr(p)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"allow_values": ["ann@example.com", 4111111111111111]},
        {"allow_values": 4111111111111111},
        {"allow_patterns": ["ann@example[.]com("]},
    ],
)
def test_errors_about_allow_lists_never_repeat_the_values(kwargs: dict) -> None:
    with pytest.raises(PolicyError) as info:
        Policy(**kwargs)
    assert "ann@example" not in str(info.value) and "4111111111111111" not in str(info.value)
