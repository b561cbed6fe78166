"""`kansenwerk plan-tables`: plan a meetup's tables, plan from a CSV, or solve an MDGPLIB file.

`--meetup SLUG` plans the meetup's confirmed and checked-in registrations through the same
service as the organiser's page, stores the plan and prints it (members are registration
ids). The CSV mode runs the same engine on a file and stores nothing.
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kansenwerk.tafels.planning.cli import plan_mdgp, plan_tables_csv
from kansenwerk.tafels.planning.model import PlanningError


class Command(BaseCommand):
    help = _("Deel deelnemers in aan tafels per thema (of los een MDGPLIB-instantie op).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "participants",
            nargs="?",
            help=gettext_lazy("CSV met name, organisation, profession, theme1, theme2"),
        )
        parser.add_argument(
            "--mdgp", help=gettext_lazy("MDGPLIB-instantiebestand in plaats van een CSV")
        )
        parser.add_argument(
            "--meetup",
            help=gettext_lazy("slug van een meetup: deel de aanmeldingen in en bewaar de indeling"),
        )
        parser.add_argument(
            "--table-size", type=int, help=gettext_lazy("maximaal aantal deelnemers per tafel")
        )
        parser.add_argument(
            "--min-table-size",
            type=int,
            default=None,
            help=gettext_lazy("minimaal aantal per tafel"),
        )
        parser.add_argument(
            "--rounds", type=int, default=1, help=gettext_lazy("aantal gespreksrondes")
        )
        parser.add_argument(
            "--seconds", type=float, default=None, help=gettext_lazy("rekentijd in seconden")
        )
        parser.add_argument(
            "--rotate-themes",
            action="store_true",
            help=gettext_lazy("ronde 2 begint met de 2e keus"),
        )
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--json", action="store_true", help=gettext_lazy("uitvoer als JSON"))

    def handle(self, *args, **options) -> None:
        if options["meetup"]:
            result = self._plan_meetup(options)
            if options["json"]:
                self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            else:
                self._write_text(result)
            return
        try:
            if options["mdgp"]:
                result = plan_mdgp(
                    options["mdgp"], seconds=options["seconds"] or 10.0, seed=options["seed"]
                )
            else:
                if not options["participants"]:
                    raise CommandError(
                        _("Geef een CSV-bestand met deelnemers op, of --mdgp BESTAND.")
                    )
                if not options["table_size"]:
                    raise CommandError(_("Geef de tafelgrootte op met --table-size N."))
                result = plan_tables_csv(
                    options["participants"],
                    table_size=options["table_size"],
                    rounds=options["rounds"],
                    seconds=options["seconds"] or 5.0,
                    min_table_size=options["min_table_size"],
                    rotate_themes=options["rotate_themes"],
                    seed=options["seed"],
                )
        except PlanningError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self._write_text(result)

    def _plan_meetup(self, options: dict) -> dict:
        from kansenwerk.meetups.models import Meetup
        from kansenwerk.tafels.models import TablePlan
        from kansenwerk.tafels.selectors import plan_as_dict
        from kansenwerk.tafels.services import plan_create

        meetup = Meetup.objects.filter(slug=options["meetup"]).first()
        if meetup is None:
            raise CommandError(
                _("Meetup niet gevonden: %(slug)s") % {"slug": repr(options["meetup"])}
            )
        maximum = options["table_size"] or 8
        if maximum < 2:
            raise CommandError(_("--table-size moet minstens 2 zijn."))
        minimum = options["min_table_size"] or max(2, -(-maximum // 2))
        if not 1 <= options["rounds"] <= 4:
            raise CommandError(_("--rounds moet tussen 1 en 4 liggen."))
        seconds = round(options["seconds"] or 5)
        if not 1 <= seconds <= 60:
            raise CommandError(_("--seconds moet tussen 1 en 60 liggen."))
        try:
            plan = plan_create(
                user=None,
                meetup=meetup,
                rounds=options["rounds"],
                table_size_min=min(minimum, maximum),
                table_size_max=maximum,
                seconds=seconds,
                rotate_themes=options["rotate_themes"],
                run_now=True,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if plan.run_state != TablePlan.RunState.DONE:
            raise CommandError(plan.error or _("Indelen is niet gelukt."))
        return plan_as_dict(plan=plan)

    def _write_text(self, result: dict) -> None:
        if "groups" in result:
            self.stdout.write(
                _("Doelwaarde %(objective)s in %(seconds)s s")
                % {"objective": result["objective"], "seconds": result["seconds"]}
            )
            for number, group in enumerate(result["groups"], start=1):
                self.stdout.write(
                    _("Groep %(number)s: %(members)s")
                    % {"number": number, "members": " ".join(map(str, group))}
                )
            return
        for table in result["tables"]:
            self.stdout.write(
                _("Ronde %(round)s · %(theme)s · tafel %(table)s: %(members)s")
                % {
                    "round": table["round"],
                    "theme": table["theme"],
                    "table": table["table"],
                    "members": ", ".join(map(str, table["members"])),
                }
            )
        score = result["score"]
        self.stdout.write(
            _(
                "Gemengde beroepsparen: %(pairs)s van maximaal %(upper_bound)s "
                "(%(quality_pct)s %%), %(seconds)s s"
            )
            % {
                "pairs": score["mixed_profession_pairs"],
                "upper_bound": score["upper_bound_mixed_profession"],
                "quality_pct": score["quality_pct"],
                "seconds": result["seconds"],
            }
        )
