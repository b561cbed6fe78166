"""`kansenwerk koppelen_postcodes FILE.csv`: load postcode centroids (`postcode,lat,lon`) so
Koppelen shows real distances instead of "afstand onbekend"."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from kansenwerk.koppelen.services.postcodes import postcode_centroids_load


class Command(BaseCommand):
    help = gettext("Laad middelpunten van postcodegebieden (CSV met postcode, lat, lon).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help=gettext("CSV-bestand met kolommen postcode, lat, lon"))

    def handle(self, *args, path: str, **options) -> None:
        try:
            count = postcode_centroids_load(path=path)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(_("%(count)d postcodegebieden geladen.") % {"count": count})
