"""`kansenwerk restore PATH --noinput [--json]`: a backup into an empty database, any engine."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from kansenwerk.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = _(
        "Zet een backup terug in een lege database (eerst migreren, daarna de zoekindex "
        "opnieuw opbouwen). Werkt ook van SQLite naar PostgreSQL."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help=_("het backupbestand"))
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help=_("niet om bevestiging vragen"),
        )
        parser.add_argument("--json", action="store_true", help=_("schrijf het verslag als JSON"))

    def handle(self, *args, path: str, interactive: bool = True, **options) -> None:
        if interactive:
            answer = input(
                _("Backup %(path)s terugzetten in database '%(db)s'? Typ 'ja': ")
                % {"path": path, "db": connection.settings_dict["NAME"]}
            )
            if answer.strip().lower() != "ja":
                raise CommandError(_("Afgebroken; er is niets veranderd."))
        try:
            result = backup_restore(path=path)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "path": path,
                        "from_engine": result.manifest.get("engine"),
                        "to_engine": connection.vendor,
                        "counts": result.counts,
                        "media_files": result.media_files,
                        "search_entries": result.search_entries,
                    },
                    indent=2,
                )
            )
            return
        self.stdout.write(
            _(
                "Backup teruggezet (%(source)s → %(target)s): %(records)s records, "
                "%(files)s bestanden, zoekindex %(entries)s records."
            )
            % {
                "source": result.manifest.get("engine"),
                "target": connection.vendor,
                "records": sum(result.counts.values()),
                "files": result.media_files,
                "entries": result.search_entries,
            }
        )
