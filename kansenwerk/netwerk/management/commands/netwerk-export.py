"""kansenwerk netwerk-export DIR [--format json|csv]: write the netwerk as HSDS 3.0."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kansenwerk.netwerk.hsds.export import build_document, write_datapackage, write_json


class Command(BaseCommand):
    help = _("Exporteer het netwerk als Open Referral HSDS 3.0 (JSON of CSV-datapackage).")

    def add_arguments(self, parser):
        parser.add_argument("directory", help=gettext_lazy("Map waarin de export komt."))
        parser.add_argument("--format", choices=("json", "csv"), default="json")
        parser.add_argument(
            "--include-contacts",
            action="store_true",
            help="Neem contactpersonen op (persoonsgegevens: alleen voor uitwisseling "
            "tussen beheerders).",
        )

    def handle(self, *args, directory, format, include_contacts, **options):
        target = Path(directory)
        target.mkdir(parents=True, exist_ok=True)
        document = build_document(include_contacts=include_contacts)
        if format == "json":
            path = write_json(document, target / "hsds.json")
        else:
            path = write_datapackage(document, target)
        self.stdout.write(
            _("%(organizations)s organisaties, %(services)s aanbod geschreven naar %(path)s")
            % {
                "organizations": len(document["organizations"]),
                "services": len(document["services"]),
                "path": path,
            }
        )
