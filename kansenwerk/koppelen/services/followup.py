"""Follow-up of started pairs: short meeting logs, check-ins after 4 and 12 weeks, the end."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kansenwerk.core.types import AnyUser

from ..models import CheckIn, Match, Meeting
from .programmes import ensure_coordinator

CHECKIN_ANSWER_KEYS = ("contact", "going", "continue", "note")


def _ensure_started(match: Match) -> None:
    if match.status != Match.Status.ACCEPTED:
        raise ValidationError(_("Dit kan alleen bij een gestarte koppeling."))


@transaction.atomic
def meeting_log(
    *, user: AnyUser | None, match: Match, date: datetime.date, note: str = ""
) -> Meeting:
    ensure_coordinator(user=user, programme=match.programme)
    _ensure_started(match)
    if match.started_on and date < match.started_on:
        raise ValidationError(
            {"date": _("De datum ligt vóór de start van de koppeling; kies een latere datum.")}
        )
    if date > timezone.localdate():
        raise ValidationError({"date": _("Leg alleen ontmoetingen vast die al geweest zijn.")})
    meeting = Meeting(match=match, date=date, note=note.strip())
    meeting.full_clean(exclude=["match"])
    meeting.save()
    return meeting


@transaction.atomic
def checkin_record(
    *,
    user: AnyUser | None,
    match: Match,
    week: int,
    answers: dict[str, Any],
    done_on: datetime.date | None = None,
) -> CheckIn:
    """Record the check-in after 4 or 12 weeks (once per moment)."""
    ensure_coordinator(user=user, programme=match.programme)
    _ensure_started(match)
    if week not in CheckIn.Week.values:
        raise ValidationError({"week": _("Kies de check-in na 4 of na 12 weken.")})
    if match.checkins.filter(week=week).exists():
        raise ValidationError({"week": _("Deze check-in is al vastgelegd.")})
    unknown = set(answers) - set(CHECKIN_ANSWER_KEYS)
    if unknown:
        raise ValueError(f"unknown check-in answers: {sorted(unknown)}")
    return CheckIn.objects.create(
        match=match, week=week, done_on=done_on or timezone.localdate(), answers=answers
    )


@transaction.atomic
def match_end(
    *,
    user: AnyUser | None,
    match: Match,
    reason: str = "",
    note: str = "",
    ended_on: datetime.date | None = None,
) -> Match:
    """End a started pair; an empty reason means it ran its course, any other is an early end."""
    ensure_coordinator(user=user, programme=match.programme)
    _ensure_started(match)
    if reason not in Match.EndReason.values:
        raise ValidationError({"reason": _("Kies een reden uit de lijst.")})
    if reason == Match.EndReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Licht toe waarom de koppeling is gestopt.")})
    ended_on = ended_on or timezone.localdate()
    if match.started_on and ended_on < match.started_on:
        raise ValidationError({"ended_on": _("De einddatum ligt vóór de start.")})
    match.status = Match.Status.ENDED
    match.ended_on = ended_on
    match.early_end_reason = reason
    match.early_end_note = note.strip()
    match.save()
    return match
