"""Stable matching with capacities: no blocking pairs, mutual acceptability, capacities."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kansenwerk.koppelen.matching.engine import match_cohort
from kansenwerk.koppelen.matching.stable import blocking_pairs, stable_match

from .conftest import person

MENTORS = ["r0", "r1", "r2"]
MENTEES = ["e0", "e1", "e2", "e3", "e4"]


@settings(max_examples=80, deadline=None)
@given(
    mentee_prefs=st.fixed_dictionaries(
        {
            e: st.permutations(MENTORS).flatmap(lambda p: st.integers(0, 3).map(lambda k: p[:k]))
            for e in MENTEES
        }
    ),
    mentor_prefs=st.fixed_dictionaries(
        {
            r: st.permutations(MENTEES).flatmap(lambda p: st.integers(0, 5).map(lambda k: p[:k]))
            for r in MENTORS
        }
    ),
    capacities=st.fixed_dictionaries({r: st.integers(0, 2) for r in MENTORS}),
)
def test_stable_match_has_no_blocking_pairs(mentee_prefs, mentor_prefs, capacities):
    matching = stable_match(
        mentee_prefs=mentee_prefs, mentor_prefs=mentor_prefs, capacities=capacities
    )
    assert (
        blocking_pairs(
            matching=matching,
            mentee_prefs=mentee_prefs,
            mentor_prefs=mentor_prefs,
            capacities=capacities,
        )
        == []
    )
    for mentee, mentor in matching.items():
        assert mentor in mentee_prefs[mentee] and mentee in mentor_prefs[mentor]
    for mentor, capacity in capacities.items():
        assert sum(m == mentor for m in matching.values()) <= capacity


def test_blocking_pair_detected():
    prefs_e = {"e0": ["r0"], "e1": ["r0"]}
    prefs_r = {"r0": ["e0", "e1"]}
    unstable = {"e1": "r0"}
    assert blocking_pairs(
        matching=unstable, mentee_prefs=prefs_e, mentor_prefs=prefs_r, capacities={"r0": 1}
    ) == [("e0", "r0")]


def test_engine_stable_uses_rankings_but_never_breaks_hard_rules():
    mentors = [person("r0"), person("r1", languages=("Pools",))]
    mentees = [person("e0"), person("e1")]
    prefs = ({"e0": ["r1", "r0"], "e1": ["r0"]}, {"r0": ["e1", "e0"], "r1": ["e0"]})
    result = match_cohort(mentors=mentors, mentees=mentees, method="stable", preferences=prefs)
    assert [(p.mentor, p.mentee) for p in result.pairs] == [("r0", "e1")]
    assert result.unmatched[0].id == "e0"
