"""Only a programme's coordinators and beheerders see or change anything of it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kansenwerk.core.tests.factories import UserFactory
from kansenwerk.koppelen import selectors, services
from kansenwerk.koppelen.models import Programme

from .factories import ParticipantFactory

pytestmark = pytest.mark.django_db

# Who sees a programme in `region`: role, member of the programme's coordinators?, region.
MATRIX = [
    ("beheerder", False, None, True),
    ("regiocoordinator", True, "own", True),
    ("regiocoordinator", False, "own", False),
    ("regiocoordinator", False, "other", False),
    ("organisator", True, "own", True),
    ("organisator", False, "own", False),
    ("deelnemer", True, "other", True),
    ("deelnemer", False, "own", False),
]


def _user(role, member, where, region, other_region, programme):
    regions = {"own": [region], "other": [other_region], None: []}[where]
    user = UserFactory(role=role, regions=regions)
    if member:
        programme.coordinators.add(user)
    return user


@pytest.mark.parametrize(("role", "member", "where", "allowed"), MATRIX)
def test_programme_for_user_matrix(role, member, where, allowed, region, other_region, programme):
    user = _user(role, member, where, region, other_region, programme)
    participant = ParticipantFactory(programme=programme)
    if allowed:
        assert selectors.programme_for_user(user=user, programme_id=programme.pk) == programme
        assert (
            selectors.participant_for_user(
                user=user, programme_id=programme.pk, participant_id=participant.pk
            )
            == participant
        )
        assert list(selectors.programmes_for_user(user=user)) == [programme]
    else:
        with pytest.raises(PermissionDenied):
            selectors.programme_for_user(user=user, programme_id=programme.pk)
        with pytest.raises(PermissionDenied):
            services.programme_run_matching(user=user, programme=programme)
        assert list(selectors.programmes_for_user(user=user)) == []


@pytest.mark.parametrize(("role", "member", "where", "allowed"), MATRIX)
def test_pages_follow_the_matrix(
    client, role, member, where, allowed, region, other_region, programme
):
    user = _user(role, member, where, region, other_region, programme)
    participant = ParticipantFactory(programme=programme)
    client.force_login(user)
    urls = [
        reverse("koppelen:programme_detail", args=[programme.pk]),
        reverse("koppelen:matching", args=[programme.pk]),
        reverse("koppelen:participant_detail", args=[programme.pk, participant.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == (200 if allowed else 403), url
    run = client.post(reverse("koppelen:matching", args=[programme.pk]), {"method": "optimal"})
    assert run.status_code == (302 if allowed else 403)


def test_anonymous_is_sent_to_login(client, programme):
    response = client.get(reverse("koppelen:programme_detail", args=[programme.pk]))
    assert response.status_code == 302
    assert "/login" in response["Location"] or "inloggen" in response["Location"]
    with pytest.raises(PermissionDenied):
        from django.contrib.auth.models import AnonymousUser

        selectors.programme_for_user(user=AnonymousUser(), programme_id=programme.pk)


@pytest.mark.parametrize(
    ("role", "where", "allowed"),
    [
        ("beheerder", None, True),
        ("regiocoordinator", "own", True),
        ("regiocoordinator", "other", False),
        ("organisator", "own", False),
        ("deelnemer", "own", False),
    ],
)
def test_who_starts_a_programme(role, where, allowed, region, other_region):
    regions = {"own": [region], "other": [other_region], None: []}[where]
    user = UserFactory(role=role, regions=regions)
    if allowed:
        programme = services.programme_create(
            user=user, name="Taalmaatjes", kind=Programme.Kind.OUDER_OUDER, region=region
        )
        assert list(programme.coordinators.all()) == [user]
    else:
        with pytest.raises(PermissionDenied):
            services.programme_create(
                user=user, name="Taalmaatjes", kind=Programme.Kind.OUDER_OUDER, region=region
            )


def test_missing_programme_is_404(client, beheerder):
    client.force_login(beheerder)
    assert client.get(reverse("koppelen:programme_detail", args=[999999])).status_code == 404


def test_participant_of_other_programme_is_404(client, programme, programme_coordinator, region):
    stranger = ParticipantFactory()
    client.force_login(programme_coordinator)
    url = reverse("koppelen:participant_detail", args=[programme.pk, stranger.pk])
    assert client.get(url).status_code == 404


# Who may be made coordinator of a programme in `region` (the minors' intake opens to them).
COORDINATOR_MATRIX = [
    ("beheerder", None, True, True),
    ("regiocoordinator", "own", True, True),
    ("regiocoordinator", "other", True, False),
    ("organisator", "own", True, False),
    ("deelnemer", "own", True, False),
    ("regiocoordinator", "own", False, False),
    ("beheerder", None, False, False),
]


def _candidate(role, where, active, region, other_region):
    regions = {"own": [region], "other": [other_region], None: []}[where]
    return UserFactory(role=role, regions=regions, is_active=active)


@pytest.mark.parametrize(("role", "where", "active", "allowed"), COORDINATOR_MATRIX)
def test_coordinator_assignment_matrix_in_service(
    role, where, active, allowed, region, other_region, beheerder
):
    programme = services.programme_create(
        user=beheerder, name="Leesmaatjes", kind=Programme.Kind.MENTOR_KIND, region=region
    )
    candidate = _candidate(role, where, active, region, other_region)
    assert (candidate in selectors.coordinator_candidates(region_id=region.pk)) is allowed
    if allowed:
        services.programme_update(
            user=beheerder, programme=programme, data={"coordinators": [beheerder, candidate]}
        )
        assert set(programme.coordinators.all()) == {beheerder, candidate}
    else:
        with pytest.raises(ValidationError) as exc:
            services.programme_update(
                user=beheerder, programme=programme, data={"coordinators": [beheerder, candidate]}
            )
        assert "Alleen beheerders en regiocoördinatoren" in str(exc.value)
        assert list(programme.coordinators.all()) == [beheerder]
        # Starting a programme with them as coordinator is refused the same way.
        with pytest.raises(ValidationError):
            services.programme_create(
                user=beheerder,
                name="Rekenmaatjes",
                kind=Programme.Kind.MENTOR_KIND,
                region=region,
                coordinators=[candidate],
            )
        assert not Programme.objects.filter(name="Rekenmaatjes").exists()


@pytest.mark.parametrize(("role", "where", "active", "allowed"), COORDINATOR_MATRIX)
def test_coordinator_assignment_matrix_through_the_page(
    client, role, where, active, allowed, region, other_region, beheerder
):
    """The picker offers only those who may coordinate; a forged choice changes nothing."""
    programme = services.programme_create(
        user=beheerder, name="Leesmaatjes", kind=Programme.Kind.OUDER_OUDER, region=region
    )
    candidate = _candidate(role, where, active, region, other_region)
    client.force_login(beheerder)
    url = reverse("koppelen:programme_update", args=[programme.pk])
    page = client.get(url)
    assert page.status_code == 200
    options = page.context["form"].fields["coordinators"].queryset
    assert (candidate in options) is allowed
    data = {
        "name": programme.name,
        "description": "",
        "intake_fields": [
            name
            for name, _label in page.context["form"].fields["intake_fields"].choices
            if name in programme.intake_fields
        ],
        "default_capacity": 1,
        "retention_months": 12,
        "coordinators": [beheerder.pk, candidate.pk],
    }
    response = client.post(url, data)
    if allowed:
        assert response.status_code == 302, response.content.decode()[:800]
        assert set(programme.coordinators.all()) == {beheerder, candidate}
    else:
        assert response.status_code in (200, 400)
        assert list(programme.coordinators.all()) == [beheerder]


def test_regiocoordinator_of_the_region_assigns_a_colleague(region, other_region):
    own = UserFactory(role="regiocoordinator", regions=[region])
    colleague = UserFactory(role="regiocoordinator", regions=[region, other_region])
    programme = services.programme_create(
        user=own,
        name="Huiswerkmaatjes",
        kind=Programme.Kind.OUDERE_JONGERE_LEERLING,
        region=region,
        coordinators=[colleague],
    )
    assert set(programme.coordinators.all()) == {own, colleague}


def test_moving_a_programme_keeps_only_coordinators_who_may_work_there(
    region, other_region, beheerder
):
    own = UserFactory(role="regiocoordinator", regions=[region])
    programme = services.programme_create(
        user=beheerder,
        name="Voorleesmaatjes",
        kind=Programme.Kind.MENTOR_KIND,
        region=region,
        coordinators=[own],
    )
    with pytest.raises(ValidationError):
        services.programme_update(
            user=beheerder, programme=programme, data={"region": other_region}
        )
    programme.refresh_from_db()
    assert programme.region == region
    services.programme_update(
        user=beheerder,
        programme=programme,
        data={"region": other_region, "coordinators": [beheerder]},
    )
    programme.refresh_from_db()
    assert programme.region == other_region
    assert list(programme.coordinators.all()) == [beheerder]
