"""National identity and tax numbers with a check digit: one recogniser per number, entity ``NATIONAL_ID``.

A shape alone says little (eleven digits are also order ids and phone numbers), so a match scores
0.05; a match whose check digit (and, where the number holds one, birth date) is right scores 0.8 to
0.85. A column is scored by the share of its values that validate, so a column of identity numbers
reaches the threshold and a column of random ids, which pass one check in ten or fewer, stays far
below it. In text, a bare number needs a context word (the number's own name). The checks are in
:mod:`._checks`; the context words were written from the names of the numbers on each country's
documents.
"""

from __future__ import annotations

from collections.abc import Callable

from ....recognizer import PatternRecognizer
from ...common import NUM_GUARD_LEFT, NUM_GUARD_RIGHT
from . import _checks as c

# (name, regex, check, validated score, context words, description)
_NUMBERS: tuple[tuple[str, str, Callable[[str], bool], float, tuple[str, ...], str], ...] = (
    ("pl_pesel", "[0-9]{11}", c.pl_pesel, 0.85, ("pesel",), "a Polish PESEL"),
    (
        "cz_birth_number",
        "[0-9]{6}/?[0-9]{4}",
        c.cz_birth_number,
        0.85,
        ("rodné", "rodne", "číslo", "cislo"),
        "a Czech or Slovak birth number (rodné číslo) 736028/5163",
    ),
    ("dk_cpr", "[0-9]{6}-?[0-9]{4}", c.dk_cpr, 0.85, ("cpr", "personnummer"), "a Danish CPR number 070761-4285"),
    (
        "no_fodselsnummer",
        "[0-9]{6} ?[0-9]{5}",
        c.no_fodselsnummer,
        0.85,
        ("fødselsnummer", "fodselsnummer", "personnummer"),
        "a Norwegian fødselsnummer or D-number",
    ),
    (
        "se_personnummer",
        "(?:[0-9]{2})?[0-9]{6}[-+]?[0-9]{4}",
        c.se_personnummer,
        0.85,
        ("personnummer", "samordningsnummer"),
        "a Swedish personnummer 811218-9876 or 19811218-9876",
    ),
    (
        "fi_hetu",
        "[0-9]{6}[-+A-FU-Ya-fu-y][0-9]{3}[0-9A-Ya-y]",
        c.fi_hetu,
        0.9,
        ("henkilötunnus", "hetu", "sotu"),
        "a Finnish henkilötunnus 131052-308T",
    ),
    ("ro_cnp", "[1-9][0-9]{12}", c.ro_cnp, 0.85, ("cnp",), "a Romanian CNP"),
    ("bg_egn", "[0-9]{10}", c.bg_egn, 0.8, ("егн", "egn"), "a Bulgarian EGN"),
    ("rs_jmbg", "[0-9]{13}", c.rs_jmbg, 0.8, ("jmbg", "јмбг", "emšo", "emso"), "a JMBG of the former Yugoslav states"),
    ("hr_oib", "[0-9]{11}", c.hr_oib, 0.8, ("oib",), "a Croatian OIB"),
    (
        "de_tax_id",
        "[1-9][0-9]{10}|[1-9][0-9] ?[0-9]{3} ?[0-9]{3} ?[0-9]{3}",
        c.de_tax_id,
        0.8,
        ("steuer", "steueridentifikationsnummer", "steuer-id", "idnr"),
        "a German tax id (Steuer-IdNr)",
    ),
    (
        "nl_bsn",
        "[0-9]{8,9}|[0-9]{4}[.][0-9]{2}[.][0-9]{3}",
        c.nl_bsn,
        0.8,
        ("bsn", "burgerservicenummer", "sofinummer"),
        "a Dutch BSN",
    ),
    (
        "fr_nir",
        "[1278] ?[0-9]{2} ?[0-9]{2} ?(?:[0-9]{2}|2[ABab]) ?[0-9]{3} ?[0-9]{3} ?[0-9]{2}",
        c.fr_nir,
        0.9,
        ("nir", "insee", "sécurité", "securite", "vitale"),
        "a French social security number (NIR) 2 55 08 14 168 025 38",
    ),
    (
        "it_codice_fiscale",
        "[A-Za-z]{6}[0-9LMNP-Vlmnp-v]{2}[A-Za-z][0-9LMNP-Vlmnp-v]{2}[A-Za-z][0-9LMNP-Vlmnp-v]{3}[A-Za-z]",
        c.it_codice_fiscale,
        0.9,
        ("codice", "fiscale"),
        "an Italian codice fiscale RSSMRA85T10A562S",
    ),
    ("hu_taj", "[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{3}", c.hu_taj, 0.75, ("taj",), "a Hungarian TAJ number 123 456 789"),
    (
        "hu_tax_id",
        "8[0-9]{9}",
        c.hu_tax_id,
        0.8,
        ("adóazonosító", "adoazonosito"),
        "a Hungarian tax id (adóazonosító jel)",
    ),
    ("gr_amka", "[0-9]{11}", c.gr_amka, 0.85, ("αμκα", "amka"), "a Greek AMKA"),
    (
        "ru_snils",
        "[0-9]{3}-?[0-9]{3}-?[0-9]{3}[ -]?[0-9]{2}",
        c.ru_snils,
        0.85,
        ("снилс", "snils"),
        "a Russian SNILS 112-233-445 95",
    ),
    (
        "ua_rnokpp",
        "[1-9][0-9]{9}",
        c.ua_rnokpp,
        0.8,
        ("рнокпп", "іпн", "ipn", "ідентифікаційний"),
        "a Ukrainian RNOKPP (tax number)",
    ),
    ("tr_kimlik", "[1-9][0-9]{10}", c.tr_kimlik, 0.9, ("kimlik", "tckn", "tc"), "a Turkish T.C. kimlik number"),
    (
        "cn_resident_id",
        "[1-9][0-9]{16}[0-9Xx]",
        c.cn_resident_id,
        0.9,
        ("身份证", "身份证号", "公民身份号码"),
        "a Chinese resident identity card number",
    ),
    (
        "kr_rrn",
        "[0-9]{6}-?[0-9]{7}",
        c.kr_rrn,
        0.85,
        ("주민등록번호", "주민번호"),
        "a South Korean resident registration number",
    ),
    (
        "jp_my_number",
        "[0-9]{12}|[0-9]{4}[ -][0-9]{4}[ -][0-9]{4}",
        c.jp_my_number,
        0.8,
        ("マイナンバー", "個人番号"),
        "a Japanese individual number (My Number)",
    ),
    (
        "sa_national_id",
        "[12][0-9]{9}",
        c.sa_national_id,
        0.75,
        ("هوية", "الهوية", "إقامة", "iqama"),
        "a Saudi national id or iqama",
    ),
    (
        "il_teudat_zehut",
        "[0-9]{9}|[0-9]{8}-[0-9]",
        c.il_teudat_zehut,
        0.75,
        ("זהות", "ת.ז", "תז"),
        "an Israeli teudat zehut",
    ),
)


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    found = []
    for name, regex, check, validated, context, description in _NUMBERS:
        letters = "maybe" if name in ("fi_hetu", "fr_nir", "cn_resident_id") else "never"
        if name == "it_codice_fiscale":
            letters = "always"
        found.append(
            PatternRecognizer(
                name,
                "NATIONAL_ID",
                regex,
                0.05,
                check,
                validated,
                context=context,
                needs_context=True,
                left=NUM_GUARD_LEFT,
                right=NUM_GUARD_RIGHT,
                search_group="national_ids",
                description=f"{description} with a valid check digit (in text only with a context word)",
                letters=letters,
            )
        )
    return found
