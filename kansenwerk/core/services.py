"""Writes for regions and municipalities, and the field helper the apps' services share."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.utils.text import slugify

from .models import Municipality, Region


def apply_fields(instance: models.Model, data: dict[str, Any]) -> dict[str, Any]:
    """Set plain fields on the instance; return the many-to-many values to set after saving."""
    m2m = {}
    for name, value in data.items():
        field = instance._meta.get_field(name)
        if field.many_to_many:
            m2m[name] = value
        else:
            setattr(instance, name, value)
    return m2m


@transaction.atomic
def region_create(
    *, name: str, municipalities: Iterable[str] = (), description: str = ""
) -> Region:
    """Create a region (or return the existing one by name) and attach municipalities to it.

    Municipalities that already exist elsewhere are moved to this region: in the
    Netherlands a municipality belongs to one region at a time.
    """
    name = name.strip()
    if not name:
        raise ValueError("Geef een naam voor de regio.")
    region = Region.objects.filter(name__iexact=name).first()
    if region is None:
        region = Region.objects.create(name=name, slug=slugify(name), description=description)
    for municipality_name in municipalities:
        municipality_name = municipality_name.strip()
        if not municipality_name:
            continue
        municipality = Municipality.objects.filter(name__iexact=municipality_name).first()
        if municipality is None:
            Municipality.objects.create(name=municipality_name, region=region)
        elif municipality.region_id != region.pk:
            municipality.region = region
            municipality.save()
    return region


def municipality_cbs_code_set(*, municipality: Municipality, cbs_code: str) -> Municipality:
    """Give a municipality its CBS code ("GM0363", "0363" or "363"); the model checks the
    format and that no other municipality has it (ValidationError with a Dutch message)."""
    municipality.cbs_code = cbs_code
    municipality.full_clean(exclude=["slug"])
    municipality.save()
    return municipality
