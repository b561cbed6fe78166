"""Benchmark regio-inzicht and the national view: page time (p50/p95) on SQLite and PostgreSQL.

Run: .venv/bin/python bench/insight.py [--runs 25] [--full] [--no-postgres]
Default: 100 meetups, 4,000 participants, 5,000 agreements (a few seconds to build).
`--full`: 1,000 meetups, 40,000 participants, 50,000 agreements (the size in issue 9).
Data is generated with bulk_create (invented text) in 12 regions over three years.
Each backend runs in a child process with its own fresh database. Beside every page
the baseline is the same national figures counted in Python over all rows (what the
page would cost without database aggregation), measured in the same run. Goal: p95 of
every page under 300 ms.

Measured 2026-11-26 with --full --runs 20 (shared 8-core box, other jobs running; figures
swing up to 2x between runs under load):

    sqlite      regio-inzicht (regio)  p50 128.5 ms  p95 136.7 ms
                landelijk              p50 220.5 ms  p95 236.2 ms
                overzicht regio's      p50  36.6 ms  p95  44.1 ms
                baseline (Python)      p50 525.6 ms  p95 551.9 ms
    postgresql  regio-inzicht (regio)  p50 176.6 ms  p95 188.8 ms
                landelijk              p50 225.8 ms  p95 316.5 ms  (goal missed by ~5%)
                overzicht regio's      p50  40.3 ms  p95  57.2 ms
                baseline (Python)      p50 495.0 ms  p95 661.6 ms

Before the covering indexes (meetup, status, due_date) / (meetup_theme, status) /
(solution_direction, status, meetup) and the per-vendor grouping, landelijk was
p95 2.0 s (SQLite) and 1.5 s (PostgreSQL).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import postgres_database, run_child

REPO = Path(__file__).resolve().parents[1]
PG_DB = "kansenwerk_bench_insight"


def build(*, meetups: int, participants: int, agreements: int, seed: int = 11) -> dict:
    """Fill the database with bulk_create; returns what to request."""
    import datetime
    import random

    from django.utils import timezone

    from kansenwerk.afspraken.models import Agreement, Signal, SignalGroup
    from kansenwerk.core.models import Region
    from kansenwerk.kennisbank.models import SolutionDirection, Theme
    from kansenwerk.meetups.models import Meetup, MeetupTheme, Profession, Registration

    rng = random.Random(seed)
    regions = Region.objects.bulk_create(
        [Region(name=f"Benchregio {i}", slug=f"benchregio-{i}") for i in range(12)]
    )
    themes = Theme.objects.bulk_create(
        [Theme(title=f"Benchthema {i}", slug=f"benchthema-{i}", number=i) for i in range(6)]
    )
    directions = SolutionDirection.objects.bulk_create(
        [
            SolutionDirection(
                theme=t, title=f"Richting {t.number}.{j}", number=f"{t.number}.{j}", position=j
            )
            for t in themes
            for j in range(5)
        ]
    )
    now = timezone.now()
    meetup_rows = []
    for i in range(meetups):
        starts = now - datetime.timedelta(days=rng.randint(-60, 3 * 365), hours=rng.randint(0, 5))
        meetup_rows.append(
            Meetup(
                region=regions[i % len(regions)],
                title=f"Benchavond {i}",
                slug=f"benchavond-{i}",
                starts_at=starts,
                capacity=60,
                status=Meetup.Status.PUBLISHED,
            )
        )
    meetup_objs = Meetup.objects.bulk_create(meetup_rows, batch_size=500)
    mt_rows = []
    for m in meetup_objs:
        for k, t in enumerate(rng.sample(themes, 3)):
            mt_rows.append(MeetupTheme(meetup=m, theme=t, slug=f"t{k}", title=t.title, position=k))
    meetup_themes = MeetupTheme.objects.bulk_create(mt_rows, batch_size=1000)
    by_meetup: dict[int, list] = {}
    for mt in meetup_themes:
        by_meetup.setdefault(mt.meetup_id, []).append(mt)
    professions = Profession.values
    statuses = [Registration.Status.ATTENDED] * 4 + [Registration.Status.CANCELLED]
    Registration.objects.bulk_create(
        [
            Registration(
                meetup=meetup_objs[i % meetups],
                name=f"Deelnemer {i}",
                email=f"d{i}@voorbeeld.invalid",
                profession=rng.choice(professions),
                status=rng.choice(statuses),
                token=f"bench-{i}",
            )
            for i in range(participants)
        ],
        batch_size=2000,
    )
    agreement_statuses = ["gepland", "bezig", "gereed", "vervallen"]
    rows = []
    for i in range(agreements):
        m = meetup_objs[rng.randrange(meetups)]
        mt = rng.choice(by_meetup[m.pk])
        direction = rng.choice([d for d in directions if d.theme_id == mt.theme_id] + [None])
        rows.append(
            Agreement(
                meetup=m,
                meetup_theme=mt,
                solution_direction=direction,
                what=f"Afspraak {i} over samenwerken",
                owner_name="Eigenaar",
                due_date=(m.starts_at + datetime.timedelta(days=rng.randint(20, 200))).date(),
                status=rng.choice(agreement_statuses),
                token=f"bench-agreement-{i}",
            )
        )
    Agreement.objects.bulk_create(rows, batch_size=2000)
    groups = SignalGroup.objects.bulk_create(
        [SignalGroup(label=f"Signaalgroep {i}", theme=themes[i % len(themes)]) for i in range(200)]
    )
    Signal.objects.bulk_create(
        [
            Signal(
                meetup=meetup_objs[rng.randrange(meetups)],
                text=f"Signaal {i}",
                group=groups[i % len(groups)],
                level=rng.choice(["gemeente", "landelijk"]),
            )
            for i in range(max(agreements // 25, 50))
        ],
        batch_size=2000,
    )
    return {"regions": [r.slug for r in regions]}


def python_baseline() -> None:
    """The national status/quarter/theme/region figures counted in Python over every row."""
    from collections import Counter

    from kansenwerk.afspraken.models import Agreement

    by = Counter()
    for status, starts, theme, region in Agreement.objects.values_list(
        "status", "meetup__starts_at", "meetup_theme__theme__title", "meetup__region_id"
    ).iterator(chunk_size=5000):
        by[("status", status)] += 1
        by[("quarter", starts.year, (starts.month - 1) // 3, status)] += 1
        by[("theme", theme, status)] += 1
        by[("region", region, status)] += 1


def timed(fn, runs: int) -> list[float]:
    fn()  # warm up
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def child(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    info = build(meetups=args.meetups, participants=args.participants, agreements=args.agreements)
    build_s = time.perf_counter() - start
    # What autovacuum / a nightly ANALYZE does in production: fresh planner statistics
    # (and, on PostgreSQL, a visibility map so covering indexes are read index-only).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    client = Client()

    def get(path: str):
        def fetch():
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        return fetch

    pages = {
        "regio-inzicht (regio)": [get(f"/regio-inzicht/{slug}/") for slug in info["regions"][:3]],
        "landelijk": [get("/regio-inzicht/landelijk/")],
        "overzicht regio's": [get("/regio-inzicht/")],
    }
    results = {"build_s": build_s, "pages": {}}
    for name, fetchers in pages.items():
        samples: list[float] = []
        for fetch in fetchers:
            samples += timed(fetch, max(args.runs // len(fetchers), 3))
        results["pages"][name] = samples
    results["pages"]["baseline: tellen in Python"] = timed(python_baseline, max(args.runs // 5, 3))
    print(json.dumps(results))


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(name: str, results: dict) -> None:
    if not results:
        return
    print(f"{name}: data built in {results['build_s']:.1f}s")
    for page, samples in results["pages"].items():
        flag = (
            "" if page.startswith("baseline") else ("  ok" if p95(samples) < 300 else "  > 300 ms")
        )
        print(
            f"  {page:28} p50 {statistics.median(samples):7.1f} ms  p95 {p95(samples):7.1f} ms"
            f"  (n={len(samples)}){flag}"
        )


def run_backend(name: str, env: dict[str, str], args) -> dict:
    cmd = [__file__, "--child", "--runs", str(args.runs)]
    cmd += ["--meetups", str(args.meetups), "--participants", str(args.participants)]
    cmd += ["--agreements", str(args.agreements)]
    return run_child(name, cmd, env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", action="store_true", help="1,000 meetups / 40,000 / 50,000")
    parser.add_argument("--runs", type=int, default=25, help="requests per page (default 25)")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--meetups", type=int, default=100, help=argparse.SUPPRESS)
    parser.add_argument("--participants", type=int, default=4000, help=argparse.SUPPRESS)
    parser.add_argument("--agreements", type=int, default=5000, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    if args.full:
        args.meetups, args.participants, args.agreements = 1000, 40000, 50000
    print(
        f"regio-inzicht: {args.meetups} meetups, {args.participants} participants, "
        f"{args.agreements} agreements; {args.runs} requests per page (Django test client)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        base_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kansenwerk.settings.test"}
        base_env["KANSENWERK_DATA_DIR"] = str(tmp_path / "data")
        sqlite_env = {**base_env, "DATABASE_URL": f"sqlite:///{tmp_path / 'bench.sqlite3'}"}
        report("sqlite", run_backend("sqlite", sqlite_env, args))
        if args.no_postgres:
            return
        with postgres_database(PG_DB) as url:
            if url:
                pg_env = {**base_env, "DATABASE_URL": url}
                report("postgresql", run_backend("postgresql", pg_env, args))


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
