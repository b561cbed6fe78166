"""`kansenwerk table-links SLUG [--json]`: the table hosts' links of a meetup's current plan."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kansenwerk.meetups.models import Meetup
from kansenwerk.tafels.links import current_plan, table_links_for_plan


class Command(BaseCommand):
    help = _(
        "Toon de persoonlijke links van de tafelhosts (per ronde en tafel) van de "
        "definitieve tafelindeling van een meetup; ontbrekende links worden gemaakt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help=gettext_lazy("slug van de meetup"))
        parser.add_argument("--json", action="store_true", help=gettext_lazy("uitvoer als JSON"))

    def handle(self, *args, **options) -> None:
        meetup = Meetup.objects.filter(slug=options["slug"]).first()
        if meetup is None:
            raise CommandError(_("Meetup '%(slug)s' bestaat niet.") % {"slug": options["slug"]})
        plan = current_plan(meetup=meetup)
        if plan is None:
            raise CommandError(
                _(
                    "Meetup '%(slug)s' heeft nog geen tafelindeling met tafels; "
                    "deel eerst de tafels in."
                )
                % {"slug": meetup.slug}
            )
        rows = table_links_for_plan(plan=plan)
        if options["json"]:
            self.stdout.write(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(
                _("Ronde %(round)s · tafel %(table)s · %(theme)s: %(url)s")
                % {"round": row.round, "table": row.table, "theme": row.theme, "url": row.url}
            )
