"""Benchmark the koppelen matcher: time to optimal and total fit against first-come-first-served.

Run: .venv/bin/python bench/matching.py [--sizes 50 500 5000] [--runs 3] [--networkx]
     .venv/bin/python bench/matching.py --national [--sizes 5000 20000]
     .venv/bin/python bench/matching.py --smoke          (seconds; for the smoke run)
Cohorts are generated (no real people): a city with a few postcode regions, Dutch plus a
mix of home languages, 2–4 weekday slots per person, mentors with capacity 1–3.
`--national` spreads people over all 90 two-digit postcode regions with a maximum distance
of 15 km, like a national programme that still matches within reach.

Every row times candidate generation twice in the same run: comparing all pairs (the
baseline, the way it was done before blocking) and blocking on the hard rules (distance
band, languages, slots). Both must give the same candidates; the row says so. The
baseline is skipped above `--baseline-max` per side (it compares every pair).
Peak memory is the process maximum (ru_maxrss) after the row. `--full-run` also times a
whole round through `match_cohort` (candidates, solver, reasons per pair, unmatched reasons).

`--rounds` times whole rounds, each in a fresh child process so its peak memory (ru_maxrss)
is its own: the default path (each mentee's best pairs, the solver asks for more when they
could matter) beside the same-run baselines: every feasible pair at once (`all-pairs`, up to
`--baseline-max`) and, with `--baseline-ref COMMIT`, the matcher as it was at that commit.
Each row says whether the baselines reach the same optimum (pairs and total fit). Besides
wall-clock seconds it prints the child's CPU seconds: on a shared machine the wall clock
mostly measures the other processes, the CPU time what the round itself costs.
     .venv/bin/python bench/matching.py --rounds [--national] [--sizes 5000 20000] [--runs 3]
                                        [--baseline-ref 85fcfeb]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# A child timing older code puts that matcher first on the path (see `_old_code`).
sys.path.insert(0, os.environ.get("KANSENWERK_BENCH_CODE") or str(Path(__file__).parent))

from common import run_child

from kansenwerk.koppelen.matching import Person, load_rules
from kansenwerk.koppelen.matching.distance import PostcodeNumberProxy
from kansenwerk.koppelen.matching.engine import match_cohort
from kansenwerk.koppelen.matching.optimal import solve_greedy, solve_optimal, solve_optimal_networkx
from kansenwerk.koppelen.matching.scoring import candidate_pairs, encode

HOME_LANGUAGES = [
    "Arabisch",
    "Turks",
    "Tigrinya",
    "Pools",
    "Papiaments",
    "Berbers",
    "Engels",
    "Oekraïens",
]
SLOTS = [
    f"{day}-{part}" for day in ("ma", "di", "wo", "do", "vr") for part in ("middag", "avond")
] + [
    "za-ochtend",
    "zo-middag",
]
INTERESTS = [
    "voetbal",
    "tekenen",
    "lezen",
    "koken",
    "muziek",
    "dansen",
    "gamen",
    "natuur",
    "techniek",
    "zwemmen",
]
POSTCODE_REGIONS = (10, 11, 13, 15)
NATIONAL_REGIONS = tuple(range(10, 100))


def generate_person(
    rng: random.Random, *, ident: str, is_mentor: bool, regions: tuple[int, ...] = POSTCODE_REGIONS
) -> Person:
    home = rng.choice(HOME_LANGUAGES) if rng.random() < 0.5 else None
    languages = {home} if home else set()
    if rng.random() < (0.95 if is_mentor else 0.8):
        languages.add("Nederlands")
    if not languages:
        languages.add(rng.choice(HOME_LANGUAGES))
    return Person(
        id=ident,
        languages=frozenset(languages),
        availability=frozenset(rng.sample(SLOTS, rng.randint(2, 4))),
        interests=frozenset(rng.sample(INTERESTS, rng.randint(1, 4))),
        postcode=f"{rng.choice(regions)}{rng.randint(0, 99):02d}",
        capacity=rng.choice((1, 1, 2, 3)) if is_mentor else 1,
        home_language=home,
    )


def generate_cohort(
    *, size: int, seed: int, regions: tuple[int, ...] = POSTCODE_REGIONS
) -> tuple[list[Person], list[Person]]:
    rng = random.Random(seed)
    mentors = [
        generate_person(rng, ident=f"r{i}", is_mentor=True, regions=regions) for i in range(size)
    ]
    mentees = [
        generate_person(rng, ident=f"e{i}", is_mentor=False, regions=regions) for i in range(size)
    ]
    return mentors, mentees


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(
    *,
    size: int,
    runs: int,
    with_networkx: bool,
    national: bool,
    baseline_max: int,
    full_run: bool = False,
) -> dict[str, Any]:
    rules = load_rules()
    regions: tuple[int, ...] = POSTCODE_REGIONS
    if national:
        rules = replace(rules, hard=replace(rules.hard, max_distance_km=15.0))
        regions = NATIONAL_REGIONS
    distance = PostcodeNumberProxy()
    timings: dict[str, list[float]] = {
        "candidates": [],
        "all_pairs": [],
        "optimal": [],
        "networkx": [],
        "full": [],
    }
    gains, counts, edges, same = [], [], [], []
    for seed in range(runs):
        mentors, mentees = generate_cohort(size=size, seed=seed, regions=regions)
        start = time.perf_counter()
        enc_mentors, enc_mentees = encode(mentors=mentors, mentees=mentees, rules=rules)
        encoded = time.perf_counter() - start
        if size <= baseline_max:
            start = time.perf_counter()
            reference = candidate_pairs(
                mentors=enc_mentors,
                mentees=enc_mentees,
                rules=rules,
                distance=distance,
                blocking=False,
            )
            timings["all_pairs"].append(encoded + time.perf_counter() - start)
        else:
            reference = None
        start = time.perf_counter()
        candidates = candidate_pairs(
            mentors=enc_mentors, mentees=enc_mentees, rules=rules, distance=distance
        )
        timings["candidates"].append(encoded + time.perf_counter() - start)
        if reference is not None:
            same.append(
                np.array_equal(reference.mentee, candidates.mentee)
                and np.array_equal(reference.mentor, candidates.mentor)
                and np.array_equal(reference.score, candidates.score)
            )
            del reference
        capacities = np.array([p.capacity for p in mentors])
        start = time.perf_counter()
        best = solve_optimal(candidates=candidates, capacities=capacities, n_mentees=len(mentees))
        timings["optimal"].append(time.perf_counter() - start)
        if with_networkx:
            start = time.perf_counter()
            solve_optimal_networkx(
                candidates=candidates, capacities=capacities, n_mentees=len(mentees)
            )
            timings["networkx"].append(time.perf_counter() - start)
        greedy = solve_greedy(candidates=candidates, capacities=capacities, n_mentees=len(mentees))
        best_total = int(candidates.score[best.chosen].sum())
        greedy_total = int(candidates.score[greedy.chosen].sum())
        gains.append(100.0 * (best_total - greedy_total) / max(greedy_total, 1))
        counts.append((len(best.chosen), len(greedy.chosen)))
        edges.append(len(candidates))
        if full_run:
            del candidates
            start = time.perf_counter()
            match_cohort(mentors=mentors, mentees=mentees, rules=rules, distance=distance)
            timings["full"].append(time.perf_counter() - start)

    def median(name: str) -> float:
        return statistics.median(timings[name]) if timings[name] else float("nan")

    return {
        "size": size,
        "edges": statistics.mean(edges),
        "all_pairs_s": median("all_pairs"),
        "candidates_s": median("candidates"),
        "optimal_s": median("optimal"),
        "networkx_s": median("networkx"),
        "full_s": median("full"),
        "matched_optimal": statistics.mean(c[0] for c in counts),
        "matched_greedy": statistics.mean(c[1] for c in counts),
        "fit_gain_pct": statistics.mean(gains),
        "same": ("ja" if all(same) else "NEE") if same else "–",
        "peak_mb": peak_mb(),
    }


def round_child(*, size: int, seed: int, national: bool, path: str) -> None:
    """Child process: one whole round (match_cohort: candidates, solver, reasons per pair,
    unmatched reasons) on a generated cohort; prints one JSON line. Peak memory is this
    process's maximum resident size, so every row starts from a fresh process."""
    rules = load_rules()
    regions: tuple[int, ...] = POSTCODE_REGIONS
    if national:
        rules = replace(rules, hard=replace(rules.hard, max_distance_km=15.0))
        regions = NATIONAL_REGIONS
    mentors, mentees = generate_cohort(size=size, seed=seed, regions=regions)
    before = peak_mb()
    options: dict[str, Any] = {}
    if path == "pruned":
        from kansenwerk.koppelen.matching.engine import PRUNE_TO

        options["prune_to"] = PRUNE_TO
    elif path == "all-pairs":
        options["prune_to"] = None
    start, cpu_start = time.perf_counter(), time.process_time()
    result = match_cohort(
        mentors=mentors, mentees=mentees, rules=rules, distance=PostcodeNumberProxy(), **options
    )
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu": cpu,
                "peak_mb": peak_mb(),
                "start_mb": before,
                "pairs": len(result.pairs),
                "total": result.total_score,
            }
        )
    )


def _old_code(ref: str) -> str:
    """The matcher as it was at git `ref`, unpacked into a temporary directory that a child
    puts first on its path (the same-run baseline for the old code)."""
    target = tempfile.mkdtemp(prefix="kansenwerk-matching-")
    files = [
        "kansenwerk/__init__.py",
        "kansenwerk/core/__init__.py",
        "kansenwerk/core/i18n.py",
        "kansenwerk/koppelen/__init__.py",
        "kansenwerk/koppelen/matching",
    ]
    archive = subprocess.run(
        ["git", "archive", ref, *files],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", target], input=archive, check=True)
    return target


def _same_optimum(outcomes: list, reference: list) -> str:
    """'ja' when pairs and total fit are equal; '≈' when the pairs are and the total differs
    by rounding only (the old code rounded the sum, not each criterion: < 0.1 %)."""
    if outcomes == reference:
        return "ja"
    close = len(outcomes) == len(reference) and all(
        a[0] == b[0] and abs(a[1] - b[1]) <= 0.001 * max(abs(b[1]), 1.0)
        for a, b in zip(outcomes, reference, strict=True)
    )
    return "≈" if close else "NEE"


def rounds(
    *, sizes: list[int], runs: int, national: bool, baseline_max: int, old_ref: str | None
) -> None:
    """Whole rounds in child processes: the pruned path beside the same-run baselines
    (every pair at once; and the code at `old_ref` when given), time and peak memory."""
    paths = ["pruned", "all-pairs"] + (["old"] if old_ref else [])
    old_dir = _old_code(old_ref) if old_ref else None
    print(
        ("landelijk, max 15 km" if national else "een stad, geen maximale afstand")
        + " — hele ronde per run (s / cpu-s / piek MB)"
    )
    header = f"{'per kant':>8} {'pad':>10} " + " ".join(
        f"{'run ' + str(i + 1):>16}" for i in range(runs)
    )
    print(header + f" {'mediaan s':>10} {'cpu-s':>6} {'max MB':>7} {'zelfde optimum':>15}")
    for size in sizes:
        reference: list[tuple[int, float]] = []
        for path in paths:
            if path != "pruned" and size > baseline_max:
                continue
            cells, seconds, cpus, peaks, outcomes = [], [], [], [], []
            for seed in range(runs):
                cmd = [
                    str(Path(__file__).resolve()),
                    "--round-child",
                    "--sizes",
                    str(size),
                    "--seed",
                    str(seed),
                    "--path",
                    "default" if path == "old" else path,
                ]
                if national:
                    cmd.append("--national")
                env = dict(os.environ)
                if path == "old" and old_dir:
                    env["KANSENWERK_BENCH_CODE"] = old_dir
                row = run_child(f"{path} {size}", cmd, env)
                if not row:
                    cells.append("mislukt")
                    continue
                seconds.append(row["seconds"])
                peaks.append(row["peak_mb"])
                outcomes.append((row["pairs"], round(row["total"], 3)))
                cpus.append(row["cpu"])
                cells.append(f"{row['seconds']:.1f}/{row['cpu']:.1f}/{row['peak_mb']:.0f}")
            if path == "pruned":
                reference = outcomes
            same = "–" if path == "pruned" else _same_optimum(outcomes, reference)
            median = statistics.median(seconds) if seconds else float("nan")
            cpu = statistics.median(cpus) if cpus else float("nan")
            print(
                f"{size:>8} {path:>10} "
                + " ".join(f"{c:>16}" for c in cells)
                + f" {median:>10.2f} {cpu:>6.2f} {max(peaks, default=float('nan')):>7.0f}"
                + f" {same:>15}"
            )
            sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--networkx", action="store_true", help="also time networkx (slow above 500)"
    )
    parser.add_argument(
        "--national", action="store_true", help="90 postcode regions, at most 15 km apart"
    )
    parser.add_argument(
        "--baseline-max",
        type=int,
        default=5000,
        help="compare all pairs (the baseline) only up to this many per side",
    )
    parser.add_argument("--smoke", action="store_true", help="one small run of each scenario")
    parser.add_argument(
        "--full-run",
        action="store_true",
        help="also time a whole round (match_cohort: candidates, solver, reasons, unmatched)",
    )
    parser.add_argument(
        "--rounds",
        action="store_true",
        help="whole rounds in child processes: time and peak memory beside the baselines",
    )
    parser.add_argument(
        "--baseline-ref",
        default=None,
        help="with --rounds: also time the matcher as it was at this git commit",
    )
    parser.add_argument("--round-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--path", default="pruned", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.round_child:
        round_child(size=args.sizes[0], seed=args.seed, national=args.national, path=args.path)
        return
    if args.rounds:
        sizes = args.sizes or ([5000, 20000] if args.national else [5000])
        rounds(
            sizes=sizes,
            runs=args.runs,
            national=args.national,
            baseline_max=args.baseline_max,
            old_ref=args.baseline_ref,
        )
        return
    if args.smoke:
        for national in (False, True):
            rounds(sizes=[150], runs=1, national=national, baseline_max=150, old_ref=None)
        scenarios = [(False, [200]), (True, [400])]
        args.runs = 1
        args.full_run = True
    else:
        default = [5000, 20000] if args.national else [50, 500, 5000]
        scenarios = [(args.national, args.sizes or default)]
    columns: tuple[str, ...] = (
        "per kant",
        "kandidaten",
        "alle paren s",
        "blokken s",
        "zelfde",
        "optimaal s",
    )
    columns += ("networkx s", "hele ronde s", "gekoppeld opt/greedy", "fit +% vs greedy")
    columns += ("piek MB",)
    widths = (8, 11, 12, 9, 6, 10, 10, 12, 21, 16, 8)
    for national, sizes in scenarios:
        print("landelijk, max 15 km" if national else "een stad, geen maximale afstand")
        print(" ".join(f"{name:>{width}}" for name, width in zip(columns, widths, strict=True)))
        for size in sizes:
            row = run(
                size=size,
                runs=args.runs,
                with_networkx=args.networkx and size <= 500,
                national=national,
                baseline_max=args.baseline_max,
                full_run=args.full_run,
            )
            cells = (
                f"{row['size']}",
                f"{row['edges']:.0f}",
                f"{row['all_pairs_s']:.2f}",
                f"{row['candidates_s']:.2f}",
                row["same"],
                f"{row['optimal_s']:.2f}",
                f"{row['networkx_s']:.2f}",
                f"{row['full_s']:.2f}",
                f"{row['matched_optimal']:.0f}/{row['matched_greedy']:.0f}",
                f"{row['fit_gain_pct']:.1f}",
                f"{row['peak_mb']:.0f}",
            )
            print(" ".join(f"{c:>{w}}" for c, w in zip(cells, widths, strict=True)))
            sys.stdout.flush()


if __name__ == "__main__":
    main()
