"""Benchmark repair and damage checks: importing seed 000 and then its clean extraction 001.

Beside it, in the same child process, the same imports with repair and damage checks switched
off (the importer as it was), so the figure shows what the checks cost.
Run: .venv/bin/python bench/repair.py [--runs 5] [--no-postgres]
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
SEEDS = REPO.parent / "shared" / "seeds"
PG_DB = "kansenwerk_bench_repair"


def child(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from kansenwerk.kennisbank import models as m
    from kansenwerk.kennisbank.importing import damage, repair, store

    call_command("migrate", verbosity=0)
    pair = [next(SEEDS.glob("000_*")), next(SEEDS.glob("001_*"))]
    store.import_documents(paths=pair)  # warm-up, not timed
    original = (repair.repair_document, damage.flag_document)

    def timed(*, checks: bool) -> tuple[float, float, int]:
        if checks:
            repair.repair_document, damage.flag_document = original
        else:
            repair.repair_document = lambda *a, **k: []
            damage.flag_document = lambda *a, **k: []
        call_command("flush", interactive=False, verbosity=0)
        start = time.perf_counter()
        first = store.import_documents(paths=pair[:1])
        middle = time.perf_counter()
        second = store.import_documents(paths=pair[1:])
        end = time.perf_counter()
        assert first.ok and second.ok
        repaired = len(second.documents[0].repaired)
        return middle - start, end - middle, repaired

    results: dict[str, list] = {"with": [], "without": [], "repaired": [], "flags": []}
    for _ in range(args.runs):
        for checks in (False, True):  # alternate, so drift hits both alike
            alone, duplicate, repaired = timed(checks=checks)
            results["with" if checks else "without"].append([alone, duplicate])
            if checks:
                results["repaired"].append(repaired)
                results["flags"].append(m.ReviewFlag.objects.count())
    repair.repair_document, damage.flag_document = original
    print(json.dumps(results))


def report(name: str, r: dict) -> None:
    if not r:
        return
    for step, index in (("000 alone (+damage check)", 0), ("001 after it (+repair)", 1)):
        with_checks = [run[index] * 1000 for run in r["with"]]
        without = [run[index] * 1000 for run in r["without"]]
        print(
            f"{name:7} {step:27} with checks {statistics.median(with_checks):7.1f} ms | "
            f"baseline (no checks) {statistics.median(without):7.1f} ms | runs with: "
            f"{', '.join(f'{t:.0f}' for t in with_checks)}; without: "
            f"{', '.join(f'{t:.0f}' for t in without)}"
        )
    print(f"{name:7} records repaired per run: {r['repaired']}; flags: {r['flags']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    with tempfile.TemporaryDirectory() as tmp:
        base_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kansenwerk.settings.test"}
        base_env["KANSENWERK_DATA_DIR"] = str(Path(tmp) / "data")
        print(f"repair and damage checks: {args.runs} runs each, median shown (ms)")
        cmd = [__file__, "--child", "--runs", str(args.runs)]
        sqlite_env = {**base_env, "DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"}
        report("sqlite", run_child("sqlite", cmd, sqlite_env))
        if args.no_postgres:
            return
        with postgres_database(PG_DB) as url:
            if url:
                report("postgres", run_child("postgres", cmd, {**base_env, "DATABASE_URL": url}))


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
