"""Reads for meetups; the `*_for_user` selectors check write rights in one place."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kansenwerk.core.permissions import Action, Capability, can_write, writable_region_ids
from kansenwerk.meetups.models import (
    Meetup,
    MeetupDirection,
    MeetupTheme,
    Profession,
    Registration,
)
from kansenwerk.netwerk.models import Organization, Service


def meetup_for_user(*, user: Any, slug: str, action: Action = Action.UPDATE) -> Meetup:
    """A meetup the user may manage, or PermissionDenied / Http404."""
    meetup = Meetup.objects.select_related("region").filter(slug=slug).first()
    if meetup is None:
        raise Http404(_("Deze meetup bestaat niet."))
    if not can_write(
        user, capability=Capability.MEETUPS, region_id=meetup.region_id, action=action
    ):
        raise PermissionDenied(_("U hebt geen rechten om deze meetup te beheren."))
    return meetup


def meetups_for_user(*, user: Any) -> QuerySet[Meetup]:
    """Meetups the user may manage, newest first, with registration counts."""
    regions = writable_region_ids(user, capability=Capability.MEETUPS)
    qs = Meetup.objects.select_related("region").annotate(
        holding=Count("registrations", filter=Q(registrations__status__in=Registration.HOLDING)),
        waiting=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)
        ),
    )
    if regions is not None:
        qs = qs.filter(region_id__in=regions)
    return qs.order_by("-starts_at", "-id")


def meetup_public_get(*, slug: str, preview_user: Any = None) -> Meetup:
    """A published (or cancelled) meetup; drafts only for those who may manage them."""
    meetup = Meetup.objects.select_related("region").filter(slug=slug).first()
    if meetup is None:
        raise Http404(_("Deze meetup bestaat niet."))
    if meetup.status == Meetup.Status.DRAFT and not can_write(
        preview_user, capability=Capability.MEETUPS, region_id=meetup.region_id
    ):
        raise Http404(_("Deze meetup bestaat niet."))
    return meetup


def meetup_themes_with_content(*, meetup: Meetup) -> list[MeetupTheme]:
    """Themes with their directions, reading items and initiatives (four queries)."""
    return list(
        meetup.themes.prefetch_related(
            Prefetch("directions", queryset=MeetupDirection.objects.order_by("position", "id")),
            "reading_items",
            "initiatives",
        ).order_by("position", "id")
    )


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


def registration_for_user(*, user: Any, meetup: Meetup, registration_id: int) -> Registration:
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
