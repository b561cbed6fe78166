"""The netwerk's read API in the HSDS API (HSDA) shape, plus the kennisbank's themes,
solution directions and interventions. Mounted at /api/ by kansenwerk/api.py.

Anonymous clients are rate-limited with django-ninja's own AnonRateThrottle (on
Django's cache, keyed by client address); KANSENWERK_RATE_LIMITS=off switches it off.
Contact persons are personal data and never leave through this API.
"""

from __future__ import annotations

import datetime
import math
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.throttling import AnonRateThrottle

from kansenwerk.core.models import Municipality
from kansenwerk.kennisbank.evidence import selectors as evidence_selectors
from kansenwerk.kennisbank.models import Intervention, SolutionDirection, Theme

from .hsds import taxonomy as tx
from .hsds.export import (
    TermIndex,
    all_taxonomies,
    all_terms,
    location_to_hsds,
    organization_to_hsds,
    service_at_location_id,
    service_to_hsds,
)
from .hsds.importer import TermLookup
from .models import Location, Organization, Service

ANONYMOUS_RATE = "120/m"
MAX_PER_PAGE = 200


class SwitchableAnonThrottle(AnonRateThrottle):
    """Anonymous means: no API auth and no signed-in session user."""

    def allow_request(self, request) -> bool:
        if str(getattr(settings, "KANSENWERK_RATE_LIMITS", "on")).lower() == "off":
            return True
        # Read at request time so a deployment (or a test) can change it without a restart.
        rate = getattr(settings, "KANSENWERK_API_ANON_RATE", ANONYMOUS_RATE)
        self.num_requests, self.duration = self.parse_rate(rate)
        return super().allow_request(request)

    def get_cache_key(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return None
        return super().get_cache_key(request)


ANON_THROTTLE = SwitchableAnonThrottle(ANONYMOUS_RATE)
router = Router(tags=["netwerk (HSDS 3.0)"], throttle=[ANON_THROTTLE])


class Page(Schema):
    """HSDA `Page`: the envelope of every list."""

    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool
    contents: list[dict[str, Any]]


class NotFound(Schema):
    detail: str


def _page(queryset: QuerySet, *, page: int, per_page: int, render) -> dict[str, Any]:
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    total = queryset.count()
    total_pages = max(1, math.ceil(total / per_page))
    page = max(1, page)
    start = (page - 1) * per_page
    items = list(queryset[start : start + per_page]) if start < total else []
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(items),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not items,
        "contents": [render(item) for item in items],
    }


def _term_filter(term_id: str, *, for_organizations: bool = False) -> Q:
    """Services or organisations linked to a kansenwerk taxonomy term; an unknown term
    matches nothing (HSDA filters are cumulative)."""
    lookup = TermLookup.load()
    org = "" if for_organizations else "organization__"
    svc = "services__" if for_organizations else ""
    if term_id in lookup.themes:
        return Q(**{f"{svc}themes": lookup.themes[term_id]})
    if term_id in lookup.directions:
        return Q(**{f"{svc}solution_directions": lookup.directions[term_id]})
    if term_id in lookup.interventions:
        return Q(**{f"{svc}interventions": lookup.interventions[term_id]})
    if term_id in lookup.initiatives:
        return Q(**{f"{svc}initiatives": lookup.initiatives[term_id]})
    if term_id in lookup.target_groups:
        return Q(**{f"{svc}target_groups": lookup.target_groups[term_id]})
    if term_id in lookup.kinds:
        return Q(**{f"{org}kind": lookup.kinds[term_id]})
    if term_id in lookup.regions:
        return Q(**{f"{org}region": lookup.regions[term_id]})
    if term_id in lookup.municipalities:
        return Q(**{f"{org}municipalities": lookup.municipalities[term_id]})
    if term_id in lookup.levels:
        # A level set here for a linked intervention, or one an import received.
        return Q(**{f"{svc}interventions__evidence_profile__level": lookup.levels[term_id]}) | Q(
            **{f"{svc}attribute_values__icontains": term_id}
        )
    try:
        kept = uuid.UUID(term_id)
    except ValueError:
        return Q(pk__in=[])
    # A term kept from an import (a kennisbank record this database lacks, or another
    # system's term), on the object itself.
    if for_organizations:
        return Q(kept_terms__hsds_id=kept) | Q(services__kept_terms__hsds_id=kept)
    return Q(kept_terms__hsds_id=kept)


def _located() -> QuerySet[Location]:
    return Location.objects.select_related("municipality__region", "organization").prefetch_related(
        "kept_terms"
    )


def _service_queryset(
    base: QuerySet[Service] | None = None, *, full: bool = False
) -> QuerySet[Service]:
    """Services with what `service_to_hsds` reads; `full` adds what the nested organisation
    and locations need (HSDA's fully nested service)."""
    base = Service.objects.all() if base is None else base
    queryset = base.select_related("organization").prefetch_related(
        "target_groups",
        "themes",
        "solution_directions__theme",
        # The export reads each intervention's evidence level (hsds/evidence.py).
        Prefetch("interventions", Intervention.objects.select_related("evidence_profile")),
        "initiatives",
        "kept_terms",
    )
    if not full:
        return queryset.prefetch_related("locations")
    return queryset.select_related("organization__region").prefetch_related(
        Prefetch("locations", queryset=_located()),
        Prefetch(
            "organization__municipalities",
            queryset=Municipality.objects.select_related("region"),
        ),
        "organization__kept_terms",
    )


def _full_service(service: Service, *, terms: TermIndex) -> dict[str, Any]:
    """HSDA's fully nested service: with its organisation and each location in
    `service_at_locations` (from a `_service_queryset(full=True)` row)."""
    data = service_to_hsds(service, org_id=str(service.organization.hsds_id), terms=terms)
    data["organization"] = _organization_summary(service.organization, terms=terms)
    locations = {str(loc.hsds_id): loc for loc in service.locations.all()}
    for at in data["service_at_locations"]:
        location = locations.get(at["location_id"])
        if location is not None:
            at["location"] = location_to_hsds(location, terms=terms)
    return data


def _minimal_service(service: Service) -> dict[str, Any]:
    """HSDA `minimal`: the id and when it changed (with the fields HSDS requires)."""
    return {
        "id": str(service.hsds_id),
        "name": service.name,
        "status": service.status,
        "last_modified": service.updated_at.isoformat(timespec="seconds"),
    }


def _distinct_ids(queryset: QuerySet, filtered: QuerySet) -> QuerySet:
    # Filters across many-to-many joins repeat rows; select by id instead of DISTINCT.
    return queryset.filter(pk__in=filtered.values("pk"))


HSDS_PROFILE_URL = "https://docs.openreferral.org/en/latest/hsds/overview.html"


@router.get("/", summary="Over deze API: HSDS-versie en profiel (HSDA 3.0)")
def api_meta(request) -> dict[str, str]:
    """HSDA's API root: the HSDS version, the profile and where the OpenAPI description is.
    The other apps' endpoints share /api/ but live on their own paths."""
    return {
        "version": "3.0",
        "profile": getattr(settings, "KANSENWERK_HSDS_PROFILE_URL", HSDS_PROFILE_URL),
        "openapi_url": request.build_absolute_uri(reverse("api:openapi-json")),
    }


@router.get("/services", response=Page, summary="Aanbod (HSDS-services), gepagineerd")
def services(
    request,
    search: str = "",
    taxonomy_term_id: str = "",
    organization_id: uuid.UUID | None = None,
    modified_after: datetime.datetime | None = None,
    page: int = 1,
    per_page: int = 50,
    minimal: bool = False,
    full: bool = False,
):
    """HSDA: `minimal=true` gives each service's id and last_modified only (with the name
    and status HSDS requires); `full=true` nests the organisation and the locations."""
    filtered = Service.objects.all()
    if search:
        filtered = filtered.filter(
            Q(name__icontains=search)
            | Q(description__icontains=search)
            | Q(organization__name__icontains=search)
        )
    if taxonomy_term_id:
        filtered = filtered.filter(_term_filter(taxonomy_term_id))
        needs_distinct = True
    else:
        needs_distinct = False
    if organization_id:
        filtered = filtered.filter(organization__hsds_id=organization_id)
    if modified_after:
        filtered = filtered.filter(updated_at__gte=modified_after)
    full = full and not minimal
    if minimal:
        queryset = (
            Service.objects.filter(pk__in=filtered.values("pk")) if needs_distinct else filtered
        ).only("hsds_id", "name", "status", "updated_at")
    elif needs_distinct:
        queryset = _distinct_ids(_service_queryset(full=full), filtered)
    else:  # only foreign-key joins: no repeated rows, so no id subquery needed
        queryset = _service_queryset(filtered, full=full)
    queryset = queryset.order_by("name", "id")
    terms = TermIndex()
    if minimal:
        render = _minimal_service
    elif full:
        render = lambda s: _full_service(s, terms=terms)  # noqa: E731
    else:
        render = lambda s: service_to_hsds(  # noqa: E731
            s, org_id=str(s.organization.hsds_id), terms=terms
        )
    return _page(queryset, page=page, per_page=per_page, render=render)


@router.get(
    "/services/{service_id}",
    response={200: dict[str, Any], 404: NotFound},
    summary="Eén aanbod, met organisatie en locaties",
)
def service_detail(request, service_id: uuid.UUID):
    service = _service_queryset(full=True).filter(hsds_id=service_id).first()
    if service is None:
        raise HttpError(404, _("Dit aanbod bestaat niet."))
    return _full_service(service, terms=TermIndex())


def _organization_queryset(*, with_services: bool) -> QuerySet[Organization]:
    queryset = Organization.objects.select_related("region").prefetch_related(
        Prefetch("municipalities", queryset=Municipality.objects.select_related("region")),
        "kept_terms",
        Prefetch("locations", queryset=_located()),
    )
    if with_services:
        queryset = queryset.prefetch_related(
            Prefetch("services", queryset=_service_queryset().order_by("name", "id"))
        )
    return queryset


def _organization_summary(organization: Organization, *, terms: TermIndex) -> dict[str, Any]:
    """An organisation's direct properties and attributes (no child arrays), as in HSDA lists."""
    return organization_to_hsds(
        organization, terms=terms, include_contacts=False, include_children=False
    )


@router.get("/organizations", response=Page, summary="Organisaties, gepagineerd")
def organizations(
    request,
    search: str = "",
    taxonomy_term_id: str = "",
    modified_after: datetime.datetime | None = None,
    page: int = 1,
    per_page: int = 50,
    full: bool = False,
):
    """HSDA: `full=true` gives each organisation fully nested (locations and services)."""
    filtered = Organization.objects.all()
    if search:
        filtered = filtered.filter(Q(name__icontains=search) | Q(description__icontains=search))
    if taxonomy_term_id:
        filtered = filtered.filter(_term_filter(taxonomy_term_id, for_organizations=True))
    if modified_after:
        filtered = filtered.filter(updated_at__gte=modified_after)
    queryset = _distinct_ids(_organization_queryset(with_services=full), filtered).order_by(
        "name", "id"
    )
    terms = TermIndex()
    if full:
        render = lambda o: organization_to_hsds(  # noqa: E731
            o, terms=terms, include_contacts=False
        )
    else:
        render = lambda o: _organization_summary(o, terms=terms)  # noqa: E731
    return _page(queryset, page=page, per_page=per_page, render=render)


@router.get(
    "/organizations/{organization_id}",
    response={200: dict[str, Any], 404: NotFound},
    summary="Eén organisatie met haar aanbod en locaties",
)
def organization_detail(request, organization_id: uuid.UUID):
    organization = (
        _organization_queryset(with_services=True).filter(hsds_id=organization_id).first()
    )
    if organization is None:
        raise HttpError(404, _("Deze organisatie bestaat niet."))
    return organization_to_hsds(organization, terms=TermIndex(), include_contacts=False)


def _list_page(items: list[dict[str, Any]], *, page: int, per_page: int) -> dict[str, Any]:
    """The HSDA `Page` envelope around a list already in memory."""
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    total = len(items)
    total_pages = max(1, math.ceil(total / per_page))
    page = max(1, page)
    contents = items[(page - 1) * per_page : page * per_page]
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def _matches(item: dict[str, Any], search: str) -> bool:
    needle = search.casefold()
    return any(needle in str(item.get(k) or "").casefold() for k in ("name", "description", "code"))


@router.get("/taxonomies", response=Page, summary="De taxonomieën (kansenwerk en bewaarde)")
def taxonomies(request, search: str = "", page: int = 1, per_page: int = 50):
    items = [t for t in all_taxonomies() if not search or _matches(t, search)]
    return _list_page(items, page=page, per_page=per_page)


@router.get(
    "/taxonomies/{taxonomy_id}",
    response={200: dict[str, Any], 404: NotFound},
    summary="Eén taxonomie",
)
def taxonomy_detail(request, taxonomy_id: str):
    for taxonomy in all_taxonomies():
        if taxonomy["id"] == taxonomy_id:
            return taxonomy
    raise HttpError(404, _("Deze taxonomie bestaat niet."))


@router.get("/taxonomy_terms", response=Page, summary="Taxonomietermen, gepagineerd")
def taxonomy_terms(
    request,
    search: str = "",
    taxonomy_id: str = "",
    parent_id: str = "",
    top_only: bool = False,
    page: int = 1,
    per_page: int = 50,
):
    """Every term the API and exports use: kansenwerk's own (themes, directions,
    interventions, initiatives, target groups, kinds, regions, municipalities) and the
    terms kept from imports. `top_only` leaves out terms with a parent."""
    items = [
        t
        for t in all_terms()
        if (not search or _matches(t, search))
        and (not taxonomy_id or t.get("taxonomy_id") == taxonomy_id)
        and (not parent_id or t.get("parent_id") == parent_id)
        and (not top_only or not t.get("parent_id"))
    ]
    return _list_page(items, page=page, per_page=per_page)


@router.get(
    "/taxonomy_terms/{term_id}",
    response={200: dict[str, Any], 404: NotFound},
    summary="Eén taxonomieterm",
)
def taxonomy_term_detail(request, term_id: str):
    for term in all_terms():
        if term["id"] == term_id:
            return term
    raise HttpError(404, _("Deze taxonomieterm bestaat niet."))


def _service_at_location(
    service_id: str, location: Location, *, service: Service | None, terms: TermIndex
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": service_at_location_id(service_id, str(location.hsds_id)),
        "service_id": service_id,
        "location_id": str(location.hsds_id),
    }
    if service is not None:
        data["service"] = service_to_hsds(
            service, org_id=str(service.organization.hsds_id), terms=terms
        )
        data["location"] = location_to_hsds(location, terms=terms)
    return data


def _service_at_location_rows(filtered: QuerySet[Service]):
    through = Location.services.through
    return (
        through.objects.filter(service__in=filtered.values("pk"))
        .select_related("service", "location__organization")
        .order_by("service__name", "service_id", "location__name", "location_id")
    )


@router.get("/service_at_locations", response=Page, summary="Aanbod op een locatie, gepagineerd")
def service_at_locations(
    request,
    search: str = "",
    taxonomy_term_id: str = "",
    organization_id: uuid.UUID | None = None,
    modified_after: datetime.datetime | None = None,
    page: int = 1,
    per_page: int = 50,
    full: bool = False,
):
    """HSDA's service_at_location: which service is offered where. `full=true` nests the
    service and the location."""
    filtered = Service.objects.all()
    if search:
        filtered = filtered.filter(
            Q(name__icontains=search)
            | Q(description__icontains=search)
            | Q(organization__name__icontains=search)
        )
    if taxonomy_term_id:
        filtered = filtered.filter(_term_filter(taxonomy_term_id))
    if organization_id:
        filtered = filtered.filter(organization__hsds_id=organization_id)
    if modified_after:
        filtered = filtered.filter(updated_at__gte=modified_after)
    rows = _service_at_location_rows(filtered)
    if full:
        rows = rows.prefetch_related(
            Prefetch("service", queryset=_service_queryset()),
            Prefetch("location", queryset=_located()),
        )
    terms = TermIndex()
    return _page(
        rows,
        page=page,
        per_page=per_page,
        render=lambda row: _service_at_location(
            str(row.service.hsds_id),
            row.location,
            service=row.service if full else None,
            terms=terms,
        ),
    )


@router.get(
    "/service_at_locations/{sal_id}",
    response={200: dict[str, Any], 404: NotFound},
    summary="Eén aanbod op een locatie, met aanbod en locatie",
)
def service_at_location_detail(request, sal_id: str):
    # The id is derived (uuid5 of the service's id and the location's), not stored:
    # find the pair by recomputing the ids of the pairs.
    through = Location.services.through
    pairs = through.objects.values_list("pk", "service__hsds_id", "location__hsds_id")
    found = next(
        (
            pk
            for pk, service_id, location_id in pairs.iterator(chunk_size=5000)
            if service_at_location_id(str(service_id), str(location_id)) == sal_id
        ),
        None,
    )
    if found is None:
        raise HttpError(404, _("Dit aanbod op deze locatie bestaat niet."))
    row = through.objects.get(pk=found)
    service = _service_queryset(full=True).get(pk=row.service_id)
    # HSDA 3.0's OpenAPI description answers this path with a fully nested *service*
    # (compiled/service.json): the service, narrowed to this one location.
    data = _full_service(service, terms=TermIndex())
    data["service_at_locations"] = [at for at in data["service_at_locations"] if at["id"] == sal_id]
    return data


# The kennisbank, read-only -------------------------------------------------------------


kennisbank_router = Router(tags=["kennisbank"], throttle=[SwitchableAnonThrottle(ANONYMOUS_RATE)])
router.add_router("", kennisbank_router)


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def _theme(request, theme: Theme) -> dict[str, Any]:
    return {
        "slug": theme.slug,
        "number": theme.number,
        "title": theme.title,
        "guiding_question": theme.guiding_question,
        "introduction": theme.introduction,
        "taxonomy_term_id": tx.term_id(tx.theme_code(theme)),
        "url": _absolute(request, theme.get_absolute_url()),
    }


def _direction(request, direction: SolutionDirection) -> dict[str, Any]:
    return {
        "id": direction.pk,
        "number": direction.number,
        "title": direction.title,
        "text": direction.text,
        "questions": direction.questions,
        "theme": direction.theme.slug,
        "taxonomy_term_id": tx.term_id(tx.direction_code(direction, direction.theme.slug)),
        "url": _absolute(request, direction.get_absolute_url()),
    }


def _intervention(request, intervention: Intervention) -> dict[str, Any]:
    return {
        "slug": intervention.slug,
        "title": intervention.title,
        "place": intervention.place,
        "goal": intervention.goal,
        "approach": intervention.approach,
        "themes": [t.slug for t in intervention.themes.all()],
        "solution_directions": [d.pk for d in intervention.solution_directions.all()],
        "taxonomy_term_id": tx.term_id(tx.intervention_code(intervention)),
        "url": _absolute(request, intervention.get_absolute_url()),
        "evidence": evidence_selectors.evidence_dict(intervention),
    }


@kennisbank_router.get("/themes", response=Page, summary="Thema's van de kennisbank")
def themes(request, page: int = 1, per_page: int = 50):
    return _page(
        Theme.objects.order_by("number", "title", "id"),
        page=page,
        per_page=per_page,
        render=lambda t: _theme(request, t),
    )


@kennisbank_router.get(
    "/themes/{slug}",
    response={200: dict[str, Any], 404: NotFound},
    summary="Eén thema met zijn oplossingsrichtingen",
)
def theme_detail(request, slug: str):
    theme = Theme.objects.filter(slug=slug).first()
    if theme is None:
        raise HttpError(404, _("Dit thema bestaat niet."))
    data = _theme(request, theme)
    data["solution_directions"] = [
        _direction(request, d)
        for d in theme.solution_directions.select_related("theme").order_by("position", "id")
    ]
    return data


@kennisbank_router.get(
    "/solution-directions", response=Page, summary="Oplossingsrichtingen van de kennisbank"
)
def solution_directions(request, theme: str = "", page: int = 1, per_page: int = 50):
    queryset = SolutionDirection.objects.select_related("theme").order_by(
        "theme__title", "position", "id"
    )
    if theme:
        queryset = queryset.filter(theme__slug=theme)
    return _page(queryset, page=page, per_page=per_page, render=lambda d: _direction(request, d))


@kennisbank_router.get("/interventions", response=Page, summary="Interventies van de kennisbank")
def interventions(
    request, search: str = "", evidence_level: str = "", page: int = 1, per_page: int = 50
):
    queryset = Intervention.objects.prefetch_related("themes", "solution_directions").order_by(
        "title", "id"
    )
    try:
        queryset = evidence_selectors.api_interventions(queryset, evidence_level=evidence_level)
    except DjangoValidationError as exc:
        raise HttpError(400, exc.messages[0]) from None
    if search:
        queryset = queryset.filter(Q(title__icontains=search) | Q(goal__icontains=search))
    return _page(queryset, page=page, per_page=per_page, render=lambda i: _intervention(request, i))
