"""Postcode centroids for real distances: load a CSV `postcode,lat,lon` (for example the
GeoNames NL postal-code dump reduced to 4 digits, or the demo region's sample file)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..matching.distance import CentroidDistance
from ..models import PostcodeCentroid

SAMPLE_CENTROIDS = (
    Path(__file__).resolve().parent.parent / "data" / "postcodes_gooi_en_vechtstreek.csv"
)


@transaction.atomic
def postcode_centroids_load(*, path: str | Path, replace: bool = True) -> int:
    """Load the centroids in the CSV; returns how many were added or replaced.

    With `replace` (the command's default) the stored centroids become exactly those in the
    file; without it only areas not stored yet are added, so a sample never overwrites real
    data and loading it twice changes nothing."""
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
    centroids = model.centroids
    if replace:
        PostcodeCentroid.objects.all().delete()
    else:
        stored = set(PostcodeCentroid.objects.values_list("postcode", flat=True))
        centroids = {code: at for code, at in centroids.items() if code not in stored}
    PostcodeCentroid.objects.bulk_create(
        PostcodeCentroid(postcode=code, lat=lat, lon=lon) for code, (lat, lon) in centroids.items()
    )
    return len(centroids)
