"""Retention: personal data of participants is pseudonymised a set time after their last pair.

What stays is what the overview and regio-inzicht count (side, status, dates, end reasons,
structured check-in answers); names, contact details, intake answers and notes go.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from ..models import CheckIn, Match, Meeting, Participant


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


@transaction.atomic
def pseudonymise_participant(*, participant: Participant, now: Any = None) -> Participant:
    """Replace everything that identifies a participant; idempotent."""
    if participant.pseudonymised_at:
        return participant
    participant.display_name = f"{participant.get_side_display()} {participant.pk}"
    for name in ("contact", "home_language", "postcode_area", "age_band", "gender"):
        setattr(participant, name, "")
    participant.gender_preference = ""
    participant.notes = ""
    for name in ("languages", "availability", "interests", "needs", "ranking"):
        setattr(participant, name, [])
    participant.year_group = None
    participant.pseudonymised_at = now or timezone.now()
    participant.save()
    matches = Match.objects.filter(Q(mentor=participant) | Q(mentee=participant))
    for match in matches:
        match.reasons = []
        match.early_end_note = ""
        match.save()
    # Free-text notes may name people; structured answers stay for the overview.
    Meeting.objects.filter(match__in=matches).exclude(note="").update(note="")
    for checkin in CheckIn.objects.filter(match__in=matches):
        if checkin.answers.get("note"):
            checkin.answers = {k: v for k, v in checkin.answers.items() if k != "note"}
            checkin.save()
    return participant
