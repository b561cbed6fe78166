"""`kansenwerk privacy-export --email ADDRESS [--json]`: everything held about one address
(AVG art. 15), each item with app, kind, id and fields. An unknown address: empty, exit 0."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from kansenwerk.core.privacy import privacy_export


class Command(BaseCommand):
    help = gettext("Toon alle persoonsgegevens die kansenwerk over een e-mailadres bewaart.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", required=True, help=gettext("het e-mailadres"))
        parser.add_argument("--json", action="store_true", help=gettext("uitvoer als JSON"))

    def handle(self, *args, email: str, json: bool = False, **options) -> None:
        items = privacy_export(email=email)
        if json:
            self.stdout.write(_dumps({"email": email, "items": items}))
            return
        if not items:
            self.stdout.write(_("Niets gevonden voor %(email)s.") % {"email": email})
            return
        self.stdout.write(
            _("%(count)d gegeven(s) gevonden voor %(email)s:")
            % {"count": len(items), "email": email}
        )
        for item in items:
            self.stdout.write(f"- {item['app']} / {item['kind']} #{item['id']}")
            for key, value in item["fields"].items():
                self.stdout.write(f"    {key}: {value}")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)
