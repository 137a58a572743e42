"""Passwords and user names by the shape of their values (detect/account_shapes.py), and their look-alikes."""

from __future__ import annotations

import random
import string
import uuid

import pandas as pd
import pytest

import jupyter_privguard as pg
from jupyter_privguard.detect.account_shapes import account_evidence

NO_NER = pg.Policy(ner="off")
RNG = random.Random(13)


def _passwords(n: int = 200) -> list[str]:
    pool = string.ascii_letters + string.digits + "!#$%&*+-=?@^_"
    out = []
    while len(out) < n:
        value = "".join(RNG.choice(pool) for _ in range(RNG.randint(8, 16)))
        if any(c.islower() for c in value) and any(c.isupper() for c in value):
            out.append(value)
    return out


_GIVEN = "anna maria jan piotr olga ivan sofia lukas emma noah mateo lucia hana yuki".split()
_FAMILY = "kowalski novak horvat nielsen larsen petrov silva santos tanaka kim garcia muller".split()


def _usernames(n: int = 200) -> list[str]:
    out: set[str] = set()
    while len(out) < n:
        g, f = RNG.choice(_GIVEN), RNG.choice(_FAMILY)
        out.add(RNG.choice([f"{g}.{f}", f"{g[0]}{f}{RNG.randint(1, 99)}", f"{g}_{RNG.randint(1950, 2005)}", f"{f}{g}"]))
    return sorted(out)


def _finding(values: list[str], header: str = "col_3") -> pg.ColumnFinding:
    return pg.scan(pd.DataFrame({header: values}), policy=NO_NER).columns[header]


def test_passwords_under_an_unhelpful_header_are_credentials() -> None:
    finding = _finding(_passwords())
    assert finding.entity == "CREDENTIAL", finding.candidates


def test_user_names_under_an_unhelpful_header_are_user_names() -> None:
    finding = _finding(_usernames())
    assert finding.entity == "USERNAME", finding.candidates


def _skus() -> list[str]:
    return [
        f"{RNG.choice(string.ascii_uppercase)}{RNG.choice(string.ascii_uppercase)}-{RNG.randint(1000, 99999)}"
        for _ in range(200)
    ]


DECOYS = {
    "skus": _skus(),
    "uuids": [str(uuid.UUID(int=RNG.getrandbits(128))) for _ in range(200)],
    "md5": [f"{RNG.getrandbits(128):032x}" for _ in range(200)],
    "camel-case identifiers": [f"get{w.title()}{x.title()}" for w in _GIVEN for x in _FAMILY][:200],
    "product names": [f"{w.title()} Shirt {i}" for i, w in enumerate(_GIVEN * 15)][:200],
    "a vocabulary": sorted(
        set(
            "the and of to in is it that was for on are with as his they be at one have this from or had by word but what some we can out other were all there when up use your how said an each she which do their time if will way about many then them write would like so these her long make thing see him two has look more day could go come did number sound no most people my over know water than call first who may down side been now find".split()
        )
    ),
    "slugs": [
        f"{a}-{b}-{c}"
        for a in ("red", "blue", "green", "black")
        for b in ("cotton", "linen", "wool", "silk", "denim")
        for c in ("shirt", "dress", "coat", "scarf", "sock", "hat", "belt", "glove", "boot", "bag")
    ],
    "lower-case city names": sorted(
        {
            "paris",
            "london",
            "berlin",
            "madrid",
            "roma",
            "wien",
            "praha",
            "warszawa",
            "oslo",
            "lisboa",
            "dublin",
            "sofia",
            "jordan",
            "florence",
            "victoria",
            "charlotte",
            "austin",
            "savannah",
            "georgia",
            "adelaide",
            "regina",
            "alexandria",
            "marseille",
            "lyon",
            "nice",
            "bern",
            "basel",
            "genf",
            "milano",
            "napoli",
        }
    ),
    "domain names": [f"{w.title()}{x.title()}.{t}" for w in _GIVEN for x in _FAMILY for t in ("com", "de")][:200],
    "versions": [f"v{RNG.randint(0, 9)}.{RNG.randint(0, 20)}.{RNG.randint(0, 99)}" for _ in range(200)],
    "file names": [f"report_{i}_{RNG.choice(['final', 'draft'])}.pdf" for i in range(200)],
}


@pytest.mark.parametrize("label", sorted(DECOYS))
def test_look_alikes_are_neither_passwords_nor_user_names(label: str) -> None:
    values = DECOYS[label]
    evidence = account_evidence(values)
    assert evidence is None, (label, evidence)
    assert _finding(values).entity not in ("CREDENTIAL", "USERNAME"), label


def test_few_or_repeated_values_give_no_evidence() -> None:
    assert account_evidence(_passwords(12)) is None
    assert account_evidence(_usernames(10) * 20) is None


def test_a_password_header_and_a_user_header_still_decide() -> None:
    assert _finding(_passwords(), "password").entity == "CREDENTIAL"
    assert _finding(_usernames(), "username").entity == "USERNAME"


def test_the_evidence_holds_no_value() -> None:
    values = _passwords()
    evidence = account_evidence(values)
    assert evidence is not None
    assert not any(v in evidence.detail for v in values)


def _random_ids(n: int, length: int, alphabet: str) -> list[str]:
    rng = random.Random(length)
    return ["".join(rng.choice(alphabet) for _ in range(length)) for _ in range(n)]


@pytest.mark.parametrize("header", ["video_id", "videoId", "short code", "ref", "clip_ids", "sku", "post-slug"])
def test_record_keys_under_an_identifier_header_are_no_passwords(header: str) -> None:
    # video ids and short-link codes are random mixed-case strings too: the header says they are keys
    ids = _random_ids(200, 11, string.ascii_letters + string.digits + "-_")
    assert account_evidence(ids) is not None  # the shape alone would call them passwords
    assert account_evidence(ids, header) is None
    assert _finding(ids, header).entity is None


@pytest.mark.parametrize("header", ["col_3", "session_key", "api_token", "passcode"])
def test_random_secrets_without_an_identifier_header_stay_credentials(header: str) -> None:
    secrets = _random_ids(200, 24, string.ascii_letters + string.digits)
    assert _finding(secrets, header).entity == "CREDENTIAL"
    assert _finding(_usernames(), "user_id").entity == "USERNAME"  # handles under an id header stay user names
