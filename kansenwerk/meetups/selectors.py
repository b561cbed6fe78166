"""Reads for meetups; the `*_for_user` selectors check write rights in one place."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied
from django.core.validators import slug_re
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kansenwerk.core.permissions import Action, Capability, can_write, writable_region_ids
from kansenwerk.core.prepared import Bound, Known, Lookup, PreparedQuery
from kansenwerk.core.statements import Statement
from kansenwerk.core.types import AnyUser
from kansenwerk.kennisbank import models as kb
from kansenwerk.kennisbank.selectors import open_flags_for_records
from kansenwerk.meetups.models import (
    Meetup,
    MeetupDirection,
    MeetupTheme,
    Profession,
    Registration,
)
from kansenwerk.netwerk.models import Organization, Service


def meetup_for_user(*, user: AnyUser | None, slug: str, action: Action = Action.UPDATE) -> Meetup:
    """A meetup the user may manage, or PermissionDenied / Http404."""
    meetup = Meetup.objects.select_related("region").filter(slug=slug).first()
    if meetup is None:
        raise Http404(_("Deze meetup bestaat niet."))
    if not can_write(
        user, capability=Capability.MEETUPS, region_id=meetup.region_id, action=action
    ):
        raise PermissionDenied(_("U hebt geen rechten om deze meetup te beheren."))
    return meetup


def meetups_for_user(*, user: AnyUser | None) -> QuerySet[Meetup]:
    """Meetups the user may manage, newest first, with registration counts."""
    regions = writable_region_ids(user, capability=Capability.MEETUPS)
    qs = Meetup.objects.select_related("region").annotate(
        holding=Count("registrations", filter=Q(registrations__status__in=Registration.HOLDING)),
        waiting=Count(
            "registrations",
            filter=Q(registrations__status=Registration.Status.WAITLISTED),
        ),
    )
    if regions is not None:
        qs = qs.filter(region_id__in=regions)
    return qs.order_by("-starts_at", "-id")


def meetup_public_get(*, slug: str, preview_user: AnyUser | None = None) -> Meetup:
    """A published (or cancelled) meetup; drafts only for those who may manage them."""
    meetup = Meetup.objects.select_related("region").filter(slug=slug).first()
    if meetup is None:
        raise Http404(_("Deze meetup bestaat niet."))
    if meetup.status == Meetup.Status.DRAFT and not can_write(
        preview_user, capability=Capability.MEETUPS, region_id=meetup.region_id
    ):
        raise Http404(_("Deze meetup bestaat niet."))
    return meetup


# The registration API's meetup, by slug, and its themes, each compiled once (issue 15:
# compiling a queryset costs more than running it). No `select_related`: the registration
# path needs no region.
_MEETUP_BY_SLUG = PreparedQuery(lambda slug: Meetup.objects.filter(slug=slug).order_by(), slug=str)
_MEETUP_THEMES = PreparedQuery(
    lambda meetup_id: MeetupTheme.objects.filter(meetup_id=meetup_id), meetup_id=int
)
_MEETUP_THEMES_BY_SLUG = PreparedQuery(
    lambda slug: MeetupTheme.objects.filter(meetup__slug=slug), slug=str
)


def prefill_themes(meetup: Meetup, themes: list[MeetupTheme]) -> Meetup:
    """Give `meetup` its themes as `prefetch_related("themes")` would (`meetup.themes.all()`
    then reads them without a query), and each theme its meetup. What Django's own
    `prefetch_related_objects` does once it has the rows; written out here because the rows
    were read together with other queries (`core.prepared.fetch_together`)."""
    field = MeetupTheme._meta.get_field("meetup")
    for theme in themes:
        field.set_cached_value(theme, meetup)
    queryset = meetup.themes.all()
    queryset._result_cache = themes
    queryset._prefetch_done = True  # type: ignore[attr-defined]
    cache = {**getattr(meetup, "_prefetched_objects_cache", {}), "themes": queryset}
    meetup._prefetched_objects_cache = cache  # type: ignore[attr-defined]
    return meetup


class _MeetupForRegistration(NamedTuple):
    """`meetup_for_registration_lookup`: the meetup and its themes (two statements)."""

    meetup: Bound
    themes: Bound

    @property
    def using(self) -> str:
        return self.meetup.using

    def statements(self) -> list[Statement]:
        return [*self.meetup.statements(), *self.themes.statements()]

    def read_results(self, results: list[list[tuple]]) -> Meetup | None:
        found = self.meetup.read(results[0])
        if not found or found[0].status != Meetup.Status.PUBLISHED:
            return None
        return prefill_themes(found[0], self.themes.read(results[1]))


def meetup_for_registration_lookup(*, slug: str) -> Lookup:
    """The published meetup with this slug, with its themes, or None, as a lookup to read
    with the request's other reads in one round trip (`core.prepared.fetch_together`)."""
    if not slug_re.match(slug):  # not a slug (a NUL byte, a space …): no meetup has it
        return Known(None)
    return _MeetupForRegistration(
        _MEETUP_BY_SLUG.bound(slug=slug, objects=True),
        _MEETUP_THEMES_BY_SLUG.bound(slug=slug, objects=True),
    )


def meetup_themes(meetup: Meetup) -> list[MeetupTheme]:
    """The meetup's themes in their order (`meetup.themes.all()`, from a prefetch if any).

    Read once per instance: kept as the prefetch, so the form and the service of one request
    (or anything else that asks `meetup.themes.all()`) do not read them again."""
    if "themes" not in getattr(meetup, "_prefetched_objects_cache", {}):
        prefill_themes(meetup, _MEETUP_THEMES.objects(meetup_id=meetup.pk))
    return list(meetup.themes.all())


def registration_closed_reason(
    *, meetup: Meetup, now: datetime.datetime | None = None
) -> str | None:
    """Why nobody can register now (Dutch, for page, API and service alike), or None.

    The one place that says "published and not started": the registration service refuses
    with this message, the public page shows it instead of the form.
    """
    if meetup.status != Meetup.Status.PUBLISHED:
        return _("Aanmelden kan pas als de meetup is gepubliceerd.")
    if meetup.starts_at <= (now or timezone.now()):
        return _("Deze meetup is al begonnen of voorbij; aanmelden kan niet meer.")
    return None


def meetup_themes_with_content(*, meetup: Meetup) -> list[MeetupTheme]:
    """Themes with their directions, reading items and initiatives (four queries)."""
    return list(
        meetup.themes.prefetch_related(
            Prefetch("directions", queryset=MeetupDirection.objects.order_by("position", "id")),
            "reading_items",
            "initiatives",
        ).order_by("position", "id")
    )


def briefing_review_flags(*, themes: list[MeetupTheme]) -> list[Any]:
    """Open "controleren" flags on the kennisbank records a briefing was built from."""
    records: list[tuple[type, int | None]] = []
    for theme in themes:
        records.append((kb.Theme, theme.theme_id))
        records.extend(
            (kb.SolutionDirection, d.source_direction_id) for d in theme.directions.all()
        )
        records.extend((kb.ReadingItem, r.source_item_id) for r in theme.reading_items.all())
        records.extend((kb.Initiative, i.source_initiative_id) for i in theme.initiatives.all())
    return open_flags_for_records(records)


def agenda_list(*, region=None, include_past: bool = False) -> QuerySet[Meetup]:
    qs = Meetup.objects.filter(status=Meetup.Status.PUBLISHED).select_related("region")
    if region is not None:
        qs = qs.filter(region=region)
    if not include_past:
        qs = qs.filter(starts_at__gte=timezone.now() - datetime.timedelta(hours=12))
    return qs.order_by("starts_at", "id")


class RegistrationLinkExpired(Exception):
    """The personal link belongs to a meetup whose retention period is over (410 Gone)."""

    def __init__(self, meetup: Meetup):
        super().__init__(meetup.slug)
        self.meetup = meetup


def retention_ends_at(*, meetup: Meetup) -> datetime.datetime:
    """When the registrants' personal data is due for removal (as `meetups-pseudonymise`)."""
    from dateutil.relativedelta import relativedelta

    return meetup.starts_at + relativedelta(months=meetup.retention_months)


def registration_by_token(*, token: str, now: datetime.datetime | None = None) -> Registration:
    """The registration a personal link opens; Http404 if unknown, RegistrationLinkExpired
    once the meetup's retention period has passed (even before the nightly job ran)."""
    registration = (
        Registration.objects.select_related(
            "meetup", "meetup__region", "theme", "theme_choice_1", "theme_choice_2"
        )
        .filter(token=token, pseudonymised_at__isnull=True)
        .first()
    )
    if registration is None:
        raise Http404(_("Deze link is niet (meer) geldig."))
    if retention_ends_at(meetup=registration.meetup) <= (now or timezone.now()):
        raise RegistrationLinkExpired(registration.meetup)
    return registration


def registration_list(*, meetup: Meetup, statuses=None) -> QuerySet[Registration]:
    qs = Registration.objects.filter(meetup=meetup).select_related(
        "theme", "theme_choice_1", "theme_choice_2"
    )
    if statuses:
        qs = qs.filter(status__in=statuses)
    return qs.order_by("id")


def registration_for_user(
    *, user: AnyUser | None, meetup: Meetup, registration_id: int
) -> Registration:
    """A registration of a meetup the user already may manage (see meetup_for_user)."""
    registration = Registration.objects.filter(meetup=meetup, pk=registration_id).first()
    if registration is None:
        raise Http404(_("Deze aanmelding bestaat niet."))
    return registration


def registration_summary(*, meetup: Meetup) -> dict[str, Any]:
    """Counts per status, per theme and per profession (three grouped queries)."""
    base = Registration.objects.filter(meetup=meetup)
    by_status = dict(base.values_list("status").annotate(n=Count("id")).order_by())
    labels = dict(Profession.choices)
    active = base.exclude(status__in=[Registration.Status.CANCELLED, Registration.Status.EXPIRED])
    by_profession = [
        (labels.get(row["profession"], row["profession"]), row["n"])
        for row in active.values("profession").annotate(n=Count("id")).order_by("-n", "profession")
    ]
    themes = list(
        meetup.themes.annotate(
            placed=Count("registrations", filter=Q(registrations__status__in=Registration.HOLDING)),
        ).order_by("position", "id")
    )
    first_choice = dict(active.values_list("theme_choice_1").annotate(n=Count("id")).order_by())
    for theme in themes:
        theme.first_choice = first_choice.get(theme.pk, 0)  # type: ignore[attr-defined]
    return {
        "by_status": [
            (label, by_status.get(value, 0)) for value, label in Registration.Status.choices
        ],
        "holding": sum(by_status.get(s, 0) for s in Registration.HOLDING),
        "waiting": by_status.get(Registration.Status.WAITLISTED, 0),
        "by_profession": by_profession,
        "themes": themes,
    }


def initiative_suggestions(*, meetup_theme: MeetupTheme, limit: int = 12) -> list[dict[str, Any]]:
    """Local initiatives to suggest for a theme, not yet on it.

    From earlier meetups in the same region (same kennisbank theme first), the
    kennisbank's initiatives in the region, the netwerk's services in the region that
    are linked to this theme, and the netwerk's organisations in the region.
    """
    from kansenwerk.kennisbank.models import Initiative
    from kansenwerk.meetups.models import MeetupInitiative

    meetup = meetup_theme.meetup
    taken = {t.lower() for t in meetup_theme.initiatives.values_list("title", flat=True)}
    suggestions: list[dict[str, Any]] = []

    def add(source: str, key: str, organisation_id: int | None = None, **values: str) -> None:
        title = values.get("title", "")
        if title and title.lower() not in taken:
            taken.add(title.lower())
            suggestions.append(
                {
                    "key": key,
                    "source": source,
                    "title": title,
                    "description": values.get("description", ""),
                    "organisation_name": values.get("organisation_name", ""),
                    "place": values.get("place", ""),
                    "url": values.get("url", ""),
                    "organisation_id": organisation_id,
                }
            )

    earlier = (
        MeetupInitiative.objects.filter(meetup_theme__meetup__region_id=meetup.region_id)
        .exclude(meetup_theme__meetup=meetup)
        .order_by("-meetup_theme__meetup__starts_at", "id")
    )
    if meetup_theme.theme_id:
        earlier = earlier.order_by(
            models_case_same_theme(meetup_theme.theme_id), "-meetup_theme__meetup__starts_at", "id"
        )
    for earlier_item in earlier[:limit]:
        add(
            _("eerdere meetup"),
            f"m{earlier_item.pk}",
            title=earlier_item.title,
            description=earlier_item.description,
            organisation_name=earlier_item.organisation_name,
            place=earlier_item.place,
            url=earlier_item.url,
            organisation_id=earlier_item.organisation_id,
        )
    for item in Initiative.objects.filter(region_id=meetup.region_id).order_by("title")[:limit]:
        add(
            _("kennisbank"),
            f"k{item.pk}",
            title=item.title,
            description=item.description,
            place=item.place,
            url=item.url,
        )
    if meetup_theme.theme_id:
        services = (
            Service.objects.filter(
                organization__region_id=meetup.region_id,
                themes=meetup_theme.theme_id,
                status=Service.Status.ACTIVE,
            )
            .select_related("organization")
            .order_by("name")[:limit]
        )
        for service in services:
            add(
                _("netwerk: aanbod bij dit thema"),
                f"s{service.pk}",
                title=service.name,
                organisation_name=service.organization.name,
                description=service.description,
                url=service.url,
                organisation_id=service.organization_id,
            )
    for org in Organization.objects.filter(region_id=meetup.region_id).order_by("name")[:limit]:
        add(
            _("netwerk"),
            f"n{org.pk}",
            title=org.name,
            organisation_name=org.name,
            description=org.description,
            url=org.website,
            organisation_id=org.pk,
        )
    return suggestions[: limit * 2]


def models_case_same_theme(theme_id: int):
    """Order expression: initiatives from the same kennisbank theme first."""
    from django.db.models import Case, IntegerField, Value, When

    return Case(
        When(meetup_theme__theme_id=theme_id, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


def organisation_names(*, meetup: Meetup, limit: int = 500) -> list[str]:
    """Names of the netwerk's organisations in the meetup's region (form suggestions)."""
    return list(
        Organization.objects.filter(region_id=meetup.region_id)
        .order_by("name")
        .values_list("name", flat=True)[:limit]
    )


# --- Places and the waiting list (reads; the registration service decides under a lock) --
def holding_counts(meetup: Meetup) -> tuple[int, dict[int, int]]:
    """Places taken in the meetup, and per theme (one query)."""
    rows = (
        Registration.objects.filter(meetup=meetup, status__in=Registration.HOLDING)
        .values("theme_id")
        .annotate(n=Count("id"))
    )
    per_theme = {row["theme_id"]: row["n"] for row in rows}
    return sum(per_theme.values()), per_theme


def place_counts_query(meetup_id: int) -> QuerySet:
    """Rows (status, theme id, number) of the registrations that hold or wait for a place."""
    return (
        Registration.objects.filter(
            meetup_id=meetup_id,
            status__in=[*Registration.HOLDING, Registration.Status.WAITLISTED],
        )
        .values_list("status", "theme_id")
        .annotate(n=Count("id"))
        .order_by()
    )


def place_counts_from_rows(
    rows: Iterable[tuple[str, int | None, int]],
) -> tuple[int, dict[int, int], int]:
    """(places taken, taken per theme, people waiting) from `place_counts_query`'s rows."""
    per_theme: dict[int, int] = {}
    waiting = 0
    for status, theme_id, n in rows:
        if status == Registration.Status.WAITLISTED:
            waiting += n
        else:
            per_theme[theme_id] = per_theme.get(theme_id, 0) + n  # type: ignore[index,arg-type]
    return sum(per_theme.values()), per_theme, waiting


def place_counts(meetup: Meetup) -> tuple[int, dict[int, int], int]:
    """`holding_counts` and the number of people waiting, in the same one query."""
    return place_counts_from_rows(place_counts_query(meetup.pk))


def has_room(theme: MeetupTheme, per_theme: dict[int, int]) -> bool:
    return theme.capacity is None or per_theme.get(theme.pk, 0) < theme.capacity


def themes_with_room(
    *, meetup: Meetup, per_theme: dict[int, int] | None = None
) -> list[MeetupTheme]:
    """The meetup's themes that still have a place of their own (in the meetup's order)."""
    if per_theme is None:
        _total, per_theme = holding_counts(meetup)
    return [t for t in meetup.themes.order_by("position", "id") if has_room(t, per_theme)]


def waitlist_reason(*, registration: Registration) -> dict[str, Any]:
    """Why someone waits: {"reason": "meetup_full" | "theme_full" | None, "themes_with_room"}.

    Read at the moment it is shown (page, e-mail), so it stays true when places free up.
    """
    if registration.status != Registration.Status.WAITLISTED:
        return {"reason": None, "themes_with_room": []}
    meetup = registration.meetup
    total, per_theme = holding_counts(meetup)
    if total >= meetup.capacity:
        return {"reason": "meetup_full", "themes_with_room": []}
    chosen = {registration.theme_choice_1_id, registration.theme_choice_2_id}
    return {
        "reason": "theme_full",
        "themes_with_room": [
            t for t in themes_with_room(meetup=meetup, per_theme=per_theme) if t.pk not in chosen
        ],
    }


def waitlist_position(*, registration: Registration) -> int | None:
    """1-based place on the waiting list, derived from arrival order (None: not waiting)."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    return Registration.objects.filter(
        meetup_id=registration.meetup_id,
        status=Registration.Status.WAITLISTED,
        id__lte=registration.pk,
    ).count()


def theme_places(*, meetup: Meetup) -> dict[int, int]:
    """Places taken per theme id (one query)."""
    return holding_counts(meetup)[1]


def registration_counts(*, meetup: Meetup) -> dict[str, int]:
    """Places taken, left and waiting, for the meetup page (one query)."""
    counts = Registration.objects.filter(meetup=meetup).aggregate(
        holding=Count("id", filter=Q(status__in=Registration.HOLDING)),
        waiting=Count("id", filter=Q(status=Registration.Status.WAITLISTED)),
    )
    counts["left"] = max(meetup.capacity - counts["holding"], 0)
    return counts


def present_registrations(*, meetup: Meetup) -> QuerySet[Registration]:
    """The one definition of "present": marked present or checked in at the door, and not
    cancelled or expired since.

    Used by the check-in page's counter, the table pages and planning from who is present.
    Pseudonymised rows are statistics, not people in the room.
    """
    return (
        Registration.objects.filter(meetup=meetup, pseudonymised_at__isnull=True)
        .filter(Q(status=Registration.Status.ATTENDED) | Q(checked_in_at__isnull=False))
        .exclude(status__in=[Registration.Status.CANCELLED, Registration.Status.EXPIRED])
        .order_by("id")
    )
