"""`kansenwerk region-create NAME [--municipality M …]`."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kansenwerk.core.services import region_create


class Command(BaseCommand):
    help = _("Maak een regio aan en koppel er gemeenten aan.")

    def add_arguments(self, parser):
        parser.add_argument("name", help=gettext_lazy("naam van de regio"))
        parser.add_argument(
            "--municipality",
            "-m",
            action="append",
            default=[],
            help=gettext_lazy("gemeente (herhaalbaar)"),
        )

    def handle(self, *args, name, municipality, **options):
        try:
            region = region_create(name=name, municipalities=municipality)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        names = ", ".join(region.municipalities.values_list("name", flat=True)) or _("geen")
        self.stdout.write(
            _("Regio %(name)s (%(slug)s); gemeenten: %(municipalities)s")
            % {"name": region.name, "slug": region.slug, "municipalities": names}
        )
