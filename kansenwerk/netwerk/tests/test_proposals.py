"""Self-registration: a public form, checked for duplicates with the fuzzy matcher, that
waits for the coordinator; approving creates the organisation with its contact person."""

import pytest
from django.core.exceptions import PermissionDenied

from kansenwerk.core.models import AuditLogEntry
from kansenwerk.netwerk import services
from kansenwerk.netwerk.models import ContactPerson, Organization, OrganizationProposal


def _post(client, region, **overrides):
    data = {
        "name": "Bibliotheek Zandmeer e.o.",
        "kind": "bibliotheek",
        "description": "Voorlezen en taalhulp.",
        "website": "",
        "email": "",
        "phone": "",
        "contact_name": "Sam Aanmelder",
        "contact_email": "sam@example.org",
        **overrides,
    }
    return client.post(f"/netwerk/{region.slug}/aanmelden/", data)


def test_public_proposal_is_checked_for_duplicates_and_waits(client, network):
    region = network["region"]
    assert "Meld haar aan" in client.get(f"/netwerk/{region.slug}/").content.decode()
    form = client.get(f"/netwerk/{region.slug}/aanmelden/")
    assert form.status_code == 200
    response = _post(client, region)
    assert "Bedankt voor uw aanmelding" in response.content.decode()
    proposal = OrganizationProposal.objects.get()
    assert proposal.status == "pending"
    assert [d["name"] for d in proposal.duplicates] == ["Bibliotheek Zandmeer"]
    assert Organization.objects.filter(name__startswith="Bibliotheek Zandmeer e.o.").count() == 0
    # Not on the public pages until approved.
    assert "e.o." not in client.get(f"/netwerk/{region.slug}/").content.decode()
    # The proposer's name and address stay out of the audit log's readable fields.
    entry = AuditLogEntry.objects.filter(content_type__model="organizationproposal").get()
    assert "sam@example.org" not in str(entry.changes)


def test_same_website_is_a_duplicate_too_and_bad_input_is_a_dutch_400ish_form(client, network):
    region = network["region"]
    response = _post(client, region, name="Iets heel anders", website="bieb-zandmeer.example.org")
    assert response.status_code == 200
    proposal = OrganizationProposal.objects.get()
    assert "zelfde website" in proposal.duplicates[0]["reasons"][0]
    bad = _post(client, region, contact_email="geen adres", name="")
    assert bad.status_code == 200
    assert "nog niet goed ingevuld" in bad.content.decode()
    assert OrganizationProposal.objects.count() == 1
    assert client.get("/netwerk/bestaat-niet/aanmelden/").status_code == 404


def test_coordinator_approves_or_rejects(client, network, coordinator, other_region):
    region = network["region"]
    _post(client, region, name="Taalcafé Heidedorp", kind="welzijn")
    _post(client, region, name="Nog een")
    first, second = OrganizationProposal.objects.order_by("pk")
    from kansenwerk.core.tests.factories import UserFactory

    outsider = UserFactory(role="regiocoordinator", regions=[other_region])
    with pytest.raises(PermissionDenied):
        services.proposal_review(user=outsider, proposal=first, approve=True)
    client.force_login(coordinator)
    page = client.get(f"/netwerk/{region.slug}/controle/").content.decode()
    assert "Taalcafé Heidedorp" in page and "sam@example.org" in page
    client.post(f"/netwerk/{region.slug}/aanmeldingen/{first.pk}/", {"actie": "toevoegen"})
    client.post(f"/netwerk/{region.slug}/aanmeldingen/{second.pk}/", {"actie": "afwijzen"})
    organization = Organization.objects.get(name="Taalcafé Heidedorp")
    assert organization.region == region and organization.kind == "welzijn"
    assert ContactPerson.objects.get(organization=organization).email == "sam@example.org"
    assert not Organization.objects.filter(name="Nog een").exists()
    first.refresh_from_db()
    assert (first.status, first.organization) == ("approved", organization)
    again = client.post(
        f"/netwerk/{region.slug}/aanmeldingen/{first.pk}/", {"actie": "toevoegen"}, follow=True
    )
    assert "al beoordeeld" in again.content.decode()
    assert client.post(f"/netwerk/{region.slug}/aanmeldingen/999/", {}).status_code == 404


def test_self_registration_is_rate_limited_per_address(client, network):
    region = network["region"]
    for n in range(5):
        assert _post(client, region, name=f"Speeltuin Nummer {n}").status_code == 200
    refused = _post(client, region, name="Speeltuin Nummer 6")
    assert refused.status_code == 429
    assert "te veel aanmeldingen" in refused.content.decode()
    assert OrganizationProposal.objects.count() == 5
    other = client.post(
        f"/netwerk/{region.slug}/aanmelden/",
        {
            "name": "Speeltuin Elders",
            "kind": "welzijn",
            "contact_name": "Kim",
            "contact_email": "kim@example.org",
        },
        REMOTE_ADDR="10.1.2.3",
    )
    assert other.status_code == 200
