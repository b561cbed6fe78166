"""`kansenwerk insight-rebuild [--region SLUG …] [--check]`: recompute the regio-inzicht
summaries from agreements, signals and registrations (after bulk changes or a restore)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kansenwerk.core.models import Region
from kansenwerk.regio import tallies


class Command(BaseCommand):
    help = _(
        "Bereken de cijfers van regio-inzicht opnieuw uit de afspraken, signalen en aanmeldingen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--region", action="append", default=[], help=_("alleen deze regio (slug); herhaalbaar")
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help=_("niets schrijven; meld alleen of de opgeslagen cijfers kloppen"),
        )

    def handle(self, *args, **options):
        ids = None
        if options["region"]:
            found = dict(
                Region.objects.filter(slug__in=options["region"]).values_list("slug", "pk")
            )
            missing = sorted(set(options["region"]) - set(found))
            if missing:
                raise CommandError(_("Onbekende regio: %(slugs)s") % {"slugs": ", ".join(missing)})
            ids = list(found.values())
        if options["check"]:
            counted, stored = tallies.compute(region_ids=ids), tallies.stored(region_ids=ids)
            counted = +counted  # drop zero counts
            if counted == stored:
                self.stdout.write(_("De cijfers kloppen."))
                return
            differ = len(set(counted.items()) ^ set(stored.items()))
            raise CommandError(
                _("%(n)s tellingen wijken af; voer de opdracht uit zonder --check.") % {"n": differ}
            )
        rows = tallies.rebuild(region_ids=ids)
        self.stdout.write(_("Cijfers opnieuw berekend: %(rows)s tellingen.") % {"rows": rows})
