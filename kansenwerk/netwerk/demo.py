"""Demo content for the netwerk: invented organisations and services in the demo
regions (no real contact data: example.org addresses, 0900-numbers that do not exist).

`load_netwerk_demo()` is idempotent and expects the core demo (regions, themes,
solution directions) to be loaded first; links to kennisbank records that are
missing are skipped.
"""

from __future__ import annotations

from django.db import transaction

from kansenwerk.core.models import Municipality, Region
from kansenwerk.kennisbank.models import Intervention, SolutionDirection, Theme

from .models import ContactPerson, Location, Organization, Service, TargetGroup

TARGET_GROUPS = [
    "Ouders",
    "Peuters en kleuters",
    "Leerlingen basisschool",
    "Leerlingen voortgezet onderwijs",
    "Nieuwkomers",
    "Leerkrachten",
]

# (region, organisation, kind, municipalities served, services)
ORGANIZATIONS = [
    {
        "region": "Gooi en Vechtstreek",
        "name": "Stichting Voorleesvriend Hilversum",
        "kind": Organization.Kind.VRIJWILLIGERS,
        "description": "Vrijwilligers lezen wekelijks voor bij gezinnen thuis.",
        "website": "https://voorleesvriend.example.org",
        "email": "info@voorleesvriend.example.org",
        "phone": "0900-000 0001",
        "municipalities": ["Hilversum", "Wijdemeren"],
        "location": ("Kerkstraat 1", "1211 AA", "Hilversum", "Hilversum"),
        "contact": ("Demi Voorbeeld", "coördinator vrijwilligers"),
        "services": [
            {
                "name": "Voorleesbezoek aan huis",
                "description": "Twintig weken lang komt een vrijwilliger voorlezen en laat "
                "ouders zien hoe voorlezen leuk blijft.",
                "ages": (2, 8),
                "groups": ["Ouders", "Peuters en kleuters"],
                "cost": "Gratis",
                "apply": "Via de leerkracht, het consultatiebureau of zelf per e-mail.",
                "languages": ["nl", "en", "ar"],
                "directions": ["Voorlezen thuis ondersteunen"],
                "interventions": ["Zomerschool in de bibliotheek"],
            }
        ],
    },
    {
        "region": "Gooi en Vechtstreek",
        "name": "Bibliotheek Gooi Centraal",
        "kind": Organization.Kind.BIBLIOTHEEK,
        "description": "Openbare bibliotheek met een taalhuis en leesprogramma's voor scholen.",
        "website": "https://bieb-gooi.example.org",
        "email": "",
        "phone": "",
        "municipalities": ["Hilversum", "Huizen", "Gooise Meren"],
        "location": ("Marktplein 3", "1271 AB", "Huizen", "Huizen"),
        "contact": None,
        "services": [
            {
                "name": "Zomerleesclub",
                "description": "In de zomervakantie drie ochtenden per week lezen, spelen en "
                "verhalen maken in de bibliotheek.",
                "ages": (6, 12),
                "groups": ["Leerlingen basisschool"],
                "cost": "Gratis met een bibliotheekpas",
                "apply": "Aanmelden aan de balie of via de school.",
                "languages": ["nl"],
                "directions": ["Zomerprogramma tegen terugval"],
                "interventions": ["Zomerschool in de bibliotheek"],
            },
            {
                "name": "Taalcafé voor ouders",
                "description": "Elke dinsdag Nederlands oefenen in een ontspannen groep.",
                "ages": (None, None),
                "groups": ["Ouders", "Nieuwkomers"],
                "cost": "Gratis",
                "apply": "Gewoon binnenlopen.",
                "languages": ["nl", "tr", "ti"],
                "directions": [],
                "interventions": [],
            },
        ],
    },
    {
        "region": "Gooi en Vechtstreek",
        "name": "Wijkteam Huizen-Noord",
        "kind": Organization.Kind.WIJKTEAM,
        "description": "Eén loket voor vragen over opvoeden, geld en gezondheid.",
        "website": "",
        "email": "wijkteam@huizen.example.org",
        "phone": "0900-000 0002",
        "municipalities": ["Huizen"],
        "location": None,
        "contact": ("Sam Proef", "oudercontactpersoon"),
        "services": [
            {
                "name": "Huisbezoek voor nieuwe gezinnen",
                "description": "Een kennismakingsbezoek voordat het kind naar school gaat.",
                "ages": (3, 5),
                "groups": ["Ouders", "Nieuwkomers"],
                "cost": "Gratis",
                "apply": "Aanmelden door de school of de voorschool.",
                "languages": ["nl", "en", "pl"],
                "directions": ["Huisbezoek voor de start"],
                "interventions": [],
            }
        ],
    },
    {
        "region": "Achterhoek",
        "name": "Kinderopvang De Berkel",
        "kind": Organization.Kind.KINDEROPVANG,
        "description": "Kinderopvang en voorschool op vier locaties.",
        "website": "https://deberkel.example.org",
        "email": "info@deberkel.example.org",
        "phone": "",
        "municipalities": ["Berkelland", "Doetinchem"],
        "location": ("Molenweg 12", "7141 AB", "Groenlo", "Oost Gelre"),
        "contact": None,
        "services": [
            {
                "name": "Voorschool met warme overdracht",
                "description": "Vier dagdelen voorschool en een overdrachtsgesprek met de "
                "basisschool samen met de ouders.",
                "ages": (2, 4),
                "groups": ["Peuters en kleuters", "Ouders"],
                "cost": "Gratis bij een indicatie van het consultatiebureau",
                "apply": "Via het consultatiebureau.",
                "languages": ["nl"],
                "directions": ["Doorgaande lijn van voorschool naar groep 1"],
                "interventions": [],
            }
        ],
    },
    {
        "region": "Achterhoek",
        "name": "Sportief Achterhoek",
        "kind": Organization.Kind.SPORT_CULTUUR,
        "description": "Buurtsportcoaches die kinderen laten kennismaken met sport en cultuur.",
        "website": "https://sportief-achterhoek.example.org",
        "email": "",
        "phone": "",
        "municipalities": ["Winterswijk", "Aalten"],
        "location": None,
        "contact": None,
        "services": [
            {
                "name": "Mentoren voor de brugklas",
                "description": "Oudere leerlingen begeleiden brugklassers het eerste half jaar.",
                "ages": (11, 14),
                "groups": ["Leerlingen voortgezet onderwijs"],
                "cost": "Gratis",
                "apply": "De mentor van de school meldt aan.",
                "languages": ["nl"],
                "directions": ["Mentoren uit de bovenbouw"],
                "interventions": ["Brugklasmaatjes"],
            }
        ],
    },
]


@transaction.atomic
def load_netwerk_demo() -> dict[str, int]:
    groups = {name: TargetGroup.objects.get_or_create(name=name)[0] for name in TARGET_GROUPS}
    regions = {r.name: r for r in Region.objects.all()}
    municipalities = {m.name: m for m in Municipality.objects.all()}
    created = 0
    for entry in ORGANIZATIONS:
        region = regions.get(entry["region"])
        if region is None:
            continue
        organization, was_created = Organization.objects.get_or_create(
            name=entry["name"],
            region=region,
            defaults={
                "kind": entry["kind"],
                "description": entry["description"],
                "website": entry["website"],
                "email": entry["email"],
                "phone": entry["phone"],
            },
        )
        if not was_created:
            continue
        created += 1
        organization.municipalities.set(
            [municipalities[m] for m in entry["municipalities"] if m in municipalities]
        )
        location = None
        if entry["location"]:
            address, postcode, city, municipality = entry["location"]
            location = Location.objects.create(
                organization=organization,
                name=entry["name"],
                address=address,
                postcode=postcode,
                city=city,
                municipality=municipalities.get(municipality),
            )
        for data in entry["services"]:
            service = Service.objects.create(
                organization=organization,
                name=data["name"],
                description=data["description"],
                minimum_age=data["ages"][0],
                maximum_age=data["ages"][1],
                cost=data["cost"],
                how_to_apply=data["apply"],
                languages=data["languages"],
            )
            service.target_groups.set([groups[g] for g in data["groups"]])
            directions = list(SolutionDirection.objects.filter(title__in=data["directions"]))
            service.solution_directions.set(directions)
            service.themes.set(Theme.objects.filter(solution_directions__in=directions).distinct())
            service.interventions.set(Intervention.objects.filter(title__in=data["interventions"]))
            if location is not None:
                location.services.add(service)
        if entry["contact"]:
            name, role = entry["contact"]
            ContactPerson.objects.create(
                organization=organization,
                name=name,
                role=role,
                email="contact@"
                + (organization.website.split("//")[-1] if organization.website else "example.org"),
            )
    return {"organizations": created}
