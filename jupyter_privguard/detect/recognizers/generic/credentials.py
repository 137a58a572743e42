"""Credentials: password hashes, JSON Web Tokens, service API keys and private keys, hex digests."""

from __future__ import annotations

from ... import validators as v
from ...recognizer import PatternRecognizer

_CTX_CREDENTIAL = ("password", "passwd", "pwd", "hash", "secret", "token", "key", "api", "credential", "auth", "salt")


def _hex_digest(value: str) -> bool:
    # an all-digit (or all-letter) run is a number or a word, not a digest
    lowered = value.lower()
    return any(c.isdigit() for c in lowered) and any(c in "abcdef" for c in lowered)


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "password_hash",
            "CREDENTIAL",
            "[$]2[abxy]?[$][0-9]{2}[$][./A-Za-z0-9]{53}"
            "|[$]shiro1[$][A-Za-z0-9-]+[$][0-9]+[$][A-Za-z0-9+/=]*[$][A-Za-z0-9+/=]+"
            "|[$](?:1|5|6|apr1)[$](?:rounds=[0-9]+[$])?[./A-Za-z0-9]{1,16}[$][./A-Za-z0-9]{22,86}"
            "|[$]argon2(?:id|i|d)[$]v=[0-9]+[$]m=[0-9]+,t=[0-9]+,p=[0-9]+[$][A-Za-z0-9+/=]+[$][A-Za-z0-9+/=]+"
            "|pbkdf2_sha(?:1|256|512)[$][0-9]+[$][A-Za-z0-9./+=]+[$][A-Za-z0-9./+=]+"
            "|[{](?:SSHA|SHA|SSHA256|SSHA512|MD5|SMD5|CRYPT)[}][A-Za-z0-9+/=.$]{8,}",
            0.85,
            context=_CTX_CREDENTIAL,
            left=r"(?<![\w$])",
            right=r"(?![\w$/+=])",
            prefilter="[$](?:2|shiro1|1|5|6|apr1|argon2)|pbkdf2_sha|[{][A-Z0-9]+[}]",
            search_group="secrets",
            description="a password hash in a crypt, bcrypt, Shiro, argon2, Django or LDAP format",
        ),
        R(
            "jwt",
            "CREDENTIAL",
            "eyJ[A-Za-z0-9_-]{5,}[.]eyJ[A-Za-z0-9_-]{5,}[.][A-Za-z0-9_-]*",
            0.6,
            v.jwt,
            0.9,
            context=_CTX_CREDENTIAL,
            right=r"(?![\w.-])",
            search_group="secrets",
            description="a JSON Web Token",
            letters="always",
        ),
        R(
            "api_key",
            "CREDENTIAL",
            "(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}|gh[pousr]_[A-Za-z0-9]{36,255}"
            "|github_pat_[A-Za-z0-9_]{22,255}|xox[abposr]-[A-Za-z0-9-]{10,72}|AIza[0-9A-Za-z_-]{35}"
            "|(?:sk|rk)_live_[0-9a-zA-Z]{24,99}|-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----",
            0.85,
            context=_CTX_CREDENTIAL,
            left=r"(?<![\w-])",
            right=r"(?![\w-])",
            prefilter="AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|gh[pousr]_|github_pat_|xox[abposr]-|AIza"
            "|[sr]k_live_|-----BEGIN ",
            search_group="secrets",
            description="a cloud or service API key (AWS, GitHub, Slack, Google, Stripe) or a private key",
            letters="always",
        ),
        R(
            "hex_digest",
            "CREDENTIAL",
            "[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128}|[0-9A-F]{32}|[0-9A-F]{40}|[0-9A-F]{64}|[0-9A-F]{128}",
            0.05,
            _hex_digest,
            0.15,
            context=_CTX_CREDENTIAL,
            needs_context=True,
            search_group="codes",
            description="an MD5/SHA hex digest: a password hash only with header or context evidence",
        ),
    ]
