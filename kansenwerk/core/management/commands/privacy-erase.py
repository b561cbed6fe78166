"""`kansenwerk privacy-erase --email ADDRESS [--json]`: erase or pseudonymise everything held
about one address (AVG art. 17), in one transaction; prints what changed per kind.
An unknown address changes nothing and exits 0."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from kansenwerk.core.privacy import privacy_erase


class Command(BaseCommand):
    help = gettext("Verwijder of pseudonimiseer alle persoonsgegevens van een e-mailadres.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", required=True, help=gettext("het e-mailadres"))
        parser.add_argument("--json", action="store_true", help=gettext("uitvoer als JSON"))

    def handle(self, *args, email: str, json: bool = False, **options) -> None:
        report = privacy_erase(email=email)
        if json:
            self.stdout.write(_dumps(report.as_json()))
            return
        if not report.counts:
            self.stdout.write(
                _("Niets gevonden voor %(email)s; niets gewijzigd.") % {"email": email}
            )
            return
        self.stdout.write(_("Verwijderd of gepseudonimiseerd voor %(email)s:") % {"email": email})
        for kind, count in sorted(report.counts.items()):
            self.stdout.write(f"- {kind}: {count}")
        if report.account_deactivated:
            self.stdout.write(
                _("Het account met dit e-mailadres is gedeactiveerd en geanonimiseerd.")
            )


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)
