"""Re-analyse all signals and rebuild the automatic groups (after an upgrade that changes
the analysis or the signal synonyms). Groups a beheerder made by hand stay as they are."""

import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kansenwerk.afspraken.services.signals import signals_regroup


class Command(BaseCommand):
    help = _("Groepeer alle signalen opnieuw (handmatige groepen blijven staan).")

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help=gettext_lazy("Uitvoer als JSON."))

    def handle(self, *args, **options):
        result = signals_regroup()
        if options["json"]:
            self.stdout.write(json.dumps(result))
        else:
            self.stdout.write(
                _("%(signals)s signalen opnieuw geanalyseerd; %(groups)s automatische groepen.")
                % {"signals": result["signals"], "groups": result["groups"]}
            )
