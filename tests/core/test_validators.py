"""Table-driven tests of the validators: positive and hard negative rows for each."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jupyter_privguard.detect import validators as v

CASES: list[tuple[str, str, bool]] = [
    # luhn: 12-19 digits, spaces/dashes allowed
    ("luhn", "4012888888881881", True),
    ("luhn", "4012-8888-8888-1881", True),
    ("luhn", "4012 8888 8888 1881", True),
    ("luhn", "378282246310005", True),
    ("luhn", "4012888888881882", False),
    ("luhn", "12345678903", False),  # valid checksum but 11 digits: too short for a card
    ("luhn", "4012x888888881881", False),
    ("luhn", "", False),
    ("luhn", "٤٠١٢٨٨٨٨٨٨٨٨١٨٨١", False),  # Arabic-Indic digits: not a card number
    # credit_card: luhn + issuer digit for the length + not one digit repeated
    ("credit_card", "4111111111111111", True),
    ("credit_card", "5555555555554444", True),
    ("credit_card", "371449635398431", True),
    ("credit_card", "30569309025904", True),
    ("credit_card", "6011000400000000", True),
    ("credit_card", "122000000000003", True),  # UATP
    ("credit_card", "4012-8888-8888-1882", False),
    ("credit_card", "36168002586008", False),
    ("credit_card", "1748503543012", False),  # Luhn-valid, but no 13-digit card starts with 1
    ("credit_card", "0000000000000000", False),  # passes Luhn, not a card
    ("credit_card", "7992739871300001", False),  # first digit 7: petroleum, not payment
    # imei
    ("imei", "490154203237518", True),
    ("imei", "49-015420-323751-8", True),
    ("imei", "490154203237517", False),
    ("imei", "49015420323751", False),
    ("imei", "000000000000000", False),
    # iban
    ("iban", "DE89370400440532013000", True),
    ("iban", "DE89 3704 0044 0532 0130 00", True),
    ("iban", "GB82WEST12345698765432", True),
    ("iban", "AL47 2121 1009 0000 0002 3569 8741", True),
    ("iban", "PT50000201231234567890154", True),
    ("iban", "DE89370400440532013001", False),  # checksum
    ("iban", "DE8937040044053201300", False),  # length for DE
    ("iban", "XX89370400440532013000", False),  # unknown country
    ("iban", "de89370400440532013000", True),  # typed in lower case
    ("iban", "de89 3704 0044 0532 0130 00", True),
    ("iban", "De89370400440532013000", False),  # mixed case
    ("iban", "de89370400440532013001", False),  # checksum
    ("iban", "D E89 3704 0044 0532 0130 00", False),  # not the printed grouping
    ("iban", "AL47 212A 1009 0000 0002 3569 8741", False),
    # us_ssn
    ("us_ssn", "078-05-1123", True),
    ("us_ssn", "078 05 1123", True),
    ("us_ssn", "078.05.1123", True),
    ("us_ssn", "078051123", True),
    ("us_ssn", "536-90-4399", True),
    ("us_ssn", "000-12-3456", False),
    ("us_ssn", "666-12-3456", False),
    ("us_ssn", "912-70-1234", False),  # 9xx: an ITIN, not an SSN
    ("us_ssn", "123-00-4567", False),
    ("us_ssn", "123-45-0000", False),
    ("us_ssn", "078-05-1120", False),  # Woolworth wallet card
    ("us_ssn", "219-09-9999", False),  # advertising
    ("us_ssn", "457-55-5462", False),  # LifeLock advertising
    ("us_ssn", "123-45-6789", False),
    ("us_ssn", "111-11-1111", False),
    ("us_ssn", "693-09.4444", False),  # mixed separators
    ("us_ssn", "0780511201", False),
    # us_itin
    ("us_itin", "911-70-1234", True),
    ("us_itin", "911-53-1234", True),
    ("us_itin", "911-64-1234", True),
    ("us_itin", "999 99 9999", True),
    ("us_itin", "911-89-1234", False),
    ("us_itin", "911-93-1234", False),
    ("us_itin", "811-70-1234", False),
    # uk_nhs
    ("uk_nhs", "401-023-2137", True),
    ("uk_nhs", "221 395 1837", True),
    ("uk_nhs", "0032698674", True),
    ("uk_nhs", "943 476 5919", True),
    ("uk_nhs", "401-023-2138", False),
    ("uk_nhs", "1111111111", False),
    ("uk_nhs", "40102321370", False),
    # ipv4
    ("ipv4", "192.168.0.1", True),
    ("ipv4", "0.0.0.0", True),
    ("ipv4", "255.255.255.255", True),
    ("ipv4", "10.0.0.0/8", True),
    ("ipv4", "256.1.1.1", False),
    ("ipv4", "192.168.1", False),
    ("ipv4", "192.168.01.1", False),  # leading zero
    ("ipv4", "1.2.3.4.5", False),
    ("ipv4", "10.0.0.0/33", False),
    ("ipv4", "1.2.3", False),
    # ipv6
    ("ipv6", "2001:db8::1", True),
    ("ipv6", "::1", True),
    ("ipv6", "fe80::1%eth0", True),
    ("ipv6", "::ffff:192.0.2.1", True),
    ("ipv6", "[2001:db8::1]", True),
    ("ipv6", "2001:db8::/32", True),
    ("ipv6", "2001::db8::1", False),
    ("ipv6", "12:34:56", False),
    ("ipv6", "aa:bb:cc:dd:ee:ff", False),
    ("ipv6", "gggg::1", False),
    ("ipv6", "::ffff:256.0.0.1", False),
    ("ip_address", "10.1.2.3", True),
    ("ip_address", "2001:db8::1", True),
    ("ip_address", "1.2.3", False),
    # mac_address
    ("mac_address", "00:1A:2B:3C:4D:5E", True),
    ("mac_address", "00-1a-2b-3c-4d-5e", True),
    ("mac_address", "0012.3456.789A", True),
    ("mac_address", "00:1A:2B:3C:4D", False),
    ("mac_address", "10:2F:33-AC-29-C3", False),
    ("mac_address", "FF:FF:FF:FF:FF:FF", False),
    ("mac_address", "00:00:00:00:00:00", False),
    ("mac_address", "ZZ:ZZ:ZZ:ZZ:ZZ:ZZ", False),
    # email
    ("email", "info@presidio.site", True),
    ("email", "first.last+tag@sub.example.co.uk", True),
    ("email", "user@xn--80ak6aa92e.com", True),
    ("email", "o'brien@example.ie", True),
    ("email", "info@presidio.", False),
    ("email", "hello-world", False),
    ("email", "a@b", False),
    ("email", ".john@example.com", False),
    ("email", "john..doe@example.com", False),
    ("email", "john@example.c0m", False),
    ("email", "john@-example.com", False),
    ("email", "john@@example.com", False),
    ("email", "john doe@example.com", False),
    # url
    ("url", "https://www.microsoft.com/", True),
    ("url", "http://microsoft.vlaanderen", True),
    ("url", "https://example.com/a?b=1#c", True),
    ("url", "microsoft.com", True),
    ("url", "http://192.168.0.1:8080/x", True),
    ("url", "www.microsoft", False),
    ("url", "http://microsoft", False),
    ("url", "http://localhost:8888", False),
    ("url", "javascript:alert(1)", False),
    ("url", "https://exa mple.com", False),
    ("url", "http://example.com:99999", False),
    # phone_number (default region US; international format for others)
    ("phone_number", "(408) 496-7223", True),
    ("phone_number", "415-555-0132", True),
    ("phone_number", "+1 415 555 0132", True),
    ("phone_number", "+44 20 7946 0958", True),
    ("phone_number", "0044 20 7946 0958", True),
    ("phone_number", "+55 11 98456 5666", True),
    ("phone_number", "+33 1 42 68 53 00", True),
    ("phone_number", "(408) 496-7223 x123", True),
    ("phone_number", "84 23 30", False),  # short national number of another country: undecidable
    ("phone_number", "123-456-7890", False),  # area code cannot start with 1
    ("phone_number", "41.274541", False),  # a coordinate
    ("phone_number", "1.2.3", False),
    ("phone_number", "2020-12-10", False),
    ("phone_number", "192.168.0.1", False),
    ("phone_number", "12345", False),
    ("phone_number", "+99 123 456 789", False),  # no such country code
    ("phone_number", "4012888888881881", False),
    # calendar_date
    ("calendar_date", "2021-05-21", True),
    ("calendar_date", "3/8/1971", True),
    ("calendar_date", "1958/04/21", True),
    ("calendar_date", "12-10-2020 14:43", True),
    ("calendar_date", "2024-06-05T09:15:30.500-07:00", True),
    ("calendar_date", "21.5.21", True),
    ("calendar_date", "5-May-2021", True),
    ("calendar_date", "March 3, 1990", True),
    ("calendar_date", "3. März 1990", True),
    ("calendar_date", "3 de mayo de 1980", True),
    ("calendar_date", "05/2021", True),
    ("calendar_date", "2021-02-30", False),
    ("calendar_date", "13/13/2020", False),
    ("calendar_date", "1.2.3", False),
    ("calendar_date", "hello", False),
    ("calendar_date", "20210521", False),  # eight bare digits are not read as a date
    # crypto_wallet
    ("crypto_wallet", "16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ", True),
    ("crypto_wallet", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", True),
    ("crypto_wallet", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", True),
    ("crypto_wallet", "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297", True),
    ("crypto_wallet", "0x52908400098527886E0F7030069857D2E4169EE7", True),
    ("crypto_wallet", "16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ2", False),
    ("crypto_wallet", "16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyY", False),  # checksum
    ("crypto_wallet", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdr", False),  # checksum
    ("crypto_wallet", "8f953371d3e85eddb89b05ed6b9e680791055315c73e1025ab5dba7bb2aee189", False),
    ("crypto_wallet", "0x0000000000000000000000000000000000000000", False),
    # jwt
    (
        "jwt",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        True,
    ),
    ("jwt", "eyJmb28iOiJiYXIifQ.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc", False),  # header without alg
    ("jwt", "a.b.c", False),
]


@pytest.mark.parametrize(("name", "value", "expected"), CASES, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(CASES)])
def test_validator_table(name: str, value: str, expected: bool) -> None:
    assert v.VALIDATORS[name](value) is expected


BIRTH_TODAY = dt.date(2026, 1, 15)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1971-03-08", True),
        ("3/8/1971", True),
        ("08.03.71", True),  # two-digit year read as the most recent past: 1971
        ("1900-01-01", True),
        ("2026-01-15", True),
        ("21 Mai 1980", True),
        ("1971-03-08 00:00:00", True),  # pandas' way of writing a date
        ("1899-12-31", False),
        ("2026-01-16", False),  # tomorrow
        ("2091-01-01", False),
        ("1971-02-30", False),
        ("not a date", False),
        ("", False),
    ],
)
def test_birth_date(value: str, expected: bool) -> None:
    assert v.birth_date(value, today=BIRTH_TODAY) is expected


def test_parse_date_gives_both_readings_of_ambiguous_dates() -> None:
    assert v.parse_date("3/8/1971") == [dt.date(1971, 3, 8), dt.date(1971, 8, 3)]
    assert v.parse_date("13/8/1971") == [dt.date(1971, 8, 13)]
    assert v.parse_date("19710308") == []
    assert v.parse_date("19710308", compact=True) == [dt.date(1971, 3, 8)]


def test_iban_length_table_is_consistent() -> None:
    assert all(len(code) == 2 and code.isupper() for code in v.IBAN_LENGTHS)
    assert all(15 <= n <= 34 for n in v.IBAN_LENGTHS.values())


def test_random_sixteen_digit_numbers_rarely_pass_the_card_check() -> None:
    rng = random.Random(7)
    numbers = ["".join(rng.choice("0123456789") for _ in range(16)) for _ in range(5000)]
    share_luhn = sum(map(v.luhn, numbers)) / len(numbers)
    share_card = sum(map(v.credit_card, numbers)) / len(numbers)
    assert 0.08 < share_luhn < 0.12  # one in ten, by construction of the check digit
    assert share_card < 0.07  # the issuer digit removes about half of those


def test_phone_region_parameter() -> None:
    assert v.phone_number("020 7946 0958", region="GB")
    assert not v.phone_number("020 7946 0958")


@pytest.mark.parametrize("name", sorted(v.VALIDATORS))
@pytest.mark.parametrize("junk", ["", " ", "\x00", "𝟙𝟚𝟛", "a" * 10_000, "--", "::::", "$$$$"])
def test_validators_never_raise(name: str, junk: str) -> None:
    assert v.VALIDATORS[name](junk) is False


# ---------------------------------------------------------------------------------------------
# the North American fast path answers exactly what phonenumbers answers

NANP_FORMS = [
    "({a}) {e}-{l}",
    "{a}-{e}-{l}",
    "{a}.{e}.{l}",
    "+1 {a} {e} {l}",
    "1-{a}-{e}-{l}",
    "{a}{e}{l}",
    "+1 ({a}) {e}-{l}",
    "1{a}{e}{l}",
]


def _phonenumbers_valid(text: str) -> bool:
    """The slow path with phonenumbers alone: parsed as a US number, possible and valid."""
    pn = v._phonenumbers()
    try:
        number = pn.parse(text, "US")
    except pn.NumberParseException:
        return False
    return bool(pn.is_possible_number(number) and pn.is_valid_number(number))


def test_nanp_fast_path_agrees_with_phonenumbers_on_every_area_code() -> None:
    rng = random.Random(11)
    answers = []
    for area in range(200, 1000):
        for exchange in [200, 201, 555, 911, 999, *rng.sample(range(200, 1000), 3)]:
            for line in ["0199", f"{rng.randint(0, 9999):04d}"]:
                national = f"{area}{exchange}{line}"
                texts = [form.format(a=area, e=exchange, l=line) for form in NANP_FORMS]
                expected = _phonenumbers_valid(texts[len(answers) % len(texts)])  # each form in turn
                assert [v._nanp_national(text) for text in texts] == [national] * len(texts)
                assert v._nanp_valid(national) is expected, national
                assert [v.phone_number(text) for text in texts] == [expected] * len(texts), national
                answers.append(expected)
    assert len(answers) == 800 * 8 * 2
    assert 2000 < sum(answers) < len(answers) - 2000  # both answers are common


def test_nanp_fast_path_agrees_with_phonenumbers_on_every_exchange_of_the_other_regions() -> None:
    # +1 is shared by 25 regions; which one a number belongs to, and so which rules apply, depends
    # on its leading digits: try every exchange (000-999) of their area codes, and of 800 (8001)
    pn = v._phonenumbers()
    leads = [pn.PhoneMetadata.metadata_for_region(r).leading_digits for r in pn.COUNTRY_CODE_TO_REGION_CODE[1]]
    areas = [a for a in range(200, 1000) if any(lead and re.match(lead, str(a)) for lead in leads)] + [800]
    rng = random.Random(13)
    answers = []
    for area in areas:
        for exchange in range(1000):
            text = f"+1 {area} {exchange:03d} {rng.randint(0, 9999):04d}"
            expected = _phonenumbers_valid(text)
            assert v._nanp_national(text) is not None
            assert v.phone_number(text) is expected, text
            answers.append(expected)
    assert len(areas) > 20
    assert 1000 < sum(answers) < len(answers) - 1000


@settings(max_examples=400, deadline=None)
@given(
    digits=st.text("0123456789", min_size=10, max_size=10),
    prefix=st.sampled_from(["", "1", "+1", "1 ", "+1 ", "1-", "+1-", "1.", "+1."]),
    parens=st.booleans(),
    seps=st.lists(st.sampled_from(["", " ", ".", "-"]), min_size=2, max_size=2),
)
def test_nanp_fast_path_agrees_with_phonenumbers_on_random_numbers(
    digits: str, prefix: str, parens: bool, seps: list[str]
) -> None:
    area = f"({digits[:3]})" if parens else digits[:3]
    text = prefix + area + seps[0] + digits[3:6] + seps[1] + digits[6:]
    # area codes starting with 0 or 1 are left to phonenumbers (national prefix rules)
    assert v._nanp_national(text) == (digits if digits[0] >= "2" else None)
    expected = _phonenumbers_valid(text)
    assert v._phone_valid.__wrapped__(text, "US") is expected  # uncached
    assert v.phone_number(text) <= expected  # the cheap checks in front only ever say no


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(201) 555-1234 x123", True),  # extension
        ("201-555-1234 ext. 7", True),
        ("+1 201 555 1234 #12", True),
        ("(290) 555-1234 x5", False),
        ("1-800-FLOWERS", False),  # letters
        ("201-555-CALL", False),
        ("1-800-555-O199", False),
        ("22015551234", False),  # 11 digits not starting with 1
        ("42015551234", False),
        ("201-555-123", False),  # 9 digits
        ("+1 201 555 123", False),
        ("+1 123 456 7890", False),  # area code starting with 1 or 0
        ("+1 023 456 7890", False),
        ("+1 1201 555 1234", True),  # a national prefix after the country code
        ("1 1 201 555 1234", False),
        ("(201)  555-1234", True),  # two separators
        ("(201 555-1234", True),  # one parenthesis
        ("201/555-1234", True),
        ("+2015551234", True),  # +20: Egypt
        ("+44 20 7946 0958", True),
        ("201 555 1234 5", False),
    ],
)
def test_phone_texts_outside_the_nanp_fast_path(text: str, expected: bool) -> None:
    assert v._nanp_national(text) is None
    assert v.phone_number(text) is expected
    assert v._phone_valid.__wrapped__(text, "US") is _phonenumbers_valid(text)
