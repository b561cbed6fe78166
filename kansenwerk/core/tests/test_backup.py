"""Backup and restore (issue 15): the same engine in-process, SQLite → PostgreSQL by command.

Compared before and after: every count of `kansenwerk stats --json`, the search results
and the HSDS API output.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from kansenwerk.core.backup import BackupError, backup_restore, backup_write

QUERIES = ["ouders", "overstap naar het voortgezet onderwijs", "taal"]


def _stats() -> dict:
    out = StringIO()
    call_command("stats", "--json", stdout=out)
    return json.loads(out.getvalue())


def _search(query: str) -> list:
    out = StringIO()
    call_command("search", query, "--json", stdout=out)
    return [(hit["type"], hit["title"]) for hit in json.loads(out.getvalue())]


def _snapshot(client) -> dict:
    return {
        "stats": _stats(),
        "search": {q: _search(q) for q in QUERIES},
        "services": client.get("/api/services").json(),
        "organizations": client.get("/api/organizations").json(),
    }


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_emptied_database_gives_everything_back(
    client, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "imports").mkdir(parents=True)
    (tmp_path / "media" / "imports" / "notitie.txt").write_text("bewaard", encoding="utf-8")
    call_command("loaddemo", stdout=StringIO())
    before = _snapshot(client)
    assert before["stats"]["registrations"] > 0 and before["stats"]["organisations"] > 0
    assert all(before["search"].values())

    manifest = backup_write(path=tmp_path / "backup.zip")
    assert manifest["engine"] == connection.vendor and manifest["media_files"] == 1
    with zipfile.ZipFile(tmp_path / "backup.zip") as archive:
        assert {"manifest.json", "data.jsonl", "media/imports/notitie.txt"} <= set(
            archive.namelist()
        )

    call_command("flush", interactive=False, verbosity=0)
    (tmp_path / "media" / "imports" / "notitie.txt").unlink()
    assert _stats()["registrations"] == 0

    result = backup_restore(path=tmp_path / "backup.zip")
    assert result.media_files == 1 and result.search_entries > 0
    assert (tmp_path / "media" / "imports" / "notitie.txt").read_text() == "bewaard"
    assert _snapshot(client) == before


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_holds_data(tmp_path):
    call_command("region-create", "Duinstreek", "--municipality", "Zandmeer", stdout=StringIO())
    backup_write(path=tmp_path / "b.zip")
    with pytest.raises(BackupError, match="niet leeg"):
        backup_restore(path=tmp_path / "b.zip")


@pytest.mark.django_db
def test_bad_archives_get_a_dutch_message(tmp_path):
    (tmp_path / "geen.zip").write_bytes(b"dit is geen zip")
    with pytest.raises(CommandError, match="geen zip-bestand"):
        call_command("restore", str(tmp_path / "geen.zip"), "--noinput")
    with zipfile.ZipFile(tmp_path / "leeg.zip", "w") as archive:
        archive.writestr("iets.txt", "x")
    with pytest.raises(CommandError, match="geen kansenwerk-backup"):
        call_command("restore", str(tmp_path / "leeg.zip"), "--noinput")
    with pytest.raises(CommandError, match="is een map"):
        call_command("backup", str(tmp_path))


def _kansenwerk(*args: str, database_url: str, data_dir: Path) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "KANSENWERK_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "kansenwerk.settings.local",
    }
    done = subprocess.run(  # noqa: S603 (our own command with fixed arguments)
        [sys.executable, "-m", "kansenwerk.manage", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="runs once, in the SQLite run: it makes its own SQLite file and PostgreSQL database",
)
def test_a_sqlite_backup_restores_into_postgresql(tmp_path):
    """How a region grows from the embedded database to production."""
    import psycopg

    name = f"kw_restore_{uuid.uuid4().hex[:10]}"
    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        sqlite = f"sqlite:///{tmp_path / 'embedded.sqlite3'}"
        postgres = f"postgres://postgres@127.0.0.1:5432/{name}"
        small, large = tmp_path / "small", tmp_path / "large"
        _kansenwerk("migrate", "--noinput", database_url=sqlite, data_dir=small)
        _kansenwerk("loaddemo", database_url=sqlite, data_dir=small)
        before = json.loads(_kansenwerk("stats", "--json", database_url=sqlite, data_dir=small))
        hits = {
            q: json.loads(_kansenwerk("search", q, "--json", database_url=sqlite, data_dir=small))
            for q in QUERIES
        }
        archive = str(tmp_path / "regio.zip")
        _kansenwerk("backup", archive, database_url=sqlite, data_dir=small)

        report = json.loads(
            _kansenwerk(
                "restore", archive, "--noinput", "--json", database_url=postgres, data_dir=large
            )
        )
        assert (report["from_engine"], report["to_engine"]) == ("sqlite", "postgresql")
        after = json.loads(_kansenwerk("stats", "--json", database_url=postgres, data_dir=large))
        assert after == before
        assert before["registrations"] > 0 and before["agreements"] > 0
        for q in QUERIES:
            found = json.loads(
                _kansenwerk("search", q, "--json", database_url=postgres, data_dir=large)
            )
            assert [(h["type"], h["title"]) for h in found] == [
                (h["type"], h["title"]) for h in hits[q]
            ]
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
