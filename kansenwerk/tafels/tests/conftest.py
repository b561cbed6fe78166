"""A meetup with three themes and 30 confirmed people: mixed professions, a few colleagues."""

import itertools

import pytest

from .factories import MeetupFactory, MeetupThemeFactory, RegistrationFactory

PROFESSIONS = [
    ("leerkracht_po", "school_po"),
    ("intern_begeleider", "school_po"),
    ("pedagogisch_medewerker", "kinderopvang"),
    ("jeugdwerker", "welzijn"),
    ("jeugdhulp", "jeugdhulp"),
    ("bibliotheek", "bibliotheek"),
    ("beleidsmedewerker_gemeente", "gemeente"),
    ("ouder", "ouders"),
    ("docent_vo", "school_vo"),
]


@pytest.fixture
def meetup(region):
    meetup = MeetupFactory(region=region, title="Kansenavond Noord")
    themes = [
        MeetupThemeFactory(meetup=meetup, title=title, slug=slug, position=i)
        for i, (title, slug) in enumerate(
            [("Taal", "taal"), ("Ouders als partner", "ouders"), ("Zomerschool", "zomer")]
        )
    ]
    cycle = itertools.cycle(PROFESSIONS)
    for i in range(30):
        profession, kind = next(cycle)
        # Organisations 0-4 send three people each (colleagues), the rest come alone.
        organisation = f"Basisschool De Linde {i % 5}" if i < 15 else f"Eigen organisatie {i}"
        RegistrationFactory(
            meetup=meetup,
            name=f"Persoon {i:02d}",
            organisation=organisation,
            organisation_kind=kind,
            profession=profession,
            theme_choice_1=themes[i % 3],
            theme_choice_2=themes[(i + 1) % 3],
            theme=themes[i % 3],
        )
    return meetup


@pytest.fixture
def other_meetup(other_region):
    meetup = MeetupFactory(region=other_region, title="Kansenavond Zuid")
    theme = MeetupThemeFactory(meetup=meetup, title="Rekenen", slug="rekenen")
    for _ in range(6):
        RegistrationFactory(meetup=meetup, theme_choice_1=theme, theme=theme)
    return meetup
