"""Retention: personal data of participants is pseudonymised a set time after their last pair.

What stays is what the overview and regio-inzicht count (side, status, dates, end reasons,
structured check-in answers); names, contact details, intake answers and notes go (the
fields declared in kansenwerk/koppelen/privacy.py).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Max
from django.utils import timezone

from ..models import Match, Participant


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier (clamped to the month's last day)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in range(day.day, 27, -1) if day.day > 28 else (day.day,):
        try:
            return datetime.date(year, month, candidate)
        except ValueError:
            continue
    return datetime.date(year, month, 28)


def participants_due_for_pseudonymisation(
    *, today: datetime.date | None = None
) -> list[Participant]:
    """Participants without an open pair whose last activity (intake, end of a pair, a
    meeting) is longer ago than their programme's retention period."""
    today = today or timezone.localdate()
    open_ids = set(
        Match.objects.filter(status__in=Match.ACTIVE).values_list("mentor_id", flat=True)
    ) | set(Match.objects.filter(status__in=Match.ACTIVE).values_list("mentee_id", flat=True))
    candidates = (
        Participant.objects.filter(pseudonymised_at__isnull=True)
        .exclude(pk__in=open_ids)
        .select_related("programme")
        .annotate(
            last_end_as_mentor=Max("matches_as_mentor__ended_on"),
            last_end_as_mentee=Max("matches_as_mentee__ended_on"),
            last_meeting_as_mentor=Max("matches_as_mentor__meetings__date"),
            last_meeting_as_mentee=Max("matches_as_mentee__meetings__date"),
        )
    )
    due: list[Participant] = []
    for participant in candidates:
        dates = [
            timezone.localtime(participant.created_at).date(),
            participant.last_end_as_mentor,
            participant.last_end_as_mentee,
            participant.last_meeting_as_mentor,
            participant.last_meeting_as_mentee,
        ]
        last = max(d for d in dates if d is not None)
        if last < months_before(today, participant.programme.retention_months):
            due.append(participant)
    return due


def pseudonymise_participant(*, participant: Participant, now: Any = None) -> Participant:
    """Replace everything that identifies a participant; idempotent.

    The erasure is the privacy register's (`kansenwerk.koppelen.privacy.participant_erase`):
    the declared fields of the participant, their pairs' notes, and the audit log.
    """
    from kansenwerk.koppelen.privacy import participant_erase

    if participant.pseudonymised_at:
        return participant
    participant_erase(participant=participant, now=now or timezone.now())
    return participant
