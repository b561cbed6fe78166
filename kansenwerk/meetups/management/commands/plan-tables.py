"""`kansenwerk plan-tables`: plan meetup tables from a CSV, or solve an MDGPLIB instance."""

from __future__ import annotations

import json

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

    def _write_text(self, result: dict) -> None:
        if "groups" in result:
            self.stdout.write(f"Doelwaarde {result['objective']} in {result['seconds']} s")
            for number, group in enumerate(result["groups"], start=1):
                self.stdout.write(f"Groep {number}: {' '.join(map(str, group))}")
            return
        for table in result["tables"]:
            self.stdout.write(
                f"Ronde {table['round']} · {table['theme']} · tafel {table['table']}: "
                + ", ".join(table["members"])
            )
        score = result["score"]
        self.stdout.write(
            f"Gemengde beroepsparen: {score['mixed_profession_pairs']} van maximaal "
            f"{score['upper_bound_mixed_profession']} ({score['quality_pct']} %), "
            f"{result['seconds']} s"
        )
