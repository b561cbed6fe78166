"""Writes for regions and municipalities."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.text import slugify

from .models import Municipality, Region


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
