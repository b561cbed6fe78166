"""factory-boy factories for meetups (all names and texts invented for tests)."""

import datetime

import factory
from django.utils import timezone

from kansenwerk.core.tests.factories import RegionFactory
from kansenwerk.meetups.models import Meetup, MeetupTheme, Profession, Registration


class MeetupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meetup

    region = factory.SubFactory(RegionFactory)
    title = factory.Sequence(lambda n: f"Testavond {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    capacity = 20
    status = Meetup.Status.PUBLISHED
    venue_name = "Buurthuis De Linde"
    description = "Een avond om samen afspraken te maken."


class MeetupThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetupTheme

    meetup = factory.SubFactory(MeetupFactory)
    title = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")
    position = factory.Sequence(lambda n: n)
    guiding_question = "Wat doen we samen?"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    meetup = factory.SubFactory(MeetupFactory)
    name = factory.Sequence(lambda n: f"Deelnemer {n}")
    email = factory.Sequence(lambda n: f"deelnemer{n}@voorbeeld.invalid")
    profession = Profession.LEERKRACHT_PO
    consent_at = factory.LazyFunction(timezone.now)
