"""`kansenwerk stats [--json]`: how many records of each kind the database holds.

The kennisbank's kinds come first (their keys are a contract); the other apps' records
follow, looked up by model label so the kennisbank imports no app above it. A restore is
checked by comparing this output before and after (`kansenwerk backup` / `restore`).
"""

from __future__ import annotations

import json

from django.apps import apps
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


OTHER_KINDS = {
    "regions": ("core.region", gettext_lazy("regio's")),
    "municipalities": ("core.municipality", gettext_lazy("gemeenten")),
    "users": ("core.user", gettext_lazy("accounts")),
    "audit_entries": ("core.auditlogentry", gettext_lazy("regels in het auditlog")),
    "organisations": ("netwerk.organization", gettext_lazy("organisaties")),
    "services": ("netwerk.service", gettext_lazy("diensten")),
    "locations": ("netwerk.location", gettext_lazy("locaties")),
    "contacts": ("netwerk.contactperson", gettext_lazy("contactpersonen")),
    "meetups": ("meetups.meetup", gettext_lazy("meetups")),
    "registrations": ("meetups.registration", gettext_lazy("aanmeldingen")),
    "table_plans": ("tafels.tableplan", gettext_lazy("tafelindelingen")),
    "agreements": ("afspraken.agreement", gettext_lazy("afspraken")),
    "signals": ("afspraken.signal", gettext_lazy("signalen")),
    "programmes": ("koppelen.programme", gettext_lazy("koppelprogramma's")),
    "participants": ("koppelen.participant", gettext_lazy("deelnemers koppelen")),
    "matches": ("koppelen.match", gettext_lazy("koppelingen")),
}


def kennisbank_stats() -> dict[str, int]:
    return {key: model.objects.count() for key, (model, _label) in KINDS.items()}


def all_stats() -> dict[str, int]:
    """The kennisbank's counts, then every other app's (apps not installed are left out)."""
    stats = kennisbank_stats()
    for key, (label, _label) in OTHER_KINDS.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        stats[key] = model._default_manager.count()
    return stats


def label_of(key: str) -> str:
    return str(KINDS[key][1] if key in KINDS else OTHER_KINDS[key][1])


class Command(BaseCommand):
    help = gettext("Toon het aantal records per soort in de kennisbank.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", help=gettext("schrijf JSON"))

    def handle(self, *args, **options) -> None:
        stats = all_stats()
        if options["json"]:
            self.stdout.write(json.dumps(stats, indent=2))
            return
        for key, count in stats.items():
            self.stdout.write(f"{label_of(key)}: {count}")
