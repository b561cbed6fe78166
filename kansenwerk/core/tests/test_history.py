"""The readable history ("Geschiedenis"): Dutch labels, no personal values, the same rights
as the page it belongs to, and a query count that does not grow with the entries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kansenwerk.afspraken.tests.factories import AgreementFactory
from kansenwerk.core.tests.factories import RegionFactory, UserFactory
from kansenwerk.koppelen.tests.factories import ProgrammeFactory
from kansenwerk.meetups.tests.factories import MeetupFactory, RegistrationFactory
from kansenwerk.netwerk.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def _url(obj):
    return reverse("core:history", args=[obj._meta.label_lower, obj.pk])


def test_meetup_history_in_dutch_labels(client, coordinator, region, other_region):
    meetup = MeetupFactory(region=region, title="Najaarsavond")
    meetup.title = "Winteravond"
    meetup.region = other_region
    meetup.save()
    meetup.region = region
    meetup.save()
    client.force_login(coordinator)
    response = client.get(_url(meetup))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Geschiedenis van Winteravond" in body
    assert "Titel" in body and "Najaarsavond → Winteravond" in body
    assert "Regio Noord → Regio Zuid" in body  # foreign keys by name, not by id
    assert "Aangemaakt" in body and "Gewijzigd" in body
    assert "region_id" not in body and "starts_at" not in body
    assert "Begint om" in body


def test_owner_link_edits_are_shown_as_the_owner(client, beheerder, region):
    agreement = AgreementFactory(meetup=MeetupFactory(region=region))
    response = client.post(
        reverse("afspraken:owner", args=[agreement.token]),
        {"new_status": "bezig", "text": "Gestart"},
    )
    assert response.status_code == 302
    client.force_login(beheerder)
    body = client.get(_url(agreement)).content.decode()
    assert "eigenaar via persoonlijke link" in body
    assert "Gepland → Bezig" in body  # choices by their Dutch label


def test_personal_values_are_not_shown(client, beheerder, region):
    agreement = AgreementFactory(meetup=MeetupFactory(region=region), people="Sanne Jobse")
    agreement.people = "Sanne Jobse en Ruud Aalders"
    agreement.save()
    client.force_login(beheerder)
    body = client.get(_url(agreement)).content.decode()
    assert "Met wie (personen)" in body
    assert "persoonsgegeven, niet getoond" in body
    assert "Sanne" not in body and "Aalders" not in body
    assert agreement.owner_email not in body


@pytest.mark.parametrize(
    "make",
    [
        lambda region: MeetupFactory(region=region),
        lambda region: RegistrationFactory(meetup=MeetupFactory(region=region)),
        lambda region: AgreementFactory(meetup=MeetupFactory(region=region)),
        lambda region: OrganizationFactory(region=region),
    ],
    ids=["meetup", "registration", "agreement", "organization"],
)
def test_coordinator_of_another_region_is_refused(client, make, region, coordinator):
    foreign = make(RegionFactory(name="Regio Oost"))
    own = make(region)
    client.force_login(coordinator)
    assert client.get(_url(own)).status_code == 200
    assert client.get(_url(foreign)).status_code == 403


def test_programme_history_only_for_its_coordinators(client, region, coordinator, beheerder):
    member = UserFactory(role="regiocoordinator", regions=[region])
    programme = ProgrammeFactory(region=region, coordinators=[member])
    client.force_login(member)
    assert client.get(_url(programme)).status_code == 200
    client.force_login(coordinator)  # same region, not a coordinator of this programme
    assert client.get(_url(programme)).status_code == 403
    client.force_login(beheerder)
    assert client.get(_url(programme)).status_code == 200


def test_anonymous_is_sent_to_login(client, region):
    meetup = MeetupFactory(region=region)
    response = client.get(_url(meetup))
    assert response.status_code == 302 and "/inloggen/" in response["Location"]


def test_unknown_kinds_and_objects_are_404(client, beheerder, region):
    client.force_login(beheerder)
    assert client.get(reverse("core:history", args=["core.user", beheerder.pk])).status_code == 404
    assert client.get(reverse("core:history", args=["meetups.meetup", 999999])).status_code == 404
    assert (
        client.get(reverse("core:history", args=["afspraken.agreement", "abc"])).status_code == 404
    )


def test_links_from_the_detail_pages(client, beheerder, region):
    agreement = AgreementFactory(meetup=MeetupFactory(region=region))
    programme = ProgrammeFactory(region=region)
    organization = OrganizationFactory(region=region)
    client.force_login(beheerder)
    pages = [
        (reverse("afspraken:detail", args=[agreement.pk]), agreement),
        (reverse("koppelen:programme_detail", args=[programme.pk]), programme),
        (reverse("netwerk:organization_detail", args=[organization.pk]), organization),
        (reverse("meetups:manage_meetup", args=[agreement.meetup.slug]), agreement.meetup),
    ]
    for page, obj in pages:
        assert _url(obj) in client.get(page).content.decode(), page


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_entries(client, beheerder, region, other_region):
    few = MeetupFactory(region=region)
    many = MeetupFactory(region=region)
    for i in range(30):
        many.title = f"Titel {i}"
        many.region = other_region if i % 2 else region
        many.save()
    client.force_login(beheerder)
    _queries(client, _url(few))  # warm caches (content types, session)
    # Both pages name regions (one query per related model), whatever the number of entries.
    assert _queries(client, _url(many)) == _queries(client, _url(few))
    assert _queries(client, _url(many)) <= 10
