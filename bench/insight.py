"""Benchmark regio-inzicht and the national view as history grows (SQLite and PostgreSQL).

Run: .venv/bin/python bench/insight.py [--sizes 5000,50000,500000] [--runs 20] [--no-postgres|--no-sqlite]
Default: one size, 5,000 agreements (100 meetups, 4,000 participants; a few seconds).
`--full`: the growth curve of issue 23: 5,000 / 50,000 / 500,000 agreements, with
meetups (1 per 50 agreements), participants (0.8 per agreement) and signals (1 per 25)
growing along. Data is generated with bulk_create (invented text) in 12 regions, then
the summaries are rebuilt once (`kansenwerk insight-rebuild`; bulk_create bypasses the
receivers that keep them current). Each backend and size runs in a child process with
its own fresh database.

Beside every page the baseline is the same national figures counted in Python over all
agreement rows (what the pages would cost without aggregation), measured in the same run
and process; `ratio` is p95(page) / p95(baseline). Goals: national and region pages p95
<= 0.25x the baseline at 50,000 and nearly flat from 50,000 to 500,000 (`growth`: p95 at
this size / p95 at the previous size). `schrijven` is one agreement status change
(save + tally delta), to show the write side does not grow with history either.

Measured 2026-12-04: see the table in the README (section Regio-inzicht).
Smoke size: --runs 2 --meetups 4 --participants 60 --agreements 80 (bench/smoke.py).
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
# A long run can keep its own database beside the smoke run of `make test`.
PG_DB = os.environ.get("BENCH_INSIGHT_DB", "kansenwerk_bench_insight")


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
        status = rng.choice(agreement_statuses)
        done = m.starts_at + datetime.timedelta(days=rng.randint(10, 200))
        rows.append(
            Agreement(
                meetup=m,
                meetup_theme=mt,
                solution_direction=direction,
                what=f"Afspraak {i} over samenwerken",
                owner_name="Eigenaar",
                due_date=(m.starts_at + datetime.timedelta(days=rng.randint(20, 200))).date(),
                status=status,
                completed_at=min(done, now) if status == "gereed" else None,
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


def agreement_write():
    """One status change through save(): the receivers add the tally delta."""
    import itertools

    from kansenwerk.afspraken.models import Agreement

    agreement = Agreement.objects.order_by("pk").first()
    statuses = itertools.cycle(["bezig", "gepland"])

    def write():
        agreement.status = next(statuses)
        agreement.save(update_fields=["status", "updated_at"])

    return write


def child(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    info = build(meetups=args.meetups, participants=args.participants, agreements=args.agreements)
    build_s = time.perf_counter() - start
    from kansenwerk.regio import tallies

    start = time.perf_counter()
    tally_rows = tallies.rebuild()
    rebuild_s = time.perf_counter() - start
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
        "schrijven (1 afspraak)": [agreement_write()],
    }
    results = {
        "build_s": build_s,
        "rebuild_s": rebuild_s,
        "tally_rows": tally_rows,
        "agreements": args.agreements,
        "pages": {},
    }
    for name, fetchers in pages.items():
        samples: list[float] = []
        for fetch in fetchers:
            samples += timed(fetch, max(args.runs // len(fetchers), 3))
        results["pages"][name] = samples
    results["pages"][BASELINE] = timed(python_baseline, max(args.runs // 4, 3))
    print(json.dumps(results))


BASELINE = "baseline: tellen in Python"


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(name: str, results: dict, previous: dict | None) -> None:
    if not results:
        return
    print(
        f"{name} {results['agreements']:>7} agreements: data built in {results['build_s']:.1f}s,"
        f" summaries rebuilt in {results['rebuild_s']:.2f}s ({results['tally_rows']} rows)"
    )
    base = p95(results["pages"][BASELINE])
    for page, samples in results["pages"].items():
        line = (
            f"  {page:28} p50 {statistics.median(samples):8.1f} ms  p95 {p95(samples):8.1f} ms"
            f"  (n={len(samples)})"
        )
        if page != BASELINE:
            line += f"  ratio {p95(samples) / base:5.3f}"
            if previous and page in previous.get("pages", {}):
                line += f"  growth {p95(samples) / p95(previous['pages'][page]):4.2f}x"
        print(line, flush=True)


def run_backend(name: str, env: dict[str, str], args, size: int) -> dict:
    meetups = args.meetups or max(size // 50, 4)
    participants = args.participants or size * 4 // 5
    cmd = [__file__, "--child", "--runs", str(args.runs)]
    cmd += ["--meetups", str(meetups), "--participants", str(participants)]
    cmd += ["--agreements", str(size)]
    return run_child(f"{name} {size}", cmd, env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", action="store_true", help="5,000 / 50,000 / 500,000 agreements")
    parser.add_argument("--sizes", default="", help="agreement counts, comma-separated")
    parser.add_argument("--runs", type=int, default=20, help="requests per page (default 20)")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--meetups", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--participants", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--agreements", type=int, default=5000, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    if args.full:
        sizes = [5000, 50000, 500000]
    elif args.sizes:
        sizes = [int(s) for s in args.sizes.split(",")]
    else:
        sizes = [args.agreements]
    print(f"regio-inzicht: {sizes} agreements; {args.runs} requests per page (Django test client)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        base_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kansenwerk.settings.test"}
        base_env["KANSENWERK_DATA_DIR"] = str(tmp_path / "data")
        previous = None
        for size in sizes if not args.no_sqlite else []:
            db = tmp_path / f"bench-{size}.sqlite3"
            sqlite_env = {**base_env, "DATABASE_URL": f"sqlite:///{db}"}
            results = run_backend("sqlite", sqlite_env, args, size)
            report("sqlite", results, previous)
            previous = results
            db.unlink(missing_ok=True)
        if args.no_postgres:
            return
        previous = None
        for size in sizes:
            with postgres_database(PG_DB) as url:
                if not url:
                    return
                results = run_backend("postgresql", {**base_env, "DATABASE_URL": url}, args, size)
                report("postgresql", results, previous)
                previous = results


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
