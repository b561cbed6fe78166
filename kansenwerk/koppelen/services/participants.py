"""Intake of participants (by hand or from a cohort spreadsheet) and audit-logged access."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from kansenwerk.core.audit import record_change
from kansenwerk.core.types import AnyUser

from ..matching.csv_io import CohortFileError, read_people_text
from ..models import Match, Participant, Programme
from .programmes import ensure_coordinator

INTAKE_DATA_FIELDS = (
    "display_name",
    "contact",
    "filled_in_by",
    "languages",
    "home_language",
    "availability",
    "postcode_area",
    "interests",
    "year_group",
    "age_band",
    "needs",
    "gender",
    "gender_preference",
    "capacity",
    "notes",
)
VIEW_ACTION = "view"


def _is_minor(*, programme: Programme, side: str) -> bool:
    if side == Participant.Side.MENTEE:
        return programme.mentee_is_minor
    return programme.mentor_is_minor


def _apply(participant: Participant, data: dict[str, Any]) -> None:
    unknown = set(data) - set(INTAKE_DATA_FIELDS)
    if unknown:
        raise ValueError(f"unknown intake fields: {sorted(unknown)}")
    for name, value in data.items():
        setattr(participant, name, value)
    if participant.side == Participant.Side.MENTEE:
        participant.capacity = 1
    if participant.is_minor and participant.filled_in_by == Participant.FilledInBy.SELF:
        raise ValidationError(
            {
                "filled_in_by": _(
                    "De intake van een minderjarige vult een ouder of een professional in."
                )
            }
        )
    participant.full_clean(exclude=["programme"])


@transaction.atomic
def participant_create(
    *, user: AnyUser | None, programme: Programme, side: str, data: dict[str, Any]
) -> Participant:
    ensure_coordinator(user=user, programme=programme)
    participant = Participant(
        programme=programme,
        side=side,
        is_minor=_is_minor(programme=programme, side=side),
        capacity=programme.default_capacity,
    )
    _apply(participant, data)
    participant.save()
    return participant


@transaction.atomic
def participant_update(
    *, user: AnyUser | None, participant: Participant, data: dict[str, Any]
) -> Participant:
    ensure_coordinator(user=user, programme=participant.programme)
    if participant.pseudonymised_at:
        raise ValidationError(
            _("Deze deelnemer is gepseudonimiseerd en kan niet meer worden gewijzigd.")
        )
    _apply(participant, data)
    participant.save()
    return participant


@transaction.atomic
def participant_set_vog(
    *, user: AnyUser | None, participant: Participant, has_vog: bool
) -> Participant:
    """Only a coordinator records that they saw a valid VOG; the intake never sets it."""
    ensure_coordinator(user=user, programme=participant.programme)
    if participant.side != Participant.Side.MENTOR:
        raise ValidationError(_("Alleen bij een mentor wordt een VOG vastgelegd."))
    participant.has_vog = has_vog
    participant.save(update_fields=["has_vog", "updated_at"])
    return participant


@transaction.atomic
def participant_delete(*, user: AnyUser | None, participant: Participant) -> None:
    """Remove somebody who withdrew before starting; started pairs end instead."""
    ensure_coordinator(user=user, programme=participant.programme)
    started = Match.objects.filter(
        Q(mentor=participant) | Q(mentee=participant),
        status__in=(Match.Status.ACCEPTED, Match.Status.ENDED),
    )
    if started.exists():
        raise ValidationError(
            _(
                "Deze deelnemer heeft een gestarte koppeling; beëindig die in plaats van de "
                "deelnemer te verwijderen."
            )
        )
    participant.delete()


def participant_intake_viewed(*, user: AnyUser | None, participant: Participant) -> None:
    """Log that `user` looked at an intake: who saw which personal data, and when."""
    ensure_coordinator(user=user, programme=participant.programme)
    record_change(
        instance=participant,
        action=VIEW_ACTION,
        changes={"intake": _("intake bekeken")},
    )


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


@transaction.atomic
def cohort_import(
    *, user: AnyUser | None, programme: Programme, side: str, text: str, filename: str
) -> ImportResult:
    """Import one side of a cohort from CSV (the columns of `kansenwerk match`).

    The CSV `id` becomes the display name, so a spreadsheet with codes instead of names stays
    pseudonymous. A row whose id already exists on that side updates that participant.
    """
    ensure_coordinator(user=user, programme=programme)
    try:
        people = read_people_text(text=text, name=filename, is_mentor=side == "mentor")
    except CohortFileError as exc:
        raise ValidationError(str(exc)) from exc
    existing = {
        p.display_name: p
        for p in programme.participants.filter(side=side, pseudonymised_at__isnull=True)
    }
    is_minor = _is_minor(programme=programme, side=side)
    created = updated = 0
    for person in people:
        participant = existing.get(person.id) or Participant(
            programme=programme,
            side=side,
            is_minor=is_minor or person.is_minor,
            filled_in_by=(
                Participant.FilledInBy.PROFESSIONAL if is_minor else Participant.FilledInBy.SELF
            ),
        )
        is_new = participant.pk is None
        participant.display_name = person.id[:80]
        participant.languages = sorted(person.languages)
        participant.availability = sorted(person.availability)
        participant.interests = sorted(person.interests)
        participant.needs = sorted(person.needs)
        participant.postcode_area = person.postcode or ""
        participant.home_language = person.home_language or ""
        participant.gender = person.gender or ""
        participant.gender_preference = person.gender_preference or ""
        participant.year_group = person.year_group
        participant.capacity = person.capacity if side == "mentor" else 1
        if side == "mentor" and person.has_vog:
            participant.has_vog = True
        participant.save()
        created += is_new
        updated += not is_new
    return ImportResult(created=created, updated=updated)


@transaction.atomic
def participant_set_ranking(
    *, user: AnyUser | None, participant: Participant, ranking: list[int]
) -> Participant:
    """Store who this participant would most like to be paired with (for stable matching)."""
    ensure_coordinator(user=user, programme=participant.programme)
    other_side = (
        Participant.Side.MENTEE
        if participant.side == Participant.Side.MENTOR
        else Participant.Side.MENTOR
    )
    valid = set(
        participant.programme.participants.filter(side=other_side, pk__in=ranking).values_list(
            "pk", flat=True
        )
    )
    participant.ranking = [pk for pk in dict.fromkeys(ranking) if pk in valid]
    participant.save(update_fields=["ranking", "updated_at"])
    return participant
