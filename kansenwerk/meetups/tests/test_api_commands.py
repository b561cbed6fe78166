"""The JSON API and the management commands."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from kansenwerk.kennisbank.tests.factories import ThemeFactory
from kansenwerk.meetups.models import Meetup, Registration

from .factories import MeetupFactory, RegistrationFactory

API = "/api/meetups/{slug}/registrations"


def payload(**overrides):
    data = {
        "name": "Sanne Kok",
        "email": "sanne@voorbeeld.invalid",
        "organisation": "Bibliotheek Zuid",
        "profession": "bibliotheek",
        "theme_choices": ["taal", "ouders"],
        "consent": True,
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_api_confirmed_then_waitlisted(client, meetup, themes):
    for n in range(3):
        r = client.post(
            API.format(slug=meetup.slug),
            payload(email=f"a{n}@voorbeeld.invalid"),
            content_type="application/json",
        )
        assert r.status_code == 201
        assert r.json()["status"] == "confirmed" and r.json()["position"] is None
    r = client.post(
        API.format(slug=meetup.slug),
        payload(email="late@voorbeeld.invalid"),
        content_type="application/json",
    )
    assert r.status_code == 201
    assert r.json() == {
        "id": r.json()["id"],
        "status": "waitlisted",
        "position": 1,
        "theme": None,
        "waitlist_reason": "meetup_full",
    }
    assert Registration.objects.get(pk=r.json()["id"]).channel == "api"


@pytest.mark.django_db
def test_api_errors_in_dutch(client, meetup, themes):
    r = client.post(
        API.format(slug=meetup.slug),
        payload(email="x", consent=False, profession="astronaut"),
        content_type="application/json",
    )
    assert r.status_code == 400
    errors = r.json()["errors"]
    assert set(errors) >= {"email", "consent", "profession"}
    assert "toestemming" in errors["consent"][0]
    r = client.post(
        API.format(slug=meetup.slug),
        payload(theme_choices=["onbekend"]),
        content_type="application/json",
    )
    assert r.status_code == 400 and "Onbekend thema" in r.json()["errors"]["theme_choices"][0]
    assert (
        client.post(
            API.format(slug="bestaat-niet"), payload(), content_type="application/json"
        ).status_code
        == 404
    )


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Meetup.Status.DRAFT, Meetup.Status.CANCELLED])
def test_api_refuses_meetups_that_are_not_open(client, region, status):
    meetup = MeetupFactory(region=region, status=status)
    r = client.post(API.format(slug=meetup.slug), payload(), content_type="application/json")
    assert r.status_code == 404 and "niet open" in r.json()["errors"]["__all__"][0]
    assert not Registration.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "slug", ["x" * 5000, "%20", "a%27b", "%E2%9C%93", "a%00b", "99999999999999999999"]
)
def test_api_hostile_slugs_are_a_dutch_404(client, meetup, slug):
    r = client.post(API.format(slug=slug), payload(), content_type="application/json")
    assert r.status_code == 404 and r.json()["errors"]["__all__"]


@pytest.mark.django_db
def test_api_links_the_netwerk_organisation_of_the_meetups_region_only(client, meetup, themes):
    from kansenwerk.core.tests.factories import RegionFactory
    from kansenwerk.netwerk.models import Organization

    elsewhere = Organization.objects.create(
        name="Bibliotheek Zuid", region=RegionFactory(name="Regio West"), kind="school_vo"
    )
    r = client.post(API.format(slug=meetup.slug), payload(), content_type="application/json")
    assert r.status_code == 201
    assert Registration.objects.get(pk=r.json()["id"]).organisation_ref_id is None
    here = Organization.objects.create(
        name="BIBLIOTHEEK zuid", region=meetup.region, kind=Organization.Kind.BIBLIOTHEEK
    )
    r = client.post(
        API.format(slug=meetup.slug),
        payload(email="tweede@voorbeeld.invalid"),
        content_type="application/json",
    )
    linked = Registration.objects.get(pk=r.json()["id"])
    assert (linked.organisation_ref_id, linked.organisation_kind) == (here.pk, "bibliotheek")
    assert linked.organisation_ref_id != elsewhere.pk
    # A kind the person gives is kept.
    r = client.post(
        API.format(slug=meetup.slug),
        payload(email="derde@voorbeeld.invalid", organisation_kind="school_po"),
        content_type="application/json",
    )
    third = Registration.objects.get(pk=r.json()["id"])
    assert (third.organisation_ref_id, third.organisation_kind) == (here.pk, "school_po")
    # LIKE's wildcards in a name are ordinary characters (SQLite's iexact is a LIKE).
    r = client.post(
        API.format(slug=meetup.slug),
        payload(email="vierde@voorbeeld.invalid", organisation="Bibliotheek_Zui%"),
        content_type="application/json",
    )
    assert Registration.objects.get(pk=r.json()["id"]).organisation_ref_id is None


@pytest.mark.django_db
def test_api_without_themes(client, region):
    meetup = MeetupFactory(region=region)
    r = client.post(
        API.format(slug=meetup.slug), payload(theme_choices=[]), content_type="application/json"
    )
    assert r.status_code == 201


@pytest.mark.django_db
def test_meetup_create_command_json(region):
    theme = ThemeFactory(title="Taal centraal")
    out = StringIO()
    call_command(
        "meetup-create",
        "--region", region.name,
        "--title", "Najaarsavond",
        "--starts-at", "2031-10-02T19:30",
        "--capacity", "35",
        "--themes", theme.slug,
        "--json",
        stdout=out,
    )  # fmt: skip
    data = json.loads(out.getvalue())
    meetup = Meetup.objects.get(pk=data["id"])
    assert data["slug"] == meetup.slug and data["url"].endswith(f"/meetups/{meetup.slug}/")
    assert meetup.capacity == 35 and meetup.themes.get().theme == theme
    assert timezone.localtime(meetup.starts_at).hour == 19


@pytest.mark.django_db
def test_meetup_create_command_errors(region):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Regio niet gevonden"):
        call_command(
            "meetup-create",
            "--region",
            "Nergens",
            "--title",
            "X",
            "--starts-at",
            "2031-01-01T19:00",
            "--capacity",
            "5",
        )
    with pytest.raises(CommandError, match="ISO 8601"):
        call_command(
            "meetup-create",
            "--region",
            region.name,
            "--title",
            "X",
            "--starts-at",
            "morgen",
            "--capacity",
            "5",
        )


@pytest.mark.django_db
def test_periodic_commands(meetup):
    invited = RegistrationFactory(
        meetup=meetup, status="invited", invited_until=timezone.now() - datetime.timedelta(hours=1)
    )
    out = StringIO()
    call_command("meetups-process-waitlist", stdout=out)
    invited.refresh_from_db()
    assert invited.status == "expired" and "1 uitnodiging" in out.getvalue()
    out = StringIO()
    call_command("meetups-send-reminders", stdout=out)
    assert "0 herinnering" in out.getvalue()
    out = StringIO()
    call_command("meetups-pseudonymise", stdout=out)
    assert "0 aanmelding" in out.getvalue()


@pytest.mark.django_db
def test_demo_is_idempotent():
    from kansenwerk.core.demo.load import load_demo
    from kansenwerk.core.models import AuditLogEntry
    from kansenwerk.meetups.demo import load_meetups_demo

    load_demo(with_users=False)
    meetup = load_meetups_demo()
    assert meetup.status == "published" and meetup.themes.count() == 3
    assert meetup.registrations.count() == 30
    before = AuditLogEntry.objects.count()
    assert load_meetups_demo() == meetup
    assert AuditLogEntry.objects.count() == before
