"""Redaction operators: what each action does to a value, and the registry they are looked up in.

An operator turns the distinct, non-missing texts of one column (or the pieces of free text found
by the span detector) into their replacements, for one entity. A policy names operators by
action (``mask``, ``pseudonymize`` ...); :func:`~jupyter_privguard.decision.plan` checks every
name against an :class:`OperatorRegistry`, and redaction applies them.

The running session owns the registry in force
(``current_session().registries.operators``): it holds the built-in operators and those that
third-party packages publish under the ``jupyter_privguard.operators`` entry-point group.
Adding an operator is one :class:`Operator` registered there; policies, planning, redaction and
the display guard then accept its name with no other edit.

Examples
--------
>>> from jupyter_privguard.operators import Operator, OperatorRegistry
>>> registry = OperatorRegistry.default()
>>> registry.register(Operator("reverse", lambda texts, entity, policy: texts.str[::-1]))
>>> "reverse" in registry
True
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import hmac
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from .entities import Entity, rules_for
from .errors import PolicyError
from .registry import ENTRY_POINT_GROUPS, Registry

if TYPE_CHECKING:
    import pandas as pd

    from .policy import Policy

__all__ = [
    "HASH_HEX",
    "MASK_CAP",
    "PSEUDONYM_HEX",
    "Operator",
    "OperatorFunc",
    "OperatorRegistry",
    "available_actions",
    "check_action",
    "placeholder",
    "resolve_operators",
]

#: ``func(texts, entity, policy) -> replacements``: ``texts`` holds distinct, non-missing cell
#: values as ``str``; the result has the same length and order.
OperatorFunc = Callable[["pd.Series", str, "Policy"], "pd.Series"]

# Hex characters kept from digests. A hash token (16 hex = 64 bits) and a pseudonym (12 hex =
# 48 bits: about a 0.2% chance of any collision among a million distinct values, so joins stay
# exact in practice while the token stays short).
HASH_HEX = 16
PSEUDONYM_HEX = 12
# ``mask`` on entities without a kept part shows at most this many stars, so a long value does not
# reveal its exact length.
MASK_CAP = 12

# What ``mask`` keeps, the form a pseudonym is computed from and whether ``generalize`` keeps a year are
# the entity's own rules (``mask_style``, ``pseudonym_form``, ``is_date`` in the catalogue), looked up in the
# session's catalogue so that a plugin entity brings its own.


def _rules(entity: str) -> Entity:
    from .session import current_session

    return rules_for(entity, current_session().registries.get("entities"))


_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]+")
_YEAR4 = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_COMPACT_YMD = re.compile(r"(1[89]\d\d|20\d\d)(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
_COMPACT_DMY = re.compile(r"(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(1[89]\d\d|20\d\d)")
_SHORT_DATE = re.compile(r"\d{1,2}[/.\-]\d{1,2}[/.\-](\d\d)")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_MAX_AGE = 130


def placeholder(entity: str) -> str:
    """The typed placeholder for ``entity``: ``<EMAIL_ADDRESS>``."""
    return f"<{entity}>"


# ---------------------------------------------------------------------------------------------
# the extension point
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Operator:
    """One redaction action.

    Parameters
    ----------
    name
        The action name the policy uses (``"mask"``): a lower-case identifier.
    func
        ``func(texts, entity, policy) -> pandas.Series``: one replacement per distinct value.
    constant
        The output depends on the entity only (``redact``, ``drop``): no text conversion is needed,
        which makes these the fastest actions. ``func`` is then called once, on a single text.
    nested
        What a nested cell (list, dict, array) becomes: ``"placeholder"``, or ``"text"`` to pass
        its ``repr`` to ``func`` (the hashes: the whole value becomes one token).
    description
        One line for people.
    drops_column
        The action removes a DataFrame's column (``drop``). Where a column cannot be removed (a
        Series, a span inside free text) ``func`` still supplies the replacements.
    """

    name: str
    func: OperatorFunc
    constant: bool = False
    nested: Literal["placeholder", "text"] = "placeholder"
    description: str = ""
    drops_column: bool = False


def _check_operator(item: Any) -> None:
    if not isinstance(item, Operator):
        raise TypeError(
            f"register() expects an Operator, got {type(item).__name__}; wrap the function: Operator(name, func)"
        )


class OperatorRegistry(Registry[Operator]):
    """Redaction operators looked up by action name.

    A registry is an object owned by whoever runs redaction (the running session, the CLI, a
    test); nothing registers itself at import time. :meth:`default` gives a new registry with the
    built-in actions ``keep``, ``mask``, ``redact``, ``hash``, ``pseudonymize``, ``generalize`` and
    ``drop``; :meth:`load_entry_points` adds those of the ``jupyter_privguard.operators``
    entry-point group (an :class:`Operator`, an iterable of them, or a callable returning either).

    Parameters
    ----------
    operators
        Initial operators (names must be unique).

    Examples
    --------
    >>> registry = OperatorRegistry.default()
    >>> registry.register(Operator("shout", lambda s, e, p: s.str.upper()), replace=False)
    >>> registry.get("shout").name
    'shout'
    """

    def __init__(self, operators: Iterable[Operator] = ()) -> None:
        super().__init__(
            "operator",
            lambda operator: operator.name,
            check=_check_operator,
            items=operators,
            group=ENTRY_POINT_GROUPS["operators"],
        )

    @classmethod
    def default(cls) -> OperatorRegistry:
        """A new registry holding the built-in operators."""
        return cls(_builtin_operators())

    # the errors this registry always raised: policy errors, listing the actions in their order
    def _duplicate(self, name: str) -> Exception:
        return PolicyError(f"an operator named {name!r} is already registered; pass replace=True to override it")

    def _missing(self, name: str) -> Exception:
        allowed = ", ".join(self._items) or "(none registered)"
        return PolicyError(f"unknown redaction action {name!r}; allowed actions: {allowed}")

    def __repr__(self) -> str:
        return f"OperatorRegistry({', '.join(self._items)})"


def resolve_operators(operators: OperatorRegistry | None = None) -> OperatorRegistry:
    """``operators``, or the running session's registry (built-ins plus plugins) when it is ``None``."""
    if operators is not None:
        return operators
    # imported here: the session module imports the policy, which must stay free of operators
    from .session import current_session

    registry: OperatorRegistry = current_session().registries.operators
    return registry


def available_actions(registry: OperatorRegistry | None = None) -> tuple[str, ...]:
    """The action names a policy may use: those of ``registry``, the running session's by default.

    Examples
    --------
    >>> available_actions(OperatorRegistry.default())[:3]
    ('keep', 'mask', 'redact')
    """
    return tuple(resolve_operators(registry).names())


def check_action(action: str, registry: OperatorRegistry | None = None, *, key: str = "action") -> str:
    """``action`` when it is a registered operator's name; :class:`PolicyError` otherwise.

    For the integrations that edit a policy (magics, the sidebar, the panel): the policy accepts any
    well-formed name, so that an operator can be registered after the policy is written, and a
    user's edit is checked against the operators in force here instead.

    Parameters
    ----------
    action
        The action name.
    registry
        The operators in force; the running session's when omitted.
    key
        What the action is for, to start the message (``"actions.EMAIL_ADDRESS"``).
    """
    names = available_actions(registry)
    if action not in names:
        raise PolicyError(f"{key} must be one of {', '.join(names)}, got {action!r}")
    return action


# ---------------------------------------------------------------------------------------------
# the built-in operators
# ---------------------------------------------------------------------------------------------
def _series(values: list[Any], like: pd.Series) -> pd.Series:
    import pandas as pd

    return pd.Series(values, index=like.index, dtype=object)


def _op_keep(texts: pd.Series, entity: str, policy: Policy) -> pd.Series:
    return texts.copy()


def _op_placeholder(texts: pd.Series, entity: str, policy: Policy) -> pd.Series:
    return _series([placeholder(entity)] * len(texts), texts)


def _op_mask(texts: pd.Series, entity: str, policy: Policy) -> pd.Series:
    style = _rules(entity).mask_style
    return _series([_mask_one(t, style, policy.mask_keep) for t in texts.tolist()], texts)


def _mask_one(text: str, style: str, keep: int) -> str:
    text = text.strip()
    if style == "email":
        local, at, domain = text.rpartition("@")
        if at and local and domain:
            # the local part names the person; a fixed-width mask hides even its length
            return "****@" + domain
        return "*" * min(len(text), MASK_CAP)
    if style == "tail":
        # Separators are dropped, so the mask shows how many characters there are and the last
        # few, nothing about the formatting. At most half of a short value is shown.
        chars = _NOT_ALNUM.sub("", text)
        shown = min(keep, len(chars) // 2)
        hidden = min(len(chars) - shown, 2 * MASK_CAP)
        return "*" * hidden + (chars[len(chars) - shown :] if shown else "")
    return "*" * min(len(text), MASK_CAP)


def _op_hash(texts: pd.Series, entity: str, policy: Policy) -> pd.Series:
    salted = hashlib.sha256(policy.key.encode("utf-8") + b"\x00")
    out = []
    for text in texts.tolist():
        digest = salted.copy()
        digest.update(text.strip().encode("utf-8", errors="surrogatepass"))
        out.append(f"{entity}:{digest.hexdigest()[:HASH_HEX]}")
    return _series(out, texts)


def _normalise(text: str, form: str) -> str:
    """The form a pseudonym is computed from, so trivially different spellings still join."""
    text = " ".join(text.split())  # trims and collapses every run of whitespace
    if form == "compact":  # separators dropped: "4111 1111 ..." and "4111-1111-..." join
        text = _NOT_ALNUM.sub("", text)
    if form in ("compact", "casefold"):
        text = text.casefold()
    return text


def _op_pseudonymize(texts: pd.Series, entity: str, policy: Policy) -> pd.Series:
    # The entity is not part of the message: the same value gets the same digest wherever it was
    # found, so joins across frames work even if two columns were classified differently.
    keyed = hmac.new(policy.key.encode("utf-8"), digestmod=hashlib.sha256)
    form = _rules(entity).pseudonym_form
    out = []
    for text in texts.tolist():
        mac = keyed.copy()
        mac.update(_normalise(text, form).encode("utf-8", errors="surrogatepass"))
        out.append(f"{entity}_{mac.hexdigest()[:PSEUDONYM_HEX]}")
    return _series(out, texts)


def _op_generalize(texts: pd.Series, entity: str, policy: Policy) -> pd.Series:
    values = texts.tolist()
    if _rules(entity).is_date:
        this_year = _dt.date.today().year % 100
        out = [_year_of(t, this_year) or placeholder(entity) for t in values]
    elif entity == "POSTAL_CODE":
        out = [_zip_prefix(t, policy.zip_digits) or placeholder(entity) for t in values]
    elif entity == "AGE":
        out = [_age_band(t, policy.age_band) or placeholder(entity) for t in values]
    else:
        out = [placeholder(entity)] * len(values)
    return _series(out, texts)


def _year_of(text: str, this_year: int) -> str | None:
    """The year of a date written in any common form, or ``None``."""
    text = text.strip()
    match = _COMPACT_YMD.fullmatch(text) or _COMPACT_DMY.fullmatch(text)
    if match:
        return match.group(1)
    match = _YEAR4.search(text)
    if match:
        return match.group(1)
    match = _SHORT_DATE.fullmatch(text)
    if match:
        # two-digit years: no date in the future, which is right for birth dates
        yy = int(match.group(1))
        return str(2000 + yy if yy <= this_year else 1900 + yy)
    return None


def _zip_prefix(text: str, digits: int) -> str | None:
    compact = _NOT_ALNUM.sub("", text)
    if len(compact) <= digits:
        return None  # the prefix would be the whole code
    return compact[:digits] + "**"


def _age_band(text: str, width: int) -> str | None:
    match = _NUMBER.search(text)
    if not match:
        return None
    age = float(match.group(0).replace(",", "."))
    if not 0 <= age <= _MAX_AGE:
        return None
    low = int(age) // width * width
    return str(low) if width == 1 else f"{low}-{low + width - 1}"


def _builtin_operators() -> list[Operator]:
    return [
        Operator("keep", _op_keep, description="leave the value as it is"),
        Operator(
            "mask",
            _op_mask,
            description="stars, keeping the last mask_keep characters of numbers and the domain of emails",
        ),
        Operator("redact", _op_placeholder, constant=True, description="a typed placeholder such as <EMAIL_ADDRESS>"),
        Operator("hash", _op_hash, nested="text", description="salted SHA-256, truncated, prefixed by the entity"),
        Operator(
            "pseudonymize",
            _op_pseudonymize,
            nested="text",
            description="keyed HMAC token, the same for the same value and key in every frame",
        ),
        Operator(
            "generalize",
            _op_generalize,
            description="dates to years, postal codes to a prefix, ages to bands, others to a placeholder",
        ),
        Operator(
            "drop",
            _op_placeholder,
            constant=True,
            drops_column=True,
            description="remove the column (a Series becomes all placeholder)",
        ),
    ]
