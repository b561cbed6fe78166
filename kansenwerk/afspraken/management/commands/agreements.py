"""`kansenwerk agreements --meetup SLUG [--json]`: a meetup's agreements."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kansenwerk.afspraken.selectors import agreements_for_meetup
from kansenwerk.meetups.models import Meetup


class Command(BaseCommand):
    help = "Toon de afspraken van een meetup (eigenaar, met wie, deadline, status, tafel)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--meetup", required=True, help="slug van de meetup")
        parser.add_argument("--json", action="store_true", help="uitvoer als JSON")

    def handle(self, *args, **options) -> None:
        meetup = Meetup.objects.filter(slug=options["meetup"]).first()
        if meetup is None:
            raise CommandError(f"Meetup '{options['meetup']}' bestaat niet.")
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
            self.stdout.write(f"Meetup '{meetup.slug}' heeft nog geen afspraken.")
        for row in rows:
            where = " · ".join(str(x) for x in (row["theme"], row["table"]) if x)
            self.stdout.write(
                f"#{row['id']} [{row['status']}] {row['what']} — {row['owner_name']}, "
                f"klaar op {row['due']}" + (f" ({where})" if where else "")
            )
