"""Benchmark the koppelen matcher: time to optimal and total fit against first-come-first-served.

Run: .venv/bin/python bench/matching.py [--sizes 50 500 5000] [--runs 3] [--networkx]
Cohorts are generated (no real people): a city with a few postcode regions, Dutch plus a
mix of home languages, 2–4 weekday slots per person, mentors with capacity 1–3.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kansenwerk.koppelen.matching import Person, load_rules
from kansenwerk.koppelen.matching.distance import PostcodeNumberProxy
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


def generate_person(rng: random.Random, *, ident: str, is_mentor: bool) -> Person:
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
        postcode=f"{rng.choice(POSTCODE_REGIONS)}{rng.randint(0, 99):02d}",
        capacity=rng.choice((1, 1, 2, 3)) if is_mentor else 1,
        home_language=home,
    )


def generate_cohort(*, size: int, seed: int) -> tuple[list[Person], list[Person]]:
    rng = random.Random(seed)
    mentors = [generate_person(rng, ident=f"r{i}", is_mentor=True) for i in range(size)]
    mentees = [generate_person(rng, ident=f"e{i}", is_mentor=False) for i in range(size)]
    return mentors, mentees


def run(*, size: int, runs: int, with_networkx: bool) -> dict[str, float]:
    rules = load_rules()
    distance = PostcodeNumberProxy()
    timings: dict[str, list[float]] = {"candidates": [], "optimal": [], "networkx": []}
    gains, counts, edges = [], [], []
    for seed in range(runs):
        mentors, mentees = generate_cohort(size=size, seed=seed)
        start = time.perf_counter()
        enc_mentors, enc_mentees = encode(mentors=mentors, mentees=mentees, rules=rules)
        candidates = candidate_pairs(
            mentors=enc_mentors, mentees=enc_mentees, rules=rules, distance=distance
        )
        timings["candidates"].append(time.perf_counter() - start)
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
    return {
        "size": size,
        "edges": statistics.mean(edges),
        "candidates_s": statistics.median(timings["candidates"]),
        "optimal_s": statistics.median(timings["optimal"]),
        "networkx_s": statistics.median(timings["networkx"])
        if timings["networkx"]
        else float("nan"),
        "matched_optimal": statistics.mean(c[0] for c in counts),
        "matched_greedy": statistics.mean(c[1] for c in counts),
        "fit_gain_pct": statistics.mean(gains),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--networkx", action="store_true", help="also time networkx (slow above 500)"
    )
    args = parser.parse_args()
    columns = ("per kant", "kandidaten", "genereren s", "optimaal s", "networkx s")
    columns += ("gekoppeld opt/greedy", "fit +% vs greedy")
    widths = (8, 11, 11, 10, 10, 21, 16)
    print(" ".join(f"{name:>{width}}" for name, width in zip(columns, widths, strict=True)))
    for size in args.sizes:
        row = run(size=size, runs=args.runs, with_networkx=args.networkx and size <= 500)
        cells = (
            f"{row['size']}",
            f"{row['edges']:.0f}",
            f"{row['candidates_s']:.2f}",
            f"{row['optimal_s']:.2f}",
            f"{row['networkx_s']:.2f}",
            f"{row['matched_optimal']:.0f}/{row['matched_greedy']:.0f}",
            f"{row['fit_gain_pct']:.1f}",
        )
        print(" ".join(f"{cell:>{width}}" for cell, width in zip(cells, widths, strict=True)))


if __name__ == "__main__":
    main()
