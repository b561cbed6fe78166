"""`kansenwerk backup PATH [--json]`: the whole installation in one archive (core/backup.py)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kansenwerk.core.backup import BackupError, backup_write


class Command(BaseCommand):
    help = _("Schrijf een backup (database en geüploade bestanden) naar één zip-bestand.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help=_("het backupbestand, bijvoorbeeld backup-2026-12-03.zip"))
        parser.add_argument("--json", action="store_true", help=_("schrijf het verslag als JSON"))

    def handle(self, *args, path: str, **options) -> None:
        try:
            manifest = backup_write(path=path)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps({"path": path, **manifest}, indent=2))
            return
        records = sum(manifest["counts"].values())
        self.stdout.write(
            _("Backup geschreven naar %(path)s: %(records)s records, %(files)s bestanden.")
            % {"path": path, "records": records, "files": manifest["media_files"]}
        )
