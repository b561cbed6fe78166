"""Blocking on the hard rules gives exactly the candidates of comparing every pair."""

import random
from dataclasses import replace

import numpy as np
import pytest

from kansenwerk.koppelen.matching import Person, load_rules
from kansenwerk.koppelen.matching.distance import (
    CentroidDistance,
    PostcodeNumberProxy,
    UnknownDistance,
)
from kansenwerk.koppelen.matching.scoring import candidate_pairs, encode

LANGS = ["Nederlands", "Turks", "Arabisch", "Pools", "Engels"]
SLOTS = ["ma-middag", "di-avond", "wo-middag", "do-avond", "za-ochtend"]


def _people(rng, n, prefix, codes):
    return [
        Person(
            id=f"{prefix}{i}",
            languages=frozenset(rng.sample(LANGS, rng.randint(0, 2))),
            availability=frozenset(rng.sample(SLOTS, rng.randint(0, 3))),
            interests=frozenset(rng.sample(["lezen", "koken", "voetbal"], rng.randint(0, 2))),
            postcode=rng.choice(codes),
            capacity=rng.randint(1, 2),
            is_minor=rng.random() < 0.5,
            has_vog=rng.random() < 0.5,
        )
        for i in range(n)
    ]


def _centroids(codes):
    rng = random.Random(7)
    return {c: (52.0 + rng.random() * 1.2, 4.5 + rng.random() * 1.5) for c in codes if c}


CODES = [None, "1011", "1012", "1055", "1102", "2511", "3511", "3581", "9711"]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize(
    ("hard", "distance"),
    [
        ({}, PostcodeNumberProxy()),
        ({"max_distance_km": 10.0}, PostcodeNumberProxy()),
        ({"max_distance_km": 30.0}, PostcodeNumberProxy()),
        ({"min_shared_languages": 0}, PostcodeNumberProxy()),
        ({"min_shared_availability": 0, "max_distance_km": 15.0}, UnknownDistance()),
        (
            {"max_distance_km": 20.0},
            CentroidDistance(centroids=_centroids(CODES), fallback=UnknownDistance()),
        ),
        (
            {"max_distance_km": 5.0},
            CentroidDistance(centroids=_centroids(CODES[:5]), fallback=UnknownDistance()),
        ),
        ({"max_distance_km": 20.0}, CentroidDistance(centroids=_centroids(CODES))),
    ],
)
def test_blocked_candidates_equal_all_pairs(seed, hard, distance):
    rng = random.Random(seed)
    mentors, mentees = _people(rng, 60, "r", CODES), _people(rng, 70, "e", CODES)
    rules = load_rules()
    rules = replace(rules, hard=replace(rules.hard, **hard))
    enc_r, enc_e = encode(mentors=mentors, mentees=mentees, rules=rules)
    forbidden = {(0, 1), (3, 4)}
    rows = np.arange(2, 70)
    dense = candidate_pairs(
        mentors=enc_r,
        mentees=enc_e,
        rules=rules,
        distance=distance,
        blocking=False,
        forbidden=forbidden,
        rows=rows,
    )
    blocked = candidate_pairs(
        mentors=enc_r,
        mentees=enc_e,
        rules=rules,
        distance=distance,
        forbidden=forbidden,
        rows=rows,
    )
    assert len(dense) > 0
    np.testing.assert_array_equal(blocked.mentee, dense.mentee)
    np.testing.assert_array_equal(blocked.mentor, dense.mentor)
    np.testing.assert_array_equal(blocked.score, dense.score)


def test_blocking_skips_pairs_that_cannot_fit():
    from kansenwerk.koppelen.matching.scoring import _blocks

    rng = random.Random(3)
    mentors, mentees = _people(rng, 60, "r", CODES), _people(rng, 70, "e", CODES)
    rules = load_rules()
    rules = replace(rules, hard=replace(rules.hard, max_distance_km=10.0))
    enc_r, enc_e = encode(mentors=mentors, mentees=mentees, rules=rules)
    groups = list(
        _blocks(
            mentors=enc_r,
            mentees=enc_e,
            rows=np.arange(70),
            rules=rules,
            distance=PostcodeNumberProxy(),
        )
    )
    compared = sum(len(rows) * (60 if cols is None else len(cols)) for rows, cols in groups)
    assert compared < 0.3 * 60 * 70


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("max_km", [None, 10.0, 30.0])
def test_reachability_equals_evaluating_every_pair(seed, max_km):
    from kansenwerk.koppelen.matching.scoring import evaluate_block, reachability

    rng = random.Random(seed)
    mentors, mentees = _people(rng, 50, "r", CODES), _people(rng, 40, "e", CODES)
    rules = load_rules()
    rules = replace(rules, hard=replace(rules.hard, max_distance_km=max_km))
    enc_r, enc_e = encode(mentors=mentors, mentees=mentees, rules=rules)
    distance = PostcodeNumberProxy()
    names, reachable = reachability(mentors=enc_r, mentees=enc_e, rules=rules, distance=distance)
    full = evaluate_block(
        mentors=enc_r, mentees=enc_e, rows=np.arange(40), rules=rules, distance=distance
    )
    expected = np.logical_and.accumulate(np.stack([m for _n, m in full.hard]), axis=0).any(axis=1)
    assert names == [n for n, _m in full.hard]
    np.testing.assert_array_equal(reachable, expected)
