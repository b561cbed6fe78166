"""Property tests: hard rules never broken, capacities respected, optimum equals brute force."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kansenwerk.koppelen.matching import Person, load_rules
from kansenwerk.koppelen.matching.distance import PostcodeNumberProxy
from kansenwerk.koppelen.matching.engine import match_cohort
from kansenwerk.koppelen.matching.optimal import solve_greedy, solve_optimal
from kansenwerk.koppelen.matching.scoring import candidate_pairs, encode, evaluate_block

LANGS = ["Nederlands", "Arabisch", "Tigrinya", "Pools"]
SLOTS = ["ma-middag", "wo-middag", "vr-avond"]
INTERESTS = ["voetbal", "lezen", "muziek"]


@st.composite
def people(draw, *, prefix: str, mentor: bool, max_size: int):
    size = draw(st.integers(min_value=0, max_value=max_size))
    result = []
    for i in range(size):
        result.append(
            Person(
                id=f"{prefix}{i}",
                capacity=draw(st.integers(0, 2)) if mentor else 1,
                languages=frozenset(draw(st.sets(st.sampled_from(LANGS), max_size=2))),
                availability=frozenset(draw(st.sets(st.sampled_from(SLOTS), max_size=2))),
                interests=frozenset(draw(st.sets(st.sampled_from(INTERESTS), max_size=3))),
                postcode=draw(st.sampled_from(["1055", "1056", "1102", "3511", None])),
                has_vog=draw(st.booleans()),
                is_minor=draw(st.booleans()),
            )
        )
    return result


def brute_force(
    scores: dict[tuple[int, int], int],
    capacities: list[int],
    n_mentees: int,
    maximize_matches: bool,
):
    """Best (count, total) over every assignment of each mentee to a feasible mentor or nobody."""
    options = [[None] + [r for (e, r) in scores if e == mentee] for mentee in range(n_mentees)]
    best = (0, 0) if maximize_matches else 0
    for choice in itertools.product(*options):
        used = [0] * len(capacities)
        for mentor in choice:
            if mentor is not None:
                used[mentor] += 1
        if any(u > c for u, c in zip(used, capacities, strict=True)):
            continue
        total = sum(scores[(e, r)] for e, r in enumerate(choice) if r is not None)
        count = sum(r is not None for r in choice)
        value = (count, total) if maximize_matches else total
        best = max(best, value)
    return best


@settings(max_examples=60, deadline=None)
@given(
    mentors=people(prefix="r", mentor=True, max_size=3),
    mentees=people(prefix="e", mentor=False, max_size=4),
    maximize_matches=st.booleans(),
)
def test_optimal_equals_brute_force_and_respects_rules(mentors, mentees, maximize_matches):
    rules = load_rules()
    rules = type(rules)(hard=rules.hard, soft=rules.soft, maximize_matches=maximize_matches)
    distance = PostcodeNumberProxy()
    enc_r, enc_e = encode(mentors=mentors, mentees=mentees, rules=rules)
    candidates = candidate_pairs(mentors=enc_r, mentees=enc_e, rules=rules, distance=distance)
    capacities = np.array([p.capacity for p in mentors], dtype=np.int64)
    result = solve_optimal(
        candidates=candidates,
        capacities=capacities,
        n_mentees=len(mentees),
        maximize_matches=maximize_matches,
    )
    pairs = result.pairs(candidates)
    # capacities and one mentor per mentee
    assert len({e for e, _r in pairs}) == len(pairs)
    for mentor, capacity in enumerate(capacities):
        assert sum(r == mentor for _e, r in pairs) <= capacity
    # hard rules, checked directly on the people
    for e, r in pairs:
        mentee, mentor = mentees[e], mentors[r]
        assert mentee.languages & mentor.languages
        assert mentee.availability & mentor.availability
        assert mentor.has_vog or not mentee.is_minor
    scores = {
        (int(e), int(r)): int(s)
        for e, r, s in zip(candidates.mentee, candidates.mentor, candidates.score, strict=True)
    }
    total = sum(scores[p] for p in pairs)
    expected = brute_force(scores, capacities.tolist(), len(mentees), maximize_matches)
    assert ((len(pairs), total) if maximize_matches else total) == expected
    greedy = solve_greedy(candidates=candidates, capacities=capacities, n_mentees=len(mentees))
    greedy_total = sum(scores[p] for p in greedy.pairs(candidates))
    if maximize_matches:
        assert (len(pairs), total) >= (len(greedy.chosen), greedy_total)
    else:
        assert total >= greedy_total


@settings(max_examples=30, deadline=None)
@given(
    mentors=people(prefix="r", mentor=True, max_size=3),
    mentees=people(prefix="e", mentor=False, max_size=4),
)
def test_engine_pairs_pass_every_hard_rule(mentors, mentees):
    rules = load_rules()
    result = match_cohort(mentors=mentors, mentees=mentees, rules=rules)
    enc_r, enc_e = encode(mentors=mentors, mentees=mentees, rules=rules)
    index_r = {p.id: i for i, p in enumerate(mentors)}
    index_e = {p.id: i for i, p in enumerate(mentees)}
    for pair in result.pairs:
        evaluation = evaluate_block(
            mentors=enc_r,
            mentees=enc_e,
            rows=np.array([index_e[pair.mentee]]),
            rules=rules,
            distance=PostcodeNumberProxy(),
        )
        assert evaluation.feasible[0, index_r[pair.mentor]]
    everyone = {pair.mentee for pair in result.pairs} | {
        u.id for u in result.unmatched if u.side == "mentee"
    }
    assert everyone == {m.id for m in mentees}


def test_column_generation_matches_full_solve():
    rng = np.random.default_rng(3)
    mentors = [
        Person(
            id=f"r{i}",
            capacity=int(rng.integers(1, 3)),
            languages=frozenset({"Nederlands"}),
            availability=frozenset(rng.choice(SLOTS, 2, replace=False)),
            interests=frozenset(rng.choice(INTERESTS, 2, replace=False)),
            postcode=str(1000 + int(rng.integers(0, 300))),
        )
        for i in range(60)
    ]
    mentees = [
        Person(
            id=f"e{i}",
            languages=frozenset({"Nederlands"}),
            availability=frozenset(rng.choice(SLOTS, 1)),
            interests=frozenset(rng.choice(INTERESTS, 1)),
            postcode=str(1000 + int(rng.integers(0, 300))),
        )
        for i in range(90)
    ]
    rules = load_rules()
    enc_r, enc_e = encode(mentors=mentors, mentees=mentees, rules=rules)
    candidates = candidate_pairs(
        mentors=enc_r, mentees=enc_e, rules=rules, distance=PostcodeNumberProxy()
    )
    capacities = np.array([p.capacity for p in mentors])
    full = solve_optimal(candidates=candidates, capacities=capacities, n_mentees=len(mentees))
    priced = solve_optimal(
        candidates=candidates,
        capacities=capacities,
        n_mentees=len(mentees),
        dense_limit=0,
        start_per_mentee=1,
    )
    assert len(full.chosen) == len(priced.chosen)
    assert candidates.score[full.chosen].sum() == candidates.score[priced.chosen].sum()
