"""Factories for meetups, their themes and registrations, as the table pages need them."""

import datetime

import factory
from django.utils import timezone

from kansenwerk.core.tests.factories import RegionFactory
from kansenwerk.meetups.models import Meetup, MeetupTheme, Registration


class MeetupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meetup

    region = factory.SubFactory(RegionFactory)
    title = factory.Sequence(lambda n: f"Kansenavond {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    status = Meetup.Status.PUBLISHED
    capacity = 200


class MeetupThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetupTheme

    meetup = factory.SubFactory(MeetupFactory)
    title = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")
    position = factory.Sequence(lambda n: n)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    meetup = factory.SubFactory(MeetupFactory)
    name = factory.Sequence(lambda n: f"Deelnemer {n}")
    email = factory.Sequence(lambda n: f"deelnemer{n}@example.org")
    organisation = factory.Sequence(lambda n: f"Organisatie {n}")
    organisation_kind = "school_po"
    profession = "leerkracht_po"
    status = Registration.Status.CONFIRMED
