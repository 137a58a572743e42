"""Tier 1: what a column's header (and its neighbours' headers) says it holds.

A header is normalised (accents folded, camelCase / snake_case / kebab-case / dots split, digits and
noise tokens set aside), then matched against a hand-written multilingual dictionary of terms
(English, German, French, Spanish, Italian, Portuguese, Dutch). A term can match the whole header
(``how="exact"``), part of it (``how="token"``, e.g. ``billing_email``, or a lower-case compound such
as ``srcip``), or a typo of it (``how="fuzzy"``, e.g. ``emial``).

The words around a matched term change its score: ``company_name`` is not a person, ``zip_file`` is
not a postal code, ``pct_black`` is an aggregate and ``email_verified`` is a flag. The rules:

* a *strong* term (``email``, ``ssn``, ``iban``) keeps most of its score next to unknown words;
* a *generic* term (``address``, ``city``, ``age``) loses more;
* a *head* term (``name``, ``code``) takes the meaning of a term before it (``city_name`` is a
  location) and is weak after an unknown word (``event_name``);
* an *alone* term (``customer``, ``male``, ``black``, ``single``) only counts as the whole header;
* owner words (company, product, file, host, table ...), meta words (type, flag, verified, date,
  count ...) and statistics (pct, frac, avg, per ...) pull the score down hard.

:func:`match_headers` looks at all headers of a table together and uses the neighbours as context
(``first`` next to ``last``; ``number`` next to ``cvv``; ``zip`` next to ``city``).

Only header strings and dictionary terms appear in the results, never a cell value. Results are
cached: the same headers come back on every display.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal


def _load_rapidfuzz() -> tuple[Any, Any]:
    """rapidfuzz is optional: faster edit distances; the pure-Python fallback gives the same answers."""
    try:
        from rapidfuzz import process
        from rapidfuzz.distance import OSA
    except ImportError:
        return None, None
    return process, OSA


_rf_process, _rf_osa = _load_rapidfuzz()

__all__ = ["HeaderHit", "match_header", "match_headers", "normalize_header", "clear_cache"]

How = Literal["exact", "token", "fuzzy"]


@dataclass(frozen=True)
class HeaderHit:
    """One reading of a header.

    Parameters
    ----------
    entity
        Entity name from :mod:`jupyter_privguard.entities`, e.g. ``"EMAIL_ADDRESS"``.
    score
        How sure, in [0, 1]. Strong exact terms score about 0.9; weak or ambiguous ones 0.4 or less.
    term
        The dictionary term that matched, in normalised form (``"first_name"``). A hit that comes from
        a neighbouring header names both terms, joined by ``+`` (``"number+cvv"``).
    language
        ISO 639-1 code of the term (``"en"``, ``"de"`` ...), ``"any"`` for technical abbreviations.
    how
        ``"exact"`` (the whole header is the term), ``"token"`` (the term is part of the header or
        was found through context) or ``"fuzzy"`` (a near miss such as a typo).
    """

    entity: str
    score: float
    term: str
    language: str
    how: How


# ---------------------------------------------------------------------------------------------
# Dictionary. One row: entity, language, score, kind, terms (space separated; "_" joins words).
# kind: S strong, G generic, H head noun, A only as the whole header. Terms are written in the
# same normalised form as headers (accents are folded at build time, so either spelling works).
# ---------------------------------------------------------------------------------------------
_TERMS: tuple[tuple[str, str, float, str, str], ...] = (
    # PERSON
    ("PERSON", "en", 0.95, "S", "full_name first_name given_name last_name family_name fore_name"),
    ("PERSON", "en", 0.95, "S", "name_first name_last name_full name_given name_family"),
    ("PERSON", "en", 0.9, "S", "surname maiden_name middle_name forename mothers_maiden mother_maiden"),
    ("PERSON", "en", 0.9, "S", "mothers_maiden_name mother_maiden_name person_name contact_name"),
    ("PERSON", "en", 0.9, "S", "employee_name patient_name customer_name client_name legal_name"),
    ("PERSON", "en", 0.85, "S", "fname lname fullname first_last cardholder_name holder_name account_holder"),
    ("PERSON", "en", 0.85, "S", "birth_name spouse_name next_of_kin"),
    ("PERSON", "en", 0.7, "S", "middle_initial nickname nick_name initials"),
    ("PERSON", "en", 0.75, "H", "name"),
    ("PERSON", "en", 0.55, "A", "customer person"),
    ("PERSON", "en", 0.5, "A", "patient client employee"),
    ("PERSON", "en", 0.4, "A", "owner manager supervisor contact signature"),
    ("PERSON", "de", 0.95, "S", "vorname nachname familienname geburtsname"),
    ("PERSON", "de", 0.85, "S", "rufname kundenname"),
    ("PERSON", "de", 0.55, "A", "kunde"),
    ("PERSON", "fr", 0.95, "S", "prenom nom_de_famille nom_complet nom_prenom"),
    ("PERSON", "fr", 0.8, "S", "nom"),
    ("PERSON", "fr", 0.85, "S", "nom_de_jeune_fille"),
    ("PERSON", "es", 0.95, "S", "apellido apellidos nombre_completo primer_apellido segundo_apellido"),
    ("PERSON", "es", 0.95, "S", "nombre_y_apellidos nombres"),
    ("PERSON", "es", 0.8, "H", "nombre"),
    ("PERSON", "it", 0.95, "S", "cognome nome_completo nome_e_cognome"),
    ("PERSON", "it", 0.8, "H", "nome"),
    ("PERSON", "pt", 0.95, "S", "sobrenome apelido nome_completo"),
    ("PERSON", "nl", 0.95, "S", "achternaam voornaam volledige_naam roepnaam"),
    ("PERSON", "nl", 0.8, "S", "tussenvoegsel"),
    ("PERSON", "nl", 0.8, "H", "naam"),
    ("PERSON", "es", 0.5, "A", "cliente paciente"),
    # EMAIL_ADDRESS
    ("EMAIL_ADDRESS", "en", 0.95, "S", "email email_address e_mail_address emailaddr email_addr"),
    ("EMAIL_ADDRESS", "en", 0.75, "G", "mail"),
    ("EMAIL_ADDRESS", "en", 0.85, "S", "mail_address"),
    ("EMAIL_ADDRESS", "de", 0.95, "S", "email_adresse e_mail_adresse mailadresse"),
    ("EMAIL_ADDRESS", "fr", 0.95, "S", "courriel adresse_email adresse_mail adresse_electronique"),
    ("EMAIL_ADDRESS", "fr", 0.95, "S", "adresse_courriel mel"),
    ("EMAIL_ADDRESS", "es", 0.95, "S", "correo_electronico direccion_email direccion_correo"),
    ("EMAIL_ADDRESS", "es", 0.85, "S", "correo"),
    ("EMAIL_ADDRESS", "it", 0.95, "S", "posta_elettronica indirizzo_email indirizzo_mail"),
    ("EMAIL_ADDRESS", "pt", 0.95, "S", "endereco_email endereco_de_email correio_eletronico"),
    ("EMAIL_ADDRESS", "nl", 0.95, "S", "emailadres mailadres e_mailadres"),
    # PHONE_NUMBER
    ("PHONE_NUMBER", "en", 0.95, "S", "phone_number phone_no phonenumber telephone_number tel_no"),
    ("PHONE_NUMBER", "en", 0.95, "S", "mobile_number mobile_phone cellphone cell_phone cell_number"),
    ("PHONE_NUMBER", "en", 0.9, "S", "phone telephone msisdn fax_number contact_number home_phone"),
    ("PHONE_NUMBER", "en", 0.8, "S", "tel fax mobile"),
    ("PHONE_NUMBER", "en", 0.7, "S", "cell whatsapp"),
    ("PHONE_NUMBER", "en", 0.45, "S", "area_code dial_code"),
    ("PHONE_NUMBER", "de", 0.95, "S", "telefonnummer handynummer mobilnummer rufnummer faxnummer"),
    ("PHONE_NUMBER", "de", 0.9, "S", "telefon mobiltelefon"),
    ("PHONE_NUMBER", "de", 0.75, "S", "handy"),
    ("PHONE_NUMBER", "fr", 0.95, "S", "numero_de_telephone telephone_portable"),
    ("PHONE_NUMBER", "fr", 0.6, "A", "portable"),
    ("PHONE_NUMBER", "es", 0.95, "S", "numero_de_telefono"),
    ("PHONE_NUMBER", "es", 0.9, "S", "telefono"),
    ("PHONE_NUMBER", "es", 0.85, "S", "movil celular"),
    ("PHONE_NUMBER", "it", 0.85, "S", "cellulare"),
    ("PHONE_NUMBER", "pt", 0.9, "S", "telefone telemovel"),
    ("PHONE_NUMBER", "nl", 0.95, "S", "telefoonnummer mobiel_nummer"),
    ("PHONE_NUMBER", "nl", 0.8, "S", "mobiel gsm"),
    # CREDIT_CARD
    ("CREDIT_CARD", "en", 0.95, "S", "credit_card credit_card_number cc_number card_number ccnumber"),
    ("CREDIT_CARD", "en", 0.9, "S", "cc_num card_no card_num debit_card payment_card cardnumber"),
    ("CREDIT_CARD", "en", 0.9, "S", "creditcard credit_card_no"),
    ("CREDIT_CARD", "en", 0.7, "S", "cc"),
    ("CREDIT_CARD", "en", 0.6, "S", "pan"),
    # a card's security code is a secret that authenticates the card: a credential first
    ("CREDENTIAL", "en", 0.6, "S", "cvv cvc cvv2 cvc2 csc card_verification card_security_code"),
    ("CREDIT_CARD", "en", 0.45, "S", "cvv cvc cvv2 cvc2 csc card_verification card_security_code"),
    ("CREDIT_CARD", "en", 0.5, "G", "card"),
    ("CREDIT_CARD", "de", 0.95, "S", "kreditkarte kreditkartennummer"),
    ("CREDIT_CARD", "de", 0.85, "S", "kartennummer"),
    ("CREDIT_CARD", "fr", 0.95, "S", "carte_bancaire carte_de_credit numero_de_carte carte_credit"),
    ("CREDIT_CARD", "es", 0.95, "S", "tarjeta_de_credito numero_de_tarjeta numero_tarjeta"),
    ("CREDIT_CARD", "es", 0.8, "S", "tarjeta"),
    ("CREDIT_CARD", "it", 0.95, "S", "carta_di_credito numero_carta"),
    ("CREDIT_CARD", "pt", 0.95, "S", "cartao_de_credito numero_do_cartao numero_cartao"),
    ("CREDIT_CARD", "pt", 0.8, "S", "cartao"),
    ("CREDIT_CARD", "nl", 0.9, "S", "kaartnummer creditcardnummer"),
    # US_SSN, US_ITIN, UK_NHS
    ("US_SSN", "en", 0.95, "S", "ssn social_security_number social_security_no ssn_number"),
    ("US_SSN", "en", 0.85, "S", "social_security socsec ss_number soc_sec_no"),
    ("US_ITIN", "en", 0.9, "S", "itin"),
    ("UK_NHS", "en", 0.9, "S", "nhs_number nhs_no"),
    ("UK_NHS", "en", 0.7, "S", "nhs"),
    # NATIONAL_ID
    ("NATIONAL_ID", "en", 0.9, "S", "national_id national_identity national_id_number national_insurance_number"),
    ("NATIONAL_ID", "en", 0.85, "S", "ni_number tax_id taxpayer_id tax_number tax_identification_number"),
    ("NATIONAL_ID", "en", 0.85, "S", "identity_card id_card identity_number voter_id citizen_id"),
    ("NATIONAL_ID", "en", 0.7, "S", "nin nino"),
    ("NATIONAL_ID", "en", 0.6, "S", "tin id_number"),
    ("NATIONAL_ID", "en", 0.45, "S", "sin"),
    ("NATIONAL_ID", "any", 0.9, "S", "aadhaar pesel personnummer curp cpf"),
    ("NATIONAL_ID", "de", 0.95, "S", "steuer_id steueridentifikationsnummer steuernummer steuer_nr"),
    ("NATIONAL_ID", "de", 0.9, "S", "personalausweis personalausweisnummer ausweisnummer"),
    ("NATIONAL_ID", "de", 0.9, "S", "sozialversicherungsnummer svnr ahv_nummer ahv"),
    ("NATIONAL_ID", "fr", 0.9, "S", "numero_securite_sociale securite_sociale nir insee carte_identite"),
    ("NATIONAL_ID", "fr", 0.85, "S", "numero_fiscal"),
    ("NATIONAL_ID", "es", 0.9, "S", "dni nif nie cedula documento_identidad numero_seguridad_social"),
    ("NATIONAL_ID", "es", 0.75, "S", "nss rut"),
    ("NATIONAL_ID", "it", 0.95, "S", "codice_fiscale carta_identita"),
    ("NATIONAL_ID", "pt", 0.85, "S", "nif cartao_cidadao numero_contribuinte bilhete_identidade"),
    ("NATIONAL_ID", "nl", 0.95, "S", "bsn burgerservicenummer sofinummer"),
    # passports and driving licences
    ("US_PASSPORT", "en", 0.85, "S", "passport passport_number passport_no"),
    ("NATIONAL_ID", "de", 0.85, "S", "reisepass reisepassnummer"),
    ("NATIONAL_ID", "fr", 0.85, "S", "passeport numero_passeport"),
    ("NATIONAL_ID", "es", 0.85, "S", "pasaporte"),
    ("NATIONAL_ID", "it", 0.85, "S", "passaporto"),
    ("NATIONAL_ID", "pt", 0.85, "S", "passaporte"),
    ("NATIONAL_ID", "nl", 0.85, "S", "paspoort paspoortnummer"),
    ("US_DRIVER_LICENSE", "en", 0.9, "S", "driver_license drivers_license driver_licence drivers_licence"),
    ("US_DRIVER_LICENSE", "en", 0.9, "S", "driving_license driving_licence dl_number dl_no"),
    ("US_DRIVER_LICENSE", "en", 0.85, "S", "driver_license_number drivers_license_number license_no"),
    ("US_DRIVER_LICENSE", "en", 0.5, "S", "license_number licence_number"),
    ("US_DRIVER_LICENSE", "en", 0.5, "A", "dl"),
    ("US_DRIVER_LICENSE", "de", 0.85, "S", "fuhrerschein fuehrerschein fuhrerscheinnummer"),
    ("US_DRIVER_LICENSE", "fr", 0.85, "S", "permis_de_conduire"),
    ("US_DRIVER_LICENSE", "es", 0.85, "S", "licencia_de_conducir licencia_conducir carnet_de_conducir"),
    ("US_DRIVER_LICENSE", "it", 0.85, "S", "patente_di_guida"),
    ("US_DRIVER_LICENSE", "pt", 0.85, "S", "carteira_de_motorista carta_de_conducao cnh"),
    ("US_DRIVER_LICENSE", "nl", 0.85, "S", "rijbewijs rijbewijsnummer"),
    # bank accounts
    ("IBAN_CODE", "any", 0.95, "S", "iban iban_code iban_number"),
    ("IBAN_CODE", "de", 0.75, "S", "bankverbindung"),
    ("IBAN_CODE", "fr", 0.8, "S", "rib"),
    ("US_BANK_NUMBER", "en", 0.85, "S", "bank_account bank_account_number account_number account_no"),
    ("US_BANK_NUMBER", "en", 0.8, "S", "acct_no acct_num acct_number routing_number bank_account_no"),
    ("US_BANK_NUMBER", "en", 0.35, "A", "account acct"),
    ("US_BANK_NUMBER", "de", 0.85, "S", "kontonummer bankkonto"),
    ("US_BANK_NUMBER", "fr", 0.8, "S", "numero_de_compte compte_bancaire"),
    ("US_BANK_NUMBER", "es", 0.85, "S", "numero_de_cuenta cuenta_bancaria"),
    ("US_BANK_NUMBER", "it", 0.8, "S", "conto_corrente numero_conto"),
    ("US_BANK_NUMBER", "pt", 0.8, "S", "conta_bancaria numero_da_conta numero_conta"),
    ("US_BANK_NUMBER", "nl", 0.85, "S", "rekeningnummer bankrekening"),
    # STREET_ADDRESS
    ("STREET_ADDRESS", "en", 0.95, "S", "street_address address_line postal_address mailing_address"),
    ("STREET_ADDRESS", "en", 0.9, "S", "home_address residential_address street_name address_street"),
    ("STREET_ADDRESS", "en", 0.85, "G", "address"),
    ("STREET_ADDRESS", "en", 0.8, "G", "street"),
    ("STREET_ADDRESS", "en", 0.75, "G", "addr"),
    ("STREET_ADDRESS", "en", 0.7, "S", "house_number street_number"),
    ("STREET_ADDRESS", "de", 0.9, "S", "anschrift wohnadresse strassenname"),
    ("STREET_ADDRESS", "de", 0.85, "G", "adresse strasse"),
    ("STREET_ADDRESS", "de", 0.7, "S", "hausnummer"),
    ("STREET_ADDRESS", "fr", 0.7, "G", "rue"),
    ("STREET_ADDRESS", "fr", 0.85, "S", "adresse_postale"),
    ("STREET_ADDRESS", "es", 0.85, "G", "direccion domicilio"),
    ("STREET_ADDRESS", "es", 0.8, "G", "calle"),
    ("STREET_ADDRESS", "it", 0.85, "G", "indirizzo"),
    ("STREET_ADDRESS", "pt", 0.85, "G", "morada endereco logradouro"),
    ("STREET_ADDRESS", "pt", 0.7, "G", "rua"),
    ("STREET_ADDRESS", "nl", 0.85, "G", "adres straat"),
    ("STREET_ADDRESS", "nl", 0.85, "S", "straatnaam"),
    ("STREET_ADDRESS", "nl", 0.7, "S", "huisnummer"),
    # LOCATION
    ("LOCATION", "en", 0.75, "G", "city town hometown suburb village"),
    ("LOCATION", "en", 0.65, "G", "county municipality neighborhood neighbourhood"),
    ("LOCATION", "en", 0.6, "G", "country province location"),
    ("LOCATION", "en", 0.7, "S", "place_of_birth birth_place birthplace city_of_birth birth_city"),
    ("LOCATION", "en", 0.7, "S", "place_of_residence country_of_residence city_of_residence"),
    ("LOCATION", "en", 0.55, "G", "state region district residence community"),
    ("LOCATION", "en", 0.5, "G", "locale place"),
    ("LOCATION", "en", 0.5, "S", "country_code state_code"),
    ("LOCATION", "en", 0.5, "A", "geo"),
    ("LOCATION", "de", 0.8, "G", "wohnort"),
    ("LOCATION", "de", 0.75, "G", "stadt"),
    ("LOCATION", "de", 0.7, "S", "geburtsort"),
    ("LOCATION", "de", 0.65, "G", "ort gemeinde bundesland kanton landkreis"),
    ("LOCATION", "de", 0.5, "G", "land"),
    ("LOCATION", "fr", 0.75, "G", "ville"),
    ("LOCATION", "fr", 0.7, "S", "lieu_de_naissance lieu_naissance"),
    ("LOCATION", "fr", 0.6, "G", "pays commune"),
    ("LOCATION", "fr", 0.5, "G", "departement"),
    ("LOCATION", "es", 0.75, "G", "ciudad localidad"),
    ("LOCATION", "es", 0.7, "S", "lugar_de_nacimiento lugar_nacimiento ciudad_nacimiento"),
    ("LOCATION", "es", 0.6, "G", "pais provincia municipio"),
    ("LOCATION", "es", 0.4, "A", "estado"),
    ("LOCATION", "it", 0.75, "G", "citta"),
    ("LOCATION", "it", 0.7, "S", "luogo_di_nascita luogo_nascita"),
    ("LOCATION", "it", 0.6, "G", "paese comune regione"),
    ("LOCATION", "pt", 0.75, "G", "cidade localidade"),
    ("LOCATION", "pt", 0.7, "S", "local_de_nascimento naturalidade"),
    ("LOCATION", "pt", 0.6, "G", "concelho freguesia municipio"),
    ("LOCATION", "nl", 0.8, "G", "woonplaats"),
    ("LOCATION", "nl", 0.75, "G", "stad"),
    ("LOCATION", "nl", 0.7, "S", "geboorteplaats"),
    ("LOCATION", "nl", 0.65, "G", "plaats gemeente provincie"),
    # POSTAL_CODE
    ("POSTAL_CODE", "en", 0.9, "S", "zip_code zipcode postal_code postcode post_code zip4 zip_plus4"),
    ("POSTAL_CODE", "en", 0.8, "G", "zip"),
    ("POSTAL_CODE", "en", 0.7, "G", "postal"),
    ("POSTAL_CODE", "en", 0.3, "H", "code"),
    ("POSTAL_CODE", "de", 0.95, "S", "postleitzahl"),
    ("POSTAL_CODE", "de", 0.9, "S", "plz"),
    ("POSTAL_CODE", "fr", 0.9, "S", "code_postal"),
    ("POSTAL_CODE", "fr", 0.45, "A", "cp"),
    ("POSTAL_CODE", "es", 0.9, "S", "codigo_postal"),
    ("POSTAL_CODE", "it", 0.9, "S", "codice_postale codice_avviamento_postale"),
    ("POSTAL_CODE", "it", 0.4, "A", "cap"),
    ("POSTAL_CODE", "pt", 0.8, "S", "cep"),
    # DATE_OF_BIRTH
    ("DATE_OF_BIRTH", "en", 0.95, "S", "dob date_of_birth birth_date birthdate"),
    ("DATE_OF_BIRTH", "en", 0.9, "S", "birthday birth_day"),
    ("DATE_OF_BIRTH", "en", 0.8, "S", "year_of_birth birth_year yob birth_month month_of_birth"),
    ("DATE_OF_BIRTH", "en", 0.65, "S", "birth"),
    ("DATE_OF_BIRTH", "en", 0.6, "G", "born"),
    ("DATE_OF_BIRTH", "en", 0.4, "G", "zodiac star_sign"),
    ("DATE_OF_BIRTH", "de", 0.95, "S", "geburtsdatum geb_datum"),
    ("DATE_OF_BIRTH", "de", 0.9, "S", "geburtstag"),
    ("DATE_OF_BIRTH", "de", 0.8, "S", "geburtsjahr"),
    ("DATE_OF_BIRTH", "fr", 0.95, "S", "date_de_naissance date_naissance"),
    ("DATE_OF_BIRTH", "fr", 0.75, "S", "naissance"),
    ("DATE_OF_BIRTH", "fr", 0.6, "S", "anniversaire"),
    ("DATE_OF_BIRTH", "es", 0.95, "S", "fecha_de_nacimiento fecha_nacimiento"),
    ("DATE_OF_BIRTH", "es", 0.85, "S", "cumpleanos"),
    ("DATE_OF_BIRTH", "es", 0.75, "S", "nacimiento"),
    ("DATE_OF_BIRTH", "it", 0.95, "S", "data_di_nascita data_nascita"),
    ("DATE_OF_BIRTH", "it", 0.85, "S", "compleanno"),
    ("DATE_OF_BIRTH", "it", 0.75, "S", "nascita"),
    ("DATE_OF_BIRTH", "pt", 0.95, "S", "data_de_nascimento data_nascimento"),
    ("DATE_OF_BIRTH", "pt", 0.75, "S", "nascimento"),
    ("DATE_OF_BIRTH", "pt", 0.6, "S", "aniversario"),
    ("DATE_OF_BIRTH", "nl", 0.95, "S", "geboortedatum"),
    ("DATE_OF_BIRTH", "nl", 0.85, "S", "verjaardag"),
    ("DATE_OF_BIRTH", "nl", 0.7, "S", "geboren"),
    # AGE
    ("AGE", "en", 0.8, "G", "age"),
    ("AGE", "en", 0.75, "S", "age_band age_group age_range age_bracket age_years years_old"),
    ("AGE", "de", 0.65, "G", "alter lebensalter"),
    ("AGE", "es", 0.8, "G", "edad"),
    ("AGE", "it", 0.6, "G", "eta"),
    ("AGE", "pt", 0.8, "G", "idade"),
    ("AGE", "nl", 0.8, "G", "leeftijd"),
    # GENDER
    ("GENDER", "en", 0.9, "S", "gender gender_identity"),
    ("GENDER", "en", 0.85, "G", "sex"),
    ("GENDER", "en", 0.55, "A", "male female is_male is_female"),
    ("GENDER", "en", 0.35, "A", "salutation honorific"),
    ("GENDER", "de", 0.9, "S", "geschlecht"),
    ("GENDER", "de", 0.35, "A", "anrede"),
    ("GENDER", "fr", 0.9, "S", "sexe"),
    ("GENDER", "fr", 0.45, "A", "genre"),
    ("GENDER", "es", 0.9, "S", "sexo"),
    ("GENDER", "es", 0.85, "S", "genero"),
    ("GENDER", "it", 0.9, "S", "sesso"),
    ("GENDER", "it", 0.6, "A", "genere"),
    ("GENDER", "nl", 0.9, "S", "geslacht"),
    # network and devices
    ("IP_ADDRESS", "any", 0.95, "S", "ip_address ipaddress ip_addr ipaddr ipv4 ipv6 ipv4_address ipv6_address"),
    ("IP_ADDRESS", "any", 0.9, "S", "remote_addr remote_ip client_ip x_forwarded_for"),
    ("IP_ADDRESS", "any", 0.85, "S", "ip"),
    ("IP_ADDRESS", "any", 0.7, "S", "src_addr dst_addr source_ip dest_ip"),
    ("IP_ADDRESS", "de", 0.95, "S", "ip_adresse"),
    ("IP_ADDRESS", "es", 0.95, "S", "direccion_ip"),
    ("IP_ADDRESS", "it", 0.95, "S", "indirizzo_ip"),
    ("IP_ADDRESS", "pt", 0.95, "S", "endereco_ip"),
    ("MAC_ADDRESS", "any", 0.95, "S", "mac_address macaddress mac_addr macaddr hw_addr hwaddr mac_adresse"),
    ("MAC_ADDRESS", "any", 0.75, "S", "mac bssid"),
    ("DEVICE_ID", "any", 0.9, "S", "imei idfa gaid aaid udid advertising_id ad_id_device"),
    ("DEVICE_ID", "any", 0.75, "S", "device_id android_id device_identifier"),
    ("DEVICE_ID", "any", 0.5, "S", "serial_number"),
    ("DEVICE_ID", "any", 0.4, "S", "user_agent"),
    ("URL", "any", 0.8, "S", "url profile_url linkedin"),
    ("URL", "any", 0.7, "S", "website homepage web_site webpage uri"),
    ("URL", "any", 0.45, "G", "link"),
    ("URL", "de", 0.7, "S", "webseite"),
    ("URL", "fr", 0.7, "S", "site_web"),
    ("URL", "es", 0.7, "S", "sitio_web pagina_web"),
    ("URL", "it", 0.7, "S", "sito_web"),
    ("CRYPTO", "any", 0.85, "S", "wallet_address btc_address eth_address crypto_address bitcoin_address"),
    # USERNAME
    ("USERNAME", "en", 0.9, "S", "username user_name login_name screen_name account_name userid_name"),
    # "login" alone is a login name; "last_login" / "login_attempts" are events
    ("USERNAME", "en", 0.7, "A", "login"),
    ("USERNAME", "en", 0.75, "S", "login_id user_login"),
    ("USERNAME", "en", 0.55, "G", "handle"),
    ("USERNAME", "en", 0.45, "S", "user_id userid uid"),
    ("USERNAME", "en", 0.6, "A", "twitter instagram"),
    ("USERNAME", "de", 0.9, "S", "benutzername"),
    ("USERNAME", "de", 0.6, "A", "benutzer"),
    ("USERNAME", "fr", 0.9, "S", "nom_utilisateur nom_d_utilisateur identifiant"),
    ("USERNAME", "es", 0.9, "S", "nombre_de_usuario nombre_usuario"),
    ("USERNAME", "es", 0.7, "A", "usuario"),
    ("USERNAME", "it", 0.9, "S", "nome_utente"),
    ("USERNAME", "it", 0.6, "A", "utente"),
    ("USERNAME", "pt", 0.9, "S", "nome_de_usuario nome_usuario"),
    ("USERNAME", "nl", 0.9, "S", "gebruikersnaam"),
    ("USERNAME", "nl", 0.6, "A", "gebruiker"),
    # CREDENTIAL
    ("CREDENTIAL", "en", 0.95, "S", "password passwd password_hash hash_pw pw_hash hashed_password"),
    ("CREDENTIAL", "en", 0.9, "S", "pwd api_key apikey access_token auth_token refresh_token bearer_token"),
    ("CREDENTIAL", "en", 0.9, "S", "private_key secret_key client_secret passphrase passcode credentials"),
    ("CREDENTIAL", "en", 0.85, "S", "credential security_answer security_question_answer"),
    ("CREDENTIAL", "en", 0.8, "S", "secret"),
    ("CREDENTIAL", "en", 0.6, "G", "token"),
    ("CREDENTIAL", "en", 0.6, "A", "pw pin otp"),
    ("CREDENTIAL", "en", 0.4, "A", "hash salt"),
    ("CREDENTIAL", "de", 0.95, "S", "passwort kennwort"),
    ("CREDENTIAL", "fr", 0.95, "S", "mot_de_passe"),
    ("CREDENTIAL", "fr", 0.7, "A", "mdp"),
    ("CREDENTIAL", "es", 0.95, "S", "contrasena"),
    ("CREDENTIAL", "es", 0.6, "A", "clave"),
    ("CREDENTIAL", "pt", 0.95, "S", "senha"),
    ("CREDENTIAL", "nl", 0.95, "S", "wachtwoord"),
    # MEDICAL_LICENSE
    ("MEDICAL_LICENSE", "en", 0.9, "S", "medical_license medical_licence medical_license_number"),
    ("MEDICAL_LICENSE", "en", 0.75, "S", "physician_license dea_number npi npi_number"),
    # MARITAL_STATUS
    ("MARITAL_STATUS", "en", 0.9, "S", "marital_status marital civil_status relationship_status"),
    ("MARITAL_STATUS", "en", 0.75, "G", "marriage"),
    ("MARITAL_STATUS", "en", 0.65, "A", "married"),
    ("MARITAL_STATUS", "en", 0.5, "A", "single divorced widowed spouse"),
    ("MARITAL_STATUS", "en", 0.4, "A", "mar"),
    ("MARITAL_STATUS", "de", 0.9, "S", "familienstand"),
    ("MARITAL_STATUS", "fr", 0.9, "S", "etat_civil situation_familiale situation_matrimoniale"),
    ("MARITAL_STATUS", "es", 0.9, "S", "estado_civil"),
    ("MARITAL_STATUS", "it", 0.9, "S", "stato_civile"),
    ("MARITAL_STATUS", "pt", 0.9, "S", "estado_civil"),
    ("MARITAL_STATUS", "nl", 0.9, "S", "burgerlijke_staat"),
    # RACE_ETHNICITY
    ("RACE_ETHNICITY", "en", 0.9, "S", "ethnicity race_ethnicity ethnic_group ethnic_origin racial_group"),
    ("RACE_ETHNICITY", "en", 0.85, "G", "race"),
    ("RACE_ETHNICITY", "en", 0.8, "S", "ethnic skin_colour skin_color skin_tone racial"),
    ("RACE_ETHNICITY", "en", 0.7, "A", "afam"),
    ("RACE_ETHNICITY", "en", 0.55, "A", "black hispanic latino asian african_american"),
    ("RACE_ETHNICITY", "en", 0.5, "A", "white indigenous aboriginal"),
    ("RACE_ETHNICITY", "en", 0.35, "A", "colour color"),
    ("RACE_ETHNICITY", "de", 0.85, "S", "ethnie ethnische_herkunft hautfarbe"),
    ("RACE_ETHNICITY", "de", 0.5, "A", "herkunft"),
    ("RACE_ETHNICITY", "fr", 0.85, "S", "ethnie origine_ethnique"),
    ("RACE_ETHNICITY", "es", 0.85, "S", "etnia raza"),
    ("RACE_ETHNICITY", "it", 0.85, "S", "etnia razza"),
    ("RACE_ETHNICITY", "pt", 0.85, "S", "etnia raca"),
    ("RACE_ETHNICITY", "nl", 0.85, "S", "etniciteit afkomst"),
    # RELIGION
    ("RELIGION", "en", 0.9, "S", "religion religious_affiliation faith"),
    ("RELIGION", "en", 0.75, "S", "religious denomination"),
    ("RELIGION", "en", 0.4, "A", "belief beliefs"),
    ("RELIGION", "de", 0.9, "S", "religion konfession religionszugehorigkeit"),
    ("RELIGION", "fr", 0.9, "S", "religion confession"),
    ("RELIGION", "es", 0.9, "S", "religion"),
    ("RELIGION", "it", 0.9, "S", "religione"),
    ("RELIGION", "pt", 0.9, "S", "religiao"),
    ("RELIGION", "nl", 0.9, "S", "religie geloof"),
    # HEALTH
    ("HEALTH", "en", 0.9, "S", "diagnosis diagnoses medical_condition medical_history icd10 icd9 icd_code"),
    ("HEALTH", "en", 0.85, "S", "disease medication medications disability blood_type blood_group illness"),
    ("HEALTH", "en", 0.85, "S", "mental_health health_condition allergies allergy symptoms prescription"),
    ("HEALTH", "en", 0.8, "S", "icd hiv_status pregnancy pregnant bmi"),
    ("HEALTH", "en", 0.7, "G", "health"),
    ("HEALTH", "en", 0.5, "G", "medical treatment"),
    ("HEALTH", "en", 0.35, "G", "insurance"),
    ("HEALTH", "de", 0.85, "S", "diagnose krankheit medikament medikamente behinderung blutgruppe"),
    ("HEALTH", "de", 0.7, "S", "gesundheit"),
    ("HEALTH", "fr", 0.85, "S", "diagnostic maladie medicament handicap groupe_sanguin"),
    ("HEALTH", "fr", 0.7, "S", "sante"),
    ("HEALTH", "es", 0.85, "S", "diagnostico enfermedad medicamento discapacidad"),
    ("HEALTH", "es", 0.7, "S", "salud"),
    ("HEALTH", "it", 0.85, "S", "diagnosi malattia farmaco disabilita"),
    ("HEALTH", "it", 0.7, "S", "salute"),
    ("HEALTH", "pt", 0.85, "S", "doenca medicamento deficiencia"),
    ("HEALTH", "pt", 0.7, "S", "saude"),
    ("HEALTH", "nl", 0.85, "S", "diagnose ziekte medicatie medicijn handicap"),
    ("HEALTH", "nl", 0.7, "S", "gezondheid"),
    # SEXUAL_ORIENTATION
    ("SEXUAL_ORIENTATION", "en", 0.9, "S", "sexual_orientation sexuality"),
    ("SEXUAL_ORIENTATION", "en", 0.45, "A", "orientation lgbt lgbtq"),
    ("SEXUAL_ORIENTATION", "de", 0.9, "S", "sexuelle_orientierung"),
    ("SEXUAL_ORIENTATION", "fr", 0.9, "S", "orientation_sexuelle"),
    ("SEXUAL_ORIENTATION", "es", 0.9, "S", "orientacion_sexual"),
    ("SEXUAL_ORIENTATION", "it", 0.9, "S", "orientamento_sessuale"),
    ("SEXUAL_ORIENTATION", "pt", 0.9, "S", "orientacao_sexual"),
    ("SEXUAL_ORIENTATION", "nl", 0.9, "S", "seksuele_geaardheid seksuele_orientatie"),
    # POLITICAL_OPINION; TRADE_UNION (membership is special-category data of its own)
    ("POLITICAL_OPINION", "en", 0.85, "S", "political_party political_affiliation political_views party_affiliation"),
    ("POLITICAL_OPINION", "en", 0.75, "S", "political politics voting_intention"),
    ("POLITICAL_OPINION", "en", 0.45, "G", "party"),
    ("TRADE_UNION", "en", 0.8, "S", "union_member union_membership trade_union"),
    ("TRADE_UNION", "en", 0.4, "A", "union"),
    ("POLITICAL_OPINION", "de", 0.75, "S", "partei parteizugehorigkeit"),
    ("TRADE_UNION", "de", 0.75, "S", "gewerkschaft gewerkschaftsmitglied"),
    ("POLITICAL_OPINION", "fr", 0.6, "S", "parti_politique"),
    ("TRADE_UNION", "fr", 0.6, "S", "syndicat"),
    ("POLITICAL_OPINION", "es", 0.7, "S", "partido_politico afiliacion_politica"),
    ("POLITICAL_OPINION", "it", 0.7, "S", "partito_politico"),
    ("POLITICAL_OPINION", "pt", 0.7, "S", "partido_politico"),
    ("POLITICAL_OPINION", "nl", 0.7, "S", "politieke_partij partij"),
    # NATIONALITY
    ("NATIONALITY", "en", 0.9, "S", "nationality citizenship"),
    ("NATIONALITY", "en", 0.7, "S", "country_of_birth birth_country country_birth country_of_origin"),
    ("NATIONALITY", "en", 0.7, "S", "national_origin immigration_status"),
    ("NATIONALITY", "en", 0.6, "G", "citizen"),
    ("NATIONALITY", "en", 0.55, "S", "foreign_worker foreigner immigrant migrant foreign_born"),
    ("NATIONALITY", "de", 0.9, "S", "staatsangehorigkeit staatsangehoerigkeit nationalitat"),
    ("NATIONALITY", "de", 0.7, "S", "geburtsland"),
    ("NATIONALITY", "fr", 0.9, "S", "nationalite citoyennete"),
    ("NATIONALITY", "fr", 0.7, "S", "pays_de_naissance"),
    ("NATIONALITY", "es", 0.9, "S", "nacionalidad ciudadania"),
    ("NATIONALITY", "es", 0.7, "S", "pais_de_nacimiento"),
    ("NATIONALITY", "it", 0.9, "S", "nazionalita cittadinanza"),
    ("NATIONALITY", "pt", 0.9, "S", "nacionalidade cidadania"),
    ("NATIONALITY", "nl", 0.9, "S", "nationaliteit"),
    ("NATIONALITY", "nl", 0.7, "S", "geboorteland"),
    # JOB_TITLE ("title" is also an honorific or a book title, so it stays low)
    ("JOB_TITLE", "en", 0.85, "S", "job_title job_role job_position job_description_title"),
    ("JOB_TITLE", "en", 0.75, "S", "occupation profession"),
    ("JOB_TITLE", "en", 0.6, "A", "job"),
    ("JOB_TITLE", "en", 0.5, "S", "designation"),
    ("JOB_TITLE", "en", 0.45, "S", "employer"),
    ("JOB_TITLE", "en", 0.4, "A", "position role"),
    ("JOB_TITLE", "en", 0.35, "G", "title"),
    ("JOB_TITLE", "en", 0.35, "A", "rank"),
    ("JOB_TITLE", "de", 0.8, "S", "beruf berufsbezeichnung taetigkeit tatigkeit"),
    ("JOB_TITLE", "fr", 0.75, "S", "metier poste_occupe"),
    ("JOB_TITLE", "fr", 0.5, "A", "poste"),
    ("JOB_TITLE", "es", 0.8, "S", "ocupacion profesion"),
    ("JOB_TITLE", "es", 0.5, "A", "puesto"),
    ("JOB_TITLE", "es", 0.45, "A", "cargo"),
    ("JOB_TITLE", "it", 0.8, "S", "professione occupazione mansione"),
    ("JOB_TITLE", "pt", 0.8, "S", "profissao ocupacao"),
    ("JOB_TITLE", "nl", 0.8, "S", "beroep functietitel"),
    ("JOB_TITLE", "nl", 0.5, "A", "functie"),
    # COORDINATES
    ("COORDINATES", "any", 0.85, "S", "latitude longitude lat_long lat_lng lat_lon latlong latlng coordinates"),
    ("COORDINATES", "any", 0.75, "S", "lat lng lon geolocation gps gps_coordinates geo_point"),
    ("COORDINATES", "en", 0.4, "A", "long"),
    ("COORDINATES", "de", 0.85, "S", "breitengrad langengrad laengengrad koordinaten"),
    ("COORDINATES", "fr", 0.85, "S", "coordonnees_gps"),
    ("COORDINATES", "es", 0.85, "S", "latitud longitud coordenadas"),
    ("COORDINATES", "it", 0.85, "S", "latitudine longitudine coordinate"),
    ("COORDINATES", "nl", 0.85, "S", "breedtegraad lengtegraad"),
    # CRIMINAL_RECORD
    ("CRIMINAL_RECORD", "en", 0.9, "S", "criminal_record criminal_history conviction convictions felony"),
    ("CRIMINAL_RECORD", "en", 0.8, "S", "prior_convictions convicted offence offense offences offenses"),
    ("CRIMINAL_RECORD", "en", 0.8, "S", "sex_offender parole probation incarcerated incarceration"),
    ("CRIMINAL_RECORD", "en", 0.65, "S", "arrest arrested criminal"),
    ("CRIMINAL_RECORD", "en", 0.55, "G", "crime prison jail"),
    ("CRIMINAL_RECORD", "en", 0.45, "A", "paro prio priors"),
    ("CRIMINAL_RECORD", "de", 0.85, "S", "vorstrafe vorstrafen fuhrungszeugnis strafregister"),
    ("CRIMINAL_RECORD", "fr", 0.85, "S", "casier_judiciaire condamnation"),
    ("CRIMINAL_RECORD", "es", 0.85, "S", "antecedentes_penales"),
    ("CRIMINAL_RECORD", "it", 0.85, "S", "precedenti_penali casellario_giudiziale"),
    ("CRIMINAL_RECORD", "pt", 0.85, "S", "antecedentes_criminais registo_criminal"),
    ("CRIMINAL_RECORD", "nl", 0.85, "S", "strafblad"),
)

# Words that narrow a term without changing what it is: "home_phone", "billing_zip", "email_id".
_NEUTRAL = frozenset(
    """
home work office business_hours personal private primary secondary main alt alternate alternative other
billing shipping delivery mailing residential permanent current previous prev former old new last first latest next
contact emergency full short line number num no nr nbr nummer numero nro num code id ident identifier
src source dst dest destination remote local public external internal plain cleartext masked hashed
encrypted enc given display preferred legal official registered verified_by us usa uk eu intl
international national domestic year yr month day quarter qtr qrtr years abbr abbrev iso
a b c d e f g h i j k l m n o p q r s t u v w x y z
de du des la le les el los las di del della da do dos das of the van von der den het
geb nr tel es
last4
""".split()
)

# People a term can belong to: neutral for most terms, and they make "name" a person's name.
_PERSON_QUAL = frozenset(
    """
customer customers cust client clients cliente clientes kunde kunden klant klanten patient patients
paciente pacientes paziente pazienti employee employees emp staff member members user users usr
usuario usuarios utente utenti benutzer gebruiker utilisateur person persons people persona personne
contact owner holder cardholder student students applicant candidate guest passenger driver
doctor physician nurse spouse father mother mothers fathers parent child children beneficiary
recipient sender buyer seller tenant landlord signer author manager supervisor reviewer agent rep
mitarbeiter angestellter empleado dipendente funcionario medewerker titular inhaber responsable
guardian partner account_holder teacher instructor professor lawyer attorney officer worker friend
relative husband wife son daughter sibling visitor subscriber donor voter citizen resident
""".split()
)

# Owners of a "name", "address" ... that are not people: company_name, file_name, product_name.
_OWNER = frozenset(
    """
company companies corp corporation firm firma firmen unternehmen entreprise societe empresa azienda
societa bedrijf inc ltd llc gmbh organisation organization org business brand product products produkt produit
producto prodotto produto item items article artikel sku file files datei fichier archivo archivio
bestand host server servers domain table tabelle schema database db column columns col field fld
attr attribute variable var feature features dataset project projekt app application service module
package pkg library repo repository bucket queue topic job jobs task pipeline workflow bank school
university hospital clinic store shop vendor supplier merchant account accounts model layer memory
pointer register contract event events device machine node cluster container image images video
category categories tag tags label group team department dept index key sheet folder directory
path page site document doc report template campaign channel sensor station vehicle ship airport
game song album movie book track course class
""".split()
)

# Meta words: the column is about the thing, not the thing itself (email_verified, phone_type).
_META = frozenset(
    """
is has flag flags type types kind format fmt verified valid validated validation confirmed confirm
opt optin optout opted consent enabled disabled bool boolean length len version ver status_code
provider template subject body sent received bounce bounced unsubscribed expire expires expiry
expiration exp created updated modified deleted changed change at on date time dt dttm ts timestamp
since until attempts attempt failed error errors missing null na known unknown
required req pref preference preferences lang language check checked match matched quality
confidence seen login_at mask pattern regex policy domain_name field_name
""".split()
)

# Statistics: the column aggregates many people (pct_black, avg_age, NumStreet).
_STAT = frozenset(
    """
pct percent percentage perc frac fraction ratio rate share prop proportion avg average mean median
med std sd stdev variance total sum min max per capita cap count counts cnt distinct unique nunique
population pop density dens quantile quartile quart decile percentile
""".split()
)
# before a term these mean "how many": n_jobs, NumberOfPhones (but "num_tel", "nº teléfono" are
# the number itself, so "num" only counts before a plural, "no"/"nr" never)
_STAT_BEFORE = frozenset("n nb numb number".split())
_COUNT_BEFORE_PLURAL = frozenset("num nbr nr".split())

# Everyday data words that must never be "corrected" into a term by the fuzzy matcher.
_COMMON = frozenset(
    """
status stage stats state stated total amount price prices rate main date data value values
count score scores label target class level group event order orders item model image version
comment comments description notes note message text body content result results reason weight
height width size duration month week hour minute second streak stream strength strike phase
plate plane space trace grace prize prime sales scale shape share mobility
place cell cells title named aged image sexy notice notion
nation natural agent agents range ranges handler handled linked links
dates passes passed nominal numeric
credit credits debit debits balance income expense tenure period education employed
employment secretary secretaries tokens altitude medicare medicaid relation relations nationals
""".split()
)

_KINDS = {"S": "strong", "G": "generic", "H": "head", "A": "alone"}
_MAX_SPAN = 6


@dataclass(frozen=True)
class _Entry:
    entity: str
    score: float
    term: str
    language: str
    kind: str


_FOLD = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
        "ı": "i",
    }
)


def _fold(text: str) -> str:
    """Fold accents (ä -> a, ß -> ss, é -> e); case is kept for the camelCase split."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_CAMEL_1 = re.compile(r"([a-z])([A-Z])")
_CAMEL_2 = re.compile(r"([A-Z]+)([A-Z][a-z])")
_ALNUM = re.compile(r"([A-Za-z])([0-9])|([0-9])([A-Za-z])")
_SPLIT = re.compile(r"[^a-z0-9]+")
# Noise that only wraps a header (str_email, email_txt); dropped before matching.
_NOISE = frozenset("txt str string val raw tmp temp clean cleaned norm normalized normalised fk pk".split())


def _split(text: str) -> list[str]:
    text = _fold(text.strip().lstrip("\ufeff"))
    text = _CAMEL_2.sub(r"\1 \2", text)
    text = _CAMEL_1.sub(r"\1 \2", text)
    text = _ALNUM.sub(lambda m: f"{m.group(1)} {m.group(2)}" if m.group(1) else f"{m.group(3)} {m.group(4)}", text)
    return [t for t in _SPLIT.split(text.lower()) if t]


def _build() -> tuple[dict[str, tuple[_Entry, ...]], frozenset[str]]:
    by_key: dict[str, dict[str, _Entry]] = {}
    for entity, language, score, kind, terms in _TERMS:
        for term in terms.split():
            tokens = _split(term.replace("_", " "))
            key = "".join(tokens)
            entry = _Entry(entity, score, _fold(term).lower(), language, _KINDS[kind])
            slot = by_key.setdefault(key, {})
            old = slot.get(entity)
            # one key can mean several entities ("pan"); per entity keep the strongest reading
            if old is None or old.score < entry.score:
                slot[entity] = entry
    table = {k: tuple(sorted(v.values(), key=lambda e: -e.score)) for k, v in by_key.items()}
    words = {w for e in (x for v in table.values() for x in v) for w in _split(e.term.replace("_", " "))}
    return table, frozenset(words)


_TABLE, _TERM_WORDS = _build()
_KNOWN = _NEUTRAL | _PERSON_QUAL | _OWNER | _META | _STAT | _STAT_BEFORE | _COMMON | _NOISE
# what the fuzzy matcher may correct a token into: whole terms and the words that build them
_FUZZY_TARGETS: tuple[str, ...] = tuple(
    sorted(
        {k for k, v in _TABLE.items() if len(k) >= 5 and any(e.kind != "alone" for e in v)}
        | {w for w in _TERM_WORDS if len(w) >= 5}
    )
)
# what a lower-case compound ("srcip", "communityname") may be split into
_SEGMENT_WORDS = frozenset({k for k in _TABLE if len(k) >= 2} | {w for w in _KNOWN if len(w) >= 2} - _NOISE)


def _singular(token: str) -> str:
    """``emails`` -> ``email``, ``cities`` -> ``city``; only when the plural is not itself known."""
    if token in _TABLE or token in _KNOWN or len(token) < 4:
        return token
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("es", ""), ("s", "")):
        if token.endswith(suffix) and not (suffix == "s" and token.endswith("ss")):
            cand = token[: -len(suffix)] + repl
            if cand in _TABLE or cand in _TERM_WORDS:
                return cand
    return token


def normalize_header(name: str) -> tuple[str, ...]:
    """Split a header into normalised tokens.

    Parameters
    ----------
    name
        A column header as written (``"E-Mail-Adresse"``, ``"customerFirstName"``).

    Returns
    -------
    tuple of str
        Lower-case, accent-folded tokens with noise tokens removed and plurals of known words
        made singular; digit runs are kept (``"ipv4"`` -> ``("ipv", "4")``) for compound lookups.
    """
    tokens = [_singular(t) for t in _split(str(name)) if t not in _NOISE]
    out: list[str] = []
    for tok in tokens:
        # "ssn_last4" / "ssn_last_4": a masked value is still the same entity
        if tok.isdigit() and out and out[-1] == "last":
            out[-1] = "last4"
            continue
        out.append(tok)
    return tuple(out)


def _segment(token: str) -> list[str] | None:
    """Split a lower-case compound (``srcip``) into known words, fewest pieces first."""
    n = len(token)
    if n < 5 or n > 40:
        return None
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(2, n + 1):
        for start in range(0, end - 1):
            prev = best[start]
            piece = token[start:end]
            if prev is not None and piece in _SEGMENT_WORDS:
                cand = prev + [piece]
                cur = best[end]
                if cur is None or len(cand) < len(cur):
                    best[end] = cand
    result = best[n]
    if result is None or len(result) < 2:
        return None
    # a split is only worth it when it finds a term
    if not any(p in _TABLE for p in result):
        return None
    return result


def _osa(a: str, b: str) -> int:
    """Optimal string alignment distance (Levenshtein plus adjacent transpositions)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


_INFLECTIONS = frozenset("ed es er ee ly al ic ry ty ing".split())


def _max_edits(length: int) -> int:
    # short words are too close to other real words: "race"/"rate", "mail"/"main"
    if length < 5:
        return 0
    if length < 10:
        return 1
    if length < 14:
        return 2
    return 3


_DELETE_INDEX: dict[str, list[str]] | None = None


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _delete_index() -> dict[str, list[str]]:
    """Targets keyed by themselves and by each one-letter deletion (built on first use).

    Two words within one edit (insert, delete, substitute, swap neighbours) share a key, so the
    fallback finds exactly the candidates rapidfuzz would, without comparing against every target.
    """
    global _DELETE_INDEX
    if _DELETE_INDEX is None:
        index: dict[str, list[str]] = {}
        for target in _FUZZY_TARGETS:
            for key in _deletes(target) | {target}:
                index.setdefault(key, []).append(target)
        _DELETE_INDEX = index
    return _DELETE_INDEX


def _candidates(token: str, k: int) -> list[tuple[str, int]]:
    """Targets within ``k`` edits of ``token``, with their distances."""
    if _rf_process is not None:
        found = _rf_process.extract(token, _FUZZY_TARGETS, scorer=_rf_osa.distance, score_cutoff=k, limit=None)
        return [(c, int(d)) for c, d, _ in found]
    if k == 1:
        index = _delete_index()
        near = {t for key in _deletes(token) | {token} for t in index.get(key, ())}
    else:  # long tokens only: difflib's ratio is a safe pre-filter at this length
        near = set(difflib.get_close_matches(token, _FUZZY_TARGETS, n=50, cutoff=0.6))
    return [(c, d) for c in near if (d := _osa(token, c)) <= k]


def _fuzzy(token: str) -> tuple[str, float] | None:
    """The closest dictionary word to ``token`` and a similarity in (0, 1), or ``None``."""
    k = _max_edits(len(token))
    if k == 0 or token in _KNOWN or token in _TERM_WORDS or token in _TABLE:
        return None
    # an edit only in the last two letters is usually another word of the same stem
    # ("employed"/"employee", "stated"/"states"), not a typo
    cands = [
        (c, d)
        for c, d in _candidates(token, k)
        if 0 < d <= k
        and abs(len(c) - len(token)) <= k
        and not (
            len(token) >= 6
            and c[:-2] == token[:-2]
            and len(c) == len(token)
            and (token[-2:] in _INFLECTIONS or c[-2:] in _INFLECTIONS)
        )
    ]
    if not cands:
        return None
    cand, dist = min(cands, key=lambda cd: (cd[1], -len(cd[0]), cd[0]))
    return cand, 1.0 - dist / max(len(cand), len(token))


@dataclass
class _Match:
    start: int
    end: int
    entries: tuple[_Entry, ...]
    fuzzy_sim: float  # 1.0 when no token in the span was corrected
    segmented: bool


def _classify(token: str) -> str:
    if token.isdigit() or token in _NEUTRAL:
        return "neutral"
    if token in _PERSON_QUAL:
        return "person"
    if token in _STAT:
        return "stat"
    if token in _OWNER:
        return "owner"
    if token in _META:
        return "meta"
    return "unknown"


def _find_matches(tokens: list[str], fuzzy_sim: list[float], segmented: list[bool]) -> list[_Match]:
    """Greedy longest-first cover of the tokens by dictionary terms (compact keys)."""
    n = len(tokens)
    taken = [False] * n
    found: list[_Match] = []
    for length in range(min(_MAX_SPAN, n), 0, -1):
        for start in range(0, n - length + 1):
            end = start + length
            if any(taken[start:end]):
                continue
            span = tokens[start:end]
            if span[0].isdigit():
                continue
            entries = _TABLE.get("".join(span))
            if not entries:
                continue
            whole = start == 0 and end == n
            usable = tuple(e for e in entries if e.kind != "alone" or whole)
            if not usable:
                continue
            for i in range(start, end):
                taken[i] = True
            found.append(_Match(start, end, usable, min(fuzzy_sim[start:end]), any(segmented[start:end])))
    found.sort(key=lambda m: m.start)
    return found


def _score_match(
    m: _Match, entry: _Entry, tokens: list[str], matches: list[_Match], count_words: frozenset[str] = _STAT_BEFORE
) -> float:
    """Adjust an entry's base score for the words around it."""
    score = entry.score
    strong = entry.kind == "strong"
    head = entry.kind == "head"
    in_other = {i for o in matches if o is not m for i in range(o.start, o.end)}
    for i, tok in enumerate(tokens):
        if m.start <= i < m.end or i in in_other:
            continue
        if tok in count_words and i < m.start:
            score *= 0.4  # "num_street", "n_jobs": a count of things, not the thing
            continue
        cls = _classify(tok)
        if cls == "neutral":
            continue
        if cls == "person":
            if entry.entity == "PERSON" and head:
                score = min(0.9, score + 0.05)
            continue
        if cls == "stat":
            score *= 0.35
        elif cls == "meta":
            score *= 0.4
        elif cls == "owner":
            score *= 0.6 if strong else 0.3
        else:  # unknown word
            score *= 0.9 if strong else (0.5 if head else 0.7)
    # a term right before a word that is not neutral is a modifier: "email_subject", "zip_file"
    nxt = m.end
    if nxt < len(tokens) and nxt not in in_other and _classify(tokens[nxt]) in ("unknown", "owner", "meta"):
        score *= 0.75
    # two terms: the last one is the head noun ("customer_email", "home_address_zip")
    later = [o for o in matches if o.start > m.start]
    earlier = [o for o in matches if o.start < m.start]
    if head and earlier:
        # "city_name", "state_code": the head takes the meaning of the term before it
        score *= 0.3
    elif later:
        last = later[-1]
        same = last.entries[0].entity == entry.entity  # the head's main reading
        head_only = all(e.kind == "head" for e in last.entries)
        if not same and not head_only:
            score *= 0.6
    if m.fuzzy_sim < 1.0:
        score *= 0.95 * m.fuzzy_sim
    return round(max(0.0, min(1.0, score)), 3)


_HOW_RANK = {"exact": 0, "token": 1, "fuzzy": 2}


def _match(name: str) -> tuple[HeaderHit, ...]:
    base = list(normalize_header(name))
    if not base:
        return ()
    # expand lower-case compounds and correct typos, token by token
    tokens: list[str] = []
    sims: list[float] = []
    segmented: list[bool] = []
    for tok in base:
        if tok in _TABLE or tok in _KNOWN or tok in _TERM_WORDS or tok.isdigit():
            tokens.append(tok)
            sims.append(1.0)
            segmented.append(False)
            continue
        parts = _segment(tok)
        if parts:
            tokens.extend(parts)
            sims.extend([1.0] * len(parts))
            segmented.extend([True] * len(parts))
            continue
        fixed = _fuzzy(tok)
        if fixed is not None:
            tokens.append(fixed[0])
            sims.append(fixed[1])
        else:
            tokens.append(tok)
            sims.append(1.0)
        segmented.append(False)
    matches = _find_matches(tokens, sims, segmented)
    plural = any(_singular(t) != t for t in _split(str(name)))
    count_words = _STAT_BEFORE | _COUNT_BEFORE_PLURAL if plural else _STAT_BEFORE
    best: dict[str, HeaderHit] = {}
    for m in matches:
        whole = m.start == 0 and m.end == len(tokens)
        if m.fuzzy_sim < 1.0:
            how: How = "fuzzy"
        elif whole and not m.segmented:
            how = "exact"
        else:
            how = "token"
        for entry in m.entries:
            score = _score_match(m, entry, tokens, matches, count_words)
            if score <= 0.0:
                continue
            hit = HeaderHit(entry.entity, score, entry.term, entry.language, how)
            old = best.get(entry.entity)
            if old is None or (hit.score, -_HOW_RANK[hit.how]) > (old.score, -_HOW_RANK[old.how]):
                best[entry.entity] = hit
    return tuple(sorted(best.values(), key=lambda h: (-h.score, _HOW_RANK[h.how], h.entity)))


@lru_cache(maxsize=8192)
def _match_cached(name: str) -> tuple[HeaderHit, ...]:
    return _match(name)


def match_header(name: str) -> list[HeaderHit]:
    """What a column header says the column holds, best first.

    Parameters
    ----------
    name
        The column header. Non-string headers (integers, tuples of a MultiIndex) are converted
        with ``str``.

    Returns
    -------
    list of HeaderHit
        One hit per entity, highest score first; empty when the header names nothing personal.
        Negatives such as ``company_name``, ``zip_file`` or ``created_at`` give no hit or one
        below 0.5.

    Examples
    --------
    >>> match_header("Geburtsdatum")[0].entity
    'DATE_OF_BIRTH'
    >>> [h.entity for h in match_header("company_name") if h.score >= 0.5]
    []
    """
    return list(_match_cached(name if isinstance(name, str) else str(name)))


# ---------------------------------------------------------------------------------------------
# Sibling context
# ---------------------------------------------------------------------------------------------
_CARD_SIBLING = frozenset("cvv cvc cvv2 cvc2 csc card cc expiry expires expiration exp cardholder".split())
_BARE_NUMBER = frozenset("number num no nr nbr numero nummer".split())
_STREET_ONLY = frozenset(
    {
        ("street",),
        ("street", "name"),
        ("strasse",),
        ("strassenname",),
        ("straat",),
        ("straatnaam",),
        ("calle",),
        ("rue",),
        ("via",),
        ("rua",),
    }
)
_PLACE_ENTITIES = frozenset({"LOCATION", "STREET_ADDRESS"})
_COMMERCE = frozenset(
    "price sku product quantity qty stock brand category inventory cost unit_price upc ean msrp discount".split()
)
_DIRECT = frozenset(
    {
        "EMAIL_ADDRESS",
        "PHONE_NUMBER",
        "STREET_ADDRESS",
        "US_SSN",
        "CREDIT_CARD",
        "DATE_OF_BIRTH",
        "IBAN_CODE",
        "NATIONAL_ID",
    }
)


def _top(hits: Sequence[HeaderHit], entity: str) -> float:
    return max((h.score for h in hits if h.entity == entity), default=0.0)


def _with(hits: list[HeaderHit], new: HeaderHit) -> list[HeaderHit]:
    """Add ``new`` (replacing a weaker hit of the same entity) and keep the list sorted."""
    kept = [h for h in hits if h.entity != new.entity or h.score > new.score]
    if not any(h.entity == new.entity for h in kept):
        kept.append(new)
    return sorted(kept, key=lambda h: (-h.score, _HOW_RANK[h.how], h.entity))


def _scaled(hits: list[HeaderHit], entity: str, factor: float) -> list[HeaderHit]:
    out = [
        HeaderHit(h.entity, round(h.score * factor, 3), h.term, h.language, h.how) if h.entity == entity else h
        for h in hits
    ]
    return sorted(out, key=lambda h: (-h.score, _HOW_RANK[h.how], h.entity))


@lru_cache(maxsize=1024)
def _match_many(names: tuple[str, ...]) -> tuple[tuple[HeaderHit, ...], ...]:
    toks = [normalize_header(n) for n in names]
    hits = [list(_match_cached(n)) for n in names]
    tokset = [set(t) for t in toks]
    entities_elsewhere = [
        {h.entity for j, hs in enumerate(hits) if j != i for h in hs if h.score >= 0.5} for i in range(len(names))
    ]

    def others_have(i: int, words: frozenset[str] | set[str]) -> bool:
        return any(j != i and (tokset[j] & words) for j in range(len(names)))

    def strong_elsewhere(i: int, entity: str, floor: float) -> bool:
        return any(j != i and _top(hits[j], entity) >= floor for j in range(len(names)))

    for i, t in enumerate(toks):
        words = set(t)
        # "first" and "last" (or "middle") side by side: the parts of a person's name
        if len(t) == 1 and t[0] in ("first", "last", "middle"):
            partner = "first" if t[0] == "last" else "last"
            if others_have(i, {partner}):
                hits[i] = _with(hits[i], HeaderHit("PERSON", 0.8, f"{t[0]}+{partner}", "en", "token"))
        # a bare "number" among card columns, when no other column is the card number itself
        if (
            words
            and words <= _BARE_NUMBER
            and others_have(i, _CARD_SIBLING)
            and not strong_elsewhere(i, "CREDIT_CARD", 0.85)
        ):
            hits[i] = _with(hits[i], HeaderHit("CREDIT_CARD", 0.75, f"{t[0]}+card", "en", "token"))
        # a bare "number" beside a street column is the house number
        elif words and words <= _BARE_NUMBER and any(j != i and toks[j] in _STREET_ONLY for j in range(len(names))):
            hits[i] = _with(hits[i], HeaderHit("STREET_ADDRESS", 0.6, f"{t[0]}+street", "en", "token"))
        # postal codes and states read as places when the table has other place columns
        places_nearby = bool(entities_elsewhere[i] & _PLACE_ENTITIES) or others_have(i, {"postal", "zip"})
        postal = _top(hits[i], "POSTAL_CODE")
        if postal and places_nearby and not strong_elsewhere(i, "POSTAL_CODE", 0.85):
            new = max(postal, min(postal + 0.15, 0.95))
            if words and words <= {"code", "cp", "cap"}:
                new = max(new, 0.6)
            best = next(h for h in hits[i] if h.entity == "POSTAL_CODE")
            hits[i] = _with(hits[i], HeaderHit("POSTAL_CODE", round(new, 3), best.term, best.language, best.how))
        loc = next((h for h in hits[i] if h.entity == "LOCATION"), None)
        if (
            loc is not None
            and loc.score >= 0.3
            and (entities_elsewhere[i] & {"POSTAL_CODE", "STREET_ADDRESS"} or "LOCATION" in entities_elsewhere[i])
        ):
            hits[i] = _with(
                hits[i], HeaderHit("LOCATION", round(min(loc.score + 0.15, 0.85), 3), loc.term, loc.language, loc.how)
            )
        # "colour" in a table about people and their legal status is skin colour
        if words & {"colour", "color"} and len(words) == 1:
            demographic = entities_elsewhere[i] & {"GENDER"}
            legal = entities_elsewhere[i] & {"NATIONALITY", "RACE_ETHNICITY", "CRIMINAL_RECORD"} or others_have(
                i, {"arrest", "arrested", "released", "citizen", "immigrant"}
            )
            if demographic and legal:
                hits[i] = _with(hits[i], HeaderHit("RACE_ETHNICITY", 0.55, f"{t[0]}+demographics", "en", "token"))
        # a lone "name" in a product table is a product name
        if _top(hits[i], "PERSON") and any(h.term in ("name", "nombre", "nome", "naam") for h in hits[i]):
            commerce = sum(1 for j, tj in enumerate(toks) if j != i and set(tj) & _COMMERCE)
            if commerce >= 2 and not (entities_elsewhere[i] & _DIRECT) and "PERSON" not in entities_elsewhere[i]:
                hits[i] = _scaled(hits[i], "PERSON", 0.5)
    return tuple(tuple(h) for h in hits)


def match_headers(names: Sequence[str]) -> dict[str, list[HeaderHit]]:
    """Match all headers of one table, using each header's neighbours as context.

    Parameters
    ----------
    names
        The table's column headers, in order. Non-string headers are converted with ``str``.

    Returns
    -------
    dict
        Header -> hits, best first (as :func:`match_header`, adjusted by context). Context rules:
        ``first`` next to ``last`` are name parts; a bare ``number`` among card columns
        (``cvv``, ``cc_type``) is a card number unless another column already is; ``zip`` /
        ``code`` / ``cp`` next to place columns is a postal code; ``state`` / ``country`` next to
        address columns is a place; ``colour`` next to sex and citizenship or arrest columns is
        skin colour; a lone ``name`` in a product table (``price``, ``sku`` ...) is weakened.
    """
    key = tuple(n if isinstance(n, str) else str(n) for n in names)
    return {n: list(h) for n, h in zip(key, _match_many(key))}


def clear_cache() -> None:
    """Forget cached results (after the dictionary was changed in a test, say)."""
    _match_cached.cache_clear()
    _match_many.cache_clear()
