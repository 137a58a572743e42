"""The text rules of the free-text tier: street addresses, postal codes with context, ages, labelled phones.

Split from :mod:`.text` so the outgoing-text tier (:mod:`.outgoing`) can use them without importing
the span pass that itself calls that tier.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..report import Span

__all__ = ["rule_spans"]

# ------------------------------------------------------------------------------------------------
# rules

# Street types: the USPS standard suffixes (Publication 28, appendix C1) with their common
# abbreviations, plus the usual British and continental words.
_STREET_TYPES = "|".join(
    form
    for word in sorted(
        set(
            """alley aly allee annex anx arcade arc avenue ave av bayou byu beach bch bend bnd bluff blf
            bluffs bottom btm boulevard blvd branch br bridge brg brook brk brooks burg burgs bypass byp
            camp cp canyon cyn cape cpe causeway cswy center ctr centers circle cir circles cliff clf
            cliffs clfs club clb common commons corner cor corners cors course crse court ct courts cts
            cove cv coves creek crk crescent cres crest crst crossing xing crossroad xrd crossroads curve
            curv dale dl dam dm divide dv drive dr drives drs estate est estates ests expressway expy
            extension ext extensions exts fall falls fls ferry fry field fld fields flds flat flt flats
            flts ford frd fords forest frst forge frg forges fork frk forks frks fort ft freeway fwy
            garden gdn gardens gdns gateway gtwy glen gln glens green grn greens grove grv groves harbor
            hbr harbors haven hvn heights hts highway hwy hill hl hills hls hollow holw inlet inlt island
            is islands iss isle junction jct junctions key ky keys knoll knl knolls lake lk lakes lks
            land landing lndg lane ln light lgt lights loaf lf lock lck locks lodge ldg loop mall manor
            mnr manors meadow mdw meadows mdws mews mill ml mills mission msn motorway mtwy mount mt
            mountain mtn mountains neck nck orchard orch oval overpass opas park parks parkway pkwy
            parkways pass passage psge path pike pine pne pines pnes place pl plain pln plains plns plaza
            plz point pt points pts port prt ports prairie pr radial radl ramp ranch rnch rapid rpd
            rapids rpds rest rst ridge rdg ridges river riv road rd roads rds route rte row rue run shoal
            shl shoals shore shr shores shrs skyway skwy spring spg springs spgs spur spurs square sq
            squares station sta stravenue stra stream strm street st streets summit smt terrace ter
            throughway trwy trace trce track trak trafficway trfy trail trl tunnel tunl turnpike tpke
            underpass upas union un unions valley vly valleys via viaduct via view vw views ville vl
            village vlg villages vista vis walk walks wall way ways well wl wells
            close embankment quay wharf gate broadway
            strasse straße str gasse weg platz ring damm ufer chaussee laan straat gracht plein vej gade
            gatan gata vägen veien katu tie utca ulica ul aleja""".split()
        ),
        key=lambda w: (-len(w), w),
    )
    # Title case or capitals only: a lower-case "is", "run" or "way" is an ordinary word.
    for form in (word.capitalize(), word.upper())
)
_UNIT = r"(?:,?\s+(?i:apt|apartment|suite|ste|unit|fl|floor|room|rm|bldg|building|#)\.?\s*#?\s*[0-9][0-9A-Za-z-]{0,5})"
_CAP_WORD = r"(?:[A-Z][A-Za-z'’.-]*|[0-9]{1,3}(?:st|nd|rd|th))"
# "123 Main Street", "4417 N. Oak Grove Ave., Suite 5"; house numbers may carry a letter or range.
_STREET = re.compile(
    r"\b[0-9]{1,6}[A-Za-z]?(?:-[0-9]{1,6})?\s+"
    r"(?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?\s+)?"
    rf"(?:{_CAP_WORD}\s+){{1,4}}"
    rf"(?:{_STREET_TYPES})\b\.?"
    r"(?:\s+(?:N|S|E|W|NE|NW|SE|SW)\b\.?)?"
    rf"{_UNIT}?"
)
# Continental order: "Hauptstraße 5", "Rue de Rivoli 12" is rarer; the single-word German/Dutch/
# Nordic compounds ending in a street word, followed by a number.
_STREET_CONTINENTAL = re.compile(
    r"\b[A-ZÄÖÜÅØÆ][a-zäöüßåøæé-]+(?:strasse|straße|str\.|gasse|weg|platz|allee|damm|straat|laan|"
    r"gracht|vej|gade|gatan|vägen|veien|katu)\s+[0-9]{1,5}[a-zA-Z]?\b"
)
# US military addresses: "PSC 1234, Box 5678", "USNS Comfort", "Unit 1234 Box 567" and the
# "APO AE 09012" line.
_MILITARY = re.compile(
    r"\b(?:(?:PSC|CMR|Unit)\s+[0-9]{3,5},?\s+Box\s+[0-9]{1,5}|(?:USNS|USNV|USS|USCGC)\s+[A-Z][A-Za-z'-]+)"
    r"(?:,?\s+(?:APO|FPO|DPO)\s+A[AEP]\s+[0-9]{5})?\b"
    r"|\b(?:APO|FPO|DPO)\s+A[AEP]\s+[0-9]{5}\b"
)
# A letter that is not an ASCII lower-case one: upper case in Latin, Greek, Cyrillic ..., and
# letters of scripts without case (a close enough stand-in for "capitalised" without \p{Lu}).
_UPPERISH = r"[^\W\d_a-z]"
_WORDISH = r"[^\W\d_]"
# Lower-case words inside street names ("Rua Vinte e Cinco de Setembro", "Via del Corso").
_STREET_PARTICLES = r"(?:e|y|de|da|do|dos|das|del|della|di|du|des|la|le|van|von|der|den|am|an|im|zum|zur)"
# "31195 Piazza Rezzonico 35", "172 Maneeži 75", "Rua Vinte e Cinco de Setembro 1257": a house
# number, one to six words (capitalised, or short lower-case particles), and a number.
_NUMBER_WORDS_NUMBER = re.compile(
    rf"\b[0-9]{{1,6}}[ \t]+(?:{_UPPERISH}{_WORDISH}*\.?[ \t]+(?:{_STREET_PARTICLES}[ \t]+)?){{1,6}}[0-9]{{1,5}}[A-Za-z]?\b"
)
# Continental order at the start of a line: "Hafnarstraeti 5", "Harjukuja 54" then the line ends.
_LINE_WORDS_NUMBER = re.compile(rf"(?m)^[ \t>]*((?:{_UPPERISH}{_WORDISH}+[ \t]+){{1,4}}[0-9]{{1,5}}[A-Za-z]?)[ \t,]*$")
# A secondary unit on its own: "Apt. 329", "Suite 292".
_UNIT_ALONE = re.compile(r"\b(?:Apt|Apartment|Suite|Ste|Unit|Flat)\.?[ \t]*#?[ \t]*[0-9]{1,5}[A-Za-z]?\b")
# The lines that continue an address block: short, no sentence punctuation, no label.
_BLOCK_LINE = re.compile(rf"^[ \t>?]*({_UPPERISH}[^\n:@;!?]{{0,40}}?|[0-9]{{3,6}}[^\n:@;!?]{{0,40}}?)[ \t,.]*$")
_PO_BOX = re.compile(r"\b(?:P\.?\s?O\.?\s?Box|Post\s+Office\s+Box)\s+[0-9]{1,7}\b", re.IGNORECASE)
# After an address: ", Springfield, IL 62704" -> the ZIP is a postal code.
_US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|"
    "NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC|PR"
)
_ZIP_AFTER_STATE = re.compile(rf"\b(?:{_US_STATES})\.?,?\s+([0-9]{{5}}(?:-[0-9]{{4}})?)\b")
_ZIP_LABELLED = re.compile(
    r"\b(?:zip|zip\s*code|postal\s*code|post\s*code|postcode|plz)\b\s*(?:is|:|#|-)?\s*"
    r"([0-9]{5}(?:-[0-9]{4})?|[A-Z]{1,2}[0-9][A-Z0-9]?\s?[0-9][A-Z]{2}|[0-9]{4}|[A-Z][0-9][A-Z]\s?[0-9][A-Z][0-9])\b",
    re.IGNORECASE,
)
_AGE_PATTERNS = (
    re.compile(r"\b([0-9]{1,3})(?:\s*|-)(?:years?|yrs?)(?:\s*|-)old\b", re.IGNORECASE),
    re.compile(r"\b([0-9]{1,3})\s*(?:y/o|y\.o\.|yo)\b", re.IGNORECASE),
    re.compile(r"\b(?:aged?|age\s+of|at\s+the\s+age\s+of)\s*:?\s*([0-9]{1,3})\b", re.IGNORECASE),
    re.compile(
        r"\b(?:turn(?:ed|s|ing)?|will\s+be)\s+([0-9]{1,3})\b(?!\s*(?:%|percent|times|minutes|hours|days|weeks|months|[/:.,][0-9]))",
        re.IGNORECASE,
    ),
)


# "Mr. John Smith", "Dr Ng": the name after a title is a person (the title itself is not part of it).
_NAME_TOKEN = r"(?:[A-Z][^\W\d_]*(?:['’-][A-Z]?[^\W\d_]+)*|[A-Z]\.)"
_HONORIFIC_NAME = re.compile(
    r"(?:^|(?<=[\s(\"',;]))(Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Lady|Lord|Rev|Herr|Frau|Mme|Mlle)\.?[ \t]+"
    rf"({_NAME_TOKEN}(?:[ \t]+{_NAME_TOKEN}){{0,3}})"
)
# A person named after the role they play in a record ("customer Martin Chambers confirmed"): two to
# four title-case words, kept when one of them is a known given name or surname and none is a word
# of a team or department ("customer Support Team").
_ROLE_NAME = re.compile(
    r"(?i:\b(?:customer|client|patient|caller|applicant|employee|tenant|guest|member|student|account holder|"
    r"cardholder|policyholder|driver|passenger|donor|buyer|seller|user))[ \t]+"
    rf"({_NAME_TOKEN}(?:[ \t]+{_NAME_TOKEN}){{1,3}})"
)
_NOT_IN_NAMES = frozenset(
    """
    service services support care team success experience relations portal account accounts number id
    desk department office centre center group login profile record records data file files
""".split()
)


# A number right after a phone label or verb: "Phone: 555 1234", "call me on 06 12 34 56 78".
_PHONE_LABELLED = re.compile(
    r"(?i)\b(?:phone|tel|telephone|mobile|cell|cellphone|fax|desk|landline|whatsapp|"
    r"(?:call|text|reach|ring|message|messages)(?:\s+(?:me|us|him|her|them|back)){0,2}(?:\s+(?:on|at|to))?|"
    r"number\s+is)"
    r"\b\s*(?:number|no\.?|#)?\s*[:.\-]?\s*"
    r"(\+?\(?[0-9][0-9 ().\-]{4,18}[0-9](?:\s?(?:x|ext\.?)\s?[0-9]{1,5})?)"
)


_EXTENSION = re.compile(r"\s?(?:x|ext\.?)\s?[0-9]{1,5}$")


def _plausible_phone(text: str) -> bool:
    digits = sum(c.isdigit() for c in _EXTENSION.sub("", text))  # an extension is not the number
    return 6 <= digits <= 15


def _plausible_age(text: str) -> bool:
    return text.isdigit() and 0 < int(text) < 125


def rule_spans(text: str) -> list[Span]:
    """Spans found by the text rules (street address, postal code with context, age) in one text.

    Parameters
    ----------
    text
        One string.

    Returns
    -------
    list of Span
        ``detector`` is ``"rule:<name>"``.
    """
    spans: list[Span] = []
    for regex in (_STREET, _STREET_CONTINENTAL, _PO_BOX, _MILITARY, _NUMBER_WORDS_NUMBER):
        for m in regex.finditer(text):
            spans.append(Span(m.start(), m.end(), "STREET_ADDRESS", 0.7, "rule:street_address"))
    for m in _UNIT_ALONE.finditer(text):
        spans.append(Span(m.start(), m.end(), "STREET_ADDRESS", 0.6, "rule:street_address"))
    if "\n" in text and spans:
        spans.extend(_address_block_lines(text, spans))
    for regex in (_ZIP_AFTER_STATE, _ZIP_LABELLED):
        for m in regex.finditer(text):
            spans.append(Span(m.start(1), m.end(1), "POSTAL_CODE", 0.7, "rule:postal_code"))
    for regex in _AGE_PATTERNS:
        for m in regex.finditer(text):
            if _plausible_age(m.group(1)):
                spans.append(Span(m.start(1), m.end(1), "AGE", 0.6, "rule:age"))
    for m in _PHONE_LABELLED.finditer(text):
        if _plausible_phone(m.group(1)):
            spans.append(Span(m.start(1), m.end(1), "PHONE_NUMBER", 0.6, "rule:phone_context"))
    if _ROLE_NAME.search(text):
        from .names import gazetteer

        gaz = gazetteer()
        for m in _ROLE_NAME.finditer(text):
            words = [w.lower() for w in m.group(1).split()]
            if any(w in _NOT_IN_NAMES for w in words) or not any(w in gaz.given or w in gaz.surname for w in words):
                continue
            spans.append(Span(m.start(1), m.end(1), "PERSON", 0.6, "rule:role_name"))
    for m in _HONORIFIC_NAME.finditer(text):
        before = text[: m.start(1)].split()
        # "12 Oak Dr Springfield": after a number or a capitalised word, "Dr" is a street type.
        if m.group(1) == "Dr" and len(before) >= 2 and (before[-2][:1].isupper() or before[-2][:1].isdigit()):
            continue
        spans.append(Span(m.start(2), m.end(2), "PERSON", 0.7, "rule:honorific"))
    return spans


def _address_block_lines(text: str, found: Sequence[Span]) -> list[Span]:
    """Lines that continue a multi-line postal address: after a line with a street address,
    up to three short lines (unit, town, region, country and postcode) are part of it, until a
    line that looks like something else (a label with ":", an email, a sentence, a blank line)."""
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    address_lines = {
        i
        for i, (start, line) in enumerate(zip(starts, lines))
        for s in found
        if s.entity == "STREET_ADDRESS" and s.start < start + len(line) and start < s.end
    }
    # A continental "Street 12" line counts as an address line when the next line is a unit or town.
    for m in _LINE_WORDS_NUMBER.finditer(text):
        line_index = text.count("\n", 0, m.start(1))
        if line_index + 1 in address_lines or line_index - 1 in address_lines:
            address_lines.add(line_index)
    out: list[Span] = []
    for i in sorted(address_lines):
        for j in range(i, min(i + 4, len(lines))):
            if j != i and j in address_lines:
                continue
            if j == i:
                street = _LINE_WORDS_NUMBER.match(lines[j])
                if street:
                    out.append(
                        Span(
                            starts[j] + street.start(1),
                            starts[j] + street.end(1),
                            "STREET_ADDRESS",
                            0.6,
                            "rule:address_block",
                        )
                    )
                continue
            block = _BLOCK_LINE.match(lines[j])
            # More than a postcode's worth of digits: a phone or an account number, not the address.
            if block is None or len(block.group(1).split()) > 5 or sum(c.isdigit() for c in block.group(1)) > 7:
                break
            out.append(
                Span(starts[j] + block.start(1), starts[j] + block.end(1), "STREET_ADDRESS", 0.6, "rule:address_block")
            )
    return out
