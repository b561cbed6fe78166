"""`kansenwerk evidence <slug> --as <beheerder> --level … --scheme … [--date …] [--url …]`.

Sets (or with `--clear` removes) an intervention's recognition level through the same
service as the page and the API; shows the profile as JSON with `--show`. The level is
checked against the ladder, the date may not lie in the future; refusals are in Dutch.
"""

from __future__ import annotations

import datetime
import json

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kansenwerk.core.actor import audit_context
from kansenwerk.kennisbank import models as m
from kansenwerk.kennisbank.evidence import selectors, services


class Command(BaseCommand):
    help = "Erkenningsniveau van een interventie bekijken, vastleggen of verwijderen."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="de slug van de interventie")
        parser.add_argument("--as", dest="username", help="gebruikersnaam van de beheerder")
        parser.add_argument("--level", help="niveau op de erkenningsladder")
        parser.add_argument("--scheme", default="", help="erkenningstraject")
        parser.add_argument("--committee", default="", help="erkenningscommissie")
        parser.add_argument("--date", help="datum van het oordeel (JJJJ-MM-DD)")
        parser.add_argument("--url", default="", help="link naar het oordeel")
        parser.add_argument("--reason", default="", help="toelichting (verplicht bij niet_erkend)")
        parser.add_argument("--clear", action="store_true", help="niveau verwijderen")
        parser.add_argument("--show", action="store_true", help="profiel tonen als JSON")

    def handle(self, *args, slug, username, level, clear, show, **options):
        intervention = m.Intervention.objects.filter(slug=slug).first()
        if intervention is None:
            raise CommandError(_("Onbekende interventie: %(slug)s.") % {"slug": slug})
        if level or clear:
            user = get_user_model().objects.filter(username=username or "").first()
            if user is None:
                raise CommandError(_("Geef met --as de gebruikersnaam van een beheerder."))
            try:
                with audit_context(user=user, source="command"):
                    if clear:
                        services.profile_clear_level(user=user, intervention=intervention)
                    else:
                        services.profile_update(
                            user=user, intervention=intervention, data=self._data(level, options)
                        )
            except PermissionDenied as exc:
                raise CommandError(str(exc)) from None
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            intervention = m.Intervention.objects.get(pk=intervention.pk)
        if show or not (level or clear):
            self.stdout.write(json.dumps(selectors.evidence_dict(intervention), indent=2))
        else:
            self.stdout.write(
                _("%(title)s: %(level)s.")
                % {
                    "title": intervention.title,
                    "level": selectors.evidence_dict(intervention)["level_label"],
                }
            )

    def _data(self, level, options):
        data = {"level": level}
        for name in ("scheme", "committee", "url", "reason"):
            if options[name]:
                data[name] = options[name]
        if options["date"]:
            try:
                data["assessed_on"] = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(_("Geef de datum als JJJJ-MM-DD.")) from None
        return data
