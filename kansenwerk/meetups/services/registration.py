"""Registrations: the only code that changes a `Registration`'s status.

Every write that can change who holds a place locks the meetup row first
(`select_for_update()` on PostgreSQL; SQLite takes its write lock at BEGIN IMMEDIATE),
then counts and decides, so concurrent registrations never overbook and the waiting
list keeps arrival order (ids are assigned while the lock is held).
E-mails are enqueued so that they go out only if the transaction commits
(`tasks.enqueue_on_commit`), so nobody is mailed about a change that was rolled back.

A registration is on the hot path of a busy evening, so it costs few round trips to the
database: the meetup's themes are read once, the places are counted in the same query as
the waiting list (the caller is told its position and reason without asking again), and
with the database task queue the e-mail task is written in the registration's own
transaction, so there is a single commit. While the meetup's lock is held, PostgreSQL gets two
messages: the lock, the count, the next id and the netwerk organisation; then the registration,
its audit entry, its task row and the commit (`_lock_and_count`, `_insert_admission`).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connections, router, transaction
from django.db.models import Value
from django.db.models.functions import Upper
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext as _

from kansenwerk.core import audit
from kansenwerk.core.permissions import Action, Capability, ensure_can_write
from kansenwerk.core.prepared import Bound, PreparedQuery
from kansenwerk.core.statements import (
    Statement,
    capture_inserts,
    insert_statement,
    next_id_statement,
    run_together,
)
from kansenwerk.core.types import AnyUser
from kansenwerk.meetups.models import (
    Meetup,
    MeetupTheme,
    OrganisationKind,
    Profession,
    Registration,
)
from kansenwerk.netwerk.models import Organization

from .. import privacy
from ..selectors import (
    has_room,
    holding_counts,
    meetup_themes,
    place_counts_from_rows,
    place_counts_query,
    registration_closed_reason,
    themes_with_room,
)
from ..tasks import enqueue_on_commit, send_registration_email

Status = Registration.Status

# `needs` is a TextField without a database limit; a page of text is plenty for a wish.
NEEDS_MAX_LENGTH = 1000

# Code of the ValidationError when only the chosen theme(s) are full, not the meetup:
# the form and the API offer the themes that still have room (see `theme_full_error`).
THEME_FULL = "theme_full"


def _enqueue_email(*, registration_id: int, kind: str) -> None:
    enqueue_on_commit(send_registration_email, registration_id=registration_id, kind=kind)


def _lock_meetup(meetup_id: int) -> Meetup:
    return Meetup.objects.select_for_update().get(pk=meetup_id)


# The lock and the count, each compiled once (`PreparedQuery`): the count is the same
# `place_counts_query` every page uses, so the rule for what holds a place stays in one place.
_LOCK = PreparedQuery(
    lambda meetup_id: (
        Meetup.objects.filter(pk=meetup_id).select_for_update().order_by().values_list("capacity")
    ),
    meetup_id=int,
)
_COUNT = PreparedQuery(place_counts_query, meetup_id=int)


class _Counted(NamedTuple):
    capacity: int
    taken: int
    per_theme: dict[int, int]
    waiting: int
    # The id the new registration gets (PostgreSQL: taken from the sequence while the lock
    # is held, so ids keep arrival order); None where the INSERT assigns it (SQLite).
    next_id: int | None
    # The rows of the organisation lookup sent along (`_ORGANISATION_BY_NAME`), if any.
    organisation: list[tuple]


def _lock_and_count(meetup_id: int, *, organisation: Bound | None = None) -> _Counted:
    """Lock the meetup row, then count it, and on PostgreSQL take the next registration id.

    Everyone else registering waits for this lock, so the work while it is held sets the
    throughput of a busy evening (issue 15). On PostgreSQL these statements go to the
    server in one message (`core.statements.run_together`): one round trip instead of
    three. Each statement of a message takes its own snapshot, so the count, which starts
    once the lock is granted, sees every registration committed by the previous holder.
    (SQLite holds its write lock from BEGIN IMMEDIATE and has no round trips to save.)

    `organisation`, a lookup the registration needs anyway, travels in the same message:
    one index read more while the lock is held, one round trip less before it.
    """
    using = router.db_for_write(Meetup)
    statements: list[Statement] = [
        _LOCK.sql(using=using, meetup_id=meetup_id),
        _COUNT.sql(using=using, meetup_id=meetup_id),
    ]
    next_id = next_id_statement(Registration, using=using)
    if next_id is not None:
        statements.append(next_id)
    if organisation is not None:
        statements.append((organisation.sql, organisation.params))
    results = run_together(statements, using=using)
    if not results[0]:
        raise Meetup.DoesNotExist
    return _Counted(
        int(results[0][0][0]),
        *place_counts_from_rows(results[1]),
        next_id=int(results[2][0][0]) if next_id is not None else None,
        organisation=organisation.read(results[-1]) if organisation is not None else [],
    )


def _insert_admission(
    registration: Registration, *, next_id: int | None, email: str | None
) -> None:
    """Write a new registration, its audit entry and its e-mail task: on PostgreSQL in one
    round trip, as the lock is held while they are written.

    The INSERTs are the ones `save()` and the task queue would send (`core.statements`);
    like `bulk_create` they skip the save signals, so the audit entry the signal would write
    is written here. The other receivers have nothing to do for a new registration: the
    regio tallies count only people who came (`regio.tallies.contributions`) and
    registrations are never in the search index (both checked by the tests)."""
    using = router.db_for_write(Registration)
    statements: list[Statement] = []
    if next_id is None:
        # SQLite: the insert assigns the id (ids still follow the write lock's order).
        sql, params = insert_statement(registration, using=using)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            registration.pk = cursor.lastrowid
    else:
        registration.pk = next_id
        statements.append(insert_statement(registration, using=using))
    registration._state.adding = False
    registration._state.db = using
    statements.append(insert_statement(audit.created_entry(registration), using=using))
    if email is not None:
        # With the database queue the task row is held back and sent with the others;
        # any other queue enqueues on commit and writes nothing here.
        with capture_inserts(using) as task_rows:
            _enqueue_email(registration_id=registration.pk, kind=email)
        statements.extend(task_rows)
    # The caller's transaction ends here: on PostgreSQL the COMMIT travels with the inserts.
    run_together(statements, using=using, last_in_transaction=True)


def _theme_with_room(
    choices: Sequence[MeetupTheme | None], per_theme: dict[int, int]
) -> tuple[bool, MeetupTheme | None]:
    """(has room, theme to place in): first choice with room, else the second."""
    real = [t for t in choices if t is not None]
    if not real:
        return True, None
    for theme in real:
        if has_room(theme, per_theme):
            return True, theme
    return False, None


def _title_list(themes: Sequence[MeetupTheme]) -> str:
    titles = [f"‘{t.title}’" for t in themes]
    if len(titles) <= 1:
        return "".join(titles)
    return _("%(first)s en %(last)s") % {"first": ", ".join(titles[:-1]), "last": titles[-1]}


def theme_full_message(*, chosen: Sequence[MeetupTheme], with_room: Sequence[MeetupTheme]) -> str:
    """'Thema vol' (not 'meetup vol'), with the themes that still have room."""
    if len(chosen) == 1:
        full = _("Het thema %(themes)s is vol; de meetup zelf heeft nog plaats.") % {
            "themes": _title_list(chosen)
        }
    else:
        full = _("De thema's %(themes)s zijn vol; de meetup zelf heeft nog plaats.") % {
            "themes": _title_list(chosen)
        }
    if with_room:
        offer = _(
            "Er is nog plaats bij %(themes)s. Kies een van die thema's, of kies ervoor op de "
            "wachtlijst voor uw thema te komen."
        ) % {"themes": _title_list(with_room)}
    else:
        offer = _("Alle thema's zijn vol. U kunt op de wachtlijst voor uw thema komen.")
    return f"{full} {offer}"


# Case-insensitive on both databases with the value bound as it is (`iexact` escapes it
# for LIKE on SQLite, which a prepared query cannot repeat).
_ORGANISATION_BY_NAME = PreparedQuery(
    lambda region_id, name: (
        Organization.objects.filter(region_id=region_id)
        .filter(Exact(Upper("name"), Upper(Value(name))))
        .order_by("pk")
        .values_list("pk", "kind")[:1]
    ),
    region_id=int,
    name=str,
)


def _netwerk_organisation(*, meetup: Meetup, name: str, kind: str) -> tuple[int | None, str]:
    """(id or None, kind) of the netwerk organisation in the meetup's region with this name.

    The kind is the one given, or else the netwerk's kind for that organisation."""
    if not name:
        return None, kind
    found = _ORGANISATION_BY_NAME.rows(region_id=meetup.region_id, name=name)
    return _organisation_ref(found, kind)


def _organisation_ref(found: list[tuple], kind: str) -> tuple[int | None, str]:
    if not found:
        return None, kind
    return int(found[0][0]), kind or str(found[0][1])


def _organisation_lookup(meetup: Meetup, name: str) -> Bound | None:
    """The netwerk organisation with this name as a lookup to send with the lock, or None
    when there is nothing to look up (no name, or a longer one than the field allows,
    which the validation refuses)."""
    if not name or len(name) > registration_max_length("organisation"):
        return None
    return _ORGANISATION_BY_NAME.bound(region_id=meetup.region_id, name=name)


def registration_max_length(field: str) -> int:
    """The longest value the service accepts for a text field (the model's limit)."""
    if field == "needs":
        return NEEDS_MAX_LENGTH
    model_field = Registration._meta.get_field(field)
    return int(getattr(model_field, "max_length", 0) or 0)


def _check_person(errors: dict[str, list[str]], **values: str) -> None:
    """Field lengths from the model (so PostgreSQL never sees a too-long value) and the
    organisation kind from the netwerk's codes."""
    for field, value in values.items():
        if field == "organisation_kind":
            if value and value not in OrganisationKind.values:
                errors.setdefault(field, []).append(
                    _("Kies een soort organisatie uit de lijst, of laat het leeg.")
                )
            continue
        limit = registration_max_length(field)
        if len(value) > limit:
            errors.setdefault(field, []).append(
                _("Gebruik hoogstens %(limit)d tekens (nu %(length)d).")
                % {"limit": limit, "length": len(value)}
            )


def _resolve_themes(
    own_themes: Sequence[MeetupTheme], choices: Sequence[MeetupTheme | str]
) -> list[MeetupTheme]:
    """Theme choices as objects; the API sends slugs, the form objects (one rule for both)."""
    slugs = [c for c in choices if isinstance(c, str)]
    if not slugs:
        return [c for c in choices if not isinstance(c, str)]
    by_slug = {t.slug: t for t in own_themes}
    unknown = [slug for slug in slugs if slug not in by_slug]
    if unknown:
        message = _("Onbekend thema: %(slugs)s. Kies uit: %(known)s.") % {
            "slugs": ", ".join(unknown),
            "known": ", ".join(by_slug),
        }
        raise ValidationError({"theme_choices": [message]})
    return [by_slug[c] if isinstance(c, str) else c for c in choices]


def _validate(
    *,
    meetup: Meetup,
    own_themes: Sequence[MeetupTheme],
    name: str,
    email: str,
    profession: str,
    theme_choices: Sequence[MeetupTheme],
    consent: bool,
    organisation: str = "",
    organisation_kind: str = "",
    needs: str = "",
) -> None:
    errors: dict[str, list[str]] = {}
    _check_person(
        errors,
        name=name,
        email=email,
        organisation=organisation,
        organisation_kind=organisation_kind,
        needs=needs,
    )
    if not name.strip():
        errors.setdefault("name", []).append(_("Vul uw naam in."))
    if not email.strip():
        errors.setdefault("email", []).append(_("Vul uw e-mailadres in."))
    elif "email" not in errors:
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
    own_theme_ids = {t.pk for t in own_themes}
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
    closed = registration_closed_reason(meetup=meetup)
    if closed:
        errors.setdefault("__all__", []).append(closed)
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class Admission:
    """A new registration and where it stands, as decided under the meetup's lock."""

    registration: Registration
    # 1-based place on the waiting list (arrival order); None when the person has a place.
    position: int | None
    # Why the person waits: "meetup_full" or "theme_full" (as `waitlist_reason`); or None.
    waitlist_reason: str | None


def registration_create(
    *,
    meetup: Meetup,
    name: str,
    email: str,
    profession: str,
    organisation: str = "",
    organisation_kind: str = "",
    theme_choices: Sequence[MeetupTheme | str] = (),
    needs: str = "",
    consent: bool,
    channel: str = Registration.Channel.WEB,
    notify: bool = True,
    waitlist_if_theme_full: bool = False,
) -> Registration:
    """Register someone: confirmed when there is room, otherwise on the waiting list.

    When the meetup has room but the chosen theme(s) do not, the person is asked first:
    a ValidationError on `theme_choices` with code THEME_FULL names the themes with room;
    `waitlist_if_theme_full=True` puts them on the waiting list for their theme instead.
    `notify=False` skips the confirmation e-mail (demo data, imports).

    Raises ValidationError with Dutch messages per field (also for a second
    registration with the same e-mail address).
    """
    return registration_admit(
        meetup=meetup,
        name=name,
        email=email,
        profession=profession,
        organisation=organisation,
        organisation_kind=organisation_kind,
        theme_choices=theme_choices,
        needs=needs,
        consent=consent,
        channel=channel,
        notify=notify,
        waitlist_if_theme_full=waitlist_if_theme_full,
    ).registration


def registration_admit(
    *,
    meetup: Meetup,
    name: str,
    email: str,
    profession: str,
    organisation: str = "",
    organisation_kind: str = "",
    theme_choices: Sequence[MeetupTheme | str] = (),
    needs: str = "",
    consent: bool,
    channel: str = Registration.Channel.WEB,
    notify: bool = True,
    waitlist_if_theme_full: bool = False,
) -> Admission:
    """`registration_create`, also telling the waiting-list position and reason.

    Both are known under the lock (ids, and so the waiting order, are assigned while it
    is held), so the API answers without querying them again.
    """
    name, email = name.strip(), email.strip().lower()
    organisation, needs = organisation.strip(), needs.strip()
    # From the prefetch when the caller read them with the meetup (the API), else one query.
    own_themes = meetup_themes(meetup)
    theme_choices = _resolve_themes(own_themes, theme_choices)
    _validate(
        meetup=meetup,
        own_themes=own_themes,
        name=name,
        email=email,
        profession=profession,
        theme_choices=theme_choices,
        consent=consent,
        organisation=organisation,
        organisation_kind=organisation_kind,
        needs=needs,
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
    # Everything that does not depend on the count is prepared before the lock is taken.
    registration = Registration(
        meetup=meetup,
        name=name,
        email=email,
        organisation=organisation,
        organisation_kind=organisation_kind,
        profession=profession,
        theme_choice_1=theme_choices[0] if theme_choices else None,
        theme_choice_2=theme_choices[1] if len(theme_choices) > 1 else None,
        needs=needs,
        consent_at=timezone.now(),
        channel=channel,
    )
    try:
        with transaction.atomic():
            capacity, total, per_theme, waiting, next_id, found = _lock_and_count(
                meetup.pk, organisation=_organisation_lookup(meetup, organisation)
            )
            registration.organisation_ref_id, registration.organisation_kind = _organisation_ref(
                found, organisation_kind
            )
            # A second active registration with this address is refused by the partial
            # unique constraint (caught below), saving a query while the lock is held.
            has_room, theme = _theme_with_room(theme_choices, per_theme)
            if total < capacity and not has_room and not waitlist_if_theme_full:
                raise theme_full_error(meetup=meetup, chosen=theme_choices, per_theme=per_theme)
            confirmed = total < capacity and has_room
            registration.theme = theme if confirmed else None
            registration.status = Status.CONFIRMED if confirmed else Status.WAITLISTED
            _insert_admission(
                registration,
                next_id=next_id,
                email=("confirmation" if confirmed else "waitlisted") if notify else None,
            )
    except IntegrityError as exc:
        # registration_one_active_per_email: one active registration per address.
        raise duplicate from exc
    if confirmed:
        return Admission(registration=registration, position=None, waitlist_reason=None)
    return Admission(
        registration=registration,
        # Everyone waiting now arrived earlier (the lock orders the ids).
        position=waiting + 1,
        waitlist_reason="meetup_full" if total >= capacity else "theme_full",
    )


def theme_full_error(
    *, meetup: Meetup, chosen: Sequence[MeetupTheme], per_theme: dict[int, int]
) -> ValidationError:
    chosen_ids = {t.pk for t in chosen}
    with_room = [
        t for t in themes_with_room(meetup=meetup, per_theme=per_theme) if t.pk not in chosen_ids
    ]
    message = theme_full_message(chosen=chosen, with_room=with_room)
    return ValidationError({"theme_choices": [ValidationError(message, code=THEME_FULL)]})


def _promote_waitlist(meetup: Meetup) -> list[Registration]:
    """Invite waiting people, in arrival order, while there is room. Caller holds the lock."""
    now = timezone.now()
    if meetup.status != Meetup.Status.PUBLISHED or meetup.starts_at <= now:
        return []
    total, per_theme = holding_counts(meetup)
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
            done += privacy.registrations_erase(
                registrations=registrations.select_related("meetup"), now=now
            )
    return done


# --- By hand: what an organiser or coordinator does with one registration -----------------
# Every change is audited by `AuditedModel` (the web middleware names the organiser) and
# the person gets an e-mail about it once the transaction has committed.


def _ensure_organiser(user: AnyUser | None, meetup: Meetup, action: Action = Action.UPDATE) -> None:
    """Rights to manage the meetup's region; `user=None` only for commands and the demo."""
    if user is not None:
        ensure_can_write(
            user, capability=Capability.MEETUPS, region_id=meetup.region_id, action=action
        )


def _room_error(
    *, meetup: Meetup, theme: MeetupTheme | None, total: int, per_theme: dict[int, int]
) -> str | None:
    """Why there is no place (meetup full or this theme full), or None."""
    if total >= meetup.capacity:
        return _(
            "De meetup is vol (%(taken)d van %(capacity)d plaatsen). Vink ‘boven het aantal "
            "plaatsen’ aan als u deze persoon toch een plaats wilt geven."
        ) % {"taken": total, "capacity": meetup.capacity}
    if theme is not None and not has_room(theme, per_theme):
        with_room = [t for t in themes_with_room(meetup=meetup, per_theme=per_theme) if t != theme]
        message = _(
            "Het thema ‘%(title)s’ is vol (%(taken)d van %(capacity)d); de meetup heeft nog plaats."
        ) % {"title": theme.title, "taken": per_theme.get(theme.pk, 0), "capacity": theme.capacity}
        if with_room:
            message += " " + _(
                "Plaats bij %(themes)s, of vink ‘boven het aantal plaatsen’ aan."
            ) % {"themes": _title_list(with_room)}
        else:
            message += " " + _("Vink ‘boven het aantal plaatsen’ aan om toch te plaatsen.")
        return message
    return None


def _check_theme(meetup: Meetup, theme: MeetupTheme | None, field: str = "theme") -> None:
    if theme is not None and theme.meetup_id != meetup.pk:
        raise ValidationError({field: [_("Kies een thema van deze meetup.")]})


def _check_by_hand(errors: dict[str, list[str]], *, name: str, email: str, profession: str) -> None:
    """What an organiser must fill in when adding or correcting someone by hand
    (the e-mail address is optional there, but must be valid when given)."""
    if not name:
        errors.setdefault("name", []).append(_("Vul de naam in."))
    if email and "email" not in errors:
        try:
            validate_email(email)
        except ValidationError:
            errors.setdefault("email", []).append(
                _("Vul een geldig e-mailadres in, bijvoorbeeld naam@school.nl.")
            )
    if profession not in Profession.values:
        errors.setdefault("profession", []).append(_("Kies een beroep of rol uit de lijst."))


def registration_add(
    *,
    user: AnyUser | None,
    meetup: Meetup,
    name: str,
    profession: str,
    email: str = "",
    organisation: str = "",
    organisation_kind: str = "",
    theme: MeetupTheme | None = None,
    theme_choice_2: MeetupTheme | None = None,
    needs: str = "",
    consent: bool,
    waitlist: bool = False,
    over_capacity: bool = False,
    notify: bool = True,
) -> Registration:
    """An organiser registers someone by hand (a phone call, a colleague's e-mail).

    Confirmed in `theme` when there is room (or `over_capacity`), on the waiting list
    when `waitlist`; otherwise a Dutch error says whether the meetup or the theme is full.
    The e-mail address is optional (no e-mail is sent without one).
    """
    _ensure_organiser(user, meetup, Action.CREATE)
    name, email = name.strip(), email.strip().lower()
    organisation, needs = organisation.strip(), needs.strip()
    errors: dict[str, list[str]] = {}
    _check_person(
        errors,
        name=name,
        email=email,
        organisation=organisation,
        organisation_kind=organisation_kind,
        needs=needs,
    )
    _check_by_hand(errors, name=name, email=email, profession=profession)
    if not consent:
        errors.setdefault("consent", []).append(
            _("Vraag eerst toestemming om de gegevens te bewaren, en vink dat dan aan.")
        )
    if meetup.themes.exists() and theme is None:
        errors.setdefault("theme", []).append(_("Kies het thema."))
    if theme is not None and theme_choice_2 is not None and theme.pk == theme_choice_2.pk:
        errors.setdefault("theme_choice_2", []).append(
            _("Kies als tweede keus een ander thema dan het eerste.")
        )
    if meetup.status == Meetup.Status.CANCELLED:
        errors.setdefault("__all__", []).append(_("Deze meetup is afgelast."))
    if errors:
        raise ValidationError(errors)
    _check_theme(meetup, theme)
    _check_theme(meetup, theme_choice_2, "theme_choice_2")
    organisation_ref_id, organisation_kind = _netwerk_organisation(
        meetup=meetup, name=organisation, kind=organisation_kind
    )
    try:
        with transaction.atomic():
            locked = _lock_meetup(meetup.pk)
            total, per_theme = holding_counts(locked)
            if not waitlist and not over_capacity:
                problem = _room_error(meetup=locked, theme=theme, total=total, per_theme=per_theme)
                if problem:
                    raise ValidationError({"__all__": [problem]})
            registration = Registration.objects.create(
                meetup=locked,
                name=name,
                email=email,
                organisation=organisation,
                organisation_ref_id=organisation_ref_id,
                organisation_kind=organisation_kind,
                profession=profession,
                theme_choice_1=theme,
                theme_choice_2=theme_choice_2,
                theme=None if waitlist else theme,
                needs=needs,
                consent_at=timezone.now(),
                status=Status.WAITLISTED if waitlist else Status.CONFIRMED,
                channel=Registration.Channel.ORGANISER,
            )
            if notify:
                _enqueue_email(
                    registration_id=registration.pk,
                    kind="waitlisted" if waitlist else "confirmation",
                )
    except IntegrityError as exc:
        raise ValidationError(
            {"email": [_("Met dit e-mailadres is al iemand aangemeld voor deze meetup.")]}
        ) from exc
    return registration


def registration_update(
    *,
    user: AnyUser | None,
    registration: Registration,
    name: str,
    profession: str,
    email: str = "",
    organisation: str = "",
    organisation_kind: str = "",
    needs: str = "",
    notify: bool = True,
) -> Registration:
    """An organiser corrects someone's details; the person is told what is on record now."""
    _ensure_organiser(user, registration.meetup)
    name, email = name.strip(), email.strip().lower()
    organisation, needs = organisation.strip(), needs.strip()
    errors: dict[str, list[str]] = {}
    _check_person(
        errors,
        name=name,
        email=email,
        organisation=organisation,
        organisation_kind=organisation_kind,
        needs=needs,
    )
    _check_by_hand(errors, name=name, email=email, profession=profession)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            _lock_meetup(registration.meetup_id)
            current = Registration.objects.select_related("meetup").get(pk=registration.pk)
            if current.pseudonymised_at is not None:
                raise ValidationError(_("De gegevens van deze aanmelding zijn al verwijderd."))
            organisation_ref_id = current.organisation_ref_id
            if organisation != current.organisation:
                organisation_ref_id, organisation_kind = _netwerk_organisation(
                    meetup=current.meetup, name=organisation, kind=organisation_kind
                )
            values = {
                "name": name,
                "email": email,
                "organisation": organisation,
                "organisation_ref_id": organisation_ref_id,
                "organisation_kind": organisation_kind,
                "profession": profession,
                "needs": needs,
            }
            changed = [k for k, v in values.items() if getattr(current, k) != v]
            if not changed:
                return current
            for key in changed:
                setattr(current, key, values[key])
            current.save(update_fields=[*changed, "updated_at"])
            if notify:
                _enqueue_email(registration_id=current.pk, kind="changed")
    except IntegrityError as exc:
        raise ValidationError(
            {"email": [_("Met dit e-mailadres is al iemand aangemeld voor deze meetup.")]}
        ) from exc
    return current


def registration_move(
    *,
    user: AnyUser | None,
    registration: Registration,
    theme: MeetupTheme,
    over_capacity: bool = False,
    notify: bool = True,
) -> Registration:
    """Move someone who holds a place to another theme (the theme their place is promised in)."""
    _ensure_organiser(user, registration.meetup)
    _check_theme(registration.meetup, theme)
    with transaction.atomic():
        locked = _lock_meetup(registration.meetup_id)
        current = Registration.objects.get(pk=registration.pk)
        if current.status not in Registration.HOLDING:
            raise ValidationError(
                {
                    "theme": [
                        _(
                            "Alleen wie een plaats heeft, kan naar een ander thema. Haal iemand "
                            "van de wachtlijst met ‘Plaats geven’."
                        )
                    ]
                }
            )
        if current.theme_id == theme.pk:
            return current
        _total, per_theme = holding_counts(locked)
        if not over_capacity and not has_room(theme, per_theme):
            raise ValidationError(
                {
                    "theme": [
                        _(
                            "Het thema ‘%(title)s’ is vol (%(taken)d van %(capacity)d). Vink "
                            "‘boven het aantal plaatsen’ aan om toch te verplaatsen."
                        )
                        % {
                            "title": theme.title,
                            "taken": per_theme.get(theme.pk, 0),
                            "capacity": theme.capacity,
                        }
                    ]
                }
            )
        current.theme = theme
        current.save(update_fields=["theme", "updated_at"])
        if notify:
            _enqueue_email(registration_id=current.pk, kind="moved")
    return current


def registration_promote(
    *,
    user: AnyUser | None,
    registration: Registration,
    theme: MeetupTheme | None = None,
    over_capacity: bool = False,
    notify: bool = True,
) -> Registration:
    """Give someone from the waiting list (or with an expired invitation) a place by hand.

    The place is confirmed at once (the organiser has spoken to the person), in `theme` or
    else in their first choice with room. Without `over_capacity` a full meetup or theme is
    refused with a message that says which of the two is full.
    """
    _ensure_organiser(user, registration.meetup)
    _check_theme(registration.meetup, theme)
    with transaction.atomic():
        locked = _lock_meetup(registration.meetup_id)
        current = Registration.objects.select_related("theme_choice_1", "theme_choice_2").get(
            pk=registration.pk
        )
        if current.status not in (Status.WAITLISTED, Status.EXPIRED, Status.INVITED):
            raise ValidationError(_("Deze persoon staat niet op de wachtlijst."))
        if locked.status == Meetup.Status.CANCELLED:
            raise ValidationError(_("Deze meetup is afgelast."))
        total, per_theme = holding_counts(locked)
        holds = current.status == Status.INVITED  # an invitation already holds a place
        if holds and current.theme_id is not None:
            per_theme[current.theme_id] = per_theme.get(current.theme_id, 1) - 1
        if theme is None:
            choices = [current.theme_choice_1, current.theme_choice_2]
            _room, theme = _theme_with_room(choices, per_theme)
            if theme is None and any(choices):
                theme = current.theme_choice_1 or current.theme_choice_2
        if not over_capacity:
            problem = _room_error(
                meetup=locked,
                theme=theme,
                total=total - (1 if holds else 0),
                per_theme=per_theme,
            )
            if problem:
                raise ValidationError(problem)
        current.status = Status.CONFIRMED
        current.theme = theme
        current.invited_until = None
        current.save(update_fields=["status", "theme", "invited_until", "updated_at"])
        if notify:
            _enqueue_email(registration_id=current.pk, kind="promoted")
    return current


def registration_switch_theme(*, registration: Registration, theme: MeetupTheme) -> Registration:
    """Someone waiting for a full theme takes a place in another theme that has room
    (through their personal link). The new theme becomes their first choice."""
    if theme.meetup_id != registration.meetup_id:
        raise ValidationError({"theme": [_("Kies een thema van deze meetup.")]})
    with transaction.atomic():
        locked = _lock_meetup(registration.meetup_id)
        current = Registration.objects.get(pk=registration.pk)
        if current.status != Status.WAITLISTED:
            raise ValidationError(_("U staat niet (meer) op de wachtlijst."))
        if locked.status != Meetup.Status.PUBLISHED or locked.starts_at <= timezone.now():
            raise ValidationError(_("Aanmelden voor deze meetup kan niet meer."))
        total, per_theme = holding_counts(locked)
        if total >= locked.capacity:
            raise ValidationError(_("De meetup is inmiddels vol; u blijft op de wachtlijst."))
        if not has_room(theme, per_theme):
            raise ValidationError(
                _("Het thema ‘%(title)s’ is inmiddels ook vol; u blijft op de wachtlijst.")
                % {"title": theme.title}
            )
        if current.theme_choice_1_id != theme.pk:
            current.theme_choice_2_id = current.theme_choice_1_id
        current.theme_choice_1 = theme
        current.theme = theme
        current.status = Status.CONFIRMED
        current.save(
            update_fields=["theme_choice_1", "theme_choice_2", "theme", "status", "updated_at"]
        )
        _enqueue_email(registration_id=current.pk, kind="confirmation")
    return current


def registration_forget(*, registration) -> None:
    """Self-service "Mijn gegevens verwijderen": erase the traces, then remove the registration
    (which frees the place for the waiting list), in one transaction."""
    with transaction.atomic():
        privacy.registration_erase(registration=registration)
        registration_delete_personal_data(registration=registration)
