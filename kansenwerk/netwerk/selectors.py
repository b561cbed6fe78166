"""Reads of the netwerk: the region page with its filters and gaps, detail pages with
rights, and duplicate suggestions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process, utils

from kansenwerk.core.models import Municipality, Region
from kansenwerk.core.permissions import Action, Capability, can_write
from kansenwerk.core.types import AnyUser, signed_in
from kansenwerk.kennisbank.models import Intervention, SolutionDirection, Theme
from kansenwerk.kennisbank.national.selectors import twin_directions

from . import services_verification as verification
from .models import ContactPerson, Organization, Service, TargetGroup


def website_domain(url: str) -> str:
    """The host of a website without "www.", for matching duplicates."""
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    return host.removeprefix("www.").lower()


# Regions and municipalities ------------------------------------------------------------


def region_list() -> QuerySet[Region]:
    return Region.objects.annotate(
        organization_count=Count("netwerk_organizations", distinct=True)
    ).prefetch_related("municipalities")


def region_get(*, slug: str) -> Region:
    try:
        return Region.objects.get(slug=slug)
    except Region.DoesNotExist as exc:
        raise Http404(_("Deze regio bestaat niet.")) from exc


def municipality_in_region(*, region: Region, slug: str) -> Municipality | None:
    if not slug:
        return None
    try:
        return region.municipalities.get(slug=slug)
    except Municipality.DoesNotExist as exc:
        raise Http404(_("Deze gemeente hoort niet bij deze regio.")) from exc


def local_services(*, region: Region, municipality: Municipality | None = None) -> QuerySet:
    """Services offered in a region (by its organisations or organisations serving one of
    its municipalities), or in one municipality (organisations serving it, or located there)."""
    # Subqueries instead of joins: a join through the served municipalities repeats each
    # service once per municipality, which made counting slow on PostgreSQL.
    if municipality is not None:
        condition = Q(
            organization__in=Organization.objects.filter(municipalities=municipality).values("pk")
        ) | Q(pk__in=Service.objects.filter(locations__municipality=municipality).values("pk"))
    else:
        condition = Q(
            organization__in=Organization.objects.filter(
                Q(region=region) | Q(municipalities__region=region)
            ).values("pk")
        )
    # Listings unverified for longer than KANSENWERK_VERIFY_HIDE_DAYS stay off public pages.
    return Service.objects.alias(
        org_checked=Coalesce("organization__last_verified_at", "organization__created_at")
    ).filter(
        condition,
        status=Service.Status.ACTIVE,
        org_checked__gte=verification.hidden_before(timezone.now()),
    )


# The "wie kan ik benaderen" page ------------------------------------------------------


@dataclass(frozen=True)
class ServiceFilters:
    theme: str = ""  # theme slug
    target_group: str = ""  # target group slug
    age: int | None = None
    kind: str = ""  # Organization.Kind value
    q: str = ""

    @classmethod
    def from_query(cls, query: Any) -> ServiceFilters:
        raw_age = (query.get("leeftijd") or "").strip()
        age = int(raw_age) if raw_age.isdigit() and int(raw_age) < 150 else None
        kind = query.get("soort") or ""
        return cls(
            theme=(query.get("thema") or "").strip(),
            target_group=(query.get("doelgroep") or "").strip(),
            age=age,
            kind=kind if kind in Organization.Kind.values else "",
            q=(query.get("q") or "").strip()[:200],
        )


def service_search(
    *,
    region: Region,
    municipality: Municipality | None = None,
    filters: ServiceFilters,
) -> QuerySet[Service]:
    """The region page's results: services, with what the list shows prefetched."""
    ids = local_services(region=region, municipality=municipality)
    if filters.theme:
        ids = ids.filter(
            Q(themes__slug=filters.theme) | Q(solution_directions__theme__slug=filters.theme)
        )
    if filters.target_group:
        ids = ids.filter(target_groups__slug=filters.target_group)
    if filters.age is not None:
        ids = ids.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=filters.age),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=filters.age),
        )
    if filters.kind:
        ids = ids.filter(organization__kind=filters.kind)
    if filters.q:
        ids = ids.filter(
            Q(name__icontains=filters.q)
            | Q(description__icontains=filters.q)
            | Q(organization__name__icontains=filters.q)
        )
    return (
        Service.objects.filter(pk__in=ids.values("pk"))
        .select_related("organization")
        .prefetch_related(
            "target_groups",
            Prefetch("themes", queryset=Theme.objects.only("id", "title", "slug")),
            Prefetch(
                "solution_directions",
                queryset=SolutionDirection.objects.only("id", "title", "number", "theme_id"),
            ),
        )
        .order_by("organization__name", "name", "id")
    )


def direction_gaps(
    *, region: Region, municipality: Municipality | None = None
) -> QuerySet[SolutionDirection]:
    """Solution directions for which no active local service is registered, neither for the
    direction nor for its twin under the same national theme (another region's framing of
    the same direction is covered by the same service)."""
    local = local_services(region=region, municipality=municipality)
    offered = local.filter(solution_directions=OuterRef("pk"))
    covered = SolutionDirection.objects.filter(netwerk_services__in=local.values("pk")).values("pk")
    return (
        SolutionDirection.objects.filter(~Exists(offered))
        .exclude(pk__in=twin_directions(direction_ids=covered))
        .select_related("theme__national_theme")
        .order_by("theme__title", "position", "id")
    )


def filter_choices() -> dict[str, Any]:
    return {
        "themes": list(Theme.objects.order_by("title").values_list("slug", "title")),
        "target_groups": list(TargetGroup.objects.values_list("slug", "name")),
        "kinds": Organization.Kind.choices,
    }


# Organisations -------------------------------------------------------------------------


def can_see_contacts(*, user: AnyUser | None, organization: Organization) -> bool:
    """Contact persons are personal data: only signed-in users of the organisation's region
    (and beheerders) see them."""
    account = signed_in(user)
    if account is None or not account.is_active:
        return False
    return account.is_beheerder or organization.region_id in account.region_ids()


def organization_get(*, pk: int) -> Organization:
    try:
        return (
            Organization.objects.select_related("region")
            .prefetch_related(
                "municipalities",
                "locations__municipality",
                Prefetch(
                    "services",
                    queryset=Service.objects.prefetch_related(
                        "target_groups",
                        "themes",
                        "solution_directions__theme",
                        # The level beside each intervention, without a query per service.
                        Prefetch(
                            "interventions",
                            Intervention.objects.select_related("evidence_profile"),
                        ),
                        "initiatives",
                    ),
                ),
            )
            .get(pk=pk)
        )
    except Organization.DoesNotExist as exc:
        raise Http404(_("Deze organisatie bestaat niet (meer).")) from exc


def organization_contacts(
    *, user: AnyUser | None, organization: Organization
) -> list[ContactPerson]:
    if not can_see_contacts(user=user, organization=organization):
        return []
    return list(organization.contacts.select_related("service"))


def organization_for_user(
    *, user: AnyUser | None, pk: int, action: Action = Action.UPDATE
) -> Organization:
    """The organisation, if this user may change it; otherwise PermissionDenied."""
    organization = organization_get(pk=pk)
    if not can_write(
        user, capability=Capability.NETWERK, region_id=organization.region_id, action=action
    ):
        raise PermissionDenied(_("U hebt geen rechten om deze organisatie te wijzigen."))
    return organization


def service_for_user(*, user: AnyUser | None, pk: int, action: Action = Action.UPDATE) -> Service:
    try:
        service = Service.objects.select_related("organization").get(pk=pk)
    except Service.DoesNotExist as exc:
        raise Http404(_("Dit aanbod bestaat niet (meer).")) from exc
    if not can_write(
        user,
        capability=Capability.NETWERK,
        region_id=service.organization.region_id,
        action=action,
    ):
        raise PermissionDenied(_("U hebt geen rechten om dit aanbod te wijzigen."))
    return service


def contact_for_user(*, user: AnyUser | None, pk: int) -> ContactPerson:
    try:
        contact = ContactPerson.objects.select_related("organization").get(pk=pk)
    except ContactPerson.DoesNotExist as exc:
        raise Http404(_("Deze contactpersoon bestaat niet (meer).")) from exc
    if not can_write(
        user,
        capability=Capability.NETWERK,
        region_id=contact.organization.region_id,
        action=Action.DELETE,
    ):
        raise PermissionDenied(_("U hebt geen rechten om deze contactpersoon te verwijderen."))
    return contact


def organization_directions(*, organization: Organization) -> list[SolutionDirection]:
    """The solution directions an organisation serves, through any of its services
    (uses the prefetched services)."""
    seen: dict[int, SolutionDirection] = {}
    for service in organization.services.all():
        for direction in service.solution_directions.all():
            seen.setdefault(direction.pk, direction)
    return sorted(seen.values(), key=lambda d: (d.theme.title, d.position, d.pk))


def local_offer(
    *, direction: SolutionDirection | None = None, intervention: Intervention | None = None
) -> QuerySet[Organization]:
    """Organisations that offer a solution direction or run an intervention, with their
    region, for the kennisbank's detail pages."""
    services = Service.objects.filter(status=Service.Status.ACTIVE)
    if direction is not None:
        services = services.filter(solution_directions=direction)
    if intervention is not None:
        services = services.filter(interventions=intervention)
    return (
        Organization.objects.filter(pk__in=services.values("organization_id"))
        .select_related("region")
        .order_by("region__name", "name")
    )


# Duplicates ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MergeSuggestion:
    first: Organization
    second: Organization
    score: float
    reasons: tuple[str, ...]


def merge_suggestions(
    *, region_ids: frozenset[int] | None, threshold: float = 85.0, limit: int = 50
) -> list[MergeSuggestion]:
    """Likely duplicates: organisation names that look alike (rapidfuzz token-set ratio),
    or the same website domain or e-mail address. Compared within one region at a time,
    since duplicates are made by people maintaining the same region."""
    organizations = Organization.objects.select_related("region").order_by("region_id", "id")
    if region_ids is not None:
        organizations = organizations.filter(region_id__in=region_ids)
    by_region: dict[int, list[Organization]] = {}
    for organization in organizations:
        by_region.setdefault(organization.region_id, []).append(organization)
    suggestions: list[MergeSuggestion] = []
    for members in by_region.values():
        names = [o.name for o in members]
        scores = process.cdist(
            names, names, scorer=fuzz.token_set_ratio, processor=utils.default_process
        )
        for i, first in enumerate(members):
            for j in range(i + 1, len(members)):
                second = members[j]
                reasons = []
                score = float(scores[i][j])
                if score >= threshold:
                    reasons.append(_("naam lijkt sterk op elkaar (%(score)d%%)") % {"score": score})
                domain = website_domain(first.website) if first.website else ""
                if domain and domain == website_domain(second.website or ""):
                    reasons.append(_("zelfde website (%(domain)s)") % {"domain": domain})
                if first.email and first.email.lower() == (second.email or "").lower():
                    reasons.append(_("zelfde e-mailadres"))
                if reasons:
                    suggestions.append(MergeSuggestion(first, second, score, tuple(reasons)))
    suggestions.sort(key=lambda s: (-len(s.reasons), -s.score, s.first.name))
    return suggestions[:limit]


# Freshness (verified listings) ---------------------------------------------------------

RECENT_DAYS = 365


@dataclass(frozen=True)
class Freshness:
    total: int
    verified_recently: int  # verified in the last 12 months
    stale: int  # marked "niet recent gecontroleerd"
    hidden: int  # off the public pages

    @property
    def share(self) -> float:
        """Percentage verified in the last 12 months (0 without organisations)."""
        return 100 * self.verified_recently / self.total if self.total else 0.0


def _freshness_counts(now: Any) -> dict[str, Any]:
    import datetime

    recent = now - datetime.timedelta(days=RECENT_DAYS)
    return {
        "total": Count("pk"),
        "verified_recently": Count("pk", filter=Q(last_verified_at__gte=recent)),
        "stale": Count("pk", filter=Q(checked__lt=verification.stale_before(now))),
        "hidden": Count("pk", filter=Q(checked__lt=verification.hidden_before(now))),
    }


def region_freshness(*, region: Region, now: Any = None) -> Freshness:
    """How current a region's sociale kaart is (one query)."""
    now = now or timezone.now()
    counts = (
        Organization.objects.filter(region=region)
        .alias(checked=verification.checked_since())
        .aggregate(**_freshness_counts(now))
    )
    return Freshness(**counts)


def freshness_by_region(*, now: Any = None) -> dict[int, Freshness]:
    """The same per region (one query), keyed by region id, for the national comparison."""
    now = now or timezone.now()
    rows: Any = (  # dicts with the counts (annotate(**…) is beyond the stubs)
        Organization.objects.alias(checked=verification.checked_since())
        .values("region_id")
        .annotate(**_freshness_counts(now))
        .order_by("region_id")
    )
    return {
        row["region_id"]: Freshness(
            total=row["total"],
            verified_recently=row["verified_recently"],
            stale=row["stale"],
            hidden=row["hidden"],
        )
        for row in rows
    }


def similar_organizations(
    *, region: Region, name: str, website: str = "", email: str = "", threshold: float = 85.0
) -> list[dict[str, Any]]:
    """Organisations in the region a new one may duplicate (the same fuzzy name match as
    `merge_suggestions`, or the same website domain or e-mail address), best first."""
    members = list(
        Organization.objects.filter(region=region).only("id", "name", "website", "email")
    )
    if not members:
        return []
    scores = process.cdist(
        [name],
        [o.name for o in members],
        scorer=fuzz.token_set_ratio,
        processor=utils.default_process,
    )[0]
    domain = website_domain(website) if website else ""
    found: list[dict[str, Any]] = []
    for organization, score in zip(members, scores, strict=True):
        reasons = []
        if score >= threshold:
            reasons.append(_("naam lijkt sterk op elkaar (%(score)d%%)") % {"score": score})
        if domain and domain == website_domain(organization.website or ""):
            reasons.append(_("zelfde website (%(domain)s)") % {"domain": domain})
        if email and email.lower() == (organization.email or "").lower():
            reasons.append(_("zelfde e-mailadres"))
        if reasons:
            found.append(
                {
                    "id": organization.pk,
                    "name": organization.name,
                    "score": float(score),
                    "reasons": reasons,
                }
            )
    found.sort(key=lambda d: (-len(d["reasons"]), -d["score"]))
    return found
