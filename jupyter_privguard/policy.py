"""Policy: what to do with each entity, how sure to be, and what is allowed.

Settings come from, in order (later wins): the defaults; ``[tool.jupyter-privguard]`` in the
nearest ``pyproject.toml`` or a ``privguard.toml`` (searched from the working directory up);
``PRIVGUARD_*`` environment variables; arguments given in code.
"""

from __future__ import annotations

import fnmatch
import os
import re
import secrets
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

from .entities import ENTITIES
from .errors import PolicyError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

Action = Literal["keep", "mask", "redact", "hash", "pseudonymize", "generalize", "drop"]
#: The built-in action names (``OperatorRegistry.default()``). A policy is not limited to these:
#: it accepts any well-formed name, and the operators in force decide (see ``_check_action``).
ACTIONS: tuple[str, ...] = ("keep", "mask", "redact", "hash", "pseudonymize", "generalize", "drop")
# What an action name looks like: a lower-case identifier, as an operator is named.
_ACTION_NAME = re.compile(r"[a-z][a-z0-9_]*")

# A key for hashes and pseudonyms when none is configured: random, per process, in memory only,
# so tokens are stable within a session and meaningless outside it.
_SESSION_KEY = secrets.token_hex(32)


def _check_score(key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= float(value) <= 1.0:
        raise PolicyError(f"{key} must be a number in [0, 1], got {value!r}")
    return float(value)


def _check_int(key: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise PolicyError(f"{key} must be a whole number in [{low}, {high}], got {value!r}")
    return value


def _check_entity(key: str, name: Any) -> str:
    if not isinstance(name, str) or name.upper() not in ENTITIES:
        raise PolicyError(f"{key}: unknown entity {name!r}; known entities: {', '.join(sorted(ENTITIES))}")
    return name.upper()


def _check_action(key: str, value: Any) -> str:
    # Only the shape is checked here: the operator may be registered after the policy is made
    # (a plugin, a notebook cell), and this module must not reach for the session's registry.
    # An unregistered name is refused by ``plan()`` when it would be used, and by the
    # integrations, which check an edit against the operators in force.
    if not isinstance(value, str) or not _ACTION_NAME.fullmatch(value):
        raise PolicyError(
            f"{key} must be an action name (a lower-case identifier such as {', '.join(ACTIONS)}), got {value!r}"
        )
    return value


def _str_list(key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple, set, frozenset)) or not all(isinstance(v, str) for v in value):
        # allowed values and patterns may themselves be personal data: name their types, not them
        if isinstance(value, (list, tuple, set, frozenset)):
            got = "a list holding " + ", ".join(sorted({type(v).__name__ for v in value if not isinstance(v, str)}))
        else:
            got = type(value).__name__
        raise PolicyError(f"{key} must be a list of strings, got {got}")
    return tuple(value)


@dataclass(frozen=True)
class Policy:
    """What to do with personal data.

    Parameters
    ----------
    actions
        Per-entity action overriding the entity's default: the name of a registered operator. The
        built-in ones are ``keep``, ``mask``, ``redact`` (typed placeholder such as
        ``<EMAIL_ADDRESS>``), ``hash``, ``pseudonymize`` (keyed HMAC token, stable across frames
        so joins still work), ``generalize``, ``drop``. Any lower-case identifier is accepted
        here, so a policy may name an operator that is registered later
        (``current_session().registries.operators``); an action that is still not registered
        when it is needed makes :func:`~jupyter_privguard.decision.plan` and
        :func:`~jupyter_privguard.redact` raise :class:`PolicyError` naming the registered
        operators. A name of another shape (``"Mask"``, ``"no way"``) is refused at once.
    thresholds
        Per-entity minimum score for a column to be assigned that entity.
    min_score
        The threshold for entities without their own.
    allow_columns
        Column names (``fnmatch`` globs allowed) that are never treated as personal data.
    allow_values
        Exact values that are never redacted (e.g. a support address).
    allow_patterns
        Regular expressions; a value that fully matches one is never redacted.
    columns
        Force a column's entity: ``{"notes": "PERSON"}``.
    sample_size
        Non-missing values sampled per column for classification.
    ner
        ``"auto"`` uses an installed spaCy NER pipeline when there is one; ``"off"`` never does;
        ``"on"`` requires one.
    ner_model
        The spaCy pipeline to use (a package name); ``None`` picks an installed English one.
    mask_keep
        How many trailing characters ``mask`` keeps (emails keep their domain instead).
    key
        Secret for ``hash`` and ``pseudonymize``; by default a random key per process
        (``PRIVGUARD_KEY`` sets a stable one).
    zip_digits, age_band
        Generalisation: postal codes keep this many leading characters; ages become bands this wide.
    strict
        Exports of unredacted personal data raise instead of warning.
    progress
        Progress bars for long work (leakage fits, classifying a wide frame) in a notebook or on a
        terminal; never under CI or when the output is not a terminal (:mod:`jupyter_privguard.progress`).
    """

    actions: Mapping[str, str] = field(default_factory=dict)
    thresholds: Mapping[str, float] = field(default_factory=dict)
    min_score: float = 0.5
    allow_columns: tuple[str, ...] = ()
    allow_values: tuple[str, ...] = ()
    allow_patterns: tuple[str, ...] = ()
    columns: Mapping[str, str] = field(default_factory=dict)
    sample_size: int = 1000
    ner: str = "auto"
    ner_model: str | None = None
    mask_keep: int = 4
    key: str = field(default=_SESSION_KEY, repr=False)
    zip_digits: int = 3
    age_band: int = 10
    strict: bool = False
    progress: bool = True
    source: str = "defaults"

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "actions",
            {_check_entity("actions", k): _check_action(f"actions.{k}", v) for k, v in dict(self.actions).items()},
        )
        object.__setattr__(
            self,
            "thresholds",
            {
                _check_entity("thresholds", k): _check_score(f"thresholds.{k}", v)
                for k, v in dict(self.thresholds).items()
            },
        )
        object.__setattr__(
            self, "columns", {str(k): _check_entity(f"columns.{k}", v) for k, v in dict(self.columns).items()}
        )
        _check_score("min_score", self.min_score)
        _check_int("sample_size", self.sample_size, 10, 1_000_000)
        _check_int("mask_keep", self.mask_keep, 0, 64)
        _check_int("zip_digits", self.zip_digits, 0, 10)
        _check_int("age_band", self.age_band, 1, 100)
        if self.ner not in ("auto", "on", "off"):
            raise PolicyError(f"ner must be one of auto, on, off, got {self.ner!r}")
        if self.ner_model is not None and not isinstance(self.ner_model, str):
            raise PolicyError(f"ner_model must be a spaCy package name, got {self.ner_model!r}")
        if not isinstance(self.key, str) or len(self.key) < 8:
            raise PolicyError("key must be a string of at least 8 characters")
        for name in ("allow_columns", "allow_values", "allow_patterns"):
            object.__setattr__(self, name, _str_list(name, getattr(self, name)))
        for number, pattern in enumerate(self.allow_patterns, 1):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise PolicyError(
                    f"allow_patterns: pattern #{number} is not a valid regular expression "
                    f"({exc.msg} at position {exc.pos})"
                ) from None
        if not isinstance(self.strict, bool):
            raise PolicyError(f"strict must be true or false, got {self.strict!r}")
        if not isinstance(self.progress, bool):
            raise PolicyError(f"progress must be true or false, got {self.progress!r}")

    # -- lookups -----------------------------------------------------------------------------
    def action_for(self, entity: str) -> str:
        """The action for ``entity``: the configured one, else the entity's default."""
        if entity in self.actions:
            return self.actions[entity]
        known = ENTITIES.get(entity)
        return known.default_action if known else "redact"

    def threshold_for(self, entity: str) -> float:
        return self.thresholds.get(entity, self.min_score)

    def column_allowed(self, column: str) -> bool:
        return any(column == pat or fnmatch.fnmatchcase(column, pat) for pat in self.allow_columns)

    def value_allowed_regex(self) -> re.Pattern[str] | None:
        """One compiled pattern that fully matches every allowed value, or ``None``."""
        parts = [re.escape(v) for v in self.allow_values] + [f"(?:{p})" for p in self.allow_patterns]
        return re.compile("|".join(f"(?:{p})" for p in parts)) if parts else None

    # -- building ----------------------------------------------------------------------------
    def replace(self, **changes: Any) -> Policy:
        """A copy with ``changes`` applied; mappings (actions, thresholds, columns) are merged."""
        for name in ("actions", "thresholds", "columns"):
            if name in changes and changes[name] is not None:
                changes[name] = {**getattr(self, name), **dict(changes[name])}
        return replace(self, **changes)

    def with_action(self, entity: str, action: str) -> Policy:
        return self.replace(actions={entity: action})

    def to_dict(self) -> dict[str, Any]:
        """The settings, without the key."""
        out: dict[str, Any] = {}
        for f in fields(self):
            if f.name == "key":
                continue
            value = getattr(self, f.name)
            out[f.name] = (
                dict(value) if isinstance(value, Mapping) else (list(value) if isinstance(value, tuple) else value)
            )
        return out

    @classmethod
    def from_mapping(
        cls, settings: Mapping[str, Any], *, source: str = "mapping", base: Policy | None = None
    ) -> Policy:
        """Build a policy from a settings mapping (the TOML table's shape), on top of ``base``."""
        base = base or cls()
        known = {f.name for f in fields(cls)} - {"source"}
        changes: dict[str, Any] = {}
        for key, value in settings.items():
            if key == "allow":
                if not isinstance(value, Mapping):
                    raise PolicyError(f"allow must be a table with columns, values, patterns; got {value!r}")
                for sub, items in value.items():
                    if sub not in ("columns", "values", "patterns"):
                        raise PolicyError(
                            f"allow.{sub} is not a setting; allowed: allow.columns, allow.values, allow.patterns"
                        )
                    changes[f"allow_{sub}"] = getattr(base, f"allow_{sub}") + _str_list(f"allow.{sub}", items)
            elif key in known:
                if key in ("actions", "thresholds", "columns") and not isinstance(value, Mapping):
                    raise PolicyError(f"{key} must be a table of ENTITY = value, got {value!r}")
                changes[key] = value
            else:
                raise PolicyError(f"{key!r} is not a setting; known settings: {', '.join(sorted(known | {'allow'}))}")
        return base.replace(source=source, **changes)

    @classmethod
    def load(
        cls, start: str | os.PathLike[str] | None = None, *, env: Mapping[str, str] | None = None, **overrides: Any
    ) -> Policy:
        """The policy in force: defaults, then the nearest config file, then the environment, then ``overrides``."""
        policy = cls()
        found = find_config(start)
        if found is not None:
            path, table = found
            policy = cls.from_mapping(table, source=str(path), base=policy)
        env_settings = _from_env(os.environ if env is None else env)
        if env_settings:
            policy = cls.from_mapping(env_settings, source=f"{policy.source}+env", base=policy)
        if overrides:
            policy = policy.replace(**overrides)
        return policy


def find_config(start: str | os.PathLike[str] | None = None) -> tuple[Path, dict[str, Any]] | None:
    """The nearest ``privguard.toml`` or ``pyproject.toml`` with a ``[tool.jupyter-privguard]`` table."""
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "privguard.toml"
        if candidate.is_file():
            table = _read_toml(candidate)
            return candidate, dict(table.get("tool", {}).get("jupyter-privguard", table))
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            table = _read_toml(candidate).get("tool", {}).get("jupyter-privguard")
            if table is not None:
                return candidate, dict(table)
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{path} is not valid TOML: {exc}") from None


def _from_env(env: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "PRIVGUARD_KEY" in env:
        out["key"] = env["PRIVGUARD_KEY"]
    if "PRIVGUARD_MIN_SCORE" in env:
        try:
            out["min_score"] = float(env["PRIVGUARD_MIN_SCORE"])
        except ValueError:
            raise PolicyError(
                f"PRIVGUARD_MIN_SCORE must be a number in [0, 1], got {env['PRIVGUARD_MIN_SCORE']!r}"
            ) from None
    if "PRIVGUARD_NER" in env:
        out["ner"] = env["PRIVGUARD_NER"]
    if "PRIVGUARD_NER_MODEL" in env:
        out["ner_model"] = env["PRIVGUARD_NER_MODEL"] or None
    if "PRIVGUARD_STRICT" in env:
        out["strict"] = env["PRIVGUARD_STRICT"].strip().lower() in ("1", "true", "yes", "on")
    if "PRIVGUARD_PROGRESS" in env:
        out["progress"] = env["PRIVGUARD_PROGRESS"].strip().lower() not in ("0", "false", "no", "off")
    return out
