"""Closed vocabularies: columns whose values come from a small known set.

Gender, marital status, ethnicity, religion, countries and US states are recognised by their
values even behind an unhelpful header. A column matches when most of its distinct values are
in the vocabulary and it has few distinct values (a category, not free text).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..report import Evidence

_GENDER = """
m f male female man woman men women boy girl non-binary nonbinary non binary genderqueer agender
transgender trans other unknown diverse divers weiblich männlich maennlich homme femme masculin feminin
féminin masculino femenino feminino hombre mujer mann frau
"""
_MARITAL = """
married single divorced widowed widow widower separated never married never-married unmarried
civil partnership domestic partnership partnered cohabiting engaged verheiratet ledig geschieden
verwitwet marié mariée célibataire divorcé casado casada soltero soltera divorciado viudo
married-civ-spouse married-af-spouse married-spouse-absent
"""
_RACE = """
white black asian hispanic latino latina latinx caucasian arab multiracial biracial mixed chinese
non-white nonwhite afro-caribbean aboriginal indigenous maori
"""
_RELIGION = """
christian christianity catholic roman catholic protestant orthodox muslim islam jewish judaism
hindu hinduism buddhist buddhism sikh sikhism atheist agnostic none no religion jain shinto
taoist baha'i mormon evangelical lutheran baptist methodist anglican
"""
_US_STATES = """
al ak az ar ca co ct de fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj nm ny nc
nd oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy dc pr
alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii
idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan
minnesota mississippi missouri montana nebraska nevada new hampshire new jersey new mexico
new york north carolina north dakota ohio oklahoma oregon pennsylvania rhode island
south carolina south dakota tennessee texas utah vermont virginia washington west virginia
wisconsin wyoming district of columbia puerto rico
"""
# Country names (English short names and common variants) and ISO 3166 alpha-2/alpha-3 codes are
# facts; the list is ours.
_COUNTRIES = """
afghanistan albania algeria andorra angola antigua and barbuda argentina armenia australia austria
azerbaijan bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia
bosnia and herzegovina botswana brazil brunei bulgaria burkina faso burundi cambodia cameroon canada
cape verde central african republic chad chile china colombia comoros congo costa rica croatia cuba
cyprus czech republic czechia denmark djibouti dominica dominican republic ecuador egypt el salvador
equatorial guinea eritrea estonia eswatini ethiopia fiji finland france gabon gambia georgia germany
ghana greece greenland grenada guatemala guinea guinea-bissau guyana haiti honduras hong kong hungary
iceland india indonesia iran iraq ireland israel italy ivory coast jamaica japan jordan kazakhstan
kenya kiribati kosovo kuwait kyrgyzstan laos latvia lebanon lesotho liberia libya liechtenstein
lithuania luxembourg macau madagascar malawi malaysia maldives mali malta marshall islands mauritania
mauritius mexico micronesia moldova monaco mongolia montenegro morocco mozambique myanmar namibia
nauru nepal netherlands new zealand nicaragua niger nigeria north korea north macedonia norway oman
pakistan palau palestine panama papua new guinea paraguay peru philippines poland portugal
puerto rico qatar romania russia rwanda saint kitts and nevis saint lucia samoa san marino
saudi arabia senegal serbia seychelles sierra leone singapore slovakia slovenia solomon islands
somalia south africa south korea south sudan spain sri lanka sudan suriname sweden switzerland
syria taiwan tajikistan tanzania thailand timor-leste togo tonga trinidad and tobago tunisia turkey
turkmenistan tuvalu uganda ukraine united arab emirates united kingdom united states
united states of america usa uk uruguay uzbekistan vanuatu vatican venezuela vietnam yemen zambia
zimbabwe england scotland wales northern ireland
"""
_COUNTRY_CODES = """
af al dz ad ao ag ar am au at az bs bh bd bb by be bz bj bt bo ba bw br bn bg bf bi kh cm ca cv cf td
cl cn co km cg cd cr hr cu cy cz dk dj dm do ec eg sv gq er ee sz et fj fi fr ga gm ge de gh gr gl gd
gt gn gw gy ht hn hk hu is in id ir iq ie il it ci jm jp jo kz ke ki xk kw kg la lv lb ls lr ly li lt
lu mo mg mw my mv ml mt mh mr mu mx fm md mc mn me ma mz mm na nr np nl nz ni ne ng kp mk no om pk pw
ps pa pg py pe ph pl pt pr qa ro ru rw kn lc ws sm sa sn rs sc sl sg sk si sb so za kr ss es lk sd sr
se ch sy tw tj tz th tl tg to tt tn tr tm tv ug ua ae gb us uy uz vu va ve vn ye zm zw
"""


@lru_cache(maxsize=1 << 16)
def _norm(text: str) -> str:
    if text.isascii():  # NFKD leaves ASCII as it is and it has no combining marks: most cells, near-unique
        return text.strip().lower().replace("_", " ")
    text = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in text if not unicodedata.combining(c)).replace("_", " ")


def _words(block: str) -> frozenset[str]:
    # the blocks hold single words; multi-word terms are listed whole in the _MULTI_* lists, so
    # that "south asian" does not make "south" an ethnicity
    terms: set[str] = set()
    for line in block.strip().splitlines():
        for word in line.split():
            terms.add(_norm(word))
    return frozenset(terms)


# Words that name nothing on their own: they only occur inside multi-word names
# ("new york", "south africa", "united kingdom"), which the _MULTI_* lists carry whole.
_FILLER = frozenset(
    {
        "new",
        "north",
        "south",
        "east",
        "west",
        "united",
        "saint",
        "san",
        "of",
        "and",
        "the",
        "or",
        "republic",
        "islands",
        "island",
        "district",
        "coast",
        "states",
        "kingdom",
        "no",
        "never",
        "civil",
        "domestic",
        "roman",
        "rhode",
    }
)


def _phrases(block: str, extra: Sequence[str] = ()) -> frozenset[str]:
    terms = set(_words(block)) - _FILLER
    terms.update(_norm(e) for e in extra)
    return frozenset(terms)


_MULTI_COUNTRIES = [
    "antigua and barbuda",
    "bosnia and herzegovina",
    "burkina faso",
    "cape verde",
    "central african republic",
    "costa rica",
    "czech republic",
    "dominican republic",
    "el salvador",
    "equatorial guinea",
    "hong kong",
    "ivory coast",
    "marshall islands",
    "new zealand",
    "north korea",
    "north macedonia",
    "papua new guinea",
    "puerto rico",
    "saint kitts and nevis",
    "saint lucia",
    "san marino",
    "saudi arabia",
    "sierra leone",
    "solomon islands",
    "south africa",
    "south korea",
    "south sudan",
    "sri lanka",
    "trinidad and tobago",
    "united arab emirates",
    "united kingdom",
    "united states",
    "united states of america",
    "northern ireland",
    "timor-leste",
    "guinea-bissau",
]
_MULTI_STATES = [
    "new hampshire",
    "new jersey",
    "new mexico",
    "new york",
    "north carolina",
    "north dakota",
    "rhode island",
    "south carolina",
    "south dakota",
    "west virginia",
    "district of columbia",
    "puerto rico",
]
_MULTI_RACE = [
    "african american",
    "black or african american",
    "american indian",
    "alaska native",
    "native american",
    "pacific islander",
    "native hawaiian or other pacific islander",
    "hawaiian or pacific islander",
    "two or more races",
    "middle eastern",
    "south asian",
    "east asian",
    "white british",
    "black british",
    "white other",
    "black other",
    "non-hispanic white",
    "non-hispanic black",
    "hispanic or latino",
]


@dataclass(frozen=True)
class Vocabulary:
    name: str
    entity: str
    terms: frozenset[str]
    max_distinct: int
    score: float


@lru_cache(maxsize=1)
def vocabularies() -> tuple[Vocabulary, ...]:
    return (
        Vocabulary("gender", "GENDER", _phrases(_GENDER), 12, 0.8),
        Vocabulary(
            "marital_status",
            "MARITAL_STATUS",
            _phrases(_MARITAL, ["never married", "civil partnership", "domestic partnership"]),
            15,
            0.75,
        ),
        Vocabulary("race_ethnicity", "RACE_ETHNICITY", _phrases(_RACE, _MULTI_RACE), 25, 0.75),
        Vocabulary("religion", "RELIGION", _phrases(_RELIGION, ["roman catholic", "no religion"]), 25, 0.75),
        Vocabulary("us_state", "LOCATION", _phrases(_US_STATES, _MULTI_STATES), 60, 0.7),
        Vocabulary(
            "country", "LOCATION", _phrases(_COUNTRIES, _MULTI_COUNTRIES) | (_words(_COUNTRY_CODES) - _FILLER), 300, 0.7
        ),
    )


# Tokens too generic to count as evidence on their own (they appear in many vocabularies)
_WEAK = frozenset({"other", "unknown", "none", "m", "f", "in", "or", "me", "id", "de", "it", "us"})


_MAX_DISTINCT = 300


def vocabulary_evidence(values: Sequence[str]) -> list[Evidence]:
    """Evidence for columns whose distinct values fall in a known vocabulary, best first."""
    return [evidence for evidence, _ in vocabulary_coverage(values)]


def vocabulary_coverage(values: Sequence[str]) -> list[tuple[Evidence, float]]:
    """:func:`vocabulary_evidence` with the share of the sample each vocabulary covers (its coverage).

    The share is the one the evidence's detail writes ("covering 100% of the sample"), so the scan
    report's coverage column and the detail say the same; the score is lower for weak vocabularies.
    """
    if not values:
        return []
    raw: dict[str, int] = {}
    for value in values:
        raw[value] = raw.get(value, 0) + 1
        if len(raw) > _MAX_DISTINCT:
            return []  # too many distinct values for any vocabulary: not a category column
    counts: dict[str, int] = {}
    for value, count in raw.items():
        key = _norm(value)
        counts[key] = counts.get(key, 0) + count
    distinct = len(counts)
    total = sum(counts.values())
    out: list[tuple[Evidence, float]] = []
    for vocab in vocabularies():
        if distinct > vocab.max_distinct:
            continue
        hit_values = [v for v in counts if v in vocab.terms]
        strong = [v for v in hit_values if v not in _WEAK]
        m_f_only = vocab.entity == "GENDER" and set(hit_values) == {"m", "f"}
        if not strong and not m_f_only:
            continue
        covered = sum(counts[v] for v in hit_values) / total
        distinct_share = len(hit_values) / distinct
        if covered < 0.8 or distinct_share < 0.6:
            continue
        # two-letter codes only (AL, CA, DE ...) are weak evidence for a place
        short_only = all(len(v) <= 3 for v in strong or hit_values)
        score = vocab.score * covered * (0.6 if short_only else 1.0)
        if m_f_only:
            score = 0.45 * covered  # M/F alone could be anything: it needs a header to count
        out.append(
            (
                Evidence(
                    detector=f"vocabulary:{vocab.name}",
                    entity=vocab.entity,
                    score=round(score, 4),
                    detail=f"{len(hit_values)} of {distinct} distinct values are known "
                    f"{vocab.name.replace('_', ' ')} terms, covering {covered:.0%} of the sample",
                ),
                covered,
            )
        )
    out.sort(key=lambda pair: pair[0].score, reverse=True)
    return out


# Words that make a short value an occupation ("Internal Auditor", "Nurse Practitioner"); English
# first, with common German, French and Spanish forms.
_JOB_WORDS = frozenset(
    """
manager engineer analyst assistant director accountant auditor nurse teacher developer designer consultant
officer administrator technician coordinator specialist supervisor executive clerk operator representative
associate professor lecturer physician doctor surgeon pharmacist therapist lawyer attorney paralegal architect
programmer scientist researcher editor writer journalist librarian chef cook driver mechanic electrician plumber
carpenter salesperson cashier receptionist secretary advisor adviser planner buyer geologist chemist biologist
statistician economist actuary surveyor inspector instructor trainer tutor counselor counsellor worker labourer
laborer farmer pilot captain lieutenant sergeant firefighter president vp ceo cto cfo coo intern apprentice
prof dr
practitioner dentist hygienist paramedic psychologist sociologist recruiter estimator bookkeeper controller
treasurer strategist producer photographer translator interpreter banker broker trader underwriter clerk
technologist radiographer optician veterinarian vet midwife caregiver carer housekeeper janitor cleaner guard
ingenieur ingénieur lehrer lehrerin arzt ärztin krankenschwester verkäufer verkäuferin kaufmann kauffrau
berater beraterin leiter leiterin sachbearbeiter infirmier infirmière enseignant médecin vendeur
directeur directrice conseiller ingeniero profesor profesora enfermero enfermera médico vendedor abogado
""".split()
)


def job_title_evidence(values: Sequence[str]) -> Evidence | None:
    """Evidence that short values are occupations: most of them contain an occupation word."""
    found = job_title_coverage(values)
    return found[0] if found is not None else None


def job_title_coverage(values: Sequence[str]) -> tuple[Evidence, float] | None:
    """:func:`job_title_evidence` with the share of sampled values that contain an occupation word."""
    sample = [v for v in values[:500] if v]
    if len(sample) < 3:
        return None
    if len(set(sample)) < 2:
        return None
    counts: dict[str, int] = {}
    for value in sample:
        counts[value] = counts.get(value, 0) + 1
    hits = 0
    for value, count in counts.items():
        words = _norm(value).replace("-", " ").replace("/", " ").split()
        if 0 < len(words) <= 6 and any(w.strip(".,()") in _JOB_WORDS for w in words):
            hits += count
    share = hits / len(sample)
    if share < 0.5:
        return None
    evidence = Evidence(
        "vocabulary:job_title",
        "JOB_TITLE",
        round(0.45 + 0.35 * share, 4),
        f"{hits} of {len(sample)} sampled values contain an occupation word",
    )
    return evidence, share
