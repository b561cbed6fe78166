"""Persona queries: what people type in their own words, abbreviations and typos.

Written for kansenwerk (not copied from the seeds) and judged before the system was run
on them: (persona, query, answers, split). Records are named "type|title" as in
judgments.py; grade 2 = the answer, 1 = also useful.
split "tuning": misses may be looked at to improve the system.
split "held-out": only the aggregate figures are looked at; a query that is looked at
moves to "tuning" (see RESULTS.md).
"""

from __future__ import annotations

from kansenwerk.search.eval.judgments import (
    BEHAVIOUR,
    CONSULTANT,
    INCLUSION,
    MENTORS,
    MULTILINGUAL,
    NEIGHBOURHOOD,
    PARENTS,
    READING_ALOUD,
    SPECIAL_NEEDS,
    TALENT,
    TRANSITION,
    TUTORING,
    VVE,
    WEEKEND,
    YOUTH_CARE,
)

PARENT = "ouder"
YOUTH_WORKER = "jongerenwerker"
TEACHER = "leerkracht"
IB = "intern begeleider"
POLICY = "beleidsmedewerker gemeente"
LIBRARY = "bibliotheekmedewerker"
CHILDCARE = "pedagogisch medewerker kinderopvang"

LANGUAGE_DELAY = {
    "themas|Taal centraal": 2,
    "initiatieven|Voor- en vroegschoolse educatie": 2,
    "lezen|Taalachterstand voor het leven: groeiende groep jongeren verlaat het onderwijs laaggeletterd": 1,
    "oplossingsrichtingen|Zet in op (voor)lezen": 1,
    "interventies|Samen van Start & Startpunt": 1,
}
READING = {
    "lezen|Nederlandse leerlingen hebben een leesprobleem. Op zoek naar beter taalonderwijs": 2,
    "oplossingsrichtingen|Zet in op (voor)lezen": 2,
    "initiatieven|Voorlees Express": 1,
    "themas|Taal centraal": 1,
    "lezen|Taalachterstand voor het leven: groeiende groep jongeren verlaat het onderwijs laaggeletterd": 1,
}
PEER_VISITS = {
    "oplossingsrichtingen|Zet in op peer learning": 2,
    "lezen|Stichting LeerKRACHT": 2,
    "themas|Professionalisering": 1,
    "themas|De kracht van het team/netwerk": 1,
}
POVERTY = {"lezen|Handreiking omgaan met armoede op scholen": 2}
CAREERS = {
    "interventies|Als ik later groot ben & Dare to Dream 036": 2,
    "praktijkvoorbeelden|JINC": 2,
    "interventies|Weekendschool": 1,
    "themas|Talentontwikkeling": 1,
}
SIGNALLING = {
    "oplossingsrichtingen|Signaleer samen – zo vroeg mogelijk.": 2,
    "praktijkvoorbeelden|De school als vindplaats": 2,
    "oplossingsrichtingen|Verenig het netwerk om het kind heen": 1,
}
MDO = {
    "initiatieven|Werkwijze Multidisciplinair Overleg van samenwerkingsverband Unita": 2,
    "oplossingsrichtingen|Verenig het netwerk om het kind heen": 1,
    "interventies|Een effectieve samenwerking met jeugdzorg en andere zorg externen": 1,
}
SOCIAL_WORK = {
    "interventies|Social worker in het primair onderwijs": 2,
    "praktijkvoorbeelden|Brugfunctionaris": 1,
    "bronnen|Interventie Amersfoort: Sociaal werker binnen het schoolteam voor preventieve hulp | Gelijke kansen": 1,
    "initiatieven|Het koppelen van gemeentelijke jeugdconsulenten aan alle scholen BO en VO": 1,
}
HANDOVER = {
    "oplossingsrichtingen|Draag niet alleen de kinderen over, maar ook de ouders": 2,
    "oplossingsrichtingen|Informatie wel én niet delen (betrek het kind erbij!)": 2,
    "themas|Soepele overgang": 1,
}
LEA = {
    "bronnen|OCW, O. i. (2021, mei 3). delokaleeducatieveagenda. Opgehaald van De Lokale Educatieve Agenda: https://delokaleeducatieveagenda.nl/bookshow.pl?Lokale_Educ._Agenda": 2,
    "documenten|Land vol kansen": 1,
    "bronnen|Land vol kansen": 1,
}
WRITING = {
    "lezen|Leer kinderen beter schrijven. Het werpt op heel veel vlakken vruchten af": 2,
    "initiatieven|De schoolschrijver": 2,
}
EXTENDED_DAY = {
    "praktijkvoorbeelden|Verlengde schooldag": 2,
    "lezen|Verbeteren van overgang PO-VO. Best practices uit het project Verlengde Schooldag in Groningen": 1,
    "praktijkvoorbeelden|Brede School Academie": 1,
    "bronnen|Meyer, E., & Van Klaveren, C. (2013). The effectiveness of extended day programs: Evidence from a randomized field experiment in the Netherlands. Economics of Education Review, 36, 1-11.": 1,
    "interventies|Extra begeleiding/ tutoring/ extra lestijd": 1,
}
LEADERSHIP = {
    "oplossingsrichtingen|Denk na en praat over goed leiderschap": 2,
    "themas|De kracht van het team/netwerk": 1,
}
TEACHER_LOAD = {
    "themas|Zorgen vs. lesgeven": 2,
    "oplossingsrichtingen|Rust docenten extra goed uit": 1,
    "lessen|Zorg goed voor je eigen mensen": 1,
}
COOPERATION = {
    "oplossingsrichtingen|Zorg voor een gezamenlijk doel": 2,
    "lessen|Zorg ervoor dat alle neuzen dezelfde kant opstaan": 2,
    "lessen|Zorg voor goede samenwerking onderling": 2,
    "oplossingsrichtingen|Een open samenwerkingscultuur creëren": 1,
}
IDENTITY = {
    "interventies|G-Town: jongeren leren zichzelf en de ander kennen": 2,
    "interventies|Belevingswereld van leerlingen vergroten": 1,
}
LEARNING_TO_LEARN = {
    "praktijkvoorbeelden|Ik leer leren training": 2,
    "praktijkvoorbeelden|Playing for Success": 1,
    "interventies|Extra begeleiding/ tutoring/ extra lestijd": 1,
}
FAMILY_CLASS = {"praktijkvoorbeelden|Gezinsklass": 2, "interventies|Samen van Start & Startpunt": 1}
CURRICULUM_LINK = {
    "oplossingsrichtingen|Stem de leerlijnen taal en rekenen af met de leerkrachten uit de laatste groepen van het PO en de eerste klassen van het VO": 2,
    "themas|De grote oversteek": 1,
    "lezen|Overgangen en aansluitingen in het onderwijs": 1,
}

PERSONA_QUERIES: list[tuple[str, str, dict[str, int], str]] = [
    # parents
    (PARENT, "mijn kind krijgt een te laag schooladvies", TRANSITION, "tuning"),
    (PARENT, "zoon gaat naar de brugklas", TRANSITION, "held-out"),
    (PARENT, "mijn peuter praat nog bijna niet", LANGUAGE_DELAY, "tuning"),
    (PARENT, "dochter leest niet graag", READING, "held-out"),
    (PARENT, "we spreken thuis turks, is dat erg", MULTILINGUAL, "tuning"),
    (PARENT, "kind is druk en luistert niet in de klas", BEHAVIOUR, "tuning"),
    (PARENT, "lastig gedrag van mijn kind", BEHAVIOUR, "held-out"),
    (PARENT, "geen geld voor schoolreisje", POVERTY, "tuning"),
    (PARENT, "kan geen sportclub betalen", POVERTY, "held-out"),
    (PARENT, "bijles voor mijn kind", TUTORING, "held-out"),
    (PARENT, "huiswerkhulp", TUTORING, "held-out"),
    (PARENT, "voorleesen thuis", READING_ALOUD, "held-out"),
    (PARENT, "wie helpt ons bij opvoedvragen op school", CONSULTANT, "tuning"),
    # youth workers
    (YOUTH_WORKER, "jongeren weten niet wat ze later willen worden", CAREERS, "tuning"),
    (YOUTH_WORKER, "beroepen ontdekken met tieners", CAREERS, "held-out"),
    (YOUTH_WORKER, "zaterdagschool", WEEKEND, "held-out"),
    (YOUTH_WORKER, "jongeren die zichzelf beter leren kennen", IDENTITY, "held-out"),
    (YOUTH_WORKER, "maatje voor een jongere", MENTORS, "held-out"),
    (YOUTH_WORKER, "buddy project", MENTORS, "tuning"),
    (YOUTH_WORKER, "samenwerken met de wijk", NEIGHBOURHOOD, "held-out"),
    (YOUTH_WORKER, "talent ontwikkelen buiten school", TALENT, "held-out"),
    # teachers
    (TEACHER, "bij een collega in de klas kijken", PEER_VISITS, "tuning"),
    (TEACHER, "lesbezoek bij elkaar", PEER_VISITS, "held-out"),
    (TEACHER, "leerlingen met een andere thuistaal", MULTILINGUAL, "held-out"),
    (TEACHER, "nt2 leerlingen in mijn klas", MULTILINGUAL, "tuning"),
    (TEACHER, "juf heeft geen tijd voor lesgeven door zorgleerlingen", TEACHER_LOAD, "tuning"),
    (TEACHER, "te veel zorg in de klas", TEACHER_LOAD, "held-out"),
    (TEACHER, "kinderen beter laten schrijven", WRITING, "held-out"),
    (TEACHER, "schrijver in de klas", WRITING, "held-out"),
    (TEACHER, "leesmotivatie verhogen", READING, "held-out"),
    (TEACHER, "ouders die geen nederlands spreken bereiken", PARENTS, "held-out"),
    (TEACHER, "gedragsproblemen anders bekijken", BEHAVIOUR, "held-out"),
    (TEACHER, "leren leren", LEARNING_TO_LEARN, "held-out"),
    (TEACHER, "inclusieve klas", INCLUSION, "held-out"),
    (TEACHER, "mentorschap oudere leerlingen", MENTORS, "held-out"),
    # intern begeleiders
    (IB, "ib'er en smw samen", SOCIAL_WORK, "tuning"),
    (IB, "smw op de basisschool", SOCIAL_WORK, "held-out"),
    (IB, "mdo met jeugdhulp", MDO, "tuning"),
    (IB, "multidisciplinair overleg", MDO, "held-out"),
    (IB, "zorgen om een leerling vroeg signaleren", SIGNALLING, "held-out"),
    (IB, "warme overdracht naar het vo", HANDOVER, "tuning"),
    (IB, "overdracht po vo", HANDOVER, "held-out"),
    (IB, "arrangement speciaal onderwijs", SPECIAL_NEEDS, "held-out"),
    (IB, "swv passend onderwijs", SPECIAL_NEEDS, "tuning"),
    (IB, "okt in de school", YOUTH_CARE, "held-out"),
    (IB, "cjg medewerker op school", YOUTH_CARE, "held-out"),
    (IB, "jeugdconsulent per school", SOCIAL_WORK, "held-out"),
    (IB, "aansluiting leerlijnen rekenen groep 8 en brugklas", CURRICULUM_LINK, "held-out"),
    # policy officers
    (POLICY, "lea afspraken", LEA, "tuning"),
    (POLICY, "lokale educatieve agenda", LEA, "held-out"),
    (POLICY, "onderwijsachterstandenbeleid vve", VVE, "held-out"),
    (POLICY, "wijkgerichte aanpak gelijke kansen", NEIGHBOURHOOD, "held-out"),
    (POLICY, "samenwerking met gedeeld doel", COOPERATION, "held-out"),
    (POLICY, "iedereen dezelfde kant op", COOPERATION, "tuning"),
    (POLICY, "verlengde leertijd", EXTENDED_DAY, "held-out"),
    (POLICY, "schoolleiders en leiderschap", LEADERSHIP, "held-out"),
    (POLICY, "armoedebeleid scholen", POVERTY, "held-out"),
    # library staff
    (LIBRARY, "bieb op school", READING, "tuning"),
    (LIBRARY, "voorlezen aan huis", READING_ALOUD, "held-out"),
    (LIBRARY, "leesbevordering", READING, "held-out"),
    (LIBRARY, "laaggeletterde ouders", LANGUAGE_DELAY, "held-out"),
    # childcare staff
    (CHILDCARE, "kdv en school werken samen", VVE, "held-out"),
    (CHILDCARE, "peuters met taalachterstand", LANGUAGE_DELAY, "held-out"),
    (CHILDCARE, "gezin en school samen leren", FAMILY_CLASS, "held-out"),
    (CHILDCARE, "voorschoolse educatie", VVE, "tuning"),
    (CHILDCARE, "vroeg signaleren bij dreumesen", SIGNALLING, "held-out"),
    # typos
    (TEACHER, "meertaalighied", MULTILINGUAL, "held-out"),
    (IB, "overgang po vo brugklass", TRANSITION, "held-out"),
    (PARENT, "ouderbetrokkendheid", PARENTS, "held-out"),
    (YOUTH_WORKER, "talentontwikeling", TALENT, "tuning"),
    (POLICY, "inclusief onderwjis", INCLUSION, "held-out"),
]
