"""Exceptions and warnings raised by jupyter-privguard."""

from __future__ import annotations


class PrivGuardError(Exception):
    """Base class of the package's errors."""


class PolicyError(PrivGuardError, ValueError):
    """A setting has a value that is not allowed; the message names the key, the value and what is allowed."""


class UnsupportedDataError(PrivGuardError, TypeError):
    """The object given is not one that jupyter-privguard can scan."""


class MissingDependencyError(PrivGuardError, ImportError):
    """An optional dependency is missing; the message names the extra to install."""


class PrivacyError(PrivGuardError):
    """An action was blocked because it would expose personal data (strict mode)."""


class PrivacyWarning(UserWarning):
    """An action exposes personal data that is not redacted."""
