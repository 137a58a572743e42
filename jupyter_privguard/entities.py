"""The catalogue of entity types that jupyter-privguard knows.

Names follow Presidio's where Presidio has the entity (``EMAIL_ADDRESS``, ``PHONE_NUMBER``,
``PERSON`` ...) and add what tables need and Presidio lacks (``DATE_OF_BIRTH``, ``STREET_ADDRESS``,
``POSTAL_CODE``, ``AGE``, ``GENDER`` and the sensitive attributes).

Every entity has a class, because the classes call for different handling:

``direct``
    identifies a person on its own (name, email, phone, card number, national id ...).
``quasi``
    identifies a person in combination with others (birth date, postal code, age, gender ...).
``sensitive``
    is not identifying by itself but is special-category data (health, ethnicity, religion ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Category = Literal["direct", "quasi", "sensitive"]
CATEGORIES: tuple[Category, ...] = ("direct", "quasi", "sensitive")


@dataclass(frozen=True)
class Entity:
    """One entity type.

    Parameters
    ----------
    name
        Upper-case identifier, e.g. ``"EMAIL_ADDRESS"``.
    category
        ``"direct"``, ``"quasi"`` or ``"sensitive"``.
    description
        One line for people.
    default_action
        What the default policy does with it (see :mod:`jupyter_privguard.policy`).
    protected
        A protected characteristic for fairness analysis (sex, race, age ...): the leakage
        check looks for proxies of these when no sensitive column is named.
    """

    name: str
    category: Category
    description: str
    default_action: str = "redact"
    protected: bool = False


def _e(name: str, category: Category, description: str, action: str = "redact", protected: bool = False) -> Entity:
    return Entity(name, category, description, action, protected)


# The default actions are a judgement: direct identifiers are replaced by a typed placeholder;
# quasi-identifiers that narrow a person down a lot (birth date, postal code, street-level
# location) are generalised; broad ones (age, gender, country-level location, job title) and the
# sensitive attributes stay visible, since analysis needs them, but are reported and count towards
# re-identification risk.
_ENTITIES: tuple[Entity, ...] = (
    # direct identifiers
    _e("PERSON", "direct", "a person's name"),
    _e("EMAIL_ADDRESS", "direct", "an email address"),
    _e("PHONE_NUMBER", "direct", "a telephone number"),
    _e("CREDIT_CARD", "direct", "a payment card number"),
    _e("IBAN_CODE", "direct", "an international bank account number"),
    _e("US_BANK_NUMBER", "direct", "a US bank account number"),
    _e("US_SSN", "direct", "a US social security number"),
    _e("US_ITIN", "direct", "a US individual taxpayer identification number"),
    _e("US_DRIVER_LICENSE", "direct", "a US driver's licence number"),
    _e("US_PASSPORT", "direct", "a US passport number"),
    _e("UK_NHS", "direct", "a UK NHS number"),
    _e("NATIONAL_ID", "direct", "a national identity or tax number of another country"),
    _e("STREET_ADDRESS", "direct", "a street address"),
    _e("IP_ADDRESS", "direct", "an IPv4 or IPv6 address"),
    _e("MAC_ADDRESS", "direct", "a hardware MAC address"),
    _e("URL", "direct", "a web address (may name a person or a private resource)"),
    _e("USERNAME", "direct", "a login or user name"),
    _e("CREDENTIAL", "direct", "a password, password hash, API key or token"),
    _e("MEDICAL_LICENSE", "direct", "a medical licence number"),
    _e("CRYPTO", "direct", "a cryptocurrency wallet address"),
    _e("DEVICE_ID", "direct", "a device identifier (IMEI, advertising id)"),
    _e("BR_CPF", "direct", "a Brazilian individual taxpayer number (CPF)"),
    _e("IN_AADHAAR", "direct", "an Indian Aadhaar number"),
    _e("ES_NIF", "direct", "a Spanish personal tax number: a DNI or NIE with its check letter"),
    # quasi-identifiers
    _e("DATE_OF_BIRTH", "quasi", "a date of birth", action="generalize"),
    _e("POSTAL_CODE", "quasi", "a postal or ZIP code", action="generalize"),
    _e("AGE", "quasi", "a person's age", action="keep", protected=True),
    _e("GENDER", "quasi", "sex or gender", action="keep", protected=True),
    _e("LOCATION", "quasi", "a place: city, region or country", action="keep"),
    _e("COORDINATES", "quasi", "a latitude or longitude", action="keep"),
    _e("DATE_TIME", "quasi", "a date or time (a birth date when the context says so)", action="keep"),
    _e("MARITAL_STATUS", "quasi", "marital or civil status", action="keep", protected=True),
    _e("JOB_TITLE", "quasi", "an occupation or job title", action="keep"),
    _e("NATIONALITY", "quasi", "citizenship or nationality", action="keep", protected=True),
    # sensitive attributes (special-category data)
    _e("RACE_ETHNICITY", "sensitive", "race, ethnicity or skin colour", action="keep", protected=True),
    _e("RELIGION", "sensitive", "religion or belief", action="keep", protected=True),
    _e("HEALTH", "sensitive", "health, disability, diagnosis or medication", action="keep", protected=True),
    _e("SEXUAL_ORIENTATION", "sensitive", "sexual orientation", action="keep", protected=True),
    _e("POLITICAL_OPINION", "sensitive", "political opinion or party", action="keep", protected=True),
    _e("NRP", "sensitive", "nationality, religious or political group (Presidio's NRP)", action="keep", protected=True),
    _e("TRADE_UNION", "sensitive", "trade-union membership", action="keep", protected=True),
    _e("CRIMINAL_RECORD", "sensitive", "criminal convictions or offences", action="keep", protected=True),
    _e("BIOMETRIC", "sensitive", "biometric or genetic data", action="redact", protected=False),
)

ENTITIES: dict[str, Entity] = {e.name: e for e in _ENTITIES}


def get_entity(name: str) -> Entity:
    """Return the entity called ``name``, with a clear error for an unknown name."""
    try:
        return ENTITIES[name]
    except KeyError:
        known = ", ".join(sorted(ENTITIES))
        raise ValueError(f"unknown entity {name!r}; known entities: {known}") from None


def category_of(name: str | None) -> Category | None:
    """The class of entity ``name`` (``None`` for ``None`` or an unknown name)."""
    if name is None:
        return None
    entity = ENTITIES.get(name)
    return entity.category if entity else None
