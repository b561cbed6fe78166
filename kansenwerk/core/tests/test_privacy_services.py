"""Export and erasure by e-mail address: the commands, the beheerder page, the self-service
page and the retention jobs all use the same code; the audit log keeps no personal data."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kansenwerk.afspraken.tests.factories import AgreementFactory
from kansenwerk.core import privacy
from kansenwerk.core.models import AuditLogEntry
from kansenwerk.core.tests.factories import UserFactory
from kansenwerk.meetups.models import Registration
from kansenwerk.netwerk.models import ContactPerson
from kansenwerk.netwerk.tests.factories import OrganizationFactory
from kansenwerk.tafels.models import TablePlan
from kansenwerk.tafels.tests.factories import MeetupFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

EMAIL = "fenna.vdberg@voorbeeld.test"
NAME = "Fenna van den Bergkamp"


def entries_for(obj):
    return AuditLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
    )


@pytest.fixture
def person(region):
    meetup = MeetupFactory(region=region, title="Kansenavond Noord")
    registration = RegistrationFactory(meetup=meetup, name=NAME, email=EMAIL, needs="vegetarisch")
    agreement = AgreementFactory(meetup=meetup, owner_name=NAME, owner_email=EMAIL.upper())
    contact = ContactPerson.objects.create(
        organization=OrganizationFactory(region=region), name=NAME, email=EMAIL, phone="0101234567"
    )
    return {"registration": registration, "agreement": agreement, "contact": contact}


def test_export_lists_every_item_with_app_kind_id_and_fields(person):
    items = privacy.privacy_export(email=EMAIL)
    by_kind = {(i["app"], i["kind"]): i for i in items}
    registration = by_kind[("meetups", "registration")]
    assert registration["id"] == person["registration"].pk
    assert registration["fields"]["name"] == NAME
    assert registration["fields"]["needs"] == "vegetarisch"
    # Addresses match case-insensitively.
    assert by_kind[("afspraken", "agreement")]["fields"]["owner_email"] == EMAIL.upper()
    assert by_kind[("netwerk", "contact_person")]["fields"]["phone"] == "0101234567"
    json.dumps(items)  # JSON-safe as it is


def test_unknown_address_gives_an_empty_result_and_exit_zero(person):
    out = StringIO()
    call_command("privacy-export", "--email", "niemand@voorbeeld.test", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"email": "niemand@voorbeeld.test", "items": []}
    out = StringIO()
    call_command("privacy-erase", "--email", "niemand@voorbeeld.test", "--json", stdout=out)
    assert json.loads(out.getvalue())["changed"] == {}
    assert privacy.privacy_export(email="geen adres") == []
    assert Registration.objects.get(pk=person["registration"].pk).name == NAME


def test_commands_export_then_erase_and_say_what_changed(person):
    UserFactory(username="fenna", email=EMAIL, first_name="Fenna", last_name="van den Bergkamp")
    out = StringIO()
    call_command("privacy-export", "--email", EMAIL, "--json", stdout=out)
    exported = json.loads(out.getvalue())["items"]
    assert {i["kind"] for i in exported} == {
        "account",
        "registration",
        "agreement",
        "contact_person",
    }
    out = StringIO()
    call_command("privacy-erase", "--email", EMAIL, stdout=out)
    text = out.getvalue()
    assert "registration: 1" in text and "contact_person: 1" in text
    assert "gedeactiveerd en geanonimiseerd" in text
    assert not ContactPerson.objects.exists()
    registration = Registration.objects.get(pk=person["registration"].pk)
    assert (registration.name, registration.email, registration.needs) == ("", "", "")
    assert registration.token != person["registration"].token
    agreement = person["agreement"]
    agreement.refresh_from_db()
    assert agreement.owner_name == privacy.NAME_REPLACEMENT and agreement.token_revoked_at
    out = StringIO()
    call_command("privacy-export", "--email", EMAIL, "--json", stdout=out)
    assert json.loads(out.getvalue())["items"] == []


def test_erasure_is_one_transaction(person, monkeypatch):
    def broken(subject, items):
        raise RuntimeError("zoekindex weg")

    monkeypatch.setitem(privacy._AFTER_ERASE, "zz-broken", broken)
    with pytest.raises(RuntimeError):
        privacy.privacy_erase(email=EMAIL)
    assert Registration.objects.get(pk=person["registration"].pk).name == NAME
    assert ContactPerson.objects.filter(pk=person["contact"].pk).exists()


def test_audit_log_holds_no_declared_personal_data(person, region):
    registration = person["registration"]
    assert {e.object_repr for e in entries_for(registration)} == {f"Aanmelding #{registration.pk}"}
    agreement = person["agreement"]
    agreement.people = "Bert Heerkens"
    agreement.save()
    update = entries_for(agreement).get(action="update")
    assert update.changes["people"] == [None, privacy.MARKER]
    assert update.object_repr == f"Afspraak #{agreement.pk}"
    assert "Bert" not in json.dumps(list(entries_for(agreement).values_list("changes", flat=True)))
    # Models without personal data keep their readable name.
    assert entries_for(region).get().object_repr == region.name


def test_data_migration_cleans_existing_rows(person):
    import importlib

    registration = person["registration"]
    ct = ContentType.objects.get_for_model(Registration)
    old = AuditLogEntry.objects.create(
        source="web",
        action="update",
        content_type=ct,
        object_id=str(registration.pk),
        object_repr=NAME,
        changes={"name": ["Oude naam", NAME], "status": ["confirmed", "cancelled"]},
    )
    migration = importlib.import_module(
        "kansenwerk.core.migrations.0003_audit_log_without_personal_data"
    )
    from django.apps import apps

    migration.clean(apps, None)
    old.refresh_from_db()
    assert old.object_repr == f"Aanmelding #{registration.pk}"
    assert old.changes == {
        "name": [privacy.MARKER, privacy.MARKER],
        "status": ["confirmed", "cancelled"],
    }


def test_beheerder_page_permissions(client, coordinator, organisator, deelnemer):
    url = reverse("core:privacy_subject")
    response = client.get(url, {"email": EMAIL})
    assert response.status_code == 302 and "/inloggen/" in response["Location"]
    for user in (coordinator, organisator, deelnemer):
        client.force_login(user)
        assert client.get(url, {"email": EMAIL}).status_code == 403
        assert (
            client.post(url, {"email": EMAIL, "action": "erase", "confirm": "1"}).status_code == 403
        )


def test_beheerder_looks_up_confirms_and_erases(client, beheerder, person):
    client.force_login(beheerder)
    url = reverse("core:privacy_subject")
    page = client.get(url, {"email": EMAIL}).content.decode()
    assert "3 gegevens over" in page and NAME in page and "contact_person" in page
    # The first press only asks for confirmation; a confirmation without the tick neither erases.
    page = client.post(url, {"email": EMAIL, "action": "erase"}).content.decode()
    assert "Definitief verwijderen" in page
    page = client.post(url, {"email": EMAIL, "action": "erase", "step": "confirm"}).content.decode()
    assert "Vink aan" in page
    assert Registration.objects.get(pk=person["registration"].pk).name == NAME
    page = client.post(
        url, {"email": EMAIL, "action": "erase", "step": "confirm", "confirm": "1"}
    ).content.decode()
    assert "Verwijderd voor" in page and "registration" in page
    assert Registration.objects.get(pk=person["registration"].pk).name == ""
    # The erasure itself is logged with the beheerder as actor, without the name.
    entry = entries_for(person["registration"]).filter(action="update").latest("id")
    assert entry.actor == beheerder and NAME not in json.dumps(entry.changes)
    # Bad input: a Dutch message, no 500.
    response = client.get(url, {"email": "geen-adres"})
    assert response.status_code == 200 and "geldig e-mailadres" in response.content.decode()


def _plan_naming(registration) -> TablePlan:
    return TablePlan.objects.create(
        meetup=registration.meetup,
        last_moves=[
            {"round": 1, "registration_id": registration.pk, "name": registration.name},
            {"round": 1, "registration_id": 0, "name": "Iemand anders"},
        ],
    )


def test_self_service_delete_uses_the_same_erasure(client, person):
    registration = person["registration"]
    plan = _plan_naming(registration)
    manage = reverse("meetups:registration_manage", args=[registration.token])
    response = client.post(manage, {"action": "delete", "confirm": "1"})
    assert response.status_code == 302
    assert not Registration.objects.filter(pk=registration.pk).exists()
    plan.refresh_from_db()
    assert [m["name"] for m in plan.last_moves] == [privacy.NAME_REPLACEMENT, "Iemand anders"]
    assert not AuditLogEntry.objects.filter(object_repr__icontains="Bergkamp").exists()
    texts = [json.dumps(c) for c in AuditLogEntry.objects.values_list("changes", flat=True)]
    assert not any("Bergkamp" in t for t in texts)
    # The agreement they own is another matter (not reachable from a registration link).
    assert privacy.privacy_export(email=EMAIL)


def test_retention_job_uses_the_same_erasure(person):
    registration = person["registration"]
    plan = _plan_naming(registration)
    Registration.objects.filter(pk=registration.pk).update(status="attended")
    meetup = registration.meetup
    meetup.starts_at = timezone.now() - datetime.timedelta(days=400)
    meetup.save()
    out = StringIO()
    call_command("meetups-pseudonymise", stdout=out)
    assert "1 aanmelding(en) gepseudonimiseerd." in out.getvalue()
    plan.refresh_from_db()
    assert plan.last_moves[0]["name"] == privacy.NAME_REPLACEMENT
    registration.refresh_from_db()
    assert registration.pseudonymised_at and registration.name == ""


def test_retention_of_many_registrations_cleans_traces_in_one_pass(region):
    from kansenwerk.core.models import Region

    meetup = MeetupFactory(region=region, starts_at=timezone.now() - datetime.timedelta(days=900))
    people = [
        RegistrationFactory(
            meetup=meetup, name=f"Gerlof Tammeling{i}", email=f"gt{i}@voorbeeld.test"
        )
        for i in range(30)
    ]
    legacy = AuditLogEntry.objects.create(
        source="web",
        action="update",
        content_type=ContentType.objects.get_for_model(Region),
        object_id=str(region.pk),
        object_repr=region.name,
        changes={"description": ["", "Gebeld met gt17@voorbeeld.test (Gerlof Tammeling17)"]},
    )
    untouched = AuditLogEntry.objects.create(
        source="web",
        action="update",
        content_type=ContentType.objects.get_for_model(Region),
        object_id=str(region.pk),
        object_repr=region.name,
        changes={"description": ["", "Niets over aanmelders"]},
    )
    out = StringIO()
    call_command("meetups-pseudonymise", stdout=out)
    assert f"{len(people)} aanmelding(en) gepseudonimiseerd." in out.getvalue()
    legacy.refresh_from_db()
    assert legacy.changes["description"][1] == (
        f"Gebeld met {privacy.EMAIL_REPLACEMENT} ({privacy.NAME_REPLACEMENT})"
    )
    untouched.refresh_from_db()
    assert untouched.changes["description"][1] == "Niets over aanmelders"
