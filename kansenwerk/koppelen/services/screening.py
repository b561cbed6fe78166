"""Screening of mentors: the steps a programme requires before somebody can be matched
(intake talk, VOG requested and received, training), and which steps have stalled."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kansenwerk.core.types import AnyUser

from ..models import Participant, Programme
from .programmes import ensure_coordinator

STEP_LABELS = {
    "intake_talk": gettext_lazy("intakegesprek"),
    "vog": gettext_lazy("VOG ontvangen"),
    "training": gettext_lazy("training gevolgd"),
}
# After this many days without progress a step shows up as a reminder for the coordinator.
STALL_DAYS = {"intake_talk": 14, "vog": 42, "training": 30}
DATE_FIELDS = ("intake_talk_on", "vog_requested_on", "vog_received_on", "training_on")


def step_label(step: str) -> str:
    return str(STEP_LABELS.get(step, step))


@transaction.atomic
def participant_screening_update(
    *, user: AnyUser | None, participant: Participant, dates: dict[str, datetime.date | None]
) -> Participant:
    """Record the dates of screening steps. A received VOG also sets `has_vog`, which the
    VOG rule for minors reads."""
    ensure_coordinator(user=user, programme=participant.programme)
    if participant.side != Participant.Side.MENTOR:
        raise ValidationError(_("Alleen mentoren doorlopen de stappen voor het koppelen."))
    unknown = set(dates) - set(DATE_FIELDS)
    if unknown:
        raise ValueError(f"unknown screening fields: {sorted(unknown)}")
    today = timezone.localdate()
    for name, value in dates.items():
        if value is not None and value > today:
            raise ValidationError({name: _("Een datum in de toekomst kan niet.")})
        setattr(participant, name, value)
    if (
        participant.vog_requested_on
        and participant.vog_received_on
        and participant.vog_received_on < participant.vog_requested_on
    ):
        raise ValidationError(
            {"vog_received_on": _("De VOG kan niet ontvangen zijn vóór de aanvraag.")}
        )
    if "vog_received_on" in dates:
        participant.has_vog = participant.vog_received_on is not None
    participant.save(update_fields=[*dates, "has_vog", "updated_at"])
    return participant


@dataclass(frozen=True)
class StalledStep:
    participant: Participant
    step: str
    since: datetime.date
    days: int

    @property
    def label(self) -> str:
        return step_label(self.step)


def stalled_steps(*, programme: Programme, today: datetime.date | None = None) -> list[StalledStep]:
    """Required steps that have waited too long: no intake talk 14 days after sign-up, no VOG
    42 days after it was requested (or after the intake talk), no training 30 days after the
    intake talk."""
    today = today or timezone.localdate()
    steps = programme.screening_steps or []
    result: list[StalledStep] = []
    mentors = programme.participants.filter(
        side=Participant.Side.MENTOR, withdrawn_at__isnull=True, pseudonymised_at__isnull=True
    )
    for mentor in mentors:
        mentor.programme = programme
        signed_up = timezone.localdate(mentor.created_at)
        for step in steps:
            if mentor.screening_done(step):
                continue
            if step == "intake_talk":
                since = signed_up
            elif step == "vog":
                since = mentor.vog_requested_on or mentor.intake_talk_on or signed_up
            else:
                since = mentor.intake_talk_on or signed_up
            days = (today - since).days
            if days >= STALL_DAYS[step]:
                result.append(StalledStep(participant=mentor, step=step, since=since, days=days))
    return sorted(result, key=lambda s: (-s.days, s.participant.pk))


def screening_reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail each coordinator of a programme with stalled steps how many there are and where
    to look. No names in the e-mail: the programme page shows them after login."""
    from django.conf import settings
    from django.core.mail import EmailMessage
    from django.utils import translation

    from kansenwerk.core.http import site_url

    sent = 0
    programmes = Programme.objects.exclude(screening_steps=[]).prefetch_related("coordinators")
    for programme in programmes:
        stalled = stalled_steps(programme=programme, today=today)
        if not stalled:
            continue
        with translation.override("nl"):
            subject = _("%(programme)s: %(count)d stap(pen) van mentoren staan te lang open") % {
                "programme": programme.name,
                "count": len(stalled),
            }
            counts: dict[str, int] = {}
            for item in stalled:
                counts[item.label] = counts.get(item.label, 0) + 1
            lines = [f"- {label}: {count}" for label, count in counts.items()]
            body = "\n".join(
                [
                    _("Bij deze mentoren staat een stap te lang open:"),
                    *lines,
                    "",
                    _("Bekijk wie het zijn op de programmapagina:"),
                    site_url(programme.get_absolute_url()),
                ]
            )
        recipients = [c.email for c in programme.coordinators.all() if c.is_active and c.email]
        if recipients:
            EmailMessage(
                subject=subject,
                body=body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=recipients,
            ).send()
            sent += 1
    return sent
