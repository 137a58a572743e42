"""The catalogue of entity types that jupyter-privguard knows: the one place that says what an entity is.

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

Besides its class, each :class:`Entity` carries the rules the other modules apply to it: how the
column vote weighs its header and value evidence (:mod:`jupyter_privguard.scanner`), how ``mask``,
``pseudonymize`` and ``generalize`` treat its values (:mod:`jupyter_privguard.redaction`), and extra
header terms. Modules read these fields rather than keeping their own lists of entity names.

:data:`ENTITIES` is the built-in catalogue. The running session's catalogue
(``current_session().registries.get("entities")``, built by :func:`builtin_registry`) adds the
entities that installed packages publish under the ``jupyter_privguard.entities`` entry-point
group; :func:`rules_for` answers for a name either catalogue does not know.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from .registry import ENTRY_POINT_GROUPS, Registry

Category = Literal["direct", "quasi", "sensitive"]
CATEGORIES: tuple[Category, ...] = ("direct", "quasi", "sensitive")

MaskStyle = Literal["all", "tail", "email"]
MASK_STYLES: tuple[MaskStyle, ...] = ("all", "tail", "email")

PseudonymForm = Literal["text", "casefold", "compact"]
PSEUDONYM_FORMS: tuple[PseudonymForm, ...] = ("text", "casefold", "compact")


@dataclass(frozen=True)
class Entity:
    """One entity type and the rules every module applies to it.

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
    mask_style
        What the ``mask`` operator keeps. ``"tail"``: the last ``Policy.mask_keep`` letters and
        digits (separators dropped, at most half of the value shown), as for a card's last four;
        ``"email"``: the domain (``****@example.org``); ``"all"``: nothing, stars only.
    pseudonym_form
        The form a pseudonym is computed from, so that trivially different spellings join.
        ``"text"``: trimmed, every run of whitespace collapsed to one space; ``"casefold"``: that,
        then case-folded; ``"compact"``: everything but letters and digits dropped, then
        case-folded (``"4111 1111 ..."`` and ``"4111-1111-..."`` give one token).
    is_date
        The values are dates: ``generalize`` keeps their year.
    confirmed_by
        The value entities whose pattern hits confirm (or, when the values do not have them,
        refute) a header naming this entity; the column vote weighs the header by their coverage,
        and they count as this entity's evidence. Empty: no value pattern can check a header of
        this entity, which the vote then trusts on its own (see ``header_only_ok``).
    value_alone_cap
        The highest score values alone, without a header naming the entity, give a column of
        this entity (shapes that other codes share, such as five-digit numbers). ``None``: no cap.
    pii_by_value_alone
        ``False`` when values alone never make a column this entity: a column of dates is a
        timestamp column unless its header says birth date. Such values also do not count as
        "the values are clearly something else" against a header.
    pii_in_text
        ``False`` when its spans in free text do not make a cell or a column personal data
        (dates in notes). The spans are still found and reported.
    header_only_ok
        A header alone may assign it: its values have no pattern that could confirm the header
        (names, places, sensitive attributes, ids without a fixed format). Descriptive: the vote
        reads ``confirmed_by`` (empty means the same thing) and keeps this flag for readers.
    coded_attribute
        Often stored as a handful of codes (``0``/``1``, ``1``-``4``): a header match over a column
        of 2 to 12 distinct values is trusted more, since a miss costs more than a false alarm.
    header_terms
        Extra language-neutral header terms the header tier matches for this entity (an
        abbreviation such as ``"cpf"``), besides the terms of the header-language data files.
    takes_over_headers
        Entities whose header this entity's values take over when they cover most of the column:
        an "address" header (``adresse``, ``住所``) over wallet addresses is a header of a wallet,
        so ``CRYPTO`` takes over ``STREET_ADDRESS``: the header then counts for ``CRYPTO``, and
        for the entity it named only as a header the values contradict.
    """

    name: str
    category: Category
    description: str
    default_action: str = "redact"
    protected: bool = False
    mask_style: MaskStyle = "all"
    pseudonym_form: PseudonymForm = "text"
    is_date: bool = False
    confirmed_by: tuple[str, ...] = ()
    value_alone_cap: float | None = None
    pii_by_value_alone: bool = True
    pii_in_text: bool = True
    header_only_ok: bool = False
    coded_attribute: bool = False
    header_terms: tuple[str, ...] = ()
    takes_over_headers: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        def choice(label: str, value: object, allowed: tuple[str, ...]) -> None:
            if value not in allowed:
                options = ", ".join(repr(a) for a in allowed)
                raise ValueError(f"entity {self.name!r}: {label} must be one of {options}, got {value!r}")

        choice("category", self.category, CATEGORIES)
        choice("mask_style", self.mask_style, MASK_STYLES)
        choice("pseudonym_form", self.pseudonym_form, PSEUDONYM_FORMS)
        cap = self.value_alone_cap
        if cap is not None and not (isinstance(cap, (int, float)) and 0.0 <= cap <= 1.0):
            raise ValueError(f"entity {self.name!r}: value_alone_cap must be None or in [0, 1], got {cap!r}")
        for label, names in (
            ("confirmed_by", self.confirmed_by),
            ("header_terms", self.header_terms),
            ("takes_over_headers", self.takes_over_headers),
        ):
            if not isinstance(names, tuple) or not all(isinstance(n, str) and n for n in names):
                raise ValueError(
                    f"entity {self.name!r}: {label} must be a tuple of non-empty strings, got {names!r}; "
                    f"write e.g. {label}=({self.name!r},)"
                )


def _e(
    name: str, category: Category, description: str, action: str = "redact", protected: bool = False, **rules: Any
) -> Entity:
    return Entity(name, category, description, action, protected, **rules)


# What the vote and the operators do with each entity, as the scanner and redaction applied it
# before the rules moved here (tests/core/test_catalogue.py keeps the old tables as literals).
# Card, account and id numbers: the mask keeps the last digits and pseudonyms ignore separators.
_ID_NUMBER: dict[str, Any] = {"mask_style": "tail", "pseudonym_form": "compact"}
# Attributes a header may assign alone; the coded ones are often stored as a few codes.
_HEADER_ONLY: dict[str, Any] = {"header_only_ok": True}
_CODED: dict[str, Any] = {"header_only_ok": True, "coded_attribute": True}


# The default actions are a judgement: direct identifiers are replaced by a typed placeholder;
# quasi-identifiers that narrow a person down a lot (birth date, postal code, street-level
# location) are generalised; broad ones (age, gender, country-level location, job title) and the
# sensitive attributes stay visible, since analysis needs them, but are reported and count towards
# re-identification risk.
_ENTITIES: tuple[Entity, ...] = (
    # direct identifiers
    _e("PERSON", "direct", "a person's name", **_HEADER_ONLY),
    _e(
        "EMAIL_ADDRESS",
        "direct",
        "an email address",
        mask_style="email",
        pseudonym_form="casefold",
        confirmed_by=("EMAIL_ADDRESS",),
    ),
    _e("PHONE_NUMBER", "direct", "a telephone number", **_ID_NUMBER, confirmed_by=("PHONE_NUMBER",)),
    _e("CREDIT_CARD", "direct", "a payment card number", **_ID_NUMBER, confirmed_by=("CREDIT_CARD",)),
    _e("IBAN_CODE", "direct", "an international bank account number", **_ID_NUMBER, confirmed_by=("IBAN_CODE",)),
    _e("US_BANK_NUMBER", "direct", "a US bank account number", **_ID_NUMBER, value_alone_cap=0.3, **_HEADER_ONLY),
    _e("US_SSN", "direct", "a US social security number", **_ID_NUMBER, confirmed_by=("US_SSN",), value_alone_cap=0.6),
    _e(
        "US_ITIN",
        "direct",
        "a US individual taxpayer identification number",
        **_ID_NUMBER,
        confirmed_by=("US_ITIN", "US_SSN"),
    ),
    _e(
        "US_DRIVER_LICENSE", "direct", "a US driver's licence number", **_ID_NUMBER, value_alone_cap=0.3, **_HEADER_ONLY
    ),
    _e("US_PASSPORT", "direct", "a US passport number", **_ID_NUMBER, value_alone_cap=0.3, **_HEADER_ONLY),
    _e("UK_NHS", "direct", "a UK NHS number", **_ID_NUMBER, confirmed_by=("UK_NHS",)),
    _e("NATIONAL_ID", "direct", "a national identity or tax number of another country", **_ID_NUMBER, **_HEADER_ONLY),
    _e("STREET_ADDRESS", "direct", "a street address", **_HEADER_ONLY),
    _e("IP_ADDRESS", "direct", "an IPv4 or IPv6 address", confirmed_by=("IP_ADDRESS",)),
    _e("MAC_ADDRESS", "direct", "a hardware MAC address", pseudonym_form="compact", confirmed_by=("MAC_ADDRESS",)),
    _e(
        "URL",
        "direct",
        "a web address (may name a person or a private resource)",
        pseudonym_form="casefold",
        confirmed_by=("URL",),
    ),
    _e("USERNAME", "direct", "a login or user name", **_HEADER_ONLY),
    _e("CREDENTIAL", "direct", "a password, password hash, API key or token", value_alone_cap=0.55, **_HEADER_ONLY),
    _e("MEDICAL_LICENSE", "direct", "a medical licence number", **_ID_NUMBER, **_HEADER_ONLY),
    _e(
        "CRYPTO",
        "direct",
        "a cryptocurrency wallet address",
        confirmed_by=("CRYPTO",),
        takes_over_headers=("STREET_ADDRESS",),
    ),
    _e("DEVICE_ID", "direct", "a device identifier (IMEI, advertising id)", **_ID_NUMBER, confirmed_by=("DEVICE_ID",)),
    _e("BR_CPF", "direct", "a Brazilian individual taxpayer number (CPF)", **_ID_NUMBER, confirmed_by=("BR_CPF",)),
    _e("IN_AADHAAR", "direct", "an Indian Aadhaar number", **_ID_NUMBER, confirmed_by=("IN_AADHAAR",)),
    _e(
        "ES_NIF",
        "direct",
        "a Spanish personal tax number: a DNI or NIE with its check letter",
        **_ID_NUMBER,
        confirmed_by=("ES_NIF",),
    ),
    # quasi-identifiers
    _e(
        "DATE_OF_BIRTH",
        "quasi",
        "a date of birth",
        action="generalize",
        is_date=True,
        confirmed_by=("DATE_TIME", "DATE_OF_BIRTH"),
    ),
    _e(
        "POSTAL_CODE",
        "quasi",
        "a postal or ZIP code",
        action="generalize",
        confirmed_by=("POSTAL_CODE",),
        value_alone_cap=0.45,
    ),
    _e("AGE", "quasi", "a person's age", action="keep", protected=True, **_HEADER_ONLY),
    _e("GENDER", "quasi", "sex or gender", action="keep", protected=True, **_CODED),
    _e("LOCATION", "quasi", "a place: city, region or country", action="keep", **_CODED),
    _e("COORDINATES", "quasi", "a latitude or longitude", action="keep", **_HEADER_ONLY),
    _e(
        "DATE_TIME",
        "quasi",
        "a date or time (a birth date when the context says so)",
        action="keep",
        is_date=True,
        pii_by_value_alone=False,
        pii_in_text=False,
    ),
    _e("MARITAL_STATUS", "quasi", "marital or civil status", action="keep", protected=True, **_CODED),
    _e("JOB_TITLE", "quasi", "an occupation or job title", action="keep", **_CODED),
    _e("NATIONALITY", "quasi", "citizenship or nationality", action="keep", protected=True, **_CODED),
    # sensitive attributes (special-category data)
    _e("RACE_ETHNICITY", "sensitive", "race, ethnicity or skin colour", action="keep", protected=True, **_CODED),
    _e("RELIGION", "sensitive", "religion or belief", action="keep", protected=True, **_CODED),
    _e("HEALTH", "sensitive", "health, disability, diagnosis or medication", action="keep", protected=True, **_CODED),
    _e("SEXUAL_ORIENTATION", "sensitive", "sexual orientation", action="keep", protected=True, **_CODED),
    _e("POLITICAL_OPINION", "sensitive", "political opinion or party", action="keep", protected=True, **_CODED),
    _e(
        "NRP",
        "sensitive",
        "nationality, religious or political group (Presidio's NRP)",
        action="keep",
        protected=True,
        **_HEADER_ONLY,
    ),
    _e("TRADE_UNION", "sensitive", "trade-union membership", action="keep", protected=True, **_CODED),
    _e("CRIMINAL_RECORD", "sensitive", "criminal convictions or offences", action="keep", protected=True, **_CODED),
    _e("BIOMETRIC", "sensitive", "biometric or genetic data", action="redact", protected=False, **_HEADER_ONLY),
)

#: The built-in catalogue, by name.
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


@lru_cache(maxsize=256)
def _stand_in(name: str) -> Entity:
    return Entity(name, "direct", "an entity the catalogue does not know")


def rules_for(name: str, catalogue: Registry[Entity] | None = None) -> Entity:
    """The catalogue entry for ``name``, or a stand-in with every rule at its default.

    Parameters
    ----------
    name
        An entity name, perhaps one only a plugin recogniser or the NER model reports.
    catalogue
        The catalogue to look in (the session's, with plugins); :data:`ENTITIES` when omitted.

    Returns
    -------
    Entity
        For an unknown name, an entry whose rules are the dataclass defaults: no mask kept part,
        no normalisation beyond whitespace, no value evidence, no cap. Its class ``"direct"`` is a
        placeholder: report classes come from :func:`category_of`, which says ``None``.
    """
    if catalogue is None:
        entry = ENTITIES.get(name)
    else:
        entry = catalogue.get(name) if name in catalogue else None
    return entry if entry is not None else _stand_in(name)


def entities_where(predicate: Callable[[Entity], bool], catalogue: Iterable[Entity] | None = None) -> frozenset[str]:
    """The names of the entities for which ``predicate`` holds (built-in ones by default).

    ``entities_where(lambda e: e.mask_style == "tail")`` lists the entities whose mask keeps a tail.
    """
    entries = catalogue if catalogue is not None else ENTITIES.values()
    return frozenset(e.name for e in entries if predicate(e))


def _check_entity(item: Any) -> None:
    if not isinstance(item, Entity):
        raise TypeError(
            f"expected an Entity, got {type(item).__name__}; "
            "build one with Entity(name='BR_CPF', category='direct', description='...')"
        )
    if not (item.name and item.name.replace("_", "").isalnum() and item.name == item.name.upper()):
        raise ValueError(f"entity name must be upper-case letters, digits and '_', got {item.name!r}; e.g. 'BR_CPF'")


def builtin_registry() -> Registry[Entity]:
    """A new catalogue registry holding the built-in entities (a session's ``"entities"`` point).

    Plugins add to it through the ``jupyter_privguard.entities`` entry-point group: an entry point
    loads to an :class:`Entity`, an iterable of them, or a callable returning either.
    """
    return Registry(
        "entity", lambda e: e.name, check=_check_entity, items=_ENTITIES, group=ENTRY_POINT_GROUPS["entities"]
    )
