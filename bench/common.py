"""What the bench scripts share: a throw-away PostgreSQL database and running a child process.

Each bench runs its measurements in a child process per database (fresh Django set-up,
fresh database) and reads one JSON line from it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

PG_URL = "postgres://postgres@127.0.0.1:5432/{name}"


@contextmanager
def postgres_database(name: str) -> Iterator[str | None]:
    """A new, empty PostgreSQL database for the block: its URL, or None when unreachable."""
    try:
        _recreate(name, create=True)
    except Exception as error:
        print(f"PostgreSQL not reachable, skipped ({error.__class__.__name__}: {error})")
        yield None
        return
    try:
        yield PG_URL.format(name=name)
    finally:
        _recreate(name, create=False)


def _recreate(name: str, *, create: bool) -> None:
    import psycopg

    with psycopg.connect(PG_URL.format(name="postgres"), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        if create:
            conn.execute(f"CREATE DATABASE {name}")


def run_child(label: str, cmd: list[str], env: dict[str, str]) -> dict:
    """Run `cmd` (a bench script in child mode); its last stdout line is JSON. {} on failure."""
    done = subprocess.run(
        [sys.executable, *cmd], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        print(f"{label}: failed\n{done.stderr[-3000:]}")
        return {}
    return json.loads(done.stdout.strip().splitlines()[-1])
