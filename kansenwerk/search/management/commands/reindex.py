"""`kansenwerk reindex [--type T]`: rebuild the search index from the registered models."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kansenwerk.search import registry, services


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # usable while other apps are mid-change
    help = _("Bouw de zoekindex opnieuw op (alle soorten, of alleen --type).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--type", action="append", default=[], help=gettext_lazy("alleen deze soort")
        )
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, type=(), batch_size=500, **options):
        chosen = registry.types()
        if type:
            chosen = [t for t in chosen if t.key in set(type)]
            if len(chosen) != len(set(type)):
                known = ", ".join(t.key for t in registry.types())
                raise CommandError(
                    _("Onbekende soort in %(types)s. Kies uit: %(known)s.")
                    % {"types": ", ".join(type), "known": known}
                )
        started = time.perf_counter()

        def progress(key: str, done: int, count: int) -> None:
            self.stdout.write(f"  {key}: {done}/{count}")

        total = services.reindex(
            types=chosen if type else None, batch_size=batch_size, progress=progress
        )
        seconds = time.perf_counter() - started
        self.stdout.write(
            _("Zoekindex opgebouwd: %(total)s records in %(seconds).1f s.")
            % {"total": total, "seconds": seconds}
        )
