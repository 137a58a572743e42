"""A learned short number inside an identifier is the identifier's: ``SKU-47611`` stays when ``47611`` is a
learned postal code (the speed benchmark showed ``SKU-<POSTAL_CODE>``), and the postal code itself is still
redacted wherever it stands as one: alone, after ``zip``, after a country prefix (``D-10115``)."""

from __future__ import annotations

import random

import pytest
from faker import Faker

from jupyter_privguard.session import GuardSession
from jupyter_privguard.textguard import redact_text


@pytest.fixture(scope="module")
def codes() -> list[str]:
    out: list[str] = []
    for locale in ("de_DE", "fr_FR", "en_US", "es_ES"):
        fake = Faker(locale)
        fake.seed_instance(3)
        out += [c for c in (fake.postcode() for _ in range(40)) if c.isdigit() and len(c) == 5]
    return list(dict.fromkeys(out))[:80]


def test_postal_codes_inside_codes_stay_and_alone_go(codes: list[str]) -> None:
    session = GuardSession()
    session.remember_values(codes, "POSTAL_CODE")
    rnd = random.Random(1)
    for code in codes:
        prefix = rnd.choice(["SKU-", "ORD-", "INV_", "ITEM#", "REF-"])
        suffix = rnd.choice(["", "-B", "_X2"])
        ident = f"{prefix}{code}{suffix}"
        out = redact_text(f"line {ident}  Quessel Backpack M58  12.50", session)[0]
        assert ident in out
        # a ZIP+4 and a code with digits after it are the learned code, not an identifier's part
        for shown in (f"zip {code} Berlin", f"D-{code}", f"{code}", f"postcode: {code}", f"{code}-6789", f"{code}_12"):
            assert code not in redact_text(shown, session)[0], shown
