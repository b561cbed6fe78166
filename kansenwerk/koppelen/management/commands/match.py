"""`kansenwerk match MENTORS.csv MENTEES.csv [--rules RULES.toml] [--json]`: match a cohort
from the shell."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from kansenwerk.koppelen.matching.csv_io import CohortFileError, match_csv
from kansenwerk.koppelen.matching.engine import METHODS, MatchInputError
from kansenwerk.koppelen.matching.rules import RulesError


class Command(BaseCommand):
    help = gettext("Koppel mentoren en mentees uit twee CSV-bestanden (optimaal of stabiel).")

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "mentors",
            help=gettext(
                "CSV met mentoren (id, capacity, languages, availability, interests, postcode)"
            ),
        )
        parser.add_argument(
            "mentees",
            help=gettext("CSV met mentees (id, languages, availability, interests, postcode)"),
        )
        parser.add_argument(
            "--rules",
            default=None,
            help=gettext(
                "TOML-bestand met regels (standaard: één gedeelde taal en één gedeeld dagdeel)"
            ),
        )
        parser.add_argument(
            "--method",
            default="optimal",
            choices=METHODS,
            help=gettext("optimal (standaard), stable of greedy"),
        )
        parser.add_argument("--json", action="store_true", help=gettext("uitvoer als JSON"))

    def handle(self, *args, **options) -> None:
        try:
            result = match_csv(
                options["mentors"],
                options["mentees"],
                rules_path=options["rules"],
                method=options["method"],
            )
        except (CohortFileError, RulesError, MatchInputError) as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        for pair in result["pairs"]:
            self.stdout.write(
                f"{pair['mentor']} – {pair['mentee']} ({pair['score']}): "
                + "; ".join(pair["reasons"])
            )
        for item in result["unmatched"]:
            self.stdout.write(
                _("niet gekoppeld") + f" {item['side']} {item['id']}: {item['reason']}"
            )
        self.stdout.write(_("totale passendheid") + f": {result['total_score']}")
