"""Demo content, written for kansenwerk (not taken from any source document).

Places and municipalities are real names (with their real CBS municipality codes); every
organisation, person and text is invented.
"""

REGIONS = [
    {
        "name": "Gooi en Vechtstreek",
        "description": "Regio rond Hilversum, met dorpen en kleinere kernen langs de Vecht.",
        "municipalities": ["Hilversum", "Huizen", "Gooise Meren", "Wijdemeren", "Blaricum"],
        "cbs_codes": {
            "Hilversum": "GM0402",
            "Huizen": "GM0406",
            "Gooise Meren": "GM1942",
            "Wijdemeren": "GM1696",
            "Blaricum": "GM0376",
        },
    },
    {
        "name": "Achterhoek",
        "description": "Landelijke regio in het oosten van Gelderland met veel kleine scholen.",
        "municipalities": ["Doetinchem", "Winterswijk", "Oost Gelre", "Aalten", "Berkelland"],
        "cbs_codes": {
            "Doetinchem": "GM0222",
            "Winterswijk": "GM0294",
            "Oost Gelre": "GM1586",
            "Aalten": "GM0197",
            "Berkelland": "GM1859",
        },
    },
    {
        "name": "Zuid-Limburg",
        "description": "Stedelijke en landelijke gemeenten rond Heerlen en Maastricht.",
        "municipalities": ["Heerlen", "Maastricht", "Kerkrade", "Sittard-Geleen"],
        "cbs_codes": {
            "Heerlen": "GM0917",
            "Maastricht": "GM0935",
            "Kerkrade": "GM0928",
            "Sittard-Geleen": "GM1883",
        },
    },
]

THEMES = [
    {
        "number": 1,
        "title": "Taal als basis",
        "guiding_question": "Hoe zorgen we er samen voor dat elk kind de taal leert die het nodig heeft "
        "om mee te doen, op school en daarbuiten?",
        "introduction": "Een kind met een kleine woordenschat loopt in elk vak achter. Thuis wordt niet "
        "altijd voorgelezen, en in de zomer zakt het niveau van veel kinderen terug. Scholen, "
        "voorschool, bibliotheek en ouders kunnen elkaar hier versterken.",
        "directions": [
            {
                "title": "Voorlezen thuis ondersteunen",
                "text": "Vrijwilligers of medewerkers van de bibliotheek komen een aantal weken bij "
                "gezinnen thuis om samen met ouders voor te lezen en boeken uit te zoeken.",
                "questions": [
                    "Welke gezinnen bereiken we nu nog niet?",
                    "Wie in onze gemeente kan vrijwilligers werven en begeleiden?",
                ],
            },
            {
                "title": "Zomerprogramma tegen terugval",
                "text": "Een laagdrempelig programma in de zomervakantie met spel, sport en lezen "
                "houdt de taalontwikkeling op peil.",
                "questions": [
                    "Welke partners organiseren in de zomer al activiteiten?",
                    "Hoe zorgen we dat juist de kinderen die het nodig hebben meedoen?",
                ],
            },
            {
                "title": "Doorgaande lijn van voorschool naar groep 1",
                "text": "Pedagogisch medewerkers en leerkrachten stemmen thema’s en woordenlijsten "
                "op elkaar af en dragen kinderen warm over.",
                "questions": ["Hoe ziet de overdracht nu uit en wat mist de leerkracht daarin?"],
            },
        ],
        "reading": [
            {
                "title": "Waarom woordenschat het verschil maakt",
                "author": "Redactie kansenwerk",
                "medium": "artikel",
            },
            {
                "title": "Voorlezen in tien minuten per dag",
                "author": "Podcast Ouders & School",
                "medium": "podcast",
            },
        ],
        "initiatives": [
            {
                "title": "Leesclub in de wijk",
                "place": "Hilversum",
                "scope": "lokaal",
                "description": "Elke woensdagmiddag lezen kinderen met vrijwilligers in het buurthuis.",
            },
        ],
    },
    {
        "number": 2,
        "title": "Ouders als partner",
        "guiding_question": "Hoe betrekken we ouders die de school nu nauwelijks weten te vinden?",
        "introduction": "Ouders willen het beste voor hun kind, maar niet iedereen voelt zich welkom "
        "op school of begrijpt hoe het onderwijs werkt. Contact dat begint bij vertrouwen, "
        "in de eigen taal en op een plek die vertrouwd is, maakt het verschil.",
        "directions": [
            {
                "title": "Oudercontactpersoon die de wijk kent",
                "text": "Een vaste persoon, vaak zelf ouder uit de wijk, legt contact met gezinnen "
                "en vertaalt tussen thuis en school.",
                "questions": ["Wie heeft nu al het vertrouwen van ouders in onze wijk?"],
            },
            {
                "title": "Huisbezoek voor de start",
                "text": "De leerkracht bezoekt elk gezin voordat het schooljaar begint, om kennis "
                "te maken zonder dat er een probleem is.",
                "questions": [
                    "Wat is er nodig om dit in het rooster van leerkrachten te passen?",
                    "Welke andere professionals kunnen aansluiten?",
                ],
            },
        ],
        "reading": [
            {
                "title": "Ouderbetrokkenheid in de praktijk",
                "author": "Kenniscentrum Onderwijs",
                "medium": "rapport",
            },
        ],
        "initiatives": [
            {
                "title": "Koffieochtend voor nieuwe ouders",
                "place": "Doetinchem",
                "scope": "lokaal",
                "description": "Maandelijkse ontmoeting met tolk, gericht op ouders die net in "
                "Nederland zijn.",
            },
        ],
    },
    {
        "number": 3,
        "title": "Soepele overstap naar het voortgezet onderwijs",
        "guiding_question": "Hoe voorkomen we dat talent verloren gaat bij de overgang van "
        "basisschool naar middelbare school?",
        "introduction": "Het schooladvies en de eerste maanden in het vo bepalen veel. Kinderen "
        "uit gezinnen met weinig geld of netwerk krijgen vaker een te laag advies en hebben "
        "minder hulp bij de overstap.",
        "directions": [
            {
                "title": "Mentoren uit de bovenbouw",
                "text": "Oudere leerlingen begeleiden brugklassers in hun eerste jaar, met vaste "
                "afspraken en ondersteuning van de mentor.",
                "questions": ["Hoe matchen we mentoren en brugklassers goed?"],
            },
            {
                "title": "Kansrijk adviseren",
                "text": "Bij twijfel kiest de school het hogere advies en spreekt zij met het vo af "
                "hoe de leerling wordt gevolgd.",
                "questions": ["Welke afspraken maken po en vo over terugkoppeling?"],
            },
        ],
        "reading": [
            {
                "title": "Het schooladvies en kansengelijkheid",
                "author": "Onderwijsonderzoek NL",
                "medium": "rapport",
            },
        ],
        "initiatives": [],
    },
]

INTERVENTIONS = [
    {
        "title": "Buurtmoeders in de klas",
        "place": "Heerlen",
        "quote": "Ouders komen nu eerder naar mij dan naar de directeur.",
        "people": [
            {"name": "Fatima (buurtmoeder)", "role": "legt contact met gezinnen"},
            {"name": "Directeur basisschool", "role": "opdrachtgever"},
        ],
        "context": "In een wijk met veel nieuwkomers kwamen ouders zelden op school.",
        "approach": "Drie moeders uit de wijk zijn opgeleid en worden betaald om wekelijks "
        "inloopochtenden te houden en ouders bij gesprekken te begeleiden.",
        "results": "Meer ouders op ouderavonden; leerkrachten bereiken gezinnen sneller.",
        "goal": "Het contact tussen school en ouders versterken.",
        "themes": ["Ouders als partner"],
        "examples": [
            {
                "title": "Inloopochtend met tolk",
                "place": "Heerlen",
                "text": "Elke dinsdag drinken ouders koffie op school; een buurtmoeder vertaalt.",
            },
        ],
    },
    {
        "title": "Zomerschool in de bibliotheek",
        "place": "Winterswijk",
        "quote": "",
        "people": [{"name": "Leesconsulent", "role": "coördinator"}],
        "context": "Na de zomer bleken veel kinderen terug te vallen in lezen.",
        "approach": "Drie weken lang komen kinderen vier ochtenden per week naar de bibliotheek "
        "voor lezen, spel en uitstapjes.",
        "results": "Deelnemers behielden hun leesniveau; ouders vroegen om een vervolg.",
        "goal": "Zomerterugval in taal voorkomen.",
        "themes": ["Taal als basis"],
        "examples": [],
    },
    {
        "title": "Brugklasmaatjes",
        "place": "Hilversum",
        "quote": "Ik wist meteen bij wie ik terecht kon.",
        "people": [{"name": "Zorgcoördinator vo", "role": "begeleidt de maatjes"}],
        "context": "Veel brugklassers verloren in de eerste maanden hun motivatie.",
        "approach": "Leerlingen uit klas 4 worden gekoppeld aan brugklassers en spreken hen "
        "elke twee weken.",
        "results": "Minder verzuim in de brugklas.",
        "goal": "Een soepele start in het voortgezet onderwijs.",
        "themes": ["Soepele overstap naar het voortgezet onderwijs"],
        "examples": [],
    },
]

LESSONS = [
    (
        "Begin bij vertrouwen",
        "Samenwerking met gezinnen begint met contact zonder dat er een probleem is.",
    ),
    (
        "Maak één persoon verantwoordelijk",
        "Een afspraak zonder eigenaar verdwijnt na de bijeenkomst uit beeld.",
    ),
    (
        "Gebruik wat er al is",
        "Vaak bestaat een activiteit al in de wijk; verbinden werkt "
        "sneller dan iets nieuws opzetten.",
    ),
]

USERS = [
    {
        "username": "beheerder",
        "role": "beheerder",
        "regions": [],
        "first_name": "Bea",
        "last_name": "Heerder",
    },
    {
        "username": "coordinator-gooi",
        "role": "regiocoordinator",
        "regions": ["Gooi en Vechtstreek"],
        "first_name": "Cor",
        "last_name": "de Gooijer",
    },
    {
        "username": "coordinator-achterhoek",
        "role": "regiocoordinator",
        "regions": ["Achterhoek"],
        "first_name": "Carla",
        "last_name": "Achterberg",
    },
    {
        "username": "organisator-gooi",
        "role": "organisator",
        "regions": ["Gooi en Vechtstreek"],
        "first_name": "Otto",
        "last_name": "Ganisator",
    },
    {
        "username": "deelnemer",
        "role": "deelnemer",
        "regions": [],
        "first_name": "Dirk",
        "last_name": "Eelnemer",
    },
]
DEMO_PASSWORD = "kansenwerk-demo"  # noqa: S105 - local demo accounts only, printed on load
