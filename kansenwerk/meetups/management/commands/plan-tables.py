"""`kansenwerk plan-tables`: plan a meetup's tables, plan from a CSV, or solve an MDGPLIB file.

`--meetup SLUG` plans the meetup's confirmed and checked-in registrations through the same
service as the organiser's page, stores the plan and prints it (members are registration
ids). The CSV mode runs the same engine on a file and stores nothing.
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kansenwerk.meetups.planning.cli import plan_mdgp, plan_tables_csv
from kansenwerk.meetups.planning.model import PlanningError


class Command(BaseCommand):
    help = "Deel deelnemers in aan tafels per thema (of los een MDGPLIB-instantie op)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "participants", nargs="?", help="CSV met name, organisation, profession, theme1, theme2"
        )
        parser.add_argument("--mdgp", help="MDGPLIB-instantiebestand in plaats van een CSV")
        parser.add_argument(
            "--meetup", help="slug van een meetup: deel de aanmeldingen in en bewaar de indeling"
        )
        parser.add_argument("--table-size", type=int, help="maximaal aantal deelnemers per tafel")
        parser.add_argument(
            "--min-table-size", type=int, default=None, help="minimaal aantal per tafel"
        )
        parser.add_argument("--rounds", type=int, default=1, help="aantal gespreksrondes")
        parser.add_argument("--seconds", type=float, default=None, help="rekentijd in seconden")
        parser.add_argument(
            "--rotate-themes", action="store_true", help="ronde 2 begint met de 2e keus"
        )
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--json", action="store_true", help="uitvoer als JSON")

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
                    raise CommandError("Geef een CSV-bestand met deelnemers op, of --mdgp BESTAND.")
                if not options["table_size"]:
                    raise CommandError("Geef de tafelgrootte op met --table-size N.")
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
            raise CommandError(f"Meetup niet gevonden: {options['meetup']!r}")
        maximum = options["table_size"] or 8
        if maximum < 2:
            raise CommandError("--table-size moet minstens 2 zijn.")
        minimum = options["min_table_size"] or max(2, -(-maximum // 2))
        if not 1 <= options["rounds"] <= 4:
            raise CommandError("--rounds moet tussen 1 en 4 liggen.")
        seconds = round(options["seconds"] or 5)
        if not 1 <= seconds <= 60:
            raise CommandError("--seconds moet tussen 1 en 60 liggen.")
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
            raise CommandError(plan.error or "Indelen is niet gelukt.")
        return plan_as_dict(plan=plan)

    def _write_text(self, result: dict) -> None:
        if "groups" in result:
            self.stdout.write(f"Doelwaarde {result['objective']} in {result['seconds']} s")
            for number, group in enumerate(result["groups"], start=1):
                self.stdout.write(f"Groep {number}: {' '.join(map(str, group))}")
            return
        for table in result["tables"]:
            self.stdout.write(
                f"Ronde {table['round']} · {table['theme']} · tafel {table['table']}: "
                + ", ".join(map(str, table["members"]))
            )
        score = result["score"]
        self.stdout.write(
            f"Gemengde beroepsparen: {score['mixed_profession_pairs']} van maximaal "
            f"{score['upper_bound_mixed_profession']} ({score['quality_pct']} %), "
            f"{result['seconds']} s"
        )
