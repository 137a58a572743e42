"""Street addresses in English, Romance, French, Germanic and name-number forms, and post-office boxes."""

from __future__ import annotations

from ...recognizer import PatternRecognizer

_STREET_SUFFIXES_EN = (
    "Street St Road Rd Avenue Ave Boulevard Blvd Lane Ln Drive Dr Court Ct Place Pl Square Sq "
    "Terrace Ter Way Parkway Pkwy Highway Hwy Circle Cir Crescent Cres Close Trail Trl Alley "
    "Row Pike Loop Plaza Plz Expressway Expy Freeway Fwy Turnpike Tpke Crossing Xing Ridge "
    "Path Grove Gardens Mews Heights Cove Glen Hollow Junction Landing Meadows Causeway Esplanade "
    "Hill Str"
)

# longest first (an alternation takes the first form that matches), then by name: the same pattern
# text in every process (a set's order changes with the hash seed)
_EN_SUFFIX = (
    "(?:"
    + "|".join(
        sorted({form for s in _STREET_SUFFIXES_EN.split() for form in (s, s.upper())}, key=lambda s: (-len(s), s))
    )
    + ")"
)

# letters: ASCII, Latin-1, Latin Extended-A/B (ł, č, ş ...), Greek, Cyrillic
_LETTER = "A-Za-zÀ-ÖØ-öø-ɏͰ-ϿЀ-ӿ"

_UPPER = "A-ZÀ-ÖØ-ÞĀ-ɏΑ-ΩЀ-Я"

_NAME_WORD = f"[{_UPPER}][{_LETTER}'.-]*"

_STREET_EN = (
    f"[0-9]{{1,6}}[A-Za-z]?(?:-[0-9]{{1,4}})?,? (?:(?:[NSEW]|North|South|East|West)[.]? )?"
    f"(?:{_NAME_WORD}|[0-9]{{1,3}}(?:st|nd|rd|th)) (?:{_NAME_WORD} ){{0,3}}{_EN_SUFFIX}[.]?"
    "(?: (?:N|S|E|W|NE|NW|SE|SW)[.]?)?"
    "(?:,? (?:Apt|Apartment|Suite|Ste|Unit|Fl|Floor|Rm|Room|#)[.]? ?#?[0-9A-Za-z-]{1,6})?"
)

# Romance languages put the street type first and the number last: "Avenida Noruega 42".
_STREET_TYPE_FIRST = (
    "(?:Avenida|Avda[.]?|Av[.]|Calle|C/|Carrer|Rua|R[.]|Via|Viale|Piazza|Piazzale|Corso|Largo|ul[.]|ulica|"
    "Plaza|Paseo|Pasaje|Carrera|Travessa|Praça|Estrada|Rodovia|Camino|Strada|Vicolo|Ronda|Glorieta)"
)

_PARTICLE = "(?:de|del|la|las|los|da|do|dos|das|di|della|delle|dei|des|du|le|les|el)"

_STREET_ROMANCE = (
    f"{_STREET_TYPE_FIRST} (?:{_PARTICLE} )?{_NAME_WORD}(?: (?:{_PARTICLE} )?{_NAME_WORD}){{0,3}},? "
    "(?:n[º°o][.]? ?)?[0-9]{1,5}[A-Za-z]?"
)

# French: "12 rue de la Paix", "3bis avenue Foch".
_STREET_FRENCH = (
    "[0-9]{1,5}(?: ?(?:bis|ter))?,? (?i:rue|avenue|boulevard|bd|place|chemin|allée|impasse|quai|route|cours) "
    f"(?:(?:de la|de l'|du|des|de|d') ?)?{_NAME_WORD}(?: {_NAME_WORD}){{0,2}}"
)

# German, Dutch and Scandinavian: the type is part of the name, the number follows.
_GERMANIC_SUFFIX = (
    "(?i:straße|strasse|str[.]|weg|platz|allee|gasse|ring|damm|ufer|chaussee|steig|pfad|"
    "straat|laan|plein|gracht|kade|singel|dijk|steeg|gatan|gata|gaten|gate|vägen|veien|vegen|veg|vej|gade|"
    "allé|alléen|tie|katu|kuja|polku|tee|utca)"
)

_STREET_GERMANIC = (
    f"(?:[A-ZÄÖÜÅÆØ][{_LETTER}-]*{_GERMANIC_SUFFIX}|[A-ZÄÖÜ][a-zäöüß]+ (?:Straße|Strasse|Str[.]|Weg|Platz|Allee|Gasse|Ring|Damm)) "
    "[0-9]{1,4}(?: ?[a-z])?(?:[-/][0-9]{1,4})?"
)

# Many countries write just "Name 48" ("Kolodvorska 97"): so do product names ("Windows 10"),
# so this shape counts only with header evidence, or a context word in text.
_STREET_NAME_NUMBER = (
    f"{_NAME_WORD}(?: (?:{_PARTICLE}|e|y|van|von|der) ?)?(?: {_NAME_WORD}){{0,3}},? [0-9]{{1,5}}[A-Za-z]?"
)
# A number followed by a street type is part of the street's name ("West 72 Street", "East 28 St"):
# no house number there. (A boundary of the text search: the regex itself stays RE2-compatible.)
_NOT_BEFORE_STREET_TYPE = rf"(?![\w])(?! {_EN_SUFFIX}\b)"

_PO_BOX = "(?i:P[.]? ?O[.]? ?Box|Post Office Box|Postbox|Postboks|Postfach|Apartado|Caixa Postal) [0-9]{1,7}"

_ADDRESS_TAIL = f",? [{_LETTER}0-9 .,'#/-]{{1,100}}"

# What every international street match contains (see ``PatternRecognizer.prefilter``): the street
# type of the Romance, French and Germanic forms where each has it.
_STREET_INTL_NEEDS = (
    f"{_STREET_TYPE_FIRST} | (?i:rue|avenue|boulevard|bd|place|chemin|allée|impasse|quai|route|cours) "
    f"|{_GERMANIC_SUFFIX} [0-9]|(?:Straße|Strasse|Str[.]|Weg|Platz|Allee|Gasse|Ring|Damm) [0-9]"
)


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "street_address",
            "STREET_ADDRESS",
            _STREET_EN,
            0.6,
            context=("address", "street", "live", "lives", "located", "ship", "deliver", "residence", "addr", "home"),
            cell_tail=_ADDRESS_TAIL,
            prefilter=f" {_EN_SUFFIX}",
            search_group="streets",
            description="a house number, street name and street type: 10932 Bigge Rd",
            letters="always",
        ),
        R(
            "street_address_intl",
            "STREET_ADDRESS",
            f"{_STREET_ROMANCE}|{_STREET_FRENCH}|{_STREET_GERMANIC}",
            0.55,
            context=("address", "dirección", "direccion", "adresse", "indirizzo", "endereço", "adres", "straße", "rue"),
            cell_tail=_ADDRESS_TAIL,
            prefilter=_STREET_INTL_NEEDS,
            search_group="streets",
            description="a street address in Spanish, Portuguese, Italian, French, German, Dutch or Nordic form",
            letters="always",
        ),
        R(
            "street_name_number",
            "STREET_ADDRESS",
            _STREET_NAME_NUMBER,
            0.2,
            context=(
                "address",
                "street",
                "live",
                "lives",
                "located",
                "residence",
                "addr",
                "dirección",
                "adresse",
                "indirizzo",
                "endereço",
                "adres",
            ),
            needs_context=True,
            right=_NOT_BEFORE_STREET_TYPE,
            search_group="streets",
            description="a name and a house number (most of Europe and Latin America): weak on its own",
            letters="always",
        ),
        R(
            "po_box",
            "STREET_ADDRESS",
            _PO_BOX,
            0.7,
            context=("address", "mail", "box"),
            cell_tail=_ADDRESS_TAIL,
            search_group="streets",
            description="a post-office box",
            letters="always",
        ),
    ]
