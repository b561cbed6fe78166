"""`kansenwerk stats [--json]`: how many kennisbank records of each kind the database holds."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext, gettext_lazy

from kansenwerk.kennisbank import models as m

KINDS = {
    "themes": (m.Theme, gettext_lazy("thema's")),
    "solution_directions": (m.SolutionDirection, gettext_lazy("oplossingsrichtingen")),
    "reading_items": (m.ReadingItem, gettext_lazy("leesitems")),
    "initiatives": (m.Initiative, gettext_lazy("initiatieven")),
    "interventions": (m.Intervention, gettext_lazy("interventies")),
    "practice_examples": (m.PracticeExample, gettext_lazy("praktijkvoorbeelden")),
    "sources": (m.Source, gettext_lazy("bronnen")),
    "lessons": (m.Lesson, gettext_lazy("geleerde lessen")),
    "sections": (m.Section, gettext_lazy("secties")),
    "documents": (m.SourceDocument, gettext_lazy("documenten")),
    "files": (m.SourceFile, gettext_lazy("bronbestanden")),
}


def kennisbank_stats() -> dict[str, int]:
    return {key: model.objects.count() for key, (model, _label) in KINDS.items()}


class Command(BaseCommand):
    help = gettext("Toon het aantal records per soort in de kennisbank.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", help=gettext("schrijf JSON"))

    def handle(self, *args, **options) -> None:
        stats = kennisbank_stats()
        if options["json"]:
            self.stdout.write(json.dumps(stats, indent=2))
            return
        for key, count in stats.items():
            self.stdout.write(f"{KINDS[key][1]}: {count}")
