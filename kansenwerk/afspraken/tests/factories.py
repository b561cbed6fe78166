"""factory-boy factories for agreements and signals (invented texts)."""

import datetime

import factory
from django.utils import timezone

from kansenwerk.afspraken.models import Agreement, Signal, SignalGroup
from kansenwerk.meetups.tests.factories import MeetupFactory


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    meetup = factory.SubFactory(MeetupFactory)
    what = factory.Sequence(lambda n: f"Afspraak nummer {n} over samen lezen")
    owner_name = "Jet Visser"
    owner_email = factory.Sequence(lambda n: f"eigenaar{n}@voorbeeld.invalid")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class SignalGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignalGroup

    label = factory.Sequence(lambda n: f"Groep {n}")


class SignalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signal

    meetup = factory.SubFactory(MeetupFactory)
    text = factory.Sequence(lambda n: f"Signaal {n}")
