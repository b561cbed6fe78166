import datetime

import pytest
from django.utils import timezone

from kansenwerk.meetups.tests.factories import MeetupFactory, MeetupThemeFactory


@pytest.fixture
def meetup(region):
    return MeetupFactory(
        region=region,
        title="Voorjaarsavond",
        starts_at=timezone.now() - datetime.timedelta(days=10),
    )


@pytest.fixture
def meetup_theme(meetup):
    return MeetupThemeFactory(meetup=meetup, title="Lezen thuis")
