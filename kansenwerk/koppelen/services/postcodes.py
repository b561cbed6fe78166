"""Postcode centroids for real distances: load a CSV `postcode,lat,lon` (for example the
GeoNames NL postal-code dump reduced to 4 digits)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..matching.distance import CentroidDistance
from ..models import PostcodeCentroid


@transaction.atomic
def postcode_centroids_load(*, path: str | Path) -> int:
    """Replace the stored centroids by those in the CSV; returns how many were loaded."""
    try:
        model = CentroidDistance.from_csv(path=path)
    except (OSError, ValueError) as exc:
        raise ValidationError(str(exc)) from exc
    for code, (lat, lon) in model.centroids.items():
        if not (50.0 <= lat <= 54.0 and 3.0 <= lon <= 7.5):
            raise ValidationError(
                _("%(code)s: %(lat)s, %(lon)s ligt niet in Nederland")
                % {"code": code, "lat": lat, "lon": lon}
            )
    PostcodeCentroid.objects.all().delete()
    PostcodeCentroid.objects.bulk_create(
        PostcodeCentroid(postcode=code, lat=lat, lon=lon)
        for code, (lat, lon) in model.centroids.items()
    )
    return len(model.centroids)
