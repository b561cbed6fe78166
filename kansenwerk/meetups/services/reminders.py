"""Reminder e-mails two days before a meetup, enqueued once per registration."""

from __future__ import annotations

import datetime
from functools import partial

from django.db import transaction
from django.utils import timezone

from kansenwerk.meetups.models import Meetup, Registration
from kansenwerk.meetups.tasks import send_registration_email


def _enqueue_reminder(registration_id: int) -> None:

    send_registration_email.enqueue(registration_id=registration_id, kind="reminder")


def reminders_enqueue_due(*, days: int = 2, now: datetime.datetime | None = None) -> int:
    """Mark and enqueue reminders for people with a place in a meetup starting within `days`.

    `reminded_at` is set in the same transaction, so running the command twice sends
    nobody two reminders.
    """
    now = now or timezone.now()
    due = Registration.objects.filter(
        meetup__status=Meetup.Status.PUBLISHED,
        meetup__starts_at__gt=now,
        meetup__starts_at__lte=now + datetime.timedelta(days=days),
        status__in=[Registration.Status.CONFIRMED, Registration.Status.INVITED],
        reminded_at__isnull=True,
        pseudonymised_at__isnull=True,
    ).exclude(email="")
    count = 0
    with transaction.atomic():
        for registration in due.select_for_update():
            registration.reminded_at = now
            registration.save(update_fields=["reminded_at", "updated_at"])
            transaction.on_commit(partial(_enqueue_reminder, registration.pk))
            count += 1
    return count
