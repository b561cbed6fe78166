"""The region-scoped edit rights, as a matrix: role × write action × own/other/national region."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from kansenwerk.core.permissions import Action, Capability, can_write
from kansenwerk.core.tests.factories import RegionFactory, UserFactory
from kansenwerk.kennisbank.models import Intervention
from kansenwerk.kennisbank.registry import BY_KEY
from kansenwerk.kennisbank.selectors import kennisbank_item_for_user
from kansenwerk.kennisbank.tests.factories import InterventionFactory

ROLES = ["beheerder", "regiocoordinator", "organisator", "deelnemer", "anonymous"]
ACTIONS = [Action.CREATE, Action.UPDATE, Action.DELETE]
PLACES = ["own", "other", "national"]

# Expected kennisbank rights. Beheerder: everything; regiocoördinator: own region only.
EXPECTED = {
    ("beheerder", "own"): True,
    ("beheerder", "other"): True,
    ("beheerder", "national"): True,
    ("regiocoordinator", "own"): True,
    ("regiocoordinator", "other"): False,
    ("regiocoordinator", "national"): False,
}


def _user(role, own_region):
    from django.contrib.auth.models import AnonymousUser

    if role == "anonymous":
        return AnonymousUser()
    return UserFactory(role=role, regions=[own_region])


def _region_for(place, own, other):
    return {"own": own, "other": other, "national": None}[place]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("place", PLACES)
def test_kennisbank_permission_matrix_in_selector(role, action, place):
    own, other = RegionFactory(name="Eigen regio"), RegionFactory(name="Andere regio")
    user = _user(role, own)
    item = InterventionFactory(region=_region_for(place, own, other))
    allowed = EXPECTED.get((role, place), False)
    kind = BY_KEY["interventies"]
    if allowed:
        assert (
            kennisbank_item_for_user(user=user, kind=kind, lookup=item.slug, action=action) == item
        )
    else:
        with pytest.raises(PermissionDenied):
            kennisbank_item_for_user(user=user, kind=kind, lookup=item.slug, action=action)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("place", PLACES)
def test_kennisbank_permission_matrix_through_the_site(client, role, place):
    """Each write action through the web pages: create, update and delete give 200/302 or 403."""
    own, other = RegionFactory(name="Eigen regio"), RegionFactory(name="Andere regio")
    user = _user(role, own)
    if role != "anonymous":
        client.force_login(user)
    region = _region_for(place, own, other)
    allowed = EXPECTED.get((role, place), False)

    item = InterventionFactory(region=region, title="Te wijzigen")
    update_url = reverse("kennisbank:update", kwargs={"kind": "interventies", "lookup": item.slug})
    data = {"title": "Gewijzigd", "region": region.pk if region else ""}
    response = client.post(update_url, data)
    item.refresh_from_db()
    if role == "anonymous":
        assert response.status_code == 302 and "/inloggen/" in response["Location"]
        assert item.title == "Te wijzigen"
    elif allowed:
        assert response.status_code == 302, response.content.decode()[:500]
        assert item.title == "Gewijzigd"
    else:
        assert response.status_code == 403
        assert item.title == "Te wijzigen"

    create_url = reverse("kennisbank:create", kwargs={"kind": "interventies"})
    response = client.post(
        create_url, {"title": "Nieuw item", "region": region.pk if region else ""}
    )
    created = Intervention.objects.filter(title="Nieuw item").exists()
    if role == "anonymous":
        assert response.status_code == 302 and not created
    elif allowed:
        assert response.status_code == 302 and created
    else:
        # Not allowed: either refused outright (403) or the form refuses the region.
        assert not created
        assert response.status_code in (403, 200)

    delete_url = reverse("kennisbank:delete", kwargs={"kind": "interventies", "lookup": item.slug})
    response = client.post(delete_url)
    exists = Intervention.objects.filter(pk=item.pk).exists()
    if role == "anonymous":
        assert response.status_code == 302 and exists
    elif allowed:
        assert response.status_code == 302 and not exists
    else:
        assert response.status_code == 403 and exists


@pytest.mark.django_db
def test_regional_writers_per_capability(region):
    organisator = UserFactory(role="organisator", regions=[region])
    assert can_write(organisator, capability=Capability.MEETUPS, region_id=region.pk)
    assert not can_write(organisator, capability=Capability.KENNISBANK, region_id=region.pk)
    inactive = UserFactory(role="beheerder", is_active=False)
    assert not can_write(inactive, capability=Capability.KENNISBANK, region_id=None)


@pytest.mark.django_db
def test_coordinator_cannot_move_a_record_to_another_region(
    client, coordinator, region, other_region
):
    item = InterventionFactory(region=region, title="Eigen item")
    client.force_login(coordinator)
    url = reverse("kennisbank:update", kwargs={"kind": "interventies", "lookup": item.slug})
    response = client.post(url, {"title": "Eigen item", "region": other_region.pk})
    # The region choice only offers their own regions, so the form refuses it.
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    item.refresh_from_db()
    assert item.region == region
