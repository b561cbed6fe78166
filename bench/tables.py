"""Benchmark the table planner against random and greedy seating, the upper bound, and MDGPLIB;
and the organiser's web path beside the CSV command on the same people.

Run: .venv/bin/python bench/tables.py [--quick | --full] [--web-only] [--no-web]

The web path (`bench_web`) plans a meetup stored in a fresh SQLite database through the
service the organiser's page and `plan-tables --meetup` use (read registrations, plan,
check the hard rules, store the seats), then renders the plan page with the Django test
client; the CSV path plans the same people from a file with `plan_tables_csv`.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kansenwerk.tafels.planning.engine import plan_tables  # noqa: E402
from kansenwerk.tafels.planning.mdgp import read_mdgp, solve_grouping  # noqa: E402
from kansenwerk.tafels.planning.model import (  # noqa: E402
    Participant,
    PlanRequest,
    Table,
    TableSize,
    Theme,
)
from kansenwerk.tafels.planning.score import compute_score, table_sizes  # noqa: E402

MDGP_DIR = ROOT.parent / "shared" / "mdgp"

# (profession, relative frequency at a regional meetup, organisation kind it comes from)
PROFESSIONS = [
    ("leerkracht po", 18, "po-school"),
    ("docent vo", 10, "vo-school"),
    ("intern begeleider", 8, "po-school"),
    ("schoolleider", 6, "po-school"),
    ("pedagogisch medewerker kinderopvang/vve", 9, "kinderopvang"),
    ("jeugdwerker", 6, "welzijn"),
    ("jeugdhulp/zorgprofessional", 7, "jeugdhulp"),
    ("schoolmaatschappelijk werk", 5, "welzijn"),
    ("bibliotheek", 5, "bibliotheek"),
    ("beleidsmedewerker gemeente", 6, "gemeente"),
    ("ouder", 10, "ouders"),
    ("leerling/student", 4, "onderwijs-student"),
    ("anders", 6, "overig"),
]
THEMES = ["Taal", "Rekenen", "Armoede", "Ouderbetrokkenheid", "Overgangen", "Gezondheid"]


def generate(*, n: int, seed: int) -> list[Participant]:
    """Participants with skewed professions and organisations of very different sizes."""
    rng = random.Random(seed)
    theme_weights = [rng.uniform(0.5, 2.0) for _ in THEMES]
    # Organisation sizes follow a heavy tail: a few large school boards, many one-person orgs.
    orgs_per_kind: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for prof, _, kind in PROFESSIONS:
        for k in range(max(2, n // 25)):
            orgs_per_kind[kind].append((f"{kind}-{k}", 1.0 / (k + 1) ** 1.2))
        del prof
    people = []
    for i in range(n):
        prof, _, kind = rng.choices(PROFESSIONS, weights=[w for _, w, _ in PROFESSIONS])[0]
        names, weights = zip(*orgs_per_kind[kind], strict=True)
        org = f"ouder-{i}" if kind == "ouders" else rng.choices(names, weights)[0]
        first = rng.choices(THEMES, theme_weights)[0]
        second = rng.choice([t for t in THEMES if t != first])
        people.append(Participant(f"p{i}", f"Deelnemer {i}", org, prof, kind, (first, second)))
    return people


def random_seating(plan_tables_: list[Table], seed: int) -> list[Table]:
    """Same themes and table sizes as the plan, members shuffled within each theme."""
    rng = random.Random(seed)
    out = []
    for theme_key in sorted({(t.round, t.theme) for t in plan_tables_}):
        tables = [t for t in plan_tables_ if (t.round, t.theme) == theme_key]
        members = [m for t in tables for m in t.members]
        rng.shuffle(members)
        start = 0
        for t in tables:
            out.append(
                Table(t.round, t.theme, t.number, tuple(members[start : start + len(t.members)]))
            )
            start += len(t.members)
    return out


def greedy_seating(plan_tables_: list[Table], people: dict[str, Participant]) -> list[Table]:
    """Seat members one by one at the open table with the fewest colleagues and same professions."""
    out = []
    for theme_key in sorted({(t.round, t.theme) for t in plan_tables_}):
        tables = [t for t in plan_tables_ if (t.round, t.theme) == theme_key]
        members = sorted(
            (m for t in tables for m in t.members), key=lambda m: people[m].organisation
        )
        sizes = table_sizes(participants=len(members), maximum=max(len(t.members) for t in tables))
        seats: list[list[str]] = [[] for _ in sizes]
        for m in members:
            person = people[m]

            def gain(
                k: int, person: Participant = person, seats: list[list[str]] = seats
            ) -> tuple[float, int]:
                # Fewest colleagues, then fewest same-profession members, then emptiest table.
                others = [people[o] for o in seats[k]]
                clash = 100 * sum(o.organisation == person.organisation for o in others)
                clash += sum(o.profession == person.profession for o in others)
                return (-clash, -len(others))

            open_tables = [k for k in range(len(sizes)) if len(seats[k]) < sizes[k]]
            seats[max(open_tables, key=gain)].append(m)
        out.extend(Table(theme_key[0], theme_key[1], k + 1, tuple(s)) for k, s in enumerate(seats))
    return out


def bench_tables(
    *, sizes: list[int], runs: int, seconds: dict[int, float], table_size: int
) -> None:
    print(f"\nTafelplanner (tafels van max {table_size}, 1 ronde, {runs} runs per grootte)")
    header = (
        f"{'n':>5} {'methode':<10} {'gemengd':>9} {'grens':>7} {'% grens':>8} "
        f"{'collega-paren':>14} {'onvermijdbaar':>14} {'1e keus %':>9} {'sec':>6}"
    )
    print(header)
    print("-" * len(header))
    for n in sizes:
        rows: dict[str, list[tuple]] = defaultdict(list)
        for run in range(runs):
            people = generate(n=n, seed=run)
            request = PlanRequest(
                participants=tuple(people),
                themes=tuple(Theme(t) for t in THEMES),
                table_size=TableSize.fixed(table_size),
                seconds=seconds[n],
                seed=run,
            )
            started = time.perf_counter()
            plan = plan_tables(request=request)
            elapsed = time.perf_counter() - started
            by_id = request.by_id()
            candidates = {
                "planner": (plan.tables, elapsed),
                "willekeur": (tuple(random_seating(list(plan.tables), run)), 0.0),
            }
            started = time.perf_counter()
            greedy = greedy_seating(list(plan.tables), by_id)
            candidates["gretig"] = (tuple(greedy), time.perf_counter() - started)
            for method, (tables, secs) in candidates.items():
                s = compute_score(request=request, tables=tables)
                rows[method].append(
                    (
                        s.mixed_profession_pairs,
                        s.upper_bound_mixed_profession,
                        s.quality_pct,
                        s.same_organisation_pairs,
                        s.unavoidable_same_organisation_pairs,
                        100.0 * s.theme_first_choice / n,
                        secs,
                    )
                )
        for method, values in rows.items():
            mean = [statistics.fmean(col) for col in zip(*values, strict=True)]
            worst_pct = min(v[2] for v in values)
            print(
                f"{n:>5} {method:<10} {mean[0]:>9.1f} {mean[1]:>7.1f} {mean[2]:>7.2f}% "
                f"{mean[3]:>14.1f} {mean[4]:>14.1f} {mean[5]:>8.1f}% {mean[6]:>6.2f}"
                + (f"  (slechtste run {worst_pct:.2f}%)" if method == "planner" else "")
            )


def greedy_rounds_seating(
    plan_tables_: list[Table], people: dict[str, Participant], *, facilitators: bool
) -> list[Table]:
    """A strong greedy for several rounds: knows every term the planner optimises.

    Per round and theme (same themes and sizes as the plan), facilitators are dealt one
    per table first; then everyone, largest organisations first, goes to the open table
    where they add the most: no colleague (hard), few people met before, most new
    professions and organisation kinds. It never revisits a choice; the planner's local
    search does, and this bench measures what that is worth.
    """
    out: list[Table] = []
    met: set[frozenset[str]] = set()
    org_size = defaultdict(int)
    for p in people.values():
        org_size[p.organisation] += 1
    for round_number in sorted({t.round for t in plan_tables_}):
        round_tables = [t for t in plan_tables_ if t.round == round_number]
        for theme in sorted({t.theme for t in round_tables}):
            tables = [t for t in round_tables if t.theme == theme]
            members = [m for t in tables for m in t.members]
            sizes = table_sizes(
                participants=len(members), maximum=max(len(t.members) for t in tables)
            )
            seats: list[list[str]] = [[] for _ in sizes]
            first = [m for m in members if facilitators and people[m].facilitator]
            rest = sorted(
                (m for m in members if m not in first),
                key=lambda m: (-org_size[people[m].organisation], people[m].organisation),
            )
            for k, m in enumerate(first[: len(sizes)]):
                seats[k].append(m)
            for m in first[len(sizes) :] + rest:
                person = people[m]

                def gain(k: int, person: Participant = person, seats=seats, met=met) -> tuple:
                    others = [people[o] for o in seats[k]]
                    value = -1000 * sum(o.organisation == person.organisation for o in others)
                    value -= 3 * sum(frozenset((person.id, o.id)) in met for o in others)
                    value += sum(o.profession != person.profession for o in others)
                    value += sum(o.organisation_kind != person.organisation_kind for o in others)
                    if facilitators and person.facilitator:
                        value -= 20 * sum(o.facilitator for o in others)
                    return (value, -len(others))

                open_tables = [k for k in range(len(sizes)) if len(seats[k]) < sizes[k]]
                seats[max(open_tables, key=gain)].append(m)
            for k, members_k in enumerate(seats):
                out.append(Table(round_number, theme, k + 1, tuple(members_k)))
                met |= {frozenset((a, b)) for a in members_k for b in members_k if a < b}
    return out


def bench_rounds(*, sizes: list[int], runs: int, seconds: dict[int, float], rounds: int) -> None:
    """Several rounds with facilitators: the case a careful greedy cannot match."""
    print(
        f"\nMeerdere rondes ({rounds}), gespreksleider per tafel, tafels van max 8, "
        f"{runs} runs per grootte; doel = totale doelfunctie (hoger is beter)"
    )
    header = (
        f"{'n':>5} {'methode':<10} {'doel':>9} {'herhaald':>9} {'gem.beroep':>11} "
        f"{'gem.soort':>10} {'collega':>8} {'zonder gl':>10} {'sec':>6}"
    )
    print(header)
    print("-" * len(header))
    for n in sizes:
        rows: dict[str, list[tuple]] = defaultdict(list)
        for run in range(runs):
            rng = random.Random(1000 + run)
            people = [
                Participant(
                    p.id,
                    p.name,
                    p.organisation,
                    p.profession,
                    p.organisation_kind,
                    p.themes,
                    facilitator=rng.random() < 0.2,
                )
                for p in generate(n=n, seed=run)
            ]
            request = PlanRequest(
                participants=tuple(people),
                themes=tuple(Theme(t) for t in THEMES[:4]),
                table_size=TableSize.fixed(8),
                rounds=rounds,
                seconds=seconds[n],
                facilitator_per_table=True,
                seed=run,
            )
            started = time.perf_counter()
            plan = plan_tables(request=request)
            elapsed = time.perf_counter() - started
            by_id = request.by_id()
            started = time.perf_counter()
            greedy = greedy_rounds_seating(list(plan.tables), by_id, facilitators=True)
            greedy_secs = time.perf_counter() - started
            candidates = {
                "planner": (plan.tables, elapsed),
                "willekeur": (tuple(random_seating(list(plan.tables), run)), 0.0),
                "gretig+": (tuple(greedy), greedy_secs),
            }
            for method, (tables, secs) in candidates.items():
                sc = compute_score(request=request, tables=tables)
                rows[method].append(
                    (
                        sc.objective,
                        sc.repeat_pairs,
                        sc.mixed_profession_pairs,
                        sc.mixed_kind_pairs,
                        sc.same_organisation_pairs,
                        sc.tables_without_facilitator,
                        secs,
                    )
                )
        for method, values in rows.items():
            mean = [statistics.fmean(col) for col in zip(*values, strict=True)]
            print(
                f"{n:>5} {method:<10} {mean[0]:>9.1f} {mean[1]:>9.1f} {mean[2]:>11.1f} "
                f"{mean[3]:>10.1f} {mean[4]:>8.1f} {mean[5]:>10.1f} {mean[6]:>6.2f}"
            )


def bench_mdgp(*, seconds: dict[str, float], seeds: list[int]) -> None:
    print(f"\nMDGPLIB-voorbeelden (seeds {seeds})")
    header = f"{'instantie':<22} {'sec':>5} {'beste':>12} {'gemiddeld':>12} {'iteraties':>10}"
    print(header)
    print("-" * len(header))
    for path in sorted(MDGP_DIR.glob("*.txt")):
        inst = read_mdgp(path)
        limit = seconds.get(inst.name, seconds["default"])
        results = [
            solve_grouping(
                distances=inst.distances, lower=inst.lower, upper=inst.upper, seconds=limit, seed=s
            )
            for s in seeds
        ]
        values = [r.objective for r in results]
        print(
            f"{inst.name:<22} {limit:>5.1f} {max(values):>12.2f} {statistics.fmean(values):>12.2f} "
            f"{int(statistics.fmean(r.iterations for r in results)):>10}"
        )


def _write_csv(path: Path, people: list[Participant]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["id", "name", "organisation", "profession", "organisation_kind", "theme1", "theme2"]
        )
        for p in people:
            writer.writerow(
                [p.id, p.name, p.organisation, p.profession, p.organisation_kind, *p.themes]
            )


def _django(tmp: str) -> None:
    """A throw-away SQLite database with the project's migrations (stdout quiet)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kansenwerk.settings.local")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["KANSENWERK_DATA_DIR"] = tmp
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _store_meetup(people: list[Participant], n: int):
    """The generated people as confirmed registrations, promised their first choice."""
    import datetime

    from django.utils import timezone

    from kansenwerk.core.models import Region
    from kansenwerk.meetups.models import (
        Meetup,
        MeetupTheme,
        OrganisationKind,
        Profession,
        Registration,
    )

    region, _ = Region.objects.get_or_create(name="Benchregio")
    meetup = Meetup.objects.create(
        region=region,
        title=f"Bench tafels {n} {time.time_ns()}",
        starts_at=timezone.now() + datetime.timedelta(days=7),
        status=Meetup.Status.PUBLISHED,
        capacity=n,
    )
    themes = {
        title: MeetupTheme.objects.create(
            meetup=meetup, title=title, slug=title.lower(), position=i
        )
        for i, title in enumerate(THEMES)
    }
    professions = {
        name: Profession.values[i % len(Profession.values)]
        for i, (name, _, _) in enumerate(PROFESSIONS)
    }
    kinds = sorted({kind for _, _, kind in PROFESSIONS})
    kind_codes = {
        k: OrganisationKind.values[i % len(OrganisationKind.values)] for i, k in enumerate(kinds)
    }
    Registration.objects.bulk_create(
        Registration(
            meetup=meetup,
            name=p.name,
            email=f"{p.id}@bench.invalid",
            organisation=p.organisation,
            organisation_kind=kind_codes[p.organisation_kind],
            profession=professions[p.profession],
            theme_choice_1=themes[p.themes[0]],
            theme_choice_2=themes[p.themes[1]],
            theme=themes[p.themes[0]],
            status=Registration.Status.CONFIRMED,
        )
        for p in people
    )
    return meetup


def bench_web(*, sizes: list[int], runs: int, seconds: dict[int, float], rounds: int) -> None:
    """The organiser's path (service + database + plan page) beside the CSV command."""
    from kansenwerk.tafels.planning.cli import plan_tables_csv

    tmp = tempfile.mkdtemp(prefix="kw-bench-tables-")
    _django(tmp)
    from django.test import Client

    from kansenwerk.core.models import User
    from kansenwerk.tafels.services import plan_create, plan_violations

    admin = User.objects.create(username=f"bench-{time.time_ns()}", role="beheerder")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(admin)
    print(
        f"\nWebpad naast CSV ({rounds} rondes, tafels van max 8, {runs} runs per grootte; "
        "sec = gemiddelde wandkloktijd)"
    )
    header = (
        f"{'n':>5} {'csv sec':>8} {'web sec':>8} {'web/csv':>8} {'pagina sec':>11} "
        f"{'csv doel':>10} {'web doel':>10} {'web fouten':>11}"
    )
    print(header)
    print("-" * len(header))
    for n in sizes:
        rows = []
        for run in range(runs):
            people = generate(n=n, seed=run)
            path = Path(tmp) / f"people-{n}-{run}.csv"
            _write_csv(path, people)
            started = time.perf_counter()
            csv_result = plan_tables_csv(
                path, table_size=8, min_table_size=4, rounds=rounds, seconds=seconds[n], seed=run
            )
            csv_secs = time.perf_counter() - started
            meetup = _store_meetup(people, n)
            started = time.perf_counter()
            plan = plan_create(
                user=None,
                meetup=meetup,
                rounds=rounds,
                table_size_min=4,
                table_size_max=8,
                seconds=max(1, round(seconds[n])),
                run_now=True,
            )
            web_secs = time.perf_counter() - started
            assert plan.run_state == "done", plan.error
            started = time.perf_counter()
            response = client.get(plan.get_absolute_url())
            page_secs = time.perf_counter() - started
            assert response.status_code == 200
            rows.append(
                (
                    csv_secs,
                    web_secs,
                    page_secs,
                    csv_result["score"]["objective"],
                    plan.score["objective"],
                    len(plan_violations(plan=plan)),
                )
            )
        mean = [statistics.fmean(col) for col in zip(*rows, strict=True)]
        print(
            f"{n:>5} {mean[0]:>8.2f} {mean[1]:>8.2f} {mean[1] / mean[0]:>8.2f} {mean[2]:>11.2f} "
            f"{mean[3]:>10.1f} {mean[4]:>10.1f} {mean[5]:>11.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="standaard: onder ~2 minuten")
    mode.add_argument("--full", action="store_true", help="meer runs en langere MDGP-tijden")
    parser.add_argument("--table-size", type=int, default=8)
    parser.add_argument("--no-mdgp", action="store_true", help="sla de MDGPLIB-voorbeelden over")
    parser.add_argument("--no-web", action="store_true", help="sla het webpad over")
    parser.add_argument("--web-only", action="store_true", help="alleen webpad naast CSV")
    parser.add_argument("--sizes", type=int, nargs="*", default=[40, 120, 400])
    args = parser.parse_args()
    if args.web_only:
        bench_web(
            sizes=args.sizes,
            runs=3 if args.full else 1,
            seconds={n: 5.0 for n in args.sizes},
            rounds=2,
        )
        return
    if args.full:
        bench_tables(
            sizes=[40, 120, 400],
            runs=5,
            seconds={40: 5.0, 120: 5.0, 400: 5.0},
            table_size=args.table_size,
        )
        bench_rounds(sizes=[40, 120, 400], runs=5, seconds={40: 5.0, 120: 5.0, 400: 5.0}, rounds=3)
        bench_mdgp(seconds={"default": 10.0}, seeds=[0, 1, 2])
    else:
        bench_tables(
            sizes=[40, 120, 400],
            runs=2,
            seconds={40: 1.0, 120: 2.0, 400: 5.0},
            table_size=args.table_size,
        )
        bench_rounds(sizes=[40, 120, 400], runs=2, seconds={40: 1.0, 120: 2.0, 400: 5.0}, rounds=3)
        if not args.no_mdgp:
            bench_mdgp(seconds={"default": 3.0, "RanReal_n240_ss_01": 10.0}, seeds=[0])
    if not args.no_web:
        bench_web(
            sizes=args.sizes,
            runs=3 if args.full else 1,
            seconds={n: 5.0 for n in args.sizes},
            rounds=2,
        )


if __name__ == "__main__":
    main()
