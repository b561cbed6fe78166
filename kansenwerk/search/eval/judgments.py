"""The judged query set: what teachers, intern begeleiders, youth workers, parents and
policy officers type, with the records that answer it (written for kansenwerk, not
copied from the seeds). Records are named "type|title" over the kennisbank imported
from /work/shared/seeds with `kansenwerk import`; grade 2 = the answer, 1 = also useful.
"""

from __future__ import annotations

# Shared answer sets ------------------------------------------------------------------
PARENTS = {
    "lezen|Betrekken van ouders. Kansrijke aanpakken voor het vergroten van de ouderbetrokkenheid": 2,
    "themas|De moeilijk te bereiken ouder": 2,
    "lessen|Betrek ouders als volwaardige partner en werk met hen samen": 2,
    "oplossingsrichtingen|Verbindt ouders aan opvang/school door dingen te organiseren die voor hen interessant zijn": 1,
    "oplossingsrichtingen|Inzetten op (schoolse) kennis van ouders": 1,
    "oplossingsrichtingen|Zet ouders in voor de school door van hun kennis en expertise gebruik te maken": 1,
    "oplossingsrichtingen|Vanuit het positieve inzetten op de relatie tussen ouder en team": 1,
    "oplossingsrichtingen|Verbindt ouders onderling aan elkaar": 1,
    "interventies|Ouderconsulent": 1,
    "lezen|Verschillende ouders, verschillende leerkrachten. Educatief Partnerschap in het Primair Onderwijs": 1,
}
YOUTH_CARE = {
    "lezen|Webinar Jeugdhulp in de school": 2,
    "interventies|Social worker in het primair onderwijs": 2,
    "interventies|Een effectieve samenwerking met jeugdzorg en andere zorg externen": 2,
    "lezen|Kenniskaart 'kwaliteit verbinding onderwijs en jeugdhulp'": 1,
    "lezen|Aandachtspunten samenwerking onderwijs/jeugdhulp": 1,
    "initiatieven|Het koppelen van gemeentelijke jeugdconsulenten aan alle scholen BO en VO": 1,
    "praktijkvoorbeelden|Inclusiemedewerker jeugdzorg": 1,
    "praktijkvoorbeelden|Brugfunctionaris": 1,
    "praktijkvoorbeelden|De school als vindplaats": 1,
    "themas|Zorgen vs. lesgeven": 1,
}
TRANSITION = {
    "interventies|De overstap van primair naar voortgezet onderwijs": 2,
    "interventies|Een soepele en succesvolle overstap van po naar vo": 2,
    "themas|De grote oversteek": 2,
    "themas|Soepele overgang": 2,
    "lezen|Overgang van PO naar VO met Anko van Hoepen (PO-raad) en Nienke Lujckx (LAKS)": 1,
    "lezen|Verbeteren van overgang PO-VO. Best practices uit het project Verlengde Schooldag in Groningen": 1,
    "lezen|Overgangen en aansluitingen in het onderwijs": 1,
    "oplossingsrichtingen|Een hybride overgang creëren": 1,
    "oplossingsrichtingen|Draag niet alleen de kinderen over, maar ook de ouders": 1,
    "oplossingsrichtingen|Zet oudere leerlingen in als mentoren van nieuwe leerlingen": 1,
    "bronnen|Overgang PO-VO - Samenwerkingsverbanden Passend Onderwijs Groningen": 1,
    "bronnen|Parkstad Scholen | Naar het voortgezet onderwijs in Parkstad": 1,
}
MULTILINGUAL = {
    "themas|Meertaligheid": 2,
    "lezen|Hoe ga ik om met meertalige kinderen in mijn klas?": 2,
    "oplossingsrichtingen|Maak gebruik van meertaligheid i.p.v. de focus te leggen op de Nederlandse taalachterstand": 2,
    "interventies|De kracht van de moedertaal": 2,
    "bronnen|'Het spreken in de thuistaal helpt bij de ontwikkeling van het Nederlands'": 1,
    "bronnen|De kracht van de moedertaal: Een pilot met impact op KC Rijpelberg in Helmond | Gelijke kansen": 1,
}
READING_ALOUD = {
    "initiatieven|Voorlees Express": 2,
    "oplossingsrichtingen|Zet in op (voor)lezen": 2,
}
TUTORING = {
    "interventies|Extra begeleiding/ tutoring/ extra lestijd": 2,
    "praktijkvoorbeelden|Aanvullende begeleiding Lyceo": 1,
    "praktijkvoorbeelden|Brede School Academie": 1,
    "praktijkvoorbeelden|Verlengde schooldag": 1,
    "praktijkvoorbeelden|Ik leer leren training": 1,
}
TALENT = {
    "themas|Talentontwikkeling": 2,
    "interventies|Weekendschool": 1,
    "interventies|Als ik later groot ben & Dare to Dream 036": 1,
    "interventies|G-Town: jongeren leren zichzelf en de ander kennen": 1,
    "interventies|Belevingswereld van leerlingen vergroten": 1,
}
INCLUSION = {
    "themas|Inclusief onderwijs": 2,
    "interventies|Inclusief Onderwijs": 2,
    "bronnen|Onderwijs, zorg en opvang onder één inclusief dak in de gemeente Westerkwartier | Gelijke kansen": 1,
}
MENTORS = {
    "oplossingsrichtingen|Individueel mentor/coachprogramma": 2,
    "oplossingsrichtingen|Zet oudere leerlingen in als mentoren van nieuwe leerlingen": 2,
    "lezen|Handboek voor mentoren in het voortgezet onderwijs": 1,
    "initiatieven|Maatjesproject": 1,
    "initiatieven|Stichting maatjesproject Gooi en Vechtstreek": 1,
}
BEHAVIOUR = {
    "interventies|Wegwijs in Gedrag: Anders leren kijken naar leerlinggedrag": 2,
    "bronnen|Wegwijs in het gedrag van kinderen | Gelijke kansen": 1,
    "bronnen|Leer hoe meervoudig perspectiefnemen leraren helpt! - Wegwijs in gedrag": 1,
    "lessen|Oefen met meervoudig perspectief": 1,
}
NEIGHBOURHOOD = {
    "themas|Verbinding school, thuis & omgeving": 2,
    "interventies|Het succes van de wijkaanpak": 2,
    "interventies|Community-aanpak Gelijke Kansen": 1,
    "interventies|Verbindende aanpak": 1,
}
INTERPROFESSIONAL = {
    "interventies|De Twentse Belofte: interprofessioneel werken": 2,
    "bronnen|Handboek Interprofessioneel werken | Twentse Belofte": 1,
    "bronnen|Star, v. A. (2019). Over het schoolhek heen. Interdisciplinair samenwerken: ontwikkelkansen voor professionals en leerlingen. PICA.": 1,
}
TWENTE = {
    "interventies|De Twentse Belofte: interprofessioneel werken": 2,
    "bronnen|Vroegtijdig schoolverlaten voorkomen, dat is Twentse Belofte!": 1,
    "bronnen|Handboek Interprofessioneel werken | Twentse Belofte": 1,
}
CONSULTANT = {
    "interventies|Ouderconsulent": 2,
    "bronnen|Ouderconsulent - Sociaal Werk Oude IJsselstreek": 1,
}
WEEKEND = {
    "interventies|Weekendschool": 2,
    "bronnen|Weekendschool Súdwest-Fryslân: Ontwikkel Je Talenten": 1,
}
VVE = {"initiatieven|Voor- en vroegschoolse educatie": 2}
SPECIAL_NEEDS = {
    "initiatieven|Arrangementen van samenwerkingsverband Unita": 2,
    "initiatieven|Werkwijze Multidisciplinair Overleg van samenwerkingsverband Unita": 2,
    "initiatieven|Onderwijs zorg-arrangementen op Speciaal (Basis)Onderwijs": 1,
    "interventies|Inclusief Onderwijs": 1,
    "bronnen|Overgang PO-VO - Samenwerkingsverbanden Passend Onderwijs Groningen": 1,
}

# (query, kind of query, answers) ---------------------------------------------------------
QUERIES: list[tuple[str, str, dict[str, int]]] = [
    # parents
    ("betrokkenheid van ouders vergroten", "question", PARENTS),
    ("ouderbetrokkenheid", "compound", PARENTS),
    ("ouderbetrokenheid", "typo", PARENTS),
    ("hoe krijg ik ouders meer betrokken bij school", "question", PARENTS),
    ("ouders die we moeilijk bereiken", "synonym", PARENTS),
    ("educatief partnerschap", "phrase", PARENTS),
    ("ouderconsulent", "one-word", CONSULTANT),
    ("ouder consulent", "compound", CONSULTANT),
    (
        "laagdrempelig contact met gezinnen",
        "synonym",
        {
            "lessen|Zorg voor laagdrempelige communicatie": 2,
            "interventies|Ouderconsulent": 1,
        },
    ),
    (
        "vertrouwen van de doelgroep winnen",
        "question",
        {
            "lessen|Zet in op betrouwbaarheid richting de doelgroep": 2,
            "oplossingsrichtingen|Vanuit het positieve inzetten op de relatie tussen ouder en team": 1,
        },
    ),
    # youth care
    ("jeugdhulp in de school", "synonym", YOUTH_CARE),
    ("jeugdzorg op school", "synonym", YOUTH_CARE),
    ("jeugdzrog op school", "typo", YOUTH_CARE),
    (
        "maatschappelijk werker op de basisschool",
        "synonym",
        {
            "interventies|Social worker in het primair onderwijs": 2,
            **{k: 1 for k in YOUTH_CARE},
        },
    ),
    (
        "schoolmaatschappelijk werk",
        "compound",
        {
            "interventies|Social worker in het primair onderwijs": 2,
            **{k: 1 for k in YOUTH_CARE},
        },
    ),
    ("brugfunctionaris", "one-word", {"praktijkvoorbeelden|Brugfunctionaris": 2}),
    (
        "samenwerking onderwijs en zorg",
        "synonym",
        {
            "themas|Zorgen vs. lesgeven": 2,
            "interventies|Een effectieve samenwerking met jeugdzorg en andere zorg externen": 2,
            "lezen|Aandachtspunten samenwerking onderwijs/jeugdhulp": 2,
            "interventies|Inclusief Onderwijs": 1,
        },
    ),
    (
        "leraar heeft te veel zorgtaken naast het lesgeven",
        "question",
        {
            "themas|Zorgen vs. lesgeven": 2,
            "oplossingsrichtingen|Rust docenten extra goed uit": 1,
        },
    ),
    # transition primary -> secondary
    ("overstap van groep 8 naar de brugklas", "question", TRANSITION),
    ("overgang po vo", "abbreviation", TRANSITION),
    ("van de basisschool naar de middelbare school", "synonym", TRANSITION),
    ("overstap primair voortgezet onderwijs", "synonym", TRANSITION),
    ("soepele overgang", "phrase", TRANSITION),
    ("oudere leerlingen als mentor", "phrase", MENTORS),
    # language
    ("meertalige kinderen", "stem", MULTILINGUAL),
    ("meertalighied", "typo", MULTILINGUAL),
    ("thuistaal", "one-word", MULTILINGUAL),
    ("moedertaal gebruiken in de klas", "question", MULTILINGUAL),
    ("kind spreekt thuis geen nederlands", "question", MULTILINGUAL),
    (
        "taalachterstand",
        "one-word",
        {
            "oplossingsrichtingen|Maak gebruik van meertaligheid i.p.v. de focus te leggen op de Nederlandse taalachterstand": 2,
            "lezen|Taalachterstand voor het leven: groeiende groep jongeren verlaat het onderwijs laaggeletterd": 2,
            "themas|Taal centraal": 1,
            "initiatieven|Voor- en vroegschoolse educatie": 1,
        },
    ),
    (
        "laaggeletterdheid",
        "stem",
        {
            "lezen|Taalachterstand voor het leven: groeiende groep jongeren verlaat het onderwijs laaggeletterd": 2,
        },
    ),
    (
        "leesprobleem",
        "compound",
        {
            "lezen|Nederlandse leerlingen hebben een leesprobleem. Op zoek naar beter taalonderwijs": 2,
        },
    ),
    ("vve", "abbreviation", VVE),
    ("voorschoolse educatie", "synonym", VVE),
    ("vroegschoolse educatie peuters", "synonym", VVE),
    ("voorleesexpres", "typo", READING_ALOUD),
    ("voorlees express", "phrase", READING_ALOUD),
    ("voorlezen", "one-word", READING_ALOUD),
    ("voorlezen aan kinderen thuis", "question", READING_ALOUD),
    (
        "schrijven",
        "one-word",
        {
            "initiatieven|De schoolschrijver": 2,
            "lezen|Leer kinderen beter schrijven. Het werpt op heel veel vlakken vruchten af": 2,
        },
    ),
    ("schoolschrijver", "compound", {"initiatieven|De schoolschrijver": 2}),
    (
        "taal en rekenen leerlijnen afstemmen",
        "question",
        {
            "oplossingsrichtingen|Stem de leerlijnen taal en rekenen af met de leerkrachten uit de laatste groepen van het PO en de eerste klassen van het VO": 2,
        },
    ),
    # talent, tutoring, mentors
    ("talentontwikkeling", "compound", TALENT),
    ("talent ontwikkelen van jongeren", "question", TALENT),
    ("talentontwikkelling", "typo", TALENT),
    ("weekendschool", "one-word", WEEKEND),
    ("weekend school", "compound", WEEKEND),
    ("weekenschool", "typo", WEEKEND),
    (
        "wat wil ik later worden",
        "question",
        {
            "interventies|Als ik later groot ben & Dare to Dream 036": 2,
            "praktijkvoorbeelden|JINC": 1,
        },
    ),
    (
        "kennismaken met beroepen",
        "synonym",
        {
            "praktijkvoorbeelden|JINC": 2,
            "interventies|Als ik later groot ben & Dare to Dream 036": 2,
            "interventies|Belevingswereld van leerlingen vergroten": 1,
        },
    ),
    ("huiswerkbegeleiding en bijles", "synonym", TUTORING),
    ("tutoring", "one-word", TUTORING),
    (
        "verlengde schooldag",
        "phrase",
        {
            "praktijkvoorbeelden|Verlengde schooldag": 2,
            "lezen|Verbeteren van overgang PO-VO. Best practices uit het project Verlengde Schooldag in Groningen": 1,
            "interventies|Extra begeleiding/ tutoring/ extra lestijd": 1,
        },
    ),
    ("extra lestijd", "phrase", TUTORING),
    ("mentor voor leerlingen", "synonym", MENTORS),
    (
        "maatje",
        "one-word",
        {
            "initiatieven|Maatjesproject": 2,
            "initiatieven|Stichting maatjesproject Gooi en Vechtstreek": 2,
        },
    ),
    ("coaching", "stem", {"oplossingsrichtingen|Individueel mentor/coachprogramma": 2}),
    # inclusion, special needs
    ("inclusief onderwijs", "phrase", INCLUSION),
    ("passend onderwijs", "synonym", SPECIAL_NEEDS),
    ("samenwerkingsverband", "compound", SPECIAL_NEEDS),
    (
        "speciaal basisonderwijs",
        "synonym",
        {
            "initiatieven|Onderwijs zorg-arrangementen op Speciaal (Basis)Onderwijs": 2,
        },
    ),
    (
        "opvang en school onder één dak",
        "question",
        {
            "bronnen|Onderwijs, zorg en opvang onder één inclusief dak in de gemeente Westerkwartier | Gelijke kansen": 2,
            "interventies|Inclusief Onderwijs": 2,
        },
    ),
    ("armoede", "one-word", {"lezen|Handreiking omgaan met armoede op scholen": 2}),
    (
        "omgaan met armoede op school",
        "question",
        {
            "lezen|Handreiking omgaan met armoede op scholen": 2,
        },
    ),
    # professionals and teams
    (
        "professionalisering van leraren",
        "synonym",
        {
            "themas|Professionalisering": 2,
            "oplossingsrichtingen|Rust docenten extra goed uit": 1,
            "lessen|Oefen met meervoudig perspectief": 1,
        },
    ),
    (
        "docenten toerusten",
        "stem",
        {
            "oplossingsrichtingen|Rust docenten extra goed uit": 2,
            "themas|Professionalisering": 1,
        },
    ),
    ("gedrag van leerlingen begrijpen", "question", BEHAVIOUR),
    ("meervoudig perspectief", "phrase", BEHAVIOUR),
    (
        "goed leiderschap",
        "phrase",
        {
            "oplossingsrichtingen|Denk na en praat over goed leiderschap": 2,
        },
    ),
    (
        "open cultuur in het team",
        "synonym",
        {
            "oplossingsrichtingen|Een open samenwerkingscultuur creëren": 2,
            "themas|De kracht van het team/netwerk": 2,
            "lessen|Zorg voor goede samenwerking onderling": 1,
        },
    ),
    ("peer learning", "phrase", {"oplossingsrichtingen|Zet in op peer learning": 2}),
    (
        "vroegsignalering",
        "compound",
        {
            "oplossingsrichtingen|Signaleer samen – zo vroeg mogelijk.": 2,
        },
    ),
    (
        "gezamenlijk doel",
        "phrase",
        {
            "oplossingsrichtingen|Zorg voor een gezamenlijk doel": 2,
            "lessen|Zorg ervoor dat alle neuzen dezelfde kant opstaan": 1,
        },
    ),
    (
        "alle neuzen dezelfde kant op",
        "phrase",
        {
            "lessen|Zorg ervoor dat alle neuzen dezelfde kant opstaan": 2,
        },
    ),
    # neighbourhood, municipality, policy
    ("wijkaanpak", "compound", NEIGHBOURHOOD),
    ("samenwerken met de wijk", "synonym", NEIGHBOURHOOD),
    ("school thuis en omgeving verbinden", "phrase", NEIGHBOURHOOD),
    (
        "lokale educatieve agenda",
        "phrase",
        {
            "interventies|Het succes van de wijkaanpak": 2,
            "bronnen|OCW, O. i. (2021, mei 3). delokaleeducatieveagenda. Opgehaald van De Lokale Educatieve Agenda: https://delokaleeducatieveagenda.nl/bookshow.pl?Lokale_Educ._Agenda": 1,
        },
    ),
    (
        "community aanpak",
        "phrase",
        {
            "interventies|Community-aanpak Gelijke Kansen": 2,
            "bronnen|Gelijke Kansen Community - Gelijke Kansen 's-Hertogenbosch": 1,
        },
    ),
    ("interprofessioneel samenwerken", "stem", INTERPROFESSIONAL),
    ("twentse belofte", "one-word", TWENTE),
    ("voortijdig schoolverlaten voorkomen", "synonym", TWENTE),
    (
        "belevingswereld",
        "one-word",
        {
            "interventies|Belevingswereld van leerlingen vergroten": 2,
            "lessen|Sluit aan op de belevingswereld van ouders en kinderen": 2,
        },
    ),
    (
        "jongeren leren zichzelf kennen",
        "question",
        {
            "interventies|G-Town: jongeren leren zichzelf en de ander kennen": 2,
        },
    ),
]
