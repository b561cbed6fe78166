"""Benchmark national themes: suggesting a national theme for every theme, and the netwerk
gaps with twin directions, on SQLite and PostgreSQL.

Run: .venv/bin/python bench/national.py [--themes 300] [--directions 5] [--runs 3]
     [--no-postgres]
Themes are invented from a small word list (no seed text); the national themes are the
demo's. Baselines, measured in the same run: for the suggestion, analysing the same theme
texts with the search analyser alone (the floor any Dutch-aware comparison pays); for the
gaps, the query as it was before twins (directions without a local service).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from common import postgres_database, run_child

REPO = Path(__file__).resolve().parents[1]
PG_DB = "kansenwerk_bench_national"

WORDS = [
    "voorlezen",
    "woordenschat",
    "taal",
    "ouders",
    "overstap",
    "brugklas",
    "schooladvies",
    "jeugdhulp",
    "armoede",
    "leraren",
    "schoolleider",
    "sport",
    "cultuur",
    "talent",
    "buurt",
    "wijk",
    "gemeente",
    "meertalig",
    "thuistaal",
    "inclusief",
    "samenwerking",
    "bibliotheek",
    "huiswerk",
    "mentor",
    "zomerschool",
    "peuters",
    "doorgaande",
    "lijn",
]


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def child(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Exists, OuterRef

    from kansenwerk.core.models import Region
    from kansenwerk.kennisbank import models as m
    from kansenwerk.kennisbank.national.demo import load_national_demo
    from kansenwerk.kennisbank.national.services import themes_suggest_national
    from kansenwerk.netwerk.models import Organization, Service
    from kansenwerk.netwerk.selectors import direction_gaps, local_services
    from kansenwerk.search.analysis import analyze

    call_command("migrate", verbosity=0)
    load_national_demo()
    rng = random.Random(5)
    region = Region.objects.create(name="Benchregio", slug="benchregio")
    themes = [
        m.Theme(
            title=sentence(rng, 3),
            slug=f"bench-{i}",
            guiding_question=sentence(rng, 12),
            introduction=" ".join(sentence(rng, 15) for _ in range(6)),
        )
        for i in range(args.themes)
    ]
    m.Theme.objects.bulk_create(themes)
    themes = list(m.Theme.objects.all())
    m.SolutionDirection.objects.bulk_create(
        m.SolutionDirection(theme=t, number=f"1.{j}", position=j, title=sentence(rng, 4))
        for t in themes
        for j in range(1, args.directions + 1)
    )
    organization = Organization.objects.create(name="Bench", region=region, kind="welzijn")
    directions = list(m.SolutionDirection.objects.values_list("pk", flat=True))
    for k in range(max(1, len(directions) // 10)):
        service = Service.objects.create(organization=organization, name=f"Aanbod {k}")
        service.solution_directions.set(rng.sample(directions, 3))

    def texts():
        for t in m.Theme.objects.prefetch_related("solution_directions"):
            yield [t.title, t.guiding_question, t.introduction]
            yield [d.title for d in t.solution_directions.all()]

    results: dict = {"themes": args.themes, "directions": len(directions)}
    results["analyse"], results["suggest"] = [], []
    for _run in range(args.runs):
        started = time.perf_counter()
        for parts in texts():
            for text in parts:
                analyze(text)
        results["analyse"].append(time.perf_counter() - started)
        # Each run suggests afresh: clear the previous run's suggestions first.
        m.Theme.objects.update(national_theme=None, national_theme_status="")
        started = time.perf_counter()
        themes_suggest_national()
        results["suggest"].append(time.perf_counter() - started)
    suggested = m.Theme.objects.filter(national_theme__isnull=False).count()
    results["suggested"] = suggested

    def old_gaps():
        offered = local_services(region=region).filter(solution_directions=OuterRef("pk"))
        return list(m.SolutionDirection.objects.filter(~Exists(offered)).select_related("theme"))

    results["gaps_old"], results["gaps_twins"] = [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        before = len(old_gaps())
        results["gaps_old"].append(time.perf_counter() - started)
        started = time.perf_counter()
        after = len(list(direction_gaps(region=region)))
        results["gaps_twins"].append(time.perf_counter() - started)
    results["gap_counts"] = [before, after]
    import json

    print(json.dumps(results))


def report(name: str, r: dict) -> None:
    if not r:
        return

    def secs(values):
        runs = ", ".join(f"{v:.3f}" for v in values)
        return f"{statistics.median(values):7.3f} s (runs: {runs})"

    per_s = r["themes"] / statistics.median(r["suggest"])
    print(f"\n== {name}: {r['themes']} thema's, {r['directions']} oplossingsrichtingen")
    print(f"  baseline: analyse theme texts   {secs(r['analyse'])}")
    print(f"  suggest national themes         {secs(r['suggest'])}  ~{per_s:,.0f} thema's/s")
    print(f"    themes with a suggestion: {r['suggested']} of {r['themes']}")
    print(f"  baseline: gaps without twins    {secs(r['gaps_old'])}")
    print(f"  gaps with twins                 {secs(r['gaps_twins'])}")
    print(f"    gaps: {r['gap_counts'][0]} without twins, {r['gap_counts'][1]} with twins")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--themes", type=int, default=300)
    parser.add_argument("--directions", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    cmd = [__file__, "--child", "--themes", str(args.themes)]
    cmd += ["--directions", str(args.directions), "--runs", str(args.runs)]
    base_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kansenwerk.settings.test",
        "PYTHONPATH": str(REPO),
    }
    with tempfile.TemporaryDirectory(prefix="national-bench-db-") as data_dir:
        sqlite_env = {
            **base_env,
            "KANSENWERK_DATA_DIR": data_dir,
            "DATABASE_URL": f"sqlite:///{data_dir}/bench.sqlite3",
        }
        report("SQLite", run_child("SQLite", cmd, sqlite_env))
    if args.no_postgres:
        return
    with postgres_database(PG_DB) as url:
        if url:
            report("PostgreSQL", run_child("PostgreSQL", cmd, {**base_env, "DATABASE_URL": url}))


if __name__ == "__main__":
    main()
