"""Reads for agreements, signals and the meetup report; `*_for_user` check rights."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kansenwerk.afspraken.models import (
    Agreement,
    AgreementStatus,
    ProgressUpdate,
    ReportPublication,
    Signal,
)
from kansenwerk.core.permissions import Action, Capability, can_write
from kansenwerk.core.types import AnyUser, signed_in
from kansenwerk.meetups.models import Meetup, OrganisationKind, Profession, Registration


class LinkRevoked(Exception):
    """The personal link existed but was revoked: the view answers 410 Gone."""


def _agreement_qs() -> QuerySet[Agreement]:
    return Agreement.objects.select_related(
        "meetup",
        "meetup__region",
        "meetup_theme",
        "meetup_direction",
        "solution_direction",
    ).prefetch_related(
        "organizations",
        Prefetch("updates", queryset=ProgressUpdate.objects.order_by("-date", "-id")),
    )


def agreement_for_user(
    *, user: AnyUser | None, pk: int, action: Action = Action.UPDATE
) -> Agreement:
    """An agreement the user may manage (its meetup's region), or 404 / PermissionDenied."""
    agreement = _agreement_qs().filter(pk=pk).first()
    if agreement is None:
        raise Http404(_("Deze afspraak bestaat niet."))
    if not can_write(
        user, capability=Capability.MEETUPS, region_id=agreement.meetup.region_id, action=action
    ):
        raise PermissionDenied(_("U hebt geen rechten om deze afspraak te bekijken."))
    return agreement


def agreement_by_token(*, token: str) -> Agreement:
    """The one agreement a personal link opens; Http404 if unknown, LinkRevoked if revoked."""
    agreement = _agreement_qs().filter(token=token).first() if token else None
    if agreement is None:
        raise Http404(_("Deze link werkt niet (meer)."))
    if agreement.token_revoked_at is not None:
        raise LinkRevoked
    return agreement


def report_publication(*, meetup: Meetup) -> ReportPublication | None:
    return ReportPublication.objects.filter(meetup=meetup).first()


def publication_by_token(*, token: str) -> ReportPublication:
    """The published report a participant's link opens; Http404 if unknown, LinkRevoked if
    the organiser withdrew it."""
    publication = (
        ReportPublication.objects.select_related("meetup", "meetup__region")
        .filter(token=token)
        .first()
        if token
        else None
    )
    if publication is None:
        raise Http404(_("Deze link werkt niet (meer)."))
    if not publication.is_active:
        raise LinkRevoked
    return publication


def agreements_for_meetup(*, meetup: Meetup) -> QuerySet[Agreement]:
    """A meetup's agreements by theme, direction and deadline (three queries)."""
    return (
        Agreement.objects.filter(meetup=meetup)
        .select_related("meetup_theme", "meetup_direction", "solution_direction")
        .prefetch_related("organizations")
        .order_by("meetup_theme__position", "meetup_direction__position", "due_date", "id")
    )


def signals_for_meetup(*, meetup: Meetup) -> QuerySet[Signal]:
    return (
        Signal.objects.filter(meetup=meetup)
        .select_related("meetup_theme", "meetup_direction", "group")
        .order_by("level", "meetup_theme__position", "id")
    )


def status_counts(qs: QuerySet[Agreement]) -> list[dict[str, Any]]:
    """[{status, label, count}] for every status, in order, counted in the database."""
    counted = dict(qs.order_by().values_list("status").annotate(n=Count("id")))
    return [
        {"status": value, "label": label, "count": counted.get(value, 0)}
        for value, label in AgreementStatus.choices
    ]


def previous_meetup(*, meetup: Meetup) -> Meetup | None:
    """The latest earlier meetup in the same region that has agreements."""
    return (
        Meetup.objects.filter(region_id=meetup.region_id, starts_at__lt=meetup.starts_at)
        .exclude(status=Meetup.Status.CANCELLED)
        .filter(agreements__isnull=False)
        .order_by("-starts_at", "-id")
        .first()
    )


def previous_agreements_for(meetup: Meetup) -> dict[str, Any]:
    """What became of the previous meetup's agreements, for the next meetup's briefing.

    Returns {"previous": Meetup | None, "agreements": [...], "counts": [...]}; the
    include `afspraken/includes/previous_agreements.html` renders it.
    """
    previous = previous_meetup(meetup=meetup)
    if previous is None:
        return {"previous": None, "agreements": [], "counts": []}
    agreements = list(
        Agreement.objects.filter(meetup=previous)
        .select_related("meetup_theme")
        .prefetch_related(
            Prefetch("updates", queryset=ProgressUpdate.objects.order_by("-date", "-id"))
        )
        .order_by("meetup_theme__position", "due_date", "id")
    )
    for agreement in agreements:
        updates = list(agreement.updates.all())
        agreement.latest_update = updates[0] if updates else None  # type: ignore[attr-defined]
    return {
        "previous": previous,
        "agreements": agreements,
        "counts": status_counts(Agreement.objects.filter(meetup=previous)),
    }


def _labelled(rows, choices) -> list[dict[str, Any]]:
    labels = dict(choices)
    return [{"key": key, "label": labels.get(key) or _("Onbekend"), "count": n} for key, n in rows]


def meetup_report(*, meetup: Meetup) -> dict[str, Any]:
    """Everything the report shows, aggregated in the database."""
    present = Registration.objects.filter(meetup=meetup, status=Registration.Status.ATTENDED)
    counted_as = "present"
    if not present.exists():
        # Nobody was checked in: report who had a place instead, and say so.
        present = Registration.objects.filter(meetup=meetup, status__in=Registration.HOLDING)
        counted_as = "registered"
    by_profession = (
        present.order_by()
        .values_list("profession")
        .annotate(n=Count("id"))
        .order_by("-n", "profession")
    )
    by_kind = (
        present.order_by()
        .values_list("organisation_kind")
        .annotate(n=Count("id"))
        .order_by("-n", "organisation_kind")
    )
    agreements = list(agreements_for_meetup(meetup=meetup))
    themes: dict[Any, dict[str, Any]] = {}
    for agreement in agreements:
        theme = themes.setdefault(
            agreement.meetup_theme_id,
            {"theme": agreement.meetup_theme, "directions": {}},
        )
        direction = theme["directions"].setdefault(
            agreement.meetup_direction_id,
            {"direction": agreement.meetup_direction, "agreements": []},
        )
        direction["agreements"].append(agreement)
    return {
        "counted_as": counted_as,
        "attendance_total": present.count(),
        "by_profession": _labelled(by_profession, Profession.choices),
        "by_kind": _labelled(by_kind, OrganisationKind.choices),
        "agreements": agreements,
        "agreement_themes": [
            {**t, "directions": list(t["directions"].values())} for t in themes.values()
        ],
        "status_counts": status_counts(Agreement.objects.filter(meetup=meetup)),
        "signals": list(signals_for_meetup(meetup=meetup)),
    }


def owner_suggestions(
    *, user: AnyUser | None, meetup: Meetup, query: str, limit: int = 8
) -> dict[str, list]:
    """Organisations (and, for those allowed to see them, contact persons) from the netwerk
    of the meetup's region whose name matches `query`."""
    from kansenwerk.netwerk.models import ContactPerson, Organization

    query = query.strip()
    if len(query) < 2:
        return {"organizations": [], "contacts": []}
    organizations = list(
        Organization.objects.filter(region_id=meetup.region_id, name__icontains=query).order_by(
            "name"
        )[:limit]
    )
    contacts: list = []
    account = signed_in(user)
    if account is not None and (account.is_beheerder or meetup.region_id in account.region_ids()):
        contacts = list(
            ContactPerson.objects.filter(organization__region_id=meetup.region_id)
            .filter(Q(name__icontains=query) | Q(organization__name__icontains=query))
            .select_related("organization")
            .order_by("name")[:limit]
        )
    return {"organizations": organizations, "contacts": contacts}
