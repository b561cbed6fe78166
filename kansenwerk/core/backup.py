"""Backup and restore of a whole installation, across database engines.

One zip archive holds `manifest.json` (format, when, from which engine, the applied
migrations, the record counts), `data.jsonl` (every row, written by Django's own
serialiser through `dumpdata` with natural keys for content types and permissions, so ids
of those need not match) and `media/` (uploaded files). Django's serialisers were chosen
over django-dbbackup because dbbackup copies the engine's own dump (pg_dump, the SQLite
file), which cannot move a region from the embedded SQLite to PostgreSQL; a serialised
dump restores into either engine.

Left out, because they are rebuilt or are not data: content types, permissions and
sessions (made again by `migrate`), the search index (rebuilt with `reindex` after the
restore), the task queue and login-attempt tables.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
EXCLUDED_APPS = ("contenttypes", "sessions", "search", "django_tasks_db", "axes")
EXCLUDED_MODELS = ("auth.permission",)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is Dutch, for the operator."""


def record_counts() -> dict[str, int]:
    """Rows per model of every app that holds data, as `app_label.model_name`."""
    counts = {}
    for model in _data_models():
        counts[model._meta.label_lower] = model._default_manager.count()
    return counts


def _data_models() -> list:
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in EXCLUDED_APPS
        and model._meta.label_lower not in EXCLUDED_MODELS
        and not model._meta.proxy
        and model._meta.managed
    ]


def _exclusions() -> list[str]:
    installed = {config.label for config in apps.get_app_configs()}
    return [label for label in EXCLUDED_APPS if label in installed] + list(EXCLUDED_MODELS)


def backup_write(*, path: Path) -> dict[str, Any]:
    """Write the archive to `path` (replaced atomically); returns the manifest."""
    path = Path(path)
    if path.is_dir():
        raise BackupError(_("%(path)s is een map; geef een bestandsnaam op.") % {"path": path})
    path.parent.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "engine": connection.vendor,
        "migrations": _applied_migrations(),
        "counts": record_counts(),
        "media_files": 0,
    }
    with tempfile.TemporaryDirectory() as work:
        data = Path(work) / "data.jsonl"
        call_command(
            "dumpdata",
            exclude=_exclusions(),
            natural_foreign=True,
            format="jsonl",
            output=str(data),
            verbosity=0,
        )
        partial = path.with_name(path.name + ".part")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(data, "data.jsonl")
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                for file in sorted(p for p in media.rglob("*") if p.is_file()):
                    archive.write(file, f"media/{file.relative_to(media).as_posix()}")
                    manifest["media_files"] += 1
            archive.writestr("manifest.json", json.dumps(manifest, indent=2))
        partial.replace(path)
    return manifest


def _applied_migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return latest


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    counts: dict[str, int]
    media_files: int
    search_entries: int


def _read_manifest(archive: zipfile.ZipFile, path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read("manifest.json"))
        archive.getinfo("data.jsonl")
    except (KeyError, ValueError):
        raise BackupError(
            _("%(path)s is geen kansenwerk-backup (manifest.json of data.jsonl ontbreekt).")
            % {"path": path}
        ) from None
    if manifest.get("format") != FORMAT:
        raise BackupError(
            _("%(path)s heeft backupformaat %(found)s; deze versie leest formaat %(format)s.")
            % {"path": path, "found": manifest.get("format"), "format": FORMAT}
        )
    return manifest


def backup_restore(*, path: Path) -> RestoreResult:
    """Restore an archive into an empty database: migrate, load all rows, copy the media
    files, rebuild the search index. Refuses a database that already holds data."""
    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile):
        raise BackupError(
            _("%(path)s kan niet worden gelezen als backup (geen zip-bestand).") % {"path": path}
        ) from None
    with archive:
        manifest = _read_manifest(archive, path)
        call_command("migrate", interactive=False, verbosity=0)
        filled = {label: n for label, n in record_counts().items() if n}
        if filled:
            raise BackupError(
                _(
                    "De database is niet leeg (%(tables)s); herstellen kan alleen in een lege "
                    "database."
                )
                % {"tables": ", ".join(f"{k}: {v}" for k, v in sorted(filled.items())[:5])}
            )
        with tempfile.TemporaryDirectory() as work:
            data = Path(work) / "data.jsonl"
            with archive.open("data.jsonl") as source, open(data, "wb") as target:
                shutil.copyfileobj(source, target)
            with transaction.atomic():
                call_command("loaddata", str(data), verbosity=0)
        media_files = 0
        media = Path(settings.MEDIA_ROOT)
        for info in archive.infolist():
            if not info.filename.startswith("media/") or info.is_dir():
                continue
            target = (media / info.filename.removeprefix("media/")).resolve()
            if not target.is_relative_to(media.resolve()):
                continue  # a path that climbs out of MEDIA_ROOT is never written
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as source, open(target, "wb") as out:
                shutil.copyfileobj(source, out)
            media_files += 1
    call_command("reindex", verbosity=0, stdout=_Null())
    search_entries = apps.get_model("search", "SearchEntry").objects.count()
    return RestoreResult(
        manifest=manifest,
        counts=record_counts(),
        media_files=media_files,
        search_entries=search_entries,
    )


class _Null:
    def write(self, *args, **kwargs) -> None:
        pass

    def flush(self) -> None:
        pass
