"""Who may plan meetups: role × action × own/other region, through services and pages."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kansenwerk.core.tests.factories import UserFactory
from kansenwerk.kennisbank.tests.factories import ThemeFactory
from kansenwerk.meetups.selectors import meetup_for_user
from kansenwerk.meetups.services import meetup as meetup_service

from .factories import MeetupFactory, MeetupThemeFactory

ROLES = ["beheerder", "regiocoordinator", "organisator", "deelnemer"]
ALLOWED_OWN = {"beheerder": True, "regiocoordinator": True, "organisator": True, "deelnemer": False}
ALLOWED_OTHER = {
    "beheerder": True,
    "regiocoordinator": False,
    "organisator": False,
    "deelnemer": False,
}


def _user(role, region):
    return UserFactory(role=role, username=f"{role}-x", regions=[region])


def _actions(user, meetup):
    theme = ThemeFactory()
    meetup_theme = MeetupThemeFactory(meetup=meetup)
    MeetupThemeFactory(meetup=meetup)  # publishing needs two themes
    return {
        "create": lambda: meetup_service.meetup_create(
            user=user,
            region=meetup.region,
            title="Nieuwe avond",
            starts_at=timezone.now() + datetime.timedelta(days=5),
            capacity=10,
        ),
        "update": lambda: meetup_service.meetup_update(user=user, meetup=meetup, capacity=30),
        "publish": lambda: meetup_service.meetup_publish(user=user, meetup=meetup),
        "add_theme": lambda: meetup_service.meetup_theme_add(user=user, meetup=meetup, theme=theme),
        "remove_theme": lambda: meetup_service.meetup_theme_remove(
            user=user, meetup_theme=meetup_theme
        ),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("own", [True, False])
@pytest.mark.parametrize("action", ["create", "update", "publish", "add_theme", "remove_theme"])
def test_service_matrix(role, own, action, region, other_region):
    user = _user(role, region)
    meetup = MeetupFactory(region=region if own else other_region)
    allowed = (ALLOWED_OWN if own else ALLOWED_OTHER)[role]
    run = _actions(user, meetup)[action]
    if allowed:
        run()
    else:
        with pytest.raises(PermissionDenied):
            run()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("own", [True, False])
def test_selector_and_pages(role, own, region, other_region, client):
    user = _user(role, region)
    meetup = MeetupFactory(region=region if own else other_region)
    allowed = (ALLOWED_OWN if own else ALLOWED_OTHER)[role]
    if allowed:
        assert meetup_for_user(user=user, slug=meetup.slug) == meetup
    else:
        with pytest.raises(PermissionDenied):
            meetup_for_user(user=user, slug=meetup.slug)
    client.force_login(user)
    for name in ("manage_meetup", "registrations", "checkin", "export_csv"):
        response = client.get(
            f"/meetups/beheer/{meetup.slug}/" if name == "manage_meetup" else _url(name, meetup)
        )
        assert response.status_code == (200 if allowed else 403), name


def _url(name, meetup):
    from django.urls import reverse

    return reverse(f"meetups:{name}", args=[meetup.slug])


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, meetup):
    response = client.get(_url("registrations", meetup))
    assert response.status_code == 302 and "/inloggen/" in response["Location"]


@pytest.mark.django_db
def test_draft_hidden_from_public_but_previewable(client, region, organisator, other_region):
    draft = MeetupFactory(region=region, status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(_url("briefing", draft)).status_code == 404
    client.force_login(organisator)
    response = client.get(_url("briefing", draft))
    assert response.status_code == 200
    assert "concept" in response.content.decode()
    elsewhere = MeetupFactory(region=other_region, status="draft")
    assert client.get(_url("briefing", elsewhere)).status_code == 404
