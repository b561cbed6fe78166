"""Registrations: the only code that changes a `Registration`'s status.

Every write that can change who holds a place locks the meetup row first
(`select_for_update()` on PostgreSQL; SQLite takes its write lock at BEGIN IMMEDIATE),
then counts and decides, so concurrent registrations never overbook and the waiting
list keeps arrival order (ids are assigned while the lock is held).
E-mails are enqueued with `transaction.on_commit`, so nobody is mailed about a
change that was rolled back.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kansenwerk.meetups.models import Meetup, MeetupTheme, Profession, Registration
from kansenwerk.netwerk.models import Organization

Status = Registration.Status


def _enqueue_email(*, registration_id: int, kind: str) -> None:
    from kansenwerk.meetups.tasks import send_registration_email

    transaction.on_commit(
        lambda: send_registration_email.enqueue(registration_id=registration_id, kind=kind)
    )


def _lock_meetup(meetup_id: int) -> Meetup:
    return Meetup.objects.select_for_update().get(pk=meetup_id)


def _holding_counts(meetup: Meetup) -> tuple[int, dict[int, int]]:
    """Places taken in the meetup, and per theme (one query)."""
    rows = (
        Registration.objects.filter(meetup=meetup, status__in=Registration.HOLDING)
        .values("theme_id")
        .annotate(n=Count("id"))
    )
    per_theme = {row["theme_id"]: row["n"] for row in rows}
    return sum(per_theme.values()), per_theme


def _theme_with_room(
    choices: Sequence[MeetupTheme | None], per_theme: dict[int, int]
) -> tuple[bool, MeetupTheme | None]:
    """(has room, theme to place in): first choice with room, else the second."""
    real = [t for t in choices if t is not None]
    if not real:
        return True, None
    for theme in real:
        if theme.capacity is None or per_theme.get(theme.pk, 0) < theme.capacity:
            return True, theme
    return False, None


def waitlist_position(*, registration: Registration) -> int | None:
    """1-based place on the waiting list, derived from arrival order (None: not waiting)."""
    if registration.status != Status.WAITLISTED:
        return None
    return Registration.objects.filter(
        meetup_id=registration.meetup_id, status=Status.WAITLISTED, id__lte=registration.pk
    ).count()


def _netwerk_organisation(*, meetup: Meetup, name: str) -> Organization | None:
    """The netwerk organisation in the meetup's region with exactly this name, if any."""
    if not name:
        return None
    return Organization.objects.filter(region_id=meetup.region_id, name__iexact=name).first()


def _validate(
    *,
    meetup: Meetup,
    name: str,
    email: str,
    profession: str,
    theme_choices: Sequence[MeetupTheme],
    consent: bool,
) -> None:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors.setdefault("name", []).append(_("Vul uw naam in."))
    if not email.strip():
        errors.setdefault("email", []).append(_("Vul uw e-mailadres in."))
    else:
        from django.core.validators import validate_email

        try:
            validate_email(email)
        except ValidationError:
            errors.setdefault("email", []).append(
                _("Vul een geldig e-mailadres in, bijvoorbeeld naam@school.nl.")
            )
    if profession not in Profession.values:
        errors.setdefault("profession", []).append(_("Kies uw beroep of rol uit de lijst."))
    if not consent:
        errors.setdefault("consent", []).append(
            _("Geef toestemming om uw gegevens te bewaren; anders kunnen wij u niet aanmelden.")
        )
    own_theme_ids = {t.pk for t in meetup.themes.all()}
    if own_theme_ids and not theme_choices:
        errors.setdefault("theme_choices", []).append(
            _("Kies het thema dat u het liefst bespreekt.")
        )
    if any(t.meetup_id != meetup.pk for t in theme_choices):
        errors.setdefault("theme_choices", []).append(_("Kies thema's van deze meetup."))
    if len(theme_choices) > 2:
        errors.setdefault("theme_choices", []).append(_("Kies hoogstens twee thema's."))
    if len(theme_choices) == 2 and theme_choices[0].pk == theme_choices[1].pk:
        errors.setdefault("theme_choices", []).append(
            _("Kies voor uw tweede keus een ander thema dan uw eerste keus.")
        )
    if meetup.status != Meetup.Status.PUBLISHED:
        errors.setdefault("__all__", []).append(_("Aanmelden voor deze meetup kan (nog) niet."))
    elif meetup.starts_at <= timezone.now():
        errors.setdefault("__all__", []).append(_("Deze meetup is al begonnen of voorbij."))
    if errors:
        raise ValidationError(errors)


def registration_create(
    *,
    meetup: Meetup,
    name: str,
    email: str,
    profession: str,
    organisation: str = "",
    organisation_kind: str = "",
    theme_choices: Sequence[MeetupTheme] = (),
    needs: str = "",
    consent: bool,
    channel: str = Registration.Channel.WEB,
    notify: bool = True,
) -> Registration:
    """Register someone: confirmed when there is room, otherwise on the waiting list.

    `notify=False` skips the confirmation e-mail (demo data, imports).

    Raises ValidationError with Dutch messages per field (also for a second
    registration with the same e-mail address).
    """
    name, email = name.strip(), email.strip().lower()
    theme_choices = list(theme_choices)
    organisation = organisation.strip()
    organisation_ref = _netwerk_organisation(meetup=meetup, name=organisation)
    if organisation_ref is not None and not organisation_kind:
        organisation_kind = organisation_ref.kind
    _validate(
        meetup=meetup,
        name=name,
        email=email,
        profession=profession,
        theme_choices=theme_choices,
        consent=consent,
    )
    duplicate = ValidationError(
        {
            "email": [
                _(
                    "Met dit e-mailadres bent u al aangemeld voor deze meetup. Gebruik de link "
                    "in uw bevestigingsmail om uw aanmelding te bekijken."
                )
            ]
        }
    )
    try:
        with transaction.atomic():
            locked = _lock_meetup(meetup.pk)
            # A second active registration with this address is refused by the partial
            # unique constraint (caught below), saving a query while the lock is held.
            total, per_theme = _holding_counts(locked)
            has_room, theme = _theme_with_room(theme_choices, per_theme)
            confirmed = total < locked.capacity and has_room
            registration = Registration.objects.create(
                meetup=locked,
                name=name,
                email=email,
                organisation=organisation,
                organisation_ref=organisation_ref,
                organisation_kind=organisation_kind,
                profession=profession,
                theme_choice_1=theme_choices[0] if theme_choices else None,
                theme_choice_2=theme_choices[1] if len(theme_choices) > 1 else None,
                theme=theme if confirmed else None,
                needs=needs.strip(),
                consent_at=timezone.now(),
                status=Status.CONFIRMED if confirmed else Status.WAITLISTED,
                channel=channel,
            )
            if notify:
                _enqueue_email(
                    registration_id=registration.pk,
                    kind="confirmation" if confirmed else "waitlisted",
                )
    except IntegrityError as exc:
        # registration_one_active_per_email: one active registration per address.
        raise duplicate from exc
    return registration


def _promote_waitlist(meetup: Meetup) -> list[Registration]:
    """Invite waiting people, in arrival order, while there is room. Caller holds the lock."""
    now = timezone.now()
    if meetup.status != Meetup.Status.PUBLISHED or meetup.starts_at <= now:
        return []
    total, per_theme = _holding_counts(meetup)
    invited = []
    waiting = (
        Registration.objects.filter(meetup=meetup, status=Status.WAITLISTED)
        .select_related("theme_choice_1", "theme_choice_2")
        .order_by("id")
    )
    deadline = min(now + datetime.timedelta(hours=meetup.invitation_hours), meetup.starts_at)
    for registration in waiting:
        if total >= meetup.capacity:
            break
        has_room, theme = _theme_with_room(
            [registration.theme_choice_1, registration.theme_choice_2], per_theme
        )
        if not has_room:
            continue
        registration.status = Status.INVITED
        registration.theme = theme
        registration.invited_until = deadline
        registration.save(update_fields=["status", "theme", "invited_until", "updated_at"])
        total += 1
        if theme is not None:
            per_theme[theme.pk] = per_theme.get(theme.pk, 0) + 1
        invited.append(registration)
        _enqueue_email(registration_id=registration.pk, kind="invitation")
    return invited


def registration_cancel(*, registration: Registration) -> Registration:
    """Cancel (through the personal link or by an organiser); frees the place for the list."""
    with transaction.atomic():
        meetup = _lock_meetup(registration.meetup_id)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status in (Status.CANCELLED, Status.EXPIRED):
            return registration
        if registration.status == Status.ATTENDED:
            raise ValidationError(_("U bent al binnengekomen; afmelden kan niet meer."))
        freed = registration.holds_place
        registration.status = Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.invited_until = None
        registration.save(update_fields=["status", "cancelled_at", "invited_until", "updated_at"])
        _enqueue_email(registration_id=registration.pk, kind="cancelled")
        if freed:
            _promote_waitlist(meetup)
    return registration


def registration_accept_invitation(*, registration: Registration) -> Registration:
    """Someone invited from the waiting list confirms before the deadline."""
    with transaction.atomic():
        _lock_meetup(registration.meetup_id)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status != Status.INVITED:
            raise ValidationError(_("Er staat geen uitnodiging voor u open."))
        if registration.invited_until and registration.invited_until <= timezone.now():
            raise ValidationError(
                _("De termijn om te bevestigen is verlopen; uw plaats is aan de volgende gegeven.")
            )
        registration.status = Status.CONFIRMED
        registration.invited_until = None
        registration.save(update_fields=["status", "invited_until", "updated_at"])
        _enqueue_email(registration_id=registration.pk, kind="confirmation")
    return registration


def waitlist_process(*, meetup: Meetup | None = None, now: datetime.datetime | None = None) -> int:
    """Expire invitations past their deadline and invite the next people.

    Run periodically (`kansenwerk meetups-process-waitlist`). Returns how many
    invitations expired.
    """
    now = now or timezone.now()
    overdue = Registration.objects.filter(status=Status.INVITED, invited_until__lte=now)
    if meetup is not None:
        overdue = overdue.filter(meetup=meetup)
    meetup_ids = set(overdue.values_list("meetup_id", flat=True))
    if meetup is not None:
        meetup_ids.add(meetup.pk)
    expired = 0
    for meetup_id in sorted(meetup_ids):
        with transaction.atomic():
            locked = _lock_meetup(meetup_id)
            for registration in Registration.objects.filter(
                meetup=locked, status=Status.INVITED, invited_until__lte=now
            ):
                registration.status = Status.EXPIRED
                registration.save(update_fields=["status", "updated_at"])
                _enqueue_email(registration_id=registration.pk, kind="expired")
                expired += 1
            _promote_waitlist(locked)
    return expired


def registration_check_in(*, registration: Registration, present: bool) -> Registration:
    """At the door: mark someone present, or undo that (back to confirmed)."""
    allowed = (Status.CONFIRMED, Status.INVITED, Status.WAITLISTED, Status.ATTENDED)
    with transaction.atomic():
        _lock_meetup(registration.meetup_id)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status not in allowed:
            raise ValidationError(_("Deze aanmelding is afgemeld of verlopen."))
        if present and registration.status != Status.ATTENDED:
            registration.status = Status.ATTENDED
            registration.checked_in_at = timezone.now()
            registration.invited_until = None
            if registration.theme_id is None:
                registration.theme_id = registration.theme_choice_1_id
        elif not present and registration.status == Status.ATTENDED:
            registration.status = Status.CONFIRMED
            registration.checked_in_at = None
        else:
            return registration
        registration.save(
            update_fields=["status", "checked_in_at", "invited_until", "theme", "updated_at"]
        )
    return registration


def registration_walk_in(
    *,
    meetup: Meetup,
    name: str,
    profession: str,
    organisation: str = "",
    email: str = "",
    theme: MeetupTheme | None = None,
) -> Registration:
    """Someone who turns up without registering: present at once, no e-mail sent.

    Walk-ins are physically in the room, so the capacity is not checked for them.
    """
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Vul de naam in.")]
    if profession not in Profession.values:
        errors["profession"] = [_("Kies een beroep of rol uit de lijst.")]
    if theme is not None and theme.meetup_id != meetup.pk:
        errors["theme"] = [_("Kies een thema van deze meetup.")]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        locked = _lock_meetup(meetup.pk)
        return Registration.objects.create(
            meetup=locked,
            name=name.strip(),
            email=email.strip().lower(),
            organisation=organisation.strip(),
            profession=profession,
            theme_choice_1=theme,
            theme=theme,
            consent_at=now,
            status=Status.ATTENDED,
            checked_in_at=now,
            channel=Registration.Channel.WALK_IN,
        )


def registration_delete_personal_data(*, registration: Registration) -> None:
    """A registrant deletes their own data: the place is freed, the row is removed."""
    with transaction.atomic():
        meetup = _lock_meetup(registration.meetup_id)
        registration = Registration.objects.get(pk=registration.pk)
        freed = registration.holds_place and registration.status != Status.ATTENDED
        registration.delete()
        if freed:
            _promote_waitlist(meetup)


def registrations_pseudonymise(*, now: datetime.datetime | None = None) -> int:
    """Remove name, e-mail, organisation name and needs once the retention period has passed.

    Profession, organisation kind, theme and status stay for statistics. The erasure is
    the privacy register's (`kansenwerk.meetups.privacy.registration_erase`), so table
    plans, the audit log and queued e-mail are cleaned too, once per meetup for all its
    registrations. Returns the number of
    registrations pseudonymised.
    """
    from dateutil.relativedelta import relativedelta

    from kansenwerk.meetups.privacy import registrations_erase

    now = now or timezone.now()
    done = 0
    meetups = Meetup.objects.filter(
        registrations__pseudonymised_at__isnull=True, starts_at__lt=now
    ).distinct()
    for meetup in meetups:
        if meetup.starts_at + relativedelta(months=meetup.retention_months) > now:
            continue
        with transaction.atomic():
            registrations = Registration.objects.select_for_update().filter(
                meetup=meetup, pseudonymised_at__isnull=True
            )
            done += registrations_erase(
                registrations=registrations.select_related("meetup"), now=now
            )
    return done


def registration_counts(*, meetup: Meetup) -> dict[str, int]:
    """Places taken, left and waiting, for the meetup page (one query)."""
    counts = Registration.objects.filter(meetup=meetup).aggregate(
        holding=Count("id", filter=Q(status__in=Registration.HOLDING)),
        waiting=Count("id", filter=Q(status=Status.WAITLISTED)),
    )
    counts["left"] = max(meetup.capacity - counts["holding"], 0)
    return counts
