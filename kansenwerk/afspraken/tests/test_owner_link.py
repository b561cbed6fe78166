"""The owner's personal link: it expires some months after the due date, and edits through
it are logged as the owner's."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from kansenwerk.afspraken.models import Agreement, AgreementStatus
from kansenwerk.afspraken.tests.factories import AgreementFactory
from kansenwerk.core.models import AuditLogEntry

pytestmark = pytest.mark.django_db


def _due(months_ago: int, days: int = 0) -> datetime.date:
    return timezone.localdate() - relativedelta(months=months_ago) - datetime.timedelta(days=days)


def test_link_works_up_to_six_months_after_the_due_date(client, meetup):
    agreement = AgreementFactory(meetup=meetup, due_date=_due(6))
    response = client.get(reverse("afspraken:owner", args=[agreement.token]))
    assert response.status_code == 200


def test_expired_link_explains_in_dutch_what_to_do(client, meetup):
    agreement = AgreementFactory(meetup=meetup, due_date=_due(6, days=1), what="Leesclub starten")
    url = reverse("afspraken:owner", args=[agreement.token])
    response = client.get(url)
    assert response.status_code == 410
    body = response.content.decode()
    assert "Deze link is verlopen" in body
    assert "organisator of de regiocoördinator" in body
    assert meetup.title in body
    assert "Leesclub starten" not in body  # the expired link shows nothing of the agreement
    assert agreement.owner_name not in body

    response = client.post(url, {"new_status": "bezig", "text": "Toch nog"})
    assert response.status_code == 410
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.GEPLAND
    assert not agreement.updates.exists()


def test_months_come_from_the_setting(client, meetup, settings):
    settings.KANSENWERK_OWNER_LINK_MONTHS_AFTER_DUE = 1
    recent = AgreementFactory(meetup=meetup, due_date=_due(0, days=20))
    older = AgreementFactory(meetup=meetup, due_date=_due(2))
    assert client.get(reverse("afspraken:owner", args=[recent.token])).status_code == 200
    assert client.get(reverse("afspraken:owner", args=[older.token])).status_code == 410


def test_edit_through_the_link_is_logged_as_the_owner(client, meetup, organisator):
    agreement = AgreementFactory(meetup=meetup)
    # Even an organiser who happens to be signed in edits as "the owner" on this page.
    client.force_login(organisator)
    response = client.post(
        reverse("afspraken:owner", args=[agreement.token]),
        {"new_status": "bezig", "text": "Eerste bijeenkomst gehouden"},
    )
    assert response.status_code == 302
    entries = AuditLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Agreement), object_id=str(agreement.pk)
    ).exclude(action=AuditLogEntry.Action.CREATE)
    assert entries.exists()
    for entry in entries:
        assert entry.source == AuditLogEntry.Source.LINK
        assert entry.actor is None and entry.actor_label == ""
