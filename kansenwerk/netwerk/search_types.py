"""Registration of organisations and services with the search registry (called from apps.py).

The location breadcrumb names the municipalities, so a teacher sees at once whether
a hit is near: "Zandmeer, Heidedorp › Regio Noord".
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kansenwerk.search import registry

from .models import Organization, Service

SEP = " › "
MAX_PLACES = 3


def _places(names: list[str]) -> str:
    names = sorted(set(names))
    if len(names) > MAX_PLACES:
        return ", ".join(names[:MAX_PLACES]) + " …"
    return ", ".join(names)


def _organization_location(o: Organization) -> str:
    places = _places([m.name for m in o.municipalities.all()])
    return SEP.join(p for p in (str(_("netwerk")), places, o.region.name) if p)


def _service_location(s: Service) -> str:
    organization = s.organization
    # The organisation's municipalities (not the locations'): changing those re-indexes the
    # services through `dependents`, so the breadcrumb cannot go stale.
    names = [m.name for m in organization.municipalities.all()]
    return SEP.join(p for p in (organization.name, _places(names), organization.region.name) if p)


def _service_theme_ids(s: Service) -> list[int]:
    ids = {t.pk for t in s.themes.all()}
    ids.update(d.theme_id for d in s.solution_directions.all())
    return sorted(ids)


def register_netwerk() -> None:
    registry.register(
        Organization,
        key="organisaties",
        type_label=_("organisatie"),
        title="name",
        fields={
            "body": [
                "description",
                lambda o: str(o.get_kind_display()),
                lambda o: " ".join(m.name for m in o.municipalities.all()),
            ]
        },
        location=_organization_location,
        region_id=lambda o: o.region_id,
        queryset=lambda: Organization.objects.select_related("region").prefetch_related(
            "municipalities"
        ),
        m2m=("municipalities",),
        dependents=lambda o: list(o.services.all()),
        order=50,
    )
    registry.register(
        Service,
        key="aanbod",
        type_label=_("aanbod"),
        title="name",
        fields={
            "body": [
                "description",
                lambda s: s.organization.name,
                lambda s: " ".join(g.name for g in s.target_groups.all()),
                "cost",
                "how_to_apply",
            ]
        },
        location=_service_location,
        theme_ids=_service_theme_ids,
        region_id=lambda s: s.organization.region_id,
        queryset=lambda: Service.objects.select_related("organization__region").prefetch_related(
            "themes",
            "solution_directions",
            "target_groups",
            "organization__municipalities",
        ),
        m2m=("themes", "solution_directions", "target_groups"),
        order=51,
    )


def reindex_netwerk() -> int:
    """Rebuild the netwerk's search entries (after a bulk import, which skips signals)."""
    from kansenwerk.search.services import reindex

    types = [t for t in (registry.get(Organization), registry.get(Service)) if t is not None]
    return reindex(types=types) if types else 0


def index_objects(objects) -> None:
    """Refresh the search entries of a few records changed by queryset updates."""
    from kansenwerk.search.services import index_object

    for obj in objects:
        index_object(obj=obj)
