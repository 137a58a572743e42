"""Word lists of the outgoing-text tier (:mod:`.outgoing`): data, kept apart from the engine.

Sources: titles, letter openings and closings, and birth words are the ordinary forms of
English, German, French, Spanish, Portuguese, Italian and Dutch correspondence and forms; street
words are the USPS suffixes (Publication 28, appendix C1) as full words plus the street words of
the same languages; facility and organisation words are the nouns that name a building, a
place or a company after a person's name ("Charles de Gaulle Airport", "Johnson Controls Inc").
``NOT_NAMES`` holds the headings that pandas, NumPy, Keras, scikit-learn, statsmodels, pip and
Python tracebacks print capitalised, which the names gazetteer's word list does not have.
All lower case.
"""

from __future__ import annotations

#: A model or product code: "K67", "L19", "XR-220", "184L" (the end of a product name, not a person's).
MODEL_CODE = r"(?:[A-Z]{1,4}-?[0-9]{1,6}[A-Za-z]?|[0-9]{1,5}[A-Z]{1,3})"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _phrases(text: str) -> frozenset[str]:
    return frozenset(p.strip() for p in text.split("|") if p.strip())


TITLES = frozenset(
    """Mr Mrs Ms Miss Mx Dr Prof Sir Dame Herr Frau Hr Fr Mme Mlle Mmes Sr Sra Srta Sres Dña Dona
    Sig Sig.ra Sig.na Sigra Dott Dott.ssa Avv Ing Dhr Mevr Mw Pan Pani Rev Fr""".split()
)

# openings and lead-ins after which a name follows, colon or not
STRONG_CONTEXT = _phrases(
    """contact | contact person | contacts | spoke with | spoke to | speak with | speak to | talked to |
    talked with | met with | meeting with | call with | called | phoned | emailed | attn | attention |
    dear | signed by | signed | approved by | reviewed by | prepared by | written by | submitted by |
    requested by | reported by | assigned to | on behalf of | patient | ansprechpartner | ansprechpartnerin |
    kontaktperson | kontakt | sehr geehrte | sehr geehrter | sehr geehrtes | liebe | lieber |
    gesprochen mit | cher | chère | madame | monsieur | à l'attention de | contacter | estimado | estimada |
    querido | querida | hablé con | contacto | prezado | prezada | falei com | contato | caro | cara | gentile |
    egregio | egregia | parlato con | referente | geachte | beste | contactpersoon | gesproken met |
    call back | called back | calling back | rang | rung | texted | messaged | e-mailed | mailed | wrote to |
    replied to | handed to | handed over to | given to | referred by | recommended by | introduced by | visited by |
    asked | told | reminded | informed | notified | thanked | invited | interviewed | greeted | helped |
    cc | bcc | c/o | care of | courtesy of | signed for by | collected by | picked up by |
    rückruf | zurückrufen | angerufen | übergeben an | rappeler | appelé | remis à | llamar a | llamé a |
    entregado a | ligar para | liguei para | entregue a | richiamare | chiamato | consegnato a |
    terugbellen | gebeld | overhandigd aan |
    mevrouw | meneer | señor | señora | señorita | signor | signora | signorina | senhor | senhora"""
)

# prepositions that introduce a person (not a place: no "to", "from", "de") only when the run after them starts with a clear given
# name ("Gift for Iris M. Cuthbert", "handled by Ann Lee"), never a run of unknown words ("for Quorvale")
WEAK_CONTEXT = _words("for with by für mit pour avec par con por voor met door")

# labels that introduce a person only with their colon ("From: ...", "Name: ...")
LABEL_CONTEXT = _phrases(
    """from | to | cc | bcc | name | full name | first name | last name | author | authors | owner |
    customer | client | employee | applicant | user | assignee | reporter | manager | tenant | guest |
    student | driver | passenger | buyer | seller | holder | account holder | cardholder | nom | prénom |
    nombre | apellido | nome | cognome | sobrenome | naam | voornaam | achternaam | vorname | nachname |
    kunde | kundin | cliente | paciente | paziente | patiënt | klant | autor | auteur | mitarbeiter"""
)

CLOSINGS = _phrases(
    """best regards | kind regards | warm regards | regards | best wishes | best | thanks | thank you |
    many thanks | cheers | sincerely | yours sincerely | yours truly | yours faithfully | respectfully |
    mit freundlichen grüßen | mit freundlichen grüssen | viele grüße | beste grüße | liebe grüße | gruß |
    cordialement | bien cordialement | bien à vous | salutations | amitiés | saludos | atentamente |
    un saludo | saludos cordiales | cordiali saluti | distinti saluti | saluti | atenciosamente |
    cumprimentos | abraços | met vriendelijke groet | met vriendelijke groeten | groeten | hartelijke groet"""
)

# prepositions of place: a run right after one, with no person context, is a place
PLACE_PREPOSITIONS = _words("in at via near nach aus bei em en à na no dans nel nella vers")

# articles and prefixes that begin town names in the same languages ("Le Mans", "San Diego")
PLACE_PREFIXES = _words(
    """le la les los las el san santa santo são sao nova novo nuevo nueva saint sainte st ste sankt
    bad port porto puerto villa vila ciudad cidade fort mount new north south east west upper lower
    great little"""
)

STORM_WORDS = _words("hurricane storm typhoon cyclone tropical tormenta huracán ouragan tempête sturm orkan tifone")

FACILITY_WORDS = _words(
    """
    airport airfield aeroporto aeropuerto aéroport flughafen luchthaven terminal station bahnhof gare
    estación stazione harbour harbor port pier bridge tunnel highway motorway freeway expressway
    street road avenue boulevard lane drive court place square plaza park parkway way terrace crescent
    close row walk trail alley circle highway route mews gardens grove hill hills heights valley view
    village villas vista point ridge lake lakes river creek springs spring falls island islands beach
    bay coast mountain mount forest wood woods field fields meadow meadows farm ranch estate estates
    manor hall house tower towers building center centre plaza mall market arena stadium theatre
    theater cinema gallery museum library cathedral church chapel abbey temple mosque synagogue
    university college school academy institute hospital clinic hotel inn lodge restaurant cafe bar
    pub prison castle palace memorial monument foundation trust fund bank group company corporation
    inc ltd llc llp plc gmbh ag sa srl spa bv nv oy ab co corp holdings partners associates brothers
    labs studio studios systems solutions services technologies industries enterprises international
    global consulting media records press publishing airlines airways motors pharma
    award prize prizes medal lecture fellowship scholarship syndrome disease effect law theorem
    algorithm equation test method distribution index scale
    strasse straße weg platz allee via viale piazza calle avenida rua rue
    """
)

NOT_NAMES = _words(
    """
    dtype name length freq index columns column rows row total mean std min max count unique top
    params param layer layers output input shape model type value values file line error warning
    traceback exception requirement requirements successfully installed collecting downloading
    using cached building wheel wheels attempting uninstalling found existing note notes parameters
    returns raises yields examples see also references attributes methods summary variable variables
    observations residuals covariance method date time prob coef intercept kurtosis skew omnibus
    durbin watson jarque bera cond epoch epochs loss accuracy dense dropout flatten conv sequential
    trainable non none true false null nan series dataframe frame array object
    """
)

NOT_GIVEN = _words(
    """january february march april may june july august september october november december monday
    tuesday wednesday thursday friday saturday sunday god lord christ jesus"""
)

BIRTH_WORDS = _phrases(
    """born | birth | birthday | birthdate | date of birth | dob | d.o.b | d.o.b. | geb. | geb | geboren |
    geburtsdatum | geburtstag | né | née | né le | née le | naissance | date de naissance | nacido |
    nacida | nacimiento | fecha de nacimiento | nascido | nascida | nascimento | data de nascimento |
    nato | nata | nascita | data di nascita | geboortedatum | geb.datum | född | født | urodzony |
    urodzona | data urodzenia"""
)

# substrings of the birth words above (lower case): an output holding none of them has no birth date
BIRTH_STEMS = (
    "born",
    "birth",
    "dob",
    "d.o.b",
    "geb",
    "né",
    "nee",
    "naiss",
    "nacid",
    "nacim",
    "nasc",
    "nato",
    "nata",
    "född",
    "født",
    "urodz",
)

# street words written before the street's name, in any case ("Via Roma", "3, rue de Rivoli")
STREET_FIRST = _words(
    """via viale piazza piazzale corso largo vicolo strada rotonda stretto contrada borgo vico
    calle avenida avda plaza paseo camino carrera ronda travesía acceso pasadizo urbanización
    glorieta cuesta rambla callejón pasaje carretera
    rua avenida travessa praça alameda estrada rodovia sítio núcleo área quadra ladeira beco vila
    rue avenue boulevard chemin allée impasse quai route cours voie sentier passage""".replace("\n", " ")
)

# endings of one-word German, Dutch and Nordic street names ("Pieperweg", "Romybaan")
STREET_SUFFIXES = _words(
    """straße strasse str gasse weg allee ring platz damm ufer chaussee pfad steig stieg markt
    straat laan weg dreef baan pad kade singel hof plantsoen steeg dijk gracht plein markt
    vej gade gatan vägen veien katu"""
)

# verbs that make the run right before them a person ("Escalated; Ann Lee asked for a manager")
PERSON_VERBS_AFTER = _words(
    """asked said says called rang phoned emailed wrote writes replied replies requested requests complained
    complains confirmed confirms mentioned mentions agreed agrees refused refuses explained explains
    prefers wants needs insisted insists promised promises apologised apologized thanked signed
    sagte fragte rief schrieb bestätigte dit demande appelé écrit confirmé dijo preguntó llamó escribió
    confirmó disse chiese chiamò scrisse confermò zei vroeg belde schreef bevestigde"""
)
