"""Benchmark the netwerk: HSDS import at size, and the region page and /api/services?search=
response times (p50/p95), on SQLite and PostgreSQL.

Run: .venv/bin/python bench/netwerk.py [--orgs 300] [--runs 2] [--requests 30] [--full]
     [--no-postgres]
`--full` generates 10,000 organisations with 30,000 services (three per organisation).
The HSDS document is generated from invented names (no real data) and spread over ten
regions of five municipalities, so one region page searches a tenth of it.

Baselines, measured in the same run: for the import, reading + checking the same file
without writing (schema validation and reference checks alone); for the pages, the
small `/api/themes` endpoint through the same stack (middleware, sessions, templates).
Each backend runs in a child process with its own fresh database.
"""

from __future__ import annotations

import argparse
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
PG_DB = "kansenwerk_bench_netwerk"

SYLLABLES = ["ka", "lo", "mer", "vin", "dor", "sel", "bra", "tus", "wen", "hof", "rik", "zan"]
WORDS = [
    "leesplezier",
    "buurtkamer",
    "ouderavond",
    "schooltuin",
    "taalspel",
    "rekenhoek",
    "mentoruur",
    "zomerschool",
    "huiswerkplek",
    "sportmiddag",
    "muziekles",
    "voorleesmoment",
]
KINDS = ["bibliotheek", "welzijn", "jeugdhulp", "kinderopvang", "sport_cultuur", "school_po"]
GROUPS = ["Ouders", "Peuters", "Leerlingen po", "Leerlingen vo", "Nieuwkomers"]


def invented(rng: random.Random, parts: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def setup_reference_data() -> None:
    """Regions, municipalities, themes, directions and target groups the file refers to."""
    from kansenwerk.core.models import Municipality, Region
    from kansenwerk.kennisbank.models import SolutionDirection, Theme
    from kansenwerk.netwerk.models import TargetGroup

    for r in range(10):
        region = Region.objects.create(name=f"Benchregio {r}")
        for m in range(5):
            Municipality.objects.create(name=f"Benchgemeente {r}-{m}", region=region)
    for t in range(6):
        theme = Theme.objects.create(title=f"Benchthema {t}")
        for d in range(5):
            SolutionDirection.objects.create(
                theme=theme, title=f"Richting {t}.{d}", number=f"{t}.{d}", position=d
            )
    for name in GROUPS:
        TargetGroup.objects.create(name=name)


def generate_document(orgs: int, seed: int = 11) -> dict:
    """An HSDS document in kansenwerk's export shape, built from the reference data."""
    from kansenwerk.core.models import Municipality, Region
    from kansenwerk.kennisbank.models import SolutionDirection, Theme
    from kansenwerk.netwerk.hsds import taxonomy as tx
    from kansenwerk.netwerk.models import TargetGroup

    rng = random.Random(seed)
    regions = list(Region.objects.order_by("pk"))
    municipalities = {r.pk: list(r.municipalities.order_by("pk")) for r in regions}
    themes = list(Theme.objects.order_by("pk"))
    directions = list(SolutionDirection.objects.select_related("theme").order_by("pk"))
    groups = list(TargetGroup.objects.order_by("pk"))
    del Municipality
    terms: dict[str, dict] = {}

    def attr(link_id: str, entity: str, code: str, name: str) -> dict:
        term = terms.setdefault(code, tx.term(code, name))
        return {
            "id": str(uuid.uuid4()),
            "link_id": link_id,
            "link_type": "kansenwerk",
            "link_entity": entity,
            "taxonomy_term_id": term["id"],
            "taxonomy_term": term,
        }

    organizations = []
    for i in range(orgs):
        region = regions[i % len(regions)]
        org_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        served = rng.sample(municipalities[region.pk], 2)
        kind = rng.choice(KINDS)
        name = f"{invented(rng)} {rng.choice(WORDS)} {i}"
        location_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        org = {
            "id": org_id,
            "name": name,
            "description": " ".join(rng.choice(WORDS) for _ in range(12)),
            "website": f"https://org{i}.example.org",
            "phones": [{"id": str(uuid.uuid4()), "organization_id": org_id, "number": "0900-0"}],
            "locations": [
                {
                    "id": location_id,
                    "location_type": "physical",
                    "organization_id": org_id,
                    "name": name,
                    "addresses": [
                        {
                            "id": str(uuid.uuid4()),
                            "location_id": location_id,
                            "address_1": f"{invented(rng)}straat {i % 200 + 1}",
                            "city": served[0].name,
                            "state_province": "",
                            "postal_code": f"{1000 + i % 8999} AB",
                            "country": "NL",
                            "address_type": "physical",
                        }
                    ],
                    "attributes": [
                        attr(location_id, "location", tx.municipality_code(served[0]), "")
                    ],
                }
            ],
            "contacts": [],
            "attributes": [
                attr(org_id, "organization", tx.kind_code(kind), kind),
                attr(org_id, "organization", tx.region_code(region), region.name),
                *[attr(org_id, "organization", tx.municipality_code(m), m.name) for m in served],
            ],
            "services": [],
        }
        for s in range(3):
            service_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            low = rng.randint(0, 12)
            direction = rng.choice(directions)
            theme = rng.choice(themes)
            org["services"].append(
                {
                    "id": service_id,
                    "organization_id": org_id,
                    "name": f"{rng.choice(WORDS).capitalize()} {invented(rng, 2)} {s}",
                    "description": " ".join(rng.choice(WORDS) for _ in range(20)),
                    "status": "active",
                    "fees_description": "Gratis",
                    "minimum_age": low,
                    "maximum_age": low + rng.randint(1, 6),
                    "languages": [
                        {"id": str(uuid.uuid4()), "service_id": service_id, "code": "nl"}
                    ],
                    "attributes": [
                        attr(service_id, "service", tx.theme_code(theme), theme.title),
                        attr(
                            service_id,
                            "service",
                            tx.direction_code(direction, direction.theme.slug),
                            direction.title,
                        ),
                        attr(
                            service_id,
                            "service",
                            tx.target_group_code(g := rng.choice(groups)),
                            g.name,
                        ),
                    ],
                    "service_at_locations": [
                        {
                            "id": str(uuid.uuid4()),
                            "service_id": service_id,
                            "location_id": location_id,
                        }
                    ],
                }
            )
        organizations.append(org)
    return {
        "hsds_version": "3.0",
        "taxonomies": tx.taxonomy_objects(),
        "taxonomy_terms": list(terms.values()),
        "organizations": organizations,
        "services": [s for o in organizations for s in o["services"]],
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def timed_requests(client, urls: list[str], n: int) -> list[float]:
    times = []
    for i in range(n):
        url = urls[i % len(urls)]
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def child(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from kansenwerk.core.actor import audit_context
    from kansenwerk.netwerk.hsds.checking import TermLookup, check
    from kansenwerk.netwerk.hsds.export import write_datapackage, write_json
    from kansenwerk.netwerk.hsds.importer import import_path
    from kansenwerk.netwerk.hsds.reading import read_json
    from kansenwerk.netwerk.models import Organization, Service

    call_command("migrate", verbosity=0)
    setup_reference_data()
    document = generate_document(args.orgs)
    folder = Path(tempfile.mkdtemp(prefix="netwerk-bench-"))
    json_path = write_json(document, folder / "hsds.json")
    write_datapackage(document, folder / "csv")
    results: dict = {
        "orgs": args.orgs,
        "services": len(document["services"]),
        "mb": round(json_path.stat().st_size / 1e6, 1),
    }
    check_times, json_times, csv_times = [], [], []
    for run in range(args.runs):
        start = time.perf_counter()
        check(read_json(json_path), lookup=TermLookup.load(), default_region=None)
        check_times.append(time.perf_counter() - start)
        for form, path, times in (
            ("json", json_path, json_times),
            ("csv", folder / "csv", csv_times),
        ):
            call_command("flush", interactive=False, verbosity=0)
            setup_reference_data()
            start = time.perf_counter()
            with audit_context(source="import"):
                import_path(path)
            times.append(time.perf_counter() - start)
            assert Service.objects.count() == len(document["services"]), form
        del run
    from kansenwerk.netwerk.search_types import reindex_netwerk

    start = time.perf_counter()
    reindex_netwerk()
    results["reindex"] = [time.perf_counter() - start]
    results["check"] = check_times
    results["import_json"] = json_times
    results["import_csv"] = csv_times

    from kansenwerk.core.models import Region

    region = Region.objects.order_by("pk").first()
    theme = document["taxonomy_terms"][0]
    client = Client()
    base = f"/netwerk/{region.slug}/"
    region_urls = [
        base,
        base + "?leeftijd=6",
        base + "?soort=welzijn&leeftijd=8",
        base + "?pagina=5",
        base + f"?gemeente={region.municipalities.first().slug}",
        base + "?thema=benchthema-2&doelgroep=ouders",
    ]
    api_urls = [f"/api/services?search={w}" for w in WORDS[:6]]
    api_urls.append(f"/api/services?search=zomer&taxonomy_term_id={theme['id']}")
    timed_requests(client, region_urls + api_urls + ["/api/themes"], 8)  # warm-up
    results["region_page"] = timed_requests(client, region_urls, args.requests)
    results["api_search"] = timed_requests(client, api_urls, args.requests)
    results["baseline_page"] = timed_requests(client, ["/api/themes"], args.requests)
    results["orgs_in_db"] = Organization.objects.count()
    export_figures(results, folder)
    print(json.dumps(results))


def manager_prefetch_queryset():
    """The export's queryset before it prefetched into lists (the baseline)."""
    from django.db.models import Prefetch

    from kansenwerk.core.models import Municipality
    from kansenwerk.netwerk.models import ContactPerson, Location, Organization, Service

    return (
        Organization.objects.select_related("region")
        .prefetch_related(
            Prefetch("municipalities", queryset=Municipality.objects.select_related("region")),
            "kept_terms",
            Prefetch(
                "locations",
                queryset=Location.objects.select_related("municipality__region").prefetch_related(
                    "kept_terms"
                ),
            ),
            Prefetch("contacts", queryset=ContactPerson.objects.select_related("service")),
            Prefetch(
                "services",
                queryset=Service.objects.prefetch_related(
                    "target_groups",
                    "themes",
                    "solution_directions__theme",
                    "interventions",
                    "initiatives",
                    "locations",
                    "kept_terms",
                ).order_by("hsds_id"),
            ),
        )
        .order_by("hsds_id")
    )


def export_figures(results: dict, folder: Path) -> None:
    """The export at this size: JSON with each term once (by id) beside the earlier shape
    that nested the term in every attribute, the CSV datapackage, and the import of the
    export into an empty database (regions, municipalities and kept terms created)."""
    from django.core.management import call_command

    from kansenwerk.core.actor import audit_context
    from kansenwerk.netwerk.hsds.export import build_document, write_datapackage, write_json
    from kansenwerk.netwerk.hsds.importer import import_path
    from kansenwerk.netwerk.models import Service

    # Baseline, same run and data: the document built through the managers' prefetch
    # (one queryset per object and relation), as the export did before. A first build
    # warms the caches, so neither figure pays for it.
    build_document(include_contacts=True)
    start = time.perf_counter()
    build_document(include_contacts=True, organizations=manager_prefetch_queryset())
    results["export_build_baseline_s"] = [time.perf_counter() - start]
    start = time.perf_counter()
    document = build_document(include_contacts=True)
    results["export_build_s"] = [time.perf_counter() - start]
    start = time.perf_counter()
    path = write_json(document, folder / "export.json")
    results["export_json_s"] = [time.perf_counter() - start]
    results["export_mb"] = round(path.stat().st_size / 1e6, 1)
    nested = write_json(build_document(include_contacts=True, nest_terms=True), folder / "n.json")
    results["export_nested_mb"] = round(nested.stat().st_size / 1e6, 1)
    start = time.perf_counter()
    write_datapackage(document, folder / "export-csv")
    results["export_csv_s"] = [time.perf_counter() - start]
    results["export_csv_mb"] = round(
        sum(f.stat().st_size for f in (folder / "export-csv").iterdir()) / 1e6, 1
    )
    services = len(document["services"])
    del document
    call_command("flush", interactive=False, verbosity=0)  # empty: no regions, no kennisbank
    start = time.perf_counter()
    with audit_context(source="import"):
        report = import_path(path)
    results["import_empty_json"] = [time.perf_counter() - start]
    assert Service.objects.count() == services
    results["import_empty_created"] = {k: v["created"] for k, v in report.counts.items()}


def run_backend(name: str, env: dict[str, str], args) -> dict:
    cmd = [__file__, "--child", "--orgs", str(args.orgs)]
    cmd += ["--runs", str(args.runs), "--requests", str(args.requests)]
    return run_child(name, cmd, env)


def report(name: str, r: dict) -> None:
    if not r:
        return

    def secs(values):
        return f"{statistics.median(values):7.2f} s (runs: {', '.join(f'{v:.2f}' for v in values)})"

    def ms(values):
        return f"p50 {percentile(values, 0.5):7.1f} ms   p95 {percentile(values, 0.95):7.1f} ms"

    per_s = r["services"] / statistics.median(r["import_json"])
    print(f"\n== {name}: {r['orgs']:,} organisaties, {r['services']:,} aanbod ({r['mb']} MB JSON)")
    print(f"  baseline read + check only     {secs(r['check'])}")
    print(f"  import JSON (check + write)    {secs(r['import_json'])}  ~{per_s:,.0f} aanbod/s")
    print(f"  import CSV datapackage         {secs(r['import_csv'])}")
    print(f"  of which: search reindex       {secs(r['reindex'])}")
    print(f"  baseline /api/themes           {ms(r['baseline_page'])}")
    print(f"  region page (6 filter mixes)   {ms(r['region_page'])}")
    print(f"  /api/services?search=…         {ms(r['api_search'])}")
    if "export_mb" in r:
        print(f"  baseline export doc (before)   {secs(r['export_build_baseline_s'])}")
        print(f"  export doc, lists prefetched   {secs(r['export_build_s'])}")
        print(
            f"  write export JSON              {secs(r['export_json_s'])}  {r['export_mb']} MB"
            f" (terms nested in every attribute, as before: {r['export_nested_mb']} MB)"
        )
        print(
            f"  write export CSV datapackage   {secs(r['export_csv_s'])}  {r['export_csv_mb']} MB"
        )
        print(f"  import export into empty DB    {secs(r['import_empty_json'])}")
        print(f"    created: {r['import_empty_created']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orgs", type=int, default=300)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--full", action="store_true", help="10,000 organisaties, 30,000 aanbod")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    if args.full:
        args.orgs = 10_000
        args.runs = 1
    base_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kansenwerk.settings.test",
        "KANSENWERK_RATE_LIMITS": "off",
        "PYTHONPATH": str(REPO),
    }
    with tempfile.TemporaryDirectory(prefix="netwerk-bench-db-") as data_dir:
        sqlite_env = {
            **base_env,
            "KANSENWERK_DATA_DIR": data_dir,
            "DATABASE_URL": f"sqlite:///{data_dir}/bench.sqlite3",
        }
        report("SQLite", run_backend("SQLite", sqlite_env, args))
    if args.no_postgres:
        return
    with postgres_database(PG_DB) as url:
        if url:
            pg_env = {**base_env, "DATABASE_URL": url}
            report("PostgreSQL", run_backend("PostgreSQL", pg_env, args))


if __name__ == "__main__":
    main()
