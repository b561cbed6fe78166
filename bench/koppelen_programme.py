"""Benchmark a koppelronde through the site's service: engine plus database work.

Run: .venv/bin/python bench/koppelen_programme.py [--sizes 50 200] [--runs 3] [--full]
`--full` adds 1,000 per side. Baseline (same run, same cohort): `match_cohort` alone, so the
difference is what loading participants, replacing proposals (bulk) and storing the
unmatched list costs. A scratch SQLite database in a temporary folder is used.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["KANSENWERK_DATA_DIR"] = tempfile.mkdtemp(prefix="kw-bench-koppelen-")
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kansenwerk.settings.test")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.matching import generate_person  # noqa: E402
from kansenwerk.core.models import Region, User  # noqa: E402
from kansenwerk.koppelen.matching.engine import match_cohort  # noqa: E402
from kansenwerk.koppelen.models import Participant, Programme  # noqa: E402
from kansenwerk.koppelen.services import participant_person, programme_run_matching  # noqa: E402


def build(size: int, seed: int) -> tuple[Programme, User]:
    rng = random.Random(seed)
    region, _ = Region.objects.get_or_create(name="Benchregio")
    user, _ = User.objects.get_or_create(username="bench", defaults={"role": "beheerder"})
    programme = Programme.objects.create(name=f"Bench {size}", kind="ouder_ouder", region=region)
    rows = []
    for side in ("mentor", "mentee"):
        for i in range(size):
            p = generate_person(rng, ident=f"{side}{i}", is_mentor=side == "mentor")
            rows.append(
                Participant(
                    programme=programme,
                    side=side,
                    display_name=p.id,
                    languages=sorted(p.languages),
                    availability=sorted(p.availability),
                    interests=sorted(p.interests),
                    postcode_area=p.postcode or "",
                    home_language=p.home_language or "",
                    capacity=p.capacity if side == "mentor" else 1,
                )
            )
    Participant.objects.bulk_create(rows)
    return programme, user


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--full", action="store_true", help="ook 1.000 per kant")
    args = parser.parse_args()
    sizes = [*args.sizes, 1000] if args.full else args.sizes
    call_command("migrate", verbosity=0)
    print(
        f"{'per kant':>8} {'engine s':>9} {'service s':>10} {'extra s':>8} {'queries':>8} {'paren':>6}"
    )
    for size in sizes:
        programme, user = build(size, seed=size)
        participants = list(programme.participants.all())
        mentors = [
            participant_person(participant=p, programme=programme)
            for p in participants
            if p.side == "mentor"
        ]
        mentees = [
            participant_person(participant=p, programme=programme)
            for p in participants
            if p.side == "mentee"
        ]
        engine_times, service_times = [], []
        queries = pairs = 0
        for _ in range(args.runs):
            start = time.perf_counter()
            match_cohort(mentors=mentors, mentees=mentees, rules=programme.matching_rules())
            engine_times.append(time.perf_counter() - start)
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                result = programme_run_matching(user=user, programme=programme)
                service_times.append(time.perf_counter() - start)
            queries, pairs = len(ctx.captured_queries), len(result.pairs)
        engine, service = statistics.median(engine_times), statistics.median(service_times)
        print(
            f"{size:>8} {engine:>9.3f} {service:>10.3f} {service - engine:>8.3f} {queries:>8} {pairs:>6}"
        )


if __name__ == "__main__":
    main()
