"""Public intake: people sign themselves (or a child or pupil) up for an open programme.

No account is needed. The adult who fills in the form gives an e-mail address and gets a
personal link to view, change or withdraw the sign-up; only a hash of that link's token is
stored. Sign-ups of minors are, like every intake, visible only to the programme's
coordinators. The same rules apply to the web form and the API: both call `public_signup`.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import smtplib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kansenwerk.core.http import site_url

from ..models import Match, Participant, Programme
from .participants import INTAKE_DATA_FIELDS, _apply, _is_minor

# What a person fills in themselves: the intake without the coordinator's fields.
logger = logging.getLogger(__name__)

PUBLIC_FIELDS = tuple(f for f in INTAKE_DATA_FIELDS if f not in ("contact", "notes"))
# Under 16 a parent or guardian decides (AVG art. 8 as applied in the Netherlands).
UNDER_16 = (
    Participant.AgeBand.UNDER_8,
    Participant.AgeBand.UNDER_12,
    Participant.AgeBand.UNDER_16,
)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token(participant: Participant) -> str:
    token = secrets.token_urlsafe(32)
    participant.token_hash = hash_token(token)
    return token


def needs_parental_consent(*, is_minor: bool, age_band: str) -> bool:
    """Minors under 16, and minors whose age we do not know, need a parent's consent."""
    return is_minor and age_band != Participant.AgeBand.UNDER_18


@dataclass(frozen=True)
class SignupResult:
    participant: Participant
    duplicate: bool


def _duplicate(*, programme: Programme, side: str, email: str, name: str) -> Participant | None:
    """The same adult signing up the same person again: for mentors the e-mail address, for
    mentees the e-mail address together with the child's (pseudo)name."""
    qs = programme.participants.filter(
        side=side,
        email__iexact=email,
        withdrawn_at__isnull=True,
        pseudonymised_at__isnull=True,
    )
    if side == Participant.Side.MENTEE:
        qs = qs.filter(display_name__iexact=name.strip())
    return qs.first()


def send_personal_link(*, participant: Participant, token: str, again: bool = False) -> None:
    """E-mail the personal link (plain text, Dutch). Names stay out of the subject line.

    The link exists only in this message (the database keeps its hash), so it is sent here
    rather than through the task queue. A mail server that refuses is logged and the
    sign-up stands: the person sees the confirmation, and signing up again sends a fresh link.
    """
    try:
        _send_link_now(participant=participant, token=token, again=again)
    except (OSError, smtplib.SMTPException):
        logger.exception("Personal link for participant %s could not be sent", participant.pk)


def _send_link_now(*, participant: Participant, token: str, again: bool) -> None:
    link = site_url(reverse("koppelen:intake_manage", kwargs={"token": token}))
    with translation.override("nl"):
        body = render_to_string(
            "koppelen/email/intake_link.txt",
            {
                "participant": participant,
                "programme": participant.programme,
                "link": link,
                "again": again,
            },
        )
        subject = _("Uw aanmelding bij %(programme)s") % {"programme": participant.programme.name}
    EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[participant.email],
    ).send()


def _check_open(programme: Programme) -> None:
    if not programme.is_open:
        raise ValidationError(_("Dit programma staat niet open voor aanmelding."))


@transaction.atomic
def public_signup(
    *,
    programme: Programme,
    side: str,
    data: dict[str, Any],
    email: str,
    consent: bool,
    parental_consent: bool = False,
) -> SignupResult:
    """Sign somebody up through the public form or the API.

    A repeated sign-up (same adult, same person) creates nothing: the existing sign-up gets
    a fresh personal link by e-mail, and the caller shows the same confirmation, so the form
    does not reveal who is already signed up.
    """
    _check_open(programme)
    if side not in Participant.Side.values:
        raise ValidationError(_("Onbekende kant van het programma."))
    if not consent:
        raise ValidationError({"consent": _("Zonder toestemming slaan we niets op.")})
    email = (email or "").strip()
    if not email:
        raise ValidationError({"email": _("Vul een e-mailadres in voor de bevestiging.")})
    unknown = set(data) - set(PUBLIC_FIELDS)
    if unknown:
        raise ValidationError(
            _("Onbekende velden: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    is_minor = _is_minor(programme=programme, side=side)
    age_band = data.get("age_band") or ""
    if needs_parental_consent(is_minor=is_minor, age_band=age_band) and not parental_consent:
        raise ValidationError(
            {
                "parental_consent": _(
                    "Voor een kind jonger dan 16 jaar is toestemming van een ouder of "
                    "verzorger nodig."
                )
            }
        )
    existing = _duplicate(
        programme=programme, side=side, email=email, name=data.get("display_name", "")
    )
    if existing is not None:
        token = _new_token(existing)
        existing.save(update_fields=["token_hash", "updated_at"])
        send_personal_link(participant=existing, token=token, again=True)
        return SignupResult(participant=existing, duplicate=True)
    participant = Participant(
        programme=programme,
        side=side,
        is_minor=is_minor,
        capacity=programme.default_capacity,
        email=email,
        signed_up_publicly=True,
        consent_at=timezone.now(),
        parental_consent=bool(parental_consent),
    )
    if not is_minor:
        data = {**data, "filled_in_by": data.get("filled_in_by") or Participant.FilledInBy.SELF}
    _apply(participant, data)
    token = _new_token(participant)
    participant.save()
    send_personal_link(participant=participant, token=token)
    return SignupResult(participant=participant, duplicate=False)


def participant_for_token(*, token: str) -> Participant | None:
    """The sign-up behind a personal link; None for unknown, withdrawn or erased ones."""
    if not token or len(token) > 100:
        return None
    return (
        Participant.objects.select_related("programme", "programme__owner", "programme__region")
        .filter(
            token_hash=hash_token(token),
            withdrawn_at__isnull=True,
            pseudonymised_at__isnull=True,
        )
        .first()
    )


@transaction.atomic
def participant_self_update(*, participant: Participant, data: dict[str, Any]) -> Participant:
    """The adult corrects the answers through the personal link."""
    unknown = set(data) - set(PUBLIC_FIELDS)
    if unknown:
        raise ValidationError(
            _("Onbekende velden: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    if participant.withdrawn_at or participant.pseudonymised_at:
        raise ValidationError(_("Deze aanmelding is ingetrokken."))
    _apply(participant, data)
    participant.save()
    return participant


@transaction.atomic
def participant_withdraw(*, participant: Participant) -> Participant:
    """Withdraw a sign-up: proposed and locked pairs are removed (the partner goes back to the
    pool for the next run), a started pair ends, and the personal link stops working.
    Somebody who never started a pair is pseudonymised at once; otherwise the programme's
    retention period applies, as for everybody whose pair ended."""
    if participant.withdrawn_at:
        return participant
    now = timezone.now()
    involved = Q(mentor=participant) | Q(mentee=participant)
    for match in Match.objects.filter(
        involved, status__in=(Match.Status.PROPOSED, Match.Status.LOCKED)
    ):
        match.delete()
    reason = (
        Match.EndReason.MENTOR_STOPPED
        if participant.side == Participant.Side.MENTOR
        else Match.EndReason.MENTEE_STOPPED
    )
    for match in Match.objects.filter(involved, status=Match.Status.ACCEPTED):
        match.status = Match.Status.ENDED
        match.ended_on = timezone.localdate()
        match.early_end_reason = reason
        match.save(update_fields=["status", "ended_on", "early_end_reason", "updated_at"])
    participant.withdrawn_at = now
    participant.token_hash = ""
    participant.save(update_fields=["withdrawn_at", "token_hash", "updated_at"])
    if not Match.objects.filter(involved).exists():
        # Consent withdrawn and nothing to account for: erase the personal data now rather
        # than at the end of the retention period.
        from .privacy import pseudonymise_participant

        pseudonymise_participant(participant=participant, now=now)
    return participant
