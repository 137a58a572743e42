"""National identity numbers with valid check digits, for the multilingual column benchmark.

Each generator takes a ``random.Random``, the person's birth date and sex, and returns the number as it is
usually written in its country. The algorithms are the published ones (the national registries' own
specifications, as summarised on the numbers' Wikipedia pages); they are written out here, not taken from
the detectors, so the benchmark does not share code with what it scores. Each ``valid_*`` function is the
inverse check, used by the benchmark's tests.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

Generator = Callable[[random.Random, date, bool], str]


def _digits(text: str) -> list[int]:
    return [int(c) for c in text if c.isdigit()]


def luhn_digit(payload: str) -> str:
    """The Luhn check digit to append to ``payload`` (a string of digits)."""
    total = 0
    for i, c in enumerate(reversed(payload)):
        d = int(c) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    digits = "".join(c for c in number if c.isdigit())
    return bool(digits) and luhn_digit(digits[:-1]) == digits[-1]


def _yymmdd(d: date) -> str:
    return d.strftime("%y%m%d")


def _ddmmyy(d: date) -> str:
    return d.strftime("%d%m%y")


# ---------------------------------------------------------------------------------------------- Poland


_PESEL_W = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)


def pesel(rng: random.Random, born: date, female: bool) -> str:
    month = born.month + {18: 80, 19: 0, 20: 20}[born.year // 100]
    serial = f"{rng.randint(0, 999):03d}{rng.choice('02468' if female else '13579')}"
    body = f"{born.year % 100:02d}{month:02d}{born.day:02d}{serial}"
    return body + str((10 - sum(w * d for w, d in zip(_PESEL_W, _digits(body))) % 10) % 10)


def valid_pesel(number: str) -> bool:
    d = _digits(number)
    return len(d) == 11 and (10 - sum(w * x for w, x in zip(_PESEL_W, d)) % 10) % 10 == d[10]


# ---------------------------------------------------------------------------------------------- Czechia


def rodne_cislo(rng: random.Random, born: date, female: bool) -> str:
    # ten digits, divisible by 11 (since 1954); women's month + 50
    while True:
        head = f"{born.year % 100:02d}{born.month + (50 if female else 0):02d}{born.day:02d}{rng.randint(0, 999):03d}"
        check = int(head) % 11
        if check < 10:
            return f"{head[:6]}/{head[6:]}{check}"


def valid_rodne_cislo(number: str) -> bool:
    d = "".join(c for c in number if c.isdigit())
    return len(d) == 10 and int(d) % 11 == 0


# ---------------------------------------------------------------------------------------------- Turkey


def tc_kimlik(rng: random.Random, born: date, female: bool) -> str:
    d = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
    d.append(((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10)
    d.append(sum(d) % 10)
    return "".join(map(str, d))


def valid_tc_kimlik(number: str) -> bool:
    d = _digits(number)
    return (
        len(d) == 11
        and d[0] != 0
        and d[9] == ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
        and d[10] == sum(d[:10]) % 10
    )


# ---------------------------------------------------------------------------------------------- Sweden


def personnummer(rng: random.Random, born: date, female: bool) -> str:
    serial = f"{rng.randint(0, 99):02d}{rng.choice('02468' if female else '13579')}"
    body = _yymmdd(born) + serial
    return f"{_yymmdd(born)}-{serial}{luhn_digit(body)}"


def valid_personnummer(number: str) -> bool:
    d = "".join(c for c in number if c.isdigit())[-10:]
    return len(d) == 10 and luhn_valid(d)


# ---------------------------------------------------------------------------------------------- Denmark

_CPR_W = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def cpr(rng: random.Random, born: date, female: bool) -> str:
    # the modulus-11 rule (dropped for new numbers in 2007, still met by most)
    while True:
        head = _ddmmyy(born) + f"{rng.randint(0, 4):d}{rng.randint(0, 99):02d}"
        rest = (11 - sum(w * d for w, d in zip(_CPR_W, _digits(head))) % 11) % 11
        if rest < 10 and (rest % 2 == 0) == female:
            return f"{head[:6]}-{head[6:]}{rest}"


def valid_cpr(number: str) -> bool:
    d = _digits(number)
    return len(d) == 10 and sum(w * x for w, x in zip(_CPR_W, d)) % 11 == 0


# ---------------------------------------------------------------------------------------------- Norway

_FNR_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_FNR_K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _mod11(weights: tuple[int, ...], d: list[int]) -> int:
    k = 11 - sum(w * x for w, x in zip(weights, d)) % 11
    return 0 if k == 11 else k  # 10 means "no valid number"


def fodselsnummer(rng: random.Random, born: date, female: bool) -> str:
    while True:
        individual = rng.randint(0, 499) if born.year < 2000 else rng.randint(500, 999)
        if (individual % 2 == 0) != female:
            continue
        d = _digits(_ddmmyy(born) + f"{individual:03d}")
        k1 = _mod11(_FNR_K1, d)
        k2 = _mod11(_FNR_K2, [*d, k1])
        if k1 < 10 and k2 < 10:
            return "".join(map(str, [*d, k1, k2]))


def valid_fodselsnummer(number: str) -> bool:
    d = _digits(number)
    return len(d) == 11 and _mod11(_FNR_K1, d[:9]) == d[9] and _mod11(_FNR_K2, d[:10]) == d[10]


# ---------------------------------------------------------------------------------------------- Finland

_HETU = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def henkilotunnus(rng: random.Random, born: date, female: bool) -> str:
    sign = {18: "+", 19: "-", 20: "A"}[born.year // 100]
    n = rng.randint(1, 449) * 2 + (0 if female else 1)
    n = min(max(n, 2), 899)
    return f"{_ddmmyy(born)}{sign}{n:03d}{_HETU[int(_ddmmyy(born) + f'{n:03d}') % 31]}"


def valid_henkilotunnus(number: str) -> bool:
    return len(number) == 11 and _HETU[int(number[:6] + number[7:10]) % 31] == number[10]


# ---------------------------------------------------------------------------------------------- Romania

_CNP_W = (2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9)


def cnp(rng: random.Random, born: date, female: bool) -> str:
    sex = {18: 3, 19: 1, 20: 5}[born.year // 100] + (1 if female else 0)
    body = f"{sex}{_yymmdd(born)}{rng.randint(1, 46):02d}{rng.randint(1, 999):03d}"
    check = sum(w * d for w, d in zip(_CNP_W, _digits(body))) % 11
    return body + str(1 if check == 10 else check)


def valid_cnp(number: str) -> bool:
    d = _digits(number)
    check = sum(w * x for w, x in zip(_CNP_W, d)) % 11
    return len(d) == 13 and (1 if check == 10 else check) == d[12]


# ---------------------------------------------------------------------------------------------- China

_CN_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CN_CHECK = "10X98765432"
# a few real county-level division codes (GB/T 2260): Beijing Dongcheng, Shanghai Huangpu, Guangzhou Yuexiu,
# Chengdu Jinjiang, Wuhan Jiang'an, Xi'an Beilin, Hangzhou Shangcheng, Shenyang Heping
_CN_AREAS = ("110101", "310101", "440104", "510104", "420102", "610103", "330102", "210102")


def shenfenzheng(rng: random.Random, born: date, female: bool) -> str:
    order = rng.randint(0, 99) * 10 + rng.choice((0, 2, 4, 6, 8) if female else (1, 3, 5, 7, 9))
    body = f"{rng.choice(_CN_AREAS)}{born:%Y%m%d}{order:03d}"
    return body + _CN_CHECK[sum(w * d for w, d in zip(_CN_W, _digits(body))) % 11]


def valid_shenfenzheng(number: str) -> bool:
    return len(number) == 18 and _CN_CHECK[sum(w * int(c) for w, c in zip(_CN_W, number[:17])) % 11] == number[17]


# ---------------------------------------------------------------------------------------------- Korea

_RRN_W = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)


def rrn(rng: random.Random, born: date, female: bool) -> str:
    sex = {19: 1, 20: 3}.get(born.year // 100, 1) + (1 if female else 0)
    body = f"{_yymmdd(born)}{sex}{rng.randint(0, 99999):05d}"
    check = (11 - sum(w * d for w, d in zip(_RRN_W, _digits(body))) % 11) % 10
    return f"{body[:6]}-{body[6:]}{check}"


def valid_rrn(number: str) -> bool:
    d = _digits(number)
    return len(d) == 13 and (11 - sum(w * x for w, x in zip(_RRN_W, d)) % 11) % 10 == d[12]


# ---------------------------------------------------------------------------------------------- Japan


def _my_number_check(d: list[int]) -> int:
    # weights from the right: 2..7 for the first six digits, then 2..6
    total = sum(p * (n + 1 if n <= 6 else n - 5) for n, p in enumerate(reversed(d), start=1))
    r = total % 11
    return 0 if r <= 1 else 11 - r


def my_number(rng: random.Random, born: date, female: bool) -> str:
    d = [rng.randint(0, 9) for _ in range(11)]
    s = "".join(map(str, [*d, _my_number_check(d)]))
    return f"{s[:4]} {s[4:8]} {s[8:]}"


def valid_my_number(number: str) -> bool:
    d = _digits(number)
    return len(d) == 12 and _my_number_check(d[:11]) == d[11]


# ---------------------------------------------------------------------------------------------- Russia


def _snils_check(d: list[int]) -> int:
    total = sum(x * (9 - i) for i, x in enumerate(d))
    if total > 101:
        total %= 101
    return 0 if total in (100, 101) else total


def snils(rng: random.Random, born: date, female: bool) -> str:
    d = _digits(f"{rng.randint(2_000_000, 999_999_999):09d}")
    s = "".join(map(str, d))
    return f"{s[:3]}-{s[3:6]}-{s[6:]} {_snils_check(d):02d}"


def valid_snils(number: str) -> bool:
    d = _digits(number)
    return len(d) == 11 and _snils_check(d[:9]) == d[9] * 10 + d[10]


# ---------------------------------------------------------------------------------------------- Ukraine

_RNOKPP_W = (-1, 5, 7, 9, 4, 6, 10, 5, 7)


def rnokpp(rng: random.Random, born: date, female: bool) -> str:
    # the first five digits count days from 31 December 1899; the ninth digit is even for women
    days = (born - date(1899, 12, 31)).days
    body = f"{days:05d}{rng.randint(0, 99):02d}{rng.randint(0, 9)}{rng.choice('02468' if female else '13579')}"
    return body + str(sum(w * d for w, d in zip(_RNOKPP_W, _digits(body))) % 11 % 10)


def valid_rnokpp(number: str) -> bool:
    d = _digits(number)
    return len(d) == 10 and sum(w * x for w, x in zip(_RNOKPP_W, d)) % 11 % 10 == d[9]


# ---------------------------------------------------------------------------------------------- Greece, Saudi Arabia, Israel


def amka(rng: random.Random, born: date, female: bool) -> str:
    body = _ddmmyy(born) + f"{rng.randint(0, 999):03d}{rng.choice('02468' if female else '13579')}"
    return body + luhn_digit(body)


def saudi_id(rng: random.Random, born: date, female: bool) -> str:
    body = "1" + f"{rng.randint(0, 99_999_999):08d}"
    return body + luhn_digit(body)


def teudat_zehut(rng: random.Random, born: date, female: bool) -> str:
    body = f"{rng.randint(1_000_000, 39_999_999):08d}"
    return body + luhn_digit(body)


# ---------------------------------------------------------------------------------------------- India (Verhoeff)

_VD = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]
_VP = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]
_VINV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]


def _verhoeff(digits: str, with_check: bool) -> int:
    c = 0
    for i, ch in enumerate(reversed(digits)):
        c = _VD[c][_VP[(i + (0 if with_check else 1)) % 8][int(ch)]]
    return c


def aadhaar(rng: random.Random, born: date, female: bool) -> str:
    body = f"{rng.randint(2, 9)}{rng.randint(0, 10**10 - 1):010d}"
    s = body + str(_VINV[_verhoeff(body, False)])
    return f"{s[:4]} {s[4:8]} {s[8:]}"


def valid_aadhaar(number: str) -> bool:
    d = "".join(c for c in number if c.isdigit())
    return len(d) == 12 and _verhoeff(d, True) == 0


# ---------------------------------------------------------------------------------------------- Brazil, Spain


def _cpf_digit(d: list[int]) -> int:
    r = sum(x * w for x, w in zip(d, range(len(d) + 1, 1, -1))) * 10 % 11
    return 0 if r == 10 else r


def cpf(rng: random.Random, born: date, female: bool) -> str:
    d = [rng.randint(0, 9) for _ in range(9)]
    d.append(_cpf_digit(d))
    d.append(_cpf_digit(d))
    s = "".join(map(str, d))
    return f"{s[:3]}.{s[3:6]}.{s[6:9]}-{s[9:]}"


def valid_cpf(number: str) -> bool:
    d = _digits(number)
    return len(d) == 11 and _cpf_digit(d[:9]) == d[9] and _cpf_digit(d[:10]) == d[10]


_DNI = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni(rng: random.Random, born: date, female: bool) -> str:
    n = rng.randint(1_000_000, 99_999_999)
    return f"{n:08d}{_DNI[n % 23]}"


def valid_dni(number: str) -> bool:
    return len(number) == 9 and number[:8].isdigit() and _DNI[int(number[:8]) % 23] == number[8]


# ---------------------------------------------------------------------------------------------- Germany, France, Netherlands, Hungary


def _steuer_check(d: list[int]) -> int:
    product = 10
    for x in d:
        s = (x + product) % 10 or 10
        product = s * 2 % 11
    check = 11 - product
    return 0 if check == 10 else check


def steuer_id(rng: random.Random, born: date, female: bool) -> str:
    # ten digits in which exactly one digit appears twice, the first not 0, then ISO 7064 MOD 11,10
    while True:
        pool = rng.sample(range(10), 9)
        d = [*pool, rng.choice(pool)]
        rng.shuffle(d)
        if d[0] != 0:
            s = "".join(map(str, [*d, _steuer_check(d)]))
            return f"{s[:2]} {s[2:5]} {s[5:8]} {s[8:]}"


def valid_steuer_id(number: str) -> bool:
    d = _digits(number)
    return len(d) == 11 and _steuer_check(d[:10]) == d[10]


def nir(rng: random.Random, born: date, female: bool) -> str:
    body = f"{2 if female else 1}{born:%y%m}{rng.randint(1, 95):02d}{rng.randint(1, 990):03d}{rng.randint(1, 999):03d}"
    key = 97 - int(body) % 97
    return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:]} {key:02d}"


def valid_nir(number: str) -> bool:
    d = "".join(c for c in number if c.isdigit())
    return len(d) == 15 and 97 - int(d[:13]) % 97 == int(d[13:])


def bsn(rng: random.Random, born: date, female: bool) -> str:
    while True:
        d = [rng.randint(0, 9) for _ in range(8)]
        last = sum(x * (9 - i) for i, x in enumerate(d)) % 11
        if last < 10 and d[0] in (1, 2, 3, 4, 5, 6):
            return "".join(map(str, [*d, last]))


def valid_bsn(number: str) -> bool:
    d = _digits(number)
    return len(d) == 9 and (sum(x * (9 - i) for i, x in enumerate(d[:8])) - d[8]) % 11 == 0


def taj(rng: random.Random, born: date, female: bool) -> str:
    d = [rng.randint(0, 9) for _ in range(8)]
    s = "".join(map(str, [*d, sum(x * (3 if i % 2 == 0 else 7) for i, x in enumerate(d)) % 10]))
    return f"{s[:3]} {s[3:6]} {s[6:]}"


def valid_taj(number: str) -> bool:
    d = _digits(number)
    return len(d) == 9 and sum(x * (3 if i % 2 == 0 else 7) for i, x in enumerate(d[:8])) % 10 == d[8]


# ---------------------------------------------------------------------------------------------- Italy

_CF_ODD_VALUES = (1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23)
# characters in odd positions: a digit counts as the letter at its place (0 as A, 1 as B...)
_CF_ODD = {**dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", _CF_ODD_VALUES)), **dict(zip("0123456789", _CF_ODD_VALUES))}
_CF_MONTHS = "ABCDEHLMPRST"
# a few real cadastral (Belfiore) codes: Roma, Milano, Napoli, Torino, Bologna, Firenze, Bari, Palermo
_CF_TOWNS = ("H501", "F205", "F839", "L219", "A944", "D612", "A662", "G273")


def _cf_check(first15: str) -> str:
    total = 0
    for i, c in enumerate(first15):
        if i % 2 == 0:  # positions 1, 3, 5... counted from 1
            total += _CF_ODD[c]
        else:
            total += int(c) if c.isdigit() else ord(c) - 65
    return chr(65 + total % 26)


def codice_fiscale(rng: random.Random, born: date, female: bool) -> str:
    letters = "".join(rng.choice("BCDFGLMNPRSTVZ") if i % 3 != 1 else rng.choice("AEIOU") for i in range(6))
    body = (
        f"{letters}{born:%y}{_CF_MONTHS[born.month - 1]}{born.day + (40 if female else 0):02d}{rng.choice(_CF_TOWNS)}"
    )
    return body + _cf_check(body)


def valid_codice_fiscale(number: str) -> bool:
    return len(number) == 16 and _cf_check(number[:15]) == number[15]


VALIDATORS: dict[Generator, Callable[[str], bool]] = {
    pesel: valid_pesel,
    rodne_cislo: valid_rodne_cislo,
    tc_kimlik: valid_tc_kimlik,
    personnummer: valid_personnummer,
    cpr: valid_cpr,
    fodselsnummer: valid_fodselsnummer,
    henkilotunnus: valid_henkilotunnus,
    cnp: valid_cnp,
    shenfenzheng: valid_shenfenzheng,
    rrn: valid_rrn,
    my_number: valid_my_number,
    snils: valid_snils,
    rnokpp: valid_rnokpp,
    amka: luhn_valid,
    saudi_id: luhn_valid,
    teudat_zehut: luhn_valid,
    aadhaar: valid_aadhaar,
    cpf: valid_cpf,
    dni: valid_dni,
    steuer_id: valid_steuer_id,
    nir: valid_nir,
    bsn: valid_bsn,
    taj: valid_taj,
    codice_fiscale: valid_codice_fiscale,
}


# ---------------------------------------------------------------------------------------------- IBAN, card, IMEI


def iban(rng: random.Random, country: str, length: int) -> str:
    """A digits-only BBAN for ``country`` with the ISO 13616 mod-97 check digits, grouped by four."""
    bban = "".join(str(rng.randint(0, 9)) for _ in range(length - 4))
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = 98 - int(numeric) % 97
    text = f"{country}{check:02d}{bban}"
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def iban_valid(text: str) -> bool:
    s = text.replace(" ", "")
    return int("".join(str(int(c, 36)) for c in s[4:] + s[:4])) % 97 == 1


def imei(rng: random.Random) -> str:
    # a type allocation code from a few real makers' ranges, a serial, the Luhn digit
    body = rng.choice(("35", "86", "01", "49")) + "".join(str(rng.randint(0, 9)) for _ in range(12))
    return body + luhn_digit(body)
