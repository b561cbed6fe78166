import pytest

from .factories import MeetupFactory, MeetupThemeFactory


@pytest.fixture
def meetup(region):
    return MeetupFactory(region=region, capacity=3)


@pytest.fixture
def themes(meetup):
    return [
        MeetupThemeFactory(meetup=meetup, title=t, slug=s)
        for t, s in (("Taal", "taal"), ("Ouders", "ouders"))
    ]


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.KANSENWERK_RATE_LIMITS = "off"
    settings.KANSENWERK_SITE_URL = "https://kansenwerk.test"
