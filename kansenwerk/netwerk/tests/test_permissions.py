"""Who may change the netwerk: role x action x own/other region, through the services
and through the pages; plus contact removal (AVG) and merging duplicates."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from kansenwerk.core.models import AuditLogEntry
from kansenwerk.core.tests.factories import UserFactory
from kansenwerk.netwerk import selectors, services
from kansenwerk.netwerk.models import ContactPerson, Location, Organization, Service

from .factories import ContactPersonFactory, LocationFactory, OrganizationFactory, ServiceFactory

ROLES = ["beheerder", "regiocoordinator", "organisator", "deelnemer", "anonymous"]


@pytest.fixture
def users(db, region):
    from django.contrib.auth.models import AnonymousUser

    made = {
        role: UserFactory(username=f"u-{role}", role=role, regions=[region]) for role in ROLES[:-1]
    }
    made["anonymous"] = AnonymousUser()
    return made


def _may(role: str, own: bool) -> bool:
    return role == "beheerder" or (role == "regiocoordinator" and own)


def _attempt(func) -> bool:
    try:
        func()
    except PermissionDenied:
        return False
    return True


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("own", [True, False])
@pytest.mark.parametrize("action", ["create", "update", "delete"])
def test_service_layer_matrix(users, region, other_region, role, own, action):
    user = users[role]
    target_region = region if own else other_region
    organization = OrganizationFactory(region=target_region)
    service = ServiceFactory(organization=organization)

    def organization_action():
        if action == "create":
            services.organization_create(
                user=user, data={"name": "Nieuw", "kind": "welzijn", "region": target_region}
            )
        elif action == "update":
            services.organization_update(
                user=user, organization=organization, data={"name": "Gewijzigd"}
            )
        else:
            services.organization_delete(user=user, organization=organization)

    def service_action():
        if action == "create":
            services.service_create(user=user, organization=organization, data={"name": "Extra"})
        elif action == "update":
            services.service_update(user=user, service=service, data={"name": "Anders"})
        else:
            services.service_delete(user=user, service=service)

    expected = _may(role, own)
    assert _attempt(service_action) is expected
    assert _attempt(organization_action) is expected


def test_coordinator_cannot_move_an_organisation_to_another_region(
    coordinator, region, other_region
):
    organization = OrganizationFactory(region=region)
    with pytest.raises(PermissionDenied):
        services.organization_update(
            user=coordinator, organization=organization, data={"region": other_region}
        )
    organization.refresh_from_db()
    assert organization.region == region


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("own", [True, False])
def test_page_matrix(client, users, region, other_region, role, own):
    target_region = region if own else other_region
    organization = OrganizationFactory(region=target_region)
    service = ServiceFactory(organization=organization)
    contact = ContactPersonFactory(organization=organization)
    if role != "anonymous":
        client.force_login(users[role])
    urls = [
        reverse("netwerk:organization_create", args=[target_region.slug]),
        reverse("netwerk:organization_update", args=[organization.pk]),
        reverse("netwerk:organization_delete", args=[organization.pk]),
        reverse("netwerk:service_create", args=[organization.pk]),
        reverse("netwerk:service_update", args=[service.pk]),
        reverse("netwerk:service_delete", args=[service.pk]),
        reverse("netwerk:location_create", args=[organization.pk]),
        reverse("netwerk:contact_create", args=[organization.pk]),
        reverse("netwerk:contact_remove", args=[contact.pk]),
        reverse("netwerk:duplicates", args=[target_region.slug]),
    ]
    for url in urls:
        status = client.get(url).status_code
        if role == "anonymous":
            assert status == 302, url  # to the login page
        else:
            assert status == (200 if _may(role, own) else 403), url
    # The edit buttons show exactly when the rights are there.
    html = client.get(organization.get_absolute_url()).content.decode()
    assert ("Organisatie bewerken" in html) is _may(role, own)


def test_create_and_edit_through_the_pages(client, coordinator, region, network):
    client.force_login(coordinator)
    response = client.post(
        reverse("netwerk:organization_create", args=[region.slug]),
        {
            "name": "Taalhuis Zandmeer",
            "kind": "bibliotheek",
            "description": "Hulp bij lezen en schrijven.",
            "website": "taalhuis.example.org",
            "region": region.pk,
            "municipalities": [network["town"].pk],
        },
    )
    organization = Organization.objects.get(name="Taalhuis Zandmeer")
    assert response.status_code == 302
    assert organization.website == "https://taalhuis.example.org"
    response = client.post(
        reverse("netwerk:service_create", args=[organization.pk]),
        {
            "name": "Spreekuur digitale hulp",
            "status": "active",
            "minimum_age": "",
            "maximum_age": "",
            "languages": "nl, EN ar",
            "target_groups": [network["parents"].pk],
            "solution_directions": [network["unserved"].pk],
        },
    )
    assert response.status_code == 302
    service = organization.services.get()
    assert service.languages == ["nl", "en", "ar"]
    # The gap closes.
    gaps = selectors.direction_gaps(region=region)
    assert network["unserved"] not in gaps
    response = client.post(
        reverse("netwerk:service_update", args=[service.pk]),
        {"name": "Spreekuur", "status": "active", "minimum_age": "12", "maximum_age": "4"},
    )
    assert response.status_code == 200
    assert "moet gelijk aan of hoger" in response.content.decode()
    client.post(
        reverse("netwerk:location_create", args=[organization.pk]),
        {
            "name": "Bieb",
            "address": "Plein 1",
            "municipality": network["village"].pk,
            "services": [service.pk],
        },
    )
    assert Location.objects.get(organization=organization).services.get() == service
    entries = AuditLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Organization), object_id=str(organization.pk)
    )
    assert entries.filter(action="create", actor=coordinator, source="web").exists()


def test_contact_removal_leaves_no_personal_data_in_the_audit_log(client, coordinator, region):
    organization = OrganizationFactory(region=region)
    client.force_login(coordinator)
    client.post(
        reverse("netwerk:contact_create", args=[organization.pk]),
        {
            "name": "Kim Voorbeeldig",
            "role": "intern begeleider",
            "email": "kim@example.org",
            "phone": "0900-000 1234",
        },
    )
    contact = ContactPerson.objects.get()
    response = client.post(reverse("netwerk:contact_remove", args=[contact.pk]))
    assert response.status_code == 302
    assert not ContactPerson.objects.exists()
    entries = AuditLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ContactPerson), object_id=str(contact.pk)
    )
    assert [e.action for e in entries.order_by("id")] == ["create", "delete"]
    dump = json.dumps([[e.changes, e.object_repr] for e in entries])
    for personal in ("Kim", "intern begeleider", "kim@example.org", "0900-000 1234"):
        assert personal not in dump


def test_merge_moves_everything_and_logs_it(coordinator, region, network):
    survivor = OrganizationFactory(name="Stichting Lezen Samen", region=region, website="")
    duplicate = OrganizationFactory(
        name="Stg. Lezen Samen", region=region, website="https://lezensamen.example.org"
    )
    duplicate.municipalities.add(network["town"])
    service = ServiceFactory(organization=duplicate)
    location = LocationFactory(organization=duplicate)
    contact = ContactPersonFactory(organization=duplicate)
    services.organization_merge(user=coordinator, surviving=survivor, duplicate=duplicate)
    assert not Organization.objects.filter(pk=duplicate.pk).exists()
    for obj in (service, location, contact):
        obj.refresh_from_db()
        assert obj.organization_id == survivor.pk
    survivor.refresh_from_db()
    assert survivor.website == "https://lezensamen.example.org"
    assert list(survivor.municipalities.all()) == [network["town"]]
    entry = AuditLogEntry.objects.filter(
        object_id=str(survivor.pk), changes__has_key="merged_from"
    ).get()
    assert entry.changes["moved"][1]["services"] == [service.pk]


def test_merge_needs_rights_on_both(coordinator, region, other_region):
    mine = OrganizationFactory(region=region)
    theirs = OrganizationFactory(region=other_region)
    with pytest.raises(PermissionDenied):
        services.organization_merge(user=coordinator, surviving=mine, duplicate=theirs)
    assert Organization.objects.filter(pk=theirs.pk).exists()


def test_merge_suggestions_and_page(client, coordinator, region, other_region):
    a = OrganizationFactory(name="Bibliotheek Zandmeer", region=region)
    b = OrganizationFactory(name="De Bibliotheek Zandmeer", region=region)
    c = OrganizationFactory(
        name="Jeugdteam Oost", region=region, website="https://www.jt.example.org"
    )
    d = OrganizationFactory(name="Wijkzorg", region=region, website="http://jt.example.org/contact")
    OrganizationFactory(name="Sportclub", region=region)
    OrganizationFactory(name="Bibliotheek Zandmeer", region=other_region)  # other region
    suggestions = selectors.merge_suggestions(region_ids=frozenset({region.pk}))
    pairs = {frozenset({s.first.pk, s.second.pk}) for s in suggestions}
    assert pairs == {frozenset({a.pk, b.pk}), frozenset({c.pk, d.pk})}
    client.force_login(coordinator)
    response = client.get(reverse("netwerk:duplicates", args=[region.slug]))
    assert "zelfde website (jt.example.org)" in response.content.decode()
    response = client.post(reverse("netwerk:merge", args=[a.pk, b.pk]), {"surviving": a.pk})
    assert response.status_code == 302
    assert not Organization.objects.filter(pk=b.pk).exists()


def test_service_counts_are_unchanged_by_a_refused_merge(coordinator, region):
    organization = OrganizationFactory(region=region)
    ServiceFactory(organization=organization)
    with pytest.raises(Exception, match="twee verschillende"):
        services.organization_merge(
            user=coordinator, surviving=organization, duplicate=organization
        )
    assert Service.objects.count() == 1


def test_merge_keeps_links_from_other_apps(coordinator, region):
    """Foreign keys and many-to-many links elsewhere (here: afspraken) follow the survivor."""
    factories = pytest.importorskip("kansenwerk.afspraken.tests.factories")
    survivor = OrganizationFactory(name="Huis van de Wijk", region=region)
    duplicate = OrganizationFactory(name="Huis vd Wijk", region=region)
    both = factories.AgreementFactory()
    both.organizations.set([survivor, duplicate])
    only_duplicate = factories.AgreementFactory()
    only_duplicate.organizations.set([duplicate])
    services.organization_merge(user=coordinator, surviving=survivor, duplicate=duplicate)
    assert list(both.organizations.all()) == [survivor]
    assert list(only_duplicate.organizations.all()) == [survivor]
