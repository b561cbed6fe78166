"""factory-boy factories for the netwerk (all names and addresses invented)."""

import factory

from kansenwerk.core.tests.factories import RegionFactory
from kansenwerk.netwerk.models import ContactPerson, Location, Organization, Service, TargetGroup


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroup
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Doelgroep {n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = Organization.Kind.WELZIJN
    description = "Helpt gezinnen in de wijk."
    region = factory.SubFactory(RegionFactory)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Aanbod {n}")
    description = "Een activiteit voor kinderen en ouders."
    minimum_age = 4
    maximum_age = 12
    languages = factory.LazyFunction(lambda: ["nl"])


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organization = factory.SubFactory(OrganizationFactory)
    name = "Hoofdlocatie"
    address = "Dorpsstraat 1"
    postcode = "1234 AB"
    city = "Zandmeer"


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    organization = factory.SubFactory(OrganizationFactory)
    name = "Robin Testpersoon"
    role = "coördinator"
    email = "robin@example.org"
    phone = "0900-000 0000"
