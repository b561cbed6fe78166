"""kansenwerk netwerk-import PATH [--json]: read an HSDS 3.0 file; all or nothing."""

from django.core.management.base import BaseCommand, CommandError

from kansenwerk.core.actor import audit_context
from kansenwerk.core.models import Region
from kansenwerk.netwerk.hsds.importer import ImportRefused, import_path


class Command(BaseCommand):
    help = (
        "Importeer Open Referral HSDS 3.0: een JSON-bestand (--json) of een CSV-datapackage "
        "(map of datapackage.json). Bij één fout wordt niets van het bestand opgeslagen."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="JSON-bestand, map met CSV-bestanden of datapackage.json.")
        parser.add_argument("--json", action="store_true", help="Lees PATH als HSDS-JSON.")
        parser.add_argument(
            "--region",
            default="",
            help="Slug van de regio voor organisaties zonder kansenwerk-regio-attribuut.",
        )

    def handle(self, *args, path, json, region, **options):
        default_region = None
        if region:
            default_region = Region.objects.filter(slug=region).first()
            if default_region is None:
                raise CommandError(f"Onbekende regio: {region}")
        try:
            with audit_context(source="import"):
                result = import_path(
                    path, as_json=True if json else None, default_region=default_region
                )
        except ImportRefused as exc:
            for line in exc.errors:
                self.stderr.write(f"- {line}")
            raise CommandError(
                f"Import geweigerd: {len(exc.errors)} fout(en); er is niets opgeslagen."
            ) from exc
        self.stdout.write(
            f"Organisaties: {result.organizations_created} nieuw, "
            f"{result.organizations_updated} bijgewerkt; aanbod: {result.services_created} "
            f"nieuw, {result.services_updated} bijgewerkt; locaties: {result.locations}; "
            f"contactpersonen: {result.contacts}."
        )
