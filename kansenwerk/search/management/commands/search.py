"""`kansenwerk search "QUERY" [--json] [--limit N] [--type T]`: the search page's ranking."""

from __future__ import annotations

import html
import json
import re

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kansenwerk.search import registry
from kansenwerk.search.selectors import Filters, attach_snippets, search

_TAG_RE = re.compile(r"</?mark>")


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # usable while other apps are mid-change
    help = _("Zoek in kansenwerk en toon de resultaten in dezelfde volgorde als de zoekpagina.")

    def add_arguments(self, parser):
        parser.add_argument(
            "query", help=gettext_lazy("de zoekvraag, bijvoorbeeld 'ouderbetrokkenheid'")
        )
        parser.add_argument(
            "--json", action="store_true", help=gettext_lazy("uitvoer als JSON-lijst")
        )
        parser.add_argument(
            "--limit", type=int, default=10, help=gettext_lazy("aantal resultaten (10)")
        )
        parser.add_argument(
            "--type",
            action="append",
            default=[],
            help=gettext_lazy("alleen deze soort (herhaalbaar)"),
        )

    def handle(self, *args, query, json=False, limit=10, type=(), **options):
        known = {t.key for t in registry.types()}
        unknown = [t for t in type if t not in known]
        if unknown:
            raise CommandError(
                _("Onbekende soort: %(types)s. Kies uit: %(known)s.")
                % {"types": ", ".join(unknown), "known": ", ".join(sorted(known))}
            )
        if limit < 1:
            raise CommandError(_("--limit moet 1 of meer zijn."))
        outcome = search(text=query, filters=Filters(types=tuple(type)), with_facets=False)
        hits = attach_snippets(hits=outcome.hits[:limit])
        if json:
            self.stdout.write(_dumps([hit.as_json() for hit in hits]))
            return
        if outcome.suggestion:
            self.stdout.write(_("Bedoelde u: %(suggestion)s?") % {"suggestion": outcome.suggestion})
        if not hits:
            self.stdout.write(_("Niets gevonden voor '%(query)s'.") % {"query": query})
        for rank, hit in enumerate(hits, start=1):
            self.stdout.write(f"{rank:>3}. [{hit.entry.type_key}] {hit.entry.title}  ({hit.score})")
            if hit.entry.location:
                self.stdout.write(f"     {hit.entry.location}")
            snippet = html.unescape(_TAG_RE.sub("*", hit.snippet))
            if snippet:
                self.stdout.write(f"     {snippet[:200]}")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
