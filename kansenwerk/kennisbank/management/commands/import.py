"""`kansenwerk import PATH… [--json] [--dry-run]`: import documents into the kennisbank."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kansenwerk.kennisbank.importing.report import DocumentResult, ImportReport
from kansenwerk.kennisbank.importing.store import import_documents


class Command(BaseCommand):
    help = _(
        "Importeer briefings, inspiratiekaarten, interventiebundels en andere documenten "
        "(.txt, .md, .pdf, .docx; mappen worden doorzocht) in de kennisbank."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", help=_("bestanden of mappen"))
        parser.add_argument("--json", action="store_true", help=_("schrijf het verslag als JSON"))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("lees en controleer alles, maar sla niets op"),
        )
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=None,
            help=_("grootste toegestane bestand in bytes (standaard uit de instellingen)"),
        )

    def handle(self, *args, **options) -> None:
        report = import_documents(
            paths=[Path(p) for p in options["paths"]],
            dry_run=options["dry_run"],
            max_bytes=options["max_bytes"] or settings.KANSENWERK_MAX_IMPORT_BYTES,
        )
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        else:
            self._write_text(report)
        if not report.ok:
            raise CommandError(
                ngettext(
                    "%(count)d fout bij het importeren.",
                    "%(count)d fouten bij het importeren.",
                    report.errors,
                )
                % {"count": report.errors},
                returncode=1,
            )

    def _write_text(self, report: ImportReport) -> None:
        for document in report.documents:
            self._write_document(document)
        summary = _(
            "Totaal: %(created)d aangemaakt, %(updated)d bijgewerkt, %(unchanged)d ongewijzigd, "
            "%(errors)d fouten."
        ) % {
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "errors": report.errors,
        }
        if report.dry_run:
            summary += " " + _("Proefrun: er is niets opgeslagen.")
        self.stdout.write(summary)

    def _write_document(self, document: DocumentResult) -> None:
        name = Path(document.path).name
        if document.errors:
            for error in document.errors:
                self.stdout.write(self.style.ERROR(_("FOUT %(error)s") % {"error": error}))
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("%(name)s: %(kind)s '%(title)s'")
                % {"name": name, "kind": document.kind, "title": document.title}
            )
        )
        if document.region:
            self.stdout.write("  " + _("Regio: %(region)s") % {"region": document.region})
        if document.duplicate_of:
            self.stdout.write(
                "  " + _("Zelfde document als %(first)s") % {"first": document.duplicate_of}
            )
        labels = {
            "themes": _("thema's"),
            "solution_directions": _("oplossingsrichtingen"),
            "reading_items": _("leesitems"),
            "initiatives": _("initiatieven"),
            "interventions": _("interventies"),
            "practice_examples": _("praktijkvoorbeelden"),
            "sources": _("bronnen"),
            "lessons": _("lessen"),
        }
        found = ", ".join(f"{n} {labels[k]}" for k, n in document.counts.items() if n)
        if found:
            self.stdout.write("  " + _("Gevonden: %(found)s") % {"found": found})
        self.stdout.write(
            "  "
            + _("%(created)d aangemaakt, %(updated)d bijgewerkt, %(unchanged)d ongewijzigd")
            % {
                "created": document.created,
                "updated": document.updated,
                "unchanged": document.unchanged,
            }
        )
        for warning in document.warnings:
            self.stdout.write(
                self.style.WARNING("  " + _("Let op: %(warning)s") % {"warning": warning})
            )
        for item in document.national_themes:
            if item["national_theme"]:
                self.stdout.write(
                    "  "
                    + _("Landelijk thema voorgesteld: %(theme)s → %(national)s")
                    % {"theme": item["theme"], "national": item["national_theme"]}
                )
