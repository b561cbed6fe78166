"""factory-boy factories for koppelen (invented people; no seed text)."""

import factory

from kansenwerk.core.tests.factories import RegionFactory
from kansenwerk.koppelen.models import Match, Participant, Programme


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Leesmaatjes {n}")
    kind = Programme.Kind.OUDER_OUDER
    region = factory.SubFactory(RegionFactory)
    intake_fields = factory.LazyFunction(
        lambda: ["languages", "home_language", "availability", "postcode_area", "interests"]
    )

    @factory.post_generation
    def coordinators(self, create, extracted, **kwargs):
        if create and extracted:
            self.coordinators.set(extracted)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    programme = factory.SubFactory(ProgrammeFactory)
    side = Participant.Side.MENTEE
    display_name = factory.Sequence(lambda n: f"Deelnemer {n}")
    languages = factory.LazyFunction(lambda: ["Nederlands"])
    availability = factory.LazyFunction(lambda: ["wo-middag"])
    postcode_area = "3511"
    capacity = 1


class MatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Match

    programme = factory.SubFactory(ProgrammeFactory)
    mentor = factory.SubFactory(
        ParticipantFactory,
        programme=factory.SelfAttribute("..programme"),
        side=Participant.Side.MENTOR,
    )
    mentee = factory.SubFactory(ParticipantFactory, programme=factory.SelfAttribute("..programme"))
    status = Match.Status.PROPOSED
