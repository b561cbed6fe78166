"""Agreements: record them at the table, follow them up, and manage the owner's link.

Every status change goes through `agreement_progress_add`, so the timeline
(`ProgressUpdate`) always explains how an agreement reached its status.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kansenwerk.afspraken.models import Agreement, AgreementStatus, ProgressUpdate, new_token
from kansenwerk.afspraken.tasks import send_agreement_owner_link
from kansenwerk.core.permissions import Action, Capability, ensure_can_write
from kansenwerk.core.types import AnyUser
from kansenwerk.meetups.models import Meetup, MeetupDirection, MeetupTheme

# Longest texts accepted from a table; the database columns set the other limits.
WHAT_MAX = 2000
PEOPLE_MAX = 500

S = AgreementStatus

# Which status may follow which. Reopening is allowed (a "gereed" that turns out not
# to be, a "vervallen" picked up again); a change to the same status is not a change.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.GEPLAND: frozenset({S.BEZIG, S.GEREED, S.VERVALLEN}),
    S.BEZIG: frozenset({S.GEPLAND, S.GEREED, S.VERVALLEN}),
    S.GEREED: frozenset({S.BEZIG}),
    S.VERVALLEN: frozenset({S.GEPLAND, S.BEZIG}),
}


def _check(user: AnyUser | None, region_id: int, action: Action) -> None:
    """Rights to manage the meetup's region; `user=None` only for commands and the demo."""
    if user is not None:
        ensure_can_write(user, capability=Capability.MEETUPS, region_id=region_id, action=action)


def _check_links(
    *,
    meetup: Meetup,
    meetup_theme: MeetupTheme | None,
    meetup_direction: MeetupDirection | None,
) -> None:
    errors: dict[str, str] = {}
    if meetup_theme is not None and meetup_theme.meetup_id != meetup.pk:
        errors["meetup_theme"] = _("Kies een thema van deze meetup.")
    if meetup_direction is not None:
        if meetup_direction.meetup_theme.meetup_id != meetup.pk:
            errors["meetup_direction"] = _("Kies een oplossingsrichting van deze meetup.")
        elif meetup_theme is not None and meetup_direction.meetup_theme_id != meetup_theme.pk:
            errors["meetup_direction"] = _(
                "Deze oplossingsrichting hoort bij een ander thema; kies het goede thema of "
                "een andere richting."
            )
    if errors:
        raise ValidationError(errors)


def agreement_create(
    *,
    user: AnyUser | None,
    meetup: Meetup,
    what: str,
    owner_name: str,
    due_date: datetime.date,
    owner_email: str = "",
    meetup_theme: MeetupTheme | None = None,
    meetup_direction: MeetupDirection | None = None,
    solution_direction: Any = None,
    people: str = "",
    organizations: Iterable[Any] = (),
    table_label: str = "",
    client_uuid: uuid.UUID | None = None,
    notify_owner: bool = True,
    by_table_link: bool = False,
) -> tuple[Agreement, bool]:
    """Record an agreement; returns (agreement, created).

    A repeated submission with the same `client_uuid` (a phone that retried after a
    lost connection) returns the agreement made the first time and changes nothing.
    The owner (when an e-mail address is given) is mailed the personal link once the
    agreement is saved. `by_table_link=True`: the caller checked a table host's link
    (`agreement_create_at_table`), which stands in for an account.
    """
    if not by_table_link:
        _check(user, meetup.region_id, Action.CREATE)
    if client_uuid is not None:
        existing = Agreement.objects.filter(client_uuid=client_uuid, meetup=meetup).first()
        if existing is not None:
            return existing, False
    agreement_texts_check(what=what, owner_name=owner_name, owner_email=owner_email, people=people)
    if organizations:
        organizations = list(organizations)
        if any(
            getattr(o, "region_id", meetup.region_id) != meetup.region_id for o in organizations
        ):
            raise ValidationError(
                {"organizations": _("Kies organisaties uit het netwerk van deze regio.")}
            )
    if meetup_direction is not None and meetup_theme is None:
        meetup_theme = meetup_direction.meetup_theme
    _check_links(meetup=meetup, meetup_theme=meetup_theme, meetup_direction=meetup_direction)
    if solution_direction is None and meetup_direction is not None:
        solution_direction = meetup_direction.source_direction
    try:
        with transaction.atomic():
            agreement = Agreement.objects.create(
                meetup=meetup,
                meetup_theme=meetup_theme,
                meetup_direction=meetup_direction,
                solution_direction=solution_direction,
                what=what.strip(),
                owner_name=owner_name.strip(),
                owner_email=owner_email.strip(),
                people=people.strip(),
                due_date=due_date,
                table_label=table_label.strip(),
                client_uuid=client_uuid,
            )
            organizations = list(organizations)
            if organizations:
                agreement.organizations.set(organizations)
            if notify_owner and agreement.owner_email:
                transaction.on_commit(partial(_enqueue_owner_link, agreement_id=agreement.pk))
    except IntegrityError:
        # Two retries of the same submission raced; the other one won.
        if client_uuid is not None:
            existing = Agreement.objects.filter(client_uuid=client_uuid).first()
            if existing is not None and existing.meetup_id == meetup.pk:
                return existing, False
            if existing is not None:
                raise ValidationError(
                    {"client_uuid": _("Dit inzendingskenmerk is al gebruikt; maak een nieuw.")}
                ) from None
        raise
    return agreement, True


def agreement_texts_check(*, what: str, owner_name: str, owner_email: str, people: str) -> None:
    errors: dict[str, str] = {}
    if not what.strip():
        errors["what"] = _("Schrijf op wat u afspreekt.")
    elif len(what.strip()) > WHAT_MAX:
        errors["what"] = _("Schrijf de afspraak korter op: hoogstens %(n)d tekens.") % {
            "n": WHAT_MAX
        }
    if not owner_name.strip():
        errors["owner_name"] = _("Vul in wie de afspraak trekt.")
    elif len(owner_name.strip()) > 200:
        errors["owner_name"] = _("De naam van de eigenaar is te lang: hoogstens 200 tekens.")
    if owner_email.strip():
        try:
            validate_email(owner_email.strip())
        except ValidationError:
            errors["owner_email"] = _(
                "Vul een geldig e-mailadres in, zoals naam@school.nl, of laat het veld leeg."
            )
        else:
            if len(owner_email.strip()) > 254:
                errors["owner_email"] = _("Dit e-mailadres is te lang.")
    if len(people.strip()) > PEOPLE_MAX:
        errors["people"] = _("Schrijf korter op met wie: hoogstens %(n)d tekens.") % {
            "n": PEOPLE_MAX
        }
    if errors:
        raise ValidationError(errors)


def _enqueue_owner_link(*, agreement_id: int) -> None:

    send_agreement_owner_link.enqueue(agreement_id=agreement_id)


def agreement_create_at_table(
    *,
    link: Any,
    what: str,
    owner_name: str,
    due_date: datetime.date,
    owner_email: str = "",
    people: str = "",
    meetup_direction: MeetupDirection | None = None,
    organizations: Iterable[Any] = (),
    client_uuid: uuid.UUID | None = None,
) -> tuple[Agreement, bool]:
    """An agreement recorded through a table host's link (`tafels.TableLink`), no account.

    Meetup, theme and table come from the link, never from the input; the caller has
    checked that the link is known and not expired.
    """
    if meetup_direction is not None and meetup_direction.meetup_theme_id != link.meetup_theme_id:
        raise ValidationError(
            {"meetup_direction": _("Kies een oplossingsrichting van het thema van deze tafel.")}
        )
    if client_uuid is not None:
        # A retry returns the first answer, but only to the table that made it.
        earlier = Agreement.objects.filter(client_uuid=client_uuid).first()
        if earlier is not None and (
            earlier.meetup_id != link.meetup_id
            or earlier.meetup_theme_id != link.meetup_theme_id
            or earlier.table_label != link.label
        ):
            raise ValidationError(
                {"client_uuid": _("Dit inzendingskenmerk is al gebruikt; maak een nieuw.")}
            )
    return agreement_create(
        user=None,
        meetup=link.meetup,
        meetup_theme=link.meetup_theme,
        meetup_direction=meetup_direction,
        what=what,
        owner_name=owner_name,
        owner_email=owner_email,
        people=people,
        due_date=due_date,
        organizations=organizations,
        table_label=link.label,
        client_uuid=client_uuid,
        by_table_link=True,
    )


def agreement_update(*, user: AnyUser | None, agreement: Agreement, **fields: Any) -> Agreement:
    """Change what, owner, partners or deadline (not the status: that has a timeline)."""
    _check(user, agreement.meetup.region_id, Action.UPDATE)
    allowed = {"what", "owner_name", "owner_email", "people", "due_date", "table_label"}
    unknown = set(fields) - allowed - {"organizations"}
    if unknown:
        raise TypeError(f"Cannot update {sorted(unknown)} here")
    with transaction.atomic():
        for name, value in fields.items():
            if name in allowed:
                setattr(agreement, name, value)
        agreement.full_clean(exclude=["meetup", "token", "client_uuid"])
        agreement.save()
        if "organizations" in fields:
            agreement.organizations.set(fields["organizations"])
    return agreement


def agreement_progress_add(
    *,
    agreement: Agreement,
    text: str = "",
    new_status: str = "",
    date: datetime.date | None = None,
    user: AnyUser | None = None,
    by_owner: bool = False,
) -> ProgressUpdate:
    """Add a step to the timeline, optionally changing the status.

    The owner (through the personal link, `by_owner=True`) needs no account; anyone
    else must be allowed to manage the meetup's region.
    """
    if not by_owner:
        _check(user, agreement.meetup.region_id, Action.UPDATE)
    if new_status == agreement.status:
        new_status = ""
    if new_status and new_status not in TRANSITIONS.get(agreement.status, frozenset()):
        raise ValidationError(
            {
                "new_status": _("Van '%(old)s' kan de status niet naar '%(new)s'.")
                % {
                    "old": S(agreement.status).label,
                    "new": S(new_status).label if new_status in S.values else new_status,
                }
            }
        )
    if not text.strip() and not new_status:
        raise ValidationError(
            {"text": _("Schrijf kort wat er is gebeurd, of kies een nieuwe status.")}
        )
    today = timezone.localdate()
    date = date or today
    if date > today:
        raise ValidationError(
            {"date": _("De datum van een voortgangsbericht ligt niet in de toekomst.")}
        )
    with transaction.atomic():
        update = ProgressUpdate.objects.create(
            agreement=agreement,
            date=date,
            text=text.strip(),
            new_status=new_status,
            by_owner=by_owner,
        )
        if new_status:
            agreement.status = new_status
            agreement.completed_at = (
                _completion_time(date, today=today) if new_status == S.GEREED else None
            )
            agreement.save(update_fields=["status", "completed_at", "updated_at"])
    return update


def _completion_time(date: datetime.date, *, today: datetime.date) -> datetime.datetime:
    """When a step dated `date` completed an agreement: now for today, else the start of
    that day (a step written down later keeps the day it happened, in local time)."""
    if date == today:
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time.min))


def agreement_link_revoke(*, user: AnyUser | None, agreement: Agreement) -> Agreement:
    """Stop the owner's personal link from working (e.g. it was forwarded by mistake)."""
    _check(user, agreement.meetup.region_id, Action.UPDATE)
    if agreement.token_revoked_at is None:
        agreement.token_revoked_at = timezone.now()
        agreement.save(update_fields=["token_revoked_at", "updated_at"])
    return agreement


def agreement_link_renew(*, user: AnyUser | None, agreement: Agreement) -> Agreement:
    """Give the owner a fresh link; the old one stops working."""
    _check(user, agreement.meetup.region_id, Action.UPDATE)
    agreement.token = new_token()
    agreement.token_revoked_at = None
    agreement.save(update_fields=["token", "token_revoked_at", "updated_at"])
    return agreement
