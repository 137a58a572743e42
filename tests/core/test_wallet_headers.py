"""Crypto wallets under a local "address" header (issue 13): ``adresse``, ``adres``, ``住所`` name a
street address to the header tier, yet a column of Bitcoin (base58 with its checksum, bech32) or
Ethereum (0x and 40 hex digits) addresses is ``CRYPTO``: the wallet shapes win over the header.
Street addresses under the same headers, and look-alike codes, are not wallets."""

from __future__ import annotations

import hashlib
import random

import pandas as pd
import pytest

import jupyter_privguard as pg
from jupyter_privguard.detect import validators
from jupyter_privguard.detect.headers import match_headers
from jupyter_privguard.scanner import Scanner

NO_NER = pg.Policy(ner="off")
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _base58check(version: int, payload: bytes) -> str:
    raw = bytes([version]) + payload
    raw += hashlib.sha256(hashlib.sha256(raw).digest()).digest()[:4]
    n = int.from_bytes(raw, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = _B58[r] + out
    return "1" * (len(raw) - len(raw.lstrip(b"\0"))) + out


def _polymod(values: list[int]) -> int:
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    return chk


def _bech32(program: bytes) -> str:
    # a version-0 segwit address: the witness version, then the program in 5-bit groups
    bits = "".join(f"{b:08b}" for b in program)
    bits += "0" * (-len(bits) % 5)
    data = [0] + [int(bits[i : i + 5], 2) for i in range(0, len(bits), 5)]
    hrp = "bc"
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    poly = _polymod(expanded + data + [0] * 6) ^ 1
    checksum = [(poly >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_BECH32[d] for d in data + checksum)


def _wallets(kind: str, n: int = 60, seed: int = 13) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        payload = bytes(rng.randrange(256) for _ in range(20))
        if kind == "p2pkh":
            out.append(_base58check(0x00, payload))
        elif kind == "p2sh":
            out.append(_base58check(0x05, payload))
        elif kind == "bech32":
            out.append(_bech32(payload))
        else:
            out.append("0x" + payload.hex())
    return out


WALLETS = ["p2pkh", "p2sh", "bech32", "eth"]
# headers the header tier reads as a street address (the first ones in every checkout)
ADDRESS_HEADERS = ["address", "adresse", "Adresse", "adres", "dirección", "indirizzo", "endereço"]
LOCAL_ADDRESS_HEADERS = ["住所", "주소", "адрес", "地址"]


def _finding(values: list[str], header: str) -> pg.ColumnFinding:
    return Scanner().scan(pd.DataFrame({header: values}), policy=NO_NER).columns[header]


def test_the_generated_wallets_are_valid() -> None:
    for kind in WALLETS:
        assert all(validators.crypto_wallet(w) for w in _wallets(kind)), kind


@pytest.mark.parametrize("kind", WALLETS)
@pytest.mark.parametrize("header", ADDRESS_HEADERS + LOCAL_ADDRESS_HEADERS + ["wallet", "col_3", "wallet_adresse"])
def test_wallets_win_over_an_address_header(kind: str, header: str) -> None:
    if header in LOCAL_ADDRESS_HEADERS and not any(
        h.entity == "STREET_ADDRESS" for h in match_headers([header]).get(header, [])
    ):
        pytest.skip(f"the header tier does not read {header!r} as an address here")
    finding = _finding(_wallets(kind), header)
    assert finding.entity == "CRYPTO", (kind, header, finding.candidates)


STREETS = {
    "en": [f"{10 + i} {s} Street" for i, s in enumerate(["Oak", "Maple", "Cedar", "Elm", "Pine", "Birch"] * 10)],
    "de": [f"{s}straße {3 + i}" for i, s in enumerate(["Linden", "Berg", "Wald", "Haupt", "Schiller", "Goethe"] * 10)],
    "fr": [f"{2 + i} rue de la {s}" for i, s in enumerate(["Paix", "Gare", "Poste", "Mairie", "Fontaine"] * 12)],
}


@pytest.mark.parametrize("language", sorted(STREETS))
@pytest.mark.parametrize("header", ["address", "adresse", "adres"])
def test_street_addresses_under_the_same_headers_stay_street_addresses(language: str, header: str) -> None:
    assert _finding(STREETS[language], header).entity == "STREET_ADDRESS"


def test_broken_wallets_do_not_take_the_header() -> None:
    # one character changed: the base58 checksum fails, and the header is the only evidence left
    broken = [w[:-1] + ("2" if w[-1] != "2" else "3") for w in _wallets("p2pkh")]
    assert not any(validators.crypto_wallet(w) for w in broken)
    # no wallet evidence is left; under an unhelpful header random mixed-case strings read as secrets
    assert _finding(broken, "col_3").entity in (None, "CREDENTIAL")
    assert _finding(broken, "adresse").entity != "CRYPTO"


def test_a_few_wallets_among_street_addresses_leave_the_column_a_street_column() -> None:
    values = STREETS["en"][:54] + _wallets("eth", n=6)
    assert _finding(values, "address").entity == "STREET_ADDRESS"
