"""kansenwerk netwerk-import PATH [--json] [--region SLUG] [--dry-run]: read an HSDS 3.0
export (the folder, hsds.json, the datapackage folder or its datapackage.json; the format
is detected); all or nothing."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kansenwerk.core.actor import audit_context
from kansenwerk.core.models import Region
from kansenwerk.netwerk.hsds.importer import ImportRefused, ImportReport, import_path

LABELS = {
    "organization": gettext_lazy("organisaties"),
    "service": gettext_lazy("aanbod"),
    "location": gettext_lazy("locaties"),
    "contact": gettext_lazy("contactpersonen"),
    "region": gettext_lazy("regio's"),
    "municipality": gettext_lazy("gemeenten"),
    "target_group": gettext_lazy("doelgroepen"),
    "kept_term": gettext_lazy("bewaarde termen"),
}


class Command(BaseCommand):
    help = _(
        "Importeer Open Referral HSDS 3.0: de map van netwerk-export, hsds.json, of een "
        "CSV-datapackage (map of datapackage.json); het formaat wordt herkend. Bij één fout "
        "wordt niets van het bestand opgeslagen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help=_("map van netwerk-export, JSON-bestand, CSV-map of datapackage.json")
        )
        parser.add_argument("--json", action="store_true", help=_("schrijf het verslag als JSON"))
        parser.add_argument(
            "--region",
            default="",
            help=_("slug van de regio voor organisaties zonder kansenwerk-regio-attribuut"),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("lees en controleer alles, maar sla niets op")
        )

    def handle(self, *args, path, json, region, dry_run, **options):
        as_json = json
        default_region = None
        if region:
            default_region = Region.objects.filter(slug=region).first()
            if default_region is None:
                raise CommandError(_("Onbekende regio: %(slug)s") % {"slug": region})
        try:
            with audit_context(source="import"):
                report = import_path(path, default_region=default_region, dry_run=dry_run)
        except ImportRefused as exc:
            report = exc.report or ImportReport(path=str(path), errors=exc.errors)
            if as_json:
                self._write_json(report)
            else:
                for line in exc.errors:
                    self.stderr.write(f"- {line}")
            raise CommandError(
                ngettext(
                    "Import geweigerd: %(count)d fout; er is niets opgeslagen.",
                    "Import geweigerd: %(count)d fouten; er is niets opgeslagen.",
                    len(exc.errors),
                )
                % {"count": len(exc.errors)},
                returncode=1,
            ) from exc
        if as_json:
            self._write_json(report)
            return
        for kind, counts in report.counts.items():
            if any(counts.values()):
                self.stdout.write(
                    _(
                        "%(what)s: %(created)d nieuw, %(updated)d bijgewerkt, %(unchanged)d ongewijzigd"
                    )
                    % {"what": LABELS[kind], **counts}
                )
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(_("Let op: %(warning)s") % {"warning": warning}))
        if dry_run:
            self.stdout.write(_("Proefrun: er is niets opgeslagen."))

    def _write_json(self, report: ImportReport) -> None:
        self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
