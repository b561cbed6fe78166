"""`kansenwerk insight-indicators-import REGION FILE --source S --date YYYY-MM-DD`: the same
checks and storage as the upload page (`services.indicator_file_import`)."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kansenwerk.regio import selectors, services


class Command(BaseCommand):
    help = _("Voeg een CSV met cijfers per gemeente toe aan een regio.")

    def add_arguments(self, parser):
        parser.add_argument("region", help=_("slug van de regio"))
        parser.add_argument("file", help=_("CSV-bestand: gemeente, dan één kolom per indicator"))
        parser.add_argument("--source", required=True, help=_("bron van de cijfers"))
        parser.add_argument("--date", required=True, help=_("peildatum (JJJJ-MM-DD)"))

    def handle(self, *args, **options):
        try:
            region = selectors.region_get(slug=options["region"])
        except Exception:
            raise CommandError(
                _("Onbekende regio: %(slug)s") % {"slug": options["region"]}
            ) from None
        try:
            reference_date = datetime.date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError(_("De peildatum is geen datum (JJJJ-MM-DD).")) from None
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("Bestand niet gevonden: %(path)s") % {"path": path})
        try:
            file = services.indicator_file_import(
                user=None,
                region=region,
                content=path.read_bytes()[: services.MAX_BYTES + 1],
                filename=path.name,
                source=options["source"],
                reference_date=reference_date,
            )
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from None
        self.stdout.write(
            _("%(n)s cijfers opgeslagen voor %(region)s.")
            % {"n": file.values.count(), "region": region.name}
        )
