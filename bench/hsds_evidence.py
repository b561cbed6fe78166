"""What carrying evidence levels costs the HSDS exchange (HSDS.md, "Evidence levels").

Run: .venv/bin/python bench/hsds_evidence.py [--orgs 500] [--interventions 60] [--runs 3]
     [--no-postgres]

Each organisation gets three services, each service one or two of the interventions
(invented titles, no real data). Measured in the same run, on the same database:
- **export**: building the HSDS document with no levels set (baseline) and with a level
  on every intervention (every service then carries one or two evidence attributes);
- **import**: importing that export into an emptied netwerk, once with the evidence
  attributes removed from the file (baseline) and once as exported.
The order of baseline and measurement alternates per run. Each backend runs in a child
process with its own fresh database.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from common import postgres_database, run_child

REPO = Path(__file__).resolve().parents[1]
PG_DB = "kansenwerk_bench_hsds_evidence"
SYLLABLES = ["ka", "lo", "mer", "vin", "dor", "sel", "bra", "tus", "wen", "hof", "rik", "zan"]


def invented(rng: random.Random, parts: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def populate(orgs: int, interventions: int) -> None:
    from kansenwerk.core.models import Municipality, Region
    from kansenwerk.kennisbank.models import Intervention
    from kansenwerk.netwerk.models import Organization, Service

    rng = random.Random(19)
    region = Region.objects.create(slug="bench", name="Benchregio")
    municipality = Municipality.objects.create(slug="benchstad", name="Benchstad", region=region)
    rated = [
        Intervention.objects.create(title=f"{invented(rng)} {n}", slug=f"bench-interventie-{n}")
        for n in range(interventions)
    ]
    organizations = Organization.objects.bulk_create(
        [
            Organization(name=f"{invented(rng)} {n}", region=region, hsds_id=uuid.uuid4())
            for n in range(orgs)
        ]
    )
    Organization.municipalities.through.objects.bulk_create(
        [
            Organization.municipalities.through(
                organization_id=o.pk, municipality_id=municipality.pk
            )
            for o in organizations
        ]
    )
    services = Service.objects.bulk_create(
        [
            Service(organization=o, name=f"{invented(rng, 2)} {n}", hsds_id=uuid.uuid4())
            for o in organizations
            for n in range(3)
        ]
    )
    through = Service.interventions.through
    links = set()
    for service in services:
        for intervention in rng.sample(rated, rng.choice((1, 2))):
            links.add((service.pk, intervention.pk))
    through.objects.bulk_create(
        [through(service_id=s, intervention_id=i) for s, i in sorted(links)], batch_size=5000
    )


def set_levels(on: bool) -> None:
    from kansenwerk.kennisbank.evidence.models import EvidenceProfile, Level
    from kansenwerk.kennisbank.models import Intervention

    EvidenceProfile.objects.all().delete()
    if not on:
        return
    levels = [lvl for lvl in Level.values if lvl not in (Level.NOT_ASSESSED, Level.NOT_RECOGNISED)]
    EvidenceProfile.objects.bulk_create(
        [
            EvidenceProfile(
                intervention=intervention,
                level=levels[n % len(levels)],
                scheme="Erkenningstraject Interventies",
                assessed_on=datetime.date(2024, 1, 1 + n % 28),
                url=f"https://erkenning.example.org/{intervention.slug}",
            )
            for n, intervention in enumerate(Intervention.objects.order_by("pk"))
        ]
    )


def without_levels(document: dict) -> dict:
    """The same document with the evidence attributes (and their terms) removed."""
    from kansenwerk.netwerk.hsds import evidence as ev

    copy = json.loads(json.dumps(document))
    for org in copy["organizations"]:
        for service in org["services"]:
            service["attributes"] = [
                a for a in service["attributes"] if a["taxonomy_term_id"] not in ev.LEVEL_TERM_IDS
            ]
    copy["services"] = [s for o in copy["organizations"] for s in o["services"]]
    copy["taxonomy_terms"] = [t for t in copy["taxonomy_terms"] if t["id"] not in ev.LEVEL_TERM_IDS]
    return copy


def child(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import override_settings

    from kansenwerk.core.actor import audit_context
    from kansenwerk.netwerk.hsds.export import build_document, write_json
    from kansenwerk.netwerk.hsds.importer import import_path
    from kansenwerk.netwerk.models import Organization, Service

    call_command("migrate", verbosity=0)
    populate(args.orgs, args.interventions)
    folder = Path(tempfile.mkdtemp(prefix="hsds-evidence-bench-"))
    results: dict = {"orgs": args.orgs, "services": Service.objects.count()}
    times: dict[str, list[float]] = {
        "export_baseline": [],
        "export_levels": [],
        "import_baseline": [],
        "import_levels": [],
    }
    documents: dict[str, dict] = {}

    def export(label: str, on: bool) -> None:
        set_levels(on)
        # As another kansenwerk site: its levels are kept on import here (HSDS.md).
        with override_settings(KANSENWERK_SITE_URL="https://elders.example.org"):
            start = time.perf_counter()
            documents[label] = build_document()
            times[f"export_{label}"].append(time.perf_counter() - start)

    for run in range(args.runs):
        order = [("baseline", False), ("levels", True)]
        for label, on in order if run % 2 == 0 else order[::-1]:
            export(label, on)
    levels_document = documents["levels"]
    paths = {
        "baseline": write_json(without_levels(levels_document), folder / "baseline.json"),
        "levels": write_json(levels_document, folder / "levels.json"),
    }
    results["mb"] = {k: round(p.stat().st_size / 1e6, 2) for k, p in paths.items()}
    results["evidence_attributes"] = sum(
        1 for s in levels_document["services"] for a in s["attributes"] if "value" in a
    )
    set_levels(False)
    for run in range(args.runs):
        order = ["baseline", "levels"]
        for label in order if run % 2 == 0 else order[::-1]:
            Organization.objects.all().delete()
            start = time.perf_counter()
            with audit_context(source="import"):
                import_path(paths[label])
            times[f"import_{label}"].append(time.perf_counter() - start)
            if label == "levels":
                kept = sum(len(s.attribute_values) for s in Service.objects.all())
                assert kept == results["evidence_attributes"], kept
    results.update(times)
    print(json.dumps(results))


def report(name: str, r: dict) -> None:
    if not r:
        return

    def secs(values):
        runs = ", ".join(f"{v:.2f}" for v in values)
        return f"{statistics.median(values):7.2f} s (runs: {runs})"

    print(
        f"\n== {name}: {r['orgs']:,} organisaties, {r['services']:,} aanbod, "
        f"{r['evidence_attributes']:,} erkenningsattributen"
    )
    print(f"  baseline export, no levels        {secs(r['export_baseline'])}")
    print(f"  export with levels                {secs(r['export_levels'])}")
    print(f"  baseline import, no levels        {secs(r['import_baseline'])}")
    print(f"  import with levels (kept as sent) {secs(r['import_levels'])}")
    print(f"  JSON size: {r['mb']['baseline']} MB without, {r['mb']['levels']} MB with levels")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orgs", type=int, default=500)
    parser.add_argument("--interventions", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    cmd = [__file__, "--child", "--orgs", str(args.orgs)]
    cmd += ["--interventions", str(args.interventions), "--runs", str(args.runs)]
    base_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kansenwerk.settings.test",
        "PYTHONPATH": str(REPO),
    }
    with tempfile.TemporaryDirectory(prefix="hsds-evidence-bench-db-") as data_dir:
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
