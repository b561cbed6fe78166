"""`kansenwerk region-create NAME [--municipality M …]`."""

from django.core.management.base import BaseCommand, CommandError

from kansenwerk.core.services import region_create


class Command(BaseCommand):
    help = "Maak een regio aan en koppel er gemeenten aan."

    def add_arguments(self, parser):
        parser.add_argument("name", help="naam van de regio")
        parser.add_argument(
            "--municipality", "-m", action="append", default=[], help="gemeente (herhaalbaar)"
        )

    def handle(self, *args, name, municipality, **options):
        try:
            region = region_create(name=name, municipalities=municipality)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        names = ", ".join(region.municipalities.values_list("name", flat=True)) or "geen"
        self.stdout.write(f"Regio {region.name} ({region.slug}); gemeenten: {names}")
