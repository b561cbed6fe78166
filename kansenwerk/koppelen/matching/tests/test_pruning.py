"""Pruning each mentee's pairs to its best few keeps the optimum of the full problem, and the
vectorised scores are the documented formula."""

from __future__ import annotations

import math
import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kansenwerk.koppelen.matching import Person, load_rules
from kansenwerk.koppelen.matching.distance import PostcodeNumberProxy
from kansenwerk.koppelen.matching.engine import match_cohort
from kansenwerk.koppelen.matching.optimal import solve_optimal
from kansenwerk.koppelen.matching.rules import Rules
from kansenwerk.koppelen.matching.scoring import SCORE_SCALE, candidate_pairs, encode

LANGS = ["Nederlands", "Arabisch", "Pools"]
SLOTS = ["ma-middag", "wo-middag", "vr-avond", "za-ochtend"]
INTERESTS = ["voetbal", "lezen", "muziek", "koken"]
CODES = ["1055", "1056", "1071", "1102", "1103", None]


@st.composite
def people(draw, *, prefix: str, mentor: bool, max_size: int):
    size = draw(st.integers(min_value=0, max_value=max_size))
    return [
        Person(
            id=f"{prefix}{i}",
            capacity=draw(st.integers(0, 3)) if mentor else 1,
            languages=frozenset(draw(st.sets(st.sampled_from(LANGS), min_size=1, max_size=2))),
            availability=frozenset(draw(st.sets(st.sampled_from(SLOTS), max_size=3))),
            interests=frozenset(draw(st.sets(st.sampled_from(INTERESTS), max_size=3))),
            postcode=draw(st.sampled_from(CODES)),
            home_language=draw(st.sampled_from([None, *LANGS])),
            gender=draw(st.sampled_from([None, "vrouw", "man"])),
            gender_preference=draw(st.sampled_from([None, "vrouw"])) if not mentor else None,
            needs=frozenset(draw(st.sets(st.sampled_from(["lezen", "rekenen"]), max_size=1))),
            has_vog=draw(st.booleans()),
            is_minor=draw(st.booleans()),
        )
        for i in range(size)
    ]


def _solve(mentors, mentees, rules: Rules, *, keep: int | None):
    enc_r, enc_e = encode(mentors=mentors, mentees=mentees, rules=rules)
    distance = PostcodeNumberProxy()
    asked: list[int] = []

    def expand(rows):
        asked.extend(rows.tolist())
        return candidate_pairs(
            mentors=enc_r, mentees=enc_e, rules=rules, distance=distance, rows=rows
        )

    candidates = candidate_pairs(
        mentors=enc_r, mentees=enc_e, rules=rules, distance=distance, keep=keep
    )
    capacities = np.array([p.capacity for p in mentors], dtype=np.int64)
    result = solve_optimal(
        candidates=candidates,
        capacities=capacities,
        n_mentees=len(mentees),
        maximize_matches=rules.maximize_matches,
        expand=expand,
    )
    pool = result.pool or candidates
    pairs = list(zip(pool.mentee[result.chosen], pool.mentor[result.chosen], strict=True))
    return len(pairs), int(pool.score[result.chosen].sum()), candidates, asked


@settings(max_examples=80, deadline=None)
@given(
    mentors=people(prefix="r", mentor=True, max_size=7),
    mentees=people(prefix="e", mentor=False, max_size=8),
    keep=st.integers(1, 3),
    maximize_matches=st.booleans(),
)
def test_pruned_candidates_give_the_full_optimum(mentors, mentees, keep, maximize_matches):
    rules = load_rules()
    rules = Rules(hard=rules.hard, soft=rules.soft, maximize_matches=maximize_matches)
    full_count, full_total, _all, _asked = _solve(mentors, mentees, rules, keep=None)
    count, total, pruned, _asked = _solve(mentors, mentees, rules, keep=keep)
    assert pruned.per_mentee is not None
    assert all(n <= keep for n in np.bincount(pruned.mentee, minlength=len(mentees)))
    if maximize_matches:
        assert (count, total) == (full_count, full_total)
    else:
        assert total == full_total


def test_pruning_asks_only_for_mentees_whose_left_out_pairs_could_matter():
    """Many mentors with room: every mentee gets one of its best two, so nothing more is
    generated; one mentor for everybody: mentees must look further down their lists."""
    rng = random.Random(5)
    rules = load_rules()
    mentors = [
        Person(
            id=f"r{i}",
            languages=frozenset({"Nederlands"}),
            availability=frozenset({"wo-middag"}),
            interests=frozenset(rng.sample(INTERESTS, 2)),
            postcode=rng.choice(CODES[:-1]),
            capacity=3,
        )
        for i in range(40)
    ]
    mentees = [
        Person(
            id=f"e{i}",
            languages=frozenset({"Nederlands"}),
            availability=frozenset({"wo-middag"}),
            interests=frozenset(rng.sample(INTERESTS, 2)),
            postcode=rng.choice(CODES[:-1]),
        )
        for i in range(30)
    ]
    count, total, _c, asked = _solve(mentors, mentees, rules, keep=2)
    full = _solve(mentors, mentees, rules, keep=None)
    assert (count, total) == full[:2]
    assert count == 30
    assert len(asked) < 30
    # One crowded favourite: everyone's best is the same single-place mentor.
    star = Person(
        id="star",
        languages=frozenset({"Nederlands"}),
        availability=frozenset({"wo-middag", "ma-middag", "vr-avond"}),
        interests=frozenset(INTERESTS),
        postcode="1055",
        capacity=1,
    )
    plain = [
        Person(
            id=f"p{i}",
            languages=frozenset({"Nederlands"}),
            availability=frozenset({"wo-middag"}),
            postcode="1103",
        )
        for i in range(5)
    ]
    near = [
        Person(
            id=f"n{i}",
            languages=frozenset({"Nederlands"}),
            availability=frozenset({"wo-middag"}),
            interests=frozenset(INTERESTS),
            postcode="1055",
        )
        for i in range(5)
    ]
    count, total, _c, asked = _solve([star, *plain], near, rules, keep=1)
    assert (count, total) == _solve([star, *plain], near, rules, keep=None)[:2]
    assert count == 5
    assert asked  # the four who lost the favourite needed their other pairs


@settings(max_examples=60, deadline=None)
@given(
    mentors=people(prefix="r", mentor=True, max_size=4),
    mentees=people(prefix="e", mentor=False, max_size=4),
)
def test_engine_gives_the_same_outcome_with_and_without_pruning(mentors, mentees):
    rules = load_rules()
    full = match_cohort(mentors=mentors, mentees=mentees, rules=rules, prune_to=None)
    pruned = match_cohort(mentors=mentors, mentees=mentees, rules=rules, prune_to=1)
    assert len(pruned.pairs) == len(full.pairs)
    assert math.isclose(pruned.total_score, full.total_score, abs_tol=1e-9)
    assert sum(u.side == "mentee" for u in pruned.unmatched) == sum(
        u.side == "mentee" for u in full.unmatched
    )
    for pair in pruned.pairs:
        assert pair.reasons and pair.points


def _documented_score(mentor: Person, mentee: Person, rules: Rules, km: float) -> int:
    """The formula in default_rules.toml, one pair at a time, in whole thousandths per
    criterion."""
    soft, hard = rules.soft, rules.hard

    def points(weight: float, value: float) -> int:
        return round(weight * value * SCORE_SCALE)

    def fold(values) -> set[str]:
        return {v.casefold() for v in values}

    shared_interests = len(fold(mentee.interests) & fold(mentor.interests))
    shared_slots = len(fold(mentee.availability) & fold(mentor.availability))
    closeness = 0.0 if math.isnan(km) else min(max(1.0 - km / soft.distance_scale_km, 0.0), 1.0)
    return (
        points(soft.distance, closeness)
        + points(
            soft.shared_interests,
            min(shared_interests, soft.interests_saturation) / soft.interests_saturation,
        )
        + points(
            soft.extra_availability,
            min(max(shared_slots - hard.min_shared_availability, 0), 2) / 2,
        )
        + points(
            soft.home_language,
            bool(mentee.home_language and mentee.home_language == mentor.home_language),
        )
        + points(
            soft.gender_preference,
            bool(mentee.gender_preference and mentee.gender_preference == mentor.gender),
        )
        + points(soft.shared_needs, bool(fold(mentee.needs) & fold(mentor.needs)))
    )


@settings(max_examples=40, deadline=None)
@given(
    mentors=people(prefix="r", mentor=True, max_size=5),
    mentees=people(prefix="e", mentor=False, max_size=5),
)
def test_vectorised_scores_and_rules_follow_the_documented_formula(mentors, mentees):
    rules = load_rules()
    distance = PostcodeNumberProxy()
    enc_r, enc_e = encode(mentors=mentors, mentees=mentees, rules=rules)
    candidates = candidate_pairs(mentors=enc_r, mentees=enc_e, rules=rules, distance=distance)
    found = {
        (int(e), int(r)): int(s)
        for e, r, s in zip(candidates.mentee, candidates.mentor, candidates.score, strict=True)
    }
    expected = {}
    for e, mentee in enumerate(mentees):
        for r, mentor in enumerate(mentors):
            fits = (
                mentee.languages & mentor.languages
                and mentee.availability & mentor.availability
                and (mentor.has_vog or not mentee.is_minor)
            )
            if fits:
                km = float(
                    distance.matrix(origins=[mentee.postcode], destinations=[mentor.postcode])[0, 0]
                )
                expected[(e, r)] = _documented_score(mentor, mentee, rules, km)
    assert found == expected
