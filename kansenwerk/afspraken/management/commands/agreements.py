"""`kansenwerk agreements --meetup SLUG [--json]`: a meetup's agreements."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kansenwerk.afspraken.selectors import agreements_for_meetup
from kansenwerk.meetups.models import Meetup


class Command(BaseCommand):
    help = _("Toon de afspraken van een meetup (eigenaar, met wie, deadline, status, tafel).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--meetup", required=True, help=gettext_lazy("slug van de meetup"))
        parser.add_argument("--json", action="store_true", help=gettext_lazy("uitvoer als JSON"))

    def handle(self, *args, **options) -> None:
        meetup = Meetup.objects.filter(slug=options["meetup"]).first()
        if meetup is None:
            raise CommandError(_("Meetup '%(slug)s' bestaat niet.") % {"slug": options["meetup"]})
        rows = [
            {
                "id": a.pk,
                "what": a.what,
                "owner_name": a.owner_name,
                "with_whom": a.people,
                "organisations": [o.name for o in a.organizations.all()],
                "due": a.due_date.isoformat(),
                "status": a.status,
                "theme": a.meetup_theme.title if a.meetup_theme else None,
                "table": a.table_label or None,
                "direction": str(a.meetup_direction) if a.meetup_direction else None,
            }
            for a in agreements_for_meetup(meetup=meetup)
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write(
                _("Meetup '%(slug)s' heeft nog geen afspraken.") % {"slug": meetup.slug}
            )
        for row in rows:
            where = " · ".join(str(x) for x in (row["theme"], row["table"]) if x)
            line = _("#%(id)s [%(status)s] %(what)s — %(owner)s, klaar op %(due)s") % {
                "id": row["id"],
                "status": row["status"],
                "what": row["what"],
                "owner": row["owner_name"],
                "due": row["due"],
            }
            self.stdout.write(line + (f" ({where})" if where else ""))
