"""Reminders to agreement owners: N days before the deadline, and once after it passed
without any progress. `ReminderSent` remembers each mail (per deadline), so running the
job twice a day, or after a crash, never mails anyone twice.

The clock is injected (`now=`) so the schedule is tested without freezing time.
"""

from __future__ import annotations

import datetime
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from kansenwerk.afspraken.models import OPEN_STATUSES, Agreement, ProgressUpdate, ReminderSent
from kansenwerk.afspraken.tasks import send_agreement_reminder

Kind = ReminderSent.Kind


def reminder_days_before() -> int:
    return int(getattr(settings, "AFSPRAKEN_REMINDER_DAYS_BEFORE", 7))


def _not_sent(kind: str):
    return ~Exists(
        ReminderSent.objects.filter(
            agreement=OuterRef("pk"), kind=kind, due_date=OuterRef("due_date")
        )
    )


def reminders_due(*, now: datetime.datetime | None = None) -> dict[str, list[int]]:
    """Ids of agreements that should get each kind of reminder at `now`."""
    today = timezone.localdate(now or timezone.now())
    days = reminder_days_before()
    base = Agreement.objects.filter(status__in=OPEN_STATUSES).exclude(owner_email="")
    before = base.filter(
        due_date__gte=today, due_date__lte=today + datetime.timedelta(days=days)
    ).filter(_not_sent(Kind.BEFORE))
    # "Without an update": nothing on the timeline since the reminder window opened.
    recent_update = ProgressUpdate.objects.filter(
        agreement=OuterRef("pk"),
        date__gte=OuterRef("due_date") - datetime.timedelta(days=days),
    )
    overdue = (
        base.filter(due_date__lt=today)
        .filter(~Exists(recent_update))
        .filter(_not_sent(Kind.OVERDUE))
    )
    return {
        Kind.BEFORE: list(before.order_by("pk").values_list("pk", flat=True)),
        Kind.OVERDUE: list(overdue.order_by("pk").values_list("pk", flat=True)),
    }


def agreements_send_reminders(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Record and enqueue every reminder due at `now`; returns how many per kind."""

    now = now or timezone.now()
    counts: dict[str, int] = {}
    for kind, ids in reminders_due(now=now).items():
        counts[str(kind)] = 0
        for agreement in Agreement.objects.filter(pk__in=ids).only("pk", "due_date"):
            with transaction.atomic():
                _, created = ReminderSent.objects.get_or_create(
                    agreement=agreement,
                    kind=kind,
                    due_date=agreement.due_date,
                    defaults={"sent_at": now},
                )
                if created:
                    counts[str(kind)] += 1
                    transaction.on_commit(
                        partial(_enqueue_reminder, agreement_id=agreement.pk, kind=str(kind))
                    )
    return counts


def _enqueue_reminder(*, agreement_id: int, kind: str) -> None:

    send_agreement_reminder.enqueue(agreement_id=agreement_id, kind=kind)
