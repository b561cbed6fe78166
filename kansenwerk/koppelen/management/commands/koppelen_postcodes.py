"""`kansenwerk koppelen_postcodes FILE.csv`: load postcode centroids (`postcode,lat,lon`) so
Koppelen shows real distances instead of "afstand onbekend"; `--sample` adds the shipped
sample of the demo region, `--add` adds a file's new areas without replacing the others."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from kansenwerk.koppelen.services.postcodes import SAMPLE_CENTROIDS, postcode_centroids_load


class Command(BaseCommand):
    help = gettext("Laad middelpunten van postcodegebieden (CSV met postcode, lat, lon).")

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            help=gettext("CSV-bestand met kolommen postcode, lat, lon"),
        )
        parser.add_argument(
            "--sample",
            action="store_true",
            help=gettext(
                "laad het meegeleverde voorbeeld (Gooi en Vechtstreek, bij benadering); "
                "bestaande postcodegebieden blijven staan"
            ),
        )
        parser.add_argument(
            "--add",
            action="store_true",
            help=gettext("alleen nieuwe postcodegebieden toevoegen, bestaande blijven staan"),
        )

    def handle(self, *args, path: str | None, sample: bool, add: bool, **options) -> None:
        if (path is None) == (not sample):
            raise CommandError(_("Geef een CSV-bestand of --sample op (niet allebei)."))
        try:
            count = postcode_centroids_load(
                path=SAMPLE_CENTROIDS if sample else str(path), replace=not (sample or add)
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(_("%(count)d postcodegebieden geladen.") % {"count": count})
