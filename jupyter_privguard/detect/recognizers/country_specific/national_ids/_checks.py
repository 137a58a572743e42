"""Check-digit rules of national identity and tax numbers: pure functions ``str -> bool``.

Each function takes a cell as written (the separators its country prints are allowed), never raises,
and answers ``True`` only when the check digit is right and, where the number holds a birth date, the
date is a real one. Written from the public descriptions of each number (the issuing authorities'
specifications as summarised in the standard references, e.g. the national statistics and tax
offices and ISO/IEC 7064); no list of numbers was used. A random run of digits of the right length
passes one check in ten to one in a hundred, so a column of order ids scores far below a column of
identity numbers (the pattern tier scores a column by the share that validates).
"""

from __future__ import annotations

import datetime as _dt

from ....digits import is_ascii_digits

__all__ = [
    "bg_egn",
    "cn_resident_id",
    "cz_birth_number",
    "de_tax_id",
    "dk_cpr",
    "fi_hetu",
    "fr_nir",
    "gr_amka",
    "hr_oib",
    "hu_taj",
    "hu_tax_id",
    "il_teudat_zehut",
    "it_codice_fiscale",
    "jp_my_number",
    "kr_rrn",
    "nl_bsn",
    "no_fodselsnummer",
    "pl_pesel",
    "ro_cnp",
    "rs_jmbg",
    "ru_snils",
    "sa_national_id",
    "se_personnummer",
    "tr_kimlik",
    "ua_rnokpp",
]


def _digits(value: str, separators: str = " -/") -> str:
    """The digits of ``value`` without the given separators; '' when anything else is left."""
    text = value.strip()
    for ch in separators:
        text = text.replace(ch, "")
    return text if is_ascii_digits(text) and len(set(text)) > 1 else ""


def _date_ok(year: int, month: int, day: int) -> bool:
    try:
        _dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _weighted(digits: str, weights: tuple[int, ...]) -> int:
    return sum((ord(c) - 48) * w for c, w in zip(digits, weights))


def _mod11_10(digits: str) -> bool:
    """ISO/IEC 7064 MOD 11,10 (German tax id, Croatian OIB): the last digit checks the others."""
    product = 10
    for ch in digits[:-1]:
        total = (ord(ch) - 48 + product) % 10 or 10
        product = (total * 2) % 11
    return (11 - product) % 10 == ord(digits[-1]) - 48


# --- Europe -----------------------------------------------------------------------------------

_PESEL_W = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
_PESEL_CENTURY = {0: 1900, 20: 2000, 40: 2100, 60: 2200, 80: 1800}


def pl_pesel(value: str) -> bool:
    """Polish PESEL: YYMMDD (month + 20 per century after 1900, + 80 for 1800) ZZZX Q, weights 1379."""
    d = _digits(value, " ")
    if len(d) != 11:
        return False
    month = int(d[2:4])
    century = _PESEL_CENTURY.get(month // 20 * 20)
    if century is None or not _date_ok(century + int(d[:2]), month % 20, int(d[4:6])):
        return False
    return (10 - _weighted(d, _PESEL_W) % 10) % 10 == int(d[10])


def cz_birth_number(value: str) -> bool:
    """Czech and Slovak rodné číslo (since 1954): YYMMDD/XXXX, month + 50 for women (+ 20 or 70 from 2004),
    the ten digits divisible by 11 (or the first nine leaving 10 and a last digit 0)."""
    text = value.strip()
    d = _digits(text, "/ ")
    if len(d) != 10:
        return False
    yy, mm, dd = int(d[:2]), int(d[2:4]), int(d[4:6])
    year = 1900 + yy if yy >= 54 else 2000 + yy
    month = mm % 50 if mm % 50 <= 12 else mm % 50 - 20
    if not _date_ok(year, month, dd):
        return False
    number = int(d)
    return number % 11 == 0 or (int(d[:9]) % 11 == 10 and d[9] == "0")


def dk_cpr(value: str) -> bool:
    """Danish CPR: DDMMYY-SSSS, the ten digits with weights 4327654321 summing to a multiple of 11."""
    d = _digits(value, "- ")
    if len(d) != 10 or not _date_ok(2000 + int(d[4:6]), int(d[2:4]), int(d[:2])):
        return False
    return _weighted(d, (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)) % 11 == 0


def no_fodselsnummer(value: str) -> bool:
    """Norwegian fødselsnummer (or D-number, day + 40): DDMMYYIIIKK with two mod-11 check digits."""
    d = _digits(value, " ")
    if len(d) != 11:
        return False
    day = int(d[:2])
    if not _date_ok(2000, int(d[2:4]), day - 40 if day > 40 else day):
        return False
    for weights, at in (((3, 7, 6, 1, 8, 9, 4, 5, 2), 9), ((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), 10)):
        k = 11 - _weighted(d, weights) % 11
        if k == 10 or k % 11 != int(d[at]):
            return False
    return True


def se_personnummer(value: str) -> bool:
    """Swedish personnummer (or samordningsnummer, day + 60): (YY)YYMMDD-NNNC or + for the over-100s,
    the last ten digits passing Luhn."""
    text = value.strip()
    d = _digits(text, "-+ ")
    if len(d) == 12:
        d = d[2:]
    if len(d) != 10:
        return False
    day = int(d[4:6])
    if not _date_ok(2000, int(d[2:4]), day - 60 if day > 60 else day):
        return False
    return _luhn(d)


_HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_HETU_CENTURY = {"+": 1800, "-": 1900, "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000}
_HETU_CENTURY.update(dict.fromkeys("UVWXY", 1900))


def fi_hetu(value: str) -> bool:
    """Finnish henkilötunnus: DDMMYY, a century sign, NNN, and a check character (DDMMYYNNN mod 31)."""
    text = value.strip().upper()
    if len(text) != 11 or not text.isascii():
        return False
    date, sign, serial, check = text[:6], text[6], text[7:10], text[10]
    century = _HETU_CENTURY.get(sign)
    if century is None or not is_ascii_digits(date + serial):
        return False
    if not _date_ok(century + int(date[4:]), int(date[2:4]), int(date[:2])):
        return False
    return _HETU_CHECK[int(date + serial) % 31] == check


_CNP_W = (2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9)
_CNP_CENTURY = {"1": 1900, "2": 1900, "3": 1800, "4": 1800, "5": 2000, "6": 2000, "7": 1900, "8": 1900, "9": 1900}


def ro_cnp(value: str) -> bool:
    """Romanian CNP: S YYMMDD JJ NNN C, weights 279146358279, the remainder mod 11 (10 read as 1)."""
    d = _digits(value, " ")
    if len(d) != 13 or d[0] == "0":
        return False
    if not _date_ok(_CNP_CENTURY[d[0]] + int(d[1:3]), int(d[3:5]), int(d[5:7])):
        return False
    r = _weighted(d, _CNP_W) % 11
    return (1 if r == 10 else r) == int(d[12])


def bg_egn(value: str) -> bool:
    """Bulgarian EGN: YYMMDD (month + 20 before 1900, + 40 after 1999) NNN C, weights 2485109736 mod 11."""
    d = _digits(value, " ")
    if len(d) != 10:
        return False
    month = int(d[2:4])
    year = 1900 + int(d[:2])
    if month > 40:
        year, month = year + 100, month - 40
    elif month > 20:
        year, month = year - 100, month - 20
    if not _date_ok(year, month, int(d[4:6])):
        return False
    r = _weighted(d, (2, 4, 8, 5, 10, 9, 7, 3, 6)) % 11
    return (0 if r == 10 else r) == int(d[9])


def rs_jmbg(value: str) -> bool:
    """JMBG of the former Yugoslav states: DDMMYYY RR BBB K, weights 765432 twice, 11 - sum mod 11."""
    d = _digits(value, " ")
    if len(d) != 13:
        return False
    yyy = int(d[4:7])
    if not _date_ok(1000 + yyy if yyy >= 800 else 2000 + yyy, int(d[2:4]), int(d[:2])):
        return False
    k = 11 - _weighted(d, (7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)) % 11
    return (0 if k > 9 else k) == int(d[12])


def hr_oib(value: str) -> bool:
    """Croatian OIB: eleven digits, ISO 7064 MOD 11,10."""
    d = _digits(value, "")
    return len(d) == 11 and _mod11_10(d)


def de_tax_id(value: str) -> bool:
    """German Steuer-Identifikationsnummer: eleven digits, the first not 0, one digit of the first ten
    twice or thrice and no other repeated, ISO 7064 MOD 11,10."""
    d = _digits(value, " /")
    if len(d) != 11 or d[0] == "0":
        return False
    counts = sorted((d[:10].count(c) for c in set(d[:10])), reverse=True)
    if counts[0] not in (2, 3) or (len(counts) > 1 and counts[1] > 1):
        return False
    return _mod11_10(d)


def nl_bsn(value: str) -> bool:
    """Dutch BSN: nine digits passing the eleven test (weights 9 to 2, and -1 for the last)."""
    d = _digits(value, " .")
    if len(d) == 8:
        d = "0" + d
    if len(d) != 9:
        return False
    total = _weighted(d, (9, 8, 7, 6, 5, 4, 3, 2)) - int(d[8])
    return total % 11 == 0 and total != 0


def fr_nir(value: str) -> bool:
    """French NIR (numéro de sécurité sociale): sex, YY, MM, département (2A/2B in Corsica), commune,
    order, and a two-digit key 97 - (the thirteen digits mod 97)."""
    text = value.strip().upper().replace(" ", "").replace(".", "")
    if len(text) != 15 or not text.isascii() or text[0] not in "1278":
        return False
    body = text[:13]
    dept = body[5:7]
    if dept in ("2A", "2B"):
        body = body[:5] + ("19" if dept == "2A" else "18") + body[7:]
    if not is_ascii_digits(body) or not is_ascii_digits(text[13:]):
        return False
    month = int(body[3:5])
    if not (1 <= month <= 12 or 20 <= month <= 42 or 50 <= month <= 99):
        return False
    return 97 - int(body) % 97 == int(text[13:])


_CF_ODD = dict(zip("0123456789", (1, 0, 5, 7, 9, 13, 15, 17, 19, 21)))
_CF_ODD.update(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23),
    )
)
_CF_MONTHS = "ABCDEHLMPRST"
# the letters that replace digits in a homocode (omocodia), in the order of the digits they stand for
_CF_OMOCODE = str.maketrans("LMNPQRSTUV", "0123456789")


def it_codice_fiscale(value: str) -> bool:
    """Italian codice fiscale: six letters, YY, a month letter, DD (+ 40 for women), a place code of a
    letter and three digits, and a check letter (odd and even positions valued by two tables, mod 26)."""
    text = value.strip().upper()
    if len(text) != 16 or not text.isascii() or not text.isalnum():
        return False
    if not text[:6].isalpha() or text[8] not in _CF_MONTHS or not text[11].isalpha() or not text[15].isalpha():
        return False
    numeric = (text[6:8] + text[9:11] + text[12:15]).translate(_CF_OMOCODE)
    if not is_ascii_digits(numeric):
        return False
    day = int(numeric[2:4])
    if not _date_ok(2000, _CF_MONTHS.index(text[8]) + 1, day - 40 if day > 40 else day):
        return False
    total = 0
    for i, ch in enumerate(text[:15]):
        if i % 2 == 0:
            total += _CF_ODD[ch]
        else:
            total += ord(ch) - 48 if ch.isdigit() else ord(ch) - 65
    return chr(65 + total % 26) == text[15]


def hu_taj(value: str) -> bool:
    """Hungarian TAJ (social security) number: nine digits, weights 3 and 7 alternating on the first
    eight, their sum mod 10 the last."""
    d = _digits(value, " -")
    return len(d) == 9 and _weighted(d, (3, 7, 3, 7, 3, 7, 3, 7)) % 10 == int(d[8])


def hu_tax_id(value: str) -> bool:
    """Hungarian adóazonosító jel: 8, days since 1867-01-01 (five digits), NNN, and a check digit
    (the first nine digits weighted 1 to 9, mod 11)."""
    d = _digits(value, " ")
    if len(d) != 10 or d[0] != "8":
        return False
    r = _weighted(d, (1, 2, 3, 4, 5, 6, 7, 8, 9)) % 11
    return r != 10 and r == int(d[9])


def gr_amka(value: str) -> bool:
    """Greek AMKA: DDMMYY, four digits and a Luhn check digit."""
    d = _digits(value, " ")
    return len(d) == 11 and _date_ok(2000, int(d[2:4]), int(d[:2])) and _luhn(d)


def ru_snils(value: str) -> bool:
    """Russian SNILS: nine digits (``123-456-789 01``) and two check digits: the nine weighted 9 to 1,
    mod 101 (100 read as 00); only numbers above 001-001-998 carry the check."""
    d = _digits(value, " -")
    if len(d) != 11 or int(d[:9]) <= 1001998:
        return False
    total = _weighted(d, (9, 8, 7, 6, 5, 4, 3, 2, 1))
    check = total if total < 100 else (0 if total in (100, 101) else total % 101 % 100)
    return check == int(d[9:])


def ua_rnokpp(value: str) -> bool:
    """Ukrainian РНОКПП (tax number): ten digits, the first five the days since 1899-12-31, the check
    digit the weighted sum (-1 5 7 9 4 6 10 5 7) mod 11 mod 10."""
    d = _digits(value, " ")
    if len(d) != 10 or d[0] == "0":
        return False
    return _weighted(d, (-1, 5, 7, 9, 4, 6, 10, 5, 7)) % 11 % 10 == int(d[9])


def tr_kimlik(value: str) -> bool:
    """Turkish T.C. kimlik no: eleven digits, the first not 0; the tenth from the odd and even sums of the
    first nine, the eleventh the sum of the first ten, both mod 10."""
    d = _digits(value, " ")
    if len(d) != 11 or d[0] == "0":
        return False
    n = [ord(c) - 48 for c in d]
    tenth = ((n[0] + n[2] + n[4] + n[6] + n[8]) * 7 - (n[1] + n[3] + n[5] + n[7])) % 10
    return tenth == n[9] and sum(n[:10]) % 10 == n[10]


# --- Asia and the Middle East -----------------------------------------------------------------

_CN_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def cn_resident_id(value: str) -> bool:
    """Chinese resident identity card number: six-digit area, YYYYMMDD, three digits, and an ISO 7064
    MOD 11-2 check character (0-9 or X)."""
    text = value.strip().upper().replace(" ", "")
    if len(text) != 18 or not is_ascii_digits(text[:17]) or text[0] == "0":
        return False
    if not (1900 <= int(text[6:10]) <= 2100) or not _date_ok(int(text[6:10]), int(text[10:12]), int(text[12:14])):
        return False
    return "10X98765432"[_weighted(text, _CN_W) % 11] == text[17]


_RRN_CENTURY = {"1": 1900, "2": 1900, "3": 2000, "4": 2000, "5": 1900, "6": 1900, "7": 2000, "8": 2000}
_RRN_CENTURY.update({"9": 1800, "0": 1800})


def kr_rrn(value: str) -> bool:
    """South Korean resident registration number: YYMMDD-SNNNNNC, S the sex and century, C the check
    digit (weights 234567892345, 11 - sum mod 11, mod 10)."""
    d = _digits(value, "- ")
    if len(d) != 13 or not _date_ok(_RRN_CENTURY[d[6]] + int(d[:2]), int(d[2:4]), int(d[4:6])):
        return False
    return (11 - _weighted(d, (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)) % 11) % 10 == int(d[12])


def jp_my_number(value: str) -> bool:
    """Japanese individual number (My Number): twelve digits, the last a check digit of the eleven
    before it (weights 2-7 then 2-6 from the right, 11 - sum mod 11, 0 for remainders 0 and 1)."""
    d = _digits(value, " -")
    if len(d) != 12:
        return False
    body = d[:11][::-1]
    total = sum((ord(c) - 48) * (i + 2 if i < 6 else i - 4) for i, c in enumerate(body))
    r = total % 11
    return (0 if r <= 1 else 11 - r) == int(d[11])


def sa_national_id(value: str) -> bool:
    """Saudi national id (1...) or iqama (2...): ten digits passing Luhn."""
    d = _digits(value, " ")
    return len(d) == 10 and d[0] in "12" and _luhn(d)


def il_teudat_zehut(value: str) -> bool:
    """Israeli teudat zehut: nine digits (shorter ones padded with zeros), passing Luhn."""
    d = _digits(value, " -")
    if 5 <= len(d) < 9:
        d = d.zfill(9)
    return len(d) == 9 and _luhn(d)
