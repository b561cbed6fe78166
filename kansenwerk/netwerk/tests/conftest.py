"""A small but complete netwerk: two regions, linked kennisbank records, every kind of child."""

import pytest

from kansenwerk.core.tests.factories import MunicipalityFactory
from kansenwerk.kennisbank.tests.factories import (
    InitiativeFactory,
    InterventionFactory,
    SolutionDirectionFactory,
    ThemeFactory,
)

from .factories import (
    ContactPersonFactory,
    LocationFactory,
    OrganizationFactory,
    ServiceFactory,
    TargetGroupFactory,
)


@pytest.fixture
def network(db, region, other_region):
    town = MunicipalityFactory(name="Zandmeer", region=region)
    village = MunicipalityFactory(name="Heidedorp", region=region)
    south = MunicipalityFactory(name="Rivierstad", region=other_region)
    theme = ThemeFactory(title="Taal thuis")
    reading = SolutionDirectionFactory(theme=theme, title="Samen lezen", number="1.1")
    summer = SolutionDirectionFactory(theme=theme, title="Zomeraanbod", number="1.2")
    unserved = SolutionDirectionFactory(theme=theme, title="Niemand doet dit", number="1.3")
    intervention = InterventionFactory(title="Leesmaatjes")
    initiative = InitiativeFactory(title="Wijkleesfeest")
    parents = TargetGroupFactory(name="Ouders")
    toddlers = TargetGroupFactory(name="Peuters")

    library = OrganizationFactory(
        name="Bibliotheek Zandmeer",
        kind="bibliotheek",
        region=region,
        website="https://www.bieb-zandmeer.example.org/",
        email="info@bieb-zandmeer.example.org",
        phone="0900-111 1111",
    )
    library.municipalities.set([town, village])
    reading_service = ServiceFactory(
        organization=library,
        name="Voorleesochtend",
        minimum_age=2,
        maximum_age=6,
        cost="Gratis",
        how_to_apply="Binnenlopen",
        languages=["nl", "ar"],
    )
    reading_service.themes.set([theme])
    reading_service.solution_directions.set([reading])
    reading_service.interventions.set([intervention])
    reading_service.initiatives.set([initiative])
    reading_service.target_groups.set([parents, toddlers])
    location = LocationFactory(organization=library, municipality=town, latitude="52.1")
    location.services.add(reading_service)
    ContactPersonFactory(organization=library, service=reading_service)

    welfare = OrganizationFactory(name="Welzijn Heidedorp", kind="welzijn", region=region)
    welfare.municipalities.set([village])
    camp = ServiceFactory(organization=welfare, name="Zomerkamp", minimum_age=8, maximum_age=12)
    camp.solution_directions.set([summer])
    camp.target_groups.set([parents])

    far = OrganizationFactory(name="Jeugdhulp Rivierstad", kind="jeugdhulp", region=other_region)
    far.municipalities.set([south])
    ServiceFactory(organization=far, name="Opvoedspreekuur", minimum_age=None, maximum_age=None)
    return {
        "region": region,
        "other_region": other_region,
        "town": town,
        "village": village,
        "theme": theme,
        "reading": reading,
        "summer": summer,
        "unserved": unserved,
        "intervention": intervention,
        "library": library,
        "welfare": welfare,
        "far": far,
        "reading_service": reading_service,
        "camp": camp,
        "parents": parents,
    }
